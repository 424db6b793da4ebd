// SPDX-License-Identifier: GPL-2.0
#include "report.h"

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guard.h"
#include "util.h"

json_t *wb_json_string(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	json_t *j;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* not UTF-8: jansson will not take it */
	j = json_string(wb_quote_path(&sb, s, 0));
	strbuf_release(&sb);
	return j;
}

/* path as the text shows it, in the caller's scratch buffer */
static const char *qpath(struct strbuf *sb, const char *path)
{
	strbuf_reset(sb);
	return wb_quote_path(sb, path, 0);
}

/* PATH:FUNCTION with PATH quoted */
static const char *qkey(struct strbuf *sb, const char *key)
{
	const char *colon = strrchr(key, ':');
	char *path;

	strbuf_reset(sb);
	if (!colon)
		return wb_quote_path(sb, key, 0);
	path = xstrndup(key, (size_t)(colon - key));
	wb_quote_path(sb, path, 0);
	strbuf_addstr(sb, colon);
	free(path);
	return sb->buf;
}

/*
 * One traversal serves the text, the JSON and the counts, so that what is
 * counted is exactly what is shown: each wrapper's callers are expanded at
 * its first appearance; later appearances point back; a chain that comes
 * back to itself stops.
 */
enum expand { EXPAND, SHOWN_ABOVE, RECURSION, NO_EXPAND };

struct walker {
	const struct wb_audit *a;
	const struct wb_classification *cls;	/* may be NULL */
	char *expanded;		/* per query */
	char *on_stack;
	void (*visit)(struct walker *w, const struct wb_node *n, const struct wb_verdict *v,
		      unsigned level, enum expand how, void *data);
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
		w->visit(w, n, w->cls ? &w->cls->v[qi][k] : NULL, level, how, w->data);
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

static void count_class(struct wb_audit_counts *c, const char *cls)
{
	size_t i;

	for (i = 0; i < c->nclasses; i++)
		if (!strcmp(c->classes[i].name, cls))
			break;
	if (i == c->nclasses) {
		if (i == WB_ARRAY_SIZE(c->classes))
			return;
		c->classes[c->nclasses++].name = cls;
	}
	c->classes[i].n++;
}

struct count_data {
	struct wb_audit_counts *c;
	struct wb_nameset *funcs, *wrappers;
	const struct wb_index *idx;
};

static void count_visit(struct walker *w, const struct wb_node *n, const struct wb_verdict *v,
			unsigned level, enum expand how, void *data)
{
	struct count_data *d = data;
	struct strbuf key = STRBUF_INIT;

	(void)w;
	if (v && wb_node_judged(n))
		count_class(d->c, v->cls);
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

void wb_audit_count(const struct wb_audit *a, const struct wb_classification *cls,
		    struct wb_audit_counts *out)
{
	struct count_data d = { out, wb_nameset_new(), wb_nameset_new(), a->idx };
	struct walker w = { .cls = cls, .visit = count_visit, .data = &d };

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
	int notes;		/* review status is worth showing */
	int cocci_ran;
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

/* One line saying why: the note's reason, or the facts that decided. */
static void verdict_reason(struct strbuf *sb, const struct wb_verdict *v, int cocci_ran)
{
	size_t i, flow = 0;

	if (v->from_notes) {
		strbuf_addstr(sb, v->note->reason);
		if (v->disagrees)
			strbuf_addf(sb, " (analysis says %s)", v->analysis);
		return;
	}
	if (!strcmp(v->cls, "forwarding")) {
		const char *fn = strrchr(v->key, ':');

		strbuf_addf(sb, "forwards: called inside the watched primitive %s()", fn ? fn + 1 : v->key);
		return;
	}
	for (i = 0; i < v->nevidence; i++) {
		if (i)
			strbuf_addstr(sb, "; ");
		wb_fact_words(sb, v->evidence[i]);
		strbuf_addf(sb, " [%s]", v->evidence[i]->rule);
		if (!strcmp(v->evidence[i]->rule, "flow"))
			flow++;
	}
	/* only the flow analysis saw the call: spatch could not parse the function */
	if (cocci_ran && flow && flow == v->nevidence && v->rules_ran)
		strbuf_addstr(sb, "; no Coccinelle rule saw the call (spatch could not parse it?)");
	if (!v->nevidence && !cocci_ran)
		strbuf_addstr(sb, "not analysed: Coccinelle was not run");
	else if (!v->nevidence && strcmp(v->cls, "unclassified"))
		strbuf_addstr(sb, "no rule found anything: the check's default class");
	else if (!v->nevidence)
		strbuf_addstr(sb, "no rule found anything conclusive");
}

static const char *const review_names[] = { "new", "reviewed", "changed since review",
					    "unreviewed" };

/* callers --up: why the walk stops at n. */
static const char *entry_word(const struct wb_node *n)
{
	switch (n->entry) {
	case WB_ENTRY_SYSCALL:
		return "syscall";
	case WB_ENTRY_EXPORTED:
		return "exported";
	case WB_ENTRY_TABLE:
		return "ops table";
	case WB_ENTRY_DEPTH:
		return "depth limit";
	default:
		return NULL;
	}
}

static void entry_note(struct strbuf *notes, const struct wb_node *n)
{
	const char *word = entry_word(n);

	if (!word)
		return;
	strbuf_addf(notes, ", %s", word);
	if (n->entry == WB_ENTRY_TABLE && n->object)
		strbuf_addf(notes, " %s", n->object);
}

static void text_visit(struct walker *w, const struct wb_node *n, const struct wb_verdict *v,
		       unsigned level, enum expand how, void *data)
{
	struct text_data *d = data;
	struct strbuf name = STRBUF_INIT, notes = STRBUF_INIT, path = STRBUF_INIT;
	int indent = (int)(4 * level), width = NAME_COLUMNS - indent;

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
	if (w->a->up && n->entry)
		entry_note(&notes, n);
	if (v && d->notes && v->review != WB_REVIEW_OK)
		strbuf_addf(&notes, ", %s", review_names[v->review]);
	fprintf(d->out, "%*s%-*s%s:%u", indent, "", width, name.buf,
		qpath(&path, d->idx->files[n->file].path), n->line);
	if (v && wb_node_judged(n) && v->review == WB_REVIEW_CHANGED && v->note)
		/* the reviewed verdict is shown too: a MISMATCH may rest on it */
		fprintf(d->out, "  %s (analysis; reviewed before the change: %s)", v->cls,
			v->note->verdict);
	else if (v && wb_node_judged(n))
		fprintf(d->out, "  %s (%s)", v->cls, v->from_notes ? "notes" : "analysis");
	if (v && v->mismatch)
		fprintf(d->out, "  MISMATCH");
	if (notes.len)
		fprintf(d->out, "  [%s]", notes.buf + 2);
	fputc('\n', d->out);
	if (v && wb_node_judged(n)) {
		strbuf_reset(&notes);
		verdict_reason(&notes, v, d->cocci_ran);
		fprintf(d->out, "%*s= %s\n", indent + 4, "", notes.buf);
		if (v->mismatch)
			fprintf(d->out, "%*s! %s() serves %s here, not %s%s\n", indent + 4, "",
				v->primitive, *v->serves ? v->serves : "no caller", v->need,
				v->need != v->cls ? " (the verdict reviewed before the change)" : "");
	}
	strbuf_release(&name);
	strbuf_release(&notes);
	strbuf_release(&path);
}

static void plural(struct strbuf *sb, size_t n, const char *one, const char *many)
{
	strbuf_addf(sb, "%zu %s", n, n == 1 ? one : many);
}

void wb_report_text(FILE *out, const struct wb_audit *a, const struct wb_classification *cls,
		    const struct wb_report_ctx *ctx)
{
	struct text_data d = { out, a->idx, cls && cls->notes.path, cls && cls->cocci_ran };
	struct walker w = { .cls = cls, .visit = text_visit, .empty = text_empty, .data = &d };
	struct wb_audit_counts c;
	struct strbuf sb = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, nmiss = 0;
	const struct wb_index *idx = a->idx;

	git_oid_tostr(hex, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s at %s (%s)\n\n", a->check->name, wb_report_name(ctx), hex);
	walk(a, &w, text_root, NULL);
	wb_audit_count(a, cls, &c);

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
	if (cls) {
		strbuf_reset(&sb);
		for (i = 0; i < c.nclasses; i++)
			strbuf_addf(&sb, "%s%zu %s", i ? ", " : "", c.classes[i].n, c.classes[i].name);
		fprintf(out, "verdicts: %s%s\n", c.nclasses ? sb.buf : "none",
			cls->cocci_ran ? "" : " (Coccinelle not run)");
		if (cls->notes.path) {
			fprintf(out, "review: %zu reviewed, %zu new, %zu changed, %zu unreviewed, %zu gone; %zu disagree with analysis (%s)\n",
				cls->nreviewed, cls->nnew, cls->nchanged, cls->nunreviewed, cls->ngone,
				cls->ndisagree, cls->notes.path);
			for (i = 0; i < cls->ngone; i++)
				fprintf(out, "gone: %s  %s  (%s:%u)\n", qkey(&sb, cls->gone[i]->key),
					cls->gone[i]->verdict, cls->notes.path, cls->gone[i]->line);
		}
		if (cls->nmismatch)
			fprintf(out, "mismatch: %zu of %zu callers use%s a primitive that does not serve %s class\n",
				cls->nmismatch, cls->nserved, cls->nmismatch == 1 ? "s" : "",
				cls->nmismatch == 1 ? "its" : "their");
		else if (cls->nserved)
			fprintf(out, "mismatch: none; %zu caller%s use%s a primitive that serves %s class\n",
				cls->nserved, cls->nserved == 1 ? "" : "s", cls->nserved == 1 ? "s" : "",
				cls->nserved == 1 ? "its" : "their");
	}
	if (a->truncated && a->up)
		fprintf(out, "--up %u reached: callers above the [depth limit] ones not followed\n",
			a->depth + 1);
	else if (a->truncated)
		fprintf(out, "depth limit %u reached: deeper wrappers not expanded\n", a->depth);
	wb_report_incomplete_text(out, idx);
	strbuf_release(&sb);
}

void wb_report_incomplete_text(FILE *out, const struct wb_index *idx)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (wb_index_incomplete(idx)) {
		strbuf_addstr(&sb, "incomplete: ");
		plural(&sb, idx->nmissing + idx->ncorrupt, "object", "objects");
		strbuf_addstr(&sb, " missing or unreadable, ");
		plural(&sb, idx->ntoobig + idx->nbinary + idx->nrefused, "file", "files");
		fprintf(out, "%s skipped\n", sb.buf);
	}
	/* missing objects are named on stderr: a partial clone lacks thousands */
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		const char *why = wb_index_skip_reason(f);

		if (why && f->status != WB_READ_MISSING && f->status != WB_READ_CORRUPT)
			fprintf(out, "skipped: %s: %s%s\n", qpath(&sb, f->path), why,
				f->status == WB_READ_TOO_BIG && idx->skip_large ? " (--skip-large)" : "");
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

	json_object_set_new(o, "function", n->func ? wb_json_string(n->func) : json_null());
	json_object_set_new(o, "path", wb_json_string(idx->files[n->file].path));
	json_object_set_new(o, "line", json_integer(n->line));
	json_object_set_new(o, "column", json_integer(n->col));
	json_object_set_new(o, "kind", wb_json_string(n->kind == WB_SITE_REF ? "reference" : "call"));
	json_object_set_new(o, "callee", wb_json_string(n->callee));
	json_object_set_new(o, "in_macro", json_boolean(n->site_flags & WB_SITE_IN_MACRO));
	if (n->func)
		json_object_set_new(o, "function_kind",
				    wb_json_string(n->func_kind == WB_FUNC_MACRO ? "macro" : "function"));
	json_object_set_new(o, "wrapper",
			    wrapper[n->wrapper] ? wb_json_string(wrapper[n->wrapper]) : json_null());
	if (how == SHOWN_ABOVE)
		json_object_set_new(o, "callers_shown_above", json_true());
	else if (how == RECURSION)
		json_object_set_new(o, "recursion", json_true());
	return o;
}

static json_t *json_verdict(const struct wb_verdict *v)
{
	json_t *o = json_object(), *ev = json_array();
	size_t i;

	json_object_set_new(o, "class", wb_json_string(v->cls));
	json_object_set_new(o, "source", wb_json_string(v->from_notes ? "notes" : "analysis"));
	json_object_set_new(o, "analysis", wb_json_string(v->analysis));
	for (i = 0; i < v->nevidence; i++) {
		const struct wb_fact *f = v->evidence[i];
		json_t *e = json_object();
		char *id = wb_fact_id(f);

		json_object_set_new(e, "rule", wb_json_string(f->rule));
		json_object_set_new(e, "fact", wb_json_string(id));
		json_object_set_new(e, "line", json_integer(f->line));
		/* facts count columns from 0, as spatch does; reports from 1 */
		json_object_set_new(e, "column", json_integer((json_int_t)f->col + 1));
		json_object_set_new(e, "text", wb_json_string(f->text));
		json_array_append_new(ev, e);
		free(id);
	}
	json_object_set_new(o, "evidence", ev);
	json_object_set_new(o, "caller", wb_json_string(v->key));
	json_object_set_new(o, "body_hash", wb_json_string(v->hash));
	json_object_set_new(o, "review", wb_json_string(review_names[v->review]));
	if (v->note) {
		json_object_set_new(o, "note_line", json_integer(v->note->line));
		json_object_set_new(o, "note_verdict", wb_json_string(v->note->verdict));
		json_object_set_new(o, "note_reason", wb_json_string(v->note->reason));
	}
	json_object_set_new(o, "disagrees", json_boolean(v->disagrees));
	if (v->primitive)
		json_object_set_new(o, "primitive", wb_json_string(v->primitive));
	if (v->serves) {
		json_object_set_new(o, "serves", wb_json_string(v->serves));
		json_object_set_new(o, "need", wb_json_string(v->need));
		json_object_set_new(o, "mismatch", json_boolean(v->mismatch));
		if (v->mismatch)
			json_object_set_new(o, "mismatch_rests_on",
					    json_string(v->need != v->cls ? "reviewed-before-change" :
							v->from_notes ? "notes" : "analysis"));
	}
	return o;
}

static void json_visit(struct walker *w, const struct wb_node *n, const struct wb_verdict *v,
		       unsigned level, enum expand how, void *data)
{
	struct json_data *d = data;
	json_t *o = json_node(d->idx, n, how);

	if (w->a->up && entry_word(n)) {
		json_object_set_new(o, "stop", json_string(entry_word(n)));
		if (n->entry == WB_ENTRY_TABLE && n->object)
			json_object_set_new(o, "table", wb_json_string(n->object));
	}
	if (v)
		json_object_set_new(o, "verdict", json_verdict(v));
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
	json_object_set_new(o, "name", wb_json_string(q->name));
	json_object_set_new(o, "callers", callers);
	json_array_append_new(d->stack[0], o);
	d->stack[1] = callers;
	d->pushed[1] = 0;
	d->sp = 2;
}

json_t *wb_report_json(const struct wb_audit *a, const struct wb_classification *cls,
		       const struct wb_report_ctx *ctx)
{
	struct json_data d = { .idx = a->idx };
	struct walker w = { .cls = cls, .visit = json_visit, .leave = json_leave, .data = &d };
	json_t *o = json_object(), *prims = json_array(), *summary, *notcalled = json_array();
	struct wb_audit_counts c;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	const struct wb_index *idx = a->idx;

	d.stack[0] = prims;
	d.sp = 1;
	json_object_set_new(o, "check", wb_json_string(a->check->name));
	json_object_set_new(o, "revision", wb_json_string(ctx->rev));
	json_object_set_new(o, "commit", git_oid_is_zero(ctx->commit) ? json_null() :
				 wb_json_string(git_oid_tostr(hex, sizeof(hex), ctx->commit)));
	json_object_set_new(o, "tree", wb_json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	walk(a, &w, json_root, NULL);
	json_object_set_new(o, "primitives", prims);
	for (i = 0; i < a->nqueries; i++)
		if (a->queries[i].is_root && !a->queries[i].nnodes)
			json_array_append_new(notcalled, wb_json_string(a->queries[i].name));
	json_object_set_new(o, "not_called", notcalled);
	wb_audit_count(a, cls, &c);
	summary = json_object();
	if (cls) {
		json_t *classes = json_object(), *review = json_object(), *gone = json_array();

		for (i = 0; i < c.nclasses; i++)
			json_object_set_new(classes, c.classes[i].name,
					    json_integer((json_int_t)c.classes[i].n));
		json_object_set_new(o, "verdicts", classes);
		json_object_set_new(o, "mismatches", json_integer((json_int_t)cls->nmismatch));
		json_object_set_new(o, "cocci", json_boolean(cls->cocci_ran));
		if (cls->facts.spatch_version)
			json_object_set_new(o, "spatch", wb_json_string(cls->facts.spatch_version));
		if (cls->notes.path) {
			json_object_set_new(review, "notes", wb_json_string(cls->notes.path));
			json_object_set_new(review, "reviewed", json_integer((json_int_t)cls->nreviewed));
			json_object_set_new(review, "new", json_integer((json_int_t)cls->nnew));
			json_object_set_new(review, "changed", json_integer((json_int_t)cls->nchanged));
			json_object_set_new(review, "unreviewed",
					    json_integer((json_int_t)cls->nunreviewed));
			json_object_set_new(review, "disagree", json_integer((json_int_t)cls->ndisagree));
			for (i = 0; i < cls->ngone; i++) {
				json_t *g = json_object();

				json_object_set_new(g, "caller", wb_json_string(cls->gone[i]->key));
				json_object_set_new(g, "verdict", wb_json_string(cls->gone[i]->verdict));
				json_object_set_new(g, "line", json_integer(cls->gone[i]->line));
				json_array_append_new(gone, g);
			}
			json_object_set_new(review, "gone", gone);
			json_object_set_new(o, "review", review);
		} else {
			json_decref(review);
			json_decref(gone);
		}
	}
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
	wb_report_completeness(o, idx);
	return o;
}

void wb_report_completeness(json_t *o, const struct wb_index *idx)
{
	json_t *missing = json_array(), *skipped = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];
		json_t *e;

		if (f->status == WB_READ_OK && !(f->sum.flags & WB_SCAN_BINARY))
			continue;
		e = json_object();
		json_object_set_new(e, "path", wb_json_string(f->path));
		json_object_set_new(e, "oid", wb_json_string(git_oid_tostr(hex, sizeof(hex), f->oid)));
		json_object_set_new(e, "reason", wb_json_string(wb_index_skip_reason(f)));
		if (f->status == WB_READ_MISSING || f->status == WB_READ_CORRUPT) {
			json_array_append_new(missing, e);
		} else {
			if (f->status == WB_READ_TOO_BIG && idx->skip_large)
				json_object_set_new(e, "requested", json_true());
			json_array_append_new(skipped, e);
		}
	}
	json_object_set_new(o, "complete", json_boolean(!wb_index_incomplete(idx)));
	json_object_set_new(o, "missing", missing);
	json_object_set_new(o, "skipped", skipped);
}

/* ---- enumerations (mode = uses) ----------------------------------------- */

/* The subsystem a path belongs to, the way reviewers group them. */
static void subsystem(struct strbuf *out, const char *path)
{
	static const char *const deep[] = { "arch", "drivers", "fs", "include", "net", "sound",
					    "tools", "security", "samples" };
	const char *slash = strchr(path, '/'), *second;
	size_t i;

	strbuf_reset(out);
	if (!slash) {
		strbuf_addstr(out, "(top)");
		return;
	}
	for (i = 0; i < WB_ARRAY_SIZE(deep); i++)
		if ((size_t)(slash - path) == strlen(deep[i]) && !strncmp(path, deep[i], strlen(deep[i])))
			break;
	second = i < WB_ARRAY_SIZE(deep) ? strchr(slash + 1, '/') : NULL;
	strbuf_add(out, path, (size_t)((second ? second : slash) - path));
}

struct group {
	char *name;
	size_t n;
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->name, y->name);
}

/* Counts q's nodes per subsystem, most first. */
static struct group *group_nodes(const struct wb_audit *a, const struct wb_query *q, size_t *ng)
{
	struct group *g = NULL;
	struct strbuf sub = STRBUF_INIT;
	size_t k, i, n = 0;

