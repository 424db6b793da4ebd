static void __cold __acquires(&q->lock) queue_lock(struct queue *q)
	__releases(&q->other)
{
	spin_lock(&q->lock);
}

int __init __attribute__((section(".init.text"))) queue_init(void)
{
	return queue_setup(&default_queue);
}
