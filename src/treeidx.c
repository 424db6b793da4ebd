// SPDX-License-Identifier: GPL-2.0
#include "treeidx.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "scan.h"
#include "spawn.h"
#include "util.h"

#define TI_MAGIC "WBTREE\0\0"
#define TI_VERSION 2
#define TI_FANOUT (65536 + 1)
#define TI_BLOCK 4096
/* indexes of other trees kept besides the one just written */
#define TI_KEEP 16
#define TI_PASSES_MAX 8

struct ti_header {
	char magic[8];
	uint32_t version, scan_version, scan_hash, nfiles;
	unsigned char tree[GIT_OID_RAWSZ];
	uint32_t strtab_len, nhash, nsubs;
	uint64_t nposts;	/* file entries in all posting lists */
	uint64_t ndir, npost;	/* bytes of the directory and of the postings */
	uint64_t off_files, off_subs, off_strtab, off_fanout, off_region, off_blk, nblk, file_size;
	uint64_t check;
};

#define TI_READABLE 0x80000000u

struct ti_file {
	uint32_t path_off, uniq, flags, size_lo, size_hi;
	unsigned char oid[GIT_OID_RAWSZ];
};

/* a subtree: its path (with the '/') and its files [first, last) */
struct ti_sub {
	uint32_t path_off, first, last;
	unsigned char oid[GIT_OID_RAWSZ];
};

_Static_assert(sizeof(struct ti_file) == 40, "tree index layout");
_Static_assert(sizeof(struct ti_sub) == 32, "tree index layout");
_Static_assert(sizeof(struct ti_header) == 144 + 8, "tree index layout: no padding");

/*
 * The names are grouped by the top 16 bits of their hash (a bucket).
 * fanout[b] and fanout[65537 + b] are where bucket b starts in the
 * directory and in the postings.  A directory entry is the low 16 bits of
 * the hash (2 bytes, little-endian), the number of files and the length of
 * its posting list in bytes (varints); a posting list is the ascending file
 * indexes, the first as it is and each next one as the gap to the one
 * before (varints).
 */
#define TI_FANOUT_WORDS (2 * TI_FANOUT)

struct wb_treeidx {
	void *map;		/* loaded: everything points into it */
	size_t map_size;
	const struct ti_file *files;
	const struct ti_sub *subs;
	const char *strtab;
	uint32_t strtab_len;
	size_t nfiles, nsubs, nhash;
	uint64_t nposts;
	const uint32_t *fanout;
	const unsigned char *dir, *post;
	uint64_t ndir, npost;
	/* the checked region on disk (dir, then post): blocks checked when first touched */
	const uint64_t *blk_sum;
	unsigned char *blk_state;	/* 0 unchecked, 1 good, 2 bad */
	pthread_mutex_t lock;
	char *path;
	int warned;
	/* built: ours */
	struct ti_file *own_files;
	struct ti_sub *own_subs;
	char *own_strtab;
	uint32_t *own_fanout;
	/* built: the directory and the postings in pieces, each slice's, in file order */
	unsigned char *seg[2 * TI_PASSES_MAX];
	size_t seglen[2 * TI_PASSES_MAX], nseg;
};

static struct wb_treeidx *ti_new(void)
{
	struct wb_treeidx *t = xcalloc(1, sizeof(*t));

	pthread_mutex_init(&t->lock, NULL);
	return t;
}

/* ---- building ---------------------------------------------------------- */

/* Stable sort of (lo, file) pairs by lo: two 8-bit LSD passes. */
static void sort_bucket(uint16_t *lo, uint32_t *file, size_t n, uint16_t *tlo, uint32_t *tfile)
{
	size_t cnt[256], i, s;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		unsigned shift = pass * 8;
		uint16_t *slo = pass ? tlo : lo, *dlo = pass ? lo : tlo;
		uint32_t *sf = pass ? tfile : file, *df = pass ? file : tfile;

		memset(cnt, 0, sizeof(cnt));
		for (i = 0; i < n; i++)
			cnt[(slo[i] >> shift) & 0xff]++;
		for (i = 0, s = 0; i < 256; i++) {
			size_t c = cnt[i];

			cnt[i] = s;
			s += c;
		}
		for (i = 0; i < n; i++) {
			size_t d = cnt[(slo[i] >> shift) & 0xff]++;

			dlo[d] = slo[i];
			df[d] = sf[i];
		}
	}
}

