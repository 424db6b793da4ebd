#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build each fixture (tests/audit/*.c) into a throw-away git repository, run
# its check-commands and compare with the expectation kept inside the fixture.
# The format is described in tests/README.md.
#
#   tests/run-fixtures.sh [--wb PATH] [FIXTURE...]
#
# Environment: WB_WRAPPER (e.g. "valgrind -q --error-exitcode=99") is put in
# front of the tool, KEEP=1 keeps the repositories, V=1 shows the details of
# known-to-fail fixtures too, WB_TIMEOUT (seconds, default 600) bounds each
# command.

set -u
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
wb="$top/workbench"

usage() {
	echo "usage: $0 [--wb PATH] [FIXTURE...]" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--wb)
		[ $# -ge 2 ] || usage
		wb=$2
		shift 2
		;;
	--wb=*)
		wb=${1#--wb=}
		shift
		;;
	-h|--help)
		usage
		;;
	--)
		shift
		break
		;;
	-*)
		echo "error: unknown option '$1'" >&2
		usage
		;;
	*)
		break
		;;
	esac
done

case $wb in
/*) ;;
*) wb="$PWD/$wb" ;;
esac

if [ $# -gt 0 ]; then
	fixtures=("$@")
else
	fixtures=("$here"/audit/*.c)
	[ -e "${fixtures[0]}" ] || fixtures=()
fi

# Nothing of the caller's git environment or configuration may leak into
# the fixture repositories or into what the tool sees.
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY \
	GIT_ALTERNATE_OBJECT_DIRECTORIES GIT_COMMON_DIR GIT_NAMESPACE \
	GIT_PREFIX GIT_CEILING_DIRECTORIES GIT_CONFIG GIT_CONFIG_PARAMETERS \
	GIT_CONFIG_COUNT
export GIT_CONFIG_NOSYSTEM=1
export GIT_CONFIG_GLOBAL=/dev/null
export GIT_AUTHOR_NAME="Fixture Author" GIT_AUTHOR_EMAIL="author@example.org"
export GIT_COMMITTER_NAME="Fixture Committer" GIT_COMMITTER_EMAIL="committer@example.org"
export GIT_TERMINAL_PROMPT=0

# 2026-01-01T00:00:00Z; commit N of a fixture is N hours later.
epoch=1767225600

set_date() {
	export GIT_AUTHOR_DATE="$((epoch + 3600 * $1)) +0000"
	export GIT_COMMITTER_DATE="$GIT_AUTHOR_DATE"
}

# Replaces the ids (full, or abbreviated to 7 or more digits) of the commits
# on HEAD's first-parent line by <HEAD>, <HEAD~1>, ...: the expectation sits
# inside the tree, so a commit id cannot appear in it literally.
wb_norm() {
	local c n i=0
	local args=(-E)

	while read -r c; do
		if [ $i -eq 0 ]; then n=HEAD; else n="HEAD~$i"; fi
		args+=(-e "s/${c:0:7}[0-9a-f]{0,33}/<$n>/g")
		i=$((i + 1))
	done < <(git rev-list --first-parent HEAD 2>/dev/null)
	sed "${args[@]}"
}
export -f wb_norm

# One directory for the whole run: a directory per fixture and the
# diagnostics; removed at the end (KEEP=1 keeps the fixtures' directories).
root=$(mktemp -d "${TMPDIR:-/tmp}/wb-fixtures.XXXXXX") || exit 1
tmp=
cleanup() {
	if [ -n "$tmp" ] && [ -d "$tmp" ]; then
		if [ "${KEEP:-0}" = 1 ]; then
			echo "# kept $tmp"
		else
			rm -rf "$tmp"
		fi
	fi
	tmp=
}
cleanup_all() {
	cleanup
	if [ "${KEEP:-0}" = 1 ]; then
		rm -f "$root/diag"
		rmdir "$root" 2>/dev/null
	else
		rm -rf "$root"
	fi
}
trap cleanup_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Shows a file as TAP diagnostics, at most $2 lines.
diag_file() {
	local max=${2:-40} n
	n=$(wc -l < "$1")
	sed -n "1,${max}p" "$1" | sed 's/^/# /'
	[ "$n" -le "$max" ] || echo "# ... ($((n - max)) more lines)"
}

# Fixture parse results.
f_name= f_known=0 f_exit= f_has_out=0 f_has_err=0
f_cmds=() f_setup=() f_contains=() f_problem=

# parse_expect FIXTURE OUTFILE ERRFILE
parse_expect() {
	local line block= key val lineno=0

	f_name= f_known=0 f_exit= f_has_out=0 f_has_err=0
	f_cmds=() f_setup=() f_contains=() f_problem=
	: > "$2"
	: > "$3"
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		if [ -n "$block" ]; then
			if [[ $line =~ ^[[:space:]]*\*[[:space:]]*check-$block-end[[:space:]]*$ ]]; then
				block=
				continue
			fi
			case $line in
			*"*/"*)
				f_problem="line $lineno: check-$block-start without check-$block-end"
				return 1
				;;
			" *") line= ;;
			" * "*) line=${line:3} ;;
			*)
				f_problem="line $lineno: expected ' * ' at the start of a check-$block line"
				return 1
				;;
			esac
			if [ "$block" = output ]; then
				printf '%s\n' "$line" >> "$2"
			else
				printf '%s\n' "$line" >> "$3"
			fi
			continue
		fi
		[[ $line =~ ^[[:space:]]*\*[[:space:]]*check-([a-z-]+)(:[[:space:]]*(.*))?$ ]] || continue
		key=${BASH_REMATCH[1]}
		val=${BASH_REMATCH[3]}
		case $key in
		name) f_name=$val ;;
		setup) f_setup+=("$val") ;;
		command) f_cmds+=("$val") ;;
		exit-value) f_exit=$val ;;
		error-contains) f_contains+=("$val") ;;
		known-to-fail) f_known=1 ;;
		output-start)
			[ $f_has_out = 0 ] || { f_problem="line $lineno: second check-output-start"; return 1; }
			f_has_out=1 block=output ;;
		error-start)
			[ $f_has_err = 0 ] || { f_problem="line $lineno: second check-error-start"; return 1; }
			f_has_err=1 block=error ;;
		*)
			f_problem="line $lineno: unknown directive 'check-$key'"
			return 1
			;;
		esac
	done < "$1"
	if [ -n "$block" ]; then
		f_problem="check-$block-start without check-$block-end"
		return 1
	fi
	if [ ${#f_cmds[@]} -eq 0 ]; then
		f_problem="no check-command"
		return 1
	fi
	return 0
}

# build_repo FIXTURE: writes the files, commits; sets ncommits.
ncommits=0
build_repo() {
	local line path= content= subject=initial lineno=0 copy

	git init -q -b main "$REPO" || { f_problem="git init failed"; return 1; }
	ncommits=0
	flush() {
		if [ -n "$path" ]; then
			mkdir -p "$REPO/$(dirname "$path")" &&
			printf '%s' "$content" > "$REPO/$path" || return 1
		fi
		path= content=
	}
	commit() {
		set_date $ncommits
		git -C "$REPO" add -A &&
		git -C "$REPO" commit -q --allow-empty --no-verify -m "$1" || return 1
		ncommits=$((ncommits + 1))
	}
	checkpath() {
		case /$1/ in
		//|*/../*|*/./*|*//*|/.git/*)
			f_problem="line $lineno: bad path '$1'"
			return 1
			;;
		esac
	}
	while IFS= read -r line || [ -n "$line" ]; do
		lineno=$((lineno + 1))
		case $line in
		"// wb-file: "*)
			flush || return 1
			path=${line#// wb-file: }
			checkpath "$path" || return 1
			;;
		"// wb-copy: "*)
			# '// wb-copy: SRC DEST': SRC (under tests/) becomes repo file
			# DEST, so a rule fixture can serve an audit fixture as it is
			flush || return 1
			read -r -a copy <<<"${line#// wb-copy: }"
			if [ ${#copy[@]} -ne 2 ] || [ ! -f "$here/${copy[0]}" ]; then
				f_problem="line $lineno: want '// wb-copy: SRC DEST' with SRC under tests/"
				return 1
			fi
			checkpath "${copy[0]}" && checkpath "${copy[1]}" || return 1
			mkdir -p "$REPO/$(dirname "${copy[1]}")" &&
			cp "$here/${copy[0]}" "$REPO/${copy[1]}" || return 1
			;;
		"// wb-delete: "*)
			flush || return 1
			checkpath "${line#// wb-delete: }" || return 1
			rm -f "$REPO/${line#// wb-delete: }"
			;;
		"// wb-commit: "*)
			flush || return 1
			commit "$subject" || { f_problem="line $lineno: commit failed"; return 1; }
			subject=${line#// wb-commit: }
			;;
		"// wb-"*)
			f_problem="line $lineno: unknown marker '${line%%:*}'"
			return 1
			;;
		*)
			[ -z "$path" ] || content+="$line"$'\n'
			;;
		esac
	done < "$1"
	flush || return 1
	commit "$subject" || { f_problem="commit failed"; return 1; }
}

