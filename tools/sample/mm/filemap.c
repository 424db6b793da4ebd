// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>
#include <linux/uio.h>

/* the buffered write loop: a short copy shrinks the next chunk */
ssize_t sample_perform_write(struct file *file, struct iov_iter *i, loff_t pos)
{
	ssize_t written = 0;
	long status = 0;

	do {
		struct page *page;
		unsigned long offset = pos & (PAGE_SIZE - 1);
		unsigned long bytes = min_t(unsigned long, PAGE_SIZE - offset,
					    iov_iter_count(i));
		size_t copied;

again:
		if (unlikely(iov_iter_fault_in_readable(i, bytes))) {
			status = -EFAULT;
			break;
		}
		status = sample_write_begin(file, pos, bytes, &page);
		if (unlikely(status < 0))
			break;
		copied = copy_page_from_iter_atomic(page, offset, bytes, i);
		status = sample_write_end(file, pos, bytes, copied, page);
		if (unlikely(copied == 0)) {
			bytes = min_t(unsigned long, PAGE_SIZE - offset,
				      iov_iter_single_seg_count(i));
			goto again;
		}
		pos += copied;
		written += copied;
	} while (iov_iter_count(i));

	return written ? written : status;
}
