// SPDX-License-Identifier: GPL-2.0
#include "audit.h"

#include <dirent.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "flow.h"
#include "util.h"

/* ---- the index ---------------------------------------------------------- */

static const char *const source_exts[] = { ".c", ".h", NULL };

/* Keeps data alive until the index is released: in a cache, or owned. */
static void keep(struct wb_index *idx, struct wb_cache *cache, const git_oid *oid,
		 void *data, size_t len)
{
	if (cache) {
		wb_cache_put(cache, oid, data, len);
		return;
	}
	pthread_mutex_lock(&idx->lock);
	WB_ALLOC_GROW(idx->owned, idx->nowned + 1, idx->owned_alloc);
	idx->owned[idx->nowned++] = data;
	pthread_mutex_unlock(&idx->lock);
}

static void scan_into(struct wb_index *idx, struct wb_index_file *f, const char *data,
		      size_t len)
{
	struct wb_scan scan;
	struct strbuf sb = STRBUF_INIT;
	size_t rlen;
	char *rec;

	wb_scan_buffer(&scan, data, len, NULL);
	wb_record_serialize(&sb, &scan);
	wb_scan_release(&scan);
	rec = strbuf_detach(&sb, &rlen);
	if (wb_record_parse(&f->rec, rec, rlen) < 0) {
		free(rec);
		return;		/* cannot happen: the record was just made */
	}
	keep(idx, idx->recs, f->oid, rec, rlen);
	f->has_rec = 1;
}

static int summary_mentions(const struct wb_summary *sum, const struct wb_nameset *names)
{
	size_t i, n = wb_nameset_count(names);

	for (i = 0; i < n; i++) {
		const char *name = wb_nameset_get(names, i);

		if (wb_summary_may_mention(sum, name, wb_name_hash(name, strlen(name))))
			return 1;
	}
	return 0;
}

enum read_mode { READ_SUMMARY, READ_SCAN };

struct read_ctx {
	struct wb_index *idx;
	enum read_mode mode;
	size_t *todo;
	size_t ntodo;
	atomic_size_t done;
	int progress;
	time_t start;
};

static void set_failed(struct wb_index_file *f, enum wb_read_status status, const char *msg)
{
	f->status = status;
	free(f->msg);
	f->msg = xstrdup(msg ? msg : "unreadable");
}

static void on_blob(size_t i, enum wb_read_status status, const char *data, size_t len,
		    const char *msg, void *arg)
{
	struct read_ctx *rc = arg;
	struct wb_index *idx = rc->idx;
	struct wb_index_file *f = &idx->files[rc->todo[i]];
	size_t done;

	if (status != WB_READ_OK) {
		set_failed(f, status, msg);
	} else if (rc->mode == READ_SCAN) {
		scan_into(idx, f, data, len);
	} else {
		struct strbuf sb = STRBUF_INIT;
		uint32_t *hashes;
		size_t n, slen;
		unsigned flags = wb_summarize_buffer(&hashes, &n, data, len);
		char *sum;

		wb_summary_serialize(&sb, flags, len, hashes, n);
		free(hashes);
		sum = strbuf_detach(&sb, &slen);
		wb_summary_parse(&f->sum, sum, slen);
		keep(idx, idx->sums, f->oid, sum, slen);
		f->status = WB_READ_OK;
		/* scan now what the audit will surely want: saves reading it again */
		if (!(flags & WB_SCAN_BINARY) && idx->eager && summary_mentions(&f->sum, idx->eager))
			scan_into(idx, f, data, len);
	}
	done = atomic_fetch_add(&rc->done, 1) + 1;
	if (rc->progress && (done % 1024 == 0 || done == rc->ntodo) && time(NULL) > rc->start) {
		fprintf(stderr, "\rreading: %zu/%zu blobs", done, rc->ntodo);
		if (done == rc->ntodo)
			fputc('\n', stderr);
	}
}

static int read_blobs(struct wb_index *idx, enum read_mode mode, size_t *todo, size_t n,
		      int progress)
{
	struct read_ctx rc = { .idx = idx, .mode = mode, .todo = todo, .ntodo = n,
			       .progress = progress, .start = time(NULL) };
	const git_oid **oids;
	size_t i;
	int ret;

	if (!n)
		return 0;
	oids = xmalloc(n * sizeof(*oids));
	for (i = 0; i < n; i++)
		oids[i] = idx->files[todo[i]].oid;
	atomic_init(&rc.done, 0);
	ret = wb_repo_read_blobs(idx->repo, oids, n, idx->jobs, idx->max_size, on_blob, &rc);
	free(oids);
	return ret;
}

/* Copies share the first one's results. */
static void propagate(struct wb_index *idx)
{
	size_t i;

	for (i = 0; i < idx->nfiles; i++) {
		struct wb_index_file *f = &idx->files[i], *u = &idx->files[f->uniq];

		if (f->uniq == i)
			continue;
		f->status = u->status;
		f->sum = u->sum;
		f->rec = u->rec;
		f->has_rec = u->has_rec;
		if (u->msg && !f->msg)
			f->msg = xstrdup(u->msg);
	}
}

static struct wb_cache *open_cache(const char *base, const char *kind)
{
	struct strbuf dir = STRBUF_INIT;
	struct wb_cache *c = NULL;

	strbuf_addf(&dir, "%s/%s", base, kind);
	if (wb_cache_open(&c, dir.buf) < 0)
		c = NULL;
	strbuf_release(&dir);
	return c;
}

static void too_big(struct wb_index_file *f, uint64_t size, size_t max)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_addf(&msg, "%llu bytes, over the limit of %zu", (unsigned long long)size, max);
	f->status = WB_READ_TOO_BIG;
	free(f->msg);
	f->msg = strbuf_detach(&msg, NULL);
}

/* ---- which files may mention a name ------------------------------------ */

struct mention {
	uint32_t hash;
	int used, all;
	uint64_t *bits;
};

struct wb_mentions {
	pthread_mutex_t lock;
	size_t words;
	size_t n, alloc;	/* open addressing; alloc is a power of 2 */
	struct mention *v;
};

static struct mention *mention_slot(struct mention *v, size_t alloc, uint32_t hash)
{
	size_t i = (hash * 2654435761u) & (alloc - 1);

	while (v[i].used && v[i].hash != hash)
		i = (i + 1) & (alloc - 1);
	return &v[i];
}

/* The bitmap of the files holding hash, or NULL when every file may. */
static const uint64_t *mention_bits(const struct wb_index *idx, uint32_t hash)
{
	struct wb_mentions *m = idx->mentions;
	struct mention *e;
	const uint64_t *out;

	pthread_mutex_lock(&m->lock);
	e = mention_slot(m->v, m->alloc, hash);
	if (!e->used) {
		if (2 * (m->n + 1) > m->alloc) {
			struct mention *old = m->v;
			size_t i, oalloc = m->alloc;

			m->alloc *= 2;
			m->v = xcalloc(m->alloc, sizeof(*m->v));
			for (i = 0; i < oalloc; i++)
				if (old[i].used)
					*mention_slot(m->v, m->alloc, old[i].hash) = old[i];
			free(old);
			e = mention_slot(m->v, m->alloc, hash);
		}
		e->used = 1;
		e->hash = hash;
		e->bits = xcalloc(m->words, sizeof(*e->bits));
		e->all = wb_index_mark(idx, &hash, 1, e->bits) < 0;
		m->n++;
	}
	out = e->all ? NULL : e->bits;
	pthread_mutex_unlock(&m->lock);
	return out;
}

int wb_index_mark(const struct wb_index *idx, const uint32_t *hashes, size_t n, uint64_t *bits)
{
	size_t q, k;

	if (!idx->tix && idx->base) {
		size_t nb = wb_treeidx_nfiles(idx->base);
		uint64_t *bb = xcalloc(nb / 64 + 1, sizeof(*bb));

		for (q = 0; q < n; q++)
			if (wb_treeidx_mark(idx->base, hashes[q], bb) < 0) {
				free(bb);
				return -1;
			}
		for (k = 0; k < nb / 64 + 1; k++) {
			uint64_t w = bb[k];

			while (w) {
				size_t u = k * 64 + (size_t)__builtin_ctzll(w);

				w &= w - 1;
				if (u < nb && idx->base_map[u] >= 0)
					bits[idx->base_map[u] / 64] |= (uint64_t)1 << (idx->base_map[u] % 64);
			}
		}
		free(bb);
	}
	if (!idx->tix) {
		/* no index of this tree: the summaries of the files not from a base */
		for (k = 0; k < idx->nfiles; k++) {
			const struct wb_index_file *f = &idx->files[k];

			if (f->uniq != k || f->status != WB_READ_OK || (idx->base && idx->from_base[k]))
				continue;
			for (q = 0; q < n; q++)
				if (wb_summary_has(&f->sum, hashes[q])) {
					bits[k / 64] |= (uint64_t)1 << (k % 64);
					break;
				}
		}
		return 0;
	}
	for (q = 0; q < n; q++)
		if (wb_treeidx_mark(idx->tix, hashes[q], bits) < 0)
			return -1;
	return 0;
}

int wb_index_may_mention(const struct wb_index *idx, size_t i, const char *name, uint32_t hash)
{
	const uint64_t *bits;
	size_t u = idx->files[i].uniq;

	if (strlen(name) < WB_SUMMARY_MIN_NAME)
		return 1;
	bits = mention_bits(idx, hash);
	return !bits || (bits[u / 64] >> (u % 64) & 1);
}

int wb_index_mentions_any(const struct wb_index *idx, size_t i, const struct wb_nameset *names)
{
	size_t k, n = wb_nameset_count(names);

	for (k = 0; k < n; k++) {
		const char *name = wb_nameset_get(names, k);

		if (wb_index_may_mention(idx, i, name, wb_name_hash(name, strlen(name))))
			return 1;
	}
	return 0;
}

/* ---- subtrees lent by the index of another tree ------------------------ */

struct lender {
	struct wb_treeidx *base;
	size_t *slot, nslot;		/* open addressing on the path: sub index + 1 */
	size_t *from;			/* per listed file: index in base + 1, or 0 */
	size_t nfrom, from_alloc;
};

static size_t path_hash(const char *p)
{
	size_t h = 5381;

	while (*p)
		h = h * 33 + (unsigned char)*p++;
	return h;
}

