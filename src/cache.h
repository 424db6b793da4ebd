/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_CACHE_H
#define WB_CACHE_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "scan.h"
#include "util.h"

/*
 * Scan results by blob id.  A scan depends only on the blob's content and
 * the scanner version, so a record keyed by blob id serves every revision
 * that contains the blob.
 *
 * On disk: immutable segment files under the cache directory, each a sorted
 * index of blob ids and the records they map to, written to a temporary file
 * and renamed into place.  New records of a run go into one new segment;
 * many segments are merged into one.
 *
 * Nothing read back is trusted: a 64-bit checksum covers each segment's
 * header and index, and one per record covers the record.  A segment that
 * fails is ignored with a warning naming it, a record that fails is
 * recomputed by the caller (wb_cache_get() returns NULL), and the next flush
 * rewrites the segment without it or removes it.  Only regular files are
 * opened, never following a link or blocking on a FIFO.
 */

/* A read-only view of one serialised scan (in a segment or in memory). */
struct wb_record {
	uint32_t flags, flag_line, nlines;
	uint32_t nfuncs, nsites, nrefnames, ncallnames, strtab_len;
	uint64_t size;			/* of the blob */
	const struct wb_scan_func *funcs;
	const struct wb_scan_site *sites;
	const uint32_t *refnames;	/* sorted hashes of names in reference positions */
	const uint32_t *callnames;	/* sorted hashes of called names */
	const char *strtab;
};

/* Appends the serialised form of scan to out. */
void wb_record_serialize(struct strbuf *out, const struct wb_scan *scan);
/* Checks sizes and every string offset; -1 when data is not a valid record. */
int wb_record_parse(struct wb_record *out, const void *data, size_t len);
int wb_record_has_call(const struct wb_record *r, uint32_t hash);
int wb_record_has_ref(const struct wb_record *r, uint32_t hash);

static inline const char *wb_record_str(const struct wb_record *r, uint32_t off)
{
	return r->strtab + off;
}

/* A read-only view of a blob's summary (see wb_summarize_buffer()). */
struct wb_summary {
	uint32_t flags;			/* WB_SCAN_BINARY */
	uint64_t size;
	uint32_t n;
	const uint32_t *hashes;
};

void wb_summary_serialize(struct strbuf *out, unsigned flags, uint64_t size,
			  const uint32_t *hashes, size_t n);
int wb_summary_parse(struct wb_summary *out, const void *data, size_t len);
int wb_summary_has(const struct wb_summary *s, uint32_t hash);
/* Could the summarised blob mention name?  Names too short to summarise: yes. */
int wb_summary_may_mention(const struct wb_summary *s, const char *name, uint32_t hash);

struct wb_cache;

/* The 64-bit checksum of the cache's files (xxHash64-like, not a defence). */
uint64_t wb_cache_checksum(const void *data, size_t len, uint64_t seed);

/* Opens (creating) the cache in dir; on failure returns -1 with a warning. */
int wb_cache_open(struct wb_cache **out, const char *dir);
/* The scanner's build hash: what a cached record depends on. */
uint32_t wb_cache_scan_hash(void);
/*
 * Borrowed pointer valid until wb_cache_free(); NULL when absent or when
 * the record fails its checksum (warned once per segment).  Thread-safe.
 */
const void *wb_cache_get(struct wb_cache *c, const git_oid *oid, size_t *len);
/* Queues a record for the next flush; takes ownership of data.  Thread-safe (c->lock). */
void wb_cache_put(struct wb_cache *c, const git_oid *oid, void *data, size_t len);
/*
 * Writes queued records as a new segment, merging segments when there are
 * many or when one was found damaged (the merge copies only records that
 * pass their checksum, then removes the old segments).  Pointers handed out
 * stay valid until wb_cache_free().
 */
int wb_cache_flush(struct wb_cache *c);
void wb_cache_free(struct wb_cache *c);

#endif
