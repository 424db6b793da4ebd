// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

static ssize_t ext9_direct_write(struct kiocb *iocb, struct iov_iter *from)
{
	/* prefault: the fast path falls back to buffered I/O on any short copy */
	if (iov_iter_fault_in_readable(from, iov_iter_count(from)))
		return -EFAULT;
	return ext9_dio_write(iocb, from);
}

long ext9_read_user_table(struct ext9_table __user *utab, size_t n)
{
	int err = fault_in_user_buf((char __user *)utab, n * sizeof(*utab));

	if (err)
		return err;
	return ext9_fill_table(utab, n);
}

int ext9_both(char __user *p, size_t n)
{
	return fault_in_both(p, n);
}
