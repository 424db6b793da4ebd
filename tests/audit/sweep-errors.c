// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
int toy_a_read(char *dst, const char __user *buf, size_t len)
{
	if (fault_in_readable(buf, len))
		return -EFAULT;
	if (copy_from_user(dst, buf, len))
		return -EFAULT;
	return 0;
}
// wb-commit: a: copy one more byte
// wb-file: fs/a.c
// SPDX-License-Identifier: GPL-2.0
int toy_a_read(char *dst, const char __user *buf, size_t len)
{
	if (fault_in_readable(buf, len + 1))
		return -EFAULT;
	if (copy_from_user(dst, buf, len + 1))
		return -EFAULT;
	return 0;
}
/*
 * check-name: audit --revs: a revision that does not resolve is named; a revision missing a blob is incomplete
 * check-setup: git tag old HEAD~1 && git tag new HEAD
 * check-setup: git config uploadpack.allowFilter true
 * check-setup: git clone -q --filter=blob:none --no-checkout "file://$REPO" "$REPO/../clone"
 * check-setup: git -C "$REPO/../clone" cat-file blob new:fs/a.c > /dev/null
 * check-setup: : > "$REPO/../empty.notes"
 * check-command: $WB audit --repo $REPO --notes "$REPO/../empty.notes" --revs old,no-such-tag fault-in 2>&1 | wb_norm
 * check-command: $WB audit --repo $REPO --notes "$REPO/../empty.notes" --revs 'zz*' fault-in 2>&1 | wb_norm
 * check-command: $WB audit --repo "$REPO/../clone" --no-classify --revs old,new fault-in 2>&1 | wb_norm
 * check-command: $WB audit --repo $REPO --rev old --revs old fault-in 2>"$REPO/../err"; rc=$?; head -n 1 "$REPO/../err"; exit $rc
 * check-exit-value: 3 2 3 2
 * check-output-start
 * error: unknown revision 'no-such-tag': revspec 'no-such-tag' not found
 * error: no tag matches 'zz*'
 * fs/a.c: warning: missing object 9c735760fe9a70e099eb3260ebae5d4aba63a512: object not found - no match for id (9c735760fe9a70e099eb3260ebae5d4aba63a512)
 * warning: revision old is incomplete: 1 file not read (missing or unreadable objects)
 * sweep fault-in over 2 revisions
 *   old                  <HEAD~1>  (incomplete: objects missing or unreadable)
 *   new                  <HEAD>
 *
 *                         old  new
 * fault_in_readable()
 *     toy_a_read() fs/a.c ?    +
 *
 * legend: + called (no verdict), . absent, ? absent from a revision not read whole, * body changed since the previous revision
 * error: --revs audits the revisions it names: not with --rev, --since, --update-notes or --format=sarif
 * check-output-end
 */
