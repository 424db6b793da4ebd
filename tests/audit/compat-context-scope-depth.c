// wb-file: io_uring/sqpoll.c
// SPDX-License-Identifier: GPL-2.0
/* the SQPOLL thread reaches the query nine calls down, all but the last two in io_uring */
static int io_step7(struct io_kiocb *req)
{
	return copy_hdr(req);
}

static int io_step6(struct io_kiocb *req)
{
	return io_step7(req);
}

static int io_step5(struct io_kiocb *req)
{
	return io_step6(req);
}

static int io_step4(struct io_kiocb *req)
{
	return io_step5(req);
}

static int io_step3(struct io_kiocb *req)
{
	return io_step4(req);
}

static int io_step2(struct io_kiocb *req)
{
	return io_step3(req);
}

static int io_step1(struct io_kiocb *req)
{
	return io_step2(req);
}

static int io_sq_thread(void *data)
{
	return io_step1(data);
}
// wb-file: net/socket.c
// SPDX-License-Identifier: GPL-2.0
int copy_hdr(struct io_kiocb *req)
{
	return in_compat_syscall();
}
// wb-file: io_uring/io-wq.c
// SPDX-License-Identifier: GPL-2.0
/* the same depth through code outside io_uring: past depth 6, not followed */
static void io_wq_submit_work(struct io_wq_work *work)
{
	drv_step1(work);
}
// wb-file: drivers/toy/deep.c
// SPDX-License-Identifier: GPL-2.0
int drv_step1(struct io_wq_work *w)
{
	return drv_step2(w);
}

int drv_step2(struct io_wq_work *w)
{
	return drv_step3(w);
}

int drv_step3(struct io_wq_work *w)
{
	return drv_step4(w);
}

int drv_step4(struct io_wq_work *w)
{
	return drv_step5(w);
}

int drv_step5(struct io_wq_work *w)
{
	return drv_step6(w);
}

int drv_step6(struct io_wq_work *w)
{
	return drv_step7(w);
}

int drv_step7(struct io_wq_work *w)
{
	return ask(w);
}

int ask(struct io_wq_work *w)
{
	return in_compat_syscall();
}
/*
 * check-name: compat-context: past depth 6, callers in the indirect scope (io_uring) are followed up to scope-depth, others not
 * check-command: $WB audit --repo $REPO compat-context | grep -v ': note: ' | wb_norm
 * check-exit-value: 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/sqpoll.c:40:9: warning: io_sq_thread() -> io_step1() -> io_step2() -> io_step3() -> io_step4() -> io_step5() -> io_step6() -> io_step7() -> copy_hdr() -> in_compat_syscall() [compat-context]
 *
 * compat-context: 1 path from 1 entry point, the shortest per entry and query, of 1 chain; 18 functions followed, depth 6 (12 in the indirect scope) (reached: deeper callers not followed)
 * check-output-end
 */
