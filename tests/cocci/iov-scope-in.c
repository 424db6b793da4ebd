// SPDX-License-Identifier: GPL-2.0
/* In the check's scope: the iterator re-based onto a copy of its array. */
static void keep_segs(struct saved_io *s, struct iov_iter *iter)
{
	memcpy(s->segs, iter->iov, sizeof(struct iovec) * iter->nr_segs);
	s->iter = *iter;
	s->iter.iov = s->segs;
}

/*
 * check-name: iov-identity reports a site in the check's scope
 * cocci-rules: iov-identity
 * cocci-scope: iov-scope-in.c,nosuchdir/
 * cocci-expect: iov-identity call=5:1 how=copy at=5 func=keep_segs expr=memcpy(s->segs,iter->iov,sizeof(structiovec)*iter->nr_segs)
 * cocci-expect: iov-identity call=7:1 how=rebase at=7 func=keep_segs expr=s->iter.iov=s->segs
 */
