// wb-file: fs/toyfs/write.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The chunk copy faults its range in and, when a short copy into a folio
 * that is not uptodate has to be thrown away, moves the iterator back and
 * returns 0: the caller's loop then calls it again at the same position.
 * The retry cycle runs through the caller.
 */
#include <linux/toyfs.h>

static size_t toy_chunk_bytes(struct toy_inode *inode, struct iov_iter *iter, u64 start)
{
	return min(TOY_CHUNK - (start & (TOY_CHUNK - 1)), iov_iter_count(iter));
}

static int toy_copy_chunk(struct toy_inode *inode, struct iov_iter *iter, u64 start)
{
	size_t bytes = toy_chunk_bytes(inode, iter, start);
	struct folio *folio;
	size_t copied;
	int ret;

	if (unlikely(fault_in_iov_iter_readable(iter, bytes)))
		return -EFAULT;
	ret = toy_get_folio(inode, start, &folio);
	if (ret)
		return ret;
	copied = copy_folio_from_iter_atomic(folio, offset_in_folio(folio, start), bytes, iter);
	if (unlikely(copied < bytes)) {
		if (!folio_test_uptodate(folio)) {
			iov_iter_revert(iter, copied);
			copied = 0;
		}
		if (copied == 0) {
			toy_put_folio(folio);
			return 0;
		}
	}
	toy_dirty_folio(inode, folio, start, copied);
	toy_put_folio(folio);
	return copied;
}

ssize_t toy_buffered_write(struct toy_inode *inode, struct iov_iter *iter, loff_t pos)
{
	size_t written = 0;
	ssize_t ret = 0;

	while (iov_iter_count(iter) > 0) {
		ret = toy_copy_chunk(inode, iter, pos);
		if (ret < 0)
			break;
		pos += ret;
		written += ret;
		cond_resched();
	}
	return written ? written : ret;
}

/* Negative: nothing copied is an error the caller stops on. */
static int toy_copy_chunk_strict(struct toy_inode *inode, struct iov_iter *iter, u64 start)
{
	size_t bytes = toy_chunk_bytes(inode, iter, start);
	struct folio *folio;
	size_t copied;

	if (fault_in_iov_iter_readable(iter, bytes))
		return -EFAULT;
	if (toy_get_folio(inode, start, &folio))
		return -ENOMEM;
	copied = copy_folio_from_iter_atomic(folio, offset_in_folio(folio, start), bytes, iter);
	if (copied < bytes && !folio_test_uptodate(folio)) {
		iov_iter_revert(iter, copied);
		toy_put_folio(folio);
		return -EFAULT;
	}
	toy_dirty_folio(inode, folio, start, copied);
	toy_put_folio(folio);
	return copied;
}

ssize_t toy_write_strict(struct toy_inode *inode, struct iov_iter *iter, loff_t pos)
{
	size_t written = 0;
	ssize_t ret = 0;

	while (iov_iter_count(iter) > 0) {
		ret = toy_copy_chunk_strict(inode, iter, pos);
		if (ret < 0)
			break;
		pos += ret;
		written += ret;
	}
	return written ? written : ret;
}

/* Negative: the 0 comes back, but the caller stops on it. */
static int toy_copy_chunk_once(struct toy_inode *inode, struct iov_iter *iter, u64 start)
{
	size_t bytes = toy_chunk_bytes(inode, iter, start);
	struct folio *folio;
	size_t copied;

	if (fault_in_iov_iter_readable(iter, bytes))
		return -EFAULT;
	if (toy_get_folio(inode, start, &folio))
		return -ENOMEM;
	copied = copy_folio_from_iter_atomic(folio, offset_in_folio(folio, start), bytes, iter);
	if (copied < bytes && !folio_test_uptodate(folio)) {
		iov_iter_revert(iter, copied);
		toy_put_folio(folio);
		return 0;
	}
	toy_dirty_folio(inode, folio, start, copied);
	toy_put_folio(folio);
	return copied;
}

ssize_t toy_write_once(struct toy_inode *inode, struct iov_iter *iter, loff_t pos)
{
	size_t written = 0;
	ssize_t ret = 0;

	while (iov_iter_count(iter) > 0) {
		ret = toy_copy_chunk_once(inode, iter, pos);
		if (ret <= 0)
			break;
		pos += ret;
		written += ret;
	}
	return written ? written : ret;
}
/*
 * check-name: flow: a function that returns 0 for "again", the retry in its caller
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_iov_iter_readable()
 *     toy_copy_chunk()                    fs/toyfs/write.c:22  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=22 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=54 via=loop why=caller-retries:toy_buffered_write [flow]; flow-result test=truth [flow]
 *     toy_copy_chunk_strict()             fs/toyfs/write.c:66  unclassified (analysis)  [new]
 *         = result-tested how=cond at=66 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 *     toy_copy_chunk_once()               fs/toyfs/write.c:103  unclassified (analysis)  [new]
 *         = result-tested how=cond at=103 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 all-or-nothing, 2 unclassified
 * review: 0 reviewed, 3 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 1 caller uses a primitive that serves its class
 * check-output-end
 */
