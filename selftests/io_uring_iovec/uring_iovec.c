// SPDX-License-Identifier: GPL-2.0
/*
 * io_uring imports user iovecs correctly, in every context it may do so.
 *
 * readv/writev on pipes and on a file, sendmsg/recvmsg on a stream socket
 * pair, with 1, 8 (UIO_FASTIOV, the on-stack array), 9 (the first count that
 * needs an allocated array) and 1024 (UIO_MAXIOV) iovecs, some of them empty,
 * at odd addresses with guard bytes between them.  The peer thread moves the
 * data in small slices with pauses, so transfers come up short and are
 * retried from the middle of an iovec: by the kernel (MSG_WAITALL, short
 * reads of regular files) or by resubmitting the rest.  Every byte that
 * arrives is checked against its stream offset, every guard byte is checked
 * untouched, file offsets lie above 4 GiB.
 *
 * Variants: issued inline, forced to the io-wq worker (IOSQE_ASYNC), issued
 * by the SQPOLL thread, and both.  Built with -m32 the same source runs as a
 * 32-bit task, where the kernel has to read compat iovecs and a compat
 * msghdr from worker and SQPOLL context, not from the submitting syscall.
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "sabotage.h"
#include "uring.h"

#define TEST_BUDGET_S	10
#define STREAM_BYTES	(96 * 1024)
#define CANARY		0x5c
#define FILE_OFFSET	((1ULL << 32) + 4093)
#define PEER_SLICE_MAX	4096

FIXTURE(iovec) {
	struct uring ring;
};

FIXTURE_VARIANT(iovec) {
	const char *name;	/* as in FIXTURE_VARIANT_ADD(), for sabotage */
	unsigned int setup_flags;
	uint8_t sqe_flags;
};

FIXTURE_VARIANT_ADD(iovec, inline) {
	.name = "inline",
	.setup_flags = 0,
	.sqe_flags = 0,
};

FIXTURE_VARIANT_ADD(iovec, async) {
	.name = "async",
	.setup_flags = 0,
	.sqe_flags = IOSQE_ASYNC,
};

FIXTURE_VARIANT_ADD(iovec, sqpoll) {
	.name = "sqpoll",
	.setup_flags = IORING_SETUP_SQPOLL,
	.sqe_flags = 0,
};

FIXTURE_VARIANT_ADD(iovec, sqpoll_async) {
	.name = "sqpoll_async",
	.setup_flags = IORING_SETUP_SQPOLL,
	.sqe_flags = IOSQE_ASYNC,
};

static void read_sysctl(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "r");

	snprintf(buf, size, "?");
	if (!f)
		return;
	if (fgets(buf, (int)size, f))
		buf[strcspn(buf, "\n")] = '\0';
	fclose(f);
}

FIXTURE_SETUP(iovec)
{
	static const uint8_t ops[] = {
		IORING_OP_READV, IORING_OP_WRITEV,
		IORING_OP_SENDMSG, IORING_OP_RECVMSG,
	};
	bool sqpoll = variant->setup_flags & IORING_SETUP_SQPOLL;
	char disabled[16];
	unsigned int i;
	int ret;

	alarm(TEST_BUDGET_S);
	ret = uring_init(&self->ring, 8, variant->setup_flags);
	if (ret == -ENOSYS)
		SKIP(return, "io_uring is not built into this kernel");
	if (ret == -EPERM) {
		read_sysctl("/proc/sys/kernel/io_uring_disabled", disabled,
			    sizeof(disabled));
		SKIP(return, "io_uring_setup: EPERM (kernel.io_uring_disabled=%s%s)",
		     disabled, sqpoll ? "; SQPOLL before 5.11 needs CAP_SYS_ADMIN" : "");
	}
	ASSERT_EQ(0, ret);
	if (sqpoll && !(self->ring.features & IORING_FEAT_SQPOLL_NONFIXED))
		SKIP(return, "SQPOLL on unregistered files needs Linux 5.11");
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		ret = uring_op_supported(&self->ring, ops[i]);
		if (ret < 0)
			SKIP(return, "no IORING_REGISTER_PROBE (Linux < 5.6)");
		if (!ret)
			SKIP(return, "io_uring opcode %u not supported", ops[i]);
	}
}

FIXTURE_TEARDOWN(iovec)
{
	uring_exit(&self->ring);
}

static unsigned char stream_byte(uint32_t seed, size_t off)
{
	uint32_t x = ((uint32_t)off + seed * 0x9e3779b9u) * 2654435761u;

	return (unsigned char)(x >> 24 ^ x >> 11 ^ off);
}

