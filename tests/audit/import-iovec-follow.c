// wb-copy: cocci/iovec-owner-handed.c io_uring/net.c
// wb-file: fs/rw.c
// SPDX-License-Identifier: GPL-2.0
/* returns the import's result as it is: its callers decide */
static ssize_t rw_import(struct kiocb *req, struct iovec **iovec, struct iov_iter *iter)
{
	ssize_t ret;

	if (req->flags & BUFFER_SELECT)
		return select_buffer(req, iovec, iter);
	ret = __import_iovec(READ, req->uvec, req->nr, UIO_FASTIOV, iovec, iter, req->compat);
	return ret;
}

/* both callers only test it, then count the iterator */
static int rw_read(struct kiocb *req)
{
	struct iovec inline_vecs[UIO_FASTIOV], *iovec = inline_vecs;
	struct iov_iter iter;
	ssize_t ret;

	ret = rw_import(req, &iovec, &iter);
	if (ret < 0)
		return ret;
	req->len = iov_iter_count(&iter);
	kfree(iovec);
	return 0;
}

static int rw_prep_async(struct kiocb *req)
{
	struct iovec *iov = req->fast_iov;
	ssize_t ret;

	ret = rw_import(req, &iov, &req->iter);
	if (unlikely(ret < 0))
		return ret;
	req->free_iovec = iov;
	return 0;
}

/* returns it too, and its only caller uses it as a length */
static ssize_t sum_import(struct sum *s, struct iovec **iovp)
{
	ssize_t ret;

	s->calls++;
	s->flags |= SUM_VEC;
	ret = import_iovec(WRITE, s->uvec, s->nr, UIO_FASTIOV, iovp, &s->iter);
	return ret;
}

static int sum_all(struct sum *s)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	ssize_t n = sum_import(s, &iov);

	if (n < 0)
		return n;
	s->total += n;
	kfree(iov);
	return 0;
}
// wb-file: fs/other.c
// SPDX-License-Identifier: GPL-2.0
/* a static function of the same name elsewhere: its callers are not rw_import()'s */
static int rw_import(struct thing *t)
{
	return t->n;
}

static int use_other(struct thing *t)
{
	return rw_import(t) + 4096;
}
// wb-file: lib/iov_iter.c
// SPDX-License-Identifier: GPL-2.0
ssize_t import_iovec(int type, const struct iovec __user *uvec, unsigned nr_segs,
		     unsigned fast_segs, struct iovec **iovp, struct iov_iter *i)
{
	return __import_iovec(type, uvec, nr_segs, fast_segs, iovp, i, in_compat_syscall());
}
/*
 * check-name: import-iovec: a result returned as it is is decided by the function's callers (error-only when they only test it, count when one uses it as a length; a static function's callers in its own file only); an array handed to a helper that stores it is transferred
 * check-command: $WB audit --repo $REPO import-iovec | wb_norm
 * check-exit-value: 0
 *
 * check-output-start
 * audit import-iovec at HEAD (<HEAD>)
 *
 * __import_iovec()
 *     rw_import()                         fs/rw.c:9  error-only (analysis)
 *         = result use=returned at=10 func=rw_import [import-iovec-result.cocci]; owner how=transferred at=9 field=*iovec [import-iovec-owner.cocci]; returned-to callers=2 count=0 error-only=2 ignored=0 returning=0 at=fs/rw.c:20 [import-iovec-result.cocci]
 *     copy_hdr()                          io_uring/net.c:16  error-only (analysis)
 *         = result use=error-only at=17 [import-iovec-result.cocci]; owner how=handed at=19 helper=vec_assign arg=2 [import-iovec-owner.cocci]; owner how=transferred at=16 via=vec_assign field=free_iov [import-iovec-owner.cocci]
 *     import_iovec()                      lib/iov_iter.c:5  [wrapper, detected]
 *         sum_import()                    fs/rw.c:47  count (analysis)
 *             = result use=returned at=48 func=sum_import [import-iovec-result.cocci]; owner how=transferred at=47 field=*iovp [import-iovec-owner.cocci]; returned-to callers=1 count=1 error-only=0 ignored=0 returning=0 at=fs/rw.c:54 [import-iovec-result.cocci]
 *
 * import-iovec: 4 call sites in 4 functions, 0 references, 1 wrapper (0 listed, 1 detected); 4 files
 * not called: import_single_range(), import_ubuf(), compat_import_iovec()
 * verdicts: 2 error-only, 1 count
 * check-output-end
 */
