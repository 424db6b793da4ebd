// SPDX-License-Identifier: GPL-2.0
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

_Static_assert(sizeof(struct wb_scan_func) == 20, "record layout");
_Static_assert(sizeof(struct wb_scan_site) == 24, "record layout");

/* ---- records ------------------------------------------------------------ */

struct rec_header {
	uint32_t flags, flag_line, nlines;
	uint32_t nfuncs, nsites, nrefnames, ncallnames, strtab_len;
	uint32_t size_lo, size_hi;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

void wb_record_serialize(struct strbuf *out, const struct wb_scan *scan)
{
	struct rec_header h = { 0 };
	uint32_t *calls = NULL;
	size_t ncalls = 0, i, pad;
	static const char zeros[4];

	calls = xmalloc((scan->nsites + 1) * sizeof(*calls));
	for (i = 0; i < scan->nsites; i++)
		if (scan->sites[i].kind == WB_SITE_CALL) {
			const char *s = wb_scan_str(scan, scan->sites[i].name);

			calls[ncalls++] = wb_name_hash(s, strlen(s));
		}
	if (ncalls) {
		size_t j;

		qsort(calls, ncalls, sizeof(*calls), cmp_u32);
		for (i = j = 1; i < ncalls; i++)
			if (calls[i] != calls[j - 1])
				calls[j++] = calls[i];
		ncalls = j;
	}
	h.flags = scan->flags;
	h.flag_line = scan->flag_line;
	h.nlines = scan->nlines;
	h.nfuncs = (uint32_t)scan->nfuncs;
	h.nsites = (uint32_t)scan->nsites;
	h.nrefnames = (uint32_t)scan->nrefnames;
	h.ncallnames = (uint32_t)ncalls;
	h.strtab_len = (uint32_t)scan->strtab_len;
	h.size_lo = (uint32_t)scan->size;
	h.size_hi = (uint32_t)(scan->size >> 32);
	strbuf_add(out, &h, sizeof(h));
	strbuf_add(out, scan->funcs, scan->nfuncs * sizeof(*scan->funcs));
	strbuf_add(out, scan->sites, scan->nsites * sizeof(*scan->sites));
	strbuf_add(out, scan->refnames, scan->nrefnames * sizeof(uint32_t));
	strbuf_add(out, calls, ncalls * sizeof(uint32_t));
	strbuf_add(out, scan->strtab, scan->strtab_len);
	pad = (4 - scan->strtab_len % 4) % 4;
	strbuf_add(out, zeros, pad);
	free(calls);
}

int wb_record_parse(struct wb_record *r, const void *data, size_t len)
{
	const char *p = data;
	struct rec_header h;
	uint64_t need;
	uint32_t i;

	memset(r, 0, sizeof(*r));
	if (len < sizeof(h) || ((uintptr_t)data & 3))
		return -1;
	memcpy(&h, p, sizeof(h));
	need = sizeof(h) + (uint64_t)h.nfuncs * sizeof(struct wb_scan_func) +
	       (uint64_t)h.nsites * sizeof(struct wb_scan_site) +
	       ((uint64_t)h.nrefnames + h.ncallnames) * 4 + h.strtab_len;
	if (need > len)
		return -1;
	r->flags = h.flags;
	r->flag_line = h.flag_line;
	r->nlines = h.nlines;
	r->nfuncs = h.nfuncs;
	r->nsites = h.nsites;
	r->nrefnames = h.nrefnames;
	r->ncallnames = h.ncallnames;
	r->strtab_len = h.strtab_len;
	r->size = (uint64_t)h.size_hi << 32 | h.size_lo;
	p += sizeof(h);
	r->funcs = (const void *)p;
	p += (size_t)h.nfuncs * sizeof(struct wb_scan_func);
	r->sites = (const void *)p;
	p += (size_t)h.nsites * sizeof(struct wb_scan_site);
	r->refnames = (const void *)p;
	p += (size_t)h.nrefnames * 4;
	r->callnames = (const void *)p;
	p += (size_t)h.ncallnames * 4;
	r->strtab = p;
	if (h.strtab_len && r->strtab[h.strtab_len - 1])
		return -1;
	if ((h.nfuncs || h.nsites) && !h.strtab_len)
		return -1;
	for (i = 0; i < h.nfuncs; i++)
		if (r->funcs[i].name >= h.strtab_len)
			return -1;
	for (i = 0; i < h.nsites; i++)
		if (r->sites[i].name >= h.strtab_len ||
		    (r->sites[i].func >= 0 && (uint32_t)r->sites[i].func >= h.nfuncs) ||
		    r->sites[i].func < -1 ||
		    (r->sites[i].object != WB_NO_OBJECT && r->sites[i].object >= h.strtab_len))
			return -1;
	return 0;
}

static int bsearch_u32(const uint32_t *v, uint32_t n, uint32_t key)
{
	uint32_t lo = 0, hi = n;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (v[mid] < key)
			lo = mid + 1;
		else if (v[mid] > key)
			hi = mid;
		else
			return 1;
	}
	return 0;
}

