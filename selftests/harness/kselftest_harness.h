/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small test harness with the API of the kernel's
 * tools/testing/selftests/kselftest_harness.h, written for workbench so the
 * selftests build and run outside a kernel tree.  The same sources build
 * against the kernel's header unchanged (see ../README.md).
 *
 * What the tests may use: TEST, TEST_SIGNAL, FIXTURE, FIXTURE_DATA,
 * FIXTURE_SETUP, FIXTURE_TEARDOWN, FIXTURE_VARIANT, FIXTURE_VARIANT_ADD,
 * TEST_F, TEST_F_SIGNAL, TEST_F_TIMEOUT, TEST_HARNESS_MAIN, TH_LOG, SKIP,
 * ASSERT_* (stop the test) and EXPECT_* (note the failure and go on), each
 * optionally followed by a statement that runs only when the check failed,
 * and _metadata->name / _metadata->fixture->name.  Nothing else here is API.
 *
 * Every test runs in its own forked process (and process group), so a crash,
 * an abort or a hang fails that test only; the parent waits at most the
 * test's timeout, then kills the group and goes on.  Output is TAP 13.
 */
#ifndef __KSELFTEST_HARNESS_H
#define __KSELFTEST_HARNESS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* kselftest exit codes */
#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

#define TEST_TIMEOUT_DEFAULT 30

#ifndef TH_LOG_STREAM
#define TH_LOG_STREAM stderr
#endif

#ifndef TH_LOG_ENABLED
#define TH_LOG_ENABLED 1
#endif

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#define TH_LOG(fmt, ...) do { \
	if (TH_LOG_ENABLED) \
		__TH_LOG(fmt, ##__VA_ARGS__); \
} while (0)