/* What a byte at stream offset @off must be; sabotage flips the first. */
static unsigned char expected_byte(uint32_t seed, size_t off, bool flip)
{
	return stream_byte(seed, off) ^ (flip && off == 0 ? 0xff : 0);
}

static uint32_t next_rand(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *state = x;
}

/*
 * @nr iovecs over one arena: odd addresses, 1 to 63 guard bytes between
 * them, every seventh one empty (when there are at least 8).
 */
struct segs {
	struct iovec *iov;
	unsigned int nr;
	size_t total;
	unsigned char *arena;
	size_t arena_len;
	uint32_t seed;
	bool flip;
};

static void segs_init(struct __test_metadata *_metadata, struct segs *s,
		      unsigned int nr, uint32_t seed, bool fill)
{
	size_t avg = STREAM_BYTES / nr, pos = 1, off = 0, k;
	uint32_t rnd = seed | 1;
	unsigned int i;

	memset(s, 0, sizeof(*s));
	s->nr = nr;
	s->seed = seed;
	s->arena_len = 2 * STREAM_BYTES + 64 * (size_t)nr + 64;
	s->arena = malloc(s->arena_len);
	s->iov = calloc(nr, sizeof(*s->iov));
	ASSERT_NE(NULL, s->arena);
	ASSERT_NE(NULL, s->iov);
	memset(s->arena, CANARY, s->arena_len);
	for (i = 0; i < nr; i++) {
		size_t len;

		if (nr == 1)
			len = STREAM_BYTES;
		else if (nr >= 8 && i % 7 == 3)
			len = 0;
		else
			len = 1 + next_rand(&rnd) % (2 * avg);
		s->iov[i].iov_base = s->arena + pos;
		s->iov[i].iov_len = len;
		if (fill)
			for (k = 0; k < len; k++)
				s->arena[pos + k] = stream_byte(seed, off + k);
		pos += len + 1 + next_rand(&rnd) % 63;
		off += len;
	}
	s->total = off;
	ASSERT_GE(s->arena_len, pos);
}

static void segs_free(struct segs *s)
{
	free(s->arena);
	free(s->iov);
}

/* The iovecs left after @done bytes went through, into @out. */
static unsigned int segs_rest(const struct segs *s, size_t done,
			      struct iovec *out)
{
	unsigned int i = 0, n = 0;

	while (done && done >= s->iov[i].iov_len)
		done -= s->iov[i++].iov_len;
	for (; i < s->nr; i++, n++) {
		out[n] = s->iov[i];
		out[n].iov_base = (char *)out[n].iov_base + done;
		out[n].iov_len -= done;
		done = 0;
	}
	return n;
}

/* Every iovec holds its slice of the stream, every guard byte is intact. */
static void segs_expect(struct __test_metadata *_metadata,
			const struct segs *s, bool flip)
{
	const unsigned char *a = s->arena;
	long long bad_data = -1, bad_guard = -1;
	size_t pos = 0, off = 0, k;
	unsigned int i;

	for (i = 0; i <= s->nr; i++) {
		size_t start = i < s->nr ?
			(size_t)((unsigned char *)s->iov[i].iov_base - a) :
			s->arena_len;

		for (; pos < start; pos++)
			if (a[pos] != CANARY && bad_guard < 0)
				bad_guard = (long long)pos;
		if (i == s->nr)
			break;
		for (k = 0; k < s->iov[i].iov_len; k++, pos++, off++)
			if (a[pos] != expected_byte(s->seed, off, flip) &&
			    bad_data < 0)
				bad_data = (long long)off;
	}
	EXPECT_EQ(-1, bad_data)
		TH_LOG("first wrong byte at stream offset %lld", bad_data);
	EXPECT_EQ(-1, bad_guard)
		TH_LOG("guard byte overwritten at arena offset %lld", bad_guard);
}

/*
 * The other end of a pipe or socket: moves the stream in slices of 1 to
 * PEER_SLICE_MAX bytes with a pause after each, checking what it reads.
 */
struct peer {
	pthread_t thread;
	int fd;
	bool writer;
	size_t total;
	uint32_t seed;
	bool flip;
	size_t done;
	long long first_bad;
	int error;
};