int wb_record_has_call(const struct wb_record *r, uint32_t hash)
{
	return bsearch_u32(r->callnames, r->ncallnames, hash);
}

int wb_record_has_ref(const struct wb_record *r, uint32_t hash)
{
	return bsearch_u32(r->refnames, r->nrefnames, hash);
}

/* ---- summaries ---------------------------------------------------------- */

struct sum_header {
	uint32_t flags, n, size_lo, size_hi;
};

void wb_summary_serialize(struct strbuf *out, unsigned flags, uint64_t size,
			  const uint32_t *hashes, size_t n)
{
	struct sum_header h = { flags, (uint32_t)n, (uint32_t)size, (uint32_t)(size >> 32) };

	strbuf_add(out, &h, sizeof(h));
	strbuf_add(out, hashes, n * sizeof(*hashes));
}

int wb_summary_parse(struct wb_summary *s, const void *data, size_t len)
{
	struct sum_header h;

	memset(s, 0, sizeof(*s));
	if (len < sizeof(h) || ((uintptr_t)data & 3))
		return -1;
	memcpy(&h, data, sizeof(h));
	if ((uint64_t)h.n * 4 + sizeof(h) > len)
		return -1;
	s->flags = h.flags;
	s->n = h.n;
	s->size = (uint64_t)h.size_hi << 32 | h.size_lo;
	s->hashes = (const uint32_t *)((const char *)data + sizeof(h));
	return 0;
}

int wb_summary_has(const struct wb_summary *s, uint32_t hash)
{
	return bsearch_u32(s->hashes, s->n, hash);
}

int wb_summary_may_mention(const struct wb_summary *s, const char *name, uint32_t hash)
{
	return strlen(name) < WB_SUMMARY_MIN_NAME || wb_summary_has(s, hash);
}

/* ---- segments ----------------------------------------------------------- */

#define SEG_MAGIC "WBSEG\0\0\1"
#ifndef WB_SCAN_HASH
#define WB_SCAN_HASH 0u
#endif

uint32_t wb_cache_scan_hash(void)
{
	return WB_SCAN_HASH;
}
#define SEG_MERGE_AT 8

struct seg_header {
	char magic[8];
	uint32_t scan_version;
	uint32_t scan_hash;	/* of the scanner's source: a changed scanner starts afresh */
	uint32_t count;
	uint32_t pad;
	uint64_t index_off;
	uint64_t file_size;
};

struct seg_entry {
	unsigned char oid[GIT_OID_RAWSZ];
	uint32_t len;
	uint64_t off;
};

_Static_assert(sizeof(struct seg_entry) == 32, "segment layout");

struct segment {
	char *path;
	const char *map;
	size_t size;
	const struct seg_entry *index;
	uint32_t count;
};

struct pending {
	git_oid oid;
	void *data;
	size_t len;
};

struct wb_cache {
	char *dir;
	struct segment *segs;
	size_t nsegs;
	pthread_mutex_t lock;	/* protects pending */
	struct pending *pending;
	size_t npending, pending_alloc;
	void **retired;		/* flushed records, still borrowed by callers */
	size_t nretired, retired_alloc;
};

static int load_segment(struct segment *seg, const char *path)
{
	struct seg_header h;
	struct stat stbuf;
	void *map;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, &stbuf) < 0 || (size_t)stbuf.st_size < sizeof(h)) {
		close(fd);
		return -1;
	}
	map = mmap(NULL, (size_t)stbuf.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	memcpy(&h, map, sizeof(h));
	if (!memcmp(h.magic, SEG_MAGIC, 8) &&
	    (h.scan_version != WB_SCAN_VERSION || h.scan_hash != WB_SCAN_HASH)) {
		munmap(map, (size_t)stbuf.st_size);
		return -2;	/* another scanner's: stale, not broken */
	}
	if (memcmp(h.magic, SEG_MAGIC, 8) ||
	    h.file_size != (uint64_t)stbuf.st_size || h.index_off % 8 ||
	    h.index_off + (uint64_t)h.count * sizeof(struct seg_entry) > h.file_size) {
		munmap(map, (size_t)stbuf.st_size);
		return -1;
	}
	seg->path = xstrdup(path);
	seg->map = map;
	seg->size = (size_t)stbuf.st_size;
	seg->index = (const void *)((const char *)map + h.index_off);
	seg->count = h.count;
	return 0;
}

