// SPDX-License-Identifier: GPL-2.0
/* Copy the segments into a cache of our own and re-base the iterator. */
static void map_rw(struct async_rw *rw, struct iov_iter *iter,
		   const struct iovec *fast_iov)
{
	unsigned int off = seg_off(iter, fast_iov);

	memcpy(rw->fast_iov, iter->iov, sizeof(struct iovec) * iter->nr_segs);
	rw->iter.iov = rw->fast_iov;
	rw->iter.iov += off;
}

/* A fresh array from an allocator is not a cache. */
static int dup_segs(struct iov_iter *new, struct iov_iter *old)
{
	new->iov = kmemdup(old->iov, old->nr_segs * sizeof(struct iovec),
			   GFP_KERNEL);
	return new->iov ? 0 : -ENOMEM;
}

/*
 * check-name: iov array copied into a cache and the iterator re-based
 * cocci-rules: iov-identity
 * cocci-expect: iov-identity call=8:1 how=copy at=8 func=map_rw expr=memcpy(rw->fast_iov,iter->iov,sizeof(structiovec)*iter->nr_segs)
 * cocci-expect: iov-identity call=9:1 how=rebase at=9 func=map_rw expr=rw->iter.iov=rw->fast_iov
 * cocci-expect: iov-identity call=10:1 how=rebase at=10 func=map_rw expr=rw->iter.iov+=off
 */
