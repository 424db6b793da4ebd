// SPDX-License-Identifier: GPL-2.0
/*
 * A posted series from whatever a list delivers: the messages are split
 * and decoded by git mailsplit and git mailinfo (what git am itself uses),
 * never by b4, which 0.12 crashes on folded subjects and some cover
 * letters; which message is what comes from the [PATCH vN M/N] subject.
 */
#include "series-mbox.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "series.h"
#include "spawn.h"
#include "util.h"

#define MAX_MAILS 5000

void wb_posted_release(struct wb_posted *p)
{
	size_t i;

	for (i = 0; i < p->nmails; i++) {
		free(p->mails[i].path);
		free(p->mails[i].subject);
		free(p->mails[i].text);
	}
	free(p->mails);
	free(p->patches);
	memset(p, 0, sizeof(*p));
	p->cover = -1;
}

static int not_dotfile(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static int is_regular(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISREG(st.st_mode);
}

static int is_directory(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

/* The regular files of dir, in name order, pushed as paths. */
static int list_files(struct wb_strlist *out, const char *dir)
{
	struct dirent **ents = NULL;
	int n = scandir(dir, &ents, not_dotfile, alphasort), i;

	if (n < 0)
		return error("could not read '%s': %s", dir, strerror(errno));
	for (i = 0; i < n; i++) {
		struct strbuf p = STRBUF_INIT;

		strbuf_addf(&p, "%s/%s", dir, ents[i]->d_name);
		if (is_regular(p.buf) && out->nr < MAX_MAILS)
			wb_strlist_push(out, p.buf);
		strbuf_release(&p);
		free(ents[i]);
	}
	free(ents);
	return 0;
}

/* "[PATCH v2 3/5]", "[RFC PATCH 0/2]", "[PATCH net-next v3 1/1]": version and numbers. */
static void parse_prefix(struct wb_mail *m)
{
	const char *s = m->subject;

	m->version = 1;
	while (*s == ' ')
		s++;
	while (*s == '[') {
		const char *e = strchr(s, ']'), *w = s + 1;

		if (!e)
			break;
		while (w < e) {
			const char *we = w;
			char *slash;

			while (we < e && *we != ' ')
				we++;
			if ((*w == 'v' || *w == 'V') && we - w > 1 && (size_t)(we - w - 1) == strspn(w + 1, "0123456789") &&
			    we - w < 6)
				m->version = atoi(w + 1);
			else if ((slash = memchr(w, '/', (size_t)(we - w))) && slash > w &&
				 (size_t)(slash - w) == strspn(w, "0123456789") && slash + 1 < we &&
				 (size_t)(we - slash - 1) == strspn(slash + 1, "0123456789") && we - w < 12) {
				m->number = atoi(w);
				m->total = atoi(slash + 1);
			}
			w = we;
			while (w < e && *w == ' ')
				w++;
		}
		s = e + 1;
		while (*s == ' ')
			s++;
	}
}

static int is_reply(const char *subject)
{
	const char *s = subject;

	while (*s == ' ')
		s++;
	return !strncasecmp(s, "re:", 3) || !strncasecmp(s, "aw:", 3) || !strncasecmp(s, "fwd:", 4);
}

static int looks_like_patch(const char *patch)
{
	return !strncmp(patch, "diff --git ", 11) || strstr(patch, "\ndiff --git ") ||
	       (strstr(patch, "\n--- ") && strstr(patch, "\n+++ ") && strstr(patch, "\n@@ "));
}

/* git mailinfo of one message: its subject and decoded text. */
static int read_mail(struct wb_mail *m, const char *path, const char *tmp)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_spawn sp = WB_SPAWN_INIT;
	struct strbuf in = STRBUF_INIT, msg = STRBUF_INIT, patch = STRBUF_INIT, mp = STRBUF_INIT,
		      pp = STRBUF_INIT;
	const char *l;
	int rc = -1;

	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	if (wb_read_file(&in, path) < 0) {
		error("could not read '%s': %s", path, strerror(errno));
		goto out;
	}
	strbuf_addf(&mp, "%s/mailinfo-msg", tmp);
	strbuf_addf(&pp, "%s/mailinfo-patch", tmp);
	/* -k: the [PATCH ...] prefix is what says which message is what */
	sp.argv = (const char *[]){ "git", "mailinfo", "-k", "-u", mp.buf, pp.buf, NULL };
	sp.in = in.buf ? in.buf : "";
	sp.in_len = in.len;
	if (wb_spawn_run(&sr, &sp) < 0)
		goto out;
	if (sr.status) {
		char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

		/* not a mail at all: no patch in it, and nothing to tell */
		warning("'%s' is not a mail git mailinfo reads (%s); left out", path, first);
		free(first);
		m->subject = xstrdup("");
		m->text = xstrdup("");
		rc = 0;
		goto out;
	}
	for (l = sr.out.buf; l && *l; ) {
		const char *eol = strchr(l, '\n');
		size_t n = eol ? (size_t)(eol - l) : strlen(l);

		if (n >= 9 && !strncmp(l, "Subject: ", 9) && !m->subject)
			m->subject = xstrndup(l + 9, n - 9);
		l = eol ? eol + 1 : NULL;
	}
	if (!m->subject)
		m->subject = xstrdup("");
	wb_read_file(&msg, mp.buf);
	wb_read_file(&patch, pp.buf);
	m->has_patch = looks_like_patch(strbuf_str(&patch));
	strbuf_addstr(&msg, strbuf_str(&patch));
	m->text = strbuf_detach(&msg, NULL);
	if (!m->text)
		m->text = xstrdup("");
	parse_prefix(m);
	rc = 0;
out:
	wb_spawn_result_release(&sr);
	strbuf_release(&in);
	strbuf_release(&msg);
	strbuf_release(&patch);
	strbuf_release(&mp);
	strbuf_release(&pp);
	return rc;
}

/* An archive's mbox (public-inbox writes "From mboxrd@z ...") escapes body lines with '>'. */
static int is_mboxrd(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[64];
	int r = 0;

	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f))
		r = !strncmp(line, "From mboxrd@z ", 14);
	fclose(f);
	return r;
}

