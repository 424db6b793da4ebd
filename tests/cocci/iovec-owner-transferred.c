// SPDX-License-Identifier: GPL-2.0
/* The allocation outlives the call: stored in a request that frees it. */
static int rw_prep_async(struct io_kiocb *req, const struct iovec __user *uvec,
			 unsigned long nr)
{
	struct io_async_rw *iorw = req->async_data;
	struct iovec *iov = iorw->fast_iov;
	int ret;

	ret = import_iovec(READ, uvec, nr, UIO_FASTIOV, &iov, &iorw->iter);
	if (unlikely(ret < 0))
		return ret;

	iorw->free_iovec = iov;
	if (iov)
		req->flags |= REQ_F_NEED_CLEANUP;
	return 0;
}

static int recvmsg_copy_hdr(struct io_async_msghdr *iomsg,
			    struct iovec __user *uiov, size_t len)
{
	iomsg->free_iov = iomsg->fast_iov;
	return __import_iovec(READ, uiov, len, UIO_FASTIOV, &iomsg->free_iov,
			      &iomsg->msg.msg_iter, false);
}

/*
 * check-name: the out-parameter is stored in, or is, a struct field
 * cocci-rules: import-iovec-*
 * cocci-expect: owner call=10:7 how=transferred at=14 field=free_iovec
 * cocci-expect: owner call=24:8 how=transferred at=24 field=free_iov
 */
