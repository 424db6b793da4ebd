// SPDX-License-Identifier: GPL-2.0
/* workbench audit / callers / checks */
#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "check.h"
#include "cmds.h"
#include "classify.h"
#include "opts.h"
#include "pattern.h"
#include "returns.h"
#include "report.h"
#include "since.h"
#include "sweep.h"
#include "util.h"

#define MAX_DEPTH 100
#define DEFAULT_MAX_SIZE (16u << 20)

static const char *const audit_usage[] = {
	"workbench audit [<options>] [CHECK...]",
	NULL
};
static const char *const callers_usage[] = {
	"workbench callers [<options>] SYMBOL...",
	NULL
};
static const char *const checks_usage[] = {
	"workbench checks",
	NULL
};
static const char *const formats[] = { "text", "json", "sarif", NULL };
static const char *const audit_formats[] = { "text", "json", "sarif", "html", NULL };

struct audit_opts {
	const char *repo;
	const char *rev;
	const char *format;
	const char *cache_dir;
	const char *since;
	const char *notes;
	const char **revs;	/* --revs, as given (comma lists split later) */
	size_t nrevs;
	const char *revs_from;
	int no_cache, no_classify, no_cocci, update_notes, all, skip_large;
	long depth;		/* -1: the check's */
	size_t max_size;
	unsigned jobs;
	const char **args;
	size_t nargs;
};

/* What the tables fill in, turned into struct audit_opts afterwards. */
static struct audit_opts parsed;
static unsigned long opt_depth = ULONG_MAX, opt_max_size = DEFAULT_MAX_SIZE, opt_jobs;

#define COMMON_OPTS \
	WB_OPT_STRING_F(0, "repo", &parsed.repo, "DIR", "the repository (default: the current directory)"), \
	WB_OPT_STRING_F(0, "rev", &parsed.rev, "REV", "the revision to read (default: HEAD)"), \
	WB_OPT_ULONG_F(0, "depth", &opt_depth, "N", MAX_DEPTH, "levels of wrappers whose callers are followed"), \
	WB_OPT_BOOL_F(0, "no-cache", &parsed.no_cache, "neither read nor write the scan cache"), \
	WB_OPT_STRING_F(0, "cache-dir", &parsed.cache_dir, "DIR", \
			"the scan cache (default: GITDIR/workbench)"), \
	WB_OPT_ULONG_F(0, "max-size", &opt_max_size, "BYTES", 1ul << 40, \
		       "the largest blob scanned (default: 16 MiB)"), \
	WB_OPT_BOOL_F(0, "skip-large", &parsed.skip_large, \
		      "skip larger blobs instead of failing (the report says so)"), \
	WB_OPT_ULONG_F('j', "jobs", &opt_jobs, "N", 256, "parallel jobs (default: the CPUs)")

/* --revs, repeatable: kept as given, comma lists are split when used */
static int add_revs(const struct wb_option *opt, const char *arg)
{
	(void)opt;
	if (!arg || !*arg)
		return error("--revs wants a revision");
	parsed.revs = xrealloc(parsed.revs, (parsed.nrevs + 1) * sizeof(*parsed.revs));
	parsed.revs[parsed.nrevs++] = arg;
	return 0;
}

static const struct wb_option audit_options[] = {
	COMMON_OPTS,
	WB_OPT_CHOICE_F(0, "format", &parsed.format, "text|json|sarif|html", audit_formats,
			"the report's format (default: text; html: the matrix of --revs)"),
	WB_OPT_STRING_F(0, "since", &parsed.since, "REV", "report what changed since REV"),
	WB_OPT_CALLBACK_F(0, "revs", NULL, "REV,...", add_revs,
			  "audit each revision (tags, branches, commits; a glob over tags) into one matrix"),
	WB_OPT_STRING_F(0, "revs-from", &parsed.revs_from, "FILE", "the revisions of --revs, one a line"),
	WB_OPT_BOOL_F(0, "no-classify", &parsed.no_classify, "list the callers without classifying them"),
	WB_OPT_BOOL_F(0, "no-cocci", &parsed.no_cocci, "classify without the Coccinelle rules"),
	WB_OPT_STRING_F(0, "notes", &parsed.notes, "FILE", "the review notes (default: the check's)"),
	WB_OPT_BOOL_F(0, "update-notes", &parsed.update_notes, "add new callers to the notes as unreviewed"),
	WB_OPT_BOOL_F(0, "all", &parsed.all, "show every match, reviewed or not"),
	WB_OPT_END_F,
};

