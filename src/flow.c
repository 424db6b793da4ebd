// SPDX-License-Identifier: GPL-2.0
/*
 * Retry cycles of a fault-in call, from the control flow of its function.
 *
 * The body is tokenized (comments, literals, preprocessor: the first branch
 * of each #if group, the #else of '#if 0'), parsed into a graph of
 * statements and conditions, and every path from the call back to itself is
 * followed with a small state: which variables hold what a copy returned,
 * which are known zero or non-zero on the path, what moved the range.  Paths
 * are deduplicated by (node, state), so the work is bounded by the states
 * that differ, not by the number of paths; a path that set a flag goes
 * round once more; the whole walk has a step budget.
 */
#include "flow.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- tokens -------------------------------------------------------------- */

enum { T_IDENT, T_NUM, T_STR, T_CHAR, T_PUNCT };

struct tok {
	uint32_t off, len, line, col;
	uint8_t type;
};

struct toks {
	struct tok *v;
	int n, alloc;
};

static void tok_push(struct toks *t, uint32_t off, uint32_t len, uint32_t line, uint32_t col,
		     uint8_t type)
{
	if (t->n == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 256;
		t->v = xrealloc(t->v, (size_t)t->alloc * sizeof(*t->v));
	}
	t->v[t->n].off = off;
	t->v[t->n].len = len;
	t->v[t->n].line = line;
	t->v[t->n].col = col;
	t->v[t->n].type = type;
	t->n++;
}

static int is_id0(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
}

static int is_id(int c)
{
	return is_id0(c) || (c >= '0' && c <= '9');
}

static const char *const punct3[] = { "<<=", ">>=", "...", NULL };
static const char *const punct2[] = { "->", "++", "--", "<<", ">>", "<=", ">=", "==", "!=", "&&",
				      "||", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##",
				      NULL };

/* #if nesting: keep the first branch of each group (the #else of '#if 0'). */
struct ppstate {
	unsigned char keep[64], taken[64];
	int depth;
};

static int pp_keep(const struct ppstate *pp)
{
	return pp->depth == 0 || pp->keep[pp->depth - 1];
}

static void pp_directive(struct ppstate *pp, const char *p, const char *end)
{
	const char *w;
	size_t n;
	int parent;

	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	w = p;
	while (p < end && is_id(*p))
		p++;
	n = (size_t)(p - w);
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if ((n == 2 && !memcmp(w, "if", 2)) || (n == 5 && !memcmp(w, "ifdef", 5)) ||
	    (n == 6 && !memcmp(w, "ifndef", 6))) {
		int zero = n == 2 && p < end && *p == '0' && (p + 1 >= end || !is_id(p[1]));

		parent = pp_keep(pp);
		if (pp->depth < 64) {
			pp->keep[pp->depth] = (unsigned char)(parent && !zero);
			pp->taken[pp->depth] = (unsigned char)!zero;
		}
		pp->depth++;
	} else if ((n == 4 && (!memcmp(w, "elif", 4) || !memcmp(w, "else", 4))) ||
		   (n == 7 && (!memcmp(w, "elifdef", 7))) || (n == 8 && !memcmp(w, "elifndef", 8))) {
		if (pp->depth == 0 || pp->depth > 64)
			return;
		parent = pp->depth < 2 || pp->keep[pp->depth - 2];
		pp->keep[pp->depth - 1] = (unsigned char)(parent && !pp->taken[pp->depth - 1]);
		pp->taken[pp->depth - 1] = 1;
	} else if (n == 5 && !memcmp(w, "endif", 5)) {
		if (pp->depth > 0)
			pp->depth--;
	}
}

/* The end of the string or character literal whose quote is at buf[i]. */
static size_t literal_end(const char *buf, size_t len, size_t i)
{
	char q = buf[i++];

	while (i < len && buf[i] != q && buf[i] != '\n') {
		if (buf[i] == '\\' && i + 1 < len)
			i++;
		i++;
	}
	return i < len && buf[i] == q ? i + 1 : i;
}

/* Tokens of lines first..last of buf. */
static void lex(struct toks *t, const char *buf, size_t len, uint32_t first, uint32_t last)
{
	struct ppstate pp = { .depth = 0 };
	uint32_t line = 1;
	size_t i = 0, bol = 0;
	int at_bol = 1;

	while (i < len && line < first) {
		if (buf[i++] == '\n')
			line++;
	}
	bol = i;
	while (i < len && line <= last) {
		char c = buf[i];

		if (c == '\n') {
			line++;
			i++;
			bol = i;
			at_bol = 1;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
			continue;
		}
		if (c == '\\' && i + 1 < len && buf[i + 1] == '\n') {
			i += 2;
			line++;
			bol = i;
			continue;
		}
		if (c == '/' && i + 1 < len && buf[i + 1] == '*') {
			i += 2;
			while (i + 1 < len && !(buf[i] == '*' && buf[i + 1] == '/')) {
				if (buf[i] == '\n') {
					line++;
					bol = i + 1;
				}
				i++;
			}
			i = i + 2 <= len ? i + 2 : len;
			continue;
		}
		if (c == '/' && i + 1 < len && buf[i + 1] == '/') {
			while (i < len && buf[i] != '\n')
				i++;
			continue;
		}
		if (c == '#' && at_bol) {
			size_t s = i + 1;

			/* the directive, with its continuation lines */
			while (i < len && buf[i] != '\n') {
				if (buf[i] == '\\' && i + 1 < len && buf[i + 1] == '\n') {
					i += 2;
					line++;
					continue;
				}
				if (buf[i] == '/' && i + 1 < len && buf[i + 1] == '*') {
					i += 2;
					while (i + 1 < len && !(buf[i] == '*' && buf[i + 1] == '/')) {
						if (buf[i] == '\n')
							line++;
						i++;
					}
					i = i + 2 <= len ? i + 2 : len;
					continue;
				}
				i++;
			}
			pp_directive(&pp, buf + s, buf + i);
			continue;
		}
		at_bol = 0;
		if (!pp_keep(&pp)) {
			/* skip the token, keeping literals whole */
			i = (c == '"' || c == '\'') ? literal_end(buf, len, i) : i + 1;
			continue;
		}
		{
			size_t s = i;
			uint32_t col = (uint32_t)(i - bol + 1);
			uint8_t type;

			if (is_id0(c)) {
				while (i < len && is_id(buf[i]))
					i++;
				/* L"..." and friends are strings */
				if (i < len && (buf[i] == '"' || buf[i] == '\'') && i - s <= 2) {
					c = buf[i];
					goto literal;
				}
				type = T_IDENT;
			} else if ((c >= '0' && c <= '9') ||
				   (c == '.' && i + 1 < len && buf[i + 1] >= '0' && buf[i + 1] <= '9')) {
				while (i < len && (is_id(buf[i]) || buf[i] == '.' ||
						   ((buf[i] == '+' || buf[i] == '-') &&
						    (buf[i - 1] == 'e' || buf[i - 1] == 'E' ||
						     buf[i - 1] == 'p' || buf[i - 1] == 'P'))))
					i++;
				type = T_NUM;
			} else if (c == '"' || c == '\'') {
literal:
				i = literal_end(buf, len, i);
				type = c == '"' ? T_STR : T_CHAR;
			} else {
				const char *const *p;
				size_t n = 1;

				for (p = punct3; *p; p++)
					if (i + 3 <= len && !memcmp(buf + i, *p, 3))
						n = 3;
				if (n == 1)
					for (p = punct2; *p; p++)
						if (i + 2 <= len && !memcmp(buf + i, *p, 2))
							n = 2;
				i += n;
				type = T_PUNCT;
			}
			tok_push(t, (uint32_t)s, (uint32_t)(i - s), line, col, type);
		}
	}
}

/* ---- the graph ----------------------------------------------------------- */

enum { N_NOP, N_STMT, N_COND, N_EXIT, N_SWITCH };
enum { E_NORMAL, E_GOTO, E_LOOP };

struct node {
	uint8_t kind;
	int t0, t1;		/* tokens [t0, t1) */
	int *succ;
	uint8_t *ekind;
	int nsucc;
	uint32_t line;
	uint8_t falls[2];	/* 'if': the then/else branch can end normally */
};

struct hole {
	int node, slot;
	uint8_t ekind;
};

struct holes {
	struct hole *v;
	int n, alloc;
};

struct jump {
	struct holes breaks, conts;
	int is_loop;
};

struct label {
	const char *name;
	uint32_t len;
	int node;
};

struct parser {
	const char *buf;
	struct tok *t;
	int nt, pos;
	struct node *n;
	int nn, na;
	struct label *labels;
	int nlabels;
	struct { int node, tok; } *gotos;
	int ngotos;
	struct jump **jumps;
	int njumps;
	int *switches;		/* innermost switch node, stack */
	int nswitches;
	int exit_node;
	int depth;
	const char *err;
	uint32_t err_line;
};

static int tok_is(const struct parser *p, int i, const char *s)
{
	size_t n = strlen(s);

	return i >= 0 && i < p->nt && p->t[i].len == n && !memcmp(p->buf + p->t[i].off, s, n);
}

static int fail(struct parser *p, const char *why)
{
	if (!p->err) {
		p->err = why;
		p->err_line = p->pos < p->nt ? p->t[p->pos].line : (p->nt ? p->t[p->nt - 1].line : 0);
	}
	return -1;
}

static int new_node(struct parser *p, uint8_t kind, int t0, int t1, int nsucc)
{
	struct node *n;
	int i;

	if (p->nn == p->na) {
		p->na = p->na ? 2 * p->na : 64;
		p->n = xrealloc(p->n, (size_t)p->na * sizeof(*p->n));
	}
	n = &p->n[p->nn];
	memset(n, 0, sizeof(*n));
	n->kind = kind;
	n->t0 = t0;
	n->t1 = t1;
	n->nsucc = nsucc;
	n->succ = xcalloc((size_t)(nsucc ? nsucc : 1), sizeof(*n->succ));
	n->ekind = xcalloc((size_t)(nsucc ? nsucc : 1), 1);
	for (i = 0; i < nsucc; i++)
		n->succ[i] = -1;
	n->line = t0 < p->nt ? p->t[t0].line : (p->nt ? p->t[p->nt - 1].line : 0);
	return p->nn++;
}

static int add_slot(struct parser *p, int node)
{
	struct node *n = &p->n[node];

	n->succ = xrealloc(n->succ, (size_t)(n->nsucc + 1) * sizeof(*n->succ));
	n->ekind = xrealloc(n->ekind, (size_t)(n->nsucc + 1));
	n->succ[n->nsucc] = -1;
	n->ekind[n->nsucc] = E_NORMAL;
	return n->nsucc++;
}

static void hole_add(struct holes *h, int node, int slot, uint8_t ekind)
{
	if (h->n == h->alloc) {
		h->alloc = h->alloc ? 2 * h->alloc : 8;
		h->v = xrealloc(h->v, (size_t)h->alloc * sizeof(*h->v));
	}
	h->v[h->n].node = node;
	h->v[h->n].slot = slot;
	h->v[h->n].ekind = ekind;
	h->n++;
}

static void holes_move(struct holes *dst, struct holes *src)
{
	int i;

	for (i = 0; i < src->n; i++)
		hole_add(dst, src->v[i].node, src->v[i].slot, src->v[i].ekind);
	src->n = 0;
}

static void patch(struct parser *p, struct holes *h, int target, uint8_t ekind)
{
	int i;

	for (i = 0; i < h->n; i++) {
		p->n[h->v[i].node].succ[h->v[i].slot] = target;
		p->n[h->v[i].node].ekind[h->v[i].slot] = ekind ? ekind : h->v[i].ekind;
	}
	h->n = 0;
}

/* Index of the token closing the bracket at i, or -1. */
static int match_close(const struct parser *p, int i)
{
	int d = 0;

	for (; i < p->nt; i++) {
		const struct tok *t = &p->t[i];
		char c;

		if (t->type != T_PUNCT || t->len != 1)
			continue;
		c = p->buf[t->off];
		if (c == '(' || c == '[' || c == '{')
			d++;
		else if (c == ')' || c == ']' || c == '}') {
			if (--d == 0)
				return i;
			if (d < 0)
				return -1;
		}
	}
	return -1;
}

static int parse_stmt(struct parser *p, struct holes *out);

static int is_keyword_start(const struct parser *p, int i)
{
	static const char *const kw[] = { "if", "for", "while", "do", "switch", "return", "goto",
					  "break", "continue", NULL };
	const char *const *k;

	for (k = kw; *k; k++)
		if (tok_is(p, i, *k))
			return 1;
	return 0;
}

/* '( ... )' at p->pos: a condition node over its inside; pos after ')'. */
static int paren_cond(struct parser *p, int nsucc)
{
	int open = p->pos, close;

	if (!tok_is(p, open, "("))
		return fail(p, "expected '('");
	close = match_close(p, open);
	if (close < 0)
		return fail(p, "unbalanced parentheses");
	p->pos = close + 1;
	return new_node(p, N_COND, open + 1, close, nsucc);
}

static struct jump *jump_push(struct parser *p, int is_loop)
{
	struct jump *j = xcalloc(1, sizeof(*j));

	j->is_loop = is_loop;
	p->jumps = xrealloc(p->jumps, (size_t)(p->njumps + 1) * sizeof(*p->jumps));
	p->jumps[p->njumps++] = j;
	return j;
}

static void jump_pop(struct parser *p)
{
	struct jump *j = p->jumps[--p->njumps];

	free(j->breaks.v);
	free(j->conts.v);
	free(j);
}

static struct jump *jump_find(struct parser *p, int loop_only)
{
	int i;

	for (i = p->njumps - 1; i >= 0; i--)
		if (!loop_only || p->jumps[i]->is_loop)
			return p->jumps[i];
	return NULL;
}

/* A loop whose condition node c is already made: body, back edges, exits. */
static int loop_body(struct parser *p, int c, struct holes *out, int back_to)
{
	struct jump *j = jump_push(p, 1);
	struct holes hb = { 0 };
	int body = parse_stmt(p, &hb);

	if (body < 0) {
		free(hb.v);
		jump_pop(p);
		return -1;
	}
	p->n[c].succ[0] = body;
	patch(p, &hb, back_to, E_LOOP);
	patch(p, &j->conts, back_to, E_LOOP);
	if (p->n[c].nsucc > 1)
		hole_add(out, c, 1, E_NORMAL);
	holes_move(out, &j->breaks);
	free(hb.v);
	jump_pop(p);
	return 0;
}

static int name_has(const struct parser *p, int i, const char *sub)
{
	const struct tok *t = &p->t[i];
	size_t n = strlen(sub), k;

	for (k = 0; k + n <= t->len; k++)
		if (!memcmp(p->buf + t->off + k, sub, n))
			return 1;
	return 0;
}

