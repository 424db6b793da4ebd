// SPDX-License-Identifier: GPL-2.0
/*
 * sigreturn from an xstate frame the kernel can only partly read.
 *
 * Restoring the FPU registers from the signal frame is all-or-nothing: the
 * kernel tries XRSTOR with page faults disabled, and on a fault it faults
 * the frame in and retries.  That retry is only sound if "faulted in" means
 * every byte: if part of the frame can never be read, a caller that is
 * content with partial progress retries forever.  Here a signal handler moves
 * the frame (uc_mcontext.fpregs) next to a PROT_NONE page and returns; the
 * kernel must kill the task with SIGSEGV, not spin.  Each case runs in a
 * child the test waits for with a deadline, so a kernel livelock is reported
 * as a failure instead of hanging the suite.
 *
 * frame_moved is the control: the same move with every byte readable must
 * succeed and load the moved frame (XMM0 is changed in the copy).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "sabotage.h"

#define TEST_BUDGET_S	10

#ifdef __x86_64__

#include <cpuid.h>

/* arch/x86/include/uapi/asm/sigcontext.h, prctl.h */
#ifndef FP_XSTATE_MAGIC1
#define FP_XSTATE_MAGIC1	0x46505853U
#endif
#define FXSAVE_SIZE		512
#define XSAVE_HDR_SIZE		64
#define SW_BYTES_OFFSET		464
#define XMM0_OFFSET		160
#define ARCH_REQ_XCOMP_PERM	0x1023
#define XFEATURE_XTILEDATA	18

/* how long a sigreturn may take before it counts as a livelock */
#define CHILD_DEADLINE_MS	3000
#define AREA_PAGES		8

/* child exit codes */
#define CHILD_XMM0_LOADED	0
#define CHILD_XMM0_STALE	10
#define CHILD_NO_ROOM		11
#define CHILD_SETUP_FAILED	12

struct fpx_sw_bytes {
	uint32_t magic1;
	uint32_t extended_size;
	uint64_t xfeatures;
	uint32_t xstate_size;
	uint32_t padding[7];
};

enum placement {
	FRAME_MOVED,		/* all readable */
	FRAME_TAIL_UNREADABLE,	/* first page readable, the rest not */
	FRAME_HEAD_UNREADABLE,	/* starts in a PROT_NONE page */
	FRAME_HOLE_UNREADABLE,	/* readable, PROT_NONE page, readable */
	FRAME_LARGE_MOVED,	/* where the hole goes, all readable */
};

static const uint8_t xmm0_old[16] = {
	0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
	0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xf0, 0x0f,
};

static const uint8_t xmm0_new[16] = {
	0xa5, 0x5a, 0xc3, 0x3c, 0x96, 0x69, 0x0f, 0xf0,
	0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf1,
};

static enum placement placement;
static char *area;
static size_t page;

/*
 * For the hole: an xstate component the frame holds (its XSTATE_BV bit is
 * set, so XRSTOR must read it) that starts 64-aligned at least a page before
 * the end of the frame.  Returns its offset, or 0.
 */
static size_t in_use_component(const uint8_t *frame, size_t xstate_size)
{
	uint64_t xstate_bv;
	size_t best = 0;
	unsigned int c;

	memcpy(&xstate_bv, frame + FXSAVE_SIZE, sizeof(xstate_bv));
	for (c = 2; c < 64; c++) {
		unsigned int size, offset, ecx, edx;

		if (!(xstate_bv & (1ULL << c)))
			continue;
		__cpuid_count(0xd, c, size, offset, ecx, edx);
		if (!size || offset % 64 || offset + page > xstate_size)
			continue;
		if (offset > best)
			best = offset;
	}
	return best;
}

