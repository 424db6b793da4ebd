SYSCALL_DEFINE3(widget_ctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	if (in_compat_syscall())
		return compat_widget_ctl(fd, cmd, compat_ptr(arg));
	return do_widget_ctl(fd, cmd, (void __user *)arg);
}

COMPAT_SYSCALL_DEFINE2(widget_peek, int, fd, compat_uptr_t, ptr)
{
	return do_widget_peek(fd, compat_ptr(ptr));
}