	for (k = 0; k < q->nnodes; k++) {
		subsystem(&sub, a->idx->files[q->nodes[k].file].path);
		for (i = 0; i < n; i++)
			if (!strcmp(g[i].name, sub.buf))
				break;
		if (i == n) {
			g = xrealloc(g, (n + 1) * sizeof(*g));
			g[n].name = xstrdup(sub.buf);
			g[n++].n = 0;
		}
		g[i].n++;
	}
	if (n)
		qsort(g, n, sizeof(*g), cmp_group);
	strbuf_release(&sub);
	*ng = n;
	return g;
}

static void free_groups(struct group *g, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(g[i].name);
	free(g);
}

void wb_report_uses_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, j, total = 0, used = 0, nunused = 0;

	git_oid_tostr(hex, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s at %s (%s)\n\n", a->check->name, wb_report_name(ctx), hex);
	for (i = 0; i < a->nqueries; i++) {
		const struct wb_query *q = &a->queries[i];
		struct group *g;
		size_t ng, calls = 0, k;

		if (!q->is_root || !q->nnodes)
			continue;
		for (k = 0; k < q->nnodes; k++)
			calls += q->nodes[k].kind == WB_SITE_CALL;
		g = group_nodes(a, q, &ng);
		fprintf(out, "%s: %zu use%s (%zu call%s, %zu other) in %zu subsystem%s\n", q->name,
			q->nnodes, q->nnodes == 1 ? "" : "s", calls, calls == 1 ? "" : "s",
			q->nnodes - calls, ng, ng == 1 ? "" : "s");
		for (j = 0; j < ng; j++)
			fprintf(out, "    %-32s %5zu\n", qpath(&sb, g[j].name), g[j].n);
		free_groups(g, ng);
		total += q->nnodes;
		used++;
	}
	if (used)
		fputc('\n', out);
	fprintf(out, "%s: %zu use%s of %zu tracker%s; %zu files\n", a->check->name, total,
		total == 1 ? "" : "s", used, used == 1 ? "" : "s", a->idx->nfiles);
	for (i = 0; i < a->nqueries; i++)
		if (a->queries[i].is_root && !a->queries[i].nnodes)
			fprintf(out, "%s%s", nunused++ ? ", " : "not used: ", a->queries[i].name);
	if (nunused)
		fputc('\n', out);
	wb_report_incomplete_text(out, a->idx);
	strbuf_release(&sb);
}

json_t *wb_report_uses_json(const struct wb_audit *a, const struct wb_report_ctx *ctx)
{
	json_t *o = json_object(), *trackers = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	size_t i, j, k;

	json_object_set_new(o, "check", wb_json_string(a->check->name));
	json_object_set_new(o, "revision", wb_json_string(ctx->rev));
	json_object_set_new(o, "tree", wb_json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	for (i = 0; i < a->nqueries; i++) {
		const struct wb_query *q = &a->queries[i];
		json_t *t = json_object(), *subs = json_object(), *uses = json_array();
		struct group *g;
		size_t ng;

		if (!q->is_root)
			continue;
		g = group_nodes(a, q, &ng);
		for (j = 0; j < ng; j++) {
			json_t *key = wb_json_string(g[j].name);

			json_object_set_new(subs, json_string_value(key), json_integer((json_int_t)g[j].n));
			json_decref(key);
		}
		free_groups(g, ng);
		for (k = 0; k < q->nnodes; k++) {
			const struct wb_node *n = &q->nodes[k];
			json_t *u = json_object();

			json_object_set_new(u, "path", wb_json_string(a->idx->files[n->file].path));
			json_object_set_new(u, "line", json_integer(n->line));
			json_object_set_new(u, "column", json_integer(n->col));
			json_object_set_new(u, "function", n->func ? wb_json_string(n->func) : json_null());
			json_object_set_new(u, "kind",
					    wb_json_string(n->kind == WB_SITE_REF ? "use" : "call"));
			json_array_append_new(uses, u);
		}
		json_object_set_new(t, "name", wb_json_string(q->name));
		json_object_set_new(t, "count", json_integer((json_int_t)q->nnodes));
		json_object_set_new(t, "subsystems", subs);
		json_object_set_new(t, "uses", uses);
		json_array_append_new(trackers, t);
	}
	json_object_set_new(o, "trackers", trackers);
	return o;
}

/* ---- paths (mode = paths) ----------------------------------------------- */

/*
 * Chains from an entry point down to a primitive.  A node of query j whose
 * .query is i is a call made by query i's function to query j's name, so
 * the chains from an entry node in query i run through those nodes until a
 * root (a primitive) is reached.
 *
 * What a reviewer asks is "can this entry reach that query?": for each
 * entry (an entry function, or one function of an entry table) and each
 * call of a primitive it reaches (the query), the shortest chain is shown,
 * once; hops are calls (a function stored as '.m = fn' and called through
 * the member is one hop: the call, the store is none).  Found by one
 * breadth-first walk per entry, linear in the calls followed.  At most
 * WB_MAX_PATHS are shown, the rest counted.
 *
 * A check may name partitions ('partition = arch/' '*' '/'): a chain that
 * has made a call (or a store) in one never goes on in another, as one
 * build has one arch.  So the walk is over (function, partition) states:
 * the partition a chain is in, or none yet; a call made outside every
 * partition keeps it, one made in partition X moves a chain in none to
 * X and is not followed from a chain in Y.  The shortest chain of each
 * (entry, query) is the shortest over the chains allowed.
 *
 * A state also carries what the chain knows of the arguments its function
 * got (a context, interned): constants, pointers known not null (a
 * function's name), members of a local struct whose address was passed
 * (its designated initializer), and what a caller passes on of its own
 * parameters.  Only the parameters a guard may use are kept (rel_mask()).
 * A call whose guards (guard.h) that context decides the other way is not
 * followed.  A state with less known, reached as near, covers one with
 * more: knowing more only takes calls away.
 *
 * All chains are counted too (they multiply with depth: 3 callees a level
 * over 30 levels are 3^30): the count below a function outside any cycle
 * does not depend on how it was reached and is computed once; inside a
 * cycle it does (a chain may not come back), so it is walked.  Each walk
 * stops after WB_PATH_STEPS steps; a count cut short is a lower bound and
 * says so.
 */
#define WB_MAX_PATHS 1000
#define WB_PATH_STEPS 10000000ull

struct path_pair {
	size_t q, k;
};

/* Where the arguments of a call come from (guard.h), read when first needed. */
struct call_src {
	int ok;
	int has_param;		/* some value is the caller's parameter */
	size_t nargs, nparams;	/* of the call; of its caller */
	size_t n;
	struct wb_src *v;
};

/*
 * What a chain knows of the arguments a function got: argument arg (or
 * its member field, when it points to a struct) is the constant k, or a
 * pointer that is not null.  Interned: a state's context is its number.
 */
struct cval {
	unsigned arg;
	const char *field;	/* NULL: the argument itself */
	int nonnull;
	const char *k;
};

struct vctx {
	size_t nargs, n;
	struct cval *v;
	char *key;		/* its text, which the intern table holds */
};
#define WB_MAX_CTX 65536

/* Strings to numbers, open addressing. */
struct strmap {
	char **key;
	size_t *val, size, n;
};

static size_t strmap_pos(const struct strmap *m, const char *key, size_t len)
{
	size_t h = 5381, i;

	for (i = 0; i < len; i++)
		h = h * 33 + (unsigned char)key[i];
	h &= m->size - 1;
	while (m->key[h] && (strlen(m->key[h]) != len || memcmp(m->key[h], key, len)))
		h = (h + 1) & (m->size - 1);
	return h;
}

/* The value of key, 0 when not there. */
static size_t strmap_get(const struct strmap *m, const char *key, size_t len)
{
	size_t h;

	if (!m->size)
		return 0;
	h = strmap_pos(m, key, len);
	return m->key[h] ? m->val[h] : 0;
}

/* Sets key (not there) to val; returns the copy of key it keeps. */
static char *strmap_put(struct strmap *m, const char *key, size_t len, size_t val)
{
	size_t h;

	if (m->n * 2 >= m->size) {
		struct strmap o = *m;
		size_t i;

		m->size = o.size ? o.size * 2 : 256;
		m->key = xcalloc(m->size, sizeof(*m->key));
		m->val = xmalloc(m->size * sizeof(*m->val));
		for (i = 0; i < o.size; i++)
			if (o.key[i]) {
				h = strmap_pos(m, o.key[i], strlen(o.key[i]));
				m->key[h] = o.key[i];
				m->val[h] = o.val[i];
			}
		free(o.key);
		free(o.val);
	}
	h = strmap_pos(m, key, len);
	m->key[h] = xstrndup(key, len);
	m->val[h] = val;
	m->n++;
	return m->key[h];
}

static void strmap_release(struct strmap *m)
{
	size_t i;

	for (i = 0; i < m->size; i++)
		free(m->key[i]);
	free(m->key);
	free(m->val);
}

/* The last functions read (guard.h), with where they were read from. */
#define WB_FN_CACHE 8
struct fn_cache {
	size_t file;
	uint32_t line;
	struct wb_fn *f;
};

/* A blob read for guards, with where its lines start. */
struct blob_text {
	struct wb_blob_cursor cur;
	size_t file;
	const char *data;
	size_t len;
	size_t *lines, nlines, alloc;
	int ok;
};

static int blob_text_get(struct blob_text *bt, size_t file)
{
	if (bt->file != file) {
		bt->file = file;
		bt->nlines = 0;
		bt->ok = !wb_blob_cursor_data(&bt->cur, file, &bt->data, &bt->len);
		if (bt->ok) {
			WB_ALLOC_GROW(bt->lines, 1, bt->alloc);
			bt->lines[bt->nlines++] = 0;
		}
	}
	return bt->ok ? 0 : -1;
}

/*
 * Where line (from 1) starts; the end of the blob past its last line.
 * The lines are found as far as asked.
 */
static size_t blob_line(struct blob_text *bt, size_t line)
{
	while (bt->nlines < line) {
		size_t i = bt->lines[bt->nlines - 1];
		const char *nl = i < bt->len ? memchr(bt->data + i, '\n', bt->len - i) : NULL;

		if (!nl)
			return bt->len;
		WB_ALLOC_GROW(bt->lines, bt->nlines + 1, bt->alloc);
		bt->lines[bt->nlines++] = (size_t)(nl - bt->data) + 1;
	}
	return line ? bt->lines[line - 1] : bt->len;
}

static void blob_text_release(struct blob_text *bt)
{
	wb_blob_cursor_release(&bt->cur);
	free(bt->lines);
}

#define WB_MAX_GUARDS 4
struct call_guards {
	size_t n;
	struct wb_guard g[WB_MAX_GUARDS];
};

struct const_name {
	char *name;
	int ok;			/* every definition under include/ says value */
	unsigned long long value;
};

struct path_walk {
	const struct wb_audit *a;
	/*
	 * per query: the calls it makes, one per callee and partition,
	 * pairs[first[i]..first[i+1]); of each, hop[] holds the partition
	 * it is made in << 1 | the calls it counts (hop_calls()), next to
	 * each other for the walks
	 */
	size_t *first;
	struct path_pair *pairs;
	unsigned *hop;
	char *is_root;		/* per query */
	unsigned nparts;	/* partitions, +1 for none (0) */
	/*
	 * States (query q, partition p) of the walks: slot q for p = 0, a
	 * slot from nq on, made when first reached, for the others (few
	 * functions are reached in a partition); smap maps p * nq + q + 1
	 * to that slot.  Per slot: dist (+1, 0: not reached), via (the
	 * pair), prev (the slot it came from), src (its entry site), memo.
	 */
	size_t nslots, slot_alloc;
	size_t *slot_q;
	unsigned *slot_part;
	/*
	 * per slot from nq on: its context, what the chain knows of the
	 * arguments the function got (a struct vctx's number + 1), else 0
	 */
	size_t *slot_ctx;
	/* read when first needed: per global node, its arguments' sources, its guards */
	size_t *base, nnodes;
	struct call_src **csrc;
	struct call_guards **guards;
	/*
	 * per query: the parameters a context of it may use (a guard is on
	 * them, or they are passed on to a function whose guard is), and
	 * 0 not known, 1 being found, 2 known
	 */
	uint64_t *rel;
	char *rel_state;
	char *multi;		/* per pair: its function calls that callee more than once */
	size_t *pctx;		/* per pair: the context it gives a chain with none, + 1; 0 not known */
	struct vctx *ctxs;
	size_t nctxs, ctxs_alloc;
	struct strmap ctx_ids, defined, strs;	/* contexts by text; "file:name" defines name: 1 no, 2 yes */
	struct cval *tmp;
	size_t tmp_alloc;
	struct fn_cache fns[WB_FN_CACHE];
	unsigned fn_next;
	struct blob_text text_fn, text_def;
	/* names of constants resolved to numbers from include/ ('#define NAME N') */
	struct const_name *consts;
	size_t nconsts, consts_alloc;
	size_t *smap_key, *smap_val, smap_size, smap_n;
	unsigned *dist;
	size_t *via, *prev, *src;
	char *on_stack;
	char *in_cycle;		/* in a strongly connected component of more than itself */
	uint64_t *memo;		/* per slot: chains below, +1; 0: not known */
	struct path_pair *entries;	/* entry sites in source order */
	unsigned *entry_part;	/* the partition of each */
	char *entry_has_chain;
	size_t nentry_sites;
	const struct wb_node **hops;
	size_t nhops, hops_alloc;
	unsigned calls;		/* of the chain being shown */
	uint64_t steps;
	int exhausted;
	/* the result */
	size_t npaths;		/* shown */
	size_t nshortest;	/* (entry, query) pairs, shown or not */
	uint64_t total;		/* every chain, saturating */
	int total_exact;
	size_t nentries;	/* entry functions (or tables) with a chain */
	int capped, count_stopped;
	void (*emit)(struct path_walk *pw, const struct wb_node *entry, void *data);
	void *data;
};

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

/* Tarjan's strongly connected components, without recursion. */
static void mark_cycles(struct path_walk *pw, size_t nq)
{
	size_t *index = xmalloc((nq + 1) * sizeof(*index)), *low = xmalloc((nq + 1) * sizeof(*low));
	size_t *stack = xmalloc((nq + 1) * sizeof(*stack)), *cs = xmalloc((nq + 1) * sizeof(*cs));
	size_t *cp = xmalloc((nq + 1) * sizeof(*cp));
	char *onst = xcalloc(nq + 1, 1);
	size_t next = 1, sp = 0, csp, r, i;

	memset(index, 0, (nq + 1) * sizeof(*index));
	for (r = 0; r < nq; r++) {
		if (index[r])
			continue;
		csp = 0;
		cs[csp] = r;
		cp[csp++] = pw->first[r];
		index[r] = low[r] = next++;
		stack[sp++] = r;
		onst[r] = 1;
		while (csp) {
			size_t v = cs[csp - 1];

			if (cp[csp - 1] < pw->first[v + 1]) {
				size_t w = pw->pairs[cp[csp - 1]++].q;

				if (w == v) {
					pw->in_cycle[v] = 1;	/* calls itself */
				} else if (!index[w]) {
					index[w] = low[w] = next++;
					stack[sp++] = w;
					onst[w] = 1;
					cs[csp] = w;
					cp[csp++] = pw->first[w];
				} else if (onst[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			csp--;
			if (csp && low[v] < low[cs[csp - 1]])
				low[cs[csp - 1]] = low[v];
			if (low[v] == index[v]) {
				size_t n = 0, top = sp;

				do {
					i = stack[--sp];
					onst[i] = 0;
					n++;
				} while (i != v);
				if (n > 1)
					for (i = sp; i < top; i++)
						pw->in_cycle[stack[i]] = 1;
			}
		}
	}
	free(index);
	free(low);
	free(stack);
	free(cs);
	free(cp);
	free(onst);
}

/* An entry function, or the table of entry points that holds the address. */
static const char *entry_name(const struct wb_node *n)
{
	return n->func ? n->func : n->object;
}

static int cmp_entry_site(const void *x, const void *y, void *arg)
{
	const struct wb_audit *a = arg;
	const struct path_pair *p = x, *q = y;
	const struct wb_node *m = &a->queries[p->q].nodes[p->k], *n = &a->queries[q->q].nodes[q->k];
	int c = wb_index_cmp_pos(a->idx, m->file, m->line, m->col, n->file, n->line, n->col);

	return c ? c : p->q < q->q ? -1 : p->q > q->q;
}

/* Weight of a hop: a store in an initializer is no call. */
static unsigned hop_calls(const struct wb_node *n)
{
	return n->kind == WB_SITE_REF && n->member ? 0 : 1;
}

/* The partitions seen, by name; per file of the index, its partition + 1 (0: not known). */
struct part_names {
	const struct wb_check *check;
	const struct wb_index *idx;
	const char **name;
	size_t *len;
	size_t n, alloc_name, alloc_len;
	unsigned *of_file;
};

static unsigned file_part(struct part_names *pn, size_t file)
{
	const char *path;
	size_t len, i;

	if (!pn->check->npartitions || file >= pn->idx->nfiles)
		return 0;
	if (pn->of_file[file])
		return pn->of_file[file] - 1;
	path = pn->idx->files[file].path;
	len = wb_check_partition(pn->check, path);
	if (!len) {
		pn->of_file[file] = 1;
		return 0;
	}
	for (i = 0; i < pn->n; i++)
		if (pn->len[i] == len && !strncmp(pn->name[i], path, len))
			break;
	if (i == pn->n) {
		WB_ALLOC_GROW(pn->name, pn->n + 1, pn->alloc_name);
		WB_ALLOC_GROW(pn->len, pn->n + 1, pn->alloc_len);
		pn->name[pn->n] = path;
		pn->len[pn->n++] = len;
	}
	pn->of_file[file] = (unsigned)i + 2;
	return (unsigned)i + 1;
}

/*
 * The partition of a chain in partition p after a call or store made in
 * partition h, UINT_MAX when it may not go there.
 */
static inline unsigned part_step(unsigned p, unsigned h)
{
	if (!h)
		return p;
	return !p || p == h ? h : UINT_MAX;
}

static void path_walk_init(struct path_walk *pw, const struct wb_audit *a)
{
	size_t i, k, n = 0, *fill, nq = a->nqueries, alloc = 0;
	struct part_names pn = { a->check, a->idx, NULL, NULL, 0, 0, 0, NULL };

	memset(pw, 0, sizeof(*pw));
	pw->a = a;
	pw->first = xcalloc(nq + 1, sizeof(*pw->first));
	for (i = 0; i < nq; i++)
		for (k = 0; k < a->queries[i].nnodes; k++)
			if (a->queries[i].nodes[k].query >= 0) {
				pw->first[a->queries[i].nodes[k].query + 1]++;
				n++;
			}
	for (i = 0; i < nq; i++)
		pw->first[i + 1] += pw->first[i];
	pw->pairs = xmalloc((n ? n : 1) * sizeof(*pw->pairs));
	fill = xmalloc((nq ? nq : 1) * sizeof(*fill));
	memcpy(fill, pw->first, nq * sizeof(*fill));
	for (i = 0; i < nq; i++)
		for (k = 0; k < a->queries[i].nnodes; k++) {
			long c = a->queries[i].nodes[k].query;

			if (c >= 0)
				pw->pairs[fill[c]++] = (struct path_pair){ i, k };
		}
	free(fill);
	/*
	 * A caller's calls come in callee order, each callee's in source
	 * order: keep the first call of each callee in each partition, in
	 * place.
	 */
	if (a->check->npartitions)
		pn.of_file = xcalloc(a->idx->nfiles + 1, sizeof(*pn.of_file));
	pw->hop = xmalloc((pw->first[nq] + 1) * sizeof(*pw->hop));
	pw->multi = xcalloc(pw->first[nq] + 1, 1);
	pw->pctx = xcalloc(pw->first[nq] + 1, sizeof(*pw->pctx));
	for (i = 0, n = 0; i < nq; i++) {
		size_t p, run = 0, from = pw->first[i];

		pw->first[i] = n;
		for (p = from; p < pw->first[i + 1]; p++) {
			const struct path_pair pp = pw->pairs[p];
			const struct wb_node *node = &a->queries[pp.q].nodes[pp.k];
			unsigned h = file_part(&pn, node->file);
			size_t r;

			int again = !(p == from || pp.q != pw->pairs[run].q);

			if (!again)
				run = n;	/* this callee's first kept */
			else
				for (r = run; r < n; r++)
					pw->multi[r] = 1;
			for (r = run; r < n; r++)
				if (pw->hop[r] >> 1 == h)
					break;
			if (r < n)
				continue;
			pw->multi[n] = (char)again;
			pw->hop[n] = h << 1 | hop_calls(node);
			pw->pairs[n++] = pp;
		}
	}
	pw->first[nq] = n;
	pw->on_stack = xcalloc(nq + 1, 1);
	pw->in_cycle = xcalloc(nq + 1, 1);
	pw->is_root = xmalloc(nq + 1);
	for (i = 0; i < nq; i++)
		pw->is_root[i] = !!a->queries[i].is_root;
	mark_cycles(pw, nq);
	for (i = 0; i < nq; i++)
		for (k = 0; k < a->queries[i].nnodes; k++)
			if (a->queries[i].nodes[k].entry) {
				WB_ALLOC_GROW(pw->entries, pw->nentry_sites + 1, alloc);
				pw->entries[pw->nentry_sites++] = (struct path_pair){ i, k };
			}
	if (pw->nentry_sites)
		qsort_r(pw->entries, pw->nentry_sites, sizeof(*pw->entries), cmp_entry_site,
			(void *)a);
	pw->entry_has_chain = xcalloc(pw->nentry_sites + 1, 1);
	pw->entry_part = xmalloc((pw->nentry_sites + 1) * sizeof(*pw->entry_part));
	for (i = 0; i < pw->nentry_sites; i++)
		pw->entry_part[i] = file_part(&pn, a->queries[pw->entries[i].q].nodes[pw->entries[i].k].file);
	pw->nparts = (unsigned)pn.n + 1;
	pw->nslots = nq;
	pw->slot_alloc = nq + 64;
	pw->dist = xcalloc(pw->slot_alloc, sizeof(*pw->dist));
	pw->memo = xcalloc(pw->slot_alloc, sizeof(*pw->memo));
	pw->via = xmalloc(pw->slot_alloc * sizeof(*pw->via));
	pw->prev = xmalloc(pw->slot_alloc * sizeof(*pw->prev));
	pw->src = xmalloc(pw->slot_alloc * sizeof(*pw->src));
	pw->slot_q = xmalloc(64 * sizeof(*pw->slot_q));
	pw->slot_part = xmalloc(64 * sizeof(*pw->slot_part));
	pw->slot_ctx = xmalloc(64 * sizeof(*pw->slot_ctx));
	pw->base = xmalloc((nq + 1) * sizeof(*pw->base));
	for (i = 0; i < nq; i++) {
		pw->base[i] = pw->nnodes;
		pw->nnodes += a->queries[i].nnodes;
	}
	pw->base[nq] = pw->nnodes;
	pw->csrc = xcalloc(pw->nnodes + 1, sizeof(*pw->csrc));
	pw->guards = xcalloc(pw->nnodes + 1, sizeof(*pw->guards));
	pw->rel = xcalloc(nq + 1, sizeof(*pw->rel));
	pw->rel_state = xcalloc(nq + 1, 1);
	for (i = 0; i < WB_FN_CACHE; i++)
		pw->fns[i].file = SIZE_MAX;
	pw->text_fn.cur = (struct wb_blob_cursor)WB_BLOB_CURSOR_INIT(a->idx);
	pw->text_fn.file = SIZE_MAX;
	pw->text_def.cur = (struct wb_blob_cursor)WB_BLOB_CURSOR_INIT(a->idx);
	pw->text_def.file = SIZE_MAX;
	free(pn.name);
	free(pn.len);
	free(pn.of_file);
}

static void path_walk_release(struct path_walk *pw)
{
	size_t ci;

	for (ci = 0; ci < pw->nconsts; ci++)
		free(pw->consts[ci].name);
	free(pw->consts);
	size_t i;

	free(pw->first);
	free(pw->pairs);
	free(pw->hop);
	free(pw->is_root);
	free(pw->dist);
	free(pw->memo);
	free(pw->via);
	free(pw->prev);
	free(pw->src);
	free(pw->slot_q);
	free(pw->slot_part);
	free(pw->slot_ctx);
	for (i = 0; i < pw->nnodes; i++) {
		if (pw->csrc[i]) {
			wb_src_free(pw->csrc[i]->v, pw->csrc[i]->n);
			free(pw->csrc[i]);
		}
		free(pw->guards[i]);
	}
	free(pw->csrc);
	free(pw->guards);
	free(pw->rel);
	free(pw->rel_state);
	for (i = 0; i < pw->nctxs; i++)
		free(pw->ctxs[i].v);
	free(pw->ctxs);
	strmap_release(&pw->ctx_ids);
	strmap_release(&pw->defined);
	strmap_release(&pw->strs);
	free(pw->tmp);
	for (i = 0; i < WB_FN_CACHE; i++)
		wb_fn_free(pw->fns[i].f);
	free(pw->multi);
	free(pw->pctx);
	free(pw->base);
	blob_text_release(&pw->text_fn);
	blob_text_release(&pw->text_def);
	free(pw->smap_key);
	free(pw->smap_val);
	free(pw->entry_part);
	free(pw->on_stack);
	free(pw->in_cycle);
	free(pw->hops);
	free(pw->entries);
	free(pw->entry_has_chain);
}

static size_t smap_pos(const struct path_walk *pw, size_t key)
{
	size_t mask = pw->smap_size - 1, h = (size_t)((key * 0x9e3779b97f4a7c15ull) >> 17) & mask;

	while (pw->smap_key[h] && pw->smap_key[h] != key)
		h = (h + 1) & mask;
	return h;
}

static size_t state_key(const struct path_walk *pw, unsigned part, size_t ctx, size_t q)
{
	return (ctx * pw->nparts + part) * pw->a->nqueries + q + 1;
}

/* The slot of state (q, part, ctx) when it was made, else SIZE_MAX. */
static size_t state_find(const struct path_walk *pw, unsigned part, size_t ctx, size_t q)
{
	size_t h;

	if (!part && !ctx)
		return q;
	if (!pw->smap_size)
		return SIZE_MAX;
	h = smap_pos(pw, state_key(pw, part, ctx, q));
	return pw->smap_key[h] ? pw->smap_val[h] : SIZE_MAX;
}

/* The slot of state (q, part, ctx), made when it is first asked for. */
static size_t state_slot_ctx(struct path_walk *pw, unsigned part, size_t ctx, size_t q)
{
	size_t nq = pw->a->nqueries, key, h, slot;

	if (!part && !ctx)
		return q;
	key = state_key(pw, part, ctx, q);
	if (pw->smap_n * 2 >= pw->smap_size) {
		size_t *okey = pw->smap_key, *oval = pw->smap_val, osize = pw->smap_size, i;

		pw->smap_size = osize ? osize * 2 : 1024;
		pw->smap_key = xcalloc(pw->smap_size, sizeof(*pw->smap_key));
		pw->smap_val = xmalloc(pw->smap_size * sizeof(*pw->smap_val));
		for (i = 0; i < osize; i++)
			if (okey[i]) {
				h = smap_pos(pw, okey[i]);
				pw->smap_key[h] = okey[i];
				pw->smap_val[h] = oval[i];
			}
		free(okey);
		free(oval);
	}
	h = smap_pos(pw, key);
	if (pw->smap_key[h])
		return pw->smap_val[h];
	if (pw->nslots == pw->slot_alloc) {
		size_t n = pw->slot_alloc * 2, extra = n - nq;

		pw->dist = xrealloc(pw->dist, n * sizeof(*pw->dist));
		memset(pw->dist + pw->slot_alloc, 0, (n - pw->slot_alloc) * sizeof(*pw->dist));
		pw->memo = xrealloc(pw->memo, n * sizeof(*pw->memo));
		memset(pw->memo + pw->slot_alloc, 0, (n - pw->slot_alloc) * sizeof(*pw->memo));
		pw->via = xrealloc(pw->via, n * sizeof(*pw->via));
		pw->prev = xrealloc(pw->prev, n * sizeof(*pw->prev));
		pw->src = xrealloc(pw->src, n * sizeof(*pw->src));
		pw->slot_q = xrealloc(pw->slot_q, extra * sizeof(*pw->slot_q));
		pw->slot_part = xrealloc(pw->slot_part, extra * sizeof(*pw->slot_part));
		pw->slot_ctx = xrealloc(pw->slot_ctx, extra * sizeof(*pw->slot_ctx));
		pw->slot_alloc = n;
	}
	slot = pw->nslots++;
	pw->slot_q[slot - nq] = q;
	pw->slot_part[slot - nq] = part;
	pw->slot_ctx[slot - nq] = ctx;
	pw->smap_key[h] = key;
	pw->smap_val[h] = slot;
	pw->smap_n++;
	return slot;
}

static size_t state_slot(struct path_walk *pw, unsigned part, size_t q)
{
	return state_slot_ctx(pw, part, 0, q);
}

static const struct wb_node *global_node(const struct wb_audit *a, const size_t *base, size_t g,
					 size_t *qout)
{
	size_t lo = 0, hi = a->nqueries;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (base[mid] <= g)
			lo = mid;
		else
			hi = mid;
	}
	if (qout)
		*qout = lo;
	return &a->queries[lo].nodes[g - base[lo]];
}

/*
 * The function that makes the call at node n, read (guard.h), and where
 * the call starts in its blob; NULL when not read.
 */
static const struct wb_fn *node_fn(struct path_walk *pw, const struct wb_node *n, size_t *call)
{
	struct blob_text *bt = &pw->text_fn;
	struct fn_cache *c;
	size_t i;

	if (n->kind != WB_SITE_CALL || !n->func || !n->col || !n->func_line ||
	    blob_text_get(bt, n->file))
		return NULL;
	*call = blob_line(bt, n->line) + n->col - 1;
	if (*call >= blob_line(bt, (size_t)n->line + 1))
		return NULL;
	for (i = 0; i < WB_FN_CACHE; i++)
		if (pw->fns[i].file == n->file && pw->fns[i].line == n->func_line)
			return pw->fns[i].f;
	c = &pw->fns[pw->fn_next++ % WB_FN_CACHE];
	wb_fn_free(c->f);
	c->file = n->file;
	c->line = n->func_line;
	c->f = wb_fn_read(bt->data, blob_line(bt, n->func_line),
			  blob_line(bt, (size_t)n->func_end + 1), n->func);
	return c->f;
}

/* Where the arguments of the call at global node g come from. */
static const struct call_src *node_src(struct path_walk *pw, size_t g)
{
	struct call_src *cs;
	const struct wb_fn *f;
	size_t call, i;

	if (pw->csrc[g])
		return pw->csrc[g];
	cs = pw->csrc[g] = xcalloc(1, sizeof(*cs));
	f = node_fn(pw, global_node(pw->a, pw->base, g, NULL), &call);
	if (!f || wb_fn_call_sources(&cs->v, &cs->n, &cs->nargs, f, call))
		return cs;
	cs->ok = 1;
	cs->nparams = wb_fn_nparams(f);
	for (i = 0; i < cs->n; i++)
		if (cs->v[i].kind == WB_SRC_PARAM)
			cs->has_param = 1;
	return cs;
}

/*
 * The guards of pair p's call on its function's parameters: none unless
 * it is the function's only call of that callee (the others were folded
 * into it).
 */
static const struct call_guards *pair_guards(struct path_walk *pw, size_t p)
{
	const struct path_pair *pp = &pw->pairs[p];
	size_t g = pw->base[pp->q] + pp->k, call;
	const struct wb_fn *f;

	if (pw->guards[g])
		return pw->guards[g];
	pw->guards[g] = xcalloc(1, sizeof(*pw->guards[g]));
	if (pw->multi[p])
		return pw->guards[g];
	f = node_fn(pw, &pw->a->queries[pp->q].nodes[pp->k], &call);
	if (f)
		pw->guards[g]->n = wb_fn_guards(pw->guards[g]->g, WB_MAX_GUARDS, f, call);
	return pw->guards[g];
}

/*
 * The parameters of function q a context may use: those some condition
 * of it is on (a guard may be), and those it passes on where its callee
 * may use them.  A cycle, or a chain of such calls deeper than 64, gives
 * less than there may be: fewer contexts, never fewer chains.
 */
static uint64_t rel_mask(struct path_walk *pw, size_t q, unsigned depth)
{
	size_t p, file = SIZE_MAX, call;
	uint32_t line = 0;
	uint64_t m = 0;

	if (pw->is_root[q] || pw->rel_state[q] == 1 || depth > 64)
		return 0;
	if (pw->rel_state[q] == 2)
		return pw->rel[q];
	pw->rel_state[q] = 1;
	for (p = pw->first[q]; p < pw->first[q + 1]; p++) {
		const struct path_pair *pp = &pw->pairs[p];
		const struct wb_node *n = &pw->a->queries[pp->q].nodes[pp->k];
		const struct call_src *cs;
		uint64_t mr;
		size_t i;

		/* one look at each definition for conditions on a parameter */
		if (n->file != file || n->func_line != line) {
			const struct wb_fn *f = node_fn(pw, n, &call);

			file = n->file;
			line = n->func_line;
			if (f)
				m |= wb_fn_guard_mask(f);
		}
		if (pw->is_root[pp->q])
			continue;
		cs = node_src(pw, pw->base[pp->q] + pp->k);
		if (!cs->has_param)
			continue;
		mr = rel_mask(pw, pp->q, depth + 1);
		for (i = 0; i < cs->n; i++)
			if (cs->v[i].kind == WB_SRC_PARAM && cs->v[i].arg < 64 &&
			    (mr >> cs->v[i].arg & 1))
				m |= 1ull << cs->v[i].param;
	}
	pw->rel[q] = m;
	pw->rel_state[q] = 2;
	return m;
}

/* Does file define a function name? */
static int name_defined(struct path_walk *pw, size_t file, const char *name)
{
	struct blob_text *bt = &pw->text_def;
	struct strbuf key = STRBUF_INIT;
	size_t v;

	strbuf_addf(&key, "%zu:%s", file, name);
	v = strmap_get(&pw->defined, key.buf, key.len);
	if (!v) {
		v = !blob_text_get(bt, file) && wb_file_defines(bt->data, bt->len, name) ? 2 : 1;
		strmap_put(&pw->defined, key.buf, key.len, v);
	}
	strbuf_release(&key);
	return v == 2;
}

static const char *pool(struct path_walk *pw, const char *s)
{
	size_t len;

	if (!s)
		return NULL;
	len = strlen(s);
	if (strmap_get(&pw->strs, s, len))
		return pw->strs.key[strmap_pos(&pw->strs, s, len)];
	return strmap_put(&pw->strs, s, len, 1);
}

static int cmp_cval(const void *x, const void *y)
{
	const struct cval *a = x, *b = y;

	if (a->arg != b->arg)
		return a->arg < b->arg ? -1 : 1;
	if (!a->field || !b->field)
		return !a->field - !b->field;
	return strcmp(a->field, b->field);
}

static void cval_push(struct path_walk *pw, size_t *n, unsigned arg, const char *field, int nonnull,
		      const char *k)
{
	WB_ALLOC_GROW(pw->tmp, *n + 1, pw->tmp_alloc);
	pw->tmp[(*n)++] = (struct cval){ arg, pool(pw, field), nonnull, pool(pw, k) };
}

/*
 * The context of a chain in function q reached by the call at global
 * node g from a chain in context cctx: what the call passes that q may
 * use (rel_mask()), as a context number + 1, else 0.
 */
static size_t next_ctx(struct path_walk *pw, size_t g, size_t q, size_t cctx)
{
	const struct call_src *cs;
	const struct vctx *cc = cctx ? &pw->ctxs[cctx - 1] : NULL;
	const struct wb_node *node;
	struct strbuf key = STRBUF_INIT;
	size_t i, j, n = 0, id;
	uint64_t m;

	if (pw->is_root[q] || !(m = rel_mask(pw, q, 0)))
		return 0;
	cs = node_src(pw, g);
	if (!cs->ok || !cs->n)
		return 0;
	if (cc && cc->nargs != cs->nparams)
		cc = NULL;	/* the caller's context is not of these parameters */
	node = global_node(pw->a, pw->base, g, NULL);
	for (i = 0; i < cs->n; i++) {
		const struct wb_src *s = &cs->v[i];

		if (s->arg >= 64 || !(m >> s->arg & 1))
			continue;
		if (s->kind == WB_SRC_CONST) {
			cval_push(pw, &n, s->arg, s->field, 0, s->text);
		} else if (s->kind == WB_SRC_NAME) {
			/* a function's address is not null */
			if (name_defined(pw, node->file, s->text))
				cval_push(pw, &n, s->arg, s->field, 1, NULL);
		} else if (cc) {
			/* what the caller got: all of it, or its value in a member */
			for (j = 0; j < cc->n; j++)
				if (cc->v[j].arg == s->param && (!s->field || !cc->v[j].field) &&
				    !(s->nofields && cc->v[j].field))
					cval_push(pw, &n, s->arg, s->field ? s->field : cc->v[j].field,
						  cc->v[j].nonnull, cc->v[j].k);
		}
	}
	if (!n)
		return 0;
	qsort(pw->tmp, n, sizeof(*pw->tmp), cmp_cval);
	/* a member given twice: neither is kept */
	for (i = j = 0; i < n;) {
		size_t e = i + 1;

		while (e < n && !cmp_cval(&pw->tmp[i], &pw->tmp[e]))
			e++;
		if (e == i + 1)
			pw->tmp[j++] = pw->tmp[i];
		i = e;
	}
	n = j;
	if (!n)
		return 0;
	strbuf_addf(&key, "%zu", cs->nargs);
	for (i = 0; i < n; i++)
		strbuf_addf(&key, "|%u.%s=%s%s", pw->tmp[i].arg,
			    pw->tmp[i].field ? pw->tmp[i].field : "", pw->tmp[i].nonnull ? "*" : "#",
			    pw->tmp[i].k ? pw->tmp[i].k : "");
	id = strmap_get(&pw->ctx_ids, key.buf, key.len);
	if (!id && pw->nctxs < WB_MAX_CTX) {
		struct vctx *c;

		WB_ALLOC_GROW(pw->ctxs, pw->nctxs + 1, pw->ctxs_alloc);
		c = &pw->ctxs[pw->nctxs++];
		c->nargs = cs->nargs;
		c->n = n;
		c->v = xmalloc(n * sizeof(*c->v));
		memcpy(c->v, pw->tmp, n * sizeof(*c->v));
		c->key = strmap_put(&pw->ctx_ids, key.buf, key.len, pw->nctxs);
		id = pw->nctxs;
	}
	strbuf_release(&key);
	return id;
}

/* The context pair p's call gives a chain in context cctx. */
static size_t pair_ctx(struct path_walk *pw, size_t p, size_t cctx)
{
	const struct path_pair *pp = &pw->pairs[p];
	size_t g = pw->base[pp->q] + pp->k;

	if (cctx && node_src(pw, g)->has_param)
		return next_ctx(pw, g, pp->q, cctx);
	/* it passes on nothing of the caller's: as from no context */
	if (!pw->pctx[p])
		pw->pctx[p] = next_ctx(pw, g, pp->q, 0) + 1;
	return pw->pctx[p] - 1;
}

/*
 * s as a number when it is one or a name every '#define' under include/
 * gives the same number, written into buf; else s itself.
 */
static const char *const_number(struct path_walk *pw, const char *s, char *buf, size_t size)
{
	const struct wb_index *idx = pw->a->idx;
	struct const_name *c = NULL;
	size_t i;

	if (!s || isdigit((unsigned char)*s) || !strcmp(s, "NULL"))
		return s;	/* guard.h reads NULL as 0 */
	for (i = 0; i < pw->nconsts; i++)
		if (!strcmp(pw->consts[i].name, s)) {
			c = &pw->consts[i];
			break;
		}
	if (!c) {
		struct wb_blob_cursor cur = WB_BLOB_CURSOR_INIT(idx);
		uint32_t h = wb_name_hash(s, strlen(s));
		int found = 0, bad = 0;

		WB_ALLOC_GROW(pw->consts, pw->nconsts + 1, pw->consts_alloc);
		c = &pw->consts[pw->nconsts++];
		c->name = xstrdup(s);
		c->ok = 0;
		for (i = 0; i < idx->nfiles && !bad; i++) {
			const struct wb_index_file *f = &idx->files[i];
			const char *data;
			size_t len;
			unsigned long long v;
			int r;

			if (f->status != WB_READ_OK || f->uniq != i || strncmp(f->path, "include/", 8) ||
			    !wb_index_may_mention(idx, i, s, h) ||
			    wb_blob_cursor_data(&cur, i, &data, &len) < 0)
				continue;
			r = wb_define_value(data, len, s, &v);
			if (r < 0 || (r > 0 && found && v != c->value))
				bad = 1;
			else if (r > 0) {
				c->value = v;
				found = 1;
			}
		}
		wb_blob_cursor_release(&cur);
		c->ok = found && !bad;

	}
	if (!c->ok)
		return s;
	snprintf(buf, size, "%llu", c->value);
	return buf;
}

/* Can a chain in context ctx not make pair p's call? */
static int pair_excluded(struct path_walk *pw, size_t ctx, size_t p)
{
	const struct call_guards *cg = pair_guards(pw, p);
	const struct vctx *c = &pw->ctxs[ctx - 1];
	size_t i, j;

	for (i = 0; i < cg->n; i++) {
		const struct wb_guard *gd = &cg->g[i];

		if (gd->nparams != c->nargs)
			continue;
		for (j = 0; j < c->n; j++) {
			const struct cval *v = &c->v[j];
			struct wb_guard g2;
			char abuf[32], kbuf[32];
			const char *arg;

			if (v->arg != gd->param || !v->field != !gd->field[0] ||
			    (v->field && strcmp(v->field, gd->field)))
				continue;
			if (v->nonnull) {
				if (wb_guard_excludes(gd, NULL))
					return 1;
				continue;
			}
			/* names compare by the numbers they are defined as (a name equals itself) */
			g2 = *gd;
			if (gd->op != WB_GUARD_TRUE && !strcmp(v->k, gd->k)) {
				arg = v->k;
			} else {
				arg = const_number(pw, v->k, abuf, sizeof(abuf));
				if (gd->op != WB_GUARD_TRUE)
					snprintf(g2.k, sizeof(g2.k), "%s",
						 const_number(pw, gd->k, kbuf, sizeof(kbuf)));
			}
			if (wb_guard_excludes(&g2, arg))
				return 1;
		}
	}
	return 0;
}

/*
 * How many chains below query q0 in partition part0, none shown; every
 * count of a function outside a cycle is kept (a restriction of the
 * calls makes no new cycle).  Returns a lower bound when pw->exhausted.
 */
static uint64_t path_count(struct path_walk *pw, size_t q0, unsigned part0)
{
	const struct wb_audit *a = pw->a;
	struct frame {
		size_t q, p;
		unsigned part;
		uint64_t n;
	} *st;
	size_t sp = 0, slot;
	uint64_t n = 0;

	if (pw->is_root[q0])
		return 1;
	/* a slot first, then the array: making the slot may move it */
	slot = state_slot(pw, part0, q0);
	if (pw->memo[slot])
		return pw->memo[slot] - 1;
	st = xmalloc((a->nqueries + 1) * sizeof(*st));
	st[sp++] = (struct frame){ q0, pw->first[q0], part0, 0 };
	pw->on_stack[q0] = 1;
	while (sp) {
		struct frame *f = &st[sp - 1];

		if (f->p < pw->first[f->q + 1] && !pw->exhausted) {
			size_t p = f->p++;
			const struct path_pair *pp = &pw->pairs[p];
			unsigned part = part_step(f->part, pw->hop[p] >> 1);

			if (++pw->steps > WB_PATH_STEPS)
				pw->exhausted = 1;
			if (part == UINT_MAX)
				continue;
			if (pw->is_root[pp->q]) {
				f->n = add_sat(f->n, 1);
				continue;
			}
			slot = state_slot(pw, part, pp->q);
			if (pw->memo[slot]) {
				f->n = add_sat(f->n, pw->memo[slot] - 1);
			} else if (!pw->on_stack[pp->q]) {
				pw->on_stack[pp->q] = 1;
				st[sp++] = (struct frame){ pp->q, pw->first[pp->q], part, 0 };
			}
			continue;
		}
		pw->on_stack[f->q] = 0;
		if (!pw->in_cycle[f->q] && !pw->exhausted) {
			slot = state_slot(pw, f->part, f->q);
			pw->memo[slot] = add_sat(f->n, 1);
		}
		n = f->n;
		if (--sp)
			st[sp - 1].n = add_sat(st[sp - 1].n, n);
	}
	free(st);
	return n;
}

/* Entries are functions, or a function stored in an entry table. */
static int same_entry(const struct wb_node *m, const struct wb_node *n)
{
	if (m->func || n->func)
		return m->func && n->func && !strcmp(m->func, n->func);
	return m->object && n->object && !strcmp(m->object, n->object) &&
	       !strcmp(m->callee, n->callee);
}

struct path_final {
	size_t node;		/* global node number of the query's call */
	unsigned dist;
	size_t from;		/* state (query whose function makes it, partition); SIZE_MAX: the entry itself */
	size_t src;		/* the entry site it was reached from */
};

struct path_order {
	const struct wb_audit *a;
	const size_t *base;	/* first global node number of each query */
};

static int cmp_final(const void *x, const void *y, void *arg)
{
	const struct path_order *o = arg;
	const struct path_final *p = x, *q = y;
	const struct wb_node *m = global_node(o->a, o->base, p->node, NULL);
	const struct wb_node *n = global_node(o->a, o->base, q->node, NULL);
	int c;

	if (p->dist != q->dist)
		return p->dist < q->dist ? -1 : 1;
	c = wb_index_cmp_pos(o->a->idx, m->file, m->line, m->col, n->file, n->line, n->col);
	return c ? c : p->node < q->node ? -1 : p->node > q->node;
}

struct bucket {
	size_t *v;
	size_t head, n, alloc;	/* first in, first out: calls in source order */
};

static void path_push(struct bucket **b, size_t *nb, size_t *alloc, size_t d, size_t q)
{
	if (d >= *nb) {
		WB_ALLOC_GROW(*b, d + 1, *alloc);
		memset(*b + *nb, 0, (d + 1 - *nb) * sizeof(**b));
		*nb = d + 1;
	}
	WB_ALLOC_GROW((*b)[d].v, (*b)[d].n + 1, (*b)[d].alloc);
	(*b)[d].v[(*b)[d].n++] = q;
}

static void path_walk_run(struct path_walk *pw)
{
	const struct wb_audit *a = pw->a;
	size_t nq = a->nqueries, i, j, nnodes = pw->nnodes;
	size_t *base = pw->base, *touched = NULL, talloc = 0;
	struct bucket *buckets = NULL;
	size_t nbuckets = 0, balloc = 0;
	size_t ntouched, nfinal, falloc = 0, *fslot;
	struct path_final *finals = NULL;
	struct path_order order;
	char *done = xcalloc(pw->nentry_sites + 1, 1);
	struct wb_nameset *seen = wb_nameset_new();

	order.a = a;
	order.base = base;
	/*
	 * pw->dist is the distance + 1, 0 when not reached, so dist - 1u
	 * is never near when not reached; pw's slot arrays move when a
	 * state is made (state_slot()): they are read through pw
	 */
	fslot = xmalloc((nnodes + 1) * sizeof(*fslot));
	for (i = 0; i < nnodes; i++)
		fslot[i] = SIZE_MAX;

	for (i = 0; i < pw->nentry_sites; i++) {
		const struct wb_node *e = &a->queries[pw->entries[i].q].nodes[pw->entries[i].k];
		size_t f, d0;

		if (done[i])
			continue;
		/* every site of this entry starts the walk: by distance, buckets */
		ntouched = nfinal = 0;
		for (j = i; j < pw->nentry_sites; j++) {
			const struct path_pair *s = &pw->entries[j];
			const struct wb_node *n = &a->queries[s->q].nodes[s->k];
			size_t st;

			if (done[j] || !same_entry(e, n))
				continue;
			done[j] = 1;
			if (a->queries[s->q].is_root) {
				size_t g = base[s->q] + s->k;

				if (fslot[g] == SIZE_MAX) {
					WB_ALLOC_GROW(finals, nfinal + 1, falloc);
					fslot[g] = nfinal;
					finals[nfinal++] = (struct path_final){ g, 0, SIZE_MAX, j };
				}
				continue;
			}
			st = state_slot_ctx(pw, pw->entry_part[j],
					    n->kind == WB_SITE_CALL ? next_ctx(pw, base[s->q] + s->k, s->q, 0) : 0,
					    s->q);
			if (pw->dist[st])
				continue;
			pw->dist[st] = 1;
			pw->via[st] = SIZE_MAX;
			pw->src[st] = j;
			WB_ALLOC_GROW(touched, ntouched + 1, talloc);
			touched[ntouched++] = st;
			path_push(&buckets, &nbuckets, &balloc, 0, st);
		}
		for (d0 = 0; d0 < nbuckets; d0++) {
		    while (buckets[d0].head < buckets[d0].n) {
			size_t c = buckets[d0].v[buckets[d0].head++], p;
			size_t cq = c < nq ? c : pw->slot_q[c - nq];
			unsigned cpart = c < nq ? 0 : pw->slot_part[c - nq];
			size_t cctx = c < nq ? 0 : pw->slot_ctx[c - nq];

			if (pw->dist[c] != d0 + 1)
				continue;	/* reached again, nearer */
			/*
			 * a function reached in no partition as near: all
			 * it reaches in one, it reaches there, as near
			 */
			if ((cpart || cctx) && pw->dist[cq] - 1u <= d0)
				continue;
			/* nor one reached in its partition with no constants as near */
			if (cpart && cctx) {
				size_t o = state_find(pw, cpart, 0, cq);

				if (o != SIZE_MAX && pw->dist[o] - 1u <= d0)
					continue;
			}

			for (p = pw->first[cq]; p < pw->first[cq + 1]; p++) {
				const struct path_pair *pp = &pw->pairs[p];
				unsigned d = (unsigned)d0 + (pw->hop[p] & 1);
				unsigned part = part_step(cpart, pw->hop[p] >> 1);
				size_t t, nctx;

				if (part == UINT_MAX)
					continue;	/* from one partition into another */
				if (cctx && pair_excluded(pw, cctx, p))
					continue;	/* the constants passed rule the call out */
				if (pw->is_root[pp->q]) {
					size_t g = base[pp->q] + pp->k;

					if (fslot[g] == SIZE_MAX) {
						WB_ALLOC_GROW(finals, nfinal + 1, falloc);
						fslot[g] = nfinal;
						finals[nfinal++] = (struct path_final){ g, d, c, pw->src[c] };
					} else if (d < finals[fslot[g]].dist) {
						finals[fslot[g]] = (struct path_final){ g, d, c, pw->src[c] };
					}
					continue;
				}
				if (part && pw->dist[pp->q] - 1u <= d)
					continue;
				nctx = pair_ctx(pw, p, cctx);
				if (nctx) {
					size_t o;

					if (pw->dist[pp->q] - 1u <= d)
						continue;
					o = part ? state_find(pw, part, 0, pp->q) : SIZE_MAX;
					if (o != SIZE_MAX && pw->dist[o] - 1u <= d)
						continue;
				}
				t = state_slot_ctx(pw, part, nctx, pp->q);
				if (pw->dist[t] - 1u <= d)
					continue;
				if (!pw->dist[t]) {
					WB_ALLOC_GROW(touched, ntouched + 1, talloc);
					touched[ntouched++] = t;
				}
				pw->dist[t] = d + 1;
				pw->via[t] = p;
				pw->prev[t] = c;
				pw->src[t] = pw->src[c];
				path_push(&buckets, &nbuckets, &balloc, d, t);
			}
		    }
		    buckets[d0].head = buckets[d0].n = 0;
		}
		if (nfinal) {
			if (wb_nameset_add(seen, entry_name(e), strlen(entry_name(e))))
				pw->nentries++;
			pw->entry_has_chain[i] = 1;
		}
		qsort_r(finals, nfinal, sizeof(*finals), cmp_final, &order);
		for (f = 0; f < nfinal; f++) {
			const struct path_final *fi = &finals[f];
			const struct path_pair *s = &pw->entries[fi->src];
			const struct wb_node *entry = &a->queries[s->q].nodes[s->k];
			size_t c = fi->from, h;

			pw->nshortest++;
			fslot[fi->node] = SIZE_MAX;
			if (pw->npaths >= WB_MAX_PATHS)
				continue;
			/* the chain, from the query's call back up to the entry's callee */
			pw->nhops = 0;
			if (c != SIZE_MAX) {
				WB_ALLOC_GROW(pw->hops, pw->nhops + 1, pw->hops_alloc);
				pw->hops[pw->nhops++] = global_node(a, base, fi->node, NULL);
				while (pw->via[c] != SIZE_MAX) {
					const struct path_pair *pp = &pw->pairs[pw->via[c]];

					WB_ALLOC_GROW(pw->hops, pw->nhops + 1, pw->hops_alloc);
					pw->hops[pw->nhops++] = &a->queries[pp->q].nodes[pp->k];
					c = pw->prev[c];
				}
				/* c is the entry's callee: walk the other way */
				for (h = 0; h < pw->nhops / 2; h++) {
					const struct wb_node *t = pw->hops[h];

					pw->hops[h] = pw->hops[pw->nhops - 1 - h];
					pw->hops[pw->nhops - 1 - h] = t;
				}
			}
			pw->calls = fi->dist + (entry->kind == WB_SITE_CALL ? 1 : 0);
			pw->npaths++;
			pw->emit(pw, entry, pw->data);
		}
		for (j = 0; j < ntouched; j++)
			pw->dist[touched[j]] = 0;
	}
	pw->nhops = 0;
	pw->capped = pw->nshortest > pw->npaths;

	/* every chain, counted: each entry site its own budget */
	pw->total_exact = 1;
	for (i = 0; i < pw->nentry_sites; i++) {
		uint64_t c;

		pw->steps = WB_PATH_STEPS - WB_PATH_STEPS / pw->nentry_sites;
		pw->exhausted = 0;
		c = path_count(pw, pw->entries[i].q, pw->entry_part[i]);
		pw->total = add_sat(pw->total, c);
		if (pw->exhausted)
			pw->total_exact = 0;
	}
	pw->count_stopped = !pw->total_exact;
	free(done);

	for (i = 0; i < nbuckets; i++)
		free(buckets[i].v);
	free(buckets);
	free(touched);
	free(fslot);
	free(finals);
	wb_nameset_free(seen);
}

struct paths_text {
	FILE *out;
	struct strbuf chain, path;
};

/* One step of a chain: a call, a call through a member, a store of fn as '.m'. */
static void add_step(struct strbuf *sb, const struct wb_node *n)
{
	if (n->kind == WB_SITE_REF && n->member && !n->entry)
		strbuf_addf(sb, " = %s()", n->callee);
	else if (n->callee[0] == '-')
		strbuf_addf(sb, " -> %s", n->callee);
	else
		strbuf_addf(sb, " -> %s()", n->callee);
}

static void emit_path_text(struct path_walk *pw, const struct wb_node *n, void *data)
{
	struct paths_text *pt = data;
	const struct wb_audit *a = pw->a;
	size_t h;

	strbuf_reset(&pt->chain);
	strbuf_addf(&pt->chain, n->func ? "%s()" : "%s[]", entry_name(n));
	add_step(&pt->chain, n);
	for (h = 0; h < pw->nhops; h++)
		add_step(&pt->chain, pw->hops[h]);
	fprintf(pt->out, "%s:%u:%u: warning: %s [%s]\n", qpath(&pt->path, a->idx->files[n->file].path),
		n->line, n->col, pt->chain.buf, a->check->name);
	for (h = 0; h < pw->nhops; h++) {
		const struct wb_node *s = pw->hops[h];

		fprintf(pt->out, "%s:%u:%u: note: ", qpath(&pt->path, a->idx->files[s->file].path),
			s->line, s->col);
		if (s->kind == WB_SITE_REF && s->member && !s->entry)
			fprintf(pt->out, "%s%s%s%s stores %s() as .%s\n", s->object,
				s->stype ? " (struct " : "", s->stype ? s->stype : "",
				s->stype ? ")" : "", s->callee, s->member);
		else if (s->callee[0] == '-')
			fprintf(pt->out, "%s() calls %s(), indirectly\n", s->func, s->callee);
		else
			fprintf(pt->out, "%s() calls %s()\n", s->func, s->callee);
	}
}

size_t wb_report_paths_text(FILE *out, const struct wb_audit *a, const struct wb_report_ctx *ctx)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct paths_text pt = { out, STRBUF_INIT, STRBUF_INIT };
	struct path_walk pw;
	size_t npaths;

	git_oid_tostr(hex, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s at %s (%s)\n\n", a->check->name, wb_report_name(ctx), hex);
	path_walk_init(&pw, a);
	pw.emit = emit_path_text;
	pw.data = &pt;
	path_walk_run(&pw);
	npaths = pw.npaths;
	if (npaths)
		fputc('\n', out);
	fprintf(out, "%s: %zu path%s from %zu entry point%s, the shortest per entry and query, of "
		"%s%llu chain%s; %zu functions followed, depth %u",
		a->check->name, pw.nshortest, pw.nshortest == 1 ? "" : "s", pw.nentries,
		pw.nentries == 1 ? "" : "s", pw.total_exact ? "" : "at least ",
		(unsigned long long)pw.total, pw.total == 1 ? "" : "s", a->nqueries, a->depth);
	if (a->scope_depth > a->depth)
		fprintf(out, " (%u in the indirect scope)", a->scope_depth);
	fprintf(out, "%s\n", a->truncated ? " (reached: deeper callers not followed)" : "");
	if (pw.capped)
		fprintf(out, "%s: only the first %zu paths are shown; %zu left out\n",
			a->check->name, pw.npaths, pw.nshortest - pw.npaths);
	if (pw.count_stopped)
		fprintf(out, "%s: counting stopped after %llu steps in cycles of the call graph\n",
			a->check->name, (unsigned long long)WB_PATH_STEPS);
	wb_report_incomplete_text(out, a->idx);
	path_walk_release(&pw);
	strbuf_release(&pt.chain);
	strbuf_release(&pt.path);
	return npaths;
}

static json_t *path_step_json(const struct wb_audit *a, const struct wb_node *s)
{
	json_t *e = json_object();

	json_object_set_new(e, "function", s->func ? wb_json_string(s->func) : json_null());
	if (!s->func && s->object && s->member && !s->entry) {
		/* an indirect call's target: where it is stored */
		json_object_set_new(e, "object", wb_json_string(s->object));
		json_object_set_new(e, "member", wb_json_string(s->member));
		json_object_set_new(e, "struct", s->stype ? wb_json_string(s->stype) : json_null());
		json_object_set_new(e, "stores", wb_json_string(s->callee));
	} else {
		if (!s->func && s->object)
			json_object_set_new(e, "table", wb_json_string(s->object));
		json_object_set_new(e, "calls", wb_json_string(s->callee));
		if (s->callee[0] == '-')
			json_object_set_new(e, "indirect", json_true());
	}
	json_object_set_new(e, "path", wb_json_string(a->idx->files[s->file].path));
	json_object_set_new(e, "line", json_integer(s->line));
	json_object_set_new(e, "column", json_integer(s->col));
	return e;
}

static void emit_path_json(struct path_walk *pw, const struct wb_node *n, void *data)
{
	json_t *paths = data, *p = json_object(), *steps = json_array();
	size_t h;

	json_array_append_new(steps, path_step_json(pw->a, n));
	for (h = 0; h < pw->nhops; h++)
		json_array_append_new(steps, path_step_json(pw->a, pw->hops[h]));
	json_object_set_new(p, "entry", wb_json_string(entry_name(n)));
	json_object_set_new(p, "via", wb_json_string(n->func ? "call" : "table"));
	json_object_set_new(p, "calls", json_integer(pw->calls));
	json_object_set_new(p, "query", path_step_json(pw->a, pw->nhops ? pw->hops[pw->nhops - 1] : n));
	json_object_set_new(p, "steps", steps);
	json_array_append_new(paths, p);
}

json_t *wb_report_paths_json(const struct wb_audit *a, const struct wb_report_ctx *ctx,
			     size_t *npaths)
{
	json_t *o = json_object(), *paths = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	struct path_walk pw;
	json_int_t total;

	json_object_set_new(o, "check", wb_json_string(a->check->name));
	json_object_set_new(o, "revision", wb_json_string(ctx->rev));
	json_object_set_new(o, "tree", wb_json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	path_walk_init(&pw, a);
	pw.emit = emit_path_json;
	pw.data = paths;
	path_walk_run(&pw);
	*npaths = pw.npaths;
	json_object_set_new(o, "paths", paths);
	json_object_set_new(o, "paths_capped", json_boolean(pw.capped));
	json_object_set_new(o, "paths_shortest", json_integer((json_int_t)pw.nshortest));
	/* every chain found, shown or not; a lower bound when not exact */
	total = pw.total > (uint64_t)INT64_MAX ? INT64_MAX : (json_int_t)pw.total;
	json_object_set_new(o, "paths_total", json_integer(total));
	json_object_set_new(o, "paths_total_exact", json_boolean(pw.total_exact && total < INT64_MAX));
	json_object_set_new(o, "functions_followed", json_integer((json_int_t)a->nqueries));
	json_object_set_new(o, "depth_limit_reached", json_boolean(a->truncated));
	json_object_set_new(o, "scope_depth", json_integer(a->scope_depth));
	path_walk_release(&pw);
	return o;
}

/* ---- SARIF 2.1.0 ----------------------------------------------------------- */

/*
 * SARIF is made from the JSON report, so that the two cannot disagree: one
 * run per check, a rule for each kind of result with the check's own words
 * as its help, and for each result its call site (lines and columns 1-based,
 * as in every format), the wrappers it was reached through and the lines the
 * verdict rests on as related locations.
 */

/* A relative URI for a tree path: unreserved characters and '/' as they are. */
static json_t *sarif_uri(const char *path)
{
	static const char hexd[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p;
	json_t *j;

	for (p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~/", *p)) {
			strbuf_addch(&sb, (char)*p);
		} else {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hexd[*p >> 4]);
			strbuf_addch(&sb, hexd[*p & 15]);
		}
	}
	j = json_string(sb.buf);
	strbuf_release(&sb);
	return j;
}

static json_t *sarif_message(const char *text)
{
	return json_pack("{s:o}", "text", wb_json_string(text ? text : ""));
}

/* A location object; line or column 0: not known. */
static json_t *sarif_location(const char *path, json_int_t line, json_int_t col, const char *func)
{
	json_t *loc = json_object(), *phys = json_object(), *art = json_object();

	json_object_set_new(art, "uri", sarif_uri(path ? path : ""));
	json_object_set_new(art, "uriBaseId", json_string("SRCROOT"));
	json_object_set_new(phys, "artifactLocation", art);
	if (line > 0) {
		json_t *region = json_object();

		json_object_set_new(region, "startLine", json_integer(line));
		if (col > 0)
			json_object_set_new(region, "startColumn", json_integer(col));
		json_object_set_new(phys, "region", region);
	}
	json_object_set_new(loc, "physicalLocation", phys);
	if (func && *func)
		json_object_set_new(loc, "logicalLocations",
				    json_pack("[{s:o,s:s}]", "name", wb_json_string(func), "kind", "function"));
	return loc;
}

struct sarif_run {
	const struct wb_check *check;	/* NULL: no definition (check's tools) */
	const char *check_name;
	json_t *rules, *rule_index, *results;
};

/* The index of rule id in the run, added with its help the first time. */
static size_t sarif_rule(struct sarif_run *r, const char *id, const char *short_text,
			 const char *help, const char *level)
{
	json_t *ix = json_object_get(r->rule_index, id), *rule;

	if (ix)
		return (size_t)json_integer_value(ix);
	rule = json_object();
	json_object_set_new(rule, "id", json_string(id));
	json_object_set_new(rule, "shortDescription", sarif_message(short_text));
	json_object_set_new(rule, "fullDescription", sarif_message(help));
	json_object_set_new(rule, "help", sarif_message(help));
	json_object_set_new(rule, "defaultConfiguration", json_pack("{s:s}", "level", level));
	json_object_set_new(r->rule_index, id, json_integer((json_int_t)json_array_size(r->rules)));
	json_array_append_new(r->rules, rule);
	return json_array_size(r->rules) - 1;
}

/* The help of a calls-check rule for class cls (NULL: a call site not classified). */
static char *calls_rule_help(const struct wb_check *c, const char *name, const char *cls)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	strbuf_addf(&sb, "%s: %s.", name, c && c->description ? c->description : "call sites of the primitives");
	if (c && c->nprimitives) {
		strbuf_addstr(&sb, " Primitives:");
		for (i = 0; i < c->nprimitives; i++)
			strbuf_addf(&sb, " %s()", c->primitives[i]);
		strbuf_addch(&sb, '.');
	}
	if (cls) {
		strbuf_addf(&sb, " Class '%s': the first 'classify' line of checks/%s.conf whose facts all hold"
			    " ('!fact': must not) gives it, or the review notes do.", cls, name);
		for (i = 0; c && i < c->nclassify; i++) {
			const char *arrow = strstr(c->classify[i], "=>");

			if (arrow && !strcmp(arrow + 2 + strspn(arrow + 2, " \t"), cls))
				strbuf_addf(&sb, " '%s'.", c->classify[i]);
		}
	} else {
		strbuf_addstr(&sb, " A call site or reference to review.");
	}
	return strbuf_detach(&sb, NULL);
}

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : NULL;
}

static json_int_t jint(const json_t *o, const char *key)
{
	return json_integer_value(json_object_get(o, key));
}

/* A related location for each wrapper of the chain, then each evidence line. */
/* The fields every result has: its rule (by id and index), level and message. */
static void sarif_result_head(json_t *res, const char *rule_id, size_t ix, const char *level,
			      const char *msg)
{
	json_object_set_new(res, "ruleId", json_string(rule_id));
	json_object_set_new(res, "ruleIndex", json_integer((json_int_t)ix));
	json_object_set_new(res, "level", json_string(level));
	json_object_set_new(res, "message", sarif_message(msg));
}

static json_t *related_locations(json_t *const *chain, size_t nchain, const json_t *node)
{
	json_t *rel = json_array(), *ev = json_object_get(json_object_get(node, "verdict"), "evidence");
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < nchain; i++) {
		json_t *l = sarif_location(jstr(chain[i], "path"), jint(chain[i], "line"),
					   jint(chain[i], "column"), jstr(chain[i], "function"));

		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s() calls %s() (wrapper)", jstr(chain[i], "function") ? jstr(chain[i], "function") :
			    "(file scope)", jstr(chain[i], "callee"));
		json_object_set_new(l, "id", json_integer((json_int_t)json_array_size(rel)));
		json_object_set_new(l, "message", sarif_message(sb.buf));
		json_array_append_new(rel, l);
	}
	for (i = 0; i < json_array_size(ev); i++) {
		json_t *e = json_array_get(ev, i);
		json_t *l = sarif_location(jstr(node, "path"), jint(e, "line"), jint(e, "column"), NULL);

		strbuf_reset(&sb);
		strbuf_addf(&sb, "evidence (%s): %s", jstr(e, "rule"), jstr(e, "text"));
		json_object_set_new(l, "id", json_integer((json_int_t)json_array_size(rel)));
		json_object_set_new(l, "message", sarif_message(sb.buf));
		json_array_append_new(rel, l);
	}
	strbuf_release(&sb);
	return rel;
}

