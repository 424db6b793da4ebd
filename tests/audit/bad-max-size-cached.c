// wb-file: include/linux/pagemap.h
int fault_in_pages_readable(const char __user *uaddr, size_t size);
// wb-file: fs/small.c
int small_caller(struct s *s)
{
	s->a = 1;
	s->b = fault_in_pages_readable(s->p, s->n);
	s->c = 3;
	return s->b;
}
// wb-file: drivers/big.c
int big_caller(void)
{
	return fault_in_pages_readable(p, n);
}
/*
 * This file is over 1000 bytes because of this comment.
 *
 * check-name: --max-size applies to blobs whose scan is already cached: incomplete, exit 3
 * check-setup: test $(git cat-file -s HEAD:drivers/big.c) -gt 1000 && test $(git cat-file -s HEAD:fs/small.c) -lt 1000
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm | sed 's/: [0-9]* bytes, over/: N bytes, over/'
 * check-command: $WB audit --no-classify --repo $REPO --max-size 1000 fault-in | wb_norm | sed 's/: [0-9]* bytes, over/: N bytes, over/'
 * check-exit-value: 0 3
 * check-error-contains: drivers/big.c: warning: skipped, the audit is incomplete:
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     big_caller()                        drivers/big.c:3
 *     small_caller()                      fs/small.c:4
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     small_caller()                      fs/small.c:4
 *
 * fault-in: 1 call site in 1 function, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * incomplete: 0 objects missing or unreadable, 1 file skipped
 * skipped: drivers/big.c: N bytes, over the limit of 1000
 * check-output-end
 */
