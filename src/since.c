// SPDX-License-Identifier: GPL-2.0
#include "since.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct caller {
	char *key;
	const struct wb_node *node;
	size_t count;
};

struct callers {
	struct caller *v;
	size_t n, alloc;
};

static int cmp_caller(const void *a, const void *b)
{
	return strcmp(((const struct caller *)a)->key, ((const struct caller *)b)->key);
}

/* Every node of every query, keyed by what it is, not where it is. */
static void collect(struct callers *out, const struct wb_audit *a)
{
	size_t q, k, i, j;

	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++) {
			const struct wb_node *n = &a->queries[q].nodes[k];
			struct strbuf key = STRBUF_INIT;

			strbuf_addf(&key, "%s\t%s\t%s\t%d", n->callee, a->idx->files[n->file].path,
				    n->func ? n->func : "", n->kind);
			WB_ALLOC_GROW(out->v, out->n + 1, out->alloc);
			out->v[out->n].key = strbuf_detach(&key, NULL);
			out->v[out->n].node = n;
			out->v[out->n].count = 1;
			out->n++;
		}
	if (!out->n)
		return;
	qsort(out->v, out->n, sizeof(*out->v), cmp_caller);
	for (i = j = 1; i < out->n; i++) {
		if (!strcmp(out->v[i].key, out->v[j - 1].key)) {
			out->v[j - 1].count++;
			free(out->v[i].key);
			continue;
		}
		out->v[j++] = out->v[i];
	}
	out->n = j;
}

static void release(struct callers *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->v[i].key);
	free(c->v);
}

static void add(struct wb_since *s, enum wb_since_kind kind, const struct wb_audit *a,
		const struct wb_node *n)
{
	s->v = xrealloc(s->v, (s->n + 1) * sizeof(*s->v));
	s->v[s->n++] = (struct wb_since_entry){ kind, a, n };
	s->counts[kind]++;
}

int wb_since_compute(struct wb_since *s, const struct wb_audit *old, const struct wb_audit *cur,
		     const struct wb_nameset *changed_paths)
{
	struct callers a = { 0 }, b = { 0 };
	struct wb_blob_cursor ob = WB_BLOB_CURSOR_INIT(old->idx), nb = WB_BLOB_CURSOR_INIT(cur->idx);
	size_t i = 0, j = 0;

	memset(s, 0, sizeof(*s));
	s->changed_files = wb_nameset_count(changed_paths);
	collect(&a, old);
	collect(&b, cur);
	while (i < a.n || j < b.n) {
		int c = i >= a.n ? 1 : j >= b.n ? -1 : strcmp(a.v[i].key, b.v[j].key);

		if (c < 0) {
			add(s, WB_SINCE_REMOVED, old, a.v[i++].node);
		} else if (c > 0) {
			add(s, WB_SINCE_ADDED, cur, b.v[j++].node);
		} else {
			const struct wb_node *o = a.v[i].node, *n = b.v[j].node;
			const char *path = cur->idx->files[n->file].path;

			if (a.v[i].count != b.v[j].count ||
			    (wb_nameset_has(changed_paths, path, strlen(path)) &&
			     wb_node_body_hash(&ob, o) != wb_node_body_hash(&nb, n)))
				add(s, WB_SINCE_CHANGED, cur, n);
			i++;
			j++;
		}
	}
	wb_blob_cursor_release(&ob);
	wb_blob_cursor_release(&nb);
	release(&a);
	release(&b);
	return 0;
}

void wb_since_release(struct wb_since *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static const char *const kind_names[] = { "added", "removed", "changed" };

void wb_since_text(FILE *out, const struct wb_since *s, const struct wb_report_ctx *old_ctx,
		   const struct wb_report_ctx *ctx, const char *check)
{
	char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
	int kind;
	size_t i;

	git_oid_tostr(a, 13, git_oid_is_zero(old_ctx->commit) ? old_ctx->tree : old_ctx->commit);
	git_oid_tostr(b, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s since %s (%s) at %s (%s)\n", check, wb_report_name(old_ctx), a,
		wb_report_name(ctx), b);
	for (kind = 0; kind < 3; kind++) {
		if (!s->counts[kind])
			continue;
		fprintf(out, "\n%s\n", kind_names[kind]);
		for (i = 0; i < s->n; i++) {
			const struct wb_since_entry *e = &s->v[i];
			const struct wb_node *n = e->node;
			struct strbuf name = STRBUF_INIT, path = STRBUF_INIT;

			if ((int)e->kind != kind)
				continue;
			strbuf_addf(&name, "%s() <- ", n->callee);
			if (n->func)
				strbuf_addf(&name, "%s()", n->func);
			else
				strbuf_addstr(&name, "(file scope)");
			fprintf(out, "    %-*s %s:%u%s\n", 44, name.buf,
				wb_quote_path(&path, e->audit->idx->files[n->file].path, 0), n->line,
				n->kind == WB_SITE_REF ? "  [reference]" : "");
			strbuf_release(&name);
			strbuf_release(&path);
		}
	}
	fprintf(out, "\n%s: %zu added, %zu removed, %zu changed; %zu %s changed between the revisions\n",
		check, s->counts[0], s->counts[1], s->counts[2], s->changed_files,
		s->changed_files == 1 ? "path" : "paths");
}

json_t *wb_since_json(const struct wb_since *s, const struct wb_report_ctx *old_ctx,
		      const struct wb_report_ctx *ctx, const char *check)
{
	json_t *o = json_object(), *lists[3];
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int k;

	json_object_set_new(o, "check", json_string(check));
	json_object_set_new(o, "since", json_string(old_ctx->rev));
	json_object_set_new(o, "since_tree",
			    json_string(git_oid_tostr(hex, sizeof(hex), old_ctx->tree)));
	json_object_set_new(o, "revision", json_string(ctx->rev));
	json_object_set_new(o, "tree", json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	for (k = 0; k < 3; k++)
		lists[k] = json_array();
	for (i = 0; i < s->n; i++) {
		const struct wb_node *n = s->v[i].node;
		json_t *e = json_object();

		json_object_set_new(e, "callee", json_string(n->callee));
		json_object_set_new(e, "function", n->func ? json_string(n->func) : json_null());
		json_object_set_new(e, "path", wb_json_string(s->v[i].audit->idx->files[n->file].path));
		json_object_set_new(e, "line", json_integer(n->line));
		json_object_set_new(e, "kind",
				    json_string(n->kind == WB_SITE_REF ? "reference" : "call"));
		json_array_append_new(lists[s->v[i].kind], e);
	}
	for (k = 0; k < 3; k++)
		json_object_set_new(o, kind_names[k], lists[k]);
	json_object_set_new(o, "changed_paths", json_integer((json_int_t)s->changed_files));
	return o;
}