#define __TH_LOG(fmt, ...) \
	fprintf(TH_LOG_STREAM, "# %s:%d:%s:" fmt "\n", \
		__FILE__, __LINE__, _metadata->name, ##__VA_ARGS__)

#define SKIP(statement, fmt, ...) do { \
	snprintf(_metadata->results->reason, \
		 sizeof(_metadata->results->reason), fmt, ##__VA_ARGS__); \
	if (TH_LOG_ENABLED) \
		fprintf(TH_LOG_STREAM, "#      SKIP      %s\n", \
			_metadata->results->reason); \
	_metadata->skip = 1; \
	_metadata->trigger = 0; \
	statement; \
} while (0)

struct __test_metadata;
struct __fixture_variant_metadata;

struct __test_results {
	char reason[1024];
};

struct __fixture_variant_metadata {
	const char *name;
	const void *data;
	int line;
	struct __fixture_variant_metadata *next;
};

struct __fixture_metadata {
	const char *name;
	int line;
	struct __test_metadata *tests;
	struct __fixture_variant_metadata *variant;
	struct __fixture_metadata *next;
};

struct __test_metadata {
	const char *name;
	void (*fn)(struct __test_metadata *,
		   struct __fixture_variant_metadata *);
	struct __fixture_metadata *fixture;
	int termsig;
	int timeout;
	int line;
	/* state of one run, meaningful in the test's own process */
	int passed;
	int skip;
	int trigger;
	bool can_jump;
	jmp_buf env;
	struct __test_results *results;
	struct __test_metadata *next;
};

static struct __fixture_metadata _fixture_global = { .name = "global" };
static struct __fixture_metadata *__wb_fixtures;

/*
 * Constructors may run in either order; lists are sorted by source line
 * before running, so tests run in the order they are written.
 */
static inline void __wb_register_fixture(struct __fixture_metadata *f)
{
	f->next = __wb_fixtures;
	__wb_fixtures = f;
}

static inline void __register_test(struct __test_metadata *t)
{
	if (t->fixture == &_fixture_global && !_fixture_global.line) {
		_fixture_global.line = -1;
		__wb_register_fixture(&_fixture_global);
	}
	t->next = t->fixture->tests;
	t->fixture->tests = t;
}

static inline void
__wb_register_variant(struct __fixture_metadata *f,
		      struct __fixture_variant_metadata *v)
{
	v->next = f->variant;
	f->variant = v;
}

/* Called after a failed check's optional statement has run. */
static inline int __wb_failed(struct __test_metadata *t, int is_assert)
{
	if (!is_assert)
		return 0;
	fflush(NULL);
	if (t->can_jump)
		longjmp(t->env, 1);
	_exit(KSFT_FAIL);
}

#define __WB_ON_FAIL(_assert) \
	for (; _metadata->trigger; \
	     _metadata->trigger = __wb_failed(_metadata, _assert))

#define __wb_is_signed(v) (((__typeof__(v))-1) < (__typeof__(v))1)

static inline unsigned long long __wb_bits(const void *p, size_t size,
					   bool is_signed)
{
	int8_t s8;
	int16_t s16;
	int32_t s32;
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (size) {
	case 1:
		memcpy(is_signed ? (void *)&s8 : (void *)&u8, p, 1);
		return is_signed ? (unsigned long long)s8 : u8;
	case 2:
		memcpy(is_signed ? (void *)&s16 : (void *)&u16, p, 2);
		return is_signed ? (unsigned long long)s16 : u16;
	case 4:
		memcpy(is_signed ? (void *)&s32 : (void *)&u32, p, 4);
		return is_signed ? (unsigned long long)s32 : u32;
	default:
		memcpy(&u64, p, sizeof(u64));
		return u64;
	}
}

static inline void __wb_report(struct __test_metadata *t, const char *file,
			       int line, const char *exp_str, const char *op,
			       const char *seen_str,
			       unsigned long long exp, bool exp_signed,
			       unsigned long long seen, bool seen_signed)
{
	char e[32], s[32];

	snprintf(e, sizeof(e), exp_signed ? "%lld" : "%llu", exp);
	snprintf(s, sizeof(s), seen_signed ? "%lld" : "%llu", seen);
	fprintf(TH_LOG_STREAM, "# %s:%d:%s:Expected %s (%s) %s %s (%s)\n",
		file, line, t->name, exp_str, e, op, seen_str, s);
}

#define __EXPECT(_expected, _expected_str, _seen, _seen_str, _t, _assert) do { \
	__typeof__(_expected) __exp = (_expected); \
	__typeof__(_seen) __seen = (_seen); \
	if (!(__exp _t __seen)) { \
		__wb_report(_metadata, __FILE__, __LINE__, \
			    _expected_str, #_t, _seen_str, \
			    __wb_bits(&__exp, sizeof(__exp), \
				      __wb_is_signed(__exp)), \
			    __wb_is_signed(__exp), \
			    __wb_bits(&__seen, sizeof(__seen), \
				      __wb_is_signed(__seen)), \
			    __wb_is_signed(__seen)); \
		_metadata->passed = 0; \
		_metadata->trigger = 1; \
	} \
} while (0); __WB_ON_FAIL(_assert)

#define __EXPECT_STR(_expected, _seen, _t, _assert) do { \
	const char *__exp = (_expected); \
	const char *__seen = (_seen); \
	if (!(strcmp(__exp, __seen) _t 0)) { \
		__TH_LOG("Expected '%s' %s '%s'.", __exp, #_t, __seen); \
		_metadata->passed = 0; \
		_metadata->trigger = 1; \
	} \
} while (0); __WB_ON_FAIL(_assert)

