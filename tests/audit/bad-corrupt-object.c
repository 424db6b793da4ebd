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
// wb-file: fs/b.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int b_caller(struct b_caller_req *req)
{
	int ret;

	req->state = 1;
	ret = fault_in_pages_readable(req->ubuf, req->len);
	if (ret)
		req->state = 0;
	req->tries++;
	return ret;
}
// wb-file: fs/c.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int c_caller(struct c_caller_req *req)
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
 * check-name: a corrupt loose object is a warning naming the path, the rest is still reported, exit 3
 * check-setup: f="$GITDIR/objects/$(git rev-parse HEAD:fs/b.c | sed 's|^..|&/|')" && chmod u+w "$f" && printf 'this is not zlib data\n' > "$f"
 * check-setup: ! git cat-file -p HEAD:fs/b.c
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-exit-value: 3
 * check-error-contains: fs/b.c
 * check-error-contains: 19eae8cb6c99
 * check-error-contains: warning:
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     a_caller()                          fs/a.c:9
 *     c_caller()                          fs/c.c:9
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 4 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * incomplete: 1 object missing or unreadable, 0 files skipped
 * check-output-end
 */