static void lender_init(struct lender *l, struct wb_treeidx *base)
{
	size_t i, n = wb_treeidx_nsubs(base);

	memset(l, 0, sizeof(*l));
	l->base = base;
	for (l->nslot = 64; l->nslot < 2 * n + 2; l->nslot *= 2)
		;
	l->slot = xcalloc(l->nslot, sizeof(*l->slot));
	for (i = 0; i < n; i++) {
		git_oid oid;
		size_t first, last, k;
		const char *p = wb_treeidx_sub(base, i, &oid, &first, &last);

		for (k = path_hash(p) & (l->nslot - 1); l->slot[k]; k = (k + 1) & (l->nslot - 1))
			;
		l->slot[k] = i + 1;
	}
}

/* Keeps from[] as long as the listing: 0 for what the walk added itself. */
static void lender_sync(struct lender *l, size_t n)
{
	WB_ALLOC_GROW(l->from, n + 1, l->from_alloc);
	while (l->nfrom < n)
		l->from[l->nfrom++] = 0;
}

static int lend(void *ctx, const char *path, const git_oid *oid, struct wb_blob_list *out,
		struct wb_subtree_list *subs)
{
	struct lender *l = ctx;
	size_t k, i, j, first, last, start = out->n, nsubs = wb_treeidx_nsubs(l->base);
	git_oid bo;

	lender_sync(l, out->n);
	for (k = path_hash(path) & (l->nslot - 1); l->slot[k]; k = (k + 1) & (l->nslot - 1)) {
		const char *p = wb_treeidx_sub(l->base, l->slot[k] - 1, &bo, &first, &last);

		if (!strcmp(p, path))
			break;
	}
	if (!l->slot[k] || !git_oid_equal(&bo, oid))
		return 0;
	for (j = first; j < last; j++) {
		struct wb_blob *b;

		WB_ALLOC_GROW(out->v, out->n + 1, out->alloc);
		b = &out->v[out->n++];
		memset(b, 0, sizeof(*b));
		wb_treeidx_oid(l->base, j, &b->oid);
		b->path = xstrdup(wb_treeidx_path(l->base, j));
		b->status = WB_READ_OK;
		lender_sync(l, out->n);
		/* a file its audit could not read is read again, as one of ours */
		l->from[out->n - 1] = wb_treeidx_readable(l->base, wb_treeidx_uniq(l->base, j)) ? j + 1 : 0;
	}
	/* the subtree and those below it follow it in walk order */
	for (i = l->slot[k] - 1; i < nsubs; i++) {
		size_t f2, l2;
		const char *p = wb_treeidx_sub(l->base, i, &bo, &f2, &l2);

		if (strncmp(p, path, strlen(path)) || f2 < first || l2 > last)
			break;
		WB_ALLOC_GROW(subs->v, subs->n + 1, subs->alloc);
		subs->v[subs->n].path = xstrdup(p);
		git_oid_cpy(&subs->v[subs->n].oid, &bo);
		subs->v[subs->n].first = f2 - first + start;
		subs->v[subs->n].last = l2 - first + start;
		subs->n++;
	}
	return 1;
}

/*
 * An index to lend subtrees: the one of hint (a sweep's previous revision),
 * else the most recently used one.  NULL when there is none.
 */
static struct wb_treeidx *find_base(const struct wb_index *idx, const git_oid *tree,
				    const git_oid *hint)
{
	struct wb_treeidx *t = NULL;
	git_oid oid;
	struct dirent *de;
	time_t best = 0;
	char name[GIT_OID_HEXSZ + 1] = "";
	DIR *d;

	if (!idx->tree_dir)
		return NULL;
	if (hint && !git_oid_equal(hint, tree) && wb_treeidx_load(&t, idx->tree_dir, hint) == 0)
		return t;
	d = opendir(idx->tree_dir);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;
		size_t len = strlen(de->d_name);

		if (len != GIT_OID_HEXSZ + 4 || strcmp(de->d_name + GIT_OID_HEXSZ, ".wbt") ||
		    strspn(de->d_name, "0123456789abcdef") != GIT_OID_HEXSZ)
			continue;
		strbuf_addf(&p, "%s/%s", idx->tree_dir, de->d_name);
		if (lstat(p.buf, &st) == 0 && S_ISREG(st.st_mode) && st.st_mtime >= best) {
			best = st.st_mtime;
			memcpy(name, de->d_name, GIT_OID_HEXSZ);
			name[GIT_OID_HEXSZ] = '\0';
		}
		strbuf_release(&p);
	}
	closedir(d);
	if (!*name || git_oid_fromstr(&oid, name) < 0 || git_oid_equal(&oid, tree) ||
	    wb_treeidx_load(&t, idx->tree_dir, &oid) != 0)
		return NULL;
	return t;
}

/*
 * In a subtree that changed, most files did not: one whose blob the lender
 * has (and could read) is answered by its postings too.
 */
static void lend_blobs(struct lender *l, const struct wb_blob_list *list)
{
	size_t nb = wb_treeidx_nfiles(l->base), nslot, i, k, *slot;
	git_oid oid;

	for (nslot = 64; nslot < 2 * nb + 2; nslot *= 2)
		;
	slot = xcalloc(nslot, sizeof(*slot));
	for (i = 0; i < nb; i++) {
		if (wb_treeidx_uniq(l->base, i) != i || !wb_treeidx_readable(l->base, i))
			continue;
		wb_treeidx_oid(l->base, i, &oid);
		for (k = wb_hash64(oid.id, 8, 0) & (nslot - 1); slot[k]; k = (k + 1) & (nslot - 1))
			;
		slot[k] = i + 1;
	}
	for (i = 0; i < list->n; i++) {
		if (l->from[i] || list->v[i].status != WB_READ_OK)
			continue;
		for (k = wb_hash64(list->v[i].oid.id, 8, 0) & (nslot - 1); slot[k];
		     k = (k + 1) & (nslot - 1)) {
			wb_treeidx_oid(l->base, slot[k] - 1, &oid);
			if (git_oid_equal(&oid, &list->v[i].oid)) {
				l->from[i] = slot[k];
				break;
			}
		}
	}
	free(slot);
}

/* Lists tree, taking the subtrees a saved index of another tree has as they are. */
static int list_tree(struct wb_index *idx, const git_oid *tree, const git_oid *hint)
{
	struct wb_treeidx *base = find_base(idx, tree, hint);
	struct lender l;
	int ret;

	if (!base)
		return wb_repo_list_blobs_ex(idx->repo, tree, source_exts, &idx->blobs, &idx->subs,
					     NULL, NULL);
	lender_init(&l, base);
	ret = wb_repo_list_blobs_ex(idx->repo, tree, source_exts, &idx->blobs, &idx->subs, lend, &l);
	lender_sync(&l, idx->blobs.n);
	free(l.slot);
	lend_blobs(&l, &idx->blobs);
	idx->base = base;
	idx->from_base = l.from;
	return ret;
}

/* The listing and summaries of tree as saved by an earlier audit: 1 when they are used. */
static int load_tree_index(struct wb_index *idx, const git_oid *tree)
{
	struct wb_treeidx *t;
	size_t i, n;

	if (!idx->tree_dir || wb_treeidx_load(&t, idx->tree_dir, tree) != 0)
		return 0;
	n = wb_treeidx_nfiles(t);
	idx->blobs.v = xcalloc(n ? n : 1, sizeof(*idx->blobs.v));
	idx->blobs.n = idx->blobs.alloc = n;
	for (i = 0; i < n; i++) {
		wb_treeidx_oid(t, i, &idx->blobs.v[i].oid);
		idx->blobs.v[i].path = xstrdup(wb_treeidx_path(t, i));
		idx->blobs.v[i].status = WB_READ_OK;
	}
	idx->tix = t;
	idx->tix_loaded = 1;
	return 1;
}

/* Turns the summaries inside out and saves that, when the whole tree was listed. */
static void build_tree_index(struct wb_index *idx, const git_oid *tree)
{
	struct wb_treeidx_input *in = xcalloc(idx->nfiles + 1, sizeof(*in));
	int complete = 1;	/* every entry of the tree was listed */
	size_t i;

	/*
	 * A file that could not be read has no postings and is read again by
	 * the next audit that loads the index; a subtree the walk could not
	 * list has no entries at all: such an index is not saved.
	 */
	for (i = 0; i < idx->blobs.n; i++)
		if (idx->blobs.v[i].status != WB_READ_OK)
			complete = 0;
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];

		in[i].path = f->path;
		in[i].oid = f->oid;
		in[i].uniq = f->uniq;
		in[i].flags = f->sum.flags;
		in[i].size = f->sum.size;
		if (f->status == WB_READ_OK)
			in[i].sum = &f->sum;
	}
	/*
	 * Without a place to save it the index would cost more to build than
	 * the few lookups of one audit save: the summaries answer then.
	 */
	if (complete && idx->tree_dir) {
		struct wb_treeidx *t = wb_treeidx_build(in, idx->nfiles, &idx->subs);

		/*
		 * What was saved is used through its mapping: the pages of the
		 * few names asked for are all this audit keeps of it.  One that
		 * could not be saved is dropped.
		 */
		if (t && wb_treeidx_save(t, idx->tree_dir, tree) == 0) {
			wb_treeidx_free(t);
			if (wb_treeidx_load(&t, idx->tree_dir, tree) != 0)
				t = NULL;
		} else {
			/* not saved: the summaries answer */
			wb_treeidx_free(t);
			t = NULL;
		}
		idx->tix = t;
	}
	free(in);
}

