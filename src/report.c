// SPDX-License-Identifier: GPL-2.0
#include "report.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/*
 * One traversal serves the text, the JSON and the counts, so that what is
 * counted is exactly what is shown: each wrapper's callers are expanded at
 * its first appearance; later appearances point back; a chain that comes
 * back to itself stops.
 */
enum expand { EXPAND, SHOWN_ABOVE, RECURSION, NO_EXPAND };

struct walker {
	const struct wb_audit *a;
	char *expanded;		/* per query */
	char *on_stack;
	void (*visit)(struct walker *w, const struct wb_node *n, unsigned level,
		      enum expand how, void *data);
	void (*leave)(struct walker *w, const struct wb_node *n, unsigned level,
		      enum expand how, void *data);
	void (*empty)(struct walker *w, unsigned level, void *data);
	void *data;
};

static void walk_query(struct walker *w, long qi, unsigned level)
{
	const struct wb_query *q = &w->a->queries[qi];
	size_t k;

	w->on_stack[qi] = 1;
	w->expanded[qi] = 1;
	if (!q->nnodes && w->empty)
		w->empty(w, level, w->data);
	for (k = 0; k < q->nnodes; k++) {
		const struct wb_node *n = &q->nodes[k];
		enum expand how = NO_EXPAND;

		if (n->query >= 0) {
			if (w->on_stack[n->query])
				how = RECURSION;
			else if (w->expanded[n->query])
				how = SHOWN_ABOVE;
			else
				how = EXPAND;
		}
		w->visit(w, n, level, how, w->data);
		if (how == EXPAND)
			walk_query(w, n->query, level + 1);
		if (w->leave)
			w->leave(w, n, level, how, w->data);
	}
	w->on_stack[qi] = 0;
}

static int root_shown(const struct wb_query *q)
{
	return q->is_root && !q->nested && q->nnodes;
}

static void walk(const struct wb_audit *a, struct walker *w,
		 void (*root)(struct walker *w, const struct wb_query *q, void *data),
		 void (*root_end)(struct walker *w, const struct wb_query *q, void *data))
{
	size_t i;

	w->a = a;
	w->expanded = xcalloc(a->nqueries + 1, 1);
	w->on_stack = xcalloc(a->nqueries + 1, 1);
	for (i = 0; i < a->nqueries; i++) {
		const struct wb_query *q = &a->queries[i];

		if (!root_shown(q))
			continue;
		if (root)
			root(w, q, w->data);
		walk_query(w, (long)i, 1);
		if (root_end)
			root_end(w, q, w->data);
	}
	/* roots reached only through a cycle of nested roots */
	for (i = 0; i < a->nqueries; i++) {
		const struct wb_query *q = &a->queries[i];

		if (!q->is_root || !q->nested || !q->nnodes || w->expanded[i])
			continue;
		if (root)
			root(w, q, w->data);
		walk_query(w, (long)i, 1);
		if (root_end)
			root_end(w, q, w->data);
	}
	free(w->expanded);
	free(w->on_stack);
}

/* ---- counts ------------------------------------------------------------- */

struct count_data {
	struct wb_audit_counts *c;
	struct wb_nameset *funcs, *wrappers;
	const struct wb_index *idx;
};

static void count_visit(struct walker *w, const struct wb_node *n, unsigned level,
			enum expand how, void *data)
{
	struct count_data *d = data;
	struct strbuf key = STRBUF_INIT;

	(void)w;
	(void)level;
	(void)how;
	if (n->kind == WB_SITE_REF) {
		d->c->references++;
		return;
	}
	d->c->call_sites++;
	if (!n->func)
		return;
	strbuf_addf(&key, "%s\n%s\n%u", d->idx->files[n->file].path, n->func, n->func_line);
	if (wb_nameset_add(d->funcs, key.buf, key.len))
		d->c->functions++;
	if (n->wrapper != WB_NOT_WRAPPER && wb_nameset_add(d->wrappers, key.buf, key.len)) {
		d->c->wrappers++;
		if (n->wrapper == WB_WRAPPER_LISTED)
			d->c->wrappers_listed++;
		else
			d->c->wrappers_detected++;
	}
	strbuf_release(&key);
}

void wb_audit_count(const struct wb_audit *a, struct wb_audit_counts *out)
{
	struct count_data d = { out, wb_nameset_new(), wb_nameset_new(), a->idx };
	struct walker w = { .visit = count_visit, .data = &d };

	memset(out, 0, sizeof(*out));
	out->files = a->idx->nfiles;
	walk(a, &w, NULL, NULL);
	wb_nameset_free(d.funcs);
	wb_nameset_free(d.wrappers);
}

/* ---- text --------------------------------------------------------------- */

#define NAME_COLUMNS 40

struct text_data {
	FILE *out;
	const struct wb_index *idx;
};

static void text_root(struct walker *w, const struct wb_query *q, void *data)
{
	struct text_data *d = data;

	(void)w;
	fprintf(d->out, "%s()\n", q->name);
}