/*
 * The hash space is cut in TI_PASSES slices by its top bits; a pass takes
 * one slice from every summary (each summary is sorted, so a cursor per
 * file moves forward only), sorts it by bucket and name, and encodes it.
 * Two threads take alternate slices.
 */
#define TI_PASSES 8
#define TI_PASS_SHIFT 29	/* the top 3 bits of a hash name its slice */
_Static_assert(TI_PASSES <= TI_PASSES_MAX, "tree index slices");
#define TI_PASS_BUCKETS (65536 / TI_PASSES)

struct pass {
	unsigned char *dir, *post;
	size_t ndir, npost;
	uint32_t dstart[TI_PASS_BUCKETS + 1], pstart[TI_PASS_BUCKETS + 1];
	size_t nhash;
	uint64_t nposts;
};

/* A file's summary and where each slice starts in it, packed for one sequential walk. */
struct ref {
	const uint32_t *h;
	uint32_t file;
	uint32_t sl[TI_PASSES + 1];
};

struct builder {
	const struct wb_treeidx_input *in;
	size_t n;
	struct pass *passes;
	unsigned nthreads;
	/* per bucket (65536 of them): where it starts among all the names */
	uint64_t *bstart;
	/* the first copies with a summary, in file order */
	struct ref *refs;
	size_t nrefs;
};

struct build_arg {
	struct builder *b;
	unsigned t;
};

static unsigned char *put_var(unsigned char *p, uint32_t v)
{
	while (v >= 0x80) {
		*p++ = (unsigned char)(v | 0x80);
		v >>= 7;
	}
	*p++ = (unsigned char)v;
	return p;
}

static void *build_main(void *arg_)
{
	struct build_arg *arg = arg_;
	struct builder *b = arg->b;
	size_t *fill = xmalloc(TI_PASS_BUCKETS * sizeof(*fill));
	uint16_t *lo = NULL, *tlo = NULL;
	uint32_t *file = NULL, *tfile = NULL;
	size_t alloc = 0, maxb;
	unsigned g;

	for (g = arg->t; g < TI_PASSES; g += b->nthreads) {
		struct pass *p = &b->passes[g];
		uint64_t base = b->bstart[g * TI_PASS_BUCKETS];
		size_t i, k, bk, total = (size_t)(b->bstart[(g + 1) * TI_PASS_BUCKETS] - base);
		size_t dcap, pcap;
		unsigned char *dp, *pp;

		maxb = 0;
		for (bk = 0; bk < TI_PASS_BUCKETS; bk++) {
			size_t c = (size_t)(b->bstart[g * TI_PASS_BUCKETS + bk + 1] -
					    b->bstart[g * TI_PASS_BUCKETS + bk]);

			fill[bk] = (size_t)(b->bstart[g * TI_PASS_BUCKETS + bk] - base);
			if (c > maxb)
				maxb = c;
		}
		if (total + 1 > alloc) {
			alloc = total + 1;
			lo = xrealloc(lo, alloc * sizeof(*lo));
			file = xrealloc(file, alloc * sizeof(*file));
		}
		tlo = xrealloc(tlo, (maxb + 1) * sizeof(*tlo));
		tfile = xrealloc(tfile, (maxb + 1) * sizeof(*tfile));
		/* scatter: files in order, so each bucket is in file order */
		for (i = 0; i < b->nrefs; i++) {
			const struct ref *r = &b->refs[i];
			uint32_t j;

			for (j = r->sl[g]; j < r->sl[g + 1]; j++) {
				size_t d = fill[(r->h[j] >> 16) & (TI_PASS_BUCKETS - 1)]++;

				lo[d] = (uint16_t)r->h[j];
				file[d] = r->file;
			}
		}
		/* most postings take a byte or two; grown before a bucket that could overflow */
		dcap = 4 * total + 64;
		pcap = 2 * total + 64;
		p->dir = xmalloc(dcap);
		p->post = xmalloc(pcap);
		dp = p->dir;
		pp = p->post;
		for (bk = 0; bk < TI_PASS_BUCKETS; bk++) {
			size_t first = (size_t)(b->bstart[g * TI_PASS_BUCKETS + bk] - base);
			size_t last = (size_t)(b->bstart[g * TI_PASS_BUCKETS + bk + 1] - base);

			/* at most 5 bytes a posting, 2 + 5 + 5 a name */
			if ((size_t)(p->dir + dcap - dp) < 12 * (last - first) + 1) {
				size_t used = (size_t)(dp - p->dir);

				dcap = 2 * dcap + 12 * (last - first);
				p->dir = xrealloc(p->dir, dcap);
				dp = p->dir + used;
			}
			if ((size_t)(p->post + pcap - pp) < 5 * (last - first) + 1) {
				size_t used = (size_t)(pp - p->post);

				pcap = 2 * pcap + 5 * (last - first);
				p->post = xrealloc(p->post, pcap);
				pp = p->post + used;
			}
			p->dstart[bk] = (uint32_t)(dp - p->dir);
			p->pstart[bk] = (uint32_t)(pp - p->post);
			if (last - first > 1)
				sort_bucket(lo + first, file + first, last - first, tlo, tfile);
			for (k = first; k < last;) {
				unsigned char *before = pp;
				uint32_t prev = 0;
				size_t e;

				for (e = k; e < last && lo[e] == lo[k]; e++) {
					pp = put_var(pp, e == k ? file[e] : file[e] - prev);
					prev = file[e];
				}
				*dp++ = (unsigned char)lo[k];
				*dp++ = (unsigned char)(lo[k] >> 8);
				dp = put_var(dp, (uint32_t)(e - k));
				dp = put_var(dp, (uint32_t)(pp - before));
				p->nhash++;
				p->nposts += e - k;
				k = e;
			}
		}
		p->ndir = (size_t)(dp - p->dir);
		p->npost = (size_t)(pp - p->post);
		p->dir = xrealloc(p->dir, p->ndir + 1);
		p->post = xrealloc(p->post, p->npost + 1);
		p->dstart[TI_PASS_BUCKETS] = (uint32_t)p->ndir;
		p->pstart[TI_PASS_BUCKETS] = (uint32_t)p->npost;
	}
	free(lo);
	free(file);
	free(tlo);
	free(tfile);
	free(fill);
	return NULL;
}

