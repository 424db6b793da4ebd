// SPDX-License-Identifier: GPL-2.0
#include "notes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawn.h"

static int is_hash(const char *s)
{
	size_t n = 0;

	if (!strcmp(s, "-"))
		return 1;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return 0;
	return n == 16;
}

/* Next whitespace-separated field of *p, NUL-terminated in place. */
static char *field(char **p)
{
	char *s = *p, *start;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	start = s;
	while (*s && *s != ' ' && *s != '\t')
		s++;
	if (*s)
		*s++ = '\0';
	*p = s;
	return start;
}

/*
 * Where the line at p ends; *next is the start of the next one.  A line
 * ends at LF, CRLF or a lone CR: files from any editor read alike.
 */
static const char *line_end(const char *p, const char *end, const char **next)
{
	const char *s = p;

	while (s < end && *s != '\n' && *s != '\r')
		s++;
	if (s + 1 < end && s[0] == '\r' && s[1] == '\n')
		*next = s + 2;
	else
		*next = s < end ? s + 1 : end;
	return s;
}

/*
 * The C-quoted string at *p (as wb_quote_path() writes it) appended to out,
 * *p moved past its closing quote; -1 when it is not one.
 */
static int unquote(struct strbuf *out, char **p)
{
	static const char letter[] = "abtnvfr", value[] = "\a\b\t\n\v\f\r";
	const char *s = *p + 1, *l;

	for (; *s && *s != '"'; s++) {
		unsigned v;

		if (*s != '\\') {
			strbuf_addch(out, *s);
			continue;
		}
		s++;
		if (*s == '"' || *s == '\\') {
			strbuf_addch(out, *s);
		} else if (*s && (l = strchr(letter, *s))) {
			strbuf_addch(out, value[l - letter]);
		} else if (s[0] >= '0' && s[0] <= '3' && s[1] >= '0' && s[1] <= '7' &&
			   s[2] >= '0' && s[2] <= '7') {
			v = (unsigned)(s[0] - '0') << 6 | (unsigned)(s[1] - '0') << 3 |
			    (unsigned)(s[2] - '0');
			if (!v)
				return -1;
			strbuf_addch(out, (char)v);
			s += 2;
		} else {
			return -1;
		}
	}
	if (*s != '"')
		return -1;
	*p = (char *)s + 1;
	return 0;
}

/* PATH:FUNCTION as a notes line shows it: PATH quoted when it holds a blank, '#', ... */
static void add_key(struct strbuf *out, const char *key)
{
	const char *colon = strrchr(key, ':');
	char *path = xstrndup(key, colon ? (size_t)(colon - key) : strlen(key));

	wb_quote_path(out, path, WB_QUOTE_WORDS);
	strbuf_addstr(out, colon ? colon : "");
	free(path);
}

static int parse_line(struct wb_notes *notes, char *line, unsigned lineno,
		      const char *const *classes, size_t nclasses)
{
	char *p = line, *key, *verdict, *hash, *colon;
	struct strbuf quoted = STRBUF_INIT, msg = STRBUF_INIT;	/* key, key as shown */
	struct wb_note *e;
	size_t i;
	int ret = -1;

	if (*p == '"') {
		/* "PATH":FUNCTION, as --update-notes writes odd paths */
		if (unquote(&quoted, &p) < 0 || *p != ':') {
			error("%s:%u: malformed quoted path: want \"PATH\":FUNCTION with C escapes",
			      notes->path, lineno);
			goto out;
		}
		strbuf_addstr(&quoted, field(&p));
		key = quoted.buf;
	} else {
		key = field(&p);
	}
	verdict = field(&p);
	hash = field(&p);
	while (*p == ' ' || *p == '\t')
		p++;
	if (!key || !verdict || !hash) {
		error("%s:%u: malformed notes line: want 'PATH:FUNCTION VERDICT BODY-HASH REASON'",
		      notes->path, lineno);
		goto out;
	}
	colon = strrchr(key, ':');
	if (!colon || colon == key || !colon[1]) {
		error("%s:%u: malformed caller '%s': want PATH:FUNCTION", notes->path, lineno,
		      wb_quote_path(&msg, key, 0));
		goto out;
	}
	for (i = 0; i < nclasses; i++)
		if (!strcmp(verdict, classes[i]))
			break;
	if (i == nclasses && strcmp(verdict, "unreviewed")) {
		error("%s:%u: unknown verdict '%s'", notes->path, lineno, verdict);
		goto out;
	}
	if (!is_hash(hash)) {
		error("%s:%u: malformed body hash '%s': want 16 hex digits or '-'", notes->path,
		      lineno, hash);
		goto out;
	}
	if (strcmp(verdict, "unreviewed") && !*p) {
		add_key(&msg, key);
		error("%s:%u: verdict '%s' for '%s' has no reason", notes->path, lineno, verdict,
		      msg.buf);
		goto out;
	}
	if (wb_notes_find(notes, key)) {
		unsigned first = wb_notes_find(notes, key)->line;

		add_key(&msg, key);
		error("%s:%u: '%s' already has a verdict on line %u", notes->path, lineno, msg.buf,
		      first);
		goto out;
	}
	notes->v = xrealloc(notes->v, (notes->n + 1) * sizeof(*notes->v));
	e = &notes->v[notes->n++];
	e->key = xstrdup(key);
	e->verdict = xstrdup(verdict);
	e->hash = xstrdup(hash);
	e->reason = xstrdup(p);
	e->line = lineno;
	e->seen = 0;
	ret = 0;
out:
	strbuf_release(&quoted);
	strbuf_release(&msg);
	return ret;
}

