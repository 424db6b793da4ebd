// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

size_t fault_in_readable(const char __user *uaddr, size_t size);
size_t fault_in_writeable(char __user *uaddr, size_t size);

#endif
// wb-file: fs/btrfs_like/ioctl.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

static int search_ioctl_like(struct inode *inode, struct search_key *sk,
			     size_t *buf_size, char __user *ubuf)
{
	unsigned long sk_offset = 0;
	int num_found = 0;
	int ret;

	if (*buf_size < sizeof(struct search_header))
		return -EOVERFLOW;
	sk->nr_found = 0;
	while (1) {
		ret = -EFAULT;
		if (fault_in_writeable(ubuf + sk_offset,
				       *buf_size - sk_offset))
			break;

		ret = copy_items_like(inode, sk, buf_size, ubuf,
				      &sk_offset, &num_found);
		if (ret)
			break;
		sk->nr_items--;
	}
	if (ret > 0)
		ret = 0;
	return ret;
}

static ssize_t copy_in_loop_like(struct iov_iter *from, char __user *base,
				 size_t bytes, unsigned long offset)
{
	size_t done = 0;
	size_t left;

	if (!bytes)
		return 0;
	offset &= ~PAGE_MASK;
	do {
		left =
			fault_in_readable(
				base + offset + done,
				bytes - done
			);
		if (left == bytes - done)
			return -EFAULT;
		done += copy_chunk_like(from, base, bytes - done - left);
	} while (done < bytes);
	return done;
}

static long odd_spacing_like(struct odd_ctx *ctx)
{
	long ret = 0;

	ctx->pos = 0;
	ctx->count = 0;
	ret = fault_in_readable
		(ctx->ubuf,
		 ctx->len);
	if (ret)
		ctx->count = ret;
	return ret;
}
/*
 * check-name: multi-line calls are reported at the line of the name
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     copy_in_loop_like()                 fs/btrfs_like/ioctl.c:42
 *     odd_spacing_like()                  fs/btrfs_like/ioctl.c:59
 * fault_in_writeable()
 *     search_ioctl_like()                 fs/btrfs_like/ioctl.c:16
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 2 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