int wb_index_build(struct wb_index *idx, struct wb_repo *repo, const git_oid *tree,
		   const struct wb_index_opts *opts)
{
	size_t i, n, *order, *todo, ntodo = 0;
	int ret;

	memset(idx, 0, sizeof(*idx));
	pthread_mutex_init(&idx->lock, NULL);
	idx->repo = repo;
	idx->max_size = opts->max_size;
	idx->skip_large = opts->skip_large;
	idx->jobs = opts->jobs;
	idx->eager = opts->eager;
	idx->mentions = xcalloc(1, sizeof(*idx->mentions));
	pthread_mutex_init(&idx->mentions->lock, NULL);
	idx->mentions->alloc = 64;
	idx->mentions->v = xcalloc(idx->mentions->alloc, sizeof(*idx->mentions->v));
	if (opts->cache_dir) {
		struct strbuf dir = STRBUF_INIT;

		strbuf_addf(&dir, "%s/tree", opts->cache_dir);
		idx->tree_dir = strbuf_detach(&dir, NULL);
	}
	if ((opts->no_tree_index || !load_tree_index(idx, tree)) &&
	    list_tree(idx, tree, opts->base_tree) < 0)
		return -1;
	idx->nfiles = idx->blobs.n;
	idx->files = xcalloc(idx->nfiles ? idx->nfiles : 1, sizeof(*idx->files));
	idx->mentions->words = idx->nfiles / 64 + 1;
	for (i = 0; i < idx->nfiles; i++) {
		idx->files[i].path = idx->blobs.v[i].path;
		idx->files[i].oid = &idx->blobs.v[i].oid;
		idx->files[i].uniq = idx->tix_loaded ? wb_treeidx_uniq(idx->tix, i) : i;
		if (idx->blobs.v[i].status != WB_READ_OK) {
			/* a subtree the walk could not list ("dir/"): counted and reported, never read */
			set_failed(&idx->files[i], idx->blobs.v[i].status, idx->blobs.v[i].msg);
		} else if (wb_path_unsafe(idx->files[i].path, strlen(idx->files[i].path))) {
			idx->files[i].status = WB_READ_REFUSED;
			idx->files[i].msg = xstrdup("refused: the path leaves the tree ('..' or absolute)");
		}
	}
	if (opts->cache_dir) {
		idx->sums = open_cache(opts->cache_dir, "summary");
		idx->recs = open_cache(opts->cache_dir, "scan");
	}
	if (idx->tix_loaded) {
		/*
		 * Every summary is in the saved index, but for the files its
		 * audit could not read (missing in a partial clone, damaged,
		 * too big): those are tried again, and one that reads now
		 * makes the index stale.
		 */
		todo = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*todo));
		for (i = 0; i < idx->nfiles; i++) {
			struct wb_index_file *f = &idx->files[i];

			if (f->status != WB_READ_OK)
				continue;
			if (!wb_treeidx_readable(idx->tix, f->uniq)) {
				if (f->uniq == i)
					todo[ntodo++] = i;
				continue;
			}
			f->sum.flags = wb_treeidx_flags(idx->tix, f->uniq);
			f->sum.size = wb_treeidx_size(idx->tix, f->uniq);
			if (opts->max_size && f->sum.size > opts->max_size)
				too_big(f, f->sum.size, opts->max_size);
		}
		ret = read_blobs(idx, READ_SUMMARY, todo, ntodo, 0);
		for (i = 0; i < ntodo; i++)
			if (idx->files[todo[i]].status == WB_READ_OK)
				ret = 1;
		idx->nread = ntodo;
		free(todo);
		if (ret) {
			struct wb_index_opts again = *opts;

			/* stale (or no reader): the whole tree, the usual way */
			wb_index_release(idx);
			again.no_tree_index = 1;
			return wb_index_build(idx, repo, tree, &again);
		}
		propagate(idx);
		goto counted;
	}

	/* identical blobs at several paths are read once: the first one */
	for (n = 64; n < 2 * idx->nfiles + 2; n *= 2)
		;
	order = xcalloc(n, sizeof(*order));	/* open addressing on the id: file + 1 */
	for (i = 0; i < idx->nfiles; i++) {
		struct wb_index_file *f = &idx->files[i];
		size_t k;

		if (f->status != WB_READ_OK)
			continue;
		for (k = wb_hash64(f->oid->id, 8, 0) & (n - 1); order[k]; k = (k + 1) & (n - 1))
			if (git_oid_equal(idx->files[order[k] - 1].oid, f->oid))
				break;
		if (order[k])
			f->uniq = order[k] - 1;
		else
			order[k] = i + 1;
	}
	free(order);

	if (idx->base) {
		/*
		 * Few files of our own: the lender's postings answer for the
		 * rest (an overlay, not saved).  Many: this tree gets an index
		 * of its own, from every file's summary.
		 */
		size_t own = 0, nb = wb_treeidx_nfiles(idx->base);

		for (i = 0; i < idx->nfiles; i++)
			own += !idx->from_base[i];
		if (own * 8 <= idx->nfiles) {
			idx->base_map = xmalloc((nb + 1) * sizeof(*idx->base_map));
			for (i = 0; i < nb; i++)
				idx->base_map[i] = -1;
			for (i = 0; i < idx->nfiles; i++) {
				struct wb_index_file *f = &idx->files[i];
				size_t j = idx->from_base[i];

				if (!j || f->status != WB_READ_OK)
					continue;
				j = wb_treeidx_uniq(idx->base, j - 1);
				idx->base_map[j] = (long)f->uniq;
				if (f->uniq == i) {
					f->sum.flags = wb_treeidx_flags(idx->base, j);
					f->sum.size = wb_treeidx_size(idx->base, j);
				}
			}
		} else {
			wb_treeidx_free(idx->base);
			idx->base = NULL;
		}
	}

	todo = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*todo));
	for (i = 0; i < idx->nfiles; i++) {
		struct wb_index_file *f = &idx->files[i];
		const void *data;
		size_t len;

		if (f->uniq != i || f->status != WB_READ_OK)
			continue;
		if (idx->base && idx->from_base[i]) {
			if (opts->max_size && f->sum.size > opts->max_size)
				too_big(f, f->sum.size, opts->max_size);
			continue;
		}
		data = wb_cache_get(idx->sums, f->oid, &len);
		if (!data || wb_summary_parse(&f->sum, data, len) < 0) {
			todo[ntodo++] = i;
			continue;
		}
		f->status = WB_READ_OK;
		if (opts->max_size && f->sum.size > opts->max_size)
			too_big(f, f->sum.size, opts->max_size);
	}
	ret = read_blobs(idx, READ_SUMMARY, todo, ntodo, opts->progress);
	idx->nread = ntodo;
	free(todo);
	propagate(idx);
	if (ret == 0 && !idx->base)
		build_tree_index(idx, tree);
counted:
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];

		switch (f->status) {
		case WB_READ_OK:
			if (f->sum.flags & WB_SCAN_BINARY)
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
		case WB_READ_REFUSED:
			idx->nrefused++;
			break;
		}
	}
	return ret;
}

size_t wb_index_incomplete(const struct wb_index *idx)
{
	return idx->nmissing + idx->ncorrupt + idx->nbinary + idx->nrefused +
	       (idx->skip_large ? 0 : idx->ntoobig);
}

const char *wb_index_skip_reason(const struct wb_index_file *f)
{
	if (f->status != WB_READ_OK)
		return f->msg ? f->msg : "unreadable";
	if (f->sum.flags & WB_SCAN_BINARY)
		return "binary content (NUL byte)";
	return NULL;
}

void wb_index_scan(struct wb_index *idx, const size_t *list, size_t n)
{
	size_t i, *todo, ntodo = 0;
	char *queued = xcalloc(idx->nfiles ? idx->nfiles : 1, 1);

	todo = xmalloc((n ? n : 1) * sizeof(*todo));
	for (i = 0; i < n; i++) {
		size_t u = idx->files[list[i]].uniq;
		struct wb_index_file *f = &idx->files[u];
		const void *data;
		size_t len;

		if (f->has_rec || queued[u] || f->status != WB_READ_OK ||
		    (f->sum.flags & WB_SCAN_BINARY))
			continue;
		queued[u] = 1;
		data = wb_cache_get(idx->recs, f->oid, &len);
		if (data && wb_record_parse(&f->rec, data, len) == 0) {
			f->has_rec = 1;
			continue;
		}
		todo[ntodo++] = u;
	}
	read_blobs(idx, READ_SCAN, todo, ntodo, 0);
	idx->nscanned += ntodo;
	free(todo);
	free(queued);
	propagate(idx);
}

void wb_index_report_skipped(const struct wb_index *idx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	char hex[GIT_OID_HEXSZ + 1];

	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		unsigned fl = f->has_rec ? f->rec.flags : f->sum.flags;
		const char *path;

		if (f->status == WB_READ_OK &&
		    !(fl & (WB_SCAN_BINARY | WB_SCAN_UNTERMINATED_COMMENT |
			    WB_SCAN_UNTERMINATED_STRING | WB_SCAN_UNBALANCED)))
			continue;	/* nothing to say: most files */
		strbuf_reset(&sb);
		path = wb_quote_path(&sb, f->path, 0);
		git_oid_tostr(hex, sizeof(hex), f->oid);
		switch (f->status) {
		case WB_READ_MISSING:
			fprintf(stderr, "%s: warning: missing object %s: %s\n", path, hex, f->msg);
			continue;
		case WB_READ_CORRUPT:
			fprintf(stderr, "%s: warning: unreadable object %s: %s\n", path, hex, f->msg);
			continue;
		case WB_READ_TOO_BIG:
			if (idx->skip_large)
				fprintf(stderr, "%s: note: skipped (--skip-large): %s\n", path, f->msg);
			else
				fprintf(stderr, "%s: warning: skipped, the audit is incomplete: %s (--max-size)\n",
					path, f->msg);
			continue;
		case WB_READ_REFUSED:
			fprintf(stderr, "%s: warning: %s\n", path, f->msg);
			continue;
		case WB_READ_OK:
			break;
		}
		if (fl & WB_SCAN_BINARY)
			fprintf(stderr, "%s: warning: skipped, the audit is incomplete: binary content (NUL byte)\n",
				path);
		if (fl & WB_SCAN_UNTERMINATED_COMMENT)
			fprintf(stderr, "%s:%u: note: unterminated comment: the rest of the file is not scanned\n",
				path, f->rec.flag_line);
		if (fl & WB_SCAN_UNTERMINATED_STRING)
			fprintf(stderr, "%s:%u: note: unterminated string or character literal\n",
				path, f->rec.flag_line);
		if (fl & WB_SCAN_UNBALANCED)
			fprintf(stderr, "%s:%u: note: unbalanced braces: function boundaries may be wrong\n",
				path, f->rec.flag_line);
		if (fl & WB_SCAN_TOO_DEEP)
			fprintf(stderr, "%s:%u: note: nesting too deep to track: argument details skipped\n",
				path, f->rec.flag_line);
	}
	strbuf_release(&sb);
}