static int split_mbox(struct wb_strlist *files, const char *mbox, const char *tmp)
{
	struct wb_spawn_result sr = WB_SPAWN_RESULT_INIT;
	struct wb_strlist argv = WB_STRLIST_INIT;
	struct strbuf dir = STRBUF_INIT, opt = STRBUF_INIT;
	int rc = -1;

	strbuf_addf(&dir, "%s/split", tmp);
	if (wb_mkdir_p(dir.buf, 0700) < 0) {
		error("could not create '%s': %s", dir.buf, strerror(errno));
		goto out;
	}
	strbuf_addf(&opt, "-o%s", dir.buf);
	/* -b: a file that is one mail without a From line is that mail */
	wb_strlist_pushv(&argv, (const char *const[]){ "git", "mailsplit", "-b", opt.buf, NULL });
	if (is_mboxrd(mbox))
		wb_strlist_push(&argv, "--mboxrd");
	wb_strlist_pushv(&argv, (const char *const[]){ "--", mbox, NULL });
	if (wb_run(&sr, NULL, wb_strlist_argv(&argv)) < 0)
		goto out;
	if (sr.status) {
		char *first = wb_first_line(sr.err.len ? sr.err.buf : sr.out.buf);

		error("could not split the mbox '%s' into messages: %s", mbox, first);
		free(first);
		goto out;
	}
	rc = list_files(files, dir.buf);
out:
	wb_spawn_result_release(&sr);
	wb_strlist_clear(&argv);
	strbuf_release(&dir);
	strbuf_release(&opt);
	return rc;
}

struct order {
	const struct wb_mail *m;
	size_t idx;
};

