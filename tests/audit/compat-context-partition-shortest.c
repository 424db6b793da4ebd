// wb-file: io_uring/sqpoll.c
// SPDX-License-Identifier: GPL-2.0
int io_sq_thread(void *data)
{
	return do_fork(data);
}
// wb-file: kernel/fork.c
// SPDX-License-Identifier: GPL-2.0
int do_fork(struct task_struct *p)
{
	return copy_thr(p);
}
// wb-file: arch/alpha/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
/* alpha calls both by name, first in source order; neither is alpha's */
int copy_thr(struct task_struct *p)
{
	ret_fork(p);
	return setup_frame(p);
}
// wb-file: arch/x86/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
void ret_fork(struct task_struct *p)
{
	if (in_compat_syscall())
		p->flags = 0;
}

static int x86_signal(struct task_struct *p)
{
	return deliver(p);
}

/* x86's own call of ret_fork() counts although alpha's came first */
int copy_thr(struct task_struct *p)
{
	ret_fork(p);
	return x86_signal(p);
}
// wb-file: arch/x86/kernel/signal.c
// SPDX-License-Identifier: GPL-2.0
int deliver(struct task_struct *p)
{
	return setup_frame(p);
}

int setup_frame(struct task_struct *p)
{
	return in_x32_syscall();
}
/*
 * check-name: compat-context: the shortest chain of an (entry, query) is the shortest one that stays in one arch, longer than the one through another arch; each arch's call of the same name is its own
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-exit-value: 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/sqpoll.c:4:9: warning: io_sq_thread() -> do_fork() -> copy_thr() -> ret_fork() -> in_compat_syscall() [compat-context]
 * kernel/fork.c:4:9: note: do_fork() calls copy_thr()
 * arch/x86/kernel/process.c:16:2: note: copy_thr() calls ret_fork()
 * arch/x86/kernel/process.c:4:6: note: ret_fork() calls in_compat_syscall()
 * io_uring/sqpoll.c:4:9: warning: io_sq_thread() -> do_fork() -> copy_thr() -> x86_signal() -> deliver() -> setup_frame() -> in_x32_syscall() [compat-context]
 * kernel/fork.c:4:9: note: do_fork() calls copy_thr()
 * arch/x86/kernel/process.c:17:9: note: copy_thr() calls x86_signal()
 * arch/x86/kernel/process.c:10:9: note: x86_signal() calls deliver()
 * arch/x86/kernel/signal.c:4:9: note: deliver() calls setup_frame()
 * arch/x86/kernel/signal.c:9:9: note: setup_frame() calls in_x32_syscall()
 *
 * compat-context: 2 paths from 1 entry point, the shortest per entry and query, of 2 chains; 10 functions followed, depth 6 (12 in the indirect scope)
 * check-output-end
 */
