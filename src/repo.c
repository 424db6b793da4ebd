// SPDX-License-Identifier: GPL-2.0
#include "repo.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "scan.h"
#include "util.h"

const char *wb_git_error(const char *fallback)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : fallback;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void libgit2_shutdown(void)
{
	git_libgit2_shutdown();
}

static void libgit2_init(void)
{
	git_libgit2_init();
	atexit(libgit2_shutdown);
	/*
	 * Not for every object read: trees are read on every run, warm or
	 * cold.  Blobs, whose scans are cached by id, are checked in
	 * read_obj().
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)64 << 20);
}

void wb_blob_list_release(struct wb_blob_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].path);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

int wb_repo_open(struct wb_repo **out, const char *path)
{
	struct wb_repo *r;
	git_repository *repo = NULL;
	int err;

	*out = NULL;
	pthread_once(&init_once, libgit2_init);
	if (path)
		err = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		err = git_repository_open_ext(&repo, ".", 0, NULL);
	if (err < 0) {
		if (err == GIT_ENOTFOUND)
			return error("not a git repository: '%s'", path ? path : ".");
		return error("could not open repository '%s': %s", path ? path : ".",
			     wb_git_error("unknown error"));
	}
	r = xcalloc(1, sizeof(*r));
	r->repo = repo;
	r->gitdir = xstrdup(git_repository_path(repo));
	*out = r;
	return 0;
}

void wb_repo_free(struct wb_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->repo);
	free(r->gitdir);
	free(r);
}

int wb_repo_resolve(struct wb_repo *r, const char *rev, git_oid *commit, git_oid *tree)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	memset(commit, 0, sizeof(*commit));
	err = git_revparse_single(&obj, r->repo, rev);
	if (err < 0)
		return error("unknown revision '%s': %s", rev, wb_git_error("not found"));
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(commit, git_object_id(peeled));
		git_oid_cpy(tree, git_commit_tree_id((git_commit *)peeled));
	} else if (git_object_peel(&peeled, obj, GIT_OBJECT_TREE) == 0) {
		git_oid_cpy(tree, git_object_id(peeled));
	} else {
		git_object_free(obj);
		return error("revision '%s' names neither a commit nor a tree", rev);
	}
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

struct walk_ctx {
	const char *const *exts;
	struct wb_blob_list *out;
	struct strbuf path;
};

static int walk_cb(const char *root, const git_tree_entry *e, void *payload)
{
	struct walk_ctx *w = payload;
	const char *name = git_tree_entry_name(e);
	size_t nl = strlen(name), i;
	struct wb_blob *b;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
		return 0;
	if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK)
		return 0;
	for (i = 0; w->exts[i]; i++) {
		size_t el = strlen(w->exts[i]);

		if (nl > el && !memcmp(name + nl - el, w->exts[i], el))
			break;
	}
	if (!w->exts[i])
		return 0;
	strbuf_reset(&w->path);
	strbuf_addstr(&w->path, root);
	strbuf_addstr(&w->path, name);
	WB_ALLOC_GROW(w->out->v, w->out->n + 1, w->out->alloc);
	b = &w->out->v[w->out->n++];
	git_oid_cpy(&b->oid, git_tree_entry_id(e));
	b->path = xstrndup(w->path.buf, w->path.len);
	return 0;
}

int wb_repo_list_blobs(struct wb_repo *r, const git_oid *tree_id, const char *const *exts,
		       struct wb_blob_list *out)
{
	struct walk_ctx w = { exts, out, STRBUF_INIT };
	git_tree *tree = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int err;

	if (git_tree_lookup(&tree, r->repo, tree_id) < 0)
		return error("could not read tree %s: %s",
			     git_oid_tostr(hex, sizeof(hex), tree_id), wb_git_error("missing"));
	err = git_tree_walk(tree, GIT_TREEWALK_PRE, walk_cb, &w);
	git_tree_free(tree);
	strbuf_release(&w.path);
	if (err < 0)
		return error("could not walk tree %s: %s",
			     git_oid_tostr(hex, sizeof(hex), tree_id), wb_git_error("unknown error"));
	return 0;
}

int wb_repo_changed_paths(struct wb_repo *r, const git_oid *old_tree, const git_oid *new_tree,
			  struct wb_nameset *out)
{
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	size_t i, n;
	int ret = -1;

	if (git_tree_lookup(&a, r->repo, old_tree) < 0 || git_tree_lookup(&b, r->repo, new_tree) < 0 ||
	    git_diff_tree_to_tree(&diff, r->repo, a, b, NULL) < 0) {
		error("could not diff the trees: %s", wb_git_error("unknown error"));
		goto out;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (d->old_file.path)
			wb_nameset_add(out, d->old_file.path, strlen(d->old_file.path));
		if (d->new_file.path)
			wb_nameset_add(out, d->new_file.path, strlen(d->new_file.path));
	}
	ret = 0;
out:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return ret;
}

unsigned wb_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

static enum wb_read_status read_obj(git_odb *odb, const git_oid *oid, size_t max_size,
				    git_odb_object **obj, size_t *size)
{
	git_oid got;
	int err;

	/*
	 * git_odb_read_header() would tell the size first, but for deltified
	 * objects it costs nearly a full read; reading and then dropping an
	 * oversized blob is cheaper for the common case.
	 */
	*obj = NULL;
	*size = 0;
	err = git_odb_read(obj, odb, oid);
	if (err == GIT_ENOTFOUND)
		return WB_READ_MISSING;
	if (err < 0)
		return WB_READ_CORRUPT;
	*size = git_odb_object_size(*obj);
	if (git_odb_object_type(*obj) != GIT_OBJECT_BLOB) {
		git_odb_object_free(*obj);
		*obj = NULL;
		git_error_set_str(GIT_ERROR_INVALID, "not a blob");
		return WB_READ_CORRUPT;
	}
	if (max_size && *size > max_size) {
		git_odb_object_free(*obj);
		*obj = NULL;
		return WB_READ_TOO_BIG;
	}
	/*
	 * A blob is what the cache keys results by: one whose content is not
	 * what its id names (a damaged or planted loose object, a lying pack
	 * index) must not be scanned, or its scan would outlive the repair.
	 */
	if (git_odb_hash(&got, git_odb_object_data(*obj), *size, GIT_OBJECT_BLOB) < 0 ||
	    !git_oid_equal(&got, oid)) {
		git_odb_object_free(*obj);
		*obj = NULL;
		git_error_set_str(GIT_ERROR_ODB, "content does not match the object id");
		return WB_READ_CORRUPT;
	}
	return WB_READ_OK;
}

