int resumed(void)
{
#if A
	a_call();
}
#else
	b_call();
#endif
	c_call();
}