static int needs_attention(const json_t *v)
{
	const char *review = jstr(v, "review");

	return json_is_true(json_object_get(v, "disagrees")) || json_is_true(json_object_get(v, "mismatch")) ||
	       (review && strcmp(review, "reviewed"));
}

static void calls_result(struct sarif_run *r, json_t *node, json_t *const *chain, size_t nchain,
			 const char *primitive)
{
	const json_t *v = json_object_get(node, "verdict");
	const char *cls = v ? jstr(v, "class") : NULL, *func = jstr(node, "function"), *level;
	struct strbuf id = STRBUF_INIT, msg = STRBUF_INIT;
	json_t *res = json_object(), *loc, *rel, *props;
	char *help;
	size_t ix, i;

	strbuf_addf(&id, "%s/%s", r->check_name, cls ? cls : !strcmp(jstr(node, "kind"), "reference") ?
		    "reference" : "call");
	help = calls_rule_help(r->check, r->check_name, cls);
	level = v ? (needs_attention(v) ? "warning" : "note") : "note";
	ix = sarif_rule(r, id.buf, cls ? cls : jstr(node, "kind"), help, v ? "warning" : "note");
	free(help);
	if (func)
		strbuf_addf(&msg, "%s() %s %s()", func,
			    !strcmp(jstr(node, "kind"), "reference") ? "references" : "calls", jstr(node, "callee"));
	else
		strbuf_addf(&msg, "%s() referenced at file scope", jstr(node, "callee"));
	if (nchain) {
		strbuf_addstr(&msg, ", through");
		for (i = nchain; i-- > 0;)
			strbuf_addf(&msg, " %s()%s", jstr(chain[i], "function") ? jstr(chain[i], "function") : "?",
				    i ? " ->" : "");
		strbuf_addf(&msg, " -> %s()", primitive);
	}
	if (cls)
		strbuf_addf(&msg, ": %s (%s, %s)", cls, jstr(v, "source"), jstr(v, "review"));
	sarif_result_head(res, id.buf, ix, level, msg.buf);
	loc = sarif_location(jstr(node, "path"), jint(node, "line"), jint(node, "column"), func);
	json_object_set_new(res, "locations", json_pack("[o]", loc));
	rel = related_locations(chain, nchain, node);
	if (json_array_size(rel))
		json_object_set_new(res, "relatedLocations", rel);
	else
		json_decref(rel);
	if (v && jstr(v, "caller"))
		json_object_set_new(res, "partialFingerprints",
				    json_pack("{s:o}", "workbenchCaller/v1", wb_json_string(jstr(v, "caller"))));
	props = json_pack("{s:o,s:o}", "primitive", wb_json_string(primitive), "callee",
			  wb_json_string(jstr(node, "callee")));
	if (v) {
		json_object_set(props, "review", json_object_get(v, "review"));
		json_object_set(props, "source", json_object_get(v, "source"));
	}
	json_object_set_new(res, "properties", props);
	json_array_append_new(r->results, res);
	strbuf_release(&id);
	strbuf_release(&msg);
}

