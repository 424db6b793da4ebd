#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs every tests/hostile/t-*.sh (each ends "N passed, N failed") and sums them.
# usage: tests/hostile/run.sh [t-NAME.sh...]   (WB=path/to/workbench to override)
cd "$(dirname "$0")" || exit 4
p=0 f=0
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(t-*.sh)
for t in "${tests[@]}"; do
	[ -e "$t" ] || continue
	echo "# $t"
	out=$(bash "$t" 2>&1); rc=$?
	printf '%s\n' "$out"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' <<<"$out" | tail -n 1)
	if [ -z "$line" ]; then
		echo "not ok - $t ended without a summary (exit $rc)"; f=$((f + 1)); continue
	fi
	set -- $line
	p=$((p + $1)); f=$((f + $3))
	[ $rc -ne 0 ] && [ "$3" -eq 0 ] && { echo "not ok - $t exit $rc"; f=$((f + 1)); }
done
echo "$p passed, $f failed"
[ $f -eq 0 ]
