// SPDX-License-Identifier: GPL-2.0
/*
 * Guards of a call on its function's parameters, read from the text of the
 * function: a small lexer and a statement parser that knows compound
 * statements, if/else, loops, switch, labels and expression statements;
 * and where a call's arguments come from (constants, the caller's
 * parameters, a local struct's designated initializer, a function's name).
 * Whatever it does not read with certainty gives no guard and no source.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"

#include "flow.h"
#include "util.h"

enum { T_ID, T_NUM, T_STR, T_PUNCT };

struct gtok {
	size_t off;
	uint32_t len;
	uint8_t kind;
};

struct glex {
	const char *buf;
	struct gtok *t;
	size_t n, alloc;
	int pp;			/* a preprocessor line was seen */
	size_t *ppoff, npp, ppalloc;	/* where each starts */
};

static void gpush(struct glex *l, size_t off, size_t len, int kind)
{
	WB_ALLOC_GROW(l->t, l->n + 1, l->alloc);
	l->t[l->n++] = (struct gtok){ off, (uint32_t)len, (uint8_t)kind };
}

static const char *const puncts[] = {
	"<<=", ">>=", "...", "->", "++", "--", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=",
	"*=", "/=", "%=", "&=", "|=", "^=", "<<", ">>", "##",
};

/* Lexes buf[from..to). */
static void glex_run(struct glex *l, const char *buf, size_t from, size_t to)
{
	size_t i = from;
	int bol = 1;

	l->buf = buf;
	while (i < to) {
		unsigned char c = (unsigned char)buf[i];
		size_t s = i, k;

		if (c == '\n') {
			bol = 1;
			i++;
			continue;
		}
		if (isspace(c)) {
			i++;
			continue;
		}
		if (c == '/' && i + 1 < to && buf[i + 1] == '/') {
			while (i < to && buf[i] != '\n')
				i++;
			continue;
		}
		if (c == '/' && i + 1 < to && buf[i + 1] == '*') {
			i += 2;
			while (i + 1 < to && !(buf[i] == '*' && buf[i + 1] == '/'))
				i++;
			i += 2;
			continue;
		}
		if (c == '#' && bol) {
			l->pp = 1;
			WB_ALLOC_GROW(l->ppoff, l->npp + 1, l->ppalloc);
			l->ppoff[l->npp++] = i;
			while (i < to && buf[i] != '\n') {
				if (buf[i] == '\\' && i + 1 < to)
					i++;
				i++;
			}
			continue;
		}
		bol = 0;
		if (isalpha(c) || c == '_') {
			while (i < to && (isalnum((unsigned char)buf[i]) || buf[i] == '_'))
				i++;
			gpush(l, s, i - s, T_ID);
			continue;
		}
		if (isdigit(c)) {
			while (i < to && (isalnum((unsigned char)buf[i]) || buf[i] == '.'))
				i++;
			gpush(l, s, i - s, T_NUM);
			continue;
		}
		if (c == '"' || c == '\'') {
			i++;
			while (i < to && buf[i] != (char)c && buf[i] != '\n') {
				if (buf[i] == '\\')
					i++;
				i++;
			}
			i++;
			gpush(l, s, (i < to ? i : to) - s, T_STR);
			continue;
		}
		k = sizeof(puncts) / sizeof(*puncts);
		if (i + 1 < to && strchr("<>.-+=!&|*/%^#", c) && strchr("<>.-+=&|#", buf[i + 1]))
		for (k = 0; k < sizeof(puncts) / sizeof(*puncts); k++) {
			size_t pl = strlen(puncts[k]);

			if (i + pl <= to && !memcmp(buf + i, puncts[k], pl))
				break;
		}
		if (k < sizeof(puncts) / sizeof(*puncts)) {
			gpush(l, s, strlen(puncts[k]), T_PUNCT);
			i += strlen(puncts[k]);
			continue;
		}
		gpush(l, s, 1, T_PUNCT);
		i++;
	}
}

static int is(const struct glex *l, size_t i, const char *s)
{
	return i < l->n && l->t[i].len == strlen(s) && !memcmp(l->buf + l->t[i].off, s, l->t[i].len);
}

/* The token closing the bracket at i, or SIZE_MAX. */
static size_t match(const struct glex *l, size_t i, size_t end)
{
	int depth = 0;

	for (; i < end; i++) {
		if (is(l, i, "(") || is(l, i, "[") || is(l, i, "{"))
			depth++;
		else if (is(l, i, ")") || is(l, i, "]") || is(l, i, "}"))
			if (--depth == 0)
				return i;
	}
	return SIZE_MAX;
}

