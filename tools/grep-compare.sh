#!/bin/bash
# Compares 'workbench callers --depth 0' with 'git grep -w' over the same
# symbols: every grep line the audit does not list must be a definition,
# declaration, comment, string or export, and the audit must list nothing
# grep does not find.  Prints both differences.
#   tools/grep-compare.sh REPO REV SYMBOL...
set -eu
[ $# -ge 3 ] || { echo "usage: $0 REPO REV SYMBOL..." >&2; exit 2; }
repo=$1 rev=$2
shift 2
wb=${WB:-$(dirname "$0")/../workbench}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
args=()
for s in "$@"; do args+=(-e "$s"); done
"$wb" callers --repo "$repo" --rev "$rev" --depth 0 --format=json "$@" >"$tmp/a.json" 2>/dev/null || true
git -C "$repo" grep -n -w "${args[@]}" "$rev" -- '*.c' '*.h' >"$tmp/g.txt" 2>/dev/null || true
python3 - "$tmp/a.json" "$tmp/g.txt" <<'PY'
import json, sys
a = json.load(open(sys.argv[1]))
sites = set()
def walk(nodes):
    for n in nodes:
        sites.add((n['path'], n['line']))
        walk(n.get('callers', []))
for au in a['audits']:
    for p in au['primitives']:
        walk(p['callers'])
grep = []
for l in open(sys.argv[2], errors='replace'):
    _, path, line, text = l.split(':', 3)
    grep.append((path, int(line), text.strip()))
gset = set((p, l) for p, l, _ in grep)
miss = [g for g in grep if (g[0], g[1]) not in sites]
extra = sorted(sites - gset)
print(f"git grep: {len(grep)} lines; audit: {len(sites)} sites; "
      f"grep only: {len(miss)}; audit only: {len(extra)}")
for p, l, t in miss:
    print(f"grep only: {p}:{l}: {t[:100]}")
for p, l in extra:
    print(f"audit only: {p}:{l}")
PY
