/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SERIES_H
#define WB_SERIES_H

#include <stdint.h>
#include <stdio.h>

#include "spawn.h"
#include "util.h"

/*
 * The checks run on a range of patches (series-check.c), their digest
 * (series-digest.c) and the series directory with its series.conf (series.c).
 */

enum wb_tool {
	WB_TOOL_CHECKPATCH,
	WB_TOOL_COCCI,
	WB_TOOL_SPARSE,
	WB_TOOL_AUDIT,
	WB_TOOL_NR
};

enum wb_status {
	WB_STATUS_PASS,
	WB_STATUS_WARN,
	WB_STATUS_FAIL,
};

const char *wb_tool_name(enum wb_tool t);
int wb_tool_from_name(const char *name);	/* -1 when unknown */
const char *wb_status_name(enum wb_status s);
int wb_status_from_name(const char *name);	/* -1 when unknown */

struct wb_check_opts {
	int enabled[WB_TOOL_NR];	/* 0 off, 1 on (when the tree allows it) */
	char *flags[WB_TOOL_NR];	/* extra flags, split on spaces; NULL: none */
	char *audit_checks;		/* space-separated check names; NULL: all */
	char *kconfig;			/* .config for sparse; NULL: the repo's work tree .config */
	int audit_no_cache;
	int quiet;			/* no progress lines */
	/*
	 * A stranger's series (verify): make runs the tree's Makefiles, Kbuild,
	 * Kconfig $(shell) and scripts/, so a series that changes any of them
	 * is not built (sparse is skipped, saying why) unless trusted.
	 */
	int untrusted_build;
};
void wb_check_opts_init(struct wb_check_opts *o);	/* everything on, no flags */
void wb_check_opts_release(struct wb_check_opts *o);

struct wb_patch {
	char oid[41];
	char *subject;
	struct wb_strlist files;	/* paths the patch adds or modifies */
};

struct wb_finding {
	char *path;
	int line, col;
	char *severity;			/* error | warning | note */
	char *message;
	char *id;			/* e.g. checkpatch/LONG_LINE */
};

struct wb_tool_patch {
	enum wb_status status;
	char *summary;
	struct strbuf details;		/* normalised result, one line per finding */
	uint64_t hash;
	struct wb_finding *findings;
	size_t nfindings, afindings;
};

struct wb_tool_run {
	int requested;
	int skipped;			/* not applicable here (no checkpatch.pl in the tree, ...) */
	int cannot;			/* requested and applicable, but the tool could not run */
	char *reason;			/* why skipped or cannot */
	char *version;
	char *flags;
	enum wb_status status;		/* worst over the patches */
	uint64_t hash;
	struct wb_tool_patch *patches;	/* npatches of them when it ran */
};

struct wb_check_result {
	char base[41], head[41];
	struct wb_patch *patches;
	size_t npatches;
	struct wb_tool_run tools[WB_TOOL_NR];
};

void wb_check_result_release(struct wb_check_result *r);

/*
 * Run the checks on base..head of the repository at repo_path (which may be
 * bare and read-only: nothing is written to it unless the audit caches).
 * Returns 0 (findings are in the result) or -1 after an error message.
 */
int wb_check_run(struct wb_check_result *res, const char *repo_path, const char *base,
		 const char *head, const struct wb_check_opts *opts);

/* 1 when a requested tool could not run. */
int wb_check_any_cannot(const struct wb_check_result *r);
/* Worst status over the tools that ran. */
enum wb_status wb_check_worst(const struct wb_check_result *r);

/* Reports (series-digest.c). */
void wb_check_print_text(FILE *f, const struct wb_check_result *r);
char *wb_check_json(const struct wb_check_result *r);		/* caller frees */
char *wb_check_b4_json(const struct wb_check_result *r);	/* one array per patch, one per line */
/* Human summary for a cover letter (no lines that look like trailers). */
void wb_check_summary(struct strbuf *out, const struct wb_check_result *r);

/* The first line of wb_check_summary(): workbench's report in a cover letter, under a '---' line. */
#define WB_REPORT_BEGIN "Checks run by workbench on this series, per patch"
#define WB_DIGEST_BEGIN "workbench-digest v1 begin"
#define WB_DIGEST_END "workbench-digest end"
void wb_digest_format(struct strbuf *out, const struct wb_check_result *r);
/* Parse the digest found anywhere in text; -1 with an error when absent or malformed. */
int wb_digest_parse(struct wb_check_result *out, const char *text, const char *origin);

/* Data files of workbench (cocci/, checks/, MAINTAINERS-notes): caller frees; NULL if absent. */
char *wb_data_path(const char *name);

/* Temporary directories. */
char *wb_mkdtemp(const char *what);
int wb_rmtree(const char *path);

/* Text helpers. */
void wb_split_words(struct wb_strlist *out, const char *s);

/* The series directory and series.conf (series.c). */
struct wb_series {
	char *name;
	char *dir;			/* series/NAME */
	char *conf_path;
	char *base;			/* revision in the kernel repository */
	char *change_id;
	char *selftests_subject;
	char *cover_path;		/* the cover letter source */
	int revision;
	struct wb_strlist prefixes, to, cc;
	/*
	 * series.selftests: collection directories of the project's selftests/
	 * (selftests_root, i.e. <dir>/../../selftests), in the order given;
	 * empty: the series' own selftests/ subdirectories are used.
	 */
	struct wb_strlist selftests;
	char *selftests_root;
	struct wb_check_opts checks;
};

/* name_or_dir: NAME under the series root, or a path to the directory. */
int wb_series_load(struct wb_series *s, const char *name_or_dir);
void wb_series_release(struct wb_series *s);

#endif
