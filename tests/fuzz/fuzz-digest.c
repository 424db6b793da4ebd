// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the digest a cover letter carries, read from a whole
 * mail or mbox as 'verify' reads it (series-digest.c), and the subject
 * line of a patch mail (series-prep.c).  A parse never crashes, and a
 * digest that parses, written again with wb_digest_format(), parses to
 * the same result.
 *
 * The parser takes each digest line only in the shape the writer gives it
 * (one 'patches N', bounded; each tool once; quoted values whole), so every
 * input is fed and every parsed digest must read back as written.
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


static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	devnull = fopen("/dev/null", "w");
	/* the parser's error() lines: thousands a second, none of them news */
	if (!getenv("FUZZ_VERBOSE") && devnull)
		stderr = devnull;
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
		check_same(&r, &again);
		wb_check_result_release(&again);
		strbuf_release(&sb);
		wb_check_result_release(&r);
	}
	free(text);
	return 0;
}
