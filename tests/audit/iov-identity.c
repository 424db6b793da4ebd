// wb-file: io_uring/compare.c
// SPDX-License-Identifier: GPL-2.0
/* Whether the iterator still uses the cache, by comparing pointers. */
static bool uses_cache(struct io_async *io, struct iov_iter iter)
{
	if (iter.iov != io->fast_iov)
		return false;
	return io->fast_iov == iter.iov;
}

static bool empty(struct iov_iter *iter)
{
	return iter->iov == NULL;
}
// wb-file: io_uring/copy.c
// SPDX-License-Identifier: GPL-2.0
/* Copy the segments into a cache of our own and re-base the iterator. */
static void map_rw(struct async_rw *rw, struct iov_iter *iter,
		   const struct iovec *fast_iov)
{
	unsigned int off = seg_off(iter, fast_iov);

	memcpy(rw->fast_iov, iter->iov, sizeof(struct iovec) * iter->nr_segs);
	rw->iter.iov = rw->fast_iov;
	rw->iter.iov += off;
}

/* A fresh array from an allocator is not a cache. */
static int dup_segs(struct iov_iter *new, struct iov_iter *old)
{
	new->iov = kmemdup(old->iov, old->nr_segs * sizeof(struct iovec),
			   GFP_KERNEL);
	return new->iov ? 0 : -ENOMEM;
}
// wb-file: io_uring/negative.c
// SPDX-License-Identifier: GPL-2.0
/* Reading through the iterator assumes nothing about where it points. */
static size_t first_len(struct iov_iter iter, struct iov_iter *it)
{
	size_t len = iter.iov->iov_len - iter.iov_offset;
	void __user *base = it->iov[0].iov_base;

	if (it->iov[0].iov_len == len)
		return len - it->iov->iov_len;
	return base ? len : 0;
}
// wb-file: io_uring/renamed.c
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
// wb-file: io_uring/reset.c
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
// wb-file: io_uring/subtract.c
// SPDX-License-Identifier: GPL-2.0
/* The offset into the on-stack cache, by pointer subtraction. */
static unsigned int seg_index(struct iov_iter *iter,
			      const struct iovec *fast_iov)
{
	return iter->iov - fast_iov;
}

/* A cursor read from the iterator itself is no assumption. */
static void skip_empty(struct iov_iter *i)
{
	const struct iovec *iov = i->iov;

	while (!iov->iov_len)
		iov++;
	i->nr_segs -= iov - i->iov;
	i->iov = iov;
}
// wb-file: fs/elsewhere.c
// SPDX-License-Identifier: GPL-2.0
/* The offset into the on-stack cache, by pointer subtraction. */
static unsigned int seg_index(struct iov_iter *iter,
			      const struct iovec *fast_iov)
{
	return iter->iov - fast_iov;
}

/* A cursor read from the iterator itself is no assumption. */
static void skip_empty(struct iov_iter *i)
{
	const struct iovec *iov = i->iov;

	while (!iov->iov_len)
		iov++;
	i->nr_segs -= iov - i->iov;
	i->iov = iov;
}
/*
 * check-name: iov-identity: subtraction, comparison, copy, reset, renamed __iov and iter_iov(); a read through iter.iov is not one; io_uring by default, --all for every file
 * check-command: $WB audit --repo $REPO iov-identity | wb_norm
 * check-command: $WB audit --repo $REPO --all iov-identity | grep -E '^fs/|^iov-identity:'
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit iov-identity at HEAD (<HEAD>)
 *
 * io_uring/compare.c:5:6: warning: iov-identity how=compare at=5 expr=iter.iov!=io->fast_iov [iov-identity]
 * io_uring/compare.c:7:25: warning: iov-identity how=compare at=7 expr=io->fast_iov==iter.iov [iov-identity]
 * io_uring/copy.c:8:23: warning: iov-identity how=copy at=8 expr=memcpy(rw->fast_iov,iter->iov,sizeof(structiovec)*iter->nr_segs) [iov-identity]
 * io_uring/copy.c:9:2: warning: iov-identity how=copy at=9 expr=rw->iter.iov=rw->fast_iov [iov-identity]
 * io_uring/copy.c:10:2: warning: iov-identity how=copy at=10 expr=rw->iter.iov+=off [iov-identity]
 * io_uring/renamed.c:9:3: warning: iov-identity how=reset at=9 expr=io->iter.__iov=io->fast_iov [iov-identity]
 * io_uring/renamed.c:10:7: warning: iov-identity how=compare at=10 expr=iter->__iov!=fast_iov [iov-identity]
 * io_uring/renamed.c:11:14: warning: iov-identity how=subtract at=11 expr=iter_iov(iter)-fast_iov [iov-identity]
 * io_uring/renamed.c:12:4: warning: iov-identity how=copy at=12 expr=io->iter.__iov+=iov_off [iov-identity]
 * io_uring/renamed.c:21:21: warning: iov-identity how=subtract at=21 expr=iter_iov(&kmsg->msg.msg_iter)-kmsg->fast_iov [iov-identity]
 * io_uring/renamed.c:23:3: warning: iov-identity how=reset at=23 expr=async_msg->msg.msg_iter.__iov=&async_msg->fast_iov[fast_idx] [iov-identity]
 * io_uring/reset.c:10:3: warning: iov-identity how=reset at=10 expr=async_msg->msg.msg_iter.iov=async_msg->fast_iov [iov-identity]
 * io_uring/subtract.c:6:9: warning: iov-identity how=subtract at=6 expr=iter->iov-fast_iov [iov-identity]
 *
 * iov-identity: 13 findings in 5 files; 6 of 6 files in scope looked at
 * fs/elsewhere.c:6:9: warning: iov-identity how=subtract at=6 expr=iter->iov-fast_iov [iov-identity]
 * iov-identity: 14 findings in 6 files; 7 of 7 files in scope looked at
 * check-output-end
 */