void wb_index_flush(struct wb_index *idx)
{
	wb_cache_flush(idx->sums);
	wb_cache_flush(idx->recs);
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
	wb_cache_free(idx->sums);
	wb_cache_free(idx->recs);
	if (idx->mentions) {
		for (i = 0; i < idx->mentions->alloc; i++)
			free(idx->mentions->v[i].bits);
		free(idx->mentions->v);
		pthread_mutex_destroy(&idx->mentions->lock);
		free(idx->mentions);
	}
	wb_treeidx_free(idx->tix);
	wb_treeidx_free(idx->base);
	free(idx->from_base);
	free(idx->base_map);
	wb_subtree_list_release(&idx->subs);
	free(idx->tree_dir);
	pthread_mutex_destroy(&idx->lock);
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

static size_t qmap_slot(const struct wb_audit *a, const char *name, long restrict_file)
{
	uint64_t h = ((uint64_t)(uintptr_t)name * 0x9e3779b97f4a7c15ull) ^ (uint64_t)restrict_file;

	return (size_t)(h ^ (h >> 29)) & (a->qmap_size - 1);
}

/* name is pooled: the pointer is the identity */
static long find_query(const struct wb_audit *a, const char *name, long restrict_file)
{
	size_t j;

	if (!a->qmap_size)
		return -1;
	for (j = qmap_slot(a, name, restrict_file); a->qmap[j] >= 0; j = (j + 1) & (a->qmap_size - 1)) {
		const struct wb_query *q = &a->queries[a->qmap[j]];

		if (q->name == name && q->restrict_file == restrict_file)
			return a->qmap[j];
	}
	return -1;
}

static void qmap_insert(struct wb_audit *a, long qi)
{
	size_t j;

	if ((a->nqueries + 1) * 2 > a->qmap_size) {
		size_t i;

		free(a->qmap);
		a->qmap_size = a->qmap_size ? a->qmap_size * 2 : 256;
		a->qmap = xmalloc(a->qmap_size * sizeof(*a->qmap));
		for (i = 0; i < a->qmap_size; i++)
			a->qmap[i] = -1;
		for (i = 0; i < a->nqueries; i++)
			if ((long)i != qi)
				qmap_insert(a, (long)i);
	}
	for (j = qmap_slot(a, a->queries[qi].name, a->queries[qi].restrict_file); a->qmap[j] >= 0;
	     j = (j + 1) & (a->qmap_size - 1))
		;
	a->qmap[j] = qi;
}

/* name is pooled */
static long add_query(struct wb_audit *a, const char *name, long restrict_file, unsigned level)
{
	struct wb_query *q;
	long qi;

	WB_ALLOC_GROW(a->queries, a->nqueries + 1, a->alloc);
	q = &a->queries[a->nqueries];
	memset(q, 0, sizeof(*q));
	q->name = name;
	q->restrict_file = restrict_file;
	q->level = level;
	q->parent = q->parent_node = -1;
	qi = (long)a->nqueries++;
	qmap_insert(a, qi);
	return qi;
}

static void add_node(struct wb_query *q, const struct wb_node *n)
{
	/* most functions have a caller or two; a deep audit has 10^5 of them */
	if (q->nnodes == q->alloc) {
		q->alloc = q->alloc ? q->alloc * 2 : 2;
		q->nodes = xrealloc(q->nodes, q->alloc * sizeof(*q->nodes));
	}
	q->nodes[q->nnodes++] = *n;
}

static int path_is_c(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && !strcmp(path + n - 2, ".c");
}

/* fname: fn's name, pooled (NULL: pool it here) */
static void fill_node(struct wb_audit *a, struct wb_node *n, size_t file, const char *strtab,
		      const struct wb_scan_site *s, const struct wb_scan_func *fn, const char *fname,
		      const char *callee)
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
	if (s->object != WB_NO_OBJECT)
		n->object = pool(a, strtab + s->object);
	if (fn) {
		n->func = fname ? fname : pool(a, strtab + fn->name);
		n->func_kind = fn->kind;
		n->func_flags = fn->flags;
		n->func_line = fn->line;
		n->func_end = fn->end_line;
	}
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
/* A set of 32-bit hashes, for testing a summary against many names at once. */
struct hashset {
	uint32_t *slots;
	size_t mask;
	int has_zero;
};

static struct hashset *hashset_new(const uint32_t *v, size_t n)
{
	struct hashset *hs = xcalloc(1, sizeof(*hs));
	size_t size = 64, i;

	while (size < n * 4)
		size *= 2;
	hs->slots = xcalloc(size, sizeof(*hs->slots));
	hs->mask = size - 1;
	for (i = 0; i < n; i++) {
		size_t j;

		if (!v[i]) {
			hs->has_zero = 1;
			continue;
		}
		for (j = v[i] & hs->mask; hs->slots[j] && hs->slots[j] != v[i]; j = (j + 1) & hs->mask)
			;
		hs->slots[j] = v[i];
	}
	return hs;
}

static int hashset_has(const struct hashset *hs, uint32_t h)
{
	size_t j;

	if (!h)
		return hs->has_zero;
	for (j = h & hs->mask; hs->slots[j]; j = (j + 1) & hs->mask)
		if (hs->slots[j] == h)
			return 1;
	return 0;
}

static void hashset_free(struct hashset *hs)
{
	free(hs->slots);
	free(hs);
}

struct qhash {
	uint32_t hash;
	size_t query;
};

/* mode = paths: where a reference in an initializer is stored */
struct slot {
	char member[64];	/* '.m = name': m, else "" */
	char stype[64];		/* 'struct T obj = {': T, else "" */
};

struct rescan_ctx {
	const struct wb_nameset *want;
	size_t *files;
	struct wb_scan *scans;		/* one per file, each written by one thread */
	struct slot **slots;		/* mode = paths: per file, per site */
};

static int is_ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

static size_t back_space(const char *data, size_t k)
{
	while (k > 0 && (data[k - 1] == ' ' || data[k - 1] == '\t' || data[k - 1] == '\n' ||
			 data[k - 1] == '\r'))
		k--;
	return k;
}

/* The identifier that ends at k (exclusive): its start, or k when there is none. */
static size_t back_ident(const char *data, size_t k)
{
	while (k > 0 && is_ident_char(data[k - 1]))
		k--;
	return k;
}

static void copy_word(char *out, size_t size, const char *p, size_t n)
{
	if (n >= size)
		n = 0;		/* longer than any member or tag worth naming */
	memcpy(out, p, n);
	out[n] = 0;
}

/*
 * A reference at offset off of data, inside the initializer of object:
 * the member it is stored in ('.m = name', '.m = &name') and the struct
 * type of the object, read back from the declaration ('struct T obj').
 */
static void find_slot(struct slot *sl, const char *data, size_t off, const char *object)
{
	size_t k = back_space(data, off), e, b, olen = strlen(object), lo;

	sl->member[0] = sl->stype[0] = 0;
	if (k > 0 && data[k - 1] == '&')
		k = back_space(data, k - 1);
	if (k == 0 || data[k - 1] != '=' || (k > 1 && strchr("=!<>+-*/%&|^", data[k - 2])))
		return;
	e = back_space(data, k - 1);
	b = back_ident(data, e);
	if (b == e)
		return;
	k = back_space(data, b);
	if (k == 0 || data[k - 1] != '.' || (k > 1 && data[k - 2] == '.'))
		return;
	copy_word(sl->member, sizeof(sl->member), data + b, e - b);
	/* the object's name before the initializer, then 'struct T' before that */
	lo = off > 65536 ? off - 65536 : 0;
	for (k = b; k > lo + olen; k--) {
		if (memcmp(data + k - olen, object, olen) || is_ident_char(data[k]) ||
		    (k - olen > 0 && is_ident_char(data[k - olen - 1])))
			continue;
		for (e = k - olen; e > lo && data[e - 1] != ';' && data[e - 1] != '}' &&
				   data[e - 1] != '{'; e--) {
			size_t s0 = e - 1;

			if (s0 >= 6 && !memcmp(data + s0 - 5, "struct", 6) &&
			    (s0 < 6 || !is_ident_char(data[s0 - 6])) && !is_ident_char(data[s0 + 1])) {
				size_t t0 = s0 + 1, t1;

				while (data[t0] == ' ' || data[t0] == '\t')
					t0++;
				for (t1 = t0; is_ident_char(data[t1]); t1++)
					;
				copy_word(sl->stype, sizeof(sl->stype), data + t0, t1 - t0);
				return;
			}
		}
		return;
	}
}

static void on_rescan(size_t i, enum wb_read_status status, const char *data, size_t len,
		      const char *msg, void *arg)
{
	struct rescan_ctx *rc = arg;
	struct wb_scan *scan = &rc->scans[i];
	size_t *starts = NULL, nl = 0, s, k;

	(void)msg;
	if (status != WB_READ_OK)
		return;
	wb_scan_buffer(scan, data, len, rc->want);
	if (!rc->slots)
		return;
	rc->slots[i] = xcalloc(scan->nsites + 1, sizeof(**rc->slots));
	for (s = 0; s < scan->nsites; s++) {
		const struct wb_scan_site *site = &scan->sites[s];

		if (site->kind != WB_SITE_REF || site->object == WB_NO_OBJECT || site->func >= 0)
			continue;
		if (!starts) {
			starts = xmalloc((scan->nlines + 2) * sizeof(*starts));
			starts[nl++] = 0;
			for (k = 0; k < len && nl < scan->nlines + 2; k++)
				if (data[k] == '\n')
					starts[nl++] = k + 1;
		}
		if (site->line < 1 || site->line > nl || site->col < 1 || site->col == UINT16_MAX)
			continue;
		k = starts[site->line - 1] + site->col - 1;
		if (k >= len)
			continue;
		find_slot(&rc->slots[i][s], data, k, wb_scan_str(scan, site->object));
	}
	free(starts);
}

static int cmp_qhash(const void *x, const void *y)
{
	const struct qhash *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->query < b->query ? -1 : a->query > b->query;
}

/* The first of v[0..n) (sorted) with hash h, or where it would be. */
static size_t qhash_first(const struct qhash *v, size_t n, uint32_t h)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * mode = paths: '.m = fn' in the file-scope initializers of a blob ('struct
 * T obj = { .m = fn }'), read once per file from its text.
 */
struct wb_store {
	char *name, *member, *object, *stype;
	uint32_t line, col;
	uint32_t hash;		/* of name */
};

struct wb_store_list {
	struct wb_store *v;
	size_t n;
	int read;
};

/* The object and the struct type of a declaration 'static const struct T obj[] __attr' */
static void decl_head(const char *data, size_t b, size_t e, char *obj, size_t osz, char *type,
		      size_t tsz)
{
	size_t k = b, last_b = 0, last_e = 0;
	int after_struct = 0;

	obj[0] = type[0] = 0;
	while (k < e) {
		size_t s0;

		if (data[k] == '[') {
			while (k < e && data[k] != ']')
				k++;
			continue;
		}
		if (!is_ident_char(data[k]) || (data[k] >= '0' && data[k] <= '9')) {
			k++;
			continue;
		}
		for (s0 = k; k < e && is_ident_char(data[k]); k++)
			;
		if (after_struct) {
			copy_word(type, tsz, data + s0, k - s0);
			after_struct = 0;
			continue;
		}
		if (k - s0 == 6 && !memcmp(data + s0, "struct", 6)) {
			after_struct = 1;
			continue;
		}
		/* attributes (__ro_after_init) and qualifiers name no object */
		if (k - s0 > 2 && data[s0] == '_' && data[s0 + 1] == '_')
			continue;
		last_b = s0;
		last_e = k;
	}
	if (last_e > last_b)
		copy_word(obj, osz, data + last_b, last_e - last_b);
}

/* Past the string or character literal opening at data[k] (it ends at its line's end, too). */
static size_t skip_quoted(const char *data, size_t len, size_t k)
{
	char q = data[k];

	for (k++; k < len && data[k] != q && data[k] != '\n'; k++)
		if (data[k] == '\\' && k + 1 < len && data[k + 1] != '\n')
			k++;
	return k + 1;
}

/* A comment at data[*k]: moves *k past it (lines counted) and returns 1; else 0. */
static int skip_comment(const char *data, size_t len, size_t *kp, uint32_t *line,
			size_t *line_start)
{
	size_t k = *kp;

	if (data[k] == '/' && k + 1 < len && data[k + 1] == '*') {
		for (k += 2; k < len && !(data[k] == '*' && k + 1 < len && data[k + 1] == '/'); k++)
			if (data[k] == '\n') {
				(*line)++;
				*line_start = k + 1;
			}
		*kp = k + 2;
		return 1;
	}
	if (data[k] == '/' && k + 1 < len && data[k + 1] == '/') {
		while (k < len && data[k] != '\n')
			k++;
		*kp = k;
		return 1;
	}
	return 0;
}

static void find_stores(struct wb_store_list *out, const char *data, size_t len)
{
	size_t k = 0, top_end = 0, alloc = 0, line_start = 0;
	uint32_t line = 1;
	unsigned depth = 0;
	int init = 0, bol = 1;
	char obj[64] = "", type[64] = "";

	while (k < len) {
		char c = data[k];

		if (c == '\n') {
			line++;
			line_start = ++k;
			bol = 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			k++;
			continue;
		}
		if (bol && c == '#') {
			/* a preprocessor line, continuations included */
			while (k < len && data[k] != '\n') {
				if (data[k] == '\\' && k + 1 < len && data[k + 1] == '\n') {
					line++;
					line_start = k + 2;
					k++;
				}
				k++;
			}
			continue;
		}
		bol = 0;
		if (skip_comment(data, len, &k, &line, &line_start))
			continue;
		if (c == '"' || c == '\'') {
			k = skip_quoted(data, len, k);
			continue;
		}
		if (c == '{') {
			if (depth == 0) {
				size_t j = back_space(data, k);

				init = j > 0 && data[j - 1] == '=';
				if (init)
					decl_head(data, top_end, j - 1, obj, sizeof(obj), type, sizeof(type));
			}
			depth++;
			k++;
			continue;
		}
		if (c == '}') {
			if (depth && !--depth)
				top_end = k + 1;
			k++;
			continue;
		}
		if (c == ';' && !depth) {
			top_end = k + 1;
			k++;
			continue;
		}
		if (c == '.' && depth && init && obj[0]) {
			/* '.m = fn' or '.m = &fn', fn followed by ',' or '}' */
			size_t mb = k + 1, me, nb, ne, j;

			while (mb < len && (data[mb] == ' ' || data[mb] == '\t'))
				mb++;
			for (me = mb; me < len && is_ident_char(data[me]); me++)
				;
			for (j = me; j < len && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n'); j++)
				;
			if (me > mb && j < len && data[j] == '=' && (j + 1 >= len || data[j + 1] != '=')) {
				for (j++; j < len && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n' ||
						      data[j] == '&'); j++)
					;
				for (nb = j, ne = j; ne < len && is_ident_char(data[ne]); ne++)
					;
				for (j = ne; j < len && (data[j] == ' ' || data[j] == '\t' || data[j] == '\n'); j++)
					;
				if (ne > nb && !(data[nb] >= '0' && data[nb] <= '9') && j < len &&
				    (data[j] == ',' || data[j] == '}')) {
					/* nb is on the line of the name: count the lines up to it */
					uint32_t l = line;
					size_t ls = line_start, q;

					for (q = k; q < nb; q++)
						if (data[q] == '\n') {
							l++;
							ls = q + 1;
						}
					WB_ALLOC_GROW(out->v, out->n + 1, alloc);
					out->v[out->n++] = (struct wb_store){
						xstrndup(data + nb, ne - nb), xstrndup(data + mb, me - mb),
						xstrdup(obj), type[0] ? xstrdup(type) : NULL, l,
						(uint32_t)(nb - ls + 1), wb_name_hash(data + nb, ne - nb) };
				}
			}
			k++;
			continue;
		}
		k++;
	}
}

struct stores_ctx {
	struct wb_store_list *lists;	/* per file of the index */
	const size_t *files;
};

static void on_stores_blob(size_t i, enum wb_read_status status, const char *data, size_t len,
			   const char *msg, void *arg)
{
	struct stores_ctx *sc = arg;
	struct wb_store_list *l = &sc->lists[sc->files[i]];

	(void)msg;
	l->read = 1;
	if (status == WB_READ_OK)
		find_stores(l, data, len);
}

static void free_stores(struct wb_audit *a)
{
	size_t i, k;

	if (!a->stores)
		return;
	for (i = 0; i < a->idx->nfiles; i++) {
		for (k = 0; k < a->stores[i].n; k++) {
			free(a->stores[i].v[k].name);
			free(a->stores[i].v[k].member);
			free(a->stores[i].v[k].object);
			free(a->stores[i].v[k].stype);
		}
		free(a->stores[i].v);
	}
	free(a->stores);
	a->stores = NULL;
}

/* mode = paths: calls through a struct member, found in the blob's text */
struct mcall {
	uint32_t line;
	uint32_t col;
	char *name;
	char *type;	/* struct type of the base, when declared in the file */
	char *field;	/* else the base's field name, when it is one ('f->ops->m') */
};

struct member_ctx {
	const struct wb_nameset *names;	/* the members looked for, without '->' */
	struct mcall **calls;		/* per file of the list */
	size_t *ncalls;
};

/*
 * The T of the last 'struct T [*...] [const] name' declaration of data
 * before end (a variable, a parameter or a field), or NULL.
 */
static char *decl_type(const char *data, size_t end, const char *name, size_t nlen)
{
	size_t k = 0;
	char *out = NULL;

	while (k + 6 < end) {
		const char *p = memmem(data + k, end - k, "struct", 6);
		size_t t0, t1, j;

		if (!p)
			break;
		k = (size_t)(p - data) + 6;
		if ((p > data && is_ident_char(p[-1])) || k >= end || is_ident_char(data[k]))
			continue;
		for (t0 = k; t0 < end && (data[t0] == ' ' || data[t0] == '\t'); t0++)
			;
		for (t1 = t0; t1 < end && is_ident_char(data[t1]); t1++)
			;
		if (t1 == t0)
			continue;
		j = t1;
		for (;;) {
			while (j < end && (data[j] == ' ' || data[j] == '\t' || data[j] == '*'))
				j++;
			if (j + 5 < end && !memcmp(data + j, "const", 5) && !is_ident_char(data[j + 5]))
				j += 5;
			else if (j + 6 < end && !memcmp(data + j, "__rcu", 5) && !is_ident_char(data[j + 5]))
				j += 5;
			else
				break;
		}
		if (j + nlen < end && !memcmp(data + j, name, nlen) && !is_ident_char(data[j + nlen]) &&
		    data[j + nlen] != '(') {
			free(out);
			out = xstrndup(data + t0, t1 - t0);
		}
	}
	return out;
}

/*
 * Every 'x->m (' and 'x.m (' of data whose m is in names, outside comments,
 * strings and character constants, with the type of x when the file
 * declares it.
 */
static void on_member_blob(size_t i, enum wb_read_status status, const char *data, size_t len,
			   const char *msg, void *arg)
{
	struct member_ctx *mc = arg;
	size_t k = 0, alloc = 0, line_start = 0;
	uint32_t line = 1;
	char last = 0, before = 0;	/* the last two significant characters */
	/* the identifier before the last one, and what came before it */
	size_t pb = 0, pe = 0, cb = 0, ce = 0;
	int p_field = 0, c_field = 0, p_ok = 0, c_ok = 0;

	(void)msg;
	if (status != WB_READ_OK)
		return;
	while (k < len) {
		char c = data[k];

		if (c == '\n') {
			line++;
			line_start = ++k;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\\') {
			k++;
			continue;
		}
		if (skip_comment(data, len, &k, &line, &line_start))
			continue;
		if (c == '"' || c == '\'') {
			k = skip_quoted(data, len, k);
			before = last;
			last = c;
			c_ok = 0;
			continue;
		}
		if (is_ident_char(c) && !(c >= '0' && c <= '9')) {
			size_t b = k, j;
			int member = last == '.' || (last == '>' && before == '-');

			while (k < len && is_ident_char(data[k]))
				k++;
			/* the identifier just before the operator is the base */
			pb = cb, pe = ce, p_field = c_field, p_ok = c_ok;
			cb = b, ce = k, c_field = member, c_ok = 1;
			if (member && wb_nameset_has(mc->names, data + b, k - b)) {
				for (j = k; j < len && (data[j] == ' ' || data[j] == '\t' ||
							data[j] == '\n' || data[j] == '\r'); j++)
					;
				if (j < len && data[j] == '(') {
					struct mcall m = { line, (uint32_t)(b - line_start + 1),
							   xstrndup(data + b, k - b), NULL, NULL };

					/* 'base->m': base declared here, or a field we look up later */
					if (p_ok && pe <= b) {
						m.type = decl_type(data, p_field ? len : b, data + pb, pe - pb);
						if (!m.type && p_field)
							m.field = xstrndup(data + pb, pe - pb);
					}
					WB_ALLOC_GROW(mc->calls[i], mc->ncalls[i] + 1, alloc);
					mc->calls[i][mc->ncalls[i]++] = m;
				}
			}
			before = last;
			last = 'a';
			continue;
		}
		if (c != '.' && c != '-' && c != '>')
			c_ok = 0;
		before = last;
		last = c;
		k++;
	}
}

/*
 * The struct type of field name, from the first 'struct T *name;' the
 * headers (include/) declare, or NULL.  Looked up once per name.
 */
static const char *field_type(struct wb_audit *a, struct wb_nameset *looked,
			      struct wb_nameset *types, const char *name)
{
	struct wb_index *idx = a->idx;
	struct strbuf key = STRBUF_INIT;
	const char *out = NULL;
	uint32_t h = wb_name_hash(name, strlen(name));
	size_t i, n;

	if (wb_nameset_has(looked, name, strlen(name))) {
		/* types holds "name=T" */
		n = wb_nameset_count(types);
		for (i = 0; i < n; i++) {
			const char *t = wb_nameset_get(types, i);

			if (!strncmp(t, name, strlen(name)) && t[strlen(name)] == '=')
				return pool(a, t + strlen(name) + 1);
		}
		return NULL;
	}
	wb_nameset_add(looked, name, strlen(name));
	for (i = 0; i < idx->nfiles && !out; i++) {
		const struct wb_index_file *f = &idx->files[i];
		git_odb_object *obj = NULL;
		char *t;

		if (f->status != WB_READ_OK || strncmp(f->path, "include/", 8) ||
		    !wb_index_may_mention(idx, i, name, h))
			continue;
		if (wb_repo_read_one(idx->repo, f->oid, idx->max_size, &obj) != WB_READ_OK) {
			git_odb_object_free(obj);
			continue;
		}
		t = decl_type(git_odb_object_data(obj), git_odb_object_size(obj), name, strlen(name));
		git_odb_object_free(obj);
		if (t) {
			out = pool(a, t);
			strbuf_addf(&key, "%s=%s", name, t);
			wb_nameset_add(types, key.buf, key.len);
			free(t);
		}
	}
	strbuf_release(&key);
	return out;
}

/*
 * The member queries of [first, last): their calls, each in the function
 * that makes it.  Only blobs whose summary may mention the member are read;
 * a member too short to be summarised is not followed (every blob would be).
 */
static void run_members(struct wb_audit *a, size_t first, size_t last, int last_level)
{
	struct wb_index *idx = a->idx;
	struct wb_nameset *names = wb_nameset_new();
	struct member_ctx mc = { names, NULL, NULL };
	struct wb_nameset *looked, *types;
	size_t qi, i, n = 0, ns = 0, *list, *scan;
	const git_oid **oids;

	for (qi = first; qi < last; qi++) {
		const char *m = a->queries[qi].mname;

		if (a->queries[qi].member && strlen(m) >= WB_SUMMARY_MIN_NAME)
			wb_nameset_add(names, m, strlen(m));
	}
	if (!wb_nameset_count(names)) {
		wb_nameset_free(names);
		return;
	}
	/* a field's type is looked up once per audit */
	if (!a->field_looked) {
		a->field_looked = wb_nameset_new();
		a->field_types = wb_nameset_new();
	}
	looked = a->field_looked;
	types = a->field_types;
	list = xmalloc((idx->nfiles + 1) * sizeof(*list));
	scan = xmalloc((idx->nfiles + 1) * sizeof(*scan));
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];

		if (f->status != WB_READ_OK || a->excluded[i] ||
		    !wb_check_indirect_scope(a->check, f->path) || !wb_index_mentions_any(idx, i, names))
			continue;
		if (last_level && !wb_index_mentions_any(idx, i, a->entry_names))
			continue;
		list[n++] = i;
		if (!f->has_rec)
			scan[ns++] = i;
	}
	wb_index_scan(idx, scan, ns);
	free(scan);
	mc.calls = xcalloc(n + 1, sizeof(*mc.calls));
	mc.ncalls = xcalloc(n + 1, sizeof(*mc.ncalls));
	oids = xmalloc((n + 1) * sizeof(*oids));
	for (i = 0; i < n; i++)
		oids[i] = idx->files[list[i]].oid;
	if (n)
		wb_repo_read_blobs(idx->repo, oids, n, idx->jobs, idx->max_size, on_member_blob, &mc);
	for (i = 0; i < n; i++) {
		const struct wb_index_file *f = &idx->files[list[i]];
		size_t c;

		for (c = 0; c < mc.ncalls[i]; c++) {
			const struct mcall *mcall = &mc.calls[i][c];
			const struct wb_scan_func *fn = NULL;
			struct strbuf sb = STRBUF_INIT;
			const char *ctype, *callee;
			struct wb_node nd;
			uint32_t fi;
			size_t q;

			/* the innermost definition around the call */
			for (fi = 0; f->has_rec && fi < f->rec.nfuncs; fi++) {
				const struct wb_scan_func *g = &f->rec.funcs[fi];

				if (g->line <= mcall->line && mcall->line <= g->end_line &&
				    (!fn || g->line >= fn->line))
					fn = g;
			}
			if (!fn)
				continue;
			ctype = mcall->type ? pool(a, mcall->type) :
				mcall->field ? field_type(a, looked, types, mcall->field) : NULL;
			strbuf_addf(&sb, "->%s", mcall->name);
			callee = pool(a, sb.buf);
			strbuf_release(&sb);
			/* a call through a T's member calls what is stored in a T */
			for (q = first; q < last; q++) {
				const struct wb_query *mq = &a->queries[q];

				if (!mq->member || strcmp(mq->mname, mcall->name) ||
				    (ctype && mq->mtype && strcmp(ctype, mq->mtype)))
					continue;
				memset(&nd, 0, sizeof(nd));
				nd.callee = callee;
				nd.file = list[i];
				nd.line = mcall->line;
				nd.col = mcall->col;
				nd.kind = WB_SITE_CALL;
				nd.query = -1;
				nd.func = pool(a, wb_record_str(&f->rec, fn->name));
				nd.func_kind = fn->kind;
				nd.func_flags = fn->flags;
				nd.func_line = fn->line;
				nd.func_end = fn->end_line;
				add_node(&a->queries[q], &nd);
			}
		}
		for (c = 0; c < mc.ncalls[i]; c++) {
			free(mc.calls[i][c].name);
			free(mc.calls[i][c].type);
			free(mc.calls[i][c].field);
		}
		free(mc.calls[i]);
	}
	free(mc.calls);
	free(mc.ncalls);
	free(oids);
	free(list);
	wb_nameset_free(names);
}

