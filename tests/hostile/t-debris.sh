#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Debris after kill -9 (hostile inputs, point 9).  A killed workbench leaves
# no child running; the next run removes what it left behind (temporary
# directories, NAME.tmp.PID files, scratch work trees registered in the
# user's kernel repository) and gives the result a clean run gives; a killed
# 'audit --update-notes' leaves the notes file old or new, whole.  A fake
# spatch and a fake b4, first in PATH, hold a run at a known point so that
# each kill lands where it is meant to; without a hold they are the real ones.

. "$(dirname "$0")/lib.sh"
t_begin
TIMEOUT=${WB_TIMEOUT:-60}

REAL_SPATCH=$(command -v spatch)
REAL_B4=$(command -v b4)
if [ -z "$REAL_SPATCH" ] || [ -z "$REAL_B4" ]; then
	report "spatch and b4 are installed (the kills are made while they run)" 1
	t_end
	exit
fi
BIN=$T/bin
mkdir -p "$BIN"
# spatch: each run appends "PID CWD" to $T/spatch.started; with $T/spatch.hold
# holding K, the K-th run and those after it sleep (as "$T/held-spatch");
# with $T/spatch.empty, it finds nothing at once
cat >"$BIN/spatch" <<EOF
#!/bin/bash
case " \$* " in *" --version "*) exec "$REAL_SPATCH" "\$@";; esac
[ -e "$T/spatch.empty" ] && exit 0
echo "\$\$ \$PWD" >>"$T/spatch.started"
if [ -e "$T/spatch.hold" ] && [ \$(wc -l <"$T/spatch.started") -ge \$(cat "$T/spatch.hold") ]; then
	exec -a "$T/held-spatch" sleep 60
fi
exec "$REAL_SPATCH" "\$@"
EOF
# b4: with $T/b4.hold, 'b4 prep -n' sleeps (as "$T/held-b4")
cat >"$BIN/b4" <<EOF
#!/bin/bash
if [ "\$1 \$2" = "prep -n" ] && [ -e "$T/b4.hold" ]; then
	echo \$\$ >>"$T/b4.started"
	exec -a "$T/held-b4" sleep 60
fi
exec "$REAL_B4" "\$@"
EOF
chmod +x "$BIN/spatch" "$BIN/b4"
FAKE_PATH=$BIN:$PATH

