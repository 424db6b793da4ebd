// SPDX-License-Identifier: GPL-2.0
/* workbench audit --revs: the reports of several revisions folded into one matrix */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "report.h"
#include "sweep.h"
#include "util.h"

struct cell {
	int present;
	const char *cls;	/* NULL: no verdict (not classified, a wrapper) */
	const char *body;	/* the function's body hash, or NULL */
	json_int_t line;
};

struct row {
	const char *primitive, *path, *function;
	int ord;		/* the n-th call of primitive in that function */
	struct cell *cells;
};

struct model {
	struct row *rows;
	size_t n, alloc, nrevs;
	uint8_t *incomplete;	/* per revision: objects it needed were not read */
	/* the classes seen, in order, with their short names */
	const char **classes;
	char (*abbr)[8];
	size_t nclasses;
};

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static struct row *find_row(struct model *m, const char *prim, const char *path, const char *fn,
			    int ord)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (m->rows[i].ord == ord && !strcmp(m->rows[i].primitive, prim) &&
		    !strcmp(m->rows[i].path, path) && !strcmp(m->rows[i].function, fn))
			return &m->rows[i];
	if (m->n == m->alloc) {
		m->alloc = m->alloc ? 2 * m->alloc : 32;
		m->rows = xrealloc(m->rows, m->alloc * sizeof(*m->rows));
	}
	m->rows[m->n].primitive = prim;
	m->rows[m->n].path = path;
	m->rows[m->n].function = fn;
	m->rows[m->n].ord = ord;
	m->rows[m->n].cells = xcalloc(m->nrevs, sizeof(struct cell));
	return &m->rows[m->n++];
}

static void add_class(struct model *m, const char *cls)
{
	size_t i, n = 0, tries;
	char a[8];
	const char *p;

	for (i = 0; i < m->nclasses; i++)
		if (!strcmp(m->classes[i], cls))
			return;
	/* initials of the words ('all-or-nothing' AON); the first letters when taken */
	for (p = cls; *p && n < 4; p++)
		if ((p == cls || p[-1] == '-' || p[-1] == ' ') && *p != '-' && *p != ' ')
			a[n++] = *p;
	a[n] = '\0';
	for (tries = 0; tries < 3; tries++) {
		int taken = 0;

		for (i = 0; i < m->nclasses; i++)
			if (!strcasecmp(m->abbr[i], a))
				taken = 1;
		if (!taken)
			break;
		if (tries == 0)
			snprintf(a, sizeof(a), "%.3s", cls);
		else
			snprintf(a, sizeof(a), "%.2s%u", cls, (unsigned)(m->nclasses % 100));
	}
	for (i = 0; a[i]; i++)
		if (a[i] >= 'a' && a[i] <= 'z')
			a[i] = (char)(a[i] - 32);
	m->classes = xrealloc(m->classes, (m->nclasses + 1) * sizeof(*m->classes));
	m->abbr = xrealloc(m->abbr, (m->nclasses + 1) * sizeof(*m->abbr));
	m->classes[m->nclasses] = cls;
	memcpy(m->abbr[m->nclasses], a, sizeof(a));
	m->nclasses++;
}

static const char *abbr_of(const struct model *m, const char *cls)
{
	size_t i;

	for (i = 0; cls && i < m->nclasses; i++)
		if (!strcmp(m->classes[i], cls))
			return m->abbr[i];
	return "+";
}

/* The callers of one list, recursively through wrappers. */
static void add_callers(struct model *m, size_t r, const json_t *callers)
{
	size_t i;
	json_t *c;

	json_array_foreach(callers, i, c) {
		const char *prim = jstr(c, "callee"), *path = jstr(c, "path"), *fn = jstr(c, "function");
		const json_t *v = json_object_get(c, "verdict"), *sub = json_object_get(c, "callers");
		struct row *row;
		int ord = 0;
		size_t k;

		/* the n-th call of prim in that function at this revision */
		for (k = 0; k < m->n; k++)
			if (m->rows[k].cells[r].present && !strcmp(m->rows[k].primitive, prim) &&
			    !strcmp(m->rows[k].path, path) && !strcmp(m->rows[k].function, fn))
				ord++;
		row = find_row(m, prim, path, fn, ord);
		row->cells[r].present = 1;
		row->cells[r].line = json_integer_value(json_object_get(c, "line"));
		if (json_is_object(v)) {
			const char *cls = json_string_value(json_object_get(v, "class"));

			row->cells[r].cls = cls;
			row->cells[r].body = json_string_value(json_object_get(v, "body_hash"));
			if (cls)
				add_class(m, cls);
		}
		if (json_is_array(sub))
			add_callers(m, r, sub);
	}
}

