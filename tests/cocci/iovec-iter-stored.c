// SPDX-License-Identifier: GPL-2.0
/* The iterator is copied into a request and used after this returns. */
static int rw_setup(struct io_kiocb *req, struct io_async_rw *rw,
		    const struct iovec __user *uvec, unsigned long nr)
{
	struct iovec fast_iov[UIO_FASTIOV], *iov = fast_iov;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(WRITE, uvec, nr, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	memcpy(&rw->iter, &iter, sizeof(iter));
	rw->free_iovec = iov;
	return 0;
}

static int msg_setup(struct msg_req *m, void __user *buf, size_t len)
{
	struct iovec iov;
	struct iov_iter it;
	int ret;

	ret = import_single_range(READ, buf, len, &iov, &it);
	if (ret)
		return ret;
	m->saved_iter = it;
	return 0;
}

/*
 * check-name: the iov_iter is stored for deferred use
 * cocci-rules: import-iovec-*
 * cocci-expect: iter-stored call=10:7 at=13 field=iter
 * cocci-expect: iter-stored call=24:7 at=27 field=saved_iter
 * cocci-expect: owner call=10:7 how=transferred at=14 field=free_iovec
 */
