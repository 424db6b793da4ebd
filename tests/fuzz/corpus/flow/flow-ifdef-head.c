// SPDX-License-Identifier: GPL-2.0
/*
 * One body shared by two function heads chosen by #ifdef: the body is
 * read (and its retry cycle found) whichever head comes first.
 */
#include <linux/syscalls.h>
#include <linux/compat.h>

#ifdef CONFIG_TOY_COMPAT_FRAME
COMPAT_SYSCALL_DEFINE2(frame_save, struct toy_frame __user *, uf, compat_size_t, size)
#else
SYSCALL_DEFINE2(frame_save, struct toy_frame __user *, uf, size_t, size)
#endif
{
	struct toy_regs *regs = toy_current_regs();
	int ret;

	if (size < sizeof(struct toy_frame))
		return -EINVAL;
retry:
	toy_regs_lock(regs);
	pagefault_disable();
	ret = toy_frame_store_nofault(uf, regs);
	pagefault_enable();
	toy_regs_unlock(regs);
	if (ret) {
		if (!fault_in_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

/* Two plain heads under #ifdef, the same body: a copy follows the probe. */
#ifdef CONFIG_TOY_WIDE_ARGS
static long toy_set_limits(struct toy_task *t, const struct toy_limits_wide __user *ul, size_t len)
#else
static long toy_set_limits(struct toy_task *t, const struct toy_limits __user *ul, size_t len)
#endif
{
	struct toy_limits kl;

	if (len > sizeof(kl))
		return -EINVAL;
	if (fault_in_readable(ul, len))
		return -EFAULT;
	if (copy_from_user(&kl, ul, len))
		return -EFAULT;
	t->limits = kl;
	return 0;
}

/*
 * check-name: flow: a function head alternated under #ifdef is read, not unparsed
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_set_limits()                    arch/toyarch/kernel/ctxframe.c:45  pointless (analysis)  [new]
 *         = copy-follows copy=47 fn=copy_from_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=45 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     sys_frame_save()                    arch/toyarch/kernel/ctxframe.c:27  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=27 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=28 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 pointless, 1 all-or-nothing
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
