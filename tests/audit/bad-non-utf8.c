// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
size_t fault_in_readable(const char __user *uaddr, size_t size);
size_t fault_in_writeable(char __user *uaddr, size_t size);
// wb-file: drivers/latin/latin.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Copyright (C) 2003 J@BYTES@rg M@BYTES@ller: latin-1 in a comment.
 */
#include <linux/pagemap.h>

static const char banner[] = "latin @BYTES@ driver";

int latin_read(struct latin *l)
{
	size_t left;

	l->name = "M@BYTES@ller";
	left = fault_in_readable(l->ubuf, l->len); @BYTES@
	l->state = 2;
	@BYTES@ @BYTES@
	l->left = left;
	return left ? -EFAULT : 0;
}

int latin_write(struct latin *l)
{
	size_t left;

	l->state = 1; /* @BYTES@ */
	left = fault_in_writeable(l->ubuf, l->len);
	l->state = 2;
	l->left = left;
	return left ? -EFAULT : 0;
}
// wb-file: drivers/latin/latin_notes.c
/*
 * check-name: non-UTF-8 bytes in comments, strings and code do not hide calls
 * check-setup: sed -i 's/@BYTES@/\xe9\xff\xfe\xc3/g' drivers/latin/latin.c && git commit -q -a -m 'latin-1 bytes'
 * check-setup: LC_ALL=C grep -q "$(printf '\xff\xfe')" drivers/latin/latin.c
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     latin_read()                        drivers/latin/latin.c:14
 * fault_in_writeable()
 *     latin_write()                       drivers/latin/latin.c:26
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
