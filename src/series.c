// SPDX-License-Identifier: GPL-2.0
/* series/NAME/ and its series.conf (git-config syntax, read with libgit2). */
#include "series.h"

#include <errno.h>
#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

static char *series_dir(const char *name_or_dir)
{
	const char *home = getenv("WORKBENCH_HOME");
	struct strbuf sb = STRBUF_INIT;
	char *root;

	if (strchr(name_or_dir, '/'))
		return xstrdup(name_or_dir);
	if (home && *home) {
		strbuf_addf(&sb, "%s/series/%s", home, name_or_dir);
		return strbuf_detach(&sb, NULL);
	}
	strbuf_addf(&sb, "series/%s", name_or_dir);
	if (is_dir(sb.buf))
		return strbuf_detach(&sb, NULL);
	root = wb_data_path("series");
	if (root) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", root, name_or_dir);
		free(root);
	}
	return strbuf_detach(&sb, NULL);
}

struct multivar {
	struct wb_strlist *list;
};

static int push_entry(const git_config_entry *e, void *payload)
{
	struct multivar *mv = payload;

	wb_split_words(mv->list, e->value);
	return 0;
}

static int push_whole(const git_config_entry *e, void *payload)
{
	struct multivar *mv = payload;

	wb_strlist_push(mv->list, e->value);
	return 0;
}

/* A key without a value ("[series] selftests") is an empty one; a repeated value counts once. */
static int push_once(const git_config_entry *e, void *payload)
{
	struct multivar *mv = payload;
	const char *v = e->value ? e->value : "";

	if (!wb_strlist_has(mv->list, v))
		wb_strlist_push(mv->list, v);
	return 0;
}

static int get_multi_fn(git_config *cfg, const char *key, struct wb_strlist *out, git_config_foreach_cb fn)
{
	struct multivar mv = { out };
	int rc = git_config_get_multivar_foreach(cfg, key, NULL, fn, &mv);

	return rc == GIT_ENOTFOUND ? 0 : rc;
}

static int get_multi(git_config *cfg, const char *key, struct wb_strlist *out, int split)
{
	return get_multi_fn(cfg, key, out, split ? push_entry : push_whole);
}

/* 1 found, 0 absent, -1 error */
static int get_str(git_config *cfg, const char *key, char **out)
{
	git_buf buf = GIT_BUF_INIT;
	int rc = git_config_get_string_buf(&buf, cfg, key);

	if (rc == GIT_ENOTFOUND)
		return 0;
	if (rc < 0)
		return -1;
	free(*out);
	*out = xstrdup(buf.ptr);
	git_buf_dispose(&buf);
	return 1;
}

static int conf_error(const char *path)
{
	const git_error *e = git_error_last();

	return error("could not read series.conf '%s': %s", path, e && e->message ? e->message : "unknown error");
}

/*
 * series.selftests names collections of the project's selftests/, the
 * directory next to series/: plain names of directories that exist.
 */
