// SPDX-License-Identifier: GPL-2.0
/*
 * A flag set on the way round the cycle.  It counts only when the next
 * round really goes another way, one that does not come back to the same
 * operation on the same range.
 */
#include <linux/toyj.h>

/*
 * A flag set on the way round: when the copy kept nothing (a short copy
 * into a page not read in is dropped), the next round reads the page in
 * first and keeps whatever is copied: not the same retry again.
 */
ssize_t toyj_write_iter(struct toyj *j, struct iov_iter *from, loff_t pos)
{
	bool force_uptodate = false;
	ssize_t written = 0;
	int ret = 0;

	while (iov_iter_count(from)) {
		size_t offset = pos & (PAGE_SIZE - 1);
		size_t bytes = min_t(size_t, PAGE_SIZE - offset, iov_iter_count(from));
		struct page *page;
		size_t copied;

		if (fault_in_iov_iter_readable(from, bytes) == bytes) {
			ret = -EFAULT;
			break;
		}
		page = toyj_prepare_page(j, pos, bytes, force_uptodate);
		if (IS_ERR(page)) {
			ret = PTR_ERR(page);
			break;
		}
		copied = toyj_copy_page(j, page, offset, bytes, from);
		toyj_release_page(j, page);
		if (!copied) {
			force_uptodate = true;
			continue;
		}
		force_uptodate = false;
		pos += copied;
		written += copied;
	}
	return written ? written : ret;
}
/*
 * Negative: the flag is only read after the loop: the next round is the
 * same store of the same frame.
 */
int toyj_save_frame(struct toyj *j, struct toyj_frame __user *uf, size_t size)
{
	bool retried = false;
	int ret;

retry:
	pagefault_disable();
	ret = toyj_store_nofault(j, uf);
	pagefault_enable();
	if (ret) {
		if (!fault_in_writeable((char __user *)uf, size)) {
			retried = true;
			goto retry;
		}
		ret = -EFAULT;
	}
	if (retried)
		toyj_count_retry(j);
	return ret;
}

/*
 * Negative: the flag does send the next round another way, but that way
 * only drops the lock and comes back to the same load of the same frame.
 */
int toyj_load_frame(struct toyj *j, const struct toyj_frame __user *uf, size_t size)
{
	bool faulted = false;
	int ret = 0;

restart:
	toyj_lock(j);
	while (toyj_pending(j)) {
		if (faulted) {
			faulted = false;
			toyj_unlock(j);
			goto restart;
		}
		pagefault_disable();
		ret = toyj_load_nofault(j, uf, size);
		pagefault_enable();
		if (ret != -EFAULT)
			break;
		if (fault_in_readable((const char __user *)uf, size))
			break;
		faulted = true;
	}
	toyj_unlock(j);
	return ret;
}

/*
 * The flag sends the next round to a copy that handles a fault itself: the
 * fault-in only picks the atomic fast path, as a fall-through to the slow
 * copy would (either, whatever the semantics of the fault-in).
 */
int toyj_read_out(struct toyj *j, char __user *ubuf, size_t len)
{
	bool slow = false;
	size_t left;
	int ret;

again:
	if (fault_in_writeable(ubuf, len))
		return -EFAULT;
	toyj_lock(j);
	if (slow) {
		ret = copy_to_user(ubuf, toyj_head(j), len) ? -EFAULT : 0;
	} else {
		pagefault_disable();
