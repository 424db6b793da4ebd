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
[ "$(rc "$T/m")" = 2 ] && grep -q "option '--format' wants one of text, json, sarif, html, not 'xml'" "$T/m.err"
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

# ---- SARIF ------------------------------------------------------------------
PY=/usr/bin/python3
[ -x $PY ] || PY=python3
VALIDATE="$PY $HERE/sarif-validate.py"
# locations.py SARIF ROOT: every result whose properties name a callee (or
# whose rule is a call chain) is at that call: ROOT/uri at startLine, and
# startColumn (1-based) starts with the callee's name.
cat >"$T/locations.py" <<'PY'
import json, os, re, sys
doc = json.load(open(sys.argv[1])); root = sys.argv[2]
n = bad = 0
for run in doc["runs"]:
    for res in run["results"]:
        locs = [res["locations"][0]] + res.get("relatedLocations", [])
        for loc in locs:
            reg = loc["physicalLocation"].get("region")
            callee = res.get("properties", {}).get("callee") if loc is locs[0] else None
            m = re.search(r"calls (\w+)\(\)", loc.get("message", {}).get("text", ""))
            if m:
                callee = m.group(1)
            if not callee or not reg or "startColumn" not in reg:
                continue
            uri = loc["physicalLocation"]["artifactLocation"]["uri"]
            lines = open(os.path.join(root, uri), encoding="utf-8", errors="replace").read().split("\n")
            text = lines[reg["startLine"] - 1][reg["startColumn"] - 1:]
            n += 1
            if not text.startswith(callee):
                bad += 1
                print(f"{uri}:{reg['startLine']}:{reg['startColumn']}: wants {callee}, has {text[:30]!r}")
print(f"{n} locations checked, {bad} wrong")
sys.exit(1 if bad or not n else 0)
PY

run "$T/sa" audit --repo "$S" --no-cache --format=sarif
[ "$(rc "$T/sa")" -le 1 ] && $VALIDATE "$T/sa.out" 2>"$T/val.err"
report "audit --format=sarif of the sample tree validates against the SARIF 2.1.0 schema" $? \
	"exit $(rc "$T/sa")" "$(head -n 5 "$T/val.err" "$T/sa.err")"
$PY - "$T/sa.out" "$WB" <<'PY' >"$T/runs.txt" 2>&1
import json, subprocess, sys
doc = json.load(open(sys.argv[1]))
checks = [l.split()[0] for l in subprocess.run([sys.argv[2], "checks"], capture_output=True,
                                                 text=True).stdout.splitlines()]
ids = [r["automationDetails"]["id"] for r in doc["runs"]]
assert ids == [f"workbench/audit/{c}/" for c in checks], (ids, checks)
fi = doc["runs"][checks.index("fault-in")]
rules = {r["id"]: r for r in fi["tool"]["driver"]["rules"]}
assert fi["results"], "no results"
for res in fi["results"]:
    rule = fi["tool"]["driver"]["rules"][res["ruleIndex"]]
    assert rule["id"] == res["ruleId"], res
    assert len(rule["help"]["text"]) > 40, rule
    reg = res["locations"][0]["physicalLocation"]["region"]
    assert reg["startLine"] >= 1 and reg["startColumn"] >= 1, res
chains = [r for r in fi["results"] if "through" in r["message"]["text"]]
assert chains and all(r.get("relatedLocations") for r in chains), "no call chain with related locations"
ev = [l for r in fi["results"] for l in r.get("relatedLocations", []) if l["message"]["text"].startswith("evidence")]
assert ev, "no evidence related location"
print("runs", len(ids), "results", len(fi["results"]), "chains", len(chains), "evidence", len(ev))
PY
report "audit SARIF: one run per check, rules with help, call chains and evidence as related locations" $? \
	"$(tail -n 3 "$T/runs.txt")"
$PY "$T/locations.py" "$T/sa.out" "$S" >"$T/loc.txt" 2>&1
report "audit SARIF: each result's line and column is the call ($(tail -n 1 "$T/loc.txt"))" $? \
	"$(head -n 5 "$T/loc.txt")"
run "$T/sj" audit --repo "$S" --no-cache --format=json fault-in
$PY - "$T/sj.out" "$S" <<'PY' >"$T/cols.txt" 2>&1
import json, os, sys
doc = json.load(open(sys.argv[1])); root = sys.argv[2]
assert doc["schema"] == "workbench-audit/1" and list(doc)[0] == "schema", list(doc)
n = 0
def walk(callers):
    global n
    for c in callers:
        line = open(os.path.join(root, c["path"])).read().split("\n")[c["line"] - 1]
        assert line[c["column"] - 1:].startswith(c["callee"]), (c["path"], c["line"], c["column"])
        for e in (c.get("verdict") or {}).get("evidence", []):
            el = open(os.path.join(root, c["path"])).read().split("\n")[e["line"] - 1]
            assert el[e["column"] - 1:].startswith(c["callee"]), ("evidence", c["path"], e)
            n += 1
        walk(c.get("callers", []))
