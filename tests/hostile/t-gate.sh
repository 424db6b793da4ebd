#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A gate must not pass on what it did not read: a file over --max-size is
# incomplete (exit 3) unless --skip-large says to skip it; tree entries that
# leave the tree ('..', absolute names) are named and make the audit
# incomplete while the rest is reported; a malformed check definition is a
# usage error (exit 2); mode = paths at --depth 100 over a call graph with
# more chains than can be printed ends in seconds, each (entry, query) once.
. "$(dirname "$0")/lib.sh"
t_begin

# -- a caller in a file over --max-size -------------------------------------------
G=$T/gate
mkbase "$G"
mkdir -p "$G/drivers"
{
	printf '/* %s */\n' "$(head -c 2000 /dev/zero | tr '\0' x)"
	printf 'int big_caller(struct req *req)\n{\n\tint ret;\n\n\tret = fault_in_pages_readable(req->ubuf, req->len);\n\tif (ret)\n\t\treq->state = 0;\n\treturn ret;\n}\n'
} >"$G/drivers/big.c"
git -C "$G" add -A && git -C "$G" commit -qm big
# every caller that was read is reviewed: the notes are what make this a gate
N=$T/gate.notes
run_wb "$T/g0" audit --repo "$G" --no-cache --no-cocci --notes "$N" --max-size 1000 --update-notes fault-in
sed -i 's/  unreviewed  \([0-9a-f]*\)  .*/  all-or-nothing  \1  reviewed/' "$N"
run_wb "$T/g2" audit --repo "$G" --no-cache --no-cocci --notes "$N" --max-size 1000 fault-in
run_wb "$T/g3" audit --repo "$G" --no-cache --no-cocci --notes "$N" --max-size 1000 --format=json fault-in
st=0
[ "$(rc_of "$T/g2")" = 3 ] || st=1
grep -q '^incomplete: .*1 file skipped' "$T/g2.out" || st=1
grep -q '^skipped: drivers/big.c: ' "$T/g2.out" || st=1
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["audits"][0]
sys.exit(0 if a["complete"] is False and a["skipped"][0]["path"] == "drivers/big.c" else 1)' "$T/g3.out" || st=1
report "a reviewed tree with a file over --max-size is incomplete (exit 3), not a pass" $st \
	"rc=$(rc_of "$T/g2")" "$(tail -3 "$T/g2.out")"

run_wb "$T/g4" audit --repo "$G" --no-cache --no-cocci --notes "$N" --max-size 1000 --skip-large fault-in
run_wb "$T/g5" audit --repo "$G" --no-cache --no-cocci --notes "$N" --max-size 1000 --skip-large \
	--format=json fault-in
st=0
[ "$(rc_of "$T/g4")" = 0 ] || st=1
grep -q '^incomplete' "$T/g4.out" && st=1
grep -q '^skipped: drivers/big.c: .*--skip-large' "$T/g4.out" || st=1
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["audits"][0]
sys.exit(0 if a["complete"] is True and a["skipped"][0]["path"] == "drivers/big.c" else 1)' "$T/g5.out" || st=1
report "--skip-large: the skip is the user's, named, exit 0" $st "rc=$(rc_of "$T/g4")" "$(tail -3 "$T/g4.out")"

# the default limit (16 MiB) is a limit like any other
H=$T/huge
mkbase "$H"
mkdir -p "$H/drivers"
python3 -c '
import sys
f = open(sys.argv[1], "w")
f.write("/* " + "x" * (17 << 20) + " */\n")
f.write("int huge_caller(struct req *req)\n{\n\treturn fault_in_pages_readable(req->ubuf, req->len) ? 0 : 1;\n}\n")' \
	"$H/drivers/huge.c"
git -C "$H" add -A && git -C "$H" commit -qm huge
run_wb "$T/h1" audit --repo "$H" --no-cache --no-classify fault-in
[ "$(rc_of "$T/h1")" = 3 ] && grep -q '^skipped: drivers/huge.c' "$T/h1.out"
report "a file over the default --max-size makes the audit incomplete" $? "rc=$(rc_of "$T/h1")" \
	"$(tail -2 "$T/h1.out")"

# a blob with a NUL byte is not read either: gcc would compile it
B=$T/bin
mkbase "$B"
printf 'int nul_caller(struct req *req)\n{\n\treturn fault_in_pages_readable(req->ubuf, req->len) ? 0 : 1; /* \0 */\n}\n' \
	>"$B/fs/nul.c"
