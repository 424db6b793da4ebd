// wb-file: kernel/toy/events.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A single shot: the payload is faulted in, then consumed where page
 * faults are not taken (probes under rcu_read_lock_sched(), a copy under
 * pagefault_disable()), and a failure there is an error to the writer.
 * No retry: every byte must be resident, a partial fault-in reported as
 * success becomes a spurious -EFAULT.
 */
#include <linux/toy_events.h>

ssize_t toy_events_write(struct toy_event *ev, struct iov_iter *i)
{
	struct toy_probe *probe;
	struct iov_iter copy;
	bool faulted = false;
	ssize_t ret = i->count;

	if (unlikely(fault_in_iov_iter_readable(i, i->count)))
		return -EFAULT;
	rcu_read_lock_sched();
	for (probe = ev->probes; probe->func; probe++) {
		copy = *i;
		probe->func(ev, &copy, probe->data, &faulted);
	}
	rcu_read_unlock_sched();
	if (unlikely(faulted))
		return -EFAULT;
	return ret;
}

long toy_set_label(struct toy_event *ev, const char __user *buf, size_t len)
{
	unsigned long left;

	if (len > sizeof(ev->label))
		return -EINVAL;
	if (fault_in_readable(buf, len))
		return -EFAULT;
	pagefault_disable();
	left = __copy_from_user_inatomic(ev->label, buf, len);
	pagefault_enable();
	if (left)
		return -EFAULT;
	ev->label_len = len;
	return 0;
}

/* Negative: a failure under pagefault_disable() falls back on a copy that may fault. */
long toy_set_label_fallback(struct toy_event *ev, const char __user *buf, size_t len)
{
	unsigned long left;

	if (len > sizeof(ev->label))
		return -EINVAL;
	if (fault_in_readable(buf, len))
		return -EFAULT;
	pagefault_disable();
	left = __copy_from_user_inatomic(ev->label, buf, len);
	pagefault_enable();
	if (left) {
		if (copy_from_user(ev->label, buf, len))
			return -EFAULT;
	}
	ev->label_len = len;
	return 0;
}

/* Negative: consumed after the section, where the copy can fault. */
long toy_set_label_late(struct toy_event *ev, const char __user *buf, size_t len)
{
	unsigned long left;

	if (fault_in_readable(buf, len))
		return -EFAULT;
	preempt_disable();
	ev->stamp = toy_clock();
	preempt_enable();
	left = toy_copy_label(ev, buf, len);
	if (left)
		return -EFAULT;
	return 0;
}
/*
 * check-name: flow: a single shot consumed with page faults disabled, its failure an error
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_set_label()                     kernel/toy/events.c:37  all-or-nothing (analysis)  [new]
 *         = copy-follows copy=40 fn=__copy_from_user_inatomic tested=yes atomic=yes [fault-in-copy-follows.cocci]; result-tested how=cond at=37 test=truth [fault-in-result.cocci]; no-retry failure=exits consumer=atomic-fatal [flow]; flow-result test=truth [flow]
 *     toy_set_label_fallback()            kernel/toy/events.c:55  either (analysis)  [new]
 *         = copy-follows copy=58 fn=__copy_from_user_inatomic tested=yes atomic=yes [fault-in-copy-follows.cocci]; result-tested how=cond at=55 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 *     toy_set_label_late()                kernel/toy/events.c:73  unclassified (analysis)  [new]
 *         = result-tested how=cond at=73 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 * fault_in_iov_iter_readable()
 *     toy_events_write()                  kernel/toy/events.c:18  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=18 test=truth [fault-in-result.cocci]; no-retry failure=exits consumer=atomic-fatal [flow]; flow-result test=truth [flow]
 *
 * fault-in: 4 call sites in 4 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 all-or-nothing, 1 either, 1 unclassified
 * review: 0 reviewed, 4 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 3 callers use a primitive that serves their class
 * check-output-end
 */
