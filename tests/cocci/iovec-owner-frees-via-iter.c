// SPDX-License-Identifier: GPL-2.0
/* Freed through the iterator: right only while iter.iov is the allocation. */
static ssize_t do_send(struct sock *sk, const struct iovec __user *vec,
		       unsigned long vlen)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(WRITE, vec, vlen, UIO_FASTIOV, &iov, &iter);
	if (ret < 0)
		return ret;
	ret = sock_send_iter(sk, &iter);
	if (iov != iovstack)
		kfree(iter.iov);
	return ret;
}

static ssize_t do_recv(struct sock *sk, const struct iovec __user *vec,
		       unsigned long vlen, struct iov_iter *it)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	ssize_t ret;

	ret = __import_iovec(READ, vec, vlen, UIO_FASTIOV, &iov, it, false);
	if (ret < 0)
		return ret;
	ret = sock_recv_iter(sk, it);
	kfree(iter_iov(it));
	return ret;
}

/*
 * check-name: the allocation is freed through the iterator
 * cocci-rules: import-iovec-*
 * cocci-expect: owner call=10:7 how=frees-via-iter at=15
 * cocci-expect: owner call=25:7 how=frees-via-iter at=29
 * cocci-not: iter-stored
 */
