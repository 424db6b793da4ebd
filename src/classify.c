// SPDX-License-Identifier: GPL-2.0
#include "classify.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "spawn.h"
#include "util.h"

static const char *const unclassified = "unclassified";
static const char *const wrapper = "wrapper";
static const char *const forwarding = "forwarding";
static const char *const unparsed = "unparsed";

/* The facts found at the site n, as its evidence. */
static void site_facts(const struct wb_classification *c, size_t file_idx,
		       const struct wb_node *n, struct wb_verdict *v)
{
	size_t i;

	for (i = 0; i < c->facts.n; i++) {
		const struct wb_fact *f = &c->facts.facts[i];
		char *call = wb_fact_get(f, "call");
		unsigned long line = f->line, col = f->col;

		if (f->file != file_idx) {
			free(call);
			continue;
		}
		if (call) {
			char *q;

			line = strtoul(call, &q, 10);
			col = *q == ':' ? strtoul(q + 1, NULL, 10) : 0;
			free(call);
		}
		/* Coccinelle counts columns from 0, the scanner from 1 */
		if (line != n->line || (col + 1 != n->col && col != n->col))
			continue;
		v->evidence = xrealloc(v->evidence, (v->nevidence + 1) * sizeof(*v->evidence));
		v->evidence[v->nevidence++] = f;
	}
}

/* Does some evidence fact have this id (and key=value, when given)? */
static int holds(const struct wb_verdict *v, const char *cond, size_t n)
{
	const char *dot = memchr(cond, '.', n);
	size_t idlen = dot ? (size_t)(dot - cond) : n, i;

	for (i = 0; i < v->nevidence; i++) {
		const char *text = v->evidence[i]->text;
		size_t tl = strcspn(text, " \t");
		char *key, *val, *eq;
		int ok;

		if (tl != idlen || memcmp(text, cond, idlen))
			continue;
		if (!dot)
			return 1;
		key = xstrndup(dot + 1, n - idlen - 1);
		eq = strchr(key, '=');
		if (!eq) {
			free(key);
			continue;
		}
		*eq = '\0';
		val = wb_fact_get(v->evidence[i], key);
		ok = val && !strcmp(val, eq + 1);
		free(val);
		free(key);
		if (ok)
			return 1;
	}
	return 0;
}

/* Every condition of "fact fact.key=value !fact ..." in [p, end) holds. */
static int conditions_hold(const char *p, const char *end, const struct wb_verdict *v)
{
	while (p < end) {
		size_t n;
		int neg;

		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p >= end)
			break;
		neg = *p == '!';
		p += neg;
		n = strcspn(p, " \t");
		if (p + n > end)
			n = (size_t)(end - p);
		if (!n)
			break;
		if (holds(v, p, n) == neg)
			return 0;
		p += n;
	}
	return 1;
}

/*
 * "fact fact.key=value !fact ... => class": the class when every condition
 * holds, else NULL.
 */
static const char *match_line(const char *line, const struct wb_verdict *v, char **owned)
{
	const char *arrow = strstr(line, "=>"), *p;

	if (!conditions_hold(line, arrow, v))
		return NULL;
	p = arrow + 2;
	while (*p == ' ' || *p == '\t')
		p++;
	*owned = xstrndup(p, strcspn(p, " \t"));
	return *owned;
}

static const char *intern_class(const struct wb_check *check, const char *cls)
{
	size_t i;

	for (i = 0; i < check->nclasses; i++)
		if (!strcmp(check->classes[i], cls))
			return check->classes[i];
	if (!strcmp(cls, wrapper))
		return wrapper;
	if (!strcmp(cls, unparsed))
		return unparsed;
	return unclassified;
}

static void body_hash(struct wb_blob_cursor *cur, const struct wb_node *n, char out[17])
{
	if (!n->func)
		memcpy(out, "-", 2);
	else
		snprintf(out, 17, "%016llx", (unsigned long long)wb_node_body_hash(cur, n));
}

/* ---- what spatch is given of a file --------------------------------------- */

enum { PP_NONE, PP_IF, PP_ELSE, PP_ENDIF };

