// SPDX-License-Identifier: GPL-2.0
/*
 * b4's per-patch check hooks: one patch on stdin, the way b4 pipes it
 * (b4.prep-perpatch-check-cmd and b4.am-perpatch-check-cmd since 0.14,
 * b4.review-perpatch-check-cmd since 0.15), checked in the repository b4
 * runs the command in.  A patch that HEAD has already (b4 prep --check of
 * the prep branch) is checked as that commit; any other is applied onto
 * HEAD in a scratch clone (b4 am --check).  Out: checkpatch --terse lines
 * ("PATH:LINE: ERROR|WARNING|CHECK: ...", what b4 0.14 reads), or the JSON
 * array of {tool, status, summary, details} b4 0.15 reads.
 */
#include "series-perpatch.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmds.h"
#include "series-prep.h"
#include "spawn.h"
#include "util.h"

#define MAX_PATCH (64u << 20)

static int read_stdin(struct strbuf *out)
{
	char buf[65536];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), stdin)) > 0) {
		if (out->len + n > MAX_PATCH)
			return error("the patch on stdin is larger than %u MiB", MAX_PATCH >> 20);
		strbuf_add(out, buf, n);
	}
	if (ferror(stdin))
		return error("could not read the patch on stdin: %s", strerror(errno));
	return 0;
}

/* git patch-id --stable of text: "PATCHID COMMIT" lines; the first word of the first, or NULL. */
static int patch_ids(struct strbuf *out, const char *repo, const char *text, size_t len)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_spawn sp = WB_SPAWN_INIT;
	int rc = -1;

	sp.argv = (const char *[]){ "git", "patch-id", "--stable", NULL };
	sp.cwd = repo;
	sp.in = text;
	sp.in_len = len;
	if (wb_spawn_run(&sr, &sp) < 0)
		goto out;
	if (sr.status) {
		error("git patch-id failed in '%s'", repo);
		goto out;
	}
	strbuf_addstr(out, strbuf_str(&sr.out));
	rc = 0;
out:
	wb_spawn_result_release(&sr);
	return rc;
}

/* The commit of HEAD's recent history with patch-id pid (caller frees), or NULL. */
static char *find_in_head(const char *repo, const char *pid)
{
	struct strbuf log = STRBUF_INIT, ids = STRBUF_INIT;
	char *found = NULL;
	const char *l;

	if (wb_git(&log, repo, "could not read the history of HEAD",
		   (const char *[]){ "log", "-p", "--no-merges", "--no-color", "--full-index", "-n", "200",
				     "--format=commit %H", "HEAD", NULL }) < 0 ||
	    patch_ids(&ids, repo, strbuf_str(&log), log.len) < 0)
		goto out;
	for (l = strbuf_str(&ids); *l && !found; ) {
		const char *eol = strchr(l, '\n'), *sp = strchr(l, ' ');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);

		if (sp && (size_t)(sp - l) == strlen(pid) && !strncmp(l, pid, strlen(pid)) && n - (size_t)(sp - l) == 41)
			found = xstrndup(sp + 1, 40);
		l += n + (eol ? 1 : 0);
	}
out:
	strbuf_release(&log);
	strbuf_release(&ids);
	return found;
}

static const char *terse_level(const char *severity)
{
	if (!strcmp(severity, "error"))
		return "ERROR";
	if (!strcmp(severity, "warning"))
		return "WARNING";
	return "CHECK";
}

static void print_terse(const struct wb_check_result *r)
{
	size_t i, k;
	int t;

	for (t = 0; t < WB_TOOL_NR; t++) {
		const struct wb_tool_run *tr = &r->tools[t];

		if (!tr->requested)
			continue;
		if (tr->cannot) {
			printf("workbench: WARNING: the %s check could not run: %s\n", wb_tool_name(t), tr->reason);
			continue;
		}
		if (tr->skipped || !tr->patches)
			continue;
		for (i = 0; i < r->npatches; i++)
			for (k = 0; k < tr->patches[i].nfindings; k++) {
				const struct wb_finding *fd = &tr->patches[i].findings[k];

				if (*fd->path)
					printf("%s:%d: ", fd->path, fd->line);
				else
					printf("workbench: ");
				printf("%s: %s [%s]\n", terse_level(fd->severity), fd->message, fd->id);
			}
	}
}

static void print_failure_json(const char *summary, const char *details)
{
	json_t *a = json_array();
	char *s;

	json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}", "tool", "workbench", "status", "fail", "summary",
					   summary, "details", details));
	s = json_dumps(a, JSON_COMPACT);
	printf("%s\n", s);
	free(s);
	json_decref(a);
}

