/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SWEEP_H
#define WB_SWEEP_H

#include <stdio.h>

#include <jansson.h>

/*
 * One audit across several revisions (workbench audit --revs): each
 * revision is audited on its own, exactly as a single audit would, and the
 * reports are folded into one matrix: for each caller (check, primitive,
 * path, function, its n-th call there) its verdict per revision, and what
 * changed between neighbours: NEW, GONE, CHANGED body (the function's text
 * hash), CHANGED verdict.
 *
 * audits[r] is the JSON report of one check at revision r (as
 * wb_report_json() makes it, or a "uses"/"paths"/"pattern" report, which
 * has no callers and is shown by presence of its findings only); labels[r]
 * the revision as the user named it.
 */
struct wb_sweep {
	const char *check;
	size_t nrevs;
	const char *const *labels;
	json_t **audits;	/* borrowed */
};

/* The matrix as JSON ("schema": "workbench-sweep/1"). */
json_t *wb_sweep_json(const struct wb_sweep *s);
/* The matrix as text a reviewer pastes in a mail, with a legend. */
void wb_sweep_text(FILE *out, const struct wb_sweep *s);
/* One self-contained HTML page (no scripts, nothing fetched) for all sweeps. */
void wb_sweep_html(FILE *out, const struct wb_sweep *s, size_t n);

#endif