/* The preprocessor conditional each line of a blob opens, switches or closes. */
static unsigned char *pp_lines(const char *data, size_t len, uint32_t *nlines)
{
	size_t i = 0, cap = 256;
	uint32_t line = 0;
	unsigned char *v = xcalloc(cap, 1);

	while (i < len) {
		size_t e = i, k = i;

		while (e < len && data[e] != '\n')
			e++;
		if (line + 2 >= cap) {
			v = xrealloc(v, 2 * cap);
			memset(v + cap, 0, cap);
			cap *= 2;
		}
		line++;
		while (k < e && (data[k] == ' ' || data[k] == '\t'))
			k++;
		if (k < e && data[k] == '#') {
			k++;
			while (k < e && (data[k] == ' ' || data[k] == '\t'))
				k++;
			if (e - k >= 2 && !memcmp(data + k, "if", 2))
				v[line] = PP_IF;
			else if (e - k >= 4 && (!memcmp(data + k, "else", 4) || !memcmp(data + k, "elif", 4)))
				v[line] = PP_ELSE;
			else if (e - k >= 5 && !memcmp(data + k, "endif", 5))
				v[line] = PP_ENDIF;
		}
		/* a continued directive line: its continuation is no directive */
		i = e + 1;
	}
	*nlines = line;
	return v;
}

static void add_range(uint32_t **r, size_t *n, uint32_t first, uint32_t last)
{
	if (first > last)
		return;
	*r = xrealloc(*r, 2 * (*n + 1) * sizeof(**r));
	(*r)[2 * *n] = first;
	(*r)[2 * *n + 1] = last;
	(*n)++;
}

/*
 * The lines of the function at func_line..func_end that spatch gets: from
 * the end of the previous top-level item (not 'three lines above', which
 * can start inside a comment or on the last function's brace), widened
 * until every #if in it is closed in it, and with the #if alternatives of
 * its head but the first left out, so that one head stands before the body.
 */
static void spatch_ranges(const unsigned char *pp, uint32_t nlines, const struct wb_record *rec,
			  const char *data, size_t len, uint32_t func_line, uint32_t func_end,
			  uint32_t **ranges, size_t *nranges)
{
	uint32_t start = 1, end = func_end, l, brace = func_line, i;
	int depth, changed = 1, guard = 0;

	if (rec)
		for (i = 0; i < rec->nfuncs; i++)
			if (rec->funcs[i].end_line < func_line && rec->funcs[i].end_line + 1 > start)
				start = rec->funcs[i].end_line + 1;
	if (end > nlines)
		end = nlines;
	/* widen to balance: an #else/#endif closing what opened above, an #if left open */
	while (changed && guard++ < 64) {
		changed = 0;
		depth = 0;
		for (l = start; l <= end; l++) {
			if (pp[l] == PP_IF)
				depth++;
			else if (pp[l] == PP_ENDIF || pp[l] == PP_ELSE) {
				if (depth == 0) {
					/* find the opener above */
					int d = 0;
					uint32_t k;

					for (k = start - 1; k >= 1; k--) {
						if (pp[k] == PP_ENDIF)
							d++;
						else if (pp[k] == PP_IF && d-- == 0)
							break;
					}
					if (k >= 1 && k < start) {
						start = k;
						changed = 1;
					}
					break;
				}
				if (pp[l] == PP_ENDIF)
					depth--;
			}
		}
		if (!changed && depth > 0) {
			for (l = end + 1; l <= nlines && depth > 0; l++) {
				if (pp[l] == PP_IF)
					depth++;
				else if (pp[l] == PP_ENDIF)
					depth--;
			}
			if (l - 1 > end) {
				end = l - 1;
				changed = 1;
			}
		}
	}
	/* the line of the body's '{': the first line at or after the name holding one */
	{
		size_t off = 0;
		uint32_t ln = 1;

		while (off < len && ln < func_line)
			if (data[off++] == '\n')
				ln++;
		for (; off < len && data[off] != '{'; off++)
			if (data[off] == '\n')
				ln++;
		brace = ln;
	}
	/* the head: keep the first branch of each #if group that closes before the body */
	{
		uint32_t from = start;
		int skip = 0, dep = 0, first_taken[64] = { 0 };

		for (l = start; l < brace && l <= end; l++) {
			int drop = 0;

			if (pp[l] == PP_IF) {
				if (dep < 64)
					first_taken[dep] = 0;
				dep++;
			} else if (pp[l] == PP_ELSE && dep > 0 && dep <= 64) {
				first_taken[dep - 1] = 1;
			} else if (pp[l] == PP_ENDIF && dep > 0) {
				dep--;
			}
			skip = 0;
			for (i = 0; i < (uint32_t)dep && i < 64; i++)
				skip |= first_taken[i];
			drop = pp[l] != PP_NONE || skip;
			if (drop) {
				add_range(ranges, nranges, from, l - 1);
				from = l + 1;
			}
		}
		add_range(ranges, nranges, from, end);
	}
}

