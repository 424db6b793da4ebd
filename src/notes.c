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

static int parse_line(struct wb_notes *notes, char *line, unsigned lineno,
		      const char *const *classes, size_t nclasses)
{
	char *p = line, *key, *verdict, *hash, *colon;
	struct wb_note *e;
	size_t i;

	key = field(&p);
	verdict = field(&p);
	hash = field(&p);
	while (*p == ' ' || *p == '\t')
		p++;
	if (!key || !verdict || !hash)
		return error("%s:%u: malformed notes line: want 'PATH:FUNCTION VERDICT BODY-HASH REASON'",
			     notes->path, lineno);
	colon = strrchr(key, ':');
	if (!colon || colon == key || !colon[1])
		return error("%s:%u: malformed caller '%s': want PATH:FUNCTION", notes->path,
			     lineno, key);
	for (i = 0; i < nclasses; i++)
		if (!strcmp(verdict, classes[i]))
			break;
	if (i == nclasses && strcmp(verdict, "unreviewed"))
		return error("%s:%u: unknown verdict '%s'", notes->path, lineno, verdict);
	if (!is_hash(hash))
		return error("%s:%u: malformed body hash '%s': want 16 hex digits or '-'",
			     notes->path, lineno, hash);
	if (strcmp(verdict, "unreviewed") && !*p)
		return error("%s:%u: verdict '%s' for '%s' has no reason", notes->path, lineno,
			     verdict, key);
	if (wb_notes_find(notes, key))
		return error("%s:%u: '%s' already has a verdict on line %u", notes->path, lineno,
			     key, wb_notes_find(notes, key)->line);
	notes->v = xrealloc(notes->v, (notes->n + 1) * sizeof(*notes->v));
	e = &notes->v[notes->n++];
	e->key = xstrdup(key);
	e->verdict = xstrdup(verdict);
	e->hash = xstrdup(hash);
	e->reason = xstrdup(p);
	e->line = lineno;
	e->seen = 0;
	return 0;
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
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = xstrndup(p, len);
		char *s = line;
		int err = 0;

		lineno++;
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s && *s != '#')
			err = parse_line(notes, s, lineno, classes, nclasses);
		free(line);
		if (err)
			return -1;
		p = nl ? nl + 1 : end;
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

int wb_notes_add_unreviewed(struct wb_notes *notes, const struct wb_note_add *adds, size_t n)
{
	struct strbuf out = STRBUF_INIT;
	struct wb_note_add *sorted;
	const char *p, *end;
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
	if (!notes->exists)
		strbuf_addstr(&out, "# Reviewed verdicts: PATH:FUNCTION  VERDICT  BODY-HASH  REASON\n"
				    "# Edit VERDICT and REASON; the audit fills in BODY-HASH.\n");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;
		const struct wb_note *at = NULL;

		lineno++;
		for (k = 0; k < notes->n; k++)
			if (notes->v[k].line == lineno)
				at = &notes->v[k];
		/* new entries go before the first entry that sorts after them */
		while (at && i < n && strcmp(sorted[i].key, at->key) < 0) {
			strbuf_addf(&out, "%s  unreviewed  %s  %s\n", sorted[i].key, sorted[i].hash,
				    sorted[i].reason ? sorted[i].reason : "");
			i++;
		}
		strbuf_add(&out, p, (size_t)(next - p));
		if (!nl && i < n)
			strbuf_addch(&out, '\n');	/* the file ended without one */
		p = next;
	}
	for (; i < n; i++)
		strbuf_addf(&out, "%s  unreviewed  %s  %s\n", sorted[i].key, sorted[i].hash,
			    sorted[i].reason ? sorted[i].reason : "");
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
