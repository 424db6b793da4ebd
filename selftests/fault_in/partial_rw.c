// SPDX-License-Identifier: GPL-2.0
/*
 * Partial fault-in has any-progress semantics for read and write.
 *
 * A write whose source buffer runs into a page that cannot be read (PROT_NONE
 * or not mapped) must write exactly the readable part and return that count;
 * a read whose destination runs into a page that cannot be written must fill
 * exactly the writable part.  -EFAULT is only right when no byte moved, and
 * nothing may loop: the kernel has to give up on the first page it cannot
 * fault in rather than retry the whole range.
 *
 * Each test runs on tmpfs (a memfd) and on the file system of the working
 * directory, against three kinds of tail: PROT_NONE, unmapped, read-only.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "sabotage.h"

#define TEST_BUDGET_S	10
/* the user buffer starts this far into its first page */
#define BUF_OFFSET	100
/* offset used by the positioned calls: not a multiple of any block size */
#define FILE_OFFSET	4093
#define HEAD_LEN	1000
#define TRAILER_LEN	500
#define MAP_PAGES	5
#define FILL		0xee

enum backing { BACKING_TMPFS, BACKING_CWD };
enum tail { TAIL_PROT_NONE, TAIL_UNMAPPED, TAIL_READ_ONLY };

/*
 * Pages 0-1 of the mapping are read-write, pages 2-3 are the tail, page 4 is
 * read-write again so that an unmapped tail is a hole, not the end.  The
 * buffer runs from BUF_OFFSET into page 0 to BUF_OFFSET into page 3.
 */
FIXTURE(partial) {
	size_t page;
	char *map;
	char *buf;
	size_t len;
	size_t readable;	/* bytes of buf a write can take */
	size_t writable;	/* bytes of buf a read can fill */
	char *tail;		/* first byte of the tail */
	unsigned char *pattern;	/* file data, pattern_len bytes */
	size_t pattern_len;
	unsigned char head[HEAD_LEN];
	unsigned char trailer[TRAILER_LEN];
	int fd;
};

FIXTURE_VARIANT(partial) {
	const char *name;	/* as in FIXTURE_VARIANT_ADD(), for sabotage */
	enum backing backing;
	enum tail tail;
};

FIXTURE_VARIANT_ADD(partial, tmpfs_prot_none) {
	.name = "tmpfs_prot_none",
	.backing = BACKING_TMPFS,
	.tail = TAIL_PROT_NONE,
};

FIXTURE_VARIANT_ADD(partial, tmpfs_unmapped) {
	.name = "tmpfs_unmapped",
	.backing = BACKING_TMPFS,
	.tail = TAIL_UNMAPPED,
};

FIXTURE_VARIANT_ADD(partial, tmpfs_read_only) {
	.name = "tmpfs_read_only",
	.backing = BACKING_TMPFS,
	.tail = TAIL_READ_ONLY,
};

FIXTURE_VARIANT_ADD(partial, cwd_prot_none) {
	.name = "cwd_prot_none",
	.backing = BACKING_CWD,
	.tail = TAIL_PROT_NONE,
};

FIXTURE_VARIANT_ADD(partial, cwd_unmapped) {
	.name = "cwd_unmapped",
	.backing = BACKING_CWD,
	.tail = TAIL_UNMAPPED,
};

FIXTURE_VARIANT_ADD(partial, cwd_read_only) {
	.name = "cwd_read_only",
	.backing = BACKING_CWD,
	.tail = TAIL_READ_ONLY,
};

static unsigned char pattern_byte(size_t i)
{
	/* no short period, so a shifted copy does not compare equal */
	uint32_t x = (uint32_t)i * 2654435761u;

	return (unsigned char)(x >> 24 ^ x >> 11 ^ i);
}

static int open_backing(enum backing backing)
{
	char name[] = "partial_rw.XXXXXX";
	int fd;

	if (backing == BACKING_TMPFS)
		return memfd_create("partial_rw", 0);
	fd = open(".", O_TMPFILE | O_RDWR, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR &&
			errno != EINVAL))
		return fd;
	fd = mkstemp(name);
	if (fd >= 0)
		unlink(name);
	return fd;
}

