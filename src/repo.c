// SPDX-License-Identifier: GPL-2.0
#include "repo.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <git2/sys/odb_backend.h>
#include <limits.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "pack.h"
#include "scan.h"
#include "util.h"

const char *wb_git_error(const char *fallback)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : fallback;
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

#define LOOSE_PRIORITY 2
/* our pack reader (src/pack.c) before libgit2's, which reads what it does not */
#define PACK_PRIORITY (LOOSE_PRIORITY + 2)

static void libgit2_shutdown(void)
{
	git_libgit2_shutdown();
}

static void libgit2_init(void)
{
	git_libgit2_init();
	atexit(libgit2_shutdown);
	/*
	 * Not for every object read: trees are read on every run, warm or
	 * cold.  Blobs, whose scans are cached by id, are checked in
	 * read_obj().
	 */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)64 << 20);
	/*
	 * Pack windows count in the resident set: bound them, whatever the
	 * number of packs and alternates (a sweep of many releases maps
	 * every pack of every one).
	 */
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT, (size_t)256 << 20);
	/* packs first, then our loose reader (see below), libgit2's own last */
	git_libgit2_opts(GIT_OPT_SET_ODB_PACKED_PRIORITY, LOOSE_PRIORITY + 1);
	git_libgit2_opts(GIT_OPT_SET_ODB_LOOSE_PRIORITY, LOOSE_PRIORITY - 1);
}

/*
 * Loose objects are read here, not by libgit2: up to 1.9.x its reader
 * copies a body longer than the header says past the end of its buffer
 * (libgit2#7177) and spins for ever on a stream that ends early
 * (libgit2#7342), and it blocks opening a FIFO.  Each object is inflated
 * once, into a buffer of the size its header states, and must end exactly
 * there; every inflate call either makes progress or ends the read.  Packed
 * objects stay with libgit2, whose pack reader bounds every inflate by the
 * size the pack records and fails on a stream that stops making progress.
 */
struct loose_backend {
	git_odb_backend parent;
	char **dirs;		/* objects directories, each with a trailing '/' */
	size_t ndirs, alloc;
};

/* the longest header, "commit " and 20 digits, fits; libgit2 reads as much */
#define LOOSE_HEADER_MAX 64
/* deflate cannot expand data more than 1032 times */
#define ZLIB_MAX_RATIO 1032

static int odb_error(const char *fmt, ...) WB_PRINTF(1, 2);
static int odb_error(const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	git_error_set_str(GIT_ERROR_ODB, sb.buf);
	strbuf_release(&sb);
	return GIT_ERROR;
}

static void loose_path(struct strbuf *path, const char *dir, const char *hex)
{
	strbuf_reset(path);
	strbuf_addstr(path, dir);
	strbuf_add(path, hex, 2);
	strbuf_addch(path, '/');
	strbuf_addstr(path, hex + 2);
}

/* 0 and the whole file, GIT_ENOTFOUND, or an error naming path. */
static int loose_slurp(struct strbuf *data, const char *path)
{
	struct stat st;
	size_t want;
	int fd, e;

	/* O_NONBLOCK: a FIFO planted in the object store must not block the open */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return GIT_ENOTFOUND;
		return odb_error("could not open '%s': %s", path, strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		e = errno;
		close(fd);
		return odb_error("could not stat '%s': %s", path, strerror(e));
	}
	if (!S_ISREG(st.st_mode) || st.st_size > (off_t)UINT_MAX) {
		close(fd);
		if (!S_ISREG(st.st_mode))
			return odb_error("corrupt loose object '%s': not a regular file", path);
		return odb_error("loose object '%s' is too large: %lld bytes of zlib data", path,
				 (long long)st.st_size);
	}
	want = (size_t)st.st_size;
	strbuf_grow(data, want);
	while (data->len < want) {
		ssize_t n = read(fd, data->buf + data->len, want - data->len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			e = errno;
			close(fd);
			return odb_error("could not read '%s': %s", path, strerror(e));
		}
		if (!n)
			break;
		data->len += (size_t)n;
	}
	close(fd);
	/* text files (alternates) are read as strings */
	data->buf[data->len] = '\0';
	return 0;
}

/*
 * inflate() until the output is full, the stream ends or no progress can be
 * made: Z_OK (output full), Z_STREAM_END, Z_BUF_ERROR (the input ended
 * before the stream did) or another zlib error.  Never loops on a stream
 * that is stuck.
 */
static int inflate_bounded(z_stream *zs)
{
	int ret;

	while (zs->avail_out) {
		uInt in = zs->avail_in, out = zs->avail_out;

		ret = inflate(zs, Z_NO_FLUSH);
		if (ret != Z_OK)
			return ret;
		if (in == zs->avail_in && out == zs->avail_out)
			return Z_BUF_ERROR;
	}
	return Z_OK;
}

