// SPDX-License-Identifier: GPL-2.0
/*
 * A 'goto' that sits above the fault-in in the source is reached from the
 * call only on the next pass of the loop: whether it is a retry of the
 * same range depends on what that pass does on the way.
 */
#include <linux/eventlog.h>

/*
 * The goto above the call waits for data; from the call it is reached only
 * after the next pass moved ubuf by what was copied: progress.
 */
ssize_t eventlog_drain(struct eventlog *lg, char __user *ubuf, size_t len)
{
	ssize_t done = 0;
	size_t n, left;

again:
	while (len) {
		n = eventlog_avail(lg, len);
		if (!n) {
			if (eventlog_wait(lg))
				break;
			goto again;
		}
		pagefault_disable();
		left = eventlog_copy_nofault(lg, ubuf, n);
		pagefault_enable();
		eventlog_consume(lg, n - left);
		done += n - left;
		ubuf += n - left;
		len -= n - left;
		if (left && fault_in_writeable(ubuf, left) == left)
			break;
	}
	return done ? done : -EFAULT;
}

/*
 * Negative: the goto above the call closes a cycle on the next pass (when
 * the log was reset meanwhile) and nothing moves on the way: the same
 * frame is loaded again, as it is on the plain loop round.
 */
int eventlog_restore(struct eventlog *lg, struct elog_frame __user *uf, size_t size)
{
	int ret = 0;

restart:
	eventlog_lock(lg);
	while (eventlog_pending(lg)) {
		if (eventlog_reset_seen(lg)) {
			eventlog_unlock(lg);
			goto restart;
		}
		pagefault_disable();
		ret = eventlog_load_nofault(lg, uf, size);
		pagefault_enable();
		if (ret != -EFAULT)
			break;
		if (fault_in_readable((const char __user *)uf, size))
			break;
		lg->faults++;
	}
	eventlog_unlock(lg);
	return ret;
}
/*
 * check-name: flow: a goto above the call that closes the cycle only on the next pass
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     eventlog_restore()                  drivers/misc/eventlog.c:60  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=60 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=62 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     eventlog_drain()                    drivers/misc/eventlog.c:33  any-progress (analysis)  [new]
 *         = result-tested how=cond at=33 test=other [fault-in-result.cocci]; retry-cycle progress=yes back=33 via=loop why=length-cut,advance [flow]; flow-result test=other [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 all-or-nothing, 1 any-progress
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