static unsigned long opt_up = ULONG_MAX;

static const struct wb_option callers_options[] = {
	COMMON_OPTS,
	WB_OPT_CHOICE_F(0, "format", &parsed.format, "text|json|sarif", formats,
			"the report's format (default: text)"),
	WB_OPT_ULONG_F(0, "up", &opt_up, "N", MAX_DEPTH + 1,
		       "follow every caller up to N levels, or to syscalls, exported functions, ops tables"),
	WB_OPT_END_F,
};

/* 0 to go on, else the exit code (after -h, --wb-list-options or an error). */
static int parse_opts(int argc, const char **argv, struct audit_opts *o,
		      const struct wb_option *table, const char *const *usage, int *exit_code)
{
	int n;

	memset(&parsed, 0, sizeof(parsed));
	parsed.rev = "HEAD";
	parsed.format = "text";
	opt_depth = ULONG_MAX;
	opt_max_size = DEFAULT_MAX_SIZE;
	opt_jobs = 0;
	opt_up = ULONG_MAX;
	n = wb_parse_options(exit_code, argc, argv, table, usage);
	*o = parsed;
	o->depth = opt_depth == ULONG_MAX ? -1 : (long)opt_depth;
	o->max_size = opt_max_size;
	o->jobs = (unsigned)opt_jobs;
	o->args = xcalloc((size_t)argc + 1, sizeof(*o->args));
	if (n < 0)
		return -1;
	for (o->nargs = 0; o->nargs < (size_t)n; o->nargs++)
		o->args[o->nargs] = argv[o->nargs];
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
	char *name;		/* git describe --tags, or NULL */
	git_oid commit, tree;
	struct wb_report_ctx ctx;
	struct wb_index idx;
	int built;
};

/*
 * How the report's header names the revision, as a reviewer would: the ref
 * name given (a branch, a tag), else git describe --tags of the commit
 * ("v5.14-rc5", "v5.14-rc5-3-g0123456"); NULL when there is no tag to
 * describe it with, or rev names a tree.
 */
static char *revision_name(struct wb_repo *repo, const char *rev, const git_oid *commit)
{
	git_describe_options dopts;
	git_describe_format_options fopts;
	git_describe_result *d = NULL;
	git_reference *ref = NULL;
	git_object *obj = NULL;
	git_buf buf = GIT_BUF_INIT;
	char *name = NULL;

	if (git_oid_is_zero(commit))
		return NULL;
	if (strcmp(rev, "HEAD") && !git_reference_dwim(&ref, repo->repo, rev)) {
		git_reference_free(ref);
		return NULL;
	}
	if (git_object_lookup(&obj, repo->repo, commit, GIT_OBJECT_COMMIT) < 0)
		return NULL;
	if (git_describe_options_init(&dopts, GIT_DESCRIBE_OPTIONS_VERSION) < 0 ||
	    git_describe_format_options_init(&fopts, GIT_DESCRIBE_FORMAT_OPTIONS_VERSION) < 0) {
		git_object_free(obj);
		return NULL;
	}
	dopts.describe_strategy = GIT_DESCRIBE_TAGS;
	if (!git_describe_commit(&d, obj, &dopts) && !git_describe_format(&buf, d, &fopts) && buf.ptr)
		name = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	git_describe_result_free(d);
	git_object_free(obj);
	return name;
}

