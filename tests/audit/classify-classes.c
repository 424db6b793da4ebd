// wb-file: fs/retry_goto.c
// SPDX-License-Identifier: GPL-2.0
/* The whole operation is redone after the fault-in, on the same range. */
static int save_frame(struct frame __user *uf, size_t size)
{
	int ret;

retry:
	pagefault_disable();
	ret = save_to_user_atomic(uf);
	pagefault_enable();
	if (ret) {
		if (!fault_in_pages_writeable((char __user *)uf, size))
			goto retry;
		return -EFAULT;
	}
	return 0;
}
// wb-file: fs/retry_while1.c
// SPDX-License-Identifier: GPL-2.0
/*
 * The offset only moves when a whole item was copied: a failed copy comes
 * back to the fault-in with the same offset (all-or-nothing).
 */
static int fill_items(char __user *ubuf, size_t len)
{
	unsigned long off = 0;
	int ret;

	while (1) {
		ret = fault_in_writeable(ubuf + off, len - off);
		if (ret)
			break;
		ret = copy_item_nofault(ubuf + off, len - off);
		if (ret == -EFAULT)
			continue;
		if (ret <= 0)
			break;
		off += ret;
	}
	return ret;
}
// wb-file: fs/retry_do_while.c
// SPDX-License-Identifier: GPL-2.0
static int restore_regs(const void __user *buf, unsigned int size)
{
	int ret;

	do {
		ret = restore_from_user_atomic(buf, size);
		if (!ret)
			break;
		if (ret != -EFAULT)
			return -EINVAL;
		ret = fault_in_readable(buf, size);
	} while (!ret);
	return ret;
}
// wb-file: mm/chunked_write.c
// SPDX-License-Identifier: GPL-2.0
/* A short copy shrinks the chunk; the iterator moves by what was copied. */
ssize_t chunked_write(struct file *file, struct iov_iter *i, loff_t pos)
{
	ssize_t written = 0;
	long status = 0;

	do {
		struct page *page;
		unsigned long offset = pos & (PAGE_SIZE - 1);
		unsigned long bytes = min_t(unsigned long, PAGE_SIZE - offset,
					    iov_iter_count(i));
		size_t copied;

again:
		if (unlikely(iov_iter_fault_in_readable(i, bytes))) {
			status = -EFAULT;
			break;
		}
		status = begin_page(file, pos, bytes, &page);
		if (status < 0)
			break;
		copied = copy_in_atomic(page, offset, bytes, i);
		end_page(file, pos, bytes, copied, page);
		iov_iter_advance(i, copied);
		if (unlikely(copied == 0)) {
			bytes = min_t(unsigned long, PAGE_SIZE - offset,
				      iov_iter_single_seg_count(i));
			goto again;
		}
		pos += copied;
		written += copied;
	} while (iov_iter_count(i));

	return written ? written : status;
}
// wb-file: drivers/copy_follows.c
// SPDX-License-Identifier: GPL-2.0
/* copy_from_user() faults the page in itself and its failure is handled. */
static long set_params(struct dev *d, const char __user *uarg, size_t len)
{
	struct params p;

	if (len > sizeof(p))
		return -EINVAL;
	if (fault_in_readable(uarg, len))
		return -EFAULT;
	if (copy_from_user(&p, uarg, len))
		return -EFAULT;
	return apply_params(d, &p);
}
// wb-file: arch/kernel_address.c
// SPDX-License-Identifier: GPL-2.0
/* None of these addresses is a user address. */
static struct stats global_stats;

static void prefault_things(struct stats *ks, char __user *ubuf)
{
	struct stats local;
	char *kbuf = (char *)ks;

	fault_in_pages_readable((const char __user *)0x1000, 4);
	fault_in_pages_readable((char __user *)&local, sizeof(local));
	fault_in_writeable((char *)kbuf, 8);
	fault_in_writeable(&global_stats, sizeof(global_stats));
	fault_in_writeable(ubuf, 8);
	fault_in_writeable((char *)ubuf, 8);
}
// wb-file: fs/loop_advances.c
// SPDX-License-Identifier: GPL-2.0
/* Every way back to the fault-in goes through the advance. */
static int read_records(char __user *ubuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);
		int left;

		if (fault_in_readable(ubuf + done, n))
			return -EFAULT;
		left = consume_records_atomic(ubuf + done, n);
		if (left == n)
			return -EFAULT;
		done += n - left;
	}
	return 0;
}
// wb-file: fs/undecided.c
// SPDX-License-Identifier: GPL-2.0
/* Nothing here that the rules can decide on: no loop, no copy, no label. */
static int prepare(struct ctx *c, char __user *ubuf, size_t len)
{
	int err = fault_in_safe_writeable(ubuf, len);

	c->prefault_status = err;
	return start_async(c, ubuf, len);
}
// wb-file: include/linux/fault_wrap.h
// SPDX-License-Identifier: GPL-2.0
/*
 * A wrapper, and a wrapper of the wrapper (listed with -D wrappers=).
 * not_a_wrapper() forwards members of its parameter: args=fields.
 */