static int parse_stmt(struct parser *p, struct holes *out)
{
	int start = p->pos, node, close;

	if (p->err)
		return -1;
	if (++p->depth > 200) {
		p->depth--;
		return fail(p, "nesting too deep");
	}
	if (p->pos >= p->nt) {
		p->depth--;
		return fail(p, "unexpected end of function");
	}
	if (tok_is(p, p->pos, "{")) {
		struct holes cur = { 0 }, next = { 0 };

		node = new_node(p, N_NOP, p->pos, p->pos + 1, 1);
		hole_add(&cur, node, 0, E_NORMAL);
		p->pos++;
		while (p->pos < p->nt && !tok_is(p, p->pos, "}") && !p->err) {
			int e = parse_stmt(p, &next);

			if (e < 0)
				break;
			patch(p, &cur, e, 0);
			holes_move(&cur, &next);
		}
		if (!p->err && p->pos >= p->nt)
			fail(p, "missing '}'");
		p->pos++;
		holes_move(out, &cur);
		free(cur.v);
		free(next.v);
	} else if (tok_is(p, p->pos, "if")) {
		struct holes ht = { 0 }, he = { 0 };
		int e;

		p->pos++;
		node = paren_cond(p, 2);
		if (node >= 0 && (e = parse_stmt(p, &ht)) >= 0) {
			p->n[node].succ[0] = e;
			p->n[node].falls[0] = ht.n > 0;
			if (tok_is(p, p->pos, "else")) {
				p->pos++;
				if ((e = parse_stmt(p, &he)) >= 0)
					p->n[node].succ[1] = e;
				p->n[node].falls[1] = he.n > 0;
			} else {
				hole_add(out, node, 1, E_NORMAL);
				p->n[node].falls[1] = 1;
			}
			holes_move(out, &ht);
			holes_move(out, &he);
		}
		free(ht.v);
		free(he.v);
	} else if (tok_is(p, p->pos, "while")) {
		p->pos++;
		node = paren_cond(p, 2);
		if (node >= 0)
			loop_body(p, node, out, node);
	} else if (tok_is(p, p->pos, "do")) {
		struct jump *j;
		struct holes hb = { 0 };
		int body, c;

		p->pos++;
		j = jump_push(p, 1);
		body = parse_stmt(p, &hb);
		node = body;
		if (body >= 0 && !tok_is(p, p->pos, "while"))
			fail(p, "'do' without 'while'");
		if (!p->err) {
			p->pos++;
			c = paren_cond(p, 2);
			if (c >= 0) {
				if (tok_is(p, p->pos, ";"))
					p->pos++;
				patch(p, &hb, c, 0);
				patch(p, &j->conts, c, 0);
				p->n[c].succ[0] = body;
				p->n[c].ekind[0] = E_LOOP;
				hole_add(out, c, 1, E_NORMAL);
				holes_move(out, &j->breaks);
			}
		}
		free(hb.v);
		jump_pop(p);
	} else if (tok_is(p, p->pos, "for")) {
		int s1 = -1, s2 = -1, i, d = 0, init, cond, step;

		p->pos++;
		if (!tok_is(p, p->pos, "(") || (close = match_close(p, p->pos)) < 0) {
			p->depth--;
			return fail(p, "bad 'for'");
		}
		for (i = p->pos + 1; i < close; i++) {
			if (tok_is(p, i, "(") || tok_is(p, i, "[") || tok_is(p, i, "{"))
				d++;
			else if (tok_is(p, i, ")") || tok_is(p, i, "]") || tok_is(p, i, "}"))
				d--;
			else if (d == 0 && tok_is(p, i, ";")) {
				if (s1 < 0)
					s1 = i;
				else if (s2 < 0)
					s2 = i;
			}
		}
		if (s1 < 0 || s2 < 0) {
			p->depth--;
			return fail(p, "bad 'for'");
		}
		init = new_node(p, N_STMT, p->pos + 1, s1, 1);
		cond = new_node(p, N_COND, s1 + 1, s2, s2 > s1 + 1 ? 2 : 1);
		step = new_node(p, N_STMT, s2 + 1, close, 1);
		p->n[init].succ[0] = cond;
		p->n[step].succ[0] = cond;
		p->n[step].ekind[0] = E_LOOP;
		p->pos = close + 1;
		node = init;
		loop_body(p, cond, out, step);
		/* the back edge is the step's; the body reaches the step plainly */
	} else if (tok_is(p, p->pos, "switch")) {
		struct jump *j;
		struct holes hb = { 0 };
		int body, i, has_default = 0;

		p->pos++;
		node = paren_cond(p, 0);
		if (node >= 0) {
			p->n[node].kind = N_SWITCH;
			j = jump_push(p, 0);
			p->switches = xrealloc(p->switches, (size_t)(p->nswitches + 1) * sizeof(int));
			p->switches[p->nswitches++] = node;
			body = parse_stmt(p, &hb);
			p->nswitches--;
			if (body >= 0) {
				for (i = 0; i < p->n[node].nsucc; i++)
					if (p->n[node].ekind[i] == 3)
						has_default = 1, p->n[node].ekind[i] = E_NORMAL;
				if (!has_default)
					hole_add(out, node, add_slot(p, node), E_NORMAL);
				holes_move(out, &hb);
				holes_move(out, &j->breaks);
			}
			free(hb.v);
			jump_pop(p);
		}
	} else if (tok_is(p, p->pos, "case") || tok_is(p, p->pos, "default")) {
		int is_default = tok_is(p, p->pos, "default"), d = 0, sw, slot, e;

		while (p->pos < p->nt) {
			if (tok_is(p, p->pos, "(") || tok_is(p, p->pos, "["))
				d++;
			else if (tok_is(p, p->pos, ")") || tok_is(p, p->pos, "]"))
				d--;
			else if (d == 0 && tok_is(p, p->pos, ":"))
				break;
			p->pos++;
		}
		if (!p->nswitches || p->pos >= p->nt) {
			p->depth--;
			return fail(p, "'case' outside a switch");
		}
		p->pos++;
		node = new_node(p, N_NOP, start, p->pos, 1);
		sw = p->switches[p->nswitches - 1];
		slot = add_slot(p, sw);
		p->n[sw].succ[slot] = node;
		if (is_default)
			p->n[sw].ekind[slot] = 3;	/* marks the default, cleared above */
		if (tok_is(p, p->pos, "}")) {
			hole_add(out, node, 0, E_NORMAL);
		} else if ((e = parse_stmt(p, out)) >= 0) {
			p->n[node].succ[0] = e;
		}
	} else if (p->t[p->pos].type == T_IDENT && tok_is(p, p->pos + 1, ":") &&
		   !tok_is(p, p->pos + 2, ":")) {
		int e;

		node = new_node(p, N_NOP, p->pos, p->pos + 2, 1);
		p->labels = xrealloc(p->labels, (size_t)(p->nlabels + 1) * sizeof(*p->labels));
		p->labels[p->nlabels].name = p->buf + p->t[p->pos].off;
		p->labels[p->nlabels].len = p->t[p->pos].len;
		p->labels[p->nlabels].node = node;
		p->nlabels++;
		p->pos += 2;
		if (tok_is(p, p->pos, "}")) {
			hole_add(out, node, 0, E_NORMAL);
		} else if ((e = parse_stmt(p, out)) >= 0) {
			p->n[node].succ[0] = e;
		}
	} else if (tok_is(p, p->pos, "goto")) {
		node = new_node(p, N_STMT, p->pos, p->pos + 2, 1);
		p->gotos = xrealloc(p->gotos, (size_t)(p->ngotos + 1) * sizeof(*p->gotos));
		p->gotos[p->ngotos].node = node;
		p->gotos[p->ngotos].tok = p->pos + 1;
		p->ngotos++;
		p->pos += 2;
		if (tok_is(p, p->pos, ";"))
			p->pos++;
	} else if (tok_is(p, p->pos, "break") || tok_is(p, p->pos, "continue")) {
		int is_break = tok_is(p, p->pos, "break");
		struct jump *j = jump_find(p, !is_break);

		if (!j) {
			p->depth--;
			return fail(p, is_break ? "'break' outside a loop" : "'continue' outside a loop");
		}
		node = new_node(p, N_STMT, p->pos, p->pos + 1, 1);
		hole_add(is_break ? &j->breaks : &j->conts, node, 0, E_NORMAL);
		p->pos++;
		if (tok_is(p, p->pos, ";"))
			p->pos++;
	} else if (tok_is(p, p->pos, ";")) {
		node = new_node(p, N_NOP, p->pos, p->pos + 1, 1);
		hole_add(out, node, 0, E_NORMAL);
		p->pos++;
	} else if (tok_is(p, p->pos, "else")) {
		p->depth--;
		return fail(p, "'else' without 'if'");
	} else if (p->t[p->pos].type == T_IDENT && tok_is(p, p->pos + 1, "(") &&
		   (close = match_close(p, p->pos + 1)) > 0 && close + 1 < p->nt &&
		   (tok_is(p, close + 1, "{") ||
		    (p->t[close + 1].type == T_IDENT && !tok_is(p, close + 1, "__attribute__")) ) &&
		   !is_keyword_start(p, p->pos)) {
		/* a statement macro: 'for_each_x(...) body' loops, 'guard(...) body' runs once */
		int loop = name_has(p, p->pos, "for_each") || name_has(p, p->pos, "_each_");
		int e;

		if (loop) {
			node = new_node(p, N_COND, p->pos, close + 1, 2);
			p->pos = close + 1;
			loop_body(p, node, out, node);
		} else {
			node = new_node(p, N_STMT, p->pos, close + 1, 1);
			p->pos = close + 1;
			if ((e = parse_stmt(p, out)) >= 0)
				p->n[node].succ[0] = e;
		}
	} else {
		/* an expression or a declaration, up to its ';' */
		int d = 0, i = p->pos, is_return = tok_is(p, p->pos, "return");

		for (; i < p->nt; i++) {
			if (tok_is(p, i, "(") || tok_is(p, i, "[") || tok_is(p, i, "{"))
				d++;
			else if (tok_is(p, i, ")") || tok_is(p, i, "]") || tok_is(p, i, "}")) {
				if (--d < 0)
					break;
			} else if (d == 0 && tok_is(p, i, ";"))
				break;
		}
		if (i >= p->nt || !tok_is(p, i, ";")) {
			p->depth--;
			return fail(p, "statement without ';'");
		}
		node = new_node(p, N_STMT, p->pos, i, 1);
		if (is_return)
			p->n[node].succ[0] = p->exit_node;
		else
			hole_add(out, node, 0, E_NORMAL);
		p->pos = i + 1;
	}
	p->depth--;
	return p->err ? -1 : node;
}

static void parser_release(struct parser *p)
{
	int i;

	for (i = 0; i < p->nn; i++) {
		free(p->n[i].succ);
		free(p->n[i].ekind);
	}
	free(p->n);
	free(p->labels);
	free(p->gotos);
	while (p->njumps)
		jump_pop(p);
	free(p->jumps);
	free(p->switches);
}

/*
 * The CFG of the body {...} at tokens [body, close]: returns the entry node,
 * or -1 with p->err set.  Every path ends at p->exit_node.
 */
static int cfg_build(struct parser *p, int body, int close)
{
	struct holes h = { 0 };
	int entry, i;

	p->nt = close + 1;
	p->exit_node = new_node(p, N_EXIT, close, close + 1, 0);
	p->pos = body;
	entry = parse_stmt(p, &h);
	for (i = 0; !p->err && i < p->ngotos; i++) {
		const struct tok *lt = &p->t[p->gotos[i].tok];
		int k, target = -1;

		for (k = 0; k < p->nlabels; k++)
			if (p->labels[k].len == lt->len &&
			    !memcmp(p->labels[k].name, p->buf + lt->off, lt->len))
				target = p->labels[k].node;
		if (target < 0) {
			/* a computed goto or a label under another #if branch */
			p->err = "goto to a label not found";
			p->err_line = lt->line;
		} else {
			p->n[p->gotos[i].node].succ[0] = target;
			p->n[p->gotos[i].node].ekind[0] = E_GOTO;
		}
	}
	if (entry < 0 || p->err) {
		free(h.v);
		if (!p->err)
			p->err = "parse";
		return -1;
	}
	patch(p, &h, p->exit_node, 0);
	free(h.v);
	return entry;
}

/* ---- reading statements ---------------------------------------------------- */

#define MAXV 24
#define MAXPEND 8
#define MAXPAIRS 6
#define NAMELEN 40

enum vkind { V_OTHER, V_CONSUMER, V_DERIVED, V_FAULT, V_MEASURE, V_COPY, V_REJECTS, V_FLAG };
enum { Z_UNKNOWN, Z_ZERO, Z_NONZERO };
enum { P_YES = 1, P_MAYBE = 2, P_GUARD = 4, P_ZEROCOPY = 8, P_CUT = 16, P_ADV = 32, P_USED = 64,
       P_MODE = 128, P_FLAGARG = 256, P_MAYBE_S = 512 };

struct var {
	char name[NAMELEN];
	uint8_t kind, zero;
	uint8_t ver;
};

struct pstate {
	struct var v[MAXV];
	int nv;
	uint16_t flags;
	uint8_t lap;		/* 1: a second round, after a flag was set on the first */
	struct { uint8_t var, ver; } pend[MAXPEND];
	int npend;
	struct { uint8_t a, b; } pair[MAXPAIRS];
	int npairs;
	/* 'revert(i, copied - max(status, 0))': moves 'var' back when 'other' is zero */
	struct { uint8_t var; int8_t other; } rev[4];
	int nrev;
	/* a callee that can return (ST_*) without moving what it got by address */
	uint8_t stall;
	int8_t stall_var;	/* its result, -1 none, -3 overwritten: then stall_z */
	uint8_t stall_z;
	/* shown, not compared */
	uint32_t back_line;
	char via;
	char maybe_callee[NAMELEN];
	char stall_callee[NAMELEN];
};

struct ctx {
	struct parser *p;
	const struct wb_flow_api *api;
	int call_tok;		/* the fault-in's name */
	int call_close;		/* its ')' */
	int call_node;
	int iter;		/* the primitive takes an iov_iter */
	char start[4][NAMELEN];	/* base names in the start argument */
	int nstart;
	char length[4][NAMELEN];
	int nlength;
	char start_path[NAMELEN];	/* the start argument when it is one path */
	const char *buf;
	size_t len;
	const struct wb_flow_func *funcs;	/* defined in the same file */
	size_t nfuncs;
	/* names used as an amount somewhere: 'x += v', 'advance(i, v)', 'len = v' */
	char amounts[8][NAMELEN];
	int namounts;
	/* walking a caller of the function with the fault-in (caller_cycle) */
	uint16_t seed_flags;	/* P_* the walk starts with */
	uint8_t result_z;	/* Z_* of what the call returned, or 0 */
	/* the call is a wrapper's whose result is true on success (WB_FLOW_TRUTH_IS_SUCCESS) */
	int truth_success;
};

static int in_api(const char *const *v, size_t n, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && !memcmp(v[i], s, len))
			return 1;
	return 0;
}

static int tok_name_in(const struct ctx *c, int i, const char *const *v, size_t n)
{
	const struct tok *t = &c->p->t[i];

	return t->type == T_IDENT && in_api(v, n, c->p->buf + t->off, t->len);
}

/* The path text of tokens [a, b) (no white space), truncated to NAMELEN-1. */
static void path_text(const struct ctx *c, int a, int b, char *out)
{
	size_t n = 0;
	int i;

	for (i = a; i < b; i++) {
		const struct tok *t = &c->p->t[i];
		size_t k = t->len;

		if (n + k >= NAMELEN - 1)
			k = NAMELEN - 1 - n;
		memcpy(out + n, c->p->buf + t->off, k);
		n += k;
		if (n >= NAMELEN - 1)
			break;
	}
	out[n] = '\0';
}

/* Is [a, b) one access path: IDENT ( ('->'|'.') IDENT | '[' ... ']' )*, maybe '*' or '&' first? */
static int is_path(const struct ctx *c, int a, int b)
{
	const struct parser *p = c->p;
	int i = a;

	while (i < b && (tok_is(p, i, "*") || tok_is(p, i, "(")))
		i++;
	if (i >= b || p->t[i].type != T_IDENT)
		return 0;
	i++;
	while (i < b) {
		if ((tok_is(p, i, "->") || tok_is(p, i, ".")) && i + 1 < b && p->t[i + 1].type == T_IDENT)
			i += 2;
		else if (tok_is(p, i, "[")) {
			int e = match_close(p, i);

			if (e < 0 || e >= b)
				return 0;
			i = e + 1;
		} else if (tok_is(p, i, ")"))
			i++;
		else
			return 0;
	}
	return 1;
}

/* The first identifier of a path (its base variable). */
static int path_base(const struct ctx *c, int a, int b)
{
	int i;

	for (i = a; i < b; i++)
		if (c->p->t[i].type == T_IDENT)
			return i;
	return -1;
}

static int name_eq(const struct ctx *c, int i, const char *s)
{
	const struct tok *t = &c->p->t[i];

	return t->type == T_IDENT && strlen(s) == t->len && !memcmp(c->p->buf + t->off, s, t->len);
}

static int is_start(const struct ctx *c, int i)
{
	int k;

	for (k = 0; k < c->nstart; k++)
		if (name_eq(c, i, c->start[k]))
			return 1;
	return 0;
}

static int is_length(const struct ctx *c, int i)
{
	int k;

	for (k = 0; k < c->nlength; k++)
		if (name_eq(c, i, c->length[k]))
			return 1;
	return 0;
}

static int var_find(const struct pstate *s, const char *name)
{
	int i;

	for (i = 0; i < s->nv; i++)
		if (!strcmp(s->v[i].name, name))
			return i;
	return -1;
}

static int var_get(struct pstate *s, const char *name)
{
	int i = var_find(s, name);

	if (i >= 0 || s->nv == MAXV)
		return i;
	i = s->nv++;
	memset(&s->v[i], 0, sizeof(s->v[i]));
	snprintf(s->v[i].name, NAMELEN, "%s", name);
	return i;
}

/* Does [a, b) mention a variable of one of the kinds in mask? */
static int mentions_kind(const struct ctx *c, const struct pstate *s, int a, int b, unsigned mask)
{
	int i;

	for (i = a; i < b; i++) {
		char name[NAMELEN];
		int v, e = i + 1;

		if (c->p->t[i].type != T_IDENT || tok_is(c->p, i + 1, "("))
			continue;
		if (i > a && (tok_is(c->p, i - 1, "->") || tok_is(c->p, i - 1, ".")))
			continue;
		/* the longest path from here */
		while (e + 1 < b && (tok_is(c->p, e, "->") || tok_is(c->p, e, ".")) &&
		       c->p->t[e + 1].type == T_IDENT)
			e += 2;
		for (; e > i; e -= 2) {
			path_text(c, i, e, name);
			v = var_find(s, name);
			if (v >= 0 && (mask & (1u << s->v[v].kind)))
				return 1;
			if (e - 2 <= i)
				break;
		}
	}
	return 0;
}

static int contains_call_tok(const struct ctx *c, int a, int b)
{
	return c->call_tok >= a && c->call_tok < b;
}

/* Does [a, b) hold a call whose arguments mention the start of the range? */
static int consumer_call_in(const struct ctx *c, int a, int b, int *name_tok)
{
	const struct parser *p = c->p;
	int i;

	for (i = a; i + 1 < b; i++) {
		int close, k;

		if (p->t[i].type != T_IDENT || !tok_is(p, i + 1, "(") || i == c->call_tok)
			continue;
		if (tok_name_in(c, i, c->api->readonly, c->api->nreadonly) ||
		    tok_name_in(c, i, c->api->movers, c->api->nmovers) ||
		    tok_name_in(c, i, c->api->prims, c->api->nprims))
			continue;
		close = match_close(p, i + 1);
		if (close < 0 || close > b)
			continue;
		for (k = i + 2; k < close; k++)
			if (is_start(c, k) && !(tok_is(p, k - 1, "->") || tok_is(p, k - 1, "."))) {
				if (name_tok)
					*name_tok = i;
				return 1;
			}
	}
	return 0;
}

/* A move by the value of v (cut: of the length, else of the start). */
static void pend_kind(struct pstate *s, int v, int cut)
{
	int i;

	if (v < 0) {
		s->flags |= P_YES;
		return;
	}
	for (i = 0; i < s->npend; i++)
		if (s->pend[i].var == v && s->pend[i].ver == cut)
			return;
	if (s->npend == MAXPEND) {
		s->flags |= P_YES;
		return;
	}
	s->pend[s->npend].var = (uint8_t)v;
	s->pend[s->npend].ver = (uint8_t)cut;
	s->npend++;
}

static void pend_add(struct pstate *s, int v)
{
	pend_kind(s, v, 0);
}

/*
 * v is assigned anew: a move by its old value stays a move unless that value
 * was known to be zero.
 */
