// SPDX-License-Identifier: GPL-2.0
/* The import is trusted to succeed: its result is never looked at. */
static void setup_iter(struct req *r, void __user *buf, size_t len)
{
	struct iovec iov;

	import_single_range(WRITE, buf, len, &iov, &r->iter);
	r->ready = 1;
}

static ssize_t setup_vec(struct req *r, const struct iovec __user *uvec,
			 unsigned long nr)
{
	struct iovec stack[UIO_FASTIOV], *iov = stack;
	ssize_t ret;

	ret = import_iovec(READ, uvec, nr, UIO_FASTIOV, &iov, &r->iter);
	r->ready = 1;
	kfree(iov);
	return 0;
}

/*
 * check-name: import result ignored, as a statement and stored unread
 * cocci-rules: import-iovec-*
 * cocci-expect: result call=7:1 use=ignored at=7
 * cocci-expect: result call=17:7 use=ignored at=17
 */
