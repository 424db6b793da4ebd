// SPDX-License-Identifier: GPL-2.0
/* Scratch work trees, git am, and b4 prep branches for 'series' and 'verify'. */
#include "series-prep.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "repo.h"

char *wb_git_reason(const struct wb_spawn_result *sr)
{
	struct strbuf sb = STRBUF_INIT;
	const char *srcs[2] = { strbuf_str(&sr->err), strbuf_str(&sr->out) };
	int i;

	for (i = 0; i < 2 && !sb.len; i++) {
		const char *p = srcs[i];

		while (*p) {
			const char *eol = strchr(p, '\n');
			size_t n = eol ? (size_t)(eol - p) : strlen(p);

			if (!strncmp(p, "error: ", 7) || !strncmp(p, "fatal: ", 7)) {
				if (sb.len)
					strbuf_addstr(&sb, "; ");
				strbuf_add(&sb, p + 7, n - 7);
			}
			p += n + (eol ? 1 : 0);
		}
	}
	if (!sb.len) {
		char *first = wb_first_line(srcs[0][0] ? srcs[0] : srcs[1]);

		strbuf_addstr(&sb, *first ? first : "no reason given");
		free(first);
	}
	return strbuf_detach(&sb, NULL);
}

int wb_git(struct strbuf *out, const char *dir, const char *what, const char **args)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_strlist argv = WB_STRLIST_INIT;
	int rc = 0;

	wb_strlist_push(&argv, "git");
	wb_strlist_pushv(&argv, args);
	if (wb_run(&sr, dir, wb_strlist_argv(&argv)) < 0) {
		rc = -1;
	} else if (sr.status) {
		char *why = wb_git_reason(&sr);

		rc = error("%s: %s", what, why);
		free(why);
	} else if (out) {
		strbuf_addstr(out, sr.out.buf);
	}
	wb_spawn_result_release(&sr);
	wb_strlist_clear(&argv);
	return rc;
}

char *wb_resolve_commit(const char *repo, const char *rev)
{
	struct strbuf out = STRBUF_INIT, what = STRBUF_INIT, spec = STRBUF_INIT;
	char *r = NULL;

	strbuf_addf(&what, "could not find the commit '%s' in '%s'", rev, repo);
	strbuf_addf(&spec, "%s^{commit}", rev);
	if (!wb_git(&out, repo, what.buf, (const char *[]){ "rev-parse", "-q", "--verify", spec.buf, NULL })) {
		r = wb_first_line(out.buf);
		if (strlen(r) != 40) {
			free(r);
			r = NULL;
			error("could not find the commit '%s' in '%s'", rev, repo);
		}
	}
	strbuf_release(&out);
	strbuf_release(&what);
	strbuf_release(&spec);
	return r;
}

/*
 * The owner of a scratch work tree at path (.../wb-WHAT-PID-XXXXXX/wt), its
 * temporary directory in *tmp; 0: not one of ours.
 */
static pid_t scratch_owner(struct strbuf *tmp, const char *path)
{
	const char *end = path + strlen(path), *slash;

	while (end > path && end[-1] == '/')
		end--;
	if (end - path < 3 || strncmp(end - 3, "/wt", 3))
		return 0;
	end -= 3;
	for (slash = end; slash > path && slash[-1] != '/'; slash--)
		;
	strbuf_reset(tmp);
	strbuf_add(tmp, path, (size_t)(end - path));
	return wb_tmpdir_owner(tmp->buf + (slash - path));
}

static int owned_dir(const char *path)
{
	struct stat st;

	return !lstat(path, &st) && S_ISDIR(st.st_mode) && st.st_uid == geteuid();
}

/*
 * Our scratch work trees that are registered in repo but whose owner is
 * dead (a kill -9, a crash), and the one in the temporary directory named
 * self (NULL: none): their files and their registration go, as 'git
 * worktree prune' would remove them, but one by one.  Nothing else is
 * pruned: a user's work tree on a disk that is not mounted stays known.
 */
static void prune_scratch_worktrees(const char *repo, const char *self)
{
	git_repository *r = NULL;
	struct strbuf admin = STRBUF_INIT, entry = STRBUF_INIT, gitdir = STRBUF_INIT, wt = STRBUF_INIT,
		      tmp = STRBUF_INIT;
	DIR *d = NULL;
	struct dirent *de;

	if (git_repository_open_ext(&r, repo, 0, NULL) < 0)
		goto cleanup;
	strbuf_addf(&admin, "%s", git_repository_commondir(r));
	while (admin.len > 1 && admin.buf[admin.len - 1] == '/')
		admin.buf[--admin.len] = '\0';
	strbuf_addstr(&admin, "/worktrees");
	if (!(d = opendir(admin.buf)))
		goto cleanup;
	while ((de = readdir(d))) {
		size_t n;
		pid_t pid;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		strbuf_reset(&entry);
		strbuf_addf(&entry, "%s/%s", admin.buf, de->d_name);
		strbuf_reset(&wt);
		strbuf_addf(&wt, "%s/gitdir", entry.buf);
		strbuf_reset(&gitdir);
		if (wb_read_file(&gitdir, wt.buf) < 0)
			continue;
		/* gitdir holds "<work tree>/.git", relative to the entry since git 2.48 may */
		n = gitdir.len;
		while (n && (gitdir.buf[n - 1] == '\n' || gitdir.buf[n - 1] == '\r'))
			n--;
		if (n < 5 || memchr(gitdir.buf, '\0', n) || strncmp(gitdir.buf + n - 5, "/.git", 5))
			continue;
		strbuf_reset(&wt);
		if (gitdir.buf[0] != '/')
			strbuf_addf(&wt, "%s/", entry.buf);
		strbuf_add(&wt, gitdir.buf, n - 5);
		pid = scratch_owner(&tmp, wt.buf);
		if (!pid)
			continue;
		/*
		 * The files first: a kill in between leaves an entry that the
		 * next run finds again.  Only what we own: another user may
		 * have made a directory of that name once ours was gone.
		 */
		if (self) {
			const char *slash = strrchr(tmp.buf, '/');

			if (pid != getpid() || strcmp(slash ? slash + 1 : tmp.buf, self))
				continue;
			if (owned_dir(tmp.buf) && owned_dir(wt.buf))
				wb_rmtree(wt.buf);
		} else {
			if (!wb_tmpdir_stale(tmp.buf))
				continue;
			if (owned_dir(tmp.buf))
				wb_tmpdir_remove(tmp.buf);
		}
		wb_rmtree(entry.buf);
	}
cleanup:
	if (d)
		closedir(d);
	if (admin.len)
		rmdir(admin.buf);	/* as git does, once it is empty */
	git_repository_free(r);
	strbuf_release(&admin);
	strbuf_release(&entry);
	strbuf_release(&gitdir);
	strbuf_release(&wt);
	strbuf_release(&tmp);
}

