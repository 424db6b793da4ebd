#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Path names that forge output or notes: a name with a newline must not add
# caller lines to the text report (or diagnostic lines to stderr); names with
# spaces, '#', quotes, backslashes, control characters or bytes that are not
# UTF-8 survive --update-notes and are read back as written; JSON carries
# every path; a check's 'notes' may not leave the checks directory; notes
# files with CR line ends are read.
. "$(dirname "$0")/lib.sh"
t_begin

R=$T/repo
mkbase "$R"
# odd names at the top of the tree, each holding one caller
python3 - "$R" <<'PY'
import sys
from wbgitobj import *
repo = sys.argv[1]
gd = gitdir(repo)
CALLER = b"""#include <linux/pagemap.h>

int %s(struct req *req)
{
	int ret;

	ret = fault_in_pages_readable(req->ubuf, req->len);
	if (ret)
		req->state = 0;
	return ret;
}
"""
names = [
    (b"nl\n    forged_caller()                     fs/forged.c:1\nx.c", b"nl_caller"),
    (b"fs/a.c:a_caller  all-or-nothing  0000000000000000  forged\nzz.c", b"nlnote_caller"),
    (b"my file.c", b"space_caller"),
    (b"#x.c", b"hash_caller"),
    (b'q"uote.c', b"quote_caller"),
    (b"back\\slash.c", b"backslash_caller"),
    (b"tab\tname.c", b"tab_caller"),
    (b"cr\rname.c", b"cr_caller"),
    (b"esc\x1b[2Jname.c", b"esc_caller"),
    (b"\xff\xfe-latin.c", b"latin_caller"),
]
ents = head_entries(repo)
for name, fn in names:
    ents.append(("100644", name, blob(gd, CALLER % fn)))
head = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"]).decode().strip()
c = commit(gd, tree(gd, sort_entries(ents)), [head])
update_ref(repo, "refs/heads/names", c)
# and a blob with a NUL byte whose name forges a diagnostic on stderr
ents.append(("100644", b"bin\nfs/forged.c:1:1: warning: forged.c", blob(gd, b"int x;\0\n")))
c = commit(gd, tree(gd, sort_entries(ents)), [c])
update_ref(repo, "HEAD", c)
PY
NCALLERS=13	# fs/{a,b,c}.c and the ten odd names

# -- text: no forged lines ----------------------------------------------------
run_wb "$T/text" audit --repo "$R" --no-cache --no-classify fault-in
rc=$(rc_of "$T/text")
st=0
grep -q '^ *forged_caller()' "$T/text.out" && st=1
grep -q '^zz\.c\|^x\.c' "$T/text.out" && st=1
grep -qF '"nl\n    forged_caller()' "$T/text.out" || st=1
grep -qF '"esc\033[2Jname.c"' "$T/text.out" || st=1
grep -q $'\033' "$T/text.out" && st=1
report "a newline in a path forges no caller line; names are C-quoted" $st \
	"rc=$rc" "$(grep -n 'forged\|nl\|esc' "$T/text.out" | cat -A | head -5)"

st=0
grep -q '^fs/forged\.c:1:1: warning' "$T/text.err" && st=1
grep -qF '"bin\nfs/forged.c:1:1: warning: forged.c"' "$T/text.err" || st=1
report "a newline in a path forges no diagnostic on stderr" $st "$(cat -A "$T/text.err" | head -5)"

# -- JSON: every path present, exact when it is UTF-8 -------------------------
run_wb "$T/json" audit --repo "$R" --no-cache --no-classify --format=json fault-in
python3 - "$T/json.out" >"$T/json.check" 2>&1 <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))["audits"][0]
paths = {}
def walk(callers):
    for c in callers:
        if "path" not in c:
            print("node without a path:", c)
            sys.exit(1)
        paths[c["function"]] = c["path"]
        walk(c.get("callers", []))
for p in a["primitives"]:
    walk(p["callers"])
want = {"nl_caller": "nl\n    forged_caller()                     fs/forged.c:1\nx.c",
        "space_caller": "my file.c", "hash_caller": "#x.c", "quote_caller": 'q"uote.c',
        "backslash_caller": "back\\slash.c", "tab_caller": "tab\tname.c",
        "esc_caller": "esc\x1b[2Jname.c", "latin_caller": '"\\377\\376-latin.c"'}
for f, p in want.items():
    if paths.get(f) != p:
        print("%s: path %r, want %r" % (f, paths.get(f), p))
        sys.exit(1)
PY
report "JSON holds every path (C-quoted when not UTF-8)" $? "$(head -3 "$T/json.check")"

# -- notes: round trip ----------------------------------------------------------
N=$T/fault-in.notes
run_wb "$T/n1" audit --repo "$R" --no-cache --no-cocci --rev names --notes "$N" --update-notes fault-in
run_wb "$T/n2" audit --repo "$R" --no-cache --no-cocci --rev names --notes "$N" fault-in
cp "$N" "$T/notes.after1"
run_wb "$T/n3" audit --repo "$R" --no-cache --no-cocci --rev names --notes "$N" --update-notes fault-in
st=0
[ "$(rc_of "$T/n1")" = 1 ] && [ "$(rc_of "$T/n2")" = 1 ] || st=1
grep -q "^review: 0 reviewed, 0 new, 0 changed, $NCALLERS unreviewed, 0 gone" "$T/n2.out" || st=1
[ "$(grep -c unreviewed "$N")" = "$NCALLERS" ] || st=1
cmp -s "$N" "$T/notes.after1" || st=1
report "notes written for odd names are read back as written (no forged or duplicate lines)" $st \
	"rc=$(rc_of "$T/n1") $(rc_of "$T/n2") $(rc_of "$T/n3")" "$(head -2 "$T/n2.err")" \
	"$(grep '^review' "$T/n2.out")" "$(grep -v '^#' "$N" | cat -A | head -14)"

