// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: lib/deep.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

void deep_parens(struct deep *d)
{
	d->x = 0;
	d->x = 1 + @DEEP@;
	d->y = fault_in_pages_readable(d->ubuf, d->len);
	d->z = 1;
	d->w = 2;
}

int after_deep(struct deep *d)
{
	int ret;

	d->state = 1;
	ret = fault_in_pages_writeable(d->ubuf, d->len);
	d->state = 2;
	d->ret = ret;
	return ret;
}
// wb-file: lib/deep_notes.c
/*
 * check-name: 10,000-deep parentheses: no crash, no hang, calls after them found
 * check-setup: python3 -c 'p = "lib/deep.c"; s = open(p).read(); open(p, "w").write(s.replace("@DEEP@", "(" * 10000 + "d->x" + ")" * 10000))'
 * check-setup: git commit -q -a -m 'deep nesting' && test $(git cat-file -s HEAD:lib/deep.c) -gt 20000
 * check-command: timeout 20 $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     deep_parens()                       lib/deep.c:8
 * fault_in_pages_writeable()
 *     after_deep()                        lib/deep.c:18
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
