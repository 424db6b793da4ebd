// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: include/linux/unused_wrap.h
/* SPDX-License-Identifier: GPL-2.0 */
static inline int unused_wrap(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}
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
 * check-name: a wrapper nobody calls gets (no callers); primitives never called are named after the summary
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     a_caller()                          fs/a.c:9
 *     unused_wrap()                       include/linux/unused_wrap.h:4  [wrapper, detected]
 *         (no callers)
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 1 wrapper (0 listed, 1 detected); 3 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
