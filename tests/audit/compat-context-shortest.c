// wb-file: io_uring/io_uring.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Two routes from the SQPOLL thread to the same query, and a third one,
 * longer, through prep: one chain each (entry, query), the shortest.
 */
static int io_prep_hdr(struct io_kiocb *req)
{
	return io_copy_hdr(req);
}

static int io_req_prep(struct io_kiocb *req)
{
	return io_prep_hdr(req);
}

static int io_sendmsg(struct io_kiocb *req)
{
	return io_copy_hdr(req);
}

static int io_recvmsg(struct io_kiocb *req)
{
	return io_copy_hdr(req);
}

static int io_copy_hdr(struct io_kiocb *req)
{
	return copy_msghdr(req);
}

static int io_submit_sqe(struct io_kiocb *req)
{
	if (io_req_prep(req))
		return -EINVAL;
	if (req->opcode == IORING_OP_SENDMSG)
		return io_sendmsg(req);
	return io_recvmsg(req);
}

static int io_sq_thread(void *data)
{
	struct io_kiocb *req = data;

	return io_submit_sqe(req) + io_timeout(req);
}

static int io_timeout(struct io_kiocb *req)
{
	return get_ts(req);
}
// wb-file: net/socket.c
// SPDX-License-Identifier: GPL-2.0
int copy_msghdr(struct io_kiocb *req)
{
	return in_compat_syscall() ? 1 : 0;
}

int get_ts(struct io_kiocb *req)
{
	if (in_compat_syscall())
		return 1;
	return 0;
}
/*
 * check-name: compat-context: each (entry, query) pair is shown once, by its shortest chain; all chains are counted
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-command: $WB audit --repo $REPO --depth 20 compat-context | grep -c ': warning: '
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/io_uring.c:44:30: warning: io_sq_thread() -> io_timeout() -> get_ts() -> in_compat_syscall() [compat-context]
 * io_uring/io_uring.c:49:9: note: io_timeout() calls get_ts()
 * net/socket.c:9:6: note: get_ts() calls in_compat_syscall()
 * io_uring/io_uring.c:44:9: warning: io_sq_thread() -> io_submit_sqe() -> io_sendmsg() -> io_copy_hdr() -> copy_msghdr() -> in_compat_syscall() [compat-context]
 * io_uring/io_uring.c:36:10: note: io_submit_sqe() calls io_sendmsg()
 * io_uring/io_uring.c:18:9: note: io_sendmsg() calls io_copy_hdr()
 * io_uring/io_uring.c:28:9: note: io_copy_hdr() calls copy_msghdr()
 * net/socket.c:4:9: note: copy_msghdr() calls in_compat_syscall()
 *
 * compat-context: 2 paths from 1 entry point, the shortest per entry and query, of 4 chains; 13 functions followed, depth 6 (12 in the indirect scope)
 * 2
 * check-output-end
 */
