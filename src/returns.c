// SPDX-License-Identifier: GPL-2.0
#include "returns.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A function that returns a primitive's result, and what its callers do with it. */
struct target {
	char *name;
	long file;		/* static in a .c file: only callers in this file count */
	unsigned depth;		/* 0: returns the primitive's result itself */
	size_t ncallers, ncount, nerror, nignored;
	char *at;		/* PATH:LINE of the first caller */
	/* callers that return it again: their targets, decided first */
	size_t *up;
	size_t nup, upalloc;
	const char *cls;	/* decided: "count", "error-only", "ignored"; NULL: not */
	int state;		/* 0 new, 1 deciding, 2 decided */
};

struct targets {
	struct target *v;
	size_t n, alloc;
};

static const char *class_count = "count", *class_error = "error-only", *class_ignored = "ignored";

static long find_target(const struct targets *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].name, name))
			return (long)i;
	return -1;
}

static int is_static_c(const struct wb_audit *a, const struct wb_node *n)
{
	const char *p = a->idx->files[n->file].path;
	size_t l = strlen(p);

	return (n->func_flags & WB_FUNC_STATIC) && l > 2 && !strcmp(p + l - 2, ".c");
}

/* The function named by the evidence's 'use=returned func=F', or NULL (owned). */
static char *returned_by(const struct wb_verdict *v)
{
	size_t i;

	for (i = 0; i < v->nevidence; i++) {
		const struct wb_fact *f = v->evidence[i];
		char *use, *func;

		if (strncmp(f->text, "result ", 7))
			continue;
		use = wb_fact_get(f, "use");
		func = use && !strcmp(use, "returned") ? wb_fact_get(f, "func") : NULL;
		free(use);
		if (func && strcmp(func, "?"))
			return func;
		free(func);
	}
	return NULL;
}

static long add_target(struct targets *t, const struct wb_audit *a, const struct wb_node *n,
		       char *name, unsigned depth)
{
	long i = find_target(t, name);

	if (i >= 0) {
		free(name);
		return i;
	}
	WB_ALLOC_GROW(t->v, t->n + 1, t->alloc);
	memset(&t->v[t->n], 0, sizeof(t->v[t->n]));
	t->v[t->n].name = name;
	t->v[t->n].file = is_static_c(a, n) ? (long)a->idx->files[n->file].uniq : -1;
	t->v[t->n].depth = depth;
	return (long)t->n++;
}

static const char *decide(struct targets *t, size_t i)
{
	struct target *g = &t->v[i];
	size_t k, count = g->ncount, error = g->nerror, ignored = g->nignored;

	if (g->state == 2)
		return g->cls;
	if (g->state == 1)
		return NULL;	/* a cycle: its other callers decide */
	g->state = 1;
	for (k = 0; k < g->nup; k++) {
		const char *c = decide(t, g->up[k]);

		/* t->v does not move while deciding */
		if (c == class_count)
			count++;
		else if (c == class_error)
			error++;
		else if (c == class_ignored)
			ignored++;
	}
	g = &t->v[i];
	g->cls = count ? class_count : error ? class_error : ignored ? class_ignored : NULL;
	g->state = 2;
	return g->cls;
}

