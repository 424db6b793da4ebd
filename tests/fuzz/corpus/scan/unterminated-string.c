int broken_str(void)
{
	printk("no end (
	return next_call(1);
}
int later(void) { return later_call(); }