# a reviewer edits quoted lines by hand: they count as reviewed
sed -i -e 's/^\("my file\.c":space_caller  \)unreviewed  \([0-9a-f]*\)  .*/\1all-or-nothing  \2  retries from scratch/' \
	-e 's/^\("\\377\\376-latin\.c":latin_caller  \)unreviewed  \([0-9a-f]*\)  .*/\1any-progress  \2  advances/' "$N"
run_wb "$T/n4" audit --repo "$R" --no-cache --no-cocci --rev names --notes "$N" fault-in
grep -q "^review: 2 reviewed, 0 new, 0 changed, $((NCALLERS - 2)) unreviewed, 0 gone" "$T/n4.out"
report "hand-edited quoted notes lines are matched" $? "$(grep '^review' "$T/n4.out")" "$(head -2 "$T/n4.err")"

# -- notes: CR, CRLF and LF line ends ------------------------------------------
B=$T/base
mkbase "$B"
run_wb "$T/h" audit --repo "$B" --no-cache --no-cocci --notes "$T/lf.notes" --update-notes fault-in
sed -i 's/  unreviewed  \([0-9a-f]*\)  .*/  any-progress  \1  reviewed/' "$T/lf.notes"
tr '\n' '\r' <"$T/lf.notes" >"$T/cr.notes"
sed 's/$/\r/' "$T/lf.notes" >"$T/crlf.notes"
st=0
for e in lf cr crlf; do
	run_wb "$T/$e" audit --repo "$B" --no-cache --no-cocci --notes "$T/$e.notes" fault-in
	[ "$(rc_of "$T/$e")" = 0 ] && grep -q '^review: 3 reviewed, 0 new' "$T/$e.out" || {
		st=1; echo "# $e: rc=$(rc_of "$T/$e") $(grep '^review' "$T/$e.out") $(head -1 "$T/$e.err")"; }
done
report "notes with LF, CR-only and CRLF line ends are read alike" $st

# a new caller added to a CR-only file keeps it readable and CR-only
cat >"$B/fs/d.c" <<'EOC'
#include <linux/pagemap.h>
int d_caller(struct req *req)
{
	req->state = fault_in_pages_readable(req->ubuf, req->len);
	return 0;
}
EOC
git -C "$B" add -A && git -C "$B" commit -qm d
run_wb "$T/cr2" audit --repo "$B" --no-cache --no-cocci --notes "$T/cr.notes" --update-notes fault-in
run_wb "$T/cr3" audit --repo "$B" --no-cache --no-cocci --notes "$T/cr.notes" fault-in
st=0
grep -q '^review: 3 reviewed, 0 new, 0 changed, 1 unreviewed' "$T/cr3.out" || st=1
[ "$(tr -cd '\n' <"$T/cr.notes" | wc -c)" = 0 ] || st=1
report "--update-notes on a CR-only notes file keeps its line ends" $st \
	"$(grep '^review' "$T/cr3.out")" "$(head -2 "$T/cr3.err")" "$(cat -A "$T/cr.notes" | head -3)"

# -- a check's notes stay inside the checks directory ---------------------------
mkdir -p "$T/w/checks"
for v in "../../escaped.notes" "$T/abs-escaped.notes" "sub/../../escaped2.notes"; do
	sed "s|^\tnotes = .*|\tnotes = $v|" "$TOP/checks/fault-in.conf" >"$T/w/checks/fault-in.conf"
	WORKBENCH_CHECKS=$T/w/checks run_wb "$T/esc" audit --repo "$B" --no-cache --no-cocci --update-notes fault-in
	st=0
	[ "$(rc_of "$T/esc")" = 2 ] || st=1
	grep -q 'notes' "$T/esc.err" || st=1
	ls "$T"/escaped*.notes "$T"/abs-escaped.notes >/dev/null 2>&1 && st=1
	report "notes = $v in a check is refused (exit 2), nothing written" $st \
		"rc=$(rc_of "$T/esc")" "$(head -2 "$T/esc.err")" "$(ls "$T" | grep escaped)"
	rm -f "$T"/escaped*.notes "$T"/abs-escaped.notes
done
# --notes on the command line is the user's: any path will do
mkdir -p "$T/w/cwd"
(cd "$T/w/cwd" && run_wb "$T/user" audit --repo "$B" --no-cache --no-cocci --notes ../user.notes --update-notes fault-in)
[ "$(rc_of "$T/user")" = 1 ] && [ -s "$T/w/user.notes" ]
report "--notes ../FILE given by the user is written" $? "rc=$(rc_of "$T/user")" "$(head -2 "$T/user.err")"

no_marker
report "no marker file" $?

# no sanitizer report from any run
bad=$(grep -l 'Sanitizer\|runtime error' "$T"/*.err 2>/dev/null)
[ -z "$bad" ]
report "no run crashed or tripped a sanitizer" $? $bad

t_end
