int first(int arg)
{
#if X
}
int second(void)
{
	helper(
#else
	arg);
#endif
}
