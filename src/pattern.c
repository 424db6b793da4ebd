// SPDX-License-Identifier: GPL-2.0
#include "pattern.h"

#include <stdlib.h>
#include <string.h>

#include "spawn.h"
#include "util.h"

static int in_scope(const struct wb_check *c, const char *path)
{
	size_t i;

	if (wb_check_excludes(c, path))
		return 0;
	if (!c->nscopes)
		return 1;
	for (i = 0; i < c->nscopes; i++)
		if (!strncmp(path, c->scopes[i], strlen(c->scopes[i])))
			return 1;
	return 0;
}

static int mentions_trigger(const struct wb_check *c, const struct wb_index *idx, size_t file)
{
	size_t i;

	for (i = 0; i < c->ntriggers; i++)
		if (wb_index_may_mention(idx, file, c->triggers[i],
					 wb_name_hash(c->triggers[i], strlen(c->triggers[i]))))
			return 1;
	return 0;
}

static int cmp_fact(const void *x, const void *y, void *arg)
{
	const struct wb_fact *a = x, *b = y;
	int c = wb_index_cmp_pos(arg, a->file, a->line, a->col, b->file, b->line, b->col);

	return c ? c : strcmp(a->text, b->text);
}

int wb_pattern_run(struct wb_pattern *p, const struct wb_index *idx, const struct wb_check *c,
		   const char *cocci_dir, const char *cache_dir, int all, unsigned jobs)
{
	struct wb_cocci_file *files = xcalloc(idx->nfiles + 1, sizeof(*files));
	size_t *map = xcalloc(idx->nfiles + 1, sizeof(*map));
	struct wb_strlist rules = WB_STRLIST_INIT;
	size_t i, n = 0;
	int ret;

	memset(p, 0, sizeof(*p));
	p->check = c;
	p->idx = idx;
	for (i = 0; i < idx->nfiles; i++) {
		const struct wb_index_file *f = &idx->files[i];

		if (f->status != WB_READ_OK || (f->sum.flags & WB_SCAN_BINARY) ||
		    (!all && !in_scope(c, f->path)))
			continue;
		p->nscope++;
		if (!mentions_trigger(c, idx, i))
			continue;
		files[n].oid = f->oid;
		files[n].path = f->path;
		map[n++] = i;
	}
	p->ncandidates = n;
	for (i = 0; i < c->nrules; i++)
		wb_strlist_pushf(&rules, "%s/%s.cocci", cocci_dir, c->rules[i]);
	ret = wb_cocci_run(&p->facts, idx->repo, cache_dir, (const char *const *)rules.v,
			   rules.nr, NULL, 0, files, n, jobs);
	for (i = 0; i < p->facts.n; i++) {
		char *id = wb_fact_id(&p->facts.facts[i]);

		p->facts.facts[i].file = map[p->facts.facts[i].file];
		p->nnotes += wb_check_is_note_fact(c, id);
		free(id);
	}
	if (p->facts.n)
		qsort_r(p->facts.facts, p->facts.n, sizeof(*p->facts.facts), cmp_fact,
			(void *)idx);
	wb_strlist_clear(&rules);
	free(files);
	free(map);
	return ret;
}

/* The fact's words but its position and function, which the line shows. */
static void fact_words(struct strbuf *sb, const struct wb_fact *f)
{
	struct strbuf all = STRBUF_INIT;
	const char *p;
	int first = 1;

	wb_fact_words(&all, f);
	for (p = all.buf; *p;) {
		size_t n = strcspn(p, " ");

		if (strncmp(p, "func=", 5)) {
			if (!first)
				strbuf_addch(sb, ' ');
			first = 0;
			strbuf_add(sb, p, n);
		}
		p += n;
		while (*p == ' ')
			p++;
	}
	strbuf_release(&all);
}

