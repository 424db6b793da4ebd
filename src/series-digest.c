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

#define SUMMARY_FINDINGS 5

void wb_check_summary(struct strbuf *out, const struct wb_check_result *r)
{
	size_t i, k;
	int t;

	strbuf_addstr(out, WB_REPORT_BEGIN "\n");
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (!tr->requested)
			continue;
		if (!tool_ran(tr)) {
			strbuf_addf(out, "  %s %s: %s\n", wb_tool_name(t), tr->skipped ? "skipped" : "could not run",
				    tr->reason ? tr->reason : "");
			continue;
		}
		strbuf_addf(out, "  %s, %s%s%s: %s%s\n", wb_tool_name(t), tr->version,
			    tr->flags && *tr->flags ? ", flags " : "", tr->flags ? tr->flags : "",
			    wb_status_name(tr->status), tr->status == WB_STATUS_PASS ? " on every patch" : "");
		for (i = 0; i < r->npatches; i++) {
			const struct wb_tool_patch *tp = &tr->patches[i];

			/* short: the patches with something to say */
			if (tp->status == WB_STATUS_PASS && !tp->nfindings)
				continue;
			strbuf_addf(out, "    %zu/%zu %s %s\n", i + 1, r->npatches, wb_status_name(tp->status),
				    tp->summary);
			/* what it found, short: a reviewer reads these, the digest is for machines */
			for (k = 0; k < tp->nfindings && k < SUMMARY_FINDINGS; k++) {
				const struct wb_finding *fd = &tp->findings[k];

				strbuf_addstr(out, "      ");
				if (*fd->path && fd->line)
					strbuf_addf(out, "%s:%d: ", fd->path, fd->line);
				else if (*fd->path)
					strbuf_addf(out, "%s: ", fd->path);
				strbuf_addf(out, "%s [%s]\n", fd->message, fd->id);
			}
			if (tp->nfindings > SUMMARY_FINDINGS)
				strbuf_addf(out, "      ... and %zu more\n", tp->nfindings - SUMMARY_FINDINGS);
		}
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

		/* a check that did not run says so, and why */
		if (tr->requested && !tool_ran(tr)) {
			strbuf_addf(out, "skip %s", wb_tool_name(t));
			add_quoted(out, "reason", tr->reason ? tr->reason : "");
			strbuf_addch(out, '\n');
			continue;
		}
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

/*
 * The digest comes in a mail from anyone: every line is checked against
 * the one shape wb_digest_format() writes, and every count and index
 * against bounds, before anything is allocated or stored.
 */
#define DIGEST_MAX_PATCHES 10000
#define DIGEST_MAX_LINE 4096

/* The line as an error message may show it: printable, at most 80 bytes; caller frees. */
static char *shown(const char *line)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; line[i] && i < 80; i++)
		strbuf_addch(&sb, (unsigned char)line[i] < 0x20 || line[i] == 0x7f ? '?' : line[i]);
	if (line[i])
		strbuf_addstr(&sb, "...");
	return strbuf_detach(&sb, NULL);
}

static int malformed(const char *origin, int lineno, const char *line, const char *why)
{
	char *l = shown(line);

	error("%s: malformed digest line %d (%s): '%s'", origin, lineno, why, l);
	free(l);
	return -1;
}

/* A decimal count without sign or leading zero, at most max; advances *p. */
static int parse_count(const char **p, size_t max, size_t *out)
{
	const char *s = *p;
	size_t v = 0;

	if (*s < '1' || *s > '9')
		return -1;
	for (; *s >= '0' && *s <= '9'; s++) {
		v = v * 10 + (size_t)(*s - '0');
		if (v > max)
			return -1;
	}
	*p = s;
	*out = v;
	return 0;
}

/* Exactly n lowercase hex digits; advances *p. */
static int parse_hex(const char **p, size_t n, char *out)
{
	const char *s = *p;
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return -1;
	if (out) {
		memcpy(out, s, n);
		out[n] = '\0';
	}
	*p = s + n;
	return 0;
}

