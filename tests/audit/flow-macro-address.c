// wb-copy: audit/include/toy-magic.h arch/toyarch/include/asm/magic.h
// wb-file: arch/toyarch/kernel/magic.c
// SPDX-License-Identifier: GPL-2.0
/*
 * An object-like macro for a constant is still a kernel address when cast
 * to __user; a macro for something computed at run time is not.
 */
#include <asm/magic.h>

/* broken: the magic page is not user memory */
int toy_magic_touch(struct toy_task *t)
{
	if (fault_in_readable((const char __user *)TOY_MAGIC_ADDR, 4))
		return -EFAULT;
	t->magic_seen = 1;
	toy_trace_magic(t);
	return 0;
}

/* negative: the macro names the task's own user scratch area */
int toy_scratch_touch(struct toy_task *t)
{
	if (fault_in_writeable((char __user *)TOY_SCRATCH_ADDR, TOY_SCRATCH_SIZE))
		return -EFAULT;
	t->scratch_seen = 1;
	toy_trace_scratch(t);
	return 0;
}
/* negative: a constant macro as the length is no address */
int toy_magic_copy_out(struct toy_task *t, char __user *ubuf)
{
	if (fault_in_writeable(ubuf, TOY_MAGIC_SIZE))
		return -EFAULT;
	if (copy_to_user(ubuf, t->magic_copy, TOY_MAGIC_SIZE))
		return -EFAULT;
	t->magic_copies++;
	return 0;
}
/*
 * check-name: flow: a kernel address behind an object-like macro for a constant
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_magic_touch()                   arch/toyarch/kernel/magic.c:11  broken (analysis)  [new]
 *         = result-tested how=cond at=11 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]; kernel-address how=macro-const macro=TOY_MAGIC_ADDR [flow]
 * fault_in_writeable()
 *     toy_scratch_touch()                 arch/toyarch/kernel/magic.c:21  unclassified (analysis)  [new]
 *         = result-tested how=cond at=21 test=truth [fault-in-result.cocci]; no-retry failure=exits [flow]; flow-result test=truth [flow]
 *     toy_magic_copy_out()                arch/toyarch/kernel/magic.c:30  pointless (analysis)  [new]
 *         = copy-follows copy=32 fn=copy_to_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=30 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_to_user [flow]; flow-result test=truth [flow]
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 2 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 broken, 1 unclassified, 1 pointless
 * review: 0 reviewed, 3 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 1 caller uses a primitive that serves its class
 * check-output-end
 */
