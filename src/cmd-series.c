// SPDX-License-Identifier: GPL-2.0
/*
 * workbench series regen NAME --repo KERNEL: rebuild the series on its base in
 * a scratch work tree, run the checks, put their digest into the cover letter
 * and write the series back (b4 prep -p).
 * workbench series send NAME --repo KERNEL [--dry-run | -o DIR]: b4 send, To/Cc
 * from MAINTAINERS-notes, the tree's MAINTAINERS and series.conf.
 * workbench series save NAME --repo KERNEL: the commits and cover letter of
 * b4's prep branch b4/NAME written into series/NAME (the other way round).
 * Both regen and send leave b4/NAME as series/NAME has it, but never lose
 * what only the branch has (series-prep.c).
 */
#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <jansson.h>

#include "cmds.h"
#include "maintainers.h"
#include "opts.h"
#include "series-prep.h"
#include "series.h"
#include "util.h"

static const char *const series_usage[] = {
	"workbench series regen [<options>] NAME",
	"workbench series send [<options>] NAME",
	"workbench series check [<options>] NAME",
	"workbench series save [<options>] NAME",
	NULL
};
static const char *const regen_usage[] = { "workbench series regen [<options>] NAME", NULL };
static const char *const send_usage[] = { "workbench series send [<options>] NAME", NULL };
static const char *const check_usage[] = { "workbench series check [<options>] NAME", NULL };
static const char *const save_usage[] = { "workbench series save [<options>] NAME", NULL };

/* ---- series/NAME must not hold edits that a regen would overwrite ---- */

static int check_clean(const char *dir)
{
	git_repository *repo = NULL;
	git_status_list *st = NULL;
	git_status_options so;
	char real[PATH_MAX], *rel;
	const char *wd;
	size_t i, n;
	int rc = -1;

	git_status_options_init(&so, GIT_STATUS_OPTIONS_VERSION);
	if (!realpath(dir, real))
		return error("could not resolve '%s': %s", dir, strerror(errno));
	if (git_repository_open_ext(&repo, real, 0, NULL) < 0 || !(wd = git_repository_workdir(repo))) {
		git_repository_free(repo);
		return error("'%s' is not in a git work tree; regen refuses to overwrite what it cannot restore "
			     "(use --force)", dir);
	}
	rel = real + strlen(wd);
	if (strncmp(real, wd, strlen(wd)) && !(strlen(real) + 1 == strlen(wd) && !strncmp(real, wd, strlen(real))))
		rel = real;
	so.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS;
	so.pathspec.strings = &rel;
	so.pathspec.count = *rel ? 1 : 0;
	if (git_status_list_new(&st, repo, &so) < 0) {
		error("could not read the status of '%s'", dir);
		goto cleanup;
	}
	n = git_status_list_entrycount(st);
	if (n) {
		const git_status_entry *e = git_status_byindex(st, 0);
		const char *path = e->index_to_workdir ? e->index_to_workdir->new_file.path :
			e->head_to_index ? e->head_to_index->new_file.path : "?";

		error("'%s' has uncommitted changes (%zu path%s, e.g. '%s'); commit them or use --force",
		      dir, n, n == 1 ? "" : "s", path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	(void)i;
	git_status_list_free(st);
	git_repository_free(repo);
	return rc;
}

/* ---- selftests/ becomes one patch adding tools/testing/selftests/<dir>/ ---- */

static int copy_tree(const char *from, const char *to, size_t *nfiles)
{
	DIR *d = opendir(from);
	struct dirent *de;
	int rc = 0;

	if (!d)
		return error("could not open '%s': %s", from, strerror(errno));
	if (wb_mkdir_p(to, 0755) < 0) {
		closedir(d);
		return error("could not create '%s': %s", to, strerror(errno));
	}
	while (!rc && (de = readdir(d))) {
		struct strbuf f = STRBUF_INIT, t = STRBUF_INIT, data = STRBUF_INIT;
		struct stat st;

		/* no dotfiles, but the .gitignore that lists a kselftest dir's built programs */
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".gitignore"))
			continue;
		strbuf_addf(&f, "%s/%s", from, de->d_name);
		strbuf_addf(&t, "%s/%s", to, de->d_name);
		if (stat(f.buf, &st) < 0) {
			rc = error("could not stat '%s': %s", f.buf, strerror(errno));
		} else if (S_ISDIR(st.st_mode)) {
			rc = copy_tree(f.buf, t.buf, nfiles);
		} else if (wb_read_file(&data, f.buf) < 0) {
			rc = error("could not read '%s': %s", f.buf, strerror(errno));
		} else if (wb_write_file_atomic(t.buf, data.buf, data.len) < 0) {
			rc = error("could not write '%s': %s", t.buf, strerror(errno));
		} else {
			if (st.st_mode & 0111)
				chmod(t.buf, 0755);
			(*nfiles)++;
		}
		strbuf_release(&f);
		strbuf_release(&t);
		strbuf_release(&data);
	}
	closedir(d);
	return rc;
}

/* The selftests/ subdirectories, sorted. */
static void selftest_dirs(struct wb_strlist *out, const char *sdir)
{
	DIR *d = opendir(sdir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct strbuf p = STRBUF_INIT;
		struct stat st;

		strbuf_addf(&p, "%s/%s", sdir, de->d_name);
		if (de->d_name[0] != '.' && !stat(p.buf, &st) && S_ISDIR(st.st_mode))
			wb_strlist_push(out, de->d_name);
		strbuf_release(&p);
	}
	closedir(d);
	if (out->nr > 1) {
		size_t i, j;

		for (i = 1; i < out->nr; i++)
			for (j = i; j > 0 && strcmp(out->v[j - 1], out->v[j]) > 0; j--) {
				char *t = out->v[j];

				out->v[j] = out->v[j - 1];
				out->v[j - 1] = t;
			}
	}
}

static char *selftests_subject(const struct wb_series *s, const struct wb_strlist *dirs)
{
	struct strbuf sb = STRBUF_INIT;

	if (s->selftests_subject)
		return xstrdup(s->selftests_subject);
	if (dirs->nr == 1)
		strbuf_addf(&sb, "selftests/%s: add tests", dirs->v[0]);
	else
		strbuf_addf(&sb, "selftests: add tests for %s", s->name);
	return strbuf_detach(&sb, NULL);
}

/* tools/testing/selftests/Makefile: what make runs is the TARGETS list */

static int cmp_mem(const char *a, size_t an, const char *b, size_t bn)
{
	int c = memcmp(a, b, an < bn ? an : bn);

	return c ? c : an < bn ? -1 : an > bn;
}

static size_t skip_blanks(const char *l, size_t i, size_t n)
{
	while (i < n && (l[i] == ' ' || l[i] == '\t'))
		i++;
	return i;
}