/* An upper-case name or a number. */
static int is_const_tok(const struct glex *l, size_t i)
{
	const struct gtok *t = &l->t[i];
	int letter = 0;
	uint32_t k;

	if (t->kind == T_NUM)
		return 1;
	if (t->kind != T_ID)
		return 0;
	for (k = 0; k < t->len; k++) {
		char c = l->buf[t->off + k];

		if (islower((unsigned char)c))
			return 0;
		letter |= !!isupper((unsigned char)c);
	}
	return letter;
}

struct gparse {
	const struct glex *l;
	size_t target;		/* the call's token */
	size_t end;		/* the body's closing brace */
	/* conditions the target is under: first token, last + 1, holds */
	struct { size_t a, b; int holds; } *g;
	size_t ng, galloc;
	size_t lastif, lastthen;	/* the last 'if' parsed, the end of its branch */
	int lastelse;
	int bad;
};

static int has_label(const struct glex *l, size_t a, size_t b)
{
	size_t i;

	for (i = a; i + 1 < b; i++)
		if (l->t[i].kind == T_ID && is(l, i + 1, ":") &&
		    (is(l, i - 1, ";") || is(l, i - 1, "{") || is(l, i - 1, "}")) &&
		    !is(l, i, "default"))
			return 1;
	return 0;
}

/* A preprocessor line between the tokens a and b? */
static int pp_between(const struct glex *l, size_t a, size_t b)
{
	size_t k;

	for (k = 0; k < l->npp; k++)
		if (l->ppoff[k] > l->t[a].off && l->ppoff[k] < l->t[b].off)
			return 1;
	return 0;
}

static size_t stmt(struct gparse *p, size_t i, unsigned level);

static void add_cond(struct gparse *p, size_t ca, size_t cb, int holds)
{
	WB_ALLOC_GROW(p->g, p->ng + 1, p->galloc);
	p->g[p->ng].a = ca;
	p->g[p->ng].b = cb;
	p->g[p->ng++].holds = holds;
}

static void under(struct gparse *p, size_t ifi, size_t ca, size_t cb, size_t from, size_t to,
		  int holds)
{
	if (p->target < from || p->target >= to || cb <= ca)
		return;
	if (has_label(p->l, from, to) || pp_between(p->l, ifi, p->target))
		return;		/* a goto may come in; a branch may be configured out */
	add_cond(p, ca, cb, holds);
}

/*
 * Does the branch a..b always leave the function: 'return ...;' or a block
 * whose last statement is one, with no goto, break or continue in it (they
 * may leave the branch without leaving the function)?
 */
static int leaves(const struct glex *l, size_t a, size_t b)
{
	size_t i, j;

	if (b <= a + 1)
		return 0;
	for (i = a; i < b; i++)
		if (is(l, i, "goto") || is(l, i, "break") || is(l, i, "continue"))
			return 0;
	if (is(l, a, "return"))
		return 1;
	if (!is(l, a, "{") || match(l, a, b) != b - 1 || !is(l, b - 2, ";"))
		return 0;
	/* the start of the last statement */
	for (j = b - 2; j > a; j--)
		if (is(l, j - 1, ";") || is(l, j - 1, "{") || is(l, j - 1, "}"))
			break;
	return j > a && is(l, j, "return");
}

/*
 * An 'if (C) <leaves>' at s..e without else in the block closing at be: a
 * target after it in the block needs C false, unless a label (a goto or
 * a case may come in) or a preprocessor line lies between.
 */
static void early(struct gparse *p, size_t s, size_t e, size_t be)
{
	const struct glex *l = p->l;
	size_t c, k;

	if (p->lastif != s || p->lastelse || p->target < e || p->target >= be)
		return;
	c = match(l, s + 1, e);
	if (c == SIZE_MAX || !leaves(l, c + 1, p->lastthen))
		return;
	for (k = e; k < p->target; k++)
		if (is(l, k, "case") || is(l, k, "default") ||
		    (l->t[k].kind == T_ID && is(l, k + 1, ":") &&
		     (is(l, k - 1, ";") || is(l, k - 1, "{") || is(l, k - 1, "}"))))
			return;
	if (pp_between(l, s, p->target))
		return;
	add_cond(p, s + 2, c, 0);
}