struct wb_treeidx *wb_treeidx_build(const struct wb_treeidx_input *in, size_t n,
				    const struct wb_subtree_list *subs)
{
	struct wb_treeidx *t = ti_new();
	struct strbuf strtab = STRBUF_INIT;
	struct builder b = { .in = in, .n = n, .nthreads = 2 };
	struct build_arg args[2];
	pthread_t th[2];
	int started[2] = { 0, 0 };
	uint64_t ndir = 0, npost = 0;
	size_t i, bk;
	unsigned g;

	if (n >= UINT32_MAX) {
		wb_treeidx_free(t);
		return NULL;
	}
	t->nfiles = n;
	t->own_files = xcalloc(n + 1, sizeof(*t->own_files));
	for (i = 0; i < n; i++) {
		struct ti_file *f = &t->own_files[i];

		f->path_off = (uint32_t)strtab.len;
		strbuf_add(&strtab, in[i].path, strlen(in[i].path) + 1);
		f->uniq = (uint32_t)in[i].uniq;
		f->flags = (in[i].flags & ~TI_READABLE) | (in[in[i].uniq].sum ? TI_READABLE : 0);
		f->size_lo = (uint32_t)in[i].size;
		f->size_hi = (uint32_t)(in[i].size >> 32);
		memcpy(f->oid, in[i].oid->id, GIT_OID_RAWSZ);
	}
	t->nsubs = subs ? subs->n : 0;
	t->own_subs = xcalloc(t->nsubs + 1, sizeof(*t->own_subs));
	for (i = 0; i < t->nsubs; i++) {
		struct ti_sub *u = &t->own_subs[i];

		u->path_off = (uint32_t)strtab.len;
		strbuf_add(&strtab, subs->v[i].path, strlen(subs->v[i].path) + 1);
		u->first = (uint32_t)subs->v[i].first;
		u->last = (uint32_t)subs->v[i].last;
		memcpy(u->oid, subs->v[i].oid.id, GIT_OID_RAWSZ);
	}
	t->subs = t->own_subs;
	t->strtab_len = (uint32_t)strtab.len;
	t->own_strtab = strbuf_detach(&strtab, NULL);
	t->files = t->own_files;
	t->strtab = t->own_strtab;

	/* one pass over every summary: the size of each bucket, the slices of each file */
	b.bstart = xcalloc(65536 + 1, sizeof(*b.bstart));
	b.refs = xcalloc(n + 1, sizeof(*b.refs));
	for (i = 0; i < n; i++) {
		const struct wb_summary *s = in[i].sum;
		struct ref *r;
		uint32_t j;

		if (in[i].uniq != i || !s || !s->n)
			continue;
		r = &b.refs[b.nrefs++];
		r->h = s->hashes;
		r->file = (uint32_t)i;
		for (j = 0, g = 0; j < s->n; j++) {
			uint32_t h = s->hashes[j];

			while (g <= h >> TI_PASS_SHIFT)
				r->sl[g++] = j;
			b.bstart[(h >> 16) + 1]++;
		}
		while (g <= TI_PASSES)
			r->sl[g++] = s->n;
	}
	for (bk = 1; bk <= 65536; bk++)
		b.bstart[bk] += b.bstart[bk - 1];
	b.passes = xcalloc(TI_PASSES, sizeof(*b.passes));
	for (g = 0; g < b.nthreads; g++) {
		args[g].b = &b;
		args[g].t = g;
	}
	if (pthread_create(&th[1], NULL, build_main, &args[1]) == 0)
		started[1] = 1;
	else
		b.nthreads = 1;	/* one thread does every slice */
	build_main(&args[0]);
	if (started[1])
		pthread_join(th[1], NULL);

	free(b.bstart);
	free(b.refs);
	for (g = 0; g < TI_PASSES; g++) {
		ndir += b.passes[g].ndir;
		npost += b.passes[g].npost;
	}
	if (ndir >= UINT32_MAX || npost >= UINT32_MAX) {
		/* far beyond any tree: the caller falls back on the summaries */
		for (g = 0; g < TI_PASSES; g++) {
			free(b.passes[g].dir);
			free(b.passes[g].post);
		}
		free(b.passes);
		wb_treeidx_free(t);
		return NULL;
	}
	t->own_fanout = xmalloc(TI_FANOUT_WORDS * sizeof(*t->own_fanout));
	ndir = npost = 0;
	for (g = 0; g < TI_PASSES; g++) {
		struct pass *p = &b.passes[g];

		for (bk = 0; bk < TI_PASS_BUCKETS; bk++) {
			t->own_fanout[g * TI_PASS_BUCKETS + bk] = (uint32_t)(ndir + p->dstart[bk]);
			t->own_fanout[TI_FANOUT + g * TI_PASS_BUCKETS + bk] =
				(uint32_t)(npost + p->pstart[bk]);
		}
		/* kept in pieces: the save writes them in order, no copy */
		t->seg[g] = p->dir;
		t->seglen[g] = p->ndir;
		t->seg[TI_PASSES + g] = p->post;
		t->seglen[TI_PASSES + g] = p->npost;
		ndir += p->ndir;
		npost += p->npost;
		t->nhash += p->nhash;
		t->nposts += p->nposts;
	}
	t->nseg = 2 * TI_PASSES;
	t->own_fanout[TI_FANOUT - 1] = (uint32_t)ndir;
	t->own_fanout[TI_FANOUT_WORDS - 1] = (uint32_t)npost;
	free(b.passes);
	t->fanout = t->own_fanout;
	t->ndir = ndir;
	t->npost = npost;
	return t;
}