static void run_level(struct wb_audit *a, size_t first, size_t last, unsigned level)
{
	struct wb_index *idx = a->idx;
	uint32_t *hashes;
	size_t i, qi, c, nc = 0, *cand;
	struct qhash *byhash;
	struct wb_nameset *want = wb_nameset_new();
	struct hashset *hs;
	char *rescan, *want_stores = NULL;

	hashes = xmalloc((last - first) * sizeof(*hashes));
	for (qi = first; qi < last; qi++)
		hashes[qi - first] = wb_name_hash(a->queries[qi].name, strlen(a->queries[qi].name));
	rescan = xcalloc(idx->nfiles ? idx->nfiles : 1, 1);
	if (a->paths && a->check->nindirect_scopes) {
		want_stores = xcalloc(idx->nfiles + 1, 1);
		if (!a->stores)
			a->stores = xcalloc(idx->nfiles + 1, sizeof(*a->stores));
	}

	/* the summaries say which blobs could mention a name: scan those */
	cand = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*cand));
	hs = hashset_new(hashes, last - first);
	{
		size_t *scan = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*scan)), ns = 0;
		int short_name = 0, all;
		uint64_t *bits;
		/*
		 * mode = paths, at the depth limit: a caller found here ends a
		 * path only if it is an entry point, so only the blobs that
		 * mention one (or an entry table) are worth a scan.
		 */
		int last_level = a->paths && level >= a->scope_depth;
		/* past depth, only callers in the scope lead on */
		int scoped = a->paths && level >= a->depth && !last_level;

		if (last_level && last > first)
			a->truncated = 1;

		for (qi = first; qi < last; qi++)
			short_name |= !a->queries[qi].member &&
				      strlen(a->queries[qi].name) < WB_SUMMARY_MIN_NAME;
		bits = xcalloc(idx->nfiles / 64 + 1, sizeof(*bits));
		all = short_name || wb_index_mark(idx, hashes, last - first, bits) < 0;
		for (i = 0; i < idx->nfiles; i++) {
			const struct wb_index_file *f = &idx->files[i];

			if (f->status != WB_READ_OK || a->excluded[i])
				continue;
			if (all || (bits[f->uniq / 64] >> (f->uniq % 64) & 1)) {
				if (last_level && !wb_index_mentions_any(idx, i, a->entry_names))
					continue;
				if (scoped && !wb_check_indirect_scope(a->check, f->path) &&
				    !wb_index_mentions_any(idx, i, a->entry_names)) {
					a->truncated = 1;	/* may call them: not followed */
					continue;
				}
				cand[nc++] = i;
				if (!f->has_rec)
					scan[ns++] = i;
			}
		}
		free(bits);
		wb_index_scan(idx, scan, ns);
		free(scan);
	}

	/* the level's queries by name hash, to look a site's callee up */
	byhash = xmalloc((last - first) * sizeof(*byhash));
	for (qi = first; qi < last; qi++)
		byhash[qi - first] = (struct qhash){ hashes[qi - first], qi };
	qsort(byhash, last - first, sizeof(*byhash), cmp_qhash);

	for (c = 0; c < nc; c++) {
		const struct wb_index_file *f = &idx->files[cand[c]];
		const struct wb_record *r = &f->rec;
		uint32_t s, nrefs;
		int32_t last_func = -1;
		const char *last_name = NULL;

		i = cand[c];
		if (f->status != WB_READ_OK || !f->has_rec)
			continue;
		/*
		 * the names referenced here, from the record's list; mode =
		 * paths follows calls, and a reference only where an entry
		 * table's initializer holds it
		 */
		nrefs = a->all_uses ? (uint32_t)(last - first) : r->nrefnames;
		/*
		 * paths follows a reference where an entry table holds it (the
		 * scanner says where), or a member store ('.m = fn', read from
		 * the text once per file)
		 */
		if (a->paths && !a->table_files[i]) {
			for (s = 0; want_stores && s < nrefs; s++)
				if (hashset_has(hs, r->refnames[s])) {
					want_stores[i] = 1;
					break;
				}
			nrefs = 0;
		}
		for (s = 0; s < nrefs; s++) {
			uint32_t h = a->all_uses ? hashes[s] : r->refnames[s];
			size_t lo;

			if (!a->all_uses && !hashset_has(hs, h))
				continue;
			lo = qhash_first(byhash, last - first, h);
			for (; lo < last - first && byhash[lo].hash == h; lo++) {
				const struct wb_query *q = &a->queries[byhash[lo].query];

				if (q->restrict_file >= 0 && idx->files[q->restrict_file].uniq != f->uniq)
					continue;
				rescan[i] = 1;
				wb_nameset_add(want, q->name, strlen(q->name));
			}
		}
		/* does it call any of them at all? */
		for (s = 0; s < r->ncallnames; s++)
			if (hashset_has(hs, r->callnames[s]))
				break;
		if (s == r->ncallnames)
			continue;
		/* a deep audit walks a file's sites at many levels: hash them once */
		if (!a->site_hashes[i]) {
			a->site_hashes[i] = xmalloc((r->nsites + 1) * sizeof(**a->site_hashes));
			for (s = 0; s < r->nsites; s++) {
				const char *callee = wb_record_str(r, r->sites[s].name);

				a->site_hashes[i][s] = wb_name_hash(callee, strlen(callee));
			}
		}
		for (s = 0; s < r->nsites; s++) {
			const struct wb_scan_site *site = &r->sites[s];
			const char *callee = wb_record_str(r, site->name);
			uint32_t h = a->site_hashes[i][s];
			size_t lo;

			if (site->kind != WB_SITE_CALL || !hashset_has(hs, h))
				continue;
			lo = qhash_first(byhash, last - first, h);
			for (; lo < last - first && byhash[lo].hash == h; lo++) {
				struct wb_query *q = &a->queries[byhash[lo].query];
				const struct wb_scan_func *fn;
				struct wb_node n;

				if (strcmp(callee, q->name) ||
				    (q->restrict_file >= 0 && idx->files[q->restrict_file].uniq != f->uniq))
					continue;
				fn = site->func >= 0 ? &r->funcs[site->func] : NULL;
				/* a function's calls come together: pool its name once */
				if (fn && site->func != last_func) {
					last_func = site->func;
					last_name = pool(a, wb_record_str(r, fn->name));
				}
				fill_node(a, &n, i, r->strtab, site, fn, fn ? last_name : NULL, q->name);
				add_node(q, &n);
			}
		}
	}
	free(cand);

	/* member stores: each file's read once, then looked up */
	if (want_stores) {
		struct stores_ctx sc = { a->stores, NULL };
		size_t *files = xmalloc((idx->nfiles + 1) * sizeof(*files)), nf = 0, k;
		const git_oid **oids = xmalloc((idx->nfiles + 1) * sizeof(*oids));

		for (i = 0; i < idx->nfiles; i++)
			if (want_stores[i] && !a->stores[i].read) {
				oids[nf] = idx->files[i].oid;
				files[nf++] = i;
			}
		sc.files = files;
		if (nf)
			wb_repo_read_blobs(idx->repo, oids, nf, idx->jobs, idx->max_size, on_stores_blob,
					   &sc);
		nf = 0;
		for (i = 0; i < idx->nfiles; i++)
			if (want_stores[i])
				files[nf++] = i;
		for (c = 0; c < nf; c++) {
			const struct wb_index_file *f = &idx->files[files[c]];

			i = files[c];
			for (k = 0; k < a->stores[i].n; k++) {
				const struct wb_store *st = &a->stores[i].v[k];
				uint32_t h = st->hash;
				size_t lo;

				if (!hashset_has(hs, h))
					continue;
				lo = qhash_first(byhash, last - first, h);

				for (; lo < last - first && byhash[lo].hash == h; lo++) {
					struct wb_query *q = &a->queries[byhash[lo].query];
					struct wb_node n;

					if (strcmp(q->name, st->name) || q->member ||
					    (q->restrict_file >= 0 && idx->files[q->restrict_file].uniq != f->uniq))
						continue;
					memset(&n, 0, sizeof(n));
					n.callee = q->name;
					n.file = i;
					n.line = st->line;
					n.col = st->col;
					n.kind = WB_SITE_REF;
					n.query = -1;
					n.object = pool(a, st->object);
					n.member = pool(a, st->member);
					n.stype = st->stype ? pool(a, st->stype) : NULL;
					add_node(q, &n);
				}
			}
		}
		free(files);
		free(oids);
		free(want_stores);
	}
	hashset_free(hs);

	/* references need the exact positions: scan those blobs again, on all cores */
	{
		struct rescan_ctx rc = { .want = want };
		const git_oid **oids;
		size_t nr = 0, k;

		rc.files = xmalloc((idx->nfiles ? idx->nfiles : 1) * sizeof(*rc.files));
		for (i = 0; i < idx->nfiles; i++)
			if (rescan[i])
				rc.files[nr++] = i;
		rc.scans = xcalloc(nr + 1, sizeof(*rc.scans));
		if (a->paths)
			rc.slots = xcalloc(nr + 1, sizeof(*rc.slots));
		oids = xmalloc((nr + 1) * sizeof(*oids));
		for (k = 0; k < nr; k++)
			oids[k] = idx->files[rc.files[k]].oid;
		if (nr)
			wb_repo_read_blobs(idx->repo, oids, nr, idx->jobs, idx->max_size, on_rescan, &rc);
		for (k = 0; k < nr; k++) {
			const struct wb_index_file *f = &idx->files[rc.files[k]];
			struct wb_scan *scan = &rc.scans[k];
			size_t si;

			for (si = 0; si < scan->nsites; si++) {
				const struct wb_scan_site *site = &scan->sites[si];
				const struct wb_scan_func *fn;
				const char *name = wb_scan_str(scan, site->name);
				struct wb_node n;
				uint32_t h;
				size_t lo;

				if (site->kind != WB_SITE_REF)
					continue;
				h = wb_name_hash(name, strlen(name));
				lo = qhash_first(byhash, last - first, h);
				for (; lo < last - first && byhash[lo].hash == h; lo++) {
					struct wb_query *q = &a->queries[byhash[lo].query];

					if (strcmp(q->name, name))
						continue;
					if (q->restrict_file >= 0 &&
					    idx->files[q->restrict_file].uniq != f->uniq)
						continue;
					/*
					 * paths follows a reference only where a table
					 * or a member store in an initializer holds it
					 */
					if (rc.slots && (site->func >= 0 || site->object == WB_NO_OBJECT ||
							 (!rc.slots[k][si].member[0] &&
							  !wb_check_is_entry_table(a->check,
										   wb_scan_str(scan, site->object)))))
						continue;
					fn = site->func >= 0 ? &scan->funcs[site->func] : NULL;
					fill_node(a, &n, rc.files[k], scan->strtab, site, fn, NULL, q->name);
					if (rc.slots && rc.slots[k] && rc.slots[k][si].member[0]) {
						n.member = pool(a, rc.slots[k][si].member);
						if (rc.slots[k][si].stype[0])
							n.stype = pool(a, rc.slots[k][si].stype);
					}
					add_node(q, &n);
				}
			}
			wb_scan_release(scan);
			if (rc.slots)
				free(rc.slots[k]);
		}
		free(rc.slots);
		free(rc.scans);
		free(rc.files);
		free(oids);
	}
	free(byhash);
	free(rescan);
	free(hashes);
	wb_nameset_free(want);
	if (a->paths && a->check->nindirect_scopes)
		run_members(a, first, last, a->paths && level >= a->scope_depth);
}

