// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the C scanner, the blob summary and the cache record,
 * with an oracle.  Any input is a blob; the target aborts when
 *
 *  - the summary misses a name the scan reports (a call, a reference, a
 *    definition): the audit would skip the blob and drop a caller, or when
 *    the summary is not the set of identifier runs of the blob;
 *  - the record, serialised as the cache stores it and read back, is not
 *    the scan it came from;
 *  - lines and ranges do not hold: a function's start after its end, a call
 *    site outside its function, a line past the end of the input, a site
 *    whose line:col does not point at its name;
 *  - a scan that also wants reference sites reports other calls than one
 *    that does not.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "scan.h"
#include "util.h"

#define oracle(cond, ...)                                                       \
	do {                                                                    \
		if (!(cond)) {                                                  \
			fprintf(stderr, "oracle: %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			fprintf(stderr, __VA_ARGS__);                           \
			fputc('\n', stderr);                                    \
			abort();                                                \
		}                                                               \
	} while (0)

static int ident_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
	       (c >= '0' && c <= '9');
}

/* What the summary should be, computed the slow way: every run of identifier bytes. */
struct runs {
	uint32_t *all;		/* hash of every run that starts with a non-digit */
	size_t nall;
	uint32_t *longs;	/* those of WB_SUMMARY_MIN_NAME bytes or more */
	size_t nlongs;
	const char **first;	/* a few distinct names, for want_refs */
	size_t *firstlen;
	size_t nfirst;
};

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static size_t uniq_u32(uint32_t *v, size_t n)
{
	size_t i, j;

	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_u32);
	for (i = j = 1; i < n; i++)
		if (v[i] != v[j - 1])
			v[j++] = v[i];
	return j;
}

static int has_u32(const uint32_t *v, size_t n, uint32_t key)
{
	return bsearch(&key, v, n, sizeof(*v), cmp_u32) != NULL;
}

/*
 * wb_name_hash() as it was first written, a byte at a time: the fast one
 * loads its last word in pieces and must give the same (summaries and
 * queries both use it, and cached summaries hold its values).
 */
static uint32_t slow_name_hash(const char *s, size_t len)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
	size_t i = 0;

	while (i < len) {
		uint64_t w = 0;
		unsigned char *b = (unsigned char *)&w;
		size_t k;

		for (k = 0; k < 8 && i < len; k++, i++)
			b[k] = (unsigned char)s[i];
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 29;
	}
	h *= 0xc4ceb9fe1a85ec53ull;
	return (uint32_t)(h >> 32);
}

/* Every length up to 40 from a few offsets, the short ones the summary skips included. */
static void check_name_hash(const char *buf, size_t len)
{
	size_t off, n;

	for (off = 0; off < len && off < 24; off += 7)
		for (n = 0; n <= len - off && n <= 40; n++)
			oracle(wb_name_hash(buf + off, n) == slow_name_hash(buf + off, n),
			       "wb_name_hash of %zu bytes at %zu", n, off);
}

#define MAX_WANT 32

static void find_runs(struct runs *r, const char *buf, size_t len)
{
	size_t i = 0;

	memset(r, 0, sizeof(*r));
	r->all = xmalloc((len / 2 + 1) * sizeof(*r->all));
	r->longs = xmalloc((len / 2 + 1) * sizeof(*r->longs));
	r->first = xmalloc(MAX_WANT * sizeof(*r->first));
	r->firstlen = xmalloc(MAX_WANT * sizeof(*r->firstlen));
	while (i < len) {
		size_t start = i;
		uint32_t h;

		if (!ident_byte((unsigned char)buf[i])) {
			i++;
			continue;
		}
		while (i < len && ident_byte((unsigned char)buf[i]))
			i++;
		if (buf[start] >= '0' && buf[start] <= '9')
			continue;
		h = slow_name_hash(buf + start, i - start);
		r->all[r->nall++] = h;
		if (i - start >= WB_SUMMARY_MIN_NAME)
			r->longs[r->nlongs++] = h;
		if (r->nfirst < MAX_WANT) {
			r->first[r->nfirst] = buf + start;
			r->firstlen[r->nfirst] = i - start;
			r->nfirst++;
		}
	}
	r->nall = uniq_u32(r->all, r->nall);
	r->nlongs = uniq_u32(r->longs, r->nlongs);
}

