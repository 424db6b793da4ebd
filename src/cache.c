// SPDX-License-Identifier: GPL-2.0
#include "cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "spawn.h"

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

/* ---- checksums ---------------------------------------------------------- */

/*
 * A 64-bit multiply-rotate hash in the manner of xxHash64: four independent
 * lanes over 32-byte stripes, then the tail, then a final mix.  It detects
 * damage, it is no defence against someone who can write the cache (they
 * can write the repository too).  Each round is a bijection of its lane, so
 * a change confined to one 8-byte word always changes the result.
 */
#define H1 0x9e3779b185ebca87ULL
#define H2 0xc2b2ae3d27d4eb4fULL
#define H3 0x165667b19e3779f9ULL
#define H4 0x85ebca77c2b2ae63ULL
#define H5 0x27d4eb2f165667c5ULL

static inline uint64_t rotl64(uint64_t x, unsigned r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t rd64(const unsigned char *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint32_t rd32(const unsigned char *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static inline uint64_t hround(uint64_t acc, uint64_t in)
{
	return rotl64(acc + in * H2, 31) * H1;
}

static inline uint64_t hmerge(uint64_t h, uint64_t v)
{
	return (h ^ hround(0, v)) * H1 + H4;
}

static uint64_t seg_hash(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data, *end = p + len;
	uint64_t h;

	if (len >= 32) {
		uint64_t v1 = seed + H1 + H2, v2 = seed + H2, v3 = seed, v4 = seed - H1;

		do {
			v1 = hround(v1, rd64(p));
			v2 = hround(v2, rd64(p + 8));
			v3 = hround(v3, rd64(p + 16));
			v4 = hround(v4, rd64(p + 24));
			p += 32;
		} while ((size_t)(end - p) >= 32);
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = hmerge(h, v1);
		h = hmerge(h, v2);
		h = hmerge(h, v3);
		h = hmerge(h, v4);
	} else {
		h = seed + H5;
	}
	h += (uint64_t)len;
	for (; (size_t)(end - p) >= 8; p += 8)
		h = rotl64(h ^ hround(0, rd64(p)), 27) * H1 + H4;
	if ((size_t)(end - p) >= 4) {
		h = rotl64(h ^ (uint64_t)rd32(p) * H1, 23) * H2 + H3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ *p * H5, 11) * H1;
	h ^= h >> 33;
	h *= H2;
	h ^= h >> 29;
	h *= H3;
	h ^= h >> 32;
	return h;
}

uint64_t wb_cache_checksum(const void *data, size_t len, uint64_t seed)
{
	return seg_hash(data, len, seed);
}

/* ---- segments ----------------------------------------------------------- */

/*
 * A segment: a header, a sorted index, then the records, each padded to 4
 * bytes.  The header's check covers the header and the index; each entry's
 * check covers its id, its length and its record with the padding, so every
 * byte of a segment is covered by one checksum.  Records are checked when
 * they are used (a warm audit uses them all) and before a merge copies them.
 * Format 1 had no checksums: its segments are dropped unread.
 */
#define SEG_MAGIC "WBSEG\0\0"
#define SEG_VERSION 2
#define SEG_MERGE_AT 8
#ifndef WB_SCAN_HASH
#define WB_SCAN_HASH 0u
#endif

uint32_t wb_cache_scan_hash(void)
{
	return WB_SCAN_HASH;
}

struct seg_header {
	char magic[7];
	uint8_t version;
	uint32_t scan_version;
	uint32_t scan_hash;	/* of the scanner's source: a changed scanner starts afresh */
	uint32_t count;
	uint32_t entry_size;
	uint64_t index_off;
	uint64_t file_size;
	uint64_t check;		/* of this header (with check 0) and the index */
};

struct seg_entry {
	unsigned char oid[GIT_OID_RAWSZ];
	uint32_t len;
	uint64_t off;
	uint64_t check;		/* of oid, len and the padded record */
};

_Static_assert(sizeof(struct seg_header) == 48, "segment layout");
_Static_assert(sizeof(struct seg_entry) == 40, "segment layout");

struct segment {
	char *path;
	const char *map;
	size_t size;
	const struct seg_entry *index;
	uint32_t count;
	uint64_t data_off;	/* end of the index: no record starts before it */
	dev_t dev;
	ino_t ino;
	atomic_int damaged;	/* a record failed its check: rewrite at the flush */
};

/* A damaged segment to remove at the flush (once the same file). */
struct discard {
	char *path;
	dev_t dev;
	ino_t ino;
};

struct pending {
	git_oid oid;
	void *data;
	size_t len;
};

struct wb_cache {
	char *dir;
	struct segment *segs;
	size_t nsegs, segs_alloc;
	struct discard *discard;
	size_t ndiscard, discard_alloc;
	pthread_mutex_t lock;	/* protects pending */
	struct pending *pending;
	size_t npending, pending_alloc;
	void **retired;		/* flushed records, still borrowed by callers */
	size_t nretired, retired_alloc;
};

static const char zeros[8];

static inline uint64_t pad4(uint64_t len)
{
	return (len + 3) & ~(uint64_t)3;
}

static uint64_t entry_check(const unsigned char *oid, const void *data, uint32_t len)
{
	uint64_t h = seg_hash(oid, GIT_OID_RAWSZ, len);

	h = seg_hash(data, len, h);
	return seg_hash(zeros, (size_t)(pad4(len) - len), h);
}

/* The padding is part of what the check covers: hash it from the segment. */
static uint64_t mapped_check(const struct segment *seg, const struct seg_entry *e)
{
	uint64_t h = seg_hash(e->oid, GIT_OID_RAWSZ, e->len);

	h = seg_hash(seg->map + e->off, e->len, h);
	return seg_hash(seg->map + e->off + e->len, (size_t)(pad4(e->len) - e->len), h);
}

static uint64_t header_check(const struct seg_header *h, const void *index)
{
	struct seg_header copy = *h;

	copy.check = 0;
	return seg_hash(index, (size_t)h->count * sizeof(struct seg_entry),
			seg_hash(&copy, sizeof(copy), SEG_VERSION));
}

/* Overflow-safe: off and len come from a file. */
static int record_ok(const struct segment *seg, const struct seg_entry *e)
{
	if (e->off < seg->data_off || e->off % 4 || e->off > seg->size ||
	    pad4(e->len) > seg->size - e->off)
		return 0;
	return mapped_check(seg, e) == e->check;
}

static void seg_damaged(struct segment *seg, const struct seg_entry *e)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid oid;

	if (atomic_exchange(&seg->damaged, 1))
		return;
	git_oid_fromraw(&oid, e->oid);
	warning("ignoring damaged record %s in cache segment '%s': recomputed, the segment is rewritten",
		git_oid_tostr(hex, sizeof(hex), &oid), seg->path);
}

enum seg_load { SEG_LOADED, SEG_SKIPPED, SEG_STALE, SEG_DAMAGED };

static enum seg_load load_segment(struct segment *seg, const char *path, const char **why)
{
	const struct seg_header *h;
	const char *odd = "not a regular file";
	struct stat st;
	void *map;
	size_t size;
	int fd;

	*why = NULL;
	/* lstat first: a FIFO or a device is not even opened */
	if (lstat(path, &st) < 0) {
		if (errno != ENOENT)	/* gone: another audit merged it */
			warning("ignoring cache segment '%s': %s", path, strerror(errno));
		return SEG_SKIPPED;
	}
	if (S_ISLNK(st.st_mode))
		odd = "a symbolic link";
	if (!S_ISREG(st.st_mode))
		goto not_regular;
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ELOOP) {	/* replaced since the lstat() */
			odd = "a symbolic link";
			goto not_regular;
		}
		if (errno != ENOENT)
			warning("ignoring cache segment '%s': %s", path, strerror(errno));
		return SEG_SKIPPED;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		goto not_regular;
	}
	seg->dev = st.st_dev;
	seg->ino = st.st_ino;
	if ((uint64_t)st.st_size < sizeof(*h) || (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		*why = "truncated or not a segment";
		return SEG_DAMAGED;
	}
	size = (size_t)st.st_size;
	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		warning("ignoring cache segment '%s': %s", path, strerror(errno));
		return SEG_SKIPPED;
	}
	h = map;
	if (memcmp(h->magic, SEG_MAGIC, sizeof(h->magic)))
		*why = "not a segment";
	else if (h->version == 1)
		goto stale;	/* the format before checksums: never read */
	else if (h->version != SEG_VERSION)
		*why = "unknown format version";
	else if (h->entry_size != sizeof(struct seg_entry) || h->file_size != size ||
		 h->index_off < sizeof(*h) || h->index_off % 8 || h->index_off > size ||
		 h->count > (size - h->index_off) / sizeof(struct seg_entry))
		*why = "size or index out of bounds";
	else if (header_check(h, (const char *)map + h->index_off) != h->check)
		*why = "checksum mismatch in header or index";
	else if (h->scan_version != WB_SCAN_VERSION || h->scan_hash != WB_SCAN_HASH)
		goto stale;	/* another scanner's: stale, not broken */
	if (*why) {
		munmap(map, size);
		return SEG_DAMAGED;
	}
	seg->path = xstrdup(path);
	seg->map = map;
	seg->size = size;
	seg->index = (const void *)((const char *)map + h->index_off);
	seg->count = h->count;
	seg->data_off = h->index_off + (uint64_t)h->count * sizeof(struct seg_entry);
	atomic_init(&seg->damaged, 0);
	return SEG_LOADED;
stale:
	munmap(map, size);
	return SEG_STALE;
not_regular:
	warning("ignoring '%s' in the cache directory: %s", path, odd);
	return SEG_SKIPPED;
}

