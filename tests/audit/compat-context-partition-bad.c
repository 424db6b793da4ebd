// wb-file: io_uring/io_uring.c
// SPDX-License-Identifier: GPL-2.0
int io_issue_sqe(struct io_kiocb *req)
{
	return in_compat_syscall();
}
/*
 * check-name: compat-context: a partition that is not a directory prefix, a star and a slash is refused, naming the file and the value, exit 2
 * check-setup: mkdir -p ../checks && sed 's|^\tpartition = .*|\tpartition = arch/|' "$WORKBENCH_CHECKS/compat-context.conf" > ../checks/compat-context.conf
 * check-setup: mkdir -p ../checks2 && sed "s|^\tpartition = .*|\tpartition = arch/$(printf '\052')/kernel/|" "$WORKBENCH_CHECKS/compat-context.conf" > ../checks2/compat-context.conf
 * check-command: WORKBENCH_CHECKS=$REPO/../checks $WB audit --repo $REPO compat-context
 * check-command: WORKBENCH_CHECKS=$REPO/../checks2 $WB audit --repo $REPO compat-context
 * check-exit-value: 2 2
 * check-error-contains: compat-context.conf: bad partition 'arch/': want a directory prefix and
 * check-error-contains: /kernel/': want a directory prefix and
 *
 * check-output-start
 * check-output-end
 */
