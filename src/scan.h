/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SCAN_H
#define WB_SCAN_H

#include <stddef.h>
#include <stdint.h>

/*
 * The C scanner: one pass over a source buffer that knows comments, string
 * and character literals, line continuations, preprocessor lines and brace
 * depth, and extracts what the audit needs: function definitions (including
 * function-like macros), call sites of every identifier, and the names that
 * appear in address-taken positions.  It never needs the preprocessor and
 * never recurses, so hostile input costs linear time and constant stack.
 *
 * All names live in one string table; the structs hold offsets into it so a
 * scan can be serialised into the cache as it is.
 */

#define WB_SCAN_VERSION 2

enum wb_func_kind {
	WB_FUNC_C = 0,		/* a C function definition */
	WB_FUNC_MACRO = 1,	/* #define NAME(params) body */
};

enum wb_func_flags {
	WB_FUNC_STATIC = 1 << 0,	/* 'static' storage class: file-local */
	WB_FUNC_NAMED_BY_MACRO = 1 << 1,/* SYSCALL_DEFINEn(x, ...) and friends */
};

struct wb_scan_func {
	uint32_t name;		/* strtab offset */
	uint32_t line;		/* line of the name */
	uint32_t end_line;	/* line of the closing brace (macro: last line) */
	uint16_t nparams;
	uint16_t nstmts;	/* statements in the body, saturating */
	uint8_t kind;		/* enum wb_func_kind */
	uint8_t flags;		/* enum wb_func_flags */
	uint16_t pad;
};

enum wb_site_kind {
	WB_SITE_CALL = 0,	/* name ( ... ) */
	WB_SITE_REF = 1,	/* address taken: '.op = name', '&name', 'f(name)' */
};

enum wb_site_flags {
	WB_SITE_IN_MACRO = 1 << 0,	/* inside a #define body */
	WB_SITE_RETURNED = 1 << 1,	/* 'return name(...)' or a macro body's value */
};

struct wb_scan_site {
	uint32_t name;		/* strtab offset of the callee / referenced name */
	uint32_t line;
	uint16_t col;		/* 1-based byte column, saturating */
	uint8_t kind;		/* enum wb_site_kind */
	uint8_t flags;		/* enum wb_site_flags */
	int32_t func;		/* index into funcs, -1 at file scope */
	uint32_t param_mask;	/* which of the enclosing function's first 32
				   parameters appear in the argument list */
	uint32_t object;	/* at file scope inside an initializer
				   ('T ops[] = { .f = name }'): strtab
				   offset of the object's name, else
				   WB_NO_OBJECT */
};

#define WB_NO_OBJECT UINT32_MAX

enum wb_scan_flags {
	WB_SCAN_BINARY = 1 << 0,		/* NUL byte: not scanned */
	WB_SCAN_UNTERMINATED_COMMENT = 1 << 1,
	WB_SCAN_UNTERMINATED_STRING = 1 << 2,
	WB_SCAN_UNBALANCED = 1 << 3,		/* stray '}' or missing '}' */
	WB_SCAN_TOO_DEEP = 1 << 4,		/* nesting beyond what is tracked */
};

struct wb_scan {
	struct wb_scan_func *funcs;
	size_t nfuncs;
	struct wb_scan_site *sites;
	size_t nsites;
	/* sorted, unique wb_name_hash() of every name in a reference position */
	uint32_t *refnames;
	size_t nrefnames;
	char *strtab;
	size_t strtab_len;
	unsigned flags;		/* enum wb_scan_flags */
	uint32_t flag_line;	/* first line a flag refers to */
	uint32_t nlines;
	uint64_t size;		/* of the buffer scanned */
};

/*
 * The summary of a buffer: the sorted, unique wb_name_hash() of every
 * identifier-like run of at least WB_SUMMARY_MIN_NAME bytes in it, comments
 * and strings included.  It costs a few instructions a byte and answers
 * "could this blob mention NAME?" with no false negatives (shorter names:
 * always "maybe"), so only blobs that might matter get a full scan.
 * Returns WB_SCAN_BINARY (and no hashes) for content with a NUL byte, else 0.
 */
#define WB_SUMMARY_MIN_NAME 4
unsigned wb_summarize_buffer(uint32_t **hashes, size_t *n, const char *buf, size_t len);

/*
 * Hash of the tokens of lines first..last of buf: comments, white space and
 * line breaks do not change it, any token does.
 */
uint64_t wb_body_hash(const char *buf, size_t len, uint32_t first_line, uint32_t last_line);

/* Names for which reference sites (not only refnames) are wanted. */
struct wb_nameset;

uint32_t wb_name_hash(const char *s, size_t len);

/*
 * Scans buf.  Call sites are recorded for every name; reference sites only
 * for names in want_refs, at every use that is not a call (NULL: none;
 * refnames, the names in address-taken positions, is filled regardless).
 * Returns 0, or -1 on allocation failure.  *out is initialised first and
 * must be released with wb_scan_release() either way.
 */
int wb_scan_buffer(struct wb_scan *out, const char *buf, size_t len,
		   const struct wb_nameset *want_refs);
void wb_scan_release(struct wb_scan *scan);

static inline const char *wb_scan_str(const struct wb_scan *scan, uint32_t off)
{
	return scan->strtab + off;
}

/* Name sets: exact-match set of identifiers, used by scanner and queries. */
struct wb_nameset *wb_nameset_new(void);
int wb_nameset_add(struct wb_nameset *set, const char *name, size_t len);
/* The set's own copy of name (added when absent); stable until freed. */
const char *wb_nameset_intern(struct wb_nameset *set, const char *name, size_t len);
int wb_nameset_has(const struct wb_nameset *set, const char *name, size_t len);
size_t wb_nameset_count(const struct wb_nameset *set);
const char *wb_nameset_get(const struct wb_nameset *set, size_t i);
void wb_nameset_free(struct wb_nameset *set);

#endif
