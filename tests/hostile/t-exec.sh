#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No code from a tree or a mail runs: file names that read as spatch options
# ('--sp-file=x.c', '-x.c') in 'audit' and 'check', and tool flags in the
# digest of a posted series that 'verify' must not pass on.  A planted
# semantic patch whose Python creates $MARK is in each tree or patch.
. "$(dirname "$0")/lib.sh"
t_begin
# b4 am wants a user in the git configuration
printf '[user]\n\tname = Rev Iewer\n\temail = reviewer@example.org\n' >"$T/gitconfig"
export GIT_CONFIG_GLOBAL="$T/gitconfig"

# planted NAME: a semantic patch whose Python creates $MARK; its text also
# reads as a caller of fault_in_pages_readable() to the audit's scanner, so
# that the audit writes it next to the other candidates
planted() {
	cat >"$1" <<EOS
virtual report
@initialize:python@ @@
open("$MARK", "w").close(); _ = """
; int planted_caller(struct req *req) {
	int ret = fault_in_pages_readable(req->ubuf, req->len);
	req->state = ret;
"""
@r@
identifier fn;
@@
* fn(...);
@script:python depends on r@ @@
_ = """
} """
EOS
}

# caller NAME FILE: a caller that ignores the result (cocci/fault-in-result reports it)
caller() {
	cat >"$2" <<EOC
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int $1(struct req *req)
{
	fault_in_pages_readable(req->ubuf, req->len);
	return 0;
}
EOC
}

# ---- audit: '--sp-file=planted.c' and 'planted.c' at the top of the tree ----
mkbase "$T/a"
caller opt_caller "$T/a/--sp-file=planted.c"
planted "$T/a/planted.c"
git -C "$T/a" add -- ./--sp-file=planted.c ./planted.c
git -C "$T/a" commit -qm "lib: a name that reads as an option"
run_wb "$T/audit" audit --repo "$T/a" --no-cache fault-in
rc=$(rc_of "$T/audit")
no_marker
report "audit: a file named '--sp-file=planted.c' does not run the tree's Python" $? \
	"the planted Python ran: $MARK exists"
! crashed "$rc" "$T/audit" && [ "$rc" -le 1 ] &&
	grep -q 'opt_caller().*--sp-file=planted.c:6' "$T/audit.out"
report "audit: the caller in '--sp-file=planted.c' is reported (exit 0 or 1)" $? "exit $rc" \
	"$(grep opt_caller "$T/audit.out")" "$(head -c 600 "$T/audit.err")"

# any name with a leading '-'
rm -f "$MARK"
caller dash_caller "$T/a/-dash.c"
git -C "$T/a" add -- ./-dash.c
git -C "$T/a" commit -qm "lib: a name with a leading dash"
run_wb "$T/audit2" audit --repo "$T/a" --no-cache fault-in
rc=$(rc_of "$T/audit2")
no_marker && ! crashed "$rc" "$T/audit2" && [ "$rc" -le 1 ] &&
	grep -q 'dash_caller().*-dash.c:6' "$T/audit2.out" &&
	grep -q 'opt_caller().*--sp-file=planted.c:6' "$T/audit2.out"
report "audit: a tree with '-dash.c' is audited, its caller reported (exit 0 or 1)" $? "exit $rc" \
	"$(grep -E 'opt_caller|dash_caller' "$T/audit2.out")" "$(head -c 600 "$T/audit2.err")"

# ---- check BASE..HEAD: '!planted.c' and '--sp-file=!planted.c' ----
rm -f "$MARK"
mkbase "$T/c"
base=$(git -C "$T/c" rev-parse HEAD)
planted "$T/c/!planted.c"
caller opt_caller "$T/c/--sp-file=!planted.c"
caller dash_caller "$T/c/-dash.c"
git -C "$T/c" add -- './!planted.c' './--sp-file=!planted.c' ./-dash.c
git -C "$T/c" commit -qm "lib: add files whose names read as options"
run_wb "$T/check" check --repo "$T/c" --only=cocci "$base..HEAD"
rc=$(rc_of "$T/check")
no_marker
report "check: a file named '--sp-file=!planted.c' does not run the commit's Python" $? \
	"the planted Python ran: $MARK exists"
