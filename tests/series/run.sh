#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# End-to-end tests of 'workbench check', 'series regen/send' and 'verify' on a
# kernel-like fixture repository, with a real SMTP server delivering into a
# public-inbox archive served by public-inbox-httpd, all on 127.0.0.1.
# Ends with "N passed, N failed"; exits non-zero when anything failed.
#
# usage: tests/series/run.sh [-v]      (WB=path/to/workbench to override)

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
WB=${WB:-$TOP/build/workbench}
VERBOSE=${1:-}
FIX=$HERE/fixture

T=$(mktemp -d "${TMPDIR:-/tmp}/wb-series-test.XXXXXX") || exit 4
PIDS=
cleanup() {
	for p in $PIDS; do
		kill "$p" 2>/dev/null
	done
	for p in $PIDS; do
		wait "$p" 2>/dev/null
	done
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# a private world: no user config, no proxies, caches inside $T
export HOME="$T/home" XDG_CACHE_HOME="$T/cache" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
export GIT_CONFIG_NOSYSTEM=1 PI_CONFIG="$T/pi/config" WORKBENCH_HOME="$T/wb"
unset GIT_CONFIG_GLOBAL http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY EDITOR VISUAL
export NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost
export TZ=UTC LC_ALL=C.UTF-8
mkdir -p "$HOME" "$T/pi"

npass=0
nfail=0
ntest=0
# run NAME FUNCTION: the function's output goes to a log shown on failure
# ONLY="t_regen t_prep_branch_kept ...": only those (and what they need, your call)
run() {
	if [ -n "${ONLY:-}" ]; then
		case " $ONLY " in *" $2 "*) ;; *) return 0 ;; esac
	fi
	ntest=$((ntest + 1))
	log="$T/log.$ntest"
	start=$(date +%s)
	if "$2" >"$log" 2>&1; then
		npass=$((npass + 1))
		echo "ok $ntest - $1 ($(($(date +%s) - start))s)"
		[ "$VERBOSE" = -v ] && sed 's/^/#   /' "$log"
	else
		nfail=$((nfail + 1))
		echo "not ok $ntest - $1 ($(($(date +%s) - start))s)"
		sed 's/^/#   /' "$log"
	fi
	return 0
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_port() {
	i=0
	while ! /usr/bin/python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 1)" 2>/dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

# the state of the kernel repository a user would notice: branch, HEAD, index, work tree bytes
snapshot() {
	(cd "$K" && git symbolic-ref HEAD && git rev-parse HEAD && git status --porcelain --ignored &&
	 git for-each-ref --format='%(refname) %(objectname)' refs/heads/my-work &&
	 find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum)
}

expect_fail() {
	# expect_fail CODE-OR-ANY COMMAND...: the command must fail (with that exit code)
	want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	cat "$T/out" "$T/err"
	[ $got -ne 0 ] || { echo "expected failure, got success"; return 1; }
	[ "$want" = any ] || [ "$want" = $got ] || { echo "expected exit $want, got $got"; return 1; }
}

SMTP=$(free_port)
HTTP=$(free_port)
K=$T/linux
S=$WORKBENCH_HOME/series

setup() {
	[ -x "$WB" ] || { echo "no workbench binary at $WB (make first)"; return 1; }
	git config --global user.name "Dev Eloper" &&
	git config --global user.email dev@example.org &&
	git config --global init.defaultBranch master &&
	git config --global sendemail.smtpserver 127.0.0.1 &&
	git config --global sendemail.smtpserverport "$SMTP" &&
	git config --global b4.midmask "http://127.0.0.1:$HTTP/test/%s" &&
	git config --global b4.linkmask "http://127.0.0.1:$HTTP/test/%s/" &&

	# the kernel-like repository, a user branch with uncommitted work on it
	cp -r "$FIX/kernel" "$K" &&
	(cd "$K" && git init -q &&
	 git add -A &&
	 GIT_AUTHOR_DATE='2021-08-29 12:00:00 +0000' GIT_COMMITTER_DATE='2021-08-29 12:00:00 +0000' \
		git commit -q -m "Linux-like 5.14 fixture" &&
	 git tag v5.14 &&
	 git checkout -q -b my-work &&
	 echo "/* work in progress */" >>lib/iov_walk.c &&
	 git commit -q -am "wip: my own work" &&
	 echo "/* uncommitted */" >>fs/readfile.c &&
	 echo "scratch" >notes.txt &&
	 echo "CONFIG_FIXTURE=y" >.config) &&

	# workbench's data: the series, test cocci rule, checks, MAINTAINERS-notes
	mkdir -p "$WORKBENCH_HOME" &&
	cp -r "$FIX/series" "$FIX/cocci" "$FIX/selftests" "$WORKBENCH_HOME/" &&
	cp "$FIX/MAINTAINERS-notes" "$WORKBENCH_HOME/" &&
	{ [ ! -d "$TOP/checks" ] || cp -r "$TOP/checks" "$WORKBENCH_HOME/"; } &&
	(cd "$WORKBENCH_HOME" && git init -q && git add -A && git commit -q -m init) &&

	# the archive, its SMTP door and its web server
	public-inbox-init -V2 test "$T/pi/test" "http://127.0.0.1:$HTTP/test" test@example.org &&
	git config -f "$PI_CONFIG" publicinboxmda.spamcheck none &&
	{ /usr/bin/python3 "$HERE/smtp-to-inbox.py" "$SMTP" test@example.org "$T/smtp.log" \
		>"$T/smtp.out" 2>&1 & PIDS="$PIDS $!"; } &&
	{ public-inbox-httpd -W0 -l "http://127.0.0.1:$HTTP" >"$T/httpd.out" 2>&1 & PIDS="$PIDS $!"; } &&
	wait_port "$SMTP" && wait_port "$HTTP"
}

t_check_b4json() {
	(cd "$K" && git branch -q series-under-test v5.14 &&
	 git worktree add -q "$T/wt-check" series-under-test &&
	 cd "$T/wt-check" && for p in "$S"/iov-walk/0*.patch; do git am -q "$p" || exit 1; done) &&
	"$WB" check --repo "$K" --no-audit --checkpatch-flags=--strict v5.14..series-under-test >"$T/check.txt"
	rc=$?
	cat "$T/check.txt"
	[ $rc -eq 1 ] &&
	grep -q 'fs/readfile.c:[0-9]*: note: Avoid CamelCase: <retryCount> \[checkpatch/CAMELCASE\]' "$T/check.txt" &&
	grep -q "symbol 'readfile_retries' was not declared" "$T/check.txt" &&
	! grep -q "readfile_debug" "$T/check.txt" &&
	{ "$WB" check --repo "$K" --no-audit --b4-json v5.14..series-under-test >"$T/b4.json"; [ $? -le 1 ]; } &&
	cat "$T/b4.json" &&
	/usr/bin/python3 - "$T/b4.json" <<-'PY'
	import json, sys
	lines = open(sys.argv[1]).read().splitlines()
	assert len(lines) == 3, lines
	for l in lines:
	    a = json.loads(l)
	    assert isinstance(a, list) and a
	    for c in a:
	        assert set(c) == {"tool", "status", "summary", "details"}, c
	        assert c["status"] in ("pass", "warn", "fail"), c
	assert [c["status"] for c in json.loads(lines[1]) if c["tool"] == "checkpatch"] == ["pass"]
	PY
	rc=$?
	(cd "$K" && git worktree remove --force "$T/wt-check" && git branch -q -D series-under-test)
	return $rc
}

