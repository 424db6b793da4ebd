// SPDX-License-Identifier: GPL-2.0
#include "check.h"

#include <dirent.h>
#include <errno.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "repo.h"
#include "util.h"

const char *wb_checks_dir(void)
{
	static char *dir;
	const char *env = getenv("WORKBENCH_CHECKS");
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	static const char *const rel[] = { "/checks", "/../checks", "/../share/workbench/checks" };
	size_t i;

	if (env && *env)
		return env;
	if (dir)
		return dir;
	for (i = 0; i < WB_ARRAY_SIZE(rel); i++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s%s", wb_exe_dir(), rel[i]);
		if (stat(sb.buf, &st) == 0 && S_ISDIR(st.st_mode)) {
			dir = strbuf_detach(&sb, NULL);
			return dir;
		}
	}
	strbuf_release(&sb);
	return "checks";
}

static void push(char ***v, size_t *n, const char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(s);
}

/* Each white-space separated word of s. */
static void push_words(char ***v, size_t *n, const char *s)
{
	while (*s) {
		size_t len;

		s += strspn(s, " \t");
		len = strcspn(s, " \t");
		if (!len)
			break;
		*v = xrealloc(*v, (*n + 1) * sizeof(**v));
		(*v)[(*n)++] = xstrndup(s, len);
		s += len;
	}
}

static int parse_uint(const char *path, const char *key, const char *val, unsigned *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(val, &end, 10);
	if (errno || *end || end == val || v < 0 || v > 1000)
		return error("%s: bad value '%s' for '%s': want a number from 0 to 1000",
			     path, val, key);
	*out = (unsigned)v;
	return 0;
}

/*
 * A check's notes file is written by --update-notes: it must name a file
 * below the checks directory, never leave it ('..', an absolute path).
 */
/* A notes path a check names: a file below the checks directory. */
static int notes_path_ok(const char *v)
{
	return !wb_path_unsafe(v, strlen(v));
}

/* Is the word w[0..n) one of list[0..nlist)? */
static int word_in(char *const *list, size_t nlist, const char *w, size_t n)
{
	size_t j;

	for (j = 0; j < nlist; j++)
		if (strlen(list[j]) == n && !memcmp(list[j], w, n))
			return 1;
	return 0;
}

/*
 * 'serves = PRIMITIVE CLASS... [when FACT...]': a primitive of the check,
 * classes it knows; the conditions are read as the classify lines' are.
 */
static int read_serves(struct wb_check *c, const char *path)
{
	size_t i;

	c->serves = xcalloc(c->nserves_lines + 1, sizeof(*c->serves));
	for (i = 0; i < c->nserves_lines; i++) {
		const char *v = c->serves_lines[i], *p, *classes;
		size_t n = strcspn(v, " \t"), nclasses = 0;
		struct wb_serves *sv;

		if (!n || !word_in(c->primitives, c->nprimitives, v, n))
			return error("%s: serves '%s': '%.*s' is not a primitive of check '%s'",
				     path, v, (int)n, v, c->name);
		classes = v + n + strspn(v + n, " \t");
		for (p = classes;; p += n) {
			p += strspn(p, " \t");
			n = strcspn(p, " \t");
			if (!n || (n == 4 && !memcmp(p, "when", 4)))
				break;
			if (!word_in(c->classes, c->nclasses, p, n))
				return error("%s: serves '%s': '%.*s' is not a class of check '%s'",
					     path, v, (int)n, p, c->name);
			nclasses++;
		}
		if (!nclasses)
			return error("%s: serves '%s': want 'PRIMITIVE CLASS... [when FACT...]'",
				     path, v);
		sv = &c->serves[c->nserves++];
		sv->primitive = xstrndup(v, strcspn(v, " \t"));
		n = (size_t)(p - classes);
		while (n && (classes[n - 1] == ' ' || classes[n - 1] == '\t'))
			n--;
		sv->classes = xstrndup(classes, n);
		sv->when = *p ? xstrdup(p + 4 + strspn(p + 4, " \t")) : NULL;
	}
	return 0;
}