static void unload_segment(struct segment *seg)
{
	munmap((void *)seg->map, seg->size);
	free(seg->path);
}

/* Removes path if it is still the file we looked at. */
static void unlink_same(const char *path, dev_t dev, ino_t ino)
{
	struct stat st;

	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_dev == dev && st.st_ino == ino)
		unlink(path);
}

/* "seg-*.wbc.tmp.PID" left by a writer that was killed: remove it. */
static void remove_dead_tmp(const char *path, const char *name)
{
	const char *p = strstr(name, ".wbc.tmp.");
	struct stat st;
	char *end;
	long pid;

	if (!p)
		return;
	errno = 0;
	pid = strtol(p + 9, &end, 10);
	if (errno || *end || end == p + 9 || pid <= 0 || pid == (long)getpid())
		return;
	if (wb_pid_alive((pid_t)pid))
		return;
	if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
		unlink(path);
}

int wb_cache_open(struct wb_cache **out, const char *dir)
{
	struct wb_cache *c;
	DIR *d;
	struct dirent *de;

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
		struct segment *seg;
		const char *why;

		if (strncmp(de->d_name, "seg-", 4) || nl < 8)
			continue;
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		if (strcmp(de->d_name + nl - 4, ".wbc")) {
			remove_dead_tmp(path.buf, de->d_name);
			strbuf_release(&path);
			continue;
		}
		WB_ALLOC_GROW(c->segs, c->nsegs + 1, c->segs_alloc);
		seg = &c->segs[c->nsegs];
		memset(seg, 0, sizeof(*seg));
		switch (load_segment(seg, path.buf, &why)) {
		case SEG_LOADED:
			c->nsegs++;
			break;
		case SEG_STALE:
			unlink_same(path.buf, seg->dev, seg->ino);
			break;
		case SEG_DAMAGED:
			warning("ignoring damaged cache segment '%s': %s; it is removed at the next write",
				path.buf, why);
			WB_ALLOC_GROW(c->discard, c->ndiscard + 1, c->discard_alloc);
			c->discard[c->ndiscard++] = (struct discard){ strbuf_detach(&path, NULL),
								      seg->dev, seg->ino };
			break;
		case SEG_SKIPPED:
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
		struct segment *seg = &c->segs[i];
		const struct seg_entry *e = seg_find(seg, oid);

		if (!e)
			continue;
		if (!record_ok(seg, e)) {
			seg_damaged(seg, e);
			continue;
		}
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

/* One record to write: from memory or from a mapped segment (checked). */
struct out_rec {
	const unsigned char *oid;
	const void *data;
	uint32_t len;
	uint64_t check;
};

static int cmp_out_rec(const void *a, const void *b)
{
	const struct out_rec *x = a, *y = b;

	return memcmp(x->oid, y->oid, GIT_OID_RAWSZ);
}

/*
 * Writes recs (sorted, unique) as a segment: to a temporary file, renamed
 * into place.  The cache is derived data: a crash leaves at worst a
 * temporary file (removed by a later run) or a segment that fails its
 * checks, so no fsync.
 */
#define SEG_WRITE_BUF ((size_t)1 << 20)

static int write_segment(struct wb_cache *c, struct out_rec *recs, size_t n, char **path_out)
{
	struct strbuf path = STRBUF_INIT, tmp = STRBUF_INIT;
	struct seg_header h;
	struct seg_entry *index;
	uint64_t off, id;
	char *buf = NULL;
	size_t i, used = 0;
	int fd, ret = -1;

	index = xcalloc(n ? n : 1, sizeof(*index));
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SEG_MAGIC, sizeof(h.magic));
	h.version = SEG_VERSION;
	h.scan_version = WB_SCAN_VERSION;
	h.scan_hash = WB_SCAN_HASH;
	h.count = (uint32_t)n;
	h.entry_size = sizeof(*index);
	h.index_off = sizeof(h);
	off = h.index_off + (uint64_t)n * sizeof(*index);
	id = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	for (i = 0; i < n; i++) {
		memcpy(index[i].oid, recs[i].oid, GIT_OID_RAWSZ);
		index[i].len = recs[i].len;
		index[i].off = off;
		index[i].check = recs[i].check;
		off += pad4(recs[i].len);
		id = seg_hash(recs[i].oid, GIT_OID_RAWSZ, id);
	}
	h.file_size = off;
	h.check = header_check(&h, index);
	strbuf_addf(&path, "%s/seg-%016llx.wbc", c->dir, (unsigned long long)id);
	strbuf_addf(&tmp, "%s.tmp.%ld", path.buf, (long)getpid());
	fd = wb_open_tmp(tmp.buf);
	if (fd < 0)
		goto out;
	if (wb_write_all(fd, &h, sizeof(h)) || wb_write_all(fd, index, n * sizeof(*index)))
		goto out_close;
	/* the records through one buffer: a write per record costs more than the copy */
	buf = xmalloc(SEG_WRITE_BUF);
	for (i = 0; i < n; i++) {
		size_t len = recs[i].len, padded = (size_t)pad4(recs[i].len);

		if (used && used + padded > SEG_WRITE_BUF) {
			if (wb_write_all(fd, buf, used))
				goto out_close;
			used = 0;
		}
		if (padded > SEG_WRITE_BUF) {
			if (wb_write_all(fd, recs[i].data, len) ||
			    wb_write_all(fd, zeros, padded - len))
				goto out_close;
			continue;
		}
		memcpy(buf + used, recs[i].data, len);
		memset(buf + used + len, 0, padded - len);
		used += padded;
	}
	if (used && wb_write_all(fd, buf, used))
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
	free(buf);
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

static size_t add_pending(struct wb_cache *c, struct out_rec *recs)
{
	size_t i, n = 0;

	for (i = 0; i < c->npending; i++) {
		const struct pending *p = &c->pending[i];

		if (p->len > UINT32_MAX)
			continue;	/* not representable: recomputed next time */
		recs[n++] = (struct out_rec){ p->oid.id, p->data, (uint32_t)p->len,
					      entry_check(p->oid.id, p->data, (uint32_t)p->len) };
	}
	return n;
}

int wb_cache_flush(struct wb_cache *c)
{
	struct out_rec *recs;
	size_t i, s, n = 0;
	char *path = NULL;
	int ret = 0, merge;

	if (!c)
		return 0;
	merge = c->ndiscard || c->nsegs + 1 >= SEG_MERGE_AT;
	for (s = 0; s < c->nsegs; s++)
		merge |= atomic_load(&c->segs[s].damaged);
	if (!c->npending && !merge)
		return 0;
	if (merge) {
		/*
		 * Everything into one segment: the records of every segment
		 * that pass their check, and the new ones; damaged segments
		 * go once it is written.
		 */
		size_t total = c->npending;

		for (s = 0; s < c->nsegs; s++)
			total += c->segs[s].count;
		recs = xmalloc((total ? total : 1) * sizeof(*recs));
		n = add_pending(c, recs);
		for (s = 0; s < c->nsegs; s++) {
			struct segment *seg = &c->segs[s];

			for (i = 0; i < seg->count; i++) {
				const struct seg_entry *e = &seg->index[i];

				if (!record_ok(seg, e)) {
					seg_damaged(seg, e);
					continue;
				}
				recs[n++] = (struct out_rec){ e->oid, seg->map + e->off, e->len,
							      e->check };
			}
		}
		n = dedupe(recs, n);
		if (n)
			ret = write_segment(c, recs, n, &path);
		if (!ret) {
			for (s = 0; s < c->nsegs; s++)
				if (!path || strcmp(c->segs[s].path, path))
					unlink_same(c->segs[s].path, c->segs[s].dev, c->segs[s].ino);
			for (i = 0; i < c->ndiscard; i++)
				if (!path || strcmp(c->discard[i].path, path))
					unlink_same(c->discard[i].path, c->discard[i].dev,
						    c->discard[i].ino);
		}
	} else {
		recs = xmalloc(c->npending * sizeof(*recs));
		n = dedupe(recs, add_pending(c, recs));
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
	for (i = 0; i < c->ndiscard; i++)
		free(c->discard[i].path);
	free(c->discard);
	pthread_mutex_destroy(&c->lock);
	free(c->dir);
	free(c);
}
