// wb-file: fs/toyfs/prealloc.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A fault-in whose failure only skips something optional: the caller's
 * result says "nothing reserved" and the write goes on, handling faults
 * itself.  Against it, a failure that returns an error.
 */
#include <linux/toyfs.h>

static int toyfs_reserve_blocks(struct toyfs_inode *ti, struct iov_iter *from, size_t count)
{
	int ret;

	if (fault_in_iov_iter_readable(from, count))
		return 0;
	ret = toyfs_map_blocks(ti, count);
	return ret < 0 ? ret : 1;
}

static int toyfs_check_user(struct toyfs_inode *ti, const char __user *buf, size_t len)
{
	if (fault_in_readable(buf, len)) {
		ti->errors++;
		return -EFAULT;
	}
	ti->checked = len;
	return 0;
}
/*
 * check-name: flow: a failure that only skips something optional is 'either'; one that returns an error is not
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toyfs_check_user()                  fs/toyfs/prealloc.c:21  unclassified (analysis)  [new]
 *         = result-tested how=cond at=21 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 * fault_in_iov_iter_readable()
 *     toyfs_reserve_blocks()              fs/toyfs/prealloc.c:13  either (analysis)  [new]
 *         = result-tested how=cond at=13 test=truth [fault-in-result.cocci]; no-retry failure=returns-zero [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 unclassified, 1 either
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 1 caller uses a primitive that serves its class
 * check-output-end
 */
