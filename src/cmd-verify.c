// SPDX-License-Identifier: GPL-2.0
/*
 * workbench verify (MSGID | MBOX) --repo KERNEL: b4 am the posted series onto
 * the base its digest names, rerun the checks the digest lists with the same
 * flags, and say per check REPRODUCED, DIFFERS or CANNOT.
 */
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "opts.h"
#include "series-prep.h"
#include "series.h"
#include "util.h"

static int not_dotfile(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

/*
 * A directory of messages ('series send -o DIR' writes one file per mail)
 * as one mbox (mboxrd: body lines that start with '>*From ' get one more
 * '>'), in file name order.  Returns the number of messages, -1 on error.
 */
static int dir_to_mbox(const char *dir, const char *mbox)
{
	struct dirent **ents = NULL;
	struct strbuf all = STRBUF_INIT;
	int n = scandir(dir, &ents, not_dotfile, alphasort), i, msgs = 0, rc = -1;

	if (n < 0)
		return error("could not read '%s': %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
		struct stat st;
		const char *p;
		int in_header;

		strbuf_addf(&path, "%s/%s", dir, ents[i]->d_name);
		if (stat(path.buf, &st) < 0 || !S_ISREG(st.st_mode)) {
			strbuf_release(&path);
			continue;
		}
		if (wb_read_file(&text, path.buf) < 0) {
			error("could not read '%s': %s", path.buf, strerror(errno));
			strbuf_release(&path);
			goto out;
		}
		strbuf_addstr(&all, "From mboxrd@z Thu Jan  1 00:00:00 1970\n");
		for (p = text.buf, in_header = 1; p && *p;) {
			const char *eol = strchr(p, '\n'), *q = p;
			size_t len = eol ? (size_t)(eol - p) : strlen(p);

			/* headers unfolded: b4 0.12 chokes on a folded Subject */
			if (in_header && (*p == ' ' || *p == '\t') && all.len &&
			    all.buf[all.len - 1] == '\n')
				all.buf[--all.len] = '\0';
			if (!len)
				in_header = 0;
			while (q < p + len && *q == '>')
				q++;
			if (p + len - q >= 5 && !strncmp(q, "From ", 5))
				strbuf_addch(&all, '>');
			strbuf_add(&all, p, len);
			strbuf_addch(&all, '\n');
			p = eol ? eol + 1 : NULL;
		}
		strbuf_addch(&all, '\n');
		msgs++;
		strbuf_release(&path);
		strbuf_release(&text);
	}
	if (!msgs) {
		error("'%s' holds no messages", dir);
		goto out;
	}
	if (wb_write_file_atomic(mbox, all.buf, all.len) < 0) {
		error("could not write '%s': %s", mbox, strerror(errno));
		goto out;
	}
	rc = msgs;
out:
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);
	strbuf_release(&all);
	return rc;
}

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
	NULL
};

/*
 * --TOOL-flags=FLAGS (--audit-checks=CHECKS for the audit) given to verify:
 * flags of the user's own, used instead of the digest's.
 */
static const char *opt_repo, *opt_kconfig, *opt_own[WB_TOOL_NR];
static int opt_trust_build;

