#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Hostile packs, read by our pack reader (src/pack.c): a truncated entry,
# sizes that lie (more, less, 1 TiB in a few bytes), flipped bytes in a
# delta and in its zlib stream, bad delta opcodes, a copy past the base, a
# delta whose result is not the size it says, a REF_DELTA cycle, a chain
# deeper than 10,000, index offsets outside the pack, an unknown entry type.
# Each pack is written by tests/hostile/wbpack.py and holds the blob of one
# caller, zz.c; each audit must end (no hang, no crash, clean under ASan),
# say which pack and which object could not be read, still audit the rest
# and exit 3 (incomplete).  Two well-formed hand-written packs (OFS and
# REF deltas) must be read as they are.
#
# WB_SAN=path/to/build-san/workbench runs the same under ASan (default:
# build-san/workbench if built).
. "$(dirname "$0")/lib.sh"
t_begin
TIMEOUT=${WB_TIMEOUT:-40}
SAN=${WB_SAN:-$TOP/build-san/workbench}
export WORKBENCH_CHECKS="$TOP/checks" LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$TOP/tests/lsan.supp}

# plant CASE: a fresh base repo whose new zz.c blob lives only in a pack
# written by the python below; prints "PATH OID"
plant() {
	local r="$T/$1"
	mkbase "$r" >/dev/null
	python3 - "$r" "$1" <<'PY'
import hashlib, subprocess, sys, zlib
from wbgitobj import *
from wbpack import *

repo, case = sys.argv[1], sys.argv[2]
gd = gitdir(repo)
ents = head_entries(repo)
body = (b"// SPDX-License-Identifier: GPL-2.0\n#include <linux/pagemap.h>\n\n"
        b"int zz_caller(struct req *req)\n{\n\treturn fault_in_pages_readable(req->ubuf, req->len);\n}\n")
victim = oid_of(OBJ_BLOB, body)
base = body.replace(b"zz_caller", b"yy_helper") + b"/* the base of the delta */\n"
base_oid = oid_of(OBJ_BLOB, base)
k = body.index(b"zz_caller")
good = delta(len(base), len(body),
             copy_op(0, k) + insert_op(b"zz_caller") + copy_op(k + 9, len(body) - k - 9))


def other(i):
    return hashlib.sha1(b"other %d" % i).hexdigest()


B = {"oid": base_oid, "type": OBJ_BLOB, "data": base}
V = {"oid": victim, "type": OBJ_BLOB, "data": body}
if case == "good-ofs":
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": good, "base": 0}]
elif case == "good-ref":
    pk = [B, {"oid": victim, "type": OBJ_REF_DELTA, "data": good, "ref": base_oid}]
elif case == "truncated":
    z = zlib.compress(body)
    pk = [B, dict(V, zdata=z[:len(z) // 2])]
elif case == "size-over":
    pk = [dict(V, size=len(body) + 100)]
elif case == "size-under":
    pk = [dict(V, size=len(body) - 10)]
elif case == "size-huge":
    pk = [dict(V, size=1 << 40)]
elif case == "delta-flip":
    # the length byte of the insert: the ops no longer add up
    d = bytearray(good)
    d[len(varint(len(base)) + varint(len(body)) + copy_op(0, k))] ^= 0x55
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": bytes(d), "base": 0}]
elif case == "delta-zflip":
    z = bytearray(zlib.compress(good))
    z[len(z) // 2] ^= 0x55
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": good, "zdata": bytes(z), "base": 0}]
elif case == "delta-op0":
    d = delta(len(base), len(body), copy_op(0, 60) + b"\0" + insert_op(body[60:]))
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": d, "base": 0}]
elif case == "delta-copy":
    d = delta(len(base), len(body), copy_op(60, len(base)) + insert_op(body))
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": d, "base": 0}]
elif case == "delta-result":
    d = delta(len(base), len(body) + 7, insert_op(body))
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": d, "base": 0}]
elif case == "delta-huge":
    d = delta(len(base), 1 << 40, insert_op(body))
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": d, "base": 0}]
elif case == "delta-base-size":
    d = delta(len(base) + 1, len(body), insert_op(body))
    pk = [B, {"oid": victim, "type": OBJ_OFS_DELTA, "data": d, "base": 0}]
elif case == "ref-cycle":
    y = other(1)
    pk = [{"oid": victim, "type": OBJ_REF_DELTA, "data": good, "ref": y},
          {"oid": y, "type": OBJ_REF_DELTA, "data": delta(len(body), len(base), insert_op(base)),
           "ref": victim}]
elif case == "ref-self":
    pk = [{"oid": victim, "type": OBJ_REF_DELTA, "data": delta(len(body), len(body), copy_op(0, len(body))),
           "ref": victim}]
elif case == "deep":
    same = delta(len(body), len(body), copy_op(0, len(body)))
    pk = [{"oid": other(0), "type": OBJ_BLOB, "data": body}]
    for i in range(1, 10002):
        pk.append({"oid": other(i), "type": OBJ_OFS_DELTA, "data": same, "base": i - 1})
    pk[-1]["oid"] = victim
elif case == "offset-out":
    pk = [B, dict(V, offset=0x7ffffff0)]
elif case == "offset-big":
    pk = [B, dict(V, offset=1 << 40)]
elif case == "type5":
    pk = [B, dict(V, type=5)]
else:
    sys.exit("unknown case " + case)
write_pack(gd, pk)
ents.append(("100644", b"zz.c", victim))
head = subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"]).decode().strip()
update_ref(repo, "HEAD", commit(gd, tree(gd, sort_entries(ents)), [head], case.encode() + b"\n"))
print("zz.c", victim)
PY
}

# check LABEL CASE WANT OUT [WB]: ended, exit 3, the object named with its
# path, the pack reader's message (WANT) naming the pack, the rest audited
check() {
	local label=$1 case=$2 want=$3 out=$4 wb=${5:-$WB} path oid rc why=()
	read -r path oid <"$T/$case.victim"
	WB=$wb run_wb "$out" audit --repo "$T/$case" --no-cocci --no-cache fault-in
	rc=$(rc_of "$out")
	crashed "$rc" "$out" && why+=("crashed, hung or sanitizer report (rc $rc)" "$(grep -m3 'ERROR\|runtime error' "$out.err")")
	[ "$rc" -eq 3 ] || why+=("exit $rc, expected 3 (incomplete)")
	grep -q "^$path.*$oid" "$out.err" || why+=("no diagnostic naming '$path' and $oid" "$(head -c 600 "$out.err")")
	grep -q "corrupt pack '[^']*/objects/pack/pack-[0-9a-f]*\.pack': object $oid: .*$want" "$out.err" ||
		why+=("no error naming the pack, the object and '$want'" "$(head -c 600 "$out.err")")
	grep -q "incomplete" "$out.out" || why+=("the summary does not say incomplete")
	for c in a_caller b_caller c_caller; do
		grep -q "$c()" "$out.out" || why+=("$c was not audited")
	done
	grep -q "zz_caller()" "$out.out" && why+=("zz_caller was audited from a pack that cannot be read")
	report "$label" ${#why[@]} "${why[@]}"
}

# good LABEL CASE OUT: a well-formed hand-written pack is read as it is
good() {
	local label=$1 case=$2 out=$3 rc why=()
	run_wb "$out" audit --repo "$T/$case" --no-cocci --no-cache fault-in
	rc=$(rc_of "$out")
	crashed "$rc" "$out" && why+=("crashed, hung or sanitizer report (rc $rc)")
	[ "$rc" -le 1 ] || why+=("exit $rc, expected 0 or 1" "$(head -c 600 "$out.err")")
	grep -q "zz_caller()" "$out.out" || why+=("zz_caller, read from the pack, was not audited")
	report "$label" ${#why[@]} "${why[@]}"
}

CASES="good-ofs good-ref truncated size-over size-under size-huge delta-flip delta-zflip delta-op0
	delta-copy delta-result delta-huge delta-base-size ref-cycle ref-self deep offset-out offset-big type5"
for c in $CASES; do
	plant "$c" >"$T/$c.victim" || { report "$c: set-up" 1 "plant failed"; continue; }
done

good "hand-written OFS_DELTA pack: read" good-ofs "$T/g1"
good "hand-written REF_DELTA pack: read" good-ref "$T/g2"
check "truncated entry: refused" truncated "not a valid zlib stream" "$T/o1"
check "entry shorter than its header says: refused" size-over "inflates to [0-9]* bytes, it says" "$T/o2"
check "entry longer than its header says: refused" size-under "inflates to more than" "$T/o3"
check "entry claiming 1 TiB in a few bytes: refused, nothing allocated" size-huge "claims 1099511627776 bytes" "$T/o4"
check "flipped byte in a delta: refused" delta-flip "delta" "$T/o5"
check "flipped byte in a delta's zlib stream: refused" delta-zflip "\(not a valid zlib stream\|inflates to\)" "$T/o6"
check "delta opcode 0: refused" delta-op0 "bad delta opcode 0" "$T/o7"
check "delta copying past its base: refused" delta-copy "copies past the end of its base" "$T/o8"
check "delta result of another size than it says: refused" delta-result "writes [0-9]* bytes, it says" "$T/o9"
check "delta claiming a 1 TiB result: refused before allocating" delta-huge "1099511627776 bytes" "$T/o10"
check "delta for a base of another size: refused" delta-base-size "for a base of" "$T/o11"
check "REF_DELTA cycle of two: an error, no hang" ref-cycle "delta cycle" "$T/o12"
check "REF_DELTA naming itself: an error, no hang" ref-self "delta cycle" "$T/o13"
check "delta chain deeper than 10000: refused" deep "delta chain deeper than 10000" "$T/o14"
check "index offset outside the pack: refused" offset-out "outside the pack" "$T/o15"
check "64-bit index offset outside the pack: refused" offset-big "outside the pack" "$T/o16"
check "unknown entry type: refused" type5 "unknown entry type 5" "$T/o17"

if [ -x "$SAN" ] && [ "$SAN" != "$WB" ]; then
	check "ASan: truncated entry" truncated "not a valid zlib stream" "$T/s1" "$SAN"
	check "ASan: entry shorter than its header says" size-over "it says" "$T/s2" "$SAN"
	check "ASan: entry longer than its header says" size-under "inflates to more than" "$T/s3" "$SAN"
	check "ASan: entry claiming 1 TiB" size-huge "claims 1099511627776 bytes" "$T/s4" "$SAN"
	check "ASan: flipped byte in a delta" delta-flip "delta" "$T/s5" "$SAN"
	check "ASan: delta opcode 0" delta-op0 "bad delta opcode 0" "$T/s7" "$SAN"
	check "ASan: delta copying past its base" delta-copy "copies past the end" "$T/s8" "$SAN"
	check "ASan: delta result of another size" delta-result "it says" "$T/s9" "$SAN"
	check "ASan: delta claiming a 1 TiB result" delta-huge "1099511627776 bytes" "$T/s10" "$SAN"
	check "ASan: REF_DELTA cycle" ref-cycle "delta cycle" "$T/s12" "$SAN"
	check "ASan: delta chain deeper than 10000" deep "delta chain deeper than 10000" "$T/s14" "$SAN"
	check "ASan: index offset outside the pack" offset-big "outside the pack" "$T/s16" "$SAN"
fi
t_end