static int build_revision(struct revision *r, struct wb_repo *repo, const char *rev,
			  const struct wb_index_opts *iopts)
{
	memset(r, 0, sizeof(*r));
	r->rev = rev;
	r->ctx = (struct wb_report_ctx){ rev, &r->commit, &r->tree, NULL };
	if (wb_repo_resolve(repo, rev, &r->commit, &r->tree) < 0)
		return -1;
	r->name = revision_name(repo, rev, &r->commit);
	r->ctx.name = r->name;
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
	free(r->name);
	r->name = NULL;
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

/* The index options of an audit of checks: cache, names read eagerly, limits. */
static void index_opts(const struct audit_opts *o, struct wb_check **checks, size_t nchecks,
		       const struct wb_repo *repo, struct strbuf *cache, struct wb_nameset *eager,
		       struct wb_index_opts *iopts)
{
	size_t i, k;

	if (!o->no_cache) {
		if (o->cache_dir)
			strbuf_addstr(cache, o->cache_dir);
		else
			strbuf_addf(cache, "%sworkbench", repo->gitdir);
		iopts->cache_dir = cache->buf;
	}
	for (i = 0; i < nchecks; i++) {
		for (k = 0; k < checks[i]->nprimitives; k++)
			wb_nameset_add(eager, checks[i]->primitives[k],
				       strlen(checks[i]->primitives[k]));
		for (k = 0; k < checks[i]->nwrappers; k++)
			wb_nameset_add(eager, checks[i]->wrappers[k], strlen(checks[i]->wrappers[k]));
	}
	iopts->eager = eager;
	iopts->max_size = o->max_size;
	iopts->skip_large = o->skip_large;
	iopts->jobs = o->jobs;
	progress_default(&iopts->progress);
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
	size_t i;
	int ret = WB_EXIT_OK, findings = 0, failed = 0;
	double t = 0;

	timing("start", &t);
	if (wb_repo_open(&repo, o->repo) < 0) {
		ret = WB_EXIT_IO;
		goto out;
	}
	index_opts(o, checks, nchecks, repo, &cache, eager, &iopts);
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
	if (strcmp(o->format, "text"))
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
		json_t *top;

		if (!strcmp(o->format, "sarif")) {
			top = wb_report_sarif(all, checks, nchecks, wb_version_string);
			json_decref(all);
		} else {
			top = json_object();
			json_object_set_new(top, "schema", json_string("workbench-audit/1"));
			json_object_set_new(top, "audits", all);
		}
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

struct sweep_rev {
	char *name;
	int64_t when;		/* commit time, for globs */
};

/* Tags matched by a glob: in version order, as 'git tag --sort=version:refname'. */
static int sweep_rev_cmp(const void *a, const void *b)
{
	const struct sweep_rev *x = a, *y = b;
	int c = strverscmp(x->name, y->name);

	if (c)
		return c;
	return x->when < y->when ? -1 : x->when > y->when;
}

struct glob_data {
	const char *pattern;
	struct wb_repo *repo;
	struct sweep_rev *v;
	size_t n;
};

static int glob_one(const char *refname, void *payload)
{
	struct glob_data *g = payload;
	const char *tag = refname + strlen("refs/tags/");
	git_oid commit, tree;
	git_commit *c = NULL;

	if (fnmatch(g->pattern, tag, 0))
		return 0;
	if (wb_repo_resolve(g->repo, refname, &commit, &tree) < 0)
		return 0;
	g->v = xrealloc(g->v, (g->n + 1) * sizeof(*g->v));
	g->v[g->n].name = xstrdup(tag);
	g->v[g->n].when = 0;
	if (!git_oid_is_zero(&commit) && !git_commit_lookup(&c, g->repo->repo, &commit)) {
		g->v[g->n].when = (int64_t)git_commit_time(c);
		git_commit_free(c);
	}
	g->n++;
	return 0;
}

/* One revision word: a name, or a glob over tags (oldest first). */
static int sweep_add(struct wb_repo *repo, const char *word, struct sweep_rev **v, size_t *n)
{
	if (!*word)
		return 0;
	if (strpbrk(word, "*?[")) {
		struct glob_data g = { word, repo, NULL, 0 };
		size_t i;

		if (git_reference_foreach_glob(repo->repo, "refs/tags/*", glob_one, &g) < 0) {
			free(g.v);
			return error("could not list the tags for '%s'", word);
		}
		if (!g.n) {
			free(g.v);
			return error("no tag matches '%s'", word);
		}
		qsort(g.v, g.n, sizeof(*g.v), sweep_rev_cmp);
		*v = xrealloc(*v, (*n + g.n) * sizeof(**v));
		for (i = 0; i < g.n; i++)
			(*v)[(*n)++] = g.v[i];
		free(g.v);
		return 0;
	}
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].name = xstrdup(word);
	(*v)[(*n)++].when = 0;
	return 0;
}

/* The revisions of --revs (comma lists) and --revs-from (one per line, '#' comments). */
static int sweep_revisions(const struct audit_opts *o, struct wb_repo *repo, struct sweep_rev **v,
			   size_t *n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < o->nrevs; i++) {
		char *copy = xstrdup(o->revs[i]), *p = copy, *comma;

		for (; p; p = comma ? comma + 1 : NULL) {
			comma = strchr(p, ',');
			if (comma)
				*comma = '\0';
			if (sweep_add(repo, p, v, n) < 0) {
				free(copy);
				return -1;
			}
		}
		free(copy);
	}
	if (o->revs_from) {
		char *line, *next;

		if (wb_read_file(&sb, o->revs_from) < 0) {
			strbuf_release(&sb);
			return error("could not read '%s': %s", o->revs_from, strerror(errno));
		}
		if (memchr(sb.buf, '\0', sb.len)) {
			strbuf_release(&sb);
			return error("%s: not a list of revisions (binary)", o->revs_from);
		}
		for (line = sb.buf; line; line = next) {
			char *end;

			next = strchr(line, '\n');
			if (next)
				*next++ = '\0';
			while (*line == ' ' || *line == '\t')
				line++;
			end = line + strlen(line);
			while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
				*--end = '\0';
			if (*line == '#' || !*line)
				continue;
			if (sweep_add(repo, line, v, n) < 0) {
				strbuf_release(&sb);
				return -1;
			}
		}
	}
	strbuf_release(&sb);
	if (!*n)
		return error("no revisions to audit");
	return 0;
}

