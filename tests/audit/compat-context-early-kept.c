// wb-file: io_uring/io-wq.c
// SPDX-License-Identifier: GPL-2.0
static int io_wq_worker(void *data)
{
	return 0;
}

/* configured out, its name is NULL: not known to be set */
#ifdef CONFIG_MAYBE
static int io_wq_maybe(void *data)
{
	return 0;
}
#else
#define io_wq_maybe NULL
#endif

void io_wq_submit_work(struct io_wq_work *work)
{
	create_thread_maybe(io_wq_maybe);
	create_thread_written(io_wq_worker);
	create_thread_assigned(io_wq_worker);
	create_thread_reparam(io_wq_worker);
	create_thread_ifdef(io_wq_worker);
	create_thread_label(io_wq_worker);
	create_thread_mode();
	create_thread_user();
}
// wb-file: include/linux/sched.h
// SPDX-License-Identifier: GPL-2.0
#define MODE_USER	1
#define MODE_KERNEL	2
// wb-file: kernel/fork.c
// SPDX-License-Identifier: GPL-2.0
int create_thread_maybe(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn };

	return thread_setup_y(&args);
}

int thread_setup_y(const struct clone_args *args)
{
	if (args->fn)
		return 0;
	return tls_y();
}

/* a function on the way writes a member of what it passes on */
int create_thread_written(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn };

	return thread_copy_w(&args);
}

int thread_copy_w(struct clone_args *args)
{
	args->fn = NULL;
	return thread_setup_w(args);
}

int thread_setup_w(const struct clone_args *args)
{
	if (args->fn)
		return 0;
	return tls_w();
}

/* a member assigned after the initializer: what it holds is not known */
int create_thread_assigned(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn, };

	args.fn = NULL;
	return thread_setup_a(&args);
}

int thread_setup_a(const struct clone_args *args)
{
	if (args->fn)
		return 0;
	return tls_a();
}

/* the parameter is assigned: what it points to is not known */
int create_thread_reparam(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn };

	return thread_setup_r(&args, NULL);
}

int thread_setup_r(const struct clone_args *args, const struct clone_args *other)
{
	if (other)
		args = other;
	if (args->fn)
		return 0;
	return tls_r();
}

/* a preprocessor line between the early return and the call */
int create_thread_ifdef(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn };

	return thread_setup_i(&args);
}

int thread_setup_i(const struct clone_args *args)
{
	if (args->fn)
		return 0;
#ifdef CONFIG_TLS
	tls_i();
#endif
	return 0;
}

/* a label between the early return and the call: a goto may come in */
int create_thread_label(int (*fn)(void *))
{
	struct clone_args args = { .fn = fn };

	return thread_setup_l(&args, 0);
}

int thread_setup_l(const struct clone_args *args, int flags)
{
	if (flags & 1)
		goto user;
	if (unlikely(args->fn))
		return 0;
user:
	return tls_l();
}

/* 'P->F == K': the constant passed decides, by the numbers; an #ifdef before the 'if' is no matter */
int create_thread_mode(void)
{
	struct clone_args args = { .flags = 0, .mode = MODE_KERNEL, };

	return thread_setup_m(&args);
}

int create_thread_user(void)
{
	struct clone_args args = { .mode = MODE_USER, .flags = 0 };

	return thread_setup_m(&args);
}

int thread_setup_m(const struct clone_args *args)
{
	int x = 0;

#ifdef CONFIG_X
	x = 1;
#else
	x = 2;
#endif
	if (likely(args->mode == MODE_KERNEL)) {
		init_kernel(x);
		return 0;
	}
	return tls_m();
}
// wb-file: arch/x86/kernel/tls.c
// SPDX-License-Identifier: GPL-2.0
int tls_y(void)
{
	return in_ia32_syscall();
}

int tls_w(void)
{
	return in_ia32_syscall();
}

int tls_a(void)
{
	return in_ia32_syscall();
}

int tls_r(void)
{
	return in_ia32_syscall();
}

int tls_i(void)
{
	return in_ia32_syscall();
}

int tls_l(void)
{
	return in_ia32_syscall();
}

int tls_m(void)
{
	return in_ia32_syscall();
}
/*
 * check-name: compat-context: a call after an early return on 'P->F' stays when the function passed may be a macro for NULL, a function on the way writes the member, the member is assigned after its initializer, the parameter is assigned, a preprocessor line or a label lies between; 'P->F == K' is decided by the constants' numbers
 * check-command: $WB audit --repo $REPO compat-context | grep ': warning: ' | sed 's/^[^ ]* warning: //'
 * check-exit-value: 1
 *
 * check-output-start
 * io_wq_submit_work() -> create_thread_maybe() -> thread_setup_y() -> tls_y() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_assigned() -> thread_setup_a() -> tls_a() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_reparam() -> thread_setup_r() -> tls_r() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_ifdef() -> thread_setup_i() -> tls_i() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_label() -> thread_setup_l() -> tls_l() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_user() -> thread_setup_m() -> tls_m() -> in_ia32_syscall() [compat-context]
 * io_wq_submit_work() -> create_thread_written() -> thread_copy_w() -> thread_setup_w() -> tls_w() -> in_ia32_syscall() [compat-context]
 * check-output-end
 */
