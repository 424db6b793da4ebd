// SPDX-License-Identifier: GPL-2.0
/*
 * The checks maintainers and the 0-day robot run, per patch of base..head:
 * checkpatch.pl from the tree at base, the cocci/ rules on changed files,
 * sparse (new warnings only) when the tree is configured, and the audit
 * before and after each patch. Every result is normalised so that the same
 * patches give the same hash on another machine.
 */
#include "series.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <git2.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "repo.h"

static const char *const tool_names[WB_TOOL_NR] = { "checkpatch", "cocci", "sparse", "audit" };
static const char *const status_names[] = { "pass", "warn", "fail" };

const char *wb_tool_name(enum wb_tool t)
{
	return tool_names[t];
}

int wb_tool_from_name(const char *name)
{
	int i;

	for (i = 0; i < WB_TOOL_NR; i++)
		if (!strcmp(name, tool_names[i]))
			return i;
	return -1;
}

const char *wb_status_name(enum wb_status s)
{
	return status_names[s];
}

int wb_status_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < WB_ARRAY_SIZE(status_names); i++)
		if (!strcmp(name, status_names[i]))
			return (int)i;
	return -1;
}

void wb_check_opts_init(struct wb_check_opts *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	for (i = 0; i < WB_TOOL_NR; i++)
		o->enabled[i] = 1;
}

void wb_check_opts_release(struct wb_check_opts *o)
{
	int i;

	for (i = 0; i < WB_TOOL_NR; i++)
		free(o->flags[i]);
	free(o->audit_checks);
	free(o->kconfig);
	wb_check_opts_init(o);
}

static void tool_patch_release(struct wb_tool_patch *tp)
{
	size_t i;

	free(tp->summary);
	strbuf_release(&tp->details);
	for (i = 0; i < tp->nfindings; i++) {
		free(tp->findings[i].path);
		free(tp->findings[i].severity);
		free(tp->findings[i].message);
		free(tp->findings[i].id);
	}
	free(tp->findings);
}

void wb_check_result_release(struct wb_check_result *r)
{
	size_t i;
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		struct wb_tool_run *tr = &r->tools[t];

		if (tr->patches)
			for (i = 0; i < r->npatches; i++)
				tool_patch_release(&tr->patches[i]);
		free(tr->patches);
		free(tr->reason);
		free(tr->version);
		free(tr->flags);
	}
	for (i = 0; i < r->npatches; i++) {
		free(r->patches[i].subject);
		wb_strlist_clear(&r->patches[i].files);
	}
	free(r->patches);
	memset(r, 0, sizeof(*r));
}

int wb_check_any_cannot(const struct wb_check_result *r)
{
	int t;

	for (t = 0; t < WB_TOOL_NR; t++)
		if (r->tools[t].cannot)
			return 1;
	return 0;
}

enum wb_status wb_check_worst(const struct wb_check_result *r)
{
	enum wb_status s = WB_STATUS_PASS;
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (tr->patches && !tr->cannot && !tr->skipped && tr->status > s)
			s = tr->status;
	}
	return s;
}

/* ---- small helpers ---- */

void wb_split_words(struct wb_strlist *out, const char *s)
{
	while (s && *s) {
		size_t n;

		while (*s == ' ' || *s == '\t' || *s == '\n')
			s++;
		n = strcspn(s, " \t\n");
		if (n) {
			char *w = xstrndup(s, n);

			wb_strlist_push(out, w);
			free(w);
		}
		s += n;
	}
}

char *wb_mkdtemp(const char *what)
{
	return wb_tmpdir_create(what);
}

int wb_rmtree(const char *path)
{
	return wb_tmpdir_remove(path);
}

char *wb_data_path(const char *name)
{
	const char *home = getenv("WORKBENCH_HOME");
	struct strbuf sb = STRBUF_INIT;
	struct stat st;

	if (home && *home) {
		strbuf_addf(&sb, "%s/%s", home, name);
		if (!stat(sb.buf, &st))
			return strbuf_detach(&sb, NULL);
		strbuf_release(&sb);
		return NULL;
	}
	strbuf_addf(&sb, "%s/../%s", wb_exe_dir(), name);
	if (!stat(sb.buf, &st))
		return strbuf_detach(&sb, NULL);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/%s", wb_exe_dir(), name);
	if (!stat(sb.buf, &st))
		return strbuf_detach(&sb, NULL);
	/* installed: PREFIX/bin/workbench, PREFIX/share/workbench/NAME */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s/../share/workbench/%s", wb_exe_dir(), name);
	if (!stat(sb.buf, &st))
		return strbuf_detach(&sb, NULL);
	strbuf_release(&sb);
	return NULL;
}

static int lg2_error(const char *what, const char *subject)
{
	const git_error *e = git_error_last();

	return error("%s '%s': %s", what, subject, e && e->message ? e->message : "unknown error");
}

static void add_finding(struct wb_tool_patch *tp, const char *path, int line, int col,
			const char *severity, const char *message, const char *id)
{
	struct wb_finding *f;

	WB_ALLOC_GROW(tp->findings, tp->nfindings + 1, tp->afindings);
	f = &tp->findings[tp->nfindings++];
	f->path = xstrdup(path ? path : "");
	f->line = line;
	f->col = col;
	f->severity = xstrdup(severity);
	f->message = xstrdup(message);
	f->id = xstrdup(id);
}

static void progress(const struct wb_check_opts *o, const char *fmt, const char *a, size_t i, size_t n)
{
	if (o->quiet || !isatty(2))
		return;
	fprintf(stderr, fmt, a, i, n);
	fputc('\n', stderr);
}

/* ---- the range: patches, their files, their mail text ---- */

struct ctx {
	git_repository *repo;
	const struct wb_check_opts *opts;
	const char *repo_path;
	char *tmp;
	git_commit **commits;		/* npatches */
	/* per patch: the paths no check writes or builds, "PATH<TAB>why" */
	struct wb_strlist *refused;
	size_t arefused;
	git_tree *base_tree;
	struct wb_check_result *res;
	int audit_incomplete_said;
	struct strbuf audit_version;
	/*
	 * The cocci facts of each (blob, path) already run: a file's version
	 * after one patch is its version before the next.
	 */
	struct cocci_seen {
		char *key;			/* "<blob id> <path>" */
		struct wb_strlist facts, failed;/* failed: "RULE<TAB>first line" */
	} *cocci_seen;
	size_t ncocci_seen, acocci_seen;
};

static int is_cover_commit(git_commit *c)
{
	const char *msg = git_commit_message(c);

	return msg && strstr(msg, "--- b4-submit-tracking ---") != NULL;
}

/*
 * A path the patch adds or changes is written below a scratch directory:
 * it must be safe there, and be the path of its blob (an entry whose name
 * holds '/' reads as the path of other entries).  NULL, or why not.
 */
static const char *path_refused(git_tree *tree, const git_diff_delta *d)
{
	const char *path = d->new_file.path;
	const char *why = wb_path_unsafe(path, strlen(path));
	git_tree_entry *e = NULL;

	if (why)
		return why;
	if (git_tree_entry_bypath(&e, tree, path) < 0 || !git_oid_equal(git_tree_entry_id(e), &d->new_file.id))
		why = "a '/' inside the name of one tree entry";
	git_tree_entry_free(e);
	return why;
}

