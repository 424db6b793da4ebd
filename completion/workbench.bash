# SPDX-License-Identifier: GPL-2.0
# bash completion for workbench: commands, options (from the command's own
# table: workbench CMD --wb-list-options), check names, revisions (the refs
# of --repo) and ranges BASE..HEAD.  Installed as
# PREFIX/share/bash-completion/completions/workbench; or source it.

_workbench_refs() {
	local repo=$1
	git -C "${repo:-.}" for-each-ref --format='%(refname:short)' \
		refs/heads refs/tags refs/remotes 2>/dev/null
	echo HEAD
}

_workbench_checks() {
	"$1" checks 2>/dev/null | while read -r name _; do echo "$name"; done
}

_workbench() {
	local wb=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} opt="" repo="" cmd="" sub=""
	local i w words
	# --repo=DIR is split by COMP_WORDBREAKS into --repo, =, DIR
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--repo=*) repo=${w#--repo=} ;;
		--repo)
			if [ "${COMP_WORDS[i + 1]:-}" = "=" ]; then
				repo=${COMP_WORDS[i + 2]:-}; i=$((i + 2))
			else
				repo=${COMP_WORDS[i + 1]:-}; i=$((i + 1))
			fi
			;;
		--rev|--since|--notes|--cache-dir|--kconfig|--format|--depth|--up|--max-size|--jobs|-j|-o|\
		--only|--audit-checks|--*-flags)
			[ "${COMP_WORDS[i + 1]:-}" = "=" ] && i=$((i + 1))
			i=$((i + 1))
			;;
		-*|=) ;;
		*)
			if [ -z "$cmd" ]; then
				cmd=$w
			elif [ "$cmd" = series ] && [ -z "$sub" ]; then
				sub=$w
			fi
			;;
		esac
	done
	# the option whose value is being completed
	if [ "$cur" = "=" ]; then
		opt=${COMP_WORDS[COMP_CWORD - 1]}; cur=""
	elif [ "${COMP_WORDS[COMP_CWORD - 1]:-}" = "=" ]; then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --*=* ]]; then
		opt=${cur%%=*}; cur=${cur#*=}
	elif [[ ${COMP_WORDS[COMP_CWORD - 1]:-} == -* ]] && [ $COMP_CWORD -gt 1 ]; then
		case ${COMP_WORDS[COMP_CWORD - 1]} in
		--repo|--rev|--since|--notes|--cache-dir|--kconfig|--format|--only|--audit-checks|-o)
			opt=${COMP_WORDS[COMP_CWORD - 1]} ;;
		esac
	fi
	COMPREPLY=()
	if [ -z "$cmd" ]; then
		words="$("$wb" --wb-list-commands 2>/dev/null) help --version --help"
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		return
	fi
	case $opt in
	--repo|--cache-dir|-o)
		mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
	--notes|--kconfig)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
	--rev|--since)
		mapfile -t COMPREPLY < <(compgen -W "$(_workbench_refs "$repo")" -- "$cur"); return ;;
	--format)
		mapfile -t COMPREPLY < <(compgen -W "text json sarif" -- "$cur"); return ;;
	--only)
		mapfile -t COMPREPLY < <(compgen -W "checkpatch cocci sparse audit" -- "$cur"); return ;;
	--audit-checks)
		mapfile -t COMPREPLY < <(compgen -W "$(_workbench_checks "$wb")" -- "$cur"); return ;;
	esac
	if [ "$cmd" = series ] && [ -z "$sub" ] && [[ $cur != -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "regen check send" -- "$cur")
		return
	fi
	if [[ $cur == -* ]]; then
		# shellcheck disable=SC2086
		words=$("$wb" $cmd $sub --wb-list-options 2>/dev/null)
		mapfile -t COMPREPLY < <(compgen -W "$words" -- "$cur")
		[[ ${COMPREPLY[0]:-} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $cmd in
	audit)
		mapfile -t COMPREPLY < <(compgen -W "$(_workbench_checks "$wb")" -- "$cur") ;;
	check)
		if [[ $cur == *..* ]]; then
			mapfile -t COMPREPLY < <(compgen -P "${cur%%..*}.." -W "$(_workbench_refs "$repo")" -- "${cur#*..}")
		else
			mapfile -t COMPREPLY < <(compgen -W "$(_workbench_refs "$repo")" -- "$cur")
		fi
		;;
	verify|series)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur") ;;
	help)
		mapfile -t COMPREPLY < <(compgen -W "$("$wb" --wb-list-commands 2>/dev/null)" -- "$cur") ;;
	esac
}
complete -F _workbench workbench