static void *peer_run(void *arg)
{
	static const size_t slices[] = { 1, 4096, 17, 1000, 333, 2048, 4095, 64 };
	unsigned char buf[PEER_SLICE_MAX];
	struct peer *p = arg;
	unsigned int i = 0;
	ssize_t n;
	size_t k;

	while (p->done < p->total) {
		size_t want = slices[i++ % ARRAY_SIZE(slices)];

		if (want > p->total - p->done)
			want = p->total - p->done;
		if (p->writer) {
			for (k = 0; k < want; k++)
				buf[k] = stream_byte(p->seed, p->done + k);
			n = write(p->fd, buf, want);
		} else {
			n = read(p->fd, buf, want);
			for (k = 0; n > 0 && k < (size_t)n; k++)
				if (buf[k] != expected_byte(p->seed,
							    p->done + k,
							    p->flip) &&
				    p->first_bad < 0)
					p->first_bad = (long long)(p->done + k);
		}
		if (n <= 0) {
			p->error = n < 0 ? errno : EPIPE;
			break;
		}
		p->done += (size_t)n;
		usleep(100);
	}
	return NULL;
}

static void peer_start(struct __test_metadata *_metadata, struct peer *p,
		       int fd, bool writer, const struct segs *s, bool flip)
{
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->writer = writer;
	p->total = s->total;
	p->seed = s->seed;
	p->flip = flip;
	p->first_bad = -1;
	ASSERT_EQ(0, pthread_create(&p->thread, NULL, peer_run, p));
}

static void peer_finish(struct __test_metadata *_metadata, struct peer *p)
{
	ASSERT_EQ(0, pthread_join(p->thread, NULL));
	EXPECT_EQ(0, p->error);
	EXPECT_EQ(p->total, p->done);
	EXPECT_EQ(-1, p->first_bad)
		TH_LOG("peer read a wrong byte at stream offset %lld",
		       p->first_bad);
}

/*
 * The helpers below spell the harness's fixture types out (struct
 * _test_data_iovec for FIXTURE_DATA(iovec)): checkpatch reads
 * "FIXTURE_DATA(iovec) *self" as a multiplication.
 */

/* One request, one completion: returns cqe->res. */
static int uring_io(struct __test_metadata *_metadata, struct uring *r,
		    const struct _fixture_variant_iovec *variant, uint8_t op, int fd,
		    const struct iovec *iov, unsigned int nr, uint64_t off)
{
	struct msghdr msg = {
		.msg_iov = (struct iovec *)iov,
		.msg_iovlen = nr,
	};
	struct io_uring_sqe *sqe = uring_get_sqe(r);
	struct io_uring_cqe cqe;

	ASSERT_NE(NULL, sqe);
	sqe->opcode = op;
	sqe->fd = fd;
	sqe->flags = variant->sqe_flags;
	sqe->user_data = 0x5eed;
	if (op == IORING_OP_SENDMSG || op == IORING_OP_RECVMSG) {
		sqe->addr = (uintptr_t)&msg;
		sqe->len = 1;
		sqe->msg_flags = MSG_WAITALL;
	} else {
		sqe->addr = (uintptr_t)iov;
		sqe->len = nr;
		sqe->off = off;
	}
	ASSERT_EQ(0, uring_submit(r));
	ASSERT_EQ(0, uring_wait(r, &cqe));
	EXPECT_EQ(0x5eedULL, cqe.user_data);
	return cqe.res;
}

/*
 * Moves all of @s with @op on @fd, resubmitting what is left after each
 * short completion; @positioned files advance the offset with the data.
 */
static void transfer(struct __test_metadata *_metadata,
		     struct _test_data_iovec *self,
		     const struct _fixture_variant_iovec *variant, uint8_t op, int fd,
		     const struct segs *s, bool positioned)
{
	struct iovec *rest = calloc(s->nr, sizeof(*rest));
	size_t done = 0;

	ASSERT_NE(NULL, rest);
	while (done < s->total) {
		unsigned int n = segs_rest(s, done, rest);
		uint64_t off = positioned ? FILE_OFFSET + done : 0;
		int res = uring_io(_metadata, &self->ring, variant, op, fd,
				   rest, n, off);

		ASSERT_LT(0, res)
			TH_LOG("opcode %u after %zu of %zu bytes: %s", op,
			       done, s->total,
			       res < 0 ? strerror(-res) : "end of stream");
		ASSERT_GE(s->total - done, (size_t)res);
		done += (size_t)res;
	}
	free(rest);
}

