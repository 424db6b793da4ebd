// SPDX-License-Identifier: GPL-2.0
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	fprintf(stderr, "%s%s\n", prefix, msg);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error: ", fmt, ap);
	va_end(ap);
	return -1;
}

void wb_progress(const char *fmt, ...)
{
	va_list ap;

	if (!isatty(2))
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("note: ", fmt, ap);
	va_end(ap);
}

static void oom(size_t n)
{
	fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
	exit(WB_EXIT_INTERNAL);
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom(n);
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		oom(n * size);
	return p;
}

void *xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		oom(n);
	return q;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

void strbuf_init(struct strbuf *sb)
{
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
}

void strbuf_release(struct strbuf *sb)
{
	free(sb->buf);
	strbuf_init(sb);
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

void strbuf_grow(struct strbuf *sb, size_t extra)
{
	size_t want = sb->len + extra + 1;

	if (want <= sb->alloc)
		return;
	if (want < sb->alloc * 2)
		want = sb->alloc * 2;
	if (want < 64)
		want = 64;
	sb->buf = xrealloc(sb->buf, want);
	sb->alloc = want;
}

void strbuf_add(struct strbuf *sb, const void *data, size_t len)
{
	strbuf_grow(sb, len);
	if (len)
		memcpy(sb->buf + sb->len, data, len);
	sb->len += len;
	sb->buf[sb->len] = '\0';
}

void strbuf_addstr(struct strbuf *sb, const char *s)
{
	strbuf_add(sb, s, strlen(s));
}

void strbuf_addch(struct strbuf *sb, char c)
{
	strbuf_add(sb, &c, 1);
}

void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	strbuf_grow(sb, 64);
	va_copy(cp, ap);
	n = vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	if ((size_t)n >= sb->alloc - sb->len) {
		strbuf_grow(sb, (size_t)n);
		vsnprintf(sb->buf + sb->len, sb->alloc - sb->len, fmt, ap);
	}
	sb->len += (size_t)n;
}

void strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
}

char *strbuf_detach(struct strbuf *sb, size_t *len)
{
	char *p;

	if (!sb->buf)
		strbuf_grow(sb, 0), sb->buf[0] = '\0';
	p = sb->buf;
	if (len)
		*len = sb->len;
	strbuf_init(sb);
	return p;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}

static int needs_quote(unsigned char c, unsigned flags)
{
	if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\')
		return 1;
	return (flags & WB_QUOTE_WORDS) && (c == ' ' || c == '#');
}

const char *wb_quote_path(struct strbuf *out, const char *path, unsigned flags)
{
	static const char esc[] = "\a\b\t\n\v\f\r";	/* \007 .. \015 */
	static const char letter[] = "abtnvfr";
	const unsigned char *p;

	for (p = (const unsigned char *)path; *p; p++)
		if (needs_quote(*p, flags))
			break;
	if (!*p) {
		strbuf_addstr(out, path);
		return strbuf_str(out);
	}
	strbuf_addch(out, '"');
	for (p = (const unsigned char *)path; *p; p++) {
		const char *e = memchr(esc, *p, sizeof(esc) - 1);

		if (e) {
			strbuf_addch(out, '\\');
			strbuf_addch(out, letter[e - esc]);
		} else if (*p == '"' || *p == '\\') {
			strbuf_addch(out, '\\');
			strbuf_addch(out, (char)*p);
		} else if (*p < 0x20 || *p >= 0x7f) {
			strbuf_addf(out, "\\%03o", *p);
		} else {
			strbuf_addch(out, (char)*p);
		}
	}
	strbuf_addch(out, '"');
	return strbuf_str(out);
}

int wb_read_file(struct strbuf *out, const char *path)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			int e = errno;

			if (e == EINTR)
				continue;
			close(fd);
			errno = e;
			return -1;
		}
		strbuf_add(out, buf, (size_t)n);
	}
	close(fd);
	if (!out->buf)
		strbuf_grow(out, 0), out->buf[0] = '\0';
	return 0;
}

int wb_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int wb_open_tmp(const char *path)
{
	int flags = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC;
	int fd = open(path, flags, 0666);

	if (fd < 0 && errno == EEXIST && unlink(path) == 0)
		fd = open(path, flags, 0666);
	return fd;
}

int wb_write_file_atomic(const char *path, const void *data, size_t len)
{
	struct strbuf tmp = STRBUF_INIT;
	int fd, e;

	strbuf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	fd = open(tmp.buf, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	if (wb_write_all(fd, data, len) < 0)
		goto fail_close;
	if (fsync(fd) < 0 || close(fd) < 0) {
		fd = -1;
		goto fail_unlink;
	}
	if (rename(tmp.buf, path) < 0)
		goto fail_unlink;
	strbuf_release(&tmp);
	return 0;

fail_close:
	e = errno;
	close(fd);
	errno = e;
fail_unlink:
	e = errno;
	unlink(tmp.buf);
	errno = e;
fail:
	e = errno;
	strbuf_release(&tmp);
	errno = e;
	return -1;
}

int wb_mkdir_p(const char *path, unsigned mode)
{
	char *p = xstrdup(path), *s;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			goto fail;
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		goto fail;
	free(p);
	return 0;
fail:
	free(p);
	return -1;
}

const char *wb_path_unsafe(const char *path, size_t len)
{
	const char *p = path, *end = path + len;

	if (!len)
		return "an empty path";
	if (memchr(path, '\0', len))
		return "a NUL byte in the path";
	if (*path == '/')
		return "an absolute path";
	while (p <= end) {
		const char *slash = memchr(p, '/', (size_t)(end - p));
		size_t n = (size_t)((slash ? slash : end) - p);

		if (!n)
			return "an empty component";
		if (n == 1 && p[0] == '.')
			return "a '.' component";
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return "a '..' component";
		if (!slash)
			break;
		p = slash + 1;
	}
	return NULL;
}

const char *wb_name_unsafe(const char *name, size_t len)
{
	const char *why = wb_path_unsafe(name, len);

	if (!why && memchr(name, '/', len))
		why = "a '/' inside the name of one tree entry";
	return why;
}

int wb_path_is_safe(const char *path)
{
	return !wb_path_unsafe(path, strlen(path));
}

int wb_path_join(struct strbuf *out, const char *root, const char *path)
{
	const char *why = wb_path_unsafe(path, strlen(path));

	if (why)
		return error("refusing to write '%s' below '%s': %s", path, root, why);
	strbuf_addf(out, "%s/%s", root, path);
	return 0;
}

int wb_write_file_under(const char *root, const char *path, const void *data, size_t len)
{
	struct strbuf full = STRBUF_INIT;
	char *slash;
	int rc = -1;

	if (wb_path_join(&full, root, path) < 0)
		goto cleanup;
	slash = strrchr(full.buf, '/');
	*slash = '\0';
	if (wb_mkdir_p(full.buf, 0755) < 0) {
		error("could not create '%s': %s", full.buf, strerror(errno));
		goto cleanup;
	}
	*slash = '/';
	if (wb_write_file_atomic(full.buf, data, len) < 0) {
		error("could not write '%s': %s", full.buf, strerror(errno));
		goto cleanup;
	}
	rc = 0;
cleanup:
	strbuf_release(&full);
	return rc;
}

uint64_t wb_hash64(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL ^ seed;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

const char *wb_exe_dir(void)
{
	static char dir[PATH_MAX];
	ssize_t n;
	char *slash;

	if (dir[0])
		return dir;
	n = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
	if (n <= 0) {
		memcpy(dir, ".", 2);
		return dir;
	}
	dir[n] = '\0';
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	return dir;
}