static void text_empty(struct walker *w, unsigned level, void *data)
{
	struct text_data *d = data;

	(void)w;
	fprintf(d->out, "%*s(no callers)\n", (int)(4 * level), "");
}

static void text_visit(struct walker *w, const struct wb_node *n, unsigned level,
		       enum expand how, void *data)
{
	struct text_data *d = data;
	struct strbuf name = STRBUF_INIT, notes = STRBUF_INIT;
	int indent = (int)(4 * level), width = NAME_COLUMNS - indent;

	(void)w;
	if (n->func)
		strbuf_addf(&name, "%s()", n->func);
	else
		strbuf_addstr(&name, "(file scope)");
	if (width < (int)name.len + 1)
		width = (int)name.len + 1;
	if (n->kind == WB_SITE_REF)
		strbuf_addstr(&notes, ", reference");
	if (n->wrapper == WB_WRAPPER_LISTED)
		strbuf_addstr(&notes, ", wrapper, listed");
	else if (n->wrapper == WB_WRAPPER_DETECTED)
		strbuf_addstr(&notes, ", wrapper, detected");
	if (n->func && n->func_kind == WB_FUNC_MACRO)
		strbuf_addstr(&notes, ", macro");
	if (how == SHOWN_ABOVE)
		strbuf_addstr(&notes, ", callers above");
	else if (how == RECURSION)
		strbuf_addstr(&notes, ", recursion");
	fprintf(d->out, "%*s%-*s%s:%u", indent, "", width, name.buf,
		d->idx->files[n->file].path, n->line);
	if (notes.len)
		fprintf(d->out, "  [%s]", notes.buf + 2);
	fputc('\n', d->out);
	strbuf_release(&name);
	strbuf_release(&notes);
}

static void plural(struct strbuf *sb, size_t n, const char *one, const char *many)
{
	strbuf_addf(sb, "%zu %s", n, n == 1 ? one : many);
}