/* The callers of one primitive or wrapper; chain: the wrappers above, nearest last. */
static void calls_walk(struct sarif_run *r, json_t *callers, json_t **chain, size_t nchain,
		       const char *primitive)
{
	size_t i;

	for (i = 0; i < json_array_size(callers); i++) {
		json_t *n = json_array_get(callers, i), *sub = json_object_get(n, "callers");

		if (json_is_array(sub) && nchain < 64) {
			chain[nchain] = n;
			calls_walk(r, sub, chain, nchain + 1, primitive);
			if (!json_array_size(sub) && !json_object_get(n, "verdict"))
				calls_result(r, n, chain, nchain, primitive);
		} else if (!json_is_true(json_object_get(n, "callers_shown_above"))) {
			calls_result(r, n, chain, nchain, primitive);
		}
	}
	/* a wrapper with a verdict of its own is judged too */
	for (i = 0; i < json_array_size(callers); i++) {
		json_t *n = json_array_get(callers, i);

		if (json_is_array(json_object_get(n, "callers")) && json_object_get(n, "verdict"))
			calls_result(r, n, chain, nchain, primitive);
	}
}

static void paths_results(struct sarif_run *r, const json_t *audit)
{
	json_t *paths = json_object_get(audit, "paths");
	struct strbuf help = STRBUF_INIT, msg = STRBUF_INIT;
	size_t i, k, ix;

	strbuf_addf(&help, "%s: %s.", r->check_name,
		    r->check && r->check->description ? r->check->description : "chains from entry points");
	if (r->check && r->check->nentries) {
		strbuf_addstr(&help, " Entry points:");
		for (k = 0; k < r->check->nentries; k++)
			strbuf_addf(&help, " %s()", r->check->entries[k]);
		strbuf_addch(&help, '.');
	}
	if (r->check && r->check->nentry_tables) {
		strbuf_addstr(&help, " Every function stored in:");
		for (k = 0; k < r->check->nentry_tables; k++)
			strbuf_addf(&help, " %s[]", r->check->entry_tables[k]);
		strbuf_addch(&help, '.');
	}
	for (i = 0; i < json_array_size(paths); i++) {
		json_t *p = json_array_get(paths, i), *steps = json_object_get(p, "steps");
		json_t *res = json_object(), *first = json_array_get(steps, 0), *rel = json_array();

		if (!first) {
			json_decref(res);
			json_decref(rel);
			continue;
		}
		ix = sarif_rule(r, r->check_name, "a chain from an entry point down to a primitive", help.buf,
				"warning");
		strbuf_reset(&msg);
		strbuf_addf(&msg, "%s%s", jstr(p, "entry"), !strcmp(jstr(p, "via"), "table") ? "[]" : "()");
		for (k = 0; k < json_array_size(steps); k++)
			strbuf_addf(&msg, " -> %s()", jstr(json_array_get(steps, k), "calls"));
		for (k = 0; k < json_array_size(steps); k++) {
			json_t *s = json_array_get(steps, k);
			json_t *l = sarif_location(jstr(s, "path"), jint(s, "line"), jint(s, "column"),
						   jstr(s, "function"));
			struct strbuf m = STRBUF_INIT;

			strbuf_addf(&m, "%s%s calls %s()", jstr(s, "function") ? jstr(s, "function") :
				    jstr(s, "table") ? jstr(s, "table") : "(file scope)",
				    jstr(s, "function") ? "()" : "[]", jstr(s, "calls"));
			json_object_set_new(l, "id", json_integer((json_int_t)k));
			json_object_set_new(l, "message", sarif_message(m.buf));
			json_array_append_new(rel, l);
			strbuf_release(&m);
		}
		sarif_result_head(res, r->check_name, ix, "warning", msg.buf);
		json_object_set_new(res, "locations",
				    json_pack("[o]", sarif_location(jstr(first, "path"), jint(first, "line"),
								   jint(first, "column"), jstr(first, "function"))));
		json_object_set_new(res, "relatedLocations", rel);
		json_array_append_new(r->results, res);
	}
	strbuf_release(&help);
	strbuf_release(&msg);
}

