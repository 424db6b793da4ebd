/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SINCE_H
#define WB_SINCE_H

#include <jansson.h>
#include <stdio.h>

#include "audit.h"
#include "report.h"

/*
 * What changed between two audits of one check: callers (a function, or
 * file scope, reaching a watched name) that appeared, disappeared, or whose
 * function body changed.  Bodies are only compared in files the tree diff
 * says changed; elsewhere the blob, and so the caller, is the same.
 */
enum wb_since_kind { WB_SINCE_ADDED, WB_SINCE_REMOVED, WB_SINCE_CHANGED };

struct wb_since_entry {
	enum wb_since_kind kind;
	const struct wb_audit *audit;	/* the one the node belongs to */
	const struct wb_node *node;
};

struct wb_since {
	struct wb_since_entry *v;
	size_t n;
	size_t counts[3];
	size_t changed_files;
};

int wb_since_compute(struct wb_since *out, const struct wb_audit *old,
		     const struct wb_audit *cur, const struct wb_nameset *changed_paths);
void wb_since_release(struct wb_since *s);

void wb_since_text(FILE *out, const struct wb_since *s, const struct wb_report_ctx *old_ctx,
		   const struct wb_report_ctx *ctx, const char *check);
json_t *wb_since_json(const struct wb_since *s, const struct wb_report_ctx *old_ctx,
		      const struct wb_report_ctx *ctx, const char *check);

#endif