int wb_check_load(struct wb_check **out, const char *dir, const char *name)
{
	struct strbuf path = STRBUF_INIT, prefix = STRBUF_INIT;
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	struct wb_check *c;
	struct stat st;
	int err, ret = -1;

	*out = NULL;
	git_libgit2_init();
	strbuf_addf(&path, "%s/%s.conf", dir, name);
	if (stat(path.buf, &st) < 0) {
		error("unknown check '%s' (no %s)", name, path.buf);
		strbuf_release(&path);
		return -2;
	}
	c = xcalloc(1, sizeof(*c));
	c->name = xstrdup(name);
	c->path = xstrdup(path.buf);
	c->wrapper_max_statements = 3;
	c->depth = 4;
	if (git_config_open_ondisk(&cfg, path.buf) < 0) {
		error("could not parse check definition %s", wb_git_error(path.buf));
		goto out;
	}
	strbuf_addf(&prefix, "check.%s.", name);
	err = git_config_iterator_new(&it, cfg);
	while (!err && (err = git_config_next(&e, it)) == 0) {
		const char *key, *val = e->value ? e->value : "";

		if (strncmp(e->name, prefix.buf, prefix.len)) {
			error("%s: unexpected key '%s': only [check \"%s\"] belongs here",
			      path.buf, e->name, name);
			goto out;
		}
		key = e->name + prefix.len;
		if (!strcmp(key, "primitive"))
			push(&c->primitives, &c->nprimitives, val);
		else if (!strcmp(key, "wrapper"))
			push(&c->wrappers, &c->nwrappers, val);
		else if (!strcmp(key, "rule"))
			push(&c->rules, &c->nrules, val);
		else if (!strcmp(key, "class"))
			push(&c->classes, &c->nclasses, val);
		else if (!strcmp(key, "classify")) {
			if (!strstr(val, "=>")) {
				error("%s: bad classify line '%s': want 'FACT [!FACT...] => CLASS'",
				      path.buf, val);
				goto out;
			}
			push(&c->classify, &c->nclassify, val);
		} else if (!strcmp(key, "mode")) {
			if (strcmp(val, "calls") && strcmp(val, "uses") && strcmp(val, "pattern") &&
			    strcmp(val, "paths")) {
				error("%s: unknown mode '%s': want calls, uses, paths or pattern",
				      path.buf, val);
				goto out;
			}
			free(c->mode);
			c->mode = xstrdup(val);
		} else if (!strcmp(key, "scope"))
			push(&c->scopes, &c->nscopes, val);
		else if (!strcmp(key, "trigger"))
			push(&c->triggers, &c->ntriggers, val);
		else if (!strcmp(key, "entry"))
			push(&c->entries, &c->nentries, val);
		else if (!strcmp(key, "serves"))
			push(&c->serves_lines, &c->nserves_lines, val);
		else if (!strcmp(key, "exclude"))
			push(&c->excludes, &c->nexcludes, val);
		else if (!strcmp(key, "entry-table"))
			push(&c->entry_tables, &c->nentry_tables, val);
		else if (!strcmp(key, "indirect-scope"))
			push(&c->indirect_scopes, &c->nindirect_scopes, val);
		else if (!strcmp(key, "partition")) {
			size_t len = strlen(val);

			if (len < 2 || strcmp(val + len - 2, "*/") || memchr(val, '*', len - 2)) {
				error("%s: bad partition '%s': want a directory prefix and '*/' (arch/*/)",
				      path.buf, val);
				goto out;
			}
			push(&c->partitions, &c->npartitions, val);
		} else if (!strcmp(key, "note"))
			push(&c->note_facts, &c->nnote_facts, val);
		else if (!strcmp(key, "flow")) {
			if (strcmp(val, "cycle")) {
				error("%s: unknown flow analysis '%s': want 'cycle'", path.buf, val);
				goto out;
			}
			c->flow = 1;
		} else if (!strcmp(key, "iter-primitive"))
			push_words(&c->iter_prims, &c->niter_prims, val);
		else if (!strcmp(key, "iter-readonly"))
			push_words(&c->iter_readonly, &c->niter_readonly, val);
		else if (!strcmp(key, "iter-mover"))
			push_words(&c->iter_movers, &c->niter_movers, val);
		else if (!strcmp(key, "iter-keeps"))
			push_words(&c->iter_keeps, &c->niter_keeps, val);
		else if (!strcmp(key, "iter-revert"))
			push_words(&c->iter_reverts, &c->niter_reverts, val);
		else if (!strcmp(key, "iter-copy"))
			push_words(&c->iter_copies, &c->niter_copies, val);
		else if (!strcmp(key, "checked-copy"))
			push_words(&c->checked_copies, &c->nchecked_copies, val);
		else if (!strcmp(key, "nofault-copy"))
			push_words(&c->nofault_copies, &c->nnofault_copies, val);
		else if (!strcmp(key, "atomic-enter"))
			push_words(&c->atomic_enter, &c->natomic_enter, val);
		else if (!strcmp(key, "atomic-exit"))
			push_words(&c->atomic_exit, &c->natomic_exit, val);
		else if (!strcmp(key, "notes")) {
			if (!notes_path_ok(val)) {
				error("%s: bad notes path '%s': want a file below the checks directory (no '..', not absolute)",
				      path.buf, val);
				goto out;
			}
			free(c->notes);
			c->notes = xstrdup(val);
		}
		else if (!strcmp(key, "description"))
			free(c->description), c->description = xstrdup(val);
		else if (!strcmp(key, "wrapper-max-statements")) {
			if (parse_uint(path.buf, key, val, &c->wrapper_max_statements))
				goto out;
		} else if (!strcmp(key, "depth")) {
			if (parse_uint(path.buf, key, val, &c->depth))
				goto out;
		} else if (!strcmp(key, "scope-depth")) {
			if (parse_uint(path.buf, key, val, &c->scope_depth))
				goto out;
		}
		/* other keys belong to later stages (classification) */
	}
	if (err != GIT_ITEROVER) {
		error("could not read check definition %s", wb_git_error(path.buf));
		goto out;
	}
	if (!c->nprimitives && !wb_check_mode_is(c, "pattern")) {
		error("%s: check '%s' names no primitive", path.buf, name);
		goto out;
	}
	if (wb_check_mode_is(c, "pattern") && (!c->nrules || !c->ntriggers)) {
		error("%s: pattern check '%s' needs a rule and a trigger", path.buf, name);
		goto out;
	}
	if (read_serves(c, path.buf) < 0)
		goto out;
	ret = 0;
out:
	git_config_iterator_free(it);
	git_config_free(cfg);
	strbuf_release(&path);
	strbuf_release(&prefix);
	if (ret)
		wb_check_free(c);
	else
		*out = c;
	return ret;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int wb_check_list(char ***names, size_t *n, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	*names = NULL;
	*n = 0;
	if (!d)
		return error("cannot read check directory '%s': %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l > 5 && de->d_name[0] != '.' && !strcmp(de->d_name + l - 5, ".conf")) {
			*names = xrealloc(*names, (*n + 1) * sizeof(**names));
			(*names)[(*n)++] = xstrndup(de->d_name, l - 5);
		}
	}
	closedir(d);
	if (*n)
		qsort(*names, *n, sizeof(**names), cmp_str);
	return 0;
}

