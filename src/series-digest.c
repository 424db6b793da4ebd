// SPDX-License-Identifier: GPL-2.0
/*
 * Check results out: diagnostics, JSON, the b4 per-patch shape, and the
 * digest (a manifest of tool, exact version, flags and result hash) that a
 * cover letter carries below a marker, and its parser.
 */
#include "series.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static int tool_ran(const struct wb_tool_run *tr)
{
	return tr->requested && !tr->skipped && !tr->cannot && tr->patches;
}

void wb_check_print_text(FILE *f, const struct wb_check_result *r)
{
	size_t i, k;
	int t;

	for (i = 0; i < r->npatches; i++) {
		const struct wb_patch *p = &r->patches[i];

		fprintf(f, "patch %zu/%zu %.12s %s\n", i + 1, r->npatches, p->oid, p->subject);
		for (t = 0; t < WB_TOOL_NR; t++) {
			const struct wb_tool_run *tr = &r->tools[t];

			if (!tool_ran(tr))
				continue;
			for (k = 0; k < tr->patches[i].nfindings; k++) {
				const struct wb_finding *fd = &tr->patches[i].findings[k];

				if (*fd->path && fd->line && fd->col)
					fprintf(f, "%s:%d:%d: ", fd->path, fd->line, fd->col);
				else if (*fd->path && fd->line)
					fprintf(f, "%s:%d: ", fd->path, fd->line);
				else if (*fd->path)
					fprintf(f, "%s: ", fd->path);
				else
					fprintf(f, "commit %.12s: ", p->oid);
				fprintf(f, "%s: %s [%s]\n", fd->severity, fd->message, fd->id);
			}
		}
		for (t = 0; t < WB_TOOL_NR; t++) {
			const struct wb_tool_run *tr = &r->tools[t];

			if (tool_ran(tr))
				fprintf(f, "    %-10s  %-4s  %s\n", wb_tool_name(t),
					wb_status_name(tr->patches[i].status), tr->patches[i].summary);
		}
	}
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (!tr->requested)
			continue;
		if (tr->skipped)
			fprintf(f, "%s: skipped: %s\n", wb_tool_name(t), tr->reason);
		else if (tr->cannot)
			fprintf(f, "%s: cannot run: %s\n", wb_tool_name(t), tr->reason);
		else
			fprintf(f, "%s: %s (%s%s%s)\n", wb_tool_name(t), wb_status_name(tr->status), tr->version,
				tr->flags && *tr->flags ? "; flags " : "", tr->flags ? tr->flags : "");
	}
}

static json_t *tool_patch_json(const struct wb_tool_run *tr, int t, size_t i, int findings)
{
	const struct wb_tool_patch *tp = &tr->patches[i];
	json_t *o = json_object();
	size_t k;

	json_object_set_new(o, "tool", json_string(wb_tool_name(t)));
	json_object_set_new(o, "status", json_string(wb_status_name(tp->status)));
	json_object_set_new(o, "summary", json_string(tp->summary ? tp->summary : ""));
	json_object_set_new(o, "details", json_string(strbuf_str(&tp->details)));
	if (findings) {
		json_t *a = json_array();

		for (k = 0; k < tp->nfindings; k++) {
			const struct wb_finding *fd = &tp->findings[k];

			json_array_append_new(a, json_pack("{s:s, s:i, s:i, s:s, s:s, s:s}", "path", fd->path,
							   "line", fd->line, "col", fd->col, "severity",
							   fd->severity, "message", fd->message, "id", fd->id));
		}
		json_object_set_new(o, "findings", a);
	}
	return o;
}

