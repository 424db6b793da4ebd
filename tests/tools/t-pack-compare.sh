#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Our pack reader (src/pack.c) against plain libgit2: repositories built
# here with git (many similar blobs; deep OFS_DELTA chains; REF_DELTA;
# 64-bit offsets in the index; alternates; a pack that appears after the
# reader has listed the packs), every object read both ways and compared
# by type, size and bytes (build/pack-compare, 'make pack-compare').
# PACK_COMPARE=path overrides the binary (build-san/pack-compare under ASan).
# Ends "N passed, N failed".
set -u
TOP=$(cd "$(dirname "$0")/../.." && pwd)
PC=${PACK_COMPARE:-$TOP/build/pack-compare}
T=$(mktemp -d "${TMPDIR:-/tmp}/wb-packcmp.XXXXXX") || exit 4
trap '[ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null LC_ALL=C TZ=UTC HOME="$T"
export GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org GIT_COMMITTER_NAME=C
export GIT_COMMITTER_EMAIL=c@example.org GIT_AUTHOR_DATE=2026-01-01T00:00:00Z
export GIT_COMMITTER_DATE=2026-01-01T00:00:00Z
unset GIT_DIR GIT_WORK_TREE GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES
npass=0 nfail=0 n=0 total=0

report() {
	local name=$1 st=$2; shift 2
	n=$((n + 1))
	if [ "$st" -eq 0 ]; then
		npass=$((npass + 1)); echo "ok $n - $name"
	else
		nfail=$((nfail + 1)); echo "not ok $n - $name"
		for l in "$@"; do printf '#   %s\n' "$l"; done
	fi
}

