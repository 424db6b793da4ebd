// SPDX-License-Identifier: GPL-2.0
/* Child processes through posix_spawn and argv arrays; outputs captured with poll. */
#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
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

int wb_spawn_run(struct wb_spawn_result *res, const struct wb_spawn *sp)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	sigset_t dflt;
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 };
	char **env = make_env(sp->env);
	size_t in_off = 0;
	pid_t pid;
	int rc, wst;

	res->status = -1;
	res->not_found = 0;
	if (pipe2(pin, O_CLOEXEC) < 0 ||
	    (!sp->passthrough && (pipe2(pout, O_CLOEXEC) < 0 || pipe2(perr, O_CLOEXEC) < 0))) {
		rc = error("could not create pipes for '%s': %s", sp->argv[0], strerror(errno));
		goto cleanup;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, pin[0], 0);
	if (!sp->passthrough) {
		posix_spawn_file_actions_adddup2(&fa, pout[1], 1);
		posix_spawn_file_actions_adddup2(&fa, perr[1], 2);
	}
	if (sp->cwd)
		posix_spawn_file_actions_addchdir_np(&fa, sp->cwd);
	/* a child that stops reading its stdin must not kill us; it gets SIGPIPE back */
	signal(SIGPIPE, SIG_IGN);
	posix_spawnattr_init(&attr);
	sigemptyset(&dflt);
	sigaddset(&dflt, SIGPIPE);
	posix_spawnattr_setsigdefault(&attr, &dflt);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawnp(&pid, sp->argv[0], &fa, &attr, (char *const *)sp->argv, env);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc) {
		res->not_found = 1;
		rc = error("could not run '%s': %s", sp->argv[0], strerror(rc));
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
	/* posix_spawnp reports a missing program as exit 127 on some libcs */
	if (res->status == 127 && !res->out.len && !res->err.len)
		res->not_found = 1;
	rc = 0;
	/* make buffers usable as strings even when empty */
	strbuf_add(&res->out, "", 0);
	strbuf_add(&res->err, "", 0);
cleanup:
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
	return rc;
}

int wb_run(struct wb_spawn_result *res, const char *cwd, const char **argv)
{
	struct wb_spawn sp = WB_SPAWN_INIT;

	sp.argv = argv;
	sp.cwd = cwd;
	return wb_spawn_run(res, &sp);
}