static int run_rules(struct wb_classification *c, const struct wb_audit *a,
		     const struct wb_classify_opts *opts)
{
	const struct wb_check *check = a->check;
	struct wb_cocci_file *files;
	uint32_t **ranges;
	size_t *nranges;
	struct wb_strlist rules = WB_STRLIST_INIT, defines = WB_STRLIST_INIT;
	struct strbuf wrappers = STRBUF_INIT;
	char *want = xcalloc(a->idx->nfiles + 1, 1);
	size_t *map = xcalloc(a->idx->nfiles + 1, sizeof(*map));
	struct wb_blob_cursor blobs = WB_BLOB_CURSOR_INIT(a->idx);
	unsigned char *pp = NULL;
	uint32_t pp_n = 0;
	size_t i, k, n = 0, pp_file = (size_t)-1;
	int ret;

	files = xcalloc(a->idx->nfiles + 1, sizeof(*files));
	ranges = xcalloc(a->idx->nfiles + 1, sizeof(*ranges));
	nranges = xcalloc(a->idx->nfiles + 1, sizeof(*nranges));
	for (i = 0; i < a->nqueries; i++)
		for (k = 0; k < a->queries[i].nnodes; k++) {
			const struct wb_node *node = &a->queries[i].nodes[k];

			if (wb_node_judged(node)) {
				size_t f = node->file;
				const char *data;
				size_t len;

				want[f] = 1;
				if (!node->func || wb_blob_cursor_data(&blobs, f, &data, &len) < 0) {
					add_range(&ranges[f], &nranges[f], node->line, node->line);
					continue;
				}
				if (pp_file != f) {
					free(pp);
					pp = pp_lines(data, len, &pp_n);
					pp_file = f;
				}
				spatch_ranges(pp, pp_n, a->idx->files[f].has_rec ? &a->idx->files[f].rec : NULL,
					      data, len, node->func_line, node->func_end, &ranges[f],
					      &nranges[f]);
			}
			/*
			 * The rules read a wrapper's arguments as the range,
			 * in the primitive's order: one whose arguments are
			 * something else (a struct it reads the range from)
			 * is not named to them, so that they say nothing of it
			 */
			if (node->wrapper != WB_NOT_WRAPPER && node->func &&
			    !(node->query >= 0 && a->queries[node->query].opaque_args)) {
				if (wrappers.len)
					strbuf_addch(&wrappers, ',');
				strbuf_addstr(&wrappers, node->func);
			}
		}
	for (i = 0; i < a->idx->nfiles; i++)
		if (want[i]) {
			map[n] = i;
			files[n].oid = a->idx->files[i].oid;
			files[n].path = a->idx->files[i].path;
			files[n].ranges = ranges[i];
			files[n].nranges = nranges[i];
			n++;
		}
	/* the rules know the usual primitives; the check's own list counts too */
	for (i = 0; i < check->nprimitives; i++) {
		if (wrappers.len)
			strbuf_addch(&wrappers, ',');
		strbuf_addstr(&wrappers, check->primitives[i]);
	}
	for (i = 0; i < check->nrules; i++)
		wb_strlist_pushf(&rules, "%s/%s.cocci", opts->cocci_dir, check->rules[i]);
	if (wrappers.len)
		wb_strlist_pushf(&defines, "wrappers=%s", wrappers.buf);
	wb_strlist_pushf(&defines, "wrapper_max_statements=%u", check->wrapper_max_statements);
	ret = wb_cocci_run(&c->facts, a->idx->repo, opts->cache_dir,
			   (const char *const *)rules.v, rules.nr,
			   (const char *const *)defines.v, defines.nr, files, n, opts->jobs);
	/* facts name positions in the candidate list: map them back to the index */
	for (i = 0; i < c->facts.n; i++)
		c->facts.facts[i].file = map[c->facts.facts[i].file];
	wb_blob_cursor_release(&blobs);
	free(pp);
	wb_strlist_clear(&rules);
	wb_strlist_clear(&defines);
	strbuf_release(&wrappers);
	for (i = 0; i < a->idx->nfiles; i++)
		free(ranges[i]);
	free(ranges);
	free(nranges);
	free(files);
	free(want);
	free(map);
	return ret;
}

