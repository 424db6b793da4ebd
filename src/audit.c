// SPDX-License-Identifier: GPL-2.0
#include "audit.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

/* ---- the index ---------------------------------------------------------- */

static const char *const source_exts[] = { ".c", ".h", NULL };

struct build_ctx {
	struct wb_index *idx;
	size_t *todo;			/* unique file indexes to read */
	atomic_size_t done;
	size_t ntodo;
	int progress;
	time_t start;
	pthread_mutex_t lock;		/* protects idx->owned */
};

static int cmp_oid_idx(const void *a, const void *b, void *arg)
{
	const struct wb_index_file *f = arg;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = git_oid_cmp(f[x].oid, f[y].oid);

	return c ? c : (x < y ? -1 : x > y);
}

static void on_blob(size_t i, enum wb_read_status status, const char *data, size_t len,
		    const char *msg, void *arg)
{
	struct build_ctx *b = arg;
	struct wb_index *idx = b->idx;
	struct wb_index_file *f = &idx->files[b->todo[i]];
	size_t done;

	f->status = status;
	if (status != WB_READ_OK) {
		f->msg = xstrdup(msg ? msg : "unreadable");
	} else {
		struct wb_scan scan;
		struct strbuf sb = STRBUF_INIT;
		char *rec;
		size_t rlen;

		wb_scan_buffer(&scan, data, len, NULL);
		wb_record_serialize(&sb, &scan);
		wb_scan_release(&scan);
		rec = strbuf_detach(&sb, &rlen);
		if (wb_record_parse(&f->rec, rec, rlen) < 0) {
			f->status = WB_READ_CORRUPT;
			f->msg = xstrdup("internal error: scan record does not validate");
			free(rec);
		} else if (idx->cache) {
			wb_cache_put(idx->cache, f->oid, rec, rlen);
		} else {
			pthread_mutex_lock(&b->lock);
			idx->owned = xrealloc(idx->owned, (idx->nowned + 1) * sizeof(void *));
			idx->owned[idx->nowned++] = rec;
			pthread_mutex_unlock(&b->lock);
		}
	}
	done = atomic_fetch_add(&b->done, 1) + 1;
	if (b->progress && (done % 512 == 0 || done == b->ntodo) && time(NULL) > b->start) {
		fprintf(stderr, "\rscanning: %zu/%zu blobs", done, b->ntodo);
		if (done == b->ntodo)
			fputc('\n', stderr);
	}
}

int wb_index_build(struct wb_index *idx, struct wb_repo *repo, const git_oid *tree,
		   const struct wb_index_opts *opts)
{
	struct build_ctx b;
	size_t i, *order = NULL;
	const git_oid **oids = NULL;
	int ret = 0;

	memset(idx, 0, sizeof(*idx));
	idx->repo = repo;
	idx->max_size = opts->max_size;
	if (wb_repo_list_blobs(repo, tree, source_exts, &idx->blobs) < 0)
		return -1;
	idx->nfiles = idx->blobs.n;
	idx->files = xcalloc(idx->nfiles ? idx->nfiles : 1, sizeof(*idx->files));
	for (i = 0; i < idx->nfiles; i++) {
		idx->files[i].path = idx->blobs.v[i].path;
		idx->files[i].oid = &idx->blobs.v[i].oid;
		idx->files[i].uniq = i;
	}
	if (opts->cache_dir && wb_cache_open(&idx->cache, opts->cache_dir) < 0)
		idx->cache = NULL;

	/* identical blobs at several paths are read once */
	order = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*order));
	for (i = 0; i < idx->nfiles; i++)
		order[i] = i;
	qsort_r(order, idx->nfiles, sizeof(*order), cmp_oid_idx, idx->files);
	for (i = 1; i < idx->nfiles; i++)
		if (!git_oid_cmp(idx->files[order[i]].oid, idx->files[order[i - 1]].oid))
			idx->files[order[i]].uniq = idx->files[order[i - 1]].uniq;

	memset(&b, 0, sizeof(b));
	b.idx = idx;
	b.todo = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*b.todo));
	for (i = 0; i < idx->nfiles; i++) {
		struct wb_index_file *f = &idx->files[i];
		const void *data;
		size_t len;

		if (f->uniq != i)
			continue;
		data = wb_cache_get(idx->cache, f->oid, &len);
		if (data && wb_record_parse(&f->rec, data, len) == 0) {
			idx->ncached++;
			if (opts->max_size && f->rec.size > opts->max_size) {
				struct strbuf msg = STRBUF_INIT;

				strbuf_addf(&msg, "%llu bytes, over the limit of %zu",
					    (unsigned long long)f->rec.size, opts->max_size);
				f->status = WB_READ_TOO_BIG;
				f->msg = strbuf_detach(&msg, NULL);
				memset(&f->rec, 0, sizeof(f->rec));
				continue;
			}
			f->status = WB_READ_OK;
			continue;
		}
		b.todo[b.ntodo++] = i;
	}
	if (b.ntodo) {
		oids = xmalloc(b.ntodo * sizeof(*oids));
		for (i = 0; i < b.ntodo; i++)
			oids[i] = idx->files[b.todo[i]].oid;
		b.progress = opts->progress;
		b.start = time(NULL);
		pthread_mutex_init(&b.lock, NULL);
		atomic_init(&b.done, 0);
		ret = wb_repo_read_blobs(repo, oids, b.ntodo, opts->jobs, opts->max_size,
					 on_blob, &b);
		pthread_mutex_destroy(&b.lock);
		idx->nscanned = b.ntodo;
	}
	/* copies share the first one's result */
	for (i = 0; i < idx->nfiles; i++) {
		struct wb_index_file *f = &idx->files[i], *u = &idx->files[f->uniq];

		if (f->uniq == i)
			continue;
		f->status = u->status;
		f->rec = u->rec;
		f->msg = u->msg ? xstrdup(u->msg) : NULL;
	}
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];

		switch (f->status) {
		case WB_READ_OK:
			if (f->rec.flags & WB_SCAN_BINARY)
				idx->nbinary++;
			break;
		case WB_READ_MISSING:
			idx->nmissing++;
			break;
		case WB_READ_CORRUPT:
			idx->ncorrupt++;
			break;
		case WB_READ_TOO_BIG:
			idx->ntoobig++;
			break;
		}
	}
	free(order);
	free(oids);
	free(b.todo);
	return ret;
}