static int zlib_error(const char *path, int ret, const z_stream *zs)
{
	if (ret == Z_BUF_ERROR)
		return odb_error("corrupt loose object '%s': the zlib stream ends early", path);
	if (ret == Z_MEM_ERROR)
		return odb_error("out of memory inflating '%s'", path);
	return odb_error("corrupt loose object '%s': %s", path,
			 zs->msg ? zs->msg : "invalid zlib stream");
}

/* "blob 123\0": the type, the size and the header's length */
static int parse_loose_header(git_object_t *type, size_t *size, size_t *hlen,
			      const unsigned char *h, size_t n, const char *path)
{
	char name[8];
	size_t i, t;
	uint64_t v = 0;

	for (t = 0; t < n && t < sizeof(name) - 1 && h[t] != ' '; t++)
		name[t] = (char)h[t];
	name[t] = '\0';
	*type = t < n && h[t] == ' ' ? git_object_string2type(name) : GIT_OBJECT_INVALID;
	if (!git_object_typeisloose(*type))
		return odb_error("corrupt loose object '%s': unknown object type", path);
	for (i = t + 1; i < n && h[i] >= '0' && h[i] <= '9'; i++) {
		if (v > (SIZE_MAX / 2 - 9) / 10)
			return odb_error("corrupt loose object '%s': size out of range", path);
		v = v * 10 + (uint64_t)(h[i] - '0');
	}
	if (i == t + 1 || i >= n || h[i] != '\0')
		return odb_error("corrupt loose object '%s': invalid header", path);
	*size = (size_t)v;
	*hlen = i + 1;
	return 0;
}

/*
 * Inflates the loose object at path (data, as read from disk): the body in
 * a buffer from libgit2's allocator, or only the type and size when out is
 * NULL.
 */
static int loose_inflate(void **out, size_t *len, git_object_t *type, git_odb_backend *be,
			 const struct strbuf *data, const char *path)
{
	const unsigned char *in = (const unsigned char *)data->buf;
	unsigned char head[LOOSE_HEADER_MAX], probe;
	z_stream zs;
	size_t size = 0, hlen = 0, got, done;
	char *body = NULL;
	int ret, err = GIT_ERROR, ended;

	if (out)
		*out = NULL;
	/* early git's experimental format (binary header, then deflate) is refused */
	if (data->len < 2 || (in[0] & 0x8f) != 0x08 || ((in[0] << 8) | in[1]) % 31)
		return odb_error("corrupt loose object '%s': not a zlib stream", path);
	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return odb_error("out of memory inflating '%s'", path);
	zs.next_in = (Bytef *)in;
	zs.avail_in = (uInt)data->len;
	zs.next_out = head;
	zs.avail_out = sizeof(head);
	ret = inflate_bounded(&zs);
	if (ret != Z_OK && ret != Z_STREAM_END && !(ret == Z_BUF_ERROR && zs.avail_out < sizeof(head))) {
		zlib_error(path, ret, &zs);
		goto out;
	}
	ended = ret == Z_STREAM_END;
	got = sizeof(head) - zs.avail_out;
	if (parse_loose_header(type, &size, &hlen, head, got, path) < 0)
		goto out;
	if (size / ZLIB_MAX_RATIO > data->len) {
		odb_error("corrupt loose object '%s': the header claims %zu bytes, more than %zu bytes of zlib data can hold",
			  path, size, data->len);
		goto out;
	}
	*len = size;
	if (!out) {
		err = 0;
		goto out;
	}
	if (got - hlen > size) {
		odb_error("corrupt loose object '%s': longer than the %zu bytes its header says",
			  path, size);
		goto out;
	}
	body = git_odb_backend_data_alloc(be, size + 1);
	if (!body) {
		odb_error("out of memory reading '%s'", path);
		goto out;
	}
	memcpy(body, head + hlen, got - hlen);
	done = got - hlen;
	while (!ended && done < size) {
		size_t want = size - done;

		zs.next_out = (Bytef *)body + done;
		zs.avail_out = want > UINT_MAX ? UINT_MAX : (uInt)want;
		ret = inflate_bounded(&zs);
		done = (size_t)((char *)zs.next_out - body);
		if (ret == Z_STREAM_END)
			ended = 1;
		else if (ret != Z_OK)
			break;
	}
	if (!ended && done == size) {
		/* full: the stream must end here, with no byte more */
		zs.next_out = &probe;
		zs.avail_out = 1;
		ret = inflate_bounded(&zs);
		if (zs.avail_out == 0) {
			odb_error("corrupt loose object '%s': longer than the %zu bytes its header says",
				  path, size);
			goto out;
		}
		ended = ret == Z_STREAM_END;
	}
	if (!ended) {
		zlib_error(path, ret, &zs);
		goto out;
	}
	if (done != size) {
		odb_error("corrupt loose object '%s': %zu bytes, its header says %zu", path, done,
			  size);
		goto out;
	}
	if (zs.avail_in) {
		odb_error("corrupt loose object '%s': data after the end of the zlib stream", path);
		goto out;
	}
	body[size] = '\0';
	*out = body;
	body = NULL;
	err = 0;
out:
	if (body)
		git_odb_backend_data_free(be, body);
	inflateEnd(&zs);
	return err;
}