static void var_redefine(struct pstate *s, int v)
{
	int i, k = 0;

	for (i = 0; i < s->npend; i++) {
		if (s->pend[i].var != v) {
			s->pend[k++] = s->pend[i];
			continue;
		}
		if (s->v[v].zero != Z_ZERO)
			s->flags |= P_YES;
	}
	s->npend = k;
	/* the result of a callee that can give up: what it was when overwritten */
	if (s->stall && s->stall_var == v) {
		s->stall_z = s->v[v].zero;
		s->stall_var = -3;
	}
	s->v[v].zero = Z_UNKNOWN;
}

/* A single path [a, b) as a tracked variable (made when absent), or < 0. */
static int amount_var(const struct ctx *c, struct pstate *s, int a, int b)
{
	char name[NAMELEN];

	while (a < b && tok_is(c->p, a, "(") && match_close(c->p, a) == b - 1)
		a++, b--;
	if (!is_path(c, a, b))
		return -2;
	path_text(c, a, b, name);
	return var_get(s, name);
}

/* The same, only when it is tracked already: a test says nothing of the others. */
static int tracked_var(const struct ctx *c, const struct pstate *s, int a, int b)
{
	char name[NAMELEN];

	while (a < b && tok_is(c->p, a, "(") && match_close(c->p, a) == b - 1)
		a++, b--;
	if (!is_path(c, a, b))
		return -2;
	path_text(c, a, b, name);
	return var_find(s, name);
}

static void maybe(const struct ctx *c, struct pstate *s, int name_tok)
{
	s->flags |= P_MAYBE | P_MAYBE_S;
	if (!s->maybe_callee[0] && name_tok >= 0)
		path_text(c, name_tok, name_tok + 1, s->maybe_callee);
}

static int callee_returns_copy(const struct ctx *c, const char *name, size_t nlen);

/* Is [a, b) the fault-in call itself, maybe under casts and parentheses? */
static int rhs_is_call(const struct ctx *c, int a, int b)
{
	while (a < b && tok_is(c->p, a, "(")) {
		int e = match_close(c->p, a);

		if (e < 0 || e >= b)
			return 0;
		if (e == b - 1)
			a++, b--;
		else
			a = e + 1;	/* a cast */
	}
	return a == c->call_tok;
}

/* Is the member named at token m named nowhere else in the function? */
static int member_once(const struct ctx *c, int m)
{
	const struct parser *p = c->p;
	const struct tok *t = &p->t[m];
	int i;

	for (i = 0; i < p->nt; i++)
		if (i != m && p->t[i].type == T_IDENT && p->t[i].len == t->len &&
		    !memcmp(p->buf + p->t[i].off, p->buf + t->off, t->len))
			return 0;
	return 1;
}

/* One assignment: lhs [la, lb), operator token op, rhs [ra, rb). */
static void assign(const struct ctx *c, struct pstate *s, int la, int lb, int op, int ra, int rb)
{
	const struct parser *p = c->p;
	char lhs[NAMELEN];
	int base, v, plain = tok_is(p, op, "="), shrink = tok_is(p, op, "-="),
		grow = tok_is(p, op, "+=");
	int incdec = tok_is(p, op, "++") || tok_is(p, op, "--");
	int fault = contains_call_tok(c, ra, rb), nt = -1;
	int consumer = consumer_call_in(c, ra, rb, &nt);
	int derived = mentions_kind(c, s, ra, rb,
				    (1u << V_CONSUMER) | (1u << V_DERIVED) | (1u << V_COPY) |
					    (1u << V_REJECTS));
	int exact_call = ra < rb && p->t[ra].type == T_IDENT && tok_is(p, ra + 1, "(") &&
			 match_close(p, ra + 1) == rb - 1;
	int exact_fault = fault && c->call_close == rb - 1 && rhs_is_call(c, ra, rb);
	int fieldof;

	if (!is_path(c, la, lb))
		return;
	/*
	 * 'flag = true' on the way round: the next round may take another
	 * way (a page read in first, a mode that keeps short copies), which
	 * the range alone does not show.
	 */
	if (plain && rb == ra + 1 && (tok_is(p, ra, "true") || tok_is(p, ra, "false")) &&
	    lb == la + 1 && !is_start(c, la) && !is_length(c, la)) {
		char name[NAMELEN];
		int fv;

		path_text(c, la, lb, name);
		fv = var_get(s, name);
		if (fv >= 0) {
			var_redefine(s, fv);
			s->v[fv].kind = V_FLAG;
			s->v[fv].zero = tok_is(p, ra, "true") ? Z_NONZERO : Z_ZERO;
			s->flags |= P_MODE;
		}
		return;
	}
	base = path_base(c, la, lb);
	fieldof = lb - la > 1 && base >= 0 && base + 1 < lb &&
		  (tok_is(p, base + 1, "->") || tok_is(p, base + 1, "."));
	path_text(c, la, lb, lhs);

	/* what it does to the range */
	if (base >= 0 && is_start(c, base) && !(fieldof && c->iter)) {
		if (incdec || grow || shrink) {
			int av = incdec ? -1 : amount_var(c, s, ra, rb);

			pend_add(s, av >= 0 ? av : -1);
			s->flags |= P_ADV;
		} else if (plain) {
			if (consumer || derived) {
				int av = amount_var(c, s, ra, rb);

				pend_add(s, av >= 0 ? av : -1);
				s->flags |= P_ADV;
			} else if (fieldof && rb == ra + 1 && tok_is(p, ra, "0") &&
				   p->t[lb - 1].type == T_IDENT && member_once(c, lb - 1)) {
				/*
				 * 'start->m = 0' with m read nowhere in the
				 * function: the same reset every round, which
				 * carries nothing from one round to the next
				 */
			} else {
				/* set to something not read as progress: named with a leading '=' */
				maybe(c, s, -1);
				if (!s->maybe_callee[0])
					snprintf(s->maybe_callee, NAMELEN, "=%.*s", NAMELEN - 2, lhs);
			}
		}
	} else if (base >= 0 && is_length(c, base) && !fieldof) {
		if (shrink && fault) {
			s->flags |= P_YES | P_CUT;
		} else if (shrink) {
			int av = amount_var(c, s, ra, rb);

			pend_kind(s, av >= 0 ? av : -1, 1);
			s->flags |= P_CUT;
		} else if (plain && (consumer || derived)) {
			int av = amount_var(c, s, ra, rb);

			pend_kind(s, av >= 0 ? av : -1, 1);
			s->flags |= P_CUT;
		}
		/* a plain recomputation of the length is no progress */
	}

	/* what the variable now holds */
	v = var_find(s, lhs);
	if (v < 0 && (fault || consumer || derived || tok_is(p, op, "=")))
		v = (fault || consumer || derived || (base >= 0 && (is_start(c, base) ||
								   is_length(c, base))) ||
		     mentions_kind(c, s, ra, rb, 1u << V_MEASURE) ||
		     (ra < rb && (is_start(c, ra) || is_length(c, ra)))) ?
			    var_get(s, lhs) : -1;
	if (v < 0 && !plain)
		return;
	if (v < 0) {
		int k, measure = 0;

		/* a measure of the range: computed from it */
		for (k = ra; k < rb; k++)
			if (is_start(c, k) || is_length(c, k))
				measure = 1;
		if (!measure)
			return;
		v = var_get(s, lhs);
		if (v < 0)
			return;
	}
	if (plain || shrink || grow) {
		uint8_t kind = V_OTHER;
		int k;

		if (fault && plain && exact_fault)
			kind = V_FAULT;
		else if (fault)
			/* 'window -= fault_in(..)', 'len - fault_in(..)': what was faulted in */
			kind = V_MEASURE;
		else if (consumer && exact_call)
			/* a copy that returns what it copied: zero means nothing was */
		{
			int rc = tok_name_in(c, ra, c->api->copies, c->api->ncopies) ? 1 :
				 callee_returns_copy(c, p->buf + p->t[ra].off, p->t[ra].len);

			kind = rc > 0 ? V_COPY : rc == 0 ? V_REJECTS : V_CONSUMER;
		}
		else if (consumer || derived)
			kind = V_DERIVED;
		else {
			for (k = ra; k < rb; k++)
				if (is_start(c, k) || is_length(c, k))
					kind = V_MEASURE;
			if (mentions_kind(c, s, ra, rb, 1u << V_MEASURE))
				kind = V_MEASURE;
		}
		if (!plain && kind == V_OTHER)
			kind = (s->v[v].kind == V_CONSUMER || s->v[v].kind == V_COPY ||
				s->v[v].kind == V_REJECTS) ? V_DERIVED :
											 s->v[v].kind;
		var_redefine(s, v);
		s->v[v].kind = kind;
		/* 'prev = cur': remembered for a later 'cur == prev' */
		if (plain && is_path(c, ra, rb)) {
			char rhs[NAMELEN];
			int w;

			path_text(c, ra, rb, rhs);
			w = var_find(s, rhs);
			if (w < 0 && (is_start(c, ra) || is_length(c, ra)))
				w = var_get(s, rhs);
			if (w >= 0 && w != v && s->npairs < MAXPAIRS) {
				int k2, dup = 0;

				for (k2 = 0; k2 < s->npairs; k2++)
					if (s->pair[k2].a == v && s->pair[k2].b == w)
						dup = 1;
				if (!dup) {
					s->pair[s->npairs].a = (uint8_t)v;
					s->pair[s->npairs].b = (uint8_t)w;
					s->npairs++;
				}
			}
		}
	} else if (incdec) {
		var_redefine(s, v);
	}
}

/* ---- callees defined in the same file ---------------------------------------------- */

struct callee {
	struct toks t;
	struct parser p;
	int body, close;
	char params[16][NAMELEN];
	int nparams;
};

static void callee_release(struct callee *f)
{
	free(f->t.v);
}

/* Lexes the same-file function name; 0, or -1 when it is not defined here. */
static int callee_load(const struct ctx *c, const char *name, size_t nlen, struct callee *f)
{
	const struct wb_flow_func *fn = NULL;
	int i, open = -1, close, d = 0, start;
	size_t k;

	memset(f, 0, sizeof(*f));
	for (k = 0; k < c->nfuncs; k++)
		if (strlen(c->funcs[k].name) == nlen && !memcmp(c->funcs[k].name, name, nlen)) {
			fn = &c->funcs[k];
			break;
		}
	if (!fn)
		return -1;
	lex(&f->t, c->buf, c->len, fn->line, fn->end);
	f->p.buf = c->buf;
	f->p.t = f->t.v;
	f->p.nt = f->t.n;
	for (i = 0; i + 1 < f->t.n; i++)
		if (f->t.v[i].type == T_IDENT && f->t.v[i].len == nlen &&
		    !memcmp(c->buf + f->t.v[i].off, name, nlen) && tok_is(&f->p, i + 1, "(")) {
			open = i + 1;
			break;
		}
	if (open < 0 || (close = match_close(&f->p, open)) < 0)
		goto fail;
	/* parameter names: the last identifier of each */
	start = open + 1;
	for (i = open + 1; i <= close; i++) {
		if (tok_is(&f->p, i, "(") || tok_is(&f->p, i, "["))
			d++;
		else if ((tok_is(&f->p, i, ")") || tok_is(&f->p, i, "]")) && i < close)
			d--;
		else if (i == close || (d == 0 && tok_is(&f->p, i, ","))) {
			int j, last = -1;

			for (j = start; j < i; j++)
				if (f->t.v[j].type == T_IDENT && !tok_is(&f->p, j + 1, "("))
					last = j;
			if (f->nparams < 16) {
				if (last >= 0) {
					const struct tok *t = &f->t.v[last];
					size_t n = t->len < NAMELEN - 1 ? t->len : NAMELEN - 1;

					memcpy(f->params[f->nparams], c->buf + t->off, n);
					f->params[f->nparams][n] = '\0';
				}
				f->nparams++;
			}
			start = i + 1;
		}
	}
	for (i = close + 1; i < f->t.n && !tok_is(&f->p, i, "{"); i++)
		;
	if (i >= f->t.n || (f->close = match_close(&f->p, i)) < 0)
		goto fail;
	f->body = i;
	return 0;
fail:
	callee_release(f);
	return -1;
}

static int fp_name_is(const struct callee *f, int i, const char *s)
{
	const struct tok *t = &f->t.v[i];

	return t->type == T_IDENT && strlen(s) == t->len && !memcmp(f->p.buf + t->off, s, t->len);
}

static int in_list_tok(const struct callee *f, int i, const char *const *v, size_t n)
{
	const struct tok *t = &f->t.v[i];

	return t->type == T_IDENT && in_api(v, n, f->p.buf + t->off, t->len);
}

/*
 * Does the same-file function name advance the iterator it gets as argument
 * argi?  1 yes, 0 no, -1 not known (not defined here: iterator consumers
 * advance what they take, as the iov_iter API does).
 */
static int callee_advances(const struct ctx *c, const char *name, size_t nlen, int argi, int depth)
{
	struct callee f;
	const char *pn;
	int i, ret = 0;

	if (in_api(c->api->keeps, c->api->nkeeps, name, nlen) ||
	    in_api(c->api->readonly, c->api->nreadonly, name, nlen))
		return 0;
	if (in_api(c->api->movers, c->api->nmovers, name, nlen))
		return argi == 0;
	if (depth > 2 || callee_load(c, name, nlen, &f) < 0)
		return -1;
	if (argi >= f.nparams || !f.params[argi][0]) {
		callee_release(&f);
		return -1;
	}
	pn = f.params[argi];
	for (i = f.body; i < f.close && !ret; i++) {
		int close, k, arg = 0, s0;

		/* the iterator's own fields written */
		if (fp_name_is(&f, i, pn) && tok_is(&f.p, i + 1, "->") &&
		    (tok_is(&f.p, i + 3, "=") || tok_is(&f.p, i + 3, "+=") || tok_is(&f.p, i + 3, "-=")))
			ret = 1;
		if (f.t.v[i].type != T_IDENT || !tok_is(&f.p, i + 1, "(") ||
		    (close = match_close(&f.p, i + 1)) < 0)
			continue;
		s0 = i + 2;
		for (k = i + 2; k <= close; k++) {
			int d = 0, e;

			for (e = k; e < close; e++) {
				if (tok_is(&f.p, e, "(") || tok_is(&f.p, e, "["))
					d++;
				else if (tok_is(&f.p, e, ")") || tok_is(&f.p, e, "]"))
					d--;
				else if (d == 0 && tok_is(&f.p, e, ","))
					break;
			}
			s0 = k;
			if (e == s0 + 1 && fp_name_is(&f, s0, pn)) {
				const struct tok *t = &f.t.v[i];
				int r;

				if (in_list_tok(&f, i, c->api->checked, c->api->nchecked))
					r = 0;
				else
					r = callee_advances(c, f.p.buf + t->off, t->len, arg, depth + 1);
				if (r != 0)
					ret = 1;
			}
			arg++;
			k = e;
		}
	}
	callee_release(&f);
	return ret;
}

/*
 * Does the same-file function name return what an iterator copy copied
 * ('total += copy_x(...); ... return total;'), without moving the iterator
 * back?  Then its zero result means nothing could be copied.  1 yes, 0 no
 * (it moves back or zeroes what it copied, or returns something else), -1
 * not defined here.
 */
static int callee_returns_copy(const struct ctx *c, const char *name, size_t nlen)
{
	struct callee f;
	char vars[8][NAMELEN];
	int zeroed[8] = { 0 };
	int nv = 0, i, ret = 0, k;

	if (callee_load(c, name, nlen, &f) < 0)
		return -1;
	for (i = f.body; i < f.close; i++) {
		if (in_list_tok(&f, i, c->api->reverts, c->api->nreverts) && tok_is(&f.p, i + 1, "(")) {
			callee_release(&f);
			return 0;
		}
		/* V = copy(...), V += copy(...), V += W with W such a V */
		if (f.t.v[i].type == T_IDENT && (tok_is(&f.p, i + 1, "=") || tok_is(&f.p, i + 1, "+=")) &&
		    i + 2 < f.close) {
			int from_copy = in_list_tok(&f, i + 2, c->api->copies, c->api->ncopies) &&
					tok_is(&f.p, i + 3, "(");

			/* 'total += copied' where copied was not zeroed since the copy */
			for (k = 0; k < nv && !from_copy; k++)
				if (fp_name_is(&f, i + 2, vars[k]) && tok_is(&f.p, i + 3, ";") && !zeroed[k])
					from_copy = 1;
			/* 'copied = 0' after a short copy: what it copied is rejected */
			for (k = 0; k < nv; k++)
				if (fp_name_is(&f, i, vars[k]) && tok_is(&f.p, i + 1, "=") &&
				    tok_is(&f.p, i + 2, "0") && tok_is(&f.p, i + 3, ";"))
					zeroed[k] = 1;
			if (from_copy) {
				const struct tok *t = &f.t.v[i];
				size_t n = t->len < NAMELEN - 1 ? t->len : NAMELEN - 1;

				for (k = 0; k < nv; k++)
					if (fp_name_is(&f, i, vars[k]))
						break;
				if (k == nv && nv < 8) {
					memcpy(vars[nv], f.p.buf + t->off, n);
					vars[nv++][n] = '\0';
				}
				if (k < 8)
					zeroed[k] = 0;
			}
		}
		if (tok_is(&f.p, i, "return") && i + 2 < f.close) {
			if (in_list_tok(&f, i + 1, c->api->copies, c->api->ncopies) && tok_is(&f.p, i + 2, "("))
				ret = 1;
			for (k = 0; k < nv; k++)
				if (fp_name_is(&f, i + 1, vars[k]) && tok_is(&f.p, i + 2, ";"))
					ret = 1;
		}
	}
	callee_release(&f);
	return ret;
}

/* Does the same-file function name (or one it calls) make a checked user copy? */
static int callee_copies(const struct ctx *c, const char *name, size_t nlen, int depth)
{
	struct callee f;
	int i, ret = 0;

	if (depth > 2 || callee_load(c, name, nlen, &f) < 0)
		return 0;
	for (i = f.body; i < f.close && !ret; i++) {
		const struct tok *t = &f.t.v[i];

		if (t->type != T_IDENT || !tok_is(&f.p, i + 1, "("))
			continue;
		if (in_list_tok(&f, i, c->api->checked, c->api->nchecked))
			ret = 1;
		else if (!(t->len == nlen && !memcmp(f.p.buf + t->off, name, nlen)))
			ret = callee_copies(c, f.p.buf + t->off, t->len, depth + 1);
	}
	callee_release(&f);
	return ret;
}