static void model_build(struct model *m, const struct wb_sweep *s)
{
	size_t r, i;
	json_t *p;

	memset(m, 0, sizeof(*m));
	m->nrevs = s->nrevs;
	m->incomplete = xcalloc(s->nrevs + 1, 1);
	for (r = 0; r < s->nrevs; r++)
		m->incomplete[r] = json_is_false(json_object_get(s->audits[r], "complete"));
	for (r = 0; r < s->nrevs; r++)
		json_array_foreach(json_object_get(s->audits[r], "primitives"), i, p)
			add_callers(m, r, json_object_get(p, "callers"));
}

static void model_release(struct model *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		free(m->rows[i].cells);
	free(m->rows);
	free(m->classes);
	free(m->abbr);
	free(m->incomplete);
}

enum { CH_NONE, CH_NEW, CH_GONE, CH_BODY = 4, CH_VERDICT = 8 };

/*
 * What changed at revision r (r > 0) since r - 1.  Not being there in a
 * revision that could not be read whole says nothing: no NEW, no GONE.
 */
static int change_at(const struct model *m, const struct row *row, size_t r)
{
	const struct cell *a = &row->cells[r - 1], *b = &row->cells[r];
	int ch = 0;

	if (a->present != b->present && m->incomplete[a->present ? r : r - 1])
		return CH_NONE;
	if (!a->present && b->present)
		return CH_NEW;
	if (a->present && !b->present)
		return CH_GONE;
	if (!a->present)
		return CH_NONE;
	if (a->body && b->body && strcmp(a->body, b->body))
		ch |= CH_BODY;
	if ((a->cls || b->cls) && (!a->cls || !b->cls || strcmp(a->cls, b->cls)))
		ch |= CH_VERDICT;
	return ch;
}

static void change_words(struct strbuf *sb, int ch)
{
	if (ch == CH_NEW)
		strbuf_addstr(sb, "NEW");
	else if (ch == CH_GONE)
		strbuf_addstr(sb, "GONE");
	else {
		if (ch & CH_BODY)
			strbuf_addstr(sb, "CHANGED body");
		if (ch & CH_VERDICT)
			strbuf_addf(sb, "%sCHANGED verdict", ch & CH_BODY ? ", " : "");
	}
}

static const char *label(const struct wb_sweep *s, size_t r)
{
	return s->labels[r];
}

json_t *wb_sweep_json(const struct wb_sweep *s)
{
	struct model m;
	json_t *o = json_object(), *revs = json_array(), *rows = json_array(), *legend = json_object();
	size_t r, i;

	model_build(&m, s);
	json_object_set_new(o, "schema", json_string("workbench-sweep/1"));
	json_object_set_new(o, "check", wb_json_string(s->check));
	for (r = 0; r < s->nrevs; r++) {
		json_t *e = json_object(), *a = s->audits[r];

		json_object_set_new(e, "revision", wb_json_string(label(s, r)));
		json_object_set(e, "commit", json_object_get(a, "commit"));
		json_object_set(e, "tree", json_object_get(a, "tree"));
		if (json_object_get(a, "complete"))
			json_object_set(e, "complete", json_object_get(a, "complete"));
		json_array_append_new(revs, e);
	}
	json_object_set_new(o, "revisions", revs);
	for (i = 0; i < m.nclasses; i++)
		json_object_set_new(legend, m.abbr[i], wb_json_string(m.classes[i]));
	json_object_set_new(o, "legend", legend);
	for (i = 0; i < m.n; i++) {
		const struct row *row = &m.rows[i];
		json_t *e = json_object(), *cells = json_array(), *changes = json_array();

		json_object_set_new(e, "primitive", wb_json_string(row->primitive));
		json_object_set_new(e, "path", wb_json_string(row->path));
		json_object_set_new(e, "function", wb_json_string(row->function));
		json_object_set_new(e, "nth", json_integer(row->ord + 1));
		for (r = 0; r < s->nrevs; r++) {
			const struct cell *c = &row->cells[r];
			json_t *ce;
			int ch;

			if (!c->present) {
				json_array_append_new(cells, json_null());
			} else {
				ce = json_object();
				json_object_set_new(ce, "line", json_integer(c->line));
				json_object_set_new(ce, "class", c->cls ? wb_json_string(c->cls) : json_null());
				json_object_set_new(ce, "body_hash",
						    c->body ? wb_json_string(c->body) : json_null());
				json_array_append_new(cells, ce);
			}
			if (r && (ch = change_at(&m, row, r)) != CH_NONE) {
				json_t *chg = json_object();
				struct strbuf sb = STRBUF_INIT;

				change_words(&sb, ch);
				json_object_set_new(chg, "from", wb_json_string(label(s, r - 1)));
				json_object_set_new(chg, "to", wb_json_string(label(s, r)));
				json_object_set_new(chg, "change", wb_json_string(sb.buf));
				if (ch & CH_VERDICT) {
					json_object_set_new(chg, "was", row->cells[r - 1].cls ?
						wb_json_string(row->cells[r - 1].cls) : json_null());
					json_object_set_new(chg, "now", row->cells[r].cls ?
						wb_json_string(row->cells[r].cls) : json_null());
				}
				strbuf_release(&sb);
				json_array_append_new(changes, chg);
			}
		}
		json_object_set_new(e, "cells", cells);
		json_object_set_new(e, "changes", changes);
		json_array_append_new(rows, e);
	}
	json_object_set_new(o, "rows", rows);
	model_release(&m);
	return o;
}

