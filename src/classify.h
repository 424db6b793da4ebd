/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_CLASSIFY_H
#define WB_CLASSIFY_H

#include <stddef.h>

#include "audit.h"
#include "cocci.h"
#include "notes.h"

/*
 * Verdicts for the call sites of an audit: facts from the check's
 * Coccinelle rules mapped to a class by the check's 'classify' table (data),
 * then merged with the reviewed notes, which win; every verdict keeps its
 * evidence and says where it came from.
 */
enum wb_review {
	WB_REVIEW_NEW,		/* no note for this caller */
	WB_REVIEW_OK,		/* reviewed, body unchanged */
	WB_REVIEW_CHANGED,	/* reviewed, but the body changed since */
	WB_REVIEW_UNREVIEWED,	/* noted, verdict still 'unreviewed' */
};

struct wb_verdict {
	const char *cls;		/* shown: the note's when reviewed, else analysis */
	const char *analysis;		/* what the rules say ("unclassified": nothing conclusive) */
	int from_notes;
	int disagrees;			/* reviewed verdict differs from a conclusive analysis */
	const struct wb_fact **evidence;
	size_t nevidence;
	enum wb_review review;
	const struct wb_note *note;
	char *key;			/* PATH:FUNCTION */
	char hash[17];			/* body hash now */
	const char *primitive;		/* the primitive the call leads to */
	char *serves;			/* the classes it serves here ('serves' in the
					   check); NULL: the check does not say */
	const char *need;		/* the class compared: cls, or a changed note's */
	int mismatch;			/* need is not one of them */
	int rules_ran;			/* the check's Coccinelle rules ran on it */
};

struct wb_classification {
	struct wb_verdict **v;		/* per query, per node */
	size_t nqueries;
	struct wb_cocci_result facts;
	struct wb_cocci_result followed;	/* facts made by wb_follow_returns() */
	struct wb_notes notes;
	int cocci_ran;			/* 0 with --no-cocci */
	const struct wb_note **gone;
	size_t ngone;
	size_t nnew, nchanged, nunreviewed, nreviewed, ndisagree;
	size_t nserved;			/* verdicts compared with a 'serves' line */
	size_t nmismatch;
};

struct wb_classify_opts {
	const char *cocci_dir;		/* where the check's rules are */
	const char *cache_dir;		/* NULL: no cache */
	const char *notes_path;		/* NULL: no notes */
	int no_cocci;			/* every non-wrapper call is 'unclassified' */
	unsigned jobs;
};

/* -1 when spatch is missing or fails, -2 for malformed notes; reported. */
int wb_classify(struct wb_classification *out, const struct wb_audit *a,
		const struct wb_classify_opts *opts);
/* Adds NEW callers to the notes file as 'unreviewed'. */
int wb_classify_update_notes(struct wb_classification *c, const struct wb_audit *a);
/* 1 when a gate should fail: anything new, changed, unreviewed or gone, or a mismatch. */
int wb_classify_needs_attention(const struct wb_classification *c);
void wb_classification_release(struct wb_classification *c);

#endif