/*
 * revert(iter, E) over [a, close): E naming a pending amount and at most
 * one other name ('copied - max(status, 0)') undoes the move when the
 * other is zero at the end of the path; 'revert(iter, copied)' always.
 */
static void note_revert(const struct ctx *c, struct pstate *s, int a, int close)
{
	const struct parser *p = c->p;
	int comma = -1, k, pendv = -1, other = -1, names = 0, d = 0;

	for (k = a; k < close; k++) {
		if (tok_is(p, k, "(") || tok_is(p, k, "["))
			d++;
		else if (tok_is(p, k, ")") || tok_is(p, k, "]"))
			d--;
		else if (d == 0 && tok_is(p, k, ",")) {
			comma = k;
			break;
		}
	}
	if (comma < 0 || s->nrev == 4)
		return;
	{
		int base = path_base(c, a, comma);

		if (base < 0 || !is_start(c, base))
			return;
	}
	for (k = comma + 1; k < close; k++) {
		char name[NAMELEN];
		int v, j;

		if (p->t[k].type != T_IDENT || tok_is(p, k + 1, "(") ||
		    tok_is(p, k - 1, "->") || tok_is(p, k - 1, "."))
			continue;
		path_text(c, k, k + 1, name);
		v = var_find(s, name);
		names++;
		for (j = 0; v >= 0 && j < s->npend; j++)
			if (s->pend[j].var == v && pendv < 0)
				pendv = v, v = -1;
		if (v >= 0 || (v < 0 && pendv != var_find(s, name)))
			other = var_find(s, name);
	}
	if (pendv < 0 || names > 2 || (names == 2 && other < 0))
		return;
	s->rev[s->nrev].var = (uint8_t)pendv;
	s->rev[s->nrev].other = (int8_t)(names == 2 ? other : -1);
	s->nrev++;
}

/* Calls in [a, b) that move or may move the range. */
static int callee_stalls(const struct ctx *c, const char *name, size_t nlen, int argi);

static void calls(const struct ctx *c, struct pstate *s, int a, int b, int assigned_var)
{
	const struct parser *p = c->p;
	int i;

	for (i = a; i + 1 < b; i++) {
		int close, k, takes_start = 0, takes_addr = 0, whole_iter = 0, argstart, iter_arg = 0;
		int addr_arg = -1;

		if (p->t[i].type != T_IDENT || !tok_is(p, i + 1, "(") || i == c->call_tok)
			continue;
		if (i > a && (tok_is(p, i - 1, "->") || tok_is(p, i - 1, ".")) && 0)
			continue;
		close = match_close(p, i + 1);
		if (close < 0 || close > b)
			continue;
		if (tok_name_in(c, i, c->api->reverts, c->api->nreverts)) {
			note_revert(c, s, i + 2, close);
			continue;
		}
		if (tok_name_in(c, i, c->api->readonly, c->api->nreadonly) ||
		    tok_name_in(c, i, c->api->prims, c->api->nprims))
			continue;
		if (tok_name_in(c, i, c->api->movers, c->api->nmovers)) {
			/* mover(iter, n): progress by n */
			int d = 0, comma = -1;

			for (k = i + 2; k < close; k++) {
				if (tok_is(p, k, "(") || tok_is(p, k, "["))
					d++;
				else if (tok_is(p, k, ")") || tok_is(p, k, "]"))
					d--;
				else if (d == 0 && tok_is(p, k, ",") && comma < 0)
					comma = k;
			}
			if (comma > 0) {
				int base = path_base(c, i + 2, comma);

				if (base >= 0 && is_start(c, base)) {
					int av = amount_var(c, s, comma + 1, close);

					pend_add(s, av >= 0 ? av : -1);
					s->flags |= P_ADV;
				}
			}
			continue;
		}
		/* each argument */
		argstart = i + 2;
		{
		int argn = 0;

		for (k = i + 2; k <= close; k++) {
			int d = 0, e = k;

			for (; e < close; e++) {
				if (tok_is(p, e, "(") || tok_is(p, e, "[") || tok_is(p, e, "{"))
					d++;
				else if (tok_is(p, e, ")") || tok_is(p, e, "]") || tok_is(p, e, "}"))
					d--;
				else if (d == 0 && tok_is(p, e, ","))
					break;
			}
			argstart = k;
			if (e == argstart + 1 && p->t[argstart].type == T_IDENT) {
				char an[NAMELEN];
				int fv;

				path_text(c, argstart, e, an);
				fv = var_find(s, an);
				/* a flag set on the way round, handed to a callee */
				if (fv >= 0 && s->v[fv].kind == V_FLAG && s->lap) {
					s->flags |= P_FLAGARG;
					if (!s->maybe_callee[0])
						memcpy(s->maybe_callee, an, NAMELEN);
				}
			}
			if (e == argstart + 2 && tok_is(p, argstart, "&") &&
			    p->t[argstart + 1].type == T_IDENT) {
				char an[NAMELEN];
				int fv;

				path_text(c, argstart + 1, e, an);
				fv = var_find(s, an);
				if (fv >= 0)
					s->v[fv].zero = Z_UNKNOWN;	/* the callee may write it */
			}
			if (e > argstart) {
				int addr = tok_is(p, argstart, "&");
				int base = path_base(c, argstart + addr, e);

				if (base >= 0 && (is_start(c, base) || is_length(c, base))) {
					int single = is_path(c, argstart + addr, e);

					if (addr && single) {
						takes_addr = 1;
						if (addr_arg < 0 && e == argstart + 2)
							addr_arg = argn;
					}
					if (is_start(c, base)) {
						takes_start = 1;
						if (single && c->iter) {
							char arg[NAMELEN];

							path_text(c, argstart + addr, e, arg);
							if (!strcmp(arg, c->start_path)) {
								whole_iter = 1;
								iter_arg = argn;
							}
						}
					}
					/* a struct the range lives in, by pointer */
					if (!c->iter && !addr && single && is_start(c, base) &&
					    strcmp(c->start_path, "") &&
					    strncmp(c->start_path, p->buf + p->t[base].off, p->t[base].len) == 0 &&
					    c->start_path[p->t[base].len] != '\0' && e - argstart == 1)
						takes_addr = 1;
				}
			}
			k = e;
			argn++;
		}
		}
		if (!takes_start && !takes_addr)
			continue;
		/* the range is used on this path: a retry after it failed */
		s->flags |= P_USED;
		if (whole_iter) {
			if (tok_name_in(c, i, c->api->keeps, c->api->nkeeps) ||
			    !callee_advances(c, p->buf + p->t[i].off, p->t[i].len, iter_arg, 1))
				continue;
			/* an iterator's consumer advances it by what it took */
			if (assigned_var >= 0)
				pend_add(s, assigned_var);
			else
				maybe(c, s, i);
			s->flags |= P_ADV;
		} else if (takes_addr) {
			uint16_t had = s->flags & P_MAYBE_S;

			maybe(c, s, i);
			/* only a length of the range handed over: a fresh call recomputes it */
			if (!takes_start)
				s->flags = (uint16_t)((s->flags & ~P_MAYBE_S) | had);
			/*
			 * '&v' handed to a callee of this file that can give up
			 * after a copy that cannot fault, leaving *v where it was
			 */
			if (addr_arg >= 0 && !s->stall) {
				int st = callee_stalls(c, p->buf + p->t[i].off, p->t[i].len, addr_arg);

				if (st > 0) {
					s->stall = (uint8_t)st;
					s->stall_var = (int8_t)assigned_var;
					path_text(c, i, i + 1, s->stall_callee);
				}
			}
		}
	}
}

/* The effects of tokens [a, b): assignments, then calls. */
static void effects(const struct ctx *c, struct pstate *s, int a, int b)
{
	const struct parser *p = c->p;
	int i, assigned = -1, done = 0, done_a[8], done_b[8];

	for (i = a; i < b; i++) {
		static const char *const ops[] = { "=", "+=", "-=", "*=", "/=", "|=", "&=", "<<=",
						   ">>=", "^=", "%=", NULL };
		const char *const *o;
		int is_op = 0;

		if (p->t[i].type != T_PUNCT)
			continue;
		for (o = ops; *o; o++)
			if (tok_is(p, i, *o))
				is_op = 1;
		if (is_op) {
			int la = i, ra = i + 1, rb, d = 0;

			/* lhs: back over a path */
			while (la > a) {
				int q = la - 1;

				if (p->t[q].type == T_IDENT || tok_is(p, q, "->") || tok_is(p, q, ".") ||
				    tok_is(p, q, "*"))
					la = q;
				else if (tok_is(p, q, "]")) {
					int d2 = 0;

					for (; q >= a; q--) {
						if (tok_is(p, q, "]"))
							d2++;
						else if (tok_is(p, q, "[") && --d2 == 0)
							break;
					}
					if (q < a)
						break;
					la = q;
				} else
					break;
			}
			/* a declaration: 'size_t left = ...' keeps the last name */
			while (la < i - 1 && p->t[la].type == T_IDENT && p->t[la + 1].type == T_IDENT)
				la++;
			while (la < i && tok_is(p, la, "*"))
				la++;
			for (rb = ra; rb < b; rb++) {
				if (tok_is(p, rb, "(") || tok_is(p, rb, "[") || tok_is(p, rb, "{"))
					d++;
				else if (tok_is(p, rb, ")") || tok_is(p, rb, "]") || tok_is(p, rb, "}")) {
					if (--d < 0)
						break;
				} else if (d == 0 && (tok_is(p, rb, ",") || tok_is(p, rb, ";")))
					break;
			}
			if (la < i) {
				char lhs[NAMELEN];

				assign(c, s, la, i, i, ra, rb);
				if (tok_is(p, i, "=") && is_path(c, la, i)) {
					path_text(c, la, i, lhs);
					int single = ra < rb && p->t[ra].type == T_IDENT &&
						     tok_is(p, ra + 1, "(") && match_close(p, ra + 1) == rb - 1;
					int had = s->stall;

					assigned = var_find(s, lhs);
					/* calls in the rhs: their result is the lhs */
					calls(c, s, ra, rb, single ? assigned : -1);
					/* a callee that can give up: its result is read from here on */
					if (single && !had && s->stall && s->stall_var < 0)
						s->stall_var = (int8_t)var_get(s, lhs);
					/* the rest of the statement is read after this rhs */
					if (done < 8) {
						done_a[done] = ra;
						done_b[done++] = rb;
					}
					i = rb - 1;
					continue;
				}
			}
		} else if (tok_is(p, i, "++") || tok_is(p, i, "--")) {
			int la = i, lb = i;

			if (i > a && (p->t[i - 1].type == T_IDENT))
				la = i - 1, lb = i;
			else if (i + 1 < b && p->t[i + 1].type == T_IDENT)
				la = i + 1, lb = i + 2;
			while (la > a && (tok_is(p, la - 1, "->") || tok_is(p, la - 1, ".")) &&
			       la - 2 >= a && p->t[la - 2].type == T_IDENT)
				la -= 2;
			if (lb > la)
				assign(c, s, la, lb, i, i, i);
		}
	}
	(void)assigned;
	/* calls outside the right-hand sides already read */
	for (i = 0; i <= done; i++) {
		int from = i ? done_b[i - 1] : a, to = i < done ? done_a[i] : b;

		if (from < to)
			calls(c, s, from, to, -1);
	}
}

/* ---- conditions ------------------------------------------------------------- */

/* Strips likely()/unlikely()/!!/outer parentheses from [*a, *b). */
static void strip(const struct ctx *c, int *a, int *b)
{
	const struct parser *p = c->p;

	for (;;) {
		if (*a < *b && tok_is(p, *a, "(") && match_close(p, *a) == *b - 1) {
			(*a)++, (*b)--;
		} else if (*a + 1 < *b && (tok_is(p, *a, "unlikely") || tok_is(p, *a, "likely")) &&
			   tok_is(p, *a + 1, "(") && match_close(p, *a + 1) == *b - 1) {
			*a += 2, (*b)--;
		} else {
			return;
		}
	}
}

/* Top-level operator tok in [a, b), or -1. */
static int top_op(const struct ctx *c, int a, int b, const char *op)
{
	int d = 0, i;

	for (i = a; i < b; i++) {
		if (tok_is(c->p, i, "(") || tok_is(c->p, i, "["))
			d++;
		else if (tok_is(c->p, i, ")") || tok_is(c->p, i, "]"))
			d--;
		else if (d == 0 && tok_is(c->p, i, op))
			return i;
	}
	return -1;
}

static int is_zero_lit(const struct ctx *c, int a, int b)
{
	strip(c, &a, &b);
	return b == a + 1 && (tok_is(c->p, a, "0") || tok_is(c->p, a, "NULL") ||
			      tok_is(c->p, a, "false"));
}

enum { R_OK, R_PRUNE, R_SUCC };

/* Is name what a copy returned, used somewhere as the amount something moves by? */
static int is_amount(const struct ctx *c, const char *name)
{
	int i;

	for (i = 0; i < c->namounts; i++)
		if (!strcmp(c->amounts[i], name))
			return 1;
	return 0;
}

static void add_amount(struct ctx *c, int a, int b)
{
	char name[NAMELEN];
	int i;

	while (a < b && tok_is(c->p, a, "(") && match_close(c->p, a) == b - 1)
		a++, b--;
	if (c->namounts == 8 || !is_path(c, a, b))
		return;
	path_text(c, a, b, name);
	for (i = 0; i < c->namounts; i++)
		if (!strcmp(c->amounts[i], name))
			return;
	memcpy(c->amounts[c->namounts++], name, NAMELEN);
}

/* The end of the operand starting at i: the next ',', ';' or unmatched ')'. */
static int operand_end(const struct ctx *c, int i, int end)
{
	int d = 0;

	for (; i < end; i++) {
		if (tok_is(c->p, i, "(") || tok_is(c->p, i, "["))
			d++;
		else if (tok_is(c->p, i, ")") || tok_is(c->p, i, "]")) {
			if (--d < 0)
				return i;
		} else if (d == 0 && (tok_is(c->p, i, ",") || tok_is(c->p, i, ";")))
			return i;
	}
	return end;
}

static void find_amounts(struct ctx *c, int body, int end)
{
	const struct parser *p = c->p;
	int i;

	for (i = body; i < end; i++) {
		if (tok_is(p, i, "+=") || tok_is(p, i, "-=")) {
			add_amount(c, i + 1, operand_end(c, i + 1, end));
		} else if (tok_is(p, i, "=") && i > body && p->t[i - 1].type == T_IDENT &&
			   is_length(c, i - 1) && !tok_is(p, i - 2, "->") && !tok_is(p, i - 2, ".")) {
			add_amount(c, i + 1, operand_end(c, i + 1, end));
		} else if (tok_name_in(c, i, c->api->movers, c->api->nmovers) && tok_is(p, i + 1, "(")) {
			int close = match_close(p, i + 1), comma;

			if (close < 0)
				continue;
			comma = operand_end(c, i + 2, close);
			if (comma < close)
				add_amount(c, comma + 1, close);
		}
	}
}

/*
 * What the copy returned is zero on this path: with an exact copy nothing
 * could be copied (the next fault-in decides); with a callee we cannot see
 * into, it may have taken and rejected a short copy: maybe.
 */
static void zero_result(const struct ctx *c, struct pstate *s, int va)
{
	if (!is_amount(c, s->v[va].name))
		return;
	if (s->v[va].kind == V_COPY)
		s->flags |= P_ZEROCOPY;
	else if (s->v[va].kind == V_CONSUMER) {
		s->flags |= P_MAYBE | P_MAYBE_S;
		if (!s->maybe_callee[0])
			snprintf(s->maybe_callee, NAMELEN, "zero-%.*s", NAMELEN - 8, s->v[va].name);
	}
}

/* Is [a, b) known to be 0 here: a variable, or the call when its result is given? */
static int known_zero(const struct ctx *c, const struct pstate *s, int a, int b)
{
	int v;

	strip(c, &a, &b);
	if (c->result_z == Z_ZERO && a < b && rhs_is_call(c, a, b) && c->call_close == b - 1)
		return 1;
	v = tracked_var(c, s, a, b);
	return v >= 0 && s->v[v].zero == Z_ZERO;
}

/* With x known to be 0: the truth of 'x', 'x OP 0' or '0 OP x', or -1. */
static int zero_truth(const struct ctx *c, const struct pstate *s, int a, int b)
{
	static const char *const ops[] = { "==", "!=", "<=", ">=", "<", ">" };
	static const int val[] = { 1, 0, 1, 1, 0, 0 };
	size_t k;

	if (known_zero(c, s, a, b))
		return 0;
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++) {
		int o = top_op(c, a, b, ops[k]);

		if (o < 0)
			continue;
		if ((known_zero(c, s, a, o) && is_zero_lit(c, o + 1, b)) ||
		    (is_zero_lit(c, a, o) && known_zero(c, s, o + 1, b)))
			return val[k];
		return -1;
	}
	return -1;
}

/*
 * The term [a, b) is 'truth' on this path.  Returns R_PRUNE when that means
 * the fault-in failed (not a retry after success).
 */