static void row_name(struct strbuf *sb, const struct row *row)
{
	strbuf_addf(sb, "%s() %s", row->function[0] ? row->function : "(file scope)", row->path);
	if (row->ord)
		strbuf_addf(sb, " #%d", row->ord + 1);
}

static void cell_text(struct strbuf *sb, const struct model *m, const struct row *row, size_t r)
{
	const struct cell *c = &row->cells[r];

	if (!c->present) {
		strbuf_addch(sb, m->incomplete[r] ? '?' : '.');
		return;
	}
	strbuf_addstr(sb, c->cls ? abbr_of(m, c->cls) : "+");
	if (r && (change_at(m, row, r) & CH_BODY))
		strbuf_addch(sb, '*');
}

/* Prints the line without trailing blanks. */
static void put_line(FILE *out, struct strbuf *line)
{
	size_t n = line->len;

	while (n && line->buf[n - 1] == ' ')
		n--;
	fprintf(out, "%.*s\n", (int)n, line->buf);
}

void wb_sweep_text(FILE *out, const struct wb_sweep *s)
{
	struct model m;
	struct strbuf sb = STRBUF_INIT, line = STRBUF_INIT;
	size_t r, i, namew = 8, *colw = xcalloc(s->nrevs + 1, sizeof(size_t));
	const char *prim = NULL;

	model_build(&m, s);
	fprintf(out, "sweep %s over %zu revision%s\n", s->check, s->nrevs, s->nrevs == 1 ? "" : "s");
	for (r = 0; r < s->nrevs; r++) {
		const char *commit = jstr(s->audits[r], "commit");
		const json_t *cpl = json_object_get(s->audits[r], "complete");

		fprintf(out, "  %-20s %.12s%s\n", label(s, r), commit,
			json_is_false(cpl) ? "  (incomplete: objects missing or unreadable)" : "");
		colw[r] = strlen(label(s, r)) > 4 ? strlen(label(s, r)) : 4;
	}
	for (i = 0; i < m.n; i++) {
		strbuf_reset(&sb);
		row_name(&sb, &m.rows[i]);
		if (sb.len + 4 > namew)
			namew = sb.len + 4;
	}
	fputc('\n', out);
	strbuf_reset(&line);
	strbuf_addf(&line, "%*s", (int)namew, "");
	for (r = 0; r < s->nrevs; r++)
		strbuf_addf(&line, " %-*s", (int)colw[r], label(s, r));
	put_line(out, &line);
	for (i = 0; i < m.n; i++) {
		const struct row *row = &m.rows[i];
		int any = 0;

		if (!prim || strcmp(prim, row->primitive)) {
			prim = row->primitive;
			fprintf(out, "%s()\n", prim);
		}
		strbuf_reset(&sb);
		strbuf_reset(&line);
		strbuf_addstr(&sb, "    ");
		row_name(&sb, row);
		strbuf_addf(&line, "%-*s", (int)namew, sb.buf);
		for (r = 0; r < s->nrevs; r++) {
			strbuf_reset(&sb);
			cell_text(&sb, &m, row, r);
			strbuf_addf(&line, " %-*s", (int)colw[r], sb.buf);
		}
		for (r = 1; r < s->nrevs; r++) {
			int ch = change_at(&m, row, r);

			if (ch == CH_NONE)
				continue;
			strbuf_reset(&sb);
			change_words(&sb, ch);
			strbuf_addf(&line, "%s %s: %s", any ? ";" : "  ", label(s, r), sb.buf);
			any = 1;
		}
		put_line(out, &line);
	}
	if (!m.n)
		fprintf(out, "    (no callers in any revision)\n");
	fprintf(out, "\nlegend:");
	for (i = 0; i < m.nclasses; i++)
		fprintf(out, " %s %s,", m.abbr[i], m.classes[i]);
	fprintf(out, " + called (no verdict), . absent, ? absent from a revision not read whole,"
		" * body changed since the previous revision\n");
	model_release(&m);
	strbuf_release(&sb);
	strbuf_release(&line);
	free(colw);
}

