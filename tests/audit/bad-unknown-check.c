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
 * check-name: an unknown check name is a usage error naming it, exit 2
 * check-command: $WB audit --no-classify --repo $REPO no-such-check
 * check-command: $WB audit --no-classify --repo $REPO fault-in no-such-check-either
 * check-exit-value: 2 2
 * check-error-contains: error:
 * check-error-contains: no-such-check
 * check-error-contains: no-such-check-either
 *
 * check-output-start
 * check-output-end
 */
