// wb-file: lib/iovec-iter-stored.c
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
// wb-file: lib/iovec-owner-frees-returned.c
// SPDX-License-Identifier: GPL-2.0
/* The caller frees what import_iovec() handed back in its out-parameter. */
static ssize_t do_writev(struct file *file, const struct iovec __user *vec,
			 unsigned long vlen, loff_t *pos)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(WRITE, vec, vlen, ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret >= 0) {
		ret = do_iter_write(file, &iter, pos);
		kfree(iov);
	}
	return ret;
}
// wb-file: lib/iovec-owner-frees-via-iter.c
// SPDX-License-Identifier: GPL-2.0
/* Freed through the iterator: right only while iter.iov is the allocation. */
static ssize_t do_send(struct sock *sk, const struct iovec __user *vec,
		       unsigned long vlen)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(WRITE, vec, vlen, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	ret = sock_send_iter(sk, &iter);
	if (iov != iovstack)
		kfree(iter.iov);
	return ret;
}

static ssize_t do_recv(struct sock *sk, const struct iovec __user *vec,
		       unsigned long vlen, struct iov_iter *it)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	ssize_t ret;

	ret = __import_iovec(READ, vec, vlen, UIO_FASTIOV, &iov, it, false);
	if (ret < 0)
		return ret;
	ret = sock_recv_iter(sk, it);
	kfree(iter_iov(it));
	return ret;
}
// wb-file: lib/iovec-owner-none.c
// SPDX-License-Identifier: GPL-2.0
/* Nobody frees the array: a leak whenever more than UIO_FASTIOV segments. */
static ssize_t peek_vec(struct file *file, const struct iovec __user *vec,
			unsigned long vlen)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(READ, vec, vlen, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	return peek_iter(file, &iter);
}
// wb-file: lib/iovec-owner-transferred.c
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
// wb-file: lib/iovec-result-count.c
// SPDX-License-Identifier: GPL-2.0
/* The result is the number of bytes: compared, added, passed on. */
static ssize_t vec_len(const struct iovec __user *uvec, unsigned long nr)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	struct iov_iter iter;
	ssize_t len;

	len = import_iovec(WRITE, uvec, nr, UIO_FASTIOV, &iov, &iter);
	if (len < 0)
		return len;
	kfree(iov);
	return len;
}

static int check_len(struct ctx *c, const struct iovec __user *uvec,
		     unsigned long nr, size_t want)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	ssize_t ret;

	ret = import_iovec(READ, uvec, nr, UIO_FASTIOV, &iov, &c->iter);
	if (ret < 0)
		return ret;
	if (ret != want) {
		kfree(iov);
		return -EINVAL;
	}
	c->total += ret;
	c->iov = iov;
	return 0;
}

static ssize_t my_import(int rw, const struct iovec __user *uvec,
			 unsigned long nr, struct iovec **iovp,
			 struct iov_iter *i)
{
	return __import_iovec(rw, uvec, nr, UIO_FASTIOV, iovp, i, false);
}

static void account(struct ctx *c, const struct iovec __user *uvec,
		    unsigned long nr, struct iovec **iovp)
{
	add_bytes(c, import_iovec(READ, uvec, nr, UIO_FASTIOV, iovp, &c->iter));
}
// wb-file: lib/iovec-result-error-only.c
// SPDX-License-Identifier: GPL-2.0
/* Only the sign of the result matters to these callers. */
static ssize_t do_readv(struct file *file, const struct iovec __user *vec,
			unsigned long vlen, loff_t *pos)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(READ, vec, vlen, ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret >= 0) {
		ret = do_iter_read(file, &iter, pos);
		kfree(iov);
	}
	return ret;
}

static int copy_hdr(struct msghdr *kmsg, struct iovec __user *uiov,
		    size_t nr, struct iovec **iov)
{
	ssize_t err;

	err = import_iovec(WRITE, uiov, nr, UIO_FASTIOV, iov, &kmsg->msg_iter);
	return err < 0 ? err : 0;
}

static int prep_send(struct sr *sr, struct msghdr *msg)
{
	struct iovec iov;
	int ret;

	ret = import_single_range(WRITE, sr->buf, sr->len, &iov, &msg->msg_iter);
	if (unlikely(ret))
		return ret;
	return 0;
}

static int prep_recv(struct async_msghdr *iomsg, struct iovec __user *uiov,
		     size_t len)
{
	int ret;

	iomsg->free_iov = iomsg->fast_iov;
	ret = __import_iovec(READ, uiov, len, UIO_FASTIOV, &iomsg->free_iov,
			     &iomsg->msg.msg_iter, false);
	if (ret > 0)
		ret = 0;
	return ret;
}
// wb-file: lib/iovec-result-ignored.c
// SPDX-License-Identifier: GPL-2.0
/* The import is trusted to succeed: its result is never looked at. */
static void setup_iter(struct req *r, void __user *buf, size_t len)
{
	struct iovec iov;

	import_single_range(WRITE, buf, len, &iov, &r->iter);
	r->ready = 1;
}

