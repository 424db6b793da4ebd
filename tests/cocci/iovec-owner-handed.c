// SPDX-License-Identifier: GPL-2.0
/* The array handed to a helper: the audit reads the helper. */
static void vec_assign(struct req *req, struct async_msg *kmsg, struct iovec *iov)
{
	if (iov) {
		req->flags |= NEED_CLEANUP;
		kmsg->free_iov = iov;
	}
}

static int copy_hdr(struct req *req, struct async_msg *iomsg)
{
	struct iovec *iov = iomsg->fast_iov;
	ssize_t ret;

	ret = __import_iovec(READ, req->uvec, req->nr, UIO_FASTIOV, &iov, &iomsg->iter, false);
	if (unlikely(ret < 0))
		return ret;
	vec_assign(req, iomsg, iov);
	return 0;
}

/*
 * check-name: the iovec array handed to a helper
 * cocci-rules: import-iovec-owner
 * cocci-expect: owner call=16:7 how=handed at=19 helper=vec_assign arg=2
 */
