// SPDX-License-Identifier: GPL-2.0
/* A short copy shrinks the chunk; the iterator moves by what was copied. */
ssize_t chunked_write(struct file *file, struct iov_iter *i, loff_t pos)
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
		status = begin_page(file, pos, bytes, &page);
		if (status < 0)
			break;
		copied = iov_iter_copy_from_user_atomic(page, i, offset, bytes);
		end_page(file, pos, bytes, copied, page);
		iov_iter_advance(i, copied);
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

/*
 * check-name: chunked write loop that shrinks bytes on a short copy
 * cocci-expect: advances call=16:15 at=23 how=iter var=i
 * cocci-expect: advances call=16:15 at=25 how=assign var=i
 * cocci-expect: advances call=16:15 at=27 how=assign var=bytes
 * cocci-not: retry-goto
 * cocci-not: retry-loop
 * cocci-not: forwards-params
 */