static void release_runs(struct runs *r)
{
	free(r->all);
	free(r->longs);
	free(r->first);
	free(r->firstlen);
}

/* Start of each line (1-based: lines[1] is offset 0), and the line count. */
struct lines {
	size_t *start;
	size_t n;
};

static void find_lines(struct lines *l, const char *buf, size_t len)
{
	size_t i;

	l->n = 1;
	for (i = 0; i < len; i++)
		l->n += buf[i] == '\n';
	l->start = xmalloc((l->n + 2) * sizeof(*l->start));
	l->start[0] = 0;
	l->start[1] = 0;
	l->n = 1;
	for (i = 0; i < len; i++)
		if (buf[i] == '\n')
			l->start[++l->n] = i + 1;
	l->start[l->n + 1] = len + 1;	/* one past the end of the last line */
}

static const char *const prefixes[] = { "compat_sys_", "sys_" };

/*
 * The audit asks a summary "could this blob mention NAME?" before it scans
 * the blob for NAME: a no for a name the scan reports loses it.
 */
static void want_in_summary(const struct wb_summary *sum, const char *name, const char *what)
{
	oracle(wb_summary_may_mention(sum, name, wb_name_hash(name, strlen(name))),
	       "%s '%s' is not in the blob's summary", what, name);
}

static void check_summary_of_func(const struct wb_summary *sum, const struct wb_scan *scan,
				  const struct wb_scan_func *f)
{
	const char *name = wb_scan_str(scan, f->name);
	size_t i;

	/* SYSCALL_DEFINEn(x, ...) defines sys_x: the blob says only x */
	if (f->flags & WB_FUNC_NAMED_BY_MACRO) {
		if (strlen(name) >= 256)
			return;		/* cut to the scanner's limit: not a name of the blob */
		for (i = 0; i < WB_ARRAY_SIZE(prefixes); i++) {
			size_t n = strlen(prefixes[i]);

			if (!strncmp(name, prefixes[i], n) &&
			    wb_summary_may_mention(sum, name + n, wb_name_hash(name + n, strlen(name + n))))
				return;
		}
	}
	want_in_summary(sum, name, f->kind == WB_FUNC_MACRO ? "macro" : "function");
}

