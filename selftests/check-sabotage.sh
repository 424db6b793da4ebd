#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shows that every test can fail: runs each test alone (-r NAME) with
# SELFTEST_SABOTAGE=NAME, which makes it expect the opposite of what it
# checks, and requires it to report "not ok".  A test that skips here (its
# feature is missing) is reported as skipped.  Needs our harness (-l, -r).
# Prints TAP; exit status 1 when a sabotaged test still passed.
#
# usage: check-sabotage.sh COLLECTION:PROGRAM...

timeout=30
total=0
for arg; do
	prog=${arg#*:}
	[ -x "$prog" ] || continue
	total=$((total + $("$prog" -l | wc -l)))
done

echo "TAP version 13"
echo "1..$total"
n=0
failed=0
for arg; do
	collection=${arg%%:*}
	prog=${arg#*:}
	name=${prog##*/}
	[ -x "$prog" ] || continue
	for test in $("$prog" -l); do
		n=$((n + 1))
		title="sabotage $collection:$name $test"
		out=$(cd "$(dirname "$prog")" &&
		      SELFTEST_SABOTAGE=$test timeout --kill-after=5 \
			      "$timeout" "./$name" -r "$test" 2>&1)
		if grep -qxF "not ok 1 $test" <<<"$out"; then
			echo "ok $n $title"
		elif grep -q "^ok 1 $test # SKIP" <<<"$out"; then
			echo "ok $n $title # SKIP ${out##*# SKIP }"
		else
			echo "not ok $n $title # still passes"
			sed 's/^/# /' <<<"$out"
			failed=1
		fi
	done
done
exit $failed
