// wb-file: arch/toyarch/kernel/sigframe.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The fault-in tested for truth inside a loop condition: any shortfall ends
 * the retry, which is the all-or-nothing use of the result.
 */
#include <linux/toy_signal.h>

int toy_sigframe_load(struct toy_regs *regs, const struct toy_sigframe __user *uf, size_t size)
{
	int ret;

	do {
		pagefault_disable();
		ret = toy_sigframe_load_nofault(regs, uf);
		pagefault_enable();
	} while (ret && !fault_in_readable((const char __user *)uf, size));
	regs->loads++;
	return ret ? -EFAULT : 0;
}

int toy_sigframe_store(struct toy_regs *regs, struct toy_sigframe __user *uf, size_t size)
{
	int ret;

	pagefault_disable();
	ret = toy_sigframe_store_nofault(uf, regs);
	pagefault_enable();
	while (ret == -EFAULT && !fault_in_writeable((char __user *)uf, size)) {
		pagefault_disable();
		ret = toy_sigframe_store_nofault(uf, regs);
		pagefault_enable();
	}
	regs->stores++;
	return ret;
}
/*
 * check-name: flow: a fault-in tested for truth in a loop condition
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_sigframe_load()                 arch/toyarch/kernel/sigframe.c:16  all-or-nothing (analysis)  [new]
 *         = result-other [fault-in-result.cocci]; retry-cycle progress=none back=16 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     toy_sigframe_store()                arch/toyarch/kernel/sigframe.c:28  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=28 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=31 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 all-or-nothing
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
