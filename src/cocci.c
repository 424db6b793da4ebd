// SPDX-License-Identifier: GPL-2.0
#include "cocci.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "spawn.h"
#include "util.h"

#define FILES_PER_RUN 256

struct job {
	size_t rule;
	size_t first, n;	/* range in the rule's todo list */
};

struct runner {
	const char *spatch;
	const char *tmpdir;
	const char *const *rules;
	char **macros;		/* per rule: the macro file beside it, or NULL */
	const char *const *defines;
	size_t ndefines;
	const struct wb_cocci_file *files;
	size_t **todo;		/* per rule: file indexes to run */
	struct job *jobs;
	size_t njobs, next;
	pthread_mutex_t lock;	/* protects next, out and failed */
	struct strbuf *out;	/* per rule: spatch's stdout, concatenated */
	int failed;
};

static void *run_jobs(void *arg)
{
	struct runner *r = arg;

	for (;;) {
		struct wb_spawn sp = WB_SPAWN_INIT;
		struct wb_spawn_result res = WB_SPAWN_RESULT_INIT;
		struct wb_strlist argv = WB_STRLIST_INIT;
		struct job *j;
		size_t i;

		pthread_mutex_lock(&r->lock);
		if (r->next >= r->njobs || r->failed) {
			pthread_mutex_unlock(&r->lock);
			return NULL;
		}
		j = &r->jobs[r->next++];
		pthread_mutex_unlock(&r->lock);

		wb_strlist_push(&argv, r->spatch);
		wb_strlist_push(&argv, "--very-quiet");
		wb_strlist_push(&argv, "-D");
		wb_strlist_push(&argv, "report");
		wb_strlist_push(&argv, "--no-includes");
		wb_strlist_push(&argv, "--include-headers");
		wb_strlist_push(&argv, "--no-show-diff");
		/* one pathological file must not hold the audit hostage */
		wb_strlist_push(&argv, "--timeout");
		wb_strlist_push(&argv, "60");
		for (i = 0; i < r->ndefines; i++) {
			wb_strlist_push(&argv, "-D");
			wb_strlist_push(&argv, r->defines[i]);
		}
		if (r->macros[j->rule]) {
			wb_strlist_push(&argv, "--macro-file");
			wb_strlist_push(&argv, r->macros[j->rule]);
		}
		wb_strlist_push(&argv, "--sp-file");
		wb_strlist_push(&argv, r->rules[j->rule]);
		/* spatch has no '--': "./PATH" keeps a name like "--sp-file=x" a file */
		for (i = 0; i < j->n; i++)
			wb_strlist_pushf(&argv, "./%s", r->files[r->todo[j->rule][j->first + i]].path);
		sp.argv = wb_strlist_argv(&argv);
		sp.cwd = r->tmpdir;
		if (wb_spawn_run(&res, &sp) < 0 || res.status != 0) {
			char *first = wb_first_line(res.err.len ? strbuf_str(&res.err)
								: strbuf_str(&res.out));

			error("spatch failed on rule '%s' (exit %d): %s", r->rules[j->rule],
			      res.status, first);
			free(first);
			pthread_mutex_lock(&r->lock);
			r->failed = 1;
			pthread_mutex_unlock(&r->lock);
		} else {
			pthread_mutex_lock(&r->lock);
			strbuf_add(&r->out[j->rule], res.out.buf ? res.out.buf : "", res.out.len);
			pthread_mutex_unlock(&r->lock);
		}
		wb_spawn_result_release(&res);
		wb_strlist_clear(&argv);
	}
}

static int materialise(struct wb_repo *repo, const char *dir, const struct wb_cocci_file *f)
{
	struct strbuf path = STRBUF_INIT;
	git_odb_object *obj = NULL;
	char *slash;
	int ret = -1;

	if (wb_path_join(&path, dir, f->path) < 0)
		return -1;
	if (wb_repo_read_one(repo, f->oid, 0, &obj) != WB_READ_OK) {
		git_odb_object_free(obj);
		strbuf_release(&path);
		return error("%s: could not read the blob for Coccinelle", f->path);
	}
	slash = strrchr(path.buf, '/');
	*slash = '\0';
	if (wb_mkdir_p(path.buf, 0700) < 0) {
		error("could not create '%s': %s", path.buf, strerror(errno));
		goto out;
	}
	*slash = '/';
	if (f->nranges) {
		const char *p = git_odb_object_data(obj), *end = p + git_odb_object_size(obj);
		struct strbuf kept = STRBUF_INIT;
		uint32_t line = 1;
		size_t r;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *next = nl ? nl + 1 : end;
			int keep = 0;

			for (r = 0; r < f->nranges && !keep; r++)
				keep = line >= f->ranges[2 * r] && line <= f->ranges[2 * r + 1];
			if (keep)
				strbuf_add(&kept, p, (size_t)(next - p));
			else if (nl)
				strbuf_addch(&kept, '\n');
			p = next;
			line++;
		}
		ret = wb_write_file_atomic(path.buf, strbuf_str(&kept), kept.len);
		strbuf_release(&kept);
	} else {
		ret = wb_write_file_atomic(path.buf, git_odb_object_data(obj),
					   git_odb_object_size(obj));
	}
	if (ret < 0) {
		error("could not write '%s': %s", path.buf, strerror(errno));
		ret = -1;
		goto out;
	}
