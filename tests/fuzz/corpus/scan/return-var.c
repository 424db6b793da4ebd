static long copy_thing(void __user *dst, const void *src, size_t len)
{
	long left;

	left = fault_in_writeable(dst, len);
	if (left)
		pr_debug("short: %ld\n", left);
	left = copy_to_user(dst, src, len);
	return left;
}
