// SPDX-License-Identifier: GPL-2.0
/*
 * gen-tree: write a git fast-import stream of a synthetic, kernel-like tree.
 *
 *	gen-tree [-n FILES] [-s SEED] [-v] [PRIMITIVE...] | git fast-import --quiet
 *	gen-tree -V
 *
 * One commit on refs/heads/master holding FILES .c/.h files (default 60000)
 * over about 2,000 directories, plus a Makefile per directory. Every name and
 * every line is generated here from a fixed seed; fixed dates make the same
 * arguments give the same commit id. The watched primitives (default: the
 * fault-in family) are declared, defined, called directly, called through
 * wrappers (static inline, macro, wrapper of a wrapper, a static one with a
 * same-named decoy elsewhere), referenced by address, and mentioned in
 * comments and strings, so an audit has real work and git grep sees noise.
 *
 * Bump GEN_TREE_VERSION whenever the output for the same arguments changes:
 * tools/bench.sh reuses a generated repository only for the same version.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define GEN_TREE_VERSION "gen-tree 2"

#define FILES_PER_DIR 30 /* 60000 files over 2,000 directories */
#define NWORDS 4096
#define NHELPERS 320
#define GLOBALS_PER_CFILE 4
#define NBIG_HEADERS 6

static const char *const default_primitives[] = {
	"fault_in_pages_readable",
	"fault_in_pages_writeable",
	"iov_iter_fault_in_readable",
	"fault_in_readable",
	"fault_in_writeable",
	"fault_in_safe_writeable",
	"fault_in_iov_iter_readable",
	"fault_in_iov_iter_writeable",
	"fault_in_subpage_writeable",
};

/* ---- output buffer ---------------------------------------------------- */

struct buf {
	char *p;
	size_t len, cap;
};

static void die(const char *msg)
{
	fprintf(stderr, "gen-tree: %s\n", msg);
	exit(1);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die("out of memory");
	return p;
}

static void bgrow(struct buf *b, size_t extra)
{
	if (b->len + extra + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (b->len + extra + 1 > cap)
			cap *= 2;
		b->p = xrealloc(b->p, cap);
		b->cap = cap;
	}
}

