/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SERIES_PREP_H
#define WB_SERIES_PREP_H

#include "series.h"

/* Helpers shared by 'series' and 'verify' (series-prep.c). */

/* Run git (args after "git") in dir; 0, or -1 with "what failed: git's reason". */
int wb_git(struct strbuf *out, const char *dir, const char *what, const char **args);
/* git's reason for a failure: its "error:"/"fatal:" lines, joined; caller frees. */
char *wb_git_reason(const struct wb_spawn_result *sr);

/* A scratch work tree: 'git worktree add' (keeps branches in repo) or a shared clone. */
struct wb_scratch {
	char *tmp;		/* temporary directory holding it all */
	char *wt;		/* the work tree */
	char *repo;		/* the user's repository */
	int is_worktree;
};
int wb_scratch_worktree(struct wb_scratch *s, const char *repo, const char *rev, const char *what);
int wb_scratch_clone(struct wb_scratch *s, const char *repo, const char *rev, const char *what);
void wb_scratch_release(struct wb_scratch *s);

/* Resolve rev to a full commit id in repo (caller frees), or NULL after an error. */
char *wb_resolve_commit(const char *repo, const char *rev);

/* Patch files of a series directory (sorted, the cover letter excluded). */
void wb_series_patch_files(struct wb_strlist *out, const char *dir);
/* The Subject of a patch file without its [PATCH ...] prefixes; caller frees. */
char *wb_patch_subject(const char *text);

/*
 * Make b4's prep branch b4/NAME at base in the work tree, with cover_text as
 * the cover letter and tracking set from the series; -1 after an error.
 */
int wb_b4_prep_branch(const char *wt, const struct wb_series *s, const char *base, const char *cover_text);

/* git am one patch file in wt; on failure an error names the file and git's reason. */
int wb_git_am(const char *wt, const char *patch_file, const char *display_name);

#endif
