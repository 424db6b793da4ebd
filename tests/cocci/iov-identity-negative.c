// SPDX-License-Identifier: GPL-2.0
/* Reading through the iterator assumes nothing about where it points. */
static size_t first_len(struct iov_iter iter, struct iov_iter *it)
{
	size_t len = iter.iov->iov_len - iter.iov_offset;
	void __user *base = it->iov[0].iov_base;

	if (it->iov[0].iov_len == len)
		return len - it->iov->iov_len;
	return base ? len : 0;
}

/*
 * check-name: reads through iter.iov are not identity assumptions
 * cocci-rules: iov-identity
 * cocci-not: iov-identity
 */