#define ASSERT_EQ(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, ==, 1)
#define ASSERT_NE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, !=, 1)
#define ASSERT_LT(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, <, 1)
#define ASSERT_LE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, <=, 1)
#define ASSERT_GT(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, >, 1)
#define ASSERT_GE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, >=, 1)
#define ASSERT_NULL(seen) \
	__EXPECT(NULL, "NULL", seen, #seen, ==, 1)
#define ASSERT_TRUE(seen) \
	__EXPECT(0, "0", seen, #seen, !=, 1)
#define ASSERT_FALSE(seen) \
	__EXPECT(0, "0", seen, #seen, ==, 1)
#define ASSERT_STREQ(expected, seen) \
	__EXPECT_STR(expected, seen, ==, 1)
#define ASSERT_STRNE(expected, seen) \
	__EXPECT_STR(expected, seen, !=, 1)

#define EXPECT_EQ(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, ==, 0)
#define EXPECT_NE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, !=, 0)
#define EXPECT_LT(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, <, 0)
#define EXPECT_LE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, <=, 0)
#define EXPECT_GT(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, >, 0)
#define EXPECT_GE(expected, seen) \
	__EXPECT(expected, #expected, seen, #seen, >=, 0)
#define EXPECT_NULL(seen) \
	__EXPECT(NULL, "NULL", seen, #seen, ==, 0)
#define EXPECT_TRUE(seen) \
	__EXPECT(0, "0", seen, #seen, !=, 0)
#define EXPECT_FALSE(seen) \
	__EXPECT(0, "0", seen, #seen, ==, 0)
#define EXPECT_STREQ(expected, seen) \
	__EXPECT_STR(expected, seen, ==, 0)
#define EXPECT_STRNE(expected, seen) \
	__EXPECT_STR(expected, seen, !=, 0)

#define TEST(test_name) __TEST_IMPL(test_name, -1)
#define TEST_SIGNAL(test_name, signal) __TEST_IMPL(test_name, signal)

#define __TEST_IMPL(test_name, _signal) \
	static void test_name(struct __test_metadata *_metadata); \
	static void __wb_run_##test_name(struct __test_metadata *_metadata, \
		struct __fixture_variant_metadata __attribute__((unused)) *v) \
	{ \
		if (setjmp(_metadata->env) == 0) { \
			_metadata->can_jump = true; \
			test_name(_metadata); \
		} \
		_metadata->can_jump = false; \
	} \
	static struct __test_metadata _##test_name##_object = { \
		.name = #test_name, \
		.fn = __wb_run_##test_name, \
		.fixture = &_fixture_global, \
		.termsig = _signal, \
		.timeout = TEST_TIMEOUT_DEFAULT, \
		.line = __LINE__, \
	}; \
	static void __attribute__((constructor)) \
	_register_##test_name(void) \
	{ \
		__register_test(&_##test_name##_object); \
	} \
	static void test_name( \
		struct __test_metadata __attribute__((unused)) *_metadata)

#define FIXTURE_DATA(datatype_name) struct _test_data_##datatype_name
#define FIXTURE_VARIANT(fixture_name) struct _fixture_variant_##fixture_name

#define FIXTURE(fixture_name) \
	FIXTURE_VARIANT(fixture_name); \
	static struct __fixture_metadata _##fixture_name##_fixture_object = { \
		.name = #fixture_name, \
		.line = __LINE__, \
	}; \
	static void __attribute__((constructor)) \
	_register_##fixture_name##_data(void) \
	{ \
		__wb_register_fixture(&_##fixture_name##_fixture_object); \
	} \
	FIXTURE_DATA(fixture_name)

#define FIXTURE_SETUP(fixture_name) \
	static void fixture_name##_setup( \
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self, \
		const FIXTURE_VARIANT(fixture_name) \
			__attribute__((unused)) *variant)

#define FIXTURE_TEARDOWN(fixture_name) \
	static void fixture_name##_teardown( \
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self)

#define FIXTURE_VARIANT_ADD(fixture_name, variant_name) \
	extern FIXTURE_VARIANT(fixture_name) \
		_##fixture_name##_##variant_name##_variant; \
	static struct __fixture_variant_metadata \
	_##fixture_name##_##variant_name##_object = { \
		.name = #variant_name, \
		.data = &_##fixture_name##_##variant_name##_variant, \
		.line = __LINE__, \
	}; \
	static void __attribute__((constructor)) \
	_register_##fixture_name##_##variant_name(void) \
	{ \
		__wb_register_variant(&_##fixture_name##_fixture_object, \
			&_##fixture_name##_##variant_name##_object); \
	} \
	FIXTURE_VARIANT(fixture_name) \
		_##fixture_name##_##variant_name##_variant =

#define TEST_F(fixture_name, test_name) \
	__TEST_F_IMPL(fixture_name, test_name, -1, TEST_TIMEOUT_DEFAULT)
#define TEST_F_SIGNAL(fixture_name, test_name, signal) \
	__TEST_F_IMPL(fixture_name, test_name, signal, TEST_TIMEOUT_DEFAULT)
#define TEST_F_TIMEOUT(fixture_name, test_name, timeout) \
	__TEST_F_IMPL(fixture_name, test_name, -1, timeout)

/*
 * Setup, body and teardown run in the test's process.  A failed ASSERT jumps
 * back here, so teardown still runs once setup has returned; a setup that
 * failed or skipped leaves the body out.
 */
#define __TEST_F_IMPL(fixture_name, test_name, signal, tmout) \
	static void fixture_name##_##test_name( \
		struct __test_metadata *_metadata, \
		FIXTURE_DATA(fixture_name) *self, \
		const FIXTURE_VARIANT(fixture_name) *variant); \
	static void __wb_run_##fixture_name##_##test_name( \
		struct __test_metadata *_metadata, \
		struct __fixture_variant_metadata *v) \
	{ \
		static FIXTURE_DATA(fixture_name) self; \
		static volatile bool set_up; \
		memset(&self, 0, sizeof(self)); \
		set_up = false; \
		if (setjmp(_metadata->env) == 0) { \
			_metadata->can_jump = true; \
			fixture_name##_setup(_metadata, &self, v->data); \
			set_up = true; \
			if (_metadata->passed && !_metadata->skip) \
				fixture_name##_##test_name(_metadata, &self, \
							   v->data); \
		} \
		_metadata->can_jump = false; \
		if (set_up) \
			fixture_name##_teardown(_metadata, &self); \
	} \
	static struct __test_metadata \
	_##fixture_name##_##test_name##_object = { \
		.name = #test_name, \
		.fn = __wb_run_##fixture_name##_##test_name, \
		.fixture = &_##fixture_name##_fixture_object, \
		.termsig = signal, \
		.timeout = tmout, \
		.line = __LINE__, \
	}; \
	static void __attribute__((constructor)) \
	_register_##fixture_name##_##test_name(void) \
	{ \
		__register_test(&_##fixture_name##_##test_name##_object); \
	} \
	static void fixture_name##_##test_name( \
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self, \
		const FIXTURE_VARIANT(fixture_name) \
			__attribute__((unused)) *variant)

