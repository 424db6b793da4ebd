// SPDX-License-Identifier: GPL-2.0
/*
 * A retry taken only when the copy made nothing.  With a copy that returns
 * exactly what it copied, zero means the first byte was not there: the next
 * fault-in, of that very byte, decides, and a partial fault-in is enough.
 * With a copy we cannot see into, zero may also be a short copy that was
 * taken and rejected, which comes round on the same range.
 */
#include <linux/pool.h>

/* An exact iterator copy: any-progress. */
ssize_t pool_write_exact(struct pool *p, struct iov_iter *i, loff_t pos)
{
	ssize_t written = 0;
	int ret = 0;

	while (iov_iter_count(i)) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = min_t(size_t, PAGE_SIZE - offset, iov_iter_count(i));
		struct page *page;
		size_t copied;

again:
		if (fault_in_iov_iter_readable(i, bytes) == bytes) {
			ret = -EFAULT;
			break;
		}
		page = pool_grab_page(p, pos);
		if (!page) {
			ret = -ENOMEM;
			break;
		}
		copied = copy_page_from_iter_atomic(page, offset, bytes, i);
		pool_release_page(p, page, copied);
		if (!copied)
			goto again;
		pos += copied;
		written += copied;
	}
	return written ? written : ret;
}

/* A same-file helper that returns what the iterator copy copied: looked into. */
static size_t pool_copy_chunk(struct pool *p, struct page *page, size_t offset,
			      size_t bytes, struct iov_iter *i)
{
	size_t total = 0, n;

	pool_page_lock(p, page);
	n = copy_page_from_iter_atomic(page, offset, bytes, i);
	total += n;
	pool_page_unlock(p, page);
	return total;
}

ssize_t pool_write_helper(struct pool *p, struct iov_iter *i, loff_t pos)
{
	ssize_t written = 0;
	int ret = 0;

	while (iov_iter_count(i)) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = min_t(size_t, PAGE_SIZE - offset, iov_iter_count(i));
		struct page *page;
		size_t copied;

again:
		if (fault_in_iov_iter_readable(i, bytes) == bytes) {
			ret = -EFAULT;
			break;
		}
		page = pool_grab_page(p, pos);
		if (!page) {
			ret = -ENOMEM;
			break;
		}
		copied = pool_copy_chunk(p, page, offset, bytes, i);
		pool_release_page(p, page, copied);
		if (!copied)
			goto again;
		pos += copied;
		written += copied;
	}
	return written ? written : ret;
}

/*
 * Negative: a same-file helper that takes a short copy and rejects it (moves
 * the iterator back, returns 0): the zero-copy retry then comes round on the
 * same range with the same length.
 */
static size_t pool_copy_whole(struct pool *p, struct page *page, size_t offset,
			      size_t bytes, struct iov_iter *i)
{
	size_t copied;

	pool_page_lock(p, page);
	copied = copy_page_from_iter_atomic(page, offset, bytes, i);
	if (copied < bytes && !pool_page_uptodate(page)) {
		iov_iter_revert(i, copied);
		copied = 0;
	}
	pool_page_unlock(p, page);
	return copied;
}

ssize_t pool_write_whole(struct pool *p, struct iov_iter *i, loff_t pos)
{
	ssize_t written = 0;
	int ret = 0;

	while (iov_iter_count(i)) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = min_t(size_t, PAGE_SIZE - offset, iov_iter_count(i));
		struct page *page;
		size_t copied;

again:
		if (fault_in_iov_iter_readable(i, bytes) == bytes) {
			ret = -EFAULT;
