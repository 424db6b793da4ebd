// SPDX-License-Identifier: GPL-2.0
/* Child processes through fork, exec and argv arrays; outputs captured with poll. */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void wb_strlist_push(struct wb_strlist *l, const char *s)
{
	WB_ALLOC_GROW(l->v, l->nr + 2, l->alloc);
	l->v[l->nr] = s ? xstrdup(s) : NULL;
	if (s)
		l->nr++;
	l->v[l->nr] = NULL;
}

void wb_strlist_pushf(struct wb_strlist *l, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	wb_strlist_push(l, strbuf_str(&sb));
	strbuf_release(&sb);
}

void wb_strlist_pushv(struct wb_strlist *l, const char *const *v)
{
	for (; v && *v; v++)
		wb_strlist_push(l, *v);
}

int wb_strlist_has(const struct wb_strlist *l, const char *s)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->v[i], s))
			return 1;
	return 0;
}

void wb_strlist_clear(struct wb_strlist *l)
{
	size_t i;

	for (i = 0; i < l->nr; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->nr = l->alloc = 0;
}

void wb_spawn_result_release(struct wb_spawn_result *res)
{
	strbuf_release(&res->out);
	strbuf_release(&res->err);
	res->status = -1;
	res->not_found = 0;
}

char *wb_which(const char *prog)
{
	const char *path = getenv("PATH"), *p, *colon;
	struct strbuf sb = STRBUF_INIT;

	if (strchr(prog, '/'))
		return access(prog, X_OK) ? NULL : xstrdup(prog);
	if (!path)
		path = "/usr/bin:/bin";
	for (p = path; ; p = colon + 1) {
		struct stat st;

		colon = strchr(p, ':');
		strbuf_reset(&sb);
		if (colon == p || !*p)
			strbuf_addstr(&sb, ".");
		else
			strbuf_add(&sb, p, colon ? (size_t)(colon - p) : strlen(p));
		strbuf_addf(&sb, "/%s", prog);
		if (!stat(sb.buf, &st) && S_ISREG(st.st_mode) && !access(sb.buf, X_OK))
			return strbuf_detach(&sb, NULL);
		if (!colon)
			break;
	}
	strbuf_release(&sb);
	return NULL;
}

char *wb_first_line(const char *s)
{
	const char *e;

	while (*s == '\n' || *s == ' ' || *s == '\t')
		s++;
	e = strchr(s, '\n');
	return e ? xstrndup(s, (size_t)(e - s)) : xstrdup(s);
}

/* environ with the additions applied; the array is allocated, the strings borrowed. */
static char **make_env(const char **add)
{
	size_t n = 0, i, j, k = 0;
	char **env;

	while (environ[n])
		n++;
	for (j = 0; add && add[j]; j++)
		;
	env = xcalloc(n + j + 1, sizeof(*env));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		int overridden = 0;

		for (j = 0; add && add[j]; j++) {
			const char *aeq = strchr(add[j], '=');
			size_t alen = aeq ? (size_t)(aeq - add[j]) : strlen(add[j]);

			if (alen == len && !strncmp(add[j], environ[i], len))
				overridden = 1;
		}
		if (!overridden)
			env[k++] = environ[i];
	}
	for (j = 0; add && add[j]; j++)
		if (strchr(add[j], '='))
			env[k++] = (char *)add[j];
	env[k] = NULL;
	return env;
}

static void set_nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* What the child needs, made before fork: the child may not allocate. */
struct child_setup {
	const char *path;		/* what to execve */
	char *const *argv;
	char **env;
	const char *cwd;
	int fd[3];			/* become 0, 1 and 2; -1: inherited */
	int report;			/* the child writes errno here when it cannot exec */
	pid_t parent;
};

/*
 * Between fork and exec only async-signal-safe calls: another thread of ours
 * may have held a lock (malloc's) at the fork, and it stays held here.
 */