/* A word up to the next space, into out (size n); advances *p past it. */
static int parse_word(const char **p, char *out, size_t n)
{
	size_t len = strcspn(*p, " ");

	if (!len || len >= n)
		return -1;
	memcpy(out, *p, len);
	out[len] = '\0';
	*p += len;
	return 0;
}

static int skip(const char **p, const char *lit)
{
	size_t n = strlen(lit);

	if (strncmp(*p, lit, n))
		return -1;
	*p += n;
	return 0;
}

/* ' key="value"': the value, which holds no '"'; caller frees; advances *p. */
static char *parse_quoted(const char **p, const char *key)
{
	const char *s = *p, *e;
	size_t n = strlen(key);

	if (*s != ' ' || strncmp(s + 1, key, n) || strncmp(s + 1 + n, "=\"", 2))
		return NULL;
	s += n + 3;
	if (!(e = strchr(s, '"')))
		return NULL;
	*p = e + 1;
	return xstrndup(s, (size_t)(e - s));
}

/* "check TOOL STATUS HASH version="..." flags="..."" into out->tools; the tool or NULL. */
static struct wb_tool_run *parse_check(struct wb_check_result *out, const char *line, const char **why)
{
	const char *p = line + 6;
	char word[16];
	struct wb_tool_run *tr;
	char hash[17];
	int t, st;

	if (parse_word(&p, word, sizeof(word)) < 0 || (t = wb_tool_from_name(word)) < 0) {
		*why = "not a tool workbench runs";
		return NULL;
	}
	tr = &out->tools[t];
	if (tr->requested) {
		*why = "a second check line for the tool";
		return NULL;
	}
	if (skip(&p, " ") < 0 || parse_word(&p, word, sizeof(word)) < 0 || (st = wb_status_from_name(word)) < 0) {
		*why = "not a status (pass, warn, fail)";
		return NULL;
	}
	if (skip(&p, " ") < 0 || parse_hex(&p, 16, hash) < 0) {
		*why = "not a hash of 16 hex digits";
		return NULL;
	}
	tr->requested = 1;
	tr->status = (enum wb_status)st;
	tr->hash = strtoull(hash, NULL, 16);
	tr->patches = xcalloc(out->npatches, sizeof(*tr->patches));
	if (!(tr->version = parse_quoted(&p, "version")) || !(tr->flags = parse_quoted(&p, "flags"))) {
		*why = "no version=\"...\" flags=\"...\"";
		return NULL;
	}
	if (*p) {
		*why = "text after the flags";
		return NULL;
	}
	return tr;
}

/* " patch I STATUS HASH SUMMARY" into tr */
static int parse_patch(struct wb_tool_run *tr, size_t npatches, const char *line, const char **why)
{
	const char *p = line + 7;
	struct wb_tool_patch *tp;
	char word[16], hash[17];
	size_t idx;
	int st;

	if (parse_count(&p, npatches, &idx) < 0 || *p != ' ') {
		*why = "not a patch number from 1 to the patch count";
		return -1;
	}
	tp = &tr->patches[idx - 1];
	if (tp->summary) {
		*why = "a second line for the patch";
		return -1;
	}
	p++;
	if (parse_word(&p, word, sizeof(word)) < 0 || (st = wb_status_from_name(word)) < 0) {
		*why = "not a status (pass, warn, fail)";
		return -1;
	}
	if (skip(&p, " ") < 0 || parse_hex(&p, 16, hash) < 0 || (*p && *p != ' ')) {
		*why = "not a hash of 16 hex digits";
		return -1;
	}
	tp->status = (enum wb_status)st;
	tp->hash = strtoull(hash, NULL, 16);
	tp->summary = xstrdup(*p ? p + 1 : "");
	return 0;
}

/* The digest's first line: WB_DIGEST_BEGIN as a line of its own; NULL when none. */
static const char *find_begin(const char *text)
{
	const char *p = text;
	size_t n = strlen(WB_DIGEST_BEGIN);

	while ((p = strstr(p, WB_DIGEST_BEGIN))) {
		const char *e = p + n;

		while (*e == ' ' || *e == '\r')
			e++;
		if ((p == text || p[-1] == '\n') && (!*e || *e == '\n'))
			return p;
		p += n;
	}
	return NULL;
}

