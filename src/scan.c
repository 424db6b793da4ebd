// SPDX-License-Identifier: GPL-2.0
/*
 * The C scanner.  A tokenizer feeds a small state machine that tracks what a
 * reader tracks: file scope or function body, brace and parenthesis depth,
 * #define bodies, and #if/#else branches (each branch starts from the state
 * at its #if, so braces split across branches do not derail the rest).
 */
#include "scan.h"

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "util.h"

/* ---- name sets ---------------------------------------------------------- */

struct wb_nameset {
	char **names;
	uint32_t *hashes;
	size_t n, alloc;
	uint32_t *slots;	/* 1-based index into names, 0 empty */
	size_t nslots;
};

/*
 * Names are hashed a word at a time: the summary hashes every identifier of
 * every blob, so this is the hottest loop of a cold audit.  The last, short
 * word (the name's last bytes, zero-extended) is loaded without a byte loop
 * and without reading outside the name.
 */
#define NAME_SEED 0x9e3779b97f4a7c15ull
#define NAME_MUL 0xff51afd7ed558ccdull
#define NAME_FIN 0xc4ceb9fe1a85ec53ull

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NAME_LE 1
#else
#define NAME_LE 0
#endif

static inline uint64_t load64(const unsigned char *p)
{
	uint64_t w;

	memcpy(&w, p, 8);
	return w;
}

static inline uint64_t load32(const unsigned char *p)
{
	uint32_t w;

	memcpy(&w, p, 4);
	return w;
}

static inline uint64_t name_mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * NAME_MUL;
	return h ^ (h >> 29);
}

/* s[0..rem) zero-extended, 0 < rem < 8; 'whole' is set when s[rem - 8] is still in the name. */
static inline uint64_t name_tail(const unsigned char *s, size_t rem, int whole)
{
	uint64_t w = 0;

	if (!NAME_LE)
		memcpy(&w, s, rem);
	else if (whole)
		w = load64(s + rem - 8) >> (64 - 8 * rem);
	else if (rem >= 4)	/* two loads that overlap when rem < 8 */
		w = load32(s) | load32(s + rem - 4) << (8 * (rem - 4));
	else
		w = s[0] | (uint64_t)s[rem / 2] << (8 * (rem / 2)) | (uint64_t)s[rem - 1] << (8 * (rem - 1));
	return w;
}

static inline uint32_t name_hash(const unsigned char *s, size_t len)
{
	uint64_t h = NAME_SEED ^ len;
	size_t i, rem = len & 7;

	for (i = 0; i + 8 <= len; i += 8)
		h = name_mix(h, load64(s + i));
	if (rem)
		h = name_mix(h, name_tail(s + i, rem, len >= 8));
	return (uint32_t)((h * NAME_FIN) >> 32);
}

/*
 * name_hash() of a name of 16 bytes or fewer with 16 bytes readable at s,
 * without a branch on its length: both words are loaded whole and masked to
 * the name, and the result of one round or of two is chosen.
 */
static const uint64_t name16_mask[17][2] = {
	{ 0x0000000000000000ull, 0x0000000000000000ull },	/* 0 */
	{ 0x00000000000000ffull, 0x0000000000000000ull },	/* 1 */
	{ 0x000000000000ffffull, 0x0000000000000000ull },	/* 2 */
	{ 0x0000000000ffffffull, 0x0000000000000000ull },	/* 3 */
	{ 0x00000000ffffffffull, 0x0000000000000000ull },	/* 4 */
	{ 0x000000ffffffffffull, 0x0000000000000000ull },	/* 5 */
	{ 0x0000ffffffffffffull, 0x0000000000000000ull },	/* 6 */
	{ 0x00ffffffffffffffull, 0x0000000000000000ull },	/* 7 */
	{ 0xffffffffffffffffull, 0x0000000000000000ull },	/* 8 */
	{ 0xffffffffffffffffull, 0x00000000000000ffull },	/* 9 */
	{ 0xffffffffffffffffull, 0x000000000000ffffull },	/* 10 */
	{ 0xffffffffffffffffull, 0x0000000000ffffffull },	/* 11 */
	{ 0xffffffffffffffffull, 0x00000000ffffffffull },	/* 12 */
	{ 0xffffffffffffffffull, 0x000000ffffffffffull },	/* 13 */
	{ 0xffffffffffffffffull, 0x0000ffffffffffffull },	/* 14 */
	{ 0xffffffffffffffffull, 0x00ffffffffffffffull },	/* 15 */
	{ 0xffffffffffffffffull, 0xffffffffffffffffull },	/* 16 */
};

static inline uint32_t name_hash16(const unsigned char *s, size_t len)
{
	uint64_t h1 = name_mix(NAME_SEED ^ len, load64(s) & name16_mask[len][0]);
	uint64_t h2 = name_mix(h1, load64(s + 8) & name16_mask[len][1]);
	uint64_t one = -(uint64_t)(len <= 8);	/* not a branch: it would be a coin toss */

	return (uint32_t)((((h1 & one) | (h2 & ~one)) * NAME_FIN) >> 32);
}

uint32_t wb_name_hash(const char *s, size_t len)
{
	return name_hash((const unsigned char *)s, len);
}

struct wb_nameset *wb_nameset_new(void)
{
	return xcalloc(1, sizeof(struct wb_nameset));
}

static size_t nameset_find(const struct wb_nameset *set, const char *name,
			   size_t len, uint32_t h)
{
	size_t i = h & (set->nslots - 1);

	for (;; i = (i + 1) & (set->nslots - 1)) {
		uint32_t k = set->slots[i];

		if (!k)
			return i;
		if (set->hashes[k - 1] == h && !strncmp(set->names[k - 1], name, len) &&
		    !set->names[k - 1][len])
			return i;
	}
}

static void nameset_rehash(struct wb_nameset *set)
{
	size_t i;

	free(set->slots);
	set->nslots = set->nslots ? set->nslots * 2 : 64;
	set->slots = xcalloc(set->nslots, sizeof(*set->slots));
	for (i = 0; i < set->n; i++) {
		size_t j = set->hashes[i] & (set->nslots - 1);

		while (set->slots[j])
			j = (j + 1) & (set->nslots - 1);
		set->slots[j] = (uint32_t)i + 1;
	}
}

int wb_nameset_add(struct wb_nameset *set, const char *name, size_t len)
{
	uint32_t h = wb_name_hash(name, len);
	size_t i;

	if ((set->n + 1) * 2 > set->nslots)
		nameset_rehash(set);
	i = nameset_find(set, name, len, h);
	if (set->slots[i])
		return 0;
	if (set->n == set->alloc) {
		set->alloc = set->alloc ? set->alloc * 2 : 16;
		set->names = xrealloc(set->names, set->alloc * sizeof(*set->names));
		set->hashes = xrealloc(set->hashes, set->alloc * sizeof(*set->hashes));
	}
	set->names[set->n] = xstrndup(name, len);
	set->hashes[set->n] = h;
	set->slots[i] = (uint32_t)++set->n;
	return 1;
}

const char *wb_nameset_intern(struct wb_nameset *set, const char *name, size_t len)
{
	size_t i;

	wb_nameset_add(set, name, len);
	i = nameset_find(set, name, len, wb_name_hash(name, len));
	return set->names[set->slots[i] - 1];
}

int wb_nameset_has(const struct wb_nameset *set, const char *name, size_t len)
{
	if (!set || !set->n)
		return 0;
	return set->slots[nameset_find(set, name, len, wb_name_hash(name, len))] != 0;
}

size_t wb_nameset_count(const struct wb_nameset *set)
{
	return set ? set->n : 0;
}

const char *wb_nameset_get(const struct wb_nameset *set, size_t i)
{
	return set->names[i];
}