static int loose_read_common(void **out, size_t *len, git_object_t *type, git_odb_backend *be,
			     const git_oid *oid)
{
	struct loose_backend *lb = (struct loose_backend *)be;
	struct strbuf path = STRBUF_INIT, data = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	size_t i;
	int err = GIT_ENOTFOUND;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (i = 0; i < lb->ndirs && err == GIT_ENOTFOUND; i++) {
		loose_path(&path, lb->dirs[i], hex);
		err = loose_slurp(&data, path.buf);
	}
	if (!err)
		err = loose_inflate(out, len, type, be, &data, path.buf);
	strbuf_release(&data);
	strbuf_release(&path);
	return err;
}

static int loose_read(void **out, size_t *len, git_object_t *type, git_odb_backend *be,
		      const git_oid *oid)
{
	return loose_read_common(out, len, type, be, oid);
}

static int loose_read_header(size_t *len, git_object_t *type, git_odb_backend *be,
			     const git_oid *oid)
{
	return loose_read_common(NULL, len, type, be, oid);
}

static int loose_exists(git_odb_backend *be, const git_oid *oid)
{
	struct loose_backend *lb = (struct loose_backend *)be;
	struct strbuf path = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	struct stat st;
	size_t i;
	int found = 0;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (i = 0; i < lb->ndirs && !found; i++) {
		loose_path(&path, lb->dirs[i], hex);
		found = stat(path.buf, &st) == 0;
	}
	strbuf_release(&path);
	return found;
}

/* The one loose object whose id starts with the first n hex digits of prefix. */
static int loose_find_prefix(git_oid *out, git_odb_backend *be, const git_oid *prefix, size_t n)
{
	struct loose_backend *lb = (struct loose_backend *)be;
	struct strbuf dir = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1], full[GIT_OID_HEXSZ + 1];
	size_t i;
	int found = 0;

	if (n < 2 || n > GIT_OID_HEXSZ)
		return GIT_ENOTFOUND;
	git_oid_tostr(hex, sizeof(hex), prefix);
	for (i = 0; i < lb->ndirs; i++) {
		struct dirent *de;
		DIR *d;

		strbuf_reset(&dir);
		strbuf_addstr(&dir, lb->dirs[i]);
		strbuf_add(&dir, hex, 2);
		if (!(d = opendir(dir.buf)))
			continue;
		while ((de = readdir(d))) {
			if (strlen(de->d_name) != GIT_OID_HEXSZ - 2 ||
			    strncmp(de->d_name, hex + 2, n - 2) ||
			    strspn(de->d_name, "0123456789abcdef") != GIT_OID_HEXSZ - 2)
				continue;
			if (found && strcmp(full + 2, de->d_name)) {
				closedir(d);
				strbuf_release(&dir);
				git_error_set_str(GIT_ERROR_ODB, "ambiguous object id prefix");
				return GIT_EAMBIGUOUS;
			}
			memcpy(full, hex, 2);
			memcpy(full + 2, de->d_name, GIT_OID_HEXSZ - 2 + 1);
			found = 1;
		}
		closedir(d);
	}
	strbuf_release(&dir);
	if (!found)
		return GIT_ENOTFOUND;
	return git_oid_fromstr(out, full);
}

static int loose_read_prefix(git_oid *full, void **out, size_t *len, git_object_t *type,
			     git_odb_backend *be, const git_oid *prefix, size_t n)
{
	int err = loose_find_prefix(full, be, prefix, n);

	return err ? err : loose_read_common(out, len, type, be, full);
}

static int loose_exists_prefix(git_oid *full, git_odb_backend *be, const git_oid *prefix,
			       size_t n)
{
	return loose_find_prefix(full, be, prefix, n);
}

static void loose_free(git_odb_backend *be)
{
	struct loose_backend *lb = (struct loose_backend *)be;
	size_t i;

	for (i = 0; i < lb->ndirs; i++)
		free(lb->dirs[i]);
	free(lb->dirs);
	free(lb);
}

/* git's limit on chains of alternates */
#define ALTERNATES_MAX_DEPTH 5

/*
 * libgit2 opens the files of an object database with a blocking open(): a
 * FIFO in place of a pack, an index or the alternates would hang it before
 * any object is read.  Anything there that is not a regular file is refused.
 */