static size_t stmt(struct gparse *p, size_t i, unsigned level)
{
	const struct glex *l = p->l;
	size_t c, j;

	if (p->bad || i >= p->end || level > 200)
		goto bad;
	if (is(l, i, "{")) {
		size_t be = match(l, i, p->end + 1);

		if (be == SIZE_MAX)
			goto bad;
		j = i + 1;
		while (!p->bad && j < p->end && !is(l, j, "}")) {
			size_t s = j;

			j = stmt(p, j, level + 1);
			if (!p->bad && is(l, s, "if"))
				early(p, s, j, be);
		}
		if (p->bad || j >= p->end)
			goto bad;
		return j + 1;
	}
	if (is(l, i, ";"))
		return i + 1;
	if (is(l, i, "if")) {
		size_t te, ee;

		if (!is(l, i + 1, "(") || (c = match(l, i + 1, p->end)) == SIZE_MAX)
			goto bad;
		te = stmt(p, c + 1, level + 1);
		if (p->bad)
			goto bad;
		under(p, i, i + 2, c, c + 1, te, 1);
		if (!is(l, te, "else")) {
			p->lastif = i;
			p->lastthen = te;
			p->lastelse = 0;
			return te;
		}
		ee = stmt(p, te + 1, level + 1);
		if (p->bad)
			goto bad;
		under(p, i, i + 2, c, te + 1, ee, 0);
		p->lastif = i;
		p->lastthen = te;
		p->lastelse = 1;
		return ee;
	}
	if (is(l, i, "else"))
		goto bad;
	if (is(l, i, "for") || is(l, i, "while") || is(l, i, "switch")) {
		if (!is(l, i + 1, "(") || (c = match(l, i + 1, p->end)) == SIZE_MAX)
			goto bad;
		return stmt(p, c + 1, level + 1);
	}
	if (is(l, i, "do")) {
		j = stmt(p, i + 1, level + 1);
		if (p->bad || !is(l, j, "while") || !is(l, j + 1, "(") ||
		    (c = match(l, j + 1, p->end)) == SIZE_MAX || !is(l, c + 1, ";"))
			goto bad;
		return c + 2;
	}
	if (is(l, i, "case") || is(l, i, "default")) {
		for (j = i + 1; j < p->end && !is(l, j, ":"); j++)
			if (is(l, j, ";") || is(l, j, "{") || is(l, j, "}"))
				goto bad;
		if (j >= p->end)
			goto bad;
		return j + 1;
	}
	if (l->t[i].kind == T_ID && is(l, i + 1, ":"))
		return i + 2;	/* a label */
	/* a loop macro: name(...) { ... } */
	if (l->t[i].kind == T_ID && is(l, i + 1, "(") &&
	    (c = match(l, i + 1, p->end)) != SIZE_MAX && is(l, c + 1, "{"))
		return stmt(p, c + 1, level + 1);
	/* an expression or a declaration, to its ';' */
	for (j = i; j < p->end; j++) {
		if (is(l, j, ";"))
			return j + 1;
		if (is(l, j, "(") || is(l, j, "[") || is(l, j, "{")) {
			c = match(l, j, p->end);
			if (c == SIZE_MAX)
				goto bad;
			j = c;
		} else if (is(l, j, "}") || is(l, j, ")") || is(l, j, "]")) {
			goto bad;
		}
	}
bad:
	p->bad = 1;
	return p->end;
}

static int is_assign_op(const struct glex *l, size_t i)
{
	static const char *const ops[] = {
		"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--",
	};
	size_t k;

	for (k = 0; k < sizeof(ops) / sizeof(*ops); k++)
		if (is(l, i, ops[k]))
			return 1;
	return 0;
}

static int same_tok(const struct glex *l, size_t i, size_t j)
{
	return l->t[i].kind == l->t[j].kind && l->t[i].len == l->t[j].len &&
	       !memcmp(l->buf + l->t[i].off, l->buf + l->t[j].off, l->t[i].len);
}

/* Is the parameter named by token i assigned, moved or taken the address of in a..b? */
static int modified(const struct glex *l, size_t name, size_t a, size_t b)
{
	size_t i;

	for (i = a; i < b; i++) {
		if (!same_tok(l, i, name))
			continue;
		if (is(l, i - 1, ".") || is(l, i - 1, "->"))
			continue;	/* a member of that name */
		if (is(l, i - 1, "&") || is(l, i - 1, "++") || is(l, i - 1, "--"))
			return 1;
		if (is_assign_op(l, i + 1))
			return 1;
	}
	return 0;
}

