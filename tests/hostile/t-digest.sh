#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# 'verify' on posted series whose cover-letter digest is malformed: counts
# declared twice, huge, negative or zero, patch numbers out of range or
# repeated, missing fields and lines, overlong lines, control characters.
# Each is a clear error (exit 3) that names the digest, never a crash, an
# out-of-bounds access (run it with WB=build-san/workbench) or a hang.
. "$(dirname "$0")/lib.sh"
t_begin
printf '[user]\n\tname = Rev Iewer\n\temail = reviewer@example.org\n' >"$T/gitconfig"
export GIT_CONFIG_GLOBAL="$T/gitconfig"
# ASan: report errors, not the leaks of an exit
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"

K=$T/k
mkbase "$K"
B=$(git -C "$K" rev-parse HEAD)
H=0123456789abcdef
C="check cocci pass $H version=\"x\" flags=\"--timeout 120\""

# mails DIR DIGEST-LINES: a cover letter with that digest and one patch
mails() {
	mkdir -p "$1"
	{
		printf 'From: Dev Eloper <dev@example.org>\nSubject: [PATCH 0/1] a digest\n'
		printf 'Date: Thu, 01 Jan 2026 00:00:00 +0000\nMessage-Id: <cover.1@example.org>\n'
		printf 'To: list@example.org\n\ncover\n\nworkbench-digest v1 begin\n%b\n' "$2"
		printf 'workbench-digest end\n'
	} >"$1/0000.eml"
	cat >"$1/0001.eml" <<'EOM'
From: Dev Eloper <dev@example.org>
Subject: [PATCH 1/1] fs: add a file
Date: Thu, 01 Jan 2026 00:00:01 +0000
Message-Id: <patch.1@example.org>
In-Reply-To: <cover.1@example.org>
References: <cover.1@example.org>
To: list@example.org

add it

Signed-off-by: Dev Eloper <dev@example.org>
---
diff --git a/fs/new.c b/fs/new.c
new file mode 100644
--- /dev/null
+++ b/fs/new.c
@@ -0,0 +1 @@
+int new_one;
EOM
}

n=0
# bad NAME WHY DIGEST-LINES: verify fails with an error that says WHY
bad() {
	local name=$1 why=$2 rc
	n=$((n + 1))
	mails "$T/m$n" "$3"
	(cd "$T" && run_wb "$T/v$n" verify "$T/m$n" --repo "$K")
	rc=$(rc_of "$T/v$n")
	! crashed "$rc" "$T/v$n" && [ "$rc" -eq 3 ] &&
		grep -q "^error: directory '$T/m$n'.*$why" "$T/v$n.err" && [ ! -s "$T/v$n.out" ]
	report "digest: $name: a clear error, exit 3" $? "exit $rc" "$(head -c 700 "$T/v$n.err")" \
		"$(head -c 300 "$T/v$n.out")"
}

long=$(head -c 10000 /dev/zero | tr '\0' x)
bad "'patches' twice, the second larger" "a second patch count" \
	"base $B\npatches 1\n$C\npatches 100\n patch 50 pass $H summary"
bad "'patches' twice, the second after the patch lines" "a second patch count" \
	"base $B\npatches 2\n$C\n patch 1 pass $H a\n patch 2 pass $H b\npatches 1"
bad "a patch count that overflows" "not a patch count" "base $B\npatches 99999999999999999999\n$C"
bad "a patch count of four billion" "not a patch count" "base $B\npatches 4000000000\n$C\n patch 1 pass $H s"
bad "a negative patch count" "not a patch count" "base $B\npatches -1\n$C\n patch 1 pass $H s"
bad "a patch count of zero" "not a patch count" "base $B\npatches 0\n$C"
bad "patch number 0" "not a patch number" "base $B\npatches 1\n$C\n patch 0 pass $H s"
bad "a patch number past the count" "not a patch number" "base $B\npatches 1\n$C\n patch 2 pass $H s"
bad "a patch number that wraps" "not a patch number" \
	"base $B\npatches 1\n$C\n patch 18446744073709551617 pass $H s"
bad "a negative patch number" "not a patch number" "base $B\npatches 1\n$C\n patch -1 pass $H s"
bad "a patch line twice" "a second line for the patch" \
	"base $B\npatches 2\n$C\n patch 1 pass $H a\n patch 1 pass $H b"
bad "a patch line missing" "has lines for 1 of its 2 patches" "base $B\npatches 2\n$C\n patch 2 pass $H b"
bad "a check without version and flags" "no version" \
	"base $B\npatches 1\ncheck cocci pass $H\n patch 1 pass $H s"
bad "a check with a short hash" "not a hash" \
	"base $B\npatches 1\ncheck cocci pass 0 version=\"x\" flags=\"\"\n patch 1 pass $H s"
bad "a check before the patch count" "a check before the patch count" \
	"base $B\n$C\npatches 1\n patch 1 pass $H s"
bad "a check twice" "a second check line" \
	"base $B\npatches 1\n$C\n patch 1 pass $H s\n$C\n patch 1 pass $H s"
bad "a tool workbench does not run" "not a tool" \
	"base $B\npatches 1\ncheck lint pass $H version=\"x\" flags=\"\"\n patch 1 pass $H s"
bad "a patch line outside a check" "a patch line outside a check" "base $B\npatches 1\n patch 1 pass $H s"
bad "an overlong line" "longer than 4096 bytes" "base $B\npatches 1\n$C\n patch 1 pass $H $long"
bad "a control character" "a control character" "base $B\npatches 1\n$C\n patch 1 pass $H s\\033[2J"
bad "a base that is not a commit id" "not a commit id" "base --upload-pack=x\npatches 1\n$C\n patch 1 pass $H s"
bad "a second base" "a second base" "base $B\nbase $B\npatches 1\n$C\n patch 1 pass $H s"
bad "no base" "no base or no patch count" "patches 1\n$C\n patch 1 pass $H s"
bad "a line of something else" "not a line of a digest" "base $B\npatches 1\nrm -rf /\n$C\n patch 1 pass $H s"

# no end: the cover letter ends inside the digest
n=$((n + 1))
mails "$T/m$n" "base $B\npatches 1\n$C\n patch 1 pass $H s"
sed -i '/^workbench-digest end$/d' "$T/m$n/0000.eml"
(cd "$T" && run_wb "$T/v$n" verify "$T/m$n" --repo "$K")
rc=$(rc_of "$T/v$n")
! crashed "$rc" "$T/v$n" && [ "$rc" -eq 3 ] && grep -q "has no 'workbench-digest end' line" "$T/v$n.err"
report "digest: no end line: a clear error, exit 3" $? "exit $rc" "$(head -c 700 "$T/v$n.err")"

# a well-formed digest still verifies (its version differs here: CANNOT, exit 1)
n=$((n + 1))
mails "$T/m$n" "base $B\npatches 1\n$C\n patch 1 pass $H summary words"
(cd "$T" && run_wb "$T/v$n" verify "$T/m$n" --repo "$K")
rc=$(rc_of "$T/v$n")
! crashed "$rc" "$T/v$n" && [ "$rc" -eq 1 ] && ! grep -q 'digest' "$T/v$n.err" &&
	grep -q '^cocci  *CANNOT  *other version' "$T/v$n.out"
report "digest: a well-formed one is read and its check run" $? "exit $rc" \
	"$(head -c 500 "$T/v$n.out")" "$(head -c 500 "$T/v$n.err")"

no_marker
report "no marker" $?
t_end
