// SPDX-License-Identifier: GPL-2.0
/* Child processes through fork, exec and argv arrays; outputs captured with poll. */
#include "spawn.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <ftw.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
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

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		return rmdir(path) < 0 && errno != ENOENT ? -1 : 0;
	return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
}

/*
 * The directories we made, each open with an flock held for as long as we
 * use it: a PID says nothing across PID namespaces that share a /tmp, the
 * lock does.
 */
static struct held_dir {
	char *path;
	int fd;
} *held;
static size_t nheld, held_alloc;
static pthread_mutex_t held_mutex = PTHREAD_MUTEX_INITIALIZER;

int wb_tmpdir_remove(const char *path)
{
	size_t i;
	int rc;

	if (!path)
		return 0;
	rc = nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	pthread_mutex_lock(&held_mutex);
	for (i = 0; i < nheld; i++)
		if (!strcmp(held[i].path, path)) {
			close(held[i].fd);
			free(held[i].path);
			held[i] = held[--nheld];
			break;
		}
	pthread_mutex_unlock(&held_mutex);
	return rc;
}

int wb_pid_alive(pid_t pid)
{
	char path[64];
	struct strbuf sb = STRBUF_INIT;
	const char *paren;
	int alive;

	/* EPERM: alive, someone else's */
	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return 0;
	/* a zombie is dead: an init that reaps nothing keeps it for good */
	snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	alive = wb_read_file(&sb, path) < 0 || !(paren = strrchr(strbuf_str(&sb), ')')) ||
		paren[1] != ' ' || (paren[2] != 'Z' && paren[2] != 'X');
	strbuf_release(&sb);
	return alive;
}

const char *wb_tmp_parent(void)
{
	const char *tmp = getenv("TMPDIR");

	return tmp && *tmp ? tmp : "/tmp";
}

/* "123" (no sign, no leading zero, no more than a pid_t holds) as a pid; 0 if not one. */
static pid_t parse_pid(const char *s, size_t len)
{
	long long v = 0;
	size_t i;

	if (!len || len > 10 || s[0] == '0')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	return v <= INT_MAX ? (pid_t)v : 0;
}

pid_t wb_tmpdir_owner(const char *name)
{
	const char *p = name, *dash;
	size_t i;

	if (strncmp(p, "wb-", 3))
		return 0;
	p += 3;
	for (i = 0; p[i] >= 'a' && p[i] <= 'z'; i++)
		;
	if (!i || p[i] != '-')
		return 0;
	p += i + 1;
	dash = strchr(p, '-');
	if (!dash || strlen(dash + 1) != 6)
		return 0;
	for (i = 1; i <= 6; i++)
		if (!((dash[i] >= 'a' && dash[i] <= 'z') || (dash[i] >= 'A' && dash[i] <= 'Z') ||
		      (dash[i] >= '0' && dash[i] <= '9')))
			return 0;
	return parse_pid(p, (size_t)(dash - p));
}

/* An entry of dir that is ours to remove: the type asked for, our uid, not a symlink. */
static int ours(DIR *d, const char *name, mode_t type)
{
	struct stat st;

	return !fstatat(dirfd(d), name, &st, AT_SYMLINK_NOFOLLOW) && (st.st_mode & S_IFMT) == type &&
	       st.st_uid == geteuid();
}

/* Lock the directory name in d (not following a symlink); the descriptor, or -1 when someone holds it. */
static int lock_dir(int dfd, const char *name)
{
	int fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

	if (fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) < 0) {
		close(fd);
		fd = -1;
	}
	return fd;
}

/* A dead run's directory: its owner is not running and nobody holds its lock. */
static int stale(DIR *d, const char *name, int *fd)
{
	pid_t pid = wb_tmpdir_owner(name);

	*fd = -1;
	if (!pid || pid == getpid() || wb_pid_alive(pid) || !ours(d, name, S_IFDIR))
		return 0;
	*fd = lock_dir(dirfd(d), name);
	return *fd >= 0;
}

int wb_tmpdir_stale(const char *path)
{
	struct strbuf parent = STRBUF_INIT;
	const char *slash = strrchr(path, '/'), *name = slash ? slash + 1 : path;
	struct stat st;
	DIR *d;
	int fd, rc = 0;

	if (slash)
		strbuf_add(&parent, path, slash == path ? 1 : (size_t)(slash - path));
	else
		strbuf_addch(&parent, '.');
	if (lstat(path, &st) < 0 && errno == ENOENT) {
		pid_t pid = wb_tmpdir_owner(name);

		rc = pid && pid != getpid() && !wb_pid_alive(pid);
	} else if ((d = opendir(parent.buf))) {
		rc = stale(d, name, &fd);
		if (fd >= 0)
			close(fd);
		closedir(d);
	}
	strbuf_release(&parent);
	return rc;
}

void wb_tmpdir_sweep(void)
{
	const char *parent = wb_tmp_parent();
	struct strbuf path = STRBUF_INIT;
	DIR *d = opendir(parent);
	struct dirent *de;
	int fd;

	if (!d)
		return;
	while ((de = readdir(d))) {
		if (!stale(d, de->d_name, &fd))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", parent, de->d_name);
		nftw(path.buf, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
		close(fd);
	}
	closedir(d);
	strbuf_release(&path);
}

char *wb_tmpdir_create(const char *what)
{
	const char *parent = wb_tmp_parent();
	struct strbuf sb = STRBUF_INIT;
	int fd;

	wb_tmpdir_sweep();
	strbuf_addf(&sb, "%s/wb-%s-%ld-XXXXXX", parent, what, (long)getpid());
	if (!mkdtemp(sb.buf)) {
		error("could not create a temporary directory in '%s': %s", parent, strerror(errno));
		strbuf_release(&sb);
		return NULL;
	}
	/* no one else takes it: our PID is alive in the meantime */
	fd = lock_dir(AT_FDCWD, sb.buf);
	if (fd >= 0) {
		pthread_mutex_lock(&held_mutex);
		WB_ALLOC_GROW(held, nheld + 1, held_alloc);
		held[nheld].path = xstrdup(sb.buf);
		held[nheld++].fd = fd;
		pthread_mutex_unlock(&held_mutex);
	}
	return strbuf_detach(&sb, NULL);
}

void wb_tmpfiles_sweep(const char *dir, const char *pattern)
{
	struct strbuf path = STRBUF_INIT, base = STRBUF_INIT;
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *tmp = strstr(de->d_name, ".tmp."), *next;
		pid_t pid;

		/* the last ".tmp." of the name: NAME may hold one itself */
		while (tmp && (next = strstr(tmp + 1, ".tmp.")))
			tmp = next;
		if (!tmp || tmp == de->d_name)
			continue;
		pid = parse_pid(tmp + 5, strlen(tmp + 5));
		strbuf_reset(&base);
		strbuf_add(&base, de->d_name, (size_t)(tmp - de->d_name));
		if (!pid || fnmatch(pattern, base.buf, FNM_PERIOD) || pid == getpid() ||
		    wb_pid_alive(pid) || !ours(d, de->d_name, S_IFREG))
			continue;
		strbuf_reset(&path);
		strbuf_addf(&path, "%s/%s", dir, de->d_name);
		unlink(path.buf);
	}
	closedir(d);
	strbuf_release(&path);
	strbuf_release(&base);
}