# The cocci check reports what a patch adds: a fact that only moved is not
# new, and facts a patch removes are counted as gone.
t_check_cocci_new_only() {
	(cd "$K" && git branch -q cocci-under-test v5.14 &&
	 git worktree add -q "$T/wt-cocci" cocci-under-test &&
	 cd "$T/wt-cocci" &&
	 printf '%s\n' '// SPDX-License-Identifier: GPL-2.0' '#include <linux/iov_walk.h>' '' \
		'void prefault_ring(const char __user *ring, unsigned long size)' '{' \
		'	fault_in_pages_readable(ring, size);' '}' >lib/prefault.c &&
	 git add lib/prefault.c && git commit -q -m "lib: add prefault_ring()" &&
	 sed -i 's|^#include <linux/iov_walk.h>$|&\n#include <linux/kernel.h>\n|' lib/prefault.c &&
	 git commit -q -am "lib: prefault_ring() needs kernel.h" &&
	 sed -i 's|^\tfault_in_pages_readable(ring, size);$|\tif (fault_in_pages_readable(ring, size))\n\t\treturn;|' lib/prefault.c &&
	 git commit -q -am "lib: prefault_ring() stops at a fault") &&
	"$WB" check --repo "$K" --only=cocci v5.14..cocci-under-test >"$T/cocci.txt"
	rc=$?
	cat "$T/cocci.txt"
	(cd "$K" && git worktree remove --force "$T/wt-cocci" && git branch -q -D cocci-under-test)
	[ $rc = 1 ] &&
	grep -q 'lib/prefault.c:6:[0-9]*: warning: fault_in_pages_readable() result ignored \[cocci/fault_in_result\]' "$T/cocci.txt" &&
	[ $(grep -c 'result ignored' "$T/cocci.txt") = 1 ] &&
	grep -q 'cocci       warn  1 new finding, 0 gone' "$T/cocci.txt" &&
	grep -q 'cocci       pass  0 new findings, 0 gone' "$T/cocci.txt" &&
	grep -q 'cocci       pass  0 new findings, 1 gone' "$T/cocci.txt"
}

t_regen() {
	snapshot >"$T/snap.before" &&
	"$WB" series regen iov-walk --repo "$K" &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	ls "$S/iov-walk" &&
	[ $(ls "$S"/iov-walk/0000-*.patch | wc -l) = 1 ] &&
	[ -f "$S/iov-walk/0004-selftests-iov_walk-add-tests.patch" ] &&
	grep -q '^+++ b/tools/testing/selftests/iov_walk/iov_walk_test.c' "$S/iov-walk/0004-selftests-iov_walk-add-tests.patch" &&
	grep -qx '+++ b/tools/testing/selftests/iov_walk/.gitignore' "$S/iov-walk/0004-selftests-iov_walk-add-tests.patch" &&
	[ "$(grep -B1 -A1 '^+TARGETS' "$S/iov-walk/0004-selftests-iov_walk-add-tests.patch")" = \
	  "$(printf ' TARGETS += breakpoints\n+TARGETS += iov_walk\n TARGETS += memfd')" ] &&
	grep -q '^workbench-digest v1 begin' "$S"/iov-walk/0000-*.patch &&
	grep -q '^check checkpatch warn [0-9a-f]* version="checkpatch.pl 0.32-fixture blob [0-9a-f]*" flags="--strict"' "$S"/iov-walk/0000-*.patch &&
	grep -q '^check cocci ' "$S"/iov-walk/0000-*.patch &&
	grep -q '^check sparse warn' "$S"/iov-walk/0000-*.patch &&
	grep -q 'workbench verify <message-id of this cover letter> --repo' "$S"/iov-walk/0000-*.patch &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ] &&
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "regen iov-walk")
}

t_regen_idempotent() {
	snapshot >"$T/snap.before" &&
	"$WB" series regen iov-walk --repo "$K" &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	(cd "$WORKBENCH_HOME" && git status --porcelain && [ -z "$(git status --porcelain)" ])
}

# The digest says what the checks say: the audit's status moves only when
# its findings do (not the file count), the cover letter lists the
# findings, and all of it is below the '---' line.
t_digest_findings() {
	C=$(ls "$S"/iov-walk/0000-*.patch) &&
	sed -n '/^check audit /,/^[^ ]/p' "$C" &&
	grep -q '^ patch 1 warn [0-9a-f]* 1 new finding, 0 gone$' "$C" &&
	grep -q '^ patch 3 pass [0-9a-f]* 0 new findings, 0 gone$' "$C" &&
	# the selftests-only patch changes no finding
	grep -q '^ patch 4 pass [0-9a-f]* 0 new findings, 0 gone$' "$C" &&
	grep -q '^      lib/iov_walk.c: fault-in: iov_walk_fault_in() calls fault_in_pages_readable: [a-z-]* \[audit\]$' "$C" &&
	grep -q "^      fs/readfile.c:[0-9]*: .*'readfile_retries' was not declared.*\[sparse\]$" "$C" &&
	# the report and the digest come after a '---' line of their own, above b4's
	[ "$(grep -B1 '^Checks run by workbench on this series, per patch$' "$C" | head -1)" = "---" ] &&
	[ "$(grep -n '^---$' "$C" | head -1 | cut -d: -f1)" -lt "$(grep -n '^workbench-digest v1 begin$' "$C" | cut -d: -f1)" ] &&
	# the cover letter text itself ends where it did
	body=$(patch_message "$C" | sed '1d;$d') &&
	[ "$body" = "$(sed -n '3,$p' "$S/iov-walk/cover-letter")" ] ||
	{ echo "cover text:"; echo "$body"; return 1; }
}

t_regen_refuses_dirty() {
	echo "edited" >>"$S/iov-walk/cover-letter" &&
	cp -r "$S/iov-walk" "$T/iov-walk.before" &&
	expect_fail any "$WB" series regen iov-walk --repo "$K" &&
	grep -q "error: .*series/iov-walk' has uncommitted changes.*cover-letter" "$T/err" &&
	diff -r "$T/iov-walk.before" "$S/iov-walk" &&
	(cd "$WORKBENCH_HOME" && git checkout -q -- series) &&
	# the selftests patch is made from the top-level collections: those too
	f=$(ls "$WORKBENCH_HOME"/selftests/user_copy/*.c | head -1) &&
	echo "/* edited */" >>"$f" &&
	expect_fail any "$WB" series regen top-selftests --repo "$K" &&
	grep -q "error: .*selftests/user_copy' has uncommitted changes" "$T/err" &&
	(cd "$WORKBENCH_HOME" && git checkout -q -- selftests)
}

t_regen_patch_does_not_apply() {
	cp -r "$S/iov-walk" "$S/iov-bad" &&
	sed -i 's/^ \tunsigned long total = 0;$/ \tunsigned long total = 1;/' "$S"/iov-bad/0002-*.patch &&
	grep -q 'total = 1' "$S"/iov-bad/0002-*.patch &&
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "bad series") &&
	snapshot >"$T/snap.before" &&
	expect_fail 3 "$WB" series regen iov-bad --repo "$K" &&
	grep -q "error: could not apply '.*iov-bad/0002-fs-readfile-fault-in-each-chunk-before-copying-it.patch': .*patch does not apply" "$T/err" &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	(cd "$WORKBENCH_HOME" && [ -z "$(git status --porcelain)" ]) &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ]
}

