// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the digest a cover letter carries, read from a whole
 * mail or mbox as 'verify' reads it (series-digest.c), and the subject
 * line of a patch mail (series-prep.c).  A parse never crashes, and a
 * digest that parses, written again with wb_digest_format(), parses to
 * the same result.
 *
 * Known defects this target steps around until their fixes are merged
 * (FUZZ_DIGEST_ALL=1 feeds them too):
 *  - a second 'patches N' line overflows the heap (issue 11, point 4);
 *  - 'patches N' with a huge N allocates N patches up front;
 *  - a second 'check TOOL' line for the same tool leaks the first;
 *  - the quoted values are looked up anywhere in the line: a version that
 *    ends in ' flags=' hides the flags that follow it, so such a digest
 *    does not read back as written (not compared).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "series-prep.h"
#include "series.h"
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

#define MAX_PATCHES 4096

static int feed_all;
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	feed_all = getenv("FUZZ_DIGEST_ALL") && *getenv("FUZZ_DIGEST_ALL") == '1';
	devnull = fopen("/dev/null", "w");
	/* the parser's error() lines: thousands a second, none of them news */
	if (!getenv("FUZZ_VERBOSE") && devnull)
		stderr = devnull;
	return 0;
}

/* Lines of the digest, as wb_digest_parse() splits them: is this a known bad one? */
static int known_defect(const char *text)
{
	const char *p = strstr(text, WB_DIGEST_BEGIN);
	int npatches = 0, tools[WB_TOOL_NR] = { 0 };

	if (!p)
		return 0;
	p = strchr(p, '\n');
	while (p && *++p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p), v;
		char *line, word[64], st[16], hash[32];
		int known = 0;

		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		line = xstrndup(p, n);
		p = eol;
		if (!strcmp(line, WB_DIGEST_END)) {
			free(line);
			break;
		}
		if (sscanf(line, "base %40s", word) == 1) {
		} else if (sscanf(line, "patches %zu", &v) == 1) {
			known = ++npatches > 1 || v > MAX_PATCHES;
		} else if (sscanf(line, "check %63s %15s %31s", word, st, hash) == 3) {
			int t = wb_tool_from_name(word);

			known = t >= 0 && ++tools[t] > 1;
		}
		free(line);
		if (known)
			return 1;
	}
	return 0;
}

/* A value that names another key: the writer's line would not read back. */
static int ambiguous_values(const struct wb_check_result *r)
{
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const char *v = r->tools[t].version, *f = r->tools[t].flags;

		if ((v && (strstr(v, " flags=") || strstr(v, " version="))) ||
		    (f && (strstr(f, " flags=") || strstr(f, " version="))))
			return 1;
	}
	return 0;
}

static int same_str(const char *a, const char *b)
{
	return !strcmp(a ? a : "", b ? b : "");
}

static void check_same(const struct wb_check_result *a, const struct wb_check_result *b)
{
	size_t i;
	int t;

	oracle(!strcmp(a->base, b->base), "base '%s' became '%s'", a->base, b->base);
	oracle(a->npatches == b->npatches, "%zu patches became %zu", a->npatches, b->npatches);
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *x = &a->tools[t], *y = &b->tools[t];

		oracle(!!x->requested == !!y->requested && !!x->patches == !!y->patches,
		       "tool %s: requested %d/%d", wb_tool_name(t), x->requested, y->requested);
		if (!x->requested)
			continue;
		oracle(x->status == y->status && x->hash == y->hash, "tool %s: status or hash",
		       wb_tool_name(t));
		oracle(same_str(x->version, y->version), "tool %s: version '%s' became '%s'",
		       wb_tool_name(t), x->version, y->version);
		oracle(same_str(x->flags, y->flags), "tool %s: flags '%s' became '%s'",
		       wb_tool_name(t), x->flags, y->flags);
		for (i = 0; x->patches && i < a->npatches; i++) {
			const struct wb_tool_patch *p = &x->patches[i], *q = &y->patches[i];

			oracle(p->status == q->status && p->hash == q->hash,
			       "tool %s patch %zu: status or hash", wb_tool_name(t), i + 1);
			oracle(same_str(p->summary, q->summary),
			       "tool %s patch %zu: summary '%s' became '%s'", wb_tool_name(t), i + 1,
			       p->summary, q->summary);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = xstrndup((const char *)data, size);	/* up to a NUL, as a file read is */
	struct wb_check_result r, again;
	char *subject;

	subject = wb_patch_subject(text);
	oracle(subject != NULL, "no subject");
	free(subject);

	if (!feed_all && known_defect(text)) {
		free(text);
		return 0;
	}
	if (wb_digest_parse(&r, text, "fuzz") == 0) {
		struct strbuf sb = STRBUF_INIT;
		char *s;

		/* what 'verify' does with a digest it read */
		wb_check_print_text(devnull, &r);
		s = wb_check_json(&r);
		free(s);
		s = wb_check_b4_json(&r);
		free(s);
		wb_check_summary(&sb, &r);
		strbuf_release(&sb);

		wb_digest_format(&sb, &r);
		oracle(wb_digest_parse(&again, sb.buf, "fuzz (written again)") == 0,
		       "the digest written from a parsed one does not parse:\n%s", sb.buf);
		if (feed_all || !ambiguous_values(&r))
			check_same(&r, &again);
		wb_check_result_release(&again);
		strbuf_release(&sb);
		wb_check_result_release(&r);
	}
	free(text);
	return 0;
}
