// wb-file: drivers/toyfb/frame.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Text right above a function that is not C: a quote in a comment, which
 * the rules' input must not start in the middle of.
 */
#include <linux/toyfb.h>

static int toyfb_check(const struct toyfb_frame *f)
{
	if (f->magic != TOYFB_MAGIC)
		return -EINVAL;
	return 0;
}
static int toyfb_save(struct toyfb_frame __user *uf, size_t size)
{
	int ret;

retry:
	pagefault_disable();
	ret = toyfb_store_nofault(uf);
	pagefault_enable();
	if (ret) {
		if (!fault_in_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

/*
 * Store the frame again from its start when it faulted; the
 * frame's size does not change between rounds.
 */
static int toyfb_save_again(struct toyfb_frame __user *uf, size_t size)
{
	int ret;

retry:
	pagefault_disable();
	ret = toyfb_store_nofault(uf);
	pagefault_enable();
	if (ret) {
		if (!fault_in_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return toyfb_check_user(uf);
}
/*
 * check-name: flow: a quote in the comment right above a function
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_writeable()
 *     toyfb_save()                        drivers/toyfb/frame.c:23  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=23 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=24 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *     toyfb_save_again()                  drivers/toyfb/frame.c:43  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=43 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=44 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 all-or-nothing
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