t_bad_series_conf() {
	mkdir -p "$S/broken" &&
	printf '[series\n\tbase = v5.14\n' >"$S/broken/series.conf" &&
	expect_fail 2 "$WB" series regen broken --repo "$K" --force &&
	grep -q "error: could not read series.conf '.*broken/series.conf': .*series.conf:1" "$T/err" &&
	printf '[series]\n\tprefix = RFC\n' >"$S/broken/series.conf" &&
	expect_fail 2 "$WB" series regen broken --repo "$K" --force &&
	grep -q "does not set series.base" "$T/err" &&
	printf '[series]\n\tbase = v5.14\n[check "lint"]\n\tflags = -x\n' >"$S/broken/series.conf" &&
	expect_fail 2 "$WB" series regen broken --repo "$K" --force &&
	grep -q "unknown check 'lint'" "$T/err" &&
	rm -rf "$S/broken"
}

# the message of a patch file: from the blank line after the headers to "---"
patch_message() {
	sed -n '/^$/,/^---$/{p;/^---$/q;}' "$1"
}

t_regen_top_selftests() {
	P=$S/top-selftests
	PATCH=$P/0002-selftests-add-user_copy-alloc_walk-and-memfd-tests.patch
	# one patch before the selftests; a dotfile that stays out of the patch; white space that is trimmed
	cp "$FIX"/series/iov-walk/0001-*.patch "$P/" &&
	echo "not for the kernel" >"$WORKBENCH_HOME/selftests/user_copy/.notes" &&
	printf '  \n\n\n' >>"$P/selftests-message" &&
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "top-selftests: a dotfile, trailing space") &&
	snapshot >"$T/snap.before" &&
	"$WB" series regen top-selftests --repo "$K" &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	ls "$P" && cat "$PATCH" &&
	[ $(ls "$P"/*.patch | wc -l) = 3 ] &&
	for f in user_copy/.gitignore user_copy/Makefile user_copy/user_copy_test.c \
		 alloc_walk/.gitignore alloc_walk/Makefile alloc_walk/alloc_walk_test.c \
		 memfd/.gitignore memfd/Makefile memfd/memfd_seal_test.c Makefile; do
		grep -qx "+++ b/tools/testing/selftests/$f" "$PATCH" || { echo "no $f in the patch"; return 1; }
	done &&
	[ $(grep -c '^+++ b/' "$PATCH") = 10 ] &&
	! grep -q 'notes\|not for the kernel' "$PATCH" &&
	grep -qx '+user_copy_test' "$PATCH" &&
	# sorted places outside the conditional, below "TARGETS = arch"; memfd is listed already
	[ "$(grep '^[-+]TARGETS' "$PATCH")" = "$(printf '+TARGETS += alloc_walk\n+TARGETS += user_copy')" ] &&
	[ "$(grep -B1 -A1 '^+TARGETS += alloc_walk$' "$PATCH")" = \
	  "$(printf ' TARGETS = arch\n+TARGETS += alloc_walk\n TARGETS += breakpoints')" ] &&
	[ "$(grep -B1 -A1 '^+TARGETS += user_copy$' "$PATCH")" = \
	  "$(printf ' TARGETS += pipes\n+TARGETS += user_copy\n # the slow ones stay out of "make quicktest=1 run_tests"')" ] &&
	# selftests-message is the body, trailing white space trimmed, then the Signed-off-by
	{ echo; cat "$FIX/series/top-selftests/selftests-message"; echo;
	  echo "Signed-off-by: Dev Eloper <dev@example.org>"; echo ---; } >"$T/msg.expected" &&
	patch_message "$PATCH" >"$T/msg.actual" &&
	diff -u "$T/msg.expected" "$T/msg.actual" &&
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "regen top-selftests") &&
	# again: the selftests patch is made anew, nothing changes
	"$WB" series regen top-selftests --repo "$K" &&
	(cd "$WORKBENCH_HOME" && git status --porcelain && [ -z "$(git status --porcelain)" ]) &&
	# without selftests-message: the generic body, the collections in series.conf's order
	(cd "$WORKBENCH_HOME" && git rm -q series/top-selftests/selftests-message && git commit -q -m "no message") &&
	"$WB" series regen top-selftests --repo "$K" &&
	{ echo; echo "Add the kselftests of the series top-selftests: tools/testing/selftests/user_copy/," \
		"tools/testing/selftests/alloc_walk/, tools/testing/selftests/memfd/."; echo;
	  echo "Signed-off-by: Dev Eloper <dev@example.org>"; echo ---; } >"$T/msg.expected" &&
	patch_message "$PATCH" >"$T/msg.actual" &&
	diff -u "$T/msg.expected" "$T/msg.actual" &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ] &&
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "regen top-selftests, generic message")
}

t_top_selftests_bad() {
	P=$S/top-selftests
	rm -rf "$T/top.before" && cp -r "$P" "$T/top.before" &&
	snapshot >"$T/snap.before" &&
	# a collection that does not exist: regen and check stop before anything
	sed -i 's/^\tselftests = alloc_walk$/\tselftests = no_such_dir/' "$P/series.conf" &&
	grep -q 'no_such_dir' "$P/series.conf" &&
	(cd "$WORKBENCH_HOME" && git commit -qam "a missing collection") &&
	for cmd in regen check; do
		expect_fail 2 "$WB" series $cmd top-selftests --repo "$K" &&
		grep -q "error: series.conf '.*/top-selftests/series.conf': series.selftests = 'no_such_dir': no directory '.*/selftests/no_such_dir'" "$T/err" || return 1
	done &&
	# not a plain name: an error before anything else, even over uncommitted edits
	for bad in ../selftests/user_copy user_copy/ . .. ''; do
		sed -i "s|^\tselftests = no_such_dir\$|\tselftests = $bad|" "$P/series.conf" &&
		grep -qx "	selftests = $bad" "$P/series.conf" &&
		expect_fail 2 "$WB" series regen top-selftests --repo "$K" &&
		grep -q "error: series.conf '.*/top-selftests/series.conf': series.selftests = '$bad' is not the name of a directory in '.*/selftests'" "$T/err" &&
		sed -i "s|^\tselftests = $bad\$|\tselftests = no_such_dir|" "$P/series.conf" || return 1
	done &&
	(cd "$WORKBENCH_HOME" && git status --porcelain && [ -z "$(git status --porcelain)" ]) &&
	diff -r -x series.conf "$T/top.before" "$P" &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ]
}

t_send_dry_run() {
	"$WB" series send iov-walk --repo "$K" --dry-run >"$T/dry.txt" 2>"$T/dry.err"
	rc=$?
	cat "$T/dry.err"
	grep -E '^(To|Cc|Subject):' "$T/dry.txt"
	[ $rc = 0 ] &&
	grep -q 'Dev List <dev-list@lists.example.org>' "$T/dry.txt" &&
	grep -q 'Ada Walker <ada@iov.example.org>' "$T/dry.txt" &&
	grep -q 'Notes Maintainer <notes-m@example.org>' "$T/dry.txt" &&
	grep -q 'notes-list@lists.example.org' "$T/dry.txt" &&
	grep -q 'linux-kselftest@lists.example.org' "$T/dry.txt" &&
	grep -q 'cy@fs.example.org' "$T/dry.txt" &&
	! grep -q 'nobody@example.org' "$T/dry.txt" &&
	grep -q '^workbench-digest v1 begin' "$T/dry.txt" &&
	"$WB" series send iov-walk --repo "$K" -o "$T/outbox" &&
	[ $(ls "$T/outbox" | wc -l) = 5 ] &&
	# a kernel tree (Kconfig) and no SMTP server configured: b4 would pick
	# its web endpoint and refuse an unsigned series, even only writing it
	HOME="$T/home-nosmtp" XDG_CONFIG_HOME="$T/home-nosmtp/.config" \
		sh -c 'mkdir -p "$HOME" && git config --global user.name "Dev Eloper" &&
		       git config --global user.email dev@example.org &&
		       exec "$0" series send iov-walk --repo "$1" -o "$2"' "$WB" "$K" "$T/outbox2" &&
	[ $(ls "$T/outbox2" | wc -l) = 5 ] &&
	! grep -q . "$T/smtp.log" 2>/dev/null
}

