// wb-copy: audit/include/pagemap-min.h include/linux/pagemap.h
// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int a_caller(struct a_caller_req *req)
{
	int ret;

	req->state = 1;
	ret = fault_in_pages_readable(req->ubuf, req->len);
	if (ret)
		req->state = 0;
	req->tries++;
	return ret;
}
/*
 * check-name: a blob with a NUL byte named .c is skipped and named: incomplete, exit 3 (gcc would compile it)
 * check-setup: mkdir -p drivers && printf 'int blob_caller(void)\n{\n\treturn fault_in_pages_readable(p, n);\0\n}\n' > drivers/blob.c
 * check-setup: git add drivers/blob.c && git commit -q -m 'add a binary .c file'
 * check-setup: test "$(git cat-file blob HEAD:drivers/blob.c | tr -d '\000' | wc -c)" -lt "$(git cat-file -s HEAD:drivers/blob.c)"
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-exit-value: 3
 * check-error-contains: drivers/blob.c: warning: skipped, the audit is incomplete: binary content
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     a_caller()                          fs/a.c:9
 *
 * fault-in: 1 call site in 1 function, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * incomplete: 0 objects missing or unreadable, 1 file skipped
 * skipped: drivers/blob.c: binary content (NUL byte)
 * check-output-end
 */
