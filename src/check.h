/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_CHECK_H
#define WB_CHECK_H

#include <stddef.h>

/*
 * A check definition: checks/NAME.conf in git-config syntax, section
 * [check "NAME"].  Data only: which primitives to watch, which functions are
 * known wrappers, how deep to follow them.
 */
struct wb_check {
	char *name;
	char *path;
	char *description;
	char **primitives;
	size_t nprimitives;
	char **wrappers;
	size_t nwrappers;
	unsigned wrapper_max_statements;
	unsigned depth;
	/* classification (optional): rules run, classes known, facts => class */
	char **rules;		/* names of cocci/NAME.cocci */
	size_t nrules;
	char **classes;
	size_t nclasses;
	char **classify;	/* "fact !fact ... => class", first match wins */
	size_t nclassify;
	char *notes;		/* reviewed verdicts, relative to the checks directory */
	/*
	 * mode: "calls" (call sites and call trees of the primitives), "uses"
	 * (every use of the primitives, grouped by subsystem: an enumeration),
	 * "paths" (every chain of callers from an 'entry' function down to a
	 * primitive, depth-limited), or "pattern" (the rules' facts in the files of 'scope' that mention
	 * a 'trigger', each a finding).
	 */
	char *mode;
	char **scopes;		/* path prefixes ("io_uring/", "fs/io_uring.c") */
	size_t nscopes;
	char **triggers;	/* names a file must mention to be looked at */
	size_t ntriggers;
	char **entries;		/* mode = paths: the functions where a path starts */
	size_t nentries;
	/*
	 * mode = paths: objects whose initializers hold the entry points
	 * ('T ops[] = { [OP] = { .issue = handler } }'): every function whose
	 * address is stored there is called through the table's pointers.
	 */
	char **entry_tables;
	size_t nentry_tables;
	char **excludes;	/* path prefixes never looked at ("tools/") */
	size_t nexcludes;
	/*
	 * mode = paths: path prefixes where a call through a struct member
	 * ('file->f_op->m(...)') is followed to every function stored as
	 * '.m = fn' in an initializer; none: such calls are not followed.
	 */
	char **indirect_scopes;
	size_t nindirect_scopes;
	/*
	 * mode = paths: callers in the files of indirect-scope are followed
	 * this deep (when more than depth), the others depth levels: request
	 * work climbs back to its entry points in its own code
	 */
	unsigned scope_depth;
	/*
	 * mode = paths: partition globs, a directory prefix, a '*' and a '/'
	 * ("arch/" '*' "/"): the directory the '*' stands for names a
	 * partition ("arch/x86/").  A
	 * chain that has made a call or a store in one partition never goes
	 * on in another: a call made under arch/x86/ resolves to definitions
	 * there or outside every partition, one made outside to any.
	 */
	char **partitions;
	size_t npartitions;
	/* mode = pattern: fact ids shown as notes, not findings */
	char **note_facts;
	size_t nnote_facts;
	/*
	 * "serves = PRIMITIVE CLASS... [when FACT...]": the classes of callers
	 * the primitive serves correctly (when the call site's facts say so);
	 * a classified caller of a primitive that serves none of its class is
	 * a mismatch.  Read and checked once, when the definition is loaded.
	 */
	struct wb_serves {
		char *primitive;
		char *classes;		/* space-separated, each a class of the check */
		char *when;		/* the conditions, NULL when there are none */
	} *serves;
	size_t nserves;
	char **serves_lines;	/* as written, until they are read */
	size_t nserves_lines;
	/*
	 * "flow = cycle": every judged call also gets the retry-cycle fact of
	 * src/flow.c, which reads the iterator API from these lists (names,
	 * space-separated): primitives whose range is an iov_iter, calls that
	 * only read a range, that advance an iterator by their 2nd argument,
	 * and copies that leave the iterator where it was.
	 */
	int flow;
	char **iter_prims, **iter_readonly, **iter_movers, **iter_keeps, **checked_copies,
		**iter_copies, **iter_reverts, **nofault_copies, **atomic_enter, **atomic_exit;
	size_t niter_prims, niter_readonly, niter_movers, niter_keeps, nchecked_copies,
		niter_copies, niter_reverts, nnofault_copies, natomic_enter, natomic_exit;
};

/* path starts with one of the check's 'exclude' prefixes. */
int wb_check_excludes(const struct wb_check *c, const char *path);
/* path starts with one of the check's 'indirect-scope' prefixes. */
int wb_check_indirect_scope(const struct wb_check *c, const char *path);
/*
 * path lies in one of the check's partitions: the length of the partition's
 * name, the path up to and with the directory the '*' stands for
 * ("arch/x86/" of "arch/x86/kernel/process.c"), else 0.
 */
size_t wb_check_partition(const struct wb_check *c, const char *path);
/* Facts with this id are notes ('note = ID'). */
int wb_check_is_note_fact(const struct wb_check *c, const char *id);

int wb_check_is_entry(const struct wb_check *c, const char *name);
int wb_check_is_entry_table(const struct wb_check *c, const char *name);

int wb_check_mode_is(const struct wb_check *c, const char *mode);

/* The directory holding check definitions: $WORKBENCH_CHECKS, or next to the binary. */
const char *wb_checks_dir(void);
/* Loads checks/NAME.conf; -1 with an error naming the file and line. */
int wb_check_load(struct wb_check **out, const char *dir, const char *name);
/* Every NAME of dir/NAME.conf, sorted; caller frees each and the array. */
int wb_check_list(char ***names, size_t *n, const char *dir);
/* A check built from symbols (for 'callers'). */
struct wb_check *wb_check_for_symbols(const char *const *syms, size_t n, unsigned depth);
int wb_check_has_wrapper(const struct wb_check *c, const char *name);
void wb_check_free(struct wb_check *c);

#endif