static void check_scan(const struct wb_scan *scan, const char *buf, size_t len,
		       const struct wb_summary *sum, const struct runs *runs, const struct lines *lines)
{
	size_t i;

	oracle(scan->size == len, "size %llu for %zu bytes", (unsigned long long)scan->size, len);
	if (memchr(buf, '\0', len)) {
		oracle(scan->flags == WB_SCAN_BINARY && !scan->nfuncs && !scan->nsites,
		       "binary input: flags %#x, %zu functions, %zu sites", scan->flags, scan->nfuncs,
		       scan->nsites);
		return;
	}
	oracle(!(scan->flags & WB_SCAN_BINARY), "text input flagged binary");
	oracle(scan->nlines == lines->n, "%u lines for an input of %zu", scan->nlines, lines->n);
	if (scan->flags)
		oracle(scan->flag_line >= 1 && scan->flag_line <= lines->n, "flag line %u of %zu",
		       scan->flag_line, lines->n);
	oracle(!scan->nfuncs && !scan->nsites ? 1 : scan->strtab_len > 0, "names but no string table");
	if (scan->strtab_len)
		oracle(scan->strtab[scan->strtab_len - 1] == '\0', "string table not terminated");

	for (i = 0; i < scan->nfuncs; i++) {
		const struct wb_scan_func *f = &scan->funcs[i];

		oracle(f->name < scan->strtab_len, "function %zu: name offset %u", i, f->name);
		oracle(f->kind == WB_FUNC_C || f->kind == WB_FUNC_MACRO, "function %zu: kind %u", i,
		       f->kind);
		oracle(f->line >= 1 && f->line <= f->end_line && f->end_line <= lines->n,
		       "function '%s': lines %u..%u of %zu", wb_scan_str(scan, f->name), f->line,
		       f->end_line, lines->n);
		check_summary_of_func(sum, scan, f);
	}
	for (i = 0; i < scan->nsites; i++) {
		const struct wb_scan_site *s = &scan->sites[i];
		const char *name;
		size_t nlen, at;

		oracle(s->name < scan->strtab_len, "site %zu: name offset %u", i, s->name);
		name = wb_scan_str(scan, s->name);
		nlen = strlen(name);
		oracle(s->kind == WB_SITE_CALL || s->kind == WB_SITE_REF, "site %zu: kind %u", i, s->kind);
		oracle(s->line >= 1 && s->line <= lines->n, "site '%s': line %u of %zu", name, s->line,
		       lines->n);
		oracle(s->col >= 1, "site '%s': column 0", name);
		/* line:col is where the name is written */
		if (s->col < 0xffff) {
			at = lines->start[s->line] + s->col - 1;
			oracle(at + nlen < lines->start[s->line + 1] && !memcmp(buf + at, name, nlen),
			       "site '%s' at %u:%u: the input has '%.*s' there", name, s->line, s->col,
			       (int)(at < len ? (len - at < nlen ? len - at : nlen) : 0),
			       at < len ? buf + at : "");
		}
		oracle(s->func >= -1 && (s->func < 0 || (size_t)s->func < scan->nfuncs),
		       "site '%s': function %d of %zu", name, s->func, scan->nfuncs);
		if (s->func >= 0) {
			const struct wb_scan_func *f = &scan->funcs[s->func];

			oracle(s->line >= f->line && s->line <= f->end_line,
			       "site '%s' on line %u: outside its function '%s' (lines %u..%u)", name,
			       s->line, wb_scan_str(scan, f->name), f->line, f->end_line);
			oracle(f->nparams >= 32 || !(s->param_mask >> f->nparams),
			       "site '%s': parameter mask %#x, function '%s' has %u", name, s->param_mask,
			       wb_scan_str(scan, f->name), f->nparams);
			oracle(!(s->flags & WB_SITE_IN_MACRO) == (f->kind != WB_FUNC_MACRO),
			       "site '%s': in-macro flag %u in a function of kind %u", name, s->flags,
			       f->kind);
		}
		if (s->object != WB_NO_OBJECT)
			oracle(s->object < scan->strtab_len, "site '%s': object offset %u", name, s->object);
		want_in_summary(sum, name, s->kind == WB_SITE_CALL ? "callee" : "referenced name");
	}
	for (i = 0; i < scan->nrefnames; i++) {
		if (i)
			oracle(scan->refnames[i - 1] < scan->refnames[i], "refnames not sorted and unique");
		/* hashes only: a name of the input; the summary has it unless it is short */
		oracle(has_u32(runs->all, runs->nall, scan->refnames[i]),
		       "refname hash %08x is no name of the input", scan->refnames[i]);
		oracle(!has_u32(runs->longs, runs->nlongs, scan->refnames[i]) ||
		       wb_summary_has(sum, scan->refnames[i]),
		       "refname hash %08x is not in the summary", scan->refnames[i]);
	}
}