int wb_index_cmp_pos(const struct wb_index *idx, size_t fa, uint32_t la, uint32_t ca, size_t fb,
		     uint32_t lb, uint32_t cb)
{
	int c = fa == fb ? 0 : strcmp(idx->files[fa].path, idx->files[fb].path);

	if (c)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return ca < cb ? -1 : ca > cb;
}

static int cmp_node(const void *x, const void *y, void *arg)
{
	const struct wb_node *a = x, *b = y;
	int c = wb_index_cmp_pos(arg, a->file, a->line, a->col, b->file, b->line, b->col);

	return c ? c : (int)a->kind - (int)b->kind;
}

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/*
 * EXPORT_SYMBOL(name), _GPL, _NS... in file: name is an entry point of
 * modules.  The export sits beside the definition, in the same file.
 */
static int exported_in(struct wb_blob_cursor *cur, size_t file, const char *name)
{
	static const char macro[] = "EXPORT_SYMBOL";
	size_t nl = strlen(name);
	const char *data, *p, *end;
	size_t len;

	if (wb_blob_cursor_data(cur, file, &data, &len) < 0)
		return 0;
	end = data + len;
	for (p = data; (p = memmem(p, (size_t)(end - p), macro, sizeof(macro) - 1)); p++) {
		const char *q = p + sizeof(macro) - 1;

		if (p > data && ident_char(p[-1]))
			continue;
		while (q < end && ident_char(*q))
			q++;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if (q >= end || *q++ != '(')
			continue;
		while (q < end && (*q == ' ' || *q == '\t'))
			q++;
		if ((size_t)(end - q) <= nl || memcmp(q, name, nl) || ident_char(q[nl]))
			continue;
		return 1;
	}
	return 0;
}

