// SPDX-License-Identifier: GPL-2.0
/*
 * Guards of a call on its function's parameters, read from the text of the
 * function: a small lexer and a statement parser that knows compound
 * statements, if/else, loops, switch, labels and expression statements.
 * Whatever it does not read with certainty gives no guard.
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

/* Lexes buf[from..to); with stop, only up to the ')' closing the first '('. */
static void glex_run_stop(struct glex *l, const char *buf, size_t from, size_t to, int stop)
{
	size_t i = from;
	int bol = 1, depth = 0;

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
		if (stop && c == '(')
			depth++;
		else if (stop && c == ')' && --depth <= 0)
			break;
		else if (stop && !depth && (c == ';' || c == '{'))
			break;
	}
}

static void glex_run(struct glex *l, const char *buf, size_t from, size_t to)
{
	glex_run_stop(l, buf, from, to, 0);
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

static size_t stmt(struct gparse *p, size_t i, unsigned level);

static void under(struct gparse *p, size_t ca, size_t cb, size_t from, size_t to, int holds)
{
	if (p->target < from || p->target >= to || cb <= ca)
		return;
	if (has_label(p->l, from, to))
		return;		/* a goto may come in */
	WB_ALLOC_GROW(p->g, p->ng + 1, p->galloc);
	p->g[p->ng].a = ca;
	p->g[p->ng].b = cb;
	p->g[p->ng++].holds = holds;
}

static size_t stmt(struct gparse *p, size_t i, unsigned level)
{
	const struct glex *l = p->l;
	size_t c, j;

	if (p->bad || i >= p->end || level > 200)
		goto bad;
	if (is(l, i, "{")) {
		j = i + 1;
		while (!p->bad && j < p->end && !is(l, j, "}"))
			j = stmt(p, j, level + 1);
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
		under(p, i + 2, c, c + 1, te, 1);
		if (!is(l, te, "else"))
			return te;
		ee = stmt(p, te + 1, level + 1);
		if (p->bad)
			goto bad;
		under(p, i + 2, c, te + 1, ee, 0);
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

/* Is the parameter named by token i assigned, moved or taken the address of in a..b? */
static int modified(const struct glex *l, size_t name, size_t a, size_t b)
{
	static const char *const ops[] = {
		"=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "++", "--",
	};
	size_t i, k;

	for (i = a; i < b; i++) {
		if (l->t[i].kind != T_ID || l->t[i].len != l->t[name].len ||
		    memcmp(l->buf + l->t[i].off, l->buf + l->t[name].off, l->t[i].len))
			continue;
		if (is(l, i - 1, ".") || is(l, i - 1, "->"))
			continue;	/* a member of that name */
		if (is(l, i - 1, "&") || is(l, i - 1, "++") || is(l, i - 1, "--"))
			return 1;
		for (k = 0; k < sizeof(ops) / sizeof(*ops); k++)
			if (is(l, i + 1, ops[k]))
				return 1;
	}
	return 0;
}

static void tokcpy(char *out, size_t n, const struct glex *l, size_t i)
{
	size_t len = l->t[i].len < n - 1 ? l->t[i].len : n - 1;

	memcpy(out, l->buf + l->t[i].off, len);
	out[len] = '\0';
}

/*
 * Is tokens a..b of l 'P == K' or 'P != K' (maybe in parentheses, either
 * way round), P one of the parameters pname[0..np) never changed in the
 * body?  Fills g but its holds.
 */
static int cond_guard(struct wb_guard *g, const struct glex *l, size_t a, size_t b,
		      const size_t *pname, size_t np, size_t body, size_t bend)
{
	size_t id, k, op, i;

	if (b <= a)
		return 0;
	while (b - a >= 3 && is(l, a, "(") && match(l, a, b) == b - 1) {
		a++;
		b--;
	}
	if (b - a != 3 || !(is(l, a + 1, "==") || is(l, a + 1, "!=")))
		return 0;
	op = a + 1;
	if (l->t[a].kind == T_ID && is_const_tok(l, a + 2) && !is_const_tok(l, a)) {
		id = a;
		k = a + 2;
	} else if (l->t[a + 2].kind == T_ID && is_const_tok(l, a) && !is_const_tok(l, a + 2)) {
		id = a + 2;
		k = a;
	} else {
		return 0;
	}
	for (i = 0; i < np; i++)
		if (l->t[pname[i]].len == l->t[id].len &&
		    !memcmp(l->buf + l->t[pname[i]].off, l->buf + l->t[id].off, l->t[id].len))
			break;
	if (i == np || l->t[k].len >= WB_GUARD_K || modified(l, id, body, bend))
		return 0;
	g->param = (unsigned)i;
	g->nparams = (unsigned)np;
	g->eq = is(l, op, "==");
	tokcpy(g->k, sizeof(g->k), l, k);
	return 1;
}

size_t wb_guards_of_call(struct wb_guard *out, size_t max, const char *buf, size_t from, size_t to,
			 size_t call, const char *func)
{
	struct glex l = { 0 };
	struct gparse p = { 0 };
	size_t i, open = SIZE_MAX, close = SIZE_MAX, body, bend, n = 0, g;
	size_t pname[64], np = 0, start;

	if (!func || from >= to || (call != SIZE_MAX && (call >= to || call < from)))
		return 0;
	glex_run(&l, buf, from, to);
	if (l.pp)
		goto done;
	/* the head: func ( params ) { */
	for (i = 0; i + 1 < l.n; i++)
		if (l.t[i].kind == T_ID && l.t[i].len == strlen(func) &&
		    !memcmp(buf + l.t[i].off, func, l.t[i].len) && is(&l, i + 1, "(")) {
			open = i + 1;
			close = match(&l, open, l.n);
			break;
		}
	if (close == SIZE_MAX || !is(&l, close + 1, "{"))
		goto done;
	body = close + 1;
	bend = match(&l, body, l.n);
	if (bend == SIZE_MAX)
		goto done;
	/* the parameters: the last name of each */
	if (!(close == open + 2 && is(&l, open + 1, "void"))) {
		size_t last_id = SIZE_MAX;

		for (i = open + 1; i <= close; i++) {
			if (i == close || is(&l, i, ",")) {
				if (last_id == SIZE_MAX || np == 64 || (i == close && i == open + 1))
					goto done;
				pname[np++] = last_id;
				last_id = SIZE_MAX;
			} else if (is(&l, i, "(") || is(&l, i, "[") || is(&l, i, "...")) {
				goto done;	/* function pointers, arrays, varargs: not read */
			} else if (l.t[i].kind == T_ID) {
				last_id = i;
			}
		}
	}
	if (call == SIZE_MAX) {
		/* is there any such condition? */
		struct wb_guard any;

		for (i = body; i + 1 < bend && !n; i++)
			if (is(&l, i, "if") && is(&l, i + 1, "(") &&
			    (g = match(&l, i + 1, bend)) != SIZE_MAX &&
			    cond_guard(&any, &l, i + 2, g, pname, np, body, bend))
				n = 1;
		goto done;
	}
	/* the call's token */
	for (i = body; i < bend; i++)
		if (l.t[i].off == call)
			break;
	if (i >= bend || l.t[i].kind != T_ID)
		goto done;
	p.l = &l;
	p.target = i;
	p.end = bend;
	start = body + 1;
	while (!p.bad && start < bend)
		start = stmt(&p, start, 0);
	if (p.bad)
		goto done;
	for (g = 0; g < p.ng && n < max; g++)
		if (cond_guard(&out[n], &l, p.g[g].a, p.g[g].b, pname, np, body, bend)) {
			out[n].holds = p.g[g].holds;
			n++;
		}
done:
	free(l.t);
	free(p.g);
	return n;
}

int wb_call_const_args(char ***args, size_t *nargs, const char *buf, size_t to, size_t call)
{
	struct glex l = { 0 };
	size_t i, open, close, a, n = 0, alloc = 0;
	char **v = NULL;
	int ret = -1;

	*args = NULL;
	*nargs = 0;
	if (call >= to)
		return -1;
	glex_run_stop(&l, buf, call, to, 1);
	if (!l.n || l.t[0].kind != T_ID || l.pp)
		goto done;
	/* name, or p->m.n */
	for (i = 1; i + 1 < l.n && (is(&l, i, "->") || is(&l, i, ".")) && l.t[i + 1].kind == T_ID;
	     i += 2)
		;
	if (!is(&l, i, "("))
		goto done;
	open = i;
	close = match(&l, open, l.n);
	if (close == SIZE_MAX)
		goto done;
	if (close == open + 1) {
		ret = 0;
		goto done;
	}
	for (a = open + 1, i = open + 1; i <= close; i++) {
		if (i < close && (is(&l, i, "(") || is(&l, i, "[") || is(&l, i, "{"))) {
			i = match(&l, i, close);
			if (i == SIZE_MAX)
				goto done;
			continue;
		}
		if (i == close || is(&l, i, ",")) {
			WB_ALLOC_GROW(v, n + 1, alloc);
			v[n++] = i == a + 1 && is_const_tok(&l, a) ?
					 xstrndup(buf + l.t[a].off, l.t[a].len) : NULL;
			a = i + 1;
		}
	}
	ret = 0;
done:
	if (ret < 0) {
		for (i = 0; i < n; i++)
			free(v[i]);
		free(v);
		v = NULL;
		n = 0;
	}
	*args = v;
	*nargs = n;
	free(l.t);
	return ret;
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

int wb_guard_excludes(const struct wb_guard *g, const char *arg)
{
	unsigned long long x, y;
	int na, nk, same;

	if (!arg)
		return 0;
	na = number(arg, &x);
	nk = number(g->k, &y);
	if (na != nk) {
		if (isdigit((unsigned char)*arg) || isdigit((unsigned char)*g->k))
			return 0;	/* a name against a number: not known */
	}
	if (na && nk)
		same = x == y;
	else if (!isdigit((unsigned char)*arg) && !isdigit((unsigned char)*g->k) &&
		 !strcmp(arg, g->k))
		same = 1;
	else
		return 0;	/* two names (one may be defined as the other), or a number not read */
	/* the condition's value, against what the call needs */
	return (g->eq ? same : !same) != g->holds;
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
