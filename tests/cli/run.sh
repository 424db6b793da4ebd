#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The command line of every subcommand: -h, unknown options, values, --,
# --version; the man pages, the completion, the install and the SARIF output.
# Prints TAP and ends with "N passed, N failed".
#
#   tests/cli/run.sh            (WB=path/to/workbench to override)
set -u
export LC_ALL=C TZ=UTC
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
WB=${WB:-$TOP/build/workbench}
T=$(mktemp -d "${TMPDIR:-/tmp}/wb-cli.XXXXXX") || exit 4
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export HOME="$T/home" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL=a@example.org
export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL=c@example.org
export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
unset GIT_DIR GIT_WORK_TREE WORKBENCH_CHECKS WORKBENCH_COCCI WORKBENCH_HOME
mkdir -p "$HOME"
npass=0 nfail=0 ntest=0

report() {
	local name=$1 st=$2; shift 2
	ntest=$((ntest + 1))
	if [ "$st" -eq 0 ]; then
		npass=$((npass + 1)); echo "ok $ntest - $name"
	else
		nfail=$((nfail + 1)); echo "not ok $ntest - $name"
		for l in "$@"; do printf '#   %s\n' "$l"; done
	fi
}

# run OUTPREFIX ARGS...: workbench; $OUT.out/.err/.rc
run() {
	local out=$1; shift
	timeout -k 5 120 "$WB" "$@" >"$out.out" 2>"$out.err" </dev/null
	echo $? >"$out.rc"
}
rc() { cat "$1.rc"; }

# Every command line that has options of its own: a command, or series SUB.
cmdlines=()
while read -r c; do
	if [ "$c" = series ]; then
		cmdlines+=("series regen" "series send" "series check")
	fi
	cmdlines+=("$c")
