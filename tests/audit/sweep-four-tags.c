// wb-file: fs/steady.c
// SPDX-License-Identifier: GPL-2.0
int toy_steady_read(char *dst, const char __user *buf, size_t len)
{
	if (fault_in_readable(buf, len))
		return -EFAULT;
	if (copy_from_user(dst, buf, len))
		return -EFAULT;
	return 0;
}
// wb-file: fs/grow.c
// SPDX-License-Identifier: GPL-2.0
int toy_grow_init(struct toy_file *f)
{
	f->page = NULL;
	return 0;
}
// wb-commit: grow: a write loop that throws a short copy away
// wb-file: fs/grow.c
// SPDX-License-Identifier: GPL-2.0
int toy_grow_init(struct toy_file *f)
{
	f->page = NULL;
	return 0;
}

ssize_t toy_grow_write(struct toy_file *f, struct iov_iter *i)
{
	ssize_t written = 0;

	while (iov_iter_count(i)) {
		size_t bytes = min_t(size_t, TOY_CHUNK, iov_iter_count(i));
		size_t copied;

		if (fault_in_iov_iter_readable(i, bytes))
			return -EFAULT;
		copied = copy_page_from_iter_atomic(f->page, 0, bytes, i);
		if (!toy_commit(f, copied)) {
			iov_iter_revert(i, copied);
			continue;
		}
		written += copied;
	}
	return written;
}
// wb-commit: grow: account what was written
// wb-file: fs/grow.c
// SPDX-License-Identifier: GPL-2.0
int toy_grow_init(struct toy_file *f)
{
	f->page = NULL;
	return 0;
}

ssize_t toy_grow_write(struct toy_file *f, struct iov_iter *i)
{
	ssize_t written = 0;

	while (iov_iter_count(i)) {
		size_t bytes = min_t(size_t, TOY_CHUNK, iov_iter_count(i));
		size_t copied;

		if (fault_in_iov_iter_readable(i, bytes))
			return -EFAULT;
		copied = copy_page_from_iter_atomic(f->page, 0, bytes, i);
		if (!toy_commit(f, copied)) {
			iov_iter_revert(i, copied);
			continue;
		}
		written += copied;
	}
	toy_account(f, written);
	return written;
}
// wb-commit: grow: keep short copies; steady: remove
// wb-delete: fs/steady.c
// wb-file: fs/grow.c
// SPDX-License-Identifier: GPL-2.0
int toy_grow_init(struct toy_file *f)
{
	f->page = NULL;
	return 0;
}

ssize_t toy_grow_write(struct toy_file *f, struct iov_iter *i)
{
	ssize_t written = 0;

	while (iov_iter_count(i)) {
		size_t bytes = min_t(size_t, TOY_CHUNK, iov_iter_count(i));
		size_t copied;

		if (fault_in_iov_iter_readable(i, bytes))
			return -EFAULT;
		copied = copy_page_from_iter_atomic(f->page, 0, bytes, i);
		toy_commit(f, copied);
		written += copied;
	}
	toy_account(f, written);
	return written;
}
/*
 * check-name: audit --revs: one caller appears, changes body, changes verdict; another goes away
 * check-setup: git tag v1 HEAD~3 && git tag v2 HEAD~2 && git tag v3 HEAD~1 && git tag v4 HEAD
 * check-setup: : > "$REPO/../empty.notes"
 * check-command: $WB audit --repo $REPO --notes "$REPO/../empty.notes" --revs v1,v2 --revs v3 --revs v4 fault-in | wb_norm
 * check-command: printf 'v1\n# a comment\n  v2\n\nv3\nv4\n' > "$REPO/../revs"; $WB audit --repo $REPO --notes "$REPO/../empty.notes" --revs-from "$REPO/../revs" --format=json fault-in > "$REPO/../sweep.json"; python3 "$WORKBENCH_CHECKS/../tests/tools/sweep-show.py" json "$REPO/../sweep.json"
 * check-command: $WB audit --repo $REPO --notes "$REPO/../empty.notes" --revs 'v*' --format=html fault-in > "$REPO/../sweep.html"; python3 "$WORKBENCH_CHECKS/../tests/tools/sweep-show.py" html "$REPO/../sweep.html"
 * check-command: python3 "$WORKBENCH_CHECKS/../tests/tools/html-shot.py" "$REPO/../sweep.html" "$REPO/../sweep.png"
 * check-command: python3 "$WORKBENCH_CHECKS/../tests/tools/sweep-show.py" compare "$REPO/../sweep.json" $WB --repo $REPO --notes "$REPO/../empty.notes" fault-in
 * check-exit-value: 1 0 0 0 0
 * check-output-start
 * sweep fault-in over 4 revisions
 *   v1                   <HEAD~3>
 *   v2                   <HEAD~2>
 *   v3                   <HEAD~1>
 *   v4                   <HEAD>
 *
 *                                   v1   v2   v3   v4
 * fault_in_readable()
 *     toy_steady_read() fs/steady.c P    P    P    .      v4: GONE
 * fault_in_iov_iter_readable()
 *     toy_grow_write() fs/grow.c    .    AON  AON* AP*    v2: NEW; v3: CHANGED body; v4: CHANGED body, CHANGED verdict
 *
 * legend: P pointless, AON all-or-nothing, AP any-progress, + called (no verdict), . absent, ? absent from a revision not read whole, * body changed since the previous revision
 * schema workbench-sweep/1
 * sweep fault-in workbench-sweep/1
 * revisions v1 v2 v3 v4
 * legend AON=all-or-nothing AP=any-progress P=pointless
 * row fs/steady.c toy_steady_read() #1: pointless@4 pointless@4 pointless@4 .
 *     v3..v4 GONE
 * row fs/grow.c toy_grow_write() #1: . all-or-nothing@16 all-or-nothing@16 any-progress@16
 *     v1..v2 NEW
 *     v2..v3 CHANGED body
 *     v3..v4 CHANGED body, CHANGED verdict (all-or-nothing -> any-progress)
 * html: 5 rows, 0 scripts, 0 external references
 * caller | v1 | v2 | v3 | v4 | changes
 * fault_in_readable()
 * toy_steady_read() fs/steady.c | P | P | P | · | v4: GONE
 * fault_in_iov_iter_readable()
 * toy_grow_write() fs/grow.c | · | AON | AON | AP | v2: NEW; v3: CHANGED body; v4: CHANGED body, CHANGED verdict
 * screenshot 1000x400
 *   P pointless              in the table and the legend
 *   AON all-or-nothing       in the table and the legend
 *   AP any-progress          in the table and the legend
 * compared 4 revisions, 6 cells: identical
 * check-output-end
 */