static void unload_segment(struct segment *seg)
{
	munmap((void *)seg->map, seg->size);
	free(seg->path);
}

int wb_cache_open(struct wb_cache **out, const char *dir)
{
	struct wb_cache *c;
	DIR *d;
	struct dirent *de;
	size_t alloc = 0;

	*out = NULL;
	if (wb_mkdir_p(dir, 0777) < 0) {
		warning("cannot use cache directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	d = opendir(dir);
	if (!d) {
		warning("cannot read cache directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	c = xcalloc(1, sizeof(*c));
	c->dir = xstrdup(dir);
	pthread_mutex_init(&c->lock, NULL);
	while ((de = readdir(d))) {
		struct strbuf path = STRBUF_INIT;
		size_t nl = strlen(de->d_name);

		if (strncmp(de->d_name, "seg-", 4) || nl < 8 ||
		    strcmp(de->d_name + nl - 4, ".wbc"))
			continue;
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		WB_ALLOC_GROW(c->segs, c->nsegs + 1, alloc);
		switch (load_segment(&c->segs[c->nsegs], path.buf)) {
		case 0:
			c->nsegs++;
			break;
		case -2:
			unlink(path.buf);
			break;
		default:
			warning("ignoring invalid cache segment '%s'", path.buf);
			break;
		}
		strbuf_release(&path);
	}
	closedir(d);
	*out = c;
	return 0;
}

static const struct seg_entry *seg_find(const struct segment *seg, const git_oid *oid)
{
	uint32_t lo = 0, hi = seg->count;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int cmp = memcmp(seg->index[mid].oid, oid->id, GIT_OID_RAWSZ);

		if (cmp < 0)
			lo = mid + 1;
		else if (cmp > 0)
			hi = mid;
		else
			return &seg->index[mid];
	}
	return NULL;
}

const void *wb_cache_get(struct wb_cache *c, const git_oid *oid, size_t *len)
{
	size_t i;

	if (!c)
		return NULL;
	for (i = c->nsegs; i-- > 0;) {
		const struct segment *seg = &c->segs[i];
		const struct seg_entry *e = seg_find(seg, oid);

		if (!e)
			continue;
		if (e->off % 4 || e->off + e->len > seg->size || e->off < sizeof(struct seg_header))
			continue;
		*len = e->len;
		return seg->map + e->off;
	}
	return NULL;
}

void wb_cache_put(struct wb_cache *c, const git_oid *oid, void *data, size_t len)
{
	struct pending *p;

	if (!c) {
		free(data);
		return;
	}
	pthread_mutex_lock(&c->lock);
	WB_ALLOC_GROW(c->pending, c->npending + 1, c->pending_alloc);
	p = &c->pending[c->npending++];
	git_oid_cpy(&p->oid, oid);
	p->data = data;
	p->len = len;
	pthread_mutex_unlock(&c->lock);
}

/* One record to write: from memory or from a mapped segment. */
struct out_rec {
	const unsigned char *oid;
	const void *data;
	uint32_t len;
};

static int cmp_out_rec(const void *a, const void *b)
{
	const struct out_rec *x = a, *y = b;

	return memcmp(x->oid, y->oid, GIT_OID_RAWSZ);
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Writes recs (sorted, unique) as a segment.  The cache is derived data: a
 * crash leaves at worst a segment that fails validation, so no fsync.
 */
static int write_segment(struct wb_cache *c, struct out_rec *recs, size_t n, char **path_out)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	struct seg_header h;
	struct seg_entry *index;
	uint64_t off, id;
	size_t i;
	int fd, ret = -1;
	static const char zeros[8];

	index = xcalloc(n ? n : 1, sizeof(*index));
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SEG_MAGIC, 8);
	h.scan_version = WB_SCAN_VERSION;
	h.scan_hash = WB_SCAN_HASH;
	h.count = (uint32_t)n;
	h.index_off = sizeof(h);
	off = h.index_off + n * sizeof(*index);
	id = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	for (i = 0; i < n; i++) {
		memcpy(index[i].oid, recs[i].oid, GIT_OID_RAWSZ);
		index[i].len = recs[i].len;
		index[i].off = off;
		off += (recs[i].len + 3) & ~3u;
		id = wb_hash64(recs[i].oid, GIT_OID_RAWSZ, id);
	}
	h.file_size = off;
	strbuf_addf(&path, "%s/seg-%016llx.wbc", c->dir, (unsigned long long)id);
	strbuf_addf(&tmp, "%s.tmp.%ld", path.buf, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0)
		goto out;
	if (write_all(fd, &h, sizeof(h)) || write_all(fd, index, n * sizeof(*index)))
		goto out_close;
	for (i = 0; i < n; i++)
		if (write_all(fd, recs[i].data, recs[i].len) ||
		    write_all(fd, zeros, ((recs[i].len + 3) & ~3u) - recs[i].len))
			goto out_close;
	if (close(fd) < 0) {
		fd = -1;
		goto out_unlink;
	}
	fd = -1;
	if (rename(tmp.buf, path.buf) < 0)
		goto out_unlink;
	*path_out = strbuf_detach(&path, NULL);
	ret = 0;
	goto out;
out_close:
	close(fd);
out_unlink:
	unlink(tmp.buf);
out:
	if (ret)
		warning("could not write cache segment '%s': %s", path.buf, strerror(errno));
	free(index);
	strbuf_release(&path);
	strbuf_release(&tmp);
	return ret;
}

static size_t dedupe(struct out_rec *recs, size_t n)
{
	size_t i, j;

	if (!n)
		return 0;
	qsort(recs, n, sizeof(*recs), cmp_out_rec);
	for (i = j = 1; i < n; i++)
		if (memcmp(recs[i].oid, recs[j - 1].oid, GIT_OID_RAWSZ))
			recs[j++] = recs[i];
	return j;
}

int wb_cache_flush(struct wb_cache *c)
{
	struct out_rec *recs;
	size_t i, n = 0;
	char *path = NULL;
	int ret = 0;

	if (!c || !c->npending)
		return 0;
	if (c->nsegs + 1 >= SEG_MERGE_AT) {
		/* merge everything into one segment */
		size_t total = c->npending, s;

		for (s = 0; s < c->nsegs; s++)
			total += c->segs[s].count;
		recs = xmalloc(total * sizeof(*recs));
		for (i = 0; i < c->npending; i++)
			recs[n++] = (struct out_rec){ c->pending[i].oid.id, c->pending[i].data,
						      (uint32_t)c->pending[i].len };
		for (s = 0; s < c->nsegs; s++) {
			const struct segment *seg = &c->segs[s];

			for (i = 0; i < seg->count; i++) {
				const struct seg_entry *e = &seg->index[i];

				if (e->off % 4 || e->off + e->len > seg->size)
					continue;
				recs[n++] = (struct out_rec){ e->oid, seg->map + e->off, e->len };
			}
		}
		n = dedupe(recs, n);
		ret = write_segment(c, recs, n, &path);
		if (!ret)
			for (s = 0; s < c->nsegs; s++)
				if (strcmp(c->segs[s].path, path))
					unlink(c->segs[s].path);
	} else {
		recs = xmalloc(c->npending * sizeof(*recs));
		for (i = 0; i < c->npending; i++)
			recs[n++] = (struct out_rec){ c->pending[i].oid.id, c->pending[i].data,
						      (uint32_t)c->pending[i].len };
		n = dedupe(recs, n);
		ret = write_segment(c, recs, n, &path);
	}
	free(recs);
	free(path);
	/* views into the records stay valid until wb_cache_free() */
	WB_ALLOC_GROW(c->retired, c->nretired + c->npending, c->retired_alloc);
	for (i = 0; i < c->npending; i++)
		c->retired[c->nretired++] = c->pending[i].data;
	c->npending = 0;
	return ret;
}

void wb_cache_free(struct wb_cache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->npending; i++)
		free(c->pending[i].data);
	free(c->pending);
	for (i = 0; i < c->nretired; i++)
		free(c->retired[i]);
	free(c->retired);
	for (i = 0; i < c->nsegs; i++)
		unload_segment(&c->segs[i]);
	free(c->segs);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}