void wb_nameset_free(struct wb_nameset *set)
{
	size_t i;

	if (!set)
		return;
	for (i = 0; i < set->n; i++)
		free(set->names[i]);
	free(set->names);
	free(set->hashes);
	free(set->slots);
	free(set);
}

/* ---- tokenizer ---------------------------------------------------------- */

enum tok_kind {
	T_EOF,
	T_IDENT,
	T_PUNCT,	/* one character in p[0]; '->' is T_ARROW */
	T_ARROW,
	T_NUM,
	T_STR,
	T_DIRECTIVE,	/* '#' at the start of a line; p/len name the directive */
	T_PPEND,	/* end of a directive's logical line */
};

struct tok {
	enum tok_kind kind;
	const char *p;
	uint32_t len;
	uint32_t line;
	uint32_t col;
};

enum { C_OTHER, C_SPACE, C_NL, C_IDENT, C_DIGIT };
static unsigned char cclass[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void init_keywords(void);
static void init_ref_tables(void);

static void init_cclass(void)
{
	init_ref_tables();
	int c;

	init_keywords();
	for (c = 0; c < 256; c++) {
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$')
			cclass[c] = C_IDENT;
		else if (c >= '0' && c <= '9')
			cclass[c] = C_DIGIT;
		else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v')
			cclass[c] = C_SPACE;
		else if (c == '\n')
			cclass[c] = C_NL;
		else
			cclass[c] = C_OTHER;
	}
}

struct lexer {
	const char *buf, *end, *p;
	const char *line_start;
	uint32_t line;
	bool bol;		/* only white space since the start of the line */
	bool in_pp;		/* inside a directive's logical line */
	bool pp_skip;		/* directive whose tokens we do not need */
	bool broken_literal;	/* the last literal ran into the end of its line */
	unsigned flags;
	uint32_t flag_line;
};

static void lex_flag_at(struct lexer *lx, unsigned flag, uint32_t line)
{
	if (!lx->flags)
		lx->flag_line = line;
	lx->flags |= flag;
}

static void lex_flag(struct lexer *lx, unsigned flag)
{
	lex_flag_at(lx, flag, lx->line);
}

static inline void lex_newline(struct lexer *lx, const char *nl)
{
	lx->line++;
	lx->line_start = nl + 1;
	lx->bol = true;
}

/* Skips a block comment starting after the opening; false if unterminated. */
static bool skip_block_comment(struct lexer *lx)
{
	const char *p = lx->p;
	uint32_t open_line = lx->line;

	for (;;) {
		const char *q = memchr(p, '*', (size_t)(lx->end - p));
		const char *nl;

		/* count the newlines we pass */
		for (nl = memchr(p, '\n', (size_t)((q ? q : lx->end) - p)); nl;
		     nl = memchr(nl + 1, '\n', (size_t)((q ? q : lx->end) - nl - 1))) {
			lx->line++;
			lx->line_start = nl + 1;
		}
		if (!q) {
			lx->p = lx->end;
			lex_flag_at(lx, WB_SCAN_UNTERMINATED_COMMENT, open_line);
			return false;
		}
		if (q + 1 < lx->end && q[1] == '/') {
			lx->p = q + 2;
			return true;
		}
		p = q + 1;
	}
}

static void skip_line_comment(struct lexer *lx)
{
	const char *p = lx->p;

	while (p < lx->end) {
		const char *nl = memchr(p, '\n', (size_t)(lx->end - p));
		const char *e;

		if (!nl) {
			p = lx->end;
			break;
		}
		e = nl;
		if (e > p && e[-1] == '\r')
			e--;
		if (e > p && e[-1] == '\\') {	/* continued comment */
			lx->line++;
			lx->line_start = nl + 1;
			p = nl + 1;
			continue;
		}
		p = nl;
		break;
	}
	lx->p = p;
}

static void skip_literal(struct lexer *lx, char quote)
{
	const char *p = lx->p;

	while (p < lx->end) {
		char c = *p;

		if (c == quote) {
			lx->p = p + 1;
			return;
		}
		if (c == '\\' && p + 1 < lx->end) {
			if (p[1] == '\n') {
				lx->line++;
				lx->line_start = p + 2;
			} else if (p[1] == '\r' && p + 2 < lx->end && p[2] == '\n') {
				lx->line++;
				lx->line_start = p + 3;
				p++;
			}
			p += 2;
			continue;
		}
		if (c == '\n')
			break;
		p++;
	}
	lex_flag(lx, WB_SCAN_UNTERMINATED_STRING);
	lx->broken_literal = true;
	lx->p = p;	/* resume at the newline */
}

static void lex_next(struct lexer *lx, struct tok *t)
{
	const char *p;

again:
	p = lx->p;
	while (p < lx->end) {
		unsigned char c = (unsigned char)*p;

		if (cclass[c] == C_SPACE) {
			p++;
		} else if (c == '\n') {
			lx->line++;
			lx->line_start = p + 1;
			lx->bol = true;
			if (lx->in_pp) {
				lx->in_pp = false;
				lx->p = p + 1;
				t->kind = T_PPEND;
				t->p = p;
				t->len = 0;
				t->line = lx->line - 1;
				t->col = 1;
				return;
			}
			p++;
		} else if (c == '\\' && p + 1 < lx->end &&
			   (p[1] == '\n' || (p[1] == '\r' && p + 2 < lx->end && p[2] == '\n'))) {
			p += p[1] == '\n' ? 2 : 3;
			lx->line++;
			lx->line_start = p;
		} else {
			break;
		}
	}
	lx->p = p;
	if (p >= lx->end) {
		if (lx->in_pp) {
			lx->in_pp = false;
			t->kind = T_PPEND;
		} else {
			t->kind = T_EOF;
		}
		t->p = p;
		t->len = 0;
		t->line = lx->line;
		t->col = 1;
		return;
	}

	t->p = p;
	t->line = lx->line;
	t->col = (uint32_t)(p - lx->line_start) + 1;

	if (lx->pp_skip) {
		/* a directive we do not parse: only comments and continuations matter */
		if (*p == '/' && p + 1 < lx->end && (p[1] == '*' || p[1] == '/')) {
			lx->p = p + 2;
			if (p[1] == '*') {
				skip_block_comment(lx);
			} else {
				skip_line_comment(lx);
			}
		} else {
			lx->p = p + 1;
		}
		goto again;
	}

	switch (cclass[(unsigned char)*p]) {
	case C_IDENT:
		while (p < lx->end && (cclass[(unsigned char)*p] == C_IDENT ||
				       cclass[(unsigned char)*p] == C_DIGIT))
			p++;
		t->kind = T_IDENT;
		break;
	case C_DIGIT:
		while (p < lx->end) {
			unsigned char c = (unsigned char)*p;

			if (cclass[c] == C_IDENT || cclass[c] == C_DIGIT || c == '.' || c == '\'')
				p++;
			else if ((c == '+' || c == '-') && strchr("eEpP", p[-1]))
				p++;
			else
				break;
		}
		t->kind = T_NUM;
		break;
	default:
		switch (*p) {
		case '/':
			if (p + 1 < lx->end && p[1] == '*') {
				lx->p = p + 2;
				if (!skip_block_comment(lx)) {
					t->kind = T_EOF;
					t->len = 0;
					return;
				}
				goto again;
			}
			if (p + 1 < lx->end && p[1] == '/') {
				lx->p = p + 2;
				skip_line_comment(lx);
				goto again;
			}
			break;
		case '"':
		case '\'':
			lx->p = p + 1;
			skip_literal(lx, *p);
			lx->bol = false;
			t->kind = T_STR;
			t->len = (uint32_t)(lx->p - t->p);
			return;
		case '#':
			if (lx->bol && !lx->in_pp) {
				const char *q = p + 1;

				while (q < lx->end && (*q == ' ' || *q == '\t'))
					q++;
				t->p = q;
				while (q < lx->end && cclass[(unsigned char)*q] == C_IDENT)
					q++;
				t->kind = T_DIRECTIVE;
				t->len = (uint32_t)(q - t->p);
				lx->p = q;
				lx->in_pp = true;
				lx->bol = false;
				return;
			}
			break;
		case '-':
			if (p + 1 < lx->end && p[1] == '>') {
				lx->p = p + 2;
				lx->bol = false;
				t->kind = T_ARROW;
				t->len = 2;
				return;
			}
			break;
		}
		p++;
		t->kind = T_PUNCT;
		break;
	}
	lx->p = p;
	lx->bol = false;
	t->len = (uint32_t)(p - t->p);
}

/* ---- the state machine -------------------------------------------------- */

#define MAX_PARAMS 32
#define MAX_PARENS 256
#define MAX_IFS 64

struct param {
	const char *p;
	uint32_t len;
};

struct paren {
	int32_t site;		/* call site whose argument list this is, or -1 */
	bool file_group;	/* a top-level group at file scope */
	bool no_refs;		/* EXPORT_SYMBOL(...) and friends */
};

/* What one context (the file, or one #define body) needs. */
struct context {
	int32_t func;
	struct param params[MAX_PARAMS];
	unsigned nparams;
	struct paren parens[MAX_PARENS];
	unsigned pdepth;	/* may exceed MAX_PARENS: then untracked */
	unsigned nstmts;
	/* the previous significant token, for reference positions */
	enum tok_kind prev_kind;
	char prev_punct;
	bool prev_return;
	struct tok prev_tok, prev2_tok;	/* the two tokens before this one */
	/* 'v = call(...)' sites of this body, for a later 'return v;' */
	struct {
		int32_t site;
		const char *p;
		uint32_t len;
	} assigned[8];
	unsigned nassigned;
	struct tok returned_var;	/* the last 'return v;' */
	unsigned returned_at;		/* statements before it */
	bool returned_set;
	bool first_in_body;	/* macro body: nothing seen yet */
};

/* File-scope statement: finds 'name(params) attrs {'. */
struct stmt {
	bool has_eq;
	bool is_static;
	bool cand_valid;
	struct tok cand;		/* identifier naming the candidate group */
	struct tok group_first;		/* first token inside it (macro-named defs) */
	struct param cparams[MAX_PARAMS];
	unsigned ncparams;
	/* the group being read */
	bool in_group;
	struct tok group_ident;
	struct tok group_first_tok;
	bool group_first_set;
	struct param gparams[MAX_PARAMS];
	unsigned ngparams;
	struct tok seg_last;		/* last identifier in the current segment */
	bool seg_last_set;
	struct tok seg_nested;		/* first identifier in a nested group */
	bool seg_nested_set;
	bool attr_ok;			/* only attribute-like tokens since cand */
	struct tok object;		/* last plain identifier before '=' */
	bool object_set;
};

struct if_frame {
	unsigned depth, func_depth, end_func_depth;
	int32_t func;
	unsigned nparams;
	struct param params[MAX_PARAMS];
	bool had_else;
	unsigned end_depth;
	int32_t end_func;
	unsigned end_nparams;
	struct param end_params[MAX_PARAMS];
};

struct scanner {
	struct lexer lx;
	struct wb_scan *out;
	const struct wb_nameset *want_refs;

	size_t funcs_alloc, sites_alloc, refs_alloc, str_alloc;
	/* interned names: open addressing over strtab offsets */
	uint32_t *itab;
	uint32_t *ihash;
	size_t inslots, inused;
	/* hashes of names in reference positions, deduplicated as they come */
	uint32_t *refset;
	size_t refslots;

	struct context file, macro, *cx;
	struct tok macro_name;
	bool macro_pending;
	struct stmt st;
	unsigned depth;
	unsigned func_depth;
	struct if_frame ifs[MAX_IFS];
	unsigned nifs;		/* may exceed MAX_IFS: then untracked */
};

static const char *const keywords[] = {
	"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__",
	"__typeof", "typeof_unqual", "alignof", "_Alignof", "__alignof__", "asm",
	"__asm__", "__asm", "volatile", "__volatile__", "__attribute__",
	"__attribute", "_Static_assert", "static_assert", "do", "else", "case",
	"goto", "defined", "_Generic", "__label__", "int", "char", "void", "long",
	"short", "unsigned", "signed", "const", "struct", "union", "enum",
	"static", "extern", "inline", "__inline", "__inline__", "register",
	"default", "break", "continue", "float", "double", "_Bool", "bool",
	"restrict", "__restrict", "auto", "typedef",
};

/*
 * Keywords in a small hash table keyed by length, first and last byte:
 * identifiers are tested once per token, so this must cost a load or two.
 */
#define KW_SLOTS 512
static signed char kw_table[KW_SLOTS][2];

static inline unsigned kw_key(const char *p, uint32_t len)
{
	return (len * 41u + (unsigned char)p[0] * 11u + (unsigned char)p[len - 1] * 3u) &
	       (KW_SLOTS - 1);
}

static void init_keywords(void)
{
	size_t i;

	memset(kw_table, -1, sizeof(kw_table));
	for (i = 0; i < WB_ARRAY_SIZE(keywords); i++) {
		unsigned k = kw_key(keywords[i], (uint32_t)strlen(keywords[i]));

		if (kw_table[k][0] < 0)
			kw_table[k][0] = (signed char)i;
		else if (kw_table[k][1] < 0)
			kw_table[k][1] = (signed char)i;
		else
			abort();	/* the table is static data: caught by every test */
	}
}

static bool is_keyword(const char *p, uint32_t len)
{
	unsigned k, j;

	if (len < 2 || len > 14)
		return false;
	k = kw_key(p, len);
	for (j = 0; j < 2; j++) {
		int i = kw_table[k][j];

		if (i < 0)
			return false;
		if (!strncmp(keywords[i], p, len) && !keywords[i][len])
			return true;
	}
	return false;
}

static bool tok_is_n(const struct tok *t, const char *s, size_t n)
{
	return (t->kind == T_IDENT || t->kind == T_DIRECTIVE) && t->len == n &&
	       !memcmp(t->p, s, n);
}

#define tok_is(t, s) tok_is_n((t), (s), sizeof(s) - 1)

static bool tok_punct(const struct tok *t, char c)
{
	return t->kind == T_PUNCT && t->p[0] == c;
}

static uint32_t intern(struct scanner *s, const char *p, size_t len)
{
	struct wb_scan *out = s->out;
	uint32_t h = wb_name_hash(p, len);
	size_t i, off;

	if ((s->inused + 1) * 2 > s->inslots) {
		size_t n = s->inslots ? s->inslots * 2 : 256, j;
		uint32_t *tab = xmalloc(n * sizeof(*tab));
		uint32_t *hs = xmalloc(n * sizeof(*hs));

		memset(tab, 0xff, n * sizeof(*tab));
		for (j = 0; j < s->inslots; j++) {
			size_t k;

			if (s->itab[j] == UINT32_MAX)
				continue;
			for (k = s->ihash[j] & (n - 1); tab[k] != UINT32_MAX; k = (k + 1) & (n - 1))
				;
			tab[k] = s->itab[j];
			hs[k] = s->ihash[j];
		}
		free(s->itab);
		free(s->ihash);
		s->itab = tab;
		s->ihash = hs;
		s->inslots = n;
	}
	for (i = h & (s->inslots - 1); s->itab[i] != UINT32_MAX; i = (i + 1) & (s->inslots - 1)) {
		const char *q = out->strtab + s->itab[i];

		if (s->ihash[i] == h && !strncmp(q, p, len) && !q[len])
			return s->itab[i];
	}
	off = out->strtab_len;
	WB_ALLOC_GROW(out->strtab, off + len + 1, s->str_alloc);
	memcpy(out->strtab + off, p, len);
	out->strtab[off + len] = '\0';
	out->strtab_len = off + len + 1;
	s->itab[i] = (uint32_t)off;
	s->ihash[i] = h;
	s->inused++;
	return (uint32_t)off;
}

static int32_t add_func(struct scanner *s, const struct tok *name, const char *prefix,
			enum wb_func_kind kind, unsigned flags)
{
	struct wb_scan *out = s->out;
	struct wb_scan_func *f;

	WB_ALLOC_GROW(out->funcs, out->nfuncs + 1, s->funcs_alloc);
	f = &out->funcs[out->nfuncs];
	memset(f, 0, sizeof(*f));
	if (prefix) {
		char buf[256];
		size_t pl = strlen(prefix), nl = name->len;

		if (pl + nl > sizeof(buf))
			nl = sizeof(buf) - pl;
		memcpy(buf, prefix, pl);
		memcpy(buf + pl, name->p, nl);
		f->name = intern(s, buf, pl + nl);
	} else {
		f->name = intern(s, name->p, name->len);
	}
	f->line = name->line;
	f->kind = (uint8_t)kind;
	f->flags = (uint8_t)flags;
	return (int32_t)out->nfuncs++;
}

static int32_t add_site(struct scanner *s, const struct tok *t, enum wb_site_kind kind)
{
	struct wb_scan *out = s->out;
	struct wb_scan_site *site;

	if (s->cx == &s->macro && s->macro_pending) {
		s->macro_pending = false;
		s->macro.func = add_func(s, &s->macro_name, NULL, WB_FUNC_MACRO, 0);
		out->funcs[s->macro.func].nparams = (uint16_t)s->macro.nparams;
	}
	WB_ALLOC_GROW(out->sites, out->nsites + 1, s->sites_alloc);
	site = &out->sites[out->nsites];
	site->name = intern(s, t->p, t->len);
	site->line = t->line;
	site->col = t->col > 0xffff ? 0xffff : (uint16_t)t->col;
	site->kind = (uint8_t)kind;
	site->flags = 0;
	site->func = s->cx->func;
	site->param_mask = 0;
	site->object = WB_NO_OBJECT;
	if (s->cx == &s->file && s->cx->func < 0 && s->depth > 0 && s->st.has_eq &&
	    s->st.object_set)
		site->object = intern(s, s->st.object.p, s->st.object.len);
	if (s->cx == &s->macro)
		site->flags |= WB_SITE_IN_MACRO;
	if (s->cx->prev_return || (s->cx == &s->macro && s->cx->first_in_body))
		site->flags |= WB_SITE_RETURNED;
	else if (kind == WB_SITE_CALL && s->cx->prev_kind == T_PUNCT && s->cx->prev_punct == '=' &&
		 s->cx->prev2_tok.kind == T_IDENT && s->cx->nassigned < 8) {
		struct context *cx = s->cx;

		cx->assigned[cx->nassigned].site = (int32_t)out->nsites;
		cx->assigned[cx->nassigned].p = cx->prev2_tok.p;
		cx->assigned[cx->nassigned].len = cx->prev2_tok.len;
		cx->nassigned++;
	}
	return (int32_t)out->nsites++;
}

static void add_refname(struct scanner *s, const struct tok *t)
{
	struct wb_scan *out = s->out;
	uint32_t h = wb_name_hash(t->p, t->len), k = h ? h : 1;
	size_t i;

	if ((out->nrefnames + 1) * 2 > s->refslots) {
		size_t n = s->refslots ? s->refslots * 2 : 256, j;
		uint32_t *tab = xcalloc(n, sizeof(*tab));

		for (j = 0; j < s->refslots; j++) {
			size_t q;

			if (!s->refset[j])
				continue;
			for (q = s->refset[j] & (n - 1); tab[q]; q = (q + 1) & (n - 1))
				;
			tab[q] = s->refset[j];
		}
		free(s->refset);
		s->refset = tab;
		s->refslots = n;
	}
	for (i = k & (s->refslots - 1); s->refset[i] && s->refset[i] != k;
	     i = (i + 1) & (s->refslots - 1))
		;
	if (h <= 1) {
		/* 0 and 1 share a slot: keep both, the final sort removes repeats */
		WB_ALLOC_GROW(out->refnames, out->nrefnames + 1, s->refs_alloc);
		out->refnames[out->nrefnames++] = h;
		s->refset[i] = k;
	} else if (!s->refset[i]) {
		s->refset[i] = k;
		WB_ALLOC_GROW(out->refnames, out->nrefnames + 1, s->refs_alloc);
		out->refnames[out->nrefnames++] = h;
	}
	if (s->want_refs && wb_nameset_has(s->want_refs, t->p, t->len))
		add_site(s, t, WB_SITE_REF);
}

static void close_func(struct scanner *s, int32_t func, uint32_t line)
{
	struct wb_scan_func *f;

	if (func < 0)
		return;
	f = &s->out->funcs[func];
	/* an #else branch may resume a function an earlier branch closed */
	if (f->end_line < line)
		f->end_line = line;
	if (s->cx->nstmts > f->nstmts)
		f->nstmts = s->cx->nstmts > 0xffff ? 0xffff : (uint16_t)s->cx->nstmts;
}

/* ---- reference positions ------------------------------------------------ */

static bool ref_prev_punct[256], ref_next_punct[256];

static void init_ref_tables(void)
{
	const char *p;

	for (p = "=&(,?:{"; *p; p++)
		ref_prev_punct[(unsigned char)*p] = true;
	for (p = ",;)}"; *p; p++)
		ref_next_punct[(unsigned char)*p] = true;
}

static bool ref_prev_ok(const struct context *cx)
{
	if (cx->prev_return)
		return true;
	if (cx->prev_kind == T_DIRECTIVE)	/* start of an object-like macro body */
		return true;
	if (cx->prev_kind != T_PUNCT)
		return false;
	return ref_prev_punct[(unsigned char)cx->prev_punct];
}

static bool ref_next_ok(const struct context *cx, const struct tok *n)
{
	if (n->kind == T_PPEND || n->kind == T_EOF)
		return cx->prev_kind == T_DIRECTIVE || cx->prev_kind == T_PUNCT;
	if (n->kind != T_PUNCT)
		return false;
	if (n->p[0] == ':')
		return cx->prev_kind == T_PUNCT && cx->prev_punct == '?';
	return ref_next_punct[(unsigned char)n->p[0]];
}

/* 'return v;' seen: it counts if it turns out to be the body's last statement. */
static void mark_returned(struct scanner *s, const struct tok *t)
{
	struct context *cx = s->cx;

	cx->returned_var = *t;
	cx->returned_at = cx->nstmts;
	cx->returned_set = true;
}

/* At the end of a body: 'v = prim(...); ... return v;' returns prim's result. */
static void apply_returned(struct scanner *s)
{
	struct context *cx = s->cx;
	unsigned i;

	if (!cx->returned_set || cx->nstmts != cx->returned_at + 1)
		return;
	for (i = 0; i < cx->nassigned; i++)
		if (cx->assigned[i].len == cx->returned_var.len &&
		    !memcmp(cx->assigned[i].p, cx->returned_var.p, cx->returned_var.len))
			s->out->sites[cx->assigned[i].site].flags |= WB_SITE_RETURNED;
}

static void match_params(struct scanner *s, const struct tok *t)
{
	struct context *cx = s->cx;
	unsigned i, d, top;

	if (!cx->nparams || !cx->pdepth)
		return;
	for (i = 0; i < cx->nparams; i++) {
		if (cx->params[i].len != t->len || memcmp(cx->params[i].p, t->p, t->len))
			continue;
		top = cx->pdepth < MAX_PARENS ? cx->pdepth : MAX_PARENS;
		for (d = 0; d < top; d++)
			if (cx->parens[d].site >= 0)
				s->out->sites[cx->parens[d].site].param_mask |= 1u << i;
		return;
	}
}

/* ---- file-scope statements ---------------------------------------------- */

static void stmt_reset(struct stmt *st)
{
	st->has_eq = false;
	st->is_static = false;
	st->cand_valid = false;
	st->in_group = false;
	st->attr_ok = false;
	st->object_set = false;
}

static bool attr_like(const struct tok *t)
{
	return t->kind == T_IDENT && t->len > 2 && t->p[0] == '_' && t->p[1] == '_';
}

static void group_end_segment(struct stmt *st)
{
	const struct tok *t = NULL;

	if (st->seg_last_set)
		t = &st->seg_last;
	else if (st->seg_nested_set)
		t = &st->seg_nested;
	if (t && st->ngparams < MAX_PARAMS) {
		st->gparams[st->ngparams].p = t->p;
		st->gparams[st->ngparams].len = t->len;
		st->ngparams++;
	}
	st->seg_last_set = st->seg_nested_set = false;
}

/* A token inside a top-level group at file scope, at relative depth rel. */
static void group_token(struct stmt *st, const struct tok *t, unsigned rel)
{
	if (!st->group_first_set) {
		st->group_first_tok = *t;
		st->group_first_set = true;
	}
	if (t->kind == T_IDENT) {
		if (rel == 1) {
			if (!is_keyword(t->p, t->len) || tok_is(t, "__VA_ARGS__")) {
				st->seg_last = *t;
				st->seg_last_set = true;
			}
		} else if (!st->seg_nested_set && !is_keyword(t->p, t->len)) {
			st->seg_nested = *t;
			st->seg_nested_set = true;
		}
	} else if (rel == 1 && tok_punct(t, ',')) {
		group_end_segment(st);
	} else if (rel == 1 && tok_punct(t, '.')) {
		/* '...' */
	}
}

static void stmt_group_closed(struct stmt *st)
{
	group_end_segment(st);
	st->in_group = false;
	if (st->cand_valid && st->attr_ok)
		return;		/* an attribute group after the candidate */
	st->cand_valid = true;
	st->attr_ok = true;
	st->cand = st->group_ident;
	st->group_first = st->group_first_tok;
	memcpy(st->cparams, st->gparams, st->ngparams * sizeof(st->gparams[0]));
	st->ncparams = st->ngparams;
}

/* A token at file scope and paren depth 0, other than '(' '{' '}' ';'. */
static void stmt_token(struct stmt *st, const struct tok *t, const struct tok *next)
{
	if (tok_is(t, "static"))
		st->is_static = true;
	if (tok_punct(t, '='))
		st->has_eq = true;
	/* 'static const struct ops name[] __ro_after_init = {': the object */
	if (!st->has_eq && t->kind == T_IDENT && !is_keyword(t->p, t->len) && !attr_like(t)) {
		st->object = *t;
		st->object_set = true;
	}
	if (!st->cand_valid)
		return;
	if (attr_like(t) && next && tok_punct(next, '('))
		return;		/* __acquires(x) after the parameter list */
	if (attr_like(t))
		return;
	st->cand_valid = false;
}

/* Macro-defined functions: SYSCALL_DEFINE3(name, ...) is sys_name. */
static bool macro_named(const struct tok *t)
{
	uint32_t i;

	if (t->len < 4)
		return false;
	for (i = 0; i < t->len; i++)
		if ((t->p[i] >= 'a' && t->p[i] <= 'z'))
			return false;
	return true;
}

static const char *macro_prefix(const struct tok *t)
{
	static const struct {
		const char *macro;
		const char *prefix;
	} map[] = {
		{ "COMPAT_SYSCALL_DEFINE", "compat_sys_" },
		{ "SYSCALL_DEFINE", "sys_" },
	};
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(map); i++) {
		size_t n = strlen(map[i].macro);

		if (t->len >= n && !memcmp(t->p, map[i].macro, n))
			return map[i].prefix;
	}
	return NULL;
}