static int collect_patches(struct ctx *cx, const char *base, const char *head)
{
	struct wb_check_result *r = cx->res;
	git_object *bo = NULL, *ho = NULL;
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc = -1;
	size_t alloc = 0, calloc_ = 0;

	if (git_revparse_single(&bo, cx->repo, base) < 0) {
		lg2_error("could not resolve", base);
		goto cleanup;
	}
	if (git_revparse_single(&ho, cx->repo, head) < 0) {
		lg2_error("could not resolve", head);
		goto cleanup;
	}
	{
		git_object *pb = NULL, *ph = NULL;

		if (git_object_peel(&pb, bo, GIT_OBJECT_COMMIT) < 0) {
			lg2_error("could not find a commit for", base);
			goto cleanup;
		}
		if (git_object_peel(&ph, ho, GIT_OBJECT_COMMIT) < 0) {
			git_object_free(pb);
			lg2_error("could not find a commit for", head);
			goto cleanup;
		}
		git_oid_tostr(r->base, sizeof(r->base), git_object_id(pb));
		git_oid_tostr(r->head, sizeof(r->head), git_object_id(ph));
		if (git_commit_tree(&cx->base_tree, (git_commit *)pb) < 0) {
			git_object_free(pb);
			git_object_free(ph);
			lg2_error("could not read the tree of", base);
			goto cleanup;
		}
		git_object_free(pb);
		git_object_free(ph);
	}
	if (git_revwalk_new(&walk, cx->repo) < 0)
		goto lg2;
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	git_oid_fromstr(&oid, r->head);
	if (git_revwalk_push(walk, &oid) < 0)
		goto lg2;
	git_oid_fromstr(&oid, r->base);
	if (git_revwalk_hide(walk, &oid) < 0)
		goto lg2;
	while (!git_revwalk_next(&oid, walk)) {
		git_commit *c = NULL, *parent = NULL;
		git_tree *t = NULL, *pt = NULL;
		git_diff *diff = NULL;
		struct wb_patch *p;
		size_t i;

		if (git_commit_lookup(&c, cx->repo, &oid) < 0)
			goto lg2;
		if (git_commit_parentcount(c) != 1) {
			char hex[13];

			git_oid_tostr(hex, sizeof(hex), &oid);
			git_commit_free(c);
			error("commit %s is a merge or a root commit; a series is a line of patches", hex);
			goto cleanup;
		}
		if (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&t, c) < 0 ||
		    git_commit_tree(&pt, parent) < 0) {
			git_commit_free(c);
			git_commit_free(parent);
			goto lg2;
		}
		if (git_oid_equal(git_tree_id(t), git_tree_id(pt)) && is_cover_commit(c)) {
			git_tree_free(t);
			git_tree_free(pt);
			git_commit_free(parent);
			git_commit_free(c);
			continue;
		}
		if (git_diff_tree_to_tree(&diff, cx->repo, pt, t, NULL) < 0) {
			git_tree_free(t);
			git_tree_free(pt);
			git_commit_free(parent);
			git_commit_free(c);
			goto lg2;
		}
		WB_ALLOC_GROW(r->patches, r->npatches + 1, alloc);
		WB_ALLOC_GROW(cx->commits, r->npatches + 1, calloc_);
		WB_ALLOC_GROW(cx->refused, r->npatches + 1, cx->arefused);
		p = &r->patches[r->npatches];
		memset(p, 0, sizeof(*p));
		cx->refused[r->npatches] = (struct wb_strlist)WB_STRLIST_INIT;
		cx->commits[r->npatches++] = c;
		git_oid_tostr(p->oid, sizeof(p->oid), &oid);
		p->subject = xstrdup(git_commit_summary(c) ? git_commit_summary(c) : "");
		for (i = 0; i < git_diff_num_deltas(diff); i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			const char *why;

			if (d->status == GIT_DELTA_DELETED)
				continue;
			why = path_refused(t, d);
			if (!why) {
				wb_strlist_push(&p->files, d->new_file.path);
				continue;
			}
			warning("commit %.12s: refusing the path '%s': %s; no check writes or builds it",
				p->oid, d->new_file.path, why);
			wb_strlist_pushf(&cx->refused[r->npatches - 1], "%s\t%s", d->new_file.path, why);
		}
		git_diff_free(diff);
		git_tree_free(t);
		git_tree_free(pt);
		git_commit_free(parent);
	}
	if (!r->npatches) {
		error("no patches in %s..%s", base, head);
		goto cleanup;
	}
	rc = 0;
	goto cleanup;
lg2:
	lg2_error("could not walk", head);
cleanup:
	git_revwalk_free(walk);
	git_object_free(bo);
	git_object_free(ho);
	return rc;
}

/* The patch as mail text, the way format-patch writes it, from libgit2 (no config involved). */
static int patch_text(struct strbuf *out, struct ctx *cx, size_t i)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
	git_email_create_options eo = GIT_EMAIL_CREATE_OPTIONS_INIT;
#pragma GCC diagnostic pop
	git_buf buf = GIT_BUF_INIT;

	eo.flags = GIT_EMAIL_CREATE_OMIT_NUMBERS;
	if (git_email_create_from_commit(&buf, cx->commits[i], &eo) < 0)
		return lg2_error("could not format patch", cx->res->patches[i].oid);
	strbuf_add(out, buf.ptr, buf.size);
	git_buf_dispose(&buf);
	return 0;
}

/* Blob at path in tree into out; 1 found, 0 absent, -1 error. */
static int tree_blob(struct strbuf *out, git_repository *repo, git_tree *tree, const char *path,
		     char *oid_hex, size_t hexsz)
{
	git_tree_entry *e = NULL;
	git_blob *b = NULL;

	if (git_tree_entry_bypath(&e, tree, path) < 0)
		return 0;
	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB) {
		git_tree_entry_free(e);
		return 0;
	}
	if (git_blob_lookup(&b, repo, git_tree_entry_id(e)) < 0) {
		git_tree_entry_free(e);
		return lg2_error("could not read", path);
	}
	if (oid_hex)
		git_oid_tostr(oid_hex, hexsz, git_tree_entry_id(e));
	strbuf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	git_tree_entry_free(e);
	return 1;
}

static void finish_tool(struct wb_check_result *r, struct wb_tool_run *tr)
{
	struct strbuf all = STRBUF_INIT;
	size_t i;

	tr->status = WB_STATUS_PASS;
	for (i = 0; i < r->npatches; i++) {
		struct wb_tool_patch *tp = &tr->patches[i];

		tp->hash = wb_hash64(strbuf_str(&tp->details), tp->details.len, 0);
		strbuf_addf(&all, "patch %zu %s %016llx\n", i + 1, wb_status_name(tp->status),
			    (unsigned long long)tp->hash);
		if (tp->status > tr->status)
			tr->status = tp->status;
	}
	tr->hash = wb_hash64(strbuf_str(&all), all.len, 0);
	strbuf_release(&all);
}

static void tool_cannot(struct wb_tool_run *tr, const char *reason)
{
	tr->cannot = 1;
	free(tr->reason);
	tr->reason = xstrdup(reason);
}

static void tool_skip(struct wb_tool_run *tr, const char *reason)
{
	tr->skipped = 1;
	free(tr->reason);
	tr->reason = xstrdup(reason);
}

static char *joined_flags(const char *flags)
{
	struct wb_strlist w = WB_STRLIST_INIT;
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	wb_split_words(&w, flags);
	for (i = 0; i < w.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? " " : "", w.v[i]);
	wb_strlist_clear(&w);
	return strbuf_detach(&sb, NULL);
}

/* The paths of patch i that were refused, as findings of tool; their number. */
static size_t report_refused(struct ctx *cx, struct wb_tool_patch *tp, size_t i, const char *tool)
{
	const struct wb_strlist *rf = &cx->refused[i];
	size_t k;

	for (k = 0; k < rf->nr; k++) {
		const char *tab = strrchr(rf->v[k], '\t');
		char *path = xstrndup(rf->v[k], (size_t)(tab - rf->v[k]));
		struct strbuf msg = STRBUF_INIT, id = STRBUF_INIT;

		strbuf_addf(&msg, "refusing the path: %s; not checked", tab + 1);
		strbuf_addf(&id, "%s/refused-path", tool);
		add_finding(tp, path, 0, 0, "error", msg.buf, id.buf);
		strbuf_addf(&tp->details, "refused %s: %s\n", path, tab + 1);
		tp->status = WB_STATUS_FAIL;
		free(path);
		strbuf_release(&msg);
		strbuf_release(&id);
	}
	return rf->nr;
}

/* ---- checkpatch ---- */

static void parse_checkpatch(struct wb_tool_patch *tp, const char *out)
{
	const char *p = out;
	int nerr = 0, nwarn = 0, ncheck = 0;
	struct strbuf sb = STRBUF_INIT;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *line = xstrndup(p, n);
		const char *level = NULL, *sev = NULL;

		p += n + (eol ? 1 : 0);
		if (!strncmp(line, "ERROR:", 6))
			level = "ERROR", sev = "error", nerr++;
		else if (!strncmp(line, "WARNING:", 8))
			level = "WARNING", sev = "warning", nwarn++;
		else if (!strncmp(line, "CHECK:", 6))
			level = "CHECK", sev = "note", ncheck++;
		if (level) {
			const char *rest = line + strlen(level) + 1, *colon = strchr(rest, ':');
			char *type = NULL, *path = NULL, *id;
			const char *msg = rest;
			int lno = 0;

			if (colon && colon > rest && strspn(rest, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") ==
			    (size_t)(colon - rest)) {
				type = xstrndup(rest, (size_t)(colon - rest));
				msg = colon + 1;
				while (*msg == ' ')
					msg++;
			}
			/* the position line follows: "#12: FILE: path:34:" */
			if (*p == '#') {
				const char *f = strstr(p, ": FILE: "), *peol = strchr(p, '\n');

				if (f && (!peol || f < peol)) {
					const char *s = f + 8, *e = peol ? peol : s + strlen(s);
					char *loc = xstrndup(s, (size_t)(e - s));
					char *c2;

					/* "path:line:" */
					if ((c2 = strrchr(loc, ':')) && !c2[1])
						*c2 = '\0';
					if ((c2 = strrchr(loc, ':'))) {
						*c2 = '\0';
						lno = atoi(c2 + 1);
					}
					path = loc;
				}
			}
			id = NULL;
			{
				struct strbuf ids = STRBUF_INIT;

				strbuf_addf(&ids, "checkpatch/%s", type ? type : level);
				id = strbuf_detach(&ids, NULL);
			}
			add_finding(tp, path, lno, 0, sev, msg, id);
			strbuf_addf(&sb, "%s:%s %s:%d %s\n", level, type ? type : "-", path ? path : "-", lno, msg);
			free(type);
			free(path);
			free(id);
		}
		free(line);
	}
	strbuf_addstr(&tp->details, strbuf_str(&sb));
	strbuf_release(&sb);
	tp->status = nerr ? WB_STATUS_FAIL : (nwarn || ncheck) ? WB_STATUS_WARN : WB_STATUS_PASS;
	{
		struct strbuf s = STRBUF_INIT;

		strbuf_addf(&s, "%d error%s, %d warning%s, %d check%s", nerr, nerr == 1 ? "" : "s",
			    nwarn, nwarn == 1 ? "" : "s", ncheck, ncheck == 1 ? "" : "s");
		tp->summary = strbuf_detach(&s, NULL);
	}
}

