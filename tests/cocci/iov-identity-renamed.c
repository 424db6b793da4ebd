// SPDX-License-Identifier: GPL-2.0
/* The same assumptions after the field became __iov (6.4 and later). */
static void map_rw(struct async_rw *io, struct iov_iter *iter,
		   const struct iovec *iovec, const struct iovec *fast_iov)
{
	if (!iovec) {
		unsigned int iov_off = 0;

		io->iter.__iov = io->fast_iov;
		if (iter->__iov != fast_iov) {
			iov_off = iter_iov(iter) - fast_iov;
			io->iter.__iov += iov_off;
		}
	}
}

static void setup_async_msg(struct async_msghdr *async_msg,
			    struct async_msghdr *kmsg)
{
	if (iter_is_iovec(&kmsg->msg.msg_iter) && !kmsg->free_iov) {
		size_t fast_idx = iter_iov(&kmsg->msg.msg_iter) - kmsg->fast_iov;

		async_msg->msg.msg_iter.__iov = &async_msg->fast_iov[fast_idx];
	}
}

static size_t seg_len(struct iov_iter *iter)
{
	return iter_iov(iter)->iov_len;
}

/*
 * check-name: __iov and iter_iov() are matched like iov
 * cocci-rules: iov-identity
 * cocci-expect: iov-identity call=9:2 how=reset at=9 func=map_rw expr=io->iter.__iov=io->fast_iov
 * cocci-expect: iov-identity call=10:6 how=compare at=10 func=map_rw expr=iter->__iov!=fast_iov
 * cocci-expect: iov-identity call=11:13 how=subtract at=11 func=map_rw expr=iter_iov(iter)-fast_iov
 * cocci-expect: iov-identity call=12:3 how=rebase at=12 func=map_rw expr=io->iter.__iov+=iov_off
 * cocci-expect: iov-identity call=21:20 how=subtract at=21 func=setup_async_msg expr=iter_iov(&kmsg->msg.msg_iter)-kmsg->fast_iov
 * cocci-expect: iov-identity call=23:2 how=reset at=23 func=setup_async_msg expr=async_msg->msg.msg_iter.__iov=&async_msg->fast_iov[fast_idx]
 */