static void open_func_body(struct scanner *s, const struct tok *brace)
{
	struct stmt *st = &s->st;
	struct context *cx = &s->file;
	const struct tok *name = &st->cand;
	const char *prefix = NULL;
	unsigned flags = st->is_static ? WB_FUNC_STATIC : 0, i, first = 0;
	int32_t f;

	if (macro_named(&st->cand) && st->group_first.kind == T_IDENT &&
	    !is_keyword(st->group_first.p, st->group_first.len)) {
		prefix = macro_prefix(&st->cand);
		name = &st->group_first;
		flags |= WB_FUNC_NAMED_BY_MACRO;
		first = 1;	/* the name is not a parameter */
	}
	f = add_func(s, name, prefix, WB_FUNC_C, flags);
	(void)brace;
	cx->func = f;
	cx->nstmts = 0;
	cx->nparams = 0;
	cx->nassigned = 0;
	cx->returned_set = false;
	for (i = first; i < st->ncparams && cx->nparams < MAX_PARAMS; i++)
		cx->params[cx->nparams++] = st->cparams[i];
	s->out->funcs[f].nparams = (uint16_t)cx->nparams;
	s->func_depth = s->depth + 1;
}

/* ---- preprocessor ------------------------------------------------------- */

static void context_init(struct context *cx)
{
	cx->func = -1;
	cx->nparams = 0;
	cx->pdepth = 0;
	cx->nstmts = 0;
	cx->prev_kind = T_PUNCT;
	cx->prev_punct = ';';
	cx->prev_return = false;
	cx->first_in_body = false;
	cx->prev_tok.kind = cx->prev2_tok.kind = T_PUNCT;
	cx->prev_tok.p = cx->prev2_tok.p = ";";
	cx->prev_tok.len = cx->prev2_tok.len = 1;
	cx->nassigned = 0;
	cx->returned_set = false;
}

