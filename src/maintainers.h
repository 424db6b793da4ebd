/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_MAINTAINERS_H
#define WB_MAINTAINERS_H

#include <stddef.h>

#include "spawn.h"

/*
 * Kernel MAINTAINERS syntax: a section title line, then "X:\tvalue" lines.
 * M: maintainer, R: reviewer, L: list, F: file pattern, X: excluded pattern;
 * other tags are kept out of routing. Patterns follow scripts/get_maintainer.pl:
 * a trailing '/' matches everything below, '*' and '?' are globs, and a
 * pattern without a trailing '/' matches only at its own directory depth.
 */
struct wb_maint_section {
	char *title;
	struct wb_strlist maintainers;	/* M: */
	struct wb_strlist reviewers;	/* R: */
	struct wb_strlist lists;	/* L: */
	struct wb_strlist files;	/* F: */
	struct wb_strlist excludes;	/* X: */
};

struct wb_maintainers {
	struct wb_maint_section *sections;
	size_t nr, alloc;
};
#define WB_MAINTAINERS_INIT { NULL, 0, 0 }

/* Parse text (origin names it in messages); sections accumulate across calls. */
int wb_maintainers_parse(struct wb_maintainers *m, const char *text, size_t len, const char *origin);
void wb_maintainers_release(struct wb_maintainers *m);

/* 1 when the section's F:/X: patterns route path to it. */
int wb_maint_section_matches(const struct wb_maint_section *s, const char *path);
/* 1 when one get_maintainer-style pattern matches path. */
int wb_maint_pattern_matches(const char *pattern, const char *path);

/*
 * Add the addresses routing paths: maintainers to 'to', reviewers and lists
 * to 'cc'; addresses already in either list are not added again.
 */
void wb_maintainers_route(const struct wb_maintainers *m, const char *const *paths, size_t npaths,
			  struct wb_strlist *to, struct wb_strlist *cc);

/* Add addr to list unless an address with the same mailbox is in 'to' or 'cc'. */
void wb_addr_add(struct wb_strlist *list, const char *addr, const struct wb_strlist *to,
		 const struct wb_strlist *cc);

#endif
