// SPDX-License-Identifier: GPL-2.0
/*
 * workbench verify (MSGID | MBOX | DIR) --repo KERNEL: git am the posted
 * series (any mbox a list delivers, series-mbox.c) onto the base its digest
 * names, rerun the checks the digest lists with the same flags, and say per
 * check REPRODUCED, DIFFERS or CANNOT; without a digest, run the checks and
 * report what they find.  Exit 0 reproduced (or nothing found), 1 differs
 * or findings, 2 usage, 3 I/O or repository errors (an input that cannot
 * be read or applied: a damaged digest, a missing patch, a patch that does
 * not apply).
 */
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "cmds.h"
#include "opts.h"
#include "series-mbox.h"
#include "series-perpatch.h"
#include "series-prep.h"
#include "series.h"
#include "util.h"

/*
 * The digest's flags come from a mail: nothing in it may become an option
 * of a tool (spatch --sp-file runs the Python of any file, sparse's flags
 * reach make, which expands them).  verify passes on only the flags below,
 * each value of a plain shape; anything else makes the check CANNOT.
 */
enum flag_value { FV_NONE, FV_NUMBER, FV_TYPES };

struct allowed_flag {
	const char *name;
	enum flag_value value;
};

static const struct allowed_flag checkpatch_flags[] = {
	{ "--strict", FV_NONE }, { "--subjective", FV_NONE }, { "--no-signoff", FV_NONE },
	{ "--no-tree", FV_NONE }, { "--show-types", FV_NONE }, { "--terse", FV_NONE },
	{ "--codespell", FV_NONE }, { "--max-line-length", FV_NUMBER },
	{ "--min-conf-desc-length", FV_NUMBER }, { "--tab-size", FV_NUMBER },
	{ "--ignore", FV_TYPES }, { "--types", FV_TYPES }, { NULL, FV_NONE },
};

static const struct allowed_flag cocci_flags[] = {
	{ "--timeout", FV_NUMBER }, { NULL, FV_NONE },
};

static int value_ok(enum flag_value kind, const char *v)
{
	if (!v || !*v)
		return 0;
	if (kind == FV_NUMBER)
		return strlen(v) <= 9 && !v[strspn(v, "0123456789")];
	return !v[strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_,")];
}

/* The flag at w->v[*i] (and its value) if allowed: advances *i past it; 0 when refused. */
static int table_flag(const struct allowed_flag *tab, const struct wb_strlist *w, size_t *i)
{
	const char *a = w->v[*i];

	for (; tab->name; tab++) {
		size_t n = strlen(tab->name);

		if (strncmp(a, tab->name, n) || (a[n] && a[n] != '='))
			continue;
		if (tab->value == FV_NONE)
			return !a[n];
		if (a[n] == '=')
			return value_ok(tab->value, a + n + 1);
		if (*i + 1 < w->nr && value_ok(tab->value, w->v[*i + 1])) {
			(*i)++;
			return 1;
		}
		return 0;
	}
	return 0;
}

/* sparse's flags go into make's CF=: -W, -D, -U words of letters, digits, '_', '-', '=', ','. */
static int sparse_flag(const char *a)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-=,";

	if (strncmp(a, "-W", 2) && strncmp(a, "-D", 2) && strncmp(a, "-U", 2) &&
	    strncmp(a, "-fmax-warnings=", 15) && strncmp(a, "-fmax-errors=", 13))
		return 0;
	return a[2] && !a[2 + strspn(a + 2, plain)];
}

/* Check names for the audit: lowercase words. */
static int audit_word(const char *a)
{
	return *a >= 'a' && *a <= 'z' && !a[strspn(a, "abcdefghijklmnopqrstuvwxyz0123456789_-")];
}

/* NULL when verify may run tool t with these flags from a digest; else the first it refuses. */
static char *refused_flag(int t, const char *flags)
{
	struct wb_strlist w = WB_STRLIST_INIT;
	char *bad = NULL;
	size_t i;

	wb_split_words(&w, flags);
	for (i = 0; i < w.nr && !bad; i++) {
		int ok;

		switch (t) {
		case WB_TOOL_CHECKPATCH:
			ok = table_flag(checkpatch_flags, &w, &i);
			break;
		case WB_TOOL_COCCI:
			ok = table_flag(cocci_flags, &w, &i);
			break;
		case WB_TOOL_SPARSE:
			ok = sparse_flag(w.v[i]);
			break;
		case WB_TOOL_AUDIT:
			ok = audit_word(w.v[i]);
			break;
		default:
			ok = 0;
		}
		if (!ok)
			bad = xstrdup(w.v[i]);
	}
	wb_strlist_clear(&w);
	return bad;
}

