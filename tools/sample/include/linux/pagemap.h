/* SPDX-License-Identifier: GPL-2.0 */
/* Sample tree for 'make demo': kernel-like code written for workbench. */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

#include <linux/uaccess.h>

/**
 * fault_in_pages_writeable - touch every page of a user range
 * @uaddr: start of the range
 * @size: length
 *
 * Returns 0 when every page could be written, -EFAULT otherwise.
 */
static inline int fault_in_pages_writeable(char __user *uaddr, int size)
{
	char __user *end = uaddr + size - 1;

	if (unlikely(size == 0))
		return 0;
	if (unlikely(uaddr > end))
		return -EFAULT;
	do {
		if (unlikely(__put_user(0, uaddr) != 0))
			return -EFAULT;
		uaddr += PAGE_SIZE;
	} while (uaddr <= end);
	return 0;
}

static inline int fault_in_pages_readable(const char __user *uaddr, int size)
{
	volatile char c;
	const char __user *end = uaddr + size - 1;

	if (unlikely(size == 0))
		return 0;
	do {
		if (unlikely(__get_user(c, uaddr) != 0))
			return -EFAULT;
		uaddr += PAGE_SIZE;
	} while (uaddr <= end);
	(void)c;
	return 0;
}

/* a one-line forwarding helper: detected as a wrapper */
static inline int fault_in_user_buf(char __user *buf, size_t len)
{
	return fault_in_pages_writeable(buf, len);
}

#define fault_in_both(p, n) \
	(fault_in_pages_readable((p), (n)) ?: fault_in_pages_writeable((p), (n)))

#endif
