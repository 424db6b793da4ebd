// SPDX-License-Identifier: GPL-2.0
/* Under an excluded prefix, the same code: the iterator re-based onto a copy of its array. */
static void tool_segs(struct saved_io *s, struct iov_iter *iter)
{
	memcpy(s->segs, iter->iov, sizeof(struct iovec) * iter->nr_segs);
	s->iter = *iter;
	s->iter.iov = s->segs;
}

/*
 * check-name: iov-identity does not report a file under an excluded prefix
 * cocci-rules: iov-identity
 * cocci-exclude: nosuchdir/,iov-scope-excluded
 * cocci-not: iov-identity
 * cocci-not: iov-outparam
 */
