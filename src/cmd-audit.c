// SPDX-License-Identifier: GPL-2.0
/* workbench audit / callers / checks */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "check.h"
#include "cmds.h"
#include "report.h"
#include "util.h"

#define MAX_DEPTH 100
#define DEFAULT_MAX_SIZE (16u << 20)

static const char audit_usage[] =
	"usage: workbench audit [--repo DIR] [--rev REV] [--format=text|json] [--depth N]\n"
	"                       [--no-cache | --cache-dir DIR] [--max-size BYTES] [-j N] [CHECK...]\n";
static const char callers_usage[] =
	"usage: workbench callers [--repo DIR] [--rev REV] [--format=text|json] [--depth N]\n"
	"                         [--no-cache | --cache-dir DIR] [--max-size BYTES] [-j N] SYMBOL...\n";

struct audit_opts {
	const char *repo;
	const char *rev;
	const char *format;
	const char *cache_dir;
	int no_cache;
	long depth;		/* -1: the check's */
	size_t max_size;
	unsigned jobs;
	const char **args;
	size_t nargs;
};

/* "--name=value" or "--name value"; returns 1 when argv[*i] is that option. */
static int opt_value(int argc, const char **argv, int *i, const char *name, const char **out)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	if (*i + 1 >= argc) {
		error("option '%s' needs a value", name);
		*out = NULL;
		return 1;
	}
	*out = argv[++*i];
	return 1;
}

static int parse_number(const char *opt, const char *val, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(val, &end, 10);
	if (errno || end == val || *end || v > max || val[0] == '-')
		return error("option '%s' wants a number up to %lu, not '%s'", opt, max, val);
	*out = v;
	return 0;
}

static int parse_opts(int argc, const char **argv, struct audit_opts *o, const char *usage)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->rev = "HEAD";
	o->format = "text";
	o->depth = -1;
	o->max_size = DEFAULT_MAX_SIZE;
	o->args = xcalloc((size_t)argc + 1, sizeof(*o->args));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		unsigned long n;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 1;
		}
		if (!strcmp(a, "--")) {
			for (i++; i < argc; i++)
				o->args[o->nargs++] = argv[i];
			break;
		}
		if (a[0] != '-') {
			o->args[o->nargs++] = a;
			continue;
		}
		if (!strcmp(a, "--no-cache")) {
			o->no_cache = 1;
		} else if (opt_value(argc, argv, &i, "--repo", &v)) {
			if (!v)
				return -1;
			o->repo = v;
		} else if (opt_value(argc, argv, &i, "--rev", &v)) {
			if (!v)
				return -1;
			o->rev = v;
		} else if (opt_value(argc, argv, &i, "--format", &v)) {
			if (!v)
				return -1;
			if (strcmp(v, "text") && strcmp(v, "json"))
				return error("unknown format '%s': want text or json", v);
			o->format = v;
		} else if (opt_value(argc, argv, &i, "--cache-dir", &v)) {
			if (!v)
				return -1;
			o->cache_dir = v;
		} else if (opt_value(argc, argv, &i, "--depth", &v)) {
			if (!v || parse_number("--depth", v, MAX_DEPTH, &n))
				return -1;
			o->depth = (long)n;
		} else if (opt_value(argc, argv, &i, "--max-size", &v)) {
			if (!v || parse_number("--max-size", v, 1ul << 40, &n))
				return -1;
			o->max_size = n;
		} else if (opt_value(argc, argv, &i, "--jobs", &v) ||
			   opt_value(argc, argv, &i, "-j", &v) ||
			   (!strncmp(a, "-j", 2) && (v = a + 2))) {
			if (!v || parse_number("--jobs", v, 256, &n))
				return -1;
			o->jobs = (unsigned)n;
		} else {
			return error("unknown option '%s'", a);
		}
	}
	return 0;
}

