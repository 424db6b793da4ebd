/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SELFTEST_SABOTAGE=<fixture[.variant].test>, the name the test has in the
 * TAP output, makes that one test expect the opposite of what it checks, so
 * it must report "not ok": each test shows it can fail.
 */
#ifndef SELFTEST_SABOTAGE_H
#define SELFTEST_SABOTAGE_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline bool selftest_sabotaged(const char *fixture, const char *variant,
				      const char *test)
{
	const char *want = getenv("SELFTEST_SABOTAGE");
	char name[256];

	if (!want)
		return false;
	snprintf(name, sizeof(name), "%s%s%s.%s", fixture,
		 variant && *variant ? "." : "", variant ? variant : "", test);
	if (strcmp(want, name))
		return false;
	fprintf(stderr, "# %s: sabotaged: expecting the opposite\n", name);
	return true;
}

/* In TEST(): SABOTAGED(NULL); in TEST_F(): SABOTAGED(variant->name). */
#define SABOTAGED(variant_name) \
	selftest_sabotaged(_metadata->fixture->name, variant_name, \
			   _metadata->name)

#endif /* SELFTEST_SABOTAGE_H */
