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
 * b4's prep branch b4/SLUG in the user's repository.  series/NAME is the
 * source; the branch follows it, but never loses what only it has: a
 * branch with commits (or a cover letter) that series/NAME does not have
 * is refused (wb_prep_guard), its old tip is kept under
 * refs/workbench/backup/b4/SLUG/..., and it moves in one ref transaction
 * (wb_prep_update), never while a work tree has it checked out.
 * branch.b4/SLUG.workbench-tip (next to b4's own settings of the branch)
 * is the tip workbench last gave it.
 */
struct wb_prep {
	char *slug;
	char *branch;		/* b4/SLUG */
	char *ref;		/* refs/heads/b4/SLUG */
	char *record;		/* the config key branch.b4/SLUG.workbench-tip */
	char *old;		/* the branch's tip; NULL: no branch */
	char *recorded;		/* what record holds; NULL: nothing */
	char *checked_out;	/* a work tree on the branch; NULL: none */
	char *tmp_branch;	/* b4/wbtmp-PID-SLUG: what b4 prep -n makes in the scratch */
	char *repo;
};
int wb_prep_open(struct wb_prep *p, const char *repo, const struct wb_series *s);
/*
 * -1 with an error naming them when the branch has commits or a cover
 * letter that base..series_head with cover_src does not have.
 */
int wb_prep_guard(struct wb_prep *p, const struct wb_series *s, const char *base, const char *series_head,
		  const char *cover_src, const char *cmd);
/* Move b4/SLUG to the tip of tmp_branch (renaming b4's sent/ tags of it); -1 after an error. */
int wb_prep_update(struct wb_prep *p);
/* Record tip as what workbench gave the branch; -1 after an error. */
int wb_prep_record(const struct wb_prep *p, const char *tip);
/* Deletes tmp_branch when it is still there. */
void wb_prep_release(struct wb_prep *p);
/* The cover text of a cover letter commit message: without b4's tracking and workbench's report. */
char *wb_cover_text(const char *msg);
/* The cover letter commit of b4 prep branch tip (caller frees), NULL when none. */
char *wb_prep_cover_commit(const char *repo, const char *tip);

/*
 * Make b4's prep branch prep->tmp_branch at base in the work tree, with
 * cover_text as the cover letter and tracking set from the series; -1
 * after an error.
 */
int wb_b4_prep_branch(const char *wt, const struct wb_series *s, const struct wb_prep *prep, const char *base,
		      const char *cover_text);

/* git am one patch file in wt; on failure an error names the file and git's reason. */
int wb_git_am(const char *wt, const char *patch_file, const char *display_name);

#endif