archived() {
	i=0
	while ! curl -sf -o /dev/null "http://127.0.0.1:$HTTP/test/$1/raw"; do
		i=$((i + 1))
		[ $i -gt 100 ] && { echo "message $1 never reached the archive"; cat "$T/smtp.log"; return 1; }
		sleep 0.2
	done
}

t_send_verify_reproduced() {
	snapshot >"$T/snap.before" &&
	"$WB" series send iov-walk --repo "$K" >"$T/msgid" &&
	MSGID=$(cat "$T/msgid") && echo "sent $MSGID" &&
	[ -n "$MSGID" ] &&
	snapshot >"$T/snap.after" &&
	diff -u "$T/snap.before" "$T/snap.after" &&
	[ $(grep -c ' 0 ' "$T/smtp.log") = 5 ] &&
	archived "$MSGID" &&
	"$WB" verify "$MSGID" --repo "$K" >"$T/verify.txt"
	rc=$?
	cat "$T/verify.txt"
	[ $rc = 0 ] &&
	grep -q '^checkpatch  REPRODUCED' "$T/verify.txt" &&
	grep -q '^cocci       REPRODUCED' "$T/verify.txt" &&
	grep -q '^sparse      REPRODUCED' "$T/verify.txt" &&
	! grep -qv 'REPRODUCED' "$T/verify.txt" &&
	# b4 tagged what it sent on b4's prep branch, under its real name
	(cd "$K" && git rev-parse -q --verify refs/tags/sent/iov-walk-v1) &&
	! (cd "$K" && git for-each-ref --format='%(refname)' | grep wbtmp) &&
	echo "$MSGID" >"$T/msgid.good"
}

t_verify_local_mbox() {
	MSGID=$(cat "$T/msgid.good") &&
	curl -sf "http://127.0.0.1:$HTTP/test/$MSGID/t.mbox.gz" | gunzip >"$T/thread.mbox" &&
	"$WB" verify "$T/thread.mbox" --repo "$K" &&
	# mangled: the diffs cut off
	sed '/^diff --git/,$d' "$T/thread.mbox" >"$T/mangled.mbox" &&
	expect_fail any "$WB" verify "$T/mangled.mbox" --repo "$K" &&
	grep -q "mangled.mbox" "$T/err" &&
	expect_fail any "$WB" verify "$T/no-such.mbox" --repo "$K" &&
	grep -q "could not read mbox '.*no-such.mbox'" "$T/err" &&
	# the mails 'send -o DIR' wrote (folded Subject headers and all)
	"$WB" series send iov-walk --repo "$K" -o "$T/outbox-verify" &&
	grep -q '^ ' "$T"/outbox-verify/0000-* &&
	"$WB" verify "$T/outbox-verify" --repo "$K" >"$T/verify-dir.txt" &&
	! grep -qv 'REPRODUCED' "$T/verify-dir.txt" &&
	# the same as JSON: every tool REPRODUCED, the checks' own report inside
	"$WB" verify "$T/outbox-verify" --repo "$K" --format=json >"$T/verify-dir.json" &&
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "workbench-verify/1" and d["digest"] is True and d["exit"] == 0, d
assert d["tools"] and all(t["verdict"] == "REPRODUCED" for t in d["tools"]), d["tools"]
assert d["checks"]["patches"], d["checks"]' "$T/verify-dir.json" &&
	mkdir "$T/empty-outbox" &&
	expect_fail any "$WB" verify "$T/empty-outbox" --repo "$K" &&
	grep -q "empty-outbox' holds no messages" "$T/err"
}

# verify takes any mbox a list delivers: plain format-patch output (no
# digest: the checks run and are reported), a threaded series with a cover
# letter and folded Subject lines, quoted-printable mails.
t_verify_any_mbox() {
	(cd "$K" && git branch -q fp-under-test v5.14 &&
	 git worktree add -q "$T/wt-fp" fp-under-test &&
	 cd "$T/wt-fp" && for p in "$FIX"/series/iov-walk/0*.patch; do git am -q "$p" || exit 1; done &&
	 git format-patch -q --stdout -1 HEAD~2 >"$T/one.mbox" &&
	 git format-patch -q --stdout --base=v5.14 v5.14..HEAD >"$T/plain.mbox" &&
	 git format-patch -q --stdout --thread --cover-letter --base=v5.14 \
		--subject-prefix="PATCH a-prefix-long-enough-to-fold-every-subject-line-of-the-series v2" \
		v5.14..HEAD >"$T/threaded.mbox")
	rc=$?
	(cd "$K" && git worktree remove --force "$T/wt-fp" && git branch -q -D fp-under-test)
	[ $rc = 0 ] &&
	# one patch, no base named: --base
	"$WB" verify "$T/one.mbox" --repo "$K" --base v5.14 >"$T/v1.txt"; rc=$?; cat "$T/v1.txt"
	[ $rc -le 1 ] &&
	grep -q "^no digest to compare: mbox '.*one.mbox' carries no workbench digest; the checks ran on its 1 patch onto" "$T/v1.txt" &&
	grep -q '^checkpatch  ' "$T/v1.txt" &&
	"$WB" verify "$T/one.mbox" --repo "$K" --base v5.14 --format=json >"$T/v1.json"; rc=$?
	[ $rc -le 1 ] &&
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["schema"] == "workbench-verify/1" and d["digest"] is False, d
assert any(t["tool"] == "checkpatch" and t["verdict"] == "NO-DIGEST" for t in d["tools"]), d["tools"]
assert len(d["checks"]["patches"]) == 1, d["checks"]' "$T/v1.json" &&
	# the whole series, base-commit: line
	"$WB" verify "$T/plain.mbox" --repo "$K" >"$T/v2.txt"; rc=$?; cat "$T/v2.txt"
	[ $rc = 1 ] &&
	grep -q "the checks ran on its 3 patches onto" "$T/v2.txt" &&
	grep -q "symbol 'readfile_retries' was not declared" "$T/v2.txt" &&
	# threaded, a cover letter, folded subjects
	grep -q '^Subject: .*a-prefix-long-enough-to-fold.* 0/3\] *$' "$T/threaded.mbox" &&
	grep -q '^ lib/iov_walk: add iov_walk_fault_in' "$T/threaded.mbox" &&
	grep -q '^In-Reply-To: ' "$T/threaded.mbox" &&
	"$WB" verify "$T/threaded.mbox" --repo "$K" >"$T/v3.txt"; rc=$?; cat "$T/v3.txt"
	[ $rc = 1 ] &&
	grep -q "the checks ran on its 3 patches onto" "$T/v3.txt" &&
	# a reply in the thread and a patch missing
	awk '/^From [0-9a-f]+ Mon Sep 17 00:00:00 2001$/{n++} n!=3' "$T/threaded.mbox" >"$T/gap.mbox" &&
	expect_fail 3 "$WB" verify "$T/gap.mbox" --repo "$K" &&
	grep -q "error: patch 2/3 of the series is not there" "$T/err" &&
	# the mails 'send -o' wrote, quoted-printable, as one mbox: the digest reproduces
	"$WB" series send iov-walk --repo "$K" -o "$T/outbox-qp" &&
	/usr/bin/python3 - "$T/outbox-qp" "$T/qp.mbox" <<-'PY' &&
	import email, email.policy, os, sys, quopri
	out = open(sys.argv[2], "wb")
	for name in sorted(os.listdir(sys.argv[1])):
	    raw = open(os.path.join(sys.argv[1], name), "rb").read()
	    head, _, body = raw.partition(b"\n\n")
	    lines = [l for l in head.split(b"\n") if not l.lower().startswith(b"content-transfer-encoding")]
	    lines.append(b"Content-Transfer-Encoding: quoted-printable")
	    qp = quopri.encodestring(body, quotetabs=True)
	    out.write(b"From mboxrd@z Thu Jan  1 00:00:00 1970\n" + b"\n".join(lines) + b"\n\n")
	    for l in qp.split(b"\n"):
	        s = l.lstrip(b">")
	        out.write((b">" + l if s.startswith(b"From ") else l) + b"\n")
	    out.write(b"\n")
	PY
	grep -q '=09' "$T/qp.mbox" && grep -q '=3D\|=$' "$T/qp.mbox" &&
	"$WB" verify "$T/qp.mbox" --repo "$K" >"$T/v4.txt"; rc=$?; cat "$T/v4.txt"
	[ $rc = 0 ] &&
	grep -q '^checkpatch  REPRODUCED' "$T/v4.txt" &&
	! grep -qv 'REPRODUCED' "$T/v4.txt"
}