git -C "$B" add -A && git -C "$B" commit -qm nul
run_wb "$T/b1" audit --repo "$B" --no-cache --no-classify fault-in
[ "$(rc_of "$T/b1")" = 3 ] && grep -q '^skipped: fs/nul.c: binary' "$T/b1.out"
report "a .c blob with a NUL byte makes the audit incomplete" $? "rc=$(rc_of "$T/b1")" "$(tail -2 "$T/b1.out")"

# -- entries that leave the tree -----------------------------------------------------
D=$T/dotdot
mkbase "$D"
python3 - "$D" "$T" <<'PY'
import sys, subprocess
from wbgitobj import *
repo, top = sys.argv[1], sys.argv[2]
gd = gitdir(repo)
CALLER = b"#include <linux/pagemap.h>\nint %s(struct req *req)\n{\n\tint ret;\n\n\tret = fault_in_pages_readable(req->ubuf, req->len);\n\tif (ret)\n\t\treq->state = 0;\n\treturn ret;\n}\n"
ents = head_entries(repo)
t = tree(gd, [("100644", b"dotdot.c", blob(gd, CALLER % b"dotdot_caller"))])
for i in range(3):
    t = tree(gd, [("40000", b"..", t)])
ents.append(("40000", b"..", t))
ents.append(("100644", top.encode() + b"/PWNED-abs.c", blob(gd, CALLER % b"abs_caller")))
ents.append(("100644", b"../../PWNED-slash.c", blob(gd, CALLER % b"slash_caller")))
head = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"]).decode().strip()
update_ref(repo, "HEAD", commit(gd, tree(gd, sort_entries(ents)), [head]))
PY
outside_snapshot
for mode in cocci no-cocci; do
	args=()
	[ $mode = no-cocci ] && args=(--no-cocci)
	run_wb "$T/d-$mode" audit --repo "$D" --no-cache "${args[@]}" --notes "$T/d.notes" fault-in
	st=0
	[ "$(rc_of "$T/d-$mode")" = 3 ] || st=1
	for f in a b c; do
		grep -q "^    ${f}_caller() *fs/$f.c:" "$T/d-$mode.out" || st=1
	done
	grep -q '^incomplete: .*3 files skipped' "$T/d-$mode.out" || st=1
	grep -q '^skipped: \.\./\.\./\.\./\.\./dotdot\.c: ' "$T/d-$mode.out" || st=1
	grep -q "^skipped: $T/PWNED-abs.c: " "$T/d-$mode.out" || st=1
	grep -q '^skipped: \.\./\.\./PWNED-slash\.c: ' "$T/d-$mode.out" || st=1
	grep -q 'dotdot_caller\|abs_caller\|slash_caller' "$T/d-$mode.out" && st=1
	report "'..' and absolute entries ($mode): the rest is reported, they are named, exit 3" $st \
		"rc=$(rc_of "$T/d-$mode")" "$(head -3 "$T/d-$mode.err")" "$(tail -5 "$T/d-$mode.out")"
done
new=$(outside_new | grep PWNED || true)
[ -z "$new" ] && no_marker && ! ls "$T"/PWNED* >/dev/null 2>&1
report "nothing written outside the scratch directory" $? "$new"

# -- malformed check definitions: usage, not internal ----------------------------------
mkdir -p "$T/checks"
printf '[check "bad-mode"]\n\tprimitive = f\n\tmode = sideways\n' >"$T/checks/bad-mode.conf"
printf '[check "bad-syntax"\n\tprimitive = f\n' >"$T/checks/bad-syntax.conf"
printf '[check "bad-depth"]\n\tprimitive = f\n\tdepth = deep\n' >"$T/checks/bad-depth.conf"
printf '[check "bad-key"]\n\tprimitive = f\n[other]\n\tx = 1\n' >"$T/checks/bad-key.conf"
printf '[check "no-prim"]\n\tdescription = none\n' >"$T/checks/no-prim.conf"
printf '[check "bad-serves"]\n\tprimitive = f\n\tserves = g all\n' >"$T/checks/bad-serves.conf"
for c in bad-mode bad-syntax bad-depth bad-key no-prim bad-serves; do
	WORKBENCH_CHECKS=$T/checks run_wb "$T/c-$c" audit --repo "$G" --no-cache "$c"
	[ "$(rc_of "$T/c-$c")" = 2 ] && grep -q "$c.conf" "$T/c-$c.err"
	report "malformed check '$c': exit 2 naming the file" $? "rc=$(rc_of "$T/c-$c")" "$(head -2 "$T/c-$c.err")"
