// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: fs/cycle.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int wrap_a(const char __user *p, size_t n);

int wrap_b(const char __user *p, size_t n)
{
	if (!n)
		return wrap_a(p, n);
	return fault_in_pages_readable(p, n);
}

int wrap_a(const char __user *p, size_t n)
{
	return wrap_b(p, n);
}

int cycle_user(struct cyc *c)
{
	c->state = 1;
	c->ret = wrap_a(c->ubuf, c->len);
	c->state = 2;
	c->count++;
	return c->ret;
}
/*
 * check-name: wrappers calling each other: cycle-safe, the back edge marked recursion
 * check-command: timeout 20 $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     wrap_b()                            fs/cycle.c:10  [wrapper, detected]
 *         wrap_a()                        fs/cycle.c:15  [wrapper, detected]
 *             wrap_b()                    fs/cycle.c:9  [wrapper, detected, recursion]
 *             cycle_user()                fs/cycle.c:21
 *
 * fault-in: 4 call sites in 3 functions, 0 references, 2 wrappers (0 listed, 2 detected); 2 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
