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
#include "classify.h"
#include "pattern.h"
#include "returns.h"
#include "report.h"
#include "since.h"
#include "util.h"

#define MAX_DEPTH 100
#define DEFAULT_MAX_SIZE (16u << 20)

static const char audit_usage[] =
	"usage: workbench audit [--repo DIR] [--rev REV] [--since REV] [--format=text|json] [--depth N]\n"
	"                       [--no-classify | --no-cocci] [--notes FILE] [--update-notes] [--all]\n"
	"                       [--no-cache | --cache-dir DIR] [--max-size BYTES [--skip-large]] [-j N]\n"
	"                       [CHECK...]\n";
static const char callers_usage[] =
	"usage: workbench callers [--repo DIR] [--rev REV] [--format=text|json] [--depth N]\n"
	"                         [--no-cache | --cache-dir DIR] [--max-size BYTES [--skip-large]]\n"
	"                         [-j N] SYMBOL...\n";

struct audit_opts {
	const char *repo;
	const char *rev;
	const char *format;
	const char *cache_dir;
	const char *since;
	const char *notes;
	int no_cache, no_classify, no_cocci, update_notes, all, skip_large;
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
		} else if (!strcmp(a, "--no-classify")) {
			o->no_classify = 1;
		} else if (!strcmp(a, "--no-cocci")) {
			o->no_cocci = 1;
		} else if (!strcmp(a, "--update-notes")) {
			o->update_notes = 1;
		} else if (!strcmp(a, "--all")) {
			o->all = 1;
		} else if (!strcmp(a, "--skip-large")) {
			o->skip_large = 1;
		} else if (opt_value(argc, argv, &i, "--notes", &v)) {
			if (!v)
				return -1;
			o->notes = v;
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
		} else if (opt_value(argc, argv, &i, "--since", &v)) {
			if (!v)
				return -1;
			o->since = v;
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

struct revision {
	const char *rev;
	git_oid commit, tree;
	struct wb_report_ctx ctx;
	struct wb_index idx;
	int built;
};

static int build_revision(struct revision *r, struct wb_repo *repo, const char *rev,
			  const struct wb_index_opts *iopts)
{
	memset(r, 0, sizeof(*r));
	r->rev = rev;
	r->ctx = (struct wb_report_ctx){ rev, &r->commit, &r->tree };
	if (wb_repo_resolve(repo, rev, &r->commit, &r->tree) < 0)
		return -1;
	r->built = 1;
	if (wb_index_build(&r->idx, repo, &r->tree, iopts) < 0)
		return -1;
	wb_index_report_skipped(&r->idx);
	return 0;
}

static void release_revision(struct revision *r)
{
	if (!r->built)
		return;
	wb_index_flush(&r->idx);
	wb_index_release(&r->idx);
	r->built = 0;
}

static unsigned depth_for(const struct audit_opts *o, const struct wb_check *c)
{
	unsigned depth = o->depth >= 0 ? (unsigned)o->depth : c->depth;

	return depth > MAX_DEPTH ? MAX_DEPTH : depth;
}

static char *sibling_dir(const char *checks_dir, const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *slash = strrchr(checks_dir, '/');

	if (slash)
		strbuf_add(&sb, checks_dir, (size_t)(slash - checks_dir + 1));
	strbuf_addstr(&sb, name);
	return strbuf_detach(&sb, NULL);
}

/*
 * What decides an audit's result besides the tree: the scanner, the check
 * definition, its rules and its notes.  Two machines with the same value
 * give the same report for the same tree; the series check records it as
 * the audit's version.
 */
static char *definition_hash(const struct audit_opts *o, const struct wb_check *check,
			     const char *cocci_dir)
{
	struct strbuf all = STRBUF_INIT, path = STRBUF_INIT;
	uint32_t scan = wb_cache_scan_hash();
	uint64_t h;
	size_t i;

	strbuf_add(&all, &scan, sizeof(scan));
	for (i = 0; i <= check->nrules + 1; i++) {
		strbuf_reset(&path);
		if (i == 0)
			strbuf_addstr(&path, check->path);
		else if (i <= check->nrules)
			strbuf_addf(&path, "%s/%s.cocci", cocci_dir, check->rules[i - 1]);
		else if (o->notes)
			strbuf_addstr(&path, o->notes);
		else if (check->notes)
			strbuf_addf(&path, "%s/%s", wb_checks_dir(), check->notes);
		else
			continue;
		strbuf_addf(&all, "\n%zu\n", i);
		if (wb_read_file(&all, path.buf) < 0)
			strbuf_addstr(&all, "(absent)");
	}
	h = wb_hash64(all.buf, all.len, 0);
	strbuf_release(&all);
	strbuf_reset(&path);
	strbuf_addf(&path, "%016llx", (unsigned long long)h);
	return strbuf_detach(&path, NULL);
}

/*
 * One check over one revision: report it; 1 when it has findings, -1 when
 * a tool failed, -2 for bad input (notes).
 */
static int audit_one(const struct audit_opts *o, const struct wb_check *check,
		     struct revision *cur, const char *cache_dir, json_t *all, int first)
{
	struct wb_audit a;
	struct wb_classification cls;
	struct wb_classify_opts copts = { 0 };
	const char *env = getenv("WORKBENCH_COCCI");
	char *cocci_dir = env && *env ? xstrdup(env) : sibling_dir(wb_checks_dir(), "cocci");
	struct strbuf notes = STRBUF_INIT;
	int classify = !o->no_classify && (check->nrules || check->nclassify || check->notes);
	size_t nall = all ? json_array_size(all) : 0;
	int ret = 0;

	if (wb_check_mode_is(check, "pattern")) {
		struct wb_pattern p;

		memset(&a, 0, sizeof(a));
		if (wb_pattern_run(&p, &cur->idx, check, cocci_dir, cache_dir, o->all, o->jobs) < 0) {
			wb_pattern_release(&p);
			ret = -1;
			goto out;
		}
		if (all) {
			json_array_append_new(all, wb_pattern_json(&p, &cur->ctx));
		} else {
			if (!first)
				fputc('\n', stdout);
			wb_pattern_text(stdout, &p, &cur->ctx);
			wb_report_incomplete_text(stdout, &cur->idx);
		}
		ret = p.facts.n > p.nnotes;	/* notes are no finding */
		wb_pattern_release(&p);
		goto out;
	}
	wb_audit_run(&a, &cur->idx, check, depth_for(o, check));
	if (wb_check_mode_is(check, "paths")) {
		size_t npaths;

		if (all) {
			json_array_append_new(all, wb_report_paths_json(&a, &cur->ctx, &npaths));
		} else {
			if (!first)
				fputc('\n', stdout);
			npaths = wb_report_paths_text(stdout, &a, &cur->ctx);
		}
		ret = npaths > 0;
		goto out;
	}
	if (wb_check_mode_is(check, "uses")) {
		if (all) {
			json_array_append_new(all, wb_report_uses_json(&a, &cur->ctx));
		} else {
			if (!first)
				fputc('\n', stdout);
			wb_report_uses_text(stdout, &a, &cur->ctx);
		}
		goto out;
	}
	if (classify) {
		copts.cocci_dir = cocci_dir;
		copts.cache_dir = cache_dir;
		copts.no_cocci = o->no_cocci;
		copts.jobs = o->jobs;
		if (o->notes)
			strbuf_addstr(&notes, o->notes);
		else if (check->notes)
			strbuf_addf(&notes, "%s/%s", wb_checks_dir(), check->notes);
		copts.notes_path = notes.len ? notes.buf : NULL;
		ret = wb_classify(&cls, &a, &copts);
		/* a result returned as it is: its function's callers decide */
		if (ret >= 0)
			ret = wb_follow_returns(&cls, &a, &copts);
		if (ret < 0) {
			wb_classification_release(&cls);
			goto out;
		}
		if (o->update_notes && copts.notes_path && cls.nnew) {
			if (wb_classify_update_notes(&cls, &a) < 0) {
				wb_classification_release(&cls);
				ret = -1;
				goto out;
			}
			fprintf(stderr, "%s: added %zu new caller%s as 'unreviewed'\n",
				copts.notes_path, cls.nnew, cls.nnew == 1 ? "" : "s");
		}
		ret = wb_classify_needs_attention(&cls);
	}
	if (all) {
		json_array_append_new(all, wb_report_json(&a, classify ? &cls : NULL, &cur->ctx));
	} else {
		if (!first)
			fputc('\n', stdout);
		wb_report_text(stdout, &a, classify ? &cls : NULL, &cur->ctx);
	}
	if (classify)
		wb_classification_release(&cls);
out:
	if (all && json_array_size(all) > nall) {
		json_t *last = json_array_get(all, json_array_size(all) - 1);
		char *def = definition_hash(o, check, cocci_dir);

		json_object_set_new(last, "definition", json_string(def));
		if (!json_object_get(last, "complete"))
			wb_report_completeness(last, &cur->idx);
		free(def);
	}
	wb_audit_release(&a);
	free(cocci_dir);
	strbuf_release(&notes);
	return ret;
}

/* One check between two revisions: report the difference; 1 when there is one. */
static int since_one(const struct audit_opts *o, const struct wb_check *check,
		     struct revision *old, struct revision *cur,
		     const struct wb_nameset *changed, json_t *all, int first)
{
	struct wb_audit a, b;
	struct wb_since s;
	int found;

	if (!wb_check_mode_is(check, "calls")) {
		fprintf(stderr, "note: --since compares call trees; '%s' is a %s check: skipped\n",
			check->name, check->mode);
		return 0;
	}

	wb_audit_run(&a, &old->idx, check, depth_for(o, check));
	wb_audit_run(&b, &cur->idx, check, depth_for(o, check));
	wb_since_compute(&s, &a, &b, changed);
	if (all) {
		json_array_append_new(all, wb_since_json(&s, &old->ctx, &cur->ctx, check->name));
	} else {
		if (!first)
			fputc('\n', stdout);
		wb_since_text(stdout, &s, &old->ctx, &cur->ctx, check->name);
	}
	found = s.n > 0;
	wb_since_release(&s);
	wb_audit_release(&a);
	wb_audit_release(&b);
	return found;
}

/* Runs the audits of checks over one revision (or two, --since) and prints them. */
static int run_audits(const struct audit_opts *o, struct wb_check **checks, size_t nchecks)
{
	struct wb_repo *repo = NULL;
	struct wb_index_opts iopts = { 0 };
	struct strbuf cache = STRBUF_INIT;
	struct revision old = { 0 }, cur = { 0 };
	struct wb_nameset *eager = wb_nameset_new(), *changed = NULL;
	json_t *all = NULL;
	size_t i, k;
	int ret = WB_EXIT_OK, findings = 0, failed = 0;
	double t = 0;

	timing("start", &t);
	if (wb_repo_open(&repo, o->repo) < 0) {
		ret = WB_EXIT_IO;
		goto out;
	}
	if (!o->no_cache) {
		if (o->cache_dir)
			strbuf_addstr(&cache, o->cache_dir);
		else
			strbuf_addf(&cache, "%sworkbench", repo->gitdir);
		iopts.cache_dir = cache.buf;
	}
	for (i = 0; i < nchecks; i++) {
		for (k = 0; k < checks[i]->nprimitives; k++)
			wb_nameset_add(eager, checks[i]->primitives[k],
				       strlen(checks[i]->primitives[k]));
		for (k = 0; k < checks[i]->nwrappers; k++)
			wb_nameset_add(eager, checks[i]->wrappers[k], strlen(checks[i]->wrappers[k]));
	}
	iopts.eager = eager;
	iopts.max_size = o->max_size;
	iopts.skip_large = o->skip_large;
	iopts.jobs = o->jobs;
	progress_default(&iopts.progress);
	timing("open", &t);
	if (o->since) {
		if (build_revision(&old, repo, o->since, &iopts) < 0) {
			ret = WB_EXIT_IO;
			goto out;
		}
		/* the new revision then reads only the blobs that changed */
		wb_index_flush(&old.idx);
	}
	if (build_revision(&cur, repo, o->rev, &iopts) < 0) {
		ret = WB_EXIT_IO;
		goto out;
	}
	if (o->since) {
		changed = wb_nameset_new();
		if (wb_repo_changed_paths(repo, &old.tree, &cur.tree, changed) < 0) {
			ret = WB_EXIT_IO;
			goto out;
		}
	}
	timing("index", &t);
	if (!strcmp(o->format, "json"))
		all = json_array();
	for (i = 0; i < nchecks; i++) {
		int r = o->since ? since_one(o, checks[i], &old, &cur, changed, all, !i)
				 : audit_one(o, checks[i], &cur, iopts.cache_dir, all, !i);

		if (r < 0)
			failed = failed ? failed : r;
		else
			findings |= r;
	}
	if (all) {
		json_t *top = json_object();

		json_object_set_new(top, "audits", all);
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("could not write the report: %s", strerror(errno));
		ret = WB_EXIT_IO;
	} else if (failed) {
		ret = failed == -2 ? WB_EXIT_USAGE : WB_EXIT_IO;
	} else if (wb_index_incomplete(&cur.idx) + (old.built ? wb_index_incomplete(&old.idx) : 0)) {
		ret = WB_EXIT_IO;
	} else if (findings) {
		ret = WB_EXIT_FINDINGS;
	}
	timing("audit", &t);
out:
	release_revision(&old);
	release_revision(&cur);
	timing("flush", &t);
	wb_nameset_free(eager);
	wb_nameset_free(changed);
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
		/* an unknown or malformed definition: the user's to fix */
		if (wb_check_load(&checks[nchecks], dir, o.args[i]) < 0) {
			ret = WB_EXIT_USAGE;
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
			ret = WB_EXIT_USAGE;
		} else {
			printf("%-16s %s\n", c->name, c->description ? c->description : "");
			wb_check_free(c);
		}
		free(names[i]);
	}
	free(names);
	return ret;
}
