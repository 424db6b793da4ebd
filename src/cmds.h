/* SPDX-License-Identifier: GPL-2.0 */
#ifndef WB_CMDS_H
#define WB_CMDS_H

/* Each takes argv with argv[0] the subcommand name; returns an enum wb_exit. */
int cmd_audit(int argc, const char **argv);
int cmd_callers(int argc, const char **argv);
int cmd_checks(int argc, const char **argv);
int cmd_check(int argc, const char **argv);
int cmd_series(int argc, const char **argv);
int cmd_verify(int argc, const char **argv);

/* "workbench version ..." of this build (workbench.c). */
extern const char wb_version_string[];

#endif