/*
 * A branch switch leaves func for next.  The parentheses open here are
 * func's: next's start afresh.  And when an earlier branch had closed func,
 * this one resumed it, and it ran to here.
 */
static void leave_func(struct scanner *s, int32_t func, int32_t next, uint32_t line)
{
	struct wb_scan_func *f;

	if (func == next)
		return;
	s->file.pdepth = 0;
	if (func < 0)
		return;
	f = &s->out->funcs[func];
	if (f->end_line && f->end_line < line)
		f->end_line = line;
}

static void handle_if(struct scanner *s, const struct tok *d)
{
	struct context *cx = &s->file;
	struct if_frame *fr;

	if (d->len >= 2 && !memcmp(d->p, "if", 2)) {	/* if, ifdef, ifndef */
		if (s->nifs++ >= MAX_IFS)
			return;
		fr = &s->ifs[s->nifs - 1];
		fr->depth = s->depth;
		fr->func_depth = s->func_depth;
		fr->func = cx->func;
		fr->nparams = cx->nparams;
		memcpy(fr->params, cx->params, cx->nparams * sizeof(cx->params[0]));
		fr->had_else = false;
		return;
	}
	if (!s->nifs || s->nifs > MAX_IFS) {
		if (tok_is(d, "endif") && s->nifs)
			s->nifs--;
		return;
	}
	fr = &s->ifs[s->nifs - 1];
	if (tok_is(d, "else") || tok_is(d, "elif") || tok_is(d, "elifdef") ||
	    tok_is(d, "elifndef")) {
		if (!fr->had_else) {
			fr->had_else = true;
			fr->end_depth = s->depth;
			fr->end_func_depth = s->func_depth;
			fr->end_func = cx->func;
			fr->end_nparams = cx->nparams;
			memcpy(fr->end_params, cx->params, cx->nparams * sizeof(cx->params[0]));
		} else if (cx->func >= 0 && cx->func != fr->end_func && cx->func != fr->func) {
			close_func(s, cx->func, d->line);
		}
		leave_func(s, cx->func, fr->func, d->line);
		s->depth = fr->depth;
		cx->func = fr->func;
		cx->nparams = fr->nparams;
		memcpy(cx->params, fr->params, fr->nparams * sizeof(cx->params[0]));
		s->func_depth = fr->func_depth;
		return;
	}
	if (tok_is(d, "endif")) {
		if (fr->had_else) {
			if (cx->func >= 0 && cx->func != fr->end_func && cx->func != fr->func)
				close_func(s, cx->func, d->line);
			leave_func(s, cx->func, fr->end_func, d->line);
			s->depth = fr->end_depth;
			s->func_depth = fr->end_func_depth;
			cx->func = fr->end_func;
			cx->nparams = fr->end_nparams;
			memcpy(cx->params, fr->end_params, fr->end_nparams * sizeof(cx->params[0]));
		}
		s->nifs--;
	}
}