void wb_index_report_skipped(const struct wb_index *idx)
{
	size_t i;
	char hex[GIT_OID_HEXSZ + 1];

	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		unsigned fl = f->rec.flags;

		git_oid_tostr(hex, sizeof(hex), f->oid);
		switch (f->status) {
		case WB_READ_MISSING:
			fprintf(stderr, "%s: warning: missing object %s: %s\n", f->path, hex, f->msg);
			continue;
		case WB_READ_CORRUPT:
			fprintf(stderr, "%s: warning: unreadable object %s: %s\n", f->path, hex,
				f->msg);
			continue;
		case WB_READ_TOO_BIG:
			fprintf(stderr, "%s: note: skipped: %s\n", f->path, f->msg);
			continue;
		case WB_READ_OK:
			break;
		}
		if (fl & WB_SCAN_BINARY)
			fprintf(stderr, "%s: note: skipped: binary content (NUL byte)\n", f->path);
		if (fl & WB_SCAN_UNTERMINATED_COMMENT)
			fprintf(stderr, "%s:%u: note: unterminated comment: the rest of the file is not scanned\n",
				f->path, f->rec.flag_line);
		if (fl & WB_SCAN_UNTERMINATED_STRING)
			fprintf(stderr, "%s:%u: note: unterminated string or character literal\n",
				f->path, f->rec.flag_line);
		if (fl & WB_SCAN_UNBALANCED)
			fprintf(stderr, "%s:%u: note: unbalanced braces: function boundaries may be wrong\n",
				f->path, f->rec.flag_line);
		if (fl & WB_SCAN_TOO_DEEP)
			fprintf(stderr, "%s:%u: note: nesting too deep to track: argument details skipped\n",
				f->path, f->rec.flag_line);
	}
}

void wb_index_flush(struct wb_index *idx)
{
	if (idx->cache)
		wb_cache_flush(idx->cache);
}

void wb_index_release(struct wb_index *idx)
{
	size_t i;

	for (i = 0; i < idx->nfiles; i++)
		free(idx->files[i].msg);
	free(idx->files);
	for (i = 0; i < idx->nowned; i++)
		free(idx->owned[i]);
	free(idx->owned);
	wb_cache_free(idx->cache);
	wb_blob_list_release(&idx->blobs);
	memset(idx, 0, sizeof(*idx));
}

/* ---- call trees --------------------------------------------------------- */

static const char *pool(struct wb_audit *a, const char *s)
{
	if (!a->names)
		a->names = wb_nameset_new();
	return wb_nameset_intern(a->names, s, strlen(s));
}

