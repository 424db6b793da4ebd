// wb-copy: cocci/iov-identity-outparam.c io_uring/net.c
// wb-file: io_uring/free.c
// SPDX-License-Identifier: GPL-2.0
/* only the canonical sequence: notes, no finding */
static void cleanup(struct async_msghdr *io)
{
	if (io->iov != io->fast_iov)
		kfree(io->iov);
}
/*
 * check-name: iov-identity: the out-parameter look-alikes are notes, the iterator's own pointer a warning; each names its function (text and JSON)
 * check-command: $WB audit --repo $REPO iov-identity | wb_norm
 * check-command: $WB audit --repo $REPO --format=json iov-identity | python3 -c 'import json,sys; [print(f["path"], f["line"], f["severity"], f["function"], f["fact"]) for f in json.load(sys.stdin)["audits"][0]["findings"]]'
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit iov-identity at HEAD (<HEAD>)
 *
 * io_uring/free.c:5:6: note: in cleanup(): iov-outparam how=free-test at=5 expr=io->iov!=io->fast_iov [iov-identity]
 * io_uring/net.c:5:2: note: in copy_hdr(): iov-outparam how=set-cache at=5 expr=iomsg->iov=iomsg->fast_iov [iov-identity]
 * io_uring/net.c:11:21: note: in select_one(): iov-outparam how=copy-in at=11 expr=copy_from_user(iomsg->iov,uiov,sizeof(*uiov)) [iov-identity]
 * io_uring/net.c:18:6: note: in done(): iov-outparam how=free-test at=18 expr=kmsg->iov!=kmsg->fast_iov [iov-identity]
 * io_uring/net.c:26:3: note: in rearm(): iov-outparam how=set-cache at=26 expr=kmsg->iov=kmsg->fast_iov [iov-identity]
 * io_uring/net.c:27:2: warning: in rearm(): iov-identity how=rebase at=27 expr=kmsg->msg.msg_iter.iov=kmsg->iov [iov-identity]
 * io_uring/net.c:33:9: warning: in on_cache(): iov-identity how=compare at=33 expr=from->iov!=fast_iov [iov-identity]
 *
 * iov-identity: 2 findings in 1 file, 5 notes; 2 of 2 files in scope looked at
 * io_uring/free.c 5 note cleanup iov-outparam
 * io_uring/net.c 5 note copy_hdr iov-outparam
 * io_uring/net.c 11 note select_one iov-outparam
 * io_uring/net.c 18 note done iov-outparam
 * io_uring/net.c 26 note rearm iov-outparam
 * io_uring/net.c 27 warning rearm iov-identity
 * io_uring/net.c 33 warning on_cache iov-identity
 * check-output-end
 */