static void check_record(const struct wb_scan *scan)
{
	struct strbuf sb = STRBUF_INIT;
	struct wb_record r;
	uint32_t *calls;
	size_t ncalls = 0, i;

	wb_record_serialize(&sb, scan);
	oracle(sb.len % 4 == 0, "record of %zu bytes", sb.len);
	oracle(wb_record_parse(&r, sb.buf, sb.len) == 0, "the record just written does not parse");
	oracle(r.flags == scan->flags && r.flag_line == scan->flag_line && r.nlines == scan->nlines &&
	       r.size == scan->size, "header differs");
	oracle(r.nfuncs == scan->nfuncs && r.nsites == scan->nsites &&
	       r.nrefnames == scan->nrefnames && r.strtab_len == scan->strtab_len,
	       "counts differ: %u/%zu funcs, %u/%zu sites, %u/%zu refnames, %u/%zu strtab", r.nfuncs,
	       scan->nfuncs, r.nsites, scan->nsites, r.nrefnames, scan->nrefnames, r.strtab_len,
	       scan->strtab_len);
	oracle(!scan->nfuncs || !memcmp(r.funcs, scan->funcs, scan->nfuncs * sizeof(*scan->funcs)),
	       "functions differ");
	oracle(!scan->nsites || !memcmp(r.sites, scan->sites, scan->nsites * sizeof(*scan->sites)),
	       "sites differ");
	oracle(!scan->nrefnames ||
	       !memcmp(r.refnames, scan->refnames, scan->nrefnames * sizeof(*scan->refnames)),
	       "refnames differ");
	oracle(!scan->strtab_len || !memcmp(r.strtab, scan->strtab, scan->strtab_len),
	       "string tables differ");

	/* callnames: the sorted, unique hashes of the callees */
	calls = xmalloc((scan->nsites + 1) * sizeof(*calls));
	for (i = 0; i < scan->nsites; i++)
		if (scan->sites[i].kind == WB_SITE_CALL) {
			const char *s = wb_scan_str(scan, scan->sites[i].name);

			calls[ncalls++] = wb_name_hash(s, strlen(s));
		}
	ncalls = uniq_u32(calls, ncalls);
	oracle(r.ncallnames == ncalls && (!ncalls || !memcmp(r.callnames, calls, ncalls * 4)),
	       "callnames: %u in the record, %zu callees", r.ncallnames, ncalls);
	for (i = 0; i < ncalls; i++)
		oracle(wb_record_has_call(&r, calls[i]), "callee hash %08x not found", calls[i]);
	for (i = 0; i < scan->nrefnames; i++)
		oracle(wb_record_has_ref(&r, scan->refnames[i]), "refname %08x not found",
		       scan->refnames[i]);
	free(calls);

	/* a record cut short must not parse (the padding is under 4 bytes) */
	{
		struct wb_record bad;

		oracle(wb_record_parse(&bad, sb.buf, sb.len - 4) < 0, "a truncated record parses");
	}
	strbuf_release(&sb);
}

/* Calls are the same whether or not reference sites are wanted too. */
static int same_call(const struct wb_scan *a, const struct wb_scan_site *x, const struct wb_scan *b,
		     const struct wb_scan_site *y)
{
	if (strcmp(wb_scan_str(a, x->name), wb_scan_str(b, y->name)) || x->line != y->line ||
	    x->col != y->col || x->flags != y->flags || x->param_mask != y->param_mask)
		return 0;
	if ((x->object == WB_NO_OBJECT) != (y->object == WB_NO_OBJECT) ||
	    (x->object != WB_NO_OBJECT &&
	     strcmp(wb_scan_str(a, x->object), wb_scan_str(b, y->object))))
		return 0;
	if ((x->func < 0) != (y->func < 0))
		return 0;
	if (x->func >= 0) {
		const struct wb_scan_func *f = &a->funcs[x->func], *g = &b->funcs[y->func];

		if (strcmp(wb_scan_str(a, f->name), wb_scan_str(b, g->name)) || f->line != g->line ||
		    f->end_line != g->end_line)
			return 0;
	}
	return 1;
}

