// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

static inline int fault_in_pages_readable(const char __user *uaddr, size_t size)
{
	volatile char c;

	return __get_user(c, uaddr) ? -EFAULT : 0;
}

#endif
// wb-file: fs/gone.c
// SPDX-License-Identifier: GPL-2.0
int gone_read(const char __user *buf, size_t len)
{
	if (fault_in_pages_readable(buf, len))
		return -EFAULT;
	return gone_copy(buf, len);
}
// wb-file: fs/edited.c
// SPDX-License-Identifier: GPL-2.0
int edited_read(const char __user *buf, size_t len)
{
	if (fault_in_pages_readable(buf, len))
		return -EFAULT;
	return edited_copy(buf, len);
}

/* a neighbour in the same file: its body does not change */
int steady_read(const char __user *buf, size_t len)
{
	return fault_in_pages_readable(buf, len) ? -EFAULT : steady_copy(buf, len);
}
// wb-file: fs/steady.c
// SPDX-License-Identifier: GPL-2.0
int keep_read(const char __user *buf, size_t len)
{
	/* comments and blank lines may move: the body hash is of tokens */
	if (fault_in_pages_readable(buf, len))
		return -EFAULT;
	return keep_copy(buf, len);
}
// wb-commit: fs: add a caller, change another
// wb-file: fs/edited.c
// SPDX-License-Identifier: GPL-2.0
int edited_read(const char __user *buf, size_t len)
{
	while (len) {
		if (fault_in_pages_readable(buf, len))
			return -EFAULT;
		len = edited_copy(buf, len);
	}
	return 0;
}

/* a neighbour in the same file: its body does not change */


int steady_read(const char __user *buf, size_t len)
{
	/* only a comment is new here */
	return fault_in_pages_readable(buf, len) ? -EFAULT : steady_copy(buf, len);
}
// wb-file: fs/added.c
// SPDX-License-Identifier: GPL-2.0
int added_read(const char __user *buf, size_t len)
{
	return fault_in_pages_readable(buf, len) ?: added_copy(buf, len);
}
// wb-commit: fs: remove a caller
// wb-delete: fs/gone.c
/*
 * check-name: --since: callers added, removed and changed between revisions
 * check-command: $WB audit --repo $REPO --since HEAD~2 --rev HEAD~1 fault-in | wb_norm
 * check-command: $WB audit --repo $REPO --since HEAD~1 fault-in | wb_norm
 * check-command: $WB audit --repo $REPO --since HEAD~2 fault-in | wb_norm
 * check-command: $WB audit --repo $REPO --since HEAD fault-in | wb_norm
 * check-exit-value: 1 1 1 0
 *
 * check-output-start
 * audit fault-in since HEAD~2 (<HEAD~2>) at HEAD~1 (<HEAD~1>)
 *
 * added
 *     fault_in_pages_readable() <- added_read()    fs/added.c:4
 *
 * changed
 *     fault_in_pages_readable() <- edited_read()   fs/edited.c:5
 *
 * fault-in: 1 added, 0 removed, 1 changed; 2 paths changed between the revisions
 * audit fault-in since HEAD~1 (<HEAD~1>) at HEAD (<HEAD>)
 *
 * removed
 *     fault_in_pages_readable() <- gone_read()     fs/gone.c:4
 *
 * fault-in: 0 added, 1 removed, 0 changed; 1 path changed between the revisions
 * audit fault-in since HEAD~2 (<HEAD~2>) at HEAD (<HEAD>)
 *
 * added
 *     fault_in_pages_readable() <- added_read()    fs/added.c:4
 *
 * removed
 *     fault_in_pages_readable() <- gone_read()     fs/gone.c:4
 *
 * changed
 *     fault_in_pages_readable() <- edited_read()   fs/edited.c:5
 *
 * fault-in: 1 added, 1 removed, 1 changed; 3 paths changed between the revisions
 * audit fault-in since HEAD (<HEAD>) at HEAD (<HEAD>)
 *
 * fault-in: 0 added, 0 removed, 0 changed; 0 paths changed between the revisions
 * check-output-end
 */
