// SPDX-License-Identifier: GPL-2.0
/* The offset into the on-stack cache, by pointer subtraction. */
static unsigned int seg_index(struct iov_iter *iter,
			      const struct iovec *fast_iov)
{
	return iter->iov - fast_iov;
}

/* A cursor read from the iterator itself is no assumption. */
static void skip_empty(struct iov_iter *i)
{
	const struct iovec *iov = i->iov;

	while (!iov->iov_len)
		iov++;
	i->nr_segs -= iov - i->iov;
	i->iov = iov;
}

/*
 * check-name: iter->iov minus the cache
 * cocci-rules: iov-identity
 * cocci-expect: iov-identity call=6:8 how=subtract at=6 func=seg_index expr=iter->iov-fast_iov
 */