static const char *const verify_usage[] = {
	"workbench verify [<options>] (MESSAGE-ID | MBOX | DIR)",
	"workbench verify --perpatch[=terse|json] [<options>] < PATCH",
	NULL
};

/*
 * --TOOL-flags=FLAGS (--audit-checks=CHECKS for the audit) given to verify:
 * flags of the user's own, used instead of the digest's.
 */
static const char *opt_repo, *opt_kconfig, *opt_base, *opt_perpatch, *opt_own[WB_TOOL_NR];
static int opt_trust_build;
static const char *const perpatch_formats[] = { "terse", "json", NULL };
static const char *const verify_formats[] = { "text", "json", NULL };
static const char *opt_format;
/* --format=json: the verdict of each tool, gathered here and printed at the end */
static json_t *verdicts;

/* One tool's verdict: a line of the report, or an entry of the JSON. */
static void verdict(int t, const char *what, const char *fmt, ...) WB_PRINTF(3, 4);
static void verdict(int t, const char *what, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	if (verdicts) {
		json_t *o = json_object();

		json_object_set_new(o, "tool", json_string(wb_tool_name(t)));
		json_object_set_new(o, "verdict", json_string(what));
		json_object_set_new(o, "detail", json_string(sb.buf));
		json_array_append_new(verdicts, o);
	} else {
		printf("%-10s  %-10s  %s\n", wb_tool_name(t), what, sb.buf);
	}
	strbuf_release(&sb);
}

static const struct wb_option verify_options[] = {
	WB_OPT_STRING_F(0, "repo", &opt_repo, "KERNEL", "the kernel repository (default: the current directory)"),
	WB_OPT_STRING_F(0, "kconfig", &opt_kconfig, "FILE", "the .config sparse builds with"),
	WB_OPT_BOOL_F(0, "trust-build", &opt_trust_build, "build the series even when it changes build files"),
	WB_OPT_STRING_F(0, "base", &opt_base, "REV",
			"apply a series without a digest or base-commit: line onto REV (default: HEAD)"),
	WB_OPT_CHOICE_F(0, "format", &opt_format, "text|json", verify_formats,
			"the report: text, or JSON (schema workbench-verify/1)"),
	WB_OPT_CHOICE_OPT_F(0, "perpatch", &opt_perpatch, "terse|json", perpatch_formats,
			    "b4's per-patch check hook: one patch on stdin, checkpatch --terse lines or b4's JSON"),
	WB_OPT_STRING_F(0, "checkpatch-flags", &opt_own[WB_TOOL_CHECKPATCH], "FLAGS",
			"checkpatch flags of your own instead of the digest's"),
	WB_OPT_STRING_F(0, "cocci-flags", &opt_own[WB_TOOL_COCCI], "FLAGS",
			"cocci flags of your own instead of the digest's"),
	WB_OPT_STRING_F(0, "sparse-flags", &opt_own[WB_TOOL_SPARSE], "FLAGS",
			"sparse flags of your own instead of the digest's"),
	WB_OPT_STRING_F(0, "audit-checks", &opt_own[WB_TOOL_AUDIT], "CHECKS",
			"audit checks of your own instead of the digest's"),
	WB_OPT_END_F,
};

static void print_diff(const struct wb_check_result *was, const struct wb_check_result *now, int t)
{
	const struct wb_tool_run *a = &was->tools[t], *b = &now->tools[t];
	size_t i;

	if (was->npatches != now->npatches) {
		printf("    the series has %zu patches here, the digest has %zu\n", now->npatches, was->npatches);
		return;
	}
	for (i = 0; i < now->npatches; i++) {
		const struct wb_tool_patch *pa = &a->patches[i], *pb = &b->patches[i];
		const char *p;

		if (pa->hash == pb->hash)
			continue;
		printf("    patch %zu/%zu \"%s\": was %s (%s), now %s (%s)\n", i + 1, now->npatches,
		       now->patches[i].subject, wb_status_name(pa->status), pa->summary, wb_status_name(pb->status),
		       pb->summary);
		for (p = strbuf_str(&pb->details); *p; ) {
			const char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);

			printf("      %.*s\n", (int)n, p);
			p += n + (eol ? 1 : 0);
		}
	}
}