/* Is 'P->F' (P token name, F token field) assigned, moved or taken the address of in a..b? */
static int field_modified(const struct glex *l, size_t name, size_t field, size_t a, size_t b)
{
	size_t i;

	for (i = a; i + 2 < b; i++) {
		if (!same_tok(l, i, name) || !is(l, i + 1, "->") || !same_tok(l, i + 2, field))
			continue;
		if (is(l, i - 1, ".") || is(l, i - 1, "->"))
			continue;
		if (is(l, i - 1, "&") || is(l, i - 1, "++") || is(l, i - 1, "--") ||
		    is_assign_op(l, i + 3) || is(l, i + 3, ".") || is(l, i + 3, "->") ||
		    is(l, i + 3, "["))
			return 1;
	}
	return 0;
}

/* Is any member of what the parameter at token name points to written in a..b? */
static int fields_written(const struct glex *l, size_t name, size_t a, size_t b)
{
	size_t i;

	for (i = a; i + 2 < b; i++)
		if (same_tok(l, i, name) && is(l, i + 1, "->") && l->t[i + 2].kind == T_ID &&
		    !is(l, i - 1, ".") && !is(l, i - 1, "->") &&
		    field_modified(l, name, i + 2, i, i + 3 < b ? i + 4 : b))
			return 1;
	return 0;
}

static void tokcpy(char *out, size_t n, const struct glex *l, size_t i)
{
	size_t len = l->t[i].len < n - 1 ? l->t[i].len : n - 1;

	memcpy(out, l->buf + l->t[i].off, len);
	out[len] = '\0';
}

/* A name that is no constant: P, or P->F; its length in tokens, else 0. */
static size_t operand(const struct glex *l, size_t a, size_t b)
{
	if (a >= b || l->t[a].kind != T_ID || is_const_tok(l, a))
		return 0;
	if (a + 3 <= b && is(l, a + 1, "->") && l->t[a + 2].kind == T_ID)
		return 3;
	if (a + 1 < b && (is(l, a + 1, "->") || is(l, a + 1, ".") || is(l, a + 1, "[") ||
			  is(l, a + 1, "(")))
		return 0;
	return 1;
}

/*
 * Is tokens a..b of l 'P == K', 'P != K' (either way round), 'P', '!P'
 * or the same with P->F for P, maybe in parentheses and in likely() or
 * unlikely() (the kernel's '__builtin_expect(!!(x), v)': the truth of x,
 * unchanged), P one of the parameters pname[0..np) never changed in the
 * body, nor P->F?  Fills g; its holds is 1 when the condition is the
 * negation of that, else 0.
 */
static int cond_guard(struct wb_guard *g, const struct glex *l, size_t a, size_t b,
		      const size_t *pname, size_t np, size_t body, size_t bend)
{
	size_t id, k = SIZE_MAX, i, n;
	int neg = 0, op;

	for (;;) {
		if (b <= a)
			return 0;
		if (b - a >= 3 && is(l, a, "(") && match(l, a, b) == b - 1) {
			a++;
			b--;
		} else if (b - a >= 4 && (is(l, a, "likely") || is(l, a, "unlikely")) &&
			   is(l, a + 1, "(") && match(l, a + 1, b) == b - 1) {
			a += 2;
			b--;
		} else if (is(l, a, "!") && b - a >= 2 &&
			   (operand(l, a + 1, b) == b - a - 1 ||
			    (is(l, a + 1, "(") && match(l, a + 1, b) == b - 1) ||
			    ((is(l, a + 1, "likely") || is(l, a + 1, "unlikely")) &&
			     is(l, a + 2, "(") && match(l, a + 2, b) == b - 1))) {
			neg = !neg;
			a++;
		} else {
			break;
		}
	}
	n = operand(l, a, b);
	if (n && a + n == b) {
		id = a;
		op = WB_GUARD_TRUE;
	} else if (n && a + n + 2 == b && (is(l, a + n, "==") || is(l, a + n, "!=")) &&
		   is_const_tok(l, a + n + 1)) {
		id = a;
		k = a + n + 1;
		op = is(l, a + n, "==") ? WB_GUARD_EQ : WB_GUARD_NE;
	} else if (b - a >= 3 && is_const_tok(l, a) && (is(l, a + 1, "==") || is(l, a + 1, "!=")) &&
		   (n = operand(l, a + 2, b)) && a + 2 + n == b) {
		id = a + 2;
		k = a;
		op = is(l, a + 1, "==") ? WB_GUARD_EQ : WB_GUARD_NE;
	} else {
		return 0;
	}
	for (i = 0; i < np; i++)
		if (same_tok(l, pname[i], id))
			break;
	if (i == np || modified(l, id, body, bend))
		return 0;
	if (k != SIZE_MAX && l->t[k].len >= WB_GUARD_K)
		return 0;
	g->field[0] = '\0';
	if (n == 3) {
		if (l->t[id + 2].len >= WB_GUARD_K || field_modified(l, id, id + 2, body, bend))
			return 0;
		tokcpy(g->field, sizeof(g->field), l, id + 2);
	}
	g->param = (unsigned)i;
	g->nparams = (unsigned)np;
	g->op = op;
	g->holds = neg;
	g->k[0] = '\0';
	if (k != SIZE_MAX)
		tokcpy(g->k, sizeof(g->k), l, k);
	return 1;
}

