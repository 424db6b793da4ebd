// SPDX-License-Identifier: GPL-2.0
/* Only the sign of the result matters to these callers. */
static ssize_t do_readv(struct file *file, const struct iovec __user *vec,
			unsigned long vlen, loff_t *pos)
{
	struct iovec iovstack[UIO_FASTIOV];
	struct iovec *iov = iovstack;
	struct iov_iter iter;
	ssize_t ret;

	ret = import_iovec(READ, vec, vlen, ARRAY_SIZE(iovstack), &iov, &iter);
	if (ret >= 0) {
		ret = do_iter_read(file, &iter, pos);
		kfree(iov);
	}
	return ret;
}

static int copy_hdr(struct msghdr *kmsg, struct iovec __user *uiov,
		    size_t nr, struct iovec **iov)
{
	ssize_t err;

	err = import_iovec(WRITE, uiov, nr, UIO_FASTIOV, iov, &kmsg->msg_iter);
	return err < 0 ? err : 0;
}

static int prep_send(struct sr *sr, struct msghdr *msg)
{
	struct iovec iov;
	int ret;

	ret = import_single_range(WRITE, sr->buf, sr->len, &iov, &msg->msg_iter);
	if (unlikely(ret))
		return ret;
	return 0;
}

static int prep_recv(struct async_msghdr *iomsg, struct iovec __user *uiov,
		     size_t len)
{
	int ret;

	iomsg->free_iov = iomsg->fast_iov;
	ret = __import_iovec(READ, uiov, len, UIO_FASTIOV, &iomsg->free_iov,
			     &iomsg->msg.msg_iter, false);
	if (ret > 0)
		ret = 0;
	return ret;
}

/*
 * check-name: import result only tested for errors
 * cocci-rules: import-iovec-*
 * cocci-expect: result call=11:7 use=error-only at=12
 * cocci-expect: result call=24:7 use=error-only at=25
 * cocci-expect: result call=33:7 use=error-only at=34
 * cocci-expect: result call=45:7 use=error-only at=47
 */