out:
	git_odb_object_free(obj);
	strbuf_release(&path);
	return ret;
}

/*
 * Cache key of (blob, lines kept, rule, defines, spatch version): an id of its own.
 * "wb-cocci/2": the facts are sorted here since the rules print them per file.
 */
static void cache_key(git_oid *out, const struct wb_cocci_file *f, uint64_t rule_hash)
{
	char buf[128];
	char hex[GIT_OID_HEXSZ + 1];
	uint64_t h = wb_hash64(f->ranges, f->nranges * 2 * sizeof(*f->ranges), rule_hash);
	int n = snprintf(buf, sizeof(buf), "wb-cocci/2 %s %016llx\n",
			 git_oid_tostr(hex, sizeof(hex), f->oid), (unsigned long long)h);

	git_odb_hash(out, buf, (size_t)n, GIT_OBJECT_BLOB);
}

/* One report line of spatch, pointing into its output. */
struct out_line {
	const char *path;
	size_t file;
	unsigned long line, col;
	const char *text;
	size_t len;
};

static int out_line_cmp(const void *a, const void *b)
{
	const struct out_line *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	c = memcmp(x->text, y->text, n);
	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

static void add_fact(struct wb_cocci_result *res, const char *rule, size_t file, uint32_t line,
		     uint32_t col, const char *text, size_t len)
{
	struct wb_fact *f;

	res->facts = xrealloc(res->facts, (res->n + 1) * sizeof(*res->facts));
	f = &res->facts[res->n++];
	f->rule = xstrdup(rule);
	f->file = file;
	f->line = line;
	f->col = col;
	f->text = xstrndup(text, len);
}

static const char *rule_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* Cached form of one (blob, rule): "line col text\n" a fact. */
static void replay(struct wb_cocci_result *res, const char *rule, size_t file, const char *data,
		   size_t len)
{
	const char *p = data, *end = data + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		unsigned long line, col;
		char *q;

		if (!nl)
			break;
		line = strtoul(p, &q, 10);
		col = strtoul(q, &q, 10);
		if (*q == ' ')
			add_fact(res, rule, file, (uint32_t)line, (uint32_t)col, q + 1,
				 (size_t)(nl - q - 1));
		p = nl + 1;
	}
}