/* 1 for a line opening a make conditional (ifeq, ifdef, ...), -1 for endif, else 0 */
static int make_conditional(const char *l, size_t n)
{
	static const char *const opening[] = { "ifeq", "ifneq", "ifdef", "ifndef" };
	size_t i = skip_blanks(l, 0, n), k, w;

	for (k = 0; k < WB_ARRAY_SIZE(opening); k++) {
		w = strlen(opening[k]);
		if (n - i > w && !strncmp(l + i, opening[k], w) &&
		    (l[i + w] == ' ' || l[i + w] == '\t' || l[i + w] == '('))
			return 1;
	}
	if (n - i >= 5 && !strncmp(l + i, "endif", 5) &&
	    (n - i == 5 || l[i + 5] == ' ' || l[i + 5] == '\t' || l[i + 5] == '#' || l[i + 5] == '\n'))
		return -1;
	return 0;
}

/*
 * "TARGETS += a b": *add = 1; "TARGETS = a" (or :=, ?=): *add = 0. The
 * names are words[0 .. *len). 0 when the line is something else.
 */
static int targets_line(const char *l, size_t n, int *add, const char **words, size_t *len)
{
	size_t i, end;

	if (n < 7 || strncmp(l, "TARGETS", 7))
		return 0;
	i = skip_blanks(l, 7, n);
	if (i + 1 < n && l[i + 1] == '=' && (l[i] == '+' || l[i] == ':' || l[i] == '?')) {
		*add = l[i] == '+';
		i += 2;
	} else if (i < n && l[i] == '=') {
		*add = 0;
		i++;
	} else {
		return 0;
	}
	i = skip_blanks(l, i, n);
	for (end = i; end < n && l[end] != '\n' && l[end] != '#'; end++)
		;
	while (end > i && (l[end - 1] == ' ' || l[end - 1] == '\t'))
		end--;
	*words = l + i;
	*len = end - i;
	return 1;
}

/*
 * Add "TARGETS += name" to the Makefile text mk: after the line with the
 * greatest name that sorts before it, else first in the list; never inside a
 * conditional, never above a "TARGETS = x" that starts the list.  1 when
 * added, 0 when the name is listed already, -1 when there is no TARGETS line.
 */
static int targets_add(struct strbuf *mk, const char *name)
{
	const char *text = strbuf_str(mk), *best = NULL;
	size_t nlen = strlen(name), best_len = 0, pos = 0, after_best = 0, after_assign = 0, first_add = 0;
	int depth = 0, have_assign = 0, have_add = 0;
	struct strbuf out = STRBUF_INIT;

	while (pos < mk->len) {
		const char *l = text + pos, *eol = memchr(l, '\n', mk->len - pos);
		size_t n = eol ? (size_t)(eol - l) + 1 : mk->len - pos, wlen, i;
		const char *words;
		int add, c = make_conditional(l, n);

		pos += n;
		if (c) {
			depth += c;
			if (depth < 0)
				depth = 0;
			continue;
		}
		if (!targets_line(l, n, &add, &words, &wlen))
			continue;
		for (i = 0; i < wlen; ) {
			size_t w = i;

			while (w < wlen && words[w] != ' ' && words[w] != '\t')
				w++;
			if (!cmp_mem(words + i, w - i, name, nlen))
				return 0;
			if (!depth && add && cmp_mem(words + i, w - i, name, nlen) < 0 &&
			    (!best || cmp_mem(words + i, w - i, best, best_len) >= 0)) {
				best = words + i;
				best_len = w - i;
				after_best = pos;
			}
			i = skip_blanks(words, w, wlen);
		}
		if (depth)
			continue;
		if (!add) {
			have_assign = 1;
			after_assign = pos;
		} else if (!have_add) {
			have_add = 1;
			first_add = pos - n;
		}
	}
	if (best)
		pos = after_best > after_assign ? after_best : after_assign;
	else if (have_assign)
		pos = after_assign;
	else if (have_add)
		pos = first_add;
	else
		return -1;
	strbuf_add(&out, text, pos);
	if (pos && text[pos - 1] != '\n')
		strbuf_addch(&out, '\n');
	strbuf_addf(&out, "TARGETS += %s\n", name);
	strbuf_add(&out, text + pos, mk->len - pos);
	strbuf_release(mk);
	*mk = out;
	return 1;
}

/* List the collections in the tree's selftests Makefile, when it has one. */
static int add_targets(const char *wt, const struct wb_strlist *dirs)
{
	static const char rel[] = "tools/testing/selftests/Makefile";
	struct strbuf path = STRBUF_INIT, mk = STRBUF_INIT;
	struct stat st;
	size_t i, added = 0;
	int rc = 0;

	strbuf_addf(&path, "%s/%s", wt, rel);
	if (stat(path.buf, &st) < 0 || !S_ISREG(st.st_mode))
		goto out;
	if (wb_read_file(&mk, path.buf) < 0) {
		rc = error("could not read '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	for (i = 0; i < dirs->nr; i++) {
		int r = targets_add(&mk, dirs->v[i]);

		if (r < 0)
			warning("'%s' has no 'TARGETS += ' line; '%s' is not added to it", rel, dirs->v[i]);
		else
			added += (size_t)r;
	}
	if (!added)
		goto out;
	if (wb_write_file_atomic(path.buf, mk.buf, mk.len) < 0)
		rc = error("could not write '%s': %s", path.buf, strerror(errno));
	else if ((st.st_mode & 07777) != 0644)
		chmod(path.buf, st.st_mode & 07777);
out:
	strbuf_release(&path);
	strbuf_release(&mk);
	return rc;
}

static int is_trailer_line(const char *l, size_t n)
{
	size_t i = 0;

	while (i < n && (l[i] == '-' || (l[i] >= 'A' && l[i] <= 'Z') || (l[i] >= 'a' && l[i] <= 'z') ||
			 (l[i] >= '0' && l[i] <= '9')))
		i++;
	return i >= 2 && i + 1 < n && l[i] == ':' && l[i + 1] == ' ';
}

/*
 * The selftests commit message: subject, blank line, the text of
 * series/NAME/selftests-message (or a generic line naming the directories),
 * then sob, in the body's closing trailer block if it ends with one.
 */
static int selftests_message(struct strbuf *msg, const struct wb_series *s, const struct wb_strlist *dirs,
			     const char *subject, const char *sob)
{
	struct strbuf path = STRBUF_INIT, body = STRBUF_INIT;
	const char *b, *last, *p;
	int rc = -1, all_trailers = 1, signed_off = 0;
	size_t i;

	strbuf_addf(msg, "%s\n\n", subject);
	strbuf_addf(&path, "%s/selftests-message", s->dir);
	if (wb_read_file(&body, path.buf) < 0) {
		if (errno != ENOENT) {
			error("could not read '%s': %s", path.buf, strerror(errno));
			goto out;
		}
		strbuf_addf(msg, "Add the kselftests of the series %s: ", s->name);
		for (i = 0; i < dirs->nr; i++)
			strbuf_addf(msg, "%stools/testing/selftests/%s/", i ? ", " : "", dirs->v[i]);
		strbuf_addf(msg, ".\n\n%s\n", sob);
		rc = 0;
		goto out;
	}
	while (body.len && strchr(" \t\r\n", body.buf[body.len - 1]))
		body.buf[--body.len] = '\0';
	for (b = strbuf_str(&body); *b == '\n' || *b == '\r'; b++)
		;
	if (!*b) {
		error("'%s' is empty; write the selftests commit message body there, or remove it", path.buf);
		goto out;
	}
	for (last = b, p = strstr(b, "\n\n"); p; p = strstr(p + 1, "\n\n"))
		last = p + 2;
	for (p = last; *p; ) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (!is_trailer_line(p, n))
			all_trailers = 0;
		if (n == strlen(sob) && !strncmp(p, sob, n))
			signed_off = 1;
		p += n + (eol ? 1 : 0);
	}
	strbuf_addf(msg, "%s\n", b);
	if (!(all_trailers && signed_off))
		strbuf_addf(msg, "%s%s\n", all_trailers ? "" : "\n", sob);
	rc = 0;
out:
	strbuf_release(&path);
	strbuf_release(&body);
	return rc;
}

