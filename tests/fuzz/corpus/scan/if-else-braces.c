int split_open(struct inode *inode)
#ifdef CONFIG_SPLIT_NEW
{
	return split_open_new(inode);
#else
{
	return split_open_old(inode);
#endif
}

void after_split(void)
{
#if defined(A) && B > 2
	if (a) {
#elif C
	if (c) {
#else
	{
#endif
		do_after();
	}
}