static void move_frame(int sig, siginfo_t *si, void *ctx_void)
{
	ucontext_t *uc = ctx_void;
	uint8_t *frame = (uint8_t *)uc->uc_mcontext.fpregs;
	struct fpx_sw_bytes sw;
	size_t size = FXSAVE_SIZE, xstate_size = FXSAVE_SIZE, head, offset;
	char *dst, *hole = NULL;
	size_t hole_len = 0;
	uint64_t xstate_bv;

	(void)sig;
	(void)si;
	memcpy(&sw, frame + SW_BYTES_OFFSET, sizeof(sw));
	if (sw.magic1 == FP_XSTATE_MAGIC1) {
		size = sw.extended_size;
		xstate_size = sw.xstate_size;
	}

	switch (placement) {
	case FRAME_MOVED:
		dst = area + page;
		break;
	case FRAME_TAIL_UNREADABLE:
		/* legacy area and header readable, extended state not */
		head = size > 1024 + 64 ? 1024 : FXSAVE_SIZE + XSAVE_HDR_SIZE;
		dst = area + 2 * page - head;
		hole = area + 2 * page;
		hole_len = (AREA_PAGES - 2) * page;
		break;
	case FRAME_HEAD_UNREADABLE:
		/* MXCSR and the XMM registers unreadable, the rest readable */
		dst = area + 2 * page - 256;
		hole = area + page;
		hole_len = page;
		break;
	case FRAME_HOLE_UNREADABLE:
	case FRAME_LARGE_MOVED:
		offset = in_use_component(frame, xstate_size);
		if (!offset)
			_exit(CHILD_NO_ROOM);
		dst = area + 4 * page - offset;
		if (placement == FRAME_HOLE_UNREADABLE) {
			hole = area + 4 * page;
			hole_len = page;
		}
		break;
	default:
		_exit(CHILD_SETUP_FAILED);
	}

	memcpy(dst, frame, size);
	memcpy(dst + XMM0_OFFSET, xmm0_new, sizeof(xmm0_new));
	if (sw.magic1 == FP_XSTATE_MAGIC1) {
		/* make XRSTOR load XMM0 from the copy, not reset it */
		memcpy(&xstate_bv, dst + FXSAVE_SIZE, sizeof(xstate_bv));
		xstate_bv |= 2;
		memcpy(dst + FXSAVE_SIZE, &xstate_bv, sizeof(xstate_bv));
	}
	if (hole && mprotect(hole, hole_len, PROT_NONE))
		_exit(CHILD_SETUP_FAILED);
	uc->uc_mcontext.fpregs = (void *)dst;
}

/*
 * Loads XMM0, signals itself and reads XMM0 back once sigreturn has run; all
 * in one asm block so that nothing else touches XMM0 in between.
 */
static void xmm0_round_trip(const void *in, void *out)
{
	long ret;

	asm volatile("movdqu (%[in]), %%xmm0\n\t"
		     "syscall\n\t"
		     "movdqu %%xmm0, (%[out])"
		     : "=a"(ret)
		     : "a"((long)SYS_kill), "D"((long)getpid()),
		       "S"((long)SIGUSR1), [in] "r"(in), [out] "r"(out)
		     : "rcx", "r11", "xmm0", "memory");
	(void)ret;
}

/* Makes the frame big enough for a hole: use AMX if the CPU has it. */
static void grow_xstate(void)
{
	uint8_t cfg[64] __attribute__((aligned(64))) = { 0 };

	if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA))
		return;
	cfg[0] = 1;		/* palette 1 */
	cfg[16] = 4;		/* tile 0: 4 bytes a row */
	cfg[48] = 1;		/* tile 0: 1 row */
	/* ldtilecfg (%rax) puts TILECFG in use ... */
	asm volatile(".byte 0xc4, 0xe2, 0x78, 0x49, 0x00"
		     : : "a"(cfg) : "memory");
	/* ... and tilezero %tmm0 touches TILEDATA, so the frame grows */
	asm volatile(".byte 0xc4, 0xe2, 0x7b, 0x49, 0xc0");
}

