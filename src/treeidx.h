/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_TREEIDX_H
#define WB_TREEIDX_H

#include <git2.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "repo.h"

/*
 * The summaries of one whole tree, turned inside out: for every name hash,
 * the files whose summary holds it.  An audit asks which files may mention
 * a handful of names, level after level; with the summaries per blob that
 * costs a look into every one of some 50,000 summaries per level, with this
 * it costs a lookup per name.
 *
 * It is also what makes an audit at an already-audited revision cheap: the
 * file is keyed by the tree id and holds the tree's listing (path, blob id,
 * flags and size of every .c/.h file), so neither the tree nor the
 * per-blob summaries are read again.
 *
 * On disk (cache directory "tree/", one file per tree, written to a
 * temporary file and renamed): a header, the file table, the paths, a
 * fanout on the top 16 bits of the hash, the directory of names and the
 * posting lists (delta-coded varints).  A 64-bit checksum covers the
 * header, the file table, the paths, the fanout and the table of block
 * checksums; the directory and postings are checked per 4 KiB block when
 * first touched, so a lookup reads only what it needs.  A file that fails any check is ignored with a warning
 * and rebuilt.
 */

struct wb_treeidx;

/* One file of the tree, for wb_treeidx_build(). */
struct wb_treeidx_input {
	const char *path;
	const git_oid *oid;
	size_t uniq;			/* index of the first file with this oid */
	const struct wb_summary *sum;	/* NULL: not readable (no postings) */
	uint32_t flags;			/* of the summary */
	uint64_t size;			/* of the blob */
};

/* From the per-file summaries (in[i].uniq <= i) and the subtrees of the listing. */
struct wb_treeidx *wb_treeidx_build(const struct wb_treeidx_input *in, size_t n,
				    const struct wb_subtree_list *subs);
/*
 * Writes t as the index of tree under dir (created).  Only an index of a
 * tree whose every file was read belongs on disk.  Warns and returns -1.
 */
int wb_treeidx_save(const struct wb_treeidx *t, const char *dir, const git_oid *tree);
/*
 * The saved index of tree: 0 and *out, or 1 when there is none (or it is
 * another scanner's), or -1 when it is damaged (warned, and removed so the
 * next save replaces it).
 */
int wb_treeidx_load(struct wb_treeidx **out, const char *dir, const git_oid *tree);
void wb_treeidx_free(struct wb_treeidx *t);

size_t wb_treeidx_nfiles(const struct wb_treeidx *t);
/* File i of the index. */
const char *wb_treeidx_path(const struct wb_treeidx *t, size_t i);
void wb_treeidx_oid(const struct wb_treeidx *t, size_t i, git_oid *out);
size_t wb_treeidx_uniq(const struct wb_treeidx *t, size_t i);
/* The subtrees of the listing, parents first: path (with its '/'), id and files. */
size_t wb_treeidx_nsubs(const struct wb_treeidx *t);
const char *wb_treeidx_sub(const struct wb_treeidx *t, size_t i, git_oid *oid, size_t *first,
			   size_t *last);
/* The summary's flags and blob size; readable: the file had a summary. */
int wb_treeidx_readable(const struct wb_treeidx *t, size_t i);
uint32_t wb_treeidx_flags(const struct wb_treeidx *t, size_t i);
uint64_t wb_treeidx_size(const struct wb_treeidx *t, size_t i);

/*
 * Sets bit f of bits (one per file of the index) for every file f (an
 * index of a first copy, see uniq) whose summary holds hash.  -1 when the
 * entries fail their checks (warned once): the caller must then take every
 * file as a candidate.
 */
int wb_treeidx_mark(const struct wb_treeidx *t, uint32_t hash, uint64_t *bits);

#endif