#define TEST_HARNESS_MAIN \
	int main(int argc, char **argv) \
	{ \
		return test_harness_run(argc, argv); \
	}

/* Runner: lists, filters, forks, waits, reports. */

struct __wb_filter {
	char kind;		/* f F v V t T r, as in the kernel's harness */
	const char *name;
};

struct __wb_run {
	struct __wb_filter filters[64];
	int nr_filters;
	unsigned int planned, number, pass, fail, skip;
	long long slowest_ms;
	char slowest[256];
};

static inline void __wb_full_name(char *buf, size_t size,
				  const struct __fixture_metadata *f,
				  const struct __fixture_variant_metadata *v,
				  const struct __test_metadata *t)
{
	snprintf(buf, size, "%s%s%s.%s", f->name, v->name[0] ? "." : "",
		 v->name, t->name);
}

/*
 * Lower-case filters include, upper-case exclude; the first that matches
 * decides.  With no including filter, everything not excluded runs.
 */
static inline bool __wb_enabled(const struct __wb_run *run,
				const struct __fixture_metadata *f,
				const struct __fixture_variant_metadata *v,
				const struct __test_metadata *t)
{
	bool has_include = false;
	char full[256];
	int i;

	__wb_full_name(full, sizeof(full), f, v, t);
	for (i = 0; i < run->nr_filters; i++) {
		const struct __wb_filter *flt = &run->filters[i];
		const char *subject;

		switch (flt->kind | 0x20) {
		case 'f':
			subject = f->name;
			break;
		case 'v':
			subject = v->name;
			break;
		case 't':
			subject = t->name;
			break;
		default:
			subject = full;
			break;
		}
		if (flt->kind >= 'a')
			has_include = true;
		if (!strcmp(subject, flt->name))
			return flt->kind >= 'a';
	}
	return !has_include;
}