struct wb_fn {
	char *text;		/* buf[from..to) */
	size_t from;
	struct glex l;
	size_t open, close, body, bend;
	size_t pname[64], np;
};

void wb_fn_free(struct wb_fn *f)
{
	if (!f)
		return;
	free(f->text);
	free(f->l.t);
	free(f->l.ppoff);
	free(f);
}

/*
 * Are the preprocessor lines of the body harmless to a reading of its
 * statements: none in the head, each between two statements, and each
 * part between two of them balanced in brackets?
 */
static int pp_ok(const struct wb_fn *f)
{
	const struct glex *l = &f->l;
	size_t k, i = 0;

	for (k = 0; k < l->npp; k++) {
		size_t at = l->ppoff[k];
		int depth = 0;

		if (at > l->t[f->bend].off)
			break;
		if (at < l->t[f->body].off)
			return 0;
		while (i < l->n && l->t[i].off < at)
			i++;
		/* i: the first token after the line; i - 1 is before it */
		if (!(is(l, i - 1, ";") || is(l, i - 1, "{") || is(l, i - 1, "}") ||
		      is(l, i - 1, ":")) || is(l, i, "else"))
			return 0;
		if (k + 1 == l->npp || l->ppoff[k + 1] > l->t[f->bend].off)
			break;
		for (; i < l->n && l->t[i].off < l->ppoff[k + 1]; i++) {
			if (is(l, i, "(") || is(l, i, "[") || is(l, i, "{"))
				depth++;
			else if (is(l, i, ")") || is(l, i, "]") || is(l, i, "}"))
				depth--;
			if (depth < 0)
				return 0;
		}
		if (depth)
			return 0;
	}
	return 1;
}

struct wb_fn *wb_fn_read(const char *buf, size_t from, size_t to, const char *func)
{
	struct wb_fn *f;
	struct glex *l;
	size_t i, s;

	if (!func || from >= to)
		return NULL;
	f = xcalloc(1, sizeof(*f));
	f->text = xstrndup(buf + from, to - from);
	f->from = from;
	l = &f->l;
	glex_run(l, f->text, 0, to - from);
	f->close = SIZE_MAX;
	/* the head: func ( params ) { */
	for (i = 0; i + 1 < l->n; i++)
		if (l->t[i].kind == T_ID && l->t[i].len == strlen(func) &&
		    !memcmp(l->buf + l->t[i].off, func, l->t[i].len) && is(l, i + 1, "(")) {
			f->open = i + 1;
			f->close = match(l, f->open, l->n);
			break;
		}
	if (f->close == SIZE_MAX || !is(l, f->close + 1, "{"))
		goto bad;
	f->body = f->close + 1;
	f->bend = match(l, f->body, l->n);
	if (f->bend == SIZE_MAX || !pp_ok(f))
		goto bad;
	/* the parameters: the last name of each, or the name of a function pointer */
	if (f->close == f->open + 2 && is(l, f->open + 1, "void"))
		return f;
	for (s = i = f->open + 1; i <= f->close; i++) {
		size_t last = SIZE_MAX, j;

		if (i < f->close && (is(l, i, "(") || is(l, i, "["))) {
			i = match(l, i, f->close);
			if (i == SIZE_MAX)
				goto bad;
			continue;
		}
		if (i < f->close && !is(l, i, ","))
			continue;
		if (i == s || f->np == 64)
			goto bad;
		for (j = s; j < i; j++) {
			if (is(l, j, "...")) {
				goto bad;
			} else if (is(l, j, "(")) {
				/* ( * name ) ( ... ) */
				if (!is(l, j + 1, "*") || l->t[j + 2].kind != T_ID || !is(l, j + 3, ")") ||
				    !is(l, j + 4, "(") || match(l, j + 4, i) != i - 1)
					goto bad;
				last = j + 2;
				break;
			} else if (is(l, j, "[")) {
				break;
			} else if (l->t[j].kind == T_ID) {
				last = j;
			}
		}
		if (last == SIZE_MAX)
			goto bad;
		f->pname[f->np++] = last;
		s = i + 1;
	}
	return f;
bad:
	wb_fn_free(f);
	return NULL;
}