static int scratch_init(struct wb_scratch *s, const char *repo, const char *what)
{
	struct strbuf sb = STRBUF_INIT;

	memset(s, 0, sizeof(*s));
	s->repo = xstrdup(repo);
	if (!(s->tmp = wb_tmpdir_create(what)))
		return -1;
	strbuf_addf(&sb, "%s/wt", s->tmp);
	s->wt = strbuf_detach(&sb, NULL);
	return 0;
}

int wb_scratch_worktree(struct wb_scratch *s, const char *repo, const char *rev, const char *what)
{
	if (scratch_init(s, repo, what) < 0)
		return -1;
	/* what a killed run left: its work tree holds branches that we are about to use */
	prune_scratch_worktrees(repo, NULL);
	if (wb_git(NULL, repo, "could not add a work tree",
		   (const char *[]){ "worktree", "add", "-q", "--detach", s->wt, rev, NULL }) < 0)
		return -1;
	s->is_worktree = 1;
	return 0;
}

struct missing_walk {
	git_odb *odb;
	struct wb_strlist *paths;
};

static int note_missing(const char *root, const git_tree_entry *e, void *data)
{
	struct missing_walk *mw = data;

	if (git_tree_entry_type(e) == GIT_OBJECT_BLOB && !git_odb_exists(mw->odb, git_tree_entry_id(e)))
		wb_strlist_pushf(mw->paths, "%s%s", root, git_tree_entry_name(e));
	return 0;
}

/* The files of rev's tree whose blobs the repository at dir does not have. */
static int missing_blobs(const char *dir, const char *rev, struct wb_strlist *paths)
{
	git_repository *r = NULL;
	git_object *obj = NULL;
	git_tree *tree = NULL;
	struct missing_walk mw = { NULL, paths };
	int rc = -1;

	if (git_repository_open(&r, dir) < 0 || wb_repo_harden(r) < 0 ||
	    git_revparse_single(&obj, r, rev) < 0 ||
	    git_object_peel((git_object **)&tree, obj, GIT_OBJECT_TREE) < 0 ||
	    git_repository_odb(&mw.odb, r) < 0) {
		error("could not read the tree of %s in '%s': %s", rev, dir, wb_git_error("libgit2"));
		goto out;
	}
	rc = git_tree_walk(tree, GIT_TREEWALK_PRE, note_missing, &mw) < 0 ? -1 : 0;
out:
	git_odb_free(mw.odb);
	git_tree_free(tree);
	git_object_free(obj);
	git_repository_free(r);
	return rc;
}

/*
 * A repository that lacks some blobs (a snapshot, a partial clone without
 * its promisor) cannot check them out, and the index git am then writes a
 * tree from would name objects that are not there.  Leave exactly those
 * files out of the scratch checkout (sparse checkout, every file but them):
 * what the series touches is all that is needed.
 */