for a in doc["audits"]:
    for p in a.get("primitives", []):
        walk(p["callers"])
print(n, "evidence columns checked")
assert n
PY
report "audit JSON: \"schema\": \"workbench-audit/1\", call and evidence columns 1-based" $? "$(tail -n 3 "$T/cols.txt")"
run "$T/ss" audit --repo "$S" --since HEAD --format=sarif fault-in
[ "$(rc "$T/ss")" = 2 ] && grep -q 'not sarif' "$T/ss.err"
report "audit --since --format=sarif: a usage error" $? "exit $(rc "$T/ss")"

# compat-context: chains from an entry point, as related locations
P="$T/paths"
git init -q "$P"
mkdir -p "$P/io_uring" "$P/include/linux"
cat >"$P/include/linux/compat.h" <<'C'
bool in_compat_syscall(void);
C
cat >"$P/io_uring/rw.c" <<'C'
static int rw_pick(void)
{
	return in_compat_syscall() ? 4 : 8;
}

static int rw_prep(void)
{
	return rw_pick();
}

int io_issue_sqe(void)
{
	return rw_prep();
}
C
git -C "$P" add -A && git -C "$P" commit -q -m initial
run "$T/pa" audit --repo "$P" --no-cache --format=sarif compat-context
[ "$(rc "$T/pa")" -le 1 ] && $VALIDATE "$T/pa.out" 2>"$T/val.err" &&
	$PY - "$T/pa.out" <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
res = run["results"]
assert len(res) == 1, res
assert res[0]["message"]["text"] == "io_issue_sqe() -> rw_prep() -> rw_pick() -> in_compat_syscall()", res[0]["message"]
assert [l["physicalLocation"]["region"]["startLine"] for l in res[0]["relatedLocations"]] == [13, 8, 3], res[0]
PY
report "audit SARIF of a paths check: the chain, a related location per call" $? "exit $(rc "$T/pa")" \
	"$(head -n 5 "$T/val.err" "$T/pa.err")"
$PY "$T/locations.py" "$T/pa.out" "$P" >"$T/loc.txt" 2>&1
report "paths SARIF: each step's line and column is the call ($(tail -n 1 "$T/loc.txt"))" $? "$(head -n 5 "$T/loc.txt")"

# check: a series adding a fact the fixture's cocci rule reports
K="$T/kernel"
cp -r "$TOP/tests/series/fixture/kernel" "$K"
(cd "$K" && git init -q && git add -A && git commit -q -m "Linux-like fixture" && git tag v5.14 &&
 git checkout -q -b topic &&
 printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' '#include <linux/iov_walk.h>' '' \
	'void prefault_ring(const char __user *ring, unsigned long size)' '{' \
	'	fault_in_pages_readable(ring, size);' '}' >lib/prefault.c &&
 git add lib/prefault.c && git commit -q -m "lib: add prefault_ring()") >/dev/null 2>&1
mkdir -p "$T/wbhome"
cp -r "$TOP/tests/series/fixture/cocci" "$T/wbhome/"
(cd "$K" && WORKBENCH_HOME="$T/wbhome" timeout 300 "$WB" check --only=cocci,checkpatch --format=sarif v5.14..topic) \
	>"$T/ck.out" 2>"$T/ck.err"
ck=$?
[ $ck = 1 ] && $VALIDATE "$T/ck.out" 2>"$T/val.err" &&
	$PY - "$T/ck.out" "$K" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
tools = [r["tool"]["driver"]["name"] for r in doc["runs"]]
assert tools == ["checkpatch", "cocci"], tools
cocci = doc["runs"][1]
res = [r for r in cocci["results"] if r["ruleId"] == "cocci/fault_in_result"]
assert len(res) == 1, cocci["results"]
reg = res[0]["locations"][0]["physicalLocation"]["region"]
line = open(sys.argv[2] + "/lib/prefault.c").read().split("\n")[reg["startLine"] - 1]
assert line[reg["startColumn"] - 1:].startswith("fault_in_pages_readable"), (reg, line)
assert cocci["tool"]["driver"]["rules"][res[0]["ruleIndex"]]["help"]["text"]
PY
report "check --format=sarif validates; one run per tool; the cocci finding's column is the call" $? \
	"exit $ck" "$(head -n 5 "$T/val.err" "$T/ck.err")"