! crashed "$rc" "$T/check" && [ "$rc" -eq 1 ] &&
	grep -q '^--sp-file=!planted.c:6:2: warning: result-ignored .*\[cocci/fault-in-result\]' "$T/check.out" &&
	grep -q '^-dash.c:6:2: warning: result-ignored .*\[cocci/fault-in-result\]' "$T/check.out" &&
	! grep -q 'spatch-failed' "$T/check.out"
report "check: the files named like options are checked, each finding reported" $? "exit $rc" \
	"$(head -c 800 "$T/check.out")"

# ---- check with sparse: a name make reads as an assignment that expands \$(shell) ----
# The base's Makefile expands \$(CF) in its object rule, as kbuild's checker command does.
rm -f "$MARK"*
mkbase "$T/s"
printf '%%.o: FORCE\n\t@echo "built $@ CF=$(CF)" >>%s/make-s.args\nFORCE:\n.PHONY: FORCE\n' "$T" >"$T/s/Makefile"
git -C "$T/s" add Makefile && git -C "$T/s" commit -qm "base: a Makefile"
base=$(git -C "$T/s" rev-parse HEAD)
evil='CF=$(shell touch $${HOME%home}PWNED-sparse).c'
caller assign_caller "$T/s/$evil"
caller plain_caller "$T/s/fs/plain.c"
git -C "$T/s" add -- "./$evil" fs/plain.c && git -C "$T/s" commit -qm "lib: a name make reads as an assignment"
caller dash_caller "$T/s/-dash.c"
git -C "$T/s" add -- ./-dash.c && git -C "$T/s" commit -qm "lib: a name make reads as options"
echo "CONFIG_HOSTILE=y" >"$T/s.config"
run_wb "$T/sparse" check --repo "$T/s" --only=sparse --kconfig "$T/s.config" "$base..HEAD"
rc=$(rc_of "$T/sparse")
no_marker
report "check: a file named 'CF=\$(shell ...).c' runs nothing through make" $? \
	"$(ls "$T"/PWNED* 2>/dev/null)" "make got: $(cat "$T/make-s.args" 2>/dev/null)"
! crashed "$rc" "$T/sparse" && [ "$rc" -eq 1 ] &&
	grep -qF "$evil: error: refusing to build the path" "$T/sparse.out" &&
	grep -qF -- "-dash.c: error: refusing to build the path" "$T/sparse.out" &&
	grep -q '^built fs/plain.o CF=$' "$T/make-s.args" && ! grep -q -e dash -e shell -e 'CF=.' "$T/make-s.args"
report "check: sparse builds only plain names and reports the others (exit 1)" $? "exit $rc" \
	"$(head -c 800 "$T/sparse.out")" "make got: $(cat "$T/make-s.args" 2>/dev/null)"