static int run_checkpatch(struct ctx *cx, struct wb_tool_run *tr)
{
	struct wb_check_result *r = cx->res;
	struct strbuf script = STRBUF_INIT, path = STRBUF_INIT, extra = STRBUF_INIT;
	char blob[41] = "";
	const char *ver, *perl_argv0 = "perl";
	char *perl = NULL, *v = NULL;
	static const char *const helpers[] = { "spelling.txt", "const_structs.checkpatch" };
	size_t i;
	int rc = -1, got;

	got = tree_blob(&script, cx->repo, cx->base_tree, "scripts/checkpatch.pl", blob, sizeof(blob));
	if (got < 0)
		goto cleanup;
	if (!got) {
		tool_skip(tr, "the tree has no scripts/checkpatch.pl");
		rc = 0;
		goto cleanup;
	}
	if (!(perl = wb_which(perl_argv0))) {
		tool_cannot(tr, "perl not found in PATH");
		rc = 0;
		goto cleanup;
	}
	if (wb_write_file_under(cx->tmp, "scripts/checkpatch.pl", script.buf, script.len) < 0)
		goto cleanup;
	strbuf_addf(&path, "%s/scripts/checkpatch.pl", cx->tmp);
	for (i = 0; i < WB_ARRAY_SIZE(helpers); i++) {
		struct strbuf hp = STRBUF_INIT;

		strbuf_addf(&hp, "scripts/%s", helpers[i]);
		if (tree_blob(&extra, cx->repo, cx->base_tree, hp.buf, NULL, 0) == 1)
			wb_write_file_under(cx->tmp, hp.buf, extra.buf, extra.len);
		strbuf_reset(&extra);
		strbuf_release(&hp);
	}
	/* version: my $V = '0.32'; plus the blob id, which pins the exact script */
	ver = strstr(script.buf, "my $V = '");
	if (ver) {
		const char *e = strchr(ver + 9, '\'');

		v = e ? xstrndup(ver + 9, (size_t)(e - ver - 9)) : NULL;
	}
	{
		struct strbuf vs = STRBUF_INIT;

		strbuf_addf(&vs, "checkpatch.pl %s blob %.12s", v ? v : "unknown", blob);
		tr->version = strbuf_detach(&vs, NULL);
	}
	tr->flags = joined_flags(cx->opts->flags[WB_TOOL_CHECKPATCH]);
	tr->patches = xcalloc(r->npatches, sizeof(*tr->patches));
	for (i = 0; i < r->npatches; i++) {
		struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
		struct wb_spawn sp = WB_SPAWN_INIT;
		struct wb_strlist argv = WB_STRLIST_INIT;
		struct strbuf mail = STRBUF_INIT;

		progress(cx->opts, "checkpatch: %s %zu/%zu", "patch", i + 1, r->npatches);
		if (patch_text(&mail, cx, i) < 0) {
			strbuf_release(&mail);
			goto cleanup;
		}
		wb_strlist_pushv(&argv, (const char *const[]){ perl, path.buf, "--no-tree", "--show-types",
								NULL });
		wb_split_words(&argv, tr->flags);
		wb_strlist_push(&argv, "-");
		sp.argv = wb_strlist_argv(&argv);
		sp.in = mail.buf;
		sp.in_len = mail.len;
		sp.cwd = cx->tmp;
		sp.env = (const char *[]){ "NO_COLOR=1", NULL };
		if (wb_spawn_run(&sr, &sp) < 0) {
			wb_strlist_clear(&argv);
			strbuf_release(&mail);
			goto cleanup;
		}
		parse_checkpatch(&tr->patches[i], sr.out.buf);
		if (sr.status != 0 && !strstr(sr.out.buf, "total:")) {
			char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);
			struct strbuf why = STRBUF_INIT;

			strbuf_addf(&why, "checkpatch.pl exited with %d: %s", sr.status, first);
			tool_cannot(tr, why.buf);
			strbuf_release(&why);
			free(first);
		}
		wb_spawn_result_release(&sr);
		wb_strlist_clear(&argv);
		strbuf_release(&mail);
		if (tr->cannot)
			break;
	}
	if (!tr->cannot)
		finish_tool(r, tr);
	rc = 0;
cleanup:
	free(perl);
	free(v);
	strbuf_release(&script);
	strbuf_release(&path);
	strbuf_release(&extra);
	return rc;
}

/* ---- Coccinelle ---- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list_rules(struct wb_strlist *rules, const char *dir)
{
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n > 6 && !strcmp(de->d_name + n - 6, ".cocci"))
			wb_strlist_pushf(rules, "%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (rules->nr)
		qsort(rules->v, rules->nr, sizeof(*rules->v), cmp_str);
}

static int is_c_file(const char *p)
{
	size_t n = strlen(p);

	return n > 2 && p[n - 2] == '.' && (p[n - 1] == 'c' || p[n - 1] == 'h');
}

/* A rule spatch could not run ("RULE<TAB>first line of its output") as a finding. */
static void spatch_failed(struct wb_tool_patch *tp, const char *path, const char *failure)
{
	const char *tab = strchr(failure, '\t');

	add_finding(tp, path, 0, 0, "error", tab + 1, "cocci/spatch-failed");
	strbuf_addf(&tp->details, "spatch failed %.*s %s: %s\n", (int)(tab - failure), failure, path,
		    tab + 1);
	tp->status = WB_STATUS_FAIL;
}

/*
 * The facts of every rule on one version of a file (tree's blob of path),
 * as "LINE:COL<TAB>RULE NORMALISED<TAB>MESSAGE": NORMALISED is the message
 * with its own positions (L, L:C after '=') replaced by '#', so that a fact
 * keeps its identity when lines move.  Each (blob, path) runs once; a rule
 * spatch cannot run on the version after the patch is a finding of tp.
 * 1 when the file exists in tree, 0 when not, -1 on error.
 */