# b4's per-patch check hooks: one patch on stdin, as b4 pipes it (the mail
# without its mbox From line), run in the top of the work tree.
b4_pipe() {
	# b4_pipe PATCHFILE ARGS...: in the current directory, as b4 0.14+ runs the hook
	f=$1
	shift
	sed '1{/^From [0-9a-f]* /d}' "$f" | "$WB" verify "$@"
}

t_b4_perpatch() {
	(cd "$K" && git worktree add -q --detach "$T/wt-am" v5.14 && git worktree add -q --detach "$T/wt-prep3" v5.14) &&
	cp "$K/.config" "$T/wt-am/.config" && cp "$K/.config" "$T/wt-prep3/.config" &&
	(cd "$T/wt-prep3" && for p in "$FIX"/series/iov-walk/0*.patch; do git am -q "$p" || exit 1; done) &&
	P2=$(ls "$FIX"/series/iov-walk/0002-*.patch) && P3=$(ls "$FIX"/series/iov-walk/0003-*.patch) &&
	# b4 am --check: the patch is not in HEAD, it is applied onto it
	(cd "$T/wt-am" && b4_pipe "$P2" --perpatch --checkpatch-flags=--strict >"$T/pp-am.txt"); rc=$?
	cat "$T/pp-am.txt"
	[ $rc = 1 ] &&
	grep -q '^fs/readfile.c:[0-9]*: CHECK: Avoid CamelCase: <retryCount> \[checkpatch/CAMELCASE\]$' "$T/pp-am.txt" &&
	grep -q "^fs/readfile.c:6: WARNING: symbol 'readfile_retries' was not declared" "$T/pp-am.txt" &&
	! grep -qv '^[^ ]*:[0-9]*: \(ERROR\|WARNING\|CHECK\): ' "$T/pp-am.txt" &&
	# b4 prep --check: the patch is a commit of HEAD, checked as it is there
	(cd "$T/wt-prep3" && b4_pipe "$P3" --perpatch >"$T/pp-prep.txt"); rc=$?
	cat "$T/pp-prep.txt"
	[ $rc = 0 ] && [ ! -s "$T/pp-prep.txt" ] &&
	(cd "$T/wt-prep3" && b4_pipe "$P2" --perpatch=json >"$T/pp.json"); rc=$?
	cat "$T/pp.json"
	[ $rc = 1 ] &&
	/usr/bin/python3 - "$T/pp.json" <<-'PY' &&
	import json, sys
	a = json.load(open(sys.argv[1]))
	assert isinstance(a, list) and a, a
	for c in a:
	    assert set(c) == {"tool", "status", "summary", "details"}, c
	    assert c["status"] in ("pass", "warn", "fail"), c
	assert [c["status"] for c in a if c["tool"] == "sparse"] == ["warn"], a
	PY
	# no patch on stdin; a patch that does not apply
	(cd "$T/wt-am" && echo "not a patch" | "$WB" verify --perpatch); rc=$?
	[ $rc = 2 ] &&
	(cd "$T/wt-am" && b4_pipe "$S/iov-bad/0002-fs-readfile-fault-in-each-chunk-before-copying-it.patch" --perpatch >"$T/pp-bad.txt"); rc=$?
	cat "$T/pp-bad.txt"
	[ $rc = 1 ] && grep -q '^workbench: ERROR: the patch does not apply onto HEAD' "$T/pp-bad.txt"
	rc=$?
	(cd "$K" && git worktree remove --force "$T/wt-am" && git worktree remove --force "$T/wt-prep3")
	return $rc
}

