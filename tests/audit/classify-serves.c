// wb-file: include/linux/pagemap.h
/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _LINUX_PAGEMAP_H
#define _LINUX_PAGEMAP_H

size_t fault_in_writeable(char __user *uaddr, size_t size);
size_t fault_in_readable(const char __user *uaddr, size_t size);

/* every page of the range, or -EFAULT */
static inline int fault_in_all_writeable(char __user *uaddr, size_t size)
{
	return fault_in_writeable(uaddr, size) ? -EFAULT : 0;
}

static inline int fault_in_all_readable(const char __user *uaddr, size_t size)
{
	return fault_in_readable(uaddr, size) ? -EFAULT : 0;
}

#endif /* _LINUX_PAGEMAP_H */
// wb-file: fs/frames.c
// SPDX-License-Identifier: GPL-2.0
/* Retries from scratch: needs every byte, and asks for every byte. */
int save_frame(struct frame __user *uf, struct state *st)
{
	int ret;

retry:
	ret = save_state_nofault(uf, st);
	if (ret) {
		if (!fault_in_all_writeable((char __user *)uf, sizeof(*uf)))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

/* Retries from scratch with the best-effort call, any shortfall a failure. */
int load_frame(struct frame __user *uf, struct state *st)
{
	int ret;

retry:
	ret = load_state_nofault(st, uf);
	if (ret) {
		if (!fault_in_readable((char __user *)uf, sizeof(*uf)))
			goto retry;
		return -EFAULT;
	}
	return 0;
}

/* Retries from scratch as soon as anything was faulted in: livelocks. */
int peek_frame(struct frame __user *uf, struct state *st)
{
	int ret;

retry:
	ret = load_state_nofault(st, uf);
	if (ret) {
		if (fault_in_readable((char __user *)uf, sizeof(*uf)) != sizeof(*uf))
			goto retry;
		return -EFAULT;
	}
	return 0;
}
// wb-file: fs/records.c
// SPDX-License-Identifier: GPL-2.0
/* Copies what it can: gives up only when nothing could be faulted in. */
static int read_records(char __user *ubuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);
		size_t left;

		if (fault_in_readable(ubuf + done, n) == n)
			return -EFAULT;
		left = consume_records_atomic(ubuf + done, n);
		done += n - left;
	}
	return 0;
}

/* Copies what it can, but asks for all or nothing: fails a partial range. */
static int write_records(char __user *ubuf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		size_t n = min_t(size_t, len - done, PAGE_SIZE);
		size_t left;

		if (fault_in_all_writeable(ubuf + done, n))
			return -EFAULT;
		left = produce_records_atomic(ubuf + done, n);
		done += n - left;
	}
	return 0;
}
/*
 * check-name: serves: each primitive serves the callers the check says; a caller whose need its primitive does not serve is a MISMATCH, exit 1
 * check-command: $WB audit --repo $REPO --notes fault-in.notes fault-in | wb_norm
 * check-command: $WB audit --repo $REPO --notes fault-in.notes --format=json fault-in | python3 -c 'import json, sys; d = json.load(sys.stdin)["audits"][0]; print("mismatches", d["mismatches"]); [print(c["function"], c["verdict"]["primitive"], c["verdict"]["need"], c["verdict"]["mismatch"]) for p in d["primitives"] for w in p["callers"] for c in (w.get("callers") or [w]) if "verdict" in c and "need" in c["verdict"]]'
 * check-exit-value: 1 1
 * check-output-start
 * audit fault-in at HEAD (<HEAD>)
 *
 * fault_in_readable()
 *     load_frame()                        fs/frames.c:25  all-or-nothing (analysis)  [new]
 *         = result-tested how=cond at=25 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=26 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *     peek_frame()                        fs/frames.c:40  all-or-nothing (analysis)  MISMATCH  [new]
 *         = result-tested how=cond at=40 test=other [fault-in-result.cocci]; retry-cycle progress=none back=41 via=goto why=unchanged [flow]; flow-result test=other [flow]
 *         ! fault_in_readable() serves any-progress either pointless here, not all-or-nothing
 *     read_records()                      fs/records.c:11  any-progress (analysis)  [new]
 *         = result-tested how=cond at=11 test=other [fault-in-result.cocci]; retry-cycle progress=yes back=14 via=loop why=length-cut,advance [flow]; flow-result test=other [flow]
 *     fault_in_all_readable()             include/linux/pagemap.h:16  [wrapper, detected]
 *         (no callers)
 * fault_in_writeable()
 *     fault_in_all_writeable()            include/linux/pagemap.h:11  [wrapper, detected]
 *         save_frame()                    fs/frames.c:10  all-or-nothing (analysis)  [new]
 *             = result-tested how=cond at=10 test=truth [fault-in-result.cocci]; retry-cycle progress=none back=11 via=goto why=unchanged [flow]; flow-result test=truth [flow]
 *         write_records()                 fs/records.c:28  any-progress (analysis)  MISMATCH  [new]
 *             = result-tested how=cond at=28 test=truth [fault-in-result.cocci]; retry-cycle progress=yes back=31 via=loop why=length-cut,advance [flow]; flow-result test=truth [flow]
 *             ! fault_in_all_writeable() serves all-or-nothing either pointless here, not any-progress
 *
 * fault-in: 7 call sites in 7 functions, 0 references, 2 wrappers (0 listed, 2 detected); 3 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_safe_writeable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable()
 * verdicts: 3 all-or-nothing, 2 any-progress
 * review: 0 reviewed, 5 new, 0 changed, 0 unreviewed, 0 gone; 0 disagree with analysis (fault-in.notes)
 * mismatch: 2 of 5 callers use a primitive that does not serve their class
 * mismatches 2
 * load_frame fault_in_readable all-or-nothing False
 * peek_frame fault_in_readable all-or-nothing True
 * read_records fault_in_readable any-progress False
 * save_frame fault_in_all_writeable all-or-nothing False
 * write_records fault_in_all_writeable any-progress True
 * check-output-end
 */
