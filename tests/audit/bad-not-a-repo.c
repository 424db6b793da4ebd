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
 * check-name: not a repository: one error line naming the path, exit 3
 * check-setup: mkdir "$REPO/../not-a-repo"
 * check-command: $WB audit --no-classify --repo "$REPO/../not-a-repo" fault-in
 * check-command: $WB audit --no-classify --repo "$REPO/../not-a-repo" fault-in 2>&1 >/dev/null | grep -c .
 * check-command: $WB audit --no-classify --repo "$REPO/../does-not-exist" fault-in 2>&1 >/dev/null | grep -c 'error: .*does-not-exist'
 * check-exit-value: 3 3 3
 * check-error-contains: error:
 * check-error-contains: not-a-repo
 *
 * check-output-start
 * 1
 * 1
 * check-output-end
 */