# A repository that lacks a blob in a directory the series does not touch (a
# snapshot, a partial clone): the scratch checkout leaves that file out, every
# check runs.
t_verify_incomplete_repo() {
	MSGID=$(cat "$T/msgid.good") &&
	git clone -q --no-local --bare "$K" "$T/incomplete.git" &&
	blob=$(git -C "$T/incomplete.git" rev-parse v5.14:drivers/misc/fixture_regs.h) &&
	git -C "$T/incomplete.git" repack -q -a -d &&
	pack=$(ls "$T"/incomplete.git/objects/pack/*.pack) &&
	git -C "$T/incomplete.git" show-index <"${pack%.pack}.idx" | awk '{print $2}' |
		grep -v "^$blob\$" >"$T/keep.txt" &&
	git -C "$T/incomplete.git" pack-objects -q "$T/incomplete.git/objects/pack/only" <"$T/keep.txt" >/dev/null &&
	rm -f "$pack" "${pack%.pack}.idx" "${pack%.pack}.rev" &&
	! git -C "$T/incomplete.git" cat-file -e "$blob" &&
	"$WB" verify "$MSGID" --repo "$T/incomplete.git" --kconfig "$K/.config" >"$T/verify-inc.txt" 2>"$T/verify-inc.err"
	rc=$?
	cat "$T/verify-inc.txt" "$T/verify-inc.err"
	[ $rc = 0 ] &&
	grep -q 'note: 1 file of .* is not in the repository; the scratch checkout leaves it out' "$T/verify-inc.err" &&
	grep -q '^checkpatch  REPRODUCED' "$T/verify-inc.txt" &&
	! grep -qv 'REPRODUCED' "$T/verify-inc.txt"
}

# A check that did not run is in the digest as skipped, with why; verify says
# so.  What sparse ran with (compiler, arch, .config) is recorded: another
# .config is CANNOT, with the difference, not DIFFERS.
t_skipped_and_env() {
	MSGID=$(cat "$T/msgid.good") &&
	cp "$K/.config" "$T/other.config" && echo "CONFIG_OTHER=y" >>"$T/other.config" &&
	expect_fail 1 "$WB" verify "$MSGID" --repo "$K" --kconfig "$T/other.config" &&
	grep -q '^sparse      CANNOT      other version: .config [0-9a-f]* here, .config [0-9a-f]* in the digest$' "$T/out" &&
	grep -q '^checkpatch  REPRODUCED' "$T/out" &&
	mv "$K/.config" "$T/saved.config" &&
	"$WB" series regen iov-walk --repo "$K" 2>"$T/err"; rc=$?; cat "$T/err"
	mv "$T/saved.config" "$K/.config"
	[ $rc = 0 ] &&
	grep -q "note: the sparse check is skipped: no .config in '$K'" "$T/err" &&
	C=$(ls "$S"/iov-walk/0000-*.patch) &&
	grep -q "^skip sparse reason=\"no .config in '$K' " "$C" &&
	grep -q "^  sparse skipped: no .config in '$K'" "$C" &&
	"$WB" series send iov-walk --repo "$K" -o "$T/outbox-skip" &&
	"$WB" verify "$T/outbox-skip" --repo "$K" >"$T/verify-skip.txt"; rc=$?; cat "$T/verify-skip.txt"
	[ $rc = 0 ] &&
	grep -q "^sparse      SKIPPED     not run when the digest was made: no .config in '$K'" "$T/verify-skip.txt" &&
	grep -q '^checkpatch  REPRODUCED' "$T/verify-skip.txt" &&
	(cd "$WORKBENCH_HOME" && git checkout -q -- series)
}

t_verify_unknown_msgid() {
	expect_fail 3 "$WB" verify '<no-such-message@example.org>' --repo "$K" &&
	grep -q "error: message-id '<no-such-message@example.org>' is not in the archive" "$T/err"
}

t_send_altered_differs() {
	# a patch edited after the digest was made: trailing whitespace on an added line
	sed -i 's/^+\treturn 0;$/+\treturn 0;  /' "$S"/iov-walk/0001-*.patch &&
	grep -q '^+	return 0;  $' "$S"/iov-walk/0001-*.patch &&
	"$WB" series send iov-walk --repo "$K" >"$T/msgid2" &&
	MSGID=$(cat "$T/msgid2") &&
	archived "$MSGID" &&
	expect_fail 1 "$WB" verify "$MSGID" --repo "$K" &&
	grep -q '^checkpatch  DIFFERS     was warn, now fail' "$T/out" &&
	grep -q 'patch 1/4 "lib/iov_walk: add iov_walk_fault_in()": was pass' "$T/out" &&
	grep -q 'TRAILING_WHITESPACE' "$T/out" &&
	(cd "$WORKBENCH_HOME" && git checkout -q -- series)
}

# PATH without one program: symlinks to everything else
path_without() {
	mkdir -p "$T/bin-$1" &&
	for d in /usr/local/bin /usr/bin /bin; do
		for f in "$d"/*; do
			b=${f##*/}
			[ "$b" = "$1" ] || [ -e "$T/bin-$1/$b" ] || ln -s "$f" "$T/bin-$1/$b"
		done
	done
}

t_missing_tools() {
	path_without b4 && path_without spatch &&
	(cd "$WORKBENCH_HOME" && git status --porcelain && [ -z "$(git status --porcelain)" ]) &&
	rm -rf "$T/iov-walk.before" && cp -r "$S/iov-walk" "$T/iov-walk.before" &&
	expect_fail 3 env PATH="$T/bin-b4" "$WB" series send iov-walk --repo "$K" --dry-run &&
	grep -q "error: b4 not found in PATH" "$T/err" &&
	expect_fail 3 env PATH="$T/bin-b4" "$WB" verify "$(cat "$T/msgid.good")" --repo "$K" &&
	grep -q "error: b4 not found in PATH" "$T/err" &&
	expect_fail 3 env PATH="$T/bin-b4" "$WB" series regen iov-walk --repo "$K" &&
	grep -q "error: b4 not found in PATH" "$T/err" &&
	expect_fail 3 env PATH="$T/bin-spatch" "$WB" series regen iov-walk --repo "$K" &&
	grep -q "error: could not run the cocci check: spatch not found in PATH" "$T/err" &&
	diff -r "$T/iov-walk.before" "$S/iov-walk" &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ] &&
	expect_fail 1 env PATH="$T/bin-spatch" "$WB" verify "$(cat "$T/msgid.good")" --repo "$K" &&
	grep -q '^cocci       CANNOT      spatch not found in PATH' "$T/out"
}

t_maintainers_patterns() {
	# routing alone, through a dry run of a one-file series against the fixture MAINTAINERS
	grep -q '^Cc: .*linux-fsdevel@lists.example.org' "$T/dry.err" &&
	grep -q '^To: Cy Reader <cy@fs.example.org>' "$T/dry.err" &&
	grep -q '^Cc: Ben Reviewer <ben@iov.example.org>' "$T/dry.err" &&
	grep -q '^Cc: notes-list@lists.example.org$' "$T/dry.err"
}

# b4's prep branch: work done on it survives regen and send (refused, or
# saved with 'series save'); its old tip is kept; a work tree on it is
# never moved under its feet.
# commit what changed in $WORKBENCH_HOME, if anything did
home_commit() {
	(cd "$WORKBENCH_HOME" && git add -A && { git diff --cached --quiet || git commit -q -m "$1"; })
}