static int is_primitive(const struct wb_check *check, const char *name)
{
	size_t i;

	for (i = 0; name && i < check->nprimitives; i++)
		if (!strcmp(check->primitives[i], name))
			return 1;
	return name && wb_check_has_wrapper(check, name);
}

/*
 * A call inside a watched primitive or a listed wrapper forwards: its
 * callers are the leaves, it gets no verdict of its own.
 */
static int forwards(const struct wb_check *check, const struct wb_node *n)
{
	return wb_node_judged(n) && n->func && is_primitive(check, n->func);
}

/*
 * An object-like macro defined to a constant somewhere in the tree: the
 * files whose summary may mention it are read until one defines it.
 */
static int macro_is_const(const struct wb_audit *a, const char *name)
{
	struct wb_blob_cursor cur = WB_BLOB_CURSOR_INIT(a->idx);
	uint32_t h = wb_name_hash(name, strlen(name));
	size_t i, tried = 0;
	int found = 0;

	for (i = 0; i < a->idx->nfiles && !found && tried < 256; i++) {
		const struct wb_index_file *f = &a->idx->files[i];
		const char *data;
		size_t len;

		if (f->status != WB_READ_OK || f->uniq != i ||
		    !wb_index_may_mention(a->idx, i, name, h))
			continue;
		tried++;
		if (wb_blob_cursor_data(&cur, i, &data, &len) == 0)
			found = wb_flow_defines_const(data, len, name);
	}
	wb_blob_cursor_release(&cur);
	return found;
}

static void add_rule_fact(struct wb_classification *c, const struct wb_node *n, const char *rule,
			  const char *id, const char *rest)
{
	struct strbuf text = STRBUF_INIT;
	struct wb_fact *f;

	/* the position as the rules give it: 0-based column */
	strbuf_addf(&text, "%s call=%u:%u%s", id, n->line, n->col ? n->col - 1 : 0, rest);
	c->facts.facts = xrealloc(c->facts.facts, (c->facts.n + 1) * sizeof(*f));
	f = &c->facts.facts[c->facts.n++];
	f->rule = xstrdup(rule);
	f->file = n->file;
	f->line = n->line;
	f->col = n->col ? n->col - 1 : 0;
	f->text = strbuf_detach(&text, NULL);
}

static void add_fact(struct wb_classification *c, const struct wb_node *n, const char *id,
		     const char *rest)
{
	add_rule_fact(c, n, "flow", id, rest);
}