static _Noreturn void run_child(const struct child_setup *cs)
{
	int fd[3], i, e;

	/*
	 * A child must not outlive us: after a kill -9, spatch would run on
	 * for minutes.  SIGTERM, not SIGKILL: git then removes its .lock
	 * files from the user's repository, make stops what it started, and
	 * the rest die of it alike.  Its disposition may have come to us
	 * ignored; it goes back to the default.  If we died before prctl,
	 * getppid() is someone else.
	 */
	signal(SIGTERM, SIG_DFL);
	if (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0)
		goto fail;
	if (getppid() != cs->parent)
		_exit(127);
	/* lift the descriptors above 2 first, so that no dup2 clobbers the source of another */
	for (i = 0; i < 3; i++)
		if ((fd[i] = cs->fd[i]) >= 0 && (fd[i] = fcntl(fd[i], F_DUPFD_CLOEXEC, 3)) < 0)
			goto fail;
	for (i = 0; i < 3; i++)
		if (fd[i] >= 0 && dup2(fd[i], i) < 0)
			goto fail;
	if (cs->cwd && chdir(cs->cwd) < 0)
		goto fail;
	/* we ignore SIGPIPE; the child gets it back */
	signal(SIGPIPE, SIG_DFL);
	execve(cs->path, cs->argv, cs->env);
fail:
	e = errno;
	while (write(cs->report, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/*
 * argv[0] as execve wants it.  A bare name is looked up in PATH here, in
 * our directory (a relative PATH entry is ours, not the child's); a name
 * with a slash is left to the child, as execvp would after its chdir.
 */
static char *exec_path(const char *prog)
{
	struct strbuf sb = STRBUF_INIT;
	char *found, cwd[PATH_MAX];

	if (strchr(prog, '/'))
		return xstrdup(prog);
	found = wb_which(prog);
	if (!found || found[0] == '/' || !getcwd(cwd, sizeof(cwd)))
		return found;
	strbuf_addf(&sb, "%s/%s", cwd, found);
	free(found);
	return strbuf_detach(&sb, NULL);
}

/*
 * fork and exec rather than posix_spawn, which has no hook for
 * PR_SET_PDEATHSIG.  The death signal follows the thread that forked, not
 * the process: fine here, since the forking thread waits for its child
 * before it returns.
 */
int wb_spawn_run(struct wb_spawn_result *res, const struct wb_spawn *sp)
{
	struct child_setup cs;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 }, prep[2] = { -1, -1 };
	char **env = make_env(sp->env), *path = exec_path(sp->argv[0]);
	size_t in_off = 0;
	ssize_t got;
	pid_t pid;
	int rc, wst, e = 0;

	res->status = -1;
	res->not_found = 0;
	if (!path) {
		res->not_found = 1;
		rc = error("could not run '%s': %s", sp->argv[0], strerror(ENOENT));
		goto cleanup;
	}
	if (pipe2(pin, O_CLOEXEC) < 0 || pipe2(prep, O_CLOEXEC) < 0 ||
	    (!sp->passthrough && (pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0))) {
		rc = error("could not create pipes for '%s': %s", sp->argv[0], strerror(errno));
		goto cleanup;
	}
	/* a child that stops reading its stdin must not kill us; it gets SIGPIPE back */
	signal(SIGPIPE, SIG_IGN);
	cs = (struct child_setup){ path, (char *const *)sp->argv, env, sp->cwd,
				   { pin[0], pout[1], perr[1] }, prep[1], getpid() };
	pid = fork();
	if (!pid)
		run_child(&cs);
	if (pid < 0) {
		rc = error("could not run '%s': %s", sp->argv[0], strerror(errno));
		goto cleanup;
	}
	close(prep[1]);
	prep[1] = -1;
	/* the report pipe closes at exec (no data) or carries the errno of what failed */
	while ((got = read(prep[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	if (got == (ssize_t)sizeof(e)) {
		while (waitpid(pid, &wst, 0) < 0 && errno == EINTR)
			;
		res->not_found = 1;
		rc = error("could not run '%s': %s", sp->argv[0], strerror(e));
		goto cleanup;
	}
	close(pin[0]);
	pin[0] = -1;
	if (!sp->in || !sp->in_len) {
		close(pin[1]);
		pin[1] = -1;
	} else {
		set_nonblock(pin[1]);
	}
	if (!sp->passthrough) {
		close(pout[1]);
		close(perr[1]);
		pout[1] = perr[1] = -1;
	}

	for (;;) {
		struct pollfd pfd[3];
		int nfd = 0, i;

		if (pin[1] >= 0)
			pfd[nfd++] = (struct pollfd){ pin[1], POLLOUT, 0 };
		if (pout[0] >= 0)
			pfd[nfd++] = (struct pollfd){ pout[0], POLLIN, 0 };
		if (perr[0] >= 0)
			pfd[nfd++] = (struct pollfd){ perr[0], POLLIN, 0 };
		if (!nfd)
			break;
		if (poll(pfd, (nfds_t)nfd, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (i = 0; i < nfd; i++) {
			char buf[65536];
			ssize_t n;

			if (!pfd[i].revents)
				continue;
			if (pfd[i].fd == pin[1]) {
				n = write(pin[1], sp->in + in_off, sp->in_len - in_off);
				if (n > 0)
					in_off += (size_t)n;
				if ((n < 0 && errno != EAGAIN && errno != EINTR) || in_off == sp->in_len) {
					close(pin[1]);
					pin[1] = -1;
				}
				continue;
			}
			n = read(pfd[i].fd, buf, sizeof(buf));
			if (n > 0) {
				strbuf_add(pfd[i].fd == pout[0] ? &res->out : &res->err, buf, (size_t)n);
			} else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
				if (pfd[i].fd == pout[0])
					pout[0] = -1;
				else
					perr[0] = -1;
				close(pfd[i].fd);
			}
		}
	}
	while (waitpid(pid, &wst, 0) < 0)
		if (errno != EINTR) {
			rc = error("could not wait for '%s': %s", sp->argv[0], strerror(errno));
			goto cleanup;
		}
	if (WIFEXITED(wst))
		res->status = WEXITSTATUS(wst);
	else if (WIFSIGNALED(wst))
		res->status = 128 + WTERMSIG(wst);
	/* 127 and silent: a loader or an interpreter that could not start the program */
	if (res->status == 127 && !res->out.len && !res->err.len)
		res->not_found = 1;
	rc = 0;
	/* make buffers usable as strings even when empty */
	strbuf_add(&res->out, "", 0);
	strbuf_add(&res->err, "", 0);
cleanup:
	if (prep[0] >= 0)
		close(prep[0]);
	if (prep[1] >= 0)
		close(prep[1]);
	if (pin[0] >= 0)
		close(pin[0]);
	if (pin[1] >= 0)
		close(pin[1]);
	if (pout[0] >= 0)
		close(pout[0]);
	if (pout[1] >= 0)
		close(pout[1]);
	if (perr[0] >= 0)
		close(perr[0]);
	if (perr[1] >= 0)
		close(perr[1]);
	free(env);
	free(path);
	return rc;
}

int wb_run(struct wb_spawn_result *res, const char *cwd, const char **argv)
{
	struct wb_spawn sp = WB_SPAWN_INIT;

	sp.argv = argv;
	sp.cwd = cwd;
	return wb_spawn_run(res, &sp);
}
