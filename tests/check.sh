#!/bin/bash
# 'make check': every suite, each ending in its own "N passed, N failed"
# line, summed into one.  A suite that ends without that line failed.
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
logdir=$(mktemp -d /tmp/wb-check.XXXXXX)
trap 'rm -rf "$logdir"' EXIT
total_pass=0
total_fail=0

suite() {
	local name=$1; shift
	local log="$logdir/$name.log" line p f rc
	echo "== $name: $*"
	"$@" >"$log" 2>&1 </dev/null
	rc=$?
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		tail -n 30 "$log"
		echo "$name: no summary line (exit $rc): counted as 1 failure"
		total_fail=$((total_fail + 1))
		return
	fi
	p=$(grep -oE '[0-9]+ passed' <<<"$line" | grep -oE '[0-9]+')
	f=$(grep -oE '[0-9]+ failed' <<<"$line" | grep -oE '[0-9]+')
	if [ "$f" -gt 0 ] || [ "$rc" -ne 0 ]; then
		grep -E '^not ok|^# ' "$log" | head -n 40
		[ "$f" -eq 0 ] && f=1 && echo "$name: exit $rc despite '$line'"
	fi
	echo "$name: $p passed, $f failed"
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
}

# One audit, cold then warm, under valgrind: any memory error fails it
# (exit 99); 0 and 1 (callers to review) are the audit's own answers.
valgrind_audit() {
	local repo="$logdir/vg-sample" rc pass=0 fail=0 what
	tools/sample-repo.sh "$repo" || return 1
	for what in "cold cache" "warm cache"; do
		valgrind -q --suppressions=tests/valgrind.supp --error-exitcode=99 \
			--leak-check=full --errors-for-leak-kinds=definite \
			build/workbench audit --repo "$repo" --format=json fault-in >/dev/null
		rc=$?
		if [ $rc -le 1 ]; then
			echo "ok - audit under valgrind ($what)"
			pass=$((pass + 1))
		else
			echo "not ok - audit under valgrind ($what): exit $rc"
			fail=$((fail + 1))
		fi
	done
	echo "$pass passed, $fail failed"
}

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

suite fixtures tests/run-fixtures.sh --wb "$top/build/workbench"
suite fixtures-asan tests/run-fixtures.sh --wb "$top/build-san/workbench"
suite valgrind valgrind_audit
suite cli tests/cli/run.sh
suite cli-asan env WB="$top/build-san/workbench" tests/cli/run.sh
[ -x tests/cocci/run.sh ] && suite cocci tests/cocci/run.sh
[ -f selftests/Makefile ] && suite selftests make -s -C selftests check
[ -x tests/series/run.sh ] && suite series tests/series/run.sh
[ -x tests/hostile/run.sh ] && suite hostile tests/hostile/run.sh
[ -x tests/hostile/run.sh ] && suite hostile-asan env WB="$top/build-san/workbench" tests/hostile/run.sh
[ -x tests/fuzz/run.sh ] && suite fuzz tests/fuzz/run.sh
suite pack-compare sh -c 'make -s pack-compare && tests/tools/t-pack-compare.sh'
suite pack-compare-asan sh -c 'make -s SANITIZE=1 build-san/pack-compare &&
	PACK_COMPARE=build-san/pack-compare tests/tools/t-pack-compare.sh'

echo
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