/* ---- saving ------------------------------------------------------------ */

static uint64_t pad8(uint64_t n)
{
	return (n + 7) & ~(uint64_t)7;
}

static void tree_path(struct strbuf *out, const char *dir, const git_oid *tree)
{
	char hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), tree);
	strbuf_addf(out, "%s/%s.wbt", dir, hex);
}

static int cmp_mtime(const void *a, const void *b)
{
	const struct { time_t t; char *name; } *x = a, *y = b;

	return x->t < y->t ? 1 : x->t > y->t ? -1 : strcmp(x->name, y->name);
}

/*
 * Keeps the newest TI_KEEP indexes besides keep (a load touches its
 * index): each is the size of the tree's summaries.  Only our own names
 * (HEX.wbt, and temporaries of dead writers, HEX.wbt.tmp.PID) are removed.
 */
static void prune(const char *dir, const char *keep)
{
	struct { time_t t; char *name; } *v = NULL;
	size_t n = 0, alloc = 0, i;
	struct dirent *de;
	DIR *d = opendir(dir);

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *dot = strchr(de->d_name, '.');
		struct strbuf p = STRBUF_INIT;
		struct stat st;
		long pid;
		char *end;

		if (!dot || dot - de->d_name != GIT_OID_HEXSZ ||
		    strspn(de->d_name, "0123456789abcdef") != GIT_OID_HEXSZ)
			continue;
		strbuf_addf(&p, "%s/%s", dir, de->d_name);
		if (!strncmp(dot, ".wbt.tmp.", 9)) {
			pid = strtol(dot + 9, &end, 10);
			if (*end == '\0' && pid > 0 && pid != (long)getpid() && !wb_pid_alive((pid_t)pid))
				unlink(p.buf);
		} else if (!strcmp(dot, ".wbt") && strcmp(p.buf, keep) &&
			   lstat(p.buf, &st) == 0 && S_ISREG(st.st_mode)) {
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 32;
				v = xrealloc(v, alloc * sizeof(*v));
			}
			v[n].t = st.st_mtime;
			v[n++].name = strbuf_detach(&p, NULL);
			continue;
		}
		strbuf_release(&p);
	}
	closedir(d);
	if (n > TI_KEEP) {
		qsort(v, n, sizeof(*v), cmp_mtime);
		for (i = TI_KEEP; i < n; i++)
			unlink(v[i].name);
	}
	for (i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

static uint64_t meta_check(const struct ti_header *h, const char *files_etc, const void *fanout,
			   const void *blk)
{
	struct ti_header copy = *h;
	uint64_t c;

	copy.check = 0;
	c = wb_cache_checksum(&copy, sizeof(copy), TI_VERSION);
	c = wb_cache_checksum(files_etc, (size_t)(h->off_fanout - h->off_files), c);
	c = wb_cache_checksum(fanout, TI_FANOUT_WORDS * sizeof(uint32_t), c);
	return wb_cache_checksum(blk, (size_t)(h->nblk * sizeof(uint64_t)), c);
}

/* Byte off of the checked region (the directory, then the postings) of a built index. */
static const unsigned char *region_at(const struct wb_treeidx *t, uint64_t off, size_t *avail)
{
	size_t i;

	for (i = 0; i < t->nseg; i++) {
		if (off < t->seglen[i]) {
			*avail = (size_t)(t->seglen[i] - off);
			return t->seg[i] + off;
		}
		off -= t->seglen[i];
	}
	*avail = 0;
	return NULL;
}

static void layout(struct ti_header *h, const struct wb_treeidx *t, const git_oid *tree)
{
	memset(h, 0, sizeof(*h));
	memcpy(h->magic, TI_MAGIC, sizeof(h->magic));
	h->version = TI_VERSION;
	h->scan_version = WB_SCAN_VERSION;
	h->scan_hash = wb_cache_scan_hash();
	h->nfiles = (uint32_t)t->nfiles;
	memcpy(h->tree, tree->id, GIT_OID_RAWSZ);
	h->strtab_len = t->strtab_len;
	h->nsubs = (uint32_t)t->nsubs;
	h->nhash = (uint32_t)t->nhash;
	h->nposts = t->nposts;
	h->ndir = t->ndir;
	h->npost = t->npost;
	h->off_files = pad8(sizeof(*h));
	h->off_subs = h->off_files + (uint64_t)t->nfiles * sizeof(struct ti_file);
	h->off_strtab = h->off_subs + (uint64_t)t->nsubs * sizeof(struct ti_sub);
	h->off_fanout = pad8(h->off_strtab + t->strtab_len);
	h->off_region = h->off_fanout + TI_FANOUT_WORDS * sizeof(uint32_t);
	h->off_blk = pad8(h->off_region + t->ndir + t->npost);
	h->nblk = (t->ndir + t->npost + TI_BLOCK - 1) / TI_BLOCK;
	h->file_size = h->off_blk + h->nblk * sizeof(uint64_t);
}

static int write_segs(int fd, const struct wb_treeidx *t)
{
	size_t i;

	for (i = 0; i < t->nseg; i++)
		if (wb_write_all(fd, t->seg[i], t->seglen[i]))
			return -1;
	return 0;
}

/*
 * The cache is derived data: no fsync.  A crash leaves at worst a
 * temporary file (removed by a later save) or an index that fails its
 * checks and is rebuilt.
 */
int wb_treeidx_save(const struct wb_treeidx *t, const char *dir, const git_oid *tree)
{
	static const char zeros[8];
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	struct ti_header h;
	uint64_t *blk = NULL, off, region_len = t->ndir + t->npost;
	char *meta = NULL;
	unsigned char block[TI_BLOCK];
	size_t i;
	int fd = -1, ret = -1;

	if (wb_mkdir_p(dir, 0777) < 0) {
		warning("cannot create the tree index directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	layout(&h, t, tree);
	blk = xcalloc(h.nblk + 1, sizeof(*blk));
	for (off = 0, i = 0; off < region_len; off += TI_BLOCK, i++) {
		size_t len = region_len - off < TI_BLOCK ? (size_t)(region_len - off) : TI_BLOCK;
		size_t got = 0;

		while (got < len) {
			size_t avail;
			const unsigned char *p = region_at(t, off + got, &avail);

			if (avail > len - got)
				avail = len - got;
			memcpy(block + got, p, avail);
			got += avail;
		}
		blk[i] = wb_cache_checksum(block, len, off);
	}
	/* header, file table and paths as laid out on disk */
	meta = xcalloc(1, (size_t)h.off_fanout);
	memcpy(meta + h.off_files, t->files, t->nfiles * sizeof(struct ti_file));
	memcpy(meta + h.off_subs, t->subs, t->nsubs * sizeof(struct ti_sub));
	memcpy(meta + h.off_strtab, t->strtab, t->strtab_len);
	h.check = meta_check(&h, meta + h.off_files, t->fanout, blk);
	memcpy(meta, &h, sizeof(h));

	tree_path(&path, dir, tree);
	strbuf_addf(&tmp, "%s.tmp.%ld", path.buf, (long)getpid());
	fd = wb_open_tmp(tmp.buf);
	if (fd < 0)
		goto fail;
	if (wb_write_all(fd, meta, (size_t)h.off_fanout) ||
	    wb_write_all(fd, t->fanout, TI_FANOUT_WORDS * sizeof(uint32_t)) ||
	    write_segs(fd, t) ||
	    wb_write_all(fd, zeros, (size_t)(h.off_blk - h.off_region - region_len)) ||
	    wb_write_all(fd, blk, (size_t)(h.nblk * sizeof(uint64_t))))
		goto fail;
	if (close(fd) < 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp.buf, path.buf) < 0)
		goto fail;
	prune(dir, path.buf);
	ret = 0;
	goto out;
fail:
	warning("cannot write the tree index '%s': %s", path.buf, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp.buf);
out:
	free(meta);
	free(blk);
	strbuf_release(&path);
	strbuf_release(&tmp);
	return ret;
}

/* ---- loading ------------------------------------------------------------ */

static int index_sane(const struct wb_treeidx *t)
{
	size_t i;

	for (i = 0; i < t->nfiles; i++) {
		const struct ti_file *f = &t->files[i];

		if (f->path_off >= t->strtab_len || f->uniq > i ||
		    !memchr(t->strtab + f->path_off, '\0', t->strtab_len - f->path_off))
			return 0;
	}
	for (i = 0; i < t->nsubs; i++) {
		const struct ti_sub *u = &t->subs[i];

		if (u->path_off >= t->strtab_len || u->first > u->last || u->last > t->nfiles ||
		    !memchr(t->strtab + u->path_off, '\0', t->strtab_len - u->path_off))
			return 0;
	}
	if (t->fanout[0] != 0 || t->fanout[TI_FANOUT - 1] != t->ndir ||
	    t->fanout[TI_FANOUT] != 0 || t->fanout[TI_FANOUT_WORDS - 1] != t->npost)
		return 0;
	for (i = 1; i < TI_FANOUT; i++)
		if (t->fanout[i] < t->fanout[i - 1] ||
		    t->fanout[TI_FANOUT + i] < t->fanout[TI_FANOUT + i - 1])
			return 0;
	return 1;
}

/* Drops a damaged index: it is rebuilt and saved again by this audit. */
static int drop(struct wb_treeidx *t, const char *path, const char *why)
{
	warning("ignoring the tree index '%s': %s; it is rebuilt", path, why);
	wb_treeidx_free(t);
	unlink(path);
	return -1;
}

int wb_treeidx_load(struct wb_treeidx **out, const char *dir, const git_oid *tree)
{
	struct strbuf path = STRBUF_INIT;
	struct wb_treeidx *t;
	const struct ti_header *h;
	struct ti_header want;
	struct stat st;
	void *map;
	size_t size;
	int fd, ret = -1;

	*out = NULL;
	tree_path(&path, dir, tree);
	if (lstat(path.buf, &st) < 0) {
		if (errno == ENOENT)
			ret = 1;
		else
			warning("ignoring the tree index '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		warning("ignoring the tree index '%s': not a regular file", path.buf);
		goto out;
	}
	fd = open(path.buf, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size < sizeof(*h) || (uint64_t)st.st_size > SIZE_MAX) {
		warning("ignoring the tree index '%s': %s", path.buf,
			fd < 0 ? strerror(errno) : "truncated or not a regular file");
		if (fd >= 0)
			close(fd);
		goto out;
	}
	size = (size_t)st.st_size;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		warning("ignoring the tree index '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	h = map;
	t = ti_new();
	t->map = map;
	t->map_size = size;
	if (memcmp(h->magic, TI_MAGIC, sizeof(h->magic))) {
		ret = drop(t, path.buf, "not a tree index");
		goto out;
	}
	if (h->version != TI_VERSION || h->scan_version != WB_SCAN_VERSION ||
	    h->scan_hash != wb_cache_scan_hash()) {
		/* another scanner's: stale, not broken */
		wb_treeidx_free(t);
		ret = 1;
		goto out;
	}
	/* every offset follows from the counts: compare with what they give */
	t->nfiles = h->nfiles;
	t->strtab_len = h->strtab_len;
	t->ndir = h->ndir;
	t->npost = h->npost;
	t->nsubs = h->nsubs;
	if (h->ndir > size || h->npost > size || h->strtab_len > size ||
	    (uint64_t)h->nfiles > size / sizeof(struct ti_file) ||
	    (uint64_t)h->nsubs > size / sizeof(struct ti_sub)) {
		ret = drop(t, path.buf, "sizes out of bounds");
		goto out;
	}
	t->nhash = h->nhash;
	t->nposts = h->nposts;
	layout(&want, t, tree);
	want.check = h->check;
	if (want.file_size != size || memcmp(&want, h, sizeof(want))) {
		ret = drop(t, path.buf, "sizes, offsets or the tree id do not match");
		goto out;
	}
	if (meta_check(h, (const char *)map + h->off_files, (const char *)map + h->off_fanout,
		       (const char *)map + h->off_blk) != h->check) {
		ret = drop(t, path.buf, "checksum mismatch in the file table");
		goto out;
	}
	t->files = (const void *)((const char *)map + h->off_files);
	t->subs = (const void *)((const char *)map + h->off_subs);
	t->strtab = (const char *)map + h->off_strtab;
	t->fanout = (const void *)((const char *)map + h->off_fanout);
	t->dir = (const unsigned char *)map + h->off_region;
	t->post = t->dir + h->ndir;
	t->blk_sum = (const void *)((const char *)map + h->off_blk);
	t->blk_state = xcalloc(h->nblk + 1, 1);
	/* what is checked in bounds once is trusted below */
	if (!index_sane(t)) {
		ret = drop(t, path.buf, "a file entry or the fanout is out of bounds");
		goto out;
	}
	t->path = strbuf_detach(&path, NULL);
	/* used: the newest are kept */
	utimensat(AT_FDCWD, t->path, NULL, AT_SYMLINK_NOFOLLOW);
	*out = t;
	return 0;
out:
	strbuf_release(&path);
	return ret;
}

void wb_treeidx_free(struct wb_treeidx *t)
{
	if (!t)
		return;
	if (t->map)
		munmap(t->map, t->map_size);
	free(t->own_files);
	free(t->own_subs);
	free(t->own_strtab);
	free(t->own_fanout);
	{
		size_t i;

		for (i = 0; i < t->nseg; i++)
			free(t->seg[i]);
	}
	free(t->blk_state);
	free(t->path);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* ---- queries ------------------------------------------------------------ */

size_t wb_treeidx_nfiles(const struct wb_treeidx *t)
{
	return t->nfiles;
}

const char *wb_treeidx_path(const struct wb_treeidx *t, size_t i)
{
	return t->strtab + t->files[i].path_off;
}

void wb_treeidx_oid(const struct wb_treeidx *t, size_t i, git_oid *out)
{
	memset(out, 0, sizeof(*out));
	memcpy(out->id, t->files[i].oid, GIT_OID_RAWSZ);
}

size_t wb_treeidx_nsubs(const struct wb_treeidx *t)
{
	return t->nsubs;
}

const char *wb_treeidx_sub(const struct wb_treeidx *t, size_t i, git_oid *oid, size_t *first,
			   size_t *last)
{
	const struct ti_sub *u = &t->subs[i];

	memset(oid, 0, sizeof(*oid));
	memcpy(oid->id, u->oid, GIT_OID_RAWSZ);
	*first = u->first;
	*last = u->last;
	return t->strtab + u->path_off;
}

size_t wb_treeidx_uniq(const struct wb_treeidx *t, size_t i)
{
	return t->files[i].uniq;
}

int wb_treeidx_readable(const struct wb_treeidx *t, size_t i)
{
	return !!(t->files[i].flags & TI_READABLE);
}

uint32_t wb_treeidx_flags(const struct wb_treeidx *t, size_t i)
{
	return t->files[i].flags & ~TI_READABLE;
}

uint64_t wb_treeidx_size(const struct wb_treeidx *t, size_t i)
{
	return (uint64_t)t->files[i].size_hi << 32 | t->files[i].size_lo;
}

/* Are the bytes [p, p + len) of the checked region good?  Checks their blocks once. */
static int region_ok(struct wb_treeidx *t, const unsigned char *p, uint64_t len)
{
	uint64_t first, last, b, off = (uint64_t)(p - t->dir), region = t->ndir + t->npost;
	int ok = 1;

	if (!t->blk_sum || !len)
		return 1;
	first = off / TI_BLOCK;
	last = (off + len - 1) / TI_BLOCK;
	pthread_mutex_lock(&t->lock);
	for (b = first; b <= last; b++) {
		if (!t->blk_state[b]) {
			uint64_t boff = b * TI_BLOCK;
			uint64_t blen = region - boff < TI_BLOCK ? region - boff : TI_BLOCK;

			t->blk_state[b] = wb_cache_checksum(t->dir + boff, (size_t)blen, boff) ==
							  t->blk_sum[b] ? 1 : 2;
		}
		if (t->blk_state[b] != 1)
			ok = 0;
	}
	if (!ok && !t->warned) {
		t->warned = 1;
		warning("tree index '%s': a block fails its checksum; every file is taken as a "
			"candidate, and the index is rebuilt next time", t->path);
		unlink(t->path);
	}
	pthread_mutex_unlock(&t->lock);
	return ok;
}

/* A varint of at most 5 bytes from [*p, end): -1 past the end or too long. */
static int get_varint(const unsigned char **p, const unsigned char *end, uint32_t *out)
{
	uint64_t v = 0;
	unsigned shift;

	for (shift = 0; shift < 35 && *p < end; shift += 7) {
		unsigned char c = *(*p)++;

		v |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			if (v > UINT32_MAX)
				return -1;
			*out = (uint32_t)v;
			return 0;
		}
	}
	return -1;
}

int wb_treeidx_mark(const struct wb_treeidx *t_, uint32_t hash, uint64_t *bits)
{
	struct wb_treeidx *t = (struct wb_treeidx *)t_;
	size_t b = hash >> 16;
	const unsigned char *d, *dend, *p, *pend;
	uint32_t want = hash & 0xffff, poff;

	if (!t->dir)
		return -1;	/* built, not loaded: it answers once saved */
	d = t->dir + t->fanout[b];
	dend = t->dir + t->fanout[b + 1];
	poff = t->fanout[TI_FANOUT + b];
	if (!region_ok(t, d, (uint64_t)(dend - d)))
		return -1;
	while (d < dend) {
		uint32_t lo, count, len, f, gap, k;

		if (dend - d < 2)
			return -1;
		lo = (uint32_t)d[0] | (uint32_t)d[1] << 8;
		d += 2;
		if (get_varint(&d, dend, &count) < 0 || get_varint(&d, dend, &len) < 0 ||
		    len > t->npost - poff)
			return -1;
		if (lo != want) {
			poff += len;
			continue;
		}
		p = t->post + poff;
		pend = p + len;
		if (!region_ok(t, p, len))
			return -1;
		for (k = 0, f = 0; k < count; k++) {
			if (get_varint(&p, pend, &gap) < 0)
				return -1;
			f = k ? f + gap : gap;
			if (f >= t->nfiles || (k && !gap))
				return -1;
			bits[f / 64] |= (uint64_t)1 << (f % 64);
		}
		return 0;
	}
	return 0;
}