int wb_cocci_run(struct wb_cocci_result *res, struct wb_repo *repo, const char *cache_dir,
		 const char *const *rules, size_t nrules, const char *const *defines,
		 size_t ndefines, const struct wb_cocci_file *files, size_t nfiles, unsigned jobs)
{
	struct runner r;
	struct wb_cache *cache = NULL;
	struct wb_spawn_result ver = WB_SPAWN_RESULT_INIT;
	const char *vargv[] = { NULL, "--version", NULL };
	uint64_t *rule_hash;
	char **macros = NULL;
	size_t *ntodo, i, k;
	char *spatch, *need, *tmpl = NULL;
	pthread_t th[16];
	unsigned nth, t;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	spatch = wb_which("spatch");
	if (!spatch)
		return error("spatch not found: install coccinelle, or run with --no-cocci");
	vargv[0] = spatch;
	if (wb_run(&ver, NULL, vargv) < 0 || ver.status) {
		wb_spawn_result_release(&ver);
		free(spatch);
		return error("'spatch --version' failed");
	}
	res->spatch_version = wb_first_line(strbuf_str(&ver.out));
	wb_spawn_result_release(&ver);

	rule_hash = xcalloc(nrules + 1, sizeof(*rule_hash));
	macros = xcalloc(nrules + 1, sizeof(*macros));
	for (i = 0; i < nrules; i++) {
		struct strbuf sb = STRBUF_INIT, mp = STRBUF_INIT, mf = STRBUF_INIT;
		const char *slash = strrchr(rules[i], '/');

		if (wb_read_file(&sb, rules[i]) < 0) {
			error("could not read rule '%s': %s", rules[i], strerror(errno));
			strbuf_release(&sb);
			goto out_free;
		}
		rule_hash[i] = wb_hash64(sb.buf, sb.len, 0);
		/* the definition macros spatch lacks (cocci/kernel-macros.h), when there */
		if (slash)
			strbuf_add(&mp, rules[i], (size_t)(slash - rules[i]) + 1);
		strbuf_addstr(&mp, "kernel-macros.h");
		if (wb_read_file(&mf, mp.buf) == 0) {
			rule_hash[i] = wb_hash64(mf.buf, mf.len, rule_hash[i]);
			macros[i] = strbuf_detach(&mp, NULL);
		}
		strbuf_release(&mp);
		strbuf_release(&mf);
		for (k = 0; k < ndefines; k++)
			rule_hash[i] = wb_hash64(defines[k], strlen(defines[k]) + 1, rule_hash[i]);
		rule_hash[i] = wb_hash64(res->spatch_version, strlen(res->spatch_version),
					 rule_hash[i]);
		strbuf_release(&sb);
	}
	if (cache_dir) {
		struct strbuf dir = STRBUF_INIT;

		strbuf_addf(&dir, "%s/cocci", cache_dir);
		if (wb_cache_open(&cache, dir.buf) < 0)
			cache = NULL;
		strbuf_release(&dir);
	}

	/* what the cache already knows is replayed; the rest is run */
	r.todo = xcalloc(nrules + 1, sizeof(*r.todo));
	ntodo = xcalloc(nrules + 1, sizeof(*ntodo));
	need = xcalloc(nfiles + 1, 1);
	for (i = 0; i < nrules; i++) {
		r.todo[i] = xmalloc((nfiles + 1) * sizeof(**r.todo));
		for (k = 0; k < nfiles; k++) {
			git_oid key;
			const void *data;
			size_t len;

			cache_key(&key, &files[k], rule_hash[i]);
			data = wb_cache_get(cache, &key, &len);
			if (data) {
				replay(res, rule_name(rules[i]), k, data, len);
				continue;
			}
			r.todo[i][ntodo[i]++] = k;
			need[k] = 1;
		}
	}
	for (k = 0; k < nfiles; k++)
		res->spatch_runs += need[k];
	if (!res->spatch_runs) {
		ret = 0;
		goto out_todo;
	}

	/* named for us, so that the next run can remove it when we are killed */
	if (!(tmpl = wb_tmpdir_create("cocci")))
		goto out_todo;
	for (k = 0; k < nfiles; k++)
		if (need[k] && materialise(repo, tmpl, &files[k]) < 0)
			goto out_tmp;

	for (i = 0; i < nrules; i++)
		for (k = 0; k < ntodo[i]; k += FILES_PER_RUN) {
			r.jobs = xrealloc(r.jobs, (r.njobs + 1) * sizeof(*r.jobs));
			r.jobs[r.njobs++] = (struct job){ i, k,
				ntodo[i] - k < FILES_PER_RUN ? ntodo[i] - k : FILES_PER_RUN };
		}
	r.spatch = spatch;
	r.tmpdir = tmpl;
	r.rules = rules;
	r.macros = macros;
	r.defines = defines;
	r.ndefines = ndefines;
	r.files = files;
	r.out = xcalloc(nrules + 1, sizeof(*r.out));
	pthread_mutex_init(&r.lock, NULL);
	nth = jobs ? jobs : wb_ncpus();
	if (nth > WB_ARRAY_SIZE(th))
		nth = WB_ARRAY_SIZE(th);
	if (nth > r.njobs)
		nth = (unsigned)r.njobs;
	for (t = 0; t < nth; t++)
		if (pthread_create(&th[t], NULL, run_jobs, &r))
			break;
	if (!t)
		run_jobs(&r);
	nth = t;
	for (t = 0; t < nth; t++)
		pthread_join(th[t], NULL);
	pthread_mutex_destroy(&r.lock);
	if (r.failed)
		goto out_out;

	/*
	 * parse "path:line:col-col: text" and cache per (blob, rule); spatch
	 * prints a file's facts when it is done with it, so the lines are put
	 * in the order of (path, line, column, text), each once, whatever
	 * order the files were looked at in
	 */
	for (i = 0; i < nrules; i++) {
		struct strbuf *per = xcalloc(nfiles + 1, sizeof(*per));
		const char *p = strbuf_str(&r.out[i]), *end = p + r.out[i].len;
		struct out_line *lines = NULL;
		size_t nlines = 0, alloc = 0, l;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p)), *colon;
			const char *eol = nl ? nl : end;
			unsigned long line = 0, col = 0;
			char *q;

			/* the files were given as "./PATH" */
			if (eol - p > 2 && p[0] == '.' && p[1] == '/')
				p += 2;
			colon = memchr(p, ':', (size_t)(eol - p));
			if (colon) {
				for (k = 0; k < nfiles; k++)
					if (strlen(files[k].path) == (size_t)(colon - p) &&
					    !memcmp(files[k].path, p, (size_t)(colon - p)))
						break;
				line = strtoul(colon + 1, &q, 10);
				if (k < nfiles && *q == ':') {
					col = strtoul(q + 1, &q, 10);
					while (q < eol && *q != ' ')
						q++;
					if (q < eol)
						q++;
					if (nlines == alloc) {
						alloc = alloc ? 2 * alloc : 64;
						lines = xrealloc(lines, alloc * sizeof(*lines));
					}
					lines[nlines++] = (struct out_line){ files[k].path, k,
						line, col, q, (size_t)(eol - q) };
				}
			}
			p = nl ? nl + 1 : end;
		}
		if (nlines)
			qsort(lines, nlines, sizeof(*lines), out_line_cmp);
		for (l = 0; l < nlines; l++) {
			const struct out_line *o = &lines[l];

			if (l && !out_line_cmp(o, o - 1))
				continue;
			add_fact(res, rule_name(rules[i]), o->file, (uint32_t)o->line,
				 (uint32_t)o->col, o->text, o->len);
			strbuf_addf(&per[o->file], "%lu %lu %.*s\n", o->line, o->col,
				    (int)o->len, o->text);
		}
		free(lines);
		for (k = 0; k < ntodo[i]; k++) {
			size_t f = r.todo[i][k], len;
			git_oid key;
			char *data;

			cache_key(&key, &files[f], rule_hash[i]);
			data = strbuf_detach(&per[f], &len);
			wb_cache_put(cache, &key, data, len);
		}
		for (k = 0; k < nfiles; k++)
			strbuf_release(&per[k]);
		free(per);
	}
	ret = 0;