/* The retry-cycle fact (src/flow.c) of every judged call, as evidence. */
static void flow_facts(struct wb_classification *c, const struct wb_audit *a)
{
	const struct wb_check *check = a->check;
	struct wb_blob_cursor blobs = WB_BLOB_CURSOR_INIT(a->idx);
	struct wb_flow_api api = {
		(const char *const *)check->iter_prims, check->niter_prims,
		(const char *const *)check->iter_readonly, check->niter_readonly,
		(const char *const *)check->iter_movers, check->niter_movers,
		(const char *const *)check->iter_keeps, check->niter_keeps,
		(const char *const *)check->primitives, check->nprimitives,
		(const char *const *)check->checked_copies, check->nchecked_copies,
		(const char *const *)check->iter_copies, check->niter_copies,
		(const char *const *)check->iter_reverts, check->niter_reverts,
		(const char *const *)check->nofault_copies, check->nnofault_copies,
		(const char *const *)check->atomic_enter, check->natomic_enter,
		(const char *const *)check->atomic_exit, check->natomic_exit,
	};
	struct wb_flow_func *funcs = NULL;
	size_t nfuncs = 0, funcs_file = (size_t)-1;
	struct strbuf sb = STRBUF_INIT, text = STRBUF_INIT;
	size_t q, k;

	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++) {
			const struct wb_node *n = &a->queries[q].nodes[k];
			char macro[64];
			const char *data;
			size_t len;

			if (!wb_node_judged(n) || !n->func || n->func_kind != WB_FUNC_C ||
			    forwards(check, n) || wb_blob_cursor_data(&blobs, n->file, &data, &len) < 0)
				continue;
			if (funcs_file != n->file) {
				const struct wb_index_file *fi = &a->idx->files[n->file];
				size_t i;

				funcs_file = n->file;
				nfuncs = 0;
				free(funcs);
				funcs = NULL;
				if (fi->has_rec) {
					funcs = xcalloc(fi->rec.nfuncs + 1, sizeof(*funcs));
					for (i = 0; i < fi->rec.nfuncs; i++) {
						const struct wb_scan_func *sf = &fi->rec.funcs[i];

						if (sf->kind != WB_FUNC_C)
							continue;
						funcs[nfuncs].name = wb_record_str(&fi->rec, sf->name);
						funcs[nfuncs].line = sf->line;
						funcs[nfuncs].end = sf->end_line;
						nfuncs++;
					}
				}
			}
			if (a->queries[q].opaque_args) {
				/* why the rules say nothing of this call (run_rules()) */
				strbuf_reset(&text);
				strbuf_addf(&text, " name=%s range=its-arguments-read-inside",
					    a->queries[q].name);
				add_rule_fact(c, n, "wrapper", "wrapper-args", text.buf);
			}
			strbuf_reset(&sb);
			if (wb_flow_fact(&sb, data, len, n->func_line, n->func_end, n->line, n->col,
					 &api, funcs, nfuncs, a->queries[q].result_flags) < 0)
				continue;
			/* one fact a line */
			{
				char *line = sb.buf;

				while (*line) {
					size_t ll = strcspn(line, "\n"), id = strcspn(line, " \n");
					char *rest = xstrndup(line + id, ll - id);

					strbuf_reset(&text);
					strbuf_add(&text, line, id);
					add_fact(c, n, text.buf, rest);
					free(rest);
					line += ll + (line[ll] == '\n');
				}
			}
			/* '(const char __user *)MAGIC_ADDR': a constant behind a macro */
			if (wb_flow_arg_macro(data, len, n->line, n->col, macro, sizeof(macro)) &&
			    macro_is_const(a, macro)) {
				strbuf_reset(&text);
				strbuf_addf(&text, " how=macro-const macro=%s", macro);
				add_fact(c, n, "kernel-address", text.buf);
			}
		}
	free(funcs);
	strbuf_release(&sb);
	strbuf_release(&text);
	wb_blob_cursor_release(&blobs);
}

/* The primitive at the top of query q's tree. */
static const char *root_name(const struct wb_audit *a, size_t q)
{
	long i = (long)q;

	while (a->queries[i].parent >= 0)
		i = a->queries[i].parent;
	return a->queries[i].name;
}

/* Does cls appear among the words of list[0..n)? */
static int class_in(const char *list, size_t len, const char *cls)
{
	const char *end = list + len;
	size_t n = strlen(cls);

	while (list < end) {
		size_t m;

		list += strspn(list, " \t");
		m = strcspn(list, " \t");
		if (!m || list + m > end)
			return 0;
		if (m == n && !memcmp(list, cls, n))
			return 1;
		list += m;
	}
	return 0;
}

