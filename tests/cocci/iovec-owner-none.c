// SPDX-License-Identifier: GPL-2.0
/* Nobody frees the array: a leak whenever more than UIO_FASTIOV segments. */
static ssize_t peek_vec(struct file *file, const struct iovec __user *vec,
			unsigned long vlen)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(READ, vec, vlen, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	return peek_iter(file, &iter);
}

/*
 * check-name: nothing frees the imported array
 * cocci-rules: import-iovec-*
 * cocci-expect: owner call=11:7 how=none at=15
 * cocci-expect: result call=11:7 use=error-only at=12
 */