static int check_odb_files(const char *dir)
{
	static const char *const files[] = { "info/alternates", "info/commit-graph" };
	struct strbuf path = STRBUF_INIT;
	struct dirent *de;
	struct stat st;
	size_t i;
	DIR *d;
	int err = 0;

	for (i = 0; i < WB_ARRAY_SIZE(files) && !err; i++) {
		strbuf_reset(&path);
		strbuf_addf(&path, "%s%s", dir, files[i]);
		if (stat(path.buf, &st) == 0 && !S_ISREG(st.st_mode))
			err = odb_error("'%s' is not a regular file", path.buf);
	}
	strbuf_reset(&path);
	strbuf_addf(&path, "%spack", dir);
	d = err ? NULL : opendir(path.buf);
	while (d && !err && (de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%spack/%s", dir, de->d_name);
		if (stat(path.buf, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
			err = odb_error("'%s' is not a regular file", path.buf);
	}
	if (d)
		closedir(d);
	strbuf_release(&path);
	return err;
}

/* dir (with its trailing '/') and, recursively, the alternates it lists */
static int loose_add_dir(struct loose_backend *lb, const char *dir, int depth)
{
	struct strbuf path = STRBUF_INIT, list = STRBUF_INIT;
	const char *p, *end;
	size_t i;
	int err;

	for (i = 0; i < lb->ndirs; i++)
		if (!strcmp(lb->dirs[i], dir))
			return 0;
	WB_ALLOC_GROW(lb->dirs, lb->ndirs + 1, lb->alloc);
	lb->dirs[lb->ndirs++] = xstrdup(dir);
	if ((err = check_odb_files(dir)) < 0 || depth >= ALTERNATES_MAX_DEPTH)
		return err;
	strbuf_addf(&path, "%sinfo/alternates", dir);
	err = loose_slurp(&list, path.buf);
	if (err == GIT_ENOTFOUND)
		err = 0;
	for (p = strbuf_str(&list); !err && *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, "\r\n");
		if (end == p || *p == '#')
			continue;
		strbuf_reset(&path);
		if (*p != '/')
			strbuf_addstr(&path, dir);
		strbuf_add(&path, p, (size_t)(end - p));
		if (path.buf[path.len - 1] != '/')
			strbuf_addch(&path, '/');
		err = loose_add_dir(lb, path.buf, depth + 1);
	}
	strbuf_release(&list);
	strbuf_release(&path);
	return err;
}

int wb_repo_harden(git_repository *repo)
{
	struct loose_backend *lb;
	struct strbuf dir = STRBUF_INIT;
	git_odb_backend *pack = NULL;
	git_odb *odb = NULL;
	int err;

	pthread_once(&init_once, libgit2_init);
	lb = xcalloc(1, sizeof(*lb));
	git_odb_init_backend(&lb->parent, GIT_ODB_BACKEND_VERSION);
	lb->parent.read = loose_read;
	lb->parent.read_header = loose_read_header;
	lb->parent.read_prefix = loose_read_prefix;
	lb->parent.exists = loose_exists;
	lb->parent.exists_prefix = loose_exists_prefix;
	lb->parent.free = loose_free;
	strbuf_addf(&dir, "%sobjects/", git_repository_commondir(repo));
	err = loose_add_dir(lb, dir.buf, 0);
	strbuf_release(&dir);
	if (!err)
		err = git_repository_odb(&odb, repo);
	/* the same directories, alternates included, for the packs */
	if (!err)
		err = wb_pack_backend_new(&pack, lb->dirs, lb->ndirs);
	if (!err)
		err = git_odb_add_backend(odb, &lb->parent, LOOSE_PRIORITY);
	if (err < 0)
		loose_free(&lb->parent);
	if (!err && pack && (err = git_odb_add_backend(odb, pack, PACK_PRIORITY)) < 0)
		pack->free(pack);
	git_odb_free(odb);
	return err;
}

void wb_blob_list_release(struct wb_blob_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++) {
		free(list->v[i].path);
		free(list->v[i].msg);
	}
	free(list->v);
	memset(list, 0, sizeof(*list));
}

int wb_repo_open(struct wb_repo **out, const char *path)
{
	struct wb_repo *r;
	git_repository *repo = NULL;
	int err;

	*out = NULL;
	pthread_once(&init_once, libgit2_init);
	if (path)
		err = git_repository_open_ext(&repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	else
		err = git_repository_open_ext(&repo, ".", 0, NULL);
	if (err < 0) {
		if (err == GIT_ENOTFOUND)
			return error("not a git repository: '%s'", path ? path : ".");
		return error("could not open repository '%s': %s", path ? path : ".",
			     wb_git_error("unknown error"));
	}
	if (wb_repo_harden(repo) < 0) {
		error("could not open the object database of '%s': %s", path ? path : ".",
		      wb_git_error("unknown error"));
		git_repository_free(repo);
		return -1;
	}
	r = xcalloc(1, sizeof(*r));
	r->repo = repo;
	r->gitdir = xstrdup(git_repository_path(repo));
	*out = r;
	return 0;
}

void wb_repo_free(struct wb_repo *r)
{
	if (!r)
		return;
	git_repository_free(r->repo);
	free(r->gitdir);
	free(r);
}

int wb_repo_resolve(struct wb_repo *r, const char *rev, git_oid *commit, git_oid *tree)
{
	git_object *obj = NULL, *peeled = NULL;
	int err;

	memset(commit, 0, sizeof(*commit));
	err = git_revparse_single(&obj, r->repo, rev);
	if (err < 0)
		return error("unknown revision '%s': %s", rev, wb_git_error("not found"));
	if (git_object_peel(&peeled, obj, GIT_OBJECT_COMMIT) == 0) {
		git_oid_cpy(commit, git_object_id(peeled));
		git_oid_cpy(tree, git_commit_tree_id((git_commit *)peeled));
	} else if (git_object_peel(&peeled, obj, GIT_OBJECT_TREE) == 0) {
		git_oid_cpy(tree, git_object_id(peeled));
	} else {
		git_object_free(obj);
		return error("revision '%s' names neither a commit nor a tree", rev);
	}
	git_object_free(peeled);
	git_object_free(obj);
	return 0;
}

static int wanted(const char *name, const char *const *exts)
{
	size_t nl = strlen(name), el, i;

	for (i = 0; exts[i]; i++) {
		el = strlen(exts[i]);
		if (nl > el && !memcmp(name + nl - el, exts[i], el))
			return 1;
	}
	return 0;
}

static struct wb_blob *add_blob(struct wb_blob_list *out, const struct strbuf *path,
				const git_oid *oid)
{
	struct wb_blob *b;

	WB_ALLOC_GROW(out->v, out->n + 1, out->alloc);
	b = &out->v[out->n++];
	memset(b, 0, sizeof(*b));
	git_oid_cpy(&b->oid, oid);
	b->path = xstrndup(path->buf, path->len);
	return b;
}

/* A subtree (path ends in '/') that is not listed, and why. */
static void add_unlisted(struct wb_blob_list *out, const struct strbuf *path, const git_oid *oid,
			 enum wb_read_status status, const char *fmt, ...) WB_PRINTF(5, 6);
static void add_unlisted(struct wb_blob_list *out, const struct strbuf *path, const git_oid *oid,
			 enum wb_read_status status, const char *fmt, ...)
{
	struct wb_blob *b = add_blob(out, path, oid);
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	b->status = status;
	b->msg = strbuf_detach(&msg, NULL);
}

/* The tree an entry names; NULL when it is not listed (and why is in out, if any). */
static git_tree *open_subtree(git_repository *repo, const git_oid *oid,
			      const struct strbuf *path, struct wb_blob_list *out)
{
	git_object *obj = NULL;
	int err = git_object_lookup(&obj, repo, oid, GIT_OBJECT_ANY);

	if (!out) {
		if (err >= 0 && git_object_type(obj) == GIT_OBJECT_TREE)
			return (git_tree *)obj;
		git_object_free(obj);
		return NULL;
	}
	if (err == GIT_ENOTFOUND) {
		add_unlisted(out, path, oid, WB_READ_MISSING,
			     "tree not in the object database: nothing below it is audited");
		return NULL;
	}
	if (err < 0) {
		add_unlisted(out, path, oid, WB_READ_CORRUPT, "%s: nothing below it is audited",
			     wb_git_error("unreadable tree"));
		return NULL;
	}
	if (git_object_type(obj) != GIT_OBJECT_TREE) {
		add_unlisted(out, path, oid, WB_READ_CORRUPT,
			     "the entry says tree, the object is a %s: nothing below it is audited",
			     git_object_type2string(git_object_type(obj)));
		git_object_free(obj);
		return NULL;
	}
	return (git_tree *)obj;
}

struct walk_frame {
	git_tree *tree;
	size_t next;		/* the entry to visit next */
	size_t pathlen;		/* of the tree's path, with its trailing '/' */
	size_t sub;		/* its entry in subs, +1; 0: none */
};

static void strbuf_truncate(struct strbuf *sb, size_t len)
{
	sb->len = len;
	if (sb->buf)
		sb->buf[len] = '\0';
}

void wb_subtree_list_release(struct wb_subtree_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->v[i].path);
	free(list->v);
	memset(list, 0, sizeof(*list));
}

int wb_repo_list_blobs(struct wb_repo *r, const git_oid *tree_id, const char *const *exts,
		       struct wb_blob_list *out)
{
	return wb_repo_list_blobs_ex(r, tree_id, exts, out, NULL, NULL, NULL);
}

int wb_repo_list_blobs_ex(struct wb_repo *r, const git_oid *tree_id, const char *const *exts,
			  struct wb_blob_list *out, struct wb_subtree_list *subs,
			  wb_reuse_fn reuse, void *ctx)
{
	struct walk_frame *stack = NULL;
	size_t depth = 0, alloc = 0, visited = 0;
	struct strbuf path = STRBUF_INIT;
	char hex[GIT_OID_HEXSZ + 1];
	git_tree *root = NULL;

	/* an explicit stack: a hostile tree may nest far deeper than the C stack */
	if (git_tree_lookup(&root, r->repo, tree_id) < 0)
		return error("could not read tree %s: %s",
			     git_oid_tostr(hex, sizeof(hex), tree_id), wb_git_error("missing"));
	WB_ALLOC_GROW(stack, 1, alloc);
	stack[depth++] = (struct walk_frame){ root, 0, 0, 0 };
	while (depth) {
		struct walk_frame *top = &stack[depth - 1];
		const git_tree_entry *e;
		const git_oid *oid;
		git_tree *sub;

		if (top->next >= git_tree_entrycount(top->tree)) {
			if (top->sub)
				subs->v[top->sub - 1].last = out->n;
			git_tree_free(top->tree);
			depth--;
			if (depth)
				strbuf_truncate(&path, stack[depth - 1].pathlen);
			continue;
		}
		if (++visited > WB_TREE_MAX_ENTRIES) {
			add_unlisted(out, &path, git_tree_id(top->tree), WB_READ_CORRUPT,
				     "more than %u tree entries: the walk stopped here, the rest is not audited",
				     WB_TREE_MAX_ENTRIES);
			while (depth)
				git_tree_free(stack[--depth].tree);
			break;
		}
		e = git_tree_entry_byindex(top->tree, top->next++);
		oid = git_tree_entry_id(e);
		switch (git_tree_entry_type(e)) {
		case GIT_OBJECT_BLOB:
			if (git_tree_entry_filemode(e) == GIT_FILEMODE_LINK ||
			    !wanted(git_tree_entry_name(e), exts))
				break;
			strbuf_addstr(&path, git_tree_entry_name(e));
			add_blob(out, &path, oid);
			strbuf_truncate(&path, top->pathlen);
			break;
		case GIT_OBJECT_TREE:
			strbuf_addstr(&path, git_tree_entry_name(e));
			strbuf_addch(&path, '/');
			if (depth > WB_TREE_MAX_DEPTH) {
				add_unlisted(out, &path, oid, WB_READ_CORRUPT,
					     "trees nested deeper than %d levels: nothing below it is audited",
					     WB_TREE_MAX_DEPTH);
				strbuf_truncate(&path, top->pathlen);
				break;
			}
			if (reuse && reuse(ctx, path.buf, oid, out, subs)) {
				strbuf_truncate(&path, top->pathlen);
				break;
			}
			sub = open_subtree(r->repo, oid, &path, out);
			if (!sub) {
				strbuf_truncate(&path, top->pathlen);
				break;
			}
			WB_ALLOC_GROW(stack, depth + 1, alloc);
			stack[depth] = (struct walk_frame){ sub, 0, path.len, 0 };
			if (subs) {
				WB_ALLOC_GROW(subs->v, subs->n + 1, subs->alloc);
				subs->v[subs->n].path = xstrndup(path.buf, path.len);
				git_oid_cpy(&subs->v[subs->n].oid, oid);
				subs->v[subs->n].first = subs->v[subs->n].last = out->n;
				stack[depth].sub = ++subs->n;
			}
			depth++;
			break;
		default:
			/* submodules */
			break;
		}
	}
	free(stack);
	strbuf_release(&path);
	return 0;
}

/* git's order of tree entries: a tree sorts as if its name ended in '/' */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *na = git_tree_entry_name(a), *nb = git_tree_entry_name(b);
	size_t la = strlen(na), lb = strlen(nb);
	int c = memcmp(na, nb, la < lb ? la : lb);
	unsigned char ca, cb;

	if (c)
		return c;
	ca = la > lb ? (unsigned char)na[lb] : git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0;
	cb = lb > la ? (unsigned char)nb[la] : git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0;
	return ca < cb ? -1 : ca > cb;
}

