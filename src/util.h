/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_UTIL_H
#define WB_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes: one enum for the whole tool. */
enum wb_exit {
	WB_EXIT_OK = 0,
	WB_EXIT_FINDINGS = 1,
	WB_EXIT_USAGE = 2,
	WB_EXIT_IO = 3,
	WB_EXIT_INTERNAL = 4,
};

#define WB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define WB_PRINTF(f, a) __attribute__((format(printf, f, a)))

/* "error: ..." on stderr; returns -1 so 'return error(...)' reads naturally. */
int error(const char *fmt, ...) WB_PRINTF(1, 2);
void warning(const char *fmt, ...) WB_PRINTF(1, 2);
/* A progress line on stderr, only when stderr is a terminal (long runs say where they are). */
void wb_progress(const char *fmt, ...) WB_PRINTF(1, 2);
void note(const char *fmt, ...) WB_PRINTF(1, 2);

/* Allocation failure is an internal error: message and exit 4. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Grow *p (of *alloc elements of size sz) to hold at least n elements. */
#define WB_ALLOC_GROW(p, n, alloc) \
	do { \
		if ((n) > (alloc)) { \
			size_t wb_na_ = (alloc) ? (alloc) * 2 : 16; \
			while (wb_na_ < (n)) \
				wb_na_ *= 2; \
			(p) = xrealloc((p), wb_na_ * sizeof(*(p))); \
			(alloc) = wb_na_; \
		} \
	} while (0)

/* Growable string; buf is always NUL-terminated once anything is added. */
struct strbuf {
	char *buf;
	size_t len;
	size_t alloc;
};
#define STRBUF_INIT { NULL, 0, 0 }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
void strbuf_addf(struct strbuf *sb, const char *fmt, ...) WB_PRINTF(2, 3);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
char *strbuf_detach(struct strbuf *sb, size_t *len);
/* Never NULL, even before anything was added. */
const char *strbuf_str(const struct strbuf *sb);

/*
 * Appends path to out as git writes paths (core.quotePath): as it is, or
 * between double quotes with C escapes (\n, \t, \", \\, \ooo) when it holds a
 * control character, a '"', a '\\' or a byte over 0x7f, so that no name can
 * end a line or fake one.  WB_QUOTE_WORDS also quotes names with a space, a
 * tab or a '#' (files read word by word, where '#' starts a comment).
 * Returns out's string.
 */
#define WB_QUOTE_WORDS 1u
const char *wb_quote_path(struct strbuf *out, const char *path, unsigned flags);

/* Read a whole file; -1 with errno set on failure. */
int wb_read_file(struct strbuf *out, const char *path);
/* Write a file atomically: temp file in the same directory, fsync, rename. */
int wb_write_file_atomic(const char *path, const void *data, size_t len);
/* All of data to fd, through EINTR and short writes: 0, or -1 with errno. */
int wb_write_all(int fd, const void *data, size_t len);
/*
 * Creates path for writing, never through a link; one left by a dead
 * process (or planted) is replaced.  The descriptor, or -1 with errno.
 */
int wb_open_tmp(const char *path);
/* mkdir -p; 0 or -1 with errno */
int wb_mkdir_p(const char *path, unsigned mode);

/*
 * Paths that come from a tree or a mail and are written below a directory
 * of ours.  wb_path_unsafe() is NULL when path (len bytes) is relative and
 * made of components separated by one '/', none of them empty, "." or "..",
 * with no NUL byte; otherwise it says why not.  wb_name_unsafe() is the same
 * for the name of one tree entry, which holds no '/' at all.
 */
const char *wb_path_unsafe(const char *path, size_t len);
const char *wb_name_unsafe(const char *name, size_t len);
int wb_path_is_safe(const char *path);
/* root/path into out; -1 with an error naming path when it is unsafe. */
int wb_path_join(struct strbuf *out, const char *root, const char *path);
/* Write root/path atomically, its directories made; -1 after an error naming it. */
int wb_write_file_under(const char *root, const char *path, const void *data, size_t len);

/* 64-bit FNV-1a, for content hashes that must be stable across runs. */
uint64_t wb_hash64(const void *data, size_t len, uint64_t seed);

/* Directory of the running executable (for data files next to it). */
const char *wb_exe_dir(void);

#endif