/* #define NAME(params) body: the body becomes a function of kind MACRO. */
static void begin_define(struct scanner *s, struct tok *t)
{
	struct lexer *lx = &s->lx;
	struct context *mc = &s->macro;
	struct tok name;

	lex_next(lx, &name);
	context_init(mc);
	s->cx = mc;
	mc->prev_kind = T_DIRECTIVE;
	mc->first_in_body = true;
	if (name.kind != T_IDENT) {
		*t = name;
		return;
	}
	/* created with the body's first site: most macros call nothing */
	s->macro_name = name;
	s->macro_pending = true;
	if (lx->p < lx->end && *lx->p == '(') {	/* function-like: no space */
		struct tok pt;

		lx->p++;
		for (;;) {
			lex_next(lx, &pt);
			if (pt.kind == T_PPEND || pt.kind == T_EOF || tok_punct(&pt, ')'))
				break;
			if (pt.kind == T_IDENT && mc->nparams < MAX_PARAMS) {
				mc->params[mc->nparams].p = pt.p;
				mc->params[mc->nparams].len = pt.len;
				mc->nparams++;
			} else if (tok_punct(&pt, '.') && mc->nparams < MAX_PARAMS) {
				static const char va[] = "__VA_ARGS__";

				if (!mc->nparams || mc->params[mc->nparams - 1].p != va) {
					mc->params[mc->nparams].p = va;
					mc->params[mc->nparams].len = sizeof(va) - 1;
					mc->nparams++;
				}
			}
		}
		if (pt.kind == T_PPEND || pt.kind == T_EOF) {
			*t = pt;
			return;
		}
	}
	lex_next(lx, t);
}

