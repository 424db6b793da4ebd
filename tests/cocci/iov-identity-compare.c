// SPDX-License-Identifier: GPL-2.0
/* Whether the iterator still uses the cache, by comparing pointers. */
static bool uses_cache(struct io_async *io, struct iov_iter iter)
{
	if (iter.iov != io->fast_iov)
		return false;
	return io->fast_iov == iter.iov;
}

static bool empty(struct iov_iter *iter)
{
	return iter->iov == NULL;
}

/*
 * check-name: iter.iov compared with the cache
 * cocci-rules: iov-identity
 * cocci-expect: iov-identity call=5:5 how=compare at=5 func=uses_cache expr=iter.iov!=io->fast_iov
 * cocci-expect: iov-identity call=7:8 how=compare at=7 func=uses_cache expr=io->fast_iov==iter.iov
 */