/* The callers of the targets [first, n): tallied, and the ones that return it again added. */
static int follow_round(struct targets *t, size_t first, const struct wb_audit *a,
			const struct wb_classify_opts *opts, char *rule)
{
	struct wb_check sub = *a->check;
	struct wb_classify_opts so = *opts;
	struct wb_classification sc;
	struct wb_audit sa;
	size_t n = t->n, i, q, k;
	char **names = xcalloc(n - first + 1, sizeof(*names));
	int ret;

	for (i = first; i < n; i++)
		names[i - first] = t->v[i].name;
	/* the rule that said 'returned', the targets as the primitives, no wrappers, no notes */
	if (rule) {
		sub.rules = &rule;
		sub.nrules = 1;
	}
	sub.primitives = names;
	sub.nprimitives = n - first;
	sub.wrappers = NULL;
	sub.nwrappers = 0;
	sub.notes = NULL;
	so.notes_path = NULL;
	wb_audit_run(&sa, a->idx, &sub, 0);
	ret = wb_classify(&sc, &sa, &so);
	if (ret < 0) {
		wb_classification_release(&sc);
		wb_audit_release(&sa);
		free(names);
		return -1;
	}
	for (q = 0; q < sa.nqueries; q++) {
		long ti;

		if (!sa.queries[q].is_root)
			continue;
		ti = find_target(t, sa.queries[q].name);
		if (ti < 0)
			continue;
		for (k = 0; k < sa.queries[q].nnodes; k++) {
			const struct wb_node *nd = &sa.queries[q].nodes[k];
			const struct wb_verdict *v = &sc.v[q][k];
			struct target *g = &t->v[ti];
			char *up;

			if (nd->kind != WB_SITE_CALL || !wb_node_judged(nd))
				continue;
			if (g->file >= 0 && (long)a->idx->files[nd->file].uniq != g->file)
				continue;
			g->ncallers++;
			if (!g->at) {
				struct strbuf sb = STRBUF_INIT;

				strbuf_addf(&sb, "%s:%u", a->idx->files[nd->file].path, nd->line);
				g->at = strbuf_detach(&sb, NULL);
			}
			up = returned_by(v);
			if (up && g->depth + 1 < WB_RETURNS_DEPTH && nd->func) {
				long u = add_target(t, a, nd, up, g->depth + 1);

				g = &t->v[ti];	/* add_target() may move t->v */
				WB_ALLOC_GROW(g->up, g->nup + 1, g->upalloc);
				g->up[g->nup++] = (size_t)u;
				continue;
			}
			free(up);
			if (!strcmp(v->analysis, class_count))
				g->ncount++;
			else if (!strcmp(v->analysis, class_error))
				g->nerror++;
			else if (!strcmp(v->analysis, class_ignored))
				g->nignored++;
		}
	}
	wb_classification_release(&sc);
	wb_audit_release(&sa);
	free(names);
	return 0;
}

/* ---- an iovec array handed to a helper ------------------------------------ */

static int ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* Offset of line (1-based) in data, or len. */
static size_t line_offset(const char *data, size_t len, uint32_t line)
{
	size_t k = 0;

	while (line > 1 && k < len) {
		const char *nl = memchr(data + k, '\n', len - k);

		if (!nl)
			return len;
		k = (size_t)(nl - data) + 1;
		line--;
	}
	return k;
}

/*
 * What the function defined at [b, e) of data does with its parameter
 * number arg: "transferred" (and the field) when it stores it in a struct
 * field ('x->f = param;'), "frees-returned" when it frees it, else "none";
 * NULL when the parameter list cannot be read.
 */
static const char *helper_does(const char *data, size_t b, size_t e, const char *name,
			       unsigned arg, char *field, size_t fsize)
{
	size_t k = b, nl = strlen(name), d, pstart, pname = 0, plen = 0, body;
	unsigned i = 0;

	/* the name, then its parameter list */
	for (; k + nl < e; k++)
		if (!memcmp(data + k, name, nl) && (k == b || !ident_char(data[k - 1])) &&
		    !ident_char(data[k + nl]))
			break;
	for (k += nl; k < e && data[k] != '('; k++)
		;
	if (k >= e)
		return NULL;
	pstart = ++k;
	for (d = 0; k < e; k++) {
		char c = data[k];

		if (c == '(' || c == '[')
			d++;
		else if ((c == ')' || c == ']') && d)
			d--;
		else if ((c == ',' || c == ')') && !d) {
			if (i == arg) {
				size_t q = k;

				while (q > pstart && !ident_char(data[q - 1]))
					q--;
				pname = q;
				while (pname > pstart && ident_char(data[pname - 1]))
					pname--;
				plen = q - pname;
			}
			i++;
			pstart = k + 1;
			if (c == ')')
				break;
		}
	}
	if (!plen || k >= e)
		return NULL;
	body = k;
	/* every use of the parameter in the body */
	for (k = body; k + plen <= e; k++) {
		size_t a, q;

		if (memcmp(data + k, data + pname, plen) || ident_char(data[k - 1]) ||
		    ident_char(data[k + plen]))
			continue;
		/* 'x->f = param;' or 'x.f = param;' */
		for (q = k + plen; q < e && (data[q] == ' ' || data[q] == '\t'); q++)
			;
		a = k;
		while (a > body && (data[a - 1] == ' ' || data[a - 1] == '\t'))
			a--;
		if (q < e && data[q] == ';' && a > body && data[a - 1] == '=' && !strchr("=!<>", data[a - 2])) {
			size_t fe, fb;

			fe = a - 1;
			while (fe > body && (data[fe - 1] == ' ' || data[fe - 1] == '\t'))
				fe--;
			fb = fe;
			while (fb > body && ident_char(data[fb - 1]))
				fb--;
			if (fb < fe && fb > body &&
			    (data[fb - 1] == '.' || (fb > body + 1 && data[fb - 1] == '>' && data[fb - 2] == '-'))) {
				size_t n = fe - fb < fsize ? fe - fb : fsize - 1;

				memcpy(field, data + fb, n);
				field[n] = 0;
				return "transferred";
			}
		}
		/* kfree(param) */
		a = k;
		while (a > body && (data[a - 1] == ' ' || data[a - 1] == '\t'))
			a--;
		if (a > body && data[a - 1] == '(') {
			size_t fe = a - 1, fb;

			while (fe > body && (data[fe - 1] == ' ' || data[fe - 1] == '\t'))
				fe--;
			fb = fe;
			while (fb > body && ident_char(data[fb - 1]))
				fb--;
			if ((fe - fb == 5 && !memcmp(data + fb, "kfree", 5)) ||
			    (fe - fb == 6 && !memcmp(data + fb, "kvfree", 6)))
				return "frees-returned";
		}
	}
	return "none";
}