# ---- verify: a posted series whose digest asks for hostile flags ----
# The base carries a scripts/checkpatch.pl that logs its arguments and a
# Makefile whose object rule expands \$(CF) as kbuild does; a .config lets
# sparse run.  The patch adds planted.c, the semantic patch of the attack.
rm -f "$MARK"
K=$T/k
mkbase "$K"
mkdir -p "$K/scripts"
cat >"$K/scripts/checkpatch.pl" <<EOP
#!/usr/bin/perl
my \$V = '0.1-hostile';
open(my \$log, '>>', '$T/checkpatch.args') or die;
print \$log join(' ', @ARGV), "\n";
close(\$log);
print "total: 0 errors, 0 warnings, 0 checks, 1 lines checked\n";
exit 0;
EOP
printf '%%.o: FORCE\n\t@echo "CF=$(CF)" >>%s/make.args\nFORCE:\n.PHONY: FORCE\n' "$T" >"$K/Makefile"
git -C "$K" add -A && git -C "$K" commit -qm "base: checkpatch and a Makefile"
echo "CONFIG_HOSTILE=y" >"$K/.config"
base=$(git -C "$K" rev-parse HEAD)
git -C "$K" checkout -q -b posted
planted "$K/planted.c"
git -C "$K" add planted.c && git -C "$K" commit -qm "lib: add a helper"
git -C "$K" format-patch -q --thread=shallow --cover-letter -o "$T/mails" "$base..posted"
git -C "$K" checkout -q master
git -C "$K" branch -q -D posted
sed -i '1{/^From [0-9a-f]* Mon Sep 17/d}' "$T"/mails/*.patch
cover=$(ls "$T"/mails/0000-*)
cp "$cover" "$T/cover.orig"

# digest FLAGS_CHECKPATCH FLAGS_COCCI FLAGS_SPARSE FLAGS_AUDIT: the cover letter with that digest
digest() {
	local h=0000000000000000 t d=""
	local -a tools=(checkpatch cocci sparse audit) flags=("$1" "$2" "$3" "$4")
	for t in 0 1 2 3; do
		d+="check ${tools[t]} pass $h version=\"x\" flags=\"${flags[t]}\"\n patch 1 pass $h summary\n"
	done
	python3 - "$T/cover.orig" "$cover" "workbench-digest v1 begin\nbase $base\npatches 1\n${d}workbench-digest end" <<'PY'
import sys
src, dst, d = sys.argv[1], sys.argv[2], sys.argv[3].replace("\\n", "\n")
open(dst, "w").write(open(src).read().replace("*** BLURB HERE ***", d))
PY
}

digest "--root=/ --strict" "--sp-file=planted.c" "-D\$(shell touch $MARK-make)" "--cache-dir=$T/evil-cache fault-in"
rm -f "$T/checkpatch.args" "$T/make.args"
(cd "$T" && run_wb "$T/verify" verify "$T/mails" --repo "$K")
rc=$(rc_of "$T/verify")
no_marker
report "verify: digest flags for spatch, sparse and the audit run no code" $? \
	"$(ls "$T"/PWNED* 2>/dev/null)" "$(head -c 600 "$T/verify.out")"
! crashed "$rc" "$T/verify" && [ "$rc" -eq 1 ] &&
	grep -q "^cocci  *CANNOT .*'--sp-file=planted.c'" "$T/verify.out" &&
	grep -q "^sparse  *CANNOT .*'-D\$(shell" "$T/verify.out" &&
	grep -q "^checkpatch  *CANNOT .*'--root=/'" "$T/verify.out" &&
	grep -q "^audit  *CANNOT .*'--cache-dir=$T/evil-cache'" "$T/verify.out"
report "verify: each refused flag is named, its check CANNOT (exit 1)" $? "exit $rc" \
	"$(cat "$T/verify.out")" "$(head -c 600 "$T/verify.err")"
! grep -q -- '--root' "$T/checkpatch.args" 2>/dev/null && [ ! -e "$T/make.args" ] &&
	[ ! -e "$T/evil-cache" ]
report "verify: no refused flag reached checkpatch.pl, make or the audit" $? \
	"checkpatch.pl got: $(cat "$T/checkpatch.args" 2>/dev/null)" \
	"make got: $(cat "$T/make.args" 2>/dev/null)" "$(ls -d "$T/evil-cache" 2>/dev/null)"

# flags the reviewer gives on the command line are used instead of the digest's
rm -f "$T/checkpatch.args" "$T/make.args"
(cd "$T" && run_wb "$T/verify-own" verify "$T/mails" --repo "$K" --checkpatch-flags=--subjective \
	--cocci-flags="--timeout 60" --sparse-flags=-Wsparse-error --audit-checks fault-in)
rc=$(rc_of "$T/verify-own")
no_marker && ! crashed "$rc" "$T/verify-own" && ! grep -q 'does not pass on' "$T/verify-own.out" &&
	grep -q -- '--show-types --subjective -$' "$T/checkpatch.args" &&
	grep -q -- 'CF=-Wsparse-error$' "$T/make.args"
report "verify: the reviewer's own --TOOL-flags replace the digest's" $? "exit $rc" \
	"$(cat "$T/verify-own.out")" "checkpatch.pl got: $(cat "$T/checkpatch.args" 2>/dev/null)" \
	"make got: $(cat "$T/make.args" 2>/dev/null)"

# the flags verify knows to be harmless are still passed on
rm -f "$MARK"*
digest "--strict --ignore=LONG_LINE,SPDX_LICENSE_TAG" "--timeout 120" "-Wsparse-all -D__CHECK_ENDIAN__" "fault-in"
rm -f "$T/checkpatch.args" "$T/make.args"
(cd "$T" && run_wb "$T/verify2" verify "$T/mails" --repo "$K")
rc=$(rc_of "$T/verify2")
no_marker && ! crashed "$rc" "$T/verify2" && ! grep -q 'does not pass on' "$T/verify2.out" &&
	grep -q -- '--strict --ignore=LONG_LINE,SPDX_LICENSE_TAG' "$T/checkpatch.args" &&
	grep -q -- 'CF=-Wsparse-all -D__CHECK_ENDIAN__' "$T/make.args"
report "verify: harmless digest flags reach checkpatch.pl and make" $? "exit $rc" \
	"$(cat "$T/verify2.out")" "checkpatch.pl got: $(cat "$T/checkpatch.args" 2>/dev/null)" \
	"make got: $(cat "$T/make.args" 2>/dev/null)"

# ---- verify: a posted series that changes what the build runs ----
# The patch rewrites the Makefile so that building any object runs the
# attacker's command: verify must not build it unless told to trust it.
rm -f "$MARK"*
git -C "$K" checkout -q -b posted2
printf '%%.o: FORCE\n\t@touch %s-build\nFORCE:\n.PHONY: FORCE\n' "$MARK" >"$K/Makefile"
caller build_caller "$K/fs/built.c"
git -C "$K" add Makefile fs/built.c && git -C "$K" commit -qm "fs: a caller, and a new Makefile"
rm -rf "$T/mails2"
git -C "$K" format-patch -q --thread=shallow --cover-letter -o "$T/mails2" "$base..posted2"
git -C "$K" checkout -q master
git -C "$K" branch -q -D posted2
sed -i '1{/^From [0-9a-f]* Mon Sep 17/d}' "$T"/mails2/*.patch
cover=$(ls "$T"/mails2/0000-*)
cp "$cover" "$T/cover.orig"
digest "--strict" "--timeout 120" "" "fault-in"
(cd "$T" && run_wb "$T/verify3" verify "$T/mails2" --repo "$K")
rc=$(rc_of "$T/verify3")
no_marker && ! crashed "$rc" "$T/verify3" &&
	grep -q '^sparse .*the series changes Makefile, which a build would run' "$T/verify3.out"
report "verify: a series that changes the Makefile is not built, and says why" $? "exit $rc" \
	"$(ls "$T"/PWNED* 2>/dev/null)" "$(cat "$T/verify3.out")" "$(head -c 600 "$T/verify3.err")"
(cd "$T" && run_wb "$T/verify4" verify "$T/mails2" --repo "$K" --trust-build)
[ -e "$MARK-build" ]
report "verify --trust-build builds it (the test can see a build run)" $? \
	"$(cat "$T/verify4.out")" "$(head -c 600 "$T/verify4.err")"
rm -f "$MARK"*

t_end