static void progress_default(int *progress)
{
	*progress = isatty(2);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* WORKBENCH_TIMING=1: where a run spends its time, on stderr. */
static void timing(const char *what, double *last)
{
	static int on = -1;
	double t = now();

	if (on < 0)
		on = getenv("WORKBENCH_TIMING") != NULL;
	if (on && *last > 0)
		fprintf(stderr, "timing: %-10s %.3f s\n", what, t - *last);
	*last = t;
}

/* Runs the audits of checks over one revision and prints them. */
static int run_audits(const struct audit_opts *o, struct wb_check **checks, size_t nchecks)
{
	struct wb_repo *repo = NULL;
	struct wb_index idx;
	struct wb_index_opts iopts = { 0 };
	struct strbuf cache = STRBUF_INIT;
	git_oid commit, tree;
	struct wb_report_ctx ctx = { o->rev, &commit, &tree };
	json_t *all = NULL;
	struct wb_nameset *eager;
	size_t i;
	int ret = WB_EXIT_OK, json = !strcmp(o->format, "json");
	double t = 0;

	timing("start", &t);
	if (wb_repo_open(&repo, o->repo) < 0)
		return WB_EXIT_IO;
	if (wb_repo_resolve(repo, o->rev, &commit, &tree) < 0) {
		wb_repo_free(repo);
		return WB_EXIT_IO;
	}
	if (!o->no_cache) {
		if (o->cache_dir)
			strbuf_addstr(&cache, o->cache_dir);
		else
			strbuf_addf(&cache, "%sworkbench", repo->gitdir);
		iopts.cache_dir = cache.buf;
	}
	eager = wb_nameset_new();
	for (i = 0; i < nchecks; i++) {
		size_t k;

		for (k = 0; k < checks[i]->nprimitives; k++)
			wb_nameset_add(eager, checks[i]->primitives[k],
				       strlen(checks[i]->primitives[k]));
		for (k = 0; k < checks[i]->nwrappers; k++)
			wb_nameset_add(eager, checks[i]->wrappers[k], strlen(checks[i]->wrappers[k]));
	}
	iopts.eager = eager;
	iopts.max_size = o->max_size;
	iopts.jobs = o->jobs;
	progress_default(&iopts.progress);
	timing("open", &t);
	if (wb_index_build(&idx, repo, &tree, &iopts) < 0) {
		wb_index_release(&idx);
		wb_nameset_free(eager);
		wb_repo_free(repo);
		strbuf_release(&cache);
		return WB_EXIT_IO;
	}
	timing("index", &t);
	wb_index_report_skipped(&idx);
	if (json)
		all = json_array();
	for (i = 0; i < nchecks; i++) {
		struct wb_audit a;
		unsigned depth = o->depth >= 0 ? (unsigned)o->depth : checks[i]->depth;

		if (depth > MAX_DEPTH)
			depth = MAX_DEPTH;
		wb_audit_run(&a, &idx, checks[i], depth);
		if (json) {
			json_array_append_new(all, wb_report_json(&a, &ctx));
		} else {
			if (i)
				fputc('\n', stdout);
			wb_report_text(stdout, &a, &ctx);
		}
		wb_audit_release(&a);
	}
	if (json) {
		json_t *top = json_object();

		json_object_set_new(top, "audits", all);
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("could not write the report: %s", strerror(errno));
		ret = WB_EXIT_IO;
	}
	if (idx.nmissing + idx.ncorrupt)
		ret = WB_EXIT_IO;
	timing("audit", &t);
	wb_index_flush(&idx);
	timing("flush", &t);
	wb_index_release(&idx);
	wb_nameset_free(eager);
	wb_repo_free(repo);
	strbuf_release(&cache);
	return ret;
}

int cmd_audit(int argc, const char **argv)
{
	struct audit_opts o;
	struct wb_check **checks = NULL;
	char **names = NULL;
	size_t nchecks = 0, nnames = 0, i;
	const char *dir = wb_checks_dir();
	int ret, r;

	r = parse_opts(argc, argv, &o, audit_usage);
	if (r) {
		free(o.args);
		if (r < 0)
			fputs(audit_usage, stderr);
		return r < 0 ? WB_EXIT_USAGE : WB_EXIT_OK;
	}
	if (!o.nargs) {
		if (wb_check_list(&names, &nnames, dir) < 0) {
			free(o.args);
			return WB_EXIT_USAGE;
		}
		for (i = 0; i < nnames; i++)
			o.args = xrealloc(o.args, (i + 2) * sizeof(*o.args)), o.args[i] = names[i];
		o.nargs = nnames;
	}
	checks = xcalloc(o.nargs + 1, sizeof(*checks));
	ret = WB_EXIT_OK;
	for (i = 0; i < o.nargs; i++) {
		int err = wb_check_load(&checks[nchecks], dir, o.args[i]);

		if (err == -2) {
			ret = WB_EXIT_USAGE;
			break;
		}
		if (err < 0) {
			ret = WB_EXIT_INTERNAL;
			break;
		}
		nchecks++;
	}
	if (ret == WB_EXIT_OK)
		ret = nchecks ? run_audits(&o, checks, nchecks)
			      : (error("no check definitions in '%s'", dir), WB_EXIT_USAGE);
	for (i = 0; i < nchecks; i++)
		wb_check_free(checks[i]);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(checks);
	free(o.args);
	return ret;
}

int cmd_callers(int argc, const char **argv)
{
	struct audit_opts o;
	struct wb_check *check;
	int ret, r;

	r = parse_opts(argc, argv, &o, callers_usage);
	if (r || !o.nargs) {
		free(o.args);
		if (r > 0)
			return WB_EXIT_OK;
		if (!r)
			error("no symbol given");
		fputs(callers_usage, stderr);
		return WB_EXIT_USAGE;
	}
	check = wb_check_for_symbols(o.args, o.nargs, o.depth >= 0 ? (unsigned)o.depth : 3);
	ret = run_audits(&o, &check, 1);
	wb_check_free(check);
	free(o.args);
	return ret;
}

int cmd_checks(int argc, const char **argv)
{
	const char *dir = wb_checks_dir();
	char **names;
	size_t n, i;
	int ret = WB_EXIT_OK;

	(void)argv;
	if (argc > 1) {
		fputs("usage: workbench checks\n", stderr);
		return WB_EXIT_USAGE;
	}
	if (wb_check_list(&names, &n, dir) < 0)
		return WB_EXIT_USAGE;
	for (i = 0; i < n; i++) {
		struct wb_check *c;

		if (wb_check_load(&c, dir, names[i]) < 0) {
			ret = WB_EXIT_INTERNAL;
		} else {
			printf("%-16s %s\n", c->name, c->description ? c->description : "");
			wb_check_free(c);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}