/*
 * Copy each collection root/<dir>/ to tools/testing/selftests/<dir>/ of the
 * work tree, list it in TARGETS and commit.
 */
static int commit_selftests(const char *wt, const struct wb_series *s, const char *root,
			    const struct wb_strlist *dirs, const char *subject, const char *tmp)
{
	struct strbuf name = STRBUF_INIT, email = STRBUF_INIT, msg = STRBUF_INIT, file = STRBUF_INIT,
		      sob = STRBUF_INIT;
	char *n = NULL, *e = NULL;
	size_t i, nfiles = 0;
	int rc = -1;

	for (i = 0; i < dirs->nr; i++) {
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
		int r;

		strbuf_addf(&from, "%s/%s", root, dirs->v[i]);
		strbuf_addf(&to, "%s/tools/testing/selftests/%s", wt, dirs->v[i]);
		r = copy_tree(from.buf, to.buf, &nfiles);
		strbuf_release(&from);
		strbuf_release(&to);
		if (r < 0)
			goto cleanup;
	}
	if (add_targets(wt, dirs) < 0)
		goto cleanup;
	if (wb_git(NULL, wt, "could not add the selftests",
		   (const char *[]){ "add", "-A", "tools/testing/selftests", NULL }) < 0)
		goto cleanup;
	if (wb_git(&name, wt, "git has no user.name", (const char *[]){ "config", "user.name", NULL }) < 0 ||
	    wb_git(&email, wt, "git has no user.email", (const char *[]){ "config", "user.email", NULL }) < 0)
		goto cleanup;
	n = wb_first_line(name.buf);
	e = wb_first_line(email.buf);
	strbuf_addf(&sob, "Signed-off-by: %s <%s>", n, e);
	if (selftests_message(&msg, s, dirs, subject, sob.buf) < 0)
		goto cleanup;
	strbuf_addf(&file, "%s/selftests-msg", tmp);
	if (wb_write_file_atomic(file.buf, msg.buf, msg.len) < 0) {
		error("could not write '%s': %s", file.buf, strerror(errno));
		goto cleanup;
	}
	if (wb_git(NULL, wt, "could not commit the selftests",
		   (const char *[]){ "commit", "-q", "--allow-empty", "-F", file.buf, NULL }) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	free(n);
	free(e);
	strbuf_release(&name);
	strbuf_release(&email);
	strbuf_release(&msg);
	strbuf_release(&file);
	strbuf_release(&sob);
	return rc;
}

/* ---- the cover letter ---- */

/*
 * The cover text, then workbench's report under a '---' line: what the
 * checks found, how to reproduce them, and the digest last.  Nothing of
 * it lands in a merge commit made from the cover letter.
 */
static char *cover_with_digest(const char *src, const struct wb_check_result *res)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_addstr(&out, src);
	while (out.len && strchr(" \t\r\n", out.buf[out.len - 1]))
		out.buf[--out.len] = '\0';
	strbuf_addstr(&out, "\n\n---\n");
	wb_check_summary(&out, res);
	strbuf_addstr(&out, "To reproduce these checks on the posted series, run\n"
			    "  workbench verify <message-id of this cover letter> --repo <kernel tree>\n\n");
	wb_digest_format(&out, res);
	return strbuf_detach(&out, NULL);
}

/*
 * The mbox From line (a commit id), Date: and Message-Id: change on every
 * b4 prep -p; a file differing only there is unchanged.
 */
static int same_but_volatile(const char *a, const char *b)
{
	int first = 1;

	for (;; first = 0) {
		const char *ea = strchr(a, '\n'), *eb = strchr(b, '\n');
		size_t na = ea ? (size_t)(ea - a) : strlen(a), nb = eb ? (size_t)(eb - b) : strlen(b);
		int va = !strncasecmp(a, "Date: ", 6) || !strncasecmp(a, "Message-Id: ", 12) ||
			 (first && !strncmp(a, "From ", 5));
		int vb = !strncasecmp(b, "Date: ", 6) || !strncasecmp(b, "Message-Id: ", 12) ||
			 (first && !strncmp(b, "From ", 5));

		if (!(va && vb) && (na != nb || memcmp(a, b, na)))
			return 0;
		if (!ea || !eb)
			return !ea && !eb;
		a = ea + 1;
		b = eb + 1;
	}
}

struct regen_opts {
	const char *repo;
	int force;
	int check_only;
};

static const char *no_send_env[] = { "GIT_CONFIG_COUNT=1", "GIT_CONFIG_KEY_0=sendemail.smtpserver",
				      "GIT_CONFIG_VALUE_0=/bin/false", NULL };

