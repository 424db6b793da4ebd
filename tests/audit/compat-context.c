// wb-file: io_uring/io_uring.c
// SPDX-License-Identifier: GPL-2.0
/* ring setup runs in the submitting task's own syscall: asking is fine */
static int io_ring_create(struct io_ring_ctx *ctx, struct io_uring_params *p)
{
	ctx->compat = in_compat_syscall();
	return io_ring_alloc(ctx, p);
}

/* waiting for completions also runs in the caller's syscall */
static int io_ring_wait(struct io_ring_ctx *ctx, const sigset_t __user *sig, size_t sigsz)
{
	if (in_compat_syscall())
		return set_compat_user_sigmask((const compat_sigset_t __user *)sig, sigsz);
	return set_user_sigmask(sig, sigsz);
}

static int io_sendmsg(struct io_kiocb *req, unsigned int flags)
{
	struct msghdr msg;

	return sendmsg_copy_msghdr(&msg, req->sr_msg.umsg, req->sr_msg.msg_flags, NULL);
}

static int io_read(struct io_kiocb *req, unsigned int flags)
{
	/* the ring's own answer: no query */
	return io_import(req, req->ctx->compat);
}

static int io_issue_sqe(struct io_kiocb *req, unsigned int issue_flags)
{
	switch (req->opcode) {
	case IORING_OP_SENDMSG:
		return io_sendmsg(req, issue_flags);
	case IORING_OP_READV:
		return io_read(req, issue_flags);
	}
	return -EINVAL;
}

static void io_wq_submit_work(struct io_wq_work *work)
{
	io_issue_sqe(container_of(work, struct io_kiocb, work), 0);
}
// wb-file: net/socket.c
// SPDX-License-Identifier: GPL-2.0
int sendmsg_copy_msghdr(struct msghdr *msg, struct user_msghdr __user *umsg,
			unsigned int flags, struct iovec **iov)
{
	if (in_compat_syscall())
		return get_compat_msghdr(msg, (struct compat_msghdr __user *)umsg, NULL, iov);
	return copy_msghdr_from_user(msg, umsg, NULL, iov);
}
/*
 * check-name: compat-context: a query reached from request issue through a net/ helper is flagged with its chain; setup and waiting are not
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-exit-value: 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/io_uring.c:34:10: warning: io_issue_sqe() -> io_sendmsg() -> sendmsg_copy_msghdr() -> in_compat_syscall() [compat-context]
 * io_uring/io_uring.c:21:9: note: io_sendmsg() calls sendmsg_copy_msghdr()
 * net/socket.c:5:6: note: sendmsg_copy_msghdr() calls in_compat_syscall()
 *
 * compat-context: 1 path from 1 entry point, the shortest per entry and query, of 1 chain; 8 functions followed, depth 6 (12 in the indirect scope)
 * check-output-end
 */
