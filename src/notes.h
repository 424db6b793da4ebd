/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_NOTES_H
#define WB_NOTES_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/*
 * Reviewed verdicts: a plain-text file per check, one caller a line,
 * comments and blank lines kept as they are:
 *
 *	# PATH:FUNCTION  VERDICT  BODY-HASH  REASON...
 *	fs/btrfs/ioctl.c:search_ioctl  all-or-nothing  0123456789abcdef  retries from scratch
 *
 * VERDICT is one of the check's classes or 'unreviewed'; BODY-HASH is the
 * hash of the function's normalised body when it was reviewed ('-': none),
 * so a re-audit can tell that the function changed since.  A PATH with a
 * blank, a '#', a '"', a '\\', a control character or a byte over 0x7f is
 * written C-quoted, as git quotes paths: "my dir/a.c":f.  Lines end with
 * LF, CRLF or CR; added lines end as the file's first line does.
 */
struct wb_note {
	char *key;		/* PATH:FUNCTION */
	char *verdict;
	char *hash;
	char *reason;
	unsigned line;
	int seen;		/* matched by a caller in this audit */
};

struct wb_notes {
	char *path;
	struct strbuf raw;	/* the file as read: rewritten only by insertion */
	int exists;
	struct wb_note *v;
	size_t n;
};

/*
 * Reads path (a missing file is an empty set).  Verdicts must be one of
 * classes or 'unreviewed'.  A malformed line is an error naming path:line.
 */
int wb_notes_load(struct wb_notes *out, const char *path, const char *const *classes,
		  size_t nclasses);
struct wb_note *wb_notes_find(struct wb_notes *notes, const char *key);

struct wb_note_add {
	const char *key;
	const char *hash;
	const char *reason;
};

/*
 * Adds an 'unreviewed' line for each of adds, each before the first entry
 * that sorts after it, so existing bytes stay as they were; writes the file
 * atomically.
 */
int wb_notes_add_unreviewed(struct wb_notes *notes, const struct wb_note_add *adds, size_t n);
void wb_notes_release(struct wb_notes *notes);

#endif
