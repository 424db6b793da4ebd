static const struct file_operations gadget_fops = {
	.owner		= THIS_MODULE,
	.read		= gadget_read,
	.write		= gadget_write,
	.unlocked_ioctl	= gadget_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
};

static const struct gadget_handler handlers[] __ro_after_init = {
	[GADGET_OP_OPEN] = { .prep = gadget_open_prep, .issue = gadget_open },
	[GADGET_OP_CLOSE] = { .issue = gadget_close },
};

EXPORT_SYMBOL_GPL(gadget_register);
