// SPDX-License-Identifier: GPL-2.0
/* The front door: a dispatch table, the version and the list of commands. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "src/cmds.h"
#include "src/opts.h"
#include "src/spawn.h"
#include "src/util.h"

#ifndef WB_VERSION
#define WB_VERSION "unknown"
#endif

const char wb_version_string[] = WB_VERSION;

static int cmd_version(int argc, const char **argv);

static const struct wb_cmd {
	const char *name;
	int (*fn)(int argc, const char **argv);
	const char *help;
} commands[] = {
	{ "audit", cmd_audit, "call sites and call trees of a check's primitives" },
	{ "callers", cmd_callers, "call tree of any symbol" },
	{ "checks", cmd_checks, "list the check definitions" },
	{ "check", cmd_check, "run the checks on a range of patches" },
	{ "series", cmd_series, "regenerate and send a patch series" },
	{ "verify", cmd_verify, "reproduce the checks of a posted series" },
	{ "version", cmd_version, "the version of workbench and of the tools it runs" },
};

static const char *const main_usage[] = {
	"workbench [--version] [-h | --help] <command> [<args>]",
	NULL
};

static void usage(FILE *f)
{
	size_t i;

	wb_usage_with_options(f, NULL, main_usage);
	fprintf(f, "\ncommands:\n");
	for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
		fprintf(f, "   %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\n'workbench <command> -h' shows the options of a command, man workbench-<command> more.\n");
}

/* The first line of "PROG --version", or "not found". */
static void tool_version(const char *label, const char *prog)
{
	struct wb_spawn_result r = WB_SPAWN_RESULT_INIT;
	char *path = wb_which(prog), *line = NULL;
	const char *argv[] = { path, "--version", NULL };

	if (path && !wb_run(&r, NULL, argv) && !r.status)
		line = wb_first_line(r.out.len ? strbuf_str(&r.out) : strbuf_str(&r.err));
	printf("%-8s %s\n", label, line && *line ? line : path ? "(--version failed)" : "not found");
	free(line);
	free(path);
	wb_spawn_result_release(&r);
}

static int cmd_version(int argc, const char **argv)
{
	static const struct wb_option none[] = { WB_OPT_END_F };
	static const char *const version_usage[] = { "workbench version", NULL };
	int major, minor, rev, rc, n;

	n = wb_parse_options(&rc, argc, argv, none, version_usage);
	if (n < 0)
		return rc;
	if (n)
		return wb_usage_error(none, version_usage, "'%s': version takes no arguments", argv[0]);
	git_libgit2_version(&major, &minor, &rev);
	printf("workbench version %s\n", WB_VERSION);
	printf("%-8s %d.%d.%d (built with %s)\n", "libgit2", major, minor, rev, LIBGIT2_VERSION);
	tool_version("spatch", "spatch");
	tool_version("sparse", "sparse");
	tool_version("b4", "b4");
	if (fflush(stdout) || ferror(stdout))
		return error("could not write the version"), WB_EXIT_IO;
	return WB_EXIT_OK;
}

int main(int argc, const char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr);
		return WB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return WB_EXIT_HELP;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return WB_EXIT_OK;
		}
		for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
			if (!strcmp(argv[2], commands[i].name)) {
				const char *hargv[] = { argv[2], "-h", NULL };
				int rc = commands[i].fn(2, hargv);

				return rc == WB_EXIT_HELP ? WB_EXIT_OK : rc;
			}
		error("'%s' is not a workbench command", argv[2]);
		return WB_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--version"))
		return cmd_version(1, argv + 1);
	if (!strcmp(argv[1], "--wb-list-commands")) {
		for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
			printf("%s\n", commands[i].name);
		return WB_EXIT_OK;
	}
	if (argv[1][0] == '-') {
		error("unknown option '%s'", argv[1]);
		usage(stderr);
		return WB_EXIT_USAGE;
	}
	for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	error("'%s' is not a workbench command", argv[1]);
	usage(stderr);
	return WB_EXIT_USAGE;
}
