// SPDX-License-Identifier: GPL-2.0
/* Scratch work trees, git am, and b4 prep branches for 'series' and 'verify'. */
#include "series-prep.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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

int wb_b4_prep_branch(const char *wt, const struct wb_series *s, const char *base, const char *cover_text)
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
	strbuf_addf(&branch, "b4/%s", slug);
	strbuf_addf(&ref, "refs/heads/%s", branch.buf);
	/* a stale prep branch from an earlier run is replaced */
	if (wb_run(&sr, wt, (const char *[]){ "git", "show-ref", "-q", "--verify", ref.buf, NULL }) < 0)
		goto cleanup;
	if (!sr.status && wb_git(NULL, wt, "could not delete the old prep branch",
				 (const char *[]){ "branch", "-q", "-D", branch.buf, NULL }) < 0)
		goto cleanup;
	wb_spawn_result_release(&sr);
	/* b4 prep -n wants to be on a branch; a temporary one at the base */
	strbuf_addf(&tmpbranch, "workbench-tmp/%s", slug);
	if (wb_git(NULL, wt, "could not make a temporary branch",
		   (const char *[]){ "checkout", "-q", "-B", tmpbranch.buf, base, NULL }) < 0)
		goto cleanup;
	if (wb_run(&sr, wt, (const char *[]){ b4, "prep", "-n", s->name, "-f", base, NULL }) < 0)
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
		strbuf_addf(&cid, "%s-%s-%012llx", d, slug,
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
	strbuf_addf(&msg, "%s\n\n%s\n# This section is used internally by b4 prep for tracking purposes.\n%s\n",
		    cover_text, B4_MAGIC, json);
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
