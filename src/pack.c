// SPDX-License-Identifier: GPL-2.0
#include "pack.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* deflate cannot expand data more than 1032 times (zlib's own figure) */
#define ZLIB_MAX_RATIO 1032
/* delta bases kept, all backends of the process together */
#define CACHE_LIMIT ((size_t)64 << 20)
/* one base larger than this is not cached */
#define CACHE_MAX_ONE (CACHE_LIMIT / 8)
#define CACHE_SLOTS 1024
/* the read buffer of a backend is freed after an entry larger than this */
#define BUF_KEEP ((size_t)4 << 20)
/*
 * Objects larger than this are left to libgit2 (GIT_PASSTHROUGH): what we
 * hold in memory stays bounded whatever a pack declares.
 */
#define OBJECT_MAX ((uint64_t)1 << 30)
/* an entry header: type and size (at most 10 bytes), then an offset or an id */
#define ENTRY_HEADER_MAX 32
/* read with the header: most entries then need no second read */
#define HEAD_READ ((size_t)64 << 10)

#define OID_RAW 20
#define IDX_HEADER 8
#define IDX_FANOUT (256 * 4)
#define PACK_HEADER 12
#define PACK_TRAILER 20

enum {
	OBJ_COMMIT = 1,
	OBJ_TREE = 2,
	OBJ_BLOB = 3,
	OBJ_TAG = 4,
	OBJ_OFS_DELTA = 6,
	OBJ_REF_DELTA = 7,
};

/* One pack and its index, shared by every backend that lists it. */
struct pack {
	char *path;			/* of the .pack */
	int fd;
	uint64_t size;
	dev_t dev;
	ino_t ino;
	struct timespec mtime;
	unsigned serial;		/* names the pack in the base cache */
	const unsigned char *idx;	/* mapped .idx */
	size_t idx_size;
	uint32_t n;
	const unsigned char *fanout, *oids, *off32, *off64;
	size_t n64;
	/* every entry's offset, sorted, to find where each entry ends */
	pthread_mutex_t sort_lock;
	atomic_int sorted_ready;
	uint64_t *sorted;
	unsigned refs;			/* under registry_lock */
	struct pack *next;
};

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct pack *registry;
static unsigned next_serial = 1;
static atomic_size_t cached_total;
static atomic_size_t objects_read;

size_t wb_pack_objects_read(void)
{
	return atomic_load(&objects_read);
}

struct cache_slot {
	unsigned serial;	/* 0: empty */
	uint64_t off;
	unsigned char *data;
	size_t size;
	int type;
};

struct pack_backend {
	git_odb_backend parent;
	pthread_mutex_t lock;	/* one read at a time through this backend */
	char **dirs;
	size_t ndirs;
	struct pack **packs;
	size_t npacks, alloc;
	size_t last;		/* the pack that answered last, tried first */
	struct libdeflate_decompressor *z;
	unsigned char *buf;	/* bytes of the pack being read */
	size_t buf_alloc;
	const struct pack *buf_pack;	/* buf holds buf_len bytes at buf_off of it */
	uint64_t buf_off;
	size_t buf_len;
	struct cache_slot *cache;
	size_t cached, hand;
	struct step *chain;
	size_t chain_alloc;
};

/* an object in memory: owned (to free) or lent by the cache */
struct obj {
	unsigned char *data;
	size_t size;
	int type;
	int owned;
};

/* one delta of a chain, from the object asked for down to its base */
struct step {
	struct pack *p;
	uint64_t off, data_off, end;
	size_t size;		/* of the inflated delta */
};

struct entry {
	int type;
	uint64_t size;
	uint64_t data_off;	/* the zlib stream */
	uint64_t end;		/* where the next entry starts */
	uint64_t base_off;	/* OFS_DELTA */
	unsigned char base[OID_RAW];	/* REF_DELTA */
};

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint64_t be64(const unsigned char *p)
{
	return (uint64_t)be32(p) << 32 | be32(p + 4);
}

static int pack_error(const struct pack *p, const git_oid *oid, const char *fmt, ...)
	WB_PRINTF(3, 4);
static int pack_error(const struct pack *p, const git_oid *oid, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	va_list ap;

	git_oid_tostr(hex, sizeof(hex), oid);
	strbuf_addf(&sb, "corrupt pack '%s': object %s: ", p->path, hex);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	git_error_set_str(GIT_ERROR_ODB, sb.buf);
	strbuf_release(&sb);
	return GIT_ERROR;
}

/* ---- opening packs ------------------------------------------------------ */

