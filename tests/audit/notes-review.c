// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
int a_retry(struct frame __user *uf, struct state *st)
{
	int ret;

retry:
	ret = save_state_nofault(uf, st);
	if (ret) {
		if (!fault_in_writeable(uf, sizeof(*uf)))
			goto retry;
		return -EFAULT;
	}
	return 0;
}
// wb-file: fs/b.c
// SPDX-License-Identifier: GPL-2.0
long b_copy(struct dev *d, const char __user *uarg, size_t len)
{
	if (fault_in_readable(uarg, len))
		return -EFAULT;
	if (copy_from_user(d->buf, uarg, len))
		return -EFAULT;
	return 0;
}
// wb-file: fs/c.c
// SPDX-License-Identifier: GPL-2.0
int c_unsure(struct ctx *c, char __user *ubuf, size_t len)
{
	int err = fault_in_safe_writeable(ubuf, len);

	c->prefaulted = !err;
	return ctx_start(c);
}
// wb-commit: fs: a_retry gives up after three tries
// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
int a_retry(struct frame __user *uf, struct state *st)
{
	int ret, tries = 3;

retry:
	ret = save_state_nofault(uf, st);
	if (ret) {
		if (!fault_in_writeable(uf, sizeof(*uf)) && --tries)
			goto retry;
		return -EFAULT;
	}
	return 0;
}
/*
 * check-name: reviewed notes: reviewed, disagreement, new, changed, gone, --update-notes round trip
 *
 * The notes are written with the body hashes of HEAD~1's callers (from the
 * audit's JSON); HEAD changes a_retry() after that review.  --update-notes
 * must add only the new caller, as 'unreviewed', before the first entry
 * that sorts after it, keeping every other byte (cmp with the original).
 *
 * check-setup: $WB audit --repo . --rev HEAD~1 --notes /dev/null --format=json fault-in > ../review.json || true
 * check-setup: python3 -c 'import json,sys; c={}; [c.__setitem__(n["verdict"]["caller"], n["verdict"]["body_hash"]) for p in json.load(open("../review.json"))["audits"][0]["primitives"] for n in p["callers"]]; sys.stdout.write("# fault-in: reviewed verdicts\n\n# retries the whole save\nfs/a.c:a_retry  all-or-nothing  %s  retries the whole save from scratch\n# a human overrides the analysis here\nfs/b.c:b_copy   either          %s  the copy below handles a short fault-in\n\nfs/old.c:old_fn  any-progress  0123456789abcdef  removed since\n" % (c["fs/a.c:a_retry"], c["fs/b.c:b_copy"]))' > ../fault-in.notes
 * check-setup: cp ../fault-in.notes ../fault-in.notes.orig
 * check-command: $WB audit --repo . --rev HEAD~1 --notes ../fault-in.notes fault-in | wb_norm
 * check-command: $WB audit --repo . --notes ../fault-in.notes fault-in | wb_norm | grep -E 'a_retry|review:'
 * check-command: $WB audit --repo . --rev HEAD~1 --notes ../fault-in.notes --update-notes fault-in > /dev/null
 * check-command: diff ../fault-in.notes.orig ../fault-in.notes | sed -E 's/[0-9a-f]{16}/<hash>/'
 * check-command: $WB audit --repo . --rev HEAD~1 --notes ../fault-in.notes fault-in | grep -E 'c_unsure|review:'
 * check-exit-value: 1 1 1 1 1
 *
 * check-output-start
 * audit fault-in at HEAD~1 (<HEAD~1>)
 *
 * fault_in_readable()
 *     b_copy()                            fs/b.c:4  either (notes)
 *         = the copy below handles a short fault-in (analysis says pointless)
 * fault_in_writeable()
 *     a_retry()                           fs/a.c:9  all-or-nothing (notes)
 *         = retries the whole save from scratch
 * fault_in_safe_writeable()
 *     c_unsure()                          fs/c.c:4  unclassified (analysis)  [new]
 *         = result-ignored how=var [fault-in-result.cocci]; no-retry failure=unknown [flow]; flow-result test=other [flow]
 *
 * fault-in: 3 call sites in 3 functions, 0 references, 0 wrappers (0 listed, 0 detected); 3 files
 * not called: fault_in_pages_readable(), fault_in_pages_writeable(), iov_iter_fault_in_readable(), fault_in_iov_iter_readable(), fault_in_iov_iter_writeable(), fault_in_subpage_writeable(), fault_in_all_readable(), fault_in_all_writeable()
 * verdicts: 1 either, 1 all-or-nothing, 1 unclassified
 * review: 2 reviewed, 1 new, 0 changed, 0 unreviewed, 1 gone; 1 disagree with analysis (../fault-in.notes)
 * gone: fs/old.c:old_fn  any-progress  (../fault-in.notes:8)
 * mismatch: none; 2 callers use a primitive that serves their class
 *     a_retry()                           fs/a.c:9  all-or-nothing (analysis; reviewed before the change: all-or-nothing)  [changed since review]
 * review: 1 reviewed, 1 new, 1 changed, 0 unreviewed, 1 gone; 1 disagree with analysis (../fault-in.notes)
 * 7a8
 * > fs/c.c:c_unsure  unreviewed  <hash>  unclassified
 *     c_unsure()                          fs/c.c:4  unclassified (analysis)  [unreviewed]
 * review: 2 reviewed, 0 new, 0 changed, 1 unreviewed, 1 gone; 1 disagree with analysis (../fault-in.notes)
 * check-output-end
 */
