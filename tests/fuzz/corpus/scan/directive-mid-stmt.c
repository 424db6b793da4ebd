int mid(int x)
{
	return mid_call(x,
#ifdef CONFIG_EXTRA
			extra_arg(x),
#endif
			last_arg(x));
}