static int is_regular(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

/*
 * b4 prep -p of the prep branch checked out in wt, written into dir: the
 * files that changed, atomically, then the patches that are gone removed.
 */
static int prep_patches_back(size_t *written, size_t *removed, const char *b4, const char *wt, const char *tmp,
			     const char *dir)
{
	struct wb_strlist out_files = WB_STRLIST_INIT;
	struct strbuf out_dir = STRBUF_INIT;
	size_t i;
	int rc = -1;

	*written = *removed = 0;
	strbuf_addf(&out_dir, "%s/out", tmp);
	{
		struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;

		if (wb_run(&sr, wt, (const char *[]){ b4, "prep", "-p", out_dir.buf, NULL }) < 0)
			goto out;
		if (sr.status) {
			char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

			error("b4 prep -p failed: %s", first);
			free(first);
			wb_spawn_result_release(&sr);
			goto out;
		}
		wb_spawn_result_release(&sr);
	}

	/* write back: changed files atomically, then drop the patches that are gone */
	{
		DIR *d = opendir(out_dir.buf);
		struct dirent *de;

		if (!d) {
			error("b4 prep -p wrote nothing into '%s'", out_dir.buf);
			goto out;
		}
		while ((de = readdir(d)))
			if (de->d_name[0] != '.')
				wb_strlist_push(&out_files, de->d_name);
		closedir(d);
	}
	for (i = 0; i < out_files.nr; i++) {
		struct strbuf from = STRBUF_INIT, to = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
		int r = 0;

		strbuf_addf(&from, "%s/%s", out_dir.buf, out_files.v[i]);
		strbuf_addf(&to, "%s/%s", dir, out_files.v[i]);
		if (wb_read_file(&a, from.buf) < 0) {
			r = error("could not read '%s': %s", from.buf, strerror(errno));
		} else if (wb_read_file(&b, to.buf) < 0 || !same_but_volatile(a.buf, b.buf)) {
			if (wb_write_file_atomic(to.buf, a.buf, a.len) < 0)
				r = error("could not write '%s': %s", to.buf, strerror(errno));
			else
				(*written)++;
		}
		strbuf_release(&from);
		strbuf_release(&to);
		strbuf_release(&a);
		strbuf_release(&b);
		if (r < 0)
			goto out;
	}
	{
		struct wb_strlist old = WB_STRLIST_INIT;

		wb_series_patch_files(&old, dir);
		for (i = 0; i < old.nr; i++) {
			struct strbuf p = STRBUF_INIT;

			if (wb_strlist_has(&out_files, old.v[i]))
				continue;
			strbuf_addf(&p, "%s/%s", dir, old.v[i]);
			if (unlink(p.buf) < 0)
				warning("could not remove '%s': %s", p.buf, strerror(errno));
			else
				(*removed)++;
			strbuf_release(&p);
		}
		wb_strlist_clear(&old);
	}
	rc = 0;
out:
	wb_strlist_clear(&out_files);
	strbuf_release(&out_dir);
	return rc;
}

static int regen(const char *name, const struct regen_opts *ro)
{
	struct wb_series s;
	struct wb_scratch sc = { NULL };
	struct wb_prep prep = { NULL };
	struct wb_strlist patches = WB_STRLIST_INIT, dirs = WB_STRLIST_INIT;
	struct wb_check_result res;
	struct strbuf cover_src = STRBUF_INIT, sdir = STRBUF_INIT, kconfig = STRBUF_INIT,
		      head = STRBUF_INIT;
	char *base = NULL, *st_subject = NULL, *cover = NULL, *b4 = NULL, *headoid = NULL;
	const char *repo_wd = NULL, *st_root;
	size_t i, written = 0, removed = 0;
	int rc = WB_EXIT_IO, have_res = 0, t;

	if (wb_series_load(&s, name) < 0)
		return WB_EXIT_USAGE;
	/* a regen killed while it wrote the patches back left their temporary files */
	if (!ro->check_only)
		wb_tmpfiles_sweep(s.dir, "*.patch");
	if (!ro->check_only && !ro->force && check_clean(s.dir) < 0)
		goto cleanup;
	/* the selftests patch is made from these: committed, so that it can be made again */
	for (i = 0; !ro->check_only && !ro->force && i < s.selftests.nr; i++) {
		struct strbuf d = STRBUF_INIT;
		int r;

		strbuf_addf(&d, "%s/%s", s.selftests_root, s.selftests.v[i]);
		r = check_clean(d.buf);
		strbuf_release(&d);
		if (r < 0)
			goto cleanup;
	}
	if (!ro->check_only && !(b4 = wb_which("b4"))) {
		error("b4 not found in PATH (install b4)");
		goto cleanup;
	}
	if (wb_read_file(&cover_src, s.cover_path) < 0) {
		error("could not read the cover letter '%s': %s", s.cover_path, strerror(errno));
		goto cleanup;
	}
	/* series.selftests: collections of the project's selftests/; else series/NAME/selftests/ */
	if (s.selftests.nr) {
		for (i = 0; i < s.selftests.nr; i++)
			wb_strlist_push(&dirs, s.selftests.v[i]);
		st_root = s.selftests_root;
	} else {
		strbuf_addf(&sdir, "%s/selftests", s.dir);
		selftest_dirs(&dirs, sdir.buf);
		st_root = sdir.buf;
	}
	if (dirs.nr)
		st_subject = selftests_subject(&s, &dirs);
	{
		struct wb_strlist all = WB_STRLIST_INIT;

		wb_series_patch_files(&all, s.dir);
		for (i = 0; i < all.nr; i++) {
			struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
			char *subj;

			strbuf_addf(&path, "%s/%s", s.dir, all.v[i]);
			if (wb_read_file(&text, path.buf) < 0) {
				error("could not read '%s': %s", path.buf, strerror(errno));
				strbuf_release(&path);
				wb_strlist_clear(&all);
				goto cleanup;
			}
			subj = wb_patch_subject(text.buf);
			/* the selftests patch of an earlier regen is made again from selftests/ */
			if (!st_subject || strcmp(subj, st_subject))
				wb_strlist_push(&patches, all.v[i]);
			free(subj);
			strbuf_release(&path);
			strbuf_release(&text);
		}
		wb_strlist_clear(&all);
	}
	if (!patches.nr && !dirs.nr) {
		error("series '%s' has no patches in '%s'", s.name, s.dir);
		goto cleanup;
	}
	if (!(base = wb_resolve_commit(ro->repo, s.base)))
		goto cleanup;
	wb_progress("series %s: applying %zu patch%s onto %.12s", s.name, patches.nr, patches.nr == 1 ? "" : "es",
		      base);
	if (wb_scratch_worktree(&sc, ro->repo, base, "regen") < 0)
		goto cleanup;
	for (i = 0; i < patches.nr; i++) {
		struct strbuf path = STRBUF_INIT, disp = STRBUF_INIT;
		int r;

		strbuf_addf(&path, "%s/%s", s.dir, patches.v[i]);
		if (path.buf[0] != '/') {
			char cwd[PATH_MAX];

			if (getcwd(cwd, sizeof(cwd))) {
				strbuf_reset(&path);
				strbuf_addf(&path, "%s/%s/%s", cwd, s.dir, patches.v[i]);
			}
		}
		strbuf_addf(&disp, "%s/%s", s.dir, patches.v[i]);
		r = wb_git_am(sc.wt, path.buf, disp.buf);
		strbuf_release(&path);
		strbuf_release(&disp);
		if (r < 0)
			goto cleanup;
	}
	if (dirs.nr && commit_selftests(sc.wt, &s, st_root, &dirs, st_subject, sc.tmp) < 0)
		goto cleanup;
	if (wb_git(&head, sc.wt, "could not read HEAD", (const char *[]){ "rev-parse", "HEAD", NULL }) < 0)
		goto cleanup;
	headoid = wb_first_line(head.buf);
	/* before the long checks: b4's prep branch must hold nothing that series/NAME lacks */
	if (!ro->check_only && (wb_prep_open(&prep, ro->repo, &s) < 0 ||
				wb_prep_guard(&prep, &s, base, headoid, cover_src.buf, "regen") < 0))
		goto cleanup;

	/* the checks; sparse uses the kernel tree's .config when it has one */
	{
		git_repository *r = NULL;

		if (!git_repository_open_ext(&r, ro->repo, 0, NULL) && (repo_wd = git_repository_workdir(r))) {
			strbuf_addf(&kconfig, "%s.config", repo_wd);
			if (!s.checks.kconfig && is_regular(kconfig.buf))
				s.checks.kconfig = xstrdup(kconfig.buf);
		}
		git_repository_free(r);
	}
	wb_progress("series %s: running the checks", s.name);
	if (wb_check_run(&res, sc.wt, base, headoid, &s.checks) < 0)
		goto cleanup;
	have_res = 1;
	/* the scratch tree has no .config: say whose is missing (recorded as skipped in the digest) */
	if (!s.checks.kconfig && res.tools[WB_TOOL_SPARSE].skipped) {
		struct strbuf why = STRBUF_INIT;

		strbuf_addf(&why, "no .config in '%s' (configure the kernel tree to have sparse run)", ro->repo);
		free(res.tools[WB_TOOL_SPARSE].reason);
		res.tools[WB_TOOL_SPARSE].reason = strbuf_detach(&why, NULL);
	}
	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &res.tools[t];

		if (tr->cannot && t != WB_TOOL_AUDIT) {
			error("could not run the %s check: %s", wb_tool_name(t), tr->reason);
			goto cleanup;
		}
		if (tr->cannot)
			warning("the %s check is left out of the digest: %s", wb_tool_name(t), tr->reason);
		else if (tr->skipped)
			note("the %s check is skipped: %s", wb_tool_name(t), tr->reason);
	}
	if (ro->check_only) {
		wb_check_print_text(stdout, &res);
		rc = wb_check_worst(&res) == WB_STATUS_PASS ? WB_EXIT_OK : WB_EXIT_FINDINGS;
		goto cleanup;
	}
	cover = cover_with_digest(cover_src.buf, &res);

	/* b4's prep branch: cover letter commit at the base, then the checked commits */
	if (wb_git(NULL, sc.wt, "could not go back to the base",
		   (const char *[]){ "checkout", "-q", "--detach", base, NULL }) < 0)
		goto cleanup;
	if (wb_b4_prep_branch(sc.wt, &s, &prep, base, cover) < 0)
		goto cleanup;
	{
		struct strbuf range = STRBUF_INIT;
		int r;

		strbuf_addf(&range, "%s..%s", base, headoid);
		r = wb_git(NULL, sc.wt, "could not put the patches onto the prep branch",
			   (const char *[]){ "cherry-pick", "--allow-empty", range.buf, NULL });
		strbuf_release(&range);
		if (r < 0)
			goto cleanup;
	}
	wb_progress("series %s: writing the series back (b4 prep -p)", s.name);
	if (prep_patches_back(&written, &removed, b4, sc.wt, sc.tmp, s.dir) < 0)
		goto cleanup;
	if (wb_prep_update(&prep) < 0)
		goto cleanup;
	fprintf(stderr, "series %s: %zu patches checked (%s), %zu file%s written, %zu removed\n", s.name,
		res.npatches, wb_status_name(wb_check_worst(&res)), written, written == 1 ? "" : "s", removed);
	rc = WB_EXIT_OK;
cleanup:
	if (have_res)
		wb_check_result_release(&res);
	wb_scratch_release(&sc);
	wb_prep_release(&prep);
	wb_series_release(&s);
	wb_strlist_clear(&patches);
	wb_strlist_clear(&dirs);
	strbuf_release(&cover_src);
	strbuf_release(&sdir);
	strbuf_release(&kconfig);
	strbuf_release(&head);
	free(base);
	free(st_subject);
	free(cover);
	free(b4);
	free(headoid);
	return rc;
}

