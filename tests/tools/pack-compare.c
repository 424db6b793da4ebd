// SPDX-License-Identifier: GPL-2.0
/*
 * pack-compare GITDIR [--threads N] [--late STASH]: reads every object of
 * GITDIR (alternates included) twice, through plain libgit2 and through a
 * repository hardened by wb_repo_harden() (our pack reader in front), and
 * compares type, size and bytes.  Prints
 *   compared N objects, M read by the pack reader, K differ
 * and exits 1 when any differ or could not be read either way.
 *
 * --threads N: the hardened reads are spread over N threads, each with its
 * own repository (as wb_repo_read_blobs() does), every one reading all.
 * --late STASH: moves STASH/pack-*.{idx,pack} into GITDIR/objects/pack
 * after the hardened repository is opened: a pack that appears later.
 */
#include <dirent.h>
#include <git2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/pack.h"
#include "../../src/repo.h"
#include "../../src/util.h"

struct list {
	git_oid *v;
	size_t n, alloc;
};

static int collect(const git_oid *id, void *payload)
{
	struct list *l = payload;

	WB_ALLOC_GROW(l->v, l->n + 1, l->alloc);
	l->v[l->n++] = *id;
	return 0;
}

static int cmp_oid(const void *a, const void *b)
{
	return git_oid_cmp(a, b);
}

struct worker {
	const char *gitdir;
	git_repository *repo;	/* or opened here */
	const struct list *l;
	git_odb *plain;		/* only in the first worker */
	pthread_mutex_t *plain_lock;
	size_t start;
	size_t differ, failed;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	git_repository *repo = w->repo;
	git_odb *odb = NULL;
	size_t k;

	if (!repo && (git_repository_open_bare(&repo, w->gitdir) < 0 || wb_repo_harden(repo) < 0)) {
		fprintf(stderr, "pack-compare: cannot open %s: %s\n", w->gitdir,
			wb_git_error("?"));
		w->failed = w->l->n;
		return NULL;
	}
	if (git_repository_odb(&odb, repo) < 0) {
		w->failed = w->l->n;
		goto out;
	}
	for (k = 0; k < w->l->n; k++) {
		size_t i = (w->start + k) % w->l->n;
		const git_oid *id = &w->l->v[i];
		git_odb_object *a = NULL, *b = NULL;
		char hex[GIT_OID_HEXSZ + 1];
		int ea, eb;

		git_oid_tostr(hex, sizeof(hex), id);
		eb = git_odb_read(&b, odb, id);
		if (eb < 0)
			fprintf(stderr, "pack-compare: %s: ours: %s\n", hex, wb_git_error("?"));
		pthread_mutex_lock(w->plain_lock);
		ea = git_odb_read(&a, w->plain, id);
		if (ea < 0)
			fprintf(stderr, "pack-compare: %s: libgit2: %s\n", hex, wb_git_error("?"));
		pthread_mutex_unlock(w->plain_lock);
		if (ea < 0 || eb < 0) {
			w->failed++;
		} else if (git_odb_object_type(a) != git_odb_object_type(b) ||
			   git_odb_object_size(a) != git_odb_object_size(b) ||
			   memcmp(git_odb_object_data(a), git_odb_object_data(b),
				  git_odb_object_size(a))) {
			fprintf(stderr, "pack-compare: %s differs\n", hex);
			w->differ++;
		}
		git_odb_object_free(a);
		git_odb_object_free(b);
	}
out:
	git_odb_free(odb);
	if (!w->repo)
		git_repository_free(repo);
	return NULL;
}

static int move_stash(const char *stash, const char *gitdir)
{
	struct strbuf from = STRBUF_INIT, to = STRBUF_INIT;
	struct dirent *de;
	DIR *d = opendir(stash);
	int err = 0;

	if (!d)
		return error("cannot open %s", stash);
	/* the .pack first: a pack counts once its index is there */
	for (int pass = 0; pass < 2 && !err; pass++) {
		rewinddir(d);
		while ((de = readdir(d)) && !err) {
			size_t len = strlen(de->d_name);
			const char *ext = pass ? ".idx" : ".pack";

			if (len < strlen(ext) || strcmp(de->d_name + len - strlen(ext), ext))
				continue;
			strbuf_reset(&from);
			strbuf_reset(&to);
			strbuf_addf(&from, "%s/%s", stash, de->d_name);
			strbuf_addf(&to, "%s%sobjects/pack/%s", gitdir,
				    gitdir[strlen(gitdir) - 1] == '/' ? "" : "/", de->d_name);
			if (rename(from.buf, to.buf) < 0)
				err = error("cannot move %s", from.buf);
		}
	}
	closedir(d);
	strbuf_release(&from);
	strbuf_release(&to);
	return err;
}

int main(int argc, char **argv)
{
	const char *gitdir = NULL, *stash = NULL;
	unsigned nthreads = 1, t;
	git_repository *plain = NULL, *first = NULL;
	git_odb *plain_odb = NULL;
	pthread_mutex_t plain_lock = PTHREAD_MUTEX_INITIALIZER;
	struct list l = { 0 };
	struct worker *w;
	pthread_t *th;
	size_t differ = 0, failed = 0, before;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--threads") && i + 1 < argc)
			nthreads = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--late") && i + 1 < argc)
			stash = argv[++i];
		else
			gitdir = argv[i];
	}
	if (!gitdir || !nthreads || nthreads > 64) {
		fprintf(stderr, "usage: pack-compare GITDIR [--threads N] [--late STASH]\n");
		return 2;
	}
	git_libgit2_init();
	/* hardened first, so that a late pack is one it has not seen */
	if (git_repository_open_bare(&first, gitdir) < 0 || wb_repo_harden(first) < 0) {
		fprintf(stderr, "pack-compare: cannot open %s: %s\n", gitdir, wb_git_error("?"));
		return 1;
	}
	if (stash && move_stash(stash, gitdir) < 0)
		return 1;
	/* plain libgit2: no backend of ours */
	if (git_repository_open_bare(&plain, gitdir) < 0 ||
	    git_repository_odb(&plain_odb, plain) < 0 ||
	    git_odb_foreach(plain_odb, collect, &l) < 0) {
		fprintf(stderr, "pack-compare: cannot list %s: %s\n", gitdir, wb_git_error("?"));
		return 1;
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_oid);
	before = wb_pack_objects_read();
	w = xcalloc(nthreads, sizeof(*w));
	th = xcalloc(nthreads, sizeof(*th));
	for (t = 0; t < nthreads; t++) {
		w[t] = (struct worker){ .gitdir = gitdir, .repo = t ? NULL : first, .l = &l,
					.plain = plain_odb, .plain_lock = &plain_lock,
					.start = l.n * t / nthreads };
		if (pthread_create(&th[t], NULL, work, &w[t]))
			return 1;
	}
	for (t = 0; t < nthreads; t++) {
		pthread_join(th[t], NULL);
		differ += w[t].differ;
		failed += w[t].failed;
	}
	printf("compared %zu objects, %zu read by the pack reader, %zu differ, %zu unreadable\n",
	       l.n * nthreads, wb_pack_objects_read() - before, differ, failed);
	free(w);
	free(th);
	free(l.v);
	git_odb_free(plain_odb);
	git_repository_free(plain);
	git_repository_free(first);
	git_libgit2_shutdown();
	return differ || failed ? 1 : 0;
}
