/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_RETURNS_H
#define WB_RETURNS_H

#include "audit.h"
#include "classify.h"

/*
 * A call whose result its function returns as it is (a rule's fact
 * 'use=returned func=F') is not decided where it is made: F's callers in
 * the same tree are (a static F's in its own file), with the check's own
 * rules, and the call gets what they do with F's result: 'count' when one
 * uses it as one, else 'error-only' when one tests it, else 'ignored'.
 * Callers that return it again are followed the same way, up to
 * WB_RETURNS_DEPTH functions up.  A call whose function nobody calls
 * keeps its class.  Each decision is evidence of its own
 * ('returned-to callers=N count=N error-only=N ignored=N at=PATH:LINE').
 * -1 when spatch fails (reported).
 */
#define WB_RETURNS_DEPTH 3
int wb_follow_returns(struct wb_classification *c, const struct wb_audit *a,
		      const struct wb_classify_opts *opts);

#endif