static long find_query(const struct wb_audit *a, const char *name, long restrict_file)
{
	size_t i;

	for (i = 0; i < a->nqueries; i++)
		if (a->queries[i].name == name && a->queries[i].restrict_file == restrict_file)
			return (long)i;
	return -1;
}

static long add_query(struct wb_audit *a, const char *name, long restrict_file, unsigned level)
{
	struct wb_query *q;

	WB_ALLOC_GROW(a->queries, a->nqueries + 1, a->alloc);
	q = &a->queries[a->nqueries];
	memset(q, 0, sizeof(*q));
	q->name = pool(a, name);
	q->restrict_file = restrict_file;
	q->level = level;
	return (long)a->nqueries++;
}

static void add_node(struct wb_query *q, const struct wb_node *n)
{
	WB_ALLOC_GROW(q->nodes, q->nnodes + 1, q->alloc);
	q->nodes[q->nnodes++] = *n;
}

static int path_is_c(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && !strcmp(path + n - 2, ".c");
}

static void fill_node(struct wb_audit *a, struct wb_node *n, size_t file,
		      const struct wb_record *r, const char *strtab_name_func,
		      const struct wb_scan_site *s, const struct wb_scan_func *fn, const char *callee)
{
	memset(n, 0, sizeof(*n));
	n->callee = callee;
	n->file = file;
	n->line = s->line;
	n->col = s->col;
	n->kind = s->kind;
	n->site_flags = s->flags;
	n->param_mask = s->param_mask;
	n->query = -1;
	if (fn) {
		n->func = pool(a, strtab_name_func);
		n->func_kind = fn->kind;
		n->func_flags = fn->flags;
		n->func_line = fn->line;
		n->func_end = fn->end_line;
	}
	(void)r;
}

static enum wb_wrapper wrapper_kind(const struct wb_audit *a, const struct wb_node *n)
{
	if (!n->func || n->kind != WB_SITE_CALL)
		return WB_NOT_WRAPPER;
	if (wb_check_has_wrapper(a->check, n->func))
		return WB_WRAPPER_LISTED;
	if (!n->param_mask)
		return WB_NOT_WRAPPER;
	if (n->func_kind == WB_FUNC_MACRO)
		return WB_WRAPPER_DETECTED;
	return WB_NOT_WRAPPER;	/* decided with the statement count by the caller */
}

/* Collects call sites of the queries [first, last) over all files. */
static void run_level(struct wb_audit *a, size_t first, size_t last)
{
	struct wb_index *idx = a->idx;
	uint32_t *hashes;
	size_t i, qi;
	struct wb_nameset *want = wb_nameset_new();
	char *rescan;

	hashes = xmalloc((last - first) * sizeof(*hashes));
	for (qi = first; qi < last; qi++)
		hashes[qi - first] = wb_name_hash(a->queries[qi].name, strlen(a->queries[qi].name));
	rescan = xcalloc(idx->nfiles ? idx->nfiles : 1, 1);

	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		const struct wb_record *r = &f->rec;
		uint32_t s;

		if (f->status != WB_READ_OK)
			continue;
		for (qi = first; qi < last; qi++) {
			struct wb_query *q = &a->queries[qi];

			if (q->restrict_file >= 0 && idx->files[q->restrict_file].uniq != f->uniq)
				continue;
			if (wb_record_has_ref(r, hashes[qi - first])) {
				rescan[i] = 1;
				wb_nameset_add(want, q->name, strlen(q->name));
			}
			if (!wb_record_has_call(r, hashes[qi - first]))
				continue;
			for (s = 0; s < r->nsites; s++) {
				const struct wb_scan_site *site = &r->sites[s];
				const struct wb_scan_func *fn;
				struct wb_node n;

				if (site->kind != WB_SITE_CALL ||
				    strcmp(wb_record_str(r, site->name), q->name))
					continue;
				fn = site->func >= 0 ? &r->funcs[site->func] : NULL;
				fill_node(a, &n, i, r, fn ? wb_record_str(r, fn->name) : NULL, site,
					  fn, q->name);
				add_node(q, &n);
			}
		}
	}

	/* references need the exact positions: scan those blobs again */
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		git_odb_object *obj = NULL;
		struct wb_scan scan;
		size_t s;

		if (!rescan[i])
			continue;
		if (wb_repo_read_one(idx->repo, f->oid, idx->max_size, &obj) != WB_READ_OK) {
			git_odb_object_free(obj);
			continue;
		}
		wb_scan_buffer(&scan, git_odb_object_data(obj), git_odb_object_size(obj), want);
		for (s = 0; s < scan.nsites; s++) {
			const struct wb_scan_site *site = &scan.sites[s];
			const struct wb_scan_func *fn;
			const char *name = wb_scan_str(&scan, site->name);
			struct wb_node n;

			if (site->kind != WB_SITE_REF)
				continue;
			for (qi = first; qi < last; qi++) {
				struct wb_query *q = &a->queries[qi];

				if (strcmp(q->name, name))
					continue;
				if (q->restrict_file >= 0 &&
				    idx->files[q->restrict_file].uniq != f->uniq)
					continue;
				fn = site->func >= 0 ? &scan.funcs[site->func] : NULL;
				fill_node(a, &n, i, NULL, fn ? wb_scan_str(&scan, fn->name) : NULL,
					  site, fn, q->name);
				add_node(q, &n);
			}
		}
		wb_scan_release(&scan);
		git_odb_object_free(obj);
	}
	free(rescan);
	free(hashes);
	wb_nameset_free(want);
}

