/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_GUARD_H
#define WB_GUARD_H

#include <stddef.h>
#include <stdint.h>

/*
 * A call made only under a condition on a parameter P of its function, or
 * on a member P->F of what it points to: 'P == K', 'P != K' (K an
 * upper-case name or a number), or the truth of P or P->F; under an
 * 'if' whose branch holds the call, or before it an 'if (C) return ...;'
 * (an early return: the call needs C false).
 */
#define WB_GUARD_K 48
enum { WB_GUARD_EQ, WB_GUARD_NE, WB_GUARD_TRUE };
struct wb_guard {
	unsigned param;		/* its position, from 0 */
	unsigned nparams;	/* of the function */
	int op;			/* WB_GUARD_* */
	int holds;		/* 1: the call needs the condition true, 0: false */
	char field[WB_GUARD_K];	/* P->field; "" for P itself */
	char k[WB_GUARD_K];	/* EQ, NE: the constant */
};

/*
 * A function read from its text buf[from..to): its head (the parameters:
 * the last name of each, or the name of a function pointer; no varargs),
 * its body, and preprocessor lines only between statements, each part
 * between two of them balanced in brackets.  NULL when not read so.
 */
struct wb_fn;
struct wb_fn *wb_fn_read(const char *buf, size_t from, size_t to, const char *func);
void wb_fn_free(struct wb_fn *f);
size_t wb_fn_nparams(const struct wb_fn *f);

/*
 * The guards of the call whose callee's name (or callee expression)
 * starts at buf[call] (an offset in the buf f was read from).  Only what
 * is read with certainty: the body parsed as statements, the parameter
 * (and its member) never assigned or taken the address of, no label
 * inside the guarded branch or between an early return and the call, no
 * preprocessor line between the 'if' and the call.  Fills up to max,
 * returns how many.
 */
size_t wb_fn_guards(struct wb_guard *out, size_t max, const struct wb_fn *f, size_t call);
/* The parameters (bit i for parameter i < 64) some 'if' of f has a condition on. */
uint64_t wb_fn_guard_mask(const struct wb_fn *f);

/*
 * Where the values of a call's arguments come from, as far as read with
 * certainty: argument arg (or, when field is set, member field of the
 * local struct whose address is argument arg, from its designated
 * initializer, the local never written after) is a constant (text), the
 * caller's parameter param (never assigned), or a name free in the
 * caller (no parameter or local of it: text; maybe a function).
 */
enum { WB_SRC_CONST = 1, WB_SRC_PARAM, WB_SRC_NAME };
struct wb_src {
	unsigned arg;
	char *field;
	int kind;
	unsigned param;
	int nofields;		/* PARAM: the caller writes members of what it points to */
	char *text;
};
/*
 * The sources of the call at buf[call] in f, *nargs its arguments.
 * Returns -1 when the call is not read.
 */
int wb_fn_call_sources(struct wb_src **out, size_t *nout, size_t *nargs, const struct wb_fn *f,
		       size_t call);
void wb_src_free(struct wb_src *v, size_t n);

/*
 * Does buf (a file) define a function name at file scope, and no
 * preprocessor line of it name it?
 */
int wb_file_defines(const char *buf, size_t len, const char *name);

/*
 * 1 when a call passing the value arg for g's parameter (or member)
 * cannot meet g: arg a constant, or NULL for a pointer known not null.
 * Two different names decide nothing (one may be defined as the other):
 * the caller gives numbers for the names it could resolve; NULL is 0.
 */
int wb_guard_excludes(const struct wb_guard *g, const char *arg);
/*
 * The value of 'name' in buf when every '#define name NUMBER' line there
 * says the same: 1 and *v; 0 when there is none; -1 when one defines it to
 * anything but a bare number, or two disagree.
 */
int wb_define_value(const char *buf, size_t len, const char *name, unsigned long long *v);

#endif