static int assume(const struct ctx *c, struct pstate *s, int a, int b, int truth)
{
	const struct parser *p = c->p;
	int op, fault;

	strip(c, &a, &b);
	if (a >= b)
		return R_OK;
	if (tok_is(p, a, "!"))
		return assume(c, s, a + 1, b, !truth);
	/* a value known to be 0 decides the comparison */
	op = zero_truth(c, s, a, b);
	if (op >= 0 && op != (truth != 0))
		return R_PRUNE;
	fault = contains_call_tok(c, a, b) || mentions_kind(c, s, a, b, 1u << V_FAULT);
	op = top_op(c, a, b, "==");
	if (op < 0)
		op = top_op(c, a, b, "!=");
	if (op >= 0) {
		int eq = tok_is(p, op, "==");
		int lz = is_zero_lit(c, a, op), rz = is_zero_lit(c, op + 1, b);

		if (fault && c->truth_success) {
			/* a truth of success: '== 0' is the failure; other values say nothing */
			if (!lz && !rz)
				return R_OK;
			return (eq ? truth : !truth) ? R_PRUNE : R_SUCC;
		}
		if (fault) {
			/* '== 0': all faulted in; '== len': nothing; '!= len': something */
			int all = lz || rz;

			if (all)
				return (eq ? truth : !truth) ? R_SUCC : R_PRUNE;
			return (eq ? truth : !truth) ? R_PRUNE : R_SUCC;
		}
		if (lz || rz) {
			int va = lz ? tracked_var(c, s, op + 1, b) : tracked_var(c, s, a, op);

			if (va >= 0) {
				int zero = eq ? truth : !truth;

				if (s->v[va].zero != Z_UNKNOWN && (s->v[va].zero == Z_ZERO) != (zero != 0))
					return R_PRUNE;
				s->v[va].zero = zero ? Z_ZERO : Z_NONZERO;
				if (zero)
					zero_result(c, s, va);
			}
			return R_OK;
		}
		/* 'cur == prev' false: the range changed since the last round */
		if (eq ? !truth : truth) {
			int x = tracked_var(c, s, a, op), y = tracked_var(c, s, op + 1, b), k;

			for (k = 0; x >= 0 && y >= 0 && k < s->npairs; k++)
				if ((s->pair[k].a == x && s->pair[k].b == y) ||
				    (s->pair[k].a == y && s->pair[k].b == x))
					s->flags |= P_GUARD;
		}
		return R_OK;
	}
	if (fault) {
		/* a fault-in result tested for truth: non-zero is a failure */
		if (top_op(c, a, b, "<") >= 0 || top_op(c, a, b, ">") >= 0 ||
		    top_op(c, a, b, "<=") >= 0 || top_op(c, a, b, ">=") >= 0)
			return R_OK;
		if (c->truth_success)
			return truth ? R_SUCC : R_PRUNE;
		return truth ? R_PRUNE : R_SUCC;
	}
	{
		int va = tracked_var(c, s, a, b);

		/* a value known on this path decides the branch */
		if (va >= 0 && s->v[va].zero != Z_UNKNOWN &&
		    (s->v[va].zero == Z_NONZERO) != (truth != 0))
			return R_PRUNE;
		if (va >= 0) {
			s->v[va].zero = truth ? Z_NONZERO : Z_ZERO;
			if (!truth)
				zero_result(c, s, va);
		}
	}
	return R_OK;
}

/* The condition [a, b) took the branch 'truth'. */
static int branch(const struct ctx *c, struct pstate *s, int a, int b, int truth)
{
	int op;

	strip(c, &a, &b);
	op = top_op(c, a, b, truth ? "&&" : "||");
	if (op >= 0) {
		int l = branch(c, s, a, op, truth), r;

		if (l == R_PRUNE)
			return R_PRUNE;
		r = branch(c, s, op + 1, b, truth);
		return r == R_OK ? l : r;
	}
	/* 'a || b' true or 'a && b' false: nothing certain about each term,
	   but the fault-in's own test still decides */
	if (top_op(c, a, b, truth ? "||" : "&&") >= 0) {
		if (!contains_call_tok(c, a, b))
			return R_OK;
		op = top_op(c, a, b, truth ? "||" : "&&");
		if (contains_call_tok(c, a, op) && top_op(c, a, op, "&&") < 0 &&
		    top_op(c, a, op, "||") < 0 && truth == 0) {
			int r = assume(c, s, a, op, 0);

			return r == R_SUCC ? R_OK : r;
		}
		return R_OK;
	}
	return assume(c, s, a, b, truth);
}

/* ---- the walk ------------------------------------------------------------------ */

struct result {
	int cycles;
	int none, maybe, yes, guarded;
	uint32_t none_back, any_back;
	char none_via, any_via;
	char maybe_callee[NAMELEN];
	char none_callee[NAMELEN];	/* a none path through a callee that gave up */
	uint8_t exit_stall;	/* ST_*: returns on paths that used the range, moving nothing */
	unsigned why;		/* P_* seen on progressing paths */
	int unused;		/* cycles on which nothing used the range */
	char mode[NAMELEN];	/* a flag set on the way round */
	int budget_out;
};

static uint64_t state_hash(const struct pstate *s, int node)
{
	uint64_t h = 1469598103934665603ull;
	int i;
	const unsigned char *q;
	size_t k;

#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ull)
	MIX(node);
	MIX(s->flags & (P_YES | P_MAYBE | P_GUARD | P_ZEROCOPY | P_USED | P_MODE | P_FLAGARG |
			P_MAYBE_S | P_CUT));
	MIX(s->lap);
	MIX(s->stall);
	MIX(s->stall_var + 4);
	MIX(s->stall_z);
	for (i = 0; i < s->nv; i++) {
		for (q = (const unsigned char *)s->v[i].name, k = 0; *q && k < NAMELEN; q++, k++)
			MIX(*q);
		MIX(s->v[i].kind);
		MIX(s->v[i].zero);
	}
	for (i = 0; i < s->npend; i++) {
		MIX(s->pend[i].var);
		MIX(s->pend[i].ver);
	}
	for (i = 0; i < s->npairs; i++) {
		MIX(s->pair[i].a);
		MIX(s->pair[i].b);
	}
	for (i = 0; i < s->nrev; i++) {
		MIX(s->rev[i].var);
		MIX(s->rev[i].other + 1);
	}
#undef MIX
	return h ? h : 1;
}

struct seen {
	uint64_t *v;
	size_t cap, n;
};

static int seen_add(struct seen *st, uint64_t h)
{
	size_t i;

	if (2 * (st->n + 1) > st->cap) {
		struct seen nw = { 0 };

		nw.cap = st->cap ? 2 * st->cap : 1024;
		nw.v = xcalloc(nw.cap, sizeof(*nw.v));
		for (i = 0; i < st->cap; i++)
			if (st->v[i])
				seen_add(&nw, st->v[i]);
		free(st->v);
		*st = nw;
	}
	for (i = h & (st->cap - 1); st->v[i]; i = (i + 1) & (st->cap - 1))
		if (st->v[i] == h)
			return 0;
	st->v[i] = h;
	st->n++;
	return 1;
}

/* ---- a callee that gives up without moving what it was given ----------------- */

enum { ST_ZERO = 1, ST_NONZERO = 2, ST_OTHER = 4, ST_CUT = 8 };
#define SVARS 8
#define STALL_BUDGET 20000

struct sstate {
	int node;
	uint8_t failed;		/* a copy that cannot fault failed on this path */
	uint8_t moved;		/* *param written in a way not undone */
	uint8_t nadd;
	uint32_t add[4];	/* '*param += E' not yet undone: hashes of E */
	uint8_t z[SVARS];	/* Z_* of the locals in svars */
	uint8_t nf[SVARS];	/* the local holds a no-fault copy's result */
};

struct sctx {
	struct ctx c;		/* over the callee's tokens */
	const char *pn;		/* the parameter */
	char vars[SVARS][NAMELEN];
	int nvars;
};

static int s_name_is(const struct sctx *sc, int i, const char *s)
{
	return i >= 0 && i < sc->c.p->nt && name_eq(&sc->c, i, s);
}

static int s_var(struct sctx *sc, int i, int add)
{
	const struct tok *t = &sc->c.p->t[i];
	int k;

	if (t->type != T_IDENT || t->len >= NAMELEN)
		return -1;
	for (k = 0; k < sc->nvars; k++)
		if (s_name_is(sc, i, sc->vars[k]))
			return k;
	if (!add || sc->nvars == SVARS)
		return -1;
	memcpy(sc->vars[sc->nvars], sc->c.buf + t->off, t->len);
	sc->vars[sc->nvars][t->len] = '\0';
	return sc->nvars++;
}

static int is_nofault_call(const struct sctx *sc, int a, int b)
{
	const struct parser *p = sc->c.p;

	return b > a + 1 && p->t[a].type == T_IDENT && tok_is(p, a + 1, "(") &&
	       match_close(p, a + 1) == b - 1 &&
	       in_api(sc->c.api->nofault, sc->c.api->nnofault, p->buf + p->t[a].off, p->t[a].len);
}

static uint32_t toks_hash(const struct parser *p, int a, int b)
{
	uint32_t h = 2166136261u;
	int i;
	uint32_t k;

	for (i = a; i < b; i++) {
		for (k = 0; k < p->t[i].len; k++)
			h = (h ^ (unsigned char)p->buf[p->t[i].off + k]) * 16777619u;
		h = (h ^ ' ') * 16777619u;
	}
	return h;
}

/* What the value [a, b) is known to be on this path: Z_* */
static int s_value(struct sctx *sc, const struct sstate *st, int a, int b)
{
	const struct parser *p = sc->c.p;
	int v;

	strip(&sc->c, &a, &b);
	if (is_zero_lit(&sc->c, a, b))
		return Z_ZERO;
	if (b == a + 1 && p->t[a].type == T_NUM)
		return Z_NONZERO;
	if (b == a + 2 && tok_is(p, a, "-") && p->t[a + 1].type != T_PUNCT)
		return Z_NONZERO;		/* -EFAULT */
	if (b == a + 1 && (v = s_var(sc, a, 0)) >= 0)
		return st->z[v];
	return Z_UNKNOWN;
}

/* Is token i an assignment operator other than '=' ('+=', '<<=', ...)? */
static int is_opassign(const struct parser *p, int i)
{
	const struct tok *t;

	if (i < 0 || i >= p->nt)
		return 0;
	t = &p->t[i];
	return t->type == T_PUNCT && t->len >= 2 && p->buf[t->off + t->len - 1] == '=' &&
	       !tok_is(p, i, "==") && !tok_is(p, i, "!=") && !tok_is(p, i, "<=") && !tok_is(p, i, ">=");
}

static int is_punct(const struct parser *p, int i)
{
	return i >= 0 && i < p->nt && p->t[i].type == T_PUNCT;
}

/* The effects of tokens [a, b) on the state. */
static void s_effects(struct sctx *sc, struct sstate *st, int a, int b)
{
	const struct parser *p = sc->c.p;
	int i;

	for (i = a; i < b; i++) {
		const struct tok *t = &p->t[i];

		/* '*pn OP', '(*pn) OP' */
		if (tok_is(p, i, "*") && s_name_is(sc, i + 1, sc->pn) &&
		    (i == a || is_punct(p, i - 1)) && !tok_is(p, i - 1, ")") &&
		    !tok_is(p, i - 1, "]")) {
			int j = i + 2, pre = i - 1;

			if (tok_is(p, j, ")") && tok_is(p, i - 1, "(")) {
				j++;
				pre = i - 2;
			}
			if (tok_is(p, pre, "++") || tok_is(p, pre, "--") || tok_is(p, j, "++") ||
			    tok_is(p, j, "--") || tok_is(p, j, "=") ||
			    (is_opassign(p, j) && !tok_is(p, j, "+=") && !tok_is(p, j, "-=")))
				st->moved = 1;
			else if (tok_is(p, j, "+=") || tok_is(p, j, "-=")) {
				int e = operand_end(&sc->c, j + 1, b);
				uint32_t h = toks_hash(p, j + 1, e);

				if (tok_is(p, j, "+=")) {
					if (st->nadd < 4)
						st->add[st->nadd++] = h;
					else
						st->moved = 1;
				} else if (st->nadd && st->add[st->nadd - 1] == h) {
					st->nadd--;
				} else {
					st->moved = 1;
				}
			}
			continue;
		}
		if (!s_name_is(sc, i, sc->pn)) {
			/* locals: 'v = E', 'v OP= E', 'v++' */
			int v, e;

			if (t->type != T_IDENT || (i > a && (tok_is(p, i - 1, "->") || tok_is(p, i - 1, "."))))
				continue;
			if (tok_is(p, i + 1, "=")) {
				v = s_var(sc, i, 1);
				if (v < 0)
					continue;
				e = operand_end(&sc->c, i + 2, b);
				st->z[v] = (uint8_t)s_value(sc, st, i + 2, e);
				st->nf[v] = (uint8_t)is_nofault_call(sc, i + 2, e);
			} else if ((v = s_var(sc, i, 0)) >= 0 &&
				   (tok_is(p, i + 1, "++") || tok_is(p, i + 1, "--") ||
				    tok_is(p, i - 1, "++") || tok_is(p, i - 1, "--") || is_opassign(p, i + 1) ||
				    (tok_is(p, i - 1, "&") && (i - 1 == a || is_punct(p, i - 2))))) {
				st->z[v] = Z_UNKNOWN;
				st->nf[v] = 0;
			}
			continue;
		}
		/* the pointer itself: written, indexed, or handed on */
		if (i > a && (tok_is(p, i - 1, "->") || tok_is(p, i - 1, ".")))
			continue;
		if (tok_is(p, i - 1, "*"))
			continue;
		if (tok_is(p, i + 1, "[") || tok_is(p, i + 1, "->") || tok_is(p, i + 1, "=") ||
		    tok_is(p, i + 1, "++") || tok_is(p, i + 1, "--") ||
		    ((tok_is(p, i - 1, "(") || tok_is(p, i - 1, ",")) &&
		     (tok_is(p, i + 1, ")") || tok_is(p, i + 1, ","))))
			st->moved = 1;
	}
}

/* The condition [a, b) took the branch truth: 0 when that cannot be. */
static int s_cond(struct sctx *sc, struct sstate *st, int a, int b, int truth)
{
	const struct parser *p = sc->c.p;
	int op, v;

	strip(&sc->c, &a, &b);
	if (a >= b)
		return 1;
	if (tok_is(p, a, "!") && operand_end(&sc->c, a + 1, b) == b && top_op(&sc->c, a, b, "&&") < 0 &&
	    top_op(&sc->c, a, b, "||") < 0)
		return s_cond(sc, st, a + 1, b, !truth);
	if ((op = top_op(&sc->c, a, b, "&&")) >= 0)
		return truth ? s_cond(sc, st, a, op, 1) && s_cond(sc, st, op + 1, b, 1) : 1;
	if ((op = top_op(&sc->c, a, b, "||")) >= 0)
		return truth ? 1 : s_cond(sc, st, a, op, 0) && s_cond(sc, st, op + 1, b, 0);
	if (top_op(&sc->c, a, b, "?") >= 0)
		return 1;
	op = top_op(&sc->c, a, b, "==");
	if (op < 0)
		op = top_op(&sc->c, a, b, "!=");
	if (op >= 0) {
		int eq = tok_is(p, op, "==");

		if (is_zero_lit(&sc->c, op + 1, b))
			return s_cond(sc, st, a, op, eq ? !truth : truth);
		if (is_zero_lit(&sc->c, a, op))
			return s_cond(sc, st, op + 1, b, eq ? !truth : truth);
		return 1;
	}
	if ((op = top_op(&sc->c, a, b, "<")) >= 0) {
		/* 'x < 0' true: x is not zero */
		if (truth && is_zero_lit(&sc->c, op + 1, b))
			return s_cond(sc, st, a, op, 1);
		return 1;
	}
	if (top_op(&sc->c, a, b, ">") >= 0 || top_op(&sc->c, a, b, "<=") >= 0 ||
	    top_op(&sc->c, a, b, ">=") >= 0)
		return 1;
	if (is_nofault_call(sc, a, b)) {
		if (truth)
			st->failed = 1;
		return 1;
	}
	if (b == a + 1 && (v = s_var(sc, a, 0)) >= 0) {
		if (st->z[v] != Z_UNKNOWN && (st->z[v] == Z_NONZERO) != (truth != 0))
			return 0;
		st->z[v] = truth ? Z_NONZERO : Z_ZERO;
		if (truth && st->nf[v])
			st->failed = 1;
	}
	return 1;
}

static uint64_t sstate_hash(const struct sstate *st)
{
	uint64_t h = 1469598103934665603ull;
	int i;

#define MIX(x) (h = (h ^ (uint64_t)(x)) * 1099511628211ull)
	MIX(st->node);
	MIX(st->failed);
	MIX(st->moved);
	MIX(st->nadd);
	for (i = 0; i < st->nadd; i++)
		MIX(st->add[i]);
	for (i = 0; i < SVARS; i++) {
		MIX(st->z[i]);
		MIX(st->nf[i]);
	}
#undef MIX
	return h ? h : 1;
}

/*
 * Can the same-file function name, given '&v' as argument argi, return
 * after a copy that cannot fault failed (a nofault or atomic copy: the
 * one the caller's fault-in is for) with *v where it was?  Then the
 * caller's next round starts from the same place.  Returns the ST_* kinds
 * of value it returns on such paths, 0 when there is no such path, -1
 * when that is not known (not defined here, not parsed, too many paths).
 */
