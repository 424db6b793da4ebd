#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The suite (runner.sh), then the sabotage check (check-sabotage.sh); the
# TAP of both is kept in build/.  Ends with one line "N passed, N failed"
# (", N skipped" when some were) counting the tests of both; exit status 1
# on any failure.
#
# usage: check.sh [--no-sabotage] COLLECTION:PROGRAM...
# --no-sabotage leaves the sabotage check out (the kernel's harness has no
# -l/-r in the form it needs).

sabotage_check=yes
if [ "$1" = "--no-sabotage" ]; then
	sabotage_check=
	shift
fi

here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$here/build"
suite=$here/build/run.tap
sabotage=$here/build/sabotage.tap

start=$(date +%s%N)
"$here/runner.sh" "$@" | tee "$suite"
suite_ms=$((($(date +%s%N) - start) / 1000000))
start=$(date +%s%N)
if [ "$sabotage_check" ]; then
	"$here/check-sabotage.sh" "$@" > "$sabotage"
	# only what went wrong: the failures and their logs
	grep -v '^ok \|^TAP version\|^1\.\.' "$sabotage"
else
	printf 'TAP version 13\n1..0 # SKIP sabotage check not run\n' > "$sabotage"
fi
sabotage_ms=$((($(date +%s%N) - start) / 1000000))

# test cases are the nested lines; a program that failed without a failing
# test case (crash, timeout) counts once more
pass=$(grep -c '^# ok ' "$suite")
skip=$(grep -c '^# ok .* # SKIP' "$suite")
pass=$((pass - skip))
fail=$(grep -c '^# not ok ' "$suite")
crashed=$(awk '/^# TAP version/ { bad = 0 } /^# not ok / { bad = 1 }
	/^not ok / && !bad { n++ } END { print n + 0 }' "$suite")
fail=$((fail + crashed))
echo "# suite: $pass passed, $fail failed, $skip skipped in $suite_ms ms"

s_skip=$(grep -c '^ok .* # SKIP' "$sabotage")
s_pass=$(($(grep -c '^ok ' "$sabotage") - s_skip))
s_fail=$(grep -c '^not ok ' "$sabotage")
if [ "$sabotage_check" ]; then
	echo "# sabotage: $s_pass tests turned not ok, $s_fail still passed, $s_skip skipped in $sabotage_ms ms"
else
	echo "# sabotage: not run"
fi

pass=$((pass + s_pass))
fail=$((fail + s_fail))
skip=$((skip + s_skip))
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" -eq 0 ]