static void check_same_calls(const struct wb_scan *a, const struct wb_scan *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < a->nsites && a->sites[i].kind != WB_SITE_CALL)
			i++;
		while (j < b->nsites && b->sites[j].kind != WB_SITE_CALL)
			j++;
		if (i == a->nsites || j == b->nsites)
			break;
		oracle(same_call(a, &a->sites[i], b, &b->sites[j]),
		       "call '%s' at %u:%u differs when reference sites are wanted ('%s' at %u:%u)",
		       wb_scan_str(a, a->sites[i].name), a->sites[i].line, a->sites[i].col,
		       wb_scan_str(b, b->sites[j].name), b->sites[j].line, b->sites[j].col);
		i++;
		j++;
	}
	oracle(i == a->nsites && j == b->nsites, "one scan has more calls than the other");
	oracle(a->nrefnames == b->nrefnames &&
	       (!a->nrefnames || !memcmp(a->refnames, b->refnames, a->nrefnames * 4)),
	       "refnames differ when reference sites are wanted");
	oracle(a->flags == b->flags && a->nlines == b->nlines, "flags or lines differ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes: ASan sees any read past the blob */
	char *buf = xmalloc(size ? size : 1);
	struct wb_scan scan, wscan;
	struct wb_nameset *want;
	struct strbuf sb = STRBUF_INIT;
	struct wb_summary sum;
	struct runs runs;
	struct lines lines;
	uint32_t *hashes;
	size_t nhashes, i;
	unsigned sflags;

	memcpy(buf, data, size);

	sflags = wb_summarize_buffer(&hashes, &nhashes, buf, size);
	wb_summary_serialize(&sb, sflags, size, hashes, nhashes);
	oracle(wb_summary_parse(&sum, sb.buf, sb.len) == 0, "the summary just written does not parse");
	oracle(sum.flags == sflags && sum.size == size && sum.n == nhashes &&
	       (!nhashes || !memcmp(sum.hashes, hashes, nhashes * 4)),
	       "summary round trip");

	check_name_hash(buf, size);
	find_runs(&runs, buf, size);
	find_lines(&lines, buf, size);
	if (sflags & WB_SCAN_BINARY) {
		oracle(memchr(buf, '\0', size) && !nhashes, "summary: binary flag");
	} else {
		for (i = 1; i < nhashes; i++)
			oracle(hashes[i - 1] < hashes[i], "summary not sorted and unique");
		/* no false negative, and nothing that is not a name of the blob */
		oracle(nhashes == runs.nlongs && (!nhashes || !memcmp(hashes, runs.longs, nhashes * 4)),
		       "summary has %zu names, the input %zu", nhashes, runs.nlongs);
	}

	oracle(wb_scan_buffer(&scan, buf, size, NULL) == 0, "scan failed");
	check_scan(&scan, buf, size, &sum, &runs, &lines);
	check_record(&scan);
	for (i = 0; i < scan.nfuncs && i < 8; i++)
		(void)wb_body_hash(buf, size, scan.funcs[i].line, scan.funcs[i].end_line);

	/* the same blob, with reference sites of some of its names */
	want = wb_nameset_new();
	for (i = 0; i < runs.nfirst; i++)
		wb_nameset_add(want, runs.first[i], runs.firstlen[i]);
	oracle(wb_scan_buffer(&wscan, buf, size, want) == 0, "scan with want_refs failed");
	check_scan(&wscan, buf, size, &sum, &runs, &lines);
	check_record(&wscan);
	check_same_calls(&scan, &wscan);
	for (i = 0; i < wscan.nsites; i++)
		if (wscan.sites[i].kind == WB_SITE_REF) {
			const char *n = wb_scan_str(&wscan, wscan.sites[i].name);

			oracle(wb_nameset_has(want, n, strlen(n)), "reference site of unwanted '%s'", n);
		}

	wb_nameset_free(want);
	wb_scan_release(&wscan);
	wb_scan_release(&scan);
	free(lines.start);
	release_runs(&runs);
	strbuf_release(&sb);
	free(hashes);
	free(buf);
	return 0;
}
