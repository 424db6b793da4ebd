// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
long a_copy(struct dev *d, const char __user *uarg, size_t len)
{
	if (fault_in_readable(uarg, len))
		return -EFAULT;
	return copy_from_user(d->buf, uarg, len) ? -EFAULT : 0;
}
/*
 * check-name: classification without Coccinelle: --no-cocci says so; a missing spatch is an error
 * check-command: $WB audit --repo . --notes ../none.notes --no-cocci fault-in | grep -E '^ *=|verdicts'
 * check-command: env PATH=/nonexistent $WB audit --repo . --notes ../none.notes fault-in
 * check-exit-value: 1 3
 * check-error-contains: error: spatch not found: install coccinelle, or run with --no-cocci
 *
 * check-output-start
 *         = not analysed: Coccinelle was not run
 * verdicts: 1 unclassified (Coccinelle not run)
 * check-output-end
 */
