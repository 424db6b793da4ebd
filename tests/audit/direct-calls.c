// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: fs/foo.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/fs.h>
#include <linux/pagemap.h>

static ssize_t foo_write(struct file *file, const char __user *buf,
			 size_t count, loff_t *ppos)
{
	struct foo_dev *foo = file->private_data;
	ssize_t written = 0;

	mutex_lock(&foo->lock);
	while (count) {
		size_t chunk = min_t(size_t, count, PAGE_SIZE);

		if (fault_in_pages_readable(buf, chunk)) {
			written = written ? written : -EFAULT;
			break;
		}
		chunk = foo_copy_chunk(foo, buf, chunk);
		buf += chunk;
		count -= chunk;
		written += chunk;
	}
	mutex_unlock(&foo->lock);
	return written;
}

static ssize_t foo_read(struct file *file, char __user *buf,
			size_t count, loff_t *ppos)
{
	struct foo_dev *foo = file->private_data;
	ssize_t ret;

	mutex_lock(&foo->lock);
	ret = fault_in_pages_writeable(buf, count) ? -EFAULT : 0;
	if (!ret)
		ret = foo_fill(foo, buf, count);
	mutex_unlock(&foo->lock);
	return ret;
}
// wb-file: mm/filemap_bar.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int bar_prefault_both(struct bar_req *req)
{
	int err;

	pr_debug("prefault %zu bytes\n", req->len);
	err = fault_in_pages_readable(req->src, req->len);
	if (err)
		goto out;
	err = fault_in_pages_writeable(req->dst, req->len);
	if (err)
		goto out;
	req->ready = true;
out:
	req->err = err;
	return err;
}
/*
 * check-name: direct calls are reported with function, path and line
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 * check-exit-value: 0
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     foo_write()                         fs/foo.c:15
 *     bar_prefault_both()                 mm/filemap_bar.c:9
 * fault_in_pages_writeable()
 *     foo_read()                          fs/foo.c:35
 *     bar_prefault_both()                 mm/filemap_bar.c:12
 *
 * fault-in: 4 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
