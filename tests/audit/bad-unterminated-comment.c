// wb-file: include/linux/pagemap.h
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
// wb-file: fs/unterminated.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int before_comment(struct uc *u)
{
	int ret;

	u->state = 1;
	ret = fault_in_pages_readable(u->ubuf, u->len);
	u->state = 2;
	u->ret = ret;
	return ret;
}

/* This comment is never closed: nothing after it is code.
int inside_comment(struct uc *u)
{
	return fault_in_pages_writeable(u->ubuf, u->len);
}
// wb-file: fs/after.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int other_file(struct uc *u)
{
	int ret;

	u->state = 1;
	ret = fault_in_pages_writeable(u->ubuf, u->len);
	u->state = 2;
	u->ret = ret;
	return ret;
}
/*
 * check-name: an unterminated comment at end of file: calls before it found, a note
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-error-contains: fs/unterminated.c:
 * check-error-contains: note:
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     before_comment()                    fs/unterminated.c:9
 * fault_in_pages_writeable()
 *     other_file()                        fs/after.c:9
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable()
 * check-output-end
 */