# run_fixture FIXTURE: 0 passed, 1 failed; details on stdout as "# ".
run_fixture() {
	local fx=$1 i rc want exp_codes=() got_codes=() failed=0

	tmp="$root/$n-$(basename "$fx" .c)"
	mkdir "$tmp" || return 1
	export REPO="$tmp/repo" GITDIR="$tmp/repo/.git"
	export WB="${WB_WRAPPER:+$WB_WRAPPER }$wb"
	export WORKBENCH_CHECKS="$top/checks"

	if [ ! -f "$fx" ] || [ ! -r "$fx" ]; then
		echo "# $fx: cannot read the fixture"
		return 1
	fi
	if ! parse_expect "$fx" "$tmp/expected.out" "$tmp/expected.err"; then
		echo "# $fx: malformed fixture: $f_problem"
		return 1
	fi
	if ! build_repo "$fx" > "$tmp/build.log" 2>&1; then
		echo "# $fx: could not build the repository: ${f_problem:-git failed}"
		diag_file "$tmp/build.log"
		return 1
	fi

	set_date $ncommits
	for i in "${!f_setup[@]}"; do
		if ! (cd "$REPO" && bash -e -o pipefail -c "${f_setup[$i]}") \
				< /dev/null > "$tmp/setup.log" 2>&1; then
			echo "# setup failed: ${f_setup[$i]}"
			diag_file "$tmp/setup.log"
			return 1
		fi
	done

	read -r -a exp_codes <<< "$f_exit"
	if [ ${#exp_codes[@]} -gt ${#f_cmds[@]} ]; then
		echo "# $fx: malformed fixture: more exit values than commands"
		return 1
	fi

	: > "$tmp/actual.out"
	: > "$tmp/actual.err"
	for i in "${!f_cmds[@]}"; do
		(cd "$REPO" && timeout -k 10 "${WB_TIMEOUT:-600}" \
			bash -o pipefail -c "${f_cmds[$i]}") \
			< /dev/null >> "$tmp/actual.out" 2>> "$tmp/actual.err"
		rc=$?
		got_codes+=("$rc")
		want=${exp_codes[$i]:-0}
		if [ "$rc" != "$want" ]; then
			failed=1
			if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
				echo "# command timed out: ${f_cmds[$i]}"
			else
				echo "# exit value $rc, expected $want: ${f_cmds[$i]}"
			fi
		fi
	done

	if ! cmp -s "$tmp/expected.out" "$tmp/actual.out"; then
		failed=1
		echo "# stdout differs:"
		diff -u --label expected --label actual \
			"$tmp/expected.out" "$tmp/actual.out" > "$tmp/diff"
		diag_file "$tmp/diff" 80
	fi
	if [ $f_has_err = 1 ] && ! cmp -s "$tmp/expected.err" "$tmp/actual.err"; then
		failed=1
		echo "# stderr differs:"
		diff -u --label expected --label actual \
			"$tmp/expected.err" "$tmp/actual.err" > "$tmp/diff"
		diag_file "$tmp/diff" 80
	fi
	for i in "${!f_contains[@]}"; do
		if ! grep -qF -e "${f_contains[$i]}" "$tmp/actual.err"; then
			failed=1
			echo "# stderr does not contain: ${f_contains[$i]}"
		fi
	done
	if [ $failed = 1 ] && [ -s "$tmp/actual.err" ] && [ $f_has_err = 0 ]; then
		echo "# stderr was:"
		diag_file "$tmp/actual.err" 20
	fi
	return $failed
}

if [ ! -x "$wb" ]; then
	echo "# warning: $wb is not an executable (build it with make)"
fi

echo "1..${#fixtures[@]}"
n=0 passed=0 failed=0 todo=0
for fx in "${fixtures[@]}"; do
	n=$((n + 1))
	rel=$fx
	if d=$(cd "$(dirname "$fx")" 2>/dev/null && pwd); then
		rel=$d/$(basename "$fx")
		rel=${rel#"$here"/}
	fi
	run_fixture "$fx" > "$root/diag" 2>&1
	rc=$?
	title=$rel
	[ -z "$f_name" ] || title="$rel: $f_name"
	if [ $f_known = 1 ] && [ -z "$f_problem" ]; then
		todo=$((todo + 1))
		passed=$((passed + 1))
		if [ $rc = 0 ]; then
			echo "ok $n - $title # TODO known to fail (passed)"
		else
			echo "ok $n - $title # TODO known to fail"
		fi
		[ "${V:-0}" != 1 ] || cat "$root/diag"
	elif [ $rc = 0 ]; then
		passed=$((passed + 1))
		echo "ok $n - $title"
	else
		failed=$((failed + 1))
		echo "not ok $n - $title"
		cat "$root/diag"
	fi
	rm -f "$root/diag"
	cleanup
done

[ $todo = 0 ] || echo "# $todo known to fail (counted as passed)"
echo "$passed passed, $failed failed"
[ $failed = 0 ]
