// SPDX-License-Identifier: GPL-2.0
/* workbench check: the checks maintainers and the 0-day robot run, per patch of BASE..HEAD. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "series.h"
#include "util.h"

static const char check_usage[] =
	"usage: workbench check [--repo DIR] [--format=text|json] [--b4-json] [--digest]\n"
	"                       [--kconfig FILE] [--TOOL-flags=FLAGS] [--audit-checks=CHECKS]\n"
	"                       [--no-TOOL] [--only=TOOL[,TOOL...]] BASE..HEAD\n"
	"  TOOL is checkpatch, cocci, sparse or audit\n";

/* "--name=value" or "--name value": returns the value or NULL. */
static const char *opt_value(int argc, const char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (!argv[*i][n] && *i + 1 < argc)
		return argv[++*i];
	return NULL;
}

int cmd_check(int argc, const char **argv)
{
	struct wb_check_opts opts;
	struct wb_check_result res;
	const char *repo = ".", *range = NULL, *format = "text", *v;
	int b4json = 0, digest = 0, i, t, rc;
	char *base = NULL, *head = NULL;
	const char *dots;

	wb_check_opts_init(&opts);
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		int matched = 0;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(check_usage, stdout);
			wb_check_opts_release(&opts);
			return WB_EXIT_OK;
		} else if ((v = opt_value(argc, argv, &i, "--repo"))) {
			repo = v;
		} else if ((v = opt_value(argc, argv, &i, "--format"))) {
			format = v;
		} else if (!strcmp(a, "--b4-json")) {
			b4json = 1;
		} else if (!strcmp(a, "--digest")) {
			digest = 1;
		} else if ((v = opt_value(argc, argv, &i, "--kconfig"))) {
			free(opts.kconfig);
			opts.kconfig = xstrdup(v);
		} else if ((v = opt_value(argc, argv, &i, "--audit-checks"))) {
			free(opts.audit_checks);
			opts.audit_checks = xstrdup(v);
		} else if ((v = opt_value(argc, argv, &i, "--only"))) {
			for (t = 0; t < WB_TOOL_NR; t++)
				opts.enabled[t] = strstr(v, wb_tool_name(t)) != NULL;
		} else if (!strcmp(a, "--no-cache")) {
			opts.audit_no_cache = 1;
		} else if (a[0] == '-' && a[1] == '-') {
			for (t = 0; t < WB_TOOL_NR && !matched; t++) {
				char name[64];

				snprintf(name, sizeof(name), "--no-%s", wb_tool_name(t));
				if (!strcmp(a, name)) {
					opts.enabled[t] = 0;
					matched = 1;
					continue;
				}
				snprintf(name, sizeof(name), "--%s-flags", wb_tool_name(t));
				if ((v = opt_value(argc, argv, &i, name))) {
					free(opts.flags[t]);
					opts.flags[t] = xstrdup(v);
					matched = 1;
				}
			}
			if (!matched) {
				error("unknown option '%s'", a);
				fputs(check_usage, stderr);
				wb_check_opts_release(&opts);
				return WB_EXIT_USAGE;
			}
		} else if (!range) {
			range = a;
		} else {
			error("more than one range: '%s' and '%s'", range, a);
			wb_check_opts_release(&opts);
			return WB_EXIT_USAGE;
		}
	}
	if (!range || !(dots = strstr(range, "..")) || dots == range || !dots[2] || dots[2] == '.') {
		if (range)
			error("'%s' is not a range BASE..HEAD", range);
		fputs(check_usage, stderr);
		wb_check_opts_release(&opts);
		return WB_EXIT_USAGE;
	}
	if (strcmp(format, "text") && strcmp(format, "json")) {
		error("unknown format '%s' (text or json)", format);
		wb_check_opts_release(&opts);
		return WB_EXIT_USAGE;
	}
	base = xstrndup(range, (size_t)(dots - range));
	head = xstrdup(dots + 2);

	git_libgit2_init();
	if (wb_check_run(&res, repo, base, head, &opts) < 0) {
		rc = WB_EXIT_IO;
		goto out;
	}
	if (b4json) {
		char *s = wb_check_b4_json(&res);

		fputs(s, stdout);
		free(s);
	} else if (!strcmp(format, "json")) {
		char *s = wb_check_json(&res);

		printf("%s\n", s);
		free(s);
	} else {
		wb_check_print_text(stdout, &res);
	}
	if (digest) {
		struct strbuf sb = STRBUF_INIT;

		wb_digest_format(&sb, &res);
		fputs(sb.buf, stdout);
		strbuf_release(&sb);
	}
	for (t = 0; t < WB_TOOL_NR; t++)
		if (res.tools[t].cannot)
			error("%s could not run: %s", wb_tool_name(t), res.tools[t].reason);
	rc = wb_check_any_cannot(&res) || wb_check_worst(&res) != WB_STATUS_PASS ? WB_EXIT_FINDINGS :
		WB_EXIT_OK;
	wb_check_result_release(&res);
out:
	git_libgit2_shutdown();
	free(base);
	free(head);
	wb_check_opts_release(&opts);
	return rc;
}
