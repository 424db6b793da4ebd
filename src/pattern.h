/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_PATTERN_H
#define WB_PATTERN_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "cocci.h"
#include "report.h"

/*
 * mode = pattern: the check's rules over the files of its scope (or the
 * whole tree) that mention one of its trigger names; every fact is a
 * finding, printed as a gcc-style diagnostic naming the function it is in
 * (the fact's func=), but those the check names as notes ('note = ID'):
 * shown as notes, they are no finding.
 */
struct wb_pattern {
	const struct wb_check *check;
	const struct wb_index *idx;
	struct wb_cocci_result facts;	/* file: index into idx->files */
	size_t nscope;			/* readable files in scope */
	size_t ncandidates;		/* of those, files given to the rules */
	size_t nnotes;			/* facts the check shows as notes ('note = ID') */
};

/* -1 when spatch is missing or fails (reported). */
int wb_pattern_run(struct wb_pattern *out, const struct wb_index *idx, const struct wb_check *c,
		   const char *cocci_dir, const char *cache_dir, int all, unsigned jobs);
void wb_pattern_text(FILE *out, const struct wb_pattern *p, const struct wb_report_ctx *ctx);
json_t *wb_pattern_json(const struct wb_pattern *p, const struct wb_report_ctx *ctx);
void wb_pattern_release(struct wb_pattern *p);

#endif