static int callee_stalls(const struct ctx *c, const char *name, size_t nlen, int argi)
{
	struct callee f;
	struct sctx sc;
	struct seen seen = { 0 };
	struct sstate *stack = NULL, s0;
	size_t n = 0, alloc = 0, steps = 0;
	int entry, ret = 0;

	if (!c->api->nnofault || callee_load(c, name, nlen, &f) < 0)
		return -1;
	memset(&sc, 0, sizeof(sc));
	if (argi >= f.nparams || !f.params[argi][0]) {
		callee_release(&f);
		return -1;
	}
	sc.c = *c;
	sc.c.p = &f.p;
	sc.pn = f.params[argi];
	entry = cfg_build(&f.p, f.body, f.close);
	if (entry < 0) {
		ret = -1;
		goto out;
	}
	memset(&s0, 0, sizeof(s0));
	s0.node = entry;
	stack = xrealloc(stack, (alloc = 64) * sizeof(*stack));
	stack[n++] = s0;
	while (n) {
		struct sstate st = stack[--n];
		const struct node *nd = &f.p.n[st.node];
		int i;

		if (++steps > STALL_BUDGET) {
			ret = -1;
			break;
		}
		if (!seen_add(&seen, sstate_hash(&st)))
			continue;
		if (nd->kind == N_EXIT) {
			/* the end of a function returning nothing */
			if (st.failed && !st.moved && !st.nadd)
				ret |= ST_OTHER;
			continue;
		}
		if (nd->kind == N_STMT && tok_is(&f.p, nd->t0, "return")) {
			int z;

			s_effects(&sc, &st, nd->t0 + 1, nd->t1);
			z = nd->t1 > nd->t0 + 1 ? s_value(&sc, &st, nd->t0 + 1, nd->t1) : Z_UNKNOWN;
			if (st.failed && !st.moved && !st.nadd)
				ret |= z == Z_ZERO ? ST_ZERO : z == Z_NONZERO ? ST_NONZERO : ST_OTHER;
			continue;
		}
		if (nd->kind != N_NOP)
			s_effects(&sc, &st, nd->t0, nd->t1);
		for (i = 0; i < nd->nsucc; i++) {
			struct sstate s = st;

			if (nd->succ[i] < 0)
				continue;
			if (nd->kind == N_COND && nd->nsucc == 2 &&
			    !s_cond(&sc, &s, nd->t0, nd->t1, i == 0))
				continue;
			s.node = nd->succ[i];
			if (n == alloc)
				stack = xrealloc(stack, (alloc *= 2) * sizeof(*stack));
			stack[n++] = s;
		}
	}
out:
	free(stack);
	free(seen.v);
	parser_release(&f.p);
	callee_release(&f);
	return ret;
}

static int stall_holds(const struct pstate *s);

/* Did a pending amount move the range on this path? */
static int pend_progress(const struct pstate *s)
{
	int i;

	for (i = 0; i < s->npend; i++) {
		const struct var *v = &s->v[s->pend[i].var];
		int k, undone = 0;

		/* moved back whole: what was copied, less what is known zero */
		for (k = 0; k < s->nrev && !s->pend[i].ver; k++)
			if (s->rev[k].var == s->pend[i].var &&
			    (s->rev[k].other < 0 || s->v[s->rev[k].other].zero == Z_ZERO))
				undone = 1;
		if (v->zero != Z_ZERO && !undone)
			return 1;
	}
	return 0;
}

/*
 * Leaving the function on this path: did the range's start move (what
 * its caller would see)?  A length is the function's own: a new call
 * computes it again.  0 no, 1 yes (or a guard), 2 maybe.
 */
static int exit_moves(const struct pstate *s)
{
	int i;

	if (s->flags & (P_GUARD | P_ZEROCOPY | P_FLAGARG))
		return 1;
	if ((s->flags & P_YES) && (s->flags & P_ADV))
		return 1;
	for (i = 0; i < s->npend; i++) {
		const struct var *v = &s->v[s->pend[i].var];
		int k, undone = 0;

		if (s->pend[i].ver)
			continue;
		for (k = 0; k < s->nrev; k++)
			if (s->rev[k].var == s->pend[i].var &&
			    (s->rev[k].other < 0 || s->v[s->rev[k].other].zero == Z_ZERO))
				undone = 1;
		if (v->zero != Z_ZERO && !undone)
			return 1;
	}
	if (s->stall && stall_holds(s))
		return 0;
	return s->flags & P_MAYBE_S ? 2 : 0;
}

/* What 'return [a, b)' returns on this path: Z_* */
static int ret_value(const struct ctx *c, const struct pstate *s, int a, int b)
{
	int v;

	strip(c, &a, &b);
	if (is_zero_lit(c, a, b))
		return Z_ZERO;
	if (b == a + 1 && c->p->t[a].type == T_NUM)
		return Z_NONZERO;
	if (b == a + 2 && tok_is(c->p, a, "-") && c->p->t[a + 1].type != T_PUNCT)
		return Z_NONZERO;
	v = tracked_var(c, s, a, b);
	return v >= 0 ? s->v[v].zero : Z_UNKNOWN;
}

/* Does the callee's result on this path say it gave up (callee_stalls)? */
static int stall_holds(const struct pstate *s)
{
	int z;

	if (s->stall_var == -3)
		z = s->stall_z;
	else if (s->stall_var < 0 || s->stall_var >= s->nv)
		return 0;
	else
		z = s->v[s->stall_var].zero;
	return (z == Z_ZERO && (s->stall & ST_ZERO)) || (z == Z_NONZERO && (s->stall & ST_NONZERO));
}

static void finish_path(struct result *r, const struct pstate *s)
{
	int progress = (s->flags & P_YES) || pend_progress(s);
#ifdef WB_FLOW_DEBUG
	int i;
#endif

	/*
	 * A cycle on which nothing uses the range (flush and retry, a lock
	 * dropped and taken again) does not retry a copy that faulted: a
	 * partial fault-in cannot make it come round again.
	 */
#ifdef WB_FLOW_DEBUG
	fprintf(stderr, "path: flags=%#x npend=%d back=%u nv=%d:", s->flags, s->npend, s->back_line, s->nv);
	for (i = 0; i < s->nv; i++)
		fprintf(stderr, " %s/k%d/z%d", s->v[i].name, s->v[i].kind, s->v[i].zero);
	fprintf(stderr, "\n");
#endif
	if (!(s->flags & P_USED)) {
		r->unused++;
		return;
	}
	r->cycles++;
	if (!r->any_back) {
		r->any_back = s->back_line;
		r->any_via = s->via;
	}
	if (s->flags & (P_GUARD | P_ZEROCOPY)) {
		r->guarded++;
		r->why |= s->flags & (P_GUARD | P_ZEROCOPY);
	} else if (progress) {
		r->yes++;
		r->why |= s->flags & (P_CUT | P_ADV);
	} else if (s->flags & P_FLAGARG) {
		/* the flag set on the first round changes what a callee does on this one */
		r->yes++;
		r->why |= P_MODE;
		if (!r->mode[0])
			memcpy(r->mode, s->maybe_callee, NAMELEN);
	} else if (s->stall && stall_holds(s)) {
		/* the callee gave up after a no-fault copy failed, and left the range */
		if (!r->none)
			r->none_back = s->back_line, r->none_via = s->via;
		r->none++;
		if (!r->none_callee[0])
			memcpy(r->none_callee, s->stall_callee, NAMELEN);
	} else if (s->flags & P_MAYBE) {
		r->maybe++;
		if (!r->maybe_callee[0])
			memcpy(r->maybe_callee, s->maybe_callee, NAMELEN);
	} else {
		if (!r->none)
			r->none_back = s->back_line, r->none_via = s->via;
		r->none++;
	}
}

struct frame {
	int node;
	struct pstate s;
};

#define STEP_BUDGET 200000

static void push_frame(struct frame **stack, size_t *n, size_t *alloc, int node,
		       const struct pstate *s)
{
	if (*n == *alloc) {
		*alloc = *alloc ? 2 * *alloc : 64;
		*stack = xrealloc(*stack, *alloc * sizeof(**stack));
	}
	(*stack)[*n].node = node;
	(*stack)[*n].s = *s;
	(*n)++;
}

/* Leaving the call's node: its own effects, then its branches taken on success. */
static void leave_call(struct ctx *c, struct pstate *s0, struct frame **stack, size_t *n,
		       size_t *alloc)
{
	const struct node *cn = &c->p->n[c->call_node];
	int i;

	effects(c, s0, cn->t0, cn->t1);
	/* 'v = call(...)' in a caller walked for one result of the call */
	if (c->result_z && cn->kind == N_STMT) {
		int eq = top_op(c, cn->t0, cn->t1, "=");

		if (eq > cn->t0 && eq + 1 == c->call_tok && is_path(c, cn->t0, eq)) {
			char lhs[NAMELEN];
			int v;

			path_text(c, cn->t0, eq, lhs);
			v = var_get(s0, lhs);
			if (v >= 0) {
				/* what the function returned, not a fault-in's result */
				s0->v[v].kind = V_OTHER;
				s0->v[v].zero = c->result_z;
			}
		}
	}
	for (i = 0; i < cn->nsucc; i++) {
		struct pstate s = *s0;

		if (cn->succ[i] < 0)
			continue;
		if (cn->kind == N_COND && cn->nsucc == 2 &&
		    branch(c, &s, cn->t0, cn->t1, i == 0) == R_PRUNE)
			continue;
		if (cn->ekind[i] != E_NORMAL) {
			s.back_line = cn->line;
			s.via = cn->ekind[i] == E_GOTO ? 'g' : 'l';
		}
		push_frame(stack, n, alloc, cn->succ[i], &s);
	}
}

static void walk(struct ctx *c, struct result *r)
{
	struct parser *p = c->p;
	struct frame *stack = NULL;
	size_t nstack = 0, alloc = 0, steps = 0;
	struct seen seen = { 0 };
	struct pstate s0;
	int i;

	memset(&s0, 0, sizeof(s0));
	s0.flags = c->seed_flags;
	leave_call(c, &s0, &stack, &nstack, &alloc);
	while (nstack) {
		struct frame f = stack[--nstack];
		const struct node *n;

		if (++steps > STEP_BUDGET) {
			r->budget_out = 1;
			break;
		}
		if (f.node == c->call_node) {
			if (f.s.lap == 0 && (f.s.flags & P_MODE)) {
				/*
				 * A flag was set on the way round: go round once
				 * more with it, to see whether the next round
				 * comes back the same way.
				 */
				struct pstate s2 = f.s;

				s2.flags = 0;
				s2.npend = 0;
				s2.lap = 1;
				s2.maybe_callee[0] = '\0';
				s2.stall = 0;
				leave_call(c, &s2, &stack, &nstack, &alloc);
				continue;
			}
			finish_path(r, &f.s);
			continue;
		}
		n = &p->n[f.node];
#ifdef WB_FLOW_DEBUG
		fprintf(stderr, "visit node %d line %u kind %d\n", f.node, n->line, n->kind);
#endif
		if (n->kind == N_EXIT)
			continue;
		if (!seen_add(&seen, state_hash(&f.s, f.node)))
			continue;
		if (n->kind != N_NOP)
			effects(c, &f.s, n->t0, n->t1);
		/* a return after the range was used, with nothing moved: 0 says "again" */
		if (n->kind == N_STMT && tok_is(p, n->t0, "return") && n->t1 > n->t0 + 1 &&
		    (f.s.flags & P_USED) && !exit_moves(&f.s) &&
		    ret_value(c, &f.s, n->t0 + 1, n->t1) == Z_ZERO)
			r->exit_stall |= (f.s.flags & P_CUT) ? ST_CUT : ST_ZERO;
		for (i = 0; i < n->nsucc; i++) {
			struct pstate s;

			if (n->succ[i] < 0)
				continue;
			s = f.s;
			if (n->kind == N_COND && n->nsucc == 2 &&
			    branch(c, &s, n->t0, n->t1, i == 0) == R_PRUNE)
				continue;
			if (n->ekind[i] != E_NORMAL) {
				s.back_line = n->line;
				s.via = n->ekind[i] == E_GOTO ? 'g' : 'l';
			}
			if (nstack == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				stack = xrealloc(stack, alloc * sizeof(*stack));
			}
			stack[nstack].node = n->succ[i];
			stack[nstack].s = s;
			nstack++;
		}
	}
	free(stack);
	free(seen.v);
}

/*
 * Does the failure branch starting at node k just return 0 (or return from a
 * void function), with nothing set to an error on the way?  Then a short
 * fault-in only skips something optional.
 */
static int returns_zero(const struct ctx *c, int k)
{
	const struct parser *p = c->p;
	int steps, i;

	for (steps = 0; k >= 0 && steps < 4; steps++) {
		const struct node *n = &p->n[k];

		if (n->kind == N_NOP && n->nsucc == 1) {
			k = n->succ[0];
			continue;
		}
		if (n->kind != N_STMT)
			return 0;
		if (tok_is(p, n->t0, "return"))
			return n->t1 == n->t0 + 1 ||
			       (n->t1 == n->t0 + 2 && (tok_is(p, n->t0 + 1, "0") || tok_is(p, n->t0 + 1, "false")));
		/* an error recorded on the way is a failure, not a skip */
		for (i = n->t0; i < n->t1; i++)
			if (tok_is(p, i, "-") && i + 1 < n->t1 && p->t[i + 1].type == T_IDENT &&
			    p->buf[p->t[i + 1].off] == 'E')
				return 0;
		k = n->nsucc == 1 ? n->succ[0] : -1;
	}
	return 0;
}

/*
 * No cycle: what the caller does when the fault-in fails.  'continues': the
 * failure branch ends normally and rejoins (the result only picks a path or
 * sets a flag); 'exits': it returns, breaks or jumps away.
 */
static const char *failure_kind(const struct ctx *c)
{
	const struct parser *p = c->p;
	const struct node *n = &p->n[c->call_node];
	struct pstate s;
	int k = c->call_node, steps;

	memset(&s, 0, sizeof(s));
	if (n->kind == N_STMT) {
		int a = n->t0;

		/* 'fault_in(...);' alone: the result is not looked at */
		while (a < n->t1 && (tok_is(p, a, "(") || tok_is(p, a, "void") || tok_is(p, a, ")")))
			a++;
		if (a == c->call_tok && c->call_close == n->t1 - 1)
			return "ignored";
		effects(c, &s, n->t0, n->t1);
	}
	for (steps = 0; steps < 6 && k >= 0; steps++) {
		n = &p->n[k];
		if (n->kind == N_COND && n->nsucc == 2) {
			struct pstate st = s, sf = s;
			int bt = branch(c, &st, n->t0, n->t1, 1);
			int bf = branch(c, &sf, n->t0, n->t1, 0);
			int fail_branch = -1;

			/* the failure branch: the one that prunes, or the other of a sure success */
			if (bt == R_PRUNE && bf != R_PRUNE)
				fail_branch = 0;
			else if (bf == R_PRUNE && bt != R_PRUNE)
				fail_branch = 1;
			else if (bt == R_SUCC && bf == R_OK)
				fail_branch = 1;
			else if (bf == R_SUCC && bt == R_OK)
				fail_branch = 0;
			if (fail_branch < 0)
				return "unknown";
			if (n->falls[fail_branch])
				return "continues";
			return returns_zero(c, n->succ[fail_branch]) ? "returns-zero" : "exits";
		}
		if (n->nsucc != 1 || n->kind == N_EXIT)
			return "unknown";
		k = n->succ[0];
	}
	return "unknown";
}

/*
 * No cycle: a checked copy of the start on the success path (2), or a
 * same-file callee handed the start that makes one (1): the probe only
 * pre-faults.  Its name in out; 0 when there is none.
 */
/*
 * After a fault-in that succeeded, with no retry: is the range consumed
 * where pages cannot be faulted in (between an atomic-enter and its
 * atomic-exit call), by a call whose failure (its result, or a flag it
 * gets by address) then makes the function return an error?  Such a
 * single shot needs every byte resident: a partial fault-in reported as
 * success turns into a failure the user did not cause.
 */
struct astate {
	int node;
	uint8_t atomic, consumed;
	char flag[NAMELEN];
};

static int name_in_list(const struct parser *p, int i, char v[][NAMELEN], int n)
{
	int k;

	if (i < 0 || i >= p->nt || p->t[i].type != T_IDENT)
		return 0;
	for (k = 0; k < n; k++)
		if (strlen(v[k]) == p->t[i].len && !memcmp(v[k], p->buf + p->t[i].off, p->t[i].len))
			return 1;
	return 0;
}

/* Is the branch starting at node k an error return ('return -EFOO;')? */
static int error_return(const struct parser *p, int k)
{
	int steps;

	for (steps = 0; k >= 0 && steps < 4; steps++) {
		const struct node *n = &p->n[k];

		if (n->kind == N_STMT && tok_is(p, n->t0, "return"))
			return n->t1 == n->t0 + 3 && tok_is(p, n->t0 + 1, "-") &&
			       p->t[n->t0 + 2].type == T_IDENT;
		if (n->kind != N_NOP || n->nsucc != 1)
			return 0;
		k = n->succ[0];
	}
	return 0;
}

