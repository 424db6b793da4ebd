// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: include/linux/prefault.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PREFAULT_H
#define _LINUX_PREFAULT_H

#include <linux/pagemap.h>

/* one line, forwards both of its parameters */
#define prefault_readable(addr, len) fault_in_pages_readable((addr), (len))

#define PREFAULT_USER_WRITE(ptr, size, err)			\
do {								\
	if (unlikely(fault_in_pages_writeable((ptr),		\
					      (size))))		\
		(err) = -EFAULT;				\
} while (0)

/* forwards nothing of its own: a call site, its users are not callers */
#define PREFAULT_SCRATCH()					\
	fault_in_pages_readable(current->scratch_buf,		\
				SCRATCH_BUF_SIZE)

#endif /* _LINUX_PREFAULT_H */
// wb-file: fs/macro_users.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/prefault.h>

ssize_t user_read_like(struct kiocb *iocb, const char __user *buf, size_t len)
{
	ssize_t ret;

	iocb->ki_pos = 0;
	ret = prefault_readable(buf, len);
	if (ret)
		return ret;
	ret = do_user_read_like(iocb, buf, len);
	return ret;
}

ssize_t user_write_like(struct kiocb *iocb, char __user *ubuf, size_t n)
{
	ssize_t ret = 0;

	iocb->ki_pos = 0;
	PREFAULT_USER_WRITE(ubuf, n, ret);
	if (ret)
		return ret;
	ret = do_user_write_like(iocb, ubuf, n);
	return ret;
}

int scratch_user_like(struct task_struct *tsk)
{
	int ret;

	tsk->flags |= PF_SCRATCH;
	ret = PREFAULT_SCRATCH();
	if (ret)
		tsk->flags &= ~PF_SCRATCH;
	tsk->scratch_used = 0;
	return ret;
}
/*
 * check-name: calls inside #define bodies, one-line and continued
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     prefault_readable()                 include/linux/prefault.h:8  [wrapper, detected, macro]
 *         user_read_like()                fs/macro_users.c:9
 *     PREFAULT_SCRATCH()                  include/linux/prefault.h:19  [macro]
 * fault_in_pages_writeable()
 *     PREFAULT_USER_WRITE()               include/linux/prefault.h:12  [wrapper, detected, macro]
 *         user_write_like()               fs/macro_users.c:21
 *
 * fault-in: 5 call sites in 5 functions, 0 references, 2 wrappers (0 listed, 2 detected); 3 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