static void uses_results(struct sarif_run *r, const json_t *audit)
{
	json_t *trackers = json_object_get(audit, "trackers");
	struct strbuf help = STRBUF_INIT, msg = STRBUF_INIT;
	size_t i, k, ix;

	strbuf_addf(&help, "%s: %s. Every use of the names, counted by subsystem.", r->check_name,
		    r->check && r->check->description ? r->check->description : "uses");
	for (i = 0; i < json_array_size(trackers); i++) {
		json_t *t = json_array_get(trackers, i), *uses = json_object_get(t, "uses");

		for (k = 0; k < json_array_size(uses); k++) {
			json_t *u = json_array_get(uses, k), *res = json_object();

			ix = sarif_rule(r, r->check_name, "a use of a tracked name", help.buf, "note");
			strbuf_reset(&msg);
			strbuf_addf(&msg, "%s %s %s%s", jstr(u, "function") ? jstr(u, "function") : "(file scope)",
				    !strcmp(jstr(u, "kind"), "use") ? "uses" : "calls", jstr(t, "name"),
				    !strcmp(jstr(u, "kind"), "use") ? "" : "()");
			sarif_result_head(res, r->check_name, ix, "note", msg.buf);
			json_object_set_new(res, "locations",
					    json_pack("[o]", sarif_location(jstr(u, "path"), jint(u, "line"),
									   jint(u, "column"), jstr(u, "function"))));
			json_array_append_new(r->results, res);
		}
	}
	strbuf_release(&help);
	strbuf_release(&msg);
}

