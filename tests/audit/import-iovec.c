// wb-copy: cocci/iovec-iter-stored.c lib/iovec-iter-stored.c
// wb-copy: cocci/iovec-owner-frees-returned.c lib/iovec-owner-frees-returned.c
// wb-copy: cocci/iovec-owner-frees-via-iter.c lib/iovec-owner-frees-via-iter.c
// wb-copy: cocci/iovec-owner-none.c lib/iovec-owner-none.c
// wb-copy: cocci/iovec-owner-transferred.c lib/iovec-owner-transferred.c
// wb-copy: cocci/iovec-result-count.c lib/iovec-result-count.c
// wb-copy: cocci/iovec-result-error-only.c lib/iovec-result-error-only.c
// wb-copy: cocci/iovec-result-ignored.c lib/iovec-result-ignored.c
/*
 * check-name: import-iovec: how the result is used (count, error-only, ignored) and who frees the iovec, as evidence
 * check-command: $WB audit --repo $REPO import-iovec | wb_norm
 *
 * check-output-start
 * audit import-iovec at HEAD (<HEAD>)
 *
 * import_iovec()
 *     rw_setup()                          lib/iovec-iter-stored.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; iter-stored at=13 field=iter [import-iovec-owner.cocci]; owner how=transferred at=14 field=free_iovec [import-iovec-owner.cocci]
 *     do_writev()                         lib/iovec-owner-frees-returned.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=frees-returned at=14 [import-iovec-owner.cocci]
 *     do_send()                           lib/iovec-owner-frees-via-iter.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; owner how=frees-via-iter at=15 [import-iovec-owner.cocci]
 *     peek_vec()                          lib/iovec-owner-none.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=none at=15 [import-iovec-owner.cocci]
 *     rw_prep_async()                     lib/iovec-owner-transferred.c:10  error-only (analysis)
 *         = result use=error-only at=11 [import-iovec-result.cocci]; owner how=transferred at=14 field=free_iovec [import-iovec-owner.cocci]
 *     vec_len()                           lib/iovec-result-count.c:9  count (analysis)
 *         = result use=returned at=13 func=vec_len [import-iovec-result.cocci]; owner how=frees-returned at=12 [import-iovec-owner.cocci]
 *     check_len()                         lib/iovec-result-count.c:22  count (analysis)
 *         = result use=count at=25 [import-iovec-result.cocci]; owner how=frees-returned at=26 [import-iovec-owner.cocci]; owner how=transferred at=30 field=iov [import-iovec-owner.cocci]
 *     account()                           lib/iovec-result-count.c:44  count (analysis)
 *         = result use=count at=44 [import-iovec-result.cocci]; owner how=transferred at=44 field=*iovp [import-iovec-owner.cocci]
 *     do_readv()                          lib/iovec-result-error-only.c:11  error-only (analysis)
 *         = result use=error-only at=12 [import-iovec-result.cocci]; owner how=frees-returned at=14 [import-iovec-owner.cocci]
 *     copy_hdr()                          lib/iovec-result-error-only.c:24  error-only (analysis)
 *         = result use=error-only at=25 [import-iovec-result.cocci]; owner how=transferred at=24 field=*iov [import-iovec-owner.cocci]
 *     setup_vec()                         lib/iovec-result-ignored.c:17  ignored (analysis)
 *         = result use=ignored at=17 [import-iovec-result.cocci]; owner how=frees-returned at=19 [import-iovec-owner.cocci]
 * __import_iovec()
 *     do_recv()                           lib/iovec-owner-frees-via-iter.c:25  error-only (analysis)
 *         = result use=error-only at=26 [import-iovec-result.cocci]; owner how=frees-via-iter at=29 [import-iovec-owner.cocci]
 *     recvmsg_copy_hdr()                  lib/iovec-owner-transferred.c:24  [wrapper, detected]
 *         (no callers)
 *     my_import()                         lib/iovec-result-count.c:38  [wrapper, detected]
 *         (no callers)
 *     prep_recv()                         lib/iovec-result-error-only.c:45  error-only (analysis)
 *         = result use=error-only at=47 [import-iovec-result.cocci]; owner how=transferred at=45 field=free_iov [import-iovec-owner.cocci]
 * import_single_range()
 *     msg_setup()                         lib/iovec-iter-stored.c:24  error-only (analysis)
 *         = result use=error-only at=25 [import-iovec-result.cocci]; iter-stored at=27 field=saved_iter [import-iovec-owner.cocci]
 *     prep_send()                         lib/iovec-result-error-only.c:33  error-only (analysis)
 *         = result use=error-only at=34 [import-iovec-result.cocci]
 *     setup_iter()                        lib/iovec-result-ignored.c:7  ignored (analysis)
 *         = result use=ignored at=7 [import-iovec-result.cocci]
 *
 * import-iovec: 18 call sites in 18 functions, 0 references, 2 wrappers (0 listed, 2 detected); 8 files
 * not called: import_ubuf(), compat_import_iovec()
 * verdicts: 11 error-only, 3 count, 2 ignored
 * check-output-end
 */