static void end_define(struct scanner *s, uint32_t line)
{
	struct context *mc = &s->macro;

	if (mc->func >= 0) {
		struct wb_scan_func *f = &s->out->funcs[mc->func];

		f->end_line = line;
		f->nstmts = mc->nstmts > 0xffff ? 0xffff : (uint16_t)mc->nstmts;
	}
	s->cx = &s->file;
	s->macro_pending = false;
}

/* ---- the main loop ------------------------------------------------------ */

static void note_prev(struct context *cx, const struct tok *t)
{
	cx->prev2_tok = cx->prev_tok;
	cx->prev_tok = *t;
	cx->prev_kind = t->kind;
	cx->prev_punct = t->kind == T_PUNCT ? t->p[0] : 0;
	cx->prev_return = tok_is(t, "return");
	cx->first_in_body = false;
}

static void open_paren(struct scanner *s, int32_t site, bool file_group, bool no_refs)
{
	struct context *cx = s->cx;

	if (cx->pdepth < MAX_PARENS) {
		cx->parens[cx->pdepth].site = site;
		cx->parens[cx->pdepth].file_group = file_group;
		cx->parens[cx->pdepth].no_refs = no_refs;
	} else {
		lex_flag(&s->lx, WB_SCAN_TOO_DEEP);
	}
	cx->pdepth++;
}

static bool refs_suppressed(const struct context *cx)
{
	unsigned d, top = cx->pdepth < MAX_PARENS ? cx->pdepth : MAX_PARENS;

	for (d = 0; d < top; d++)
		if (cx->parens[d].no_refs)
			return true;
	return false;
}

static bool is_conditional(const struct tok *d)
{
	return (d->len >= 2 && (!memcmp(d->p, "if", 2) || !memcmp(d->p, "el", 2))) ||
	       tok_is(d, "endif");
}