static int leave_out_missing(const char *wt, const char *rev)
{
	struct wb_strlist missing = WB_STRLIST_INIT;
	struct strbuf pat = STRBUF_INIT, path = STRBUF_INIT;
	size_t i;
	int rc = -1;

	if (missing_blobs(wt, rev, &missing) < 0)
		goto out;
	if (!missing.nr) {
		rc = 0;
		goto out;
	}
	strbuf_addstr(&pat, "/*\n");
	for (i = 0; i < missing.nr; i++) {
		const char *c, *why = wb_path_unsafe(missing.v[i], strlen(missing.v[i]));

		/* a pattern is one line: a name with a newline would add patterns of its own */
		if (!why && strchr(missing.v[i], '\n'))
			why = "a newline in the path";
		if (why) {
			error("cannot leave out '%s' of %.12s from the scratch checkout: %s", missing.v[i], rev,
			      why);
			goto out;
		}

		strbuf_addstr(&pat, "!/");
		for (c = missing.v[i]; *c; c++) {
			if (strchr("*?[]\\!# ", *c))
				strbuf_addch(&pat, '\\');
			strbuf_addch(&pat, *c);
		}
		strbuf_addch(&pat, '\n');
	}
	strbuf_addf(&path, "%s/.git/info", wt);
	if (wb_mkdir_p(path.buf, 0755) < 0) {
		error("could not create '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	strbuf_addstr(&path, "/sparse-checkout");
	if (wb_write_file_atomic(path.buf, pat.buf, pat.len) < 0) {
		error("could not write '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	/* read-tree primes the index's tree cache: no tree is written from the missing blobs */
	if (wb_git(NULL, wt, "could not set up the sparse checkout",
		   (const char *[]){ "config", "core.sparseCheckout", "true", NULL }) < 0 ||
	    wb_git(NULL, wt, "could not read the base into the index",
		   (const char *[]){ "read-tree", "-mu", rev, NULL }) < 0)
		goto out;
	note("%zu file%s of %.12s %s not in the repository; the scratch checkout leaves %s out",
	     missing.nr, missing.nr == 1 ? "" : "s", rev, missing.nr == 1 ? "is" : "are",
	     missing.nr == 1 ? "it" : "them");
	rc = 0;
out:
	wb_strlist_clear(&missing);
	strbuf_release(&pat);
	strbuf_release(&path);
	return rc;
}

int wb_scratch_clone(struct wb_scratch *s, const char *repo, const char *rev, const char *what)
{
	if (scratch_init(s, repo, what) < 0)
		return -1;
	if (wb_git(NULL, NULL, "could not clone the repository",
		   (const char *[]){ "clone", "-q", "--shared", "--no-checkout", repo, s->wt, NULL }) < 0)
		return -1;
	if (leave_out_missing(s->wt, rev) < 0)
		return -1;
	if (wb_git(NULL, s->wt, "could not check out the base",
		   (const char *[]){ "checkout", "-q", "--detach", rev, NULL }) < 0)
		return -1;
	return 0;
}

void wb_scratch_release(struct wb_scratch *s)
{
	if (s->is_worktree &&
	    wb_git(NULL, s->repo, "could not remove the scratch work tree",
		   (const char *[]){ "worktree", "remove", "--force", "--force", s->wt, NULL }) < 0) {
		const char *slash = strrchr(s->tmp, '/');

		prune_scratch_worktrees(s->repo, slash ? slash + 1 : s->tmp);
	}
	if (s->tmp)
		wb_tmpdir_remove(s->tmp);
	free(s->tmp);
	free(s->wt);
	free(s->repo);
	memset(s, 0, sizeof(*s));
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void wb_series_patch_files(struct wb_strlist *out, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);

		if (n > 6 && !strcmp(de->d_name + n - 6, ".patch") && strncmp(de->d_name, "0000-", 5))
			wb_strlist_push(out, de->d_name);
	}
	closedir(d);
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), cmp_str);
}

char *wb_patch_subject(const char *text)
{
	const char *p = text;
	struct strbuf sb = STRBUF_INIT;
	char *s;

	while (*p && *p != '\n') {
		if (!strncasecmp(p, "Subject:", 8)) {
			const char *q = p + 8;

			/* unfold continuation lines */
			for (;;) {
				const char *eol = strchr(q, '\n');
				size_t n = eol ? (size_t)(eol - q) : strlen(q);

				strbuf_add(&sb, q, n);
				if (!eol || (eol[1] != ' ' && eol[1] != '\t'))
					break;
				q = eol + 1;
			}
			break;
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	s = sb.buf ? sb.buf : "";
	while (*s == ' ' || *s == '\t')
		s++;
	while (*s == '[') {
		char *e = strchr(s, ']');

		if (!e)
			break;
		s = e + 1;
		while (*s == ' ')
			s++;
	}
	s = xstrdup(s);
	strbuf_release(&sb);
	return s;
}

#define B4_MAGIC "--- b4-submit-tracking ---"

static char *slug_of(const char *name)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	int dash = 0;

	for (p = name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_') {
			if (dash && sb.len)
				strbuf_addch(&sb, '-');
			dash = 0;
			strbuf_addch(&sb, *p);
		} else if (*p >= 'A' && *p <= 'Z') {
			if (dash && sb.len)
				strbuf_addch(&sb, '-');
			dash = 0;
			strbuf_addch(&sb, (char)(*p - 'A' + 'a'));
		} else {
			dash = 1;
		}
	}
	return strbuf_detach(&sb, NULL);
}

int wb_b4_prep_branch(const char *wt, const struct wb_series *s, const struct wb_prep *prep, const char *base,
		      const char *cover_text)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct strbuf msg = STRBUF_INIT, branch = STRBUF_INIT, ref = STRBUF_INIT, date = STRBUF_INIT,
		      file = STRBUF_INIT, tmpbranch = STRBUF_INIT;
	char *slug = slug_of(s->name), *b4 = wb_which("b4"), *json = NULL, *brace;
	json_t *tracking = NULL, *series, *prefixes;
	json_error_t jerr;
	size_t i;
	int rc = -1;

	if (!b4) {
		error("b4 not found in PATH (install b4)");
		goto cleanup;
	}
	/*
	 * b4 prep -n makes the branch under a private name: the user's b4/NAME
	 * is only ever moved by wb_prep_update(), in one ref transaction.
	 */
	strbuf_addf(&branch, "%s", prep->tmp_branch);
	strbuf_addf(&ref, "refs/heads/%s", branch.buf);
	if (wb_run(&sr, wt, (const char *[]){ "git", "show-ref", "-q", "--verify", ref.buf, NULL }) < 0)
		goto cleanup;
	if (!sr.status && wb_git(NULL, wt, "could not delete a stale scratch branch",
				 (const char *[]){ "branch", "-q", "-D", branch.buf, NULL }) < 0)
		goto cleanup;
	wb_spawn_result_release(&sr);
	/* b4 prep -n wants to be on a branch; a temporary one at the base */
	strbuf_addf(&tmpbranch, "workbench-tmp/%s", slug);
	if (wb_git(NULL, wt, "could not make a temporary branch",
		   (const char *[]){ "checkout", "-q", "-B", tmpbranch.buf, base, NULL }) < 0)
		goto cleanup;
	if (wb_run(&sr, wt, (const char *[]){ b4, "prep", "-n", prep->tmp_branch + 3, "-f", base, NULL }) < 0)
		goto cleanup;
	wb_git(NULL, wt, "could not delete the temporary branch",
	       (const char *[]){ "branch", "-q", "-D", tmpbranch.buf, NULL });
	if (sr.status) {
		char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

		error("b4 prep -n '%s' failed: %s", s->name, first);
		free(first);
		goto cleanup;
	}
	wb_spawn_result_release(&sr);
	if (wb_git(&msg, wt, "could not read b4's cover letter commit",
		   (const char *[]){ "log", "-1", "--format=%B", NULL }) < 0)
		goto cleanup;
	if (!strstr(msg.buf, B4_MAGIC) || !(brace = strchr(strstr(msg.buf, B4_MAGIC), '{')) ||
	    !(tracking = json_loads(brace, JSON_DISABLE_EOF_CHECK, &jerr)) ||
	    !json_is_object(series = json_object_get(tracking, "series"))) {
		error("b4 prep made a cover letter commit without tracking data in '%s'", wt);
		goto cleanup;
	}
	/* the change-id is fixed so that regenerating gives the same series */
	if (s->change_id) {
		json_object_set_new(series, "change-id", json_string(s->change_id));
	} else {
		struct strbuf cid = STRBUF_INIT;
		char *d;

		if (wb_git(&date, wt, "could not read the base commit date",
			   (const char *[]){ "log", "-1", "--format=%cd", "--date=format:%Y%m%d", base, NULL }) < 0)
			goto cleanup;
		d = wb_first_line(date.buf);
		strbuf_addf(&cid, "%s-%s-%012llx", d, prep->slug,
			    (unsigned long long)(wb_hash64(s->name, strlen(s->name), 0) & 0xffffffffffffULL));
		json_object_set_new(series, "change-id", json_string(cid.buf));
		free(d);
		strbuf_release(&cid);
	}
	json_object_set_new(series, "revision", json_integer(s->revision));
	prefixes = json_array();
	for (i = 0; i < s->prefixes.nr; i++)
		json_array_append_new(prefixes, json_string(s->prefixes.v[i]));
	json_object_set_new(series, "prefixes", prefixes);
	json = json_dumps(tracking, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	strbuf_reset(&msg);
	/* the same cover letter text makes the same commit, however its end was spaced */
	strbuf_addstr(&msg, cover_text);
	while (msg.len && strchr(" \t\r\n", msg.buf[msg.len - 1]))
		msg.buf[--msg.len] = '\0';
	strbuf_addf(&msg, "\n\n%s\n# This section is used internally by b4 prep for tracking purposes.\n%s\n",
		    B4_MAGIC, json);
	strbuf_addf(&file, "%s/../cover-msg", wt);
	if (wb_write_file_atomic(file.buf, msg.buf, msg.len) < 0) {
		error("could not write '%s': %s", file.buf, strerror(errno));
		goto cleanup;
	}
	if (wb_git(NULL, wt, "could not store the cover letter",
		   (const char *[]){ "commit", "-q", "--amend", "--allow-empty", "--cleanup=verbatim", "-F", file.buf,
				     NULL }) < 0)
		goto cleanup;
	rc = 0;
cleanup:
	wb_spawn_result_release(&sr);
	json_decref(tracking);
	free(json);
	free(slug);
	free(b4);
	strbuf_release(&msg);
	strbuf_release(&branch);
	strbuf_release(&ref);
	strbuf_release(&date);
	strbuf_release(&file);
	strbuf_release(&tmpbranch);
	return rc;
}

int wb_git_am(const char *wt, const char *patch_file, const char *display_name)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	int rc = 0;

	if (wb_run(&sr, wt, (const char *[]){ "git", "am", "-q", patch_file, NULL }) < 0)
		return -1;
	if (sr.status) {
		char *why = wb_git_reason(&sr);

		rc = error("could not apply '%s': %s", display_name, why);
		free(why);
		wb_git(NULL, wt, "could not abort git am", (const char *[]){ "am", "--abort", NULL });
	}
	wb_spawn_result_release(&sr);
	return rc;
}

