// wb-file: lib/toy_iter_fault.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The iterator fault-in helpers are themselves watched primitives: the
 * plain fault-ins they call only forward, their callers are the leaves.
 */
#include <linux/uio.h>

size_t fault_in_iov_iter_readable(const struct iov_iter *i, size_t size)
{
	size_t count = min(size, iov_iter_count(i));
	const struct iovec *seg;
	size_t skip, left;

	if (iter_is_ubuf(i)) {
		left = fault_in_readable(i->ubuf + i->iov_offset, count);
		return size - (count - left);
	}
	if (!iter_is_iovec(i))
		return 0;
	size -= count;
	for (seg = i->iov, skip = i->iov_offset; count; seg++, skip = 0) {
		size_t len = min(count, seg->iov_len - skip);

		if (!len)
			continue;
		left = fault_in_readable(seg->iov_base + skip, len);
		count -= len - left;
		if (left)
			break;
	}
	return count + size;
}

/* the older iterator primitive, listed as a wrapper too */
int iov_iter_fault_in_readable(const struct iov_iter *i, size_t bytes)
{
	if (!iter_is_iovec(i))
		return 0;
	if (bytes > i->iov->iov_len - i->iov_offset)
		bytes = i->iov->iov_len - i->iov_offset;
	i->faults++;
	return fault_in_pages_readable(i->iov->iov_base + i->iov_offset, bytes);
}

/* Negative: a name that only looks like a primitive's gets a verdict of its own. */
int fault_in_readable_range(const char __user *start, const char __user *end)
{
	size_t len = end - start;
	int ret;

retry:
	pagefault_disable();
	ret = toy_peek_range_nofault(start, len);
	pagefault_enable();
	if (ret == -EFAULT) {
		if (!fault_in_readable(start, len))
			goto retry;
	}
	return ret;
}
// wb-file: fs/toyfs/write.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/uio.h>

ssize_t toyfs_write_chunk(struct toyfs_inode *ti, struct iov_iter *from, loff_t pos)
{
	size_t bytes = min_t(size_t, iov_iter_count(from), TOYFS_CHUNK);
	ssize_t ret;

	if (fault_in_iov_iter_readable(from, bytes) == bytes)
		return -EFAULT;
	ret = toyfs_copy_chunk(ti, from, pos, bytes);
	if (ret > 0)
		ti->written += ret;
	return ret;
}
/*
 * check-name: flow: a fault-in called inside a watched primitive forwards, no verdict
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     iov_iter_fault_in_readable()        lib/toy_iter_fault.c:42  [wrapper, listed]
 *         (no callers)
 * fault_in_readable()
 *     fault_in_iov_iter_readable()        lib/toy_iter_fault.c:15  forwarding (analysis)
 *         = forwards: called inside the watched primitive fault_in_iov_iter_readable()
 *     fault_in_iov_iter_readable()        lib/toy_iter_fault.c:26  forwarding (analysis)
 *         = forwards: called inside the watched primitive fault_in_iov_iter_readable()
 *     fault_in_readable_range()           lib/toy_iter_fault.c:56  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=56 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=57 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_iov_iter_readable()
 *     toyfs_write_chunk()                 fs/toyfs/write.c:9  unclassified (analysis)  [new]
 *         = result-tested how=cond at=9 test=other [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=other [flow]
 *
 * fault-in: 5 call sites in 4 functions, 0 references, 1 wrapper (1 listed, 0 detected); 2 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 forwarding, 1 all-or-nothing, 1 unclassified
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 1 caller uses a primitive that serves its class
 * check-output-end
 */
