// wb-copy: cocci/retry-goto.c fs/retry_goto.c
// wb-copy: cocci/retry-while1.c fs/retry_while1.c
// wb-copy: cocci/retry-do-while.c fs/retry_do_while.c
// wb-copy: cocci/chunked-write.c mm/chunked_write.c
// wb-copy: cocci/copy-follows.c drivers/copy_follows.c
// wb-copy: cocci/kernel-address.c arch/kernel_address.c
// wb-copy: cocci/loop-advances.c fs/loop_advances.c
// wb-copy: cocci/undecided.c fs/undecided.c
// wb-copy: cocci/wrapper.c include/linux/fault_wrap.h
// wb-file: fs/two_levels.c
// SPDX-License-Identifier: GPL-2.0
/* Calls the primitive through two levels of wrappers, then retries. */
int two_levels_caller(struct dev *d, char __user *buf, size_t n)
{
	int ret;

retry:
	ret = prefault_user_range(buf, 0, n);
	if (ret)
		return ret;
	if (dev_copy_nofault(d, buf, n))
		goto retry;
	return 0;
}
// wb-file: lib/either.c
// SPDX-License-Identifier: GPL-2.0
/*
 * A fast path under kmap_atomic() that falls back to a copy that may fault:
 * fine with a fault-in of any kind.
 */
static size_t copy_chunk_out(struct page *page, size_t offset, size_t bytes,
			     char __user *buf)
{
	char *kaddr;
	size_t left;

	if (!fault_in_pages_writeable(buf, bytes)) {
		kaddr = kmap_atomic(page);
		left = __copy_to_user_inatomic(buf, kaddr + offset, bytes);
		kunmap_atomic(kaddr);
		if (likely(!left))
			return bytes;
	}
	kaddr = kmap(page);
	left = copy_to_user(buf, kaddr + offset, bytes);
	kunmap(page);
	return bytes - left;
}
/*
 * check-name: classification: every class and its traps, with evidence
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_pages_readable()
 *     prefault_things()                   arch/kernel_address.c:10  broken (analysis)  [new]
 *         = kernel-address how=const [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 *     prefault_things()                   arch/kernel_address.c:11  broken (analysis)  [new]
 *         = kernel-address how=addr-of [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 * fault_in_pages_writeable()
 *     save_frame()                        fs/retry_goto.c:12  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=12 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=13 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *     copy_chunk_out()                    lib/either.c:12  either (analysis)  [new]
 *         = copy-follows copy=14 fn=__copy_to_user_inatomic tested=yes atomic=yes [fault-in-copy-follows.cocci]; copy-follows copy=20 fn=copy_to_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=12 test=truth [fault-in-result.cocci]; no-retry failure=continues copy=direct fn=copy_to_user [flow]; flow-result test=truth [flow]
 * iov_iter_fault_in_readable()
 *     chunked_write()                     mm/chunked_write.c:16  any-progress (analysis)  [new]
 *         = result-tested how=cond at=16 test=truth [fault-in-result.cocci]; retry-cycle progress=yes back=33 via=loop why=zero-copy,length-cut,advance [flow]; flow-result test=truth [flow]
 * fault_in_readable()
 *     set_params()                        drivers/copy_follows.c:9  pointless (analysis)  [new]
 *         = copy-follows copy=11 fn=copy_from_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=9 test=truth [fault-in-result.cocci]; no-retry failure=exits copy=direct fn=copy_from_user [flow]; flow-result test=truth [flow]
 *     read_records()                      fs/loop_advances.c:11  any-progress (analysis)  MISMATCH  [new]
 *         = result-tested how=cond at=11 test=truth [fault-in-result.cocci]; retry-cycle progress=yes back=16 via=loop why=length-cut,advance [flow]; flow-result test=truth [flow]
 *         ! fault_in_readable() serves all-or-nothing either pointless here, not any-progress
 *     restore_regs()                      fs/retry_do_while.c:12  all-or-nothing (analysis)  [new]
 *         = result-tested how=var at=14 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=13 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_writeable()
 *     prefault_things()                   arch/kernel_address.c:12  broken (analysis)  [new]
 *         = kernel-address how=cast [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 *     prefault_things()                   arch/kernel_address.c:13  broken (analysis)  [new]
 *         = kernel-address how=addr-of [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 *     prefault_things()                   arch/kernel_address.c:14  unclassified (analysis)  [new]
 *         = result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 *     prefault_things()                   arch/kernel_address.c:15  unclassified (analysis)  [new]
 *         = result-ignored how=stmt [fault-in-result.cocci]; no-retry failure=ignored [flow]; flow-result test=ignored [flow]
 *     fill_items()                        fs/retry_while1.c:12  all-or-nothing (analysis)  [new]
 *         = result-tested how=var at=13 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=17 via=loop why=unchanged [flow]; flow-result test=truth [flow]
 *     prefault_user()                     include/linux/fault_wrap.h:8  [wrapper, detected]
 *         prefault_user_range()           include/linux/fault_wrap.h:15  [wrapper, detected]
 *             two_levels_caller()         fs/two_levels.c:8  all-or-nothing (analysis)  [new]
 *                 = result-tested how=var at=9 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=12 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *     not_a_wrapper()                     include/linux/fault_wrap.h:21  [wrapper, detected]
 *         (no callers)
 * fault_in_safe_writeable()
 *     prepare()                           fs/undecided.c:5  unclassified (analysis)  [new]
 *         = result-ignored how=var [fault-in-result.cocci]; no-retry failure=unknown [flow]; flow-result test=other [flow]
 *
 * fault-in: 18 call sites in 13 functions, 0 references, 3 wrappers (0 listed, 3 detected); 11 files
 * not called: fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 4 broken, 4 all-or-nothing, 1 either, 2 any-progress, 1 pointless, 3 unclassified
 * review: 0 reviewed, 15 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: 1 of 5 callers uses a primitive that does not serve its class
 * check-output-end
 */
