/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_AUDIT_H
#define WB_AUDIT_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "cache.h"
#include "check.h"
#include "repo.h"
#include "treeidx.h"

/*
 * The index of one tree: every .c/.h blob with its summary (the identifiers
 * it mentions, from the cache or computed now) and, for the blobs a query
 * needs, the full scan record (from the cache or scanned on demand).
 */
struct wb_index_opts {
	const char *cache_dir;	/* base directory of the caches; NULL: no cache */
	size_t max_size;	/* blobs larger than this are skipped */
	int skip_large;		/* ... as the user asked: the audit is still complete */
	unsigned jobs;		/* 0: all cores */
	int progress;		/* progress line on stderr */
	/* blobs mentioning one of these are fully scanned while first read */
	const struct wb_nameset *eager;
	int no_tree_index;	/* do not use a saved tree index */
	/* a tree listed before (a sweep's previous revision): its index lends subtrees */
	const git_oid *base_tree;
};

struct wb_index_file {
	const char *path;		/* borrowed from blobs */
	const git_oid *oid;
	enum wb_read_status status;
	char *msg;			/* why it could not be read */
	size_t uniq;			/* index of the first file with this oid */
	struct wb_summary sum;		/* valid when status == WB_READ_OK */
	struct wb_record rec;		/* valid when has_rec */
	int has_rec;
};

struct wb_index {
	struct wb_repo *repo;
	struct wb_blob_list blobs;
	struct wb_index_file *files;
	size_t nfiles;
	size_t max_size;
	int skip_large;
	unsigned jobs;
	const struct wb_nameset *eager;
	struct wb_cache *sums, *recs;
	char *tree_dir;			/* the saved tree indexes; NULL: none */
	struct wb_treeidx *tix;		/* the summaries inside out (treeidx.h) */
	int tix_loaded;			/* the listing came from a saved one */
	struct wb_mentions *mentions;	/* files per name hash, as asked */
	struct wb_subtree_list subs;	/* of the listing, for the tree index */
	/*
	 * Overlay: no index of this tree, but one of a tree sharing most of
	 * its subtrees.  Its postings answer for the files listed from it
	 * (base_map: its first copies to ours, -1 when gone), the summaries
	 * for the rest (from_base[i] == 0).
	 */
	struct wb_treeidx *base;
	size_t *from_base;		/* per file: its index in base + 1, or 0 */
	long *base_map;
	pthread_mutex_t lock;		/* protects owned */
	void **owned;			/* records not handed to a cache */
	size_t nowned, owned_alloc;
	size_t nmissing, ncorrupt, ntoobig, nbinary, nrefused, nread, nscanned;
};

int wb_index_build(struct wb_index *idx, struct wb_repo *repo, const git_oid *tree,
		   const struct wb_index_opts *opts);
/* Makes sure every file in list has its full scan record (when readable). */
void wb_index_scan(struct wb_index *idx, const size_t *list, size_t n);
/*
 * How many files the audit needed and did not read: missing or corrupt
 * objects, binary blobs, refused paths, and files over max_size unless
 * skip_large.  Nonzero: the audit is incomplete.
 */
size_t wb_index_incomplete(const struct wb_index *idx);
/* Why f was not read (borrowed), or NULL when it was. */
const char *wb_index_skip_reason(const struct wb_index_file *f);
/* Reports what was skipped, once per file, on stderr. */
void wb_index_report_skipped(const struct wb_index *idx);
/* Writes new records to the caches. */
void wb_index_flush(struct wb_index *idx);
void wb_index_release(struct wb_index *idx);
/*
 * Could readable file i mention name (of hash wb_name_hash(name))?  Names
 * too short to summarise: yes.  Thread-safe.
 */
int wb_index_may_mention(const struct wb_index *idx, size_t i, const char *name, uint32_t hash);
/* ... one of names? */
int wb_index_mentions_any(const struct wb_index *idx, size_t i, const struct wb_nameset *names);
/*
 * Marks in bits (one per file, by the index of its first copy, see uniq)
 * every file whose summary holds one of hashes.  Returns -1 when the index
 * cannot tell (a damaged block): every file is then a candidate.
 */
int wb_index_mark(const struct wb_index *idx, const uint32_t *hashes, size_t n, uint64_t *bits);

/* Source order of two positions of idx's files: path, then line, then column. */
int wb_index_cmp_pos(const struct wb_index *idx, size_t fa, uint32_t la, uint32_t ca, size_t fb,
		     uint32_t lb, uint32_t cb);

/* ---- call trees ---------------------------------------------------------- */

enum wb_wrapper { WB_NOT_WRAPPER, WB_WRAPPER_LISTED, WB_WRAPPER_DETECTED };

/*
 * Where a walk up the callers stops.  mode = paths: an entry point of the
 * check (1).  mode = up (callers --up): a system call, a function exported
 * to modules, an operations table's initializer holding the address, or
 * the depth limit.
 */
