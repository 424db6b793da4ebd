/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_OPTS_H
#define WB_OPTS_H

#include <stdio.h>

#include "util.h"

/*
 * The one option layer of every subcommand: a command describes its options
 * as a table of struct wb_option and wb_parse_options() parses argv with it,
 * the way git's parse-options does.  "--name=value" and "--name value" both
 * work, "-x value" and "-xvalue" for short ones, "--" ends the options, and
 * options and arguments may come in any order.  The usage is generated from
 * the table: "-h" or "--help" prints it on stdout (exit 129, as git does),
 * and an unknown option or a bad value names itself and prints it on stderr
 * (exit 2).  "--wb-list-options" prints the long options, one a line, with a
 * trailing '=' when they take a value: for the shell completion and for the
 * check that each option has its place in the man page.
 */

/* -h and --help: the usage on stdout, this exit code (git's). */
#define WB_EXIT_HELP 129

enum wb_opt_type {
	WB_OPT_END = 0,
	WB_OPT_BOOL,		/* int *value = defval (1 unless given) */
	WB_OPT_STRING,		/* const char **value */
	WB_OPT_ULONG,		/* unsigned long *value, at most max */
	WB_OPT_CHOICE,		/* const char **value, one of choices */
	WB_OPT_CALLBACK,	/* cb(opt, arg); arg NULL for an option without a value */
};

struct wb_option {
	enum wb_opt_type type;
	int short_name;			/* 0: none */
	const char *long_name;		/* without "--"; NULL: none */
	void *value;
	const char *argh;		/* the value's name in the usage; NULL: takes none */
	const char *help;
	long defval;			/* BOOL: the value stored */
	unsigned long max;		/* ULONG: the largest value taken */
	const char *const *choices;	/* CHOICE: NULL-terminated */
	int (*cb)(const struct wb_option *opt, const char *arg);	/* -1 after an error */
	int optional;			/* CHOICE: "--name" alone takes choices[0] */
};

#define WB_OPT_BOOL_F(s, l, v, h) { WB_OPT_BOOL, (s), (l), (v), NULL, (h), 1, 0, NULL, NULL, 0 }
#define WB_OPT_SET_INT(s, l, v, val, h) { WB_OPT_BOOL, (s), (l), (v), NULL, (h), (val), 0, NULL, NULL, 0 }
#define WB_OPT_STRING_F(s, l, v, a, h) { WB_OPT_STRING, (s), (l), (v), (a), (h), 0, 0, NULL, NULL, 0 }
#define WB_OPT_ULONG_F(s, l, v, a, m, h) { WB_OPT_ULONG, (s), (l), (v), (a), (h), 0, (m), NULL, NULL, 0 }
#define WB_OPT_CHOICE_F(s, l, v, a, c, h) { WB_OPT_CHOICE, (s), (l), (v), (a), (h), 0, 0, (c), NULL, 0 }
#define WB_OPT_CHOICE_OPT_F(s, l, v, a, c, h) { WB_OPT_CHOICE, (s), (l), (v), (a), (h), 0, 0, (c), NULL, 1 }
#define WB_OPT_CALLBACK_F(s, l, v, a, cb, h) { WB_OPT_CALLBACK, (s), (l), (v), (a), (h), 0, 0, NULL, (cb), 0 }
#define WB_OPT_END_F { WB_OPT_END, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, NULL, 0 }

/*
 * Parse argv[1..argc) (argv[0] names the command) with opts.  Returns the
 * number of arguments that are not options, moved to argv[0..n) in their
 * order; or -1 when the command must stop now, with *exit_code its exit
 * code: WB_EXIT_HELP after the usage on stdout, WB_EXIT_USAGE after an error
 * and the usage on stderr, WB_EXIT_OK after --wb-list-options.
 * usage: NULL-terminated lines, the first after "usage: ", the rest after
 * "   or: ".
 */
int wb_parse_options(int *exit_code, int argc, const char **argv,
		     const struct wb_option *opts, const char *const *usage);

/* The usage of opts on f (stdout for -h, stderr after an error). */
void wb_usage_with_options(FILE *f, const struct wb_option *opts, const char *const *usage);

/* error("...") then the usage on stderr; returns WB_EXIT_USAGE. */
int wb_usage_error(const struct wb_option *opts, const char *const *usage, const char *fmt, ...)
	WB_PRINTF(3, 4);

#endif