static ssize_t setup_vec(struct req *r, const struct iovec __user *uvec,
			 unsigned long nr)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	ssize_t ret;

	ret = import_iovec(READ, uvec, nr, UIO_FASTIOV, &iov, &r->iter);
	r->ready = 1;
	kfree(iov);
	return 0;
}
/*
 * check-name: import-iovec: how the result is used (count, error-only, ignored) and who frees the iovec, as evidence
 * check-command: $WB audit --repo $REPO import-iovec | wb_norm
 *
 * check-output-start
 * audit import-iovec at HEAD (<HEAD>)
 *
 * import_iovec()
 *     rw_setup()                          lib/iovec-iter-stored.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; iter-stored at=13 field=iter [import-iovec-owner.cocci]; owner how=transferred at=14 field=free_iovec [import-iovec-owner.cocci]
 *     do_writev()                         lib/iovec-owner-frees-returned.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=frees-returned at=14 [import-iovec-owner.cocci]
 *     do_send()                           lib/iovec-owner-frees-via-iter.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; owner how=frees-via-iter at=15 [import-iovec-owner.cocci]
 *     peek_vec()                          lib/iovec-owner-none.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=none at=15 [import-iovec-owner.cocci]
 *     rw_prep_async()                     lib/iovec-owner-transferred.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; owner how=transferred at=14 field=free_iovec [import-iovec-owner.cocci]
 *     vec_len()                           lib/iovec-result-count.c:9  count (analysis)
 *         = result use=count at=13 [import-iovec-result.cocci]; owner how=frees-returned at=12 [import-iovec-owner.cocci]
 *     check_len()                         lib/iovec-result-count.c:22  count (analysis)
 *         = result use=count at=25 [import-iovec-result.cocci]; owner how=frees-returned at=26 [import-iovec-owner.cocci]; owner how=transferred at=30 field=iov [import-iovec-owner.cocci]
 *     account()                           lib/iovec-result-count.c:44  count (analysis)
 *         = result use=count at=44 [import-iovec-result.cocci]; owner how=transferred at=44 field=*iovp [import-iovec-owner.cocci]
 *     do_readv()                          lib/iovec-result-error-only.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=frees-returned at=14 [import-iovec-owner.cocci]
 *     copy_hdr()                          lib/iovec-result-error-only.c:24  error-only (analysis)
 *         = result use=error-only at=25 [import-iovec-result.cocci]; owner how=transferred at=24 field=*iov [import-iovec-owner.cocci]
 *     setup_vec()                         lib/iovec-result-ignored.c:17  ignored (analysis)
 *         = result use=ignored at=17 [import-iovec-result.cocci]; owner how=frees-returned at=19 [import-iovec-owner.cocci]
 * __import_iovec()
 *     do_recv()                           lib/iovec-owner-frees-via-iter.c:25  error-only (analysis)
 *         = result use=error-only at=26 [import-iovec-result.cocci]; owner how=frees-via-iter at=29 [import-iovec-owner.cocci]
 *     recvmsg_copy_hdr()                  lib/iovec-owner-transferred.c:24  [wrapper, detected]
 *         (no callers)
 *     my_import()                         lib/iovec-result-count.c:38  [wrapper, detected]
 *         (no callers)
 *     prep_recv()                         lib/iovec-result-error-only.c:45  error-only (analysis)
 *         = result use=error-only at=47 [import-iovec-result.cocci]; owner how=transferred at=45 field=free_iov [import-iovec-owner.cocci]
 * import_single_range()
 *     msg_setup()                         lib/iovec-iter-stored.c:24  error-only (analysis)
 *         = result use=error-only at=25 [import-iovec-result.cocci]; iter-stored at=27 field=saved_iter [import-iovec-owner.cocci]
 *     prep_send()                         lib/iovec-result-error-only.c:33  error-only (analysis)
 *         = result use=error-only at=34 [import-iovec-result.cocci]
 *     setup_iter()                        lib/iovec-result-ignored.c:7  ignored (analysis)
 *         = result use=ignored at=7 [import-iovec-result.cocci]
 *
 * import-iovec: 18 call sites in 18 functions, 0 references, 2 wrappers (0 listed, 2 detected); 8 files
 * not called: import_ubuf(), compat_import_iovec()
 * verdicts: 11 error-only, 3 count, 2 ignored
 * check-output-end
 */
