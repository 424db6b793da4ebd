/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

#include <linux/uaccess.h>

static inline int fault_in_pages_readable(const char __user *uaddr, size_t size)
{
	volatile char c;

	if (unlikely(size == 0))
		return 0;
	if (unlikely(__get_user(c, uaddr) != 0))
		return -EFAULT;
	return 0;
}

static inline int fault_in_pages_writeable(char __user *uaddr, size_t size)
{
	if (unlikely(size == 0))
		return 0;
	if (unlikely(__put_user(0, uaddr) != 0))
		return -EFAULT;
	return 0;
}

#endif /* _LINUX_PAGEMAP_H */