char *wb_check_json(const struct wb_check_result *r)
{
	json_t *root = json_object(), *patches = json_array(), *tools = json_array();
	char *s;
	size_t i, k;
	int t;

	json_object_set_new(root, "base", json_string(r->base));
	json_object_set_new(root, "head", json_string(r->head));
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];
		json_t *o;
		char hash[17];

		if (!tr->requested)
			continue;
		o = json_object();
		json_object_set_new(o, "tool", json_string(wb_tool_name(t)));
		if (tr->skipped || tr->cannot) {
			json_object_set_new(o, "status", json_string(tr->skipped ? "skipped" : "cannot"));
			json_object_set_new(o, "reason", json_string(tr->reason ? tr->reason : ""));
		} else {
			snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)tr->hash);
			json_object_set_new(o, "status", json_string(wb_status_name(tr->status)));
			json_object_set_new(o, "version", json_string(tr->version ? tr->version : ""));
			json_object_set_new(o, "flags", json_string(tr->flags ? tr->flags : ""));
			json_object_set_new(o, "hash", json_string(hash));
		}
		json_array_append_new(tools, o);
	}
	for (i = 0; i < r->npatches; i++) {
		const struct wb_patch *p = &r->patches[i];
		json_t *o = json_object(), *files = json_array(), *checks = json_array();

		json_object_set_new(o, "commit", json_string(p->oid));
		json_object_set_new(o, "subject", json_string(p->subject));
		for (k = 0; k < p->files.nr; k++)
			json_array_append_new(files, json_string(p->files.v[k]));
		json_object_set_new(o, "files", files);
		for (t = 0; t < WB_TOOL_NR; t++)
			if (tool_ran(&r->tools[t]))
				json_array_append_new(checks, tool_patch_json(&r->tools[t], t, i, 1));
		json_object_set_new(o, "checks", checks);
		json_array_append_new(patches, o);
	}
	json_object_set_new(root, "tools", tools);
	json_object_set_new(root, "patches", patches);
	s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return s;
}

char *wb_check_b4_json(const struct wb_check_result *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	int t;

	for (i = 0; i < r->npatches; i++) {
		json_t *a = json_array();
		char *s;

		for (t = 0; t < WB_TOOL_NR; t++) {
			const struct wb_tool_run *tr = &r->tools[t];

			if (tool_ran(tr)) {
				json_array_append_new(a, tool_patch_json(tr, t, i, 0));
			} else if (tr->requested && tr->cannot) {
				json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "tool", wb_tool_name(t),
								   "status", "warn", "summary", "could not run",
								   "details", tr->reason ? tr->reason : ""));
			}
		}
		s = json_dumps(a, JSON_COMPACT | JSON_PRESERVE_ORDER);
		strbuf_addf(&sb, "%s\n", s);
		free(s);
		json_decref(a);
	}
	return strbuf_detach(&sb, NULL);
}

void wb_check_summary(struct strbuf *out, const struct wb_check_result *r)
{
	size_t i;
	int t;

	strbuf_addstr(out, "Checks run by workbench on this series, per patch\n");
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (!tr->requested)
			continue;
		if (!tool_ran(tr)) {
			strbuf_addf(out, "  %s not run (%s)\n", wb_tool_name(t), tr->reason ? tr->reason : "");
			continue;
		}
		strbuf_addf(out, "  %s, %s%s%s, %s\n", wb_tool_name(t), tr->version,
			    tr->flags && *tr->flags ? ", flags " : "", tr->flags ? tr->flags : "",
			    wb_status_name(tr->status));
		for (i = 0; i < r->npatches; i++)
			strbuf_addf(out, "    %zu/%zu %s %s\n", i + 1, r->npatches,
				    wb_status_name(tr->patches[i].status), tr->patches[i].summary);
	}
}

static void add_quoted(struct strbuf *out, const char *key, const char *v)
{
	strbuf_addf(out, " %s=\"", key);
	for (; v && *v; v++)
		strbuf_addch(out, *v == '"' || *v == '\n' ? '\'' : *v);
	strbuf_addch(out, '"');
}

void wb_digest_format(struct strbuf *out, const struct wb_check_result *r)
{
	size_t i;
	int t;

	strbuf_addf(out, "%s\n", WB_DIGEST_BEGIN);
	strbuf_addf(out, "base %s\n", r->base);
	strbuf_addf(out, "patches %zu\n", r->npatches);
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (!tool_ran(tr))
			continue;
		strbuf_addf(out, "check %s %s %016llx", wb_tool_name(t), wb_status_name(tr->status),
			    (unsigned long long)tr->hash);
		add_quoted(out, "version", tr->version);
		add_quoted(out, "flags", tr->flags);
		strbuf_addch(out, '\n');
		for (i = 0; i < r->npatches; i++)
			strbuf_addf(out, " patch %zu %s %016llx %s\n", i + 1,
				    wb_status_name(tr->patches[i].status),
				    (unsigned long long)tr->patches[i].hash, tr->patches[i].summary);
	}
	strbuf_addf(out, "%s\n", WB_DIGEST_END);
}

