// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

size_t fault_in_readable(const char __user *uaddr, size_t size);
extern size_t fault_in_writeable(char __user *uaddr,
				 size_t size);

#endif
// wb-file: mm/gup_like.c
// SPDX-License-Identifier: GPL-2.0-only
#include <linux/pagemap.h>

/**
 * fault_in_writeable - fault in userspace address range for writing
 * @uaddr: start of address range
 * @size: size of address range
 *
 * Unlike fault_in_readable(uaddr, size), this writes a zero into
 * every page; see also fault_in_writeable(uaddr, size) in the docs.
 *
 * Returns the number of bytes not faulted in.
 */
size_t fault_in_writeable(char __user *uaddr, size_t size)
{
	char __user *end = uaddr + size;

	if (unlikely(size == 0))
		return 0;
	while (uaddr < end) {
		if (unlikely(__put_user(0, uaddr) != 0))
			break;
		uaddr += PAGE_SIZE;
	}
	return uaddr < end ? end - uaddr : 0;
}
EXPORT_SYMBOL(fault_in_writeable);

size_t
fault_in_readable(const char __user *uaddr,
		  size_t size)
{
	const char __user *end = uaddr + size;
	volatile char c;

	if (unlikely(size == 0))
		return 0;
	while (uaddr < end) {
		if (unlikely(__get_user(c, uaddr) != 0))
			break;
		uaddr += PAGE_SIZE;
	}
	return uaddr < end ? end - uaddr : 0;
}
EXPORT_SYMBOL_GPL(fault_in_readable);
// wb-file: fs/noise.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

static const char usage_msg[] = "call fault_in_writeable(uaddr, size) first";

int noise_real(struct noise *n, const char __user *buf, size_t len)
{
	size_t left;

	// fault_in_writeable(buf, len) would fault in the wrong direction
	/* fault_in_writeable(buf, len); */
	pr_debug("fault_in_writeable(%p, %zu)\n", buf, len);
	n->quote = '(';
	n->msg = "fault_in_writeable(\"(\", 1)";
	left = fault_in_readable(buf, len);
	if (left)
		pr_warn("fault_in_readable() left %zu\n", left);
	n->done = len - left;
	return left ? -EFAULT : 0;
}

int noise_out(struct noise *n, char __user *ubuf, size_t len)
{
	size_t left;

	n->state = 1;
	left = fault_in_writeable(ubuf, len); /* fault_in_readable(ubuf, len) */
	n->state = 2;
	n->done = len - left;
	return left ? -EFAULT : 0;
}
/*
 * check-name: comments, strings, kernel-doc, definitions, prototypes and EXPORT_SYMBOL are not calls
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     noise_real()                        fs/noise.c:15
 * fault_in_writeable()
 *     noise_out()                         fs/noise.c:27
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