static int atomic_fatal(const struct ctx *c)
{
	const struct parser *p = c->p;
	char alias[8][NAMELEN];
	int nalias = 0, found = 0, i;
	struct astate *stack = NULL;
	size_t n = 0, alloc = 0, steps = 0;
	struct seen seen = { 0 };
	const struct node *cn = &p->n[c->call_node];

	if (!c->api->natomic_enter || !c->api->natomic_exit || !c->nstart)
		return 0;
	for (i = 0; i < c->nstart && nalias < 8; i++)
		memcpy(alias[nalias++], c->start[i], NAMELEN);
	for (i = 0; i < cn->nsucc; i++) {
		struct pstate s;

		memset(&s, 0, sizeof(s));
		if (cn->succ[i] < 0 || (cn->kind == N_COND && cn->nsucc == 2 &&
					branch(c, &s, cn->t0, cn->t1, i == 0) == R_PRUNE))
			continue;
		if (n == alloc)
			stack = xrealloc(stack, (alloc = alloc ? 2 * alloc : 16) * sizeof(*stack));
		memset(&stack[n], 0, sizeof(stack[n]));
		stack[n++].node = cn->succ[i];
	}
	while (n && !found && ++steps < 5000) {
		struct astate st = stack[--n];
		const struct node *nd = &p->n[st.node];
		uint64_t h = 1469598103934665603ull;
		int k;

		if (st.node == c->call_node || nd->kind == N_EXIT)
			continue;
		h = (h ^ (uint64_t)st.node) * 1099511628211ull;
		h = (h ^ (uint64_t)(st.atomic | st.consumed << 1)) * 1099511628211ull;
		if (!seen_add(&seen, h))
			continue;
		for (k = nd->t0; k < nd->t1 && nd->kind != N_NOP; k++) {
			int close, j, takes = 0, flagtok = -1;

			/* 'copy = *iter': another name for the range */
			if (p->t[k].type == T_IDENT && tok_is(p, k + 1, "=") && nalias < 8 &&
			    ((tok_is(p, k + 2, "*") && name_in_list(p, k + 3, alias, nalias) &&
			      tok_is(p, k + 4, ";")) ||
			     (name_in_list(p, k + 2, alias, nalias) && tok_is(p, k + 3, ";"))) &&
			    p->t[k].len < NAMELEN && !name_in_list(p, k, alias, nalias)) {
				memcpy(alias[nalias], p->buf + p->t[k].off, p->t[k].len);
				alias[nalias++][p->t[k].len] = '\0';
			}
			if (p->t[k].type != T_IDENT || !tok_is(p, k + 1, "(") ||
			    (close = match_close(p, k + 1)) < 0)
				continue;
			if (tok_name_in(c, k, c->api->atomic_enter, c->api->natomic_enter)) {
				st.atomic = 1;
				continue;
			}
			if (tok_name_in(c, k, c->api->atomic_exit, c->api->natomic_exit)) {
				st.atomic = 0;
				continue;
			}
			if (!st.atomic || tok_name_in(c, k, c->api->readonly, c->api->nreadonly))
				continue;
			/* the range handed over, and a flag by address or the result kept */
			for (j = k + 2; j < close; j++) {
				int e = operand_end(c, j, close), a = j + tok_is(p, j, "&");

				if (e == a + 1 && name_in_list(p, a, alias, nalias))
					takes = 1;
				else if (e == j + 2 && a == j + 1 && p->t[a].type == T_IDENT)
					flagtok = a;
				j = e;
			}
			if (!takes)
				continue;
			if (flagtok < 0 && k == nd->t0 + 2 && tok_is(p, nd->t0 + 1, "=") &&
			    p->t[nd->t0].type == T_IDENT)
				flagtok = nd->t0;
			if (flagtok >= 0 && p->t[flagtok].len < NAMELEN) {
				st.consumed = 1;
				memcpy(st.flag, p->buf + p->t[flagtok].off, p->t[flagtok].len);
				st.flag[p->t[flagtok].len] = '\0';
			}
			k = close;
		}
		/* out of the section, the failure tested: an error return */
		if (st.consumed && !st.atomic && nd->kind == N_COND && nd->nsucc == 2) {
			int a = nd->t0, b = nd->t1, neg = 0;
			char one[1][NAMELEN];

			strip(c, &a, &b);
			if (tok_is(p, a, "!")) {
				neg = 1;
				a++;
				strip(c, &a, &b);
			}
			memcpy(one[0], st.flag, NAMELEN);
			if (b == a + 1 && name_in_list(p, a, one, 1) && error_return(p, nd->succ[neg]))
				found = 1;
		}
		for (i = 0; i < nd->nsucc; i++) {
			if (nd->succ[i] < 0)
				continue;
			if (n == alloc)
				stack = xrealloc(stack, (alloc = alloc ? 2 * alloc : 16) * sizeof(*stack));
			stack[n] = st;
			stack[n++].node = nd->succ[i];
		}
	}
	free(stack);
	free(seen.v);
	return found;
}

static int copying_callee(const struct ctx *c, char *out)
{
	const struct parser *p = c->p;
	int *queue = xcalloc((size_t)p->nn + 1, sizeof(int));
	uint8_t *seen = xcalloc((size_t)p->nn + 1, 1);
	struct pstate s0;
	int head = 0, tail = 0, found = 0, i;
	const struct node *cn = &p->n[c->call_node];

	memset(&s0, 0, sizeof(s0));
	effects(c, &s0, cn->t0, cn->t1);
	seen[c->call_node] = 1;
	queue[tail++] = c->call_node;
	while (head < tail && !found && head < 400) {
		const struct node *n = &p->n[queue[head++]];
		int k;

		/* the call's own node: only its successors */
		if (n == cn)
			goto next;

		for (k = n->t0; k + 1 < n->t1 && !found; k++) {
			int close, j;

			if (p->t[k].type != T_IDENT || !tok_is(p, k + 1, "(") ||
			    (close = match_close(p, k + 1)) < 0 || close >= n->t1)
				continue;
			for (j = k + 2; j < close; j++)
				if (is_start(c, j) && !tok_is(p, j - 1, "->") && !tok_is(p, j - 1, ".") &&
				    (tok_name_in(c, k, c->api->checked, c->api->nchecked) ||
				     callee_copies(c, p->buf + p->t[k].off, p->t[k].len, 1))) {
					path_text(c, k, k + 1, out);
					found = tok_name_in(c, k, c->api->checked, c->api->nchecked) ? 2 : 1;
					break;
				}
		}
next:
		for (i = 0; i < n->nsucc; i++) {
			struct pstate s = s0;

			if (n->succ[i] < 0 || seen[n->succ[i]] ||
			    (n->kind == N_COND && n->nsucc == 2 &&
			     branch(c, &s, n->t0, n->t1, i == 0) == R_PRUNE))
				continue;
			seen[n->succ[i]] = 1;
			queue[tail++] = n->succ[i];
		}
	}
	free(queue);
	free(seen);
	return found;
}

/*
 * How the caller reads the fault-in's result: 'truth' (tested for zero or
 * non-zero: any shortfall counts as failure), 'other' (compared with a
 * length, counted), 'ignored', 'returned' (handed to the caller's caller).
 */
static const char *term_test(const struct ctx *c, int x0, int x1, int t0, int t1)
{
	const struct parser *p = c->p;
	int a = x0 - 1, b = x1;

	/* out through the parentheses and likely()/unlikely() around it */
	for (;;) {
		if (a >= t0 && tok_is(p, a, "(") && b < t1 && tok_is(p, b, ")")) {
			a--, b++;
			if (a >= t0 && (tok_is(p, a, "unlikely") || tok_is(p, a, "likely")))
				a--;
			continue;
		}
		break;
	}
	if (a >= t0 && tok_is(p, a, "!"))
		return "truth";
	if (b < t1 && (tok_is(p, b, "==") || tok_is(p, b, "!=")))
		return b + 1 < t1 && (tok_is(p, b + 1, "0") || tok_is(p, b + 1, "NULL")) ? "truth" : "other";
	if (b < t1 && (tok_is(p, b, "<") || tok_is(p, b, ">") || tok_is(p, b, "<=") ||
		       tok_is(p, b, ">=") || tok_is(p, b, "+") || tok_is(p, b, "-") || tok_is(p, b, "?")))
		return "other";
	if (a >= t0 && (tok_is(p, a, "==") || tok_is(p, a, "!=") || tok_is(p, a, "<") ||
			tok_is(p, a, ">") || tok_is(p, a, "-") || tok_is(p, a, "+")))
		return "other";
	return "truth";
}

static const char *result_test(const struct ctx *c)
{
	const struct parser *p = c->p;
	const struct node *n = &p->n[c->call_node];
	struct pstate s;
	int k, steps, i, a;
	char name[NAMELEN];

	if (n->kind == N_COND || n->kind == N_SWITCH)
		return n->kind == N_SWITCH ? "other" : term_test(c, c->call_tok, c->call_close + 1, n->t0, n->t1);
	a = n->t0;
	if (tok_is(p, a, "return"))
		return "returned";
	while (a < n->t1 && (tok_is(p, a, "(") || tok_is(p, a, "void") || tok_is(p, a, ")")))
		a++;
	if (a == c->call_tok && c->call_close == n->t1 - 1)
		return "ignored";
	memset(&s, 0, sizeof(s));
	effects(c, &s, n->t0, n->t1);
	name[0] = '\0';
	for (i = 0; i < s.nv; i++)
		if (s.v[i].kind == V_FAULT)
			memcpy(name, s.v[i].name, NAMELEN);
	if (!name[0])
		return "other";	/* used in arithmetic, or as an argument */
	/* the first condition that reads the variable */
	for (k = n->nsucc == 1 ? n->succ[0] : -1, steps = 0; k >= 0 && steps < 8; steps++) {
		const struct node *m = &p->n[k];

		for (i = m->t0; m->kind != N_NOP && i < m->t1; i++)
			if (p->t[i].type == T_IDENT && p->t[i].len == strlen(name) &&
			    !memcmp(p->buf + p->t[i].off, name, p->t[i].len) &&
			    !tok_is(p, i - 1, "->") && !tok_is(p, i - 1, "."))
				return m->kind == N_COND ? term_test(c, i, i + 1, m->t0, m->t1) :
					tok_is(p, m->t0, "return") ? "returned" : "other";
		if (m->nsucc != 1)
			break;
		k = m->succ[0];
	}
	return "ignored";
}

/* The reasons a cycle progresses, comma-separated. */
static void why_words(struct strbuf *out, unsigned why, const char *flag)
{
	static const struct { unsigned bit; const char *word; } w[] = {
		{ P_GUARD, "count-changed" }, { P_ZEROCOPY, "zero-copy" },
		{ P_CUT, "length-cut" }, { P_ADV, "advance" },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++)
		if (why & w[i].bit)
			strbuf_addf(out, "%s%s", n++ ? "," : "", w[i].word);
	if (why & P_MODE)
		strbuf_addf(out, "%sflag:%s", n++ ? "," : "", flag);
	if (!n)
		strbuf_addstr(out, "moves");
}

/* ---- the call and its arguments ------------------------------------------------- */

/* Base names of the identifiers in [a, b) that are variables (not calls, fields, macros). */
static int arg_names(const struct ctx *c, int a, int b, char out[4][NAMELEN])
{
	const struct parser *p = c->p;
	int i, n = 0;

	for (i = a; i < b && n < 4; i++) {
		const struct tok *t = &p->t[i];
		size_t k;
		int upper = 1;

		if (t->type != T_IDENT || tok_is(p, i + 1, "("))
			continue;
		if (i > a && (tok_is(p, i - 1, "->") || tok_is(p, i - 1, ".")))
			continue;
		if (tok_is(p, i, "sizeof") || tok_is(p, i, "struct") || tok_is(p, i, "const") ||
		    tok_is(p, i, "void") || tok_is(p, i, "char") || tok_is(p, i, "unsigned") ||
		    tok_is(p, i, "__user") || tok_is(p, i, "long") || tok_is(p, i, "int"))
			continue;
		for (k = 0; k < t->len; k++)
			if (p->buf[t->off + k] >= 'a' && p->buf[t->off + k] <= 'z')
				upper = 0;
		if (upper)
			continue;	/* a constant */
		path_text(c, i, i + 1, out[n]);
		n++;
	}
	return n;
}

static int find_node(const struct parser *p, int tok)
{
	int i, best = -1;

	for (i = 0; i < p->nn; i++) {
		const struct node *n = &p->n[i];

		if (n->kind == N_NOP || n->kind == N_EXIT || tok < n->t0 || tok >= n->t1)
			continue;
		/* the innermost: a 'for' header's part, not a macro's whole */
		if (best < 0 || n->t1 - n->t0 < p->n[best].t1 - p->n[best].t0)
			best = i;
	}
	return best;
}

/*
 * The function holding the fault-in (fname, its range starting at its
 * parameter sparam) has no retry of its own but returns 0 on a path that
 * used the range and moved nothing.  Does a caller in this file call it
 * again after that 0, with nothing moved on the way either?  Then the
 * retry cycle runs through the caller.  Returns 1 with the caller's name,
 * the line of its back edge and the kind of edge.
 */
static int caller_cycle(const struct ctx *fc, const char *fname, int sparam, char *gname,
			uint32_t *back, char *via)
{
	size_t k;
	int found = 0;

	for (k = 0; k < fc->nfuncs && !found; k++) {
		const struct wb_flow_func *fn = &fc->funcs[k];
		struct toks t = { 0 };
		struct parser p;
		int i, d = 0, body = -1, close, ncalls = 0, callv[4], j;

		if (!strcmp(fn->name, fname))
			continue;
		memset(&p, 0, sizeof(p));
		lex(&t, fc->buf, fc->len, fn->line, fn->end);
		p.buf = fc->buf;
		p.t = t.v;
		p.nt = t.n;
		for (i = 0; i < t.n && body < 0; i++) {
			if (tok_is(&p, i, "("))
				d++;
			else if (tok_is(&p, i, ")"))
				d--;
			else if (d == 0 && tok_is(&p, i, "{"))
				body = i;
		}
		if (body < 0 || (close = match_close(&p, body)) < 0)
			goto next;
		for (i = body + 1; i < close && ncalls < 4; i++)
			if (t.v[i].type == T_IDENT && t.v[i].len == strlen(fname) &&
			    !memcmp(fc->buf + t.v[i].off, fname, t.v[i].len) && tok_is(&p, i + 1, "(") &&
			    !tok_is(&p, i - 1, "->") && !tok_is(&p, i - 1, "."))
				callv[ncalls++] = i;
		if (!ncalls || cfg_build(&p, body, close) < 0)
			goto next;
		for (j = 0; j < ncalls && !found; j++) {
			struct ctx g;
			struct result r;
			int a0, argn = 0;

			memset(&g, 0, sizeof(g));
			memset(&r, 0, sizeof(r));
			g.p = &p;
			g.api = fc->api;
			g.buf = fc->buf;
			g.len = fc->len;
			g.funcs = fc->funcs;
			g.nfuncs = fc->nfuncs;
			g.call_tok = callv[j];
			g.iter = fc->iter;
			g.call_node = find_node(&p, g.call_tok);
			g.call_close = match_close(&p, g.call_tok + 1);
			if (g.call_node < 0 || g.call_close < 0)
				continue;
			/*
			 * The range is the caller's argument for sparam; what it
			 * passes in the others counts as the length: a change to
			 * any of them may be progress.
			 */
			for (a0 = g.call_tok + 2; a0 <= g.call_close; argn++) {
				int a1 = operand_end(&g, a0, g.call_close);
				char names[4][NAMELEN];
				int n, m;

				if (argn == sparam) {
					g.nstart = arg_names(&g, a0, a1, g.start);
					if (is_path(&g, a0 + tok_is(&p, a0, "&"), a1))
						path_text(&g, a0 + tok_is(&p, a0, "&"), a1, g.start_path);
				} else {
					n = arg_names(&g, a0, a1, names);
					for (m = 0; m < n && g.nlength < 4; m++)
						memcpy(g.length[g.nlength++], names[m], NAMELEN);
				}
				a0 = a1 + 1;
			}
			if (!g.nstart)
				continue;
			find_amounts(&g, body, close);
			g.seed_flags = P_USED;
			g.result_z = Z_ZERO;
			walk(&g, &r);
			if (!r.budget_out && r.none) {
				snprintf(gname, NAMELEN, "%s", fn->name);
				*back = r.none_back;
				*via = r.none_via;
				found = 1;
			}
		}
next:
		parser_release(&p);
		free(t.v);
	}
	return found;
}

/* caller_cycle() for the function around line, when its range starts at one of its parameters */
static int caller_retries(const struct ctx *c, const struct wb_flow_func *funcs, size_t nfuncs,
			  uint32_t line, unsigned stall, char *gname, uint32_t *back, char *via)
{
	const struct wb_flow_func *fn = NULL;
	struct callee f;
	size_t k;
	int sparam = -1, i;

	if (c->nstart != 1)
		return 0;
	for (k = 0; k < nfuncs; k++)
		if (funcs[k].line <= line && line <= funcs[k].end)
			fn = &funcs[k];
	if (!fn || callee_load(c, fn->name, strlen(fn->name), &f) < 0)
		return 0;
	for (i = 0; i < f.nparams; i++) {
		int l;

		if (!strcmp(f.params[i], c->start[0]))
			sparam = i;
		/* a length cut on the way out counts when the caller can see it */
		for (l = 0; l < c->nlength; l++)
			if (!strcmp(f.params[i], c->length[l]))
				stall &= ~(unsigned)ST_CUT;
	}
	callee_release(&f);
	if (!(stall & (ST_ZERO | ST_CUT)))
		return 0;
	return sparam >= 0 && caller_cycle(c, fn->name, sparam, gname, back, via);
}

