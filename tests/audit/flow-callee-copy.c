// wb-file: arch/toyarch/kernel/uctx.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A probe followed by a call whose callee makes the checked copy of the
 * same range itself: the probe only pre-faults.
 */
#include <linux/toy_uctx.h>

static int toy_restore_regs(struct toy_task *t, const struct toy_uctx __user *uc)
{
	struct toy_regs kr;

	if (copy_from_user(&kr, &uc->regs, sizeof(kr)))
		return -EFAULT;
	if (kr.flags & ~TOY_REGS_VALID)
		return -EINVAL;
	t->regs = kr;
	return 0;
}

/* two levels down: the copy is made by a callee of the callee */
static int toy_restore_ctx(struct toy_task *t, const struct toy_uctx __user *uc)
{
	unsigned long mask;

	if (__get_user(mask, &uc->sigmask))
		return -EFAULT;
	toy_set_sigmask(t, mask);
	return toy_restore_regs(t, uc);
}

/* the failure of the copying callee is fatal */
long toy_swap_ctx(struct toy_task *t, const struct toy_uctx __user *uc, size_t size)
{
	if (size < sizeof(*uc))
		return -EINVAL;
	if (fault_in_readable((const char __user *)uc, size))
		return -EFAULT;
	if (toy_restore_ctx(t, uc))
		toy_kill_task(t, SIGSEGV);
	t->swaps++;
	return 0;
}

/* the failure of the copying callee is returned */
long toy_set_ctx(struct toy_task *t, const struct toy_uctx __user *uc, size_t size)
{
	long ret;

	if (size < sizeof(*uc))
		return -EINVAL;
	if (fault_in_readable(uc, size))
		return -EFAULT;
	ret = toy_restore_regs(t, uc);
	if (ret)
		return ret;
	t->sets++;
	return 0;
}

/* Negative: the callee does not copy from user memory: nothing follows the probe. */
static int toy_note_ctx(struct toy_task *t, const struct toy_uctx __user *uc)
{
	t->last_uctx = uc;
	t->notes++;
	toy_trace_ctx(t);
	return 0;
}

long toy_note_only(struct toy_task *t, const struct toy_uctx __user *uc, size_t size)
{
	if (size < sizeof(*uc))
		return -EINVAL;
	if (fault_in_readable(uc, size))
		return -EFAULT;
	if (toy_note_ctx(t, uc))
		return -EINVAL;
	t->noted++;
	return 0;
}
/*
 * check-name: flow: a probe whose checked copy is made by a same-file callee
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_swap_ctx()                      arch/toyarch/kernel/uctx.c:36  pointless (analysis)  [new]
 *         = result-tested how=cond at=36 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=callee callee=toy_restore_ctx [flow]; flow-result test=truth [flow]
 *     toy_set_ctx()                       arch/toyarch/kernel/uctx.c:51  pointless (analysis)  [new]
 *         = result-tested how=cond at=51 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=callee callee=toy_restore_regs [flow]; flow-result test=truth [flow]
 *     toy_note_only()                     arch/toyarch/kernel/uctx.c:73  unclassified (analysis)  [new]
 *         = result-tested how=cond at=73 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 pointless, 1 unclassified
 * review: 0 reviewed, 3 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