FIXTURE_SETUP(partial)
{
	size_t i;

	alarm(TEST_BUDGET_S);
	self->page = (size_t)sysconf(_SC_PAGESIZE);
	self->fd = open_backing(variant->backing);
	if (self->fd < 0)
		SKIP(return, "cannot create a file on %s: %s",
		     variant->backing == BACKING_TMPFS ? "tmpfs (memfd)" :
		     "the working directory", strerror(errno));

	self->map = mmap(NULL, MAP_PAGES * self->page, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->map);
	self->buf = self->map + BUF_OFFSET;
	self->len = 3 * self->page;
	self->tail = self->map + 2 * self->page;
	self->writable = 2 * self->page - BUF_OFFSET;
	self->readable = variant->tail == TAIL_READ_ONLY ? self->len :
							   self->writable;

	self->pattern_len = FILE_OFFSET + HEAD_LEN + self->len + TRAILER_LEN;
	self->pattern = malloc(self->pattern_len);
	ASSERT_NE(NULL, self->pattern);
	for (i = 0; i < self->pattern_len; i++)
		self->pattern[i] = pattern_byte(i);
	/* the buffer holds the pattern, so readable bytes are known */
	memcpy(self->buf, self->pattern, self->len);
	for (i = 0; i < HEAD_LEN; i++)
		self->head[i] = pattern_byte(i + 7919);
	for (i = 0; i < TRAILER_LEN; i++)
		self->trailer[i] = pattern_byte(i + 104729);

	switch (variant->tail) {
	case TAIL_PROT_NONE:
		ASSERT_EQ(0, mprotect(self->tail, 2 * self->page, PROT_NONE));
		break;
	case TAIL_UNMAPPED:
		ASSERT_EQ(0, munmap(self->tail, 2 * self->page));
		break;
	case TAIL_READ_ONLY:
		ASSERT_EQ(0, mprotect(self->tail, 2 * self->page, PROT_READ));
		break;
	}
}

FIXTURE_TEARDOWN(partial)
{
	if (self->map)
		munmap(self->map, MAP_PAGES * self->page);
	free(self->pattern);
	if (self->fd >= 0)
		close(self->fd);
}

/*
 * The helpers below spell the harness's fixture types out (struct
 * _test_data_partial for FIXTURE_DATA(partial)): checkpatch reads
 * "FIXTURE_DATA(partial) *self" as a multiplication.
 */

/* Under sabotage a count is expected to fail and a failure to succeed. */
static ssize_t expect_count(struct __test_metadata *_metadata,
			    const struct _fixture_variant_partial *variant,
			    ssize_t want)
{
	if (SABOTAGED(variant->name))
		return want < 0 ? 0 : -1;
	return want;
}

/* Checks that the file holds exactly @len bytes of @data at @off. */
static void expect_file(struct __test_metadata *_metadata, int fd, off_t off,
			const void *data, size_t len)
{
	unsigned char *got = malloc(len + 1);
	struct stat st;

	ASSERT_NE(NULL, got);
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ((off_t)(off + len), st.st_size);
	EXPECT_EQ((ssize_t)len, pread(fd, got, len + 1, off));
	EXPECT_EQ(0, memcmp(got, data, len));
	free(got);
}

/*
 * Fills the file with the pattern; on the working directory's file system
 * also drops it from the page cache, so that reads go through ->read_folio.
 */
static void fill_file(struct __test_metadata *_metadata,
		      struct _test_data_partial *self,
		      const struct _fixture_variant_partial *variant)
{
	ASSERT_EQ((ssize_t)self->pattern_len,
		  pwrite(self->fd, self->pattern, self->pattern_len, 0));
	if (variant->backing == BACKING_CWD) {
		ASSERT_EQ(0, fdatasync(self->fd));
		posix_fadvise(self->fd, 0, 0, POSIX_FADV_DONTNEED);
	}
	/* destinations start out as FILL bytes, to see what was written */
	memset(self->buf, FILL, self->writable);
	memset(self->head, FILL, HEAD_LEN);
	memset(self->trailer, FILL, TRAILER_LEN);
}

static bool all_fill(const void *p, size_t len)
{
	const unsigned char *c = p;

	while (len--)
		if (*c++ != FILL)
			return false;
	return true;
}

TEST_F(partial, write)
{
	ssize_t ret = write(self->fd, self->buf, self->len);

	EXPECT_EQ(expect_count(_metadata, variant, self->readable), ret);
	EXPECT_EQ(ret, lseek(self->fd, 0, SEEK_CUR));
	expect_file(_metadata, self->fd, 0, self->pattern, self->readable);
}

TEST_F(partial, pwrite)
{
	ssize_t ret = pwrite(self->fd, self->buf, self->len, FILE_OFFSET);
	unsigned char zero[FILE_OFFSET] = { 0 }, got[FILE_OFFSET];

	EXPECT_EQ(expect_count(_metadata, variant, self->readable), ret);
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_CUR));
	expect_file(_metadata, self->fd, FILE_OFFSET, self->pattern,
		    self->readable);
	/* the hole before the offset reads back as zeroes */
	ASSERT_EQ(FILE_OFFSET, pread(self->fd, got, FILE_OFFSET, 0));
	EXPECT_EQ(0, memcmp(zero, got, FILE_OFFSET));
}