done < <("$WB" --wb-list-commands)
[ ${#cmdlines[@]} -ge 7 ]
report "the command list has every command (${#cmdlines[@]} command lines)" $?

for cl in "${cmdlines[@]}"; do
	# shellcheck disable=SC2086
	run "$T/h" $cl -h
	[ "$(rc "$T/h")" = 129 ] && head -n 1 "$T/h.out" | grep -q "^usage: workbench $cl" &&
		grep -q -- '-h, --help' "$T/h.out" && [ ! -s "$T/h.err" ]
	report "$cl -h: usage on stdout, exit 129" $? "exit $(rc "$T/h")" "$(head -n 2 "$T/h.out" "$T/h.err")"
	# shellcheck disable=SC2086
	run "$T/h" $cl --help
	[ "$(rc "$T/h")" = 129 ] && grep -q "^usage: workbench $cl" "$T/h.out"
	report "$cl --help: exit 129" $? "exit $(rc "$T/h")"
	# shellcheck disable=SC2086
	run "$T/u" $cl --no-such-option
	[ "$(rc "$T/u")" = 2 ] && grep -q "unknown option '--no-such-option'" "$T/u.err" && [ ! -s "$T/u.out" ]
	report "$cl --no-such-option: names it, exit 2" $? "exit $(rc "$T/u")" "$(head -n 2 "$T/u.err")"
	# shellcheck disable=SC2086
	run "$T/u" $cl -Z
	[ "$(rc "$T/u")" = 2 ] && grep -q "unknown option '-Z'" "$T/u.err"
	report "$cl -Z: names it, exit 2" $? "exit $(rc "$T/u")" "$(head -n 2 "$T/u.err")"
	# shellcheck disable=SC2086
	run "$T/l" $cl --wb-list-options
	[ "$(rc "$T/l")" = 0 ] && grep -qx -- '--help' "$T/l.out"
	report "$cl --wb-list-options lists its options" $? "exit $(rc "$T/l")"
done

run "$T/h" -h
[ "$(rc "$T/h")" = 129 ] && grep -q '^usage: workbench' "$T/h.out" && grep -q '^   audit' "$T/h.out"
report "workbench -h: usage and commands on stdout, exit 129" $? "exit $(rc "$T/h")"
run "$T/u" --no-such-option
[ "$(rc "$T/u")" = 2 ] && grep -q "unknown option '--no-such-option'" "$T/u.err"
report "workbench --no-such-option: exit 2" $? "exit $(rc "$T/u")"
run "$T/u" no-such-command
[ "$(rc "$T/u")" = 2 ] && grep -q "'no-such-command' is not a workbench command" "$T/u.err"
report "workbench no-such-command: exit 2" $? "exit $(rc "$T/u")"

for v in --version version; do
	run "$T/v" $v
	[ "$(rc "$T/v")" = 0 ] && grep -q '^workbench version [^ ]' "$T/v.out" &&
		grep -q '^libgit2  [0-9]' "$T/v.out" && grep -q '^spatch ' "$T/v.out" &&
		grep -q '^sparse ' "$T/v.out" && grep -q '^b4 ' "$T/v.out"
	report "workbench $v: workbench, libgit2, spatch, sparse, b4" $? "exit $(rc "$T/v")" "$(cat "$T/v.out")"
done
# a tool that is not there is said so, not an error
mkdir -p "$T/nopath"
ln -s "$(command -v git)" "$T/nopath/git"
PATH="$T/nopath" "$WB" --version >"$T/v.out" 2>"$T/v.err"
[ $? = 0 ] && grep -q '^spatch   not found' "$T/v.out"
report "workbench --version without spatch in PATH: 'not found'" $? "$(cat "$T/v.out" "$T/v.err")"

# ---- values, booleans, -- ------------------------------------------------
R="$T/repo"
git init -q "$R"
mkdir -p "$R/fs" "$R/include/linux"
cat >"$R/include/linux/uio.h" <<'C'
int fault_in_readable(const char __user *uaddr, unsigned long size);
C
cat >"$R/fs/read.c" <<'C'
static int do_thing(const char __user *buf, unsigned long n)
{
	return fault_in_readable(buf, n);
}

int outer_thing(const char __user *buf, unsigned long n)
{
	return do_thing(buf, n);
}
C
git -C "$R" add -A && git -C "$R" commit -q -m initial

run "$T/a" callers --repo "$R" --no-cache --format json do_thing
run "$T/b" callers --repo="$R" --no-cache --format=json do_thing
[ "$(rc "$T/a")" = "$(rc "$T/b")" ] && [ "$(rc "$T/a")" -le 1 ] && cmp -s "$T/a.out" "$T/b.out" &&
	grep -q outer_thing "$T/a.out"
report "--opt value and --opt=value give the same report" $? "exit $(rc "$T/a") $(rc "$T/b")" \
	"$(head -n 3 "$T/a.err" "$T/b.err")"
run "$T/c" callers do_thing --no-cache --format=json --repo "$R"
cmp -s "$T/a.out" "$T/c.out"
report "options after the arguments too" $? "exit $(rc "$T/c")"
run "$T/d" callers --repo "$R" --no-cache -- --format=json
[ "$(rc "$T/d")" -le 1 ] && grep -q -- '--format=json' "$T/d.out"
report "-- ends the options: what follows is a symbol" $? "exit $(rc "$T/d")" "$(head -n 3 "$T/d.out" "$T/d.err")"
run "$T/e" callers --repo "$R" --no-cache --jobs 1 do_thing
run "$T/f" callers --repo "$R" --no-cache -j1 do_thing
run "$T/g" callers --repo "$R" --no-cache -j 1 do_thing
cmp -s "$T/e.out" "$T/f.out" && cmp -s "$T/e.out" "$T/g.out" && [ "$(rc "$T/e")" -le 1 ]
report "-j1, -j 1 and --jobs 1" $? "exit $(rc "$T/e") $(rc "$T/f") $(rc "$T/g")"
run "$T/m" audit --repo
[ "$(rc "$T/m")" = 2 ] && grep -q "option '--repo' needs a value" "$T/m.err"
report "an option without its value: named, exit 2" $? "exit $(rc "$T/m")" "$(head -n 1 "$T/m.err")"
run "$T/m" audit --all=yes
[ "$(rc "$T/m")" = 2 ] && grep -q "option '--all' takes no value" "$T/m.err"
report "a value given to a switch: named, exit 2" $? "exit $(rc "$T/m")" "$(head -n 1 "$T/m.err")"
run "$T/m" audit --depth=deep
[ "$(rc "$T/m")" = 2 ] && grep -q "option '--depth' wants a number" "$T/m.err"
report "a bad number: named, exit 2" $? "exit $(rc "$T/m")" "$(head -n 1 "$T/m.err")"
run "$T/m" audit --format=xml
[ "$(rc "$T/m")" = 2 ] && grep -q "option '--format' wants one of text, json, sarif, not 'xml'" "$T/m.err"
report "a bad choice: named with the choices, exit 2" $? "exit $(rc "$T/m")" "$(head -n 1 "$T/m.err")"
run "$T/m" check --only=nothing a..b
[ "$(rc "$T/m")" = 2 ] && grep -q "'nothing' is not a tool" "$T/m.err"
report "check --only with a wrong tool: exit 2" $? "exit $(rc "$T/m")" "$(head -n 1 "$T/m.err")"

# ---- man pages: each builds, each option of the table is in its page ------
mkdir -p "$T/man"
for src in "$TOP"/man/*.1.scd; do
	page=$(basename "$src" .scd)
	scdoc <"$src" >"$T/man/$page" 2>"$T/man/$page.err" && [ -s "$T/man/$page" ] &&
		grep -q '^\.TH' "$T/man/$page"
	report "man page $page builds" $? "$(head -n 3 "$T/man/$page.err")"
done
for cl in "${cmdlines[@]}"; do
	page=workbench-${cl%% *}.1.scd
	missing=()
	if [ -f "$TOP/man/$page" ]; then
		while read -r o; do
			o=${o%=}
			grep -q -- "\*$o\*" "$TOP/man/$page" || missing+=("$o")
		done < <(timeout 60 "$WB" $cl --wb-list-options)
	else
		missing=("(no page)")
	fi
	[ ${#missing[@]} -eq 0 ]
	report "man/$page has every option of '$cl'" $? "missing: ${missing[*]}"
done
missing=()
while read -r c; do
	grep -q "\*workbench-$c\*(1)" "$TOP/man/workbench.1.scd" || missing+=("$c")
done < <("$WB" --wb-list-commands)
[ ${#missing[@]} -eq 0 ]
report "workbench(1) names every command's page" $? "missing: ${missing[*]}"

# ---- bash completion ------------------------------------------------------
# complete WORDS...: COMPREPLY for the last word, one a line
complete_words() {
	bash -c '
		. "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_workbench
		printf "%s\n" "${COMPREPLY[@]}"' complete "$TOP/completion/workbench.bash" "$@" 2>&1
}
out=$(complete_words "$WB" au)
[ "$out" = audit ]
report "completion: a command" $? "$out"
out=$(complete_words "$WB" audit fault)
[ "$out" = fault-in ]
report "completion: a check name" $? "$out"
out=$(complete_words "$WB" audit --no-cl)
[ "$out" = --no-classify ]
report "completion: an option of the command" $? "$out"
out=$(complete_words "$WB" series regen --fo)
[ "$out" = --force ]
report "completion: an option of a series command" $? "$out"
out=$(complete_words "$WB" check --only=s)
[ "$out" = sparse ]
report "completion: --only's tools" $? "$out"
git -C "$R" tag v1.0
git -C "$R" branch topic-branch
out=$(complete_words "$WB" audit --repo "$R" --rev v1)
[ "$out" = v1.0 ]
report "completion: --rev from the refs of --repo" $? "$out"
out=$(complete_words "$WB" audit --repo="$R" --since=topic)
[ "$out" = topic-branch ]
report "completion: --since=REF from the refs of --repo=DIR" $? "$out"
out=$(complete_words "$WB" check --repo "$R" v1.0..top)
[ "$out" = v1.0..topic-branch ]
report "completion: a range BASE..HEAD" $? "$out"

# ---- make install: the installed binary finds its checks and rules ----------
D="$T/inst"
make -s -C "$TOP" install DESTDIR="$D" PREFIX=/usr >"$T/install.log" 2>&1
st=$?
for f in usr/bin/workbench usr/share/workbench/checks/fault-in.conf usr/share/workbench/cocci/fault-in-result.cocci \
	usr/share/workbench/MAINTAINERS-notes usr/share/man/man1/workbench.1 usr/share/man/man1/workbench-audit.1 \
	usr/share/bash-completion/completions/workbench; do
	[ -e "$D/$f" ] || { st=1; echo "# missing $f" >>"$T/install.log"; }
done
report "make install DESTDIR=... PREFIX=/usr installs binary, checks, rules, man pages, completion" $st \
	"$(tail -n 5 "$T/install.log")"
mkdir -p "$T/elsewhere"
(cd "$T/elsewhere" && PATH="/usr/bin:/bin" "$D/usr/bin/workbench" checks) >"$T/ic.out" 2>"$T/ic.err"
[ $? = 0 ] && grep -q '^fault-in ' "$T/ic.out"
report "the installed binary lists its checks, away from the source tree" $? "$(head -n 3 "$T/ic.err")"
S="$T/sample"
"$TOP/tools/sample-repo.sh" "$S" >/dev/null 2>&1
(cd "$T/elsewhere" && "$D/usr/bin/workbench" audit --repo "$S" --no-cache fault-in) >"$T/ia.out" 2>"$T/ia.err"
st=$?
(cd "$TOP" && "$WB" audit --repo "$S" --no-cache fault-in) >"$T/sa.out" 2>"$T/sa.err"
st2=$?
# the reports differ only in where the notes are
sed -i 's|[^ ()]*/checks/fault-in.notes|NOTES|g' "$T/ia.out" "$T/sa.out"
[ $st -le 1 ] && [ $st = $st2 ] && cmp -s "$T/ia.out" "$T/sa.out" && grep -q 'fault_in' "$T/ia.out" &&
	grep -q 'NOTES' "$T/ia.out"
report "the installed binary audits with its checks and rules as the built one does" $? "exit $st" \
	"$(head -n 3 "$T/ia.err")" "$(diff "$T/sa.out" "$T/ia.out" | head -n 5)"

#@MORE@

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