enum wb_entry {
	WB_ENTRY_NONE = 0,
	WB_ENTRY_LISTED = 1,
	WB_ENTRY_SYSCALL,
	WB_ENTRY_EXPORTED,
	WB_ENTRY_TABLE,
	WB_ENTRY_DEPTH,
};

struct wb_node {
	const char *func;	/* caller function; NULL at file scope */
	const char *callee;
	size_t file;		/* index into wb_index.files */
	uint32_t line, col;
	uint8_t kind;		/* enum wb_site_kind */
	uint8_t site_flags;	/* enum wb_site_flags */
	uint8_t func_kind;	/* enum wb_func_kind */
	uint8_t func_flags;
	uint32_t func_line, func_end;
	uint32_t param_mask;
	enum wb_wrapper wrapper;
	long query;		/* wrapper: the query holding its callers, else -1 */
	int entry;		/* mode = paths (1) or up: enum wb_entry */
	const char *object;	/* a reference in a file-scope initializer: the
				   object initialized, else NULL */
	/*
	 * mode = paths, a reference in an initializer: the member it is
	 * stored in ('.m = fn') and the struct type of the object ('T' of
	 * 'struct T obj = {...}', NULL when not seen), else NULL
	 */
	const char *member;
	const char *stype;
};

struct wb_query {
	const char *name;	/* owned by the audit's name pool */
	long restrict_file;	/* static wrapper: only this file, else -1 */
	unsigned level;
	struct wb_node *nodes;
	size_t nnodes, alloc;
	int is_root;
	int nested;		/* a root that is also shown as a wrapper elsewhere */
	long parent;		/* the query whose node made this one, -1 for roots */
	long parent_node;	/* that node's index */
	/*
	 * mode = paths: calls through a struct member ('p->ops->m(...)'); name
	 * is "->m", the nodes are those calls, each an indirect call of every
	 * function stored as '.m = fn'.  Same level as those functions: the
	 * store is no call.
	 */
	int member;
	const char *mname;	/* member: m, pooled */
	const char *mtype;	/* member: T of the stores, NULL when not seen */
	/*
	 * a wrapper: how its result says success, WB_FLOW_* (flow.h); 0 as
	 * the primitive's, zero on success
	 */
	unsigned result_flags;
	/* a wrapper whose arguments are not its callers' range, in order */
	int opaque_args;
};

struct wb_store_list;

struct wb_audit {
	const struct wb_check *check;
	struct wb_index *idx;
	struct wb_query *queries;
	size_t nqueries, alloc;
	struct wb_nameset *names;	/* pool of owned strings */
	unsigned depth;
	unsigned scope_depth;	/* mode = paths: callers in the indirect scope, this deep */
	int truncated;		/* the depth limit cut a wrapper chain */
	int all_uses;		/* every use of the names, not only address-taken ones */
	int paths;		/* mode = paths: every caller is followed, up to entry points */
	int up;			/* mode = up: every caller, up to enum wb_entry's stops */
	struct wb_nameset *entry_names;	/* mode = paths: entries and entry tables */
	struct wb_nameset *entry_tables;	/* mode = paths: entry tables alone */
	long *qmap;		/* (name, restrict_file) -> query, open addressing */
	size_t qmap_size;
	char *excluded;		/* per file of idx: the check's 'exclude' names it */
	uint32_t **site_hashes;	/* per file: name hash of each site, made when first needed */
	char *table_files;	/* mode = paths, per file: it mentions an entry table */
	/* mode = paths, per file: functions stored as '.m = fn' in initializers, when read */
	struct wb_store_list *stores;
	/* mode = paths: struct types of fields looked up in include/ ("name=T") */
	struct wb_nameset *field_looked, *field_types;
};

/*
 * A call site that gets a verdict of its own: not a wrapper whose callers
 * are shown in its place (one the depth limit did not expand is judged).
 */
static inline int wb_node_judged(const struct wb_node *n)
{
	return n->kind == WB_SITE_CALL && (n->wrapper == WB_NOT_WRAPPER || n->query < 0);
}

/*
 * Reads idx's blobs for body hashes, keeping the last one: a walk over
 * nodes in path order reads each blob once.
 */
struct wb_blob_cursor {
	const struct wb_index *idx;
	size_t file;
	git_odb_object *obj;
	int status;			/* enum wb_read_status of obj's read */
};
#define WB_BLOB_CURSOR_INIT(index) { (index), (size_t)-1, NULL, 0 }
void wb_blob_cursor_release(struct wb_blob_cursor *cur);
/* The content of idx's file (borrowed until the next call); -1 when unreadable. */
int wb_blob_cursor_data(struct wb_blob_cursor *cur, size_t file, const char **data, size_t *len);

/*
 * Token hash of the body of n's caller (of its line at file scope), read from
 * the blob; 0 when the blob cannot be read.
 */
uint64_t wb_node_body_hash(struct wb_blob_cursor *cur, const struct wb_node *n);

/* Builds the call trees of check's primitives over idx, depth wrapper levels. */
int wb_audit_run(struct wb_audit *a, struct wb_index *idx, const struct wb_check *check,
		 unsigned depth);
void wb_audit_release(struct wb_audit *a);

#endif
