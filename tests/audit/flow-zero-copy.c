// wb-file: fs/pool/write.c
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
			break;
		}
		page = pool_grab_page(p, pos);
		if (!page) {
			ret = -ENOMEM;
			break;
		}
		copied = pool_copy_whole(p, page, offset, bytes, i);
		pool_release_page(p, page, copied);
		if (!copied)
			goto again;
		pos += copied;
		written += copied;
	}
	return written ? written : ret;
}

/* A copy defined elsewhere, that we cannot see into: an honest 'maybe'. */
ssize_t pool_write_opaque(struct pool *p, struct iov_iter *i, loff_t pos)
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
		copied = pool_copy_in(p, page, offset, bytes, i);
		pool_release_page(p, page, copied);
		if (!copied)
			goto again;
		pos += copied;
		written += copied;
	}
	return written ? written : ret;
}
/*
 * check-name: flow: a retry taken only when the copy made nothing
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_iov_iter_readable()
 *     pool_write_exact()                  fs/pool/write.c:24  any-progress (analysis)  [new]
 *         = result-tested how=cond at=24 test=other [fault-in-result.cocci]; retry-cycle progress=yes back=38 via=loop why=zero-copy,length-cut,advance [flow]; flow-result test=other [flow]
 *     pool_write_helper()                 fs/pool/write.c:68  any-progress (analysis)  [new]
 *         = result-tested how=cond at=68 test=other [fault-in-result.cocci]; retry-cycle progress=yes back=82 via=loop why=zero-copy,length-cut,advance [flow]; flow-result test=other [flow]
 *     pool_write_whole()                  fs/pool/write.c:119  all-or-nothing (analysis)  MISMATCH  [new]
 *         = result-tested how=cond at=119 test=other [fault-in-result.cocci]; retry-cycle progress=none back=131 via=goto why=unchanged [flow]; flow-result test=other [flow]
 *         ! fault_in_iov_iter_readable() serves any-progress either pointless here, not all-or-nothing
 *     pool_write_opaque()                 fs/pool/write.c:151  unclassified (analysis)  [new]
 *         = result-tested how=cond at=151 test=other [fault-in-result.cocci]; retry-cycle progress=maybe back=165 via=loop why=callee:zero-copied [flow]; flow-result test=other [flow]
 *
 * fault-in: 4 call sites in 4 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 any-progress, 1 all-or-nothing, 1 unclassified
 * review: 0 reviewed, 4 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: 1 of 3 callers uses a primitive that does not serve its class
 * check-output-end
 */