# compare LABEL GITDIR [ARGS]: every object both ways, all by our reader
compare() {
	local label=$1 dir=$2 out; shift 2
	out=$(timeout -k 5 300 "$PC" "$dir" "$@" 2>"$T/err")
	local rc=$? why=()
	[ "$rc" -eq 0 ] || why+=("exit $rc" "$(head -c 600 "$T/err")")
	# "compared N objects, M read by the pack reader, 0 differ, 0 unreadable"
	set -- $out
	[ "${2:-0}" -gt 0 ] || why+=("no objects compared: $out")
	[ "${2:-0}" = "${4:-x}" ] || why+=("not every object came from our reader: $out")
	total=$((total + ${2:-0}))
	report "$label: $out" ${#why[@]} "${why[@]}"
}

# packstats GITDIR: "base=N ofs=N ref=N big=N" over its packs' entries
packstats() {
	python3 - "$1" <<'PY'
import glob, os, struct, sys
c = {"base": 0, "ofs": 0, "ref": 0, "big": 0}
for idx in glob.glob(os.path.join(sys.argv[1], "objects/pack/*.idx")):
    d = open(idx, "rb").read()
    n = struct.unpack(">I", d[8 + 255 * 4:8 + 256 * 4])[0]
    o32 = 8 + 1024 + n * 24
    o64 = o32 + n * 4
    pk = open(idx[:-4] + ".pack", "rb")
    for i in range(n):
        v = struct.unpack(">I", d[o32 + 4 * i:o32 + 4 * i + 4])[0]
        if v & 0x80000000:
            c["big"] += 1
            v = struct.unpack(">Q", d[o64 + 8 * (v & 0x7fffffff):][:8])[0]
        pk.seek(v)
        t = (pk.read(1)[0] >> 4) & 7
        c["ofs" if t == 6 else "ref" if t == 7 else "base"] += 1
print(" ".join("%s=%d" % kv for kv in c.items()))
PY
}

# maxchain GITDIR: the longest delta chain git reports
maxchain() {
	local p
	for p in "$1"/objects/pack/*.idx; do
		git verify-pack -v "$p" | sed -n 's/^chain length = \([0-9]*\):.*/\1/p'
	done | sort -n | tail -n 1
}

# a repository of many similar C files over many commits
R=$T/many
git init -q -b master "$R"
python3 - "$R" <<'PY'
import os, random, subprocess, sys
r = sys.argv[1]
rnd = random.Random(15)
files = ["d%d/f%03d.c" % (i % 7, i) for i in range(120)]
body = {f: ["// SPDX-License-Identifier: GPL-2.0\n", "#include <linux/%s.h>\n" % f[:2]] +
        ["int fn_%d_%d(int x)\n{\n\treturn x + %d;\n}\n" % (i, j, j) for j in range(30)]
        for i, f in enumerate(files)}
for rnd_no in range(40):
    for f in rnd.sample(files, 90):
        lines = body[f]
        k = rnd.randrange(2, len(lines))
        op = rnd.randrange(3)
        if op == 0:
            lines.insert(k, "/* round %d: %s */\n" % (rnd_no, "x" * rnd.randrange(80)))
        elif op == 1 and len(lines) > 10:
            del lines[k]
        else:
            lines[k] = lines[k].replace("return", "return -")
        os.makedirs(os.path.join(r, os.path.dirname(f)), exist_ok=True)
        with open(os.path.join(r, f), "w") as fh:
            fh.writelines(lines)
    # one larger binary-ish file that changes a little each round
    with open(os.path.join(r, "blob.bin"), "wb") as fh:
        fh.write(bytes(rnd.randrange(256) for _ in range(3000)) * 20 + b"%d" % rnd_no)
    subprocess.check_call(["git", "-C", r, "add", "-A"])
    subprocess.check_call(["git", "-C", r, "commit", "-qm", "round %d" % rnd_no])
# then chain.c alone, 100 times, each version one more line from the
# first (appending would delta every version against the last): chains
# as deep as --depth allows
chain = ["int line_%d(void) { return 0; }\n" % i for i in range(400)]
for rnd_no in range(100):
    chain[rnd_no * 3] = chain[rnd_no * 3].replace("return 0", "return %d" % (rnd_no + 1))
    with open(os.path.join(r, "chain.c"), "w") as fh:
        fh.writelines(chain)
    subprocess.check_call(["git", "-C", r, "add", "chain.c"])
    subprocess.check_call(["git", "-C", r, "commit", "-qm", "chain %d" % rnd_no])
PY
git -C "$R" tag v1

# 1. deep OFS_DELTA chains
git -C "$R" repack -adfq --depth=50 --window=50
st=$(packstats "$R/.git"); mc=$(maxchain "$R/.git")
[ "${st#*ofs=}" != "${st}" ] && [ "$(sed 's/.*ofs=\([0-9]*\).*/\1/' <<<"$st")" -gt 100 ] && [ "${mc:-0}" -ge 45 ]
report "set-up: OFS_DELTA pack ($st, longest chain $mc)" $?
compare "OFS_DELTA, depth 50" "$R/.git"
compare "OFS_DELTA, 2 threads each reading all" "$R/.git" --threads 2

# 2. REF_DELTA: no delta base offsets
cp -a "$R" "$T/ref"
git -C "$T/ref" -c repack.useDeltaBaseOffset=false repack -adfq --depth=50 --window=50
st=$(packstats "$T/ref/.git")
[ "$(sed 's/.*ref=\([0-9]*\).*/\1/' <<<"$st")" -gt 100 ]
report "set-up: REF_DELTA pack ($st)" $?
compare "REF_DELTA, depth 50" "$T/ref/.git"

# 3. 64-bit offsets: an index that puts every entry past 1 KiB in the large table
cp -a "$R" "$T/big"
p=$(ls "$T/big/.git/objects/pack/"*.pack)
rm -f "${p%.pack}.idx"
git -C "$T/big" index-pack --index-version=2,1024 "$p" >/dev/null
st=$(packstats "$T/big/.git")
[ "$(sed 's/.*big=\([0-9]*\).*/\1/' <<<"$st")" -gt 100 ]
report "set-up: 64-bit offsets in the index ($st)" $?
compare "64-bit offsets" "$T/big/.git"

# 4. alternates: two snapshot repositories and one that borrows from both
git init -q -b master "$T/alt-a"
git -C "$T/alt-a" fetch -q "$R" v1:refs/heads/a
git -C "$T/alt-a" repack -adfq --depth=50 --window=50
git init -q -b master "$T/alt-b"
(cd "$T/alt-b" && for i in $(seq 1 40); do echo "int b$i(void) { return $i; }" >"b$i.c"; done &&
	git add -A && git commit -qm b && git repack -adq)
git init -q --bare "$T/sweep.git"
printf '%s\n%s\n' "$T/alt-a/.git/objects" "$T/alt-b/.git/objects" >"$T/sweep.git/objects/info/alternates"
git -C "$T/sweep.git" fetch -q "$T/alt-b" master:refs/heads/b
(cd "$T/alt-a" && echo "int own(void) { return 1; }" >own.c && git add own.c && git commit -qm own &&
	git repack -dq)
git -C "$T/sweep.git" fetch -q "$T/alt-a" master:refs/heads/a
git -C "$T/sweep.git" repack -adlq
compare "alternates: own pack and two borrowed" "$T/sweep.git"

# 5. a pack that appears once the reader has listed the packs
cp -a "$R" "$T/late"
(cd "$T/late" && for i in $(seq 1 30); do echo "int late$i(void) { return $i; }" >"late$i.c"; done &&
	git add -A && git commit -qm late)
git -C "$T/late" repack -dq # the new loose objects into a second pack
mkdir "$T/stash"
newest=$(ls -t "$T/late/.git/objects/pack/"*.pack | head -n 1)
mv "$newest" "${newest%.pack}.idx" "$T/stash/"
compare "a pack that appears late (refresh)" "$T/late/.git" --late "$T/stash"

# 6. WB_PACK_READER=0: libgit2 alone (what the comparison stands on)
out=$(WB_PACK_READER=0 timeout -k 5 300 "$PC" "$R/.git" 2>&1)
rc=$?
set -- $out
[ "$rc" -eq 0 ] && [ "${2:-0}" -gt 0 ] && [ "${4:-x}" = 0 ]
report "WB_PACK_READER=0 turns our reader off: $out" $?

echo "# $total objects compared"
echo "$npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