/* ---- save: what b4/NAME has, written into series/NAME ---- */

static int series_save(const char *name, const struct regen_opts *ro)
{
	struct wb_series s;
	struct wb_scratch sc = { NULL };
	struct wb_prep prep = { NULL };
	struct strbuf msg = STRBUF_INIT, cur = STRBUF_INIT, cb = STRBUF_INIT;
	char *b4 = NULL, *base = NULL, *cover = NULL, *cbase = NULL, *text = NULL;
	size_t written = 0, removed = 0;
	int rc = WB_EXIT_IO;

	if (wb_series_load(&s, name) < 0)
		return WB_EXIT_USAGE;
	wb_tmpfiles_sweep(s.dir, "*.patch");
	if (!ro->force && check_clean(s.dir) < 0)
		goto cleanup;
	if (!(b4 = wb_which("b4"))) {
		error("b4 not found in PATH (install b4)");
		goto cleanup;
	}
	if (wb_prep_open(&prep, ro->repo, &s) < 0)
		goto cleanup;
	if (!prep.old) {
		error("no branch '%s' in '%s': nothing to save", prep.branch, ro->repo);
		goto cleanup;
	}
	if (!(base = wb_resolve_commit(ro->repo, s.base)))
		goto cleanup;
	if (!(cover = wb_prep_cover_commit(ro->repo, prep.old))) {
		error("'%s' in '%s' is not a b4 prep branch (it has no cover letter commit)", prep.branch, ro->repo);
		goto cleanup;
	}
	strbuf_addf(&cb, "%s^", cover);
	if (!(cbase = wb_resolve_commit(ro->repo, cb.buf)))
		goto cleanup;
	if (strcmp(cbase, base)) {
		error("'%s' is based on %.12s, series '%s' on %.12s (series.base = %s): set series.base to the "
		      "branch's base first", prep.branch, cbase, s.name, base, s.base);
		goto cleanup;
	}
	/* b4 prep -p on a scratch branch at the same commits */
	if (wb_scratch_worktree(&sc, ro->repo, prep.old, "save") < 0 ||
	    wb_git(NULL, sc.wt, "could not make a scratch branch",
		   (const char *[]){ "checkout", "-q", "-b", prep.tmp_branch, prep.old, NULL }) < 0)
		goto cleanup;
	if (prep_patches_back(&written, &removed, b4, sc.wt, sc.tmp, s.dir) < 0)
		goto cleanup;
	/* the cover letter's text, without b4's tracking and workbench's report */
	if (wb_git(&msg, ro->repo, "could not read the cover letter",
		   (const char *[]){ "log", "-1", "--format=%B", cover, NULL }) < 0)
		goto cleanup;
	text = wb_cover_text(msg.buf);
	if (wb_read_file(&cur, s.cover_path) < 0 || strcmp(strbuf_str(&cur), text)) {
		struct strbuf t = STRBUF_INIT;

		strbuf_addf(&t, "%s\n", text);
		if (strcmp(strbuf_str(&cur), t.buf)) {
			if (wb_write_file_atomic(s.cover_path, t.buf, t.len) < 0) {
				error("could not write '%s': %s", s.cover_path, strerror(errno));
				strbuf_release(&t);
				goto cleanup;
			}
			written++;
		}
		strbuf_release(&t);
	}
	/* the branch now holds what series/NAME has: the next regen may move it */
	if (wb_prep_record(&prep, prep.old) < 0)
		goto cleanup;
	fprintf(stderr, "series %s: saved %s (%.12s): %zu file%s written, %zu removed\n", s.name, prep.branch,
		prep.old, written, written == 1 ? "" : "s", removed);
	rc = WB_EXIT_OK;
cleanup:
	wb_scratch_release(&sc);
	wb_prep_release(&prep);
	wb_series_release(&s);
	strbuf_release(&msg);
	strbuf_release(&cur);
	strbuf_release(&cb);
	free(b4);
	free(base);
	free(cover);
	free(cbase);
	free(text);
	return rc;
}

