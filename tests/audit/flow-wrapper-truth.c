// wb-file: fs/toyfs/probe.c
// SPDX-License-Identifier: GPL-2.0
/*
 * Wrappers that turn the fault-in's result round: 'return fault_in(...) == 0'
 * is true when every byte was faulted in.  A caller retrying on that truth
 * retries after a success, from scratch: all-or-nothing.  Read as the
 * primitive's own result (non-zero: bytes left), the same test would be a
 * failure and the retry no retry at all.
 */
#include <linux/pagemap.h>

static bool toy_probe(char __user *p, size_t n)
{
	return fault_in_writeable(p, n) == 0;
}

/* The same as a macro, in parentheses as kernel style has it. */
#define toy_probe_m(p, n)	(fault_in_writeable(p, n) == 0)

/* The range is read from the struct it is given: its callers pass no address. */
static bool toy_probe_info(struct toy_info *fi)
{
	char __user *dest = fi->start;
	size_t size = sizeof(*dest) * fi->max;

	return fault_in_safe_writeable(dest, size) == 0;
}

/* A comparison the audit cannot read as success or failure: no wrapper. */
static bool toy_probe_odd(char __user *p, size_t n)
{
	return fault_in_readable(p, n) < n;
}

int toy_fill(struct toy_info *fi, char __user *buf, size_t len)
{
	int ret;

retry:
	pagefault_disable();
	ret = toy_fill_atomic(fi, buf, len);
	pagefault_enable();
	if (ret == -EFAULT && toy_probe(buf, len)) {
		fi->mapped = 0;
		goto retry;
	}
	return ret;
}

int toy_fill_m(struct toy_info *fi, char __user *buf, size_t len)
{
	int ret;

retry:
	pagefault_disable();
	ret = toy_fill_atomic(fi, buf, len);
	pagefault_enable();
	if (ret == -EFAULT && toy_probe_m(buf, len))
		goto retry;
	return ret;
}

int toy_map(struct toy_info *fi)
{
	int ret;

retry:
	pagefault_disable();
	ret = toy_map_atomic(fi);
	pagefault_enable();
	if (ret == -EFAULT && toy_probe_info(fi))
		goto retry;
	return ret;
}

/*
 * The retry resets a member of the range's struct that nothing here reads:
 * the same every round, it carries nothing from one round to the next.
 */
int toy_map_again(struct toy_info *fi)
{
	int ret;

retry:
	ret = toy_map_nofault(fi);
	if (ret == -EFAULT && toy_probe_info(fi)) {
		fi->mapped = 0;
		goto retry;
	}
	return ret;
}

/* A member set to 0 that the function reads again: maybe a way out, not known. */
int toy_map_once(struct toy_info *fi)
{
	int ret;

retry:
	ret = toy_map_nofault(fi);
	if (ret == -EFAULT && fi->budget && toy_probe_info(fi)) {
		fi->budget = 0;
		goto retry;
	}
	return ret;
}

int toy_peek(char __user *buf, size_t len)
{
	if (!toy_probe_odd(buf, len))
		return -EFAULT;
	return toy_peek_nofault(buf, len);
}
/*
 * check-name: flow: a wrapper returning 'fault_in(...) == 0' is true on success, also a macro whose value it is; one reading its range from a struct is not named to the rules; one whose result is not read is no wrapper; a reset of a member read nowhere else is no progress
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-exit-value: 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     toy_probe_odd()                     fs/toyfs/probe.c:31  unclassified (analysis)  [new]
 *         = forwards-params func=29 name=toy_probe_odd args=params result=expr stmts=1 [fault-in-forwards-params.cocci]; result-tested how=return at=31 [fault-in-result.cocci]; no-retry failure=unknown [flow]; flow-result test=returned [flow]
 * fault_in_writeable()
 *     toy_probe()                         fs/toyfs/probe.c:13  [wrapper, detected]
 *         toy_fill()                      fs/toyfs/probe.c:42  all-or-nothing (analysis)  [new]
 *             = result-tested how=cond at=42 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=44 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *     toy_probe_m()                       fs/toyfs/probe.c:17  [wrapper, detected, macro]
 *         toy_fill_m()                    fs/toyfs/probe.c:57  all-or-nothing (analysis)  [new]
 *             = result-tested how=cond at=57 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=58 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 * fault_in_safe_writeable()
 *     toy_probe_info()                    fs/toyfs/probe.c:25  [wrapper, detected]
 *         toy_map()                       fs/toyfs/probe.c:70  all-or-nothing (analysis)  [new]
 *             = wrapper-args name=toy_probe_info range=its-arguments-read-inside [wrapper]; retry-cycle progress=none back=71 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *         toy_map_again()                 fs/toyfs/probe.c:85  all-or-nothing (analysis)  [new]
 *             = wrapper-args name=toy_probe_info range=its-arguments-read-inside [wrapper]; retry-cycle progress=none back=87 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *         toy_map_once()                  fs/toyfs/probe.c:99  unclassified (analysis)  [new]
 *             = wrapper-args name=toy_probe_info range=its-arguments-read-inside [wrapper]; retry-cycle progress=maybe back=101 via=goto why=set:fi->budget [flow]; flow-result test=truth [flow]
 *
 * fault-in: 9 call sites in 9 functions, 0 references, 3 wrappers (0 listed, 3 detected); 1 file
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 2 unclassified, 4 all-or-nothing
 * review: 0 reviewed, 6 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: none; 4 callers use a primitive that serves their class
 * check-output-end
 */