static void pipe_writev(struct __test_metadata *_metadata,
			struct _test_data_iovec *self,
			const struct _fixture_variant_iovec *variant, unsigned int nr)
{
	bool flip = SABOTAGED(variant->name);
	struct segs s;
	struct peer p;
	int fds[2];

	segs_init(_metadata, &s, nr, 1000 + nr, true);
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	/* a one-page pipe makes writes come up short */
	fcntl(fds[1], F_SETPIPE_SZ, PEER_SLICE_MAX);
	peer_start(_metadata, &p, fds[0], false, &s, flip);
	transfer(_metadata, self, variant, IORING_OP_WRITEV, fds[1], &s,
		 false);
	peer_finish(_metadata, &p);
	close(fds[0]);
	close(fds[1]);
	segs_free(&s);
}

static void pipe_readv(struct __test_metadata *_metadata,
		       struct _test_data_iovec *self,
		       const struct _fixture_variant_iovec *variant, unsigned int nr)
{
	struct segs s;
	struct peer p;
	int fds[2];

	segs_init(_metadata, &s, nr, 2000 + nr, false);
	ASSERT_EQ(0, pipe2(fds, O_CLOEXEC));
	fcntl(fds[1], F_SETPIPE_SZ, PEER_SLICE_MAX);
	peer_start(_metadata, &p, fds[1], true, &s, false);
	transfer(_metadata, self, variant, IORING_OP_READV, fds[0], &s,
		 false);
	peer_finish(_metadata, &p);
	segs_expect(_metadata, &s, SABOTAGED(variant->name));
	close(fds[0]);
	close(fds[1]);
	segs_free(&s);
}

