int split_na\
me(void)
{
	return call_sp\
lit(1);
}