/* ---- send ---- */

/* The cover text that b4 prep -p wrote: subject, blank line, body up to the first '---'. */
static char *cover_from_patch(const char *text)
{
	struct strbuf out = STRBUF_INIT;
	char *subj = wb_patch_subject(text);
	const char *body = strstr(text, "\n\n"), *p;

	strbuf_addf(&out, "%s\n\n", subj);
	free(subj);
	for (p = body ? body + 2 : ""; *p; ) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		/* b4's '---' ends it; the one above workbench's report does not */
		if (n == 3 && !strncmp(p, "---", 3) &&
		    (!eol || strncmp(eol + 1, WB_REPORT_BEGIN "\n", strlen(WB_REPORT_BEGIN) + 1)))
			break;
		/* spaced as cover_with_digest() spaces it: the same text makes the same commit */
		if (n == 3 && !strncmp(p, "---", 3)) {
			while (out.len && out.buf[out.len - 1] == '\n')
				out.buf[--out.len] = '\0';
			strbuf_addstr(&out, "\n\n");
		}
		strbuf_add(&out, p, n);
		strbuf_addch(&out, '\n');
		p += n + (eol ? 1 : 0);
	}
	while (out.len && out.buf[out.len - 1] == '\n')
		out.buf[--out.len] = '\0';
	return strbuf_detach(&out, NULL);
}

/* b4 prep -p names the cover letter 0000-<slug of its subject>.patch */
static int find_cover_patch(struct strbuf *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = -1;

	if (!d)
		return -1;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (!strncmp(de->d_name, "0000-", 5) && n > 6 && !strcmp(de->d_name + n - 6, ".patch")) {
			strbuf_addf(out, "%s/%s", dir, de->d_name);
			rc = 0;
			break;
		}
	}
	closedir(d);
	return rc;
}

static void patch_paths(struct wb_strlist *out, const char *text)
{
	const char *p = text;

	while ((p = strstr(p, "\ndiff --git a/"))) {
		const char *b = strstr(p, " b/"), *eol = strchr(p + 1, '\n');

		if (b && eol && b < eol) {
			char *path = xstrndup(b + 3, (size_t)(eol - b - 3));

			if (!wb_strlist_has(out, path))
				wb_strlist_push(out, path);
			free(path);
		}
		p++;
	}
}

static void addrs_from_lines(struct wb_strlist *dst, const char *text, const struct wb_strlist *to,
			     const struct wb_strlist *cc)
{
	const char *p = text;

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char *a = xstrndup(p, n);

		if (strchr(a, '@'))
			wb_addr_add(dst, a, to, cc);
		free(a);
		p += n + (eol ? 1 : 0);
	}
}

static int route(struct wb_strlist *to, struct wb_strlist *cc, const struct wb_series *s, const char *wt,
		 const struct wb_strlist *files, const struct wb_strlist *paths)
{
	struct wb_maintainers m = WB_MAINTAINERS_INIT;
	struct strbuf text = STRBUF_INIT, gm = STRBUF_INIT, mf = STRBUF_INIT;
	char *notes = wb_data_path("MAINTAINERS-notes");
	size_t i;

	for (i = 0; i < s->to.nr; i++)
		wb_addr_add(to, s->to.v[i], to, cc);
	for (i = 0; i < s->cc.nr; i++)
		wb_addr_add(cc, s->cc.v[i], to, cc);
	if (notes && !wb_read_file(&text, notes))
		wb_maintainers_parse(&m, text.buf, text.len, notes);
	strbuf_reset(&text);
	strbuf_addf(&gm, "%s/scripts/get_maintainer.pl", wt);
	strbuf_addf(&mf, "%s/MAINTAINERS", wt);
	if (!access(gm.buf, R_OK) && !access(mf.buf, R_OK)) {
		static const char *const common[] = { "perl", "scripts/get_maintainer.pl", "--nogit",
						       "--nogit-fallback", "--nogit-chief-penguins", "--norolestats",
						       NULL };
		int pass;

		for (pass = 0; pass < 2; pass++) {
			struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
			struct wb_strlist argv = WB_STRLIST_INIT;

			wb_strlist_pushv(&argv, common);
			wb_strlist_pushv(&argv, pass ? (const char *const[]){ "--nom", NULL } :
					 (const char *const[]){ "--nol", "--nor", NULL });
			wb_strlist_pushv(&argv, (const char *const *)files->v);
			if (!wb_run(&sr, wt, wb_strlist_argv(&argv)) && !sr.status)
				addrs_from_lines(pass ? cc : to, sr.out.buf, to, cc);
			else
				warning("scripts/get_maintainer.pl failed: %s", sr.err.len ? sr.err.buf : "");
			wb_spawn_result_release(&sr);
			wb_strlist_clear(&argv);
		}
	} else if (!wb_read_file(&text, mf.buf)) {
		wb_maintainers_parse(&m, text.buf, text.len, "MAINTAINERS");
	}
	wb_maintainers_route(&m, (const char *const *)paths->v, paths->nr, to, cc);
	wb_maintainers_release(&m);
	free(notes);
	strbuf_release(&text);
	strbuf_release(&gm);
	strbuf_release(&mf);
	return 0;
}

