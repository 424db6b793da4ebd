/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_PACK_H
#define WB_PACK_H

#include <git2.h>
#include <git2/sys/odb_backend.h>
#include <stddef.h>

/*
 * A reader of git packs (.idx v2 and .pack v2/v3, SHA-1) that sits in
 * front of libgit2's own as an object database backend: whole entries
 * are read with pread() and inflated with libdeflate, deltas (OFS and
 * REF) resolved with a bounded chain depth and a bounded cache of bases.
 * What it does not hold (loose objects, packs it does not read: idx v1,
 * a pack without an index, an index that does not match its pack) it
 * answers GIT_ENOTFOUND for, and libgit2 reads it.  What it holds but
 * cannot read (a damaged entry, a delta cycle, a size that lies) is an
 * error naming the pack and the object.
 *
 * Packs are shared by every backend of the process (one open file and
 * one mapping of each index), so the reader threads of one audit parse
 * each index once.
 */

/* Deepest delta chain followed (git writes 50 by default, 4095 at most). */
#define WB_PACK_MAX_DEPTH 10000

/*
 * A backend over the packs of dirs (object directories, each with a
 * trailing '/', alternates included).  *out is NULL, and 0 returned, when
 * WB_PACK_READER=0 is set in the environment (libgit2 alone reads packs).
 */
int wb_pack_backend_new(git_odb_backend **out, char *const *dirs, size_t ndirs);

/* Objects read by every pack backend of the process (tests). */
size_t wb_pack_objects_read(void);

#endif