int wb_audit_run(struct wb_audit *a, struct wb_index *idx, const struct wb_check *check,
		 unsigned depth)
{
	struct wb_blob_cursor cur = WB_BLOB_CURSOR_INIT(idx);
	size_t i, first = 0, last;
	unsigned level = 0;

	memset(a, 0, sizeof(*a));
	a->check = check;
	a->idx = idx;
	a->depth = depth;
	a->scope_depth = depth;
	if (wb_check_mode_is(check, "paths") && check->nindirect_scopes && check->scope_depth > depth)
		a->scope_depth = check->scope_depth;
	/* an enumeration wants every use, and no wrapper trees */
	a->all_uses = wb_check_mode_is(check, "uses");
	a->paths = wb_check_mode_is(check, "paths");
	a->up = wb_check_mode_is(check, "up");
	if (a->paths) {
		a->entry_names = wb_nameset_new();
		for (i = 0; i < check->nentries; i++)
			wb_nameset_add(a->entry_names, check->entries[i], strlen(check->entries[i]));
		a->entry_tables = wb_nameset_new();
		for (i = 0; i < check->nentry_tables; i++) {
			wb_nameset_add(a->entry_names, check->entry_tables[i],
				       strlen(check->entry_tables[i]));
			wb_nameset_add(a->entry_tables, check->entry_tables[i],
				       strlen(check->entry_tables[i]));
		}
	}
	if (a->all_uses)
		a->depth = depth = 0;
	a->excluded = xcalloc(idx->nfiles + 1, 1);
	for (i = 0; i < idx->nfiles; i++)
		a->excluded[i] = (char)wb_check_excludes(check, idx->files[i].path);
	a->site_hashes = xcalloc(idx->nfiles + 1, sizeof(*a->site_hashes));
	if (a->paths) {
		a->table_files = xcalloc(idx->nfiles + 1, 1);
		for (i = 0; i < idx->nfiles; i++)
			a->table_files[i] = idx->files[i].status == WB_READ_OK &&
					    wb_index_mentions_any(idx, i, a->entry_tables);
	}
	for (i = 0; i < check->nprimitives; i++) {
		const char *name = pool(a, check->primitives[i]);

		if (find_query(a, name, -1) < 0) {
			long q = add_query(a, name, -1, 0);

			a->queries[q].is_root = 1;
		}
	}
	while (first < a->nqueries) {
		last = a->nqueries;
		/* the batch's level: member queries sit at their functions' level */
		level = UINT_MAX;
		for (i = first; i < last; i++)
			if (a->queries[i].level < level)
				level = a->queries[i].level;
		run_level(a, first, last, level);
		for (i = first; i < last; i++) {
			struct wb_query *q = &a->queries[i];
			size_t k;

			if (q->nnodes)
				qsort_r(q->nodes, q->nnodes, sizeof(*q->nodes), cmp_node, idx);
			/* add_query() below may move a->queries: no pointer into it */
			for (k = 0; k < a->queries[i].nnodes; k++) {
				struct wb_node *n = &a->queries[i].nodes[k];
				enum wb_wrapper w = wrapper_kind(a, n);
				long restrict_file = -1, child;
				unsigned result_flags = a->queries[i].result_flags;
				int opaque = 0;
				const char *name;

				if (a->all_uses) {
					n->wrapper = WB_NOT_WRAPPER;
					continue;
				}
				if (a->up) {
					/*
					 * every caller leads on, up to where the
					 * kernel is entered: a system call, an
					 * exported function, an operations table
					 */
					n->wrapper = WB_NOT_WRAPPER;
					if (n->kind == WB_SITE_REF && !n->func && n->object) {
						n->entry = WB_ENTRY_TABLE;
						continue;
					}
					if (!n->func || n->kind != WB_SITE_CALL)
						continue;
					if (n->func_flags & WB_FUNC_NAMED_BY_MACRO) {
						n->entry = WB_ENTRY_SYSCALL;
						continue;
					}
					if (exported_in(&cur, n->file, n->func)) {
						n->entry = WB_ENTRY_EXPORTED;
						continue;
					}
					w = WB_NOT_WRAPPER;
					goto expand;
				}
				if (a->paths) {
					/*
					 * every caller leads on, except where a path
					 * starts: an entry function, or a table of
					 * entry points holding the function's address
					 */
					if (n->kind == WB_SITE_REF && !n->func && n->object &&
					    wb_check_is_entry_table(check, n->object)) {
						n->entry = 1;
						continue;
					}
					/*
					 * stored as '.m = fn' in an initializer: every
					 * call through a member m calls it, indirectly;
					 * the store is no hop of its own
					 */
					if (n->kind == WB_SITE_REF && !n->func && n->object &&
					    n->member && check->nindirect_scopes) {
						struct strbuf sb = STRBUF_INIT;

						const char *mname = n->member, *mtype = n->stype;

						strbuf_addf(&sb, "->%s", mname);
						if (mtype)
							strbuf_addf(&sb, " (struct %s)", mtype);
						name = pool(a, sb.buf);
						strbuf_release(&sb);
						child = find_query(a, name, -1);
						if (child < 0) {
							child = add_query(a, name, -1,
									  a->queries[i].level);
							a->queries[child].member = 1;
							a->queries[child].mname = mname;
							a->queries[child].mtype = mtype;
							a->queries[child].parent = (long)i;
							a->queries[child].parent_node = (long)k;
						}
						a->queries[i].nodes[k].query = child;
						continue;
					}
					if (!n->func || n->kind != WB_SITE_CALL)
						continue;
					if (wb_check_is_entry(check, n->func)) {
						n->entry = 1;
						continue;
					}
					w = WB_NOT_WRAPPER;
					goto expand;
				}

				/*
				 * A C function is a detected wrapper when it returns
				 * the primitive's result computed from its own
				 * parameters, in a body of a few statements.
				 */
				if (w == WB_NOT_WRAPPER && n->func && n->kind == WB_SITE_CALL &&
				    n->func_kind == WB_FUNC_C && (n->site_flags & WB_SITE_RETURNED)) {
					/* statement counts live in the record of the file */
					const struct wb_record *r = &idx->files[n->file].rec;
					const char *data;
					size_t len;
					uint32_t f, from = 0;
					int polarity = -1, positional = 0;

					for (f = 0; f < r->nfuncs; f++)
						if (r->funcs[f].line == n->func_line &&
						    !strcmp(wb_record_str(r, r->funcs[f].name), n->func))
							break;
					/*
					 * Its arguments come from its parameters
					 * (maybe through locals set from them), and
					 * what it returns is read: the result as it
					 * is, or turned into the truth of success.
					 */
					if (f < r->nfuncs &&
					    r->funcs[f].nstmts <= check->wrapper_max_statements &&
					    !wb_blob_cursor_data(&cur, n->file, &data, &len))
						from = wb_flow_wrapper_shape(data, len, n->func,
									     n->func_line, n->func_end,
									     n->line, n->col, &polarity,
									     &positional);
					if ((from || n->param_mask) && polarity >= 0) {
						w = WB_WRAPPER_DETECTED;
						if (polarity)
							result_flags ^= WB_FLOW_TRUTH_IS_SUCCESS;
						opaque = !positional;
					}
				}
				/*
				 * a macro whose value is the call's: read as a
				 * function's return is (a statement macro keeps
				 * the result inside it)
				 */
				if (w == WB_WRAPPER_DETECTED && n->func_kind == WB_FUNC_MACRO) {
					const char *data;
					size_t len;
					int polarity = -1;

					if (!wb_blob_cursor_data(&cur, n->file, &data, &len))
						polarity = wb_flow_macro_polarity(data, len, n->line, n->col);
					if (polarity == -1)
						w = WB_NOT_WRAPPER;
					else if (polarity)
						result_flags ^= WB_FLOW_TRUTH_IS_SUCCESS;
				}
				n->wrapper = w;
				if (w == WB_NOT_WRAPPER)
					continue;
expand:
				if ((n->func_flags & WB_FUNC_STATIC) && path_is_c(idx->files[n->file].path))
					restrict_file = (long)n->file;
				name = n->func;		/* pooled by fill_node() */
				child = find_query(a, name, restrict_file);
				if (child < 0 && restrict_file >= 0)
					child = find_query(a, name, -1);
				if (child < 0) {
					/*
					 * a query's level counts calls, not member
					 * stores; callers in the scope go deeper
					 */
					if (a->queries[i].level + 1 > depth &&
					    (a->queries[i].level + 1 > a->scope_depth ||
					     !wb_check_indirect_scope(check, idx->files[n->file].path))) {
						a->truncated = 1;
						if (a->up)
							a->queries[i].nodes[k].entry = WB_ENTRY_DEPTH;
						continue;
					}
					child = add_query(a, name, restrict_file,
							  a->queries[i].level + 1);
					a->queries[child].parent = (long)i;
					a->queries[child].parent_node = (long)k;
					a->queries[child].result_flags = result_flags;
					a->queries[child].opaque_args = opaque;
				} else if (!a->queries[child].is_root &&
					   a->queries[child].result_flags != result_flags) {
					/* two readings of one result: none is certain */
					a->queries[child].result_flags = WB_FLOW_RESULT_UNKNOWN;
				}
				if (!a->queries[child].is_root)
					a->queries[child].opaque_args |= opaque;
				a->queries[i].nodes[k].query = child;
				if (a->queries[child].is_root && (size_t)child != i)
					a->queries[child].nested = 1;
			}
		}
		first = last;
	}
	wb_blob_cursor_release(&cur);
	return 0;
}