/*
 * Was every fact a condition names ("F.k=v !G ...") reported at the call?
 * Without it, '!F' would hold only because nothing looked.
 */
static int facts_reported(const struct wb_verdict *v, const char *cond)
{
	while (*cond) {
		size_t n, id;

		cond += strspn(cond, " \t!");
		n = strcspn(cond, " \t");
		if (!n)
			break;
		id = strcspn(cond, ". \t");
		if (id > n)
			id = n;
		if (!holds(v, cond, id))
			return 0;
		cond += n;
	}
	return 1;
}

/*
 * Does the primitive the call leads to serve callers of the verdict's
 * class?  Its 'serves' lines whose conditions hold at the call say which
 * classes it serves; without a line for it nothing is said.
 */
static void check_serves(struct wb_classification *c, const struct wb_audit *a, size_t q,
			 struct wb_verdict *v)
{
	const struct wb_check *check = a->check;
	const char *cls = v->cls;
	struct strbuf served = STRBUF_INIT;
	size_t i;
	int said = 0, ok = 0;

	v->primitive = root_name(a, q);
	/* a reviewed need still holds when only the call changed */
	if (cls == unclassified && v->note && v->review == WB_REVIEW_CHANGED)
		cls = intern_class(check, v->note->verdict);
	if (cls == unclassified || cls == wrapper)
		return;
	/* only the classes some primitive serves are needs ('broken' is not) */
	for (i = 0; i < check->nserves; i++)
		if (class_in(check->serves[i].classes, strlen(check->serves[i].classes), cls))
			break;
	if (i == check->nserves)
		return;
	for (i = 0; i < check->nserves; i++) {
		const struct wb_serves *sv = &check->serves[i];

		if (strcmp(sv->primitive, v->primitive))
			continue;
		/* a fact the condition names was not reported here: nothing to decide on */
		if (sv->when && !facts_reported(v, sv->when)) {
			said = 0;
			break;
		}
		said = 1;
		if (sv->when && !conditions_hold(sv->when, sv->when + strlen(sv->when), v))
			continue;
		strbuf_addf(&served, "%s%s", served.len ? " " : "", sv->classes);
		ok |= class_in(sv->classes, strlen(sv->classes), cls);
	}
	if (said) {
		v->serves = strbuf_detach(&served, NULL);
		v->need = cls;
		c->nserved++;
		if (!ok) {
			v->mismatch = 1;
			c->nmismatch++;
		}
	}
	strbuf_release(&served);
}

