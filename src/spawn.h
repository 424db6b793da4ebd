/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_SPAWN_H
#define WB_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#include "util.h"

/*
 * Run an external program through an argv array (never a shell string),
 * optionally in another directory, with extra environment entries and
 * data on stdin; stdout and stderr are captured unless asked otherwise.
 */
struct wb_spawn {
	const char **argv;		/* argv[0] is looked up in PATH */
	const char *cwd;		/* NULL: the current directory */
	const char **env;		/* "NAME=value" or "NAME" (unset), NULL-terminated; may be NULL */
	const char *in;			/* stdin data; NULL: /dev/null */
	size_t in_len;
	int passthrough;		/* 1: inherit stdout/stderr instead of capturing */
};
#define WB_SPAWN_INIT { NULL, NULL, NULL, NULL, 0, 0 }

struct wb_spawn_result {
	struct strbuf out;
	struct strbuf err;
	int status;		/* exit code; 128 + signal when killed */
	int not_found;		/* argv[0] could not be found or executed */
};
#define WB_SPAWN_RESULT_INIT { STRBUF_INIT, STRBUF_INIT, -1, 0 }

void wb_spawn_result_release(struct wb_spawn_result *res);

/*
 * Returns 0 when the program ran (whatever its exit status, which is in
 * res->status) and -1 with an error message when it could not be started.
 */
int wb_spawn_run(struct wb_spawn_result *res, const struct wb_spawn *sp);

/* Convenience: run argv (NULL-terminated) in cwd, capture; same return. */
int wb_run(struct wb_spawn_result *res, const char *cwd, const char **argv);

/* A list of owned strings that doubles as an argv builder (always NULL-terminated). */
struct wb_strlist {
	char **v;
	size_t nr, alloc;
};
#define WB_STRLIST_INIT { NULL, 0, 0 }

void wb_strlist_push(struct wb_strlist *l, const char *s);
void wb_strlist_pushf(struct wb_strlist *l, const char *fmt, ...) WB_PRINTF(2, 3);
/* Push each of the NULL-terminated strings. */
void wb_strlist_pushv(struct wb_strlist *l, const char *const *v);
int wb_strlist_has(const struct wb_strlist *l, const char *s);
void wb_strlist_clear(struct wb_strlist *l);
/* Borrowed view as an argv array. */
static inline const char **wb_strlist_argv(struct wb_strlist *l)
{
	if (!l->v)
		wb_strlist_push(l, NULL);
	return (const char **)l->v;
}

/*
 * Temporary names that say who owns them, so that what a killed run left
 * behind can be told from what a running one uses: directories are
 * $TMPDIR/wb-WHAT-PID-XXXXXX, which their owner holds an flock on while it
 * runs; files written by wb_write_file_atomic() are NAME.tmp.PID next to
 * NAME.  What a dead PID owned is removed, and only that: our names, our
 * uid, no symlinks, in the one parent, and for directories no lock held.
 * A PID that was reused only delays the removal until that process ends.
 */
/* TMPDIR, or /tmp (borrowed). */
const char *wb_tmp_parent(void);
/* A new temporary directory of ours (caller frees), or NULL after an error; sweeps first. */
char *wb_tmpdir_create(const char *what);
/* Remove path and what it holds, symlinks as links, and its lock; NULL: nothing. */
int wb_tmpdir_remove(const char *path);
/* Remove the temporary directories whose owners are dead. */
void wb_tmpdir_sweep(void);
/* 1 when path (any parent) is our temporary directory and a dead run's, or was and is gone. */
int wb_tmpdir_stale(const char *path);
/* The owner of the temporary directory named name (a file name, no slash); 0: not one of ours. */
pid_t wb_tmpdir_owner(const char *name);
/* Remove dir's NAME.tmp.PID files (NAME matching the fnmatch pattern) whose PID is dead. */
void wb_tmpfiles_sweep(const char *dir, const char *pattern);
/* 1 while pid is a process, of any user. */
int wb_pid_alive(pid_t pid);

/* Full path of a program found in PATH, or NULL (caller frees). */
char *wb_which(const char *prog);

/* First non-empty line of s (for error messages), copied; never NULL. */
char *wb_first_line(const char *s);

#endif