static void pack_close(struct pack *p)
{
	if (p->idx)
		munmap((void *)p->idx, p->idx_size);
	if (p->fd >= 0)
		close(p->fd);
	pthread_mutex_destroy(&p->sort_lock);
	free(p->sorted);
	free(p->path);
	free(p);
}

static int read_full(int fd, void *buf, size_t len, uint64_t off)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = pread(fd, (char *)buf + done, len - done, (off_t)(off + done));

		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			errno = 0;
		if (r <= 0)
			return -1;
		done += (size_t)r;
	}
	return 0;
}

/*
 * The index must be v2 and agree with its pack (object count, checksum),
 * or the pack is left to libgit2: NULL, nothing set.
 */
static struct pack *pack_open(const char *idx_path, const char *pack_path, const struct stat *pst)
{
	struct pack *p = xcalloc(1, sizeof(*p));
	unsigned char head[PACK_HEADER], trailer[PACK_TRAILER];
	struct stat ist;
	size_t min, i;
	int ifd;

	p->fd = -1;
	pthread_mutex_init(&p->sort_lock, NULL);
	atomic_init(&p->sorted_ready, 0);
	p->path = xstrdup(pack_path);
	ifd = open(idx_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (ifd < 0)
		goto fail;
	if (fstat(ifd, &ist) < 0 || !S_ISREG(ist.st_mode) ||
	    ist.st_size < IDX_HEADER + IDX_FANOUT + 2 * OID_RAW) {
		close(ifd);
		goto fail;
	}
	p->idx_size = (size_t)ist.st_size;
	p->idx = mmap(NULL, p->idx_size, PROT_READ, MAP_PRIVATE, ifd, 0);
	close(ifd);
	if (p->idx == MAP_FAILED) {
		p->idx = NULL;
		goto fail;
	}
	/* v1 has no header: libgit2 reads those */
	if (memcmp(p->idx, "\377tOc", 4) || be32(p->idx + 4) != 2)
		goto fail;
	p->fanout = p->idx + IDX_HEADER;
	for (i = 1; i < 256; i++)
		if (be32(p->fanout + 4 * i) < be32(p->fanout + 4 * (i - 1)))
			goto fail;
	p->n = be32(p->fanout + 4 * 255);
	min = IDX_HEADER + IDX_FANOUT + (size_t)p->n * (OID_RAW + 4 + 4) + 2 * OID_RAW;
	if (p->idx_size < min || (p->idx_size - min) % 8)
		goto fail;
	p->oids = p->fanout + IDX_FANOUT;
	/* the CRCs follow the ids; the offsets follow the CRCs */
	p->off32 = p->oids + (size_t)p->n * (OID_RAW + 4);
	p->off64 = p->off32 + (size_t)p->n * 4;
	p->n64 = (p->idx_size - min) / 8;

	p->fd = open(pack_path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (p->fd < 0 || pst->st_size < PACK_HEADER + PACK_TRAILER)
		goto fail;
	p->size = (uint64_t)pst->st_size;
	p->dev = pst->st_dev;
	p->ino = pst->st_ino;
	p->mtime = pst->st_mtim;
	if (read_full(p->fd, head, sizeof(head), 0) < 0 || memcmp(head, "PACK", 4) ||
	    (be32(head + 4) != 2 && be32(head + 4) != 3) || be32(head + 8) != p->n)
		goto fail;
	if (read_full(p->fd, trailer, sizeof(trailer), p->size - PACK_TRAILER) < 0 ||
	    memcmp(trailer, p->idx + p->idx_size - 2 * OID_RAW, OID_RAW))
		goto fail;
	return p;
fail:
	pack_close(p);
	return NULL;
}

/* The shared pack at pack_path (its index beside it), or NULL. */
static struct pack *pack_get(const char *idx_path, const char *pack_path)
{
	struct stat st;
	struct pack *p;

	if (stat(pack_path, &st) < 0 || !S_ISREG(st.st_mode))
		return NULL;
	pthread_mutex_lock(&registry_lock);
	for (p = registry; p; p = p->next)
		if (p->dev == st.st_dev && p->ino == st.st_ino && p->size == (uint64_t)st.st_size &&
		    p->mtime.tv_sec == st.st_mtim.tv_sec && p->mtime.tv_nsec == st.st_mtim.tv_nsec &&
		    !strcmp(p->path, pack_path))
			break;
	if (!p && (p = pack_open(idx_path, pack_path, &st))) {
		p->serial = next_serial++;
		p->next = registry;
		registry = p;
	}
	if (p)
		p->refs++;
	pthread_mutex_unlock(&registry_lock);
	return p;
}

static void pack_put(struct pack *p)
{
	struct pack **pp;

	pthread_mutex_lock(&registry_lock);
	if (--p->refs) {
		pthread_mutex_unlock(&registry_lock);
		return;
	}
	for (pp = &registry; *pp; pp = &(*pp)->next)
		if (*pp == p) {
			*pp = p->next;
			break;
		}
	pthread_mutex_unlock(&registry_lock);
	pack_close(p);
}

static int has_pack(const struct pack_backend *pb, const struct pack *p)
{
	size_t i;

	for (i = 0; i < pb->npacks; i++)
		if (pb->packs[i] == p)
			return 1;
	return 0;
}

/* Adds the packs of every directory not yet known. */
static void scan_packs(struct pack_backend *pb)
{
	struct strbuf dir = STRBUF_INIT, idx = STRBUF_INIT, pack = STRBUF_INIT;
	size_t i;

	for (i = 0; i < pb->ndirs; i++) {
		struct dirent *de;
		DIR *d;

		strbuf_reset(&dir);
		strbuf_addf(&dir, "%spack", pb->dirs[i]);
		if (!(d = opendir(dir.buf)))
			continue;
		while ((de = readdir(d))) {
			size_t len = strlen(de->d_name);
			struct pack *p;

			if (len < 5 + 4 || strncmp(de->d_name, "pack-", 5) ||
			    strcmp(de->d_name + len - 4, ".idx"))
				continue;
			strbuf_reset(&idx);
			strbuf_addf(&idx, "%s/%s", dir.buf, de->d_name);
			strbuf_reset(&pack);
			strbuf_addf(&pack, "%s/%.*s.pack", dir.buf, (int)(len - 4), de->d_name);
			if (!(p = pack_get(idx.buf, pack.buf)))
				continue;
			if (has_pack(pb, p)) {
				pack_put(p);
				continue;
			}
			WB_ALLOC_GROW(pb->packs, pb->npacks + 1, pb->alloc);
			pb->packs[pb->npacks++] = p;
		}
		closedir(d);
	}
	strbuf_release(&pack);
	strbuf_release(&idx);
	strbuf_release(&dir);
}

/* ---- the index ------------------------------------------------------------ */

/* 1 and the position of oid, or 0. */
static int idx_find(uint32_t *pos, const struct pack *p, const unsigned char *oid)
{
	uint32_t lo = oid[0] ? be32(p->fanout + 4 * (oid[0] - 1)) : 0;
	uint32_t hi = be32(p->fanout + 4 * oid[0]);

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		int c = memcmp(p->oids + (size_t)mid * OID_RAW, oid, OID_RAW);

		if (!c) {
			*pos = mid;
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* The offset of entry pos, or UINT64_MAX when the index names a large offset it lacks. */
static uint64_t idx_offset(const struct pack *p, uint32_t pos)
{
	uint32_t v = be32(p->off32 + (size_t)pos * 4);

	if (!(v & 0x80000000u))
		return v;
	v &= 0x7fffffffu;
	if (v >= p->n64)
		return UINT64_MAX;
	return be64(p->off64 + (size_t)v * 8);
}

/*
 * Sorts v[0..n) with tmp as room for n more: LSD radix, a byte a pass,
 * skipping the bytes every value shares (the high ones of a pack's
 * offsets).  A whole kernel's pack holds ten million objects, and every
 * audit sorts its offsets once: qsort() took seconds there.
 */
static void radix_sort_u64(uint64_t *v, uint64_t *tmp, size_t n)
{
	size_t cnt[8][256], i;
	uint64_t *src = v, *dst = tmp;
	unsigned b;

	memset(cnt, 0, sizeof(cnt));
	for (i = 0; i < n; i++)
		for (b = 0; b < 8; b++)
			cnt[b][(v[i] >> (8 * b)) & 0xff]++;
	for (b = 0; b < 8; b++) {
		size_t sum = 0, c;
		unsigned k;

		if (n && cnt[b][(v[0] >> (8 * b)) & 0xff] == n)
			continue;	/* every value has this byte */
		for (k = 0; k < 256; k++) {
			c = cnt[b][k];
			cnt[b][k] = sum;
			sum += c;
		}
		for (i = 0; i < n; i++)
			dst[cnt[b][(src[i] >> (8 * b)) & 0xff]++] = src[i];
		{
			uint64_t *t = src;

			src = dst;
			dst = t;
		}
	}
	if (src != v)
		memcpy(v, src, n * sizeof(*v));
}

static void sort_offsets(struct pack *p)
{
	uint32_t i;

	if (atomic_load_explicit(&p->sorted_ready, memory_order_acquire))
		return;
	pthread_mutex_lock(&p->sort_lock);
	if (!atomic_load_explicit(&p->sorted_ready, memory_order_relaxed)) {
		uint64_t *tmp = xmalloc(((size_t)p->n + 1) * sizeof(*tmp));

		p->sorted = xmalloc(((size_t)p->n + 1) * sizeof(*p->sorted));
		for (i = 0; i < p->n; i++)
			p->sorted[i] = idx_offset(p, i);
		radix_sort_u64(p->sorted, tmp, p->n);
		free(tmp);
		atomic_store_explicit(&p->sorted_ready, 1, memory_order_release);
	}
	pthread_mutex_unlock(&p->sort_lock);
}

/* Where the entry at off ends: the next entry, or the pack's checksum. */
static uint64_t entry_end(struct pack *p, uint64_t off)
{
	uint64_t limit = p->size - PACK_TRAILER;
	size_t lo = 0, hi = p->n;

	sort_offsets(p);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (p->sorted[mid] <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < p->n && p->sorted[lo] < limit ? p->sorted[lo] : limit;
}

/* ---- entries ---------------------------------------------------------------- */

static int is_base_type(int type)
{
	return type >= OBJ_COMMIT && type <= OBJ_TAG;
}

/* Room for n bytes in pb->buf, whose content is then gone. */
static void buf_reserve(struct pack_backend *pb, size_t n)
{
	pb->buf_pack = NULL;
	if (n <= pb->buf_alloc)
		return;
	free(pb->buf);
	pb->buf = xmalloc(n);
	pb->buf_alloc = n;
}

/* Reads len bytes at off of p into pb->buf. */
static int buf_fill(struct pack_backend *pb, struct pack *p, uint64_t off, size_t len)
{
	buf_reserve(pb, len);
	if (read_full(p->fd, pb->buf, len, off) < 0)
		return -1;
	pb->buf_pack = p;
	pb->buf_off = off;
	pb->buf_len = len;
	return 0;
}

/*
 * The header of the entry at off; the first HEAD_READ bytes of the entry
 * stay in pb->buf, for inflate_entry().
 */
static int entry_header(struct entry *e, struct pack_backend *pb, struct pack *p, uint64_t off,
			const git_oid *want)
{
	const unsigned char *h;
	size_t got, pos = 0;
	unsigned shift = 4;
	unsigned c;

	if (off < PACK_HEADER || off >= p->size - PACK_TRAILER)
		return pack_error(p, want, "entry offset %llu is outside the pack",
				  (unsigned long long)off);
	e->end = entry_end(p, off);
	got = e->end - off < HEAD_READ ? (size_t)(e->end - off) : HEAD_READ;
	if (buf_fill(pb, p, off, got) < 0)
		return pack_error(p, want, "could not read the entry at %llu: %s",
				  (unsigned long long)off, errno ? strerror(errno) : "end of file");
	h = pb->buf;
	if (got > ENTRY_HEADER_MAX)
		got = ENTRY_HEADER_MAX;
	c = h[pos++];
	e->type = (c >> 4) & 7;
	e->size = c & 15;
	while (c & 0x80) {
		if (pos >= got || shift > 57)
			return pack_error(p, want, "bad entry header at %llu",
					  (unsigned long long)off);
		c = h[pos++];
		e->size |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	}
	if (e->type == OBJ_OFS_DELTA) {
		uint64_t back;

		if (pos >= got)
			return pack_error(p, want, "truncated delta at %llu", (unsigned long long)off);
		c = h[pos++];
		back = c & 0x7f;
		while (c & 0x80) {
			if (pos >= got || back >= (UINT64_MAX >> 7) - 1)
				return pack_error(p, want, "bad delta base offset at %llu",
						  (unsigned long long)off);
			c = h[pos++];
			back = ((back + 1) << 7) | (c & 0x7f);
		}
		if (!back || back > off - PACK_HEADER)
			return pack_error(p, want, "delta at %llu names a base outside the pack",
					  (unsigned long long)off);
		e->base_off = off - back;
	} else if (e->type == OBJ_REF_DELTA) {
		if (got - pos < OID_RAW)
			return pack_error(p, want, "truncated delta at %llu", (unsigned long long)off);
		memcpy(e->base, h + pos, OID_RAW);
		pos += OID_RAW;
	} else if (!is_base_type(e->type)) {
		return pack_error(p, want, "unknown entry type %d at %llu", e->type,
				  (unsigned long long)off);
	}
	if (pos >= got)
		return pack_error(p, want, "truncated entry at %llu", (unsigned long long)off);
	e->data_off = off + pos;
	return 0;
}

static void *alloc_out(git_odb_backend *be, size_t n)
{
	return be ? git_odb_backend_data_alloc(be, n) : malloc(n);
}

static void free_out(git_odb_backend *be, void *p)
{
	if (be)
		git_odb_backend_data_free(be, p);
	else
		free(p);
}

/*
 * Inflates the zlib stream in [data_off, end) of exactly size bytes into
 * *out (from git's allocator when be is set, else malloc; one byte more,
 * NUL).
 */
static int inflate_entry(unsigned char **out, struct pack_backend *pb, git_odb_backend *be,
			 struct pack *p, uint64_t data_off, uint64_t end, uint64_t size,
			 const git_oid *want)
{
	size_t clen = (size_t)(end - data_off), in_used = 0, out_got = 0;
	enum libdeflate_result res;
	const unsigned char *in;
	unsigned char *dst;
	int clipped = 0;

	*out = NULL;
	if (end <= data_off)
		return pack_error(p, want, "truncated entry at %llu", (unsigned long long)data_off);
	/* zlib adds 6 bytes and a block header; nothing inflates more than 1032 times */
	if (size / ZLIB_MAX_RATIO > clen || size >= SIZE_MAX - 1)
		return pack_error(p, want,
				  "the entry at %llu claims %llu bytes, more than its %zu bytes of zlib data can hold",
				  (unsigned long long)data_off, (unsigned long long)size, clen);
	if (size > OBJECT_MAX)
		return GIT_PASSTHROUGH;
	/*
	 * zlib never writes more than compressBound(size); an entry that
	 * seems to run on (an index listing few of the pack's entries) is
	 * read no further than that.
	 */
	if (clen > size + (size >> 3) + 4096) {
		clen = (size_t)(size + (size >> 3) + 4096);
		clipped = 1;
	}
	if (pb->buf_pack == p && data_off >= pb->buf_off &&
	    data_off - pb->buf_off <= pb->buf_len && clen <= pb->buf_len - (data_off - pb->buf_off))
		in = pb->buf + (data_off - pb->buf_off);
	else if (buf_fill(pb, p, data_off, clen) < 0)
		return pack_error(p, want, "could not read %zu bytes at %llu: %s", clen,
				  (unsigned long long)data_off, errno ? strerror(errno) : "end of file");
	else
		in = pb->buf;
	if (!(dst = alloc_out(be, (size_t)size + 1)))
		return pack_error(p, want, "out of memory for %llu bytes", (unsigned long long)size);
	res = libdeflate_zlib_decompress_ex(pb->z, in, clen, dst, (size_t)size, &in_used,
					    &out_got);
	if (pb->buf_alloc > BUF_KEEP) {
		free(pb->buf);
		pb->buf = NULL;
		pb->buf_alloc = 0;
		pb->buf_pack = NULL;
	}
	if (res == LIBDEFLATE_SUCCESS && out_got == size) {
		dst[size] = 0;
		*out = dst;
		return 0;
	}
	free_out(be, dst);
	if (res == LIBDEFLATE_INSUFFICIENT_SPACE)
		return pack_error(p, want, "the entry at %llu inflates to more than the %llu bytes it says",
				  (unsigned long long)data_off, (unsigned long long)size);
	if (res == LIBDEFLATE_SUCCESS)
		return pack_error(p, want, "the entry at %llu inflates to %zu bytes, it says %llu",
				  (unsigned long long)data_off, out_got, (unsigned long long)size);
	/* a stream longer than zlib would write: libgit2 reads those */
	if (clipped)
		return GIT_PASSTHROUGH;
	return pack_error(p, want, "the entry at %llu is not a valid zlib stream (damaged or truncated)",
			  (unsigned long long)data_off);
}

/* ---- deltas ------------------------------------------------------------------ */

static int delta_varint(uint64_t *v, const unsigned char **d, const unsigned char *end)
{
	unsigned shift = 0;
	unsigned c;

	*v = 0;
	do {
		if (*d >= end || shift > 63)
			return -1;
		c = *(*d)++;
		*v |= (uint64_t)(c & 0x7f) << shift;
		shift += 7;
	} while (c & 0x80);
	return 0;
}

/*
 * Checks a whole delta against its base before anything is allocated:
 * every copy inside the base, every insert inside the delta, no opcode 0,
 * and the sum of what it writes equal to the size it declares (*result).
 */
static int delta_check(uint64_t *result, const unsigned char **ops, struct pack *p,
		       const git_oid *want, uint64_t at, const unsigned char *d, size_t dlen,
		       size_t base_size)
{
	const unsigned char *end = d + dlen;
	uint64_t src, dst, total = 0;

	if (delta_varint(&src, &d, end) < 0 || delta_varint(&dst, &d, end) < 0)
		return pack_error(p, want, "bad delta header at %llu", (unsigned long long)at);
	if (dst > OBJECT_MAX << 8)
		return pack_error(p, want, "the delta at %llu claims a result of %llu bytes",
				  (unsigned long long)at, (unsigned long long)dst);
	if (src != base_size)
		return pack_error(p, want, "the delta at %llu is for a base of %llu bytes, its base has %zu",
				  (unsigned long long)at, (unsigned long long)src, base_size);
	*ops = d;
	while (d < end) {
		unsigned c = *d++;

		if (c & 0x80) {
			uint64_t off = 0, size = 0;
			unsigned i;

			for (i = 0; i < 4; i++)
				if (c & (1u << i)) {
					if (d >= end)
						goto truncated;
					off |= (uint64_t)*d++ << (8 * i);
				}
			for (i = 0; i < 3; i++)
				if (c & (0x10u << i)) {
					if (d >= end)
						goto truncated;
					size |= (uint64_t)*d++ << (8 * i);
				}
			if (!size)
				size = 0x10000;
			if (off > base_size || size > base_size - off)
				return pack_error(p, want, "the delta at %llu copies past the end of its base",
						  (unsigned long long)at);
			total += size;
		} else if (c) {
			if ((size_t)(end - d) < c)
				goto truncated;
			d += c;
			total += c;
		} else {
			return pack_error(p, want, "bad delta opcode 0 at %llu", (unsigned long long)at);
		}
		if (total > dst)
			break;
	}
	if (total != dst)
		return pack_error(p, want, "the delta at %llu writes %s%llu bytes, it says %llu",
				  (unsigned long long)at, total > dst ? "more than " : "",
				  (unsigned long long)total, (unsigned long long)dst);
	*result = dst;
	return 0;
truncated:
	return pack_error(p, want, "truncated delta at %llu", (unsigned long long)at);
}

/* Applies a delta that delta_check() passed. */
static void delta_apply(unsigned char *out, const unsigned char *base, const unsigned char *d,
			const unsigned char *end)
{
	while (d < end) {
		unsigned c = *d++;

		if (c & 0x80) {
			size_t off = 0, size = 0;
			unsigned i;

			for (i = 0; i < 4; i++)
				if (c & (1u << i))
					off |= (size_t)*d++ << (8 * i);
			for (i = 0; i < 3; i++)
				if (c & (0x10u << i))
					size |= (size_t)*d++ << (8 * i);
			if (!size)
				size = 0x10000;
			memcpy(out, base + off, size);
			out += size;
		} else {
			memcpy(out, d, c);
			d += c;
			out += c;
		}
	}
}

/* ---- the base cache --------------------------------------------------------- */

static size_t cache_slot_of(unsigned serial, uint64_t off)
{
	uint64_t h = (off ^ ((uint64_t)serial << 40)) * 0x9e3779b97f4a7c15ull;

	return (size_t)(h >> 54) % CACHE_SLOTS;
}

static void cache_drop(struct pack_backend *pb, struct cache_slot *s)
{
	if (!s->serial)
		return;
	free(s->data);
	atomic_fetch_sub(&cached_total, s->size);
	pb->cached -= s->size;
	memset(s, 0, sizeof(*s));
}

static const struct cache_slot *cache_find(struct pack_backend *pb, const struct pack *p,
					   uint64_t off)
{
	const struct cache_slot *s = &pb->cache[cache_slot_of(p->serial, off)];

	return s->serial == p->serial && s->off == off ? s : NULL;
}

/* Hands o to the cache if it fits (o->owned cleared then). */
static void cache_add(struct pack_backend *pb, const struct pack *p, uint64_t off, struct obj *o)
{
	struct cache_slot *s = &pb->cache[cache_slot_of(p->serial, off)];

	if (!o->owned || o->size > CACHE_MAX_ONE)
		return;
	cache_drop(pb, s);
	while (pb->cached && atomic_load(&cached_total) + o->size > CACHE_LIMIT) {
		cache_drop(pb, &pb->cache[pb->hand]);
		pb->hand = (pb->hand + 1) % CACHE_SLOTS;
	}
	if (atomic_load(&cached_total) + o->size > CACHE_LIMIT)
		return;
	atomic_fetch_add(&cached_total, o->size);
	pb->cached += o->size;
	*s = (struct cache_slot){ p->serial, off, o->data, o->size, o->type };
	o->owned = 0;
}

static void obj_release(struct obj *o)
{
	if (o->owned)
		free(o->data);
	memset(o, 0, sizeof(*o));
}

/* ---- reading an object --------------------------------------------------------- */

/* The pack (of pb) holding raw oid and its offset, or NULL. */
static struct pack *find_entry(uint64_t *off, struct pack_backend *pb, const unsigned char *oid,
			       struct pack *first)
{
	uint32_t pos;
	size_t i;

	if (first && idx_find(&pos, first, oid)) {
		*off = idx_offset(first, pos);
		return first;
	}
	for (i = 0; i < pb->npacks; i++) {
		size_t k = (pb->last + i) % pb->npacks;

		if (pb->packs[k] != first && idx_find(&pos, pb->packs[k], oid)) {
			pb->last = k;
			*off = idx_offset(pb->packs[k], pos);
			return pb->packs[k];
		}
	}
	return NULL;
}

static int in_chain(const struct pack_backend *pb, size_t n, const struct pack *p, uint64_t off)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (pb->chain[i].p == p && pb->chain[i].off == off)
			return 1;
	return 0;
}

/*
 * Reads the object at off of p.  The delta chain is walked down to a base
 * (or a cached one), then the deltas are applied on the way back up, each
 * intermediate result offered to the cache.  GIT_PASSTHROUGH when a
 * REF_DELTA base is in none of our packs.
 */
static int read_at(void **out, size_t *len, git_object_t *type, struct pack_backend *pb,
		   struct pack *p, uint64_t off, const git_oid *want)
{
	git_odb_backend *be = &pb->parent;
	struct obj base = { 0 };
	size_t n = 0;
	int saw_ref = 0, err = 0;

	for (;;) {
		struct entry e;

		if (n) {
			const struct cache_slot *s = cache_find(pb, p, off);

			if (s) {
				base = (struct obj){ s->data, s->size, s->type, 0 };
				break;
			}
		}
		if ((err = entry_header(&e, pb, p, off, want)) < 0)
			goto cleanup;
		if (is_base_type(e.type)) {
			unsigned char *data;

			if ((err = inflate_entry(&data, pb, n ? NULL : be, p, e.data_off, e.end,
						 e.size, want)) < 0)
				goto cleanup;
			base = (struct obj){ data, (size_t)e.size, e.type, 1 };
			if (!n) {
				*out = data;
				*len = (size_t)e.size;
				*type = (git_object_t)e.type;
				return 0;
			}
			cache_add(pb, p, off, &base);
			break;
		}
		if (n >= WB_PACK_MAX_DEPTH) {
			err = pack_error(p, want, "delta chain deeper than %d", WB_PACK_MAX_DEPTH);
			goto cleanup;
		}
		if (e.size >= SIZE_MAX) {
			err = pack_error(p, want, "delta at %llu too large", (unsigned long long)off);
			goto cleanup;
		}
		WB_ALLOC_GROW(pb->chain, n + 1, pb->chain_alloc);
		pb->chain[n++] = (struct step){ p, off, e.data_off, e.end, (size_t)e.size };
		if (e.type == OBJ_OFS_DELTA) {
			off = e.base_off;
		} else {
			struct pack *bp = find_entry(&off, pb, e.base, p);
			git_oid boid;

			git_oid_fromraw(&boid, e.base);
			if (!bp) {
				err = GIT_PASSTHROUGH;
				goto cleanup;
			}
			if (off == UINT64_MAX) {
				err = pack_error(bp, &boid, "the index names a large offset it does not have");
				goto cleanup;
			}
			p = bp;
			saw_ref = 1;
		}
		/* offsets only go down, so only a REF_DELTA can close a loop */
		if (saw_ref && in_chain(pb, n, p, off)) {
			err = pack_error(p, want, "delta cycle at %llu", (unsigned long long)off);
			goto cleanup;
		}
	}
	/* apply the deltas from the base up */
	while (n) {
		struct step *st = &pb->chain[--n];
		struct obj res = { 0 };
		unsigned char *delta;
		const unsigned char *ops = NULL;
		uint64_t size = 0;

		if ((err = inflate_entry(&delta, pb, NULL, st->p, st->data_off, st->end, st->size,
					 want)) < 0)
			goto cleanup;
		err = delta_check(&size, &ops, st->p, want, st->off, delta, st->size, base.size);
		if (!err && size > OBJECT_MAX)
			err = GIT_PASSTHROUGH;
		if (!err && !(res.data = alloc_out(n ? NULL : be, (size_t)size + 1)))
			err = pack_error(st->p, want, "out of memory for %llu bytes",
					 (unsigned long long)size);
		if (err) {
			free(delta);
			goto cleanup;
		}
		delta_apply(res.data, base.data, ops, delta + st->size);
		free(delta);
		res.data[size] = 0;
		res.size = (size_t)size;
		res.type = base.type;
		res.owned = 1;
		obj_release(&base);
		if (!n) {
			*out = res.data;
			*len = res.size;
			*type = (git_object_t)res.type;
			return 0;
		}
		cache_add(pb, st->p, st->off, &res);
		base = res;
	}
cleanup:
	obj_release(&base);
	return err;
}

static int pack_read(void **out, size_t *len, git_object_t *type, git_odb_backend *be,
		     const git_oid *oid)
{
	struct pack_backend *pb = (struct pack_backend *)be;
	struct pack *p;
	uint64_t off;
	int err;

	pthread_mutex_lock(&pb->lock);
	p = find_entry(&off, pb, oid->id, NULL);
	if (!p)
		err = GIT_ENOTFOUND;
	else if (off == UINT64_MAX)
		err = pack_error(p, oid, "the index names a large offset it does not have");
	else
		err = read_at(out, len, type, pb, p, off, oid);
	pthread_mutex_unlock(&pb->lock);
	if (!err)
		atomic_fetch_add(&objects_read, 1);
	return err;
}

static int pack_exists(git_odb_backend *be, const git_oid *oid)
{
	struct pack_backend *pb = (struct pack_backend *)be;
	uint64_t off;
	int found;

	pthread_mutex_lock(&pb->lock);
	found = find_entry(&off, pb, oid->id, NULL) != NULL;
	pthread_mutex_unlock(&pb->lock);
	return found;
}

static int pack_refresh(git_odb_backend *be)
{
	struct pack_backend *pb = (struct pack_backend *)be;

	pthread_mutex_lock(&pb->lock);
	scan_packs(pb);
	pthread_mutex_unlock(&pb->lock);
	return 0;
}

static void pack_free(git_odb_backend *be)
{
	struct pack_backend *pb = (struct pack_backend *)be;
	size_t i;

	for (i = 0; i < CACHE_SLOTS; i++)
		cache_drop(pb, &pb->cache[i]);
	free(pb->cache);
	for (i = 0; i < pb->npacks; i++)
		pack_put(pb->packs[i]);
	free(pb->packs);
	for (i = 0; i < pb->ndirs; i++)
		free(pb->dirs[i]);
	free(pb->dirs);
	free(pb->chain);
	free(pb->buf);
	if (pb->z)
		libdeflate_free_decompressor(pb->z);
	pthread_mutex_destroy(&pb->lock);
	free(pb);
}

int wb_pack_backend_new(git_odb_backend **out, char *const *dirs, size_t ndirs)
{
	const char *env = getenv("WB_PACK_READER");
	struct pack_backend *pb;
	size_t i;

	*out = NULL;
	if (env && !strcmp(env, "0"))
		return 0;
	pb = xcalloc(1, sizeof(*pb));
	git_odb_init_backend(&pb->parent, GIT_ODB_BACKEND_VERSION);
	pb->parent.read = pack_read;
	pb->parent.exists = pack_exists;
	pb->parent.refresh = pack_refresh;
	pb->parent.free = pack_free;
	pthread_mutex_init(&pb->lock, NULL);
	pb->cache = xcalloc(CACHE_SLOTS, sizeof(*pb->cache));
	if (!(pb->z = libdeflate_alloc_decompressor())) {
		pack_free(&pb->parent);
		git_error_set_str(GIT_ERROR_NOMEMORY, "out of memory for the pack reader");
		return GIT_ERROR;
	}
	pb->dirs = xcalloc(ndirs ? ndirs : 1, sizeof(*pb->dirs));
	for (i = 0; i < ndirs; i++)
		pb->dirs[pb->ndirs++] = xstrdup(dirs[i]);
	scan_packs(pb);
	*out = &pb->parent;
	return 0;
}
