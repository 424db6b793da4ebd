/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_FLOW_H
#define WB_FLOW_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * The retry cycle of a fault-in call, read from the control flow of its
 * function: a small CFG of the body (statements, conditions, labels, gotos,
 * loops, switch), then every path from the call back to itself taken on the
 * success of the fault-in, with what moves on it.  A path on which nothing
 * moves the range needs all-or-nothing; progress anywhere on it (the start
 * moved by what was copied, the length cut to what was copied or faulted in,
 * a consumer of the iterator that advances it, a retry taken only when the
 * copy made nothing or when the remaining count differs from the last round)
 * makes it any-progress.  Knowledge of the iterator API (which calls only
 * read it, which move it, which copies leave it alone) is data from the
 * check definition, never code.
 */
struct wb_flow_api {
	const char *const *iter_prims;	/* primitives taking an iov_iter first */
	size_t niter_prims;
	const char *const *readonly;	/* calls that only look at the range */
	size_t nreadonly;
	const char *const *movers;	/* advance the iterator by their 2nd argument */
	size_t nmovers;
	const char *const *keeps;	/* copies that do not advance the iterator */
	size_t nkeeps;
	const char *const *prims;	/* every primitive of the check */
	size_t nprims;
	const char *const *checked;	/* user copies that fail with -EFAULT */
	size_t nchecked;
	const char *const *copies;	/* iterator copies returning what they copied */
	size_t ncopies;
	const char *const *reverts;	/* move an iterator back */
	size_t nreverts;
	const char *const *nofault;	/* copies that fail rather than fault pages in */
	size_t nnofault;
	const char *const *atomic_enter;	/* from here page faults are not taken */
	size_t natomic_enter;
	const char *const *atomic_exit;	/* and from here again */
	size_t natomic_exit;
};

/* The functions defined in the same file, for looking into callees. */
struct wb_flow_func {
	const char *name;
	uint32_t line, end;
};

/*
 * Analyses the call at line:col (1-based column of the callee's name) in
 * the function whose text is buf[0..len) of a blob, lines first..last.
 * Appends one fact to out ("retry-cycle progress=... back=L via=... why=...",
 * "no-retry failure=... [callee-copies=NAME]" or "flow-unparsed why=..."),
 * without the position, which the caller adds.  Callees defined in the same
 * file (funcs) are looked into, two levels deep: does one advance the
 * iterator it is given, does one make the checked copy of the range.
 * Returns 0.
 */
/* flags: how the call's result says success (a wrapper may turn it round) */
#define WB_FLOW_TRUTH_IS_SUCCESS 1u	/* true on success ('return fault_in(...) == 0') */
#define WB_FLOW_RESULT_UNKNOWN 2u	/* not known: no verdict from the result */
int wb_flow_fact(struct strbuf *out, const char *buf, size_t len, uint32_t first, uint32_t last,
		 uint32_t line, uint32_t col, const struct wb_flow_api *api,
		 const struct wb_flow_func *funcs, size_t nfuncs, unsigned flags);

/*
 * The shape of 'return CALL(...) ...;' at line:col in function name (lines
 * first..last of buf), for deciding whether that function is a wrapper.
 * *polarity: 0 when what it returns still means success by zero (nothing
 * after the call, '!= 0', '? E : 0' with E not 0), 1 when it becomes the
 * truth of success ('== 0'), -1 for anything else or when not read.
 * *positional: 1 when the call's first arguments are the function's own
 * first parameters, in order (what its callers pass is the range).
 * Returns the mask of parameters (bit i for parameter i, the first 16)
 * the arguments come from: an argument names one, or names a local
 * declared with an initializer that does and never assigned after.
 */
uint32_t wb_flow_wrapper_shape(const char *buf, size_t len, const char *name, uint32_t first,
			       uint32_t last, uint32_t line, uint32_t col, int *polarity,
			       int *positional);

/*
 * The same polarity (0, 1, -1) for a call at line:col in the body of a
 * function-like macro whose value it is (only parentheses before it in
 * the body): what follows the call's ')' to the end of the definition,
 * continuation lines included.  -2 when the body does more than give
 * the call's value (a statement: 'do { if (f(p)) ... } while (0)').
 */
int wb_flow_macro_polarity(const char *buf, size_t len, uint32_t line, uint32_t col);

/*
 * The first argument of the call at line:col when it is an object-like
 * macro name, maybe under casts ('(const char __user *)MAGIC_ADDR'): copied
 * into out (size n).  Returns 1 when it is, else 0.
 */
int wb_flow_arg_macro(const char *buf, size_t len, uint32_t line, uint32_t col, char *out, size_t n);

/*
 * Does buf define name as an object-like macro whose value is a constant
 * ('#define NAME (-4096L)', '#define NAME 0xc0000000UL')?
 */
int wb_flow_defines_const(const char *buf, size_t len, const char *name);
/*
 * The next line at or after *pos that says '#define name VALUE': VALUE's
 * text (after the name, to the end of the line, comments included) and its
 * length *vlen, *pos moved past that line; NULL when there is none.
 */
const char *wb_define_next(const char *buf, size_t len, const char *name, size_t *pos,
			   size_t *vlen);

#endif
