// wb-file: mm/blkstore_write.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Half of the short-copy fix: the copy advances the iterator and a rejected
 * short copy is moved back, but the retry is not cut to what the copy did
 * copy.  After iov_iter_revert() the iterator is where it was and 'bytes'
 * is unchanged: the same range comes round again (all-or-nothing).
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
			/* the short copy was rejected and moved back: the same bytes again */
			goto again;
		}
		pos += status;
		written += status;
		blkstore_balance(bs);
	} while (iov_iter_count(i));

	return written ? written : status;
}
/*
 * check-name: flow: a rejected short copy moved back and retried whole
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * iov_iter_fault_in_readable()
 *     blkstore_write_iter()               mm/blkstore_write.c:26  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=26 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=48 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 1 call site in 1 function, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 all-or-nothing
 * review: 0 reviewed, 1 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * check-output-end
 */
