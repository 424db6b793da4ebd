#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile git objects: truncated or lying loose objects, a FIFO in the object
# store, trees too deep to recurse into, tree entries that point at missing,
# corrupt or wrongly typed objects, a damaged pack.  Each audit must end (no
# hang, no crash, clean under ASan), name the path that could not be read,
# still audit everything else and exit 3 (incomplete).  The blob entry
# naming a tree and the flipped pack byte already held on 809c0c0: they
# guard the paths that now bypass libgit2's loose reader and tree walk.
#
# WB_SAN=path/to/build-san/workbench also runs the size lies, a truncated
# tree and the deep tree under ASan (default: build-san/workbench if built).
. "$(dirname "$0")/lib.sh"
t_begin
TIMEOUT=${WB_TIMEOUT:-40}
SAN=${WB_SAN:-$TOP/build-san/workbench}
export WORKBENCH_CHECKS="$TOP/checks" LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TOP/tests/lsan.supp}

# plant NAME CASE: a fresh base repo with one hostile object (written by the
# python below) committed on top; prints "PATH OID" of what must be reported.
plant() {
	local r="$T/$1"
	mkbase "$r" >/dev/null
	python3 - "$r" "$2" <<'PY'
import os, subprocess, sys, zlib
from wbgitobj import *

repo, case = sys.argv[1], sys.argv[2]
gd = gitdir(repo)
ents = head_entries(repo)


def caller(name):
    return (b"// SPDX-License-Identifier: GPL-2.0\n#include <linux/pagemap.h>\n\n"
            b"int %s(struct req *req)\n{\n\treturn fault_in_pages_readable(req->ubuf, req->len);\n}\n"
            % name.encode())


def loose(sha):
    return os.path.join(gd, "objects", sha[:2], sha[2:])


def rewrite(sha, data):
    p = loose(sha)
    os.chmod(p, 0o644)
    with open(p, "wb") as f:
        f.write(data)


def rev(spec):
    return subprocess.check_output(["git", "-C", repo, "rev-parse", spec]).decode().strip()


victim = None
if case == "trunc-blob":
    victim = ("fs/b.c", rev("HEAD:fs/b.c"))
    d = open(loose(victim[1]), "rb").read()
    rewrite(victim[1], d[:len(d) // 2])
elif case == "trunc-tree":
    t = tree(gd, [("100644", b"z.c", blob(gd, caller("z_caller")))])
    d = open(loose(t), "rb").read()
    rewrite(t, d[:len(d) // 2])
    ents.append(("40000", b"z", t))
    victim = ("z", t)
elif case in ("sizelie-under", "sizelie-over", "sizelie-huge"):
    # the id is that of the object the header describes; the stream says more or less
    body = caller("zz_caller") + b"/* padding to outgrow libgit2's header buffer */\n" * 2
    claim = {"sizelie-under": 12, "sizelie-over": len(body) + 100,
             "sizelie-huge": 1 << 30}[case]
    sha = put(gd, "blob", body[:claim] if claim < len(body) else body)
    rewrite(sha, zlib.compress(b"blob %d\0" % claim + body))
    ents.append(("100644", b"zz.c", sha))
    victim = ("zz.c", sha)
elif case == "packlike":
    # git's long-gone experimental loose format (binary header, then deflate), cut short
    body = caller("zz_caller")
    n = len(body)
    head = bytes([0x80 | 0x30 | (n & 15), (n >> 4) & 0x7f])
    z = zlib.compress(body)
    sha = put(gd, "blob", body, stored=head + z[:len(z) // 2])
    ents.append(("100644", b"zz.c", sha))
    victim = ("zz.c", sha)
elif case == "fifo":
    victim = ("fs/c.c", rev("HEAD:fs/c.c"))
    os.unlink(loose(victim[1]))
    os.mkfifo(loose(victim[1]))
elif case == "fifo-idx":
    subprocess.check_call(["git", "-C", repo, "repack", "-adq"])
    victim = (os.path.join(gd, "objects", "pack", "pack-" + "0" * 40 + ".idx"), "")
    os.mkfifo(victim[0])
    print(*victim)
    sys.exit(0)
elif case == "deep":
    # 100,000 nested directories, and a 300-deep one that must still be audited
    t = tree(gd, [("100644", b"deep.c", blob(gd, caller("deep_caller")))])
    for _ in range(100000):
        t = tree(gd, [("40000", b"a", t)])
    ents.append(("40000", b"z", t))
    ok = tree(gd, [("100644", b"ok.c", blob(gd, caller("ok_caller")))])
    for _ in range(300):
        ok = tree(gd, [("40000", b"y", ok)])
    ents.append(("40000", b"ok", ok))
    victim = ("z/a/a/a/a", "")
elif case == "missing-tree":
    victim = ("gone", "1234567890abcdef1234567890abcdef12345678")
    ents.append(("40000", b"gone", victim[1]))
    ents.append(("100644", b"zz.c", blob(gd, caller("zz_caller"))))
elif case == "corrupt-tree":
    sha = put(gd, "tree", b"100644 x.c" + b"\x01" * 7)
    ents.append(("40000", b"bad", sha))
    victim = ("bad", sha)
elif case == "blob-is-tree":
    victim = ("t.c", rev("HEAD:fs"))
    ents.append(("100644", b"t.c", victim[1]))
elif case == "tree-is-blob":
    victim = ("d", rev("HEAD:fs/a.c"))
    ents.append(("40000", b"d", victim[1]))
elif case == "pack-byte":
    victim = ("fs/b.c", rev("HEAD:fs/b.c"))
    subprocess.check_call(["git", "-C", repo, "repack", "-adq", "--window=0"])
    pack = [p for p in os.listdir(os.path.join(gd, "objects", "pack")) if p.endswith(".idx")][0]
    idx = os.path.join(gd, "objects", "pack", pack)
    out = subprocess.check_output(["git", "show-index"], stdin=open(idx, "rb")).decode()
    off = [int(l.split()[0]) for l in out.splitlines() if l.split()[1] == victim[1]][0]
    p = idx[:-4] + ".pack"
    os.chmod(p, 0o644)
    with open(p, "r+b") as f:
        f.seek(off + 12)
        c = f.read(1)
        f.seek(off + 12)
        f.write(bytes([c[0] ^ 0x55]))
    print(*victim)
    sys.exit(0)
else:
    sys.exit("unknown case " + case)
head = rev("HEAD")
update_ref(repo, "HEAD", commit(gd, tree(gd, sort_entries(ents)), [head], case.encode() + b"\n"))
print(*victim)
PY
}

# check LABEL CASE OUT [WB]: the audit of a planted repo ended, named the
# victim, audited the rest and said incomplete
check() {
	local label=$1 case=$2 out=$3 wb=${4:-$WB} path oid rc why=()
	read -r path oid <"$T/$case.victim"
	WB=$wb run_wb "$out" audit --repo "$T/$case" --no-cocci --no-cache fault-in
	rc=$(rc_of "$out")
	crashed "$rc" "$out" && why+=("crashed, hung or sanitizer report (rc $rc)" "$(grep -m3 'ERROR\|runtime error' "$out.err")")
	[ "$rc" -eq 3 ] || why+=("exit $rc, expected 3 (incomplete)")
	grep -q "^$path.*$oid" "$out.err" || why+=("no diagnostic naming '$path' and $oid" "$(head -c 600 "$out.err")")
	grep -q "incomplete" "$out.out" || why+=("the summary does not say incomplete")
	for c in a_caller c_caller ${EXTRA:-}; do
		[ "$c" = "${SKIP:-}" ] && continue
		grep -q "$c()" "$out.out" || why+=("$c was not audited")
	done
	for c in ${ABSENT:-}; do
		grep -q "$c()" "$out.out" && why+=("$c was audited: it is below what could be read")
	done
	report "$label" ${#why[@]} "${why[@]}"
}

# check_since LABEL CASE OUT WANT: the same through --since HEAD~1 (the
# trees are compared, not only listed); WANT must show as added
check_since() {
	local label=$1 case=$2 out=$3 want=$4 path oid rc why=()
	read -r path oid <"$T/$case.victim"
	run_wb "$out" audit --repo "$T/$case" --no-cocci --no-cache --since HEAD~1 fault-in
	rc=$(rc_of "$out")
	crashed "$rc" "$out" && why+=("crashed, hung or sanitizer report (rc $rc)" "$(grep -m3 'ERROR\|runtime error' "$out.err")")
	[ "$rc" -eq 3 ] || why+=("exit $rc, expected 3 (incomplete)")
	grep -q "^$path.*$oid" "$out.err" || why+=("no diagnostic naming '$path' and $oid" "$(head -c 600 "$out.err")")
	grep -q "<- $want()" "$out.out" || why+=("$want() not reported as added")
	report "$label" ${#why[@]} "${why[@]}"
}

for c in trunc-blob trunc-tree sizelie-under sizelie-over sizelie-huge packlike fifo \
	 missing-tree corrupt-tree blob-is-tree tree-is-blob pack-byte fifo-idx deep; do
	plant "$c" "$c" >"$T/$c.victim" || { report "$c: set-up" 1 "plant failed"; continue; }
done

check "truncated loose blob fails at once, the rest is audited" trunc-blob "$T/o1"
ABSENT=z_caller check "truncated loose tree fails at once, the rest is audited" trunc-tree "$T/o2"
EXTRA=b_caller check "loose blob longer than its header: refused" sizelie-under "$T/o3"
EXTRA=b_caller check "loose blob shorter than its header: refused" sizelie-over "$T/o4"
EXTRA=b_caller check "loose blob claiming 1 GiB in a few bytes: refused" sizelie-huge "$T/o5"
EXTRA=b_caller check "truncated loose object in the old binary-header format: refused" packlike "$T/o6"
SKIP=c_caller check "FIFO in place of a loose object: no hang" fifo "$T/o7"
EXTRA=b_caller check "tree entry naming a missing tree: the rest is audited" missing-tree "$T/o8"
EXTRA=b_caller check "tree entry naming a corrupt tree: the rest is audited" corrupt-tree "$T/o9"
EXTRA=b_caller check "blob entry naming a tree object: reported" blob-is-tree "$T/o10"
EXTRA=b_caller check "tree entry naming a blob object: the rest is audited" tree-is-blob "$T/o11"
check "flipped byte in a packed blob: reported, the rest is audited" pack-byte "$T/o12"
EXTRA="b_caller ok_caller" ABSENT=deep_caller check "100,000-deep tree: no stack overflow, 300 deep still audited" deep "$T/o13"
# a FIFO that libgit2 would open blocking: the repository is refused, naming it
read -r fifo _ <"$T/fifo-idx.victim"
run_wb "$T/o16" audit --repo "$T/fifo-idx" --no-cocci --no-cache fault-in
rc=$(rc_of "$T/o16")
why=()
crashed "$rc" "$T/o16" && why+=("crashed or hung (rc $rc)")
[ "$rc" -eq 3 ] || why+=("exit $rc, expected 3")
grep -qF "'$fifo' is not a regular file" "$T/o16.err" || why+=("no error naming the FIFO" "$(head -c 300 "$T/o16.err")")
report "FIFO in place of a pack index: refused at once" ${#why[@]} "${why[@]}"

check_since "--since across a 100,000-deep tree: ends, the rest compared" deep "$T/o14" ok_caller
check_since "--since across a missing tree: the rest compared" missing-tree "$T/o15" zz_caller

if [ -x "$SAN" ] && [ "$SAN" != "$WB" ]; then
	EXTRA=b_caller check "ASan: loose blob longer than its header" sizelie-under "$T/s3" "$SAN"
	EXTRA=b_caller check "ASan: loose blob shorter than its header" sizelie-over "$T/s4" "$SAN"
	check "ASan: truncated loose tree" trunc-tree "$T/s2" "$SAN"
	EXTRA="b_caller ok_caller" ABSENT=deep_caller check "ASan: 100,000-deep tree" deep "$T/s13" "$SAN"
fi
t_end
