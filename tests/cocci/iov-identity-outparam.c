// SPDX-License-Identifier: GPL-2.0
/* The import's out-parameter and its cache: the canonical sequence. */
static int copy_hdr(struct req *req, struct async_msghdr *iomsg)
{
	iomsg->iov = iomsg->fast_iov;
	return copy_msghdr(&iomsg->msg, req->umsg, &iomsg->iov);
}

static int select_one(struct async_msghdr *iomsg, struct iovec __user *uiov)
{
	if (copy_from_user(iomsg->iov, uiov, sizeof(*uiov)))
		return -EFAULT;
	return 0;
}

static void done(struct async_msghdr *kmsg)
{
	if (kmsg->iov != kmsg->fast_iov)
		kfree(kmsg->iov);
}

/* ... but pointing the iterator itself at it is an assumption */
static void rearm(struct async_msghdr *kmsg)
{
	if (!kmsg->iov)
		kmsg->iov = kmsg->fast_iov;
	kmsg->msg.msg_iter.iov = kmsg->iov;
}

/* an iterator by its declaration, whatever its name */
static bool on_cache(struct iov_iter *from, const struct iovec *fast_iov)
{
	return from->iov != fast_iov;
}

/*
 * check-name: out-parameter look-alikes are iov-outparam facts; the iterator's own pointer is iov-identity
 * cocci-rules: iov-identity
 * cocci-expect: iov-outparam call=5:1 how=set-cache at=5 func=copy_hdr expr=iomsg->iov=iomsg->fast_iov
 * cocci-expect: iov-outparam call=11:5 how=copy-in at=11 func=select_one expr=copy_from_user(iomsg->iov,uiov,sizeof(*uiov))
 * cocci-expect: iov-outparam call=18:5 how=free-test at=18 func=done expr=kmsg->iov!=kmsg->fast_iov
 * cocci-expect: iov-outparam call=26:2 how=set-cache at=26 func=rearm expr=kmsg->iov=kmsg->fast_iov
 * cocci-expect: iov-identity call=27:1 how=rebase at=27 func=rearm expr=kmsg->msg.msg_iter.iov=kmsg->iov
 * cocci-expect: iov-identity call=33:8 how=compare at=33 func=on_cache expr=from->iov!=fast_iov
 */
