// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

/* retries the whole search from scratch after a successful fault-in */
static noinline int sample_search_ioctl(struct inode *inode, struct search_key *sk,
					size_t *buf_size, char __user *ubuf)
{
	unsigned long sk_offset = 0;
	int ret;

	while (1) {
		ret = fault_in_pages_writeable(ubuf + sk_offset, *buf_size - sk_offset);
		if (ret)
			break;

		ret = sample_search_slot(inode, sk, buf_size, ubuf, &sk_offset);
		if (ret != 0)
			break;
	}
	return ret;
}

long sample_ioctl(struct file *file, unsigned int cmd, void __user *argp)
{
	size_t size = 4096;

	return sample_search_ioctl(file_inode(file), NULL, &size, argp);
}