static int cocci_version(struct ctx *cx, const char *spatch, const struct wb_strlist *rules,
			 const char *flags, git_tree *tree, const char *path, size_t patch,
			 const char *which, struct wb_strlist *out, struct wb_tool_patch *tp)
{
	struct strbuf blob = STRBUF_INIT, root = STRBUF_INIT, key = STRBUF_INIT;
	struct wb_strlist failed = WB_STRLIST_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t k, first = out->nr;
	int rc = -1, after = !strcmp(which, "after");

	if (tree_blob(&blob, cx->repo, tree, path, hex, sizeof(hex)) != 1) {
		rc = 0;
		goto out;
	}
	strbuf_addf(&key, "%s %s", hex, path);
	for (k = 0; k < cx->ncocci_seen; k++)
		if (!strcmp(cx->cocci_seen[k].key, key.buf))
			break;
	if (k < cx->ncocci_seen) {
		const struct cocci_seen *cs = &cx->cocci_seen[k];

		for (k = 0; k < cs->facts.nr; k++)
			wb_strlist_push(out, cs->facts.v[k]);
		for (k = 0; after && k < cs->failed.nr; k++)
			spatch_failed(tp, path, cs->failed.v[k]);
		rc = 1;
		goto out;
	}
	strbuf_addf(&root, "%s/cocci/%zu/%s", cx->tmp, patch, which);
	if (wb_write_file_under(root.buf, path, strbuf_str(&blob), blob.len) < 0)
		goto out;
	for (k = 0; k < rules->nr; k++) {
		struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
		struct wb_strlist argv = WB_STRLIST_INIT;
		const char *rule = strrchr(rules->v[k], '/') + 1, *q;
		size_t rl = strlen(rule) - 6;	/* without .cocci */

		wb_strlist_pushv(&argv, (const char *const[]){ spatch, "--very-quiet", "-D", "report",
							"--no-includes", "--include-headers",
							"--sp-file", rules->v[k], NULL });
		wb_split_words(&argv, flags);
		/* spatch has no '--': "./PATH" keeps a name like "--sp-file=x" a file */
		wb_strlist_pushf(&argv, "./%s", path);
		if (wb_run(&sr, root.buf, wb_strlist_argv(&argv)) < 0) {
			wb_strlist_clear(&argv);
			goto out;
		}
		wb_strlist_clear(&argv);
		if (sr.status) {
			char *line1 = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

			wb_strlist_pushf(&failed, "%s\t%s", rule, line1);
			if (after)
				spatch_failed(tp, path, failed.v[failed.nr - 1]);
			free(line1);
		}
		/* report mode: "path:line:col-col: message" */
		for (q = sr.out.buf ? sr.out.buf : ""; *q;) {
			const char *eol = strchr(q, '\n');
			size_t n = eol ? (size_t)(eol - q) : strlen(q);
			char *line = xstrndup(q, n), *c1, *c2, *msg;

			q += n + (eol ? 1 : 0);
			if ((c1 = strchr(line, ':')) && (c2 = strchr(c1 + 1, ':')) &&
			    (msg = strchr(c2 + 1, ':')) && msg[1] == ' ') {
				struct strbuf f = STRBUF_INIT;
				const char *m;

				strbuf_addf(&f, "%d:%d\t%.*s ", atoi(c1 + 1), atoi(c2 + 1), (int)rl, rule);
				for (m = msg + 2; *m && *m != '\t'; m++) {
					strbuf_addch(&f, *m);
					if (*m == '=' && m[1] >= '0' && m[1] <= '9') {
						m++;
						while ((*m >= '0' && *m <= '9') || *m == ':')
							m++;
						strbuf_addch(&f, '#');
						m--;
					}
				}
				strbuf_addf(&f, "\t%s", msg + 2);
				wb_strlist_push(out, f.buf);
				strbuf_release(&f);
			}
			free(line);
		}
		wb_spawn_result_release(&sr);
	}
	{
		struct cocci_seen *cs;

		WB_ALLOC_GROW(cx->cocci_seen, cx->ncocci_seen + 1, cx->acocci_seen);
		cs = &cx->cocci_seen[cx->ncocci_seen++];
		cs->key = strbuf_detach(&key, NULL);
		cs->facts = (struct wb_strlist)WB_STRLIST_INIT;
		for (k = first; k < out->nr; k++)
			wb_strlist_push(&cs->facts, out->v[k]);
		cs->failed = failed;
		failed = (struct wb_strlist)WB_STRLIST_INIT;
	}
	rc = 1;
out:
	strbuf_release(&blob);
	strbuf_release(&root);
	strbuf_release(&key);
	wb_strlist_clear(&failed);
	return rc;
}

/* Facts "LINE:COL<TAB>RULE NORMALISED<TAB>MESSAGE" that are the same but for positions. */
static int same_fact(const char *a, const char *b)
{
	const char *na = strchr(a, '\t') + 1, *nb = strchr(b, '\t') + 1;
	size_t la = (size_t)(strchr(na, '\t') - na), lb = (size_t)(strchr(nb, '\t') - nb);

	return la == lb && !memcmp(na, nb, la);
}

/* A fact new in the patch as a finding, with its own message. */
static void cocci_finding(struct wb_tool_patch *tp, const char *path, const char *fact)
{
	const char *tab = strchr(fact, '\t'), *sp = strchr(tab + 1, ' '), *msg = strrchr(fact, '\t') + 1;
	struct strbuf id = STRBUF_INIT;
	/* spatch counts columns from 0; every report of ours from 1 */
	int line = atoi(fact), col = atoi(strchr(fact, ':') + 1) + 1;

	strbuf_addf(&id, "cocci/%.*s", (int)(sp - tab - 1), tab + 1);
	add_finding(tp, path, line, col, "warning", msg, id.buf);
	strbuf_addf(&tp->details, "%s %s:%d:%d %s\n", id.buf, path, line, col, msg);
	strbuf_release(&id);
}

static int run_cocci(struct ctx *cx, struct wb_tool_run *tr)
{
	struct wb_check_result *r = cx->res;
	struct wb_strlist rules = WB_STRLIST_INIT;
	struct strbuf rh = STRBUF_INIT, vs = STRBUF_INIT;
	char *dir = wb_data_path("cocci"), *spatch = NULL;
	size_t i, j, k;
	int rc = -1;

	list_rules(&rules, dir);
	tr->flags = joined_flags(cx->opts->flags[WB_TOOL_COCCI]);
	/* a rule that explodes on a large file must not hang the check; the limit is in the digest */
	if (!strstr(tr->flags, "--timeout")) {
		struct strbuf f = STRBUF_INIT;

		strbuf_addf(&f, "--timeout 120%s%s", *tr->flags ? " " : "", tr->flags);
		free(tr->flags);
		tr->flags = strbuf_detach(&f, NULL);
	}
	if (!rules.nr) {
		strbuf_addstr(&vs, "no rules");
	} else {
		struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
		char *first;

		if (!(spatch = wb_which("spatch"))) {
			tool_cannot(tr, "spatch not found in PATH (install coccinelle)");
			rc = 0;
			goto cleanup;
		}
		if (wb_run(&sr, NULL, (const char *[]){ spatch, "--version", NULL }) < 0 || sr.status) {
			wb_spawn_result_release(&sr);
			tool_cannot(tr, "spatch --version failed");
			rc = 0;
			goto cleanup;
		}
		first = wb_first_line(sr.out.buf);
		for (i = 0; i < rules.nr; i++) {
			struct strbuf text = STRBUF_INIT;
			const char *base = strrchr(rules.v[i], '/') + 1;

			wb_read_file(&text, rules.v[i]);
			strbuf_addf(&rh, "%s %016llx\n", base,
				    (unsigned long long)wb_hash64(strbuf_str(&text), text.len, 0));
			strbuf_release(&text);
		}
		strbuf_addf(&vs, "%s; %zu rules %016llx", first, rules.nr,
			    (unsigned long long)wb_hash64(rh.buf, rh.len, 0));
		free(first);
		wb_spawn_result_release(&sr);
	}
	tr->version = strbuf_detach(&vs, NULL);
	tr->patches = xcalloc(r->npatches, sizeof(*tr->patches));
	for (i = 0; i < r->npatches; i++) {
		struct wb_tool_patch *tp = &tr->patches[i];
		struct wb_patch *p = &r->patches[i];
		git_tree *tree = NULL, *parent = NULL;
		size_t nfiles = 0, nrefused = report_refused(cx, tp, i, "cocci");
		int nnew = 0, ngone = 0;

		if (rules.nr && (git_commit_tree(&tree, cx->commits[i]) < 0 ||
				 (i ? git_commit_tree(&parent, cx->commits[i - 1]) :
				      git_tree_dup(&parent, cx->base_tree)) < 0)) {
			git_tree_free(tree);
			lg2_error("could not read the trees of", p->oid);
			goto cleanup;
		}
		for (j = 0; j < p->files.nr && rules.nr; j++) {
			struct wb_strlist before = WB_STRLIST_INIT, after = WB_STRLIST_INIT;
			char *used;
			int got;

			if (!is_c_file(p->files.v[j]))
				continue;
			progress(cx->opts, "cocci: %s (patch %zu/%zu)", p->files.v[j], i + 1, r->npatches);
			got = cocci_version(cx, spatch, &rules, tr->flags, tree, p->files.v[j], i + 1, "after",
					    &after, tp);
			if (got < 0 || cocci_version(cx, spatch, &rules, tr->flags, parent, p->files.v[j],
						     i + 1, "before", &before, tp) < 0) {
				wb_strlist_clear(&before);
				wb_strlist_clear(&after);
				git_tree_free(tree);
				git_tree_free(parent);
				goto cleanup;
			}
			if (!got)
				continue;
			nfiles++;
			/* what the patch adds: facts without a twin (positions aside) before it */
			used = xcalloc(before.nr + 1, 1);
			for (k = 0; k < after.nr; k++) {
				size_t m;

				for (m = 0; m < before.nr; m++)
					if (!used[m] && same_fact(before.v[m], after.v[k]))
						break;
				if (m < before.nr) {
					used[m] = 1;
					continue;
				}
				cocci_finding(tp, p->files.v[j], after.v[k]);
				nnew++;
			}
			for (k = 0; k < before.nr; k++)
				if (!used[k]) {
					strbuf_addf(&tp->details, "gone %s %s\n", p->files.v[j],
						    strrchr(before.v[k], '\t') + 1);
					ngone++;
				}
			free(used);
			wb_strlist_clear(&before);
			wb_strlist_clear(&after);
		}
		git_tree_free(tree);
		git_tree_free(parent);
		if (nnew && tp->status < WB_STATUS_WARN)
			tp->status = WB_STATUS_WARN;
		{
			struct strbuf s = STRBUF_INIT;

			strbuf_addf(&s, "%d new finding%s, %d gone; %zu rule%s on %zu file%s", nnew,
				    nnew == 1 ? "" : "s", ngone, rules.nr, rules.nr == 1 ? "" : "s", nfiles,
				    nfiles == 1 ? "" : "s");
			if (nrefused)
				strbuf_addf(&s, "; %zu path%s refused", nrefused, nrefused == 1 ? "" : "s");
			tp->summary = strbuf_detach(&s, NULL);
		}
	}
	finish_tool(r, tr);
	rc = 0;
cleanup:
	free(dir);
	free(spatch);
	wb_strlist_clear(&rules);
	strbuf_release(&rh);
	strbuf_release(&vs);
	return rc;
}