/*
 * What differs between the digest's version of a tool and ours: the parts
 * ("; "-separated: the tool, the make line, the compiler, the arch, the
 * .config) that are not the same, each as "X here, Y in the digest".
 */
static void version_diff(struct strbuf *out, const char *was, const char *now)
{
	struct wb_strlist a = WB_STRLIST_INIT, b = WB_STRLIST_INIT;
	const char *p;
	size_t i, n;

	for (p = was; p; ) {
		const char *e = strstr(p, "; ");

		wb_strlist_pushf(&a, "%.*s", (int)(e ? (size_t)(e - p) : strlen(p)), p);
		p = e ? e + 2 : NULL;
	}
	for (p = now; p; ) {
		const char *e = strstr(p, "; ");

		wb_strlist_pushf(&b, "%.*s", (int)(e ? (size_t)(e - p) : strlen(p)), p);
		p = e ? e + 2 : NULL;
	}
	n = a.nr > b.nr ? a.nr : b.nr;
	for (i = 0; i < n; i++) {
		const char *x = i < a.nr ? a.v[i] : "(nothing)", *y = i < b.nr ? b.v[i] : "(nothing)";

		if (!strcmp(x, y))
			continue;
		strbuf_addf(out, "%s%s here, %s in the digest", out->len ? "; " : "", y, x);
	}
	if (!out->len)
		strbuf_addf(out, "%s here, %s in the digest", now, was);
	wb_strlist_clear(&a);
	wb_strlist_clear(&b);
}

/* The checks' findings, per patch, for a series that carries no digest. */
static void print_own(const struct wb_check_result *now)
{
	size_t i, k;
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *b = &now->tools[t];

		if (!b->requested)
			continue;
		if (b->skipped) {
			printf("%-10s  SKIPPED     %s\n", wb_tool_name(t), b->reason);
			continue;
		}
		if (b->cannot) {
			printf("%-10s  CANNOT      %s\n", wb_tool_name(t), b->reason);
			continue;
		}
		printf("%-10s  %-10s  (%s%s%s)\n", wb_tool_name(t), wb_status_name(b->status), b->version,
		       *b->flags ? "; flags " : "", b->flags);
		for (i = 0; i < now->npatches; i++) {
			const struct wb_tool_patch *tp = &b->patches[i];

			if (tp->status == WB_STATUS_PASS && !tp->nfindings)
				continue;
			printf("    patch %zu/%zu \"%s\": %s (%s)\n", i + 1, now->npatches, now->patches[i].subject,
			       wb_status_name(tp->status), tp->summary);
			for (k = 0; k < tp->nfindings; k++) {
				const struct wb_finding *fd = &tp->findings[k];

				printf("      ");
				if (*fd->path && fd->line)
					printf("%s:%d: ", fd->path, fd->line);
				else if (*fd->path)
					printf("%s: ", fd->path);
				printf("%s: %s [%s]\n", fd->severity, fd->message, fd->id);
			}
		}
	}
}

/* b4 mbox: the thread of a message-id from the archive, as a maildir in dir/thread. */
static int fetch_thread(struct strbuf *maildir, const char *what, const char *dir)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct strbuf id = STRBUF_INIT;
	const char *p = what;
	char *b4 = wb_which("b4");
	int rc = WB_EXIT_IO;
	size_t n;

	if (!b4) {
		error("b4 not found in PATH (install b4)");
		goto out;
	}
	if (!strncmp(p, "id:", 3))
		p += 3;
	if (*p == '<')
		p++;
	if (*p == '-' || !*p) {
		error("'%s' is not a message-id", what);
		rc = WB_EXIT_USAGE;
		goto out;
	}
	n = strlen(p);
	strbuf_add(&id, p, n && p[n - 1] == '>' ? n - 1 : n);
	if (wb_run(&sr, dir, (const char *[]){ b4, "mbox", "--no-cache", "-M", "-o", dir, "-n", "thread", id.buf,
					      NULL }) < 0)
		goto out;
	strbuf_addf(maildir, "%s/thread", dir);
	{
		struct strbuf nd = STRBUF_INIT;
		struct stat st;
		int have;

		strbuf_addf(&nd, "%s/new", maildir->buf);
		have = !stat(nd.buf, &st) && S_ISDIR(st.st_mode);
		strbuf_release(&nd);
		if (sr.status || !have) {
			const char *all = sr.err.len ? sr.err.buf : sr.out.buf, *l = all, *q = all;
			char *last;

			while ((q = strchr(q, '\n')) && q[1])
				l = ++q;
			last = wb_first_line(l);
			error("message-id '%s' is not in the archive: %s", what, *last ? last : "b4 mbox found nothing");
			free(last);
			goto out;
		}
	}
	rc = 0;