static void pattern_results(struct sarif_run *r, const json_t *audit)
{
	json_t *findings = json_object_get(audit, "findings");
	struct strbuf id = STRBUF_INIT, help = STRBUF_INIT;
	size_t i, ix;

	for (i = 0; i < json_array_size(findings); i++) {
		json_t *f = json_array_get(findings, i), *res = json_object();

		strbuf_reset(&id);
		strbuf_addf(&id, "%s/%s", r->check_name, jstr(f, "fact"));
		strbuf_reset(&help);
		strbuf_addf(&help, "%s: %s. Fact '%s' of the rule cocci/%s.cocci.", r->check_name,
			    r->check && r->check->description ? r->check->description : "pattern",
			    jstr(f, "fact"), jstr(f, "rule"));
		ix = sarif_rule(r, id.buf, jstr(f, "fact"), help.buf, "warning");
		sarif_result_head(res, id.buf, ix, "warning", jstr(f, "text"));
		json_object_set_new(res, "locations",
				    json_pack("[o]", sarif_location(jstr(f, "path"), jint(f, "line"),
								   jint(f, "column"), NULL)));
		json_array_append_new(r->results, res);
	}
	strbuf_release(&id);
	strbuf_release(&help);
}

static json_t *sarif_run_new(struct sarif_run *r, const char *tool_version, const char *kind)
{
	json_t *run = json_object(), *driver = json_object();

	json_object_set_new(driver, "name", json_string("workbench"));
	if (tool_version)
		json_object_set_new(driver, "version", wb_json_string(tool_version));
	json_object_set_new(driver, "rules", r->rules);
	json_object_set_new(run, "tool", json_pack("{s:o}", "driver", driver));
	json_object_set_new(run, "automationDetails",
			    json_pack("{s:o}", "id", json_sprintf("workbench/%s/%s/", kind, r->check_name)));
	json_object_set_new(run, "originalUriBaseIds",
			    json_pack("{s:{s:{s:s}}}", "SRCROOT", "description", "text",
				      "the top of the tree that was read"));
	json_object_set_new(run, "results", r->results);
	json_decref(r->rule_index);
	return run;
}

