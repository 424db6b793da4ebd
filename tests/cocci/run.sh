#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the rules in cocci/ on every fixture in this directory and compare the
# facts reported with the expectations kept in the fixture's trailing comment:
#
#   * check-name: what the fixture is about
#   * cocci-rules: GLOB                (rules to run, default fault-in-*)
#   * cocci-wrappers: name,name        (passed as -D wrappers=...)
#   * cocci-iter-wrappers: name,name   (passed as -D iter_wrappers=...)
#   * cocci-expect: FACT call=L:C KEY=VALUE ...
#   * cocci-not: FACT
#
# For every fact id named in a cocci-expect line the reported lines with that
# id must be exactly the expected ones; a cocci-not id must not be reported.
# Ids named in neither are not compared.
#
# usage: tests/cocci/run.sh [fixture.c...]     SPATCH=... to pick spatch

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
spatch=${SPATCH:-spatch}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT

n=0
passed=0
failed=0

ok() {
	n=$((n + 1))
	passed=$((passed + 1))
	printf 'ok %d - %s\n' "$n" "$1"
}

not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	printf 'not ok %d - %s\n' "$n" "$1"
}

# the value of "* KEY: value" lines of a fixture, one per line
field() {
	sed -n "s/^[[:space:]]*\\*[[:space:]]*$1:[[:space:]]*//p" "$2" | sed 's/[[:space:]]*$//'
}

if ! command -v "$spatch" >/dev/null 2>&1; then
	echo "# SKIP: $spatch not found"
	echo "0 passed, 0 failed"
	exit 0
fi

# every rule of a family (fault-in-*, import-iovec-*: the first two words of
# its name) carries the same helper block; a rule whose copy drifted would
# classify differently from the others
for fam in $(cd "$top/cocci" && ls *.cocci | sed "s/\.cocci$//" | cut -d- -f1,2 | sort -u); do
	first=
	for r in "$top"/cocci/"$fam".cocci "$top"/cocci/"$fam"-*.cocci; do
		[ -f "$r" ] || continue
		awk '/^@initialize:python@/{n++} n==1' "$r" | sed '/^wb_facts = \[\]/q' >"$tmp/helpers"
		if [ -z "$first" ]; then
			first=$r
			cp "$tmp/helpers" "$tmp/helpers.first"
		elif cmp -s "$tmp/helpers" "$tmp/helpers.first"; then
			ok "$(basename "$r"): helper block matches $(basename "$first")"
		else
			not_ok "$(basename "$r"): helper block differs from $(basename "$first")"
		fi
	done
done

if [ $# -gt 0 ]; then
	fixtures=("$@")
else
	fixtures=("$here"/*.c)
fi

for f in "${fixtures[@]}"; do
	name=$(basename "$f")
	args=(--very-quiet --no-includes --include-headers -D report)
	w=$(field cocci-wrappers "$f" | paste -sd, -)
	[ -n "$w" ] && args+=(-D "wrappers=$w")
	w=$(field cocci-iter-wrappers "$f" | paste -sd, -)
	[ -n "$w" ] && args+=(-D "iter_wrappers=$w")

	glob=$(field cocci-rules "$f" | head -n 1)
	rules=("$top"/cocci/${glob:-fault-in-*}.cocci)
	: >"$tmp/got"
	broken=
	for r in "${rules[@]}"; do
		if ! "$spatch" "${args[@]}" --cocci-file "$r" "$f" \
			>"$tmp/out" 2>"$tmp/err"; then
			broken="$broken $(basename "$r")"
			sed 's/^/# /' "$tmp/err"
		fi
		# file:line:col-col: FACT ...  ->  FACT ...
		sed -n 's/^.*:[0-9][0-9]*:[0-9][0-9]*-[0-9][0-9]*: //p' "$tmp/out" >>"$tmp/got"
	done
	if [ -n "$broken" ]; then
		not_ok "$name: spatch failed:$broken"
		continue
	fi
	sort -u "$tmp/got" -o "$tmp/got"
	field cocci-expect "$f" | sort -u >"$tmp/want"

	for id in $(cut -d' ' -f1 "$tmp/want" | sort -u); do
		grep "^$id " "$tmp/want" >"$tmp/want.id"
		grep "^$id " "$tmp/got" >"$tmp/got.id"
		if cmp -s "$tmp/want.id" "$tmp/got.id"; then
			ok "$name: $id"
		else
			not_ok "$name: $id"
			diff -u "$tmp/want.id" "$tmp/got.id" | sed -n 's/^\([-+][^-+]\)/# \1/p'
		fi
	done
	for id in $(field cocci-not "$f" | sort -u); do
		if grep -q "^$id " "$tmp/got"; then
			not_ok "$name: no $id"
			grep "^$id " "$tmp/got" | sed 's/^/# +/'
		else
			ok "$name: no $id"
		fi
	done
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