out:
	wb_spawn_result_release(&sr);
	strbuf_release(&id);
	free(b4);
	return rc;
}

int cmd_verify(int argc, const char **argv)
{
	const char *what = NULL, *repo = ".", *kconfig = NULL, *base_opt = NULL;
	struct wb_scratch sc = { 0 };
	struct wb_check_result was, now;
	struct wb_check_opts opts;
	struct wb_posted posted = { NULL };
	struct strbuf tmp = STRBUF_INIT, origin = STRBUF_INIT, src = STRBUF_INIT;
	char *base = NULL, *refused[WB_TOOL_NR] = { NULL }, *named_base = NULL;
	const char *own_flags[WB_TOOL_NR] = { NULL };	/* given on the command line: ours */
	const struct wb_mail *dm;
	char cwd[PATH_MAX];
	int nargs, t, rc = WB_EXIT_IO, have_was = 0, have_now = 0, is_mbox, is_dir, bad = 0, r, perpatch = 0;
	size_t k;
	struct stat st;

	wb_check_opts_init(&opts);
	posted.cover = -1;
	/* a stranger's series: its build files are not run unless trusted */
	opts.untrusted_build = 1;
	opt_repo = ".";
	opt_kconfig = opt_base = opt_perpatch = NULL;
	opt_format = "text";
	opt_trust_build = 0;
	memset(opt_own, 0, sizeof(opt_own));
	nargs = wb_parse_options(&rc, argc, argv, verify_options, verify_usage);
	if (nargs < 0) {
		wb_check_opts_release(&opts);
		return rc;
	}
	rc = WB_EXIT_IO;
	repo = opt_repo;
	kconfig = opt_kconfig;
	base_opt = opt_base;
	if (opt_perpatch)
		perpatch = strcmp(opt_perpatch, "json") ? 1 : 2;
	if (opt_trust_build)
		opts.untrusted_build = 0;
	memcpy(own_flags, opt_own, sizeof(own_flags));
	if (nargs > 1) {
		error("more than one series: '%s' and '%s'", argv[0], argv[1]);
		wb_check_opts_release(&opts);
		return WB_EXIT_USAGE;
	}
	what = nargs ? argv[0] : NULL;
	/* b4's per-patch check hook: one patch on stdin, checked in the repository */
	if (perpatch) {
		if (what && strcmp(what, "-")) {
			error("--perpatch reads the patch on stdin, not '%s'", what);
			return WB_EXIT_USAGE;
		}
		for (t = 0; t < WB_TOOL_NR; t++) {
			if (!own_flags[t])
				continue;
			if (t != WB_TOOL_AUDIT)
				opts.flags[t] = xstrdup(own_flags[t]);
			else if (*own_flags[t])
				opts.audit_checks = xstrdup(own_flags[t]);
		}
		if (kconfig)
			opts.kconfig = xstrdup(kconfig);
		git_libgit2_init();
		rc = wb_perpatch_check(repo, perpatch == 2 ? WB_PERPATCH_JSON : WB_PERPATCH_TERSE, &opts);
		wb_check_opts_release(&opts);
		git_libgit2_shutdown();
		return rc;
	}
	if (!what) {
		wb_check_opts_release(&opts);
		return wb_usage_error(verify_options, verify_usage, "no series given");
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return error("could not read the current directory: %s", strerror(errno)), WB_EXIT_IO;
	if (!strcmp(opt_format, "json"))
		verdicts = json_array();
	git_libgit2_init();
	is_mbox = !stat(what, &st) && S_ISREG(st.st_mode);
	is_dir = !is_mbox && !stat(what, &st) && S_ISDIR(st.st_mode);
	if (!is_mbox && !is_dir && (strchr(what, '/') || !strchr(what, '@'))) {
		error("could not read mbox '%s': %s", what, strerror(ENOENT));
		goto cleanup;
	}
	{
		char *d = wb_mkdtemp("verify");

		if (!d)
			goto cleanup;
		strbuf_addstr(&tmp, d);
		free(d);
	}
	if (is_dir) {
		strbuf_addf(&origin, "directory '%s'", what);
		strbuf_addstr(&src, what);
	} else if (is_mbox) {
		strbuf_addf(&origin, "mbox '%s'", what);
		strbuf_addstr(&src, what);
	} else {
		strbuf_addf(&origin, "message-id '%s'", what);
		wb_progress("verify: fetching the thread of %s", what);
		if ((r = fetch_thread(&src, what, tmp.buf)) != 0) {
			rc = r;
			goto cleanup;
		}
		is_dir = 1;
	}
	/* unreadable, or a patch of the series missing: it cannot be applied here */
	if (wb_posted_read(&posted, src.buf, is_dir, tmp.buf) < 0)
		goto cleanup;
	if (!posted.nmails) {
		error("%s holds no messages", origin.buf);
		rc = WB_EXIT_USAGE;
		goto cleanup;
	}
	if (!posted.npatches) {
		error("no patches in %s (%zu message%s read, none with a diff)", origin.buf, posted.nmails,
		      posted.nmails == 1 ? "" : "s");
		rc = WB_EXIT_USAGE;
		goto cleanup;
	}
	if ((dm = wb_posted_digest_mail(&posted))) {
		/* a damaged digest is a damaged input, as an unreadable mbox is */
		if (wb_digest_parse(&was, dm->text, origin.buf) < 0)
			goto cleanup;
		have_was = 1;
	}
	/* the base: the digest's, else --base, else the series' base-commit: line, else HEAD */
	named_base = wb_posted_base_commit(&posted);
	{
		const char *b = have_was ? was.base : base_opt ? base_opt : named_base ? named_base : "HEAD";

		if (!(base = wb_resolve_commit(repo, b))) {
			error("the base commit %s that %s names is not in '%s'", b,
			      have_was || (!base_opt && named_base) ? origin.buf : "--base", repo);
			goto cleanup;
		}
		if (!have_was && !base_opt && !named_base)
			note("%s names no base (no digest, no base-commit: line): applying onto HEAD of '%s' (%.12s)",
			     origin.buf, repo, base);
	}
	if (wb_scratch_clone(&sc, repo, base, "verify") < 0)
		goto cleanup;
	{
		struct wb_spawn_result ar = WB_SPAWN_RESULT_INIT;
		struct wb_strlist am = WB_STRLIST_INIT;

		wb_strlist_pushv(&am, (const char *const[]){ "git", "-c", "user.name=workbench verify", "-c",
							    "user.email=verify@workbench.invalid", "am", "-q", NULL });
		for (k = 0; k < posted.npatches; k++)
			wb_strlist_push(&am, posted.mails[posted.patches[k]].path);
		wb_progress("verify: applying %zu patch%s onto %.12s", posted.npatches,
			      posted.npatches == 1 ? "" : "es", base);
		r = wb_run(&ar, sc.wt, wb_strlist_argv(&am));
		wb_strlist_clear(&am);
		if (r < 0)
			goto cleanup;
		if (ar.status) {
			char *why = wb_git_reason(&ar);

			error("could not apply %s onto %.12s: %s", origin.buf, base, why);
			free(why);
			wb_spawn_result_release(&ar);
			goto cleanup;
		}
		wb_spawn_result_release(&ar);
	}

	/* the checks the digest lists, with the user's flags or the digest's when verify passes them on */
	for (t = 0; have_was && t < WB_TOOL_NR; t++) {
		const char *flags = own_flags[t] ? own_flags[t] : was.tools[t].flags;

		opts.enabled[t] = 0;
		if (!was.tools[t].requested || was.tools[t].skipped ||
		    (!own_flags[t] && (refused[t] = refused_flag(t, flags))))
			continue;
		opts.enabled[t] = 1;
		if (t != WB_TOOL_AUDIT)
			opts.flags[t] = xstrdup(flags);
		else if (*flags)
			opts.audit_checks = xstrdup(flags);
	}
	/* without a digest: every check, with the user's flags */
	for (t = 0; !have_was && t < WB_TOOL_NR; t++) {
		if (!own_flags[t])
			continue;
		if (t != WB_TOOL_AUDIT)
			opts.flags[t] = xstrdup(own_flags[t]);
		else if (*own_flags[t])
			opts.audit_checks = xstrdup(own_flags[t]);
	}
	opts.audit_no_cache = 1;
	if (kconfig) {
		opts.kconfig = xstrdup(kconfig);
	} else {
		git_repository *gr = NULL;
		const char *wd;

		if (!git_repository_open_ext(&gr, repo, 0, NULL) && (wd = git_repository_workdir(gr))) {
			struct strbuf kc = STRBUF_INIT;

			strbuf_addf(&kc, "%s.config", wd);
			if (!access(kc.buf, R_OK))
				opts.kconfig = strbuf_detach(&kc, NULL);
			strbuf_release(&kc);
		}
		git_repository_free(gr);
	}
	wb_progress("verify: running the checks");
	if (wb_check_run(&now, sc.wt, base, "HEAD", &opts) < 0)
		goto cleanup;
	have_now = 1;

	if (!have_was) {
		if (verdicts) {
			for (t = 0; t < WB_TOOL_NR; t++) {
				const struct wb_tool_run *b = &now.tools[t];

				if (!b->requested)
					continue;
				if (b->skipped || b->cannot)
					verdict(t, b->skipped ? "SKIPPED" : "CANNOT", "%s", b->reason);
				else
					verdict(t, "NO-DIGEST", "%s (%s)", wb_status_name(b->status), b->version);
			}
		} else {
			printf("no digest to compare: %s carries no workbench digest; the checks ran on its "
			       "%zu patch%s onto %.12s\n", origin.buf, now.npatches,
			       now.npatches == 1 ? "" : "es", base);
			print_own(&now);
		}
		rc = wb_check_worst(&now) == WB_STATUS_PASS && !wb_check_any_cannot(&now) ? WB_EXIT_OK :
			WB_EXIT_FINDINGS;
		goto cleanup;
	}
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *a = &was.tools[t], *b = &now.tools[t];

		if (!a->requested)
			continue;
		if (a->skipped) {
			verdict(t, "SKIPPED", "not run when the digest was made: %s", a->reason);
		} else if (refused[t]) {
			verdict(t, "CANNOT", "the digest asks for the flag '%s', which verify does not pass on "
				"(give --%s-%s to run it with flags of your own)", refused[t],
				wb_tool_name(t), t == WB_TOOL_AUDIT ? "checks" : "flags");
			bad = 1;
		} else if (b->skipped || b->cannot) {
			verdict(t, "CANNOT", "%s", b->reason);
			bad = 1;
		} else if (strcmp(a->version, b->version)) {
			struct strbuf d = STRBUF_INIT;

			version_diff(&d, a->version, b->version);
			verdict(t, "CANNOT", "other version: %s", d.buf);
			strbuf_release(&d);
			bad = 1;
		} else if (a->hash == b->hash && was.npatches == now.npatches) {
			verdict(t, "REPRODUCED", "%s (%s%s%s)", wb_status_name(b->status), b->version,
				*b->flags ? "; flags " : "", b->flags);
		} else {
			verdict(t, "DIFFERS", "was %s, now %s (%s%s%s)", wb_status_name(a->status),
				wb_status_name(b->status), b->version, *b->flags ? "; flags " : "", b->flags);
			if (!verdicts)
				print_diff(&was, &now, t);
			bad = 1;
		}
	}
	rc = bad ? WB_EXIT_FINDINGS : WB_EXIT_OK;
cleanup:
	if (verdicts && have_now) {
		json_t *top = json_object();
		char *checks = wb_check_json(&now);

		json_object_set_new(top, "schema", json_string("workbench-verify/1"));
		json_object_set_new(top, "origin", json_string(origin.buf));
		json_object_set_new(top, "base", base ? json_string(base) : json_null());
		json_object_set_new(top, "digest", json_boolean(have_was));
		json_object_set_new(top, "exit", json_integer(rc));
		json_object_set(top, "tools", verdicts);
		json_object_set_new(top, "checks", checks ? json_loads(checks, 0, NULL) : json_null());
		json_dumpf(top, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
		json_decref(top);
		free(checks);
	}
	json_decref(verdicts);
	verdicts = NULL;
	if (have_was)
		wb_check_result_release(&was);
	if (have_now)
		wb_check_result_release(&now);
	wb_check_opts_release(&opts);
	wb_scratch_release(&sc);
	wb_posted_release(&posted);
	if (tmp.len)
		wb_rmtree(tmp.buf);
	strbuf_release(&tmp);
	strbuf_release(&origin);
	strbuf_release(&src);
	free(base);
	free(named_base);
	for (t = 0; t < WB_TOOL_NR; t++)
		free(refused[t]);
	git_libgit2_shutdown();
	return rc;
}