static inline int prefault_user(char __user *uaddr, size_t size)
{
	return fault_in_writeable(uaddr, size);
}

int prefault_user_range(char __user *base, size_t off, size_t len)
{
	int ret;

	ret = prefault_user(base + off, len - off);
	return ret;
}

int not_a_wrapper(struct req *r)
{
	return fault_in_writeable(r->ubuf, r->len);
}
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
 *         = kernel-address how=const [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]
 *     prefault_things()                   arch/kernel_address.c:11  broken (analysis)  [new]
 *         = kernel-address how=addr-of [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]
 * fault_in_pages_writeable()
 *     save_frame()                        fs/retry_goto.c:12  all-or-nothing (analysis)  [new]
 *         = retry-goto label=7 goto=13 unchanged=yes [fault-in-retry-goto.cocci]; result-tested how=cond at=12 [fault-in-result.cocci]
 *     copy_chunk_out()                    lib/either.c:12  either (analysis)  [new]
 *         = copy-follows copy=14 fn=__copy_to_user_inatomic tested=yes atomic=yes [fault-in-copy-follows.cocci]; copy-follows copy=20 fn=copy_to_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=12 [fault-in-result.cocci]
 * iov_iter_fault_in_readable()
 *     chunked_write()                     mm/chunked_write.c:16  any-progress (analysis)  [new]
 *         = advances at=23 how=iter var=i [fault-in-advances.cocci]; advances at=25 how=assign var=i [fault-in-advances.cocci]; advances at=27 how=assign var=bytes [fault-in-advances.cocci]; result-tested how=cond at=16 [fault-in-result.cocci]
 * fault_in_readable()
 *     set_params()                        drivers/copy_follows.c:9  pointless (analysis)  [new]
 *         = copy-follows copy=11 fn=copy_from_user tested=yes atomic=no [fault-in-copy-follows.cocci]; result-tested how=cond at=9 [fault-in-result.cocci]
 *     read_records()                      fs/loop_advances.c:11  any-progress (analysis)  [new]
 *         = advances at=16 how=assign var=done [fault-in-advances.cocci]; result-tested how=cond at=11 [fault-in-result.cocci]
 *     restore_regs()                      fs/retry_do_while.c:12  all-or-nothing (analysis)  [new]
 *         = retry-loop loop=6 back=13 kind=do-while unchanged=yes [fault-in-retry-loop.cocci]; result-tested how=var at=14 [fault-in-result.cocci]
 * fault_in_writeable()
 *     prefault_things()                   arch/kernel_address.c:12  broken (analysis)  [new]
 *         = kernel-address how=cast [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]
 *     prefault_things()                   arch/kernel_address.c:13  broken (analysis)  [new]
 *         = kernel-address how=addr-of [fault-in-kernel-address.cocci]; result-ignored how=stmt [fault-in-result.cocci]
 *     prefault_things()                   arch/kernel_address.c:14  unclassified (analysis)  [new]
 *         = result-ignored how=stmt [fault-in-result.cocci]
 *     prefault_things()                   arch/kernel_address.c:15  unclassified (analysis)  [new]
 *         = result-ignored how=stmt [fault-in-result.cocci]
 *     fill_items()                        fs/retry_while1.c:12  all-or-nothing (analysis)  [new]
 *         = retry-loop loop=11 back=17 kind=forever unchanged=yes [fault-in-retry-loop.cocci]; advances at=20 how=assign var=off [fault-in-advances.cocci]; result-tested how=var at=13 [fault-in-result.cocci]
 *     prefault_user()                     include/linux/fault_wrap.h:8  [wrapper, detected, new]
 *         prefault_user_range()           include/linux/fault_wrap.h:15  [wrapper, detected, new]
 *             two_levels_caller()         fs/two_levels.c:8  all-or-nothing (analysis)  [new]
 *                 = retry-goto label=7 goto=12 unchanged=yes [fault-in-retry-goto.cocci]; result-tested how=var at=9 [fault-in-result.cocci]
 *     not_a_wrapper()                     include/linux/fault_wrap.h:21  [wrapper, detected, new]
 *         (no callers)
 * fault_in_safe_writeable()
 *     prepare()                           fs/undecided.c:5  unclassified (analysis)  [new]
 *         = result-ignored how=var [fault-in-result.cocci]
 *
 * fault-in: 18 call sites in 13 functions, 0 references, 3 wrappers (0 listed, 3 detected); 11 files
 * not called: fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable()
 * verdicts: 4 broken, 4 all-or-nothing, 1 either, 2 any-progress, 1 pointless, 3 unclassified
 * review: 0 reviewed, 18 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * check-output-end
 */
