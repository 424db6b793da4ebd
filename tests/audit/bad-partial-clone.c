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
/*
 * check-name: a blob:none partial clone: blobs not fetched are reported missing, exit 3
 * check-setup: git config uploadpack.allowFilter true
 * check-setup: git clone -q --filter=blob:none --no-checkout "file://$REPO" "$REPO/../clone"
 * check-setup: git -C "$REPO/../clone" cat-file blob HEAD:fs/a.c > /dev/null
 * check-setup: test "$(git -C "$REPO/../clone" rev-list --objects --missing=print HEAD | grep -c "^?")" = 2
 * check-command: $WB audit --no-classify --repo "$REPO/../clone" fault-in | wb_norm
 * check-exit-value: 3
 * check-error-contains: fs/b.c
 * check-error-contains: include/linux/pagemap.h
 * check-error-contains: warning:
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     a_caller()                          fs/a.c:9
 *
 * fault-in: 1 call site in 1 function, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * incomplete: 2 objects missing or unreadable, 0 files skipped
 * check-output-end
 */