static void html_escape(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '&':
			fputs("&amp;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

/* A colour per class, by its order of appearance: nothing keyed on a class name. */
static const char *const palette[] = { "#f4b6b6", "#b9e4b4", "#bcd4f6", "#f6e3a8", "#dcc2f0",
				       "#c8ece9", "#f3c9a0", "#d9d9d9" };

void wb_sweep_html(FILE *out, const struct wb_sweep *s, size_t n)
{
	size_t k, r, i;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>workbench sweep</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:1.5em;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}\n"
	      "th,td{border:1px solid #bbb;padding:.25em .6em;text-align:center}\n"
	      "td.name{text-align:left;font-family:monospace}\n"
	      "td.chg{text-align:left;font-size:.9em}\n"
	      "tr.prim td{background:#eee;text-align:left;font-weight:bold;font-family:monospace}\n"
	      "td.absent{color:#aaa}\n"
	      "td.body{outline:2px dashed #555;outline-offset:-3px}\n"
	      ".legend span{display:inline-block;padding:.1em .5em;margin:.1em;border:1px solid #bbb}\n"
	      "</style></head><body>\n", out);
	for (k = 0; k < n; k++) {
		const struct wb_sweep *sw = &s[k];
		struct model m;
		const char *prim = NULL;

		model_build(&m, sw);
		fputs("<h2>", out);
		html_escape(out, sw->check);
		fprintf(out, " over %zu revisions</h2>\n<table>\n<tr><th>caller</th>", sw->nrevs);
		for (r = 0; r < sw->nrevs; r++) {
			fputs("<th title=\"", out);
			html_escape(out, jstr(sw->audits[r], "commit"));
			fputs("\">", out);
			html_escape(out, label(sw, r));
			if (json_is_false(json_object_get(sw->audits[r], "complete")))
				fputs("<br><small>incomplete</small>", out);
			fputs("</th>", out);
		}
		fputs("<th>changes</th></tr>\n", out);
		for (i = 0; i < m.n; i++) {
			const struct row *row = &m.rows[i];
			struct strbuf sb = STRBUF_INIT;
			int any = 0;

			if (!prim || strcmp(prim, row->primitive)) {
				prim = row->primitive;
				fprintf(out, "<tr class=\"prim\"><td colspan=\"%zu\">", sw->nrevs + 2);
				html_escape(out, prim);
				fputs("()</td></tr>\n", out);
			}
			row_name(&sb, row);
			fputs("<tr><td class=\"name\">", out);
			html_escape(out, sb.buf);
			fputs("</td>", out);
			for (r = 0; r < sw->nrevs; r++) {
				const struct cell *c = &row->cells[r];
				size_t ci;

				if (!c->present) {
					fputs(m.incomplete[r] ? "<td class=\"absent\" title=\"revision incomplete\">?</td>"
							      : "<td class=\"absent\">&middot;</td>", out);
					continue;
				}
				for (ci = 0; c->cls && ci < m.nclasses; ci++)
					if (!strcmp(m.classes[ci], c->cls))
						break;
				fprintf(out, "<td%s style=\"background:%s\" title=\"",
					r && (change_at(&m, row, r) & CH_BODY) ? " class=\"body\"" : "",
					c->cls ? palette[ci % (sizeof(palette) / sizeof(palette[0]))] : "#fff");
				html_escape(out, c->cls ? c->cls : "called");
				fprintf(out, ", line %lld\">", (long long)c->line);
				html_escape(out, c->cls ? abbr_of(&m, c->cls) : "+");
				fputs("</td>", out);
			}
			fputs("<td class=\"chg\">", out);
			for (r = 1; r < sw->nrevs; r++) {
				int ch = change_at(&m, row, r);

				if (ch == CH_NONE)
					continue;
				strbuf_reset(&sb);
				change_words(&sb, ch);
				if (any)
					fputs("; ", out);
				html_escape(out, label(sw, r));
				fputs(": ", out);
				html_escape(out, sb.buf);
				any = 1;
			}
			fputs("</td></tr>\n", out);
			strbuf_release(&sb);
		}
		fputs("</table>\n<p class=\"legend\">", out);
		for (i = 0; i < m.nclasses; i++) {
			fprintf(out, "<span style=\"background:%s\">",
				palette[i % (sizeof(palette) / sizeof(palette[0]))]);
			html_escape(out, m.abbr[i]);
			fputs(" ", out);
			html_escape(out, m.classes[i]);
			fputs("</span>", out);
		}
		fputs("<span>+ called, no verdict</span><span>&middot; absent</span>"
		      "<span class=\"body\" style=\"outline:2px dashed #555\">body changed</span></p>\n",
		      out);
		model_release(&m);
	}
	fputs("</body></html>\n", out);
}