static void child(enum placement where)
{
	struct sigaction sa = {
		.sa_sigaction = move_frame,
		.sa_flags = SA_SIGINFO,
	};
	uint8_t out[16];

	/* the SIGSEGV is expected: no core dump */
	prctl(PR_SET_DUMPABLE, 0);
	placement = where;
	page = (size_t)sysconf(_SC_PAGESIZE);
	area = mmap(NULL, AREA_PAGES * page, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED || sigaction(SIGUSR1, &sa, NULL))
		_exit(CHILD_SETUP_FAILED);
	if (where == FRAME_HOLE_UNREADABLE || where == FRAME_LARGE_MOVED)
		grow_xstate();
	xmm0_round_trip(xmm0_old, out);
	_exit(memcmp(out, xmm0_new, sizeof(out)) ? CHILD_XMM0_STALE :
						   CHILD_XMM0_LOADED);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/*
 * Runs one placement in a child; false when it could not start or was still
 * running at the deadline (then it is killed, if the kernel lets it die).
 */
static bool run_child(enum placement where, int *status)
{
	long long deadline = now_ms() + CHILD_DEADLINE_MS;
	pid_t pid = fork();

	if (pid == 0)
		child(where);
	if (pid < 0) {
		perror("fork");
		return false;
	}
	while (waitpid(pid, status, WNOHANG) != pid) {
		if (now_ms() > deadline) {
			kill(pid, SIGKILL);
			return false;
		}
		usleep(1000);
	}
	return true;
}

static void expect_sigsegv(struct __test_metadata *_metadata,
			   enum placement where)
{
	bool want_segv = !SABOTAGED(NULL);
	int status = 0;

	alarm(TEST_BUDGET_S);
	ASSERT_TRUE(run_child(where, &status))
		TH_LOG("no sigreturn result after %d ms: livelock?",
		       CHILD_DEADLINE_MS);
	if (WIFEXITED(status) && WEXITSTATUS(status) == CHILD_NO_ROOM)
		SKIP(return, "xstate frame too small to hold a whole page (no AMX?)");
	ASSERT_FALSE(WIFEXITED(status) &&
		     WEXITSTATUS(status) == CHILD_SETUP_FAILED);
	EXPECT_EQ(want_segv, WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV)
		TH_LOG("child status %#x: %s %d", status,
		       WIFSIGNALED(status) ? "signal" : "exit",
		       WIFSIGNALED(status) ? WTERMSIG(status) :
					     WEXITSTATUS(status));
}

static void expect_xmm0_loaded(struct __test_metadata *_metadata,
			       enum placement where)
{
	int want = SABOTAGED(NULL) ? CHILD_XMM0_STALE : CHILD_XMM0_LOADED;
	int status = 0;

	alarm(TEST_BUDGET_S);
	ASSERT_TRUE(run_child(where, &status))
		TH_LOG("no sigreturn result after %d ms: livelock?",
		       CHILD_DEADLINE_MS);
	ASSERT_TRUE(WIFEXITED(status))
		TH_LOG("child killed by signal %d", WTERMSIG(status));
	if (WEXITSTATUS(status) == CHILD_NO_ROOM)
		SKIP(return, "xstate frame too small to hold a whole page (no AMX?)");
	EXPECT_EQ(want, WEXITSTATUS(status));
}

/* Control: a moved, readable frame is restored from where it was moved. */
TEST(frame_moved)
{
	expect_xmm0_loaded(_metadata, FRAME_MOVED);
}

/* Control for frame_hole_unreadable: the same frame and place, no hole. */
TEST(frame_large_moved)
{
	expect_xmm0_loaded(_metadata, FRAME_LARGE_MOVED);
}

TEST(frame_tail_unreadable)
{
	expect_sigsegv(_metadata, FRAME_TAIL_UNREADABLE);
}

TEST(frame_head_unreadable)
{
	expect_sigsegv(_metadata, FRAME_HEAD_UNREADABLE);
}

/*
 * The frame straddles a whole PROT_NONE page and its end (MAGIC2) is
 * readable, so the sanity checks pass and XRSTOR itself faults: this is the
 * fault-in-and-retry loop.
 */
TEST(frame_hole_unreadable)
{
	expect_sigsegv(_metadata, FRAME_HOLE_UNREADABLE);
}

#else /* !__x86_64__ */

TEST(frame_moved)
{
	SKIP(return, "x86_64 only");
}

#endif

TEST_HARNESS_MAIN