/* sparse builds with the work tree's .config, not the scratch clone's (it has none) */
static char *worktree_config(const char *repo)
{
	struct strbuf out = STRBUF_INIT, path = STRBUF_INIT;
	struct stat st;
	char *top;

	if (wb_git(&out, repo, "could not find the top of the work tree",
		   (const char *[]){ "rev-parse", "--show-toplevel", NULL }) < 0) {
		strbuf_release(&out);
		return NULL;
	}
	top = wb_first_line(strbuf_str(&out));
	strbuf_addf(&path, "%s/.config", top);
	free(top);
	strbuf_release(&out);
	if (stat(path.buf, &st) < 0 || !S_ISREG(st.st_mode)) {
		strbuf_release(&path);
		return NULL;
	}
	return strbuf_detach(&path, NULL);
}

int wb_perpatch_check(const char *repo, enum wb_perpatch_format fmt, const struct wb_check_opts *given)
{
	struct wb_check_opts o = *given;
	const struct wb_check_opts *opts = &o;
	char *kconfig = o.kconfig ? NULL : worktree_config(repo);

	struct strbuf mail = STRBUF_INIT, ids = STRBUF_INIT, path = STRBUF_INIT;
	struct wb_scratch sc = { 0 };
	struct wb_check_result res;
	char *pid = NULL, *commit = NULL, *tmp = NULL, *head = NULL, *base = NULL;
	int rc = WB_EXIT_IO, have_res = 0;

	if (kconfig)
		o.kconfig = kconfig;
	if (read_stdin(&mail) < 0)
		goto out;
	if (patch_ids(&ids, repo, strbuf_str(&mail), mail.len) < 0)
		goto out;
	pid = wb_first_line(strbuf_str(&ids));
	if (strchr(pid, ' '))
		*strchr(pid, ' ') = '\0';
	if (!*pid) {
		error("no patch on stdin (a mail with a diff, as b4 pipes it)");
		rc = WB_EXIT_USAGE;
		goto out;
	}
	if ((commit = find_in_head(repo, pid))) {
		/* b4 prep --check: the patch is a commit of the branch */
		struct strbuf parent = STRBUF_INIT;

		strbuf_addf(&parent, "%s^", commit);
		base = wb_resolve_commit(repo, parent.buf);
		strbuf_release(&parent);
		if (!base)
			goto out;
		if (wb_check_run(&res, repo, base, commit, opts) < 0)
			goto out;
	} else {
		struct wb_spawn_result ar = WB_SPAWN_RESULT_INIT;

		/* b4 am --check: onto HEAD, in a scratch clone */
		if (!(head = wb_resolve_commit(repo, "HEAD")) || !(tmp = wb_mkdtemp("perpatch")))
			goto out;
		strbuf_addf(&path, "%s/patch.eml", tmp);
		if (wb_write_file_atomic(path.buf, mail.buf, mail.len) < 0) {
			error("could not write '%s': %s", path.buf, strerror(errno));
			goto out;
		}
		if (wb_scratch_clone(&sc, repo, head, "perpatch") < 0)
			goto out;
		if (wb_run(&ar, sc.wt, (const char *[]){ "git", "-c", "user.name=workbench", "-c",
							  "user.email=check@workbench.invalid", "am", "-q", path.buf,
							  NULL }) < 0)
			goto out;
		if (ar.status) {
			char *why = wb_git_reason(&ar);
			struct strbuf s = STRBUF_INIT;

			strbuf_addf(&s, "the patch does not apply onto HEAD (%.12s)", head);
			if (fmt == WB_PERPATCH_JSON)
				print_failure_json(s.buf, why);
			else
				printf("workbench: ERROR: %s: %s\n", s.buf, why);
			free(why);
			strbuf_release(&s);
			wb_spawn_result_release(&ar);
			rc = WB_EXIT_FINDINGS;
			goto out;
		}
		wb_spawn_result_release(&ar);
		if (wb_check_run(&res, sc.wt, head, "HEAD", opts) < 0)
			goto out;
	}
	have_res = 1;
	if (fmt == WB_PERPATCH_JSON) {
		char *s = wb_check_b4_json(&res);

		/* one patch: its array is the answer */
		fputs(*s ? s : "[]\n", stdout);
		free(s);
	} else {
		print_terse(&res);
	}
	rc = wb_check_worst(&res) == WB_STATUS_PASS && !wb_check_any_cannot(&res) ? WB_EXIT_OK : WB_EXIT_FINDINGS;
out:
	if (have_res)
		wb_check_result_release(&res);
	wb_scratch_release(&sc);
	if (tmp)
		wb_rmtree(tmp);
	free(tmp);
	free(kconfig);
	free(pid);
	free(commit);
	free(head);
	free(base);
	strbuf_release(&mail);
	strbuf_release(&ids);
	strbuf_release(&path);
	return rc;
}
