// wb-file: fs/toyj/append.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A cycle through the fault-in on which nothing uses the range (wait for
 * room and come back) is no retry of a copy that faulted: a partial
 * fault-in cannot make it come round again.
 */
#include <linux/toyj.h>

/* Flush and come back: nothing on the cycle uses the range; a checked copy follows. */
int toyj_append(struct toyj *j, const char __user *ubuf, size_t len)
{
	int ret;

again:
	if (fault_in_readable(ubuf, len))
		return -EFAULT;
	toyj_lock(j);
	if (toyj_room(j) < len) {
		toyj_unlock(j);
		toyj_flush(j);
		goto again;
	}
	if (copy_from_user(toyj_tail(j), ubuf, len))
		ret = -EFAULT;
	else
		ret = toyj_commit(j, len);
	toyj_unlock(j);
	return ret;
}

/* Negative: the same, but the copy is atomic and a short one comes round again. */
int toyj_append_atomic(struct toyj *j, const char __user *ubuf, size_t len)
{
	size_t left;
	int ret;

again:
	if (fault_in_readable(ubuf, len))
		return -EFAULT;
	toyj_lock(j);
	if (toyj_room(j) < len) {
		toyj_unlock(j);
		toyj_flush(j);
		goto again;
	}
	pagefault_disable();
	left = __copy_from_user_inatomic(toyj_tail(j), ubuf, len);
	pagefault_enable();
	if (left) {
		toyj_unlock(j);
		goto again;
	}
	ret = toyj_commit(j, len);
	toyj_unlock(j);
	return ret;
}

/*
 * check-name: flow: a cycle on which nothing uses the range is not a retry
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toyj_append()                       fs/toyj/append.c:15  pointless (analysis)  [new]
 *         = copy-follows copy=23 fn=copy_from_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=15 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 *     toyj_append_atomic()                fs/toyj/append.c:38  all-or-nothing (analysis)  [new]
 *         = copy-follows copy=47 fn=__copy_from_user_inatomic tested=yes atomic=yes [fault-in-copy-follows.cocci]; result-tested how=cond at=38 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=51 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 pointless, 1 all-or-nothing
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