/* ---- sparse: make C=2 in an O= build directory, new warnings only ---- */

struct warn_key {
	char *key;	/* path + message, without the position */
	int count;
};

static const char *norm_path(const char *p, const char *src)
{
	size_t n = strlen(src);

	if (!strncmp(p, src, n) && p[n] == '/')
		p += n + 1;
	while (!strncmp(p, "../", 3))
		p += 3;
	while (!strncmp(p, "./", 2))
		p += 2;
	return p;
}

/* Parse "path:line:col: warning: msg" lines; call fn for each. */
static void sparse_lines(const char *out, const char *src,
			 void (*fn)(void *data, const char *path, int line, int col, const char *sev,
				    const char *msg), void *data)
{
	const char *q = out;

	while (*q) {
		const char *eol = strchr(q, '\n');
		size_t n = eol ? (size_t)(eol - q) : strlen(q);
		char *line = xstrndup(q, n), *c1, *c2, *c3;

		q += n + (eol ? 1 : 0);
		if ((c1 = strchr(line, ':')) && (c2 = strchr(c1 + 1, ':')) && (c3 = strchr(c2 + 1, ':')) &&
		    c3[1] == ' ') {
			const char *sev = c3 + 2;

			*c1 = '\0';
			if (!strncmp(sev, "warning: ", 9))
				fn(data, norm_path(line, src), atoi(c1 + 1), atoi(c2 + 1), "warning", sev + 9);
			else if (!strncmp(sev, "error: ", 7))
				fn(data, norm_path(line, src), atoi(c1 + 1), atoi(c2 + 1), "error", sev + 7);
		}
		free(line);
	}
}

struct sparse_base {
	struct wb_strlist keys;
};

static void base_add(void *data, const char *path, int line, int col, const char *sev, const char *msg)
{
	struct sparse_base *b = data;

	(void)line;
	(void)col;
	wb_strlist_pushf(&b->keys, "%s %s %s", path, sev, msg);
}

struct sparse_patch {
	struct sparse_base *base;
	struct wb_strlist used;
	struct wb_tool_patch *tp;
	int nnew;
};

static void patch_add(void *data, const char *path, int line, int col, const char *sev, const char *msg)
{
	struct sparse_patch *sp = data;
	struct strbuf key = STRBUF_INIT;
	size_t i, inbase = 0, used = 0;

	strbuf_addf(&key, "%s %s %s", path, sev, msg);
	for (i = 0; i < sp->base->keys.nr; i++)
		inbase += !strcmp(sp->base->keys.v[i], key.buf);
	for (i = 0; i < sp->used.nr; i++)
		used += !strcmp(sp->used.v[i], key.buf);
	wb_strlist_push(&sp->used, key.buf);
	if (used < inbase) {
		strbuf_release(&key);
		return;
	}
	add_finding(sp->tp, path, line, col, sev, msg, "sparse");
	strbuf_addf(&sp->tp->details, "%s:%d:%d %s %s\n", path, line, col, sev, msg);
	sp->nnew++;
	strbuf_release(&key);
}

static int make_sparse(struct wb_spawn_result *sr, const char *src, const char *build, const char *flags,
		       const struct wb_strlist *objs)
{
	struct wb_strlist argv = WB_STRLIST_INIT;
	int rc;

	wb_strlist_pushv(&argv, (const char *const[]){ "make", "-k", "-s", NULL });
	wb_strlist_pushf(&argv, "O=%s", build);
	/* what maintainers build new code with: gcc's W=1 and sparse */
	wb_strlist_push(&argv, "W=1");
	wb_strlist_push(&argv, "C=2");
	/*
	 * Host tools the build makes first (tools/lib/subcmd for objtool)
	 * add -Werror unless WERROR=0: a newer host compiler than the tree
	 * knows must not stop a check of the kernel's own files.
	 */
	wb_strlist_push(&argv, "WERROR=0");
	if (flags && *flags)
		wb_strlist_pushf(&argv, "CF=%s", flags);
	wb_strlist_pushv(&argv, (const char *const *)objs->v);
	rc = wb_run(sr, src, wb_strlist_argv(&argv));
	wb_strlist_clear(&argv);
	return rc;
}

/* git in dir; a failure is an error, or when why is not NULL, its reason there (caller frees). */
static int git_in(const char *dir, const char **args, const char *what, char **why)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	int rc = 0;

	if (wb_run(&sr, dir, args) < 0)
		return -1;
	if (sr.status) {
		char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s failed: %s", what, first);
		if (why)
			*why = strbuf_detach(&sb, NULL);
		else
			error("%s", sb.buf);
		rc = -1;
		strbuf_release(&sb);
		free(first);
	}
	wb_spawn_result_release(&sr);
	return rc;
}

/*
 * make reads "VAR=value" as an assignment and "-x" as an option, and
 * expands '$' and '%': a target it is given is a plain path.  NULL, or why not.
 */
static const char *make_target_refused(const char *path)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+,./-";

	if (path[0] == '-')
		return "a leading '-' (make would read an option)";
	if (path[strspn(path, plain)])
		return "a character other than letters, digits and '_+,./-' (make would read syntax)";
	return NULL;
}

/* The objects of files; names make cannot be given are findings of tp (when not NULL). */
static void objs_for(struct wb_strlist *objs, const struct wb_strlist *files, struct wb_tool_patch *tp)
{
	size_t i;

	for (i = 0; i < files->nr; i++) {
		size_t n = strlen(files->v[i]);
		const char *why;

		/* tools/ and scripts/ are user space, not built with the kernel's checker */
		if (!strncmp(files->v[i], "tools/", 6) || !strncmp(files->v[i], "scripts/", 8))
			continue;
		if (n <= 2 || strcmp(files->v[i] + n - 2, ".c"))
			continue;
		why = make_target_refused(files->v[i]);
		if (!why) {
			wb_strlist_pushf(objs, "%.*s.o", (int)(n - 2), files->v[i]);
		} else if (tp) {
			struct strbuf msg = STRBUF_INIT;

			strbuf_addf(&msg, "refusing to build the path: %s; not checked", why);
			add_finding(tp, files->v[i], 0, 0, "error", msg.buf, "sparse/refused-path");
			strbuf_addf(&tp->details, "refused %s: %s\n", files->v[i], why);
			tp->status = WB_STATUS_FAIL;
			strbuf_release(&msg);
		}
	}
}

/*
 * The objects this .config does not build: make names some ('No rule to
 * make target'), for others (another architecture's) it quietly makes
 * nothing.  They go to unconf; when make failed, the others are built again
 * to see whether that was the only reason.  1 when make succeeded, or failed
 * only for them.
 */
static int only_unconfigured(const struct wb_spawn_result *sr, const char *src, const char *build,
			     const char *flags, const struct wb_strlist *objs, struct wb_strlist *unconf)
{
	struct wb_strlist rest = WB_STRLIST_INIT;
	struct wb_spawn_result again = WB_SPAWN_RESULT_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < objs->nr; i++) {
		struct strbuf needle = STRBUF_INIT;

		strbuf_addf(&needle, "No rule to make target '%s'", objs->v[i]);
		if (strstr(sr->err.buf ? sr->err.buf : "", needle.buf) ||
		    strstr(sr->out.buf ? sr->out.buf : "", needle.buf)) {
			wb_strlist_push(unconf, objs->v[i]);
		} else {
			strbuf_reset(&needle);
			strbuf_addf(&needle, "%s/%s", build, objs->v[i]);
			if (access(needle.buf, F_OK))
				wb_strlist_push(unconf, objs->v[i]);
			else
				wb_strlist_push(&rest, objs->v[i]);
		}
		strbuf_release(&needle);
	}
	if (!sr->status) {
		rc = 1;
		goto out;
	}
	if (!unconf->nr)
		goto out;
	if (!rest.nr)
		rc = 1;
	else if (make_sparse(&again, src, build, flags, &rest) == 0 && !again.status)
		rc = 1;
