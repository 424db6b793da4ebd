// wb-file: io_uring/opdef.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The 6.x shape: request handlers are reached through a table of function
 * pointers (def->prep(), def->issue()), never called by name.
 */
const struct io_issue_def io_issue_defs[] = {
	[IORING_OP_NOP] = {
		.prep			= io_nop_prep,
		.issue			= io_nop,
	},
	[IORING_OP_SENDMSG] = {
		.needs_file		= 1,
		.prep			= io_sendmsg_prep,
		.issue			= io_sendmsg,
	},
	[IORING_OP_TIMEOUT] = {
		.prep			= io_timeout_prep,
		.issue			= io_timeout,
	},
	[IORING_OP_LINK_TIMEOUT] = {
		.prep			= io_link_timeout_prep,
		.issue			= io_no_issue,
	},
};

const struct io_cold_def io_cold_defs[] __ro_after_init = {
	[IORING_OP_SENDMSG] = {
		.name			= "SENDMSG",
		.cleanup		= io_sendmsg_recvmsg_cleanup,
		.prep_async		= io_sendmsg_prep_async,
	},
};
// wb-file: io_uring/net.c
// SPDX-License-Identifier: GPL-2.0
static int io_sendmsg_copy_hdr(struct io_kiocb *req, struct io_async_msghdr *iomsg)
{
	return sendmsg_copy_msghdr(&iomsg->msg, req->sr_msg.umsg, req->sr_msg.msg_flags,
				   &iomsg->free_iov);
}

int io_sendmsg_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	req->sr_msg.umsg = u64_to_user_ptr(READ_ONCE(sqe->addr));
	return 0;
}

int io_sendmsg(struct io_kiocb *req, unsigned int issue_flags)
{
	struct io_async_msghdr iomsg;

	return io_sendmsg_copy_hdr(req, &iomsg);
}

void io_sendmsg_recvmsg_cleanup(struct io_kiocb *req)
{
	kfree(req->async_data);
}

int io_sendmsg_prep_async(struct io_kiocb *req)
{
	return io_sendmsg_copy_hdr(req, req->async_data);
}
// wb-file: io_uring/timeout.c
// SPDX-License-Identifier: GPL-2.0
static int __io_timeout_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	struct io_timeout_data *data = req->async_data;

	if (get_timespec64(&data->ts, u64_to_user_ptr(sqe->addr)))
		return -EFAULT;
	return 0;
}

int io_timeout_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	return __io_timeout_prep(req, sqe);
}

int io_link_timeout_prep(struct io_kiocb *req, const struct io_uring_sqe *sqe)
{
	return __io_timeout_prep(req, sqe);
}
// wb-file: kernel/time/time.c
// SPDX-License-Identifier: GPL-2.0
int get_timespec64(struct timespec64 *ts, const struct __kernel_timespec __user *uts)
{
	struct __kernel_timespec kts;

	if (copy_from_user(&kts, uts, sizeof(kts)))
		return -EFAULT;
	/* zero out the padding in compat mode */
	if (in_compat_syscall())
		kts.tv_nsec &= 0xFFFFFFFFUL;
	ts->tv_sec = kts.tv_sec;
	ts->tv_nsec = kts.tv_nsec;
	return 0;
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

/* a table that is not a request entry point: its handlers run in the caller's syscall */
static const struct proto_ops inet_stream_ops = {
	.sendmsg	= inet_sendmsg,
};

static int inet_sendmsg(struct socket *sock, struct msghdr *msg, size_t size)
{
	return sendmsg_copy_msghdr(msg, NULL, 0, NULL);
}
// wb-file: tools/testing/selftests/uring/table.c
// SPDX-License-Identifier: GPL-2.0
/* user space, excluded by the check: never a kernel path */
static const struct io_issue_def io_issue_defs[] = {
	[0] = { .issue = tool_issue },
};

static int tool_issue(void)
{
	return in_compat_syscall();
}
/*
 * check-name: compat-context: handlers stored in an entry table start paths (prep and issue alike, attributes after the table name); every chain is shown; other tables and excluded paths do not count
 * check-command: $WB audit --repo $REPO compat-context | wb_norm
 * check-command: $WB audit --repo $REPO --format=json compat-context | python3 -c 'import json, sys; [print(p["entry"], p["via"], p["steps"][0]["table"], p["steps"][0]["function"], p["steps"][0]["calls"], len(p["steps"])) for p in json.load(sys.stdin)["audits"][0]["paths"]]'
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit compat-context at HEAD (<HEAD>)
 *
 * io_uring/opdef.c:14:14: warning: io_issue_defs[] -> io_sendmsg() -> io_sendmsg_copy_hdr() -> sendmsg_copy_msghdr() -> in_compat_syscall() [compat-context]
 * io_uring/net.c:18:9: note: io_sendmsg() calls io_sendmsg_copy_hdr()
 * io_uring/net.c:4:9: note: io_sendmsg_copy_hdr() calls sendmsg_copy_msghdr()
 * net/socket.c:5:6: note: sendmsg_copy_msghdr() calls in_compat_syscall()
 * io_uring/opdef.c:17:13: warning: io_issue_defs[] -> io_timeout_prep() -> __io_timeout_prep() -> get_timespec64() -> in_compat_syscall() [compat-context]
 * io_uring/timeout.c:13:9: note: io_timeout_prep() calls __io_timeout_prep()
 * io_uring/timeout.c:6:6: note: __io_timeout_prep() calls get_timespec64()
 * kernel/time/time.c:9:6: note: get_timespec64() calls in_compat_syscall()
 * io_uring/opdef.c:21:13: warning: io_issue_defs[] -> io_link_timeout_prep() -> __io_timeout_prep() -> get_timespec64() -> in_compat_syscall() [compat-context]
 * io_uring/timeout.c:18:9: note: io_link_timeout_prep() calls __io_timeout_prep()
 * io_uring/timeout.c:6:6: note: __io_timeout_prep() calls get_timespec64()
 * kernel/time/time.c:9:6: note: get_timespec64() calls in_compat_syscall()
 * io_uring/opdef.c:30:18: warning: io_cold_defs[] -> io_sendmsg_prep_async() -> io_sendmsg_copy_hdr() -> sendmsg_copy_msghdr() -> in_compat_syscall() [compat-context]
 * io_uring/net.c:28:9: note: io_sendmsg_prep_async() calls io_sendmsg_copy_hdr()
 * io_uring/net.c:4:9: note: io_sendmsg_copy_hdr() calls sendmsg_copy_msghdr()
 * net/socket.c:5:6: note: sendmsg_copy_msghdr() calls in_compat_syscall()
 *
 * compat-context: 4 paths from 2 entry points, the shortest per entry and query, of 4 chains; 14 functions followed, depth 6 (12 in the indirect scope)
 * io_issue_defs table io_issue_defs None io_sendmsg 4
 * io_issue_defs table io_issue_defs None io_timeout_prep 4
 * io_issue_defs table io_issue_defs None io_link_timeout_prep 4
 * io_cold_defs table io_cold_defs None io_sendmsg_prep_async 4
 * check-output-end
 */