int wb_blob_cursor_data(struct wb_blob_cursor *cur, size_t file, const char **data, size_t *len)
{
	if (cur->file != file) {
		git_odb_object_free(cur->obj);
		cur->obj = NULL;
		cur->file = file;
		cur->status = (int)wb_repo_read_one(cur->idx->repo, cur->idx->files[file].oid, 0,
						    &cur->obj);
	}
	if (cur->status != WB_READ_OK)
		return -1;
	*data = git_odb_object_data(cur->obj);
	*len = git_odb_object_size(cur->obj);
	return 0;
}

uint64_t wb_node_body_hash(struct wb_blob_cursor *cur, const struct wb_node *n)
{
	const char *data;
	size_t len;

	if (wb_blob_cursor_data(cur, n->file, &data, &len) < 0)
		return 0;
	return wb_body_hash(data, len, n->func ? n->func_line : n->line,
			    n->func ? n->func_end : n->line);
}

void wb_blob_cursor_release(struct wb_blob_cursor *cur)
{
	git_odb_object_free(cur->obj);
	cur->obj = NULL;
	cur->file = (size_t)-1;
}

void wb_audit_release(struct wb_audit *a)
{
	size_t i;

	for (i = 0; i < a->nqueries; i++)
		free(a->queries[i].nodes);
	free(a->queries);
	free(a->qmap);
	wb_nameset_free(a->names);
	free_stores(a);
	wb_nameset_free(a->field_looked);
	wb_nameset_free(a->field_types);
	wb_nameset_free(a->entry_names);
	wb_nameset_free(a->entry_tables);
	for (i = 0; a->site_hashes && i < a->idx->nfiles; i++)
		free(a->site_hashes[i]);
	free(a->site_hashes);
	free(a->excluded);
	free(a->table_files);
	memset(a, 0, sizeof(*a));
}