static int cmp_node(const void *x, const void *y, void *arg)
{
	const struct wb_node *a = x, *b = y;
	const struct wb_index *idx = arg;
	int c = strcmp(idx->files[a->file].path, idx->files[b->file].path);

	if (c)
		return c;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return (int)a->kind - (int)b->kind;
}

int wb_audit_run(struct wb_audit *a, struct wb_index *idx, const struct wb_check *check,
		 unsigned depth)
{
	size_t i, first = 0, last;
	unsigned level = 0;

	memset(a, 0, sizeof(*a));
	a->check = check;
	a->idx = idx;
	a->depth = depth;
	for (i = 0; i < check->nprimitives; i++) {
		const char *name = pool(a, check->primitives[i]);

		if (find_query(a, name, -1) < 0) {
			long q = add_query(a, name, -1, 0);

			a->queries[q].is_root = 1;
		}
	}
	while (first < a->nqueries) {
		last = a->nqueries;
		run_level(a, first, last);
		for (i = first; i < last; i++) {
			struct wb_query *q = &a->queries[i];
			size_t k;

			if (q->nnodes)
				qsort_r(q->nodes, q->nnodes, sizeof(*q->nodes), cmp_node, idx);
			for (k = 0; k < q->nnodes; k++) {
				struct wb_node *n = &a->queries[i].nodes[k];
				enum wb_wrapper w = wrapper_kind(a, n);
				long restrict_file = -1, child;
				const char *name;

				/*
				 * A C function is a detected wrapper when it returns
				 * the primitive's result computed from its own
				 * parameters, in a body of a few statements.
				 */
				if (w == WB_NOT_WRAPPER && n->func && n->kind == WB_SITE_CALL &&
				    n->param_mask && n->func_kind == WB_FUNC_C &&
				    (n->site_flags & WB_SITE_RETURNED)) {
					/* statement counts live in the record of the file */
					const struct wb_record *r = &idx->files[n->file].rec;
					uint32_t f;

					for (f = 0; f < r->nfuncs; f++)
						if (r->funcs[f].line == n->func_line &&
						    !strcmp(wb_record_str(r, r->funcs[f].name), n->func))
							break;
					if (f < r->nfuncs &&
					    r->funcs[f].nstmts <= check->wrapper_max_statements)
						w = WB_WRAPPER_DETECTED;
				}
				n->wrapper = w;
				if (w == WB_NOT_WRAPPER)
					continue;
				if ((n->func_flags & WB_FUNC_STATIC) && path_is_c(idx->files[n->file].path))
					restrict_file = (long)n->file;
				name = pool(a, n->func);
				child = find_query(a, name, restrict_file);
				if (child < 0 && restrict_file >= 0)
					child = find_query(a, name, -1);
				if (child < 0) {
					if (level + 1 > depth) {
						a->truncated = 1;
						continue;
					}
					child = add_query(a, name, restrict_file, level + 1);
				}
				a->queries[i].nodes[k].query = child;
				if (a->queries[child].is_root && (size_t)child != i)
					a->queries[child].nested = 1;
			}
		}
		first = last;
		level++;
	}
	return 0;
}

void wb_audit_release(struct wb_audit *a)
{
	size_t i;

	for (i = 0; i < a->nqueries; i++)
		free(a->queries[i].nodes);
	free(a->queries);
	wb_nameset_free(a->names);
	memset(a, 0, sizeof(*a));
}