out:
	if (!rc)
		wb_strlist_clear(unconf);
	wb_spawn_result_release(&again);
	wb_strlist_clear(&rest);
	return rc;
}

/*
 * Could building changed objects run path?  make reads Makefiles, Kbuild and
 * Kconfig files, runs scripts/ and the host programs it builds (scripts/,
 * tools/ for objtool, usr/, arch/x/tools and boot/): those may.  Kernel C,
 * headers and assembler are only compiled; the selftests and the docs are
 * not touched by the kernel's build.
 */
static int build_may_run(const char *path)
{
	static const char *const compiled[] = { ".c", ".h", ".S", ".rst", ".txt", NULL };
	const char *base = strrchr(path, '/'), *dot;
	size_t i;

	base = base ? base + 1 : path;
	if (!strncmp(path, "tools/testing/", 14) || !strncmp(path, "Documentation/", 14))
		return 0;
	if (!strncmp(path, "scripts/", 8) || !strncmp(path, "tools/", 6) || !strncmp(path, "usr/", 4))
		return 1;
	if (!strncmp(path, "arch/", 5)) {
		const char *sub = strchr(path + 5, '/');

		if (sub && (!strncmp(sub, "/tools/", 7) || !strncmp(sub, "/boot/", 6)))
			return 1;
	}
	if (!strncmp(base, "Makefile", 8) || !strncmp(base, "Kbuild", 6) || !strncmp(base, "Kconfig", 7))
		return 1;
	dot = strrchr(base, '.');
	for (i = 0; dot && compiled[i]; i++)
		if (!strcmp(dot, compiled[i]))
			return 0;
	return 1;
}

/* "; gcc (...) 12.2.0; x86_64; .config HASH" and the make variables the environment sets. */
static void sparse_env(struct strbuf *vs, const struct strbuf *cfg)
{
	static const char *const vars[] = { "ARCH", "CROSS_COMPILE", "LLVM", "KCFLAGS", NULL };
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	const char *cc = getenv("LLVM") && *getenv("LLVM") ? "clang" : "gcc";
	struct utsname u;
	size_t i;

	for (i = 0; vars[i]; i++)
		if (getenv(vars[i]) && *getenv(vars[i]))
			strbuf_addf(vs, " %s=%s", vars[i], getenv(vars[i]));
	if (!wb_run(&sr, NULL, (const char *[]){ cc, "--version", NULL }) && !sr.status) {
		char *first = wb_first_line(sr.out.buf);

		strbuf_addf(vs, "; %s", first);
		free(first);
	} else {
		strbuf_addf(vs, "; no %s", cc);
	}
	wb_spawn_result_release(&sr);
	strbuf_addf(vs, "; %s", uname(&u) ? "unknown arch" : u.machine);
	strbuf_addf(vs, "; .config %016llx", (unsigned long long)wb_hash64(strbuf_str(cfg), cfg->len, 0));
}

static int run_sparse(struct ctx *cx, struct wb_tool_run *tr)
{
	struct wb_check_result *r = cx->res;
	struct strbuf kconfig = STRBUF_INIT, src = STRBUF_INIT, build = STRBUF_INIT, cfg = STRBUF_INIT;
	struct wb_strlist all = WB_STRLIST_INIT, objs = WB_STRLIST_INIT, unconf = WB_STRLIST_INIT;
	struct sparse_base base = { WB_STRLIST_INIT };
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	char *sparse = NULL, *make = NULL, *why = NULL;
	const char *wd = git_repository_workdir(cx->repo);
	size_t i;
	int rc = -1;

	if (cx->opts->kconfig) {
		strbuf_addstr(&kconfig, cx->opts->kconfig);
	} else if (wd) {
		strbuf_addf(&kconfig, "%s.config", wd);
		if (access(kconfig.buf, R_OK)) {
			tool_skip(tr, "the tree has no .config (give --kconfig)");
			rc = 0;
			goto cleanup;
		}
	} else {
		tool_skip(tr, "no .config (bare repository; give --kconfig)");
		rc = 0;
		goto cleanup;
	}
	if (cx->opts->untrusted_build) {
		size_t p, f;

		for (p = 0; p < r->npatches; p++)
			for (f = 0; f < r->patches[p].files.nr; f++)
				if (build_may_run(r->patches[p].files.v[f])) {
					struct strbuf why2 = STRBUF_INIT;

					strbuf_addf(&why2, "the series changes %s, which a build would run "
						    "(verify --trust-build to build it anyway)",
						    r->patches[p].files.v[f]);
					tool_skip(tr, why2.buf);
					strbuf_release(&why2);
					rc = 0;
					goto cleanup;
				}
	}
	if (wb_read_file(&cfg, kconfig.buf) < 0) {
		error("could not read '%s': %s", kconfig.buf, strerror(errno));
		goto cleanup;
	}
	if (!(sparse = wb_which("sparse"))) {
		tool_cannot(tr, "sparse not found in PATH");
		rc = 0;
		goto cleanup;
	}
	if (!(make = wb_which("make"))) {
		tool_cannot(tr, "make not found in PATH");
		rc = 0;
		goto cleanup;
	}
	if (wb_run(&sr, NULL, (const char *[]){ sparse, "--version", NULL }) < 0)
		goto cleanup;
	{
		char *first = wb_first_line(sr.out.len ? sr.out.buf : sr.err.buf);
		struct strbuf vs = STRBUF_INIT;

		/*
		 * How it runs is part of what the result depends on, as a 0-day
		 * reproduce block says it: another compiler, architecture or
		 * .config on another machine is CANNOT there, not DIFFERS.
		 */
		strbuf_addf(&vs, "sparse %s; make W=1 C=2", first);
		free(first);
		wb_spawn_result_release(&sr);
		sparse_env(&vs, &cfg);
		tr->version = strbuf_detach(&vs, NULL);
	}
	wb_spawn_result_release(&sr);
	tr->flags = joined_flags(cx->opts->flags[WB_TOOL_SPARSE]);

	/* a scratch clone sharing the objects: the user's work tree is never touched */
	strbuf_addf(&src, "%s/sparse-src", cx->tmp);
	strbuf_addf(&build, "%s/sparse-build", cx->tmp);
	if (git_in(NULL, (const char *[]){ "git", "clone", "-q", "--shared", "--no-checkout", "--",
					   cx->repo_path, src.buf, NULL }, "git clone --shared", NULL) < 0)
		goto cleanup;
	if (wb_mkdir_p(build.buf, 0755) < 0) {
		error("could not create '%s': %s", build.buf, strerror(errno));
		goto cleanup;
	}
	if (wb_write_file_under(build.buf, ".config", cfg.buf, cfg.len) < 0)
		goto cleanup;
	for (i = 0; i < r->npatches; i++) {
		size_t j;

		for (j = 0; j < r->patches[i].files.nr; j++)
			if (!wb_strlist_has(&all, r->patches[i].files.v[j]))
				wb_strlist_push(&all, r->patches[i].files.v[j]);
	}
	/* git refuses to check out some trees (an entry named '..'): sparse cannot build them */
	if (git_in(src.buf, (const char *[]){ "git", "checkout", "-q", "--detach", r->base, NULL },
		   "git checkout of the base", &why) < 0) {
		if (why) {
			tool_cannot(tr, why);
			rc = 0;
		}
		goto cleanup;
	}
	{
		struct wb_strlist existing = WB_STRLIST_INIT, bobjs = WB_STRLIST_INIT;

		for (i = 0; i < all.nr; i++) {
			struct strbuf fp = STRBUF_INIT;

			strbuf_addf(&fp, "%s/%s", src.buf, all.v[i]);
			if (!access(fp.buf, F_OK))
				wb_strlist_push(&existing, all.v[i]);
			strbuf_release(&fp);
		}
		objs_for(&bobjs, &existing, NULL);
		if (bobjs.nr) {
			progress(cx->opts, "sparse: %s (%zu files)", "base", bobjs.nr, 0);
			if (make_sparse(&sr, src.buf, build.buf, tr->flags, &bobjs) < 0) {
				wb_strlist_clear(&existing);
				wb_strlist_clear(&bobjs);
				goto cleanup;
			}
			sparse_lines(sr.err.buf, src.buf, base_add, &base);
			sparse_lines(sr.out.buf, src.buf, base_add, &base);
			wb_spawn_result_release(&sr);
		}
		wb_strlist_clear(&existing);
		wb_strlist_clear(&bobjs);
	}
	tr->patches = xcalloc(r->npatches, sizeof(*tr->patches));
	for (i = 0; i < r->npatches; i++) {
		struct sparse_patch sp = { &base, WB_STRLIST_INIT, &tr->patches[i], 0 };
		struct strbuf s = STRBUF_INIT;

		wb_strlist_clear(&objs);
		report_refused(cx, &tr->patches[i], i, "sparse");
		objs_for(&objs, &r->patches[i].files, &tr->patches[i]);
		if (objs.nr) {
			if (git_in(src.buf, (const char *[]){ "git", "checkout", "-q", "--detach",
							      r->patches[i].oid, NULL }, "git checkout", &why) < 0) {
				strbuf_release(&s);
				if (why) {
					tool_cannot(tr, why);
					rc = 0;
				}
				goto cleanup;
			}
			progress(cx->opts, "sparse: %s %zu/%zu", "patch", i + 1, r->npatches);
			if (make_sparse(&sr, src.buf, build.buf, tr->flags, &objs) < 0)
				goto cleanup;
			sparse_lines(sr.err.buf, src.buf, patch_add, &sp);
			sparse_lines(sr.out.buf, src.buf, patch_add, &sp);
			if (!sp.nnew &&
			    only_unconfigured(&sr, src.buf, build.buf, tr->flags, &objs, &unconf) == 1)
				sr.status = 0;
			if (sr.status && !sp.nnew) {
				char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

				strbuf_addf(&tr->patches[i].details, "make failed: %s\n", first);
				add_finding(&tr->patches[i], NULL, 0, 0, "error", first, "sparse/make");
				tr->patches[i].status = WB_STATUS_FAIL;
				free(first);
			}
			wb_spawn_result_release(&sr);
		}
		if (sp.nnew && tr->patches[i].status < WB_STATUS_WARN)
			tr->patches[i].status = WB_STATUS_WARN;
		strbuf_addf(&s, "%d new warning%s on %zu file%s", sp.nnew, sp.nnew == 1 ? "" : "s",
			    objs.nr - unconf.nr, objs.nr - unconf.nr == 1 ? "" : "s");
		if (unconf.nr) {
			size_t k;

			strbuf_addf(&s, "; not built by this .config:");
			for (k = 0; k < unconf.nr; k++) {
				strbuf_addf(&s, " %s", unconf.v[k]);
				strbuf_addf(&tr->patches[i].details, "not built by this .config: %s\n",
					    unconf.v[k]);
			}
			wb_strlist_clear(&unconf);
		}
		tr->patches[i].summary = strbuf_detach(&s, NULL);
		wb_strlist_clear(&sp.used);
	}
	finish_tool(r, tr);
	rc = 0;
cleanup:
	wb_spawn_result_release(&sr);
	free(sparse);
	free(make);
	strbuf_release(&kconfig);
	strbuf_release(&src);
	strbuf_release(&build);
	strbuf_release(&cfg);
	wb_strlist_clear(&all);
	wb_strlist_clear(&objs);
	wb_strlist_clear(&unconf);
	wb_strlist_clear(&base.keys);
	free(why);
	return rc;
}