/* ---- b4/SLUG: follows series/NAME, loses nothing ---- */

static size_t line_len(const char *p)
{
	const char *eol = strchr(p, '\n');

	return eol ? (size_t)(eol - p) : strlen(p);
}

static int is_line(const char *p, const char *text)
{
	return line_len(p) == strlen(text) && !strncmp(p, text, strlen(text));
}

/* The full id rev names in repo (caller frees), NULL when it names nothing. */
static char *rev_quiet(const char *repo, const char *rev)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	char *r = NULL;

	if (!wb_run(&sr, repo, (const char *[]){ "git", "rev-parse", "-q", "--verify", rev, NULL }) && !sr.status) {
		r = wb_first_line(sr.out.buf);
		if (strlen(r) != 40) {
			free(r);
			r = NULL;
		}
	}
	wb_spawn_result_release(&sr);
	return r;
}

/* A value of repo's git config (caller frees), NULL when unset. */
static char *config_quiet(const char *repo, const char *key)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	char *r = NULL;

	if (!wb_run(&sr, repo, (const char *[]){ "git", "config", "--get", key, NULL }) && !sr.status)
		r = wb_first_line(sr.out.buf);
	wb_spawn_result_release(&sr);
	if (r && !*r) {
		free(r);
		r = NULL;
	}
	return r;
}

int wb_prep_record(const struct wb_prep *p, const char *tip)
{
	return wb_git(NULL, p->repo, "could not record the prep branch's tip",
		      (const char *[]){ "config", p->record, tip, NULL });
}