size_t wb_fn_nparams(const struct wb_fn *f)
{
	return f->np;
}

uint64_t wb_fn_guard_mask(const struct wb_fn *f)
{
	const struct glex *l = &f->l;
	struct wb_guard any;
	uint64_t m = 0;
	size_t i, c;

	for (i = f->body; i + 1 < f->bend; i++)
		if (is(l, i, "if") && is(l, i + 1, "(") && (c = match(l, i + 1, f->bend)) != SIZE_MAX &&
		    cond_guard(&any, l, i + 2, c, f->pname, f->np, f->body, f->bend))
			m |= 1ull << any.param;	/* np <= 64 */
	return m;
}

/* The token of the call at buf[call], else SIZE_MAX. */
static size_t fn_tok(const struct wb_fn *f, size_t call)
{
	size_t lo = f->body, hi = f->bend;

	if (call < f->from)
		return SIZE_MAX;
	call -= f->from;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->l.t[mid].off < call)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->bend && f->l.t[lo].off == call && f->l.t[lo].kind == T_ID ? lo : SIZE_MAX;
}

size_t wb_fn_guards(struct wb_guard *out, size_t max, const struct wb_fn *f, size_t call)
{
	struct gparse p = { 0 };
	size_t n = 0, g;

	p.l = &f->l;
	p.target = fn_tok(f, call);
	if (p.target == SIZE_MAX)
		return 0;
	p.end = f->bend + 1;
	p.lastif = SIZE_MAX;
	stmt(&p, f->body, 0);	/* the body, a block */
	if (!p.bad)
		for (g = 0; g < p.ng && n < max; g++)
			if (cond_guard(&out[n], p.l, p.g[g].a, p.g[g].b, f->pname, f->np, f->body,
				       f->bend)) {
				out[n].holds ^= p.g[g].holds;
				n++;
			}
	free(p.g);
	return n;
}

/* The parameter named like token i, never assigned, else -1. */
static long fn_param(const struct wb_fn *f, size_t i)
{
	size_t k;

	for (k = 0; k < f->np; k++)
		if (same_tok(&f->l, f->pname[k], i))
			return modified(&f->l, i, f->body, f->bend) ? -1 : (long)k;
	return -1;
}

/*
 * Is the name at token i free in the function: no parameter, and every
 * use in the body a value (in an argument list, or the right of '='), so
 * no declaration of a local of that name?
 */
static int fn_free_name(const struct wb_fn *f, size_t i)
{
	const struct glex *l = &f->l;
	size_t k, *open = NULL, nopen = 0, alloc = 0;
	int ok = 1;

	for (k = 0; k < f->np; k++)
		if (same_tok(l, f->pname[k], i))
			return 0;
	for (k = f->body; k <= f->bend && ok; k++) {
		if (is(l, k, "(") || is(l, k, "[") || is(l, k, "{")) {
			WB_ALLOC_GROW(open, nopen + 1, alloc);
			open[nopen++] = k;
		} else if (is(l, k, ")") || is(l, k, "]") || is(l, k, "}")) {
			if (nopen)
				nopen--;
		} else if (same_tok(l, k, i)) {
			int in_args = nopen && is(l, open[nopen - 1], "(");

			if (!((is(l, k - 1, "(") || (is(l, k - 1, ",") && in_args)) &&
			      (is(l, k + 1, ")") || is(l, k + 1, ","))) &&
			    !(is(l, k - 1, "=") && (is(l, k + 1, ";") || is(l, k + 1, ",") ||
						    is(l, k + 1, "}"))))
				ok = 0;
		}
	}
	free(open);
	return ok;
}

static void src_push(struct wb_src **v, size_t *n, size_t *alloc, unsigned arg, const char *field,
		     size_t flen, int kind, unsigned param, const char *text, size_t tlen)
{
	WB_ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n].arg = arg;
	(*v)[*n].field = field ? xstrndup(field, flen) : NULL;
	(*v)[*n].kind = kind;
	(*v)[*n].param = param;
	(*v)[*n].text = text ? xstrndup(text, tlen) : NULL;
	(*v)[*n].nofields = 0;
	(*n)++;
}

