#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Nothing is written outside the scratch directory: 'check' on a commit whose
# tree holds entries named '..' (nested down to a file in $T and one in /tmp),
# '.', an absolute name and a name with '/' inside; 'verify' on a posted patch
# whose paths climb out or are absolute.  A refused path is named, reported
# as a finding, and the other files of the commit are still checked.
. "$(dirname "$0")/lib.sh"
t_begin
printf '[user]\n\tname = Rev Iewer\n\temail = reviewer@example.org\n' >"$T/gitconfig"
export GIT_CONFIG_GLOBAL="$T/gitconfig"

# a name of our own for what would land directly in /tmp; other programs
# write to /tmp while we run, so the listings are compared for our names
tag=wbhx-dotdot-$$-$RANDOM
OUTSIDE=/tmp/$tag.c
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"; rm -f "$OUTSIDE"' EXIT
ours_outside() { outside_new | grep -e "$tag" -e PWNED || true; }

tname=$(basename "$T")
mkbase "$T/r"
# the Makefile of the base logs the objects make is asked for (sparse)
printf '%%.o: FORCE\n\t@echo "built $@" >>%s/make.args\nFORCE:\n.PHONY: FORCE\n' "$T" >"$T/r/Makefile"
git -C "$T/r" add Makefile && git -C "$T/r" commit -qm "base: a Makefile"
echo "CONFIG_HOSTILE=y" >"$T/kconfig"
base=$(git -C "$T/r" rev-parse HEAD)
python3 - "$T/r" "$tname" "$tag" <<'PY'
import subprocess, sys
from wbgitobj import *
repo, tname, tag = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
gd = gitdir(repo)
src = (b"// SPDX-License-Identifier: GPL-2.0\n#include <linux/pagemap.h>\n\n"
       b"int %s(struct req *req)\n{\n\tfault_in_pages_readable(req->ubuf, req->len);\n\treturn 0;\n}\n")
def caller(name):
    return blob(gd, src % name)
# ../../ ... /tmp/<T>/PWNED-dotdot.c and ../../ ... /tmp/<tag>.c
inner = tree(gd, sort_entries([
    ("40000", tname, tree(gd, [("100644", b"PWNED-dotdot.c", caller(b"climb_caller"))])),
    ("100644", tag + b".c", caller(b"tmp_caller")),
]))
t = tree(gd, [("40000", b"tmp", inner)])
for _ in range(12):
    t = tree(gd, [("40000", b"..", t)])
ents = head_entries(repo)
fs = [e for e in ents if e[1] == b"fs"][0]
fs_ents = head_entries(repo, "HEAD:fs") + [("100644", b"ok.c", caller(b"ok_caller"))]
ents = [e for e in ents if e[1] != b"fs"] + [
    ("40000", b"fs", tree(gd, sort_entries(fs_ents))),
    ("40000", b"..", t),
    ("40000", b".", tree(gd, [("100644", b"PWNED-dot.c", caller(b"dot_caller"))])),
    ("100644", b"/tmp/" + tag + b"-abs.c", caller(b"abs_caller")),
    ("100644", b"sub/PWNED-slash.c", caller(b"slash_caller")),
]
head = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"]).decode().strip()
c = commit(gd, tree(gd, sort_entries(ents)), [head], b"fs: an innocent looking change\n")
update_ref(repo, "refs/heads/master", c)
PY

# ---- check, cocci: every odd path refused, the good file still checked ----
outside_snapshot
run_wb "$T/check" check --repo "$T/r" --only=cocci "$base..master"
rc=$(rc_of "$T/check")
no_marker && [ ! -e "$OUTSIDE" ] && [ ! -e "/tmp/$tag-abs.c" ] && [ -z "$(ours_outside)" ]
report "check: entries named '..', '.', absolute or with '/' write nothing outside" $? \
	"$(ls -d "$T"/PWNED* "$OUTSIDE" "/tmp/$tag-abs.c" 2>/dev/null)" "$(ours_outside)"
p12=$(printf '../%.0s' $(seq 12))
ok=0
for want in "${p12}../tmp/$tname/PWNED-dotdot.c: error: refusing the path: a '..' component" \
	"${p12}../tmp/$tag.c: error: refusing the path: a '..' component" \
	"./PWNED-dot.c: error: refusing the path: a '.' component" \
	"/tmp/$tag-abs.c: error: refusing the path: an absolute path" \
	"sub/PWNED-slash.c: error: refusing the path: a '/' inside the name of one tree entry"; do
	grep -qF -- "$want" "$T/check.out" || { ok=1; echo "# missing: $want"; }