struct diff_frame {
	git_tree *t[2];		/* old and new; either may be NULL (added, removed) */
	size_t next[2];
	size_t pathlen;
};

static const git_tree_entry *diff_next(const struct diff_frame *f, int side)
{
	if (!f->t[side] || f->next[side] >= git_tree_entrycount(f->t[side]))
		return NULL;
	return git_tree_entry_byindex(f->t[side], f->next[side]);
}

static void add_path(struct wb_nameset *out, const struct strbuf *path)
{
	wb_nameset_add(out, path->buf, path->len);
}

/*
 * Paths of the files that differ between two trees, walked together with an
 * explicit stack (git_diff recurses through path strings that grow with the
 * depth: a hostile deep tree makes it quadratic).  A subtree that cannot be
 * read or is nested too deep is itself named ("dir/"); the audits of the
 * two revisions report it.
 */
int wb_repo_changed_paths(struct wb_repo *r, const git_oid *old_tree, const git_oid *new_tree,
			  struct wb_nameset *out)
{
	struct diff_frame *stack = NULL;
	size_t depth = 0, alloc = 0, visited = 0;
	struct strbuf path = STRBUF_INIT;
	git_tree *a = NULL, *b = NULL;

	if (git_tree_lookup(&a, r->repo, old_tree) < 0 || git_tree_lookup(&b, r->repo, new_tree) < 0) {
		git_tree_free(a);
		return error("could not diff the trees: %s", wb_git_error("unknown error"));
	}
	WB_ALLOC_GROW(stack, 1, alloc);
	stack[depth++] = (struct diff_frame){ { a, b }, { 0, 0 }, 0 };
	while (depth) {
		struct diff_frame *top = &stack[depth - 1];
		const git_tree_entry *e[2] = { diff_next(top, 0), diff_next(top, 1) };
		git_tree *sub[2] = { NULL, NULL };
		int c, side, push = 0;

		if (!e[0] && !e[1]) {
			git_tree_free(top->t[0]);
			git_tree_free(top->t[1]);
			depth--;
			if (depth)
				strbuf_truncate(&path, stack[depth - 1].pathlen);
			continue;
		}
		if (++visited > WB_TREE_MAX_ENTRIES) {
			add_path(out, &path);
			for (; depth; depth--) {
				git_tree_free(stack[depth - 1].t[0]);
				git_tree_free(stack[depth - 1].t[1]);
			}
			break;
		}
		c = !e[0] ? 1 : !e[1] ? -1 : entry_cmp(e[0], e[1]);
		if (c < 0)
			e[1] = NULL;
		else if (c > 0)
			e[0] = NULL;
		for (side = 0; side < 2; side++)
			if (e[side])
				top->next[side]++;
		if (e[0] && e[1] && git_oid_equal(git_tree_entry_id(e[0]), git_tree_entry_id(e[1])) &&
		    git_tree_entry_filemode(e[0]) == git_tree_entry_filemode(e[1]))
			continue;
		strbuf_addstr(&path, git_tree_entry_name(e[0] ? e[0] : e[1]));
		for (side = 0; side < 2; side++) {
			if (!e[side])
				continue;
			if (git_tree_entry_type(e[side]) != GIT_OBJECT_TREE) {
				add_path(out, &path);
				continue;
			}
			push = 1;
		}
		if (!push) {
			strbuf_truncate(&path, top->pathlen);
			continue;
		}
		strbuf_addch(&path, '/');
		if (depth > WB_TREE_MAX_DEPTH) {
			add_path(out, &path);
			strbuf_truncate(&path, top->pathlen);
			continue;
		}
		push = 0;
		for (side = 0; side < 2; side++) {
			if (!e[side] || git_tree_entry_type(e[side]) != GIT_OBJECT_TREE)
				continue;
			sub[side] = open_subtree(r->repo, git_tree_entry_id(e[side]), &path, NULL);
			if (sub[side])
				push = 1;
			else
				add_path(out, &path);
		}
		if (!push) {
			strbuf_truncate(&path, top->pathlen);
			continue;
		}
		WB_ALLOC_GROW(stack, depth + 1, alloc);
		stack[depth++] = (struct diff_frame){ { sub[0], sub[1] }, { 0, 0 }, path.len };
	}
	free(stack);
	strbuf_release(&path);
	return 0;
}

