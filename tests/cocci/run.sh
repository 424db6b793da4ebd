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
#   * cocci-scope: prefix,prefix       (passed as -D scope=..., paths from
#                                       the fixtures' directory, where
#                                       spatch runs as from a tree's top)
#   * cocci-exclude: prefix,prefix     (passed as -D exclude=...)
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

# The rules run the way scripts/coccicheck runs them: over a directory, with
# jobs in parallel, one file per chunk.  The fixtures that take the same
# rules and -D options share a directory.
declare -A gdir
ngroups=0
for f in "${fixtures[@]}"; do
	glob=$(field cocci-rules "$f" | head -n 1)
	key="${glob:-fault-in-*}|$(field cocci-wrappers "$f" | paste -sd, -)|$(field cocci-iter-wrappers "$f" | paste -sd, -)"
	key="$key|$(field cocci-scope "$f" | paste -sd, -)|$(field cocci-exclude "$f" | paste -sd, -)"
	if [ -z "${gdir[$key]}" ]; then
		ngroups=$((ngroups + 1))
		gdir[$key]=$tmp/g$ngroups
		mkdir "$tmp/g$ngroups"
		printf '%s\n' "$key" >"$tmp/g$ngroups.key"
	fi
	cp "$f" "${gdir[$key]}/"
done

# run_rule DIR RULE MODE JOBS OUT: spatch as coccicheck runs it
run_rule() {
	local key args
	key=$(cat "$1.key")
	args=(-D "$3" --very-quiet --no-includes --include-headers)
	w=$(echo "$key" | cut -d'|' -f2)
	[ -n "$w" ] && args+=(-D "wrappers=$w")
	w=$(echo "$key" | cut -d'|' -f3)
	[ -n "$w" ] && args+=(-D "iter_wrappers=$w")
	w=$(echo "$key" | cut -d'|' -f4)
	[ -n "$w" ] && args+=(-D "scope=$w")
	w=$(echo "$key" | cut -d'|' -f5)
	[ -n "$w" ] && args+=(-D "exclude=$w")
	# from the directory, as make coccicheck runs it from the tree's top
	(cd "$1" && env -u srctree "$spatch" "${args[@]}" --jobs "$4" --chunksize 1 --cocci-file "$2" --dir "$1") \
		>"$5" 2>"$5.err"
}

# file:line:col-col: FACT of every report line, sorted
report_lines() {
	grep -E '^[^ ]+:[0-9]+:[0-9]+-[0-9]+: ' "$1" | LC_ALL=C sort -u
}

# the same from org mode's "* TODO [[view:FILE::face=...::linb=L::colb=C::cole=C][FACT]]"
org_lines() {
	sed -n 's/^\* TODO \[\[view:\([^:]*\)::face=[^:]*::linb=\([0-9]*\)::colb=\([0-9]*\)::cole=\([0-9]*\)\]\[\(.*\)\]\]$/\1:\2:\3-\4: \5/p' "$1" |
		LC_ALL=C sort -u
}

# the fixtures context mode marks: the files of its diffs with a - line
context_files() {
	awk '/^--- /{f=$2; sub(".*/", "", f)} /^-[^-]/ && f != "" {print f}' "$1" | sort -u
}

# RULE:+FIXTURE: a fixture with a fact that context mode does not mark,
# RULE:-FIXTURE: one it marks without a fact (none today)
context_known=""

for ((g = 1; g <= ngroups; g++)); do
	d=$tmp/g$g
	key=$(cat "$d.key")
	glob=${key%%|*}
	rules=("$top"/cocci/$glob.cocci)
	: >"$d.got"
	for r in "${rules[@]}"; do
		rn=$(basename "$r")
		if ! run_rule "$d" "$r" report 2 "$d.j2"; then
			not_ok "$rn on {$key}: spatch --jobs 2 failed"
			sed 's/^/# /' "$d.j2.err"
			echo "$rn" >>"$d.broken"
			continue
		fi
		report_lines "$d.j2" >"$d.j2.s"
		cat "$d.j2.s" >>"$d.got"

		# the facts do not depend on how many processes ran
		if run_rule "$d" "$r" report 1 "$d.j1"; then
			report_lines "$d.j1" >"$d.j1.s"
			if cmp -s "$d.j1.s" "$d.j2.s"; then
				ok "$rn on {$key}: --jobs 2 reports the facts of --jobs 1 ($(wc -l <"$d.j2.s"))"
			else
				not_ok "$rn on {$key}: --jobs 2 reports the facts of --jobs 1"
				diff -u "$d.j1.s" "$d.j2.s" | sed -n 's/^\([-+][^-+]\)/# \1/p'
			fi
		else
			not_ok "$rn on {$key}: spatch --jobs 1 failed"
			sed 's/^/# /' "$d.j1.err"
		fi

		# MODE=org: the same facts as org-mode TODO items
		if run_rule "$d" "$r" org 2 "$d.org"; then
			org_lines "$d.org" >"$d.org.s"
			if cmp -s "$d.org.s" "$d.j2.s"; then
				ok "$rn on {$key}: MODE=org gives the facts of MODE=report"
			else
				not_ok "$rn on {$key}: MODE=org gives the facts of MODE=report"
				diff -u "$d.j2.s" "$d.org.s" | sed -n 's/^\([-+][^-+]\)/# \1/p'
			fi
		else
			not_ok "$rn on {$key}: spatch -D org failed"
			sed 's/^/# /' "$d.org.err"
		fi

		# MODE=context: the * lines come out for the fixtures with a fact
		# of the rule, and for no other
		if run_rule "$d" "$r" context 2 "$d.ctx"; then
			context_files "$d.ctx" >"$d.ctx.s"
			sed 's/:.*//; s,.*/,,' "$d.j2.s" | sort -u >"$d.rep.s"
			if [ -s "$d.rep.s" ] && ! [ -s "$d.ctx.s" ]; then
				not_ok "$rn on {$key}: MODE=context marks lines"
			elif diff "$d.rep.s" "$d.ctx.s" | grep '^[<>]' |
				sed "s/^< /$rn:+/; s/^> /$rn:-/" | grep -qvxF -f <(printf '%s\n' $context_known); then
				not_ok "$rn on {$key}: MODE=context marks the fixtures with facts"
				diff -u "$d.rep.s" "$d.ctx.s" | sed -n 's/^\([-+][^-+]\)/# \1/p'
			elif ! cmp -s "$d.rep.s" "$d.ctx.s"; then
				ok "$rn on {$key}: MODE=context marks the fixtures with facts but the known $(diff "$d.rep.s" "$d.ctx.s" | grep -c '^[<>]')"
			else
				ok "$rn on {$key}: MODE=context marks the fixtures with facts ($(wc -l <"$d.ctx.s"))"
			fi
		else
			not_ok "$rn on {$key}: spatch -D context failed"
			sed 's/^/# /' "$d.ctx.err"
		fi
	done
done

for f in "${fixtures[@]}"; do
	name=$(basename "$f")
	for ((g = 1; g <= ngroups; g++)); do
		[ -f "$tmp/g$g/$name" ] && break
	done
	d=$tmp/g$g
	if [ -s "$d.broken" ]; then
		not_ok "$name: spatch failed: $(paste -sd' ' "$d.broken")"
		continue
	fi
	# DIR/name.c:line:col-col: FACT ...  ->  FACT ...
	grep -F "$d/$name:" "$d.got" |
		sed -n 's/^.*:[0-9][0-9]*:[0-9][0-9]*-[0-9][0-9]*: //p' | sort -u >"$tmp/got"
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