static int load_selftests(struct wb_series *s)
{
	struct strbuf sb = STRBUF_INIT;
	char real[PATH_MAX];
	size_t i;
	int rc = 0;

	if (!s->selftests.nr)
		return 0;
	strbuf_addf(&sb, "%s/../../selftests", s->dir);
	if (realpath(sb.buf, real)) {
		s->selftests_root = xstrdup(real);
		strbuf_release(&sb);
	} else {
		s->selftests_root = strbuf_detach(&sb, NULL);
	}
	for (i = 0; !rc && i < s->selftests.nr; i++) {
		const char *v = s->selftests.v[i];

		if (!*v || strchr(v, '/') || !strcmp(v, ".") || !strcmp(v, "..")) {
			rc = error("series.conf '%s': series.selftests = '%s' is not the name of a directory "
				   "in '%s'", s->conf_path, v, s->selftests_root);
			continue;
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s/%s", s->selftests_root, v);
		if (!is_dir(sb.buf))
			rc = error("series.conf '%s': series.selftests = '%s': no directory '%s'", s->conf_path, v,
				   sb.buf);
	}
	strbuf_release(&sb);
	return rc;
}

void wb_series_release(struct wb_series *s)
{
	free(s->name);
	free(s->dir);
	free(s->conf_path);
	free(s->base);
	free(s->change_id);
	free(s->selftests_subject);
	free(s->cover_path);
	wb_strlist_clear(&s->prefixes);
	wb_strlist_clear(&s->to);
	wb_strlist_clear(&s->cc);
	wb_strlist_clear(&s->selftests);
	free(s->selftests_root);
	wb_check_opts_release(&s->checks);
	memset(s, 0, sizeof(*s));
}

int wb_series_load(struct wb_series *s, const char *name_or_dir)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct strbuf sb = STRBUF_INIT;
	char *cover = NULL, *slash;
	int32_t rev = 1;
	int rc = -1, t, r;

	memset(s, 0, sizeof(*s));
	wb_check_opts_init(&s->checks);
	s->dir = series_dir(name_or_dir);
	while (strlen(s->dir) > 1 && s->dir[strlen(s->dir) - 1] == '/')
		s->dir[strlen(s->dir) - 1] = '\0';
	slash = strrchr(s->dir, '/');
	s->name = xstrdup(slash ? slash + 1 : s->dir);
	if (!is_dir(s->dir)) {
		error("no series '%s' (looked for the directory '%s')", name_or_dir, s->dir);
		goto cleanup;
	}
	strbuf_addf(&sb, "%s/series.conf", s->dir);
	s->conf_path = strbuf_detach(&sb, NULL);
	if (access(s->conf_path, R_OK)) {
		error("could not read series.conf '%s': %s", s->conf_path, strerror(errno));
		goto cleanup;
	}
	if (git_config_open_ondisk(&cfg, s->conf_path) < 0) {
		conf_error(s->conf_path);
		goto cleanup;
	}
	r = get_str(cfg, "series.base", &s->base);
	if (r <= 0) {
		if (!r)
			error("series.conf '%s' does not set series.base", s->conf_path);
		else
			conf_error(s->conf_path);
		goto cleanup;
	}
	if (get_str(cfg, "series.change-id", &s->change_id) < 0 ||
	    get_str(cfg, "series.selftests-subject", &s->selftests_subject) < 0 ||
	    get_str(cfg, "series.cover", &cover) < 0 ||
	    get_multi(cfg, "series.prefix", &s->prefixes, 1) < 0 ||
	    get_multi(cfg, "series.to", &s->to, 0) < 0 ||
	    get_multi(cfg, "series.cc", &s->cc, 0) < 0 ||
	    get_multi_fn(cfg, "series.selftests", &s->selftests, push_once) < 0) {
		conf_error(s->conf_path);
		goto cleanup;
	}
	if (load_selftests(s) < 0)
		goto cleanup;
	r = git_config_get_int32(&rev, cfg, "series.revision");
	if (r < 0 && r != GIT_ENOTFOUND) {
		conf_error(s->conf_path);
		goto cleanup;
	}
	if (rev < 1) {
		error("series.conf '%s': series.revision must be at least 1", s->conf_path);
		goto cleanup;
	}
	s->revision = rev;
	strbuf_addf(&sb, "%s/%s", s->dir, cover ? cover : "cover-letter");
	s->cover_path = strbuf_detach(&sb, NULL);

	/* [check "TOOL"] enabled = bool, flags = ..., checks = ... (audit) */
	if (git_config_iterator_new(&it, cfg) < 0) {
		conf_error(s->conf_path);
		goto cleanup;
	}
	while (!(r = git_config_next(&e, it))) {
		const char *sub = e->name + 6, *dot;
		char *tool;
		int b;

		if (strncmp(e->name, "check.", 6))
			continue;
		dot = strrchr(sub, '.');
		tool = dot ? xstrndup(sub, (size_t)(dot - sub)) : xstrdup(sub);

		t = wb_tool_from_name(tool);
		if (t < 0 || !dot) {
			error("series.conf '%s': unknown check '%s' (known: checkpatch, cocci, sparse, audit)",
			      s->conf_path, tool);
			free(tool);
			goto cleanup;
		}
		free(tool);
		if (!strcmp(dot + 1, "enabled")) {
			if (git_config_parse_bool(&b, e->value) < 0) {
				error("series.conf '%s': '%s' is not a boolean: '%s'", s->conf_path, e->name,
				      e->value ? e->value : "");
				goto cleanup;
			}
			s->checks.enabled[t] = b;
		} else if (!strcmp(dot + 1, "flags")) {
			free(s->checks.flags[t]);
			s->checks.flags[t] = xstrdup(e->value ? e->value : "");
		} else if (!strcmp(dot + 1, "checks") && t == WB_TOOL_AUDIT) {
			free(s->checks.audit_checks);
			s->checks.audit_checks = xstrdup(e->value ? e->value : "");
		} else {
			error("series.conf '%s': unknown key '%s'", s->conf_path, e->name);
			goto cleanup;
		}
	}
	if (r != GIT_ITEROVER) {
		conf_error(s->conf_path);
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(cover);
	strbuf_release(&sb);
	git_config_iterator_free(it);
	git_config_free(cfg);
	if (rc)
		wb_series_release(s);
	return rc;
}
