// SPDX-License-Identifier: GPL-2.0
/*
 * The offset only moves when a whole item was copied: a failed copy comes
 * back to the fault-in with the same offset (all-or-nothing).
 */
static int fill_items(char __user *ubuf, size_t len)
{
	unsigned long off = 0;
	int ret;

	while (1) {
		ret = fault_in_writeable(ubuf + off, len - off);
		if (ret)
			break;
		ret = copy_item_nofault(ubuf + off, len - off);
		if (ret == -EFAULT)
			continue;
		if (ret <= 0)
			break;
		off += ret;
	}
	return ret;
}

/*
 * check-name: while (1) advancing only on success
 * cocci-expect: retry-loop call=12:8 loop=11 back=17 kind=forever unchanged=yes
 * cocci-expect: advances call=12:8 at=20 how=assign var=off
 * cocci-not: retry-goto
 * cocci-not: forwards-params
 */
