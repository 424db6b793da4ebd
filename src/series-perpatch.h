/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SERIES_PERPATCH_H
#define WB_SERIES_PERPATCH_H

#include "series.h"

enum wb_perpatch_format {
	WB_PERPATCH_TERSE,	/* checkpatch --terse lines: b4.prep/am-perpatch-check-cmd (b4 0.14+) */
	WB_PERPATCH_JSON,	/* a JSON array of {tool, status, summary, details}: b4 0.15+ review checks */
};

/*
 * Check the one patch on stdin in repo (series-perpatch.c); the exit code
 * (0 nothing found, 1 findings, 2 no patch, 3 I/O and repository errors).
 */
int wb_perpatch_check(const char *repo, enum wb_perpatch_format fmt, const struct wb_check_opts *opts);

#endif
