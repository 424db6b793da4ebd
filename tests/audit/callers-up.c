// wb-file: include/linux/uio_like.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_UIO_LIKE_H
#define _LINUX_UIO_LIKE_H

size_t iov_copy_like(void *dst, struct iov_like *iov, size_t n);

#endif
// wb-file: fs/rw_like.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/uio_like.h>

static ssize_t copy_chunk_like(struct file_like *f, struct iov_like *iov, size_t n)
{
	size_t done = iov_copy_like(f->buf, iov, n);

	f->pos += done;
	return done ? (ssize_t)done : -EFAULT;
}

static ssize_t do_readv_like(struct file_like *f, struct iov_like *iov, size_t n)
{
	if (!f->readable)
		return -EBADF;
	return copy_chunk_like(f, iov, n) + 0;
}

ssize_t vfs_readv_like(struct file_like *f, struct iov_like *iov, size_t n)
{
	ssize_t ret;

	ret = do_readv_like(f, iov, n);
	fsnotify_access_like(f);
	return ret;
}

SYSCALL_DEFINE3(readv_like, unsigned long, fd, struct iov_like __user *, vec, unsigned long, vlen)
{
	struct file_like *f = fdget_like(fd);
	ssize_t ret;

	ret = vfs_readv_like(f, vec, vlen);
	fdput_like(f);
	return ret;
}

ssize_t kernel_readv_like(struct file_like *f, struct iov_like *iov, size_t n)
{
	ssize_t ret;

	ret = do_readv_like(f, iov, n);
	f->kernel = 1;
	return ret;
}
EXPORT_SYMBOL_GPL(kernel_readv_like);

static ssize_t rw_read_iter_like(struct kiocb_like *k, struct iov_like *iov)
{
	ssize_t ret;

	ret = copy_chunk_like(k->file, iov, iov->count);
	k->done = 1;
	return ret;
}

static const struct file_ops_like rw_ops_like = {
	.read_iter = rw_read_iter_like,
};
// wb-file: fs/walk_like.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/uio_like.h>

static int walk_b_like(struct node_like *n);

static int walk_a_like(struct node_like *n)
{
	if (!n)
		return 0;
	n->copied = iov_copy_like(n->buf, n->iov, n->len);
	return walk_b_like(n->next) + 1;
}

static int walk_b_like(struct node_like *n)
{
	int r;

	r = walk_a_like(n);
	n->seen = 1;
	return r;
}
/*
 * check-name: callers --up: ordinary callers up to a syscall, an export, an ops table; a cycle stops
 * check-command: $WB callers --repo $REPO --up 4 iov_copy_like | wb_norm
 * check-command: $WB callers --repo $REPO --up 3 iov_copy_like | wb_norm
 *
 * check-output-start
 * audit callers at HEAD (<HEAD>)
 *
 * iov_copy_like()
 *     copy_chunk_like()                   fs/rw_like.c:6
 *         do_readv_like()                 fs/rw_like.c:16
 *             vfs_readv_like()            fs/rw_like.c:23
 *                 sys_readv_like()        fs/rw_like.c:33  [syscall]
 *             kernel_readv_like()         fs/rw_like.c:42  [exported]
 *         rw_read_iter_like()             fs/rw_like.c:52
 *             (file scope)                fs/rw_like.c:58  [reference, ops table rw_ops_like]
 *     walk_a_like()                       fs/walk_like.c:10
 *         walk_b_like()                   fs/walk_like.c:18
 *             walk_a_like()               fs/walk_like.c:11  [recursion]
 *
 * callers: 9 call sites in 8 functions, 1 reference, 0 wrappers (0 listed, 0 detected); 3 files
 * audit callers at HEAD (<HEAD>)
 *
 * iov_copy_like()
 *     copy_chunk_like()                   fs/rw_like.c:6
 *         do_readv_like()                 fs/rw_like.c:16
 *             vfs_readv_like()            fs/rw_like.c:23  [depth limit]
 *             kernel_readv_like()         fs/rw_like.c:42  [exported]
 *         rw_read_iter_like()             fs/rw_like.c:52
 *             (file scope)                fs/rw_like.c:58  [reference, ops table rw_ops_like]
 *     walk_a_like()                       fs/walk_like.c:10
 *         walk_b_like()                   fs/walk_like.c:18
 *             walk_a_like()               fs/walk_like.c:11  [recursion]
 *
 * callers: 8 call sites in 7 functions, 1 reference, 0 wrappers (0 listed, 0 detected); 3 files
 * --up 3 reached: callers above the [depth limit] ones not followed
 * check-output-end
 */
