// SPDX-License-Identifier: GPL-2.0
/* The front door: a dispatch table and nothing else. */
#include <stdio.h>
#include <string.h>

#include "src/cmds.h"
#include "src/util.h"

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
};

static int usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: workbench <command> [<args>]\n\n");
	for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
		fprintf(f, "   %-10s %s\n", commands[i].name, commands[i].help);
	return WB_EXIT_USAGE;
}

int main(int argc, const char **argv)
{
	size_t i;

	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return WB_EXIT_OK;
	}
	for (i = 0; i < WB_ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	error("'%s' is not a workbench command", argv[1]);
	return usage(stderr);
}
