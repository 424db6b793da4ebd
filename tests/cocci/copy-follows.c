// SPDX-License-Identifier: GPL-2.0
/* copy_from_user() faults the page in itself and its failure is handled. */
static long set_params(struct dev *d, const char __user *uarg, size_t len)
{
	struct params p;

	if (len > sizeof(p))
		return -EINVAL;
	if (fault_in_readable(uarg, len))
		return -EFAULT;
	if (copy_from_user(&p, uarg, len))
		return -EFAULT;
	return apply_params(d, &p);
}

/*
 * check-name: fault-in followed by copy_from_user of the same range
 * cocci-expect: copy-follows call=9:5 copy=11 fn=copy_from_user tested=yes atomic=no
 * cocci-expect: result-tested call=9:5 how=cond at=9 test=truth
 * cocci-not: retry-goto
 * cocci-not: retry-loop
 * cocci-not: kernel-address
 * cocci-not: forwards-params
 */