static void writev_case(struct __test_metadata *_metadata,
			struct _test_data_partial *self,
			const struct _fixture_variant_partial *variant, bool positioned)
{
	struct iovec iov[] = {
		{ self->head, HEAD_LEN },
		{ self->buf, self->len },
		{ self->trailer, TRAILER_LEN },
	};
	off_t off = positioned ? FILE_OFFSET : 0;
	size_t want = HEAD_LEN + self->readable;
	unsigned char *expect;
	ssize_t ret;

	/* the trailer only goes out when the whole buffer was readable */
	if (self->readable == self->len)
		want += TRAILER_LEN;
	expect = malloc(want);
	ASSERT_NE(NULL, expect);
	memcpy(expect, self->head, HEAD_LEN);
	memcpy(expect + HEAD_LEN, self->pattern, self->readable);
	if (want > HEAD_LEN + self->readable)
		memcpy(expect + HEAD_LEN + self->len, self->trailer,
		       TRAILER_LEN);

	if (positioned)
		ret = pwritev(self->fd, iov, 3, off);
	else
		ret = writev(self->fd, iov, 3);
	EXPECT_EQ(expect_count(_metadata, variant, want), ret);
	EXPECT_EQ(positioned ? 0 : ret, lseek(self->fd, 0, SEEK_CUR));
	expect_file(_metadata, self->fd, off, expect, want);
	free(expect);
}

TEST_F(partial, writev)
{
	writev_case(_metadata, self, variant, false);
}

TEST_F(partial, pwritev)
{
	writev_case(_metadata, self, variant, true);
}

/* A good iovec, then one wholly inside the tail: the good one counts. */
TEST_F(partial, writev_bad_second)
{
	char *bad = self->tail + 10;
	struct iovec iov[] = {
		{ self->head, HEAD_LEN },
		{ bad, 1000 },
	};
	unsigned char expect[HEAD_LEN + 1000];
	size_t want = HEAD_LEN;
	ssize_t ret;

	memcpy(expect, self->head, HEAD_LEN);
	if (variant->tail == TAIL_READ_ONLY) {
		memcpy(expect + HEAD_LEN, self->pattern + (bad - self->buf),
		       1000);
		want += 1000;
	}
	ret = writev(self->fd, iov, 2);
	EXPECT_EQ(expect_count(_metadata, variant, want), ret);
	expect_file(_metadata, self->fd, 0, expect, want);
}

/* No byte readable: the only case where -EFAULT is the answer. */
TEST_F(partial, write_none)
{
	ssize_t want = variant->tail == TAIL_READ_ONLY ? 1000 : -1;
	ssize_t ret = write(self->fd, self->tail + 10, 1000);

	EXPECT_EQ(expect_count(_metadata, variant, want), ret);
	if (want < 0)
		EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(want < 0 ? 0 : want, lseek(self->fd, 0, SEEK_END));
}

TEST_F(partial, read)
{
	ssize_t ret;

	fill_file(_metadata, self, variant);
	ret = read(self->fd, self->buf, self->len);
	EXPECT_EQ(expect_count(_metadata, variant, self->writable), ret);
	EXPECT_EQ(ret, lseek(self->fd, 0, SEEK_CUR));
	EXPECT_EQ(0, memcmp(self->buf, self->pattern, self->writable));
}

TEST_F(partial, pread)
{
	ssize_t ret;

	fill_file(_metadata, self, variant);
	ret = pread(self->fd, self->buf, self->len, FILE_OFFSET);
	EXPECT_EQ(expect_count(_metadata, variant, self->writable), ret);
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_CUR));
	EXPECT_EQ(0, memcmp(self->buf, self->pattern + FILE_OFFSET,
			    self->writable));
}

static void readv_case(struct __test_metadata *_metadata,
		       struct _test_data_partial *self,
		       const struct _fixture_variant_partial *variant, bool positioned)
{
	struct iovec iov[] = {
		{ self->head, HEAD_LEN },
		{ self->buf, self->len },
		{ self->trailer, TRAILER_LEN },
	};
	off_t off = positioned ? FILE_OFFSET : 0;
	ssize_t ret;

	fill_file(_metadata, self, variant);
	if (positioned)
		ret = preadv(self->fd, iov, 3, off);
	else
		ret = readv(self->fd, iov, 3);
	EXPECT_EQ(expect_count(_metadata, variant,
			       HEAD_LEN + self->writable), ret);
	EXPECT_EQ(positioned ? 0 : ret, lseek(self->fd, 0, SEEK_CUR));
	EXPECT_EQ(0, memcmp(self->head, self->pattern + off, HEAD_LEN));
	EXPECT_EQ(0, memcmp(self->buf, self->pattern + off + HEAD_LEN,
			    self->writable));
	/* nothing lands past the fault */
	EXPECT_TRUE(all_fill(self->trailer, TRAILER_LEN));
}

TEST_F(partial, readv)
{
	readv_case(_metadata, self, variant, false);
}

TEST_F(partial, preadv)
{
	readv_case(_metadata, self, variant, true);
}

/* No byte writable: -EFAULT, and the file position stays put. */
TEST_F(partial, read_none)
{
	ssize_t ret;

	fill_file(_metadata, self, variant);
	ret = read(self->fd, self->tail + 10, 1000);
	EXPECT_EQ(expect_count(_metadata, variant, -1), ret);
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(0, lseek(self->fd, 0, SEEK_CUR));
}

TEST_HARNESS_MAIN
