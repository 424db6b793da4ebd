// wb-file: io_uring/io-wq.c
// SPDX-License-Identifier: GPL-2.0
static int io_wq_worker(void *data)
{
	return 0;
}

/* a worker thread: its function is set, so the thread part is not reached */
static int create_io_worker(struct io_wq *wq)
{
	struct task_struct *tsk;

	tsk = create_io_thread(io_wq_worker, wq, NUMA_NO_NODE);
	return tsk ? 0 : -1;
}

void io_wq_submit_work(struct io_wq_work *work)
{
	create_io_worker(work->wq);
}

/* a field set from a variable: not known, the thread part stays */
void io_issue_sqe(struct io_kiocb *req)
{
	int (*fn)(void *) = req->fn;
	struct kernel_clone_args args = {
		.flags		= CLONE_VM,
		.fn		= fn,
	};

	copy_process(NULL, 0, 0, &args);
}
// wb-file: kernel/fork.c
// SPDX-License-Identifier: GPL-2.0
struct task_struct *copy_process(struct pid *pid, int trace, int node,
				 struct kernel_clone_args *args)
{
	int retval;

	retval = copy_thread(current, args);
	return retval ? NULL : current;
}

struct task_struct *create_io_thread(int (*fn)(void *), void *arg, int node)
{
	struct kernel_clone_args args = {
		.flags		= CLONE_FS | CLONE_FILES | CLONE_THREAD,
		.exit_signal	= 0,
		.fn		= fn,
		.fn_arg		= arg,
		.io_thread	= 1,
	};

	return copy_process(NULL, 0, node, &args);
}
// wb-file: arch/x86/kernel/process.c
// SPDX-License-Identifier: GPL-2.0
int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	unsigned long clone_flags = args->flags;
	unsigned long new_ssp;
	int ret = 0;

#ifdef CONFIG_X86_64
	p->thread.fsindex = current->thread.fsindex;
#else
	p->thread.sp0 = 0;
#endif

	/* before the early return: reached by every thread */
	new_ssp = shstk_alloc_thread_stack(p, clone_flags, args->stack_size);
	if (IS_ERR_VALUE(new_ssp))
		return PTR_ERR((void *)new_ssp);

	if (unlikely(args->fn)) {
		p->thread.sp = 0;
		kthread_frame_init(p, args->fn, args->fn_arg);
		return 0;
	}

	/* only a user thread gets here */
	if (clone_flags & CLONE_SETTLS)
		ret = set_new_tls(p, args->tls);
	return ret;
}

static int set_new_tls(struct task_struct *p, unsigned long tls)
{
	return in_ia32_syscall() ? 1 : 0;
}

unsigned long shstk_alloc_thread_stack(struct task_struct *tsk, unsigned long clone_flags,
				       unsigned long stack_size)
{
	return in_ia32_syscall() ? 4 : 8;
}
/*
 * check-name: compat-context: a call after 'if (P->F) return' is not followed from a chain whose struct argument has F set to a function (an initializer's member, forwarded by a parameter); a call before it is, and so is one from an initializer whose member is a variable
 * check-command: $WB audit --repo $REPO compat-context | grep ': warning: ' | sed 's/^[^ ]* warning: //'
 * check-exit-value: 1
 *
 * check-output-start
 * io_wq_submit_work() -> create_io_worker() -> create_io_thread() -> copy_process() -> copy_thread() -> shstk_alloc_thread_stack() -> in_ia32_syscall() [compat-context]
 * io_issue_sqe() -> copy_process() -> copy_thread() -> set_new_tls() -> in_ia32_syscall() [compat-context]
 * io_issue_sqe() -> copy_process() -> copy_thread() -> shstk_alloc_thread_stack() -> in_ia32_syscall() [compat-context]
 * check-output-end
 */
