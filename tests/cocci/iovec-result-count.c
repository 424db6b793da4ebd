// SPDX-License-Identifier: GPL-2.0
/* The result is the number of bytes: compared, added, passed on. */
static ssize_t vec_len(const struct iovec __user *uvec, unsigned long nr)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	struct iov_iter iter;
	ssize_t len;

	len = import_iovec(WRITE, uvec, nr, UIO_FASTIOV, &iov, &iter);
	if (len < 0)
		return len;
	kfree(iov);
	return len;
}

static int check_len(struct ctx *c, const struct iovec __user *uvec,
		     unsigned long nr, size_t want)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	ssize_t ret;

	ret = import_iovec(READ, uvec, nr, UIO_FASTIOV, &iov, &c->iter);
	if (ret < 0)
		return ret;
	if (ret != want) {
		kfree(iov);
		return -EINVAL;
	}
	c->total += ret;
	c->iov = iov;
	return 0;
}

static ssize_t my_import(int rw, const struct iovec __user *uvec,
			 unsigned long nr, struct iovec **iovp,
			 struct iov_iter *i)
{
	return __import_iovec(rw, uvec, nr, UIO_FASTIOV, iovp, i, false);
}

static void account(struct ctx *c, const struct iovec __user *uvec,
		    unsigned long nr, struct iovec **iovp)
{
	add_bytes(c, import_iovec(READ, uvec, nr, UIO_FASTIOV, iovp, &c->iter));
}

/*
 * check-name: import result used as a byte count, or returned as it is (its callers decide)
 * cocci-rules: import-iovec-*
 * cocci-expect: result call=9:7 use=returned at=13 func=vec_len
 * cocci-expect: result call=22:7 use=count at=25
 * cocci-expect: result call=38:8 use=returned at=38 func=my_import
 * cocci-expect: result call=44:14 use=count at=44
 */