/*
 * wb_write_file_atomic() writes PATH.tmp.PID and renames it over PATH; a
 * run killed before the rename leaves it.  Remove those of dead runs.
 */
static void sweep_tmp(const char *path)
{
	struct strbuf dir = STRBUF_INIT, pat = STRBUF_INIT;
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;

	if (slash)
		strbuf_add(&dir, path, slash == path ? 1 : (size_t)(slash - path));
	else
		strbuf_addstr(&dir, ".");
	for (; *base; base++) {
		if (strchr("*?[\\", *base))
			strbuf_addch(&pat, '\\');
		strbuf_addch(&pat, *base);
	}
	if (pat.len)
		wb_tmpfiles_sweep(dir.buf, pat.buf);
	strbuf_release(&dir);
	strbuf_release(&pat);
}

int wb_notes_load(struct wb_notes *notes, const char *path, const char *const *classes,
		  size_t nclasses)
{
	const char *p, *end;
	unsigned lineno = 0;

	memset(notes, 0, sizeof(*notes));
	notes->path = xstrdup(path);
	sweep_tmp(path);
	if (wb_read_file(&notes->raw, path) < 0) {
		if (errno == ENOENT)
			return 0;
		return error("could not read notes '%s': %s", path, strerror(errno));
	}
	notes->exists = 1;
	if (memchr(notes->raw.buf, '\0', notes->raw.len))
		return error("%s: not a text file (NUL byte)", path);
	p = notes->raw.buf;
	end = p + notes->raw.len;
	while (p < end) {
		const char *next, *eol = line_end(p, end, &next);
		char *line = xstrndup(p, (size_t)(eol - p));
		char *s = line;
		int err = 0;

		lineno++;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '#')
			err = parse_line(notes, s, lineno, classes, nclasses);
		free(line);
		if (err)
			return -1;
		p = next;
	}
	return 0;
}

struct wb_note *wb_notes_find(struct wb_notes *notes, const char *key)
{
	size_t i;

	for (i = 0; i < notes->n; i++)
		if (!strcmp(notes->v[i].key, key))
			return &notes->v[i];
	return NULL;
}

static int cmp_add(const void *a, const void *b)
{
	return strcmp(((const struct wb_note_add *)a)->key, ((const struct wb_note_add *)b)->key);
}

static void add_line(struct strbuf *out, const struct wb_note_add *a, const char *eol)
{
	add_key(out, a->key);
	strbuf_addf(out, "  unreviewed  %s  %s%s", a->hash, a->reason ? a->reason : "", eol);
}

int wb_notes_add_unreviewed(struct wb_notes *notes, const struct wb_note_add *adds, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	struct wb_note_add *sorted;
	const char *p, *end, *eol = "\n";
	size_t i = 0, k;
	unsigned lineno = 0;
	int ret;

	if (!n)
		return 0;
	sorted = xmalloc(n * sizeof(*sorted));
	memcpy(sorted, adds, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_add);
	p = strbuf_str(&notes->raw);
	end = p + notes->raw.len;
	/* new lines end as the file's first line does */
	if (p < end) {
		const char *next, *e = line_end(p, end, &next);

		if (e < end)
			eol = next - e == 2 ? "\r\n" : *e == '\r' ? "\r" : "\n";
	}
	if (!notes->exists)
		strbuf_addstr(&out, "# Reviewed verdicts: PATH:FUNCTION  VERDICT  BODY-HASH  REASON\n"
				    "# Edit VERDICT and REASON; the audit fills in BODY-HASH.\n");
	while (p < end) {
		const char *next, *e = line_end(p, end, &next);
		const struct wb_note *at = NULL;

		lineno++;
		for (k = 0; k < notes->n; k++)
			if (notes->v[k].line == lineno)
				at = &notes->v[k];
		/* new entries go before the first entry that sorts after them */
		while (at && i < n && strcmp(sorted[i].key, at->key) < 0)
			add_line(&out, &sorted[i++], eol);
		strbuf_add(&out, p, (size_t)(next - p));
		if (e == end && i < n)
			strbuf_addstr(&out, eol);	/* the file ended without one */
		p = next;
	}
	for (; i < n; i++)
		add_line(&out, &sorted[i], eol);
	ret = wb_write_file_atomic(notes->path, out.buf, out.len);
	if (ret < 0)
		error("could not write notes '%s': %s", notes->path, strerror(errno));
	strbuf_release(&out);
	free(sorted);
	return ret;
}

void wb_notes_release(struct wb_notes *notes)
{
	size_t i;

	for (i = 0; i < notes->n; i++) {
		free(notes->v[i].key);
		free(notes->v[i].verdict);
		free(notes->v[i].hash);
		free(notes->v[i].reason);
	}
	free(notes->v);
	free(notes->path);
	strbuf_release(&notes->raw);
	memset(notes, 0, sizeof(*notes));
}
