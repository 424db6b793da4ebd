// SPDX-License-Identifier: GPL-2.0
/* None of these addresses is a user address. */
static struct stats global_stats;

static void prefault_things(struct stats *ks, char __user *ubuf)
{
	struct stats local;
	char *kbuf = (char *)ks;

	fault_in_pages_readable((const char __user *)0x1000, 4);
	fault_in_pages_readable((char __user *)&local, sizeof(local));
	fault_in_writeable((char *)kbuf, 8);
	fault_in_writeable(&global_stats, sizeof(global_stats));
	fault_in_writeable(ubuf, 8);
	fault_in_writeable((char *)ubuf, 8);
}

/*
 * check-name: kernel constant and kernel objects as addresses
 * cocci-expect: kernel-address call=10:1 how=const
 * cocci-expect: kernel-address call=11:1 how=addr-of
 * cocci-expect: kernel-address call=12:1 how=cast
 * cocci-expect: kernel-address call=13:1 how=addr-of
 * cocci-expect: result-ignored call=10:1 how=stmt
 * cocci-expect: result-ignored call=11:1 how=stmt
 * cocci-expect: result-ignored call=12:1 how=stmt
 * cocci-expect: result-ignored call=13:1 how=stmt
 * cocci-expect: result-ignored call=14:1 how=stmt
 * cocci-expect: result-ignored call=15:1 how=stmt
 * cocci-not: forwards-params
 */