int wb_digest_parse(struct wb_check_result *out, const char *text, const char *origin)
{
	const char *p = find_begin(text);
	struct wb_tool_run *cur = NULL;
	int lineno = 1, seen_end = 0, seen_patches = 0, t;

	memset(out, 0, sizeof(*out));
	if (!p)
		return error("no workbench digest in %s (no '%s' line)", origin, WB_DIGEST_BEGIN);
	p = strchr(p, '\n');
	while (p && *++p) {
		const char *eol = strchr(p, '\n'), *why = NULL, *q;
		size_t n = eol ? (size_t)(eol - p) : strlen(p), i;
		char *line;

		lineno++;
		if (n > DIGEST_MAX_LINE) {
			error("%s: malformed digest line %d (longer than %d bytes)", origin, lineno, DIGEST_MAX_LINE);
			goto fail;
		}
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		line = xstrndup(p, n);
		p = eol;
		for (i = 0; i < n; i++)
			if ((unsigned char)line[i] < 0x20 || line[i] == 0x7f)
				why = "a control character";
		if (why) {
		} else if (!strcmp(line, WB_DIGEST_END)) {
			free(line);
			seen_end = 1;
			break;
		} else if (!strncmp(line, "base ", 5)) {
			q = line + 5;
			if (out->base[0])
				why = "a second base";
			else if (parse_hex(&q, 40, out->base) < 0 || *q)
				why = "not a commit id of 40 hex digits";
		} else if (!strncmp(line, "patches ", 8)) {
			size_t np;

			q = line + 8;
			if (seen_patches)
				why = "a second patch count";
			else if (parse_count(&q, DIGEST_MAX_PATCHES, &np) < 0 || *q)
				why = "not a patch count from 1 to 10000";
			if (!why) {
				seen_patches = 1;
				out->npatches = np;
				out->patches = xcalloc(out->npatches, sizeof(*out->patches));
				for (i = 0; i < out->npatches; i++)
					out->patches[i].subject = xstrdup("");
			}
		} else if (!strncmp(line, "check ", 6)) {
			if (!seen_patches)
				why = "a check before the patch count";
			else
				cur = parse_check(out, line, &why);
		} else if (!strncmp(line, "skip ", 5)) {
			char word[16];
			int st;

			q = line + 5;
			cur = NULL;
			if (parse_word(&q, word, sizeof(word)) < 0 || (st = wb_tool_from_name(word)) < 0)
				why = "not a tool workbench runs";
			else if (out->tools[st].requested)
				why = "a second line for the tool";
			else if (!(out->tools[st].reason = parse_quoted(&q, "reason")) || *q)
				why = "no reason=\"...\"";
			else
				out->tools[st].requested = out->tools[st].skipped = 1;
		} else if (!strncmp(line, " patch ", 7)) {
			if (!cur)
				why = "a patch line outside a check";
			else
				parse_patch(cur, out->npatches, line, &why);
		} else if (*line) {
			why = "not a line of a digest";
		}
		if (why) {
			malformed(origin, lineno, line, why);
			free(line);
			goto fail;
		}
		free(line);
	}
	if (!seen_end) {
		error("%s: the workbench digest has no '%s' line", origin, WB_DIGEST_END);
		goto fail;
	}
	if (!out->base[0] || !seen_patches) {
		error("%s: the workbench digest names no base or no patch count", origin);
		goto fail;
	}
	for (t = 0; t < WB_TOOL_NR; t++) {
		struct wb_tool_run *tr = &out->tools[t];
		size_t i, have = 0;

		if (!tr->requested || tr->skipped)
			continue;
		for (i = 0; i < out->npatches; i++)
			have += tr->patches[i].summary != NULL;
		if (have != out->npatches) {
			error("%s: the workbench digest's check %s has lines for %zu of its %zu patches", origin,
			      wb_tool_name(t), have, out->npatches);
			goto fail;
		}
	}
	return 0;
fail:
	wb_check_result_release(out);
	return -1;
}
