// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int sample_copy_fpstate_to_sigframe(void __user *buf, void __user *buf_fx, int size)
{
	int ret;

retry:
	fpregs_lock();
	ret = sample_save_xstate(buf_fx);
	fpregs_unlock();

	if (ret) {
		if (!fault_in_pages_writeable(buf_fx, sample_xstate_size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

static int sample_restore_fpregs(void __user *buf, u64 xrestore, bool fx_only,
				 unsigned int size)
{
	int ret;

retry:
	fpregs_lock();
	ret = sample_restore_hwregs(buf, xrestore, fx_only);
	fpregs_unlock();
	if (unlikely(ret)) {
		ret = fault_in_pages_readable(buf, size);
		if (!ret)
			goto retry;
		return ret;
	}
	return 0;
}

SYSCALL_DEFINE2(sample_sigreturn, void __user *, frame, unsigned int, size)
{
	return sample_restore_fpregs(frame, ~0ULL, false, size);
}
