// SPDX-License-Identifier: GPL-2.0
/* The whole operation is redone after the fault-in, on the same range. */
static int save_frame(struct frame __user *uf, size_t size)
{
	int ret;

retry:
	pagefault_disable();
	ret = save_to_user_atomic(uf);
	pagefault_enable();
	if (ret) {
		if (!fault_in_pages_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

/*
 * check-name: goto retry over an unchanged range
 * cocci-expect: retry-goto call=12:7 label=7 goto=13 unchanged=yes
 * cocci-expect: result-tested call=12:7 how=cond at=12 test=truth
 * cocci-not: retry-loop
 * cocci-not: advances
 * cocci-not: kernel-address
 * cocci-not: copy-follows
 * cocci-not: forwards-params
 */
