/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_COCCI_H
#define WB_COCCI_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "repo.h"

/*
 * Coccinelle on candidate files only: the blobs are written into a private
 * temporary directory (never the user's tree), spatch runs there in report
 * mode, one process per rule over all candidates, rules in parallel, and
 * each (blob, rule, options) result is cached so a re-audit runs spatch
 * only on blobs it has not seen with that rule.
 */

/* One line of a rule's report: "path:line:col-col: FACT key=value ...". */
struct wb_fact {
	char *rule;		/* the rule file's name without .cocci */
	size_t file;		/* index into the caller's file list */
	uint32_t line, col;
	char *text;		/* the message: "FACT key=value ..." */
};

struct wb_cocci_file {
	const git_oid *oid;
	const char *path;
	/*
	 * Line ranges to keep (first, last pairs), or none for the whole
	 * file: spatch's time goes into parsing, and the rules only need the
	 * functions they look at.  Other lines are written blank, so line
	 * numbers stay those of the blob.
	 */
	const uint32_t *ranges;
	size_t nranges;
};

struct wb_cocci_result {
	struct wb_fact *facts;
	size_t n;
	size_t spatch_runs;	/* files actually given to spatch (not cached) */
	char *spatch_version;
};

/*
 * Runs each rule (paths to .cocci files) with the extra defines (each
 * "name=value", passed as -D) over files.  Errors (spatch missing or
 * failing) are printed and return -1; nothing is silently skipped.
 */
int wb_cocci_run(struct wb_cocci_result *out, struct wb_repo *repo, const char *cache_dir,
		 const char *const *rules, size_t nrules, const char *const *defines,
		 size_t ndefines, const struct wb_cocci_file *files, size_t nfiles,
		 unsigned jobs);
void wb_cocci_result_release(struct wb_cocci_result *r);

/* The value of key=... in a fact's text (copied), or NULL. */
char *wb_fact_get(const struct wb_fact *f, const char *key);
/* Appends the fact's words but its call=L:C position, which the caller shows. */
void wb_fact_words(struct strbuf *sb, const struct wb_fact *f);
/* The fact id: the first word of the text (copied). */
char *wb_fact_id(const struct wb_fact *f);

#endif
