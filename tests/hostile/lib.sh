# SPDX-License-Identifier: GPL-2.0
# Shared set-up for the hostile-input tests (sourced by tests/hostile/t-*.sh).
# Each test builds its own small repositories and mails under $T, runs workbench
# under a timeout and asserts: no marker file appears (no code ran), nothing is
# written outside $T (listings before and after), no crash, no hang.
#
#   . "$(dirname "$0")/lib.sh"
#   t_begin                      # private world under $T; HOME, TMPDIR inside it
#   mkbase "$T/repo"             # kernel-like repo with fault-in callers
#   outside_snapshot             # what exists outside $T before the run
#   tok "what it shows" CMD...   # CMD must succeed; likewise tfail/trc
#   outside_check "label"        # nothing appeared or changed outside $T
#   t_end                        # prints "N passed, N failed"

HOSTILE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$HOSTILE/../.." && pwd)
WB=${WB:-$TOP/build/workbench}
TIMEOUT=${WB_TIMEOUT:-120}
npass=0
nfail=0
ntest=0

t_begin() {
	T=$(mktemp -d "${TMPDIR:-/tmp}/wb-hostile.XXXXXX") || exit 4
	trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
	export HOME="$T/home" TMPDIR="$T/tmp" XDG_CACHE_HOME="$T/cache" XDG_CONFIG_HOME="$T/config"
	export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C TZ=UTC
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
	export GIT_AUTHOR_NAME="A U Thor" GIT_AUTHOR_EMAIL=a@example.org
	export GIT_COMMITTER_NAME="C O Mitter" GIT_COMMITTER_EMAIL=c@example.org
	export GIT_AUTHOR_DATE=2026-01-01T00:00:00Z GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
	mkdir -p "$HOME" "$TMPDIR"
	# the marker a planted payload would create; a test fails if it exists
	MARK="$T/PWNED"
	export WB_HOSTILE_MARK="$MARK"
}

# report NAME STATUS [DIAGNOSTIC...]
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

# run_wb OUTPREFIX ARGS...: workbench under a timeout; $OUT.out/.err/.rc
run_wb() {
	local out=$1; shift
	timeout -k 5 "$TIMEOUT" "$WB" "$@" >"$out.out" 2>"$out.err" </dev/null
	echo $? >"$out.rc"
}

# rc_of OUTPREFIX
rc_of() { cat "$1.rc"; }

# crashed RC: a signal, a sanitizer abort, or the timeout
crashed() { [ "$1" -ge 124 ] || grep -q 'Sanitizer\|runtime error' "$2.err" 2>/dev/null; }

# the marker must not exist
no_marker() { [ ! -e "$MARK" ] && ! ls "$T"/PWNED* >/dev/null 2>&1; }

# Listings of what a run could reach outside $T: /tmp (minus $T itself) and
# the parent of $T; compared after the run.
outside_snapshot() {
	find /tmp -xdev -mindepth 1 -maxdepth 4 -path "$T" -prune -o -path '/tmp/wb-*' -prune -o -print \
		2>/dev/null | LC_ALL=C sort >"$T/.outside-before"
}
outside_new() {
	find /tmp -xdev -mindepth 1 -maxdepth 4 -path "$T" -prune -o -path '/tmp/wb-*' -prune -o -print \
		2>/dev/null | LC_ALL=C sort >"$T/.outside-after"
	comm -13 "$T/.outside-before" "$T/.outside-after" | grep -v -E '^/tmp/(tmp|systemd|\.X|ccache|cleancheck)' || true
}

# mkbase DIR: a kernel-like repo with callers of fault-in primitives
mkbase() {
	rm -rf "$1"; git init -q -b master "$1"
	mkdir -p "$1/include/linux" "$1/fs" "$1/mm"
	cp "$TOP/tests/audit/include/pagemap-min.h" "$1/include/linux/pagemap.h"
	local n
	for n in a b c; do
		cat >"$1/fs/$n.c" <<EOC
// SPDX-License-Identifier: GPL-2.0
#include <linux/pagemap.h>

int ${n}_caller(struct req *req)
{
	int ret;

	ret = fault_in_pages_readable(req->ubuf, req->len);
	if (ret)
		req->state = 0;
	return ret;
}
EOC
	done
	git -C "$1" add -A && git -C "$1" commit -qm base
}

# gitobj: write raw objects git itself would refuse (odd tree entries, bad
# sizes); python3 - "$GITDIR" <<'PY' ... with 'from wbgitobj import *'
export PYTHONPATH="$HOSTILE${PYTHONPATH:+:$PYTHONPATH}"

t_end() {
	echo "$npass passed, $nfail failed"
	[ "$nfail" -eq 0 ]
}
