// SPDX-License-Identifier: GPL-2.0
/* The caller frees what import_iovec() handed back in its out-parameter. */
static ssize_t do_writev(struct file *file, const struct iovec __user *vec,
			 unsigned long vlen, loff_t *pos)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(WRITE, vec, vlen, ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret >= 0) {
		ret = do_iter_write(file, &iter, pos);
		kfree(iov);
	}
	return ret;
}

/*
 * check-name: the out-parameter is freed
 * cocci-rules: import-iovec-*
 * cocci-expect: owner call=11:7 how=frees-returned at=14
 * cocci-not: iter-stored
 */
