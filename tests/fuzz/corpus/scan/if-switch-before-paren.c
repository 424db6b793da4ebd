int first(int arg)
{
#if X
}
int second(void)
{
	return helper
#else
	(arg);
#endif
}
