// SPDX-License-Identifier: GPL-2.0
/* MAINTAINERS parsing and routing of changed paths to To/Cc, the get_maintainer.pl way. */
#include "maintainers.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void section_release(struct wb_maint_section *s)
{
	free(s->title);
	wb_strlist_clear(&s->maintainers);
	wb_strlist_clear(&s->reviewers);
	wb_strlist_clear(&s->lists);
	wb_strlist_clear(&s->files);
	wb_strlist_clear(&s->excludes);
}

void wb_maintainers_release(struct wb_maintainers *m)
{
	size_t i;

	for (i = 0; i < m->nr; i++)
		section_release(&m->sections[i]);
	free(m->sections);
	m->sections = NULL;
	m->nr = m->alloc = 0;
}

/* Strip "(moderated for non-subscribers)" and the like after the address. */
static char *clean_addr(const char *v)
{
	const char *gt = strchr(v, '>');
	size_t n;

	if (gt)
		return xstrndup(v, (size_t)(gt - v + 1));
	for (n = 0; v[n] && !isspace((unsigned char)v[n]); n++)
		;
	return xstrndup(v, n);
}

int wb_maintainers_parse(struct wb_maintainers *m, const char *text, size_t len, const char *origin)
{
	const char *p = text, *end = text + len;
	struct wb_maint_section *cur = NULL;
	char *prev = NULL;
	int lineno = 0, rc = 0;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t n = eol ? (size_t)(eol - p) : (size_t)(end - p);
		char *line = xstrndup(p, n);
		char *v;

		lineno++;
		p += n + (eol ? 1 : 0);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
			line[--n] = '\0';
		if (!n) {
			cur = NULL;
			free(prev);
			prev = NULL;
			free(line);
			continue;
		}
		if (!(isupper((unsigned char)line[0]) && line[1] == ':')) {
			free(prev);
			prev = line;
			cur = NULL;
			continue;
		}
		if (!cur) {
			WB_ALLOC_GROW(m->sections, m->nr + 1, m->alloc);
			cur = &m->sections[m->nr++];
			memset(cur, 0, sizeof(*cur));
			cur->title = prev ? prev : xstrdup("(untitled)");
			prev = NULL;
		}
		for (v = line + 2; *v == ' ' || *v == '\t'; v++)
			;
		if (!*v) {
			warning("%s:%d: empty '%c:' entry", origin, lineno, line[0]);
			free(line);
			continue;
		}
		switch (line[0]) {
		case 'M':
		case 'R':
		case 'L': {
			char *a = clean_addr(v);

			wb_strlist_push(line[0] == 'M' ? &cur->maintainers :
					line[0] == 'R' ? &cur->reviewers : &cur->lists, a);
			free(a);
			break;
		}
		case 'F':
			wb_strlist_push(&cur->files, v);
			break;
		case 'X':
			wb_strlist_push(&cur->excludes, v);
			break;
		default:
			break;
		}
		free(line);
	}
	free(prev);
	return rc;
}

/* Does pattern p (with * and ?) match a prefix of s? '*' may cross '/', as in get_maintainer.pl. */
static const char *glob_prefix(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			const char *t;

			for (t = s + strlen(s); t >= s; t--) {
				const char *r = glob_prefix(p + 1, t);

				if (r)
					return r;
			}
			return NULL;
		}
		if (!*s || (*p != '?' && *p != *s))
			return NULL;
	}
	return s;
}

static size_t count_slashes(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += *s == '/';
	return n;
}

int wb_maint_pattern_matches(const char *pattern, const char *path)
{
	size_t plen = strlen(pattern);

	if (!plen)
		return 0;
	if (pattern[plen - 1] == '/')
		return glob_prefix(pattern, path) != NULL;
	if (glob_prefix(pattern, path) && count_slashes(pattern) == count_slashes(path))
		return 1;
	/* get_maintainer.pl treats a pattern naming a directory as "dir/" */
	if (!strpbrk(pattern, "*?") && !strncmp(pattern, path, plen) && path[plen] == '/')
		return 1;
	return 0;
}

int wb_maint_section_matches(const struct wb_maint_section *s, const char *path)
{
	size_t i;
	int hit = 0;

	for (i = 0; i < s->files.nr && !hit; i++)
		hit = wb_maint_pattern_matches(s->files.v[i], path);
	for (i = 0; i < s->excludes.nr && hit; i++)
		if (wb_maint_pattern_matches(s->excludes.v[i], path))
			hit = 0;
	return hit;
}

/* The mailbox part of "Name <a@b>" or "a@b", compared case-insensitively. */
static void mailbox(const char *addr, const char **start, size_t *len)
{
	const char *lt = strrchr(addr, '<'), *gt;

	if (lt && (gt = strchr(lt, '>'))) {
		*start = lt + 1;
		*len = (size_t)(gt - lt - 1);
		return;
	}
	*start = addr;
	*len = strlen(addr);
}

static int list_has_mailbox(const struct wb_strlist *l, const char *addr)
{
	const char *a, *b;
	size_t alen, blen, i;

	if (!l)
		return 0;
	mailbox(addr, &a, &alen);
	for (i = 0; i < l->nr; i++) {
		mailbox(l->v[i], &b, &blen);
		if (alen == blen && !strncasecmp(a, b, alen))
			return 1;
	}
	return 0;
}

void wb_addr_add(struct wb_strlist *list, const char *addr, const struct wb_strlist *to,
		 const struct wb_strlist *cc)
{
	if (!*addr || list_has_mailbox(to, addr) || list_has_mailbox(cc, addr) ||
	    list_has_mailbox(list, addr))
		return;
	wb_strlist_push(list, addr);
}

void wb_maintainers_route(const struct wb_maintainers *m, const char *const *paths, size_t npaths,
			  struct wb_strlist *to, struct wb_strlist *cc)
{
	size_t i, j, k;

	for (i = 0; i < m->nr; i++) {
		const struct wb_maint_section *s = &m->sections[i];

		for (j = 0; j < npaths; j++)
			if (wb_maint_section_matches(s, paths[j]))
				break;
		if (j == npaths)
			continue;
		for (k = 0; k < s->maintainers.nr; k++)
			wb_addr_add(to, s->maintainers.v[k], to, cc);
		for (k = 0; k < s->reviewers.nr; k++)
			wb_addr_add(cc, s->reviewers.v[k], to, cc);
		for (k = 0; k < s->lists.nr; k++)
			wb_addr_add(cc, s->lists.v[k], to, cc);
	}
}