int wb_flow_fact(struct strbuf *out, const char *buf, size_t len, uint32_t first, uint32_t last,
		 uint32_t line, uint32_t col, const struct wb_flow_api *api,
		 const struct wb_flow_func *funcs, size_t nfuncs, unsigned flags)
{
	struct toks t = { 0 };
	struct parser p;
	struct ctx c;
	struct result r;
	int i, body = -1, d = 0, close, entry, ret = 0;
	char gname[NAMELEN];
	uint32_t gback = 0;
	char gvia = 0;

	memset(&p, 0, sizeof(p));
	memset(&c, 0, sizeof(c));
	memset(&r, 0, sizeof(r));
	lex(&t, buf, len, first, last);
	p.buf = buf;
	p.t = t.v;
	p.nt = t.n;
	c.p = &p;
	c.api = api;
	c.buf = buf;
	c.len = len;
	c.funcs = funcs;
	c.nfuncs = nfuncs;
	c.truth_success = !!(flags & WB_FLOW_TRUTH_IS_SUCCESS);
	c.call_tok = -1;
	if (flags & WB_FLOW_RESULT_UNKNOWN) {
		strbuf_addstr(out, "flow-unparsed why=wrapper-result-not-read");
		goto done;
	}
	for (i = 0; i < t.n; i++)
		if (t.v[i].line == line && t.v[i].col == col && t.v[i].type == T_IDENT) {
			c.call_tok = i;
			break;
		}
	if (c.call_tok < 0) {
		strbuf_addstr(out, "flow-unparsed why=call-not-found");
		goto done;
	}
	/* the body: the first '{' outside parentheses */
	for (i = 0; i < t.n; i++) {
		if (tok_is(&p, i, "("))
			d++;
		else if (tok_is(&p, i, ")"))
			d--;
		else if (d == 0 && tok_is(&p, i, "{")) {
			body = i;
			break;
		}
	}
	if (body < 0 || body > c.call_tok) {
		strbuf_addstr(out, "flow-unparsed why=no-body");
		goto done;
	}
	close = match_close(&p, body);
	if (close < 0) {
		strbuf_addstr(out, "flow-unparsed why=unbalanced-braces");
		goto done;
	}
	entry = cfg_build(&p, body, close);
	if (entry < 0) {
		strbuf_addf(out, "flow-unparsed why=%s at=%u", p.err ? p.err : "parse", p.err_line);
		for (i = 0; out->buf[i]; i++)
			if (out->buf[i] == ' ' && i > 14 && strncmp(out->buf + i, " at=", 4))
				out->buf[i] = '-';
		goto done;
	}
	c.call_node = find_node(&p, c.call_tok);
	if (c.call_node < 0) {
		strbuf_addstr(out, "flow-unparsed why=call-outside-statements");
		goto done;
	}
	/* the range: start and length arguments */
	c.iter = in_api(api->iter_prims, api->niter_prims, buf + t.v[c.call_tok].off,
			t.v[c.call_tok].len);
	if (tok_is(&p, c.call_tok + 1, "(") && (c.call_close = match_close(&p, c.call_tok + 1)) > 0) {
		int comma = top_op(&c, c.call_tok + 2, c.call_close, ",");
		int a0 = c.call_tok + 2, a1 = comma > 0 ? comma : c.call_close;

		c.nstart = arg_names(&c, a0, a1, c.start);
		if (is_path(&c, a0 + tok_is(&p, a0, "&"), a1))
			path_text(&c, a0 + tok_is(&p, a0, "&"), a1, c.start_path);
		if (comma > 0)
			c.nlength = arg_names(&c, comma + 1, c.call_close, c.length);
	}
	find_amounts(&c, body, close);
	walk(&c, &r);
	if (r.budget_out) {
		strbuf_addf(out, "retry-cycle progress=unknown why=too-many-paths");
	} else if (!r.cycles && (r.exit_stall & (ST_ZERO | ST_CUT)) &&
		   caller_retries(&c, funcs, nfuncs, line, r.exit_stall, gname, &gback, &gvia)) {
		strbuf_addf(out, "retry-cycle progress=none back=%u via=%s why=caller-retries:%s", gback,
			    gvia == 'g' ? "goto" : "loop", gname);
	} else if (!r.cycles) {
		char callee[NAMELEN];

		const char *fk = failure_kind(&c);

		strbuf_addf(out, "no-retry failure=%s", fk);
		if (!strcmp(fk, "exits") && atomic_fatal(&c))
			strbuf_addstr(out, " consumer=atomic-fatal");
		switch (copying_callee(&c, callee)) {
		case 1:
			strbuf_addf(out, " copy=callee callee=%s", callee);
			break;
		case 2:
			strbuf_addf(out, " copy=direct fn=%s", callee);
			break;
		}
	} else if (r.none) {
		strbuf_addf(out, "retry-cycle progress=none back=%u via=%s why=", r.none_back,
			    r.none_via == 'g' ? "goto" : "loop");
		if (r.none_callee[0] && r.none == 1)
			strbuf_addf(out, "gives-up:%s", r.none_callee);
		else
			strbuf_addstr(out, "unchanged");
	} else if (r.maybe) {
		strbuf_addf(out, "retry-cycle progress=maybe back=%u via=%s why=%s%s", r.any_back,
			    r.any_via == 'g' ? "goto" : "loop",
			    r.maybe_callee[0] == '=' ? "set:" : "callee:",
			    r.maybe_callee[0] == '=' ? r.maybe_callee + 1 :
			    r.maybe_callee[0] ? r.maybe_callee : "?");
	} else {
		strbuf_addf(out, "retry-cycle progress=%s back=%u via=%s why=",
			    r.guarded == r.cycles ? "guarded" : "yes", r.any_back,
			    r.any_via == 'g' ? "goto" : "loop");
		why_words(out, r.why, r.mode);
	}
	/* a second fact: how the result is read */
	strbuf_addf(out, "\nflow-result test=%s", result_test(&c));
done:
	parser_release(&p);
	free(t.v);
	return ret;
}

int wb_flow_arg_macro(const char *buf, size_t len, uint32_t line, uint32_t col, char *out, size_t n)
{
	struct toks t = { 0 };
	struct parser p;
	int i, a, b, close, ret = 0;

	memset(&p, 0, sizeof(p));
	lex(&t, buf, len, line, line + 8);
	p.buf = buf;
	p.t = t.v;
	p.nt = t.n;
	for (i = 0; i + 1 < t.n; i++)
		if (t.v[i].line == line && t.v[i].col == col && tok_is(&p, i + 1, "("))
			break;
	if (i + 1 >= t.n || (close = match_close(&p, i + 1)) < 0)
		goto out;
	a = i + 2;
	for (b = a; b < close && !tok_is(&p, b, ","); b++)
		if (tok_is(&p, b, "(") && (b = match_close(&p, b)) < 0)
			goto out;
	/* casts and parentheses */
	while (a < b && tok_is(&p, a, "(")) {
		int e = match_close(&p, a);

		if (e < 0 || e >= b)
			goto out;
		if (e == b - 1) {
			a++, b--;
			continue;
		}
		a = e + 1;
	}
	if (b == a + 1 && t.v[a].type == T_IDENT && t.v[a].len < n) {
		size_t k, lower = 0;

		for (k = 0; k < t.v[a].len; k++)
			if (buf[t.v[a].off + k] >= 'a' && buf[t.v[a].off + k] <= 'z')
				lower = 1;
		if (!lower) {
			memcpy(out, buf + t.v[a].off, t.v[a].len);
			out[t.v[a].len] = '\0';
			ret = 1;
		}
	}
out:
	free(t.v);
	return ret;
}

/* Which parameters of f token i names (not a member: after '.' or '->'). */
static uint32_t names_param(const struct callee *f, int i)
{
	const struct tok *t = &f->t.v[i];
	int k;

	if (t->type != T_IDENT || tok_is(&f->p, i - 1, ".") || tok_is(&f->p, i - 1, "->"))
		return 0;
	for (k = 0; k < f->nparams && k < 16; k++)
		if (strlen(f->params[k]) == t->len && !memcmp(f->params[k], f->p.buf + t->off, t->len))
			return 1u << k;
	return 0;
}

/* Do tokens i and j of f spell the same identifier, j not a member (after '.' or '->')? */
static int same_ident(const struct callee *f, int i, int j)
{
	const struct tok *a = &f->t.v[i], *b = &f->t.v[j];

	return b->type == T_IDENT && a->len == b->len &&
	       !memcmp(f->p.buf + a->off, f->p.buf + b->off, a->len) &&
	       !tok_is(&f->p, j - 1, ".") && !tok_is(&f->p, j - 1, "->");
}

#define SHAPE_LOCALS 8

uint32_t wb_flow_wrapper_shape(const char *buf, size_t len, const char *name, uint32_t first,
			       uint32_t last, uint32_t line, uint32_t col, int *polarity,
			       int *positional)
{
	struct wb_flow_func fn = { name, first, last };
	struct ctx c;
	struct callee f;
	struct { int tok; uint32_t mask; } loc[SHAPE_LOCALS];
	int nloc = 0, i, k, call = -1, close, depth = 0;
	uint32_t mask = 0;

	*polarity = -1;
	*positional = 0;
	memset(&c, 0, sizeof(c));
	c.buf = buf;
	c.len = len;
	c.funcs = &fn;
	c.nfuncs = 1;
	if (!name || callee_load(&c, name, strlen(name), &f) < 0)
		return 0;
	for (i = f.body + 1; i < f.close; i++)
		if (f.t.v[i].line == line && f.t.v[i].col == col && f.t.v[i].type == T_IDENT) {
			call = i;
			break;
		}
	/* 'return CALL(...)...;', or 'v = CALL(...)...;' with 'return v;' last (the scan saw to that) */
	if (call < 0 || !(tok_is(&f.p, call - 1, "return") ||
			  (tok_is(&f.p, call - 1, "=") && f.t.v[call - 2].type == T_IDENT)) ||
	    !tok_is(&f.p, call + 1, "(") || (close = match_close(&f.p, call + 1)) < 0 ||
	    close >= f.close)
		goto out;
	/* what follows the call up to the ';' */
	{
		const struct parser *p = &f.p;
		int e = close + 1;

		if (tok_is(p, e, ";"))
			*polarity = 0;
		else if ((tok_is(p, e, "==") || tok_is(p, e, "!=")) && tok_is(p, e + 2, ";") &&
			 (tok_is(p, e + 1, "0") || tok_is(p, e + 1, "false")))
			*polarity = tok_is(p, e, "==");
		else if (tok_is(p, e, "?")) {
			/* '? E : 0' with E a constant other than 0, maybe negated: '? -EFAULT : 0' */
			int a = e + 1 + tok_is(p, e + 1, "-");

			if (a < f.t.n && f.t.v[a].type == T_IDENT && buf[f.t.v[a].off] >= 'A' &&
			    buf[f.t.v[a].off] <= 'Z' &&
			    tok_is(p, a + 1, ":") && tok_is(p, a + 2, "0") && tok_is(p, a + 3, ";"))
				*polarity = 0;
		}
	}
	/*
	 * Locals of the body declared with an initializer ('T *v = E;' at the
	 * top level of the body): the parameters E names, directly or through
	 * an earlier such local.  One assigned again, or whose address is
	 * taken, comes from nowhere certain.
	 */
	for (i = f.body + 1; i < call; i++) {
		const struct parser *p = &f.p;

		if (tok_is(p, i, "{") || tok_is(p, i, "(") || tok_is(p, i, "["))
			depth++;
		else if (tok_is(p, i, "}") || tok_is(p, i, ")") || tok_is(p, i, "]"))
			depth--;
		if (depth || f.t.v[i].type != T_IDENT || !tok_is(p, i + 1, "="))
			continue;
		if (tok_is(p, i - 1, ";") || tok_is(p, i - 1, "{") || tok_is(p, i - 1, "}") ||
		    tok_is(p, i - 1, ".") || tok_is(p, i - 1, "->")) {
			/* an assignment: the local it names is no longer certain */
			for (k = 0; k < nloc; k++)
				if (same_ident(&f, loc[k].tok, i))
					loc[k].mask = 0;
			continue;
		}
		if (nloc == SHAPE_LOCALS)
			continue;
		loc[nloc].tok = i;
		loc[nloc].mask = 0;
		for (k = i + 2; k < call && !tok_is(p, k, ";"); k++) {
			int j;

			loc[nloc].mask |= names_param(&f, k);
			for (j = 0; j < nloc; j++)
				if (same_ident(&f, loc[j].tok, k))
					loc[nloc].mask |= loc[j].mask;
		}
		nloc++;
	}
	/* a local assigned, incremented or given away by address anywhere: not certain */
	for (i = f.body + 1; i < f.close; i++) {
		const struct parser *p = &f.p;

		if (f.t.v[i].type != T_IDENT || tok_is(p, i - 1, ".") || tok_is(p, i - 1, "->"))
			continue;
		for (k = 0; k < nloc; k++) {
			if (i == loc[k].tok || !same_ident(&f, loc[k].tok, i))
				continue;
			if (tok_is(p, i - 1, "&") || tok_is(p, i - 1, "++") || tok_is(p, i - 1, "--") ||
			    tok_is(p, i + 1, "++") || tok_is(p, i + 1, "--") ||
			    (i + 1 < p->nt && p->t[i + 1].type == T_PUNCT &&
			     p->buf[p->t[i + 1].off + p->t[i + 1].len - 1] == '=' &&
			     !tok_is(p, i + 1, "==") && !tok_is(p, i + 1, "!=") &&
			     !tok_is(p, i + 1, "<=") && !tok_is(p, i + 1, ">=")))
				loc[k].mask = 0;
		}
	}
	/*
	 * The address argument computed from the first parameter itself (not
	 * from what it points to: 'p->ubuf'): the callers' first argument is
	 * the range's start.
	 */
	for (i = call + 2, depth = 0; i < close && (depth || !tok_is(&f.p, i, ",")); i++) {
		if (tok_is(&f.p, i, "(") || tok_is(&f.p, i, "["))
			depth++;
		else if (tok_is(&f.p, i, ")") || tok_is(&f.p, i, "]"))
			depth--;
		else if (names_param(&f, i) == 1u && !tok_is(&f.p, i + 1, "->") &&
			 !tok_is(&f.p, i + 1, ".") && !tok_is(&f.p, i + 1, "[") &&
			 !tok_is(&f.p, i - 1, "*"))
			*positional = 1;
	}
	/* the arguments */
	for (i = call + 2; i < close; i++) {
		mask |= names_param(&f, i);
		for (k = 0; k < nloc; k++)
			if (same_ident(&f, loc[k].tok, i))
				mask |= loc[k].mask;
	}
out:
	callee_release(&f);
	return mask;
}

/* Before buf[i]: blanks and backslash-newlines skipped back; the index after what is left. */
static size_t back_blank(const char *buf, size_t i)
{
	for (;;) {
		while (i && (buf[i - 1] == ' ' || buf[i - 1] == '\t'))
			i--;
		if (i >= 2 && buf[i - 1] == '\n' && buf[i - 2] == '\\')
			i -= 2;
		else if (i >= 3 && buf[i - 1] == '\n' && buf[i - 2] == '\r' && buf[i - 3] == '\\')
			i -= 3;
		else
			return i;
	}
}

int wb_flow_macro_polarity(const char *buf, size_t len, uint32_t line, uint32_t col)
{
	char rest[8];
	size_t i = 0, k = 0, depth = 0, open = 0, b;
	uint32_t l = 1;

	/* the call's name: line, then column (1-based, a byte each) */
	while (i < len && l < line)
		if (buf[i++] == '\n')
			l++;
	if (l != line || !col || col - 1 > len - i)
		return -1;
	i += col - 1;
	/*
	 * The body's value is the call's when only parentheses stand between
	 * the macro's parameter list and the call: '#define w(p, n) (f(p, n) == 0)'.
	 */
	for (b = back_blank(buf, i); b && buf[b - 1] == '('; b = back_blank(buf, b - 1))
		open++;
	if (!b || buf[b - 1] != ')')
		return -2;
	while (i < len && (buf[i] == '_' || (buf[i] >= 'a' && buf[i] <= 'z') ||
			   (buf[i] >= 'A' && buf[i] <= 'Z') || (buf[i] >= '0' && buf[i] <= '9')))
		i++;
	/* its arguments, to the matching ')', in the macro's logical line */
	for (; i < len; i++) {
		char c = buf[i];

		if (c == '\\' && i + 1 < len && buf[i + 1] == '\n') {
			i++;
			continue;
		}
		if (c == '\\' && i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
			i += 2;
			continue;
		}
		if (c == '\n' || c == '/')
			return -1;	/* the definition ends, or a comment: not read */
		if (c == '"' || c == '\'') {
			i = literal_end(buf, len, i) - 1;
			continue;
		}
		if (c == '(') {
			depth++;
		} else if (c == ')') {
			if (!depth)
				return -1;
			if (!--depth)
				break;
		}
	}
	if (i >= len)
		return -1;
	/* what follows, without blanks and continuations */
	for (i++; i < len && buf[i] != '\n'; i++) {
		if (buf[i] == '\\' && i + 1 < len && buf[i + 1] == '\n') {
			i++;
			continue;
		}
		if (buf[i] == '\\' && i + 2 < len && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
			i += 2;
			continue;
		}
		if (buf[i] == ' ' || buf[i] == '\t' || buf[i] == '\r')
			continue;
		if (k == sizeof(rest) - 1)
			return -1;	/* longer than '== 0' and its parentheses */
		rest[k++] = buf[i];
	}
	/* the parentheses around the call close last */
	for (; open; open--) {
		if (!k || rest[k - 1] != ')')
			return -1;
		k--;
	}
	rest[k] = '\0';
	if (!k || !strcmp(rest, "!=0"))
		return 0;
	if (!strcmp(rest, "==0"))
		return 1;
	return -1;
}

const char *wb_define_next(const char *buf, size_t len, const char *name, size_t *pos,
			   size_t *vlen)
{
	size_t nl = strlen(name), i = *pos;

	while (i < len) {
		size_t e = i, k;

		while (e < len && buf[e] != '\n')
			e++;
		*pos = e + 1;
		k = i;
		i = e + 1;
		while (k < e && (buf[k] == ' ' || buf[k] == '\t'))
			k++;
		if (k >= e || buf[k] != '#')
			continue;
		k++;
		while (k < e && (buf[k] == ' ' || buf[k] == '\t'))
			k++;
		if (e - k <= 7 || memcmp(buf + k, "define", 6) || (buf[k + 6] != ' ' && buf[k + 6] != '\t'))
			continue;
		k += 7;
		while (k < e && (buf[k] == ' ' || buf[k] == '\t'))
			k++;
		if (e - k <= nl || memcmp(buf + k, name, nl) || (buf[k + nl] != ' ' && buf[k + nl] != '\t'))
			continue;
		*vlen = e - (k + nl);
		return buf + k + nl;
	}
	*pos = len;
	return NULL;
}

int wb_flow_defines_const(const char *buf, size_t len, const char *name)
{
	const char *v;
	size_t pos = 0, n;

	while ((v = wb_define_next(buf, len, name, &pos, &n))) {
		int digit = 0, ok = 1;
		size_t k;

		/* the value: numbers, parentheses, - ~ + << and suffixes only */
		for (k = 0; k < n && ok; k++) {
			char c = v[k];

			if (c >= '0' && c <= '9')
				digit = 1;
			else if (c == '/' && k + 1 < n && (v[k + 1] == '*' || v[k + 1] == '/'))
				break;
			else if (!(c == ' ' || c == '\t' || c == '(' || c == ')' || c == '-' ||
				   c == '~' || c == '+' || c == '<' || c == 'x' || c == 'X' ||
				   c == 'u' || c == 'U' || c == 'l' || c == 'L' ||
				   (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
				ok = 0;
		}
		if (ok && digit)
			return 1;
	}
	return 0;
}