/* ---- audit: the tool's own audit before and after each patch ---- */

static int is_hexish(const char *s)
{
	size_t n = strspn(s, "0123456789abcdef");

	return n >= 7 && n <= 40 && !s[n];
}

/*
 * What an audit says, as findings: each object of its lists (a call site
 * with its verdict, a use, a path, a finding) by what it is and what is
 * said of it, never by where (lines, columns), by counts (files scanned,
 * totals) or by object ids, so that a patch changes the findings only when
 * it changes what the audit says.  "PATH<TAB>SAID<TAB>ALL", one per
 * finding: SAID is the short form a report shows, ALL all that is compared.
 */
static int audit_key_skipped(const char *key)
{
	static const char *const skip[] = { "line", "column", "col", "body_hash", "commit", "tree", "revision",
					    "elapsed", "time", "duration", "note_line", "definition", "caller",
					    "callers_shown_above", "recursion", NULL };
	size_t i;

	for (i = 0; skip[i]; i++)
		if (!strcmp(key, skip[i]))
			return 1;
	return 0;
}

static int audit_list_skipped(const char *key)
{
	/* completeness is told apart; evidence is why a verdict is what it is, not what it says */
	static const char *const skip[] = { "missing", "skipped", "evidence", "not_called", NULL };
	size_t i;

	for (i = 0; skip[i]; i++)
		if (!strcmp(key, skip[i]))
			return 1;
	return 0;
}

/*
 * " k=v", the numbers that follow a '=' or ':' in v (a fact's "call=4343:2
 * at=4343") as '#': where a finding is moves with every line added above.
 */
static void add_positionless(struct strbuf *sb, const char *prefix, const char *key, const char *v)
{
	strbuf_addf(sb, " %s%s=", prefix, key);
	for (; *v; v++) {
		if ((*v == '=' || *v == ':') && v[1] >= '0' && v[1] <= '9') {
			strbuf_addch(sb, *v);
			strbuf_addch(sb, '#');
			while (v[1] >= '0' && v[1] <= '9')
				v++;
			continue;
		}
		strbuf_addch(sb, *v);
	}
}

/* The scalar fields of o (and of the objects it holds), "k=v", into sb. */
static void audit_fields(struct strbuf *sb, json_t *o, const char *prefix)
{
	const char **keys;
	const char *key;
	json_t *v;
	size_t n = 0, i;

	keys = xcalloc(json_object_size(o) + 1, sizeof(*keys));
	json_object_foreach(o, key, v)
		keys[n++] = key;
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (i = 0; i < n; i++) {
		v = json_object_get(o, keys[i]);
		if (audit_key_skipped(keys[i]))
			continue;
		if (json_is_string(v) && !is_hexish(json_string_value(v)))
			add_positionless(sb, prefix, keys[i], json_string_value(v));
		else if (json_is_true(v))
			strbuf_addf(sb, " %s%s", prefix, keys[i]);
		else if (json_is_object(v)) {
			struct strbuf p = STRBUF_INIT;

			strbuf_addf(&p, "%s%s.", prefix, keys[i]);
			audit_fields(sb, v, p.buf);
			strbuf_release(&p);
		}
	}
	free(keys);
}

static void audit_walk(struct wb_strlist *out, const char *check, const char *list, json_t *j)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(j)) {
		json_object_foreach(j, key, v)
			if (json_is_array(v) && !audit_list_skipped(key))
				audit_walk(out, check, key, v);
	} else if (json_is_array(j)) {
		json_array_foreach(j, i, v) {
			struct strbuf sb = STRBUF_INIT;
			const char *path = "";

			if (json_is_string(v)) {
				wb_strlist_pushf(out, "\t%s %s: %s\t", check, list, json_string_value(v));
			} else if (json_is_object(v)) {
				json_t *jp = json_object_get(v, "path"), *vd = json_object_get(v, "verdict");
				json_t *fn = json_object_get(v, "function"), *ce = json_object_get(v, "callee");

				if (json_is_string(jp))
					path = json_string_value(jp);
				/* a primitive's entry is its call sites, listed on their own */
				if (json_is_array(json_object_get(v, "callers")) && !json_is_string(jp)) {
					audit_walk(out, check, list, v);
					continue;
				}
				/* a call site: said the way a reviewer reads it; all of it is compared */
				if (json_is_string(ce) && json_is_object(vd)) {
					json_t *cl = json_object_get(vd, "class"), *rv = json_object_get(vd, "review");

					strbuf_addf(&sb, "%s: %s%s calls %s: %s%s", check,
						    json_is_string(fn) ? json_string_value(fn) : "(file scope)",
						    json_is_string(fn) ? "()" : "", json_string_value(ce),
						    json_is_string(cl) ? json_string_value(cl) : "?",
						    json_is_true(json_object_get(vd, "mismatch")) ? ", mismatch" : "");
					if (json_is_string(rv) && strcmp(json_string_value(rv), "new"))
						strbuf_addf(&sb, " (review: %s)", json_string_value(rv));
				} else if (json_is_string(json_object_get(v, "text"))) {
					/* a fact: its text says it */
					strbuf_addf(&sb, "%s: %s", check, json_string_value(json_object_get(v, "text")));
				} else {
					strbuf_addf(&sb, "%s %s:", check, list);
					audit_fields(&sb, v, "");
				}
				strbuf_addch(&sb, '\t');
				audit_fields(&sb, v, "");
				wb_strlist_pushf(out, "%s\t%s", path, sb.buf);
				strbuf_release(&sb);
				audit_walk(out, check, list, v);
			} else if (json_is_array(v)) {
				audit_walk(out, check, list, v);
			}
		}
	}
}

static void audit_findings(struct wb_strlist *out, json_t *j)
{
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(j, "audits"), i, a) {
		const char *check = json_string_value(json_object_get(a, "check"));

		audit_walk(out, check ? check : "audit", "", a);
	}
	if (out->nr > 1)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_str);
}

/* Does some audit of the report say objects were missing? */
static int audit_incomplete(json_t *j)
{
	json_t *audits = json_object_get(j, "audits"), *a;
	size_t i;

	json_array_foreach(audits, i, a)
		if (json_is_false(json_object_get(a, "complete")))
			return 1;
	return 0;
}

