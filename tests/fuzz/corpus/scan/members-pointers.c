int dispatch(struct dev *dev, int op)
{
	int (*fn)(struct dev *) = dev->ops->handlers[op];

	if (!fn)
		fn = default_handler;
	register_callback(dev, fn, &fallback_handler);
	return dev->ops->run(dev) + fn(dev) + (*dev->hook)(dev);
}
