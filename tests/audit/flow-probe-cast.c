// wb-file: drivers/toyctl/ioctl.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A probe of a cast pointer, then the checked copy of the same pointer
 * without the cast: the same range, the probe only pre-faults.
 */
#include <linux/toyctl.h>

static long toyctl_set_params(struct toyctl *tc, const struct toyctl_params __user *up)
{
	struct toyctl_params kp;

	if (fault_in_readable((const char __user *)up, sizeof(kp)))
		return -EFAULT;
	if (copy_from_user(&kp, up, sizeof(kp)))
		return -EFAULT;
	tc->params = kp;
	return 0;
}

static long toyctl_get_stats(struct toyctl *tc, struct toyctl_stats __user *us)
{
	if (fault_in_writeable((char __user *)us, sizeof(*us)))
		return -EFAULT;
	toyctl_update_stats(tc);
	if (copy_to_user(us, &tc->stats, sizeof(*us)))
		return -EFAULT;
	return 0;
}
/*
 * check-name: flow: a probe of a cast pointer followed by the checked copy
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toyctl_set_params()                 drivers/toyctl/ioctl.c:12  pointless (analysis)  [new]
 *         = result-tested how=cond at=12 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     toyctl_get_stats()                  drivers/toyctl/ioctl.c:22  pointless (analysis)  [new]
 *         = result-tested how=cond at=22 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_to_user [flow]; flow-result test=truth [flow]
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 pointless
 * review: 0 reviewed, 2 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 2 callers use a primitive that serves their class
 * check-output-end
 */
