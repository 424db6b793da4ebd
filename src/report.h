/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_REPORT_H
#define WB_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "classify.h"
#include "series.h"

struct wb_report_ctx {
	const char *rev;	/* as the user named it */
	const git_oid *commit;	/* zero when rev names a tree */
	const git_oid *tree;
	/* how the text names it: git describe --tags when rev is no ref name; NULL: rev */
	const char *name;
};

static inline const char *wb_report_name(const struct wb_report_ctx *ctx)
{
	return ctx->name ? ctx->name : ctx->rev;
}

struct wb_audit_counts {
	size_t call_sites, functions, references, wrappers, wrappers_listed, wrappers_detected;
	size_t files;
	struct {
		const char *name;
		size_t n;
	} classes[16];		/* verdicts of the classified call sites, first seen first */
	size_t nclasses;
};

/*
 * A JSON string for s (NULL: null): s itself when it is UTF-8, which
 * jansson escapes; else s C-quoted as the text report shows paths.
 */
json_t *wb_json_string(const char *s);

/* cls (may be NULL) holds the verdicts of a's call sites. */
void wb_audit_count(const struct wb_audit *a, const struct wb_classification *cls,
		    struct wb_audit_counts *out);
void wb_report_text(FILE *out, const struct wb_audit *a, const struct wb_classification *cls,
		    const struct wb_report_ctx *ctx);
/* A new JSON object for one audit; the caller owns it. */
json_t *wb_report_json(const struct wb_audit *a, const struct wb_classification *cls,
		       const struct wb_report_ctx *ctx);

/*
 * "incomplete: ..." when idx lacks what the audit needed, then a "skipped:"
 * line for each file not read that is not a missing object.
 */
void wb_report_incomplete_text(FILE *out, const struct wb_index *idx);

/* "complete", "missing" and "skipped" of an audit over idx, set on o. */
void wb_report_completeness(json_t *o, const struct wb_index *idx);

/* mode = uses: every use of each name, counted by subsystem. */
void wb_report_uses_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx);
json_t *wb_report_uses_json(const struct wb_audit *a, const struct wb_report_ctx *ctx);

/* mode = paths: each chain from an entry point down to a primitive; returns how many. */
size_t wb_report_paths_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx);
json_t *wb_report_paths_json(const struct wb_audit *a, const struct wb_report_ctx *ctx,
			     size_t *npaths);

/*
 * SARIF 2.1.0 of the JSON audits (the "audits" array of --format=json), one
 * run per audit; checks: the definitions they ran, for the rules' help.
 */
json_t *wb_report_sarif(const json_t *audits, struct wb_check *const *checks, size_t nchecks,
			const char *tool_version);
/* SARIF 2.1.0 of a workbench check: one run per tool requested. */
json_t *wb_check_sarif(const struct wb_check_result *res, const char *tool_version);

#endif