/* For each verdict whose array is handed to a helper: what the helper does, as a fact. */
static void resolve_handed(struct wb_classification *c, const struct wb_audit *a,
			   struct wb_fact *out, size_t *nout, size_t cap)
{
	struct wb_blob_cursor blobs = WB_BLOB_CURSOR_INIT(a->idx);
	size_t q, k, e;

	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++) {
			const struct wb_node *n = &a->queries[q].nodes[k];
			struct wb_verdict *v = &c->v[q][k];
			const struct wb_index_file *file = &a->idx->files[n->file];

			if (!wb_node_judged(n))
				continue;
			for (e = 0; e < v->nevidence && *nout < cap; e++) {
				const struct wb_fact *f = v->evidence[e];
				char *how = wb_fact_get(f, "how"), *helper = NULL, *arg = NULL, *call;
				const char *does = NULL, *data;
				char field[64] = "";
				size_t len;
				uint32_t fi;

				if (strncmp(f->text, "owner ", 6) || !how || strcmp(how, "handed")) {
					free(how);
					continue;
				}
				helper = wb_fact_get(f, "helper");
				arg = wb_fact_get(f, "arg");
				call = wb_fact_get(f, "call");
				for (fi = 0; helper && arg && file->has_rec && fi < file->rec.nfuncs; fi++) {
					const struct wb_scan_func *fn = &file->rec.funcs[fi];
					size_t b, end;

					if (fn->kind != WB_FUNC_C || strcmp(wb_record_str(&file->rec, fn->name), helper))
						continue;
					if (wb_blob_cursor_data(&blobs, n->file, &data, &len) < 0)
						break;
					b = line_offset(data, len, fn->line);
					end = line_offset(data, len, fn->end_line + 1);
					does = helper_does(data, b, end, helper, (unsigned)strtoul(arg, NULL, 10),
							   field, sizeof(field));
					break;
				}
				if (does) {
					struct strbuf sb = STRBUF_INIT;
					struct wb_fact *nf = &out[(*nout)++];

					strbuf_addf(&sb, "owner call=%s how=%s at=%u via=%s%s%s", call ? call : "?",
						    does, f->line, helper, field[0] ? " field=" : "", field);
					nf->rule = xstrdup(f->rule);
					nf->file = f->file;
					nf->line = f->line;
					nf->col = f->col;
					nf->text = strbuf_detach(&sb, NULL);
					v->evidence = xrealloc(v->evidence,
							       (v->nevidence + 1) * sizeof(*v->evidence));
					v->evidence[v->nevidence++] = nf;
				}
				free(how);
				free(helper);
				free(arg);
				free(call);
			}
		}
	wb_blob_cursor_release(&blobs);
}

