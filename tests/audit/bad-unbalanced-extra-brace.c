// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: fs/extra_brace.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int first(struct ub *u)
{
	int ret;

	u->state = 1;
	ret = fault_in_pages_readable(u->ubuf, u->len);
	u->state = 2;
	u->ret = ret;
	return ret;
}
}

int second(struct ub *u)
{
	int ret;

	u->state = 1;
	ret = fault_in_pages_writeable(u->ubuf, u->len);
	u->state = 2;
	u->ret = ret;
	return ret;
}
// wb-file: fs/extra_brace_notes.c
/*
 * check-name: an extra closing brace: a note, later functions still named right
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-error-contains: fs/extra_brace.c:
 * check-error-contains: note:
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     first()                             fs/extra_brace.c:9
 * fault_in_pages_writeable()
 *     second()                            fs/extra_brace.c:21
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
