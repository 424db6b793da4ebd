// SPDX-License-Identifier: GPL-2.0
static int restore_regs(const void __user *buf, unsigned int size)
{
	int ret;

	do {
		ret = restore_from_user_atomic(buf, size);
		if (!ret)
			break;
		if (ret != -EFAULT)
			return -EINVAL;
		ret = fault_in_readable(buf, size);
	} while (!ret);
	return ret;
}

/*
 * check-name: do ... while retry
 * cocci-expect: retry-loop call=12:8 loop=6 back=13 kind=do-while unchanged=yes
 * cocci-expect: result-tested call=12:8 how=var at=14 test=truth
 * (spatch 1.1.1 cannot match do ... while, so at= names the return; the
 *  variable's first use, the do ... while condition, gives test=truth)
 * cocci-not: advances
 * cocci-not: retry-goto
 * cocci-not: forwards-params
 */