json_t *wb_report_sarif(const json_t *audits, struct wb_check *const *checks, size_t nchecks,
			const char *tool_version)
{
	json_t *runs = json_array();
	size_t i, k;

	for (i = 0; i < json_array_size(audits); i++) {
		json_t *audit = json_array_get(audits, i), *run, *props, *prims;
		struct sarif_run r = { NULL, jstr(audit, "check"), json_array(), json_object(), json_array() };
		json_t *chain[64];

		if (!r.check_name)
			r.check_name = "?";
		for (k = 0; k < nchecks; k++)
			if (!strcmp(checks[k]->name, r.check_name))
				r.check = checks[k];
		prims = json_object_get(audit, "primitives");
		for (k = 0; k < json_array_size(prims); k++) {
			json_t *p = json_array_get(prims, k);

			calls_walk(&r, json_object_get(p, "callers"), chain, 0, jstr(p, "name"));
		}
		if (json_object_get(audit, "paths"))
			paths_results(&r, audit);
		if (json_object_get(audit, "trackers"))
			uses_results(&r, audit);
		if (json_object_get(audit, "findings"))
			pattern_results(&r, audit);
		run = sarif_run_new(&r, tool_version, "audit");
		json_object_set_new(run, "invocations",
				    json_pack("[{s:b}]", "executionSuccessful",
					      json_is_true(json_object_get(audit, "complete"))));
		props = json_object();
		json_object_set(props, "revision", json_object_get(audit, "revision"));
		if (json_object_get(audit, "commit"))
			json_object_set(props, "commit", json_object_get(audit, "commit"));
		json_object_set(props, "tree", json_object_get(audit, "tree"));
		json_object_set(props, "complete", json_object_get(audit, "complete"));
		if (json_object_get(audit, "definition"))
			json_object_set(props, "definition", json_object_get(audit, "definition"));
		json_object_set_new(run, "properties", props);
		json_array_append_new(runs, run);
	}
	return json_pack("{s:s,s:s,s:o}", "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0", "runs", runs);
}