out_out:
	for (i = 0; i < nrules; i++)
		strbuf_release(&r.out[i]);
	free(r.out);
	free(r.jobs);
out_tmp:
	wb_tmpdir_remove(tmpl);
	free(tmpl);
out_todo:
	for (i = 0; i < nrules; i++)
		free(r.todo[i]);
	free(r.todo);
	free(ntodo);
	free(need);
	if (!ret)
		wb_cache_flush(cache);
	wb_cache_free(cache);
out_free:
	free(rule_hash);
	for (i = 0; macros && i < nrules; i++)
		free(macros[i]);
	free(macros);
	free(spatch);
	return ret;
}

void wb_cocci_result_release(struct wb_cocci_result *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		free(r->facts[i].rule);
		free(r->facts[i].text);
	}
	free(r->facts);
	free(r->spatch_version);
	memset(r, 0, sizeof(*r));
}

void wb_fact_words(struct strbuf *sb, const struct wb_fact *f)
{
	const char *p = f->text;
	int first = 1;

	while (*p) {
		size_t n = strcspn(p, " \t");

		if (n && strncmp(p, "call=", 5)) {
			if (!first)
				strbuf_addch(sb, ' ');
			strbuf_add(sb, p, n);
			first = 0;
		}
		p += n;
		while (*p == ' ' || *p == '\t')
			p++;
	}
}

char *wb_fact_id(const struct wb_fact *f)
{
	size_t n = strcspn(f->text, " \t");

	return xstrndup(f->text, n);
}

char *wb_fact_get(const struct wb_fact *f, const char *key)
{
	size_t kl = strlen(key);
	const char *p = f->text;

	while ((p = strstr(p, key))) {
		if ((p == f->text || p[-1] == ' ') && p[kl] == '=') {
			const char *v = p + kl + 1;

			return xstrndup(v, strcspn(v, " \t"));
		}
		p += kl;
	}
	return NULL;
}