enum wb_read_status wb_repo_read_one(struct wb_repo *r, const git_oid *oid, size_t max_size,
				     git_odb_object **obj)
{
	git_odb *odb = NULL;
	enum wb_read_status st;
	size_t size;

	*obj = NULL;
	if (git_repository_odb(&odb, r->repo) < 0)
		return WB_READ_CORRUPT;
	st = read_obj(odb, oid, max_size, obj, &size);
	git_odb_free(odb);
	return st;
}

struct reader {
	const char *gitdir;
	const git_oid *const *oids;
	size_t n;
	size_t max_size;
	atomic_size_t next;
	wb_blob_fn fn;
	void *ctx;
	atomic_int failed_start;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	size_t i;

	if (git_repository_open_bare(&repo, rd->gitdir) < 0 ||
	    git_repository_odb(&odb, repo) < 0) {
		atomic_fetch_add(&rd->failed_start, 1);
		git_repository_free(repo);
		return NULL;
	}
	while ((i = atomic_fetch_add(&rd->next, 1)) < rd->n) {
		git_odb_object *obj;
		size_t size = 0;
		enum wb_read_status st;

		if (!rd->oids[i])
			continue;
		st = read_obj(odb, rd->oids[i], rd->max_size, &obj, &size);
		if (st == WB_READ_OK) {
			rd->fn(i, st, git_odb_object_data(obj), git_odb_object_size(obj), NULL,
			       rd->ctx);
			git_odb_object_free(obj);
		} else {
			char msg[256];

			if (st == WB_READ_TOO_BIG)
				snprintf(msg, sizeof(msg), "%zu bytes, over the limit of %zu",
					 size, rd->max_size);
			else
				snprintf(msg, sizeof(msg), "%s",
					 wb_git_error(st == WB_READ_MISSING ? "object not found"
									    : "unreadable"));
			rd->fn(i, st, NULL, size, msg, rd->ctx);
		}
	}
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

int wb_repo_read_blobs(struct wb_repo *r, const git_oid *const *oids, size_t n,
		       unsigned nthreads, size_t max_size, wb_blob_fn fn, void *ctx)
{
	struct reader rd = { .gitdir = r->gitdir, .oids = oids, .n = n, .max_size = max_size,
			     .fn = fn, .ctx = ctx };
	pthread_t *th;
	unsigned i, started = 0;

	if (!nthreads)
		nthreads = wb_ncpus();
	if (nthreads > n)
		nthreads = n ? (unsigned)n : 1;
	atomic_init(&rd.next, 0);
	atomic_init(&rd.failed_start, 0);
	th = xcalloc(nthreads, sizeof(*th));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, reader_main, &rd) == 0)
			started++;
		else
			break;
	if (!started) {
		free(th);
		reader_main(&rd);
	} else {
		for (i = 0; i < started; i++)
			pthread_join(th[i], NULL);
		free(th);
	}
	if (atomic_load(&rd.failed_start) == (int)(started ? started : 1))
		return error("could not open '%s' for reading", r->gitdir);
	return 0;
}