static inline void *__wb_sort(void *head, size_t next_off, size_t line_off)
{
	void *sorted = NULL;

	/* insertion sort by line; the lists are short */
	while (head) {
		void *item = head, **pos = &sorted;

		head = *(void **)((char *)item + next_off);
		while (*pos && *(int *)((char *)*pos + line_off) <=
			       *(int *)((char *)item + line_off))
			pos = (void **)((char *)*pos + next_off);
		*(void **)((char *)item + next_off) = *pos;
		*pos = item;
	}
	return sorted;
}

static inline void __wb_sort_all(void)
{
	struct __fixture_metadata *f;

	__wb_fixtures = __wb_sort(__wb_fixtures,
				  offsetof(struct __fixture_metadata, next),
				  offsetof(struct __fixture_metadata, line));
	for (f = __wb_fixtures; f; f = f->next) {
		f->tests = __wb_sort(f->tests,
				     offsetof(struct __test_metadata, next),
				     offsetof(struct __test_metadata, line));
		f->variant = __wb_sort(f->variant,
			offsetof(struct __fixture_variant_metadata, next),
			offsetof(struct __fixture_variant_metadata, line));
	}
}

static inline long long __wb_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* Waits for the test's process; returns false when its time ran out. */
static inline bool __wb_wait(pid_t pid, int timeout_s, int *status)
{
	long long deadline = __wb_now_ms() + timeout_s * 1000LL;
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	for (;;) {
		long long left = deadline - __wb_now_ms();
		struct timespec ts;

		if (waitpid(pid, status, WNOHANG) == pid)
			return true;
		if (left <= 0)
			return false;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000;
		sigtimedwait(&chld, NULL, &ts);
	}
}

static inline void __wb_run_test(struct __wb_run *run,
				 struct __fixture_metadata *f,
				 struct __fixture_variant_metadata *v,
				 struct __test_metadata *t,
				 struct __test_results *results)
{
	sigset_t chld, saved;
	long long start, ms;
	char name[256];
	int status = 0;
	bool ok = false, skipped = false;
	pid_t pid;

	__wb_full_name(name, sizeof(name), f, v, t);
	memset(results, 0, sizeof(*results));
	t->results = results;
	t->passed = 1;
	t->skip = 0;
	t->trigger = 0;
	t->can_jump = false;
	run->number++;
	printf("#  RUN           %s ...\n", name);
	fflush(NULL);

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &saved);
	start = __wb_now_ms();
	pid = fork();
	if (pid > 0)
		setpgid(pid, pid);
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &saved, NULL);
		setpgid(0, 0);
		t->fn(t, v);
		fflush(NULL);
		if (t->skip)
			_exit(KSFT_SKIP);
		_exit(t->passed ? KSFT_PASS : KSFT_FAIL);
	}
	if (pid < 0) {
		fprintf(TH_LOG_STREAM, "# %s: fork: %s\n", name,
			strerror(errno));
	} else if (!__wb_wait(pid, t->timeout, &status)) {
		fprintf(TH_LOG_STREAM,
			"# %s: Test terminated by timeout (%d s)\n",
			name, t->timeout);
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
		/* a task stuck in the kernel may not die: do not wait forever */
		__wb_wait(pid, 2, &status);
	} else if (WIFEXITED(status)) {
		int code = WEXITSTATUS(status);

		if (code == KSFT_SKIP) {
			ok = skipped = true;
		} else if (t->termsig != -1) {
			fprintf(TH_LOG_STREAM,
				"# %s: Test exited normally instead of by signal %d (code: %d)\n",
				name, t->termsig, code);
		} else if (code == KSFT_PASS) {
			ok = true;
		} else {
			fprintf(TH_LOG_STREAM, "# %s: Test failed\n", name);
		}
	} else if (WIFSIGNALED(status)) {
		if (WTERMSIG(status) == t->termsig)
			ok = true;
		else
			fprintf(TH_LOG_STREAM,
				"# %s: Test terminated unexpectedly by signal %d\n",
				name, WTERMSIG(status));
	}
	sigprocmask(SIG_SETMASK, &saved, NULL);
	ms = __wb_now_ms() - start;
	if (ms > run->slowest_ms) {
		run->slowest_ms = ms;
		snprintf(run->slowest, sizeof(run->slowest), "%s", name);
	}

	fflush(NULL);
	printf("#          %4s  %s\n", ok ? "OK" : "FAIL", name);
	if (skipped) {
		run->skip++;
		printf("ok %u %s # SKIP %s\n", run->number, name,
		       results->reason[0] ? results->reason : "unknown");
	} else if (ok) {
		run->pass++;
		printf("ok %u %s\n", run->number, name);
	} else {
		run->fail++;
		printf("not ok %u %s\n", run->number, name);
	}
	fflush(NULL);
	t->results = NULL;
}

