// SPDX-License-Identifier: GPL-2.0
/* After copying the message, point the iterator at the copied cache. */
static int setup_async_msg(struct io_kiocb *req, struct async_msghdr *kmsg)
{
	struct async_msghdr *async_msg = req->async_data;

	memcpy(async_msg, kmsg, sizeof(*kmsg));
	/* if we were using fast_iov, set it to the new one */
	if (!async_msg->free_iov)
		async_msg->msg.msg_iter.iov = async_msg->fast_iov;
	return -EAGAIN;
}

/*
 * check-name: iterator reset to the cache when nothing was allocated
 * cocci-rules: iov-identity
 * cocci-expect: iov-identity call=10:2 how=reset at=10 func=setup_async_msg expr=async_msg->msg.msg_iter.iov=async_msg->fast_iov
 */
