// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: fs/keep.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int keep_reader(struct keep *k)
{
	k->state = 1;
	k->ret = fault_in_pages_readable(k->ubuf, k->len);
	k->state = 2;
	k->count++;
	return k->ret;
}

int keep_writer(struct keep *k)
{
	k->state = 1;
	k->ret = fault_in_pages_writeable(k->ubuf, k->len);
	k->state = 2;
	k->count++;
	return k->ret;
}
// wb-file: fs/old.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int old_caller(struct old_req *req)
{
	int ret;

	req->state = OLD_BUSY;
	ret = fault_in_pages_readable(req->ubuf, req->len);
	if (ret)
		req->state = OLD_FAILED;
	req->tries++;
	return ret;
}
// wb-file: fs/foo.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

ssize_t foo_a(struct foo_dev *foo, const char __user *buf, size_t len)
{
	ssize_t ret;

	mutex_lock(&foo->lock);
	ret = fault_in_pages_readable(buf, len);
	if (!ret)
		ret = foo_copy(foo, buf, len);
	mutex_unlock(&foo->lock);
	return ret;
}
// wb-commit: foo: prefault the destination, not the source
// wb-delete: fs/old.c
// wb-file: fs/foo.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

ssize_t foo_a(struct foo_dev *foo, const char __user *buf, size_t len)
{
	ssize_t ret;

	mutex_lock(&foo->lock);
	ret = foo_copy(foo, buf, len);
	mutex_unlock(&foo->lock);
	foo->count++;
	return ret;
}

ssize_t foo_b(struct foo_dev *foo, char __user *buf, size_t len)
{
	ssize_t ret;

	mutex_lock(&foo->lock);
	ret = fault_in_pages_writeable(buf, len);
	if (!ret)
		ret = foo_fill(foo, buf, len);
	mutex_unlock(&foo->lock);
	return ret;
}
/*
 * check-name: two revisions of one repository give different results
 * check-command: $WB audit --no-classify --repo $REPO --rev HEAD~1 fault-in | wb_norm
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-exit-value: 0 0
 *
 * check-output-start
 * audit fault-in at HEAD~1 (<HEAD~1>)
 *
 * fault_in_pages_readable()
 *     foo_a()                             fs/foo.c:9
 *     keep_reader()                       fs/keep.c:7
 *     old_caller()                        fs/old.c:9
 * fault_in_pages_writeable()
 *     keep_writer()                       fs/keep.c:16
 *
 * fault-in: 4 call sites in 4 functions, 0 references, 0 wrappers (0 listed, 0 detected); 4 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     keep_reader()                       fs/keep.c:7
 * fault_in_pages_writeable()
 *     foo_b()                             fs/foo.c:20
 *     keep_writer()                       fs/keep.c:16
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