struct wb_check *wb_check_for_symbols(const char *const *syms, size_t n, unsigned depth)
{
	struct wb_check *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->name = xstrdup("callers");
	c->path = xstrdup("(command line)");
	c->wrapper_max_statements = 3;
	c->depth = depth;
	for (i = 0; i < n; i++)
		push(&c->primitives, &c->nprimitives, syms[i]);
	return c;
}

static int in_list(char *const *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(v[i], name))
			return 1;
	return 0;
}

static void free_list(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int wb_check_mode_is(const struct wb_check *c, const char *mode)
{
	return !strcmp(c->mode ? c->mode : "calls", mode);
}

int wb_check_is_entry(const struct wb_check *c, const char *name)
{
	return in_list(c->entries, c->nentries, name);
}

int wb_check_excludes(const struct wb_check *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nexcludes; i++)
		if (!strncmp(path, c->excludes[i], strlen(c->excludes[i])))
			return 1;
	return 0;
}

int wb_check_indirect_scope(const struct wb_check *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->nindirect_scopes; i++)
		if (!strncmp(path, c->indirect_scopes[i], strlen(c->indirect_scopes[i])))
			return 1;
	return 0;
}

size_t wb_check_partition(const struct wb_check *c, const char *path)
{
	size_t i;

	for (i = 0; i < c->npartitions; i++) {
		size_t plen = strlen(c->partitions[i]) - 2;
		const char *slash;

		if (strncmp(path, c->partitions[i], plen))
			continue;
		slash = strchr(path + plen, '/');
		if (slash && slash > path + plen)
			return (size_t)(slash - path) + 1;
	}
	return 0;
}

int wb_check_is_note_fact(const struct wb_check *c, const char *id)
{
	return in_list(c->note_facts, c->nnote_facts, id);
}

int wb_check_is_entry_table(const struct wb_check *c, const char *name)
{
	return in_list(c->entry_tables, c->nentry_tables, name);
}

int wb_check_has_wrapper(const struct wb_check *c, const char *name)
{
	return in_list(c->wrappers, c->nwrappers, name);
}

void wb_check_free(struct wb_check *c)
{
	size_t i;

	if (!c)
		return;
	free_list(c->primitives, c->nprimitives);
	free_list(c->wrappers, c->nwrappers);
	free_list(c->rules, c->nrules);
	free_list(c->classes, c->nclasses);
	free_list(c->classify, c->nclassify);
	free_list(c->scopes, c->nscopes);
	free_list(c->triggers, c->ntriggers);
	free_list(c->entries, c->nentries);
	free_list(c->entry_tables, c->nentry_tables);
	free_list(c->excludes, c->nexcludes);
	free_list(c->indirect_scopes, c->nindirect_scopes);
	free_list(c->partitions, c->npartitions);
	free_list(c->note_facts, c->nnote_facts);
	free_list(c->serves_lines, c->nserves_lines);
	free_list(c->iter_prims, c->niter_prims);
	free_list(c->iter_readonly, c->niter_readonly);
	free_list(c->iter_movers, c->niter_movers);
	free_list(c->iter_keeps, c->niter_keeps);
	free_list(c->checked_copies, c->nchecked_copies);
	free_list(c->iter_copies, c->niter_copies);
	free_list(c->iter_reverts, c->niter_reverts);
	free_list(c->nofault_copies, c->nnofault_copies);
	free_list(c->atomic_enter, c->natomic_enter);
	free_list(c->atomic_exit, c->natomic_exit);
	for (i = 0; i < c->nserves; i++) {
		free(c->serves[i].primitive);
		free(c->serves[i].classes);
		free(c->serves[i].when);
	}
	free(c->serves);
	free(c->mode);
	free(c->notes);
	free(c->name);
	free(c->path);
	free(c->description);
	free(c);
}
