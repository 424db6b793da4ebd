// SPDX-License-Identifier: GPL-2.0
/*
 * A buffered write loop, before the short-copy fix: when the end-of-page
 * callback rejects a short copy (it returns 0 for a page that is not up
 * to date), the loop goes back to 'again' with the length recomputed from
 * the segment: the same range, which a partial fault-in would livelock.
 */
#include <linux/blkstore.h>

ssize_t blkstore_write_iter(struct blkstore *bs, struct iov_iter *i, loff_t pos)
{
	const struct blkstore_ops *ops = bs->ops;
	long status = 0;
	ssize_t written = 0;

	do {
		struct page *page;
		unsigned long offset;
		unsigned long bytes;
		size_t copied;
		void *cookie;

		offset = pos & (PAGE_SIZE - 1);
		bytes = min_t(unsigned long, PAGE_SIZE - offset, iov_iter_count(i));
again:
		if (unlikely(iov_iter_fault_in_readable(i, bytes))) {
			status = -EFAULT;
			break;
		}
		if (blkstore_signal_pending(bs)) {
			status = -EINTR;
			break;
		}
		status = ops->page_begin(bs, pos, bytes, &page, &cookie);
		if (unlikely(status < 0))
			break;
		copied = iov_iter_copy_from_user_atomic(page, i, offset, bytes);
		blkstore_flush_page(page);
		status = ops->page_end(bs, pos, bytes, copied, page, cookie);
		if (unlikely(status < 0))
			break;
		copied = status;
		blkstore_yield(bs);
		iov_iter_advance(i, copied);
		if (unlikely(copied == 0)) {
			bytes = min_t(unsigned long, PAGE_SIZE - offset,
				      iov_iter_single_seg_count(i));
			goto again;
		}
		pos += copied;
		written += copied;
		blkstore_balance(bs);
	} while (iov_iter_count(i));

	return written ? written : status;
}
// SPDX-License-Identifier: GPL-2.0
/*
 * The same loop after the short-copy fix: the copy advances the iterator,
 * a rejected short copy is moved back, and the retry is cut to what the
 * copy did copy (when it copied nothing, the next fault-in decides).
 */
#include <linux/blkstore.h>

ssize_t blkstore_write_iter(struct blkstore *bs, struct iov_iter *i, loff_t pos)
{
	const struct blkstore_ops *ops = bs->ops;
	long status = 0;
	ssize_t written = 0;

	do {
		struct page *page;
		unsigned long offset;
		unsigned long bytes;
		size_t copied;
		void *cookie;

		offset = pos & (PAGE_SIZE - 1);
		bytes = min_t(unsigned long, PAGE_SIZE - offset, iov_iter_count(i));
again:
		if (unlikely(iov_iter_fault_in_readable(i, bytes))) {
			status = -EFAULT;
			break;
		}
		if (blkstore_signal_pending(bs)) {
			status = -EINTR;
			break;
		}
		status = ops->page_begin(bs, pos, bytes, &page, &cookie);
		if (unlikely(status < 0))
			break;
		copied = copy_page_from_iter_atomic(page, offset, bytes, i);
		blkstore_flush_page(page);
		status = ops->page_end(bs, pos, bytes, copied, page, cookie);
		if (unlikely(status != copied)) {
			iov_iter_revert(i, copied - max(status, 0L));
			if (unlikely(status < 0))
				break;
		}
		blkstore_yield(bs);
		if (unlikely(status == 0)) {
			/* the short copy was rejected: retry what it did copy */
			if (copied)
				bytes = copied;
			goto again;
		}
		pos += status;
		written += status;
		blkstore_balance(bs);
	} while (iov_iter_count(i));

	return written ? written : status;
}
/*
 * check-name: flow: generic-write loop before (all-or-nothing) and after (any-progress) the short-copy fix
 * check-command: $WB audit --repo $REPO --rev HEAD~1 --notes fault-in.notes fault-in | wb_norm
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1 1
 * check-output-start
 * audit fault-in at HEAD~1 (<HEAD~1>)