static int cmp_order(const void *a, const void *b)
{
	const struct order *x = a, *y = b;

	if (x->m->number != y->m->number)
		return x->m->number < y->m->number ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

int wb_posted_read(struct wb_posted *out, const char *src, int is_dir, const char *tmp)
{
	struct wb_strlist files = WB_STRLIST_INIT;
	struct order *ord = NULL;
	size_t i, n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	out->cover = -1;
	if (is_dir) {
		struct strbuf sub = STRBUF_INIT;
		static const char *const md[] = { "cur", "new" };

		/* a maildir's messages are in cur/ and new/ */
		for (i = 0; i < 2; i++) {
			strbuf_reset(&sub);
			strbuf_addf(&sub, "%s/%s", src, md[i]);
			if (is_directory(sub.buf) && list_files(&files, sub.buf) < 0) {
				strbuf_release(&sub);
				goto cleanup;
			}
		}
		strbuf_release(&sub);
		if (!files.nr && list_files(&files, src) < 0)
			goto cleanup;
	} else if (split_mbox(&files, src, tmp) < 0) {
		goto cleanup;
	}
	out->mails = xcalloc(files.nr + 1, sizeof(*out->mails));
	for (i = 0; i < files.nr; i++) {
		if (read_mail(&out->mails[out->nmails], files.v[i], tmp) < 0) {
			free(out->mails[out->nmails].path);
			free(out->mails[out->nmails].subject);
			free(out->mails[out->nmails].text);
			goto cleanup;
		}
		out->nmails++;
	}
	/* the newest revision of the patches there are */
	out->version = 0;
	for (i = 0; i < out->nmails; i++)
		if (out->mails[i].has_patch && !is_reply(out->mails[i].subject) &&
		    out->mails[i].version > out->version)
			out->version = out->mails[i].version;
	ord = xcalloc(out->nmails + 1, sizeof(*ord));
	for (i = 0; i < out->nmails; i++) {
		const struct wb_mail *m = &out->mails[i];

		if (is_reply(m->subject) || m->version != out->version)
			continue;
		if (m->has_patch && !(m->number == 0 && m->total > 0)) {
			ord[n].m = m;
			ord[n++].idx = i;
		} else if (!m->has_patch && out->cover < 0 && (m->number == 0 || strstr(m->text, WB_DIGEST_BEGIN))) {
			out->cover = (long)i;
		}
	}
	if (n > 1)
		qsort(ord, n, sizeof(*ord), cmp_order);
	out->patches = xcalloc(n + 1, sizeof(*out->patches));
	for (i = 0; i < n; i++) {
		const struct wb_mail *m = ord[i].m;

		/* a patch sent twice (a resend in the thread): the first */
		if (i && m->number && m->number == ord[i - 1].m->number)
			continue;
		if (m->total && (m->number < 1 || m->number > m->total)) {
			error("'%s': patch %d/%d is not a number of the series", m->path, m->number, m->total);
			rc = -2;
			goto cleanup;
		}
		out->patches[out->npatches++] = ord[i].idx;
	}
	/* every M of M/N there */
	if (out->npatches && out->mails[out->patches[0]].total) {
		int total = out->mails[out->patches[0]].total;

		if ((int)out->npatches != total) {
			for (i = 0; i < out->npatches && out->mails[out->patches[i]].number == (int)i + 1; i++)
				;
			error("patch %zu/%d of the series is not there (%zu of %d patches found)", i + 1, total,
			      out->npatches, total);
			rc = -2;
			goto cleanup;
		}
	}
	rc = 0;
cleanup:
	free(ord);
	wb_strlist_clear(&files);
	if (rc)
		wb_posted_release(out);
	return rc;
}

const struct wb_mail *wb_posted_digest_mail(const struct wb_posted *p)
{
	size_t i;

	if (p->cover >= 0 && strstr(p->mails[p->cover].text, WB_DIGEST_BEGIN))
		return &p->mails[p->cover];
	/* one patch: b4 puts the cover letter below its '---' */
	for (i = 0; i < p->npatches; i++)
		if (strstr(p->mails[p->patches[i]].text, WB_DIGEST_BEGIN))
			return &p->mails[p->patches[i]];
	return NULL;
}

static char *base_in(const char *text)
{
	const char *p = text;

	while ((p = strstr(p, "base-commit: "))) {
		if (p == text || p[-1] == '\n') {
			size_t n = strspn(p + 13, "0123456789abcdef");

			if (n == 40)
				return xstrndup(p + 13, 40);
		}
		p += 13;
	}
	return NULL;
}

char *wb_posted_base_commit(const struct wb_posted *p)
{
	char *b = NULL;
	size_t i;

	if (p->cover >= 0)
		b = base_in(p->mails[p->cover].text);
	for (i = p->npatches; !b && i > 0; i--)
		b = base_in(p->mails[p->patches[i - 1]].text);
	return b;
}