t_prep_branch_kept() {
	B=refs/heads/b4/iov-walk
	(cd "$WORKBENCH_HOME" && [ -z "$(git status --porcelain)" ]) &&
	"$WB" series regen iov-walk --repo "$K" &&
	home_commit "regen before the prep test" &&
	saved=$(cd "$WORKBENCH_HOME" && git rev-parse HEAD) &&
	(cd "$K" && git rev-parse -q --verify $B) &&
	# a fixup made with b4 prep's branch checked out in a work tree of its own
	(cd "$K" && git worktree add -q "$T/wt-prep" b4/iov-walk && cd "$T/wt-prep" &&
	 echo "/* fixup on the prep branch */" >>fs/readfile.c &&
	 git commit -q -am "fs/readfile: fixup made on the prep branch") &&
	tip=$(cd "$K" && git rev-parse $B) &&
	rm -rf "$T/prep.before" && cp -r "$S/iov-walk" "$T/prep.before" &&
	for cmd in "regen iov-walk" "send iov-walk -o $T/outbox-prep"; do
		expect_fail 3 "$WB" series $cmd --repo "$K" &&
		grep -q "error: 'b4/iov-walk' in '.*' has a commit that series/iov-walk does not have" "$T/err" &&
		grep -q "fs/readfile: fixup made on the prep branch" "$T/err" &&
		grep -q "workbench series save iov-walk" "$T/err" &&
		[ "$(cd "$K" && git rev-parse $B)" = "$tip" ] &&
		diff -r "$T/prep.before" "$S/iov-walk" || return 1
	done &&
	[ ! -e "$T/outbox-prep" ] &&
	# save: the fixup becomes a patch of series/iov-walk
	"$WB" series save iov-walk --repo "$K" &&
	ls "$S/iov-walk" &&
	grep -l 'fixup made on the prep branch' "$S"/iov-walk/0005-*.patch &&
	[ "$(cd "$K" && git rev-parse $B)" = "$tip" ] &&
	home_commit "saved the prep branch" &&
	# the work tree still on the branch: regen leaves it where it is
	"$WB" series regen iov-walk --repo "$K" 2>"$T/err" ; rc=$?; cat "$T/err"; [ $rc = 0 ] &&
	grep -q "warning: 'b4/iov-walk' is checked out in '$T/wt-prep': it stays at" "$T/err" &&
	[ "$(cd "$K" && git rev-parse $B)" = "$tip" ] &&
	(cd "$K" && git rev-parse -q --verify refs/workbench/pending/iov-walk) &&
	(cd "$T/wt-prep" && [ -z "$(git status --porcelain)" ]) &&
	(cd "$K" && git worktree remove "$T/wt-prep") &&
	home_commit "regen with the fixup" &&
	# then it moves, in one transaction, the old tip kept
	"$WB" series regen iov-walk --repo "$K" 2>"$T/err"; rc=$?; cat "$T/err"; [ $rc = 0 ] &&
	new=$(cd "$K" && git rev-parse $B) && [ "$new" != "$tip" ] &&
	[ "$(cd "$K" && git for-each-ref --format='%(objectname)' refs/workbench/backup/b4/iov-walk/ | grep -c "$tip")" -ge 1 ] &&
	[ "$(cd "$K" && git config branch.b4/iov-walk.workbench-tip)" = "$new" ] &&
	(cd "$K" && git log --format=%s $B | grep -q 'fixup made on the prep branch') &&
	! (cd "$K" && git for-each-ref --format='%(refname)' | grep wbtmp) &&
	! (cd "$K" && git config --get-regexp '^branch\.b4/wbtmp') &&
	[ $(cd "$K" && git worktree list | wc -l) = 1 ] &&
	# the same commits made again (send after regen): the branch stays, no backup
	nb=$(cd "$K" && git for-each-ref refs/workbench/backup | wc -l) &&
	"$WB" series send iov-walk --repo "$K" -o "$T/outbox-same" &&
	[ "$(cd "$K" && git rev-parse $B)" = "$new" ] &&
	[ "$(cd "$K" && git for-each-ref refs/workbench/backup | wc -l)" = "$nb" ] &&
	# a cover letter edited on the branch (b4 prep --edit-cover) is refused too
	(cd "$K" && git worktree add -q "$T/wt-prep2" b4/iov-walk && cd "$T/wt-prep2" &&
	 c=$(git log --format=%H -F --grep='b4-submit-tracking' -n1) &&
	 git log -1 --format=%B "$c" | sed '1s/$/ (reworded)/' >"$T/cover.msg" &&
	 n=$(git commit-tree -p "$c^" -F "$T/cover.msg" "$c^{tree}") &&
	 git rebase -q --onto "$n" "$c" &&
	 git log --format=%s | grep -q '(reworded)') &&
	(cd "$K" && git worktree remove "$T/wt-prep2") &&
	expect_fail 3 "$WB" series regen iov-walk --repo "$K" &&
	grep -q "error: 'b4/iov-walk' in '.*' has a cover letter that series/iov-walk does not have" "$T/err" &&
	"$WB" series save iov-walk --repo "$K" &&
	grep -q '(reworded)' "$S/iov-walk/cover-letter" &&
	# leave things as the other tests had them
	(cd "$K" && git branch -q -D b4/iov-walk && ! git config branch.b4/iov-walk.workbench-tip) &&
	(cd "$WORKBENCH_HOME" && git reset -q --hard "$saved")
}

# the backups of a prep branch: the newest 10 kept, the older ones pruned,
# nothing else under refs/ touched
t_backups_pruned() {
	B=refs/heads/b4/iov-walk
	P=refs/workbench/backup/b4/iov-walk
	(cd "$WORKBENCH_HOME" && [ -z "$(git status --porcelain)" ]) &&
	saved=$(cd "$WORKBENCH_HOME" && git rev-parse HEAD) &&
	(cd "$K" && git for-each-ref --format='%(refname)') >"$T/pre.refs" &&
	"$WB" series regen iov-walk --repo "$K" &&
	tip=$(cd "$K" && git rev-parse $B) && t12=$(echo "$tip" | cut -c1-12) &&
	# those of the tests before (made today) are newer than the 12 made here
	n0=$(cd "$K" && git for-each-ref --format='%(refname)' "$P/" | grep -c "^$P/[0-9]\{8\}T[0-9]\{6\}Z-[0-9a-f]\{12\}\$") &&
	gone=$((n0 + 12 + 1 - 10)) &&
	(cd "$K" && for i in 01 02 03 04 05 06 07 08 09 10 11 12; do
		git update-ref "$P/202001${i}T000000Z-$t12" "$tip" || exit 1
	 done &&
	 git update-ref "$P/keep-me" "$tip" &&
	 git update-ref "$P/sub/20200101T000000Z-$t12" "$tip" &&
	 git update-ref "refs/workbench/backup/b4/iov-walk-other/20200101T000000Z-$t12" "$tip" &&
	 git update-ref refs/heads/backup-like "$tip") &&
	before=$(cd "$K" && git for-each-ref --format='%(refname)' | grep -v "^$P/202001" | grep -v "^$B\$") &&
	echo "a cover letter edited for the backup test" >>"$S/iov-walk/cover-letter" &&
	home_commit "cover letter edited for the backup test" &&
	"$WB" series regen iov-walk --repo "$K" 2>"$T/err"; rc=$?; cat "$T/err"; [ $rc = 0 ] &&
	new=$(cd "$K" && git rev-parse $B) && [ "$new" != "$tip" ] &&
	grep -q "note: b4/iov-walk: removed the $gone oldest backups under $P/ (the newest 10 are kept)" "$T/err" &&
	(cd "$K" && git for-each-ref --format='%(refname)' "$P/") >"$T/backups" &&
	cat "$T/backups" &&
	[ "$(grep -c "^$P/[0-9]\{8\}T[0-9]\{6\}Z-[0-9a-f]\{12\}\$" "$T/backups")" = 10 ] &&
	for i in $(seq 1 12); do
		if [ "$i" -le "$gone" ]; then
			! grep -q "^$P/202001$(printf %02d "$i")T" "$T/backups" || return 1
		else
			grep -q "^$P/202001$(printf %02d "$i")T000000Z-$t12\$" "$T/backups" || return 1
		fi
	done &&
	[ "$(grep -v "^$P/202001" "$T/backups" | grep -c "^$P/[0-9]\{8\}T[0-9]\{6\}Z-")" = $((n0 + 1)) ] &&
	# every other ref is still there
	after=$(cd "$K" && git for-each-ref --format='%(refname)' | grep -v "^$P/[0-9]\{8\}T[0-9]\{6\}Z-" | grep -v "^$B\$") &&
	[ "$(echo "$before" | grep -v "^$P/[0-9]\{8\}T[0-9]\{6\}Z-")" = "$after" ] &&
	echo "$after" | grep -qx "$P/keep-me" &&
	echo "$after" | grep -qx "$P/sub/20200101T000000Z-$t12" &&
	echo "$after" | grep -qx "refs/workbench/backup/b4/iov-walk-other/20200101T000000Z-$t12" &&
	echo "$after" | grep -qx refs/heads/backup-like &&
	# leave things as the other tests had them
	(cd "$K" && git for-each-ref --format='%(refname)' refs/workbench/backup/b4/ refs/heads/backup-like |
		grep -vxF -f "$T/pre.refs" | while read -r r; do git update-ref -d "$r"; done &&
	 git branch -q -D b4/iov-walk) &&
	(cd "$WORKBENCH_HOME" && git reset -q --hard "$saved")
}

