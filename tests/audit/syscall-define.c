// wb-copy: audit/include/pagemap.h include/linux/pagemap.h
// wb-file: arch/ppc_like/kernel/signal_32.c
// SPDX-License-Identifier: GPL-2.0-or-later
#include <linux/syscalls.h>
#include <linux/compat.h>
#include <linux/pagemap.h>

SYSCALL_DEFINE3(swapcontext, struct ucontext __user *, old_ctx,
		struct ucontext __user *, new_ctx, long, ctx_size)
{
	sigset_t set;
	struct mcontext __user *mcp;

	if (ctx_size < sizeof(struct ucontext))
		return -EINVAL;
	if (old_ctx != NULL) {
		if (save_user_regs_like(current, old_ctx))
			return -EFAULT;
	}
	if (new_ctx == NULL)
		return 0;
	if (!access_ok(new_ctx, ctx_size) ||
	    fault_in_pages_readable((u8 __user *)new_ctx, ctx_size))
		return -EFAULT;
	if (__get_user_sigset(&set, &new_ctx->uc_sigmask))
		return -EFAULT;
	set_current_blocked(&set);
	mcp = (struct mcontext __user *)&new_ctx->uc_mcontext;
	return restore_user_regs_like(current, mcp);
}

COMPAT_SYSCALL_DEFINE2(foo, compat_uptr_t, uptr, compat_size_t, len)
{
	char __user *p = compat_ptr(uptr);
	long ret;

	if (!len)
		return 0;
	current->foo_len = len;
	ret = fault_in_pages_writeable(p, len) ? -EFAULT : 0;
	if (!ret)
		ret = foo_fill_like(p, len);
	return ret;
}

static inline long plain_helper(void)
{
	return 0;
}
/*
 * check-name: SYSCALL_DEFINEn and COMPAT_SYSCALL_DEFINEn name their functions sys_ and compat_sys_
 * check-command: $WB audit --no-classify --repo $REPO fault-in | wb_norm
 *
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     sys_swapcontext()                   arch/ppc_like/kernel/signal_32.c:21
 * fault_in_pages_writeable()
 *     compat_sys_foo()                    arch/ppc_like/kernel/signal_32.c:38
 *
 * fault-in: 2 call sites in 2 functions, 0 references, 0 wrappers (0 listed, 0 detected); 2 files
 * not called: iov_iter_fault_in_readable(), fault_in_readable(), fault_in_writeable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * check-output-end
 */
