#!/bin/bash
# Runs each libFuzzer target (make fuzz) for a while from its seed corpus in
# tests/fuzz/corpus/NAME; one test per target: passed when it ran its time
# with no crash, sanitizer report, oracle violation, leak or hang.  Prints TAP
# and ends with "N passed, N failed".
#
#   FUZZ_SECONDS=60          the scanner target (fuzz-scan)
#   FUZZ_SECONDS_DIGEST=20   the digest/mail target (fuzz-digest)
#   FUZZ_SECONDS_NOTES=20    the notes and check-file target (fuzz-notes)
#   FUZZ_SECONDS_FLOW=20     the retry-cycle analysis (fuzz-flow)
#   0: only run the seeds once.  FUZZ_ARGS: more libFuzzer options.
# A crashing input is kept in build-fuzz/crashes/NAME/; rerun it with
# build-fuzz/fuzz-NAME FILE.
set -u
cd "$(dirname "$0")/../.."
top=$(pwd)
pass=0
fail=0
n=0

if ! make -s fuzz >/tmp/wb-fuzz-make.$$ 2>&1; then
	cat /tmp/wb-fuzz-make.$$
	rm -f /tmp/wb-fuzz-make.$$
	echo "not ok 1 - make fuzz (clang with libFuzzer: see tools/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi
rm -f /tmp/wb-fuzz-make.$$

work=$(mktemp -d /tmp/wb-fuzz-run.XXXXXX)
# fuzz-notes writes its files there; libFuzzer's timed stop skips its clean-up
files=$(mktemp -d /dev/shm/wb-fuzz-run.XXXXXX 2>/dev/null) || files=$work
export FUZZ_TMPDIR=${FUZZ_TMPDIR:-$files}
trap 'rm -rf "$work" "$files"' EXIT
# what a leak or a UB report is in the rest of the tests, unless set already
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

fuzz_one() {
	local name=$1 secs=$2 bin="$top/build-fuzz/fuzz-$1" log="$work/$1.log"
	local corpus="$work/$1" crashes="$top/build-fuzz/crashes/$1" rc runs how
	local args=(-timeout=10 -rss_limit_mb=2048 -print_final_stats=1
		    "-artifact_prefix=$crashes/")

	n=$((n + 1))
	mkdir -p "$corpus" "$crashes"
	[ -d "$top/tests/fuzz/corpus/$name" ] && cp "$top/tests/fuzz/corpus/$name/"* "$corpus/"
	# the flow target's seeds are the flow fixtures themselves, not copies of them
	[ "$name" = flow ] && cp "$top"/tests/audit/flow-*.c "$corpus/"
	[ -f "$top/tests/fuzz/$name.dict" ] && args+=("-dict=$top/tests/fuzz/$name.dict")
	if [ "$secs" -gt 0 ]; then
		args+=("-max_total_time=$secs")
		how="$secs s"
	else
		args+=(-runs=0)
		how="the seeds"
	fi
	# the corpus copy grows; the seeds in the tree stay as they are
	# shellcheck disable=SC2086
	timeout $((secs + 120)) nice "$bin" "${args[@]}" ${FUZZ_ARGS:-} "$corpus" >"$log" 2>&1 </dev/null
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && grep -q '^stat::number_of_executed_units' "$log"; then
		echo "ok $n - fuzz-$name: $runs inputs in $how, no crash"
		pass=$((pass + 1))
	else
		echo "not ok $n - fuzz-$name: exit $rc after ${runs:-?} inputs"
		grep -E '^oracle: |^SUMMARY: |ERROR: |^artifact_prefix|Test unit written' "$log" |
			head -n 8 | sed 's/^/# /'
		[ $rc -eq 124 ] && echo "# timed out"
		echo "# log: $(tail -n 3 "$log" | tr '\n' ' ')"
		fail=$((fail + 1))
	fi
}

fuzz_one scan "${FUZZ_SECONDS:-60}"
fuzz_one digest "${FUZZ_SECONDS_DIGEST:-20}"
fuzz_one notes "${FUZZ_SECONDS_NOTES:-20}"
fuzz_one flow "${FUZZ_SECONDS_FLOW:-20}"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
