// wb-file: io_uring/io-wq.c
// SPDX-License-Identifier: GPL-2.0
/* a worker makes a thread of its own: the generic code reaches each arch */
void io_wq_submit_work(struct io_wq_work *work)
{
	copy_proc(work->task);
}
// wb-file: kernel/fork.c
// SPDX-License-Identifier: GPL-2.0
int copy_proc(struct task_struct *p)
{
	return copy_thr(p);
}
// wb-file: kernel/signal.c
// SPDX-License-Identifier: GPL-2.0
/* generic code called from one arch: the arch hook is that arch's */
int kick_signal(struct task_struct *p)
{
	return arch_frame(p);
}
// wb-file: arch/alpha/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
static int alpha_tls(struct task_struct *p)
{
	return is_compat_task();
}

int copy_thr(struct task_struct *p)
{
	/* alpha's own: the one defined under arch/x86/ is not alpha's */
	ret_fork(p);
	return alpha_tls(p);
}

int arch_frame(struct task_struct *p)
{
	return in_compat_syscall();
}
// wb-file: arch/x86/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
static int x86_tls(struct task_struct *p)
{
	return in_ia32_syscall();
}

void ret_fork(struct task_struct *p)
{
	if (in_compat_syscall())
		p->flags = 0;
}

int copy_thr(struct task_struct *p)
{
	kick_signal(p);
	return x86_tls(p);
}
// wb-file: arch/x86/kernel/signal.c
// SPDX-License-Identifier: GPL-2.0
int arch_frame(struct task_struct *p)
{
	return in_x32_syscall();
}
/*
 * check-name: compat-context: a chain that made a call under arch/alpha/ never goes on under arch/x86/, not even through generic code; generic code reaches each arch
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-exit-value: 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/io-wq.c:5:2: warning: io_wq_submit_work() -> copy_proc() -> copy_thr() -> alpha_tls() -> is_compat_task() [compat-context]
 * kernel/fork.c:4:9: note: copy_proc() calls copy_thr()
 * arch/alpha/kernel/process.c:11:9: note: copy_thr() calls alpha_tls()
 * arch/alpha/kernel/process.c:4:9: note: alpha_tls() calls is_compat_task()
 * io_uring/io-wq.c:5:2: warning: io_wq_submit_work() -> copy_proc() -> copy_thr() -> x86_tls() -> in_ia32_syscall() [compat-context]
 * kernel/fork.c:4:9: note: copy_proc() calls copy_thr()
 * arch/x86/kernel/process.c:16:9: note: copy_thr() calls x86_tls()
 * arch/x86/kernel/process.c:4:9: note: x86_tls() calls in_ia32_syscall()
 * io_uring/io-wq.c:5:2: warning: io_wq_submit_work() -> copy_proc() -> copy_thr() -> kick_signal() -> arch_frame() -> in_x32_syscall() [compat-context]
 * kernel/fork.c:4:9: note: copy_proc() calls copy_thr()
 * arch/x86/kernel/process.c:15:2: note: copy_thr() calls kick_signal()
 * kernel/signal.c:5:9: note: kick_signal() calls arch_frame()
 * arch/x86/kernel/signal.c:4:9: note: arch_frame() calls in_x32_syscall()
 *
 * compat-context: 3 paths from 1 entry point, the shortest per entry and query, of 3 chains; 11 functions followed, depth 6 (12 in the indirect scope)
 * check-output-end
 */
