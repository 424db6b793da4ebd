/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Just enough io_uring over raw system calls for the iovec tests: one ring,
 * one request in flight at a time, no liburing, so that the same source
 * builds as a 64-bit and as a 32-bit (compat) program.
 */
#ifndef URING_H
#define URING_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/io_uring.h>

/* the same numbers on every architecture since 5.1 */
#ifndef __NR_io_uring_setup
#define __NR_io_uring_setup	425
#endif
#ifndef __NR_io_uring_enter
#define __NR_io_uring_enter	426
#endif
#ifndef __NR_io_uring_register
#define __NR_io_uring_register	427
#endif

struct uring {
	int fd;
	unsigned int flags;
	unsigned int features;
	void *sq_ring;
	size_t sq_ring_size;
	unsigned int *sq_head, *sq_tail, *sq_mask, *sq_flags, *sq_array;
	struct io_uring_sqe *sqes;
	size_t sqes_size;
	void *cq_ring;
	size_t cq_ring_size;
	unsigned int *cq_head, *cq_tail, *cq_mask;
	struct io_uring_cqe *cqes;
};

static inline int uring_setup(unsigned int entries, struct io_uring_params *p)
{
	return (int)syscall(__NR_io_uring_setup, entries, p);
}

static inline int uring_enter(int fd, unsigned int to_submit,
			      unsigned int min_complete, unsigned int flags)
{
	return (int)syscall(__NR_io_uring_enter, fd, to_submit, min_complete,
			    flags, NULL, 0);
}

static inline void uring_exit(struct uring *r)
{
	if (r->sqes)
		munmap(r->sqes, r->sqes_size);
	if (r->cq_ring)
		munmap(r->cq_ring, r->cq_ring_size);
	if (r->sq_ring)
		munmap(r->sq_ring, r->sq_ring_size);
	if (r->fd > 0)
		close(r->fd);
	memset(r, 0, sizeof(*r));
}

/* Returns 0 or a negative errno; @r is left clean on failure. */
static inline int uring_init(struct uring *r, unsigned int entries,
			     unsigned int flags)
{
	struct io_uring_params p;
	char *sq, *cq;
	int err;

	memset(r, 0, sizeof(*r));
	memset(&p, 0, sizeof(p));
	p.flags = flags;
	p.sq_thread_idle = 100;
	r->fd = uring_setup(entries, &p);
	if (r->fd < 0)
		return -errno;
	r->flags = flags;
	r->features = p.features;

	r->sq_ring_size = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	r->sq_ring = mmap(NULL, r->sq_ring_size, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQ_RING);
	if (r->sq_ring == MAP_FAILED)
		goto fail;
	r->cq_ring_size = p.cq_off.cqes +
			  p.cq_entries * sizeof(struct io_uring_cqe);
	r->cq_ring = mmap(NULL, r->cq_ring_size, PROT_READ | PROT_WRITE,
			  MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_CQ_RING);
	if (r->cq_ring == MAP_FAILED)
		goto fail;
	r->sqes_size = p.sq_entries * sizeof(struct io_uring_sqe);
	r->sqes = mmap(NULL, r->sqes_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, r->fd, IORING_OFF_SQES);
	if (r->sqes == MAP_FAILED)
		goto fail;

	sq = r->sq_ring;
	r->sq_head = (unsigned int *)(sq + p.sq_off.head);
	r->sq_tail = (unsigned int *)(sq + p.sq_off.tail);
	r->sq_mask = (unsigned int *)(sq + p.sq_off.ring_mask);
	r->sq_flags = (unsigned int *)(sq + p.sq_off.flags);
	r->sq_array = (unsigned int *)(sq + p.sq_off.array);
	cq = r->cq_ring;
	r->cq_head = (unsigned int *)(cq + p.cq_off.head);
	r->cq_tail = (unsigned int *)(cq + p.cq_off.tail);
	r->cq_mask = (unsigned int *)(cq + p.cq_off.ring_mask);
	r->cqes = (struct io_uring_cqe *)(cq + p.cq_off.cqes);
	return 0;

fail:
	err = -errno;
	if (r->sq_ring == MAP_FAILED)
		r->sq_ring = NULL;
	if (r->cq_ring == MAP_FAILED)
		r->cq_ring = NULL;
	if (r->sqes == MAP_FAILED)
		r->sqes = NULL;
	uring_exit(r);
	return err;
}

/* Whether the kernel knows @op: -errno when it cannot tell (before 5.6). */
static inline int uring_op_supported(struct uring *r, unsigned int op)
{
	size_t len = sizeof(struct io_uring_probe) +
		     256 * sizeof(struct io_uring_probe_op);
	struct io_uring_probe *probe = calloc(1, len);
	int ret;

	if (!probe)
		return -ENOMEM;
	ret = (int)syscall(__NR_io_uring_register, r->fd,
			   IORING_REGISTER_PROBE, probe, 256);
	if (ret < 0)
		ret = -errno;
	else
		ret = op <= probe->last_op &&
		      (probe->ops[op].flags & IO_URING_OP_SUPPORTED);
	free(probe);
	return ret;
}

/* The next free SQE, zeroed; the tests keep one request in flight. */
static inline struct io_uring_sqe *uring_get_sqe(struct uring *r)
{
	unsigned int tail = *r->sq_tail;
	unsigned int head = __atomic_load_n(r->sq_head, __ATOMIC_ACQUIRE);
	struct io_uring_sqe *sqe;

	if (tail - head > *r->sq_mask)
		return NULL;
	sqe = &r->sqes[tail & *r->sq_mask];
	memset(sqe, 0, sizeof(*sqe));
	r->sq_array[tail & *r->sq_mask] = tail & *r->sq_mask;
	return sqe;
}

/* Publishes the SQE from uring_get_sqe(); returns 0 or -errno. */
static inline int uring_submit(struct uring *r)
{
	unsigned int tail = *r->sq_tail + 1;
	int ret;

	__atomic_store_n(r->sq_tail, tail, __ATOMIC_RELEASE);
	if (r->flags & IORING_SETUP_SQPOLL) {
		/* the tail store must be seen before the flag is read */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (__atomic_load_n(r->sq_flags, __ATOMIC_RELAXED) &
		    IORING_SQ_NEED_WAKEUP) {
			if (uring_enter(r->fd, 0, 0,
					IORING_ENTER_SQ_WAKEUP) < 0)
				return -errno;
		}
		return 0;
	}
	ret = uring_enter(r->fd, 1, 0, 0);
	if (ret < 0)
		return -errno;
	return ret == 1 ? 0 : -EIO;
}

/* Waits for one completion and consumes it; returns 0 or -errno. */
static inline int uring_wait(struct uring *r, struct io_uring_cqe *out)
{
	for (;;) {
		unsigned int head = *r->cq_head;

		if (head != __atomic_load_n(r->cq_tail, __ATOMIC_ACQUIRE)) {
			*out = r->cqes[head & *r->cq_mask];
			__atomic_store_n(r->cq_head, head + 1,
					 __ATOMIC_RELEASE);
			return 0;
		}
		if (uring_enter(r->fd, 0, 1, IORING_ENTER_GETEVENTS) < 0 &&
		    errno != EINTR)
			return -errno;
	}
}

#endif /* URING_H */