done
! crashed "$rc" "$T/check" && [ "$rc" -eq 1 ] && [ $ok -eq 0 ] &&
	grep -q "warning: commit [0-9a-f]*: refusing the path '${p12}../tmp/$tag.c'" "$T/check.err"
report "check: each refused path is named with why, on stderr and as a finding (exit 1)" $? \
	"exit $rc" "$(head -c 1200 "$T/check.out")" "$(head -c 400 "$T/check.err")"
grep -q '^fs/ok.c:6:2: warning: result-ignored' "$T/check.out" &&
	grep -q 'cocci  *fail  1 new finding, 0 gone; [0-9]* rules on 1 file; 5 paths refused' "$T/check.out"
report "check: the safe file of the same commit is still checked" $? "$(head -c 1200 "$T/check.out")"

# ---- check, sparse: git cannot check the tree out; no object outside is built ----
rm -f "$T/make.args"
outside_snapshot
run_wb "$T/sparse" check --repo "$T/r" --only=sparse --kconfig "$T/kconfig" "$base..master"
rc=$(rc_of "$T/sparse")
no_marker && [ ! -e "$OUTSIDE" ] && [ -z "$(ours_outside)" ] &&
	! grep -q -e '\.\./' -e PWNED -e "$tag" "$T/make.args" 2>/dev/null
report "check: sparse asks make for no object outside the tree" $? "make got: $(cat "$T/make.args" 2>/dev/null)"
! crashed "$rc" "$T/sparse" && [ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] &&
	grep -q "^sparse: cannot run: git checkout failed: error: invalid path '\.\./" "$T/sparse.out"
report "check: sparse cannot run where git refuses the tree, and says why" $? \
	"exit $rc" "$(head -c 800 "$T/sparse.out")" "$(head -c 400 "$T/sparse.err")"

# ---- verify: a posted patch whose paths climb out of the tree or are absolute ----
rm -f "$T"/PWNED*
K=$T/k
mkbase "$K"
kbase=$(git -C "$K" rev-parse HEAD)
mails() {
	local dir=$1 path=$2
	mkdir -p "$dir"
	cat >"$dir/0000.eml" <<EOM
From: Dev Eloper <dev@example.org>
Subject: [PATCH 0/1] odd paths
Date: Thu, 01 Jan 2026 00:00:00 +0000
Message-Id: <cover.$tag@example.org>
To: list@example.org

cover

workbench-digest v1 begin
base $kbase
patches 1
check cocci pass 0000000000000000 version="x" flags="--timeout 120"
 patch 1 pass 0000000000000000 summary
workbench-digest end
EOM
	cat >"$dir/0001.eml" <<EOM
From: Dev Eloper <dev@example.org>
Subject: [PATCH 1/1] add a file
Date: Thu, 01 Jan 2026 00:00:01 +0000
Message-Id: <patch.$tag@example.org>
In-Reply-To: <cover.$tag@example.org>
References: <cover.$tag@example.org>
To: list@example.org

add it

Signed-off-by: Dev Eloper <dev@example.org>
---
diff --git a/$path b/$path
new file mode 100644
--- /dev/null
+++ b/$path
@@ -0,0 +1 @@
+int planted;
EOM
}
n=0
for path in "../../../../../../../..$T/PWNED-path.c" "../../../../../../../..$OUTSIDE" "$T/PWNED-abs.c" ".git/hooks/post-checkout"; do
	n=$((n + 1))
	mails "$T/mails$n" "$path"
	outside_snapshot
	(cd "$T" && run_wb "$T/verify$n" verify "$T/mails$n" --repo "$K")
	rc=$(rc_of "$T/verify$n")
	no_marker && [ ! -e "$OUTSIDE" ] && [ -z "$(ours_outside)" ] &&
		[ -z "$(ls "$K/.git/hooks" | grep -v '\.sample$')" ] &&
		! crashed "$rc" "$T/verify$n" && [ "$rc" -eq 3 ] && grep -q '^error: ' "$T/verify$n.err"
	report "verify: a patch of '$path' writes nothing, a clear error (exit 3)" $? "exit $rc" \
		"$(ls -d "$T"/PWNED* "$OUTSIDE" 2>/dev/null)" "$(head -c 400 "$T/verify$n.err")"
done

t_end