done
WORKBENCH_CHECKS=$T/checks run_wb "$T/c-list" checks
[ "$(rc_of "$T/c-list")" = 2 ]
report "'workbench checks' over malformed definitions: exit 2" $? "rc=$(rc_of "$T/c-list")"

# -- mode = paths at --depth 100 over a graph with 3^30 chains -------------------------
P=$T/paths
mkdir -p "$P"
git init -q -b master "$P"
# gen KIND ENTRY: a layered graph, each function calls every function of the
# next layer; 'cyc' also calls back up a layer (cycles everywhere)
gen() {
	python3 - "$@" <<'PY'
import sys
kind, entry = sys.argv[1], sys.argv[2]
W, L = 3, 30
out = []
for l in range(L, 0, -1):
    for i in range(W):
        out.append("int %s_%d_%d(int x)\n{\n\tint r = 0;\n\n" % (kind, l, i))
        if l == L:
            out.append("\tr += in_compat_syscall();\n")
        else:
            for j in range(W):
                out.append("\tr += %s_%d_%d(x);\n" % (kind, l + 1, j))
        if kind == "cyc" and l > 1:
            out.append("\tr += %s_%d_%d(x + 1);\n" % (kind, l - 1, (i + 1) % W))
        out.append("\treturn r;\n}\n\n")
out.append("int %s(int x)\n{\n\tint r = 0;\n\n" % entry)
for i in range(W):
    out.append("\tr += %s_1_%d(x);\n" % (kind, i))
out.append("\treturn r;\n}\n")
sys.stdout.write("".join(out))
PY
}
mkdir -p "$P/fs" "$P/kernel"
printf 'int in_compat_syscall(void)\n{\n\treturn 0;\n}\n' >"$P/kernel/compat.c"
gen lay io_issue_sqe >"$P/fs/lay.c"
git -C "$P" add -A && git -C "$P" commit -qm dag
gen cyc io_wq_submit_work >"$P/fs/cyc.c"
git -C "$P" add -A && git -C "$P" commit -qm cycles
for rev in HEAD~1 HEAD; do
	start=$(date +%s.%N)
	TIMEOUT=60 run_wb "$T/p100" audit --repo "$P" --rev $rev --no-cache --depth 100 compat-context
	end=$(date +%s.%N)
	secs=$(echo "$end - $start" | bc)
	st=0
	[ "$(rc_of "$T/p100")" = 1 ] || st=1
	[ "$(echo "$secs < 10" | bc)" = 1 ] || st=1
	# one chain per (entry, query), the shortest: 3 queries per entry
	n=$(sed -n 's/^compat-context: \([0-9]*\) paths from .*/\1/p' "$T/p100.out")
	[ -n "$n" ] && [ "$(grep -c ': warning: ' "$T/p100.out")" = "$n" ] || st=1
	# the DAG has exactly 3^30 chains, all counted
	[ $rev = HEAD ] || grep -q '^compat-context: 3 paths from 1 entry point, .* of 205891132094649 chains' "$T/p100.out" || st=1
	report "compat-context --depth 100 at $rev (3^30 chains and more) ends in seconds, shortest shown, all counted" \
		$st "rc=$(rc_of "$T/p100") ${secs}s" "$(tail -3 "$T/p100.out")"
done
run_wb "$T/p8" audit --repo "$P" --no-cache --depth 8 --format=json compat-context
python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["audits"][0]
sys.exit(0 if a["paths"] == [] and a["depth_limit_reached"] else 1)' "$T/p8.out"
report "a depth below the graph's depth finds no chain, says the limit was reached" $? \
	"rc=$(rc_of "$T/p8")" "$(tail -3 "$T/p8.out")"

# no sanitizer report from any run
bad=$(grep -l 'Sanitizer\|runtime error' "$T"/*.err 2>/dev/null)
[ -z "$bad" ]
report "no run crashed or tripped a sanitizer" $? $bad

t_end