int wb_classify(struct wb_classification *c, const struct wb_audit *a,
		const struct wb_classify_opts *opts)
{
	const struct wb_check *check = a->check;
	struct wb_blob_cursor blobs = WB_BLOB_CURSOR_INIT(a->idx);
	size_t q, k, i;

	memset(c, 0, sizeof(*c));
	if (opts->notes_path &&
	    wb_notes_load(&c->notes, opts->notes_path, (const char *const *)check->classes,
			  check->nclasses) < 0)
		return -2;
	if (!opts->no_cocci && check->nrules) {
		if (run_rules(c, a, opts) < 0)
			return -1;
		c->cocci_ran = 1;
	}
	if (!opts->no_cocci && check->flow) {
		flow_facts(c, a);
		c->cocci_ran = 1;
	}
	c->nqueries = a->nqueries;
	c->v = xcalloc(a->nqueries + 1, sizeof(*c->v));
	for (q = 0; q < a->nqueries; q++) {
		c->v[q] = xcalloc(a->queries[q].nnodes + 1, sizeof(**c->v));
		for (k = 0; k < a->queries[q].nnodes; k++) {
			const struct wb_node *n = &a->queries[q].nodes[k];
			struct wb_verdict *v = &c->v[q][k];
			struct strbuf key = STRBUF_INIT;
			struct wb_note *note;

			v->analysis = unclassified;
			if (n->kind == WB_SITE_CALL && !wb_node_judged(n)) {
				v->analysis = wrapper;
			} else if (forwards(check, n)) {
				v->analysis = forwarding;
			} else if (wb_node_judged(n) && c->cocci_ran) {
				site_facts(c, n->file, n, v);
				v->rules_ran = check->nrules > 0 && !opts->no_cocci;
				for (i = 0; i < check->nclassify; i++) {
					char *owned = NULL;
					const char *cls = match_line(check->classify[i], v, &owned);

					if (cls)
						v->analysis = intern_class(check, cls);
					free(owned);
					if (cls)
						break;
				}
			}
			v->cls = v->analysis;
			strbuf_addf(&key, "%s:%s", a->idx->files[n->file].path,
				    n->func ? n->func : "(file-scope)");
			v->key = strbuf_detach(&key, NULL);
			body_hash(&blobs, n, v->hash);
			/* a wrapper has no verdict of its own: its callers are reviewed */
			if (!wb_node_judged(n) || v->analysis == forwarding) {
				v->review = WB_REVIEW_OK;
				continue;
			}
			if (!opts->notes_path) {
				if (wb_node_judged(n))
					check_serves(c, a, q, v);
				continue;
			}
			note = wb_notes_find(&c->notes, v->key);
			v->note = note;
			if (!note) {
				v->review = WB_REVIEW_NEW;
				c->nnew++;
				if (wb_node_judged(n))
					check_serves(c, a, q, v);
				continue;
			}
			note->seen = 1;
			if (!strcmp(note->verdict, "unreviewed")) {
				v->review = WB_REVIEW_UNREVIEWED;
				c->nunreviewed++;
			} else if (strcmp(note->hash, v->hash)) {
				v->review = WB_REVIEW_CHANGED;
				c->nchanged++;
			} else {
				v->review = WB_REVIEW_OK;
				c->nreviewed++;
				v->cls = intern_class(check, note->verdict);
				v->from_notes = 1;
				if (v->analysis != unclassified && strcmp(v->analysis, note->verdict)) {
					v->disagrees = 1;
					c->ndisagree++;
				}
			}
			if (wb_node_judged(n))
				check_serves(c, a, q, v);
		}
	}
	wb_blob_cursor_release(&blobs);
	for (i = 0; i < c->notes.n; i++)
		if (!c->notes.v[i].seen) {
			c->gone = xrealloc(c->gone, (c->ngone + 1) * sizeof(*c->gone));
			c->gone[c->ngone++] = &c->notes.v[i];
		}
	return 0;
}

int wb_classify_update_notes(struct wb_classification *c, const struct wb_audit *a)
{
	struct wb_note_add *adds = NULL;
	struct wb_nameset *done = wb_nameset_new();
	size_t q, k, n = 0;
	int ret;

	for (q = 0; q < a->nqueries; q++)
		for (k = 0; k < a->queries[q].nnodes; k++) {
			struct wb_verdict *v = &c->v[q][k];

			if (v->review != WB_REVIEW_NEW || !wb_nameset_add(done, v->key, strlen(v->key)))
				continue;
			adds = xrealloc(adds, (n + 1) * sizeof(*adds));
			adds[n].key = v->key;
			adds[n].hash = v->hash;
			adds[n].reason = v->analysis;	/* a hint for the reviewer */
			n++;
		}
	ret = wb_notes_add_unreviewed(&c->notes, adds, n);
	free(adds);
	wb_nameset_free(done);
	return ret;
}

int wb_classify_needs_attention(const struct wb_classification *c)
{
	return c->nnew || c->nchanged || c->nunreviewed || c->ngone || c->nmismatch;
}

void wb_classification_release(struct wb_classification *c)
{
	size_t q, k;

	for (q = 0; q < c->nqueries; q++) {
		for (k = 0; c->v[q] && c->v[q][k].key; k++) {
			free(c->v[q][k].key);
			free(c->v[q][k].evidence);
			free(c->v[q][k].serves);
		}
		free(c->v[q]);
	}
	free(c->v);
	free(c->gone);
	wb_cocci_result_release(&c->facts);
	wb_cocci_result_release(&c->followed);
	wb_notes_release(&c->notes);
	memset(c, 0, sizeof(*c));
}