static void scan_tokens(struct scanner *s)
{
	struct lexer *lx = &s->lx;
	struct tok t, n, queue[8];
	size_t nq, i;
	int32_t pending_site = -1;
	bool pending_group = false, pending_noref = false;

	lex_next(lx, &t);
	while (t.kind != T_EOF) {
		struct context *cx = s->cx;
		bool at_file = cx == &s->file && cx->func < 0;

		if (t.kind == T_DIRECTIVE) {
			if (tok_is(&t, "define")) {
				begin_define(s, &t);
				continue;
			}
			if (is_conditional(&t))
				handle_if(s, &t);
			lx->pp_skip = true;
			lex_next(lx, &t);
			lx->pp_skip = false;
			continue;
		}
		if (t.kind == T_PPEND) {
			if (cx == &s->macro)
				end_define(s, t.line);
			lex_next(lx, &t);
			continue;
		}

		lex_next(lx, &n);
		/*
		 * A directive inside a statement does not end it; conditionals
		 * take effect after the current token.
		 */
		nq = 0;
		while (n.kind == T_DIRECTIVE && !tok_is(&n, "define")) {
			if (is_conditional(&n)) {
				if (nq < WB_ARRAY_SIZE(queue))
					queue[nq++] = n;
				else
					handle_if(s, &n);
			}
			lx->pp_skip = true;
			lex_next(lx, &n);
			lx->pp_skip = false;
			if (n.kind == T_PPEND)
				lex_next(lx, &n);
		}

		if (t.kind == T_IDENT) {
			bool call = tok_punct(&n, '(');
			bool member = cx->prev_kind == T_ARROW ||
				      (cx->prev_kind == T_PUNCT && cx->prev_punct == '.');

			if (call && !member && !is_keyword(t.p, t.len)) {
				if (cx == &s->macro || !at_file ||
				    (s->depth > 0 && !cx->pdepth)) {
					pending_site = add_site(s, &t, WB_SITE_CALL);
				} else if (!cx->pdepth) {
					pending_group = true;
					pending_noref = t.len > 7 && !memcmp(t.p, "EXPORT_", 7);
					s->st.group_ident = t;
				} else {
					/* a call inside a top-level group: a macro argument */
					pending_site = add_site(s, &t, WB_SITE_CALL);
				}
			} else if (!call && !member && !is_keyword(t.p, t.len)) {
				if (ref_prev_ok(cx) && ref_next_ok(cx, &n)) {
					if (!refs_suppressed(cx))
						add_refname(s, &t);
				} else if (s->want_refs && wb_nameset_has(s->want_refs, t.p, t.len) &&
					   !refs_suppressed(cx)) {
					/* a wanted name used as a value anywhere else: a use */
					add_site(s, &t, WB_SITE_REF);
				}
				match_params(s, &t);
				/* 'ret = prim(...); ... return ret;' returns prim's result */
				if (cx->prev_return && tok_punct(&n, ';'))
					mark_returned(s, &t);
			}
			if (at_file && cx == &s->file) {
				if (s->st.in_group)
					group_token(&s->st, &t, cx->pdepth);
				else if (!cx->pdepth && s->depth == 0)
					stmt_token(&s->st, &t, &n);
			}
		} else if (t.kind == T_PUNCT) {
			char c = t.p[0];

			if (at_file && cx == &s->file && s->st.in_group && c != '(' && c != ')')
				group_token(&s->st, &t, cx->pdepth);
			switch (c) {
			case '(':
				if (at_file && cx == &s->file && s->st.in_group)
					group_token(&s->st, &t, cx->pdepth);
				if (pending_group && at_file && s->depth == 0) {
					s->st.in_group = true;
					s->st.group_first_set = false;
					s->st.ngparams = 0;
					s->st.seg_last_set = s->st.seg_nested_set = false;
					open_paren(s, -1, true, pending_noref);
				} else {
					if (at_file && s->depth == 0 && !cx->pdepth)
						stmt_token(&s->st, &t, &n);
					open_paren(s, pending_site, false, false);
				}
				pending_site = -1;
				pending_group = false;
				break;
			case ')':
				if (cx->pdepth) {
					bool group = cx->pdepth <= MAX_PARENS &&
						     cx->parens[cx->pdepth - 1].file_group;

					cx->pdepth--;
					if (group && at_file && s->st.in_group && !cx->pdepth)
						stmt_group_closed(&s->st);
					else if (at_file && s->st.in_group)
						group_token(&s->st, &t, cx->pdepth + 1);
				}
				break;
			case '{':
				if (cx == &s->macro)
					break;
				if (s->depth == 0 && cx->func < 0 && s->st.cand_valid &&
				    !s->st.has_eq) {
					open_func_body(s, &t);
					cx->pdepth = 0;
				}
				s->depth++;
				break;
			case '}':
				if (cx == &s->macro)
					break;
				if (!s->depth) {
					lex_flag_at(lx, WB_SCAN_UNBALANCED, t.line);
					break;
				}
				s->depth--;
				if (cx->func >= 0 && s->depth < s->func_depth) {
					apply_returned(s);
					close_func(s, cx->func, t.line);
					cx->func = -1;
					cx->nparams = 0;
					cx->pdepth = 0;
					stmt_reset(&s->st);
				}
				break;
			case ';':
				if (!cx->pdepth)
					cx->nstmts++;
				if (at_file && s->depth == 0) {
					stmt_reset(&s->st);
					cx->pdepth = 0;	/* resynchronise */
				}
				break;
			default:
				if (at_file && s->depth == 0 && !cx->pdepth)
					stmt_token(&s->st, &t, &n);
				break;
			}
		} else if (t.kind == T_STR && lx->broken_literal) {
			/*
			 * A literal cannot span lines: whatever it opened is lost
			 * with it, so the statement's parentheses start afresh.
			 */
			lx->broken_literal = false;
			cx->pdepth = 0;
		} else if (at_file && cx == &s->file && s->depth == 0) {
			if (s->st.in_group)
				group_token(&s->st, &t, cx->pdepth);
			else if (!cx->pdepth)
				stmt_token(&s->st, &t, &n);
		}
		if (t.kind != T_IDENT || !tok_punct(&n, '(')) {
			pending_site = -1;
			pending_group = false;
		}
		note_prev(s->cx, &t);
		if (nq) {
			int32_t was = s->file.func;

			for (i = 0; i < nq; i++)
				handle_if(s, &queue[i]);
			/* 'call' then '#else' then '(': the other function's parenthesis */
			if (s->file.func != was)
				pending_site = -1;
		}
		t = n;
	}
	if (s->cx == &s->macro)
		end_define(s, lx->line);
	if (s->depth) {
		lex_flag(lx, WB_SCAN_UNBALANCED);
		if (s->file.func >= 0)
			close_func(s, s->file.func, lx->line);
	}
	/* one left open by an #if branch that the file never ends: it ends with the file */
	for (i = 0; i < s->out->nfuncs; i++) {
		if (!s->out->funcs[i].end_line) {
			lex_flag(lx, WB_SCAN_UNBALANCED);
			s->out->funcs[i].end_line = lx->line;
		}
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

int wb_scan_buffer(struct wb_scan *out, const char *buf, size_t len,
		   const struct wb_nameset *want_refs)
{
	struct scanner *s;
	size_t i, j;

	memset(out, 0, sizeof(*out));
	out->size = len;
	pthread_once(&tables_once, init_cclass);
	if (memchr(buf, '\0', len)) {
		out->flags = WB_SCAN_BINARY;
		return 0;
	}
	/* the scanner is large (per-#if snapshots): initialise, do not clear */
	s = xmalloc(sizeof(*s));
	memset(s, 0, offsetof(struct scanner, file));
	s->nifs = 0;
	s->macro_pending = false;
	s->func_depth = 0;
	s->depth = 0;
	memset(&s->st, 0, sizeof(s->st));
	context_init(&s->macro);
	s->out = out;
	s->want_refs = want_refs;
	s->lx.buf = s->lx.p = s->lx.line_start = buf;
	s->lx.end = buf + len;
	s->lx.line = 1;
	s->lx.bol = true;
	context_init(&s->file);
	s->cx = &s->file;
	stmt_reset(&s->st);
	/* interned offset 0 is the empty string */
	intern(s, "", 0);

	scan_tokens(s);

	out->flags |= s->lx.flags;
	out->flag_line = s->lx.flag_line;
	out->nlines = s->lx.line;
	if (out->nrefnames) {
		qsort(out->refnames, out->nrefnames, sizeof(uint32_t), cmp_u32);
		for (i = j = 1; i < out->nrefnames; i++)
			if (out->refnames[i] != out->refnames[j - 1])
				out->refnames[j++] = out->refnames[i];
		out->nrefnames = j;
	}
	free(s->itab);
	free(s->ihash);
	free(s->refset);
	free(s);
	return 0;
}

/* ---- body hashes ------------------------------------------------------- */

uint64_t wb_body_hash(const char *buf, size_t len, uint32_t first_line, uint32_t last_line)
{
	struct lexer lx;
	struct tok t;
	const char *p = buf, *end = buf + len;
	uint32_t line = 1;
	uint64_t h = 0;

	pthread_once(&tables_once, init_cclass);
	while (line < first_line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl)
			return 0;
		p = nl + 1;
		line++;
	}
	memset(&lx, 0, sizeof(lx));
	lx.buf = lx.p = lx.line_start = p;
	lx.end = end;
	lx.line = line;
	lx.bol = true;
	/* tokens only: comments, white space and line breaks do not count */
	for (lex_next(&lx, &t); t.kind != T_EOF && t.line <= last_line; lex_next(&lx, &t)) {
		if (t.kind == T_PPEND)
			continue;
		h = wb_hash64(t.p, t.len, h);
		h = wb_hash64(" ", 1, h);
	}
	return h;
}

/* ---- summaries ---------------------------------------------------------- */

static unsigned char ident_char[256];	/* 1: identifier byte, 2: also a digit */
static pthread_once_t ident_once = PTHREAD_ONCE_INIT;

static void init_ident_char(void)
{
	int c;

	for (c = 0; c < 256; c++)
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$')
			ident_char[c] = 1;
		else if (c >= '0' && c <= '9')
			ident_char[c] = 2;
}

/* Of 64 bytes, bit i set when byte i is an identifier byte, a digit. */
struct ident_bits {
	uint64_t ident, digit;
};

#ifdef __SSE2__
static inline void ident_bits64(struct ident_bits *out, const unsigned char *p)
{
	const __m128i case_bit = _mm_set1_epi8(0x20);
	const __m128i alpha_off = _mm_set1_epi8((char)(-128 - 'a'));
	const __m128i alpha_lim = _mm_set1_epi8((char)(-128 + 26));
	const __m128i digit_off = _mm_set1_epi8((char)(-128 - '0'));
	const __m128i digit_lim = _mm_set1_epi8((char)(-128 + 10));
	const __m128i under = _mm_set1_epi8('_'), dollar = _mm_set1_epi8('$');
	uint64_t m = 0, d = 0;
	int k;

	for (k = 0; k < 4; k++) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
		/* 'A'-'Z' | 0x20 is 'a'-'z'; nothing else lands there */
		__m128i alpha = _mm_cmplt_epi8(_mm_add_epi8(_mm_or_si128(v, case_bit), alpha_off),
					       alpha_lim);
		__m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, digit_off), digit_lim);
		__m128i other = _mm_or_si128(_mm_cmpeq_epi8(v, under), _mm_cmpeq_epi8(v, dollar));
		__m128i any = _mm_or_si128(_mm_or_si128(alpha, digit), other);

		m |= (uint64_t)(uint16_t)_mm_movemask_epi8(any) << (16 * k);
		d |= (uint64_t)(uint16_t)_mm_movemask_epi8(digit) << (16 * k);
	}
	out->ident = m;
	out->digit = d;
}
#else
static inline void ident_bits64(struct ident_bits *out, const unsigned char *p)
{
	int i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < 64; i++) {
		out->ident |= (uint64_t)(ident_char[p[i]] != 0) << i;
		out->digit |= (uint64_t)(ident_char[p[i]] == 2) << i;
	}
}
#endif