void wb_pattern_text(FILE *out, const struct wb_pattern *p, const struct wb_report_ctx *ctx)
{
	char hex[GIT_OID_HEXSZ + 1];
	struct strbuf msg = STRBUF_INIT, path = STRBUF_INIT;
	size_t i, nfiles = 0, nfindings = p->facts.n - p->nnotes;
	long last_file = -1;

	git_oid_tostr(hex, 13, git_oid_is_zero(ctx->commit) ? ctx->tree : ctx->commit);
	fprintf(out, "audit %s at %s (%s)\n\n", p->check->name, wb_report_name(ctx), hex);
	for (i = 0; i < p->facts.n; i++) {
		const struct wb_fact *f = &p->facts.facts[i];
		char *id = wb_fact_id(f), *func = wb_fact_get(f, "func");
		int note = wb_check_is_note_fact(p->check, id);

		strbuf_reset(&msg);
		if (func && strcmp(func, "?"))
			strbuf_addf(&msg, "in %s(): ", func);
		fact_words(&msg, f);
		strbuf_reset(&path);
		fprintf(out, "%s:%u:%u: %s: %s [%s]\n",
			wb_quote_path(&path, p->idx->files[f->file].path, 0), f->line, f->col + 1,
			note ? "note" : "warning", msg.buf, p->check->name);
		if (!note && (long)f->file != last_file) {
			nfiles++;
			last_file = (long)f->file;
		}
		free(id);
		free(func);
	}
	if (p->facts.n)
		fputc('\n', out);
	fprintf(out, "%s: %zu finding%s in %zu file%s", p->check->name, nfindings,
		nfindings == 1 ? "" : "s", nfiles, nfiles == 1 ? "" : "s");
	if (p->nnotes)
		fprintf(out, ", %zu note%s", p->nnotes, p->nnotes == 1 ? "" : "s");
	fprintf(out, "; %zu of %zu file%s in scope looked at\n", p->ncandidates, p->nscope,
		p->nscope == 1 ? "" : "s");
	strbuf_release(&msg);
	strbuf_release(&path);
}

json_t *wb_pattern_json(const struct wb_pattern *p, const struct wb_report_ctx *ctx)
{
	json_t *o = json_object(), *findings = json_array();
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;

	json_object_set_new(o, "check", json_string(p->check->name));
	json_object_set_new(o, "revision", json_string(ctx->rev));
	json_object_set_new(o, "tree", json_string(git_oid_tostr(hex, sizeof(hex), ctx->tree)));
	for (i = 0; i < p->facts.n; i++) {
		const struct wb_fact *f = &p->facts.facts[i];
		json_t *e = json_object();
		char *id = wb_fact_id(f);

		json_object_set_new(e, "path", wb_json_string(p->idx->files[f->file].path));
		json_object_set_new(e, "line", json_integer(f->line));
		json_object_set_new(e, "column", json_integer(f->col + 1));
		json_object_set_new(e, "rule", json_string(f->rule));
		json_object_set_new(e, "fact", json_string(id));
		{
			char *func = wb_fact_get(f, "func");

			json_object_set_new(e, "function", func && strcmp(func, "?") ?
					    wb_json_string(func) : json_null());
			json_object_set_new(e, "severity",
					    json_string(wb_check_is_note_fact(p->check, id) ?
							"note" : "warning"));
			free(func);
		}
		json_object_set_new(e, "text", json_string(f->text));
		json_array_append_new(findings, e);
		free(id);
	}
	json_object_set_new(o, "findings", findings);
	json_object_set_new(o, "files_in_scope", json_integer((json_int_t)p->nscope));
	json_object_set_new(o, "files_looked_at", json_integer((json_int_t)p->ncandidates));
	if (p->facts.spatch_version)
		json_object_set_new(o, "spatch", json_string(p->facts.spatch_version));
	return o;
}

void wb_pattern_release(struct wb_pattern *p)
{
	wb_cocci_result_release(&p->facts);
}
