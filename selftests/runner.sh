#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Runs kselftest programs and prints one TAP 13 document, each program's own
# TAP nested under "# ", as the kernel's kselftest runner does.  Each program
# runs in its own directory (the "working directory" tests use that file
# system) under a timeout.  Exit status 1 when any program failed.
#
# usage: runner.sh [-t SECONDS] COLLECTION:PROGRAM...

timeout=45
if [ "$1" = "-t" ]; then
	timeout=$2
	shift 2
fi

echo "TAP version 13"
echo "1..$#"
n=0
failed=0
for arg; do
	n=$((n + 1))
	collection=${arg%%:*}
	prog=${arg#*:}
	name=${prog##*/}
	title="selftests: $collection: $name"
	echo "# $title"
	if [ ! -x "$prog" ]; then
		echo "not ok $n $title # SKIP not built"
		continue
	fi
	start=$(date +%s%N)
	(cd "$(dirname "$prog")" &&
	 timeout --kill-after=5 "$timeout" "./$name" 2>&1) | sed -u 's/^/# /'
	rc=${PIPESTATUS[0]}
	ms=$((($(date +%s%N) - start) / 1000000))
	echo "# $collection: $name: $ms ms"
	case $rc in
	0)	echo "ok $n $title" ;;
	4)	echo "ok $n $title # SKIP" ;;
	124)	echo "not ok $n $title # TIMEOUT $timeout seconds"
		failed=1 ;;
	*)	echo "not ok $n $title # exit=$rc"
		failed=1 ;;
	esac
done
exit $failed
