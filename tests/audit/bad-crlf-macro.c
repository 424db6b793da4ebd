// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: drivers/win/crlf.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Saved by an editor with CRLF line endings.
 */
#include <linux/pagemap.h>

#define crlf_prefault(ptr, len)				\
	fault_in_pages_writeable((ptr),			\
				 (len))

int crlf_read(struct crlf *c)
{
	int ret;

	c->state = 1;
	ret = fault_in_pages_readable(c->ubuf,
				      c->len);
	c->state = 2;
	c->ret = ret;
	return ret;
}

int crlf_write(struct crlf *c, char __user *ubuf, size_t len)
{
	int ret;

	c->state = 1;
	ret = crlf_prefault(ubuf, len);
	c->state = 2;
	c->ret = ret;
	return ret;
}
// wb-file: drivers/win/crlf_notes.c
/*
 * check-name: CRLF line endings: a backslash before CRLF continues a #define
 * check-setup: sed -i 's/$/\r/' drivers/win/crlf.c && git commit -q -a -m 'crlf'
 * check-setup: test "$(git show HEAD:drivers/win/crlf.c | grep -c "$(printf '\r')\$")" = 32
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     crlf_read()                         drivers/win/crlf.c:16
 * fault_in_pages_writeable()
 *     crlf_prefault()                     drivers/win/crlf.c:8  [wrapper, detected, macro]
 *         crlf_write()                    drivers/win/crlf.c:28
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 1 wrapper (0 listed, 1 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