static inline void __wb_usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-h|-l] [-t|-T|-v|-V|-f|-F|-r name]...\n"
		"\t-l       list the tests, one fixture[.variant].test a line\n"
		"\t-t name  include test     -T name  exclude test\n"
		"\t-v name  include variant  -V name  exclude variant\n"
		"\t-f name  include fixture  -F name  exclude fixture\n"
		"\t-r name  run fixture[.variant].test\n"
		"The first filter that matches decides.\n", prog);
}

static inline int test_harness_run(int argc, char **argv)
{
	static struct __fixture_variant_metadata no_variant = { .name = "" };
	struct __test_results *results;
	struct __fixture_metadata *f;
	struct __fixture_variant_metadata *v;
	struct __test_metadata *t;
	struct __wb_run run;
	bool list = false;
	char name[256];
	int opt;

	memset(&run, 0, sizeof(run));
	run.slowest_ms = -1;
	while ((opt = getopt(argc, argv, "hlf:F:v:V:t:T:r:")) != -1) {
		switch (opt) {
		case 'l':
			list = true;
			break;
		case 'f': case 'F': case 'v': case 'V':
		case 't': case 'T': case 'r':
			if (run.nr_filters == (int)ARRAY_SIZE(run.filters)) {
				fprintf(stderr, "too many filters\n");
				return KSFT_FAIL;
			}
			run.filters[run.nr_filters].kind = (char)opt;
			run.filters[run.nr_filters++].name = optarg;
			break;
		case 'h':
			__wb_usage(argv[0]);
			return KSFT_SKIP;
		default:
			__wb_usage(argv[0]);
			return KSFT_FAIL;
		}
	}

	__wb_sort_all();
	for (f = __wb_fixtures; f; f = f->next)
		for (v = f->variant ? f->variant : &no_variant; v; v = v->next)
			for (t = f->tests; t; t = t->next) {
				if (!__wb_enabled(&run, f, v, t))
					continue;
				run.planned++;
				if (list) {
					__wb_full_name(name, sizeof(name),
						       f, v, t);
					printf("%s\n", name);
				}
			}
	if (list)
		return KSFT_PASS;

	results = mmap(NULL, sizeof(*results), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (results == MAP_FAILED) {
		perror("mmap");
		return KSFT_FAIL;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("TAP version 13\n1..%u\n", run.planned);
	printf("# Starting %u tests\n", run.planned);
	for (f = __wb_fixtures; f; f = f->next)
		for (v = f->variant ? f->variant : &no_variant; v; v = v->next)
			for (t = f->tests; t; t = t->next)
				if (__wb_enabled(&run, f, v, t))
					__wb_run_test(&run, f, v, t, results);
	munmap(results, sizeof(*results));

	printf("# %s: %u / %u tests passed.\n",
	       run.fail ? "FAILED" : "PASSED", run.pass + run.skip,
	       run.planned);
	if (run.number)
		printf("# slowest: %s %lld ms\n", run.slowest, run.slowest_ms);
	printf("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       run.pass, run.fail, run.skip);
	if (run.fail)
		return KSFT_FAIL;
	if (run.planned && run.skip == run.planned)
		return KSFT_SKIP;
	return KSFT_PASS;
}

#endif /* __KSELFTEST_HARNESS_H */