/* A fact's rule as the check names it: the file name without .cocci (owned). */
static char *rule_name(const char *rule)
{
	const char *b = strrchr(rule, '/');
	size_t n;

	b = b ? b + 1 : rule;
	n = strlen(b);
	if (n > 6 && !strcmp(b + n - 6, ".cocci"))
		n -= 6;
	return xstrndup(b, n);
}

static const char *intern(const struct wb_check *check, const char *cls)
{
	size_t i;

	for (i = 0; i < check->nclasses; i++)
		if (!strcmp(check->classes[i], cls))
			return check->classes[i];
	return NULL;
}

int wb_follow_returns(struct wb_classification *c, const struct wb_audit *a,
		      const struct wb_classify_opts *opts)
{
	struct targets t = { NULL, 0, 0 };
	size_t q, k, i, first = 0, nfacts = 0, cap = 0;
	struct wb_verdict **vs = NULL;
	size_t nvs = 0, vsalloc = 0;
	char *rule = NULL;
	int ret = 0;

	if (!c->cocci_ran)
		return 0;
	/* room for every fact made here: the evidence points into the array */
	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++)
			cap += c->v[q][k].nevidence;
	c->followed.facts = xcalloc(cap + 1, sizeof(*c->followed.facts));
	resolve_handed(c, a, c->followed.facts, &nfacts, cap);
	c->followed.n = nfacts;
	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++) {
			const struct wb_node *n = &a->queries[q].nodes[k];
			char *f;

			if (!wb_node_judged(n) || !n->func || !(f = returned_by(&c->v[q][k])))
				continue;
			add_target(&t, a, n, f, 0);
			for (i = 0; !rule && i < c->v[q][k].nevidence; i++)
				if (!strncmp(c->v[q][k].evidence[i]->text, "result ", 7))
					rule = rule_name(c->v[q][k].evidence[i]->rule);
			WB_ALLOC_GROW(vs, nvs + 1, vsalloc);
			vs[nvs++] = &c->v[q][k];
		}
	while (first < t.n && ret == 0) {
		size_t n = t.n;

		ret = follow_round(&t, first, a, opts, rule);
		first = n;
	}
	if (ret < 0)
		goto out;
	for (i = 0; i < t.n; i++)
		decide(&t, i);
	for (i = 0; i < nvs && nfacts < cap; i++) {
		struct wb_verdict *v = vs[i];
		char *f = returned_by(v);
		long ti = find_target(&t, f);
		const struct target *g = ti >= 0 ? &t.v[ti] : NULL;
		const char *cls = g && g->cls ? intern(a->check, g->cls) : NULL;
		const struct wb_fact *src = v->evidence[0];
		struct wb_fact *nf;
		struct strbuf sb = STRBUF_INIT;
		size_t e;

		free(f);
		for (e = 0; e < v->nevidence; e++)
			if (!strncmp(v->evidence[e]->text, "result ", 7))
				src = v->evidence[e];
		if (!cls)
			continue;
		nf = &c->followed.facts[nfacts++];
		nf->rule = xstrdup(src->rule);
		nf->file = src->file;
		nf->line = src->line;
		nf->col = src->col;
		strbuf_addf(&sb, "returned-to callers=%zu count=%zu error-only=%zu ignored=%zu "
			    "returning=%zu at=%s", g->ncallers, g->ncount, g->nerror, g->nignored, g->nup,
			    g->at ? g->at : "?");
		nf->text = strbuf_detach(&sb, NULL);
		v->evidence = xrealloc(v->evidence, (v->nevidence + 1) * sizeof(*v->evidence));
		v->evidence[v->nevidence++] = nf;
		if (v->from_notes) {
			int was = v->disagrees;

			v->analysis = cls;
			v->disagrees = strcmp(v->analysis, v->cls) != 0;
			c->ndisagree = c->ndisagree - (size_t)was + (size_t)v->disagrees;
		} else {
			v->analysis = v->cls = cls;
		}
	}
	c->followed.n = nfacts;
out:
	for (i = 0; i < t.n; i++) {
		free(t.v[i].name);
		free(t.v[i].at);
		free(t.v[i].up);
	}
	free(t.v);
	free(vs);
	free(rule);
	return ret;
}
