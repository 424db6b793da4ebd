// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
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
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
