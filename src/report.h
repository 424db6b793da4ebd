/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_REPORT_H
#define WB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"

struct wb_report_ctx {
	const char *rev;	/* as the user named it */
	const git_oid *commit;	/* zero when rev names a tree */
	const git_oid *tree;
};

struct wb_audit_counts {
	size_t call_sites, functions, references, wrappers, wrappers_listed, wrappers_detected;
	size_t files;
};

void wb_audit_count(const struct wb_audit *a, struct wb_audit_counts *out);
void wb_report_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx);
/* A new JSON object for one audit; the caller owns it. */
json_t *wb_report_json(const struct wb_audit *a, const struct wb_report_ctx *ctx);

#endif
