/* SPDX-License-Identifier: GPL-2.0 */
/*
 * In a kernel tree this path holds the kernel's own harness, and the tests
 * include it as "../kselftest_harness.h".  Standalone it picks ours, or the
 * kernel's when the build names one (make KSFT_HARNESS=..., see lib.mk).
 * The series leaves this file out.
 */
#ifdef KSFT_HARNESS_H
#include KSFT_HARNESS_H
#else
#include "harness/kselftest_harness.h"
#endif
