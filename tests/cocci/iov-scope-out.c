// SPDX-License-Identifier: GPL-2.0
/* Out of the check scope, the same code: the iterator re-based onto a copy of its array. */
static void save_segs(struct saved_io *s, struct iov_iter *iter)
{
	memcpy(s->segs, iter->iov, sizeof(struct iovec) * iter->nr_segs);
	s->iter = *iter;
	s->iter.iov = s->segs;
}

/*
 * check-name: iov-identity does not report a file out of the check scope
 * cocci-rules: iov-identity
 * cocci-scope: iov-scope-in.c,nosuchdir/
 * cocci-not: iov-identity
 * cocci-not: iov-outparam
 */
