// wb-copy: cocci/iov-identity-compare.c io_uring/compare.c
// wb-copy: cocci/iov-identity-copy.c io_uring/copy.c
// wb-copy: cocci/iov-identity-negative.c io_uring/negative.c
// wb-copy: cocci/iov-identity-renamed.c io_uring/renamed.c
// wb-copy: cocci/iov-identity-reset.c io_uring/reset.c
// wb-copy: cocci/iov-identity-subtract.c io_uring/subtract.c
// wb-copy: cocci/iov-identity-subtract.c fs/elsewhere.c
/*
 * check-name: iov-identity: subtraction, comparison, copy, reset, renamed __iov and iter_iov(); a read through iter.iov is not one; io_uring by default, --all for every file
 * check-command: $WB audit --repo $REPO iov-identity | wb_norm
 * check-command: $WB audit --repo $REPO --all iov-identity | grep -E '^fs/|^iov-identity:'
 * check-exit-value: 1 1
 *
 * check-output-start
 * audit iov-identity at HEAD (<HEAD>)
 *
 * io_uring/compare.c:5:6: warning: in uses_cache(): iov-identity how=compare at=5 expr=iter.iov!=io->fast_iov [iov-identity]
 * io_uring/compare.c:7:25: warning: in uses_cache(): iov-identity how=compare at=7 expr=io->fast_iov==iter.iov [iov-identity]
 * io_uring/copy.c:8:23: warning: in map_rw(): iov-identity how=copy at=8 expr=memcpy(rw->fast_iov,iter->iov,sizeof(structiovec)*iter->nr_segs) [iov-identity]
 * io_uring/copy.c:9:2: warning: in map_rw(): iov-identity how=rebase at=9 expr=rw->iter.iov=rw->fast_iov [iov-identity]
 * io_uring/copy.c:10:2: warning: in map_rw(): iov-identity how=rebase at=10 expr=rw->iter.iov+=off [iov-identity]
 * io_uring/renamed.c:9:3: warning: in map_rw(): iov-identity how=reset at=9 expr=io->iter.__iov=io->fast_iov [iov-identity]
 * io_uring/renamed.c:10:7: warning: in map_rw(): iov-identity how=compare at=10 expr=iter->__iov!=fast_iov [iov-identity]
 * io_uring/renamed.c:11:14: warning: in map_rw(): iov-identity how=subtract at=11 expr=iter_iov(iter)-fast_iov [iov-identity]
 * io_uring/renamed.c:12:4: warning: in map_rw(): iov-identity how=rebase at=12 expr=io->iter.__iov+=iov_off [iov-identity]
 * io_uring/renamed.c:21:21: warning: in setup_async_msg(): iov-identity how=subtract at=21 expr=iter_iov(&kmsg->msg.msg_iter)-kmsg->fast_iov [iov-identity]
 * io_uring/renamed.c:23:3: warning: in setup_async_msg(): iov-identity how=reset at=23 expr=async_msg->msg.msg_iter.__iov=&async_msg->fast_iov[fast_idx] [iov-identity]
 * io_uring/reset.c:10:3: warning: in setup_async_msg(): iov-identity how=reset at=10 expr=async_msg->msg.msg_iter.iov=async_msg->fast_iov [iov-identity]
 * io_uring/subtract.c:6:9: warning: in seg_index(): iov-identity how=subtract at=6 expr=iter->iov-fast_iov [iov-identity]
 *
 * iov-identity: 13 findings in 5 files; 6 of 6 files in scope looked at
 * fs/elsewhere.c:6:9: warning: in seg_index(): iov-identity how=subtract at=6 expr=iter->iov-fast_iov [iov-identity]
 * iov-identity: 14 findings in 6 files; 7 of 7 files in scope looked at
 * check-output-end
 */