/* The source of a value: a constant, a parameter, a free name at token i; 0 when none. */
static int value_src(const struct wb_fn *f, size_t i, unsigned *param)
{
	long k;

	if (is_const_tok(&f->l, i))
		return WB_SRC_CONST;
	if (f->l.t[i].kind != T_ID)
		return 0;
	k = fn_param(f, i);
	if (k >= 0) {
		*param = (unsigned)k;
		return WB_SRC_PARAM;
	}
	return fn_free_name(f, i) ? WB_SRC_NAME : 0;
}

/*
 * '&L' at token a, passed by the call at token call: the members of L's
 * designated initializer, when L is one local declared once as 'struct T
 * L = { .F = V, ... };' before the call and only read after (its members
 * read, the one '&L' this call's).
 */
static void local_fields(const struct wb_fn *f, size_t a, size_t call, unsigned arg,
			 struct wb_src **v, size_t *n, size_t *alloc)
{
	const struct glex *l = &f->l;
	size_t name = a + 1, k, decl = SIZE_MAX, init = SIZE_MAX, ie;

	for (k = f->body; k < f->bend; k++) {
		size_t e;

		if (!same_tok(l, k, name) || k == name)
			continue;
		if (is(l, k - 1, ".") || is(l, k - 1, "->"))
			continue;
		if (l->t[k - 1].kind == T_ID && is(l, k - 2, "struct") && is(l, k + 1, "=") &&
		    is(l, k + 2, "{")) {
			if (decl != SIZE_MAX)
				return;
			decl = k;
			init = k + 2;
			continue;
		}
		/* a read of a member: L.F..., not assigned, moved or taken the address of */
		if (is(l, k - 1, "&") || is(l, k - 1, "++") || is(l, k - 1, "--") ||
		    !is(l, k + 1, "."))
			return;
		for (e = k + 1; (is(l, e, ".") || is(l, e, "->")) && l->t[e + 1].kind == T_ID; e += 2)
			;
		if (is_assign_op(l, e) || is(l, e, "["))
			return;
	}
	if (decl == SIZE_MAX || decl > call)
		return;
	ie = match(l, init, f->bend);
	if (ie == SIZE_MAX || !is(l, ie + 1, ";"))
		return;
	/* .F = V, each; a V of one token is read, any other is not known */
	for (k = init + 1; k < ie;) {
		size_t e;
		unsigned param = 0;
		int kind;

		if (!is(l, k, ".") || l->t[k + 1].kind != T_ID || !is(l, k + 2, "="))
			return;
		for (e = k + 3; e < ie && !is(l, e, ","); e++)
			if (is(l, e, "(") || is(l, e, "[") || is(l, e, "{")) {
				e = match(l, e, ie);
				if (e == SIZE_MAX)
					return;
			}
		if (e == k + 4 && (kind = value_src(f, k + 3, &param)))
			src_push(v, n, alloc, arg, l->buf + l->t[k + 1].off, l->t[k + 1].len, kind,
				 param, l->buf + l->t[k + 3].off, l->t[k + 3].len);
		k = e + 1;
	}
}

int wb_fn_call_sources(struct wb_src **out, size_t *nout, size_t *nargs, const struct wb_fn *f,
		       size_t call)
{
	const struct glex *l = &f->l;
	size_t i, open, close, a, n = 0, alloc = 0;
	unsigned arg = 0;
	struct wb_src *v = NULL;

	*out = NULL;
	*nout = *nargs = 0;
	i = fn_tok(f, call);
	if (i == SIZE_MAX)
		return -1;
	/* name, or p->m.n */
	for (i++; i + 1 < f->bend && (is(l, i, "->") || is(l, i, ".")) && l->t[i + 1].kind == T_ID;
	     i += 2)
		;
	if (!is(l, i, "("))
		return -1;
	open = i;
	close = match(l, open, f->bend);
	if (close == SIZE_MAX || pp_between(l, open, close))
		return -1;
	if (close == open + 1)
		return 0;
	for (a = open + 1, i = open + 1; i <= close; i++) {
		if (i < close && (is(l, i, "(") || is(l, i, "[") || is(l, i, "{"))) {
			i = match(l, i, close);
			if (i == SIZE_MAX)
				goto bad;
			continue;
		}
		if (i == close || is(l, i, ",")) {
			unsigned param = 0;
			int kind;

			if (i == a + 1 && (kind = value_src(f, a, &param))) {
				src_push(&v, &n, &alloc, arg, NULL, 0, kind, param,
					 l->buf + l->t[a].off, l->t[a].len);
				v[n - 1].nofields = kind == WB_SRC_PARAM &&
						    fields_written(l, a, f->body, f->bend);
			}
			else if (i == a + 2 && is(l, a, "&") && l->t[a + 1].kind == T_ID)
				local_fields(f, a, open, arg, &v, &n, &alloc);
			arg++;
			a = i + 1;
		}
	}
	*out = v;
	*nout = n;
	*nargs = arg;
	return 0;
bad:
	wb_src_free(v, n);
	return -1;
}