/*
 * Scratch prep branches of runs that are gone: a kill -9 between 'b4 prep'
 * and wb_prep_release() leaves b4/wbtmp-PID-SLUG behind.  Only ours go: the
 * exact name we give them, for this series, of a PID that names no
 * process; 'git branch -D' refuses one checked out somewhere, and takes
 * its config section (b4's settings) with it.
 */
static void prune_scratch_branches(const char *repo, const char *slug)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	const char *l;

	if (wb_run(&sr, repo, (const char *[]){ "git", "for-each-ref", "--format=%(refname:lstrip=2)",
						"refs/heads/b4/", NULL }) < 0 || sr.status)
		goto out;
	for (l = sr.out.buf; *l; ) {
		size_t n = line_len(l);
		char *name = xstrndup(l, n), *end;
		long pid;

		l += n + (l[n] ? 1 : 0);
		if (strncmp(name, "b4/wbtmp-", 9) || !isdigit((unsigned char)name[9]))
			goto next;
		pid = strtol(name + 9, &end, 10);
		if (*end != '-' || strcmp(end + 1, slug) || pid == (long)getpid() ||
		    wb_pid_alive((pid_t)pid))
			goto next;
		if (!wb_git(NULL, repo, "could not delete a stale scratch branch",
			    (const char *[]){ "branch", "-q", "-D", name, NULL }))
			note("removed '%s', the scratch branch of a run that is gone", name);
next:
		free(name);
	}
out:
	wb_spawn_result_release(&sr);
}

int wb_prep_open(struct wb_prep *p, const char *repo, const struct wb_series *s)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct strbuf sb = STRBUF_INIT;
	const char *l, *wt = NULL;

	memset(p, 0, sizeof(*p));
	p->repo = xstrdup(repo);
	p->slug = slug_of(s->name);
	if (!*p->slug)
		return error("series name '%s' gives no branch name", s->name);
	strbuf_addf(&sb, "b4/%s", p->slug);
	p->branch = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "refs/heads/%s", p->branch);
	p->ref = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "branch.%s.workbench-tip", p->branch);
	p->record = strbuf_detach(&sb, NULL);
	strbuf_addf(&sb, "b4/wbtmp-%ld-%s", (long)getpid(), p->slug);
	p->tmp_branch = strbuf_detach(&sb, NULL);
	prune_scratch_branches(repo, p->slug);
	p->old = rev_quiet(repo, p->ref);
	p->recorded = config_quiet(repo, p->record);
	if (wb_run(&sr, repo, (const char *[]){ "git", "worktree", "list", "--porcelain", NULL }) < 0)
		return -1;
	for (l = sr.out.buf; !sr.status && l && *l; ) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);

		if (n > 9 && !strncmp(l, "worktree ", 9))
			wt = l + 9;
		else if (n == 7 + strlen(p->ref) && !strncmp(l, "branch ", 7) && !strncmp(l + 7, p->ref, n - 7) &&
			 wt && !p->checked_out)
			p->checked_out = xstrndup(wt, line_len(wt));
		l = eol ? eol + 1 : NULL;
	}
	wb_spawn_result_release(&sr);
	return 0;
}

void wb_prep_release(struct wb_prep *p)
{
	if (p->repo && p->tmp_branch) {
		struct strbuf ref = STRBUF_INIT;
		char *tip;

		strbuf_addf(&ref, "refs/heads/%s", p->tmp_branch);
		if ((tip = rev_quiet(p->repo, ref.buf)))
			wb_git(NULL, p->repo, "could not delete the scratch prep branch",
			       (const char *[]){ "branch", "-q", "-D", p->tmp_branch, NULL });
		free(tip);
		strbuf_release(&ref);
	}
	free(p->slug);
	free(p->branch);
	free(p->ref);
	free(p->record);
	free(p->old);
	free(p->recorded);
	free(p->checked_out);
	free(p->tmp_branch);
	free(p->repo);
	memset(p, 0, sizeof(*p));
}

char *wb_prep_cover_commit(const char *repo, const char *tip)
{
	struct strbuf out = STRBUF_INIT;
	char *r = NULL;

	if (!wb_git(&out, repo, "could not read the prep branch",
		    (const char *[]){ "log", "--first-parent", "-n1", "-F", "--grep=" B4_MAGIC, "--format=%H", tip,
				      NULL }) && out.len >= 40) {
		r = wb_first_line(out.buf);
		if (strlen(r) != 40) {
			free(r);
			r = NULL;
		}
	}
	strbuf_release(&out);
	return r;
}

#define VERIFY_LINE "  workbench verify <message-id of this cover letter>"

char *wb_cover_text(const char *msg)
{
	struct strbuf out = STRBUF_INIT;
	const char *p = msg;
	int in_report = 0;

	while (*p) {
		size_t n = line_len(p);
		const char *next = p + n + (p[n] ? 1 : 0);

		if (is_line(p, B4_MAGIC))
			break;
		if (!in_report && (is_line(p, WB_REPORT_BEGIN) || (is_line(p, "---") && is_line(next, WB_REPORT_BEGIN))))
			in_report = 1;
		if (!in_report)
			strbuf_add(&out, p, n + (p[n] ? 1 : 0));
		/* the report ends with the digest (older ones: with the "To reproduce" lines) */
		if (in_report && is_line(p, WB_DIGEST_END))
			in_report = !!strstr(next, VERIFY_LINE);
		else if (in_report && !strncmp(p, VERIFY_LINE, strlen(VERIFY_LINE)))
			in_report = !!strstr(next, WB_DIGEST_END);
		p = next;
	}
	/* b4's template line and trailing space are no text */
	while (out.len && strchr(" \t\r\n", out.buf[out.len - 1]))
		out.buf[--out.len] = '\0';
	if (out.len >= 67 && !strcmp(out.buf + out.len - 67,
				     "# This section is used internally by b4 prep for tracking purposes.")) {
		out.len -= 67;
		out.buf[out.len] = '\0';
		while (out.len && strchr(" \t\r\n", out.buf[out.len - 1]))
			out.buf[--out.len] = '\0';
	}
	return strbuf_detach(&out, NULL);
}