static int audit_at(struct ctx *cx, const char *rev, struct wb_strlist *lines, char **why)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_strlist argv = WB_STRLIST_INIT;
	json_error_t jerr;
	json_t *j;
	int rc = -1;

	*why = NULL;
	wb_strlist_pushv(&argv, (const char *const[]){ "/proc/self/exe", "audit", "--repo", cx->repo_path,
							"--rev", rev, "--format=json", NULL });
	if (cx->opts->audit_no_cache)
		wb_strlist_push(&argv, "--no-cache");
	/* check names, never options */
	wb_strlist_push(&argv, "--");
	wb_split_words(&argv, cx->opts->audit_checks);
	if (wb_run(&sr, NULL, wb_strlist_argv(&argv)) < 0) {
		*why = xstrdup("could not run workbench audit");
		goto cleanup;
	}
	j = sr.status <= 1 || sr.status == 3 ? json_loads(sr.out.buf, 0, &jerr) : NULL;
	/*
	 * 3 with a report that says objects are missing is an incomplete
	 * repository (a partial clone, a snapshot): the audit covers what it
	 * has, the same before and after each patch; any other 3 is an error.
	 */
	if (sr.status == 3 && j && audit_incomplete(j)) {
		if (!cx->audit_incomplete_said)
			warning("audit: %s lacks objects (see 'workbench audit --rev %s'); the audit compares what it has",
				cx->repo_path, rev);
		cx->audit_incomplete_said = 1;
	} else if (sr.status != 0 && sr.status != 1) {
		char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);
		struct strbuf sb = STRBUF_INIT;

		json_decref(j);
		strbuf_addf(&sb, "workbench audit --format=json exited with %d: %s", sr.status, first);
		*why = strbuf_detach(&sb, NULL);
		free(first);
		goto cleanup;
	}
	if (!j) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "workbench audit --format=json gave no JSON: %s", jerr.text);
		*why = strbuf_detach(&sb, NULL);
		goto cleanup;
	}
	/* the definitions (check, rules, notes, scanner) are the audit's version */
	if (!cx->audit_version.len) {
		json_t *a;
		size_t i;

		strbuf_addstr(&cx->audit_version, "workbench audit json");
		json_array_foreach(json_object_get(j, "audits"), i, a) {
			const char *def = json_string_value(json_object_get(a, "definition"));
			const char *name = json_string_value(json_object_get(a, "check"));

			if (def && name)
				strbuf_addf(&cx->audit_version, " %s=%s", name, def);
		}
	}
	audit_findings(lines, j);
	json_decref(j);
	rc = 0;
cleanup:
	wb_spawn_result_release(&sr);
	wb_strlist_clear(&argv);
	return rc;
}

/* What is compared of a finding "PATH<TAB>SAID<TAB>ALL": PATH and ALL (SAID may show positions). */
static void finding_key(struct strbuf *out, const char *e)
{
	const char *t1 = strchr(e, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;

	strbuf_reset(out);
	if (!t1 || !t2) {
		strbuf_addstr(out, e);
		return;
	}
	strbuf_add(out, e, (size_t)(t1 - e));
	strbuf_addstr(out, t2);
}

/*
 * The findings of b not in a (multiset), as details lines (prefix and key)
 * and, when tp_findings, as findings of tp; their number.
 */
static int audit_diff(struct wb_tool_patch *tp, const struct wb_strlist *a, const struct wb_strlist *b, char prefix,
		      int tp_findings)
{
	char *used = xcalloc(a->nr + 1, 1);
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	size_t i, j;
	int n = 0;

	for (i = 0; i < b->nr; i++) {
		const char *tab = strchr(b->v[i], '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
		char *path, *said;

		finding_key(&kb, b->v[i]);
		for (j = 0; j < a->nr; j++) {
			if (used[j])
				continue;
			finding_key(&ka, a->v[j]);
			if (!strcmp(ka.buf, kb.buf))
				break;
		}
		if (j < a->nr) {
			used[j] = 1;
			continue;
		}
		strbuf_addf(&tp->details, "%c%s\n", prefix, kb.buf);
		n++;
		if (!tp_findings)
			continue;
		path = tab ? xstrndup(b->v[i], (size_t)(tab - b->v[i])) : xstrdup("");
		said = tab2 ? xstrndup(tab + 1, (size_t)(tab2 - tab - 1)) : xstrdup(tab ? tab + 1 : b->v[i]);
		add_finding(tp, path, 0, 0, "note", said, "audit");
		free(path);
		free(said);
	}
	free(used);
	strbuf_release(&ka);
	strbuf_release(&kb);
	return n;
}

static int run_audit(struct ctx *cx, struct wb_tool_run *tr)
{
	struct wb_check_result *r = cx->res;
	struct wb_strlist before = WB_STRLIST_INIT;
	char *why = NULL;
	size_t i;

	tr->flags = joined_flags(cx->opts->audit_checks);
	progress(cx->opts, "audit: %s", "base", 0, 0);
	if (audit_at(cx, r->base, &before, &why) < 0) {
		tr->version = xstrdup("workbench audit json");
		tool_cannot(tr, why);
		free(why);
		wb_strlist_clear(&before);
		return 0;
	}
	tr->version = xstrdup(cx->audit_version.buf);
	tr->patches = xcalloc(r->npatches, sizeof(*tr->patches));
	for (i = 0; i < r->npatches; i++) {
		struct wb_strlist after = WB_STRLIST_INIT;
		struct wb_tool_patch *tp = &tr->patches[i];
		struct strbuf s = STRBUF_INIT;
		int added, removed;

		progress(cx->opts, "audit: %s %zu/%zu", "patch", i + 1, r->npatches);
		if (audit_at(cx, r->patches[i].oid, &after, &why) < 0) {
			tool_cannot(tr, why);
			free(why);
			wb_strlist_clear(&after);
			break;
		}
		/* what the audit says after the patch and did not before: new; the other way: gone */
		removed = audit_diff(tp, &after, &before, '-', 0);
		added = audit_diff(tp, &before, &after, '+', 1);
		tp->status = added ? WB_STATUS_WARN : WB_STATUS_PASS;
		strbuf_addf(&s, "%d new finding%s, %d gone", added, added == 1 ? "" : "s", removed);
		tp->summary = strbuf_detach(&s, NULL);
		wb_strlist_clear(&before);
		before = after;
	}
	wb_strlist_clear(&before);
	if (!tr->cannot)
		finish_tool(r, tr);
	return 0;
}

int wb_check_run(struct wb_check_result *res, const char *repo_path, const char *base,
		 const char *head, const struct wb_check_opts *opts)
{
	struct ctx cx;
	size_t i;
	int rc = -1, t;

	memset(res, 0, sizeof(*res));
	memset(&cx, 0, sizeof(cx));
	cx.opts = opts;
	cx.res = res;
	cx.repo_path = repo_path;
	if (git_repository_open_ext(&cx.repo, repo_path, 0, NULL) < 0)
		return lg2_error("could not open repository", repo_path);
	/* the series' objects may be a stranger's: bounded reads only */
	if (wb_repo_harden(cx.repo) < 0) {
		git_repository_free(cx.repo);
		return lg2_error("could not open repository", repo_path);
	}
	if (!(cx.tmp = wb_mkdtemp("check")))
		goto cleanup;
	if (collect_patches(&cx, base, head) < 0)
		goto cleanup;
	for (t = 0; t < WB_TOOL_NR; t++) {
		struct wb_tool_run *tr = &res->tools[t];
		int (*fn[])(struct ctx *, struct wb_tool_run *) = { run_checkpatch, run_cocci, run_sparse,
								    run_audit };

		tr->requested = opts->enabled[t];
		if (!tr->requested)
			continue;
		if (fn[t](&cx, tr) < 0)
			goto cleanup;
	}
	rc = 0;
cleanup:
	if (cx.commits)
		for (i = 0; i < res->npatches; i++)
			git_commit_free(cx.commits[i]);
	free(cx.commits);
	if (cx.refused)
		for (i = 0; i < res->npatches; i++)
			wb_strlist_clear(&cx.refused[i]);
	free(cx.refused);
	git_tree_free(cx.base_tree);
	git_repository_free(cx.repo);
	if (cx.tmp)
		wb_rmtree(cx.tmp);
	free(cx.tmp);
	strbuf_release(&cx.audit_version);
	for (i = 0; i < cx.ncocci_seen; i++) {
		free(cx.cocci_seen[i].key);
		wb_strlist_clear(&cx.cocci_seen[i].facts);
		wb_strlist_clear(&cx.cocci_seen[i].failed);
	}
	free(cx.cocci_seen);
	/* the callers release a result only when it was made */
	if (rc)
		wb_check_result_release(res);
	return rc;
}
