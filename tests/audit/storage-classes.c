// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

static __always_inline int __must_check
fault_in_pages_readable(const char __user *uaddr, size_t size)
{
	volatile char c;

	if (unlikely(size == 0))
		return 0;
	if (unlikely(__get_user(c, uaddr) != 0))
		return -EFAULT;
	return 0;
}

static inline __attribute__((__always_inline__)) int fault_in_pages_writeable(char __user *uaddr, size_t size)
{
	if (unlikely(size == 0))
		return 0;
	if (unlikely(__put_user(0, uaddr) != 0))
		return -EFAULT;
	return 0;
}

static __always_inline int __must_check prefault_in(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}

#endif /* _LINUX_PAGEMAP_H */
// wb-file: kernel/attrs.c
// SPDX-License-Identifier: GPL-2.0
#include <linux/init.h>
#include <linux/pagemap.h>

noinline static int __cold __attribute__((__section__(".text.unlikely")))
slow_path_like(struct slow *s)
{
	int ret;

	s->retries++;
	ret = fault_in_pages_writeable(s->ubuf, s->len);
	if (ret)
		s->failed = true;
	s->last = jiffies;
	return ret;
}

int __init early_prefault_like(void)
{
	int ret;

	boot_buf.len = BOOT_BUF_LEN;
	ret = prefault_in(boot_buf.ubuf, boot_buf.len);
	if (ret)
		pr_warn("early prefault failed\n");
	boot_buf.ready = !ret;
	return 0;
}

asmlinkage __visible void notrace __maybe_unused entry_prefault_like(struct pt_regs *regs)
{
	regs->flags = 0;
	regs->orig = regs->ax;
	if (fault_in_pages_writeable((char __user *)regs->sp, sizeof(long)))
		regs->ax = -EFAULT;
	regs->done = 1;
}
/*
 * check-name: storage classes and attributes do not hide a definition
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     prefault_in()                       include/linux/pagemap.h:28  [wrapper, detected]
 *         early_prefault_like()           kernel/attrs.c:23
 * fault_in_pages_writeable()
 *     slow_path_like()                    kernel/attrs.c:11
 *     entry_prefault_like()               kernel/attrs.c:34
 *
 * fault-in: 4 call sites in 4 functions, 0 references, 1 wrapper (0 listed, 1 detected); 2 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