unsigned wb_ncpus(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}


/*
 * The object id of a blob with this content: SHA-1 over "blob N\0" and the
 * bytes.  OpenSSL's is several times faster than libgit2 1.5's
 * collision-detecting one, and every blob read goes through here.
 */
static int blob_hash(git_oid *out, const void *data, size_t len)
{
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	char hdr[32];
	int hl = snprintf(hdr, sizeof(hdr), "blob %zu", len), ok;

	ok = md && EVP_DigestInit_ex(md, EVP_sha1(), NULL) == 1 &&
	     EVP_DigestUpdate(md, hdr, (size_t)hl + 1) == 1 &&
	     EVP_DigestUpdate(md, data, len) == 1 && EVP_DigestFinal_ex(md, digest, &n) == 1 &&
	     n == GIT_OID_RAWSZ;
	EVP_MD_CTX_free(md);
	if (!ok)
		return -1;
	git_oid_fromraw(out, digest);
	return 0;
}

static enum wb_read_status read_obj(git_odb *odb, const git_oid *oid, size_t max_size,
				    git_odb_object **obj, size_t *size)
{
	git_oid got;
	int err;

	/*
	 * git_odb_read_header() would tell the size first, but for deltified
	 * objects it costs nearly a full read; reading and then dropping an
	 * oversized blob is cheaper for the common case.
	 */
	*obj = NULL;
	*size = 0;
	err = git_odb_read(obj, odb, oid);
	if (err == GIT_ENOTFOUND)
		return WB_READ_MISSING;
	if (err < 0)
		return WB_READ_CORRUPT;
	*size = git_odb_object_size(*obj);
	if (git_odb_object_type(*obj) != GIT_OBJECT_BLOB) {
		char msg[64];

		snprintf(msg, sizeof(msg), "the entry says blob, the object is a %s",
			 git_object_type2string(git_odb_object_type(*obj)));
		git_odb_object_free(*obj);
		*obj = NULL;
		git_error_set_str(GIT_ERROR_INVALID, msg);
		return WB_READ_CORRUPT;
	}
	if (max_size && *size > max_size) {
		git_odb_object_free(*obj);
		*obj = NULL;
		return WB_READ_TOO_BIG;
	}
	/*
	 * A blob is what the cache keys results by: one whose content is not
	 * what its id names (a damaged or planted loose object, a lying pack
	 * index) must not be scanned, or its scan would outlive the repair.
	 */
	if (blob_hash(&got, git_odb_object_data(*obj), *size) < 0 || !git_oid_equal(&got, oid)) {
		git_odb_object_free(*obj);
		*obj = NULL;
		git_error_set_str(GIT_ERROR_ODB, "content does not match the object id");
		return WB_READ_CORRUPT;
	}
	return WB_READ_OK;
}

