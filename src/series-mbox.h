/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SERIES_MBOX_H
#define WB_SERIES_MBOX_H

#include <stddef.h>

/*
 * A posted series as a list delivers it (series-mbox.c): an mbox (git
 * format-patch --stdout, with or without a cover letter, threaded, an
 * archive's mboxrd), a directory of messages or a maildir.  git mailsplit
 * and git mailinfo read the messages (folded headers, RFC 2047 subjects,
 * quoted-printable and base64 bodies); replies are left out, and of
 * several revisions the newest is taken.
 */
struct wb_mail {
	char *path;		/* the message, one per file */
	char *subject;		/* unfolded and decoded, its [PATCH ...] kept */
	char *text;		/* the decoded body: message, then what follows '---' */
	int has_patch;
	int version;		/* vN of the subject, 1 without one */
	int number, total;	/* M/N of the subject; 0/0 without one */
};

struct wb_posted {
	struct wb_mail *mails;
	size_t nmails;
	size_t *patches;	/* indexes into mails, in patch order */
	size_t npatches;
	long cover;		/* index of the cover letter, -1: none */
	int version;
};

/*
 * Read the messages of src (an mbox file, or a directory of message files
 * or a maildir when is_dir) into out, using tmp for the split messages.
 * -1 after an error reading it, -2 when a patch of the series is missing;
 * a source without patches is 0 with npatches 0.
 */
int wb_posted_read(struct wb_posted *out, const char *src, int is_dir, const char *tmp);
void wb_posted_release(struct wb_posted *p);

/* The first mail whose text holds a workbench digest (cover letter first), or NULL. */
const struct wb_mail *wb_posted_digest_mail(const struct wb_posted *p);
/* The commit a "base-commit: " line of the series names (caller frees), or NULL. */
char *wb_posted_base_commit(const struct wb_posted *p);

#endif
