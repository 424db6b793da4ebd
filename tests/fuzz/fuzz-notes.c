// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the notes file (notes.c) and the check definition
 * (check.c).  Each input is read as both.  Neither parse may crash; and a
 * notes file that loads, once wb_notes_add_unreviewed() has added lines to
 * it, must load again with every verdict it had, the added ones as written,
 * and its other bytes as they were.
 *
 * The added keys come from the file's own keys, so they are ones today's
 * format can carry; keys with spaces or newlines are issue 11, point 6.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "notes.h"
#include "util.h"

#define oracle(cond, ...)                                                       \
	do {                                                                    \
		if (!(cond)) {                                                  \
			dprintf(2, "oracle: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			dprintf(2, __VA_ARGS__);                                \
			dprintf(2, "\n");                                       \
			abort();                                                \
		}                                                               \
	} while (0)

static const char *const classes[] = { "all-or-nothing", "partial", "retries", "not-affected" };

static char dir[64];
static char notes_path[96], conf_path[96];

static void cleanup(void)
{
	unlink(notes_path);
	unlink(conf_path);
	rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	/* every input is written (with fsync) twice: a tmpfs keeps that cheap */
	const char *tmp = getenv("FUZZ_TMPDIR");
	FILE *devnull;

	(void)argc;
	(void)argv;
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) ? getenv("TMPDIR") : "/dev/shm";
	if (!tmp || !*tmp || strlen(tmp) > 40)
		tmp = "/tmp";
	snprintf(dir, sizeof(dir), "%s/wb-fuzz.XXXXXX", tmp);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	snprintf(notes_path, sizeof(notes_path), "%s/fz.notes", dir);
	snprintf(conf_path, sizeof(conf_path), "%s/fz.conf", dir);
	atexit(cleanup);
	/* the parsers' error() lines: thousands a second, none of them news */
	devnull = fopen("/dev/null", "w");
	if (!getenv("FUZZ_VERBOSE") && devnull)
		stderr = devnull;
	return 0;
}

static void write_or_die(const char *path, const void *data, size_t len)
{
	if (wb_write_file_atomic(path, data, len) < 0) {
		dprintf(2, "fuzz: cannot write %s\n", path);
		abort();
	}
}

/* ---- notes -------------------------------------------------------------- */

#define MAX_ADDS 6

static void add_key(struct wb_notes *n, struct wb_note_add *adds, char **keys, size_t *nadds,
		    const char *key, const char *hash, const char *reason)
{
	size_t i;

	if (*nadds >= MAX_ADDS || wb_notes_find(n, key))
		return;
	for (i = 0; i < *nadds; i++)
		if (!strcmp(adds[i].key, key))
			return;
	keys[*nadds] = xstrdup(key);
	adds[*nadds] = (struct wb_note_add){ keys[*nadds], hash, reason };
	(*nadds)++;
}

/* Line ln (1-based) of raw, without its '\n'. */
static int is_added_line(const struct wb_notes *n, unsigned ln, const struct wb_note_add *adds,
			 size_t nadds)
{
	size_t i, k;

	for (i = 0; i < n->n; i++) {
		if (n->v[i].line != ln)
			continue;
		for (k = 0; k < nadds; k++)
			if (!strcmp(n->v[i].key, adds[k].key))
				return 1;
	}
	return 0;
}

static void fuzz_notes(const uint8_t *data, size_t size)
{
	struct wb_notes before, after;
	struct wb_note_add adds[MAX_ADDS];
	char *keys[MAX_ADDS];
	struct strbuf kept = STRBUF_INIT, k = STRBUF_INIT;
	size_t nadds = 0, i;
	const char *p, *end;
	unsigned ln = 0;

	write_or_die(notes_path, data, size);
	if (wb_notes_load(&before, notes_path, classes, WB_ARRAY_SIZE(classes)) < 0) {
		wb_notes_release(&before);
		return;
	}
	/* new callers that sort before, between and after the file's */
	for (i = 0; i < before.n && nadds < MAX_ADDS - 2; i++) {
		strbuf_reset(&k);
		strbuf_addf(&k, "%s_", before.v[i].key);
		add_key(&before, adds, keys, &nadds, k.buf, "0123456789abcdef", "added by the fuzzer");
	}
	add_key(&before, adds, keys, &nadds, "!first.c:a", "-", NULL);
	add_key(&before, adds, keys, &nadds, "~last.c:z", "fedcba9876543210", "");
	strbuf_release(&k);

	oracle(wb_notes_add_unreviewed(&before, adds, nadds) == 0, "could not write %s", notes_path);
	oracle(wb_notes_load(&after, notes_path, classes, WB_ARRAY_SIZE(classes)) == 0,
	       "what wb_notes_add_unreviewed() wrote does not load");
	oracle(after.n == before.n + nadds, "%zu notes + %zu added, %zu read back", before.n, nadds,
	       after.n);
	for (i = 0; i < before.n; i++) {
		const struct wb_note *a = &before.v[i], *b = wb_notes_find(&after, a->key);

		oracle(b, "'%s' lost", a->key);
		oracle(!strcmp(a->verdict, b->verdict) && !strcmp(a->hash, b->hash) &&
		       !strcmp(a->reason, b->reason),
		       "'%s': '%s %s %s' became '%s %s %s'", a->key, a->verdict, a->hash, a->reason,
		       b->verdict, b->hash, b->reason);
	}
	for (i = 0; i < nadds; i++) {
		const struct wb_note *b = wb_notes_find(&after, adds[i].key);

		oracle(b, "added '%s' not read back", adds[i].key);
		oracle(!strcmp(b->verdict, "unreviewed") && !strcmp(b->hash, adds[i].hash) &&
		       !strcmp(b->reason, adds[i].reason ? adds[i].reason : ""),
		       "added '%s' read back as '%s %s %s'", adds[i].key, b->verdict, b->hash,
		       b->reason);
	}
	/* the bytes that were there are there, in order */
	p = after.raw.buf ? after.raw.buf : "";
	end = p + after.raw.len;
	while (p < end) {
		/* a line ends in LF, CRLF or a lone CR, as the reader reads it */
		const char *q = p;
		const char *next;

		while (q < end && *q != '\n' && *q != '\r')
			q++;
		next = q == end ? end : (*q == '\r' && q + 1 < end && q[1] == '\n') ? q + 2 : q + 1;
		if (!is_added_line(&after, ++ln, adds, nadds))
			strbuf_add(&kept, p, (size_t)(next - p));
		p = next;
	}
	if (before.raw.len && nadds && kept.len > before.raw.len &&
	    before.raw.buf[before.raw.len - 1] != '\n' && before.raw.buf[before.raw.len - 1] != '\r' &&
	    !memcmp(kept.buf, before.raw.buf, before.raw.len)) {
		/* the writer ended the last line, with the file's own line end */
		size_t extra = kept.len - before.raw.len;
		const char *e = kept.buf + before.raw.len;

		if ((extra == 1 && (*e == '\n' || *e == '\r')) ||
		    (extra == 2 && e[0] == '\r' && e[1] == '\n'))
			kept.len = before.raw.len;
	}
	oracle(kept.len == before.raw.len && (!kept.len || !memcmp(kept.buf, before.raw.buf, kept.len)),
	       "the file's own %zu bytes became %zu", before.raw.len, kept.len);

	strbuf_release(&kept);
	for (i = 0; i < nadds; i++)
		free(keys[i]);
	wb_notes_release(&after);
	wb_notes_release(&before);
}

/* ---- check definitions -------------------------------------------------- */

/* Config includes read other files: not the parser under test. */
static int has_include(const uint8_t *data, size_t size)
{
	static const char word[] = "include";
	size_t i, j;

	for (i = 0; i + sizeof(word) - 1 <= size; i++) {
		for (j = 0; j < sizeof(word) - 1; j++)
			if (tolower(data[i + j]) != word[j])
				break;
		if (j == sizeof(word) - 1)
			return 1;
	}
	return 0;
}

static void fuzz_check(const uint8_t *data, size_t size)
{
	struct wb_check *c;
	size_t i;

	if (has_include(data, size))
		return;
	write_or_die(conf_path, data, size);
	if (wb_check_load(&c, dir, "fz") < 0)
		return;
	oracle(c && c->name && c->path, "a loaded check without a name");
	oracle(c->nprimitives || wb_check_mode_is(c, "pattern"), "a check with no primitive loaded");
	for (i = 0; i < c->nserves; i++)
		oracle(c->serves[i].primitive && c->serves[i].classes && *c->serves[i].classes,
		       "serves line %zu half read", i);
	(void)wb_check_excludes(c, "drivers/widget/widget.c");
	(void)wb_check_is_entry(c, "widget_ioctl");
	(void)wb_check_is_entry_table(c, "widget_ops");
	(void)wb_check_has_wrapper(c, "widget_fault_in");
	wb_check_free(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_notes(data, size);
	fuzz_check(data, size);
	return 0;
}