/* ---- SARIF of workbench check: one run per tool --------------------------- */

static const char *check_rule_help(enum wb_tool t)
{
	switch (t) {
	case WB_TOOL_CHECKPATCH:
		return "scripts/checkpatch.pl of the tree, on the patch: the rule id names its message type "
		       "(checkpatch/TYPE); see the kernel's Documentation/dev-tools/checkpatch.rst.";
	case WB_TOOL_COCCI:
		return "the tree's Coccinelle scripts (scripts/coccinelle), run on the files the patch touches "
		       "before and after it: a finding is a report that the patch adds.";
	case WB_TOOL_SPARSE:
		return "sparse (make C=2) on the files the patch touches: a finding is a warning that the "
		       "patch adds.";
	case WB_TOOL_AUDIT:
		return "the workbench audit before and after the patch: a finding says the patch changes its "
		       "results (workbench audit --since).";
	default:
		return "a workbench check";
	}
}

static const char *sarif_level(const char *severity)
{
	if (!severity)
		return "warning";
	if (!strcmp(severity, "error") || !strcmp(severity, "warning") || !strcmp(severity, "note"))
		return severity;
	return !strcmp(severity, "check") ? "note" : "warning";
}

json_t *wb_check_sarif(const struct wb_check_result *res, const char *tool_version)
{
	json_t *runs = json_array();
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &res->tools[t];
		struct sarif_run r = { NULL, wb_tool_name(t), NULL, NULL, NULL };
		json_t *run, *driver, *conv, *props;
		size_t p, k;

		if (!tr->requested)
			continue;
		r.rules = json_array();
		r.rule_index = json_object();
		r.results = json_array();
		for (p = 0; tr->patches && p < res->npatches; p++) {
			const struct wb_tool_patch *tp = &tr->patches[p];

			for (k = 0; k < tp->nfindings; k++) {
				const struct wb_finding *f = &tp->findings[k];
				const char *id = f->id && *f->id ? f->id : wb_tool_name(t);
				json_t *result = json_object();
				size_t ix = sarif_rule(&r, id, id, check_rule_help(t), "warning");

				sarif_result_head(result, id, ix, sarif_level(f->severity), f->message);
				if (f->path && *f->path)
					json_object_set_new(result, "locations",
							    json_pack("[o]", sarif_location(f->path, f->line, f->col,
											   NULL)));
				json_object_set_new(result, "properties",
						    json_pack("{s:I,s:s,s:o}", "patch", (json_int_t)p + 1,
							      "commit", res->patches[p].oid, "subject",
							      wb_json_string(res->patches[p].subject)));
				json_array_append_new(r.results, result);
			}
		}
		driver = json_object();
		json_object_set_new(driver, "name", json_string(wb_tool_name(t)));
		if (tr->version)
			json_object_set_new(driver, "version", wb_json_string(tr->version));
		json_object_set_new(driver, "rules", r.rules);
		r.rules = json_array();
		run = sarif_run_new(&r, NULL, "check");
		json_object_set_new(run, "tool", json_pack("{s:o}", "driver", driver));
		conv = json_pack("{s:{s:{s:s}}}", "tool", "driver", "name", "workbench");
		if (tool_version)
			json_object_set_new(json_object_get(json_object_get(conv, "tool"), "driver"), "version",
					    wb_json_string(tool_version));
		json_object_set_new(run, "conversion", conv);
		json_object_set_new(run, "invocations",
				    json_pack("[{s:b}]", "executionSuccessful", !tr->cannot));
		props = json_pack("{s:s,s:s,s:s}", "base", res->base, "head", res->head, "status",
				  tr->skipped ? "skipped" : tr->cannot ? "cannot" : wb_status_name(tr->status));
		if (tr->reason)
			json_object_set_new(props, "reason", wb_json_string(tr->reason));
		if (tr->flags)
			json_object_set_new(props, "flags", wb_json_string(tr->flags));
		json_object_set_new(run, "properties", props);
		json_array_append_new(runs, run);
	}
	return json_pack("{s:s,s:s,s:o}", "$schema", "https://json.schemastore.org/sarif-2.1.0.json",
			 "version", "2.1.0", "runs", runs);
}