/* The bits of the 64 bytes at off; past the end of buf, no identifier bytes. */
static inline void block_bits(struct ident_bits *out, const unsigned char *buf, size_t len, size_t off)
{
	unsigned char tail[64];

	if (len >= 64 && off <= len - 64) {
		ident_bits64(out, buf + off);
	} else if (off < len) {
		memset(tail, ' ', sizeof(tail));
		memcpy(tail, buf + off, len - off);
		ident_bits64(out, tail);
	} else {
		memset(out, 0, sizeof(*out));
	}
}

/*
 * The hashes of a blob's names, deduplicated in an ordered hash table: a
 * hash's home slot is its top bits and each run of occupied slots is kept
 * sorted (Amble and Knuth's ordered linear probing), so the whole table in
 * slot order is sorted and the summary needs no sort.  0 marks an empty
 * slot (the hash 0 is noted aside).  Runs that pass the last home slot go on
 * into overflow slots, and the last slot allocated is always empty, which
 * ends every probe.
 */
struct summary_set {
	uint32_t *slot;
	size_t nslots;		/* home slots, a power of 2 */
	size_t cap;		/* slots allocated */
	size_t used;
	unsigned shift;		/* a hash's home slot is hash >> shift */
	int has_zero;
};

#define SUMMARY_OVERFLOW 64

static void summary_init(struct summary_set *ss, unsigned bits)
{
	ss->nslots = (size_t)1 << bits;
	ss->shift = 32 - bits;
	ss->cap = ss->nslots + SUMMARY_OVERFLOW;
	ss->slot = xcalloc(ss->cap, sizeof(*ss->slot));
	ss->used = 0;
	ss->has_zero = 0;
}

static void summary_extend(struct summary_set *ss)
{
	size_t more = ss->cap / 4 + SUMMARY_OVERFLOW;

	ss->slot = xrealloc(ss->slot, (ss->cap + more) * sizeof(*ss->slot));
	memset(ss->slot + ss->cap, 0, more * sizeof(*ss->slot));
	ss->cap += more;
}

/* Twice the home slots: the sorted hashes, each at its home or just after the one before. */
static void summary_grow(struct summary_set *ss)
{
	struct summary_set old = *ss;
	size_t i, q, pos = 0;

	summary_init(ss, 32 - old.shift + 1);
	ss->used = old.used;
	ss->has_zero = old.has_zero;
	for (i = 0; i < old.cap; i++) {
		if (!old.slot[i])
			continue;
		q = old.slot[i] >> ss->shift;
		if (q < pos)
			q = pos;
		if (q + 1 >= ss->cap)
			summary_extend(ss);
		ss->slot[q] = old.slot[i];
		pos = q + 1;
	}
	free(old.slot);
}

static inline void summary_add(struct summary_set *ss, uint32_t h)
{
	uint32_t *s = ss->slot;
	size_t q;

	if (!h) {
		ss->has_zero = 1;
		return;
	}
	/* past the hashes below h; an empty slot (0 - 1) stops it too */
	for (q = h >> ss->shift; (uint32_t)(s[q] - 1) < (uint32_t)(h - 1); q++)
		;
	if (s[q] == h)
		return;
	/* h goes here and the rest of the run moves up a slot */
	for (; s[q]; q++) {
		uint32_t t = s[q];

		s[q] = h;
		h = t;
	}
	s[q] = h;
	if (q + 1 == ss->cap)
		summary_extend(ss);
	if (++ss->used * 2 > ss->nslots && ss->shift)
		summary_grow(ss);
}

unsigned wb_summarize_buffer(uint32_t **hashes, size_t *n, const char *buf, size_t len)
{
	const unsigned char *p = (const unsigned char *)buf;
	struct summary_set ss;
	struct ident_bits cur, next;
	uint64_t carry = 0;
	uint32_t h, pending = 0;
	unsigned bits = 6;
	size_t base, i, j;
	int have = 0;

	*hashes = NULL;
	*n = 0;
	if (memchr(buf, '\0', len))
		return WB_SCAN_BINARY;
	pthread_once(&ident_once, init_ident_char);
	/* about one distinct name every 16 bytes or fewer: rarely a regrowth */
	while (bits < 30 && ((size_t)1 << bits) < len / 16)
		bits++;
	summary_init(&ss, bits);
	/*
	 * 64 bytes at a time, with the bits of the next 64 at hand: a name
	 * starts at an identifier byte after one that is not, and matters if it
	 * does not start with a digit and its first WB_SUMMARY_MIN_NAME bytes
	 * are identifier bytes.
	 */
	block_bits(&cur, p, len, 0);
	for (base = 0; base < len; base += 64) {
		uint64_t good;
		int k;

		block_bits(&next, p, len, base + 64);
		good = cur.ident & ~(cur.ident << 1 | carry) & ~cur.digit;
		for (k = 1; k < WB_SUMMARY_MIN_NAME; k++)
			good &= cur.ident >> k | next.ident << (64 - k);
		while (good) {
			unsigned b = (unsigned)__builtin_ctzll(good);
			/* the next 64 bytes from b: not an identifier byte */
			uint64_t rest = ~cur.ident >> b | (~next.ident << 1) << (63 - b);
			size_t start = base + b, end;

			good &= good - 1;
			if (rest)
				end = start + (unsigned)__builtin_ctzll(rest);
			else
				for (end = start + 64; end < len && ident_char[p[end]]; end++)
					;
			if (NAME_LE && end - start <= 16 && len - start >= 16)
				h = name_hash16(p + start, end - start);
			else
				h = name_hash(p + start, end - start);
			/* added one name late: its home slot is fetched meanwhile */
			__builtin_prefetch(ss.slot + (h >> ss.shift));
			if (have)
				summary_add(&ss, pending);
			pending = h;
			have = 1;
		}
		carry = cur.ident >> 63;
		cur = next;
	}
	if (have)
		summary_add(&ss, pending);
	/* the table in slot order is the sorted summary */
	for (i = j = 0; i < ss.cap; i++) {
		ss.slot[j] = ss.slot[i];
		j += ss.slot[i] != 0;
	}
	if (ss.has_zero) {
		memmove(ss.slot + 1, ss.slot, j * sizeof(*ss.slot));
		ss.slot[0] = 0;
		j++;
	}
	*hashes = ss.slot;
	*n = j;
	return 0;
}

void wb_scan_release(struct wb_scan *scan)
{
	free(scan->funcs);
	free(scan->sites);
	free(scan->refnames);
	free(scan->strtab);
	memset(scan, 0, sizeof(*scan));
}
