#if A
int open_in_if(void)
{
	first_call();
#else