# processes to end at exit: our live pid
LEFT=
cleanup_left() {
	local p
	for p in $LEFT; do kill -9 "$p" 2>/dev/null; done
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup_left EXIT

# wait_file FILE SECONDS: FILE exists and is not empty
wait_file() {
	local i=0
	while [ ! -s "$1" ]; do
		i=$((i + 1))
		[ $i -gt $(($2 * 50)) ] && return 1
		sleep 0.02
	done
}

# alive PID: a process that is not a zombie
alive() {
	local st
	st=$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# orphans PID...: those of PID... still alive after up to 3 s, and any
# process whose command line names $T; printed on one line and killed (by
# pid: they are this test's), so that the next case starts clean
orphans() {
	local i=0 p f left
	while :; do
		left=
		for p in "$@"; do alive "$p" && left="$left $p"; done
		for f in /proc/[0-9]*/cmdline; do
			p=${f#/proc/}; p=${p%/cmdline}
			[ "$p" = $$ ] && continue
			tr '\0' ' ' 2>/dev/null <"$f" | grep -qF "$T/" && alive "$p" && left="$left $p"
		done
		[ -z "$left" ] && return 0
		i=$((i + 1))
		[ $i -ge 30 ] && break
		sleep 0.1
	done
	for p in $(printf '%s\n' $left | sort -u); do
		printf '%s (%s); ' "$p" "$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline" | cut -c1-80)"
		kill -9 "$p" 2>/dev/null
	done
	return 1
}

# lines joined with " | ", for a diagnostic
oneline() { sed ':a;N;$!ba;s/\n/ | /g'; }

# our temporary directories in $TMPDIR, one a line
tmpdirs() { (cd "$TMPDIR" && ls -d wb-* 2>/dev/null); }

# a pid that is certainly dead, one that is alive (ours, ended at exit)
sh -c : & DEAD=$!
wait $DEAD
sleep 300 & LIVE=$!
disown $LIVE
LEFT="$LEFT $LIVE"

# ---- 1. kill -9 a classifying audit while spatch runs ----------------------
mkbase "$T/repo" >/dev/null
cd "$T/repo" || exit 4
: >"$T/audit.notes"
run_wb "$T/ref" audit --no-cache --notes "$T/audit.notes" fault-in
ref_rc=$(rc_of "$T/ref")

# kill_audit NAME HOLD: HOLD is the spatch run that is held (0: none; the
# kill comes as soon as the first spatch starts)
kill_audit() {
	local name=$1 hold=$2 p pids dirs d why=() out
	: >"$T/spatch.started"
	rm -rf "$T/spatch.hold" "$T/cache"
	[ "$hold" -gt 0 ] && echo "$hold" >"$T/spatch.hold"
	# no timeout in between: the kill must reach workbench itself; it comes within 30 s
	PATH=$FAKE_PATH "$WB" audit -j 2 --cache-dir "$T/cache" --notes "$T/audit.notes" fault-in \
		>/dev/null 2>&1 </dev/null &
	p=$!
	if [ "$hold" -gt 0 ]; then
		# every job that can start has reached the hold: both threads are in spatch
		local i=0
		while [ $(wc -l <"$T/spatch.started") -lt $((hold + 1)) ] && [ $i -lt 1500 ]; do
			sleep 0.02; i=$((i + 1))
		done
	else
		wait_file "$T/spatch.started" 30
	fi
	[ -s "$T/spatch.started" ] || why+=("spatch never started")
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$T/spatch.hold"
	pids=$(cut -d' ' -f1 "$T/spatch.started")
	dirs=$(cut -d' ' -f2- "$T/spatch.started" | sort -u)
	out=$(orphans $pids) || why+=("children outlived workbench: $out")
	PATH=$FAKE_PATH run_wb "$T/next" audit -j 2 --cache-dir "$T/cache" --notes "$T/audit.notes" fault-in
	[ "$(rc_of "$T/next")" = "$ref_rc" ] || why+=("next run exit $(rc_of "$T/next"), a clean run $ref_rc")
	cmp -s "$T/ref.out" "$T/next.out" || why+=("next run differs from a clean run: $(diff "$T/ref.out" "$T/next.out" | head -5 | oneline)")
	for d in $dirs; do
		if [ -e "$d" ]; then
			why+=("the killed run's temporary directory is still there after the next run: $d")
			case $d in /tmp/wb-cocci.??????) rm -rf "$d" ;; esac	# what main leaves
		fi
	done
	[ -z "$(tmpdirs)" ] || why+=("left in \$TMPDIR: $(tmpdirs | tr '\n' ' ')")
	report "audit killed $name: no spatch left, temporary directory removed, next run as a clean one" \
		${#why[@]} "${why[@]}"
}
kill_audit "while two spatch are held" 1
kill_audit "after two spatch runs, the next ones held" 3
kill_audit "as soon as the real spatch starts" 0
cd "$T" || exit 4

# ---- 2. kill -9 audit --update-notes ---------------------------------------
N=$T/notes
mkdir -p "$N"
python3 - "$N/orig" <<'PY'
import sys
with open(sys.argv[1], 'w') as f:
    f.write('# reviewed by hand\n')
    for i in range(150000):
        f.write('# comment line %d ..................................................\n' % i)
PY
(cd "$T/repo" && cp "$N/orig" "$N/fault-in.notes" &&
 run_wb "$T/upd" audit --no-cache --no-cocci --notes "$N/fault-in.notes" --update-notes fault-in &&
 cp "$N/fault-in.notes" "$N/new")
why=()
cmp -s "$N/orig" "$N/new" && why+=("--update-notes added nothing: the test shows nothing")
caught=0
for i in 1 2 3 4 5 6; do
	cp "$N/orig" "$N/fault-in.notes"
	(cd "$T/repo" && exec "$WB" audit --no-cache --no-cocci --notes "$N/fault-in.notes" --update-notes \
		fault-in >/dev/null 2>&1 </dev/null) &
	p=$!
	# kill while it writes the temporary file, when this catches it
	while kill -0 "$p" 2>/dev/null && ! compgen -G "$N/fault-in.notes.tmp.*" >/dev/null; do :; done
	compgen -G "$N/fault-in.notes.tmp.*" >/dev/null && caught=$((caught + 1))
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	cmp -s "$N/fault-in.notes" "$N/orig" || cmp -s "$N/fault-in.notes" "$N/new" ||
		why+=("try $i: the notes file is neither the old one nor the new one ($(wc -c <"$N/fault-in.notes") bytes)")
	[ $caught -ge 2 ] && break
done
# what killed runs leave, and names that are not that
for f in "fault-in.notes.tmp.$DEAD" "fault-in.notes.tmp.$LIVE" "other.notes.tmp.$DEAD" \
	 "fault-in.notes.tmp.${DEAD}x" "fault-in.notesx.tmp.$DEAD"; do
	echo planted >"$N/$f"
done
(cd "$T/repo" && run_wb "$T/after" audit --no-cache --no-cocci --notes "$N/fault-in.notes" fault-in)
left=$(cd "$N" && ls | grep '^fault-in\.notes\.tmp\.[0-9]*$' | grep -v "\.$LIVE\$")
[ -z "$left" ] || why+=("stale temporary files after the next run: $(echo $left)")
for f in "fault-in.notes.tmp.$LIVE" "other.notes.tmp.$DEAD" "fault-in.notes.tmp.${DEAD}x" \
	 "fault-in.notesx.tmp.$DEAD"; do
	[ -e "$N/$f" ] || why+=("removed '$f', which is not a dead run's temporary file of the notes")
done
report "audit --update-notes killed: notes old or new, whole; the next run removes dead runs' temporary files ($caught kills while writing)" \
	${#why[@]} "${why[@]}"

# ---- 3. kill -9 series regen -----------------------------------------------
FIX=$TOP/tests/series/fixture
export GIT_CONFIG_GLOBAL=$T/gitconfig WORKBENCH_HOME=$T/wb
unset GIT_AUTHOR_DATE GIT_COMMITTER_DATE
git config --global user.name "Dev Eloper"
git config --global user.email dev@example.org
K=$T/linux
cp -r "$FIX/kernel" "$K"
(cd "$K" && git init -q -b master && git add -A && git commit -q -m "Linux-like fixture" && git tag v5.14 &&
 git checkout -q -b my-work && echo "/* work in progress */" >>lib/iov_walk.c && git commit -q -am "wip" &&
 echo "/* stashed */" >>fs/readfile.c && git stash -q &&
 echo "/* uncommitted */" >>fs/readfile.c && echo scratch >notes.txt && git add notes.txt) || exit 4
mkdir -p "$WORKBENCH_HOME"
cp -r "$FIX/series" "$FIX/cocci" "$FIX/selftests" "$WORKBENCH_HOME/"
# the checks that hold no kill point here are left out, for time
printf '[check "sparse"]\n\tenabled = false\n[check "audit"]\n\tenabled = false\n' \
	>>"$WORKBENCH_HOME/series/iov-walk/series.conf"
(cd "$WORKBENCH_HOME" && git init -q && git add -A && git commit -q -m init) || exit 4

# the state of the kernel repository a user would notice, but the prep branch regen makes
user_state() {
	(cd "$K" && git symbolic-ref HEAD && git rev-parse HEAD && git status --porcelain --ignored &&
	 git for-each-ref --format='%(refname) %(objectname)' | grep -v '^refs/heads/b4/' &&
	 git stash list && git worktree list --porcelain &&
	 find . -path ./.git -prune -o -type f -print | LC_ALL=C sort | xargs sha256sum) 2>&1
}
user_state >"$T/state.before"

# kill_regen NAME HOLDFILE STARTED: kill when STARTED appears (what HOLDFILE holds)
kill_regen() {
	local name=$1 hold=$2 started=$3 p pids out why=()
	: >"$T/spatch.started"
	: >"$T/b4.started"
	rm -f "$T/spatch.hold" "$T/b4.hold"
	echo 1 >"$hold"
	PATH=$FAKE_PATH "$WB" series regen iov-walk --repo "$K" >/dev/null 2>&1 </dev/null &
	p=$!
	wait_file "$started" 40 || why+=("the run never reached the hold")
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	rm -f "$hold"
	pids=$(cut -d' ' -f1 "$T/spatch.started" "$T/b4.started")
	out=$(orphans $pids) || why+=("children outlived workbench: $out")
	# and what a kill while it wrote the patches back leaves in the series directory
	echo partial >"$WORKBENCH_HOME/series/iov-walk/0001-lib-iov_walk-add-iov_walk_fault_in.patch.tmp.$DEAD"
	PATH=$FAKE_PATH run_wb "$T/regen" series regen iov-walk --repo "$K"
	! compgen -G "$WORKBENCH_HOME/series/iov-walk/*.tmp.*" >/dev/null ||
		why+=("temporary files left in the series directory: $(cd "$WORKBENCH_HOME/series/iov-walk" && ls *.tmp.* | oneline)")
	[ "$(rc_of "$T/regen")" = 0 ] || why+=("the next regen failed (exit $(rc_of "$T/regen")): $(grep -m1 error "$T/regen.err")")
	[ "$(git -C "$K" worktree list | wc -l)" = 1 ] || why+=("work trees after the next regen: $(git -C "$K" worktree list | oneline)")
	[ -z "$(ls "$K/.git/worktrees" 2>/dev/null)" ] || why+=("registered: $(ls "$K/.git/worktrees" | tr '\n' ' ')")
	git -C "$K" for-each-ref --format='%(refname)' | grep -q '^refs/heads/workbench-tmp/' &&
		why+=("a temporary branch is left: $(git -C "$K" for-each-ref --format='%(refname)' refs/heads/workbench-tmp/)")
	[ -z "$(tmpdirs)" ] || why+=("left in \$TMPDIR: $(tmpdirs | tr '\n' ' ')")
	user_state >"$T/state.after"
	cmp -s "$T/state.before" "$T/state.after" ||
		why+=("the user's repository changed: $(diff "$T/state.before" "$T/state.after" | head -8 | oneline)")
	(cd "$WORKBENCH_HOME" && git add -A && git commit -q -m "regen" >/dev/null)
	report "series regen killed $name: no child left, the next regen works, no stale work tree, user's branch, stash and files as they were" \
		${#why[@]} "${why[@]}"
}
kill_regen "while spatch runs" "$T/spatch.hold" "$T/spatch.started"
kill_regen "in b4 prep -n, its branch checked out" "$T/b4.hold" "$T/b4.started"

# ---- 4. what the next run removes, and what it leaves ----------------------
# a dead run's directories go; not one whose owner is alive, nor one whose
# lock is held (an owner in another PID namespace), nor a symlink, nor a
# name that is not ours
P=$TMPDIR
mkdir -p "$T/outside" && echo keep >"$T/outside/f"
for d in "wb-cocci-$DEAD-aaaaaa" "wb-regen-$DEAD-bbbbbb" "wb-cocci-$LIVE-cccccc" "wb-cocci-$DEAD-dddddd" \
	 "wb-cocci.ffffff" "wb-cocci-$DEAD-ggggggg" "xwb-cocci-$DEAD-hhhhhh" "wb-Cocci-$DEAD-iiiiii"; do
	mkdir -p "$P/$d/sub" && echo x >"$P/$d/sub/f"
done
ln -s "$T/outside" "$P/wb-cocci-$DEAD-eeeeee"
echo x >"$P/wb-check-$DEAD-jjjjjj"
python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
open(sys.argv[2], "w").close()
time.sleep(300)' "$P/wb-cocci-$DEAD-dddddd" "$T/locked" &
LOCKER=$!
LEFT="$LEFT $LOCKER"
wait_file "$T/locked" 10 || echo x >"$T/locked"
touch "$T/spatch.empty"
(cd "$T/repo" && PATH=$FAKE_PATH run_wb "$T/sweep" audit --no-cache --notes "$T/audit.notes" fault-in)
rm -f "$T/spatch.empty"
kill -9 $LOCKER 2>/dev/null
wait $LOCKER 2>/dev/null
why=()
for d in "wb-cocci-$DEAD-aaaaaa" "wb-regen-$DEAD-bbbbbb"; do
	[ -e "$P/$d" ] && why+=("a dead run's '$d' is still there")
done
for d in "wb-cocci-$LIVE-cccccc" "wb-cocci-$DEAD-dddddd" "wb-cocci.ffffff" "wb-cocci-$DEAD-ggggggg" \
	 "xwb-cocci-$DEAD-hhhhhh" "wb-Cocci-$DEAD-iiiiii"; do
	[ -e "$P/$d/sub/f" ] || why+=("'$d' was removed")
done
[ -L "$P/wb-cocci-$DEAD-eeeeee" ] && [ -e "$T/outside/f" ] || why+=("a symlink named like ours, or what it points to, was removed")
[ -e "$P/wb-check-$DEAD-jjjjjj" ] || why+=("a file named like our directories was removed")
[ "$(rc_of "$T/sweep")" -le 1 ] || why+=("the audit failed: $(head -c 300 "$T/sweep.err")")
report "the next run removes a dead run's temporary directories, and only those" ${#why[@]} "${why[@]}"

t_end