static char *cover_msgid(const char *wt)
{
	struct strbuf msg = STRBUF_INIT;
	const char *m, *brace;
	json_t *j = NULL, *hist, *v;
	json_error_t jerr;
	char *id = NULL;
	const char *key;

	if (wb_git(&msg, wt, "could not read the cover letter", (const char *[]){ "log", "-1", "--format=%B",
										   "--grep=b4-submit-tracking", "-F",
										   NULL }) < 0)
		goto out;
	if (!(m = strstr(msg.buf, "--- b4-submit-tracking ---")) || !(brace = strchr(m, '{')) ||
	    !(j = json_loads(brace, JSON_DISABLE_EOF_CHECK, &jerr)))
		goto out;
	hist = json_object_get(json_object_get(j, "series"), "history");
	json_object_foreach(hist, key, v) {
		size_t n = json_array_size(v);

		if (n && json_is_string(json_array_get(v, n - 1))) {
			free(id);
			id = xstrdup(json_string_value(json_array_get(v, n - 1)));
		}
	}
out:
	json_decref(j);
	strbuf_release(&msg);
	return id;
}

static int series_send(const char *name, const char *repo, int dry_run, const char *out_dir)
{
	struct wb_series s;
	struct wb_scratch sc = { NULL };
	struct wb_prep prep = { NULL };
	struct wb_strlist patches = WB_STRLIST_INIT, files = WB_STRLIST_INIT, paths = WB_STRLIST_INIT,
			  to = WB_STRLIST_INIT, cc = WB_STRLIST_INIT, argv = WB_STRLIST_INIT;
	struct strbuf cpath = STRBUF_INIT, ctext = STRBUF_INIT, abs_out = STRBUF_INIT;
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_spawn sp = WB_SPAWN_INIT;
	char *base = NULL, *cover = NULL, *b4 = NULL, *msgid = NULL;
	char cwd[PATH_MAX];
	size_t i;
	int rc = WB_EXIT_IO;

	if (!getcwd(cwd, sizeof(cwd)))
		return error("could not read the current directory: %s", strerror(errno)), WB_EXIT_IO;
	if (wb_series_load(&s, name) < 0)
		return WB_EXIT_USAGE;
	if (!(b4 = wb_which("b4"))) {
		error("b4 not found in PATH (install b4)");
		goto cleanup;
	}
	if (find_cover_patch(&cpath, s.dir) < 0 || wb_read_file(&ctext, cpath.buf) < 0) {
		error("series '%s' has no cover letter patch '%s/0000-*.patch'; run 'workbench series regen %s' first",
		      s.name, s.dir, s.name);
		goto cleanup;
	}
	cover = cover_from_patch(ctext.buf);
	wb_series_patch_files(&patches, s.dir);
	if (!patches.nr) {
		error("series '%s' has no patches in '%s'", s.name, s.dir);
		goto cleanup;
	}
	if (!(base = wb_resolve_commit(repo, s.base)))
		goto cleanup;
	wb_progress("series %s: making the prep branch on %.12s", s.name, base);
	if (wb_scratch_worktree(&sc, repo, base, "send") < 0)
		goto cleanup;
	if (wb_prep_open(&prep, repo, &s) < 0 || wb_b4_prep_branch(sc.wt, &s, &prep, base, cover) < 0)
		goto cleanup;
	for (i = 0; i < patches.nr; i++) {
		struct strbuf path = STRBUF_INIT, disp = STRBUF_INIT, text = STRBUF_INIT;
		int r;

		strbuf_addf(&path, "%s%s%s/%s", s.dir[0] == '/' ? "" : cwd, s.dir[0] == '/' ? "" : "/", s.dir,
			    patches.v[i]);
		strbuf_addf(&disp, "%s/%s", s.dir, patches.v[i]);
		if (!wb_read_file(&text, path.buf))
			patch_paths(&paths, text.buf);
		wb_strlist_push(&files, path.buf);
		r = wb_git_am(sc.wt, path.buf, disp.buf);
		strbuf_release(&path);
		strbuf_release(&disp);
		strbuf_release(&text);
		if (r < 0)
			goto cleanup;
	}
	{
		struct strbuf head = STRBUF_INIT;
		char *h = NULL, *text = wb_cover_text(cover);
		int r;

		r = wb_git(&head, sc.wt, "could not read HEAD", (const char *[]){ "rev-parse", "HEAD", NULL });
		if (!r) {
			h = wb_first_line(head.buf);
			r = wb_prep_guard(&prep, &s, base, h, text, "send");
		}
		strbuf_release(&head);
		free(h);
		free(text);
		if (r < 0)
			goto cleanup;
	}
	wb_progress("series %s: finding the recipients", s.name);
	route(&to, &cc, &s, sc.wt, &files, &paths);
	if (!to.nr && !cc.nr) {
		error("no recipients for series '%s': set series.to or add an F: entry to MAINTAINERS-notes",
		      s.name);
		goto cleanup;
	}
	wb_strlist_pushv(&argv, (const char *const[]){ b4, "send", "--no-sign", NULL });
	if (out_dir) {
		strbuf_addf(&abs_out, "%s%s%s", out_dir[0] == '/' ? "" : cwd, out_dir[0] == '/' ? "" : "/", out_dir);
		wb_strlist_pushv(&argv, (const char *const[]){ "-o", abs_out.buf, NULL });
	} else if (dry_run) {
		wb_strlist_push(&argv, "--dry-run");
	}
	if (to.nr) {
		wb_strlist_push(&argv, "--to");
		wb_strlist_pushv(&argv, (const char *const *)to.v);
	}
	if (cc.nr) {
		wb_strlist_push(&argv, "--cc");
		wb_strlist_pushv(&argv, (const char *const *)cc.v);
	}
	for (i = 0; i < to.nr; i++)
		fprintf(stderr, "To: %s\n", to.v[i]);
	for (i = 0; i < cc.nr; i++)
		fprintf(stderr, "Cc: %s\n", cc.v[i]);
	sp.argv = wb_strlist_argv(&argv);
	sp.cwd = sc.wt;
	/*
	 * Writing the mails (-o) or showing them sends nothing, but in a tree
	 * with a Kconfig and no sendemail.smtpserver b4 picks its web
	 * endpoint, which refuses unsigned series even then: give it a local
	 * command it will not run.
	 */
	if ((out_dir || dry_run) && !getenv("GIT_CONFIG_COUNT"))
		sp.env = no_send_env;
	wb_progress("series %s: b4 send%s", s.name, out_dir ? " -o" : dry_run ? " --dry-run" : "");
	sp.in = "\n";	/* b4 asks to press Enter before sending */
	sp.in_len = 1;
	if (wb_spawn_run(&sr, &sp) < 0)
		goto cleanup;
	if (sr.status) {
		struct strbuf why = STRBUF_INIT;
		const char *p = sr.err.len ? sr.err.buf : sr.out.buf, *crit = strstr(p, "CRITICAL");

		strbuf_addstr(&why, crit ? crit : p);
		while (why.len && why.buf[why.len - 1] == '\n')
			why.buf[--why.len] = '\0';
		error("b4 send failed for series '%s': %s", s.name, why.buf);
		strbuf_release(&why);
		goto cleanup;
	}
	if (dry_run && !out_dir) {
		/* b4 logs the messages on stderr, "    | " in front: print them as an mbox */
		const char *p = sr.err.buf;

		while (*p) {
			const char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);

			if (n >= 6 && !strncmp(p, "    | ", 6))
				printf("%.*s\n", (int)(n - 6), p + 6);
			else if (n == 5 && !strncmp(p, "    |", 5))
				printf("\n");
			else if (strstr(p, "--- DRYRUN: message follows ---") == p + 4)
				printf("From workbench-dry-run Mon Sep 17 00:00:00 2001\n");
			p += n + (eol ? 1 : 0);
		}
	} else if (out_dir) {
		fprintf(stderr, "series %s: %zu messages written into '%s'\n", s.name, patches.nr + 1, out_dir);
	} else {
		msgid = cover_msgid(sc.wt);
		fprintf(stderr, "series %s: sent %zu messages\n", s.name, patches.nr + 1);
		if (msgid)
			printf("%s\n", msgid);
		else
			warning("could not find the message-id b4 sent the cover letter with");
	}
	/* b4/NAME follows what was sent (b4 send records it in the cover letter) */
	if (wb_prep_update(&prep) < 0)
		goto cleanup;
	rc = WB_EXIT_OK;
