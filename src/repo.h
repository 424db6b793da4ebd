/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_REPO_H
#define WB_REPO_H

#include <git2.h>
#include <stddef.h>

/*
 * libgit2 access: open a repository (bare, normal or partial clone), resolve
 * revisions, list the blobs of a tree and read them on all cores.  Nothing
 * here creates or touches a work tree.
 */

struct wb_repo {
	git_repository *repo;
	char *gitdir;		/* with trailing '/' as libgit2 gives it */
};

enum wb_read_status {
	WB_READ_OK,
	WB_READ_MISSING,	/* not in the object database (partial clone, pruned) */
	WB_READ_CORRUPT,	/* present but unreadable */
	WB_READ_TOO_BIG,	/* over max_size: not read */
	WB_READ_REFUSED,	/* a path that leaves the tree ('..', absolute): not read */
};

/*
 * A blob of the tree, or (status not WB_READ_OK, msg saying why) a subtree
 * that could not be listed: path is then the tree's ("dir/"), and none of
 * its files are in the list.
 */
struct wb_blob {
	git_oid oid;
	char *path;
	enum wb_read_status status;
	char *msg;
};

struct wb_blob_list {
	struct wb_blob *v;
	size_t n, alloc;
};

void wb_blob_list_release(struct wb_blob_list *list);

/* path NULL: discover from the current directory.  Error printed. */
int wb_repo_open(struct wb_repo **out, const char *path);
void wb_repo_free(struct wb_repo *r);

/*
 * Makes repo read its loose objects through our bounded reader: libgit2
 * 0.27 to 1.9.2 overflow the heap on a loose object whose header
 * understates its size, and every release to 1.9.7 spins on a truncated
 * one.  wb_repo_open() does it; call it right after git_repository_open*()
 * for any repository opened directly.
 */
int wb_repo_harden(git_repository *repo);

/* Resolves rev to a commit (or tree); commit is zero when rev names a tree. */
int wb_repo_resolve(struct wb_repo *r, const char *rev, git_oid *commit, git_oid *tree);

/* Deepest tree nesting walked (git's own core.maxTreeDepth default). */
#define WB_TREE_MAX_DEPTH 2048
/* Tree entries one walk visits, so a tree that names a subtree many times ends. */
#define WB_TREE_MAX_ENTRIES (1u << 22)

/*
 * Every blob below tree whose name ends in one of exts (e.g. ".c", ".h"),
 * walked without recursion.  Subtrees that are missing, unreadable, not
 * trees or nested deeper than WB_TREE_MAX_DEPTH are listed with their
 * status instead of their files; the rest is still listed.  -1 (error
 * printed) only when the root tree cannot be read.
 */
int wb_repo_list_blobs(struct wb_repo *r, const git_oid *tree, const char *const *exts,
		       struct wb_blob_list *out);

/* A subtree of a listing: its path (with the trailing '/') and its files. */
struct wb_subtree {
	char *path;
	git_oid oid;
	size_t first, last;	/* out->v[first..last) */
};

struct wb_subtree_list {
	struct wb_subtree *v;
	size_t n, alloc;
};

void wb_subtree_list_release(struct wb_subtree_list *list);

/*
 * wb_repo_list_blobs(), recording every subtree it lists in subs (in walk
 * order, a parent before its children).  Before descending into a subtree,
 * reuse(ctx, path, oid, out, subs) may append that subtree's files and its
 * subtrees itself (an earlier listing of the same tree id) and return 1: it
 * is then not walked.
 */
typedef int (*wb_reuse_fn)(void *ctx, const char *path, const git_oid *oid,
			   struct wb_blob_list *out, struct wb_subtree_list *subs);
int wb_repo_list_blobs_ex(struct wb_repo *r, const git_oid *tree, const char *const *exts,
			  struct wb_blob_list *out, struct wb_subtree_list *subs,
			  wb_reuse_fn reuse, void *ctx);

/*
 * Called from worker threads, once per index, with the blob's content (or
 * NULL and a status and a message).  Distinct indexes may run concurrently;
 * the callback must only touch state for its own index or lock.
 */
typedef void (*wb_blob_fn)(size_t idx, enum wb_read_status status, const char *data,
			   size_t len, const char *msg, void *ctx);

/*
 * Reads oids[idx] for every idx where want(idx) (NULL: all) on nthreads
 * threads (0: all cores).  Returns 0, or -1 when no reader could start.
 */
int wb_repo_read_blobs(struct wb_repo *r, const git_oid *const *oids, size_t n,
		       unsigned nthreads, size_t max_size, wb_blob_fn fn, void *ctx);

/* Reads one blob in the calling thread (for re-scans). */
enum wb_read_status wb_repo_read_one(struct wb_repo *r, const git_oid *oid, size_t max_size,
				     git_odb_object **obj);

/* Paths (old and new names) of blobs that differ between two trees. */
struct wb_nameset;
int wb_repo_changed_paths(struct wb_repo *r, const git_oid *old_tree, const git_oid *new_tree,
			  struct wb_nameset *out);

unsigned wb_ncpus(void);

/* The last libgit2 error message, or fallback. */
const char *wb_git_error(const char *fallback);

#endif