static void small_socketpair(struct __test_metadata *_metadata, int sv[2])
{
	int size = PEER_SLICE_MAX;

	ASSERT_EQ(0, socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	/* small buffers make sends and receives come up short */
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(sv[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(sv[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof(size));
	setsockopt(sv[1], SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
}

static void sock_sendmsg(struct __test_metadata *_metadata,
			 struct _test_data_iovec *self,
			 const struct _fixture_variant_iovec *variant,
			 unsigned int nr)
{
	bool flip = SABOTAGED(variant->name);
	struct segs s;
	struct peer p;
	int sv[2];

	segs_init(_metadata, &s, nr, 3000 + nr, true);
	small_socketpair(_metadata, sv);
	peer_start(_metadata, &p, sv[1], false, &s, flip);
	transfer(_metadata, self, variant, IORING_OP_SENDMSG, sv[0], &s,
		 false);
	peer_finish(_metadata, &p);
	close(sv[0]);
	close(sv[1]);
	segs_free(&s);
}

static void sock_recvmsg(struct __test_metadata *_metadata,
			 struct _test_data_iovec *self,
			 const struct _fixture_variant_iovec *variant,
			 unsigned int nr)
{
	struct segs s;
	struct peer p;
	int sv[2];

	segs_init(_metadata, &s, nr, 4000 + nr, false);
	small_socketpair(_metadata, sv);
	peer_start(_metadata, &p, sv[1], true, &s, false);
	transfer(_metadata, self, variant, IORING_OP_RECVMSG, sv[0], &s,
		 false);
	peer_finish(_metadata, &p);
	segs_expect(_metadata, &s, SABOTAGED(variant->name));
	close(sv[0]);
	close(sv[1]);
	segs_free(&s);
}

/* An unnamed file in the working directory, or a memfd where that fails. */
static int open_file(void)
{
	char name[] = "uring_iovec.XXXXXX";
	int fd = open(".", O_TMPFILE | O_RDWR, 0600);

	if (fd < 0) {
		fd = mkstemp(name);
		if (fd >= 0)
			unlink(name);
	}
	if (fd < 0)
		fd = memfd_create("uring_iovec", 0);
	return fd;
}

static void file_writev(struct __test_metadata *_metadata,
			struct _test_data_iovec *self,
			const struct _fixture_variant_iovec *variant, unsigned int nr)
{
	bool flip = SABOTAGED(variant->name);
	unsigned char *got, before = 1;
	long long bad = -1;
	struct segs s;
	struct stat st;
	size_t k;
	int fd;

	segs_init(_metadata, &s, nr, 5000 + nr, true);
	fd = open_file();
	ASSERT_LE(0, fd);
	transfer(_metadata, self, variant, IORING_OP_WRITEV, fd, &s, true);

	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ((off_t)(FILE_OFFSET + s.total), st.st_size);
	got = malloc(s.total);
	ASSERT_NE(NULL, got);
	ASSERT_EQ((ssize_t)s.total, pread(fd, got, s.total, FILE_OFFSET));
	for (k = 0; k < s.total && bad < 0; k++)
		if (got[k] != expected_byte(s.seed, k, flip))
			bad = (long long)k;
	EXPECT_EQ(-1, bad) TH_LOG("first wrong byte at stream offset %lld", bad);
	/* nothing landed before the offset */
	ASSERT_EQ(1, pread(fd, &before, 1, FILE_OFFSET - 1));
	EXPECT_EQ(0, before);
	free(got);
	close(fd);
	segs_free(&s);
}

static void file_readv(struct __test_metadata *_metadata,
		       struct _test_data_iovec *self,
		       const struct _fixture_variant_iovec *variant, unsigned int nr)
{
	unsigned char *data;
	struct segs s;
	size_t k;
	int fd;

	segs_init(_metadata, &s, nr, 6000 + nr, false);
	fd = open_file();
	ASSERT_LE(0, fd);
	data = malloc(s.total);
	ASSERT_NE(NULL, data);
	for (k = 0; k < s.total; k++)
		data[k] = stream_byte(s.seed, k);
	ASSERT_EQ((ssize_t)s.total, pwrite(fd, data, s.total, FILE_OFFSET));
	/*
	 * Leave only the first third cached: the inline, non-blocking
	 * attempt reads part of the range and the rest is retried from the
	 * middle of an iovec (where the file system has a page cache to drop).
	 */
	fdatasync(fd);
	posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
	posix_fadvise(fd, 0, 0, POSIX_FADV_RANDOM);
	ASSERT_EQ((ssize_t)(s.total / 3),
		  pread(fd, data, s.total / 3, FILE_OFFSET));
	transfer(_metadata, self, variant, IORING_OP_READV, fd, &s, true);
	segs_expect(_metadata, &s, SABOTAGED(variant->name));
	free(data);
	close(fd);
	segs_free(&s);
}

TEST_F(iovec, pipe_writev_1)
{
	pipe_writev(_metadata, self, variant, 1);
}

TEST_F(iovec, pipe_writev_8)
{
	pipe_writev(_metadata, self, variant, 8);
}

TEST_F(iovec, pipe_writev_9)
{
	pipe_writev(_metadata, self, variant, 9);
}

TEST_F(iovec, pipe_writev_1024)
{
	pipe_writev(_metadata, self, variant, 1024);
}

TEST_F(iovec, pipe_readv_1)
{
	pipe_readv(_metadata, self, variant, 1);
}

TEST_F(iovec, pipe_readv_8)
{
	pipe_readv(_metadata, self, variant, 8);
}

TEST_F(iovec, pipe_readv_9)
{
	pipe_readv(_metadata, self, variant, 9);
}

TEST_F(iovec, pipe_readv_1024)
{
	pipe_readv(_metadata, self, variant, 1024);
}

TEST_F(iovec, sock_sendmsg_1)
{
	sock_sendmsg(_metadata, self, variant, 1);
}

TEST_F(iovec, sock_sendmsg_8)
{
	sock_sendmsg(_metadata, self, variant, 8);
}

TEST_F(iovec, sock_sendmsg_9)
{
	sock_sendmsg(_metadata, self, variant, 9);
}

TEST_F(iovec, sock_sendmsg_1024)
{
	sock_sendmsg(_metadata, self, variant, 1024);
}

TEST_F(iovec, sock_recvmsg_1)
{
	sock_recvmsg(_metadata, self, variant, 1);
}

TEST_F(iovec, sock_recvmsg_8)
{
	sock_recvmsg(_metadata, self, variant, 8);
}

TEST_F(iovec, sock_recvmsg_9)
{
	sock_recvmsg(_metadata, self, variant, 9);
}

TEST_F(iovec, sock_recvmsg_1024)
{
	sock_recvmsg(_metadata, self, variant, 1024);
}

TEST_F(iovec, file_writev_1)
{
	file_writev(_metadata, self, variant, 1);
}

TEST_F(iovec, file_writev_8)
{
	file_writev(_metadata, self, variant, 8);
}

TEST_F(iovec, file_writev_9)
{
	file_writev(_metadata, self, variant, 9);
}

TEST_F(iovec, file_writev_1024)
{
	file_writev(_metadata, self, variant, 1024);
}

TEST_F(iovec, file_readv_1)
{
	file_readv(_metadata, self, variant, 1);
}

TEST_F(iovec, file_readv_8)
{
	file_readv(_metadata, self, variant, 8);
}

TEST_F(iovec, file_readv_9)
{
	file_readv(_metadata, self, variant, 9);
}

TEST_F(iovec, file_readv_1024)
{
	file_readv(_metadata, self, variant, 1024);
}

TEST_HARNESS_MAIN