static void bput(struct buf *b, const char *s, size_t n)
{
	bgrow(b, n);
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void bputs(struct buf *b, const char *s)
{
	bput(b, s, strlen(s));
}

static void bputc(struct buf *b, char c)
{
	bgrow(b, 1);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

static void bputu(struct buf *b, unsigned long long v)
{
	char tmp[24];
	int i = 0;

	do {
		tmp[i++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	bgrow(b, (size_t)i);
	while (i)
		b->p[b->len++] = tmp[--i];
	b->p[b->len] = '\0';
}

static void bputx(struct buf *b, unsigned long long v, int width)
{
	static const char hex[] = "0123456789abcdef";
	char tmp[16];
	int i = 0;

	do {
		tmp[i++] = hex[v & 15];
		v >>= 4;
	} while (v && i < 16);
	while (i < width && i < 16)
		tmp[i++] = '0';
	bput(b, "0x", 2);
	bgrow(b, (size_t)i);
	while (i)
		b->p[b->len++] = tmp[--i];
	b->p[b->len] = '\0';
}

static void bupper(struct buf *b, const char *s)
{
	for (; *s; s++)
		bputc(b, (*s >= 'a' && *s <= 'z') ? (char)(*s - 'a' + 'A') : *s);
}

static void tabs(struct buf *b, int n)
{
	while (n-- > 0)
		bputc(b, '\t');
}

/* ---- deterministic randomness ------------------------------------------ */

static uint64_t seed = 0x5eed2021c0deULL;
static uint64_t rng;

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t rnd(void)
{
	rng += 0x9e3779b97f4a7c15ULL;
	return mix64(rng);
}

/* Uniform in [0, n); n > 0. */
static uint32_t rn(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

static uint32_t range(uint32_t lo, uint32_t hi)
{
	return lo + rn(hi - lo + 1);
}

static int pct(uint32_t p)
{
	return rn(100) < p;
}

/* Each file gets its own stream, so its text does not depend on the others. */
static void reseed(uint64_t stream, uint64_t index)
{
	rng = mix64(seed ^ mix64(stream * 0x100000001b3ULL + index));
}

/* ---- vocabulary ---------------------------------------------------------- */

static char *words[NWORDS];

static const char *const onsets[] = {
	"b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t",
	"v", "w", "z", "br", "cl", "dr", "fr", "gl", "pl", "pr", "sk", "st", "tr",
	"qu", "sh", "th", "",
};
static const char *const vowels[] = {
	"a", "e", "i", "o", "u", "a", "e", "o", "ai", "ea", "io", "ou", "y",
};
static const char *const codas[] = {
	"", "", "", "n", "r", "l", "s", "x", "ck", "m", "t", "nd", "st",
};

/* Plain words kernel identifiers are built from; common English, not code. */
static const char *const stems[] = {
	"init", "exit", "probe", "remove", "get", "put", "lock", "unlock", "read",
	"write", "alloc", "free", "start", "stop", "reset", "enable", "disable",
	"count", "flags", "state", "buf", "len", "dev", "priv", "data", "ops",
	"info", "ctx", "irq", "reg", "val", "addr", "size", "offset", "page",
	"entry", "list", "node", "head", "work", "queue", "map", "unmap", "sync",
	"flush", "setup", "config", "update", "check", "handle", "open", "release",
	"poll", "wait", "wake", "timer", "event", "mode", "table", "desc", "slot",
	"chan", "port", "link", "mask", "status", "cmd", "resp", "seq", "pos",
};

static const char *const keywords[] = {
	"auto", "break", "case", "char", "const", "continue", "default", "do",
	"double", "else", "enum", "extern", "float", "for", "goto", "if", "inline",
	"int", "long", "register", "restrict", "return", "short", "signed",
	"sizeof", "static", "struct", "switch", "typedef", "union", "unsigned",
	"void", "volatile", "while", "asm", "typeof", "bool", "true", "false",
};

static int is_keyword(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (!strcmp(w, keywords[i]))
			return 1;
	return 0;
}

#define PICK(a) ((a)[rn((uint32_t)(sizeof(a) / sizeof((a)[0])))])

static void make_words(void)
{
	int i;

	reseed(1, 0);
	for (i = 0; i < NWORDS; i++) {
		char w[40];

		do {
			int n = (int)range(1, 3), k;

			w[0] = '\0';
			for (k = 0; k < n; k++) {
				strcat(w, PICK(onsets));
				strcat(w, PICK(vowels));
				if (k == n - 1 || pct(30))
					strcat(w, PICK(codas));
			}
		} while (strlen(w) < 2 || is_keyword(w) || !strncmp(w, "fault", 5));
		words[i] = strcpy(xrealloc(NULL, strlen(w) + 1), w);
	}
}

static const char *word(void)
{
	return words[rn(NWORDS)];
}

/* A generated word or, half the time, a plain stem. */
static const char *part(void)
{
	return pct(50) ? PICK(stems) : word();
}

/* ---- the plan: directories, files, roles ------------------------------- */

struct dir {
	char *path;
	const char *prefix; /* identifier prefix of the subsystem */
	const char *top;
	int depth;
	int include; /* headers only */
	unsigned weight;
};

enum role {
	ROLE_NONE,
	ROLE_DECLS,	/* prototypes of the primitives, inline + macro wrappers */
	ROLE_DEFS,	/* definitions of the primitives */
	ROLE_WRAP2,	/* global wrapper of an inline wrapper */
	ROLE_STATIC,	/* static wrapper and its callers in the same file */
	ROLE_DECOY,	/* unrelated static function with the static wrapper's name */
	ROLE_CALLER,	/* direct calls of a primitive */
	ROLE_W0, ROLE_W1, ROLE_W2, ROLE_W3, /* calls of one wrapper */
	ROLE_REF,	/* address-taken references */
	ROLE_NOISE,	/* mentions in comments and strings only */
	ROLE_BIG,	/* a huge register header */
};

struct file {
	char *path;
	int dir;
	int is_h;
	int cindex; /* index among .c files, -1 for headers */
	enum role role;
	size_t target;
};

static struct dir *dirs;
static int ndirs, maxdirs; /* maxdirs planned, one more for the big headers */
static struct file *files;
static int nfiles;
static int *cfiles; /* file index of each .c file */
static int ncfiles;
static int *hfiles; /* headers under include/, for #include lines */
static int nhfiles;

static const char **prims;
static int nprims;

static const char *helpers[NHELPERS];
static char *wrapper[5]; /* W0 inline, W1 inline, W2 macro, W3 global, W4 static */
static int decl_file; /* holds the prototypes and W0-W2; callers include it */

/* Open-addressing set of strings, to keep paths unique. */
static char **set;
static size_t setcap;

static uint64_t strhash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 0x100000001b3ULL;
	return h;
}

static int set_add(const char *s)
{
	size_t i = (size_t)strhash(s) & (setcap - 1);

	while (set[i]) {
		if (!strcmp(set[i], s))
			return 0;
		i = (i + 1) & (setcap - 1);
	}
	set[i] = strcpy(xrealloc(NULL, strlen(s) + 1), s);
	return 1;
}

static char *xstrdup(const char *s)
{
	return strcpy(xrealloc(NULL, strlen(s) + 1), s);
}

struct top {
	const char *name;
	unsigned share; /* of the directories, per mille */
};

static const struct top tops[] = {
	{ "drivers", 470 }, { "arch", 110 }, { "fs", 90 }, { "net", 80 },
	{ "sound", 50 }, { "include", 45 }, { "tools", 40 }, { "kernel", 20 },
	{ "lib", 15 }, { "mm", 8 }, { "crypto", 15 }, { "security", 15 },
	{ "block", 8 }, { "virt", 4 }, { "ipc", 3 }, { "init", 2 },
	{ "samples", 5 },
};

static int add_dir(const char *path, const char *top, int depth, int include)
{
	struct dir *d;

	if (!set_add(path))
		return -1;
	d = &dirs[ndirs];
	d->path = xstrdup(path);
	d->top = top;
	d->depth = depth;
	d->include = include;
	d->prefix = word();
	d->weight = depth ? range(1, 60) : range(5, 30);
	return ndirs++;
}

static void plan_dirs(void)
{
	size_t t;
	char path[512];

	reseed(2, 0);
	for (t = 0; t < sizeof(tops) / sizeof(tops[0]); t++)
		add_dir(tops[t].name, tops[t].name, 0, !strcmp(tops[t].name, "include"));
	add_dir("include/linux", "include", 1, 1);
	dirs[ndirs - 1].weight = 10 + 890 * (unsigned)maxdirs / 2000;
	add_dir("include/net", "include", 1, 1);
	add_dir("include/uapi", "include", 1, 1);
	while (ndirs < maxdirs) {
		unsigned r = rn(1000), acc = 0;
		const char *top = tops[0].name;
		int parent = -1, tries, i;

		for (t = 0; t < sizeof(tops) / sizeof(tops[0]); t++) {
			acc += tops[t].share;
			if (r < acc) {
				top = tops[t].name;
				break;
			}
		}
		/* a child of a random existing directory of that top, depth <= 4 */
		for (tries = 0; tries < 8; tries++) {
			i = (int)rn((uint32_t)ndirs);
			if (!strcmp(dirs[i].top, top) && dirs[i].depth < 4) {
				parent = i;
				break;
			}
		}
		if (parent < 0)
			for (i = 0; i < ndirs; i++)
				if (dirs[i].depth == 0 && !strcmp(dirs[i].path, top))
					parent = i;
		if (snprintf(path, sizeof(path), "%s/%s", dirs[parent].path, word()) >= (int)sizeof(path))
			continue;
		add_dir(path, top, dirs[parent].depth + 1, dirs[parent].include);
	}
}

static size_t file_target(void)
{
	uint32_t r = rn(100);

	if (r < 45)
		return range(1200, 4500);
	if (r < 83)
		return range(4500, 14500);
	if (r < 98)
		return range(14500, 40000);
	return range(40000, 110000);
}

static int find_dir(const char *path)
{
	int i;

	for (i = 0; i < ndirs; i++)
		if (!strcmp(dirs[i].path, path))
			return i;
	return -1;
}

static int first_dir_under(const char *top)
{
	size_t n = strlen(top);
	int i;

	for (i = 0; i < ndirs; i++)
		if (!strncmp(dirs[i].path, top, n) && dirs[i].path[n] == '/')
			return i;
	return find_dir(top);
}

static void plan_files(int n)
{
	unsigned long long total = 0, *cum;
	char path[640];
	int i, bigdir;

	reseed(3, 0);
	cum = xrealloc(NULL, sizeof(*cum) * (size_t)ndirs);
	for (i = 0; i < ndirs; i++) {
		/* no files directly in drivers/ or include/, like the kernel */
		if (!(dirs[i].depth == 0 && (!strcmp(dirs[i].path, "drivers") ||
					     !strcmp(dirs[i].path, "include"))))
			total += dirs[i].weight;
		cum[i] = total;
	}
	snprintf(path, sizeof(path), "%s/%s/regs", dirs[first_dir_under("drivers")].path, word());
	bigdir = add_dir(path, "drivers", 3, 0);

	files = xrealloc(NULL, sizeof(*files) * (size_t)n);
	cfiles = xrealloc(NULL, sizeof(*cfiles) * (size_t)n);
	hfiles = xrealloc(NULL, sizeof(*hfiles) * (size_t)n);
	for (i = 0; i < n; i++) {
		struct file *f = &files[i];
		unsigned long long r;
		int d, lo, hi;

		memset(f, 0, sizeof(*f));
		if (i < NBIG_HEADERS) {
			d = bigdir;
			f->role = ROLE_BIG;
			f->target = (size_t)(1024 * 1024 + (uint64_t)i * 3 * 1024 * 1024 / (NBIG_HEADERS - 1));
		} else {
			r = rnd() % total;
			lo = 0;
			hi = ndirs - 1;
			while (lo < hi) {
				int mid = (lo + hi) / 2;

				if (cum[mid] > r)
					hi = mid;
				else
					lo = mid + 1;
			}
			d = lo;
			f->target = file_target();
		}
		f->dir = d;
		f->is_h = dirs[d].include || f->role == ROLE_BIG || pct(36);
		for (;;) {
			int len = snprintf(path, sizeof(path), "%s/%s", dirs[d].path, part());

			if (pct(45)) {
				const char *sep = pct(50) ? "_" : "-";

				len += snprintf(path + len, sizeof(path) - (size_t)len, "%s%s", sep, part());
			}
			if (f->role == ROLE_BIG)
				len += snprintf(path + len, sizeof(path) - (size_t)len, "_%u_0_sh_mask", range(1, 12));
			snprintf(path + len, sizeof(path) - (size_t)len, f->is_h ? ".h" : ".c");
			if (set_add(path))
				break;
		}
		f->path = xstrdup(path);
		f->cindex = -1;
		if (!f->is_h) {
			f->cindex = ncfiles;
			cfiles[ncfiles++] = i;
		} else if (dirs[d].include) {
			hfiles[nhfiles++] = i;
		}
	}
	free(cum);
}

/* The name of global function number id (owned by .c file id / GLOBALS_PER_CFILE). */
static void global_name(struct buf *b, unsigned id)
{
	uint64_t save = rng;
	int owner = cfiles[(id / GLOBALS_PER_CFILE) % (unsigned)ncfiles];

	rng = mix64(seed ^ (0xfeedULL + id));
	bputs(b, dirs[files[owner].dir].prefix);
	bputc(b, '_');
	bputs(b, part());
	bputc(b, '_');
	bputs(b, part());
	rng = save;
}

static int pick_file(int want_c, int want_include_h, enum role role)
{
	for (;;) {
		int i = (int)rn((uint32_t)nfiles);
		struct file *f = &files[i];

		if (f->role != ROLE_NONE || f->is_h == want_c)
			continue;
		if (want_include_h && !dirs[f->dir].include)
			continue;
		f->role = role;
		return i;
	}
}

static void plan_roles(void)
{
	char name[128];
	int i, d;

	reseed(4, 0);
	for (i = 0; i < NHELPERS; i++) {
		const char *w = word();

		/* one random call per statement: argument order is unspecified */
		snprintf(name, sizeof(name), "%s_%s", w, PICK(stems));
		helpers[i] = xstrdup(name);
	}
	for (i = 0; i < 5; i++) {
		static const char *const tail[] = {
			"prepare_user", "touch_user", "prefault", "user_ready", "settle_user",
		};
		const char *w = word();

		snprintf(name, sizeof(name), "%s_%s_%s", w, part(), tail[i]);
		wrapper[i] = xstrdup(name);
	}
	for (i = 0; wrapper[2][i]; i++)	/* the macro wrapper is upper case */
		if (wrapper[2][i] >= 'a' && wrapper[2][i] <= 'z')
			wrapper[2][i] = (char)(wrapper[2][i] - 'a' + 'A');

	/* the declarations live in include/linux, the definitions in mm/ */
	d = find_dir("include/linux");
	for (i = 0; i < nfiles; i++)
		if (files[i].dir == d && files[i].role == ROLE_NONE) {
			files[i].role = ROLE_DECLS;
			decl_file = i;
			break;
		}
	d = find_dir("mm");
	for (i = 0; i < nfiles; i++)
		if (files[i].dir == d && !files[i].is_h && files[i].role == ROLE_NONE) {
			files[i].role = ROLE_DEFS;
			break;
		}
	if (i == nfiles)
		pick_file(1, 0, ROLE_DEFS);
	pick_file(1, 0, ROLE_WRAP2);
	pick_file(1, 0, ROLE_STATIC);
	pick_file(1, 0, ROLE_DECOY);

	for (i = 0; i < nfiles; i++) {
		struct file *f = &files[i];
		uint32_t r = rn(100000);

		if (f->role != ROLE_NONE)
			continue;
		if (f->is_h) {
			if (r < 50)
				f->role = ROLE_CALLER;
			else if (r < 90)
				f->role = ROLE_NOISE;
			continue;
		}
		if (r < 100)
			f->role = ROLE_CALLER;
		else if (r < 130)
			f->role = ROLE_W0;
		else if (r < 150)
			f->role = ROLE_W1;
		else if (r < 170)
			f->role = ROLE_W2;
		else if (r < 180)
			f->role = ROLE_W3;
		else if (r < 195)
			f->role = ROLE_REF;
		else if (r < 245)
			f->role = ROLE_NOISE;
	}
}

/* ---- text generation ------------------------------------------------------ */

/* What the function being written has in scope. */
struct fn {
	const char *prefix;
	char locals[6][40];
	int nlocals;
	int has_out;
	int loop_depth;
};

static void ident(struct buf *b, const char *prefix)
{
	bputs(b, prefix);
	bputc(b, '_');
	bputs(b, part());
	if (pct(60)) {
		bputc(b, '_');
		bputs(b, part());
	}
}

static void constant(struct buf *b, const char *prefix)
{
	bupper(b, prefix);
	bputc(b, '_');
	bupper(b, part());
	if (pct(50)) {
		bputc(b, '_');
		bupper(b, PICK(stems));
	}
}

static void sentence(struct buf *b, int nwords)
{
	static const char *const glue[] = {
		"the", "a", "of", "to", "and", "is", "for", "when", "this", "we",
		"must", "not", "be", "in", "on", "with", "after", "before", "only",
	};
	int i;

	for (i = 0; i < nwords; i++) {
		if (i)
			bputc(b, ' ');
		bputs(b, pct(55) ? PICK(glue) : part());
	}
}

static void comment_block(struct buf *b, int indent, int lines)
{
	int i;

	tabs(b, indent);
	bputs(b, "/*\n");
	for (i = 0; i < lines; i++) {
		tabs(b, indent);
		bputs(b, " * ");
		sentence(b, (int)range(4, 12));
		bputs(b, i == lines - 1 ? ".\n" : "\n");
	}
	tabs(b, indent);
	bputs(b, " */\n");
}

static void expr(struct buf *b, struct fn *fn, int depth);

static void operand(struct buf *b, struct fn *fn)
{
	switch (rn(9)) {
	case 0:
		bputu(b, rn(4096));
		break;
	case 1:
		bputx(b, rnd() & 0xffff, 4);
		break;
	case 2:
		constant(b, fn->prefix);
		break;
	case 3:
	case 4:
		bputs(b, fn->locals[rn((uint32_t)fn->nlocals)]);
		break;
	case 5:
		bputs(b, fn->locals[0]);
		bputs(b, "->");
		bputs(b, part());
		break;
	case 6:
		bputs(b, "sizeof(*");
		bputs(b, fn->locals[0]);
		bputc(b, ')');
		break;
	case 7:
		bputs(b, "&");
		bputs(b, fn->locals[0]);
		bputs(b, "->");
		bputs(b, part());
		break;
	default:
		bputs(b, "NULL");
		break;
	}
}

static void callee(struct buf *b, struct fn *fn)
{
	uint32_t r = rn(10);

	if (r < 5)
		bputs(b, helpers[rn(NHELPERS)]);
	else if (r < 8)
		global_name(b, rn((uint32_t)ncfiles * GLOBALS_PER_CFILE));
	else
		ident(b, fn->prefix);
}

static void call(struct buf *b, struct fn *fn, int depth, int indent)
{
	int n = (int)rn(5), i;
	size_t start = b->len;

	callee(b, fn);
	bputc(b, '(');
	for (i = 0; i < n; i++) {
		if (i) {
			bputc(b, ',');
			/* long argument lists wrap like the kernel's */
			if (indent >= 0 && b->len - start > 50 && pct(60)) {
				bputc(b, '\n');
				tabs(b, indent + 2);
			} else {
				bputc(b, ' ');
			}
		}
		if (depth < 2 && pct(12))
			call(b, fn, depth + 1, -1);
		else
			expr(b, fn, depth + 1);
	}
	bputc(b, ')');
}

static void expr(struct buf *b, struct fn *fn, int depth)
{
	static const char *const ops[] = {
		" + ", " - ", " | ", " & ", " << ", " >> ", " * ", " == ", " != ", " < ",
	};

	if (depth < 3 && pct(25)) {
		operand(b, fn);
		bputs(b, PICK(ops));
		expr(b, fn, depth + 1);
	} else if (depth < 3 && pct(10)) {
		bputc(b, '(');
		expr(b, fn, depth + 1);
		bputc(b, ')');
	} else {
		operand(b, fn);
	}
}

static void cond(struct buf *b, struct fn *fn)
{
	switch (rn(6)) {
	case 0:
		bputc(b, '!');
		bputs(b, fn->locals[rn((uint32_t)fn->nlocals)]);
		break;
	case 1:
		bputs(b, "unlikely(");
		call(b, fn, 1, -1);
		bputc(b, ')');
		break;
	case 2:
		bputs(b, fn->locals[0]);
		bputs(b, "->");
		bputs(b, part());
		bputs(b, " & ");
		constant(b, fn->prefix);
		break;
	case 3:
		bputs(b, "ret < 0");
		break;
	case 4:
		call(b, fn, 1, -1);
		break;
	default:
		expr(b, fn, 1);
		bputs(b, pct(50) ? " > " : " == ");
		expr(b, fn, 2);
		break;
	}
}

static void message(struct buf *b)
{
	static const char *const fmts[] = {
		" %d", " %u", " %s", " %pe", " 0x%08x", " %zu", " %llx", ": %d",
	};
	int i, n = (int)range(2, 8);

	bputc(b, '"');
	for (i = 0; i < n; i++) {
		if (i)
			bputc(b, ' ');
		bputs(b, part());
		if (pct(20))
			bputs(b, PICK(fmts));
	}
	if (pct(5))
		bputs(b, " \\\"{\\\" /* not a comment */");
	bputs(b, "\\n\"");
}

static void stmt(struct buf *b, struct fn *fn, int indent);

static void block(struct buf *b, struct fn *fn, int indent, int n)
{
	while (n-- > 0)
		stmt(b, fn, indent);
}

static void stmt(struct buf *b, struct fn *fn, int indent)
{
	uint32_t r = rn(100);

	if (indent > 4 && r >= 25 && r < 50)
		r = 10;
	if (r < 22) {
		tabs(b, indent);
		if (pct(40)) {
			bputs(b, "ret = ");
			call(b, fn, 0, indent);
			bputs(b, ";\n");
			if (pct(50)) {
				tabs(b, indent);
				bputs(b, "if (ret)\n");
				tabs(b, indent + 1);
				bputs(b, fn->has_out ? "goto out;\n" : "return ret;\n");
			}
		} else {
			call(b, fn, 0, indent);
			bputs(b, ";\n");
		}
	} else if (r < 37) {
		tabs(b, indent);
		if (pct(50)) {
			bputs(b, fn->locals[0]);
			bputs(b, "->");
			bputs(b, part());
		} else {
			bputs(b, fn->locals[rn((uint32_t)fn->nlocals)]);
		}
		bputs(b, pct(80) ? " = " : " |= ");
		expr(b, fn, 0);
		bputs(b, ";\n");
	} else if (r < 47) {
		tabs(b, indent);
		bputs(b, "if (");
		cond(b, fn);
		if (pct(30)) {
			bputs(b, ")\n");
			stmt(b, fn, indent + 1);
		} else {
			bputs(b, ") {\n");
			block(b, fn, indent + 1, (int)range(1, 4));
			tabs(b, indent);
			if (pct(30)) {
				bputs(b, "} else {\n");
				block(b, fn, indent + 1, (int)range(1, 3));
				tabs(b, indent);
			}
			bputs(b, "}\n");
		}
	} else if (r < 52) {
		tabs(b, indent);
		bputs(b, "for (i = 0; i < ");
		constant(b, fn->prefix);
		bputs(b, "; i++) {\n");
		fn->loop_depth++;
		block(b, fn, indent + 1, (int)range(1, 4));
		fn->loop_depth--;
		tabs(b, indent);
		bputs(b, "}\n");
	} else if (r < 55) {
		tabs(b, indent);
		bputs(b, "while (");
		cond(b, fn);
		bputs(b, ") {\n");
		fn->loop_depth++;
		block(b, fn, indent + 1, (int)range(1, 3));
		if (pct(50)) {
			tabs(b, indent + 1);
			bputs(b, "cpu_relax();\n");
		}
		fn->loop_depth--;
		tabs(b, indent);
		bputs(b, "}\n");
	} else if (r < 58 && indent < 3) {
		int n = (int)range(2, 5), i;

		tabs(b, indent);
		bputs(b, "switch (");
		bputs(b, fn->locals[rn((uint32_t)fn->nlocals)]);
		bputs(b, ") {\n");
		for (i = 0; i < n; i++) {
			tabs(b, indent);
			bputs(b, "case ");
			constant(b, fn->prefix);
			bputs(b, ":\n");
			block(b, fn, indent + 1, (int)range(1, 2));
			tabs(b, indent + 1);
			bputs(b, "break;\n");
		}
		tabs(b, indent);
		bputs(b, "default:\n");
		tabs(b, indent + 1);
		bputs(b, "return -EINVAL;\n");
		tabs(b, indent);
		bputs(b, "}\n");
	} else if (r < 66) {
		if (pct(60)) {
			tabs(b, indent);
			bputs(b, "/* ");
			sentence(b, (int)range(3, 10));
			bputs(b, " */\n");
		} else {
			comment_block(b, indent, (int)range(2, 5));
		}
	} else if (r < 73) {
		static const char *const logs[] = {
			"pr_debug", "pr_err", "pr_warn", "pr_info", "dev_err", "dev_dbg", "dev_warn",
		};
		const char *l = PICK(logs);

		tabs(b, indent);
		bputs(b, l);
		bputc(b, '(');
		if (l[0] == 'd') {
			bputs(b, "&");
			bputs(b, fn->locals[0]);
			bputs(b, "->dev, ");
		}
		message(b);
		if (pct(60)) {
			bputs(b, ",\n");
			tabs(b, indent + 1);
			expr(b, fn, 1);
		}
		bputs(b, ");\n");
	} else if (r < 76) {
		bputs(b, "#ifdef CONFIG_");
		bupper(b, fn->prefix);
		bputc(b, '_');
		bupper(b, part());
		bputc(b, '\n');
		stmt(b, fn, indent);
		if (pct(30)) {
			bputs(b, "#else\n");
			stmt(b, fn, indent);
		}
		bputs(b, "#endif\n");
	} else if (r < 80) {
		tabs(b, indent);
		bputs(b, "spin_lock_irqsave(&");
		bputs(b, fn->locals[0]);
		bputs(b, "->lock, flags);\n");
		block(b, fn, indent, (int)range(1, 2));
		tabs(b, indent);
		bputs(b, "spin_unlock_irqrestore(&");
		bputs(b, fn->locals[0]);
		bputs(b, "->lock, flags);\n");
	} else if (r < 82 && fn->has_out) {
		tabs(b, indent);
		bputs(b, "if (");
		cond(b, fn);
		bputs(b, ") {\n");
		tabs(b, indent + 1);
		bputs(b, "ret = -E");
		bupper(b, pct(50) ? "nomem" : "io");
		bputs(b, ";\n");
		tabs(b, indent + 1);
		bputs(b, "goto out;\n");
		tabs(b, indent);
		bputs(b, "}\n");
	} else if (r < 84) {
		tabs(b, indent);
		bputs(b, "if (c == '{' || c == '\\'' || c == '\"')\n");
		tabs(b, indent + 1);
		bputs(b, "c = '\\0';\n");
	} else if (r < 86 && fn->loop_depth) {
		tabs(b, indent);
		bputs(b, pct(50) ? "continue;\n" : "break;\n");
	} else {
		tabs(b, indent);
		bputs(b, fn->locals[rn((uint32_t)fn->nlocals)]);
		bputs(b, pct(50) ? "++;\n" : " += ");
		if (b->p[b->len - 1] != '\n') {
			expr(b, fn, 1);
			bputs(b, ";\n");
		}
	}
}

static const char *const types[] = {
	"int", "unsigned int", "unsigned long", "u32", "u64", "size_t", "bool", "u8",
};

static void fn_init(struct fn *fn, const char *prefix)
{
	static const char *const names[] = { "val", "count", "len", "idx", "off", "mask", "tmp" };
	uint32_t first;
	int i;

	memset(fn, 0, sizeof(*fn));
	fn->prefix = prefix;
	snprintf(fn->locals[0], sizeof(fn->locals[0]), "%s", pct(50) ? "priv" : "dev");
	fn->nlocals = (int)range(2, 5);
	first = rn(7);
	for (i = 1; i < fn->nlocals; i++)
		snprintf(fn->locals[i], sizeof(fn->locals[i]), "%s", names[(first + (uint32_t)i) % 7]);
}

/*
 * A function definition. name == NULL picks one; call_sym puts a fault-in
 * style loop calling that symbol (a function, or a macro) into the body.
 */
static void function(struct buf *b, const char *prefix, const char *name, const char *storage,
		     const char *call_sym, int sym_is_macro)
{
	struct fn fn;
	struct buf nb = { 0 };
	int i, nparams = 0, nstmts = (int)range(3, 18);
	size_t sig;

	fn_init(&fn, prefix);
	fn.has_out = pct(40);
	if (name)
		bputs(&nb, name);
	else
		ident(&nb, prefix);
	if (pct(30)) {
		bputs(b, "/**\n * ");
		bputs(b, nb.p);
		bputs(b, " - ");
		sentence(b, (int)range(3, 8));
		bputs(b, "\n * @");
		bputs(b, fn.locals[0]);
		bputs(b, ": ");
		sentence(b, (int)range(3, 6));
		bputs(b, "\n *\n * Return: 0 on success or a negative errno.\n */\n");
	}
	sig = b->len;
	bputs(b, storage);
	bputs(b, pct(70) ? "int " : PICK(types));
	if (b->p[b->len - 1] != ' ')
		bputc(b, ' ');
	bputs(b, nb.p);
	free(nb.p);
	bputs(b, "(struct ");
	bputs(b, prefix);
	bputc(b, '_');
	bputs(b, fn.locals[0]);
	bputs(b, " *");
	bputs(b, fn.locals[0]);
	if (call_sym) {
		bputs(b, ", const char __user *ubuf, size_t len");
	} else {
		for (i = 1; i < fn.nlocals && i < 3; i++) {
			bputs(b, ",");
			bputs(b, b->len - sig > 60 ? "\n\t\t" : " ");
			bputs(b, PICK(types));
			bputc(b, ' ');
			bputs(b, fn.locals[i]);
			nparams = i;
		}
	}
	bputs(b, ")\n{\n");
	bputs(b, "\tint ret = 0;\n");
	for (i = nparams + 1; i < fn.nlocals; i++) {
		bputc(b, '\t');
		bputs(b, PICK(types));
		bputc(b, ' ');
		bputs(b, fn.locals[i]);
		bputs(b, pct(30) ? " = 0;\n" : ";\n");
	}
	bputs(b, "\tunsigned long flags;\n");
	if (pct(50))
		bputs(b, "\tint i;\n");
	if (pct(20))
		bputs(b, "\tchar c = 0;\n");
	bputc(b, '\n');
	if (call_sym) {
		bputs(b, "\twhile (len) {\n\t\tsize_t chunk = min_t(size_t, len, PAGE_SIZE);\n\n");
		if (pct(50)) {
			bputs(b, "\t\tif (");
			bputs(b, call_sym);
			bputs(b, "(ubuf, chunk))\n\t\t\treturn -EFAULT;\n");
		} else if (pct(50)) {
			bputs(b, "\t\tret = ");
			bputs(b, call_sym);
			bputs(b, "(ubuf,\n\t\t\t\t");
			bputs(b, sym_is_macro ? "chunk" : "min_t(size_t, chunk, len))");
			if (sym_is_macro)
				bputc(b, ')');
			bputs(b, ";\n\t\tif (ret)\n\t\t\tbreak;\n");
		} else {
			bputs(b, "\t\tif (unlikely(");
			bputs(b, call_sym);
			bputs(b, "(ubuf, chunk) != 0)) {\n\t\t\tret = -EFAULT;\n\t\t\tbreak;\n\t\t}\n");
		}
		bputs(b, "\t\tret = ");
		callee(b, &fn);
		bputs(b, "(");
		bputs(b, fn.locals[0]);
		bputs(b, ", ubuf, chunk);\n\t\tif (ret)\n\t\t\tbreak;\n");
		bputs(b, "\t\tubuf += chunk;\n\t\tlen -= chunk;\n\t}\n");
	}
	for (i = 0; i < nstmts; i++)
		stmt(b, &fn, 1);
	if (fn.has_out)
		bputs(b, "out:\n");
	bputs(b, "\treturn ret;\n}\n");
}

static void includes(struct buf *b, int n)
{
	int i;

	for (i = 0; i < n && nhfiles; i++) {
		const char *p = files[hfiles[rn((uint32_t)nhfiles)]].path + strlen("include/");

		bputs(b, "#include <");
		bputs(b, p);
		bputs(b, ">\n");
	}
}

static void license(struct buf *b, int is_h)
{
	static const char *const ids[] = {
		"GPL-2.0", "GPL-2.0-only", "GPL-2.0-or-later", "GPL-2.0 OR BSD-3-Clause",
	};

	bputs(b, is_h ? "/* SPDX-License-Identifier: " : "// SPDX-License-Identifier: ");
	bputs(b, PICK(ids));
	bputs(b, is_h ? " */\n" : "\n");
	bputs(b, "/*\n * ");
	sentence(b, (int)range(4, 9));
	bputs(b, "\n *\n * Copyright (C) ");
	bputu(b, range(1995, 2021));
	bputc(b, ' ');
	bputc(b, (char)('A' + rn(26)));
	bputs(b, word());
	bputs(b, " <");
	bputs(b, word());
	bputs(b, "@example.org>\n");
	if (pct(60)) {
		int i, n = (int)range(1, 6);

		bputs(b, " *\n");
		for (i = 0; i < n; i++) {
			bputs(b, " * ");
			sentence(b, (int)range(6, 12));
			bputc(b, '\n');
		}
	}
	bputs(b, " */\n\n");
}

static void struct_def(struct buf *b, const char *prefix, const char *name)
{
	int i, n = (int)range(3, 12);

	bputs(b, "struct ");
	bputs(b, prefix);
	bputc(b, '_');
	bputs(b, name);
	bputs(b, " {\n");
	for (i = 0; i < n; i++) {
		uint32_t r = rn(10);

		bputc(b, '\t');
		if (r < 6) {
			bputs(b, PICK(types));
			bputc(b, ' ');
			bputs(b, part());
			bputs(b, ";\n");
		} else if (r < 7) {
			bputs(b, "spinlock_t lock;\n");
		} else if (r < 8) {
			bputs(b, "struct list_head ");
			bputs(b, part());
			bputs(b, ";\n");
		} else {
			bputs(b, "int (*");
			bputs(b, part());
			bputs(b, ")(struct ");
			bputs(b, prefix);
			bputc(b, '_');
			bputs(b, name);
			bputs(b, " *, unsigned long);\n");
		}
		if (pct(10)) {
			bputs(b, "\t/* ");
			sentence(b, (int)range(3, 8));
			bputs(b, " */\n");
		}
	}
	bputs(b, "};\n\n");
}

static void macro_def(struct buf *b, const char *prefix)
{
	bputs(b, "#define ");
	constant(b, prefix);
	if (pct(70)) {
		bputc(b, '\t');
		if (pct(50))
			bputx(b, rnd() & 0xffffffff, 8);
		else if (pct(50))
			bputu(b, rn(256));
		else {
			bputs(b, "BIT(");
			bputu(b, rn(32));
			bputc(b, ')');
		}
		bputc(b, '\n');
		return;
	}
	/* function-like, multi-line */
	bputs(b, "(x, y)\t\t\t\t\\\n\tdo {\t\t\t\t\t\\\n\t\t");
	bputs(b, helpers[rn(NHELPERS)]);
	bputs(b, "((x), (y));\t\t\t\\\n\t\t(x)->");
	bputs(b, part());
	bputs(b, " = (y);\t\t\\\n\t} while (0)\n");
}

static void ops_table(struct buf *b, const char *prefix, char names[][96], int n)
{
	int i;

	bputs(b, "static const struct ");
	bputs(b, prefix);
	bputs(b, "_ops ");
	bputs(b, prefix);
	bputc(b, '_');
	bputs(b, part());
	bputs(b, "_ops = {\n");
	for (i = 0; i < n; i++) {
		bputs(b, "\t.");
		bputs(b, PICK(stems));
		bputs(b, "\t= ");
		bputs(b, names[i]);
		bputs(b, ",\n");
	}
	bputs(b, "};\n\n");
}

static const char *prim(void)
{
	return prims[rn((uint32_t)nprims)];
}

static void noise(struct buf *b)
{
	const char *p = prim();

	if (pct(50)) {
		bputs(b, "/*\n * Callers must have done ");
		bputs(b, p);
		bputs(b, "() on the whole range,\n * see ");
		bputs(b, p);
		bputs(b, " in the core code.\n */\n");
	} else {
		bputs(b, "static const char ");
		bputs(b, word());
		bputs(b, "_msg[] = \"");
		bputs(b, p);
		bputs(b, "(uaddr, len) failed\\n\";\n\n");
	}
}

/* The primitives with their kernel-doc, as a core mm file would have them. */
static void defs_file(struct buf *b, const char *prefix)
{
	struct fn fn;
	int i;

	for (i = 0; i < nprims; i++) {
		fn_init(&fn, prefix);
		bputs(b, "/**\n * ");
		bputs(b, prims[i]);
		bputs(b, " - ");
		sentence(b, 6);
		bputs(b, "\n * @uaddr: start of the user range\n * @size: length of the range\n *\n"
			 " * Return: the number of bytes not faulted in.\n */\n");
		bputs(b, "size_t ");
		bputs(b, prims[i]);
		bputs(b, "(const char __user *uaddr, size_t size)\n{\n"
			 "\tconst char __user *end = uaddr + size;\n\tunsigned long flags;\n\tint ret = 0;\n\n"
			 "\twhile (uaddr < end) {\n");
		block(b, &fn, 2, 3);
		bputs(b, "\t\tuaddr += PAGE_SIZE;\n\t}\n\treturn ret;\n}\nEXPORT_SYMBOL(");
		bputs(b, prims[i]);
		bputs(b, ");\n\n");
	}
}

static void decls_file(struct buf *b)
{
	int i;

	for (i = 0; i < nprims; i++) {
		bputs(b, "size_t ");
		bputs(b, prims[i]);
		bputs(b, "(const char __user *uaddr, size_t size);\n");
	}
	bputs(b, "int ");
	bputs(b, wrapper[3]);
	bputs(b, "(const char __user *uaddr, size_t size);\n\n");
	for (i = 0; i < 2; i++) {
		bputs(b, "static inline int ");
		bputs(b, wrapper[i]);
		bputs(b, "(const char __user *uaddr, size_t size)\n{\n\treturn ");
		bputs(b, prims[(i * 3) % nprims]);
		bputs(b, "(uaddr, size);\n}\n\n");
	}
	bputs(b, "#define ");
	bputs(b, wrapper[2]);
	bputs(b, "(uaddr, size)\t\\\n\t");
	bputs(b, prims[nprims > 1 ? 1 : 0]);
	bputs(b, "((uaddr), (size))\n\n");
}

static void big_header(struct buf *b, size_t target)
{
	const char *blk = word();

	bputs(b, "/* SPDX-License-Identifier: MIT */\n/*\n * Register masks, generated.\n */\n\n");
	while (b->len < target) {
		const char *reg = part();
		int i, n = (int)range(2, 12), shift = 0;

		bputs(b, "//");
		bupper(b, blk);
		bputc(b, '_');
		bupper(b, reg);
		bputc(b, '\n');
		for (i = 0; i < n && shift < 32; i++) {
			const char *field = part();
			int width = (int)range(1, 8);

			if (shift + width > 32)
				width = 32 - shift;
			bputs(b, "#define ");
			bupper(b, blk);
			bputc(b, '_');
			bupper(b, reg);
			bputs(b, "__");
			bupper(b, field);
			bputs(b, "__SHIFT\t\t\t\t\t\t");
			bputx(b, (unsigned)shift, 8);
			bputs(b, "\n#define ");
			bupper(b, blk);
			bputc(b, '_');
			bupper(b, reg);
			bputs(b, "__");
			bupper(b, field);
			bputs(b, "_MASK\t\t\t\t\t\t");
			bputx(b, (((1ULL << width) - 1) << shift) & 0xffffffffULL, 8);
			bputs(b, "L\n");
			shift += width;
		}
	}
}

static void header_file(struct buf *b, struct file *f)
{
	const char *prefix = dirs[f->dir].prefix;
	const char *base = strrchr(f->path, '/') + 1;
	size_t glen = 0, i;
	struct buf g = { 0 };

	license(b, 1);
	bputs(b, "#ifndef _");
	for (i = 0; base[i]; i++)
		bputc(&g, (base[i] == '.' || base[i] == '-') ? '_' :
		      (base[i] >= 'a' && base[i] <= 'z') ? (char)(base[i] - 32) : base[i]);
	glen = g.len;
	bput(b, g.p, glen);
	bputs(b, "\n#define _");
	bput(b, g.p, glen);
	bputs(b, "\n\n");
	includes(b, (int)range(1, 6));
	bputc(b, '\n');
	if (f->role == ROLE_DECLS)
		decls_file(b);
	if (f->role == ROLE_NOISE)
		noise(b);
	while (b->len < f->target) {
		uint32_t r = rn(10);

		if (r < 3) {
			int n = (int)range(2, 10);

			while (n--)
				macro_def(b, prefix);
			bputc(b, '\n');
		} else if (r < 5) {
			struct_def(b, prefix, part());
		} else if (r < 8) {
			int n = (int)range(1, 8), k;

			for (k = 0; k < n; k++) {
				bputs(b, pct(60) ? "int " : "void ");
				global_name(b, rn((uint32_t)ncfiles * GLOBALS_PER_CFILE));
				bputs(b, "(struct ");
				bputs(b, prefix);
				bputs(b, "_dev *dev");
				if (pct(50))
					bputs(b, ", unsigned long flags");
				bputs(b, ");\n");
			}
			bputc(b, '\n');
		} else if (r < 9) {
			int n = (int)range(2, 8), k;

			bputs(b, "enum ");
			bputs(b, prefix);
			bputc(b, '_');
			bputs(b, part());
			bputs(b, " {\n");
			for (k = 0; k < n; k++) {
				bputc(b, '\t');
				constant(b, prefix);
				bputs(b, ",\n");
			}
			bputs(b, "};\n\n");
		} else {
			struct fn fn;

			fn_init(&fn, prefix);
			bputs(b, "static inline ");
			bputs(b, pct(50) ? "int " : "bool ");
			ident(b, prefix);
			bputs(b, "(struct ");
			bputs(b, prefix);
			bputc(b, '_');
			bputs(b, fn.locals[0]);
			bputs(b, " *");
			bputs(b, fn.locals[0]);
			bputs(b, ")\n{\n");
			bputs(b, "\tint ret = 0;\n\tunsigned long flags;\n\tint i;\n\tchar c;\n\n");
			block(b, &fn, 1, (int)range(1, 4));
			bputs(b, "\treturn ret;\n}\n\n");
		}
	}
	if (f->role == ROLE_CALLER) {
		function(b, prefix, NULL, "static inline ", prim(), 0);
		bputc(b, '\n');
	}
	bputs(b, "#endif /* _");
	bput(b, g.p, glen);
	bputs(b, " */\n");
	free(g.p);
}

static void c_file(struct buf *b, struct file *f)
{
	const char *prefix = dirs[f->dir].prefix;
	char names[8][96];
	int nnames = 0, nglob = 0, i;
	const char *sym = NULL;
	int sym_is_macro = 0;

	license(b, 0);
	includes(b, (int)range(3, 12));
	if (f->role == ROLE_W0 || f->role == ROLE_W1 || f->role == ROLE_W2 ||
	    f->role == ROLE_WRAP2 || f->role == ROLE_REF) {
		bputs(b, "#include <");
		bputs(b, files[decl_file].path + strlen("include/"));
		bputs(b, ">\n");
	}
	bputc(b, '\n');
	for (i = (int)rn(6); i > 0; i--)
		macro_def(b, prefix);
	bputc(b, '\n');
	if (pct(60))
		struct_def(b, prefix, pct(50) ? "priv" : "dev");
	if (f->role == ROLE_NOISE)
		noise(b);
	if (f->role == ROLE_DEFS)
		defs_file(b, prefix);
	if (f->role == ROLE_WRAP2) {
		bputs(b, "int ");
		bputs(b, wrapper[3]);
		bputs(b, "(const char __user *uaddr, size_t size)\n{\n\treturn ");
		bputs(b, wrapper[0]);
		bputs(b, "(uaddr, size);\n}\nEXPORT_SYMBOL_GPL(");
		bputs(b, wrapper[3]);
		bputs(b, ");\n\n");
	}
	if (f->role == ROLE_STATIC || f->role == ROLE_DECOY) {
		bputs(b, "static int ");
		bputs(b, wrapper[4]);
		if (f->role == ROLE_STATIC) {
			bputs(b, "(const char __user *p, size_t n)\n{\n\treturn ");
			bputs(b, prims[nprims - 1]);
			bputs(b, "(p, n);\n}\n\n");
		} else {
			bputs(b, "(const char __user *p, size_t n)\n{\n\treturn ");
			bputs(b, helpers[0]);
			bputs(b, "(p, n);\n}\n\n");
		}
	}
	switch (f->role) {
	case ROLE_CALLER:
		sym = prim();
		break;
	case ROLE_W0:
	case ROLE_W1:
		sym = wrapper[f->role - ROLE_W0];
		break;
	case ROLE_W2:
		sym = wrapper[2];
		sym_is_macro = 1;
		break;
	case ROLE_W3:
		sym = wrapper[3];
		break;
	case ROLE_STATIC:
	case ROLE_DECOY:
		sym = wrapper[4];
		break;
	default:
		break;
	}
	if (f->role == ROLE_STATIC || f->role == ROLE_DECOY) {
		for (i = 0; i < 3; i++) {
			function(b, prefix, NULL, "static ", sym, 0);
			bputc(b, '\n');
		}
		sym = NULL;
	}
	while (b->len < f->target || nglob < 1) {
		struct buf nb = { 0 };
		int is_static = 1;

		if (nglob < GLOBALS_PER_CFILE && (pct(35) || b->len >= f->target)) {
			global_name(&nb, (unsigned)(f->cindex * GLOBALS_PER_CFILE + nglob));
			nglob++;
			is_static = 0;
		} else {
			ident(&nb, prefix);
		}
		if (sym && b->len * 2 >= f->target) {
			function(b, prefix, nb.p, is_static ? "static " : "", sym, sym_is_macro);
			sym = NULL;
		} else {
			function(b, prefix, nb.p, is_static ? "static " : "", NULL, 0);
		}
		if (!is_static && pct(70)) {
			bputs(b, pct(50) ? "EXPORT_SYMBOL_GPL(" : "EXPORT_SYMBOL(");
			bputs(b, nb.p);
			bputs(b, ");\n");
		}
		bputc(b, '\n');
		if (nnames < 8 && strlen(nb.p) < sizeof(names[0]))
			strcpy(names[nnames++], nb.p);
		free(nb.p);
		if (pct(8)) {
			bputs(b, "SYSCALL_DEFINE");
			bputu(b, 2);
			bputc(b, '(');
			bputs(b, prefix);
			bputc(b, '_');
			bputs(b, part());
			bputs(b, ", unsigned int, fd, unsigned long, arg)\n{\n\treturn ");
			bputs(b, helpers[rn(NHELPERS)]);
			bputs(b, "(fd, arg);\n}\n\n");
		}
	}
	if (sym)
		function(b, prefix, NULL, "static ", sym, sym_is_macro);
	if (f->role == ROLE_REF) {
		snprintf(names[0], sizeof(names[0]), "%s", prim());
		if (nnames < 1)
			nnames = 1;
		bputs(b, "static int (*");
		bputs(b, prefix);
		bputs(b, "_prefault_fn)(const char __user *, size_t) = &");
		bputs(b, prim());
		bputs(b, ";\n\n");
	}
	if (nnames > 1 || f->role == ROLE_REF)
		ops_table(b, prefix, names, nnames);
	if (nnames && pct(30)) {
		bputs(b, "module_init(");
		bputs(b, names[0]);
		bputs(b, ");\nMODULE_LICENSE(\"GPL\");\n");
	}
}

static int *dir_first, *file_next; /* .c files of each directory, a chain */

static void makefile(struct buf *b, int d)
{
	int i, n = 0;

	bputs(b, "# SPDX-License-Identifier: GPL-2.0\n");
	for (i = dir_first[d]; i >= 0 && n < 40; i = file_next[i], n++) {
		const char *p = files[i].path, *base = strrchr(p, '/') + 1;

		bputs(b, "obj-$(CONFIG_");
		bupper(b, dirs[d].prefix);
		bputs(b, ") += ");
		bput(b, base, strlen(base) - 1);
		bputs(b, "o\n");
	}
}

/* ---- fast-import stream ----------------------------------------------- */

static void emit_data(const struct buf *b)
{
	printf("data %zu\n", b->len);
	fwrite(b->p, 1, b->len, stdout);
	putchar('\n');
}

static int usage(void)
{
	fprintf(stderr,
		"usage: gen-tree [-n FILES] [-s SEED] [-v] [-p I/K | -c] [PRIMITIVE...] | git fast-import\n"
		"       gen-tree -V\n\n"
		"   -n FILES  .c/.h files to generate (default 60000)\n"
		"   -s SEED   another tree of the same shape\n"
		"   -v        say what was generated on stderr\n"
		"   -p I/K    only the blobs of part I of K, as marks (file index + 1)\n"
		"   -c        only the commit, naming the blobs by those marks\n"
		"Without -p or -c, one self-contained stream. With them, K 'gen-tree -p I/K |\n"
		"git fast-import --export-marks=mI' can run at once, then 'gen-tree -c |\n"
		"git fast-import --import-marks=...' (all marks files concatenated).\n");
	return 2;
}

int main(int argc, char **argv)
{
	static char outbuf[1 << 20];
	struct buf b = { 0 }, msg = { 0 };
	unsigned long long bytes = 0;
	int n = 60000, verbose = 0, i, nmake = 0, part = -1, nparts = 1, commit_only = 0;
	int roles[ROLE_BIG + 1] = { 0 };

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		char *end;

		if (!strcmp(argv[i], "-V")) {
			puts(GEN_TREE_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "-c")) {
			commit_only = 1;
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			n = (int)strtol(argv[++i], &end, 10);
			if (*end || n < 1200 || n > 10000000) {
				fprintf(stderr, "gen-tree: -n wants 1200..10000000\n");
				return 2;
			}
		} else if (!strcmp(argv[i], "-s") && i + 1 < argc) {
			seed = strtoull(argv[++i], &end, 0);
			if (*end)
				return usage();
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			part = (int)strtol(argv[++i], &end, 10);
			if (*end != '/')
				return usage();
			nparts = (int)strtol(end + 1, &end, 10);
			if (*end || nparts < 1 || nparts > 256 || part < 0 || part >= nparts)
				return usage();
		} else {
			return usage();
		}
	}
	if (commit_only && part >= 0)
		return usage();
	if (i < argc) {
		prims = (const char **)(argv + i);
		nprims = argc - i;
	} else {
		prims = (const char **)default_primitives;
		nprims = (int)(sizeof(default_primitives) / sizeof(default_primitives[0]));
	}
	setvbuf(stdout, outbuf, _IOFBF, sizeof(outbuf));
	nfiles = n;
	maxdirs = n / FILES_PER_DIR;
	dirs = calloc((size_t)maxdirs + 1, sizeof(*dirs));
	for (setcap = 1024; setcap < (size_t)(n + maxdirs) * 2; setcap *= 2)
		;
	set = calloc(setcap, sizeof(*set));
	if (!set || !dirs)
		die("out of memory");

	make_words();
	plan_dirs();
	plan_files(n);
	plan_roles();

	/* the blobs; with -p, those of one part, each under a mark */
	for (i = 0; i < nfiles && !commit_only; i++) {
		struct file *f = &files[i];

		if (part >= 0 && i % nparts != part)
			continue;
		b.len = 0;
		reseed(5, (uint64_t)i);
		if (f->role == ROLE_BIG)
			big_header(&b, f->target);
		else if (f->is_h)
			header_file(&b, f);
		else
			c_file(&b, f);
		printf("blob\nmark :%d\n", i + 1);
		emit_data(&b);
		bytes += b.len;
		roles[f->role]++;
	}
	if (part >= 0)
		goto done;

	bputs(&msg, "synthetic kernel-like tree\n\nGenerated by " GEN_TREE_VERSION " -n ");
	bputu(&msg, (unsigned long long)n);
	bputs(&msg, " -s ");
	bputu(&msg, (unsigned long long)seed);
	for (i = 0; i < nprims; i++) {
		bputc(&msg, ' ');
		bputs(&msg, prims[i]);
	}
	bputc(&msg, '\n');
	printf("commit refs/heads/master\n"
	       "author Gen Tree <gen-tree@example.invalid> 1609459200 +0000\n"
	       "committer Gen Tree <gen-tree@example.invalid> 1609459200 +0000\n");
	emit_data(&msg);
	for (i = 0; i < nfiles; i++)
		printf("M 100644 :%d %s\n", i + 1, files[i].path);

	dir_first = xrealloc(NULL, sizeof(*dir_first) * (size_t)ndirs);
	file_next = xrealloc(NULL, sizeof(*file_next) * (size_t)nfiles);
	for (i = 0; i < ndirs; i++)
		dir_first[i] = -1;
	for (i = nfiles - 1; i >= 0; i--)
		if (!files[i].is_h) {
			file_next[i] = dir_first[files[i].dir];
			dir_first[files[i].dir] = i;
		}
	for (i = 0; i < ndirs; i++) {
		if (dir_first[i] < 0)
			continue;
		b.len = 0;
		makefile(&b, i);
		printf("M 100644 inline %s/Makefile\n", dirs[i].path);
		emit_data(&b);
		nmake++;
	}
	printf("\n");
done:
	if (fflush(stdout) || ferror(stdout))
		die("error writing the stream");
	if (verbose && !commit_only)
		fprintf(stderr,
			"gen-tree: %d files (%d .c, %d .h, %d big headers)%s in %d directories, "
			"%.1f MiB, average %.1f KiB; files calling: %d primitives directly, "
			"%d/%d/%d/%d wrappers; %d with references, %d with mentions only\n",
			part >= 0 ? nfiles / nparts : nfiles, ncfiles, nfiles - ncfiles,
			roles[ROLE_BIG], nmake ? " + Makefiles" : "", ndirs,
			(double)bytes / 1048576, (double)bytes / 1024 / (part >= 0 ? nfiles / nparts : nfiles),
			roles[ROLE_CALLER], roles[ROLE_W0], roles[ROLE_W1], roles[ROLE_W2], roles[ROLE_W3],
			roles[ROLE_REF], roles[ROLE_NOISE]);
	free(b.p);
	free(msg.p);
	return 0;
}
