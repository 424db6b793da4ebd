// wb-copy: audit/include/pagemap-both.h include/linux/pagemap.h
// wb-file: lib/iov_iter.c
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/uio.h>
#include <linux/pagemap.h>

/*
 * Listed in the check as a wrapper: its body is far longer than a
 * detected wrapper may be.
 */
int iov_iter_fault_in_readable(const struct iov_iter *i, size_t bytes)
{
	const struct iovec *iov;
	size_t skip;
	int err;

	if (!iter_is_iovec(i))
		return 0;
	if (bytes > i->count)
		bytes = i->count;
	skip = i->iov_offset;
	for (iov = i->iov; bytes; iov++, skip = 0) {
		size_t len = min(bytes, iov->iov_len - skip);

		if (!len)
			continue;
		err = fault_in_pages_readable(iov->iov_base + skip, len);
		if (unlikely(err))
			return err;
		bytes -= len;
	}
	return 0;
}
EXPORT_SYMBOL(iov_iter_fault_in_readable);
// wb-file: mm/filemap_like.c
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/uio.h>

ssize_t generic_perform_write_like(struct file *file, struct iov_iter *i,
				   loff_t pos)
{
	ssize_t written = 0;
	long status = 0;

	do {
		unsigned long offset = pos & (PAGE_SIZE - 1);
		size_t bytes = min_t(unsigned long, PAGE_SIZE - offset,
				     iov_iter_count(i));

		if (unlikely(iov_iter_fault_in_readable(i, bytes))) {
			status = -EFAULT;
			break;
		}
		status = write_one_page_like(file, i, pos, bytes);
		if (status < 0)
			break;
		pos += status;
		written += status;
	} while (iov_iter_count(i));
	return written ? written : status;
}
// wb-file: drivers/misc/user_buf.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/wrap.h>

long user_buf_ioctl(struct user_buf *ub, unsigned long arg)
{
	void __user *argp = (void __user *)arg;
	long ret;

	mutex_lock(&ub->lock);
	ret = wrap_readable(argp, ub->size);
	if (!ret)
		ret = user_buf_load(ub, argp);
	mutex_unlock(&ub->lock);
	return ret;
}
// wb-file: fs/deep.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/wrap.h>

int deep_submit(struct deep_ctx *ctx, struct wrap_req *req)
{
	int ret;

	spin_lock(&ctx->lock);
	ctx->pending++;
	spin_unlock(&ctx->lock);
	ret = wrap_req_readable(req);
	if (ret)
		deep_abort(ctx);
	return ret;
}
// wb-file: include/linux/wrap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_WRAP_H
#define _LINUX_WRAP_H

#include <linux/pagemap.h>

struct wrap_req {
	const char __user *buf;
	size_t len;
};

static inline int wrap_readable(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}

static inline int wrap_req_readable(struct wrap_req *req)
{
	return wrap_readable(req->buf, req->len);
}

#endif /* _LINUX_WRAP_H */
/*
 * check-name: wrappers two levels deep, detected and listed
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     wrap_readable()                     include/linux/wrap.h:14  [wrapper, detected]
 *         user_buf_ioctl()                drivers/misc/user_buf.c:10
 *         wrap_req_readable()             include/linux/wrap.h:19  [wrapper, detected]
 *             deep_submit()               fs/deep.c:11
 *     iov_iter_fault_in_readable()        lib/iov_iter.c:25  [wrapper, listed]
 *         generic_perform_write_like()    mm/filemap_like.c:15
 *
 * fault-in: 6 call sites in 6 functions, 0 references, 3 wrappers (1 listed, 2 detected); 6 files
 * not called: fault_in_pages_writeable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
