// SPDX-License-Identifier: GPL-2.0
/* A label before the assignment is not part of it. */
static int push_all(struct req *req)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	ssize_t ret;

again:
	ret = import_iovec(READ, req->uvec, req->nr, UIO_FASTIOV, &iov, &req->iter);
	if (ret < 0)
		return ret;
	if (push(req, &req->iter) == -EAGAIN)
		goto again;
	kfree(iov);
	return 0;
}

/* The else part of the if that holds the call never sees its result. */
static int setup(struct req *req)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	ssize_t ret = req->len;

	if (req->vectored) {
		ret = import_iovec(READ, req->uvec, req->nr, UIO_FASTIOV, &iov, &req->iter);
		if (ret < 0)
			return ret;
		req->iov = iov;
	} else if (ret > req->max) {
		return -EINVAL;
	} else {
		req->total += ret;
	}
	return 0;
}

/* ... but what follows the if does */
static int setup_len(struct req *req)
{
	struct iovec fast[UIO_FASTIOV], *iov = fast;
	ssize_t ret = 0;

	if (req->vectored) {
		ret = import_iovec(READ, req->uvec, req->nr, UIO_FASTIOV, &iov, &req->iter);
		if (ret < 0)
			return ret;
		req->iov = iov;
	}
	req->total += ret;
	return 0;
}

/*
 * check-name: a label before the assignment, a read on a branch the call cannot reach
 * cocci-rules: import-iovec-result
 * cocci-expect: result call=9:7 use=error-only at=10
 * cocci-expect: result call=25:8 use=error-only at=26
 * cocci-expect: result call=44:8 use=count at=49
 */