enum wb_read_status wb_repo_read_one(struct wb_repo *r, const git_oid *oid, size_t max_size,
				     git_odb_object **obj)
{
	git_odb *odb = NULL;
	enum wb_read_status st;
	size_t size;

	*obj = NULL;
	if (git_repository_odb(&odb, r->repo) < 0)
		return WB_READ_CORRUPT;
	st = read_obj(odb, oid, max_size, obj, &size);
	git_odb_free(odb);
	return st;
}

struct reader {
	const char *gitdir;
	const git_oid *const *oids;
	size_t n;
	size_t max_size;
	atomic_size_t next;
	wb_blob_fn fn;
	void *ctx;
	atomic_int failed_start;
};

static void *reader_main(void *arg)
{
	struct reader *rd = arg;
	git_repository *repo = NULL;
	git_odb *odb = NULL;
	size_t i;

	if (git_repository_open_bare(&repo, rd->gitdir) < 0 || wb_repo_harden(repo) < 0 ||
	    git_repository_odb(&odb, repo) < 0) {
		atomic_fetch_add(&rd->failed_start, 1);
		git_repository_free(repo);
		return NULL;
	}
	while ((i = atomic_fetch_add(&rd->next, 1)) < rd->n) {
		git_odb_object *obj;
		size_t size = 0;
		enum wb_read_status st;

		if (!rd->oids[i])
			continue;
		st = read_obj(odb, rd->oids[i], rd->max_size, &obj, &size);
		if (st == WB_READ_OK) {
			rd->fn(i, st, git_odb_object_data(obj), git_odb_object_size(obj), NULL,
			       rd->ctx);
			git_odb_object_free(obj);
		} else {
			char msg[256];

			if (st == WB_READ_TOO_BIG)
				snprintf(msg, sizeof(msg), "%zu bytes, over the limit of %zu",
					 size, rd->max_size);
			else
				snprintf(msg, sizeof(msg), "%s",
					 wb_git_error(st == WB_READ_MISSING ? "object not found"
									    : "unreadable"));
			rd->fn(i, st, NULL, size, msg, rd->ctx);
		}
	}
	git_odb_free(odb);
	git_repository_free(repo);
	return NULL;
}

int wb_repo_read_blobs(struct wb_repo *r, const git_oid *const *oids, size_t n,
		       unsigned nthreads, size_t max_size, wb_blob_fn fn, void *ctx)
{
	struct reader rd = { .gitdir = r->gitdir, .oids = oids, .n = n, .max_size = max_size,
			     .fn = fn, .ctx = ctx };
	pthread_t *th;
	unsigned i, started = 0;

	if (!nthreads)
		nthreads = wb_ncpus();
	if (nthreads > n)
		nthreads = n ? (unsigned)n : 1;
	atomic_init(&rd.next, 0);
	atomic_init(&rd.failed_start, 0);
	th = xcalloc(nthreads, sizeof(*th));
	for (i = 0; i < nthreads; i++)
		if (pthread_create(&th[i], NULL, reader_main, &rd) == 0)
			started++;
		else
			break;
	if (!started) {
		free(th);
		reader_main(&rd);
	} else {
		for (i = 0; i < started; i++)
			pthread_join(th[i], NULL);
		free(th);
	}
	if (atomic_load(&rd.failed_start) == (int)(started ? started : 1))
		return error("could not open '%s' for reading", r->gitdir);
	return 0;
}
