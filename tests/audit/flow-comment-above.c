// wb-file: arch/toyarch/kernel/fpframe.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/toy_fpu.h>

static int toy_fp_check(const struct toy_fp_frame *f)
{
	if (f->magic != TOY_FP_MAGIC)
		return -EINVAL;
	if (f->size > TOY_FP_MAX)
		return -EINVAL;
	return 0;
}
/*
 * Save the FP state straight to the user frame.  On a fault { drop the
 * lock, fault the frame in and goto retry; } the whole frame is written
 * again from its start.
 */
static int toy_fp_save(struct toy_fp_frame __user *uf, size_t size)
{
	int ret;

retry:
	toy_fp_lock();
	pagefault_disable();
	ret = toy_fp_store_nofault(uf);
	pagefault_enable();
	toy_fp_unlock();
	if (ret) {
		if (!fault_in_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}
#ifdef CONFIG_TOY_FP_TRACE
/* unbalanced in the text above the next function: its #endif is below it */
#define TOY_FP_TRACE 1
/* A comment that ends on the line of the head */ static int toy_fp_restore(struct toy_fp_frame __user *uf,
							  size_t size)
{
	struct toy_fp_frame kf;
	int ret;

	for (;;) {
		pagefault_disable();
		ret = toy_fp_load_nofault(&kf, uf);
		pagefault_enable();
		if (!ret)
			break;
		if (ret != -EFAULT || fault_in_readable((const char __user *)uf, size))
			return -EFAULT;
	}
	return toy_fp_check(&kf);
}
#endif
/*
 * Negative: a comment above a function whose fault-in has no retry (a
 * checked copy follows): the retry text { goto again; } is only in here.
 */
static int toy_fp_probe(const struct toy_fp_frame __user *uf, size_t size)
{
	struct toy_fp_frame kf;

	if (fault_in_readable(uf, size))
		return -EFAULT;
	if (copy_from_user(&kf, uf, sizeof(kf)))
		return -EFAULT;
	return toy_fp_check(&kf);
}
/*
 * check-name: flow: a comment and a previous function's brace right above the function
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_fp_restore()                    arch/toyarch/kernel/fpframe.c:49  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=49 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=43 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 *     toy_fp_probe()                      arch/toyarch/kernel/fpframe.c:63  pointless (analysis)  [new]
 *         = copy-follows copy=65 fn=copy_from_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=63 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     toy_fp_save()                       arch/toyarch/kernel/fpframe.c:28  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=28 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=29 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 all-or-nothing, 1 pointless
 * review: 0 reviewed, 3 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 3 callers use a primitive that serves their class
 * check-output-end
 */
