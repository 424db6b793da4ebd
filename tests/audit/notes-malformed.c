// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
long a_copy(struct dev *d, const char __user *uarg, size_t len)
{
	if (fault_in_readable(uarg, len))
		return -EFAULT;
	return copy_from_user(d->buf, uarg, len) ? -EFAULT : 0;
}
/*
 * check-name: reviewed notes: a malformed line is an error naming file:line, and nothing is written
 * check-setup: printf '# ok\nfs/a.c:a_copy  pointless  0123456789abcdef  fine\n\nfs/b.c:b  maybe-later  -  what\n' > ../bad.notes
 * check-setup: printf 'fs/a.c:a_copy  pointless  12345  short hash\n' > ../badhash.notes
 * check-setup: printf 'no-colon-here  pointless  -  why\n' > ../badkey.notes
 * check-setup: printf 'fs/a.c:a_copy  pointless  -\n' > ../noreason.notes
 * check-setup: printf 'fs/a.c:a_copy  pointless  -  one\nfs/a.c:a_copy  either  -  two\n' > ../dup.notes
 * check-setup: cp ../bad.notes ../bad.notes.orig
 * check-command: $WB audit --repo . --notes ../bad.notes --update-notes fault-in
 * check-command: cmp ../bad.notes ../bad.notes.orig && echo unchanged
 * check-command: $WB audit --repo . --notes ../badhash.notes fault-in
 * check-command: $WB audit --repo . --notes ../badkey.notes fault-in
 * check-command: $WB audit --repo . --notes ../noreason.notes fault-in
 * check-command: $WB audit --repo . --notes ../dup.notes fault-in
 * check-exit-value: 2 0 2 2 2 2
 * check-error-contains: error: ../bad.notes:4: unknown verdict 'maybe-later'
 * check-error-contains: error: ../badhash.notes:1: malformed body hash '12345'
 * check-error-contains: error: ../badkey.notes:1: malformed caller 'no-colon-here'
 * check-error-contains: error: ../noreason.notes:1: verdict 'pointless' for 'fs/a.c:a_copy' has no reason
 * check-error-contains: error: ../dup.notes:2: 'fs/a.c:a_copy' already has a verdict on line 1
 *
 * check-output-start
 * unchanged
 * check-output-end
 */
