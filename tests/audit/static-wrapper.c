// wb-copy: audit/include/pagemap-both.h include/linux/pagemap.h
// wb-file: fs/b.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>

/* Same name as the wrapper in fs/a.c, unrelated: file-local too. */
static int prefault(struct b_ctx *ctx)
{
	ctx->warm = 1;
	return 0;
}

int b_open(struct b_ctx *ctx, const char __user *buf, size_t len)
{
	int ret;

	ctx->buf = buf;
	ctx->len = len;
	ret = prefault(ctx);
	if (ret)
		ctx->buf = NULL;
	return ret;
}
// wb-file: fs/c.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>

int prefault(const void *p, unsigned long n);

int c_submit(struct c_req *req)
{
	int ret;

	req->state = C_SUBMITTED;
	ret = prefault(req->ubuf, req->len);
	if (ret)
		req->state = C_FAILED;
	return ret;
}
// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/pagemap.h>

static int prefault(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}

ssize_t a_write(struct a_dev *dev, const char __user *buf, size_t len)
{
	ssize_t ret;

	mutex_lock(&dev->lock);
	ret = prefault(buf, len);
	if (!ret)
		ret = a_copy(dev, buf, len);
	mutex_unlock(&dev->lock);
	return ret;
}
/*
 * check-name: a static wrapper's callers are looked for in its own file only
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     prefault()                          fs/a.c:7  [wrapper, detected]
 *         a_write()                       fs/a.c:15
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 1 wrapper (0 listed, 1 detected); 4 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