void wb_report_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx)
{
	struct text_data d = { out, a->idx };
	struct walker w = { .visit = text_visit, .empty = text_empty, .data = &d };
	struct wb_audit_counts c;
	struct strbuf sb = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, nmiss = 0;
	const struct wb_index *idx = a->idx;

	git_oid_tostr(hex, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s at %s (%s)\n\n", a->check->name, ctx->rev, hex);
	walk(a, &w, text_root, NULL);
	wb_audit_count(a, &c);

	for (i = 0; i < a->nqueries; i++)
		if (a->queries[i].is_root && !a->queries[i].nnodes)
			nmiss++;
	if (c.call_sites + c.references)
		fputc('\n', out);
	strbuf_addf(&sb, "%s: ", a->check->name);
	plural(&sb, c.call_sites, "call site", "call sites");
	strbuf_addstr(&sb, " in ");
	plural(&sb, c.functions, "function", "functions");
	strbuf_addstr(&sb, ", ");
	plural(&sb, c.references, "reference", "references");
	strbuf_addstr(&sb, ", ");
	plural(&sb, c.wrappers, "wrapper", "wrappers");
	strbuf_addf(&sb, " (%zu listed, %zu detected); ", c.wrappers_listed, c.wrappers_detected);
	plural(&sb, c.files, "file", "files");
	fprintf(out, "%s\n", sb.buf);
	if (nmiss) {
		const char *sep = "";

		fprintf(out, "not called: ");
		for (i = 0; i < a->nqueries; i++)
			if (a->queries[i].is_root && !a->queries[i].nnodes) {
				fprintf(out, "%s%s()", sep, a->queries[i].name);
				sep = ", ";
			}
		fputc('\n', out);
	}
	if (a->truncated)
		fprintf(out, "depth limit %u reached: deeper wrappers not expanded\n", a->depth);
	if (idx->nmissing + idx->ncorrupt) {
		strbuf_reset(&sb);
		strbuf_addstr(&sb, "incomplete: ");
		plural(&sb, idx->nmissing + idx->ncorrupt, "object", "objects");
		strbuf_addstr(&sb, " missing or unreadable, ");
		plural(&sb, idx->ntoobig + idx->nbinary, "file", "files");
		fprintf(out, "%s skipped\n", sb.buf);
	}
	strbuf_release(&sb);
}

/* ---- JSON --------------------------------------------------------------- */

struct json_data {
	const struct wb_index *idx;
	json_t *stack[256];
	char pushed[256];	/* stack[i] was pushed for an expansion */
	unsigned sp;
};

static json_t *json_node(const struct wb_index *idx, const struct wb_node *n, enum expand how)
{
	json_t *o = json_object();
	static const char *const wrapper[] = { NULL, "listed", "detected" };

	json_object_set_new(o, "function", n->func ? json_string(n->func) : json_null());
	json_object_set_new(o, "path", json_string(idx->files[n->file].path));
	json_object_set_new(o, "line", json_integer(n->line));
	json_object_set_new(o, "column", json_integer(n->col));
	json_object_set_new(o, "kind", json_string(n->kind == WB_SITE_REF ? "reference" : "call"));
	json_object_set_new(o, "callee", json_string(n->callee));
	json_object_set_new(o, "in_macro", json_boolean(n->site_flags & WB_SITE_IN_MACRO));
	if (n->func)
		json_object_set_new(o, "function_kind",
				    json_string(n->func_kind == WB_FUNC_MACRO ? "macro" : "function"));
	json_object_set_new(o, "wrapper",
			    wrapper[n->wrapper] ? json_string(wrapper[n->wrapper]) : json_null());
	if (how == SHOWN_ABOVE)
		json_object_set_new(o, "callers_shown_above", json_true());
	else if (how == RECURSION)
		json_object_set_new(o, "recursion", json_true());
	return o;
}

static void json_visit(struct walker *w, const struct wb_node *n, unsigned level,
		       enum expand how, void *data)
{
	struct json_data *d = data;
	json_t *o = json_node(d->idx, n, how);

	(void)w;
	(void)level;
	json_array_append_new(d->stack[d->sp - 1], o);
	if (how == EXPAND) {
		json_t *callers = json_array();

		json_object_set_new(o, "callers", callers);
		if (d->sp < WB_ARRAY_SIZE(d->stack)) {
			d->pushed[d->sp] = 1;
			d->stack[d->sp++] = callers;
		} else {
			d->pushed[d->sp - 1] = 0;
		}
	}
}

static void json_leave(struct walker *w, const struct wb_node *n, unsigned level,
		       enum expand how, void *data)
{
	struct json_data *d = data;

	(void)w;
	(void)n;
	(void)level;
	if (how == EXPAND && d->pushed[d->sp - 1])
		d->sp--;
}

static void json_root(struct walker *w, const struct wb_query *q, void *data)
{
	struct json_data *d = data;
	json_t *o = json_object(), *callers = json_array();

	(void)w;
	json_object_set_new(o, "name", json_string(q->name));
	json_object_set_new(o, "callers", callers);
	json_array_append_new(d->stack[0], o);
	d->stack[1] = callers;
	d->pushed[1] = 0;
	d->sp = 2;
}

json_t *wb_report_json(const struct wb_audit *a, const struct wb_report_ctx *ctx)
{
	struct json_data d = { .idx = a->idx };
	struct walker w = { .visit = json_visit, .leave = json_leave, .data = &d };
	json_t *o = json_object(), *prims = json_array(), *summary, *notcalled = json_array();
	json_t *missing = json_array(), *skipped = json_array();
	struct wb_audit_counts c;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	const struct wb_index *idx = a->idx;

	d.stack[0] = prims;
	d.sp = 1;
	json_object_set_new(o, "check", json_string(a->check->name));
	json_object_set_new(o, "revision", json_string(ctx->rev));
	json_object_set_new(o, "commit", git_oid_is_zero(ctx->commit) ? json_null() :
				 json_string(git_oid_tostr(hex, sizeof(hex), ctx->commit)));
	json_object_set_new(o, "tree", json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	walk(a, &w, json_root, NULL);
	json_object_set_new(o, "primitives", prims);
	for (i = 0; i < a->nqueries; i++)
		if (a->queries[i].is_root && !a->queries[i].nnodes)
			json_array_append_new(notcalled, json_string(a->queries[i].name));
	json_object_set_new(o, "not_called", notcalled);
	wb_audit_count(a, &c);
	summary = json_object();
	json_object_set_new(summary, "call_sites", json_integer((json_int_t)c.call_sites));
	json_object_set_new(summary, "functions", json_integer((json_int_t)c.functions));
	json_object_set_new(summary, "references", json_integer((json_int_t)c.references));
	json_object_set_new(summary, "wrappers", json_integer((json_int_t)c.wrappers));
	json_object_set_new(summary, "wrappers_listed", json_integer((json_int_t)c.wrappers_listed));
	json_object_set_new(summary, "wrappers_detected",
			    json_integer((json_int_t)c.wrappers_detected));
	json_object_set_new(summary, "files", json_integer((json_int_t)c.files));
	json_object_set_new(summary, "depth_limit_reached", json_boolean(a->truncated));
	json_object_set_new(o, "summary", summary);
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		json_t *e;

		if (f->status == WB_READ_OK && !(f->sum.flags & WB_SCAN_BINARY))
			continue;
		e = json_object();
		json_object_set_new(e, "path", json_string(f->path));
		json_object_set_new(e, "oid", json_string(git_oid_tostr(hex, sizeof(hex), f->oid)));
		json_object_set_new(e, "reason", json_string(f->msg ? f->msg : "binary content"));
		if (f->status == WB_READ_MISSING || f->status == WB_READ_CORRUPT)
			json_array_append_new(missing, e);
		else
			json_array_append_new(skipped, e);
	}
	json_object_set_new(o, "complete", json_boolean(!json_array_size(missing)));
	json_object_set_new(o, "missing", missing);
	json_object_set_new(o, "skipped", skipped);
	return o;
}
