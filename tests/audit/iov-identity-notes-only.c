// wb-file: io_uring/free.c
// SPDX-License-Identifier: GPL-2.0
/* the canonical import sequence alone: notes, and the audit is clean */
static int copy_hdr(struct async_msghdr *iomsg, struct user_msghdr __user *umsg)
{
	iomsg->iov = iomsg->fast_iov;
	return copy_msghdr(&iomsg->msg, umsg, &iomsg->iov);
}

static void cleanup(struct async_msghdr *io)
{
	if (io->iov != io->fast_iov)
		kfree(io->iov);
}
/*
 * check-name: iov-identity: a tree with only out-parameter look-alikes has notes and no finding (exit 0)
 * check-command: $WB audit --repo $REPO iov-identity | wb_norm
 * check-exit-value: 0
 *
 * check-output-start
 * audit iov-identity at HEAD (<HEAD>)
 *
 * io_uring/free.c:5:2: note: in copy_hdr(): iov-outparam how=set-cache at=5 expr=iomsg->iov=iomsg->fast_iov [iov-identity]
 * io_uring/free.c:11:6: note: in cleanup(): iov-outparam how=free-test at=11 expr=io->iov!=io->fast_iov [iov-identity]
 *
 * iov-identity: 0 findings in 0 files, 2 notes; 1 of 1 file in scope looked at
 * check-output-end
 */