(cd "$K" && WORKBENCH_HOME="$T/wbhome" timeout 300 "$WB" check --only=cocci --format=json v5.14..topic) \
	>"$T/cj.out" 2>"$T/cj.err"
$PY -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert list(d)[0] == "schema" and d["schema"] == "workbench-check/1", list(d)
f = [f for p in d["patches"] for c in p["checks"] for f in c.get("findings", []) if f["id"] == "cocci/fault_in_result"]
assert f and f[0]["col"] == 2, f
' "$T/cj.out" 2>"$T/cj.py"
report "check JSON: \"schema\": \"workbench-check/1\", the cocci column 1-based" $? "$(tail -n 3 "$T/cj.py" "$T/cj.err")"

# ---- the header names the revision as git describe --tags does ---------------
DR="$T/describe"
git init -q "$DR"
cp -r "$R/fs" "$R/include" "$DR/"
git -C "$DR" add -A && git -C "$DR" commit -q -m initial
run "$T/d0" callers --repo "$DR" --no-cache do_thing
head -n 1 "$T/d0.out" | grep -qx "audit callers at HEAD ($(git -C "$DR" rev-parse --short=12 HEAD))"
report "no tag: the header names HEAD" $? "$(head -n 1 "$T/d0.out")"
git -C "$DR" tag -a -m "v0.9" v0.9
run "$T/d1" callers --repo "$DR" --no-cache do_thing
head -n 1 "$T/d1.out" | grep -qx "audit callers at v0.9 ($(git -C "$DR" rev-parse --short=12 HEAD))"
report "HEAD on a tag: the header names the tag" $? "$(head -n 1 "$T/d1.out")"
git -C "$DR" commit -q --allow-empty -m later
want="$(git -C "$DR" describe --tags) ($(git -C "$DR" rev-parse --short=12 HEAD))"
run "$T/d2" callers --repo "$DR" --no-cache do_thing
head -n 1 "$T/d2.out" | grep -qxF "audit callers at $want"
report "HEAD past a tag: the header is git describe --tags ($want)" $? "$(head -n 1 "$T/d2.out")"
run "$T/d3" callers --repo "$DR" --no-cache --rev "$(git -C "$DR" rev-parse HEAD)" do_thing
head -n 1 "$T/d3.out" | grep -qxF "audit callers at $want"
report "a commit id: described the same way" $? "$(head -n 1 "$T/d3.out")"
br=$(git -C "$DR" symbolic-ref --short HEAD)
run "$T/d4" callers --repo "$DR" --no-cache --rev "$br" do_thing
head -n 1 "$T/d4.out" | grep -qxF "audit callers at $br ($(git -C "$DR" rev-parse --short=12 HEAD))"
report "a branch given: the header names it as given" $? "$(head -n 1 "$T/d4.out")"
run "$T/d5" callers --repo "$DR" --no-cache --format=json do_thing
$PY -c '
import json, sys
a = json.load(open(sys.argv[1]))["audits"][0]
assert a["revision"] == "HEAD" and "describe" not in a, a
' "$T/d5.out" 2>"$T/d5.py"
# the series check digests this JSON: a name that changes with each commit would not do
report "JSON: the revision as given, not described" $? "$(tail -n 2 "$T/d5.py")"

# ---- callers --up -----------------------------------------------------------
run "$T/up" callers --repo "$P" --no-cache --up 3 in_compat_syscall
grep -q '^            io_issue_sqe()  *io_uring/rw.c:13  \[depth limit\]$' "$T/up.out"
report "callers --up 3: three levels of ordinary callers, nested" $? "$(cat "$T/up.out" "$T/up.err")"
run "$T/ups" callers --repo "$P" --no-cache --up 3 --format=sarif in_compat_syscall
$VALIDATE "$T/ups.out" 2>"$T/val.err" && $PY "$T/locations.py" "$T/ups.out" "$P" >"$T/loc.txt" 2>&1
report "callers --up --format=sarif validates, the chain's locations are the calls" $? \
	"$(head -n 5 "$T/val.err" "$T/loc.txt")"
run "$T/upd" callers --repo "$P" --up 3 --depth 2 in_compat_syscall
[ "$(rc "$T/upd")" = 2 ] && grep -q -- '--up N and --depth N' "$T/upd.err"
report "callers --up with --depth: a usage error" $? "exit $(rc "$T/upd")"

#@MORE@

echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