cleanup:
	wb_spawn_result_release(&sr);
	wb_scratch_release(&sc);
	wb_prep_release(&prep);
	wb_series_release(&s);
	wb_strlist_clear(&patches);
	wb_strlist_clear(&files);
	wb_strlist_clear(&paths);
	wb_strlist_clear(&to);
	wb_strlist_clear(&cc);
	wb_strlist_clear(&argv);
	strbuf_release(&cpath);
	strbuf_release(&ctext);
	strbuf_release(&abs_out);
	free(base);
	free(cover);
	free(b4);
	free(msgid);
	return rc;
}

static struct regen_opts parsed_ro;
static const char *opt_out_dir;
static int opt_dry_run;

#define REPO_OPT WB_OPT_STRING_F(0, "repo", &parsed_ro.repo, "KERNEL", \
				 "the kernel repository (default: the current directory)")
static const struct wb_option regen_options[] = {
	REPO_OPT,
	WB_OPT_BOOL_F(0, "force", &parsed_ro.force, "regenerate over edits in series/NAME"),
	WB_OPT_END_F,
};
static const struct wb_option send_options[] = {
	REPO_OPT,
	WB_OPT_BOOL_F('d', "dry-run", &opt_dry_run, "show what b4 would send, send nothing"),
	WB_OPT_STRING_F('o', NULL, &opt_out_dir, "DIR", "write the mails into DIR, send nothing"),
	WB_OPT_END_F,
};
static const struct wb_option check_options[] = {
	REPO_OPT,
	WB_OPT_END_F,
};
static const struct wb_option save_options[] = {
	REPO_OPT,
	WB_OPT_BOOL_F(0, "force", &parsed_ro.force, "save over edits in series/NAME"),
	WB_OPT_END_F,
};
/* Every option of every series command: the usage of "series -h" and the man page's list. */
static const struct wb_option all_options[] = {
	REPO_OPT,
	WB_OPT_BOOL_F(0, "force", &parsed_ro.force, "regen, save: write over edits in series/NAME"),
	WB_OPT_BOOL_F('d', "dry-run", &opt_dry_run, "send: show what b4 would send, send nothing"),
	WB_OPT_STRING_F('o', NULL, &opt_out_dir, "DIR", "send: write the mails into DIR, send nothing"),
	WB_OPT_END_F,
};

int cmd_series(int argc, const char **argv)
{
	const struct wb_option *table;
	const char *const *usage;
	struct regen_opts ro;
	const char *sub, *name, *out_dir;
	int dry_run, rc, nargs;

	memset(&parsed_ro, 0, sizeof(parsed_ro));
	parsed_ro.repo = ".";
	opt_out_dir = NULL;
	opt_dry_run = 0;
	if (argc < 2 || argv[1][0] == '-') {
		/* no subcommand: -h, --wb-list-options (all of them), or an error */
		nargs = wb_parse_options(&rc, argc, argv, all_options, series_usage);
		if (nargs >= 0)
			rc = wb_usage_error(all_options, series_usage,
					    "no series command given (regen, check, send, save)");
		return rc;
	}
	sub = argv[1];
	if (!strcmp(sub, "regen"))
		table = regen_options, usage = regen_usage;
	else if (!strcmp(sub, "send"))
		table = send_options, usage = send_usage;
	else if (!strcmp(sub, "check"))
		table = check_options, usage = check_usage;
	else if (!strcmp(sub, "save"))
		table = save_options, usage = save_usage;
	else
		return wb_usage_error(all_options, series_usage,
				      "'%s' is not a series command (regen, check, send, save)", sub);
	nargs = wb_parse_options(&rc, argc - 1, argv + 1, table, usage);
	if (nargs < 0)
		return rc;
	ro = parsed_ro;
	out_dir = opt_out_dir;
	dry_run = opt_dry_run;
	name = nargs ? argv[1] : NULL;
	if (nargs > 1) {
		error("more than one series: '%s' and '%s'", argv[1], argv[2]);
		return WB_EXIT_USAGE;
	}
	if (!name)
		return wb_usage_error(table, usage, "no series NAME given");
	if (dry_run && out_dir) {
		error("--dry-run and -o cannot be used together");
		return WB_EXIT_USAGE;
	}
	git_libgit2_init();
	if (!strcmp(sub, "regen")) {
		rc = regen(name, &ro);
	} else if (!strcmp(sub, "check")) {
		ro.check_only = 1;
		rc = regen(name, &ro);
	} else if (!strcmp(sub, "send")) {
		rc = series_send(name, ro.repo, dry_run, out_dir);
	} else {
		rc = series_save(name, &ro);
	}
	git_libgit2_shutdown();
	return rc;
}