void wb_src_free(struct wb_src *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].field);
		free(v[i].text);
	}
	free(v);
}

int wb_file_defines(const char *buf, size_t len, const char *name)
{
	struct glex l = { 0 };
	size_t i, c, nlen = strlen(name);
	int depth = 0, found = 0;

	glex_run(&l, buf, 0, len);
	/* a preprocessor line that names it may define it otherwise ('#define fn NULL') */
	for (i = 0; i < l.npp; i++) {
		const char *p = buf + l.ppoff[i], *e = memchr(p, '\n', len - l.ppoff[i]);

		if (!e)
			e = buf + len;
		for (; p + nlen <= e; p++)
			if (!memcmp(p, name, nlen) &&
			    (p == buf + l.ppoff[i] || !(isalnum((unsigned char)p[-1]) || p[-1] == '_')) &&
			    (p + nlen == e || !(isalnum((unsigned char)p[nlen]) || p[nlen] == '_')))
				goto done;
	}
	for (i = 0; i < l.n && !found; i++) {
		if (is(&l, i, "{")) {
			depth++;
		} else if (is(&l, i, "}")) {
			depth--;
		} else if (!depth && l.t[i].kind == T_ID && l.t[i].len == nlen &&
			   !memcmp(buf + l.t[i].off, name, nlen) && is(&l, i + 1, "(") &&
			   !is(&l, i - 1, "*") && !is(&l, i - 1, "(")) {
			c = match(&l, i + 1, l.n);
			found = c != SIZE_MAX && is(&l, c + 1, "{");
		}
	}
done:
	free(l.t);
	free(l.ppoff);
	return found;
}

static int number(const char *s, unsigned long long *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return 0;
	*v = strtoull(s, &end, 0);
	while (*end == 'u' || *end == 'U' || *end == 'l' || *end == 'L')
		end++;
	return *end == '\0';
}

/* A number, or NULL (the C library's null pointer constant): 1 and *v. */
static int number_or_null(const char *s, unsigned long long *v)
{
	if (!strcmp(s, "NULL")) {
		*v = 0;
		return 1;
	}
	return number(s, v);
}

int wb_guard_excludes(const struct wb_guard *g, const char *arg)
{
	unsigned long long x, y;
	int na, nk, same;

	if (g->op == WB_GUARD_TRUE) {
		if (arg && !number_or_null(arg, &x))
			return 0;	/* a name not read as a number */
		/* the condition's value, against what the call needs */
		return (!arg || x != 0) != g->holds;
	}
	nk = number_or_null(g->k, &y);
	if (!arg) {
		/* a pointer that is not null against 0: never equal */
		if (!nk || y != 0)
			return 0;
		same = 0;
	} else {
		na = number_or_null(arg, &x);
		if (na && nk)
			same = x == y;
		else if (!na && !nk && !strcmp(arg, g->k))
			same = 1;
		else
			return 0;	/* two names (one may be defined as the other), or a name against a number */
	}
	return (g->op == WB_GUARD_EQ ? same : !same) != g->holds;
}

int wb_define_value(const char *buf, size_t len, const char *name, unsigned long long *v)
{
	const char *val;
	size_t pos = 0, n;
	int found = 0;

	while ((val = wb_define_next(buf, len, name, &pos, &n))) {
		char num[32];
		size_t k = 0, p = 0;
		unsigned long long x;

		while (p < n && (val[p] == ' ' || val[p] == '\t'))
			p++;
		while (p < n && k + 1 < sizeof(num) && isalnum((unsigned char)val[p]))
			num[k++] = val[p++];
		num[k] = '\0';
		while (p < n && (val[p] == ' ' || val[p] == '\t'))
			p++;
		/* only a bare number, maybe with a comment after it */
		if (!k || !number(num, &x) ||
		    (p < n && !(n - p >= 2 && val[p] == '/' && (val[p + 1] == '/' || val[p + 1] == '*'))))
			return -1;
		if (found && x != *v)
			return -1;
		*v = x;
		found = 1;
	}
	return found;
}
