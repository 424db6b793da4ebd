/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_GUARD_H
#define WB_GUARD_H

#include <stddef.h>
#include <stdint.h>

/*
 * A call made only under a condition on a parameter of its function
 * compared with a constant: 'if (p == K) call();', 'if (p != K) ... else
 * call();'.  K is an upper-case name or a number.
 */
#define WB_GUARD_K 48
struct wb_guard {
	unsigned param;		/* its position, from 0 */
	unsigned nparams;	/* of the function */
	int eq;			/* 1: ==, 0: != */
	int holds;		/* 1: the call needs the condition true, 0: false */
	char k[WB_GUARD_K];
};

/*
 * The guards of the call whose callee's name (or callee expression)
 * starts at buf[call], in function func, whose text is buf[from..to).
 * Only what is read with certainty: the head parsed, the body parsed as
 * statements, no preprocessor line in it, the parameter never assigned or
 * taken the address of, no label inside the guarded branch.  Fills up to
 * max, returns how many.  With call SIZE_MAX: 1 when some 'if' of the
 * function has such a condition, else 0 (out not filled).
 */
size_t wb_guards_of_call(struct wb_guard *out, size_t max, const char *buf, size_t from, size_t to,
			 size_t call, const char *func);

/*
 * The arguments of the call starting at buf[call] (its callee's name),
 * read up to buf[to]: *nargs of them; args[i] is a copy of argument i when
 * it is a bare constant, else NULL (free each).  Returns -1 when the call
 * is not read with certainty.
 */
int wb_call_const_args(char ***args, size_t *nargs, const char *buf, size_t to, size_t call);

/*
 * 1 when a call passing the constant arg for g's parameter cannot meet g.
 * Two different names decide nothing (one may be defined as the other):
 * the caller gives numbers for the names it could resolve.
 */
int wb_guard_excludes(const struct wb_guard *g, const char *arg);
/*
 * The value of 'name' in buf when every '#define name NUMBER' line there
 * says the same: 1 and *v; 0 when there is none; -1 when one defines it to
 * anything but a bare number, or two disagree.
 */
int wb_define_value(const char *buf, size_t len, const char *name, unsigned long long *v);

#endif