/*
 * What each commit of range says: "PATCH-ID MESSAGE-HASH" (a commit
 * without a diff: "empty MESSAGE-HASH"), and "OID SUBJECT" for messages.
 */
static int range_keys(struct wb_strlist *keys, struct wb_strlist *names, const char *repo, const char *range)
{
	struct strbuf oids = STRBUF_INIT;
	const char *p;
	int rc = -1;

	if (wb_git(&oids, repo, "could not list the commits of the prep branch",
		   (const char *[]){ "rev-list", "--reverse", "--first-parent", range, NULL }) < 0)
		goto out;
	for (p = oids.buf; *p; ) {
		size_t n = line_len(p);
		char *oid = xstrndup(p, n);
		struct strbuf msg = STRBUF_INIT, diff = STRBUF_INIT, subj = STRBUF_INIT;
		struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
		struct wb_spawn sp = WB_SPAWN_INIT;
		char *pid = NULL;
		int r = -1;

		p += n + (p[n] ? 1 : 0);
		if (wb_git(&msg, repo, "could not read a commit message",
			   (const char *[]){ "log", "-1", "--format=%B", oid, NULL }) < 0 ||
		    wb_git(&subj, repo, "could not read a commit subject",
			   (const char *[]){ "log", "-1", "--format=%s", oid, NULL }) < 0 ||
		    wb_git(&diff, repo, "could not read a commit",
			   (const char *[]){ "diff-tree", "-p", "--no-color", "--full-index", oid, NULL }) < 0)
			goto next;
		sp.argv = (const char *[]){ "git", "patch-id", "--stable", NULL };
		sp.cwd = repo;
		sp.in = diff.buf ? diff.buf : "";
		sp.in_len = diff.len;
		if (wb_spawn_run(&sr, &sp) < 0)
			goto next;
		pid = wb_first_line(sr.out.buf);
		if (strchr(pid, ' '))
			*strchr(pid, ' ') = '\0';
		/* white space at the end is no difference (git commit and b4 leave it differently) */
		while (msg.len && strchr(" \t\r\n", msg.buf[msg.len - 1]))
			msg.buf[--msg.len] = '\0';
		wb_strlist_pushf(keys, "%s %016llx", *pid ? pid : "empty",
				 (unsigned long long)wb_hash64(strbuf_str(&msg), msg.len, 0));
		while (subj.len && subj.buf[subj.len - 1] == '\n')
			subj.buf[--subj.len] = '\0';
		wb_strlist_pushf(names, "%.12s %s", oid, strbuf_str(&subj));
		r = 0;
next:
		free(pid);
		free(oid);
		strbuf_release(&msg);
		strbuf_release(&diff);
		strbuf_release(&subj);
		wb_spawn_result_release(&sr);
		if (r < 0)
			goto out;
	}
	rc = 0;
out:
	strbuf_release(&oids);
	return rc;
}

static int same_text(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);

	while (na && strchr(" \t\r\n", a[na - 1]))
		na--;
	while (nb && strchr(" \t\r\n", b[nb - 1]))
		nb--;
	return na == nb && !memcmp(a, b, na);
}

int wb_prep_guard(struct wb_prep *p, const struct wb_series *s, const char *base, const char *series_head,
		  const char *cover_src, const char *cmd)
{
	struct wb_strlist have = WB_STRLIST_INIT, have_names = WB_STRLIST_INIT, want = WB_STRLIST_INIT,
			  want_names = WB_STRLIST_INIT;
	struct strbuf range = STRBUF_INIT, msg = STRBUF_INIT, list = STRBUF_INIT;
	char *cover = NULL, *cbase = NULL, *text = NULL;
	size_t i, extra = 0;
	int rc = -1, cover_differs = 0;

	/* no branch, or the one workbench made and nobody touched since */
	if (!p->old || (p->recorded && !strcmp(p->old, p->recorded)))
		return 0;
	if (!(cover = wb_prep_cover_commit(p->repo, p->old))) {
		error("'%s' in '%s' is not a b4 prep branch (it has no cover letter commit); %s leaves it alone: "
		      "rename it (git branch -m %s OTHER) and run %s again", p->branch, p->repo, cmd, p->branch, cmd);
		goto out;
	}
	strbuf_addf(&range, "%s^", cover);
	if (!(cbase = rev_quiet(p->repo, range.buf)) || strcmp(cbase, base)) {
		error("'%s' is based on %.12s, series '%s' on %.12s (series.base = %s): the branch holds work "
		      "that series/%s does not have; %s changes nothing (run 'workbench series save %s' after setting "
		      "series.base, or rename the branch)", p->branch, cbase ? cbase : "?", s->name, base, s->base,
		      s->name, cmd, s->name);
		goto out;
	}
	strbuf_reset(&range);
	strbuf_addf(&range, "%s..%s", cover, p->old);
	if (range_keys(&have, &have_names, p->repo, range.buf) < 0)
		goto out;
	strbuf_reset(&range);
	strbuf_addf(&range, "%s..%s", base, series_head);
	if (range_keys(&want, &want_names, p->repo, range.buf) < 0)
		goto out;
	for (i = 0; i < have.nr; i++) {
		if (wb_strlist_has(&want, have.v[i]))
			continue;
		if (extra++ < 5)
			strbuf_addf(&list, "\n  %s", have_names.v[i]);
	}
	if (extra > 5)
		strbuf_addf(&list, "\n  ... and %zu more", extra - 5);
	if (wb_git(&msg, p->repo, "could not read the prep branch's cover letter",
		   (const char *[]){ "log", "-1", "--format=%B", cover, NULL }) < 0)
		goto out;
	text = wb_cover_text(msg.buf);
	cover_differs = !same_text(text, cover_src);
	if (extra || cover_differs) {
		error("'%s' in '%s' has %s%s%s that series/%s does not have; %s changes nothing.%s\n"
		      "Keep them with 'workbench series save %s' (writes them into series/%s), "
		      "or rename the branch (git branch -m %s OTHER)", p->branch, p->repo,
		      extra ? (extra == 1 ? "a commit" : "commits") : "", extra && cover_differs ? " and " : "",
		      cover_differs ? "a cover letter" : "", s->name, cmd, strbuf_str(&list), s->name, s->name,
		      p->branch);
		goto out;
	}
	rc = 0;
out:
	wb_strlist_clear(&have);
	wb_strlist_clear(&have_names);
	wb_strlist_clear(&want);
	wb_strlist_clear(&want_names);
	strbuf_release(&range);
	strbuf_release(&msg);
	strbuf_release(&list);
	free(cover);
	free(cbase);
	free(text);
	return rc;
}