/*
 * audit --revs: every revision audited in turn, exactly as a single audit
 * (the caches make the blobs a revision shares with the last one cost
 * nothing), one index in memory at a time, then one matrix per check.
 */
static int run_sweep(const struct audit_opts *o, struct wb_check **checks, size_t nchecks)
{
	struct wb_repo *repo = NULL;
	struct wb_index_opts iopts = { 0 };
	struct strbuf cache = STRBUF_INIT;
	struct wb_nameset *eager = wb_nameset_new();
	struct sweep_rev *revs = NULL;
	const char **labels = NULL;
	json_t **audits = NULL;
	struct wb_sweep *sw = NULL;
	size_t nrevs = 0, i, r;
	git_oid prev_tree;
	int ret = WB_EXIT_OK, findings = 0, failed = 0, incomplete = 0;

	if (wb_repo_open(&repo, o->repo) < 0) {
		ret = WB_EXIT_IO;
		goto out;
	}
	if (sweep_revisions(o, repo, &revs, &nrevs) < 0) {
		ret = WB_EXIT_USAGE;
		goto out;
	}
	/* every revision must resolve before any is audited */
	for (r = 0; r < nrevs; r++) {
		git_oid commit, tree;

		if (wb_repo_resolve(repo, revs[r].name, &commit, &tree) < 0) {
			ret = WB_EXIT_IO;
			goto out;
		}
	}
	index_opts(o, checks, nchecks, repo, &cache, eager, &iopts);
	audits = xcalloc(nchecks * nrevs, sizeof(*audits));
	labels = xcalloc(nrevs, sizeof(*labels));
	for (r = 0; r < nrevs; r++) {
		struct revision cur;
		size_t miss;

		labels[r] = revs[r].name;
		/* the previous revision's tree index lends what did not change */
		iopts.base_tree = r ? &prev_tree : NULL;
		if (build_revision(&cur, repo, revs[r].name, &iopts) < 0) {
			release_revision(&cur);
			ret = WB_EXIT_IO;
			goto out;
		}
		for (i = 0; i < nchecks; i++) {
			json_t *one = json_array();
			int x = audit_one(o, checks[i], &cur, iopts.cache_dir, one, 1);

			if (x < 0)
				failed = failed ? failed : x;
			else
				findings |= x;
			audits[i * nrevs + r] = json_incref(json_array_get(one, 0));
			json_decref(one);
		}
		miss = wb_index_incomplete(&cur.idx);
		if (miss) {
			fprintf(stderr, "warning: revision %s is incomplete: %zu file%s not read "
				"(missing or unreadable objects)\n", revs[r].name, miss, miss == 1 ? "" : "s");
			incomplete = 1;
		}
		git_oid_cpy(&prev_tree, &cur.tree);
		release_revision(&cur);
		/* what one revision freed is given back before the next grows */
		malloc_trim(0);
	}
	sw = xcalloc(nchecks, sizeof(*sw));
	for (i = 0; i < nchecks; i++) {
		sw[i].check = checks[i]->name;
		sw[i].nrevs = nrevs;
		sw[i].labels = labels;
		sw[i].audits = audits + i * nrevs;
		for (r = 0; r < nrevs; r++)
			if (!sw[i].audits[r])
				sw[i].audits[r] = json_object();
	}
	if (!strcmp(o->format, "json")) {
		json_t *top = json_object(), *all = json_array();

		json_object_set_new(top, "schema", json_string("workbench-sweep/1"));
		for (i = 0; i < nchecks; i++)
			json_array_append_new(all, wb_sweep_json(&sw[i]));
		json_object_set_new(top, "sweeps", all);
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
	} else if (!strcmp(o->format, "html")) {
		wb_sweep_html(stdout, sw, nchecks);
	} else {
		for (i = 0; i < nchecks; i++) {
			if (i)
				fputc('\n', stdout);
			wb_sweep_text(stdout, &sw[i]);
		}
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		error("could not write the report: %s", strerror(errno));
		ret = WB_EXIT_IO;
	} else if (failed) {
		ret = failed == -2 ? WB_EXIT_USAGE : WB_EXIT_IO;
	} else if (incomplete) {
		ret = WB_EXIT_IO;
	} else if (findings) {
		ret = WB_EXIT_FINDINGS;
	}
out:
	for (i = 0; audits && i < nchecks * nrevs; i++)
		json_decref(audits[i]);
	free(audits);
	free(sw);
	free(labels);
	for (r = 0; r < nrevs; r++)
		free(revs[r].name);
	free(revs);
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
	int ret;

	if (parse_opts(argc, argv, &o, audit_options, audit_usage, &ret) < 0) {
		free(o.args);
		free(o.revs);
		return ret;
	}
	if (o.since && !strcmp(o.format, "sarif")) {
		free(o.args);
		free(o.revs);
		return wb_usage_error(audit_options, audit_usage,
				      "--since reports differences: --format=text or json, not sarif");
	}
	if ((o.nrevs || o.revs_from) && (o.since || o.update_notes || strcmp(o.rev, "HEAD") ||
					 !strcmp(o.format, "sarif"))) {
		free(o.args);
		free(o.revs);
		return wb_usage_error(audit_options, audit_usage,
				      "--revs audits the revisions it names: not with --rev, --since, "
				      "--update-notes or --format=sarif");
	}
	if (!o.nrevs && !o.revs_from && !strcmp(o.format, "html")) {
		free(o.args);
		free(o.revs);
		return wb_usage_error(audit_options, audit_usage,
				      "--format=html is the matrix of a sweep: give --revs");
	}
	if (!o.nargs) {
		if (wb_check_list(&names, &nnames, dir) < 0) {
			free(o.args);
			free(o.revs);
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
	if (ret == WB_EXIT_OK && !nchecks)
		ret = (error("no check definitions in '%s'", dir), WB_EXIT_USAGE);
	else if (ret == WB_EXIT_OK)
		ret = o.nrevs || o.revs_from ? run_sweep(&o, checks, nchecks)
					     : run_audits(&o, checks, nchecks);
	for (i = 0; i < nchecks; i++)
		wb_check_free(checks[i]);
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	free(checks);
	free(o.args);
	free(o.revs);
	return ret;
}

int cmd_callers(int argc, const char **argv)
{
	struct audit_opts o;
	struct wb_check *check;
	int ret;

	if (parse_opts(argc, argv, &o, callers_options, callers_usage, &ret) < 0) {
		free(o.args);
		return ret;
	}
	if (!o.nargs) {
		free(o.args);
		return wb_usage_error(callers_options, callers_usage, "no symbol given");
	}
	if (opt_up != ULONG_MAX) {
		if (o.depth >= 0) {
			free(o.args);
			return wb_usage_error(callers_options, callers_usage,
					      "--up N and --depth N: give one of them");
		}
		if (!opt_up) {
			free(o.args);
			return wb_usage_error(callers_options, callers_usage,
					      "--up wants 1 level or more");
		}
		/* N levels of callers: the walk expands N - 1 of them */
		o.depth = (long)opt_up - 1;
	}
	check = wb_check_for_symbols(o.args, o.nargs, o.depth >= 0 ? (unsigned)o.depth : 3);
	if (opt_up != ULONG_MAX) {
		/* every ordinary caller, not only wrappers (audit.c, mode = up) */
		free(check->mode);
		check->mode = xstrdup("up");
	}
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
	static const struct wb_option none[] = { WB_OPT_END_F };
	int ret = WB_EXIT_OK, nargs;

	nargs = wb_parse_options(&ret, argc, argv, none, checks_usage);
	if (nargs < 0)
		return ret;
	if (nargs > 0)
		return wb_usage_error(none, checks_usage, "'%s': checks takes no arguments", argv[0]);
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
