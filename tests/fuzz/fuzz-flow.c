// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the retry-cycle analysis (src/flow.c), which reads
 * the callers of trees we did not write: the input is a blob; every call
 * site the scanner finds inside a C function is analysed as if it were a
 * fault-in, with the callee's name as the primitive.  It must end (the walk
 * has a step budget), never crash, and always say one of its facts.  Its
 * seeds are tests/audit/flow-*.c (tests/fuzz/run.sh copies them in).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow.h"
#include "scan.h"
#include "util.h"

static const char *const iters[] = { "fault_in_iov_iter_readable", "iov_iter_fault_in_readable" };
static const char *const readonly[] = { "iov_iter_count", "min", "likely", "unlikely" };
static const char *const movers[] = { "iov_iter_advance" };
static const char *const keeps[] = { "iov_iter_copy_from_user_atomic" };
static const char *const checked[] = { "copy_from_user", "copy_to_user", "get_user" };
static const char *const copies[] = { "copy_page_from_iter_atomic", "iov_iter_copy_from_user_atomic" };
static const char *const reverts[] = { "iov_iter_revert" };
static const char *const nofault[] = { "copy_to_user_nofault", "__copy_from_user_inatomic" };
static const char *const aenter[] = { "pagefault_disable", "rcu_read_lock_sched" };
static const char *const aexit[] = { "pagefault_enable", "rcu_read_unlock_sched" };

static int known_fact(const char *s)
{
	static const char *const ids[] = { "retry-cycle ", "no-retry ", "flow-unparsed " };
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (!strncmp(s, ids[i], strlen(ids[i])))
			return 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct wb_scan scan;
	struct wb_flow_func *funcs;
	size_t i, nf = 0, done = 0;

	if (wb_scan_buffer(&scan, (const char *)data, size, NULL) < 0) {
		wb_scan_release(&scan);
		return 0;
	}
	funcs = xcalloc(scan.nfuncs + 1, sizeof(*funcs));
	for (i = 0; i < scan.nfuncs; i++)
		if (scan.funcs[i].kind == WB_FUNC_C) {
			funcs[nf].name = wb_scan_str(&scan, scan.funcs[i].name);
			funcs[nf].line = scan.funcs[i].line;
			funcs[nf].end = scan.funcs[i].end_line;
			nf++;
		}
	for (i = 0; i < scan.nsites && done < 64; i++) {
		const struct wb_scan_site *st = &scan.sites[i];
		const struct wb_scan_func *fn;
		struct strbuf out = STRBUF_INIT;
		const char *prim;

		if (st->kind != WB_SITE_CALL || st->func < 0)
			continue;
		fn = &scan.funcs[st->func];
		if (fn->kind == WB_FUNC_MACRO) {
			int mp = wb_flow_macro_polarity((const char *)data, size, st->line, st->col);

			if (mp < -2 || mp > 1) {
				fprintf(stderr, "oracle: macro polarity %d at %u:%u\n", mp, st->line, st->col);
				abort();
			}
		}
		if (fn->kind != WB_FUNC_C)
			continue;
		prim = wb_scan_str(&scan, st->name);
		{
			const char *const prims[] = { prim };
			struct wb_flow_api api = {
				iters, 2, readonly, 4, movers, 1, keeps, 1, prims, 1,
				checked, 3, copies, 2, reverts, 1, nofault, 2, aenter, 2, aexit, 2,
			};

			wb_flow_fact(&out, (const char *)data, size, fn->line, fn->end_line, st->line,
				     st->col, &api, funcs, nf, (unsigned)(size % 3));
		}
		/* the wrapper reading of the same call: bounded answers, no crash */
		{
			int polarity = 2, positional = 2;
			uint32_t from = wb_flow_wrapper_shape((const char *)data, size,
							      wb_scan_str(&scan, fn->name), fn->line,
							      fn->end_line, st->line, st->col, &polarity,
							      &positional);

			if (polarity < -1 || polarity > 1 || positional < 0 || positional > 1 ||
			    (from >> 16)) {
				fprintf(stderr, "oracle: wrapper shape %d %d %x at %u:%u\n", polarity,
					positional, from, st->line, st->col);
				abort();
			}
		}
		if (!out.len || !known_fact(out.buf)) {
			fprintf(stderr, "oracle: no fact for %s at %u:%u: '%s'\n", prim, st->line, st->col,
				strbuf_str(&out));
			abort();
		}
		strbuf_release(&out);
		done++;
	}
	free(funcs);
	wb_scan_release(&scan);
	return 0;
}