/* Backups of a prep branch kept: each update that moves it adds one. */
#define BACKUPS_KEPT 10

/* "20260102T030405Z-0123456789ab": the last part of a backup ref workbench made */
static int is_backup_name(const char *s, size_t n)
{
	size_t i;

	if (n != 16 + 1 + 12 || s[8] != 'T' || s[15] != 'Z' || s[16] != '-')
		return 0;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 15 || i == 16)
			continue;
		if (i < 16 ? !(s[i] >= '0' && s[i] <= '9') : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	}
	return 1;
}

/*
 * Adds to the ref transaction tx the deletion of the oldest backups of the
 * series (refs/workbench/backup/b4/SLUG/STAMP-OID, none other) so that, with
 * the one being added, BACKUPS_KEPT are left; *out_n is how many go.
 */
static int prune_backups(size_t *out_n, struct strbuf *tx, const struct wb_prep *p)
{
	struct strbuf prefix = STRBUF_INIT, refs = STRBUF_INIT;
	struct wb_strlist names = WB_STRLIST_INIT;
	const char *l;
	size_t i, have;
	int rc = -1;

	*out_n = 0;
	strbuf_addf(&prefix, "refs/workbench/backup/b4/%s/", p->slug);
	/* for-each-ref sorts by name: by date, as the names start with it */
	if (wb_git(&refs, p->repo, "could not list the backups of the prep branch",
		   (const char *[]){ "for-each-ref", "--format=%(refname) %(objectname)", prefix.buf, NULL }) < 0)
		goto out;
	for (l = refs.buf; l && *l; ) {
		size_t n = line_len(l);
		const char *sp = memchr(l, ' ', n);

		if (sp && (size_t)(sp - l) > prefix.len && !strncmp(l, prefix.buf, prefix.len) &&
		    is_backup_name(l + prefix.len, (size_t)(sp - l) - prefix.len))
			wb_strlist_pushf(&names, "%.*s", (int)n, l);
		l = l[n] ? l + n + 1 : NULL;
	}
	have = names.nr;
	for (i = 0; have + 1 > BACKUPS_KEPT && i < have + 1 - BACKUPS_KEPT; i++) {
		const char *sp = strchr(names.v[i], ' ');

		strbuf_addf(tx, "delete %.*s %s\n", (int)(sp - names.v[i]), names.v[i], sp + 1);
		(*out_n)++;
	}
	rc = 0;
out:
	wb_strlist_clear(&names);
	strbuf_release(&prefix);
	strbuf_release(&refs);
	return rc;
}