# a scratch prep branch a killed run left (b4/wbtmp-PID-NAME, PID gone) is
# removed by the next regen; one of a live PID, of another series, or a
# look-alike name stays
t_scratch_branch_pruned() {
	local dead
	# a PID that no process has: one that has just exited
	sh -c 'exit 0' &
	dead=$!
	wait "$dead"
	(cd "$WORKBENCH_HOME" && [ -z "$(git status --porcelain)" ]) &&
	saved=$(cd "$WORKBENCH_HOME" && git rev-parse HEAD) &&
	(cd "$K" && git for-each-ref --format='%(refname)') >"$T/pre.refs" &&
	tip=$(cd "$K" && git rev-parse HEAD) &&
	! kill -0 "$dead" 2>/dev/null &&
	(cd "$K" && git branch "b4/wbtmp-$dead-iov-walk" "$tip" &&
	 git config "branch.b4/wbtmp-$dead-iov-walk.b4-prep-cover-strategy" commit &&
	 git branch "b4/wbtmp-$$-iov-walk" "$tip" &&
	 git branch "b4/wbtmp-$dead-other" "$tip" &&
	 git branch "b4/wbtmp-$dead-iov-walk-x" "$tip" &&
	 git branch "b4/wbtmp-x$dead-iov-walk" "$tip") &&
	"$WB" series regen iov-walk --repo "$K" 2>"$T/err"; rc=$?; cat "$T/err"; [ $rc = 0 ] &&
	grep -q "note: removed 'b4/wbtmp-$dead-iov-walk', the scratch branch of a run that is gone" "$T/err" &&
	(cd "$K" && ! git rev-parse -q --verify "refs/heads/b4/wbtmp-$dead-iov-walk" >/dev/null &&
	 ! git config --get "branch.b4/wbtmp-$dead-iov-walk.b4-prep-cover-strategy" &&
	 git rev-parse -q --verify "refs/heads/b4/wbtmp-$$-iov-walk" >/dev/null &&
	 git rev-parse -q --verify "refs/heads/b4/wbtmp-$dead-other" >/dev/null &&
	 git rev-parse -q --verify "refs/heads/b4/wbtmp-$dead-iov-walk-x" >/dev/null &&
	 git rev-parse -q --verify "refs/heads/b4/wbtmp-x$dead-iov-walk" >/dev/null &&
	 git branch -q -D "b4/wbtmp-$$-iov-walk" "b4/wbtmp-$dead-other" "b4/wbtmp-$dead-iov-walk-x" \
		"b4/wbtmp-x$dead-iov-walk") &&
	# leave things as the other tests had them
	(cd "$K" && git for-each-ref --format='%(refname)' refs/workbench/backup/b4/ refs/heads/b4/ |
		grep -vxF -f "$T/pre.refs" | while read -r r; do git update-ref -d "$r"; done) &&
	(cd "$WORKBENCH_HOME" && git reset -q --hard "$saved")
}

# run_tty OUT CMD...: CMD with its stderr on a pseudo-terminal, whose output
# goes to OUT (stdout to OUT.stdout); exits with CMD's status
run_tty() {
	python3 -c '
import os, pty, subprocess, sys
out = sys.argv[1]
m, s = pty.openpty()
with open(out + ".stdout", "wb") as so:
    p = subprocess.Popen(sys.argv[2:], stdin=subprocess.DEVNULL, stdout=so, stderr=s)
os.close(s)
buf = b""
while True:
    try:
        d = os.read(m, 4096)
    except OSError:
        break
    if not d:
        break
    buf += d
rc = p.wait()
with open(out, "wb") as f:
    f.write(buf.replace(b"\r\n", b"\n"))
sys.exit(rc)
' "$@"
}

# progress lines (wb_progress) on stderr when it is a terminal, none otherwise
t_progress_tty() {
	saved=$(cd "$WORKBENCH_HOME" && git rev-parse HEAD) &&
	run_tty "$T/tty.err" "$WB" series regen iov-walk --repo "$K" &&
	cat "$T/tty.err" &&
	grep -q "^series iov-walk: applying [0-9]* patch" "$T/tty.err" &&
	grep -q "^series iov-walk: running the checks" "$T/tty.err" &&
	grep -q "^audit: patch 1/" "$T/tty.err" &&
	! grep -q "^series iov-walk: applying" "$T/tty.err.stdout" &&
	home_commit "regen for the progress test" &&
	"$WB" series regen iov-walk --repo "$K" >"$T/notty.out" 2>"$T/notty.err" &&
	cat "$T/notty.err" &&
	! grep -q "^series iov-walk: \(applying\|running the checks\|writing\)" "$T/notty.err" "$T/notty.out" &&
	! grep -q "^\(checkpatch\|cocci\|sparse\|audit\): \(base\|patch\|.* (patch\)" "$T/notty.err" "$T/notty.out" &&
	grep -q "^series iov-walk: [0-9]* patches checked" "$T/notty.err" "$T/notty.out" &&
	(cd "$K" && git branch -q -D b4/iov-walk) &&
	(cd "$WORKBENCH_HOME" && git reset -q --hard "$saved")
}

echo "# workbench series tests in $T (smtp 127.0.0.1:$SMTP, http 127.0.0.1:$HTTP)"
if ! setup >"$T/setup.log" 2>&1; then
	echo "not ok 0 - setup"
	sed 's/^/#   /' "$T/setup.log"
	echo "0 passed, 1 failed"
	exit 1
fi
run "check: diagnostics, new sparse warnings only, --b4-json" t_check_b4json
run "check: the cocci check reports what a patch adds, and what it removes" t_check_cocci_new_only
run "series regen: digest, selftests patch, kernel repo untouched" t_regen
run "series regen twice: no change" t_regen_idempotent
run "the digest: findings decide the status, listed in the cover letter, below ---" t_digest_findings
run "series regen refuses uncommitted edits in series/NAME and its selftests" t_regen_refuses_dirty
run "series regen: a patch that does not apply" t_regen_patch_does_not_apply
run "series regen: malformed series.conf" t_bad_series_conf
run "series regen: selftests from the project's selftests/, TARGETS, message" t_regen_top_selftests
run "series regen: series.selftests naming no collection" t_top_selftests_bad
run "series send --dry-run and -o: To/Cc from MAINTAINERS-notes and MAINTAINERS" t_send_dry_run
run "MAINTAINERS patterns: F:, X:, R:, L:" t_maintainers_patterns
run "series send over SMTP into public-inbox, verify MSGID: REPRODUCED" t_send_verify_reproduced
run "verify a local mbox; a mangled mbox; a missing mbox" t_verify_local_mbox
run "verify any mbox: format-patch, threaded with a cover letter, folded, quoted-printable" t_verify_any_mbox
run "b4's per-patch check hooks: a patch on stdin, terse lines and JSON" t_b4_perpatch
run "verify in a repository that lacks a blob" t_verify_incomplete_repo
run "a skipped check is recorded; sparse's build environment decides CANNOT" t_skipped_and_env
run "verify a message-id the archive does not have" t_verify_unknown_msgid
run "a patch altered after the digest: DIFFERS, exit 1" t_send_altered_differs
(cd "$WORKBENCH_HOME" && git checkout -q -- series && git clean -qfd series)
run "b4 or spatch missing" t_missing_tools
run "series regen/send/save: b4's prep branch keeps what only it has" t_prep_branch_kept
# series save left its files behind
(cd "$WORKBENCH_HOME" && git checkout -q -- series && git clean -qfd series)
run "series regen: the newest 10 backups of the prep branch kept, only those pruned" t_backups_pruned
run "series regen: a killed run's scratch prep branch is removed, nothing else" t_scratch_branch_pruned
run "progress lines on stderr when it is a terminal, and only then" t_progress_tty
echo "$npass passed, $nfail failed"
[ $nfail -eq 0 ]
