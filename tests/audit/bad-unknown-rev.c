// wb-file: fs/small.c
// SPDX-License-Identifier: GPL-2.0
int small_caller(const char __user *p, size_t n)
{
	int ret;

	pr_debug("small\n");
	ret = fault_in_readable(p, n) ? -EFAULT : 0;
	if (ret)
		pr_debug("failed\n");
	return ret;
}
/*
 * check-name: an unknown revision is an error naming it, exit 3
 * check-command: $WB audit --no-classify --repo $REPO --rev no-such-branch fault-in
 * check-command: $WB audit --no-classify --repo $REPO --rev 0123456789abcdef0123456789abcdef01234567 fault-in
 * check-command: $WB audit --no-classify --repo $REPO --rev HEAD~5 fault-in
 * check-exit-value: 3 3 3
 * check-error-contains: error:
 * check-error-contains: no-such-branch
 * check-error-contains: 0123456789abcdef
 * check-error-contains: HEAD~5
 *
 * check-output-start
 * check-output-end
 */