int wb_prep_update(struct wb_prep *p)
{
	struct strbuf tmpref = STRBUF_INIT, tx = STRBUF_INIT, tags = STRBUF_INIT, prefix = STRBUF_INIT,
		      sect = STRBUF_INIT, glob = STRBUF_INIT;
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_spawn sp = WB_SPAWN_INIT;
	char *tip = NULL, *tmptip = NULL, *cover_old = NULL, *cover_new = NULL, stamp[32];
	const char *l;
	size_t pruned = 0;
	time_t now = time(NULL);
	struct tm tm;
	int rc = -1;

	strbuf_addf(&tmpref, "refs/heads/%s", p->tmp_branch);
	if (!(tip = rev_quiet(p->repo, tmpref.buf))) {
		error("the scratch prep branch '%s' is gone", p->tmp_branch);
		goto out;
	}
	tmptip = xstrdup(tip);
	/* the same commits made again (only their dates differ): the branch stays */
	if (p->old && strcmp(p->old, tip)) {
		struct wb_strlist ka = WB_STRLIST_INIT, kb = WB_STRLIST_INIT, na = WB_STRLIST_INIT, nb = WB_STRLIST_INIT;
		struct strbuf ra = STRBUF_INIT, rb = STRBUF_INIT;
		size_t i;
		int same;

		strbuf_addf(&ra, "%s^{tree}", p->old);
		strbuf_addf(&rb, "%s^{tree}", tip);
		free(cover_old);
		cover_old = rev_quiet(p->repo, ra.buf);
		free(cover_new);
		cover_new = rev_quiet(p->repo, rb.buf);
		same = cover_old && cover_new && !strcmp(cover_old, cover_new);
		free(cover_old);
		free(cover_new);
		cover_old = same ? wb_prep_cover_commit(p->repo, p->old) : NULL;
		cover_new = same ? wb_prep_cover_commit(p->repo, tip) : NULL;
		strbuf_reset(&ra);
		strbuf_reset(&rb);
		if (cover_old && cover_new) {
			strbuf_addf(&ra, "%s^..%s", cover_old, p->old);
			strbuf_addf(&rb, "%s^..%s", cover_new, tip);
			same = !range_keys(&ka, &na, p->repo, ra.buf) && !range_keys(&kb, &nb, p->repo, rb.buf) &&
			       ka.nr == kb.nr;
			for (i = 0; same && i < ka.nr; i++)
				same = !strcmp(ka.v[i], kb.v[i]);
		} else {
			same = 0;
		}
		wb_strlist_clear(&ka);
		wb_strlist_clear(&kb);
		wb_strlist_clear(&na);
		wb_strlist_clear(&nb);
		strbuf_release(&ra);
		strbuf_release(&rb);
		if (same) {
			free(tip);
			tip = xstrdup(p->old);
		}
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	strbuf_addstr(&tx, "start\n");
	if (p->checked_out && p->old && strcmp(p->old, tip)) {
		/* never under a work tree's feet: its index and files would no longer match */
		strbuf_addf(&tx, "update refs/workbench/pending/%s %s\n", p->slug, tip);
	} else if (!p->old) {
		strbuf_addf(&tx, "create %s %s\n", p->ref, tip);
	} else {
		strbuf_addf(&tx, "update %s %s %s\n", p->ref, tip, p->old);
		if (strcmp(p->old, tip)) {
			strbuf_addf(&tx, "update refs/workbench/backup/b4/%s/%s-%.12s %s\n", p->slug, stamp, p->old,
				    p->old);
			if (prune_backups(&pruned, &tx, p) < 0)
				goto out;
		}
	}
	/* b4 send tags what it sent as sent/<branch>-vN: those of the scratch name get the real one */
	strbuf_addf(&prefix, "refs/tags/sent/%s-v", p->tmp_branch + 3);
	strbuf_addf(&glob, "%s*", prefix.buf);
	if (wb_git(&tags, p->repo, "could not list b4's sent tags",
		   (const char *[]){ "for-each-ref", "--format=%(refname) %(objectname)", glob.buf, NULL }) < 0)
		goto out;
	for (l = tags.buf; l && *l; ) {
		size_t n = line_len(l);
		const char *sp2 = memchr(l, ' ', n);

		if (sp2 && (size_t)(sp2 - l) > prefix.len) {
			struct strbuf name = STRBUF_INIT;
			char *have;

			strbuf_addf(&name, "refs/tags/sent/%s-v%.*s", p->slug, (int)((size_t)(sp2 - l) - prefix.len),
				    l + prefix.len);
			/* as b4 does: a revision tagged already keeps its tag */
			if ((have = rev_quiet(p->repo, name.buf)))
				note("%s exists already; b4 send's tag of this send is not kept", name.buf + 10);
			else
				strbuf_addf(&tx, "create %s %.*s\n", name.buf, (int)(n - (size_t)(sp2 - l) - 1), sp2 + 1);
			strbuf_addf(&tx, "delete %.*s %.*s\n", (int)(sp2 - l), l, (int)(n - (size_t)(sp2 - l) - 1),
				    sp2 + 1);
			free(have);
			strbuf_release(&name);
		}
		l = l[n] ? l + n + 1 : NULL;
	}
	strbuf_addf(&tx, "delete %s %s\nprepare\ncommit\n", tmpref.buf, tmptip);
	sp.argv = (const char *[]){ "git", "update-ref", "--stdin", NULL };
	sp.cwd = p->repo;
	sp.in = tx.buf;
	sp.in_len = tx.len;
	if (wb_spawn_run(&sr, &sp) < 0)
		goto out;
	if (sr.status) {
		char *why = wb_git_reason(&sr);

		error("could not update '%s' in '%s' (nothing was changed): %s", p->branch, p->repo, why);
		free(why);
		goto out;
	}
	/* what workbench gave the branch, next to b4's own settings of it (git branch -D drops both) */
	if (!(p->checked_out && p->old && strcmp(p->old, tip)) && wb_prep_record(p, tip) < 0)
		goto out;
	/* b4 prep -n kept its cover strategy in the scratch branch's config */
	strbuf_addf(&sect, "branch.%s", p->tmp_branch);
	wb_spawn_result_release(&sr);
	wb_run(&sr, p->repo, (const char *[]){ "git", "config", "--remove-section", sect.buf, NULL });
	if (p->checked_out && p->old && strcmp(p->old, tip))
		warning("'%s' is checked out in '%s': it stays at %.12s; the new prep branch is "
			"refs/workbench/pending/%s (run 'git reset --keep refs/workbench/pending/%s' there to take it)",
			p->branch, p->checked_out, p->old, p->slug, p->slug);
	else if (p->old && strcmp(p->old, tip))
		note("%s: %.12s -> %.12s (the old tip is refs/workbench/backup/b4/%s/%s-%.12s)", p->branch, p->old,
		     tip, p->slug, stamp, p->old);
	if (pruned)
		note("%s: removed the %zu oldest backup%s under refs/workbench/backup/b4/%s/ (the newest %d are kept)",
		     p->branch, pruned, pruned == 1 ? "" : "s", p->slug, BACKUPS_KEPT);
	rc = 0;
out:
	wb_spawn_result_release(&sr);
	strbuf_release(&tmpref);
	strbuf_release(&tx);
	strbuf_release(&tags);
	strbuf_release(&prefix);
	strbuf_release(&sect);
	strbuf_release(&glob);
	free(tip);
	free(tmptip);
	free(cover_old);
	free(cover_new);
	return rc;
}