static const struct wb_option verify_options[] = {
	WB_OPT_STRING_F(0, "repo", &opt_repo, "KERNEL", "the kernel repository (default: the current directory)"),
	WB_OPT_STRING_F(0, "kconfig", &opt_kconfig, "FILE", "the .config sparse builds with"),
	WB_OPT_BOOL_F(0, "trust-build", &opt_trust_build, "build the series even when it changes build files"),
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

static char *find_ext(const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *r = NULL;

	if (!d)
		return NULL;
	while (!r && (de = readdir(d))) {
		size_t n = strlen(de->d_name), e = strlen(ext);

		if (n > e && !strcmp(de->d_name + n - e, ext)) {
			struct strbuf sb = STRBUF_INIT;

			strbuf_addf(&sb, "%s/%s", dir, de->d_name);
			r = strbuf_detach(&sb, NULL);
		}
	}
	closedir(d);
	return r;
}

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

int cmd_verify(int argc, const char **argv)
{
	const char *what = NULL, *repo = ".", *kconfig = NULL;
	struct wb_scratch sc = { 0 };
	struct wb_check_result was, now;
	struct wb_check_opts opts;
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct strbuf am_dir = STRBUF_INIT, text = STRBUF_INIT, origin = STRBUF_INIT, abs_mbox = STRBUF_INIT;
	char *b4 = NULL, *mbx = NULL, *cov = NULL, *base = NULL, *refused[WB_TOOL_NR] = { NULL };
	const char *own_flags[WB_TOOL_NR] = { NULL };	/* given on the command line: ours */
	char cwd[PATH_MAX];
	int nargs, t, rc = WB_EXIT_IO, have_was = 0, have_now = 0, is_mbox, is_dir, bad = 0;
	struct stat st;

	wb_check_opts_init(&opts);
	/* a stranger's series: its build files are not run unless trusted */
	opts.untrusted_build = 1;
	opt_repo = ".";
	opt_kconfig = NULL;
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
	if (opt_trust_build)
		opts.untrusted_build = 0;
	memcpy(own_flags, opt_own, sizeof(own_flags));
	if (nargs > 1) {
		error("more than one series: '%s' and '%s'", argv[0], argv[1]);
		wb_check_opts_release(&opts);
		return WB_EXIT_USAGE;
	}
	if (!nargs) {
		wb_check_opts_release(&opts);
		return wb_usage_error(verify_options, verify_usage, "no series given");
	}
	what = argv[0];
	if (!getcwd(cwd, sizeof(cwd)))
		return error("could not read the current directory: %s", strerror(errno)), WB_EXIT_IO;
	git_libgit2_init();
	is_mbox = !stat(what, &st) && S_ISREG(st.st_mode);
	is_dir = !is_mbox && !stat(what, &st) && S_ISDIR(st.st_mode);
	if (!is_mbox && !is_dir && (strchr(what, '/') && !strchr(what, '@'))) {
		error("could not read mbox '%s': %s", what, strerror(ENOENT));
		goto cleanup;
	}
	if (!(b4 = wb_which("b4"))) {
		error("b4 not found in PATH (install b4)");
		goto cleanup;
	}
	if (!(am_dir.buf = wb_mkdtemp("verify"))) {
		strbuf_init(&am_dir);
		goto cleanup;
	}
	am_dir.len = strlen(am_dir.buf);
	am_dir.alloc = am_dir.len + 1;
	{
		struct wb_strlist a = WB_STRLIST_INIT;
		struct strbuf out = STRBUF_INIT;

		strbuf_addf(&out, "%s/am", am_dir.buf);
		if (wb_mkdir_p(out.buf, 0755) < 0) {
			error("could not create '%s': %s", out.buf, strerror(errno));
			strbuf_release(&out);
			goto cleanup;
		}
		wb_strlist_pushv(&a, (const char *const[]){ b4, "am", "--no-cache", "-o", out.buf, NULL });
		if (is_dir) {
			/* the mails 'series send -o DIR' wrote, as one mbox */
			strbuf_addf(&abs_mbox, "%s/series.mbox", am_dir.buf);
			if (dir_to_mbox(what, abs_mbox.buf) < 0) {
				wb_strlist_clear(&a);
				strbuf_release(&out);
				goto cleanup;
			}
			wb_strlist_pushv(&a, (const char *const[]){ "-m", abs_mbox.buf, NULL });
			strbuf_addf(&origin, "directory '%s'", what);
			is_mbox = 1;
		} else if (is_mbox) {
			strbuf_addf(&abs_mbox, "%s%s%s", what[0] == '/' ? "" : cwd, what[0] == '/' ? "" : "/", what);
			wb_strlist_pushv(&a, (const char *const[]){ "-m", abs_mbox.buf, NULL });
			strbuf_addf(&origin, "mbox '%s'", what);
		} else {
			const char *id = what;
			size_t n;

			if (!strncmp(id, "id:", 3))
				id += 3;
			if (*id == '<')
				id++;
			if (*id == '-') {
				error("'%s' is not a message-id", what);
				wb_strlist_clear(&a);
				strbuf_release(&out);
				rc = WB_EXIT_USAGE;
				goto cleanup;
			}
			n = strlen(id);
			wb_strlist_pushf(&a, "%.*s", (int)(n && id[n - 1] == '>' ? n - 1 : n), id);
			strbuf_addf(&origin, "message-id '%s'", what);
		}
		if (wb_run(&sr, am_dir.buf, wb_strlist_argv(&a)) < 0) {
			wb_strlist_clear(&a);
			strbuf_release(&out);
			goto cleanup;
		}
		wb_strlist_clear(&a);
		mbx = find_ext(out.buf, ".mbx");
		cov = find_ext(out.buf, ".cover");
		strbuf_release(&out);
	}
	if (sr.status || !mbx) {
		const char *all = sr.err.len ? sr.err.buf : sr.out.buf;
		char *last;
		const char *p = all, *lastl = all;

		while ((p = strchr(p, '\n')) && p[1]) {
			lastl = p + 1;
			p++;
		}
		last = wb_first_line(lastl);
		if (!is_mbox && (strstr(all, "not known") || strstr(all, "No messages") ||
				 strstr(all, "ound nothing") || strstr(all, "404")))
			error("message-id '%s' is not in the archive: %s", what, last);
		else
			error("no patch series in %s: %s", origin.buf, *last ? last : "b4 am found no patches");
		free(last);
		goto cleanup;
	}
	if (cov && !wb_read_file(&text, cov) && strstr(text.buf, WB_DIGEST_BEGIN)) {
	} else {
		strbuf_reset(&text);
		if (wb_read_file(&text, mbx) < 0) {
			error("could not read '%s': %s", mbx, strerror(errno));
			goto cleanup;
		}
	}
	if (wb_digest_parse(&was, text.buf, origin.buf) < 0)
		goto cleanup;
	have_was = 1;
	if (!(base = wb_resolve_commit(repo, was.base))) {
		error("the base commit %s that %s names is not in '%s'", was.base, origin.buf, repo);
		goto cleanup;
	}
	if (wb_scratch_clone(&sc, repo, base, "verify") < 0)
		goto cleanup;
	{
		struct wb_spawn_result ar = WB_SPAWN_RESULT_INIT;

		if (wb_run(&ar, sc.wt, (const char *[]){ "git", "-c", "user.name=workbench verify", "-c",
							  "user.email=verify@workbench.invalid", "am", "-q", mbx,
							  NULL }) < 0)
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
	for (t = 0; t < WB_TOOL_NR; t++) {
		const char *flags = own_flags[t] ? own_flags[t] : was.tools[t].flags;

		opts.enabled[t] = 0;
		if (!was.tools[t].requested || (!own_flags[t] && (refused[t] = refused_flag(t, flags))))
			continue;
		opts.enabled[t] = 1;
		if (t != WB_TOOL_AUDIT)
			opts.flags[t] = xstrdup(flags);
		else if (*flags)
			opts.audit_checks = xstrdup(flags);
	}
	opts.audit_no_cache = 1;
	if (kconfig) {
		opts.kconfig = xstrdup(kconfig);
	} else {
		git_repository *r = NULL;
		const char *wd;

		if (!git_repository_open_ext(&r, repo, 0, NULL) && (wd = git_repository_workdir(r))) {
			struct strbuf k = STRBUF_INIT;

			strbuf_addf(&k, "%s.config", wd);
			if (!access(k.buf, R_OK))
				opts.kconfig = strbuf_detach(&k, NULL);
			strbuf_release(&k);
		}
		git_repository_free(r);
	}
	if (wb_check_run(&now, sc.wt, base, "HEAD", &opts) < 0)
		goto cleanup;
	have_now = 1;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *a = &was.tools[t], *b = &now.tools[t];

		if (!a->requested)
			continue;
		if (refused[t]) {
			printf("%-10s  CANNOT      the digest asks for the flag '%s', which verify does not pass on "
			       "(give --%s-%s to run it with flags of your own)\n", wb_tool_name(t), refused[t],
			       wb_tool_name(t), t == WB_TOOL_AUDIT ? "checks" : "flags");
			bad = 1;
		} else if (b->skipped || b->cannot) {
			printf("%-10s  CANNOT      %s\n", wb_tool_name(t), b->reason);
			bad = 1;
		} else if (strcmp(a->version, b->version)) {
			printf("%-10s  CANNOT      other version: %s here, the digest was made with %s\n",
			       wb_tool_name(t), b->version, a->version);
			bad = 1;
		} else if (a->hash == b->hash && was.npatches == now.npatches) {
			printf("%-10s  REPRODUCED  %s (%s%s%s)\n", wb_tool_name(t), wb_status_name(b->status), b->version,
			       *b->flags ? "; flags " : "", b->flags);
		} else {
			printf("%-10s  DIFFERS     was %s, now %s (%s%s%s)\n", wb_tool_name(t),
			       wb_status_name(a->status), wb_status_name(b->status), b->version,
			       *b->flags ? "; flags " : "", b->flags);
			print_diff(&was, &now, t);
			bad = 1;
		}
	}
	rc = bad ? WB_EXIT_FINDINGS : WB_EXIT_OK;
cleanup:
	wb_spawn_result_release(&sr);
	if (have_was)
		wb_check_result_release(&was);
	if (have_now)
		wb_check_result_release(&now);
	wb_check_opts_release(&opts);
	wb_scratch_release(&sc);
	if (am_dir.buf)
		wb_rmtree(am_dir.buf);
	strbuf_release(&am_dir);
	strbuf_release(&text);
	strbuf_release(&origin);
	strbuf_release(&abs_mbox);
	free(b4);
	free(mbx);
	free(cov);
	free(base);
	for (t = 0; t < WB_TOOL_NR; t++)
		free(refused[t]);
	git_libgit2_shutdown();
	return rc;
}