static char *get_quoted(const char *line, const char *key)
{
	struct strbuf k = STRBUF_INIT;
	const char *p, *e;
	char *v = NULL;

	strbuf_addf(&k, " %s=\"", key);
	p = strstr(line, k.buf);
	if (p) {
		p += k.len;
		e = strchr(p, '"');
		if (e)
			v = xstrndup(p, (size_t)(e - p));
	}
	strbuf_release(&k);
	return v;
}

int wb_digest_parse(struct wb_check_result *out, const char *text, const char *origin)
{
	const char *p = strstr(text, WB_DIGEST_BEGIN), *end;
	struct wb_tool_run *cur = NULL;
	size_t npatches = 0, alloc = 0;
	int lineno = 0, rc = -1, seen_end = 0;

	memset(out, 0, sizeof(*out));
	if (!p)
		return error("no workbench digest in %s (no '%s' line)", origin, WB_DIGEST_BEGIN);
	p = strchr(p, '\n');
	while (p && *++p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *line;
		char word[64], st[16], hash[32];
		unsigned long long h;
		size_t idx;
		int off = 0;

		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		line = xstrndup(p, n);
		end = p;
		p = eol;
		lineno++;
		if (!strcmp(line, WB_DIGEST_END)) {
			free(line);
			seen_end = 1;
			break;
		}
		if (sscanf(line, "base %40s", out->base) == 1) {
		} else if (sscanf(line, "patches %zu", &npatches) == 1) {
			out->npatches = npatches;
			out->patches = xcalloc(npatches ? npatches : 1, sizeof(*out->patches));
			for (idx = 0; idx < npatches; idx++)
				out->patches[idx].subject = xstrdup("");
		} else if (sscanf(line, "check %63s %15s %31s%n", word, st, hash, &off) == 3) {
			int t = wb_tool_from_name(word), s = wb_status_from_name(st);

			if (t < 0 || s < 0 || sscanf(hash, "%llx", &h) != 1 || !out->patches) {
				error("%s: malformed digest line %d: '%s'", origin, lineno, line);
				free(line);
				goto fail;
			}
			cur = &out->tools[t];
			cur->requested = 1;
			cur->status = (enum wb_status)s;
			cur->hash = h;
			cur->version = get_quoted(line, "version");
			cur->flags = get_quoted(line, "flags");
			if (!cur->version)
				cur->version = xstrdup("");
			if (!cur->flags)
				cur->flags = xstrdup("");
			cur->patches = xcalloc(npatches ? npatches : 1, sizeof(*cur->patches));
		} else if (sscanf(line, " patch %zu %15s %31s %n", &idx, st, hash, &off) == 3 && cur) {
			int s = wb_status_from_name(st);

			if (idx < 1 || idx > npatches || s < 0 || sscanf(hash, "%llx", &h) != 1) {
				error("%s: malformed digest line %d: '%s'", origin, lineno, line);
				free(line);
				goto fail;
			}
			cur->patches[idx - 1].status = (enum wb_status)s;
			cur->patches[idx - 1].hash = h;
			free(cur->patches[idx - 1].summary);
			cur->patches[idx - 1].summary = xstrdup(off ? line + off : "");
		} else if (*line) {
			error("%s: malformed digest line %d: '%s'", origin, lineno, line);
			free(line);
			goto fail;
		}
		free(line);
		(void)end;
		(void)alloc;
	}
	if (!seen_end) {
		error("%s: the workbench digest has no '%s' line", origin, WB_DIGEST_END);
		goto fail;
	}
	if (!out->base[0] || !out->patches) {
		error("%s: the workbench digest names no base or no patch count", origin);
		goto fail;
	}
	{
		int t;

		for (t = 0; t < WB_TOOL_NR; t++) {
			size_t i;

			if (!out->tools[t].patches)
				continue;
			for (i = 0; i < out->npatches; i++)
				if (!out->tools[t].patches[i].summary)
					out->tools[t].patches[i].summary = xstrdup("");
		}
	}
	rc = 0;
	return rc;
fail:
	wb_check_result_release(out);
	return -1;
}
