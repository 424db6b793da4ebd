// SPDX-License-Identifier: GPL-2.0
/* workbench check: the checks maintainers and the 0-day robot run, per patch of BASE..HEAD. */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmds.h"
#include "opts.h"
#include "report.h"
#include "series.h"
#include "util.h"

static const char *const check_usage[] = {
	"workbench check [<options>] BASE..HEAD",
	NULL
};
static const char *const formats[] = { "text", "json", "sarif", NULL };

/* What the table fills in. */
static struct wb_check_opts *cur;
static const char *opt_repo, *opt_format, *opt_kconfig, *opt_audit_checks, *opt_flags[WB_TOOL_NR];
static int opt_b4json, opt_digest;

static int only_cb(const struct wb_option *opt, const char *arg)
{
	int t;

	(void)opt;
	for (t = 0; t < WB_TOOL_NR; t++)
		cur->enabled[t] = 0;
	while (*arg) {
		size_t n = strcspn(arg, ",");

		for (t = 0; t < WB_TOOL_NR; t++)
			if (strlen(wb_tool_name(t)) == n && !strncmp(arg, wb_tool_name(t), n))
				break;
		if (t == WB_TOOL_NR)
			return error("--only: '%.*s' is not a tool (checkpatch, cocci, sparse, audit)",
				     (int)n, arg);
		cur->enabled[t] = 1;
		arg += n + (arg[n] == ',');
	}
	return 0;
}

#define TOOL_OPTS(T, name) \
	WB_OPT_SET_INT(0, "no-" name, &check_enabled[T], 0, "do not run " name), \
	WB_OPT_STRING_F(0, name "-flags", &opt_flags[T], "FLAGS", "more flags for " name)

static int check_enabled[WB_TOOL_NR], cur_no_cache;

static const struct wb_option check_options[] = {
	WB_OPT_STRING_F(0, "repo", &opt_repo, "DIR", "the kernel repository (default: the current directory)"),
	WB_OPT_CHOICE_F(0, "format", &opt_format, "text|json|sarif", formats, "the report's format (default: text)"),
	WB_OPT_BOOL_F(0, "b4-json", &opt_b4json, "the findings as b4 prep --check wants them"),
	WB_OPT_BOOL_F(0, "digest", &opt_digest, "append the digest for the cover letter"),
	WB_OPT_STRING_F(0, "kconfig", &opt_kconfig, "FILE", "the .config sparse builds with"),
	WB_OPT_STRING_F(0, "audit-checks", &opt_audit_checks, "CHECKS", "the audit checks to run (default: all)"),
	WB_OPT_CALLBACK_F(0, "only", NULL, "TOOL[,TOOL...]", only_cb, "run only these tools"),
	WB_OPT_BOOL_F(0, "no-cache", &cur_no_cache, "the audit neither reads nor writes its scan cache"),
	TOOL_OPTS(WB_TOOL_CHECKPATCH, "checkpatch"),
	TOOL_OPTS(WB_TOOL_COCCI, "cocci"),
	TOOL_OPTS(WB_TOOL_SPARSE, "sparse"),
	TOOL_OPTS(WB_TOOL_AUDIT, "audit"),
	WB_OPT_END_F,
};

int cmd_check(int argc, const char **argv)
{
	struct wb_check_opts opts;
	struct wb_check_result res;
	const char *repo, *range, *format;
	int t, rc, nargs;
	char *base = NULL, *head = NULL;
	const char *dots;

	wb_check_opts_init(&opts);
	cur = &opts;
	opt_repo = ".";
	opt_format = "text";
	memcpy(check_enabled, opts.enabled, sizeof(check_enabled));
	nargs = wb_parse_options(&rc, argc, argv, check_options, check_usage);
	if (nargs < 0) {
		wb_check_opts_release(&opts);
		return rc;
	}
	for (t = 0; t < WB_TOOL_NR; t++) {
		opts.enabled[t] &= check_enabled[t];
		if (opt_flags[t])
			opts.flags[t] = xstrdup(opt_flags[t]);
	}
	if (opt_kconfig)
		opts.kconfig = xstrdup(opt_kconfig);
	if (opt_audit_checks)
		opts.audit_checks = xstrdup(opt_audit_checks);
	opts.audit_no_cache = cur_no_cache;
	repo = opt_repo;
	format = opt_format;
	range = nargs ? argv[0] : NULL;
	if (nargs > 1) {
		wb_check_opts_release(&opts);
		return wb_usage_error(check_options, check_usage, "more than one range: '%s' and '%s'",
				      argv[0], argv[1]);
	}
	if (!range || !(dots = strstr(range, "..")) || dots == range || !dots[2] || dots[2] == '.') {
		wb_check_opts_release(&opts);
		if (range)
			return wb_usage_error(check_options, check_usage, "'%s' is not a range BASE..HEAD", range);
		return wb_usage_error(check_options, check_usage, "no range BASE..HEAD given");
	}
	base = xstrndup(range, (size_t)(dots - range));
	head = xstrdup(dots + 2);

	git_libgit2_init();
	if (wb_check_run(&res, repo, base, head, &opts) < 0) {
		rc = WB_EXIT_IO;
		goto out;
	}
	if (opt_b4json) {
		char *s = wb_check_b4_json(&res);

		fputs(s, stdout);
		free(s);
	} else if (!strcmp(format, "json")) {
		char *s = wb_check_json(&res);
		json_error_t jerr;
		json_t *in = json_loads(s, 0, &jerr), *top = json_object();

		/* the schema's name first, then the report as series-digest.c makes it */
		json_object_set_new(top, "schema", json_string("workbench-check/1"));
		if (json_is_object(in))
			json_object_update(top, in);
		else
			json_object_set_new(top, "report", in ? in : json_null());
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
		json_decref(in);
		free(s);
	} else if (!strcmp(format, "sarif")) {
		json_t *top = wb_check_sarif(&res, wb_version_string);

		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
	} else {
		wb_check_print_text(stdout, &res);
	}
	if (opt_digest) {
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
