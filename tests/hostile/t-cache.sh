#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Issue 11 point 5: a damaged scan cache must never change the answer.  Each
# case damages a copy of a good cache (a count, a wrapped offset, a zero page,
# a truncation, random bit flips, odd files in the cache directory), or races
# or kills audits on one cache, and asserts: no crash, no hang, a warning
# naming the damaged file, the JSON report and exit code of the --no-cache
# audit, and (for damaged segments) a next run that is clean and still right.
. "$(dirname "$0")/lib.sh"
t_begin

CK=(fault-in gup-longterm)
AUD=(audit --no-cocci --format=json)

# ---- a world: a repo whose records fill a few pages, and a good cache ----

R=$T/repo
mkbase "$R"
mkdir -p "$R/mm" "$R/drivers"
cat >"$R/mm/w.c" <<'EOC'
static int wrap_readable(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}
int user_of_wrap(void) { return wrap_readable(0, 1); }
EOC
for i in $(seq 1 36); do
	{
		echo "// SPDX-License-Identifier: GPL-2.0"
		echo "#include <linux/pagemap.h>"
		for j in $(seq 1 12); do
			echo "static int helper_${i}_${j}(struct thing_$j *t, long arg_$i)"
			echo "{"
			echo "	return t->field_${i}_$j + arg_$i + other_name_$j(t, count_${i});"
			echo "}"
		done
		case $((i % 3)) in
		0) echo "int drv${i}_read(struct req *r) { return fault_in_pages_writeable(r->ubuf, r->len); }" ;;
		1) echo "long drv${i}_pin(unsigned long a, struct page **p) { return pin_user_pages(a, 1, 0, p, NULL); }" ;;
		2) echo "int drv${i}_none(void) { return helper_${i}_1(0, 0); }" ;;
		esac
	} >"$R/drivers/d$i.c"
done
git -C "$R" add -A && git -C "$R" commit -qm more

run_wb "$T/ref" "${AUD[@]}" --repo "$R" --no-cache "${CK[@]}"
REFRC=$(rc_of "$T/ref")
# the good cache: a first run with one check, a second with both (two scan segments)
G=$T/good
run_wb "$T/g1" "${AUD[@]}" --repo "$R" --cache-dir "$G" fault-in
run_wb "$T/g2" "${AUD[@]}" --repo "$R" --cache-dir "$G" "${CK[@]}"
run_wb "$T/g3" "${AUD[@]}" --repo "$R" --cache-dir "$G" "${CK[@]}"
st=0
{ cmp -s "$T/ref.out" "$T/g2.out" && cmp -s "$T/ref.out" "$T/g3.out" &&
	[ "$(rc_of "$T/g3")" = "$REFRC" ] && [ ! -s "$T/g3.err" ] &&
	[ "$(find "$G" -name 'seg-*.wbc' | wc -l)" -ge 3 ]; } || st=1
report "a good cache gives the --no-cache report (rc $REFRC)" $st \
	"$(head -c 300 "$T/g3.err")" "$(find "$G" | head)"
# The cases below damage the segments: with the tree index of the audited
# tree (t-treeidx.sh damages that) the summaries would not even be read.
rm -rf "$G/tree"

# the segment layout: counts at 16, index offset at 24; entries of 32 (format 1)
# or 40 bytes (format 2) starting oid[20] len:u32 off:u64
cat >"$T/damage.py" <<'PY'
import glob, os, random, struct, sys

def segs(d, kind="*"):
    return sorted(glob.glob(os.path.join(d, kind, "seg-*.wbc")))

def entries(b):
    esz = 32 if b[7] == 1 else 40
    count, = struct.unpack_from("<I", b, 16)
    ioff, = struct.unpack_from("<Q", b, 24)
    return [(ioff + esz * i, b[ioff + esz * i:ioff + esz * i + 20]) +
            struct.unpack_from("<IQ", b, ioff + esz * i + 20) for i in range(count)]

def largest(d, kind):
    return max(segs(d, kind), key=os.path.getsize)

def rw(path, fn):
    b = bytearray(open(path, "rb").read())
    b = fn(b)
    with open(path, "wb") as f:
        f.write(b)
    print(path)

def fuzz(d, seed):
    rnd = random.Random(seed)
    s = rnd.choice(segs(d))
    kind = rnd.choice(["flip-any", "flip-header", "flip-index", "flip-data",
                       "flips", "zero-page", "truncate", "append"])
    def f(b):
        n = len(b)
        count, = struct.unpack_from("<I", b, 16)
        ilo, ihi = 48, min(n, 48 + count * (32 if b[7] == 1 else 40))
        if kind == "flip-any":
            b[rnd.randrange(n)] ^= 1 << rnd.randrange(8)
        elif kind == "flip-header":
            b[rnd.randrange(48)] ^= 1 << rnd.randrange(8)
        elif kind == "flip-index":
            b[rnd.randrange(ilo, ihi)] ^= 1 << rnd.randrange(8)
        elif kind == "flip-data":
            b[rnd.randrange(ihi, n)] ^= 1 << rnd.randrange(8)
        elif kind == "flips":
            for _ in range(rnd.randrange(2, 9)):
                b[rnd.randrange(n)] ^= 1 << rnd.randrange(8)
        elif kind == "zero-page":
            i = rnd.randrange(0, n, 4096)
            old = b[i:i + 4096]
            b[i:i + 4096] = bytes(len(old))
            if old == b[i:i + 4096]:	# nothing changed: damage one byte
                b[i] = 0xff
        elif kind == "truncate":
            b = b[:rnd.randrange(n)]
        elif kind == "append":
            b += bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 100)))
        return b
    b = bytearray(open(s, "rb").read())
    b = f(b)
    with open(s, "wb") as fh:
        fh.write(b)
    return kind, s

cmd, d = sys.argv[1], sys.argv[2]
if cmd == "count":		# zero the hash count of OID's summary record
    oid = bytes.fromhex(sys.argv[3])
    for s in segs(d, "summary"):
        b = bytearray(open(s, "rb").read())
        for e, o, ln, off in entries(b):
            if o == oid:
                struct.pack_into("<I", b, off + 4, 0)
                open(s, "wb").write(b)
                print(s)
elif cmd == "offwrap":		# off + len wraps around 2^64
    def f(b):
        for e, o, ln, off in entries(b):
            struct.pack_into("<IQ", b, e + 20, 2**30 + 16, 2**64 - 2**30)
        return b
    rw(largest(d, "summary"), f)
elif cmd == "zeropage":
    def f(b):
        assert len(b) > 8192
        b[4096:8192] = bytes(4096)
        return b
    rw(largest(d, "summary"), f)
elif cmd == "truncate":
    rw(largest(d, "summary"), lambda b: b[:len(b) // 2])
elif cmd == "cocci":		# one character of one cached Coccinelle fact
    def f(b):
        e, o, ln, off = next(x for x in entries(b) if x[2] > 8)
        b[off + ln - 2] ^= 0x01
        return b
    rw(largest(d, "cocci"), f)
elif cmd == "fuzz":		# fuzz SEED: the damage of one seed of fuzzloop, by hand
    print(*fuzz(d, int(sys.argv[3])))
elif cmd == "fuzzloop":	# fuzzloop GOOD SECS MAX REF RC WB ARGS...: seeds 0.. in time
    import shutil, subprocess, time
    secs, most, ref, refrc, wb = float(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6]), sys.argv[7]
    args, refout = sys.argv[8:], open(sys.argv[5], "rb").read()
    work = os.path.join(os.path.dirname(d), "fuzz")
    tmo = float(os.environ.get("TIMEOUT", "120"))
    def audit():
        try:
            p = subprocess.run([wb] + [work if a == "@CACHE@" else a for a in args],
                               stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=tmo)
        except subprocess.TimeoutExpired:
            return -1, b"", b"timeout"
        return p.returncode, p.stdout, p.stderr
    start, n, bad = time.time(), 0, []
    # at least 10 seeds however slow the machine (a sanitizer build), then until the time is up
    while n < most and (n < 10 or time.time() - start < secs):
        seed, n = n, n + 1
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(d, work)
        kind, seg = fuzz(work, seed)
        rc1, out1, err1 = audit()
        rc2, out2, err2 = audit()
        why = None
        if rc1 < 0 or rc1 >= 124 or rc2 < 0 or rc2 >= 124 or b"Sanitizer" in err1 + err2 \
                or b"runtime error" in err1 + err2:
            why = "crash/hang rc %d %d" % (rc1, rc2)
        elif out1 != refout or rc1 != refrc:
            why = "wrong result"
        elif os.path.basename(seg).encode() not in err1:
            why = "no warning"
        elif out2 != refout or rc2 != refrc or err2:
            why = "next run not clean"
        if why:
            bad.append("seed %d %s %s: %s" % (seed, kind, os.path.basename(os.path.dirname(seg)), why))
    print(n, len(bad))
    for b in bad[:8]:
        print(b)
PY

# damaged CASE DAMAGE-ARGS...: damage a copy of the good cache, audit twice
damaged() {
	local name=$1 c=$T/c-${1// /-} seg st=0 msg=()
	shift
	rm -rf "$c"; cp -r "$G" "$c"
	seg=$(python3 "$T/damage.py" "$1" "$c" "${@:2}" | tail -n 1)
	seg=${seg##* }
	run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	run_wb "$c.2" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	if crashed "$(rc_of "$c.1")" "$c.1" || crashed "$(rc_of "$c.2")" "$c.2"; then
		st=1; msg+=("crash or hang: rc $(rc_of "$c.1"), $(rc_of "$c.2")" "$(grep -m2 'ERROR\|runtime' "$c.1.err" "$c.2.err")")
	fi
	if ! cmp -s "$T/ref.out" "$c.1.out" || [ "$(rc_of "$c.1")" != "$REFRC" ]; then
		st=1; msg+=("damaged run differs from --no-cache (rc $(rc_of "$c.1"))" "$(diff "$T/ref.out" "$c.1.out" | head -4)")
	fi
	if [ -z "$seg" ] || ! grep -qF "$(basename "$seg")" "$c.1.err"; then
		st=1; msg+=("no warning naming $(basename "$seg"): $(head -c 200 "$c.1.err")")
	fi
	if ! cmp -s "$T/ref.out" "$c.2.out" || [ "$(rc_of "$c.2")" != "$REFRC" ] || [ -s "$c.2.err" ]; then
		st=1; msg+=("next run not clean (rc $(rc_of "$c.2")): $(head -c 200 "$c.2.err")" "$(diff "$T/ref.out" "$c.2.out" | head -4)")
	fi
	report "$name: warned, --no-cache result, clean next run" $st "${msg[@]}"
}

damaged "flipped count" count "$(git -C "$R" rev-parse HEAD:fs/b.c)"
damaged "wrapped offset" offwrap
damaged "zero page" zeropage
damaged "truncated segment" truncate

# ---- random damage over many seeds, bounded in time ----------------------

FUZZ_SECS=${WB_CACHE_FUZZ_SECS:-20}
TIMEOUT=$TIMEOUT python3 "$T/damage.py" fuzzloop "$G" "$FUZZ_SECS" 5000 "$T/ref.out" "$REFRC" \
	"$WB" "${AUD[@]}" --repo "$R" --cache-dir @CACHE@ "${CK[@]}" >"$T/fuzz.log" 2>&1
read -r ntrial nbad <"$T/fuzz.log"
st=0
[ "${nbad:-1}" -eq 0 ] && [ "${ntrial:-0}" -ge 10 ] || st=1
mapfile -t bad < <(tail -n +2 "$T/fuzz.log")
report "random damage: ${ntrial:-0} seeds in ${FUZZ_SECS}s, ${nbad:-?} bad" $st "${bad[@]}"

# ---- odd files in the cache directory ------------------------------------

# oddfile NAME KIND: a seg-*.wbc name in scan/ that is not a regular file
oddfile() {
	local name=$1 c=$T/o-$2 st=0 msg=() odd
	rm -rf "$c"; cp -r "$G" "$c"
	odd=$c/scan/seg-00000000000000aa.wbc
	case $2 in
	fifo) mkfifo "$odd" ;;
	symlink-fifo) ln -s "$T/outside-fifo" "$odd" ;;
	symlink-seg) ln -s "$(ls "$G"/summary/seg-*.wbc | head -n 1)" "$odd" ;;
	dir) mkdir "$odd" ;;
	device) mknod "$odd" c 1 5 2>/dev/null ;;
	esac || { report "$name: (cannot be made here)" 0; return; }
	run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	if crashed "$(rc_of "$c.1")" "$c.1"; then
		st=1; msg+=("crash or hang: rc $(rc_of "$c.1")")
	fi
	if ! cmp -s "$T/ref.out" "$c.1.out" || [ "$(rc_of "$c.1")" != "$REFRC" ]; then
		st=1; msg+=("differs from --no-cache (rc $(rc_of "$c.1"))")
	fi
	grep -qF "seg-00000000000000aa.wbc" "$c.1.err" || { st=1; msg+=("no warning naming it"); }
	[ -e "$odd" ] || [ -L "$odd" ] || { st=1; msg+=("it was removed"); }
	report "$name in the cache directory: ignored with a warning" $st "${msg[@]}"
}
mkfifo "$T/outside-fifo"
oddfile "a FIFO" fifo
oddfile "a symlink to a FIFO" symlink-fifo
oddfile "a symlink to a segment" symlink-seg
oddfile "a directory" dir
oddfile "a device" device

# ---- a damaged Coccinelle record ------------------------------------------

if command -v spatch >/dev/null; then
	B=$T/cb
	mkbase "$B"
	run_wb "$T/cref" audit --format=json --repo "$B" --no-cache fault-in
	run_wb "$T/cg" audit --format=json --repo "$B" --cache-dir "$T/cgood" fault-in
	c=$T/cc; cp -r "$T/cgood" "$c"
	seg=$(python3 "$T/damage.py" cocci "$c" | tail -n 1)
	run_wb "$c.1" audit --format=json --repo "$B" --cache-dir "$c" fault-in
	run_wb "$c.2" audit --format=json --repo "$B" --cache-dir "$c" fault-in
	st=0
	cmp -s "$T/cref.out" "$T/cg.out" && cmp -s "$T/cref.out" "$c.1.out" &&
		cmp -s "$T/cref.out" "$c.2.out" && grep -qF "$(basename "$seg")" "$c.1.err" &&
		[ ! -s "$c.2.err" ] || st=1
	report "damaged cocci record: warned, --no-cache result, clean next run" $st \
		"$(diff "$T/cref.out" "$c.1.out" | head -4)" "$(head -c 200 "$c.1.err")"
fi

# ---- a loose blob whose content does not match its id ---------------------

H=$T/hm
mkbase "$H"
run_wb "$T/hgood" "${AUD[@]}" --repo "$H" --no-cache fault-in
oid=$(git -C "$H" rev-parse HEAD:fs/b.c)
obj=$H/.git/objects/${oid:0:2}/${oid:2}
cp "$obj" "$T/hm-orig"
chmod u+w "$obj"
python3 - "$obj" <<'PY'
import sys, zlib
body = b"int b_caller(void) { return 0; }\n"
open(sys.argv[1], "wb").write(zlib.compress(b"blob %d\0" % len(body) + body))
PY
run_wb "$T/hnc" "${AUD[@]}" --repo "$H" --no-cache fault-in
run_wb "$T/hc" "${AUD[@]}" --repo "$H" --cache-dir "$T/hcache" fault-in
cp "$T/hm-orig" "$obj"
run_wb "$T/hafter" "${AUD[@]}" --repo "$H" --cache-dir "$T/hcache" fault-in
st=0 msg=()
crashed "$(rc_of "$T/hc")" "$T/hc" && { st=1; msg+=("crash"); }
cmp -s "$T/hnc.out" "$T/hc.out" && [ "$(rc_of "$T/hnc")" = "$(rc_of "$T/hc")" ] ||
	{ st=1; msg+=("with the cache the report differs from --no-cache"); }
grep -q "fs/b.c" "$T/hc.err" || { st=1; msg+=("the mismatched object is used without a word"); }
cmp -s "$T/hgood.out" "$T/hafter.out" && [ "$(rc_of "$T/hgood")" = "$(rc_of "$T/hafter")" ] ||
	{ st=1; msg+=("after the repair the cache still gives the wrong report" "$(diff "$T/hgood.out" "$T/hafter.out" | head -4)"); }
report "hash-mismatched blob: reported, never cached" $st "${msg[@]}"

# ---- audits at once on one cache, and kill -9 -----------------------------

M=$T/mid
git init -q -b master "$M"
cc -std=c11 -O2 -o "$T/gen-tree" "$TOP/tools/gen-tree.c" &&
	"$T/gen-tree" -n 1200 | git -C "$M" fast-import --quiet &&
	git -C "$M" reset -q --hard master ||
	{ report "a mid-size repository from tools/gen-tree" 1; t_end; exit; }
files=($(git -C "$M" ls-files '*.c' | head -n 8))
revs=()
for i in $(seq 0 7); do
	echo "/* rev $i */" >>"$M/${files[$i]}"
	git -C "$M" commit -qam "rev $i"
	revs+=("$(git -C "$M" rev-parse HEAD)")
done
for r in "${revs[@]}"; do
	run_wb "$T/mref-$r" "${AUD[@]}" --repo "$M" --no-cache --rev "$r" "${CK[@]}"
done
C=$T/conc bad=() n=0
for round in 1 2; do
	for i in 0 2 4 6; do
		a=${revs[$((i + round - 1))]} b=${revs[$(((i + round) % 8))]}
		run_wb "$T/ca" "${AUD[@]}" --repo "$M" --cache-dir "$C" --rev "$a" "${CK[@]}" & p1=$!
		run_wb "$T/cb" "${AUD[@]}" --repo "$M" --cache-dir "$C" --rev "$b" "${CK[@]}" & p2=$!
		wait $p1 $p2
		n=$((n + 2))
		cmp -s "$T/mref-$a.out" "$T/ca.out" && [ "$(rc_of "$T/ca")" = "$(rc_of "$T/mref-$a")" ] &&
			! grep -q 'warning' "$T/ca.err" || bad+=("round $round rev $a: $(head -c 200 "$T/ca.err")")
		cmp -s "$T/mref-$b.out" "$T/cb.out" && [ "$(rc_of "$T/cb")" = "$(rc_of "$T/mref-$b")" ] &&
			! grep -q 'warning' "$T/cb.err" || bad+=("round $round rev $b: $(head -c 200 "$T/cb.err")")
	done
done
report "$n audits two at a time on one cache: each the --no-cache report" ${#bad[@]} "${bad[@]}"

# kill -9 at random points of cold and warm runs, then audit with what is left
last=${revs[7]}
t0=$(date +%s%N)
run_wb "$T/kprobe" "${AUD[@]}" --repo "$M" --cache-dir "$T/kprobe-cache" --rev "$last" "${CK[@]}"
cold_ms=$((($(date +%s%N) - t0) / 1000000))
C=$T/kill bad=() killed=0
RANDOM=11
for i in $(seq 1 8); do
	[ $((i % 3)) = 1 ] && rm -rf "$C"
	ms=$((RANDOM % (cold_ms + 1)))
	"$WB" "${AUD[@]}" --repo "$M" --cache-dir "$C" --rev "${revs[$((i % 8))]}" "${CK[@]}" \
		>/dev/null 2>&1 </dev/null & p=$!
	sleep "$((ms / 1000)).$(printf %03d $((ms % 1000)))"
	kill -9 $p 2>/dev/null && killed=$((killed + 1))
	wait $p 2>/dev/null
	run_wb "$T/kafter" "${AUD[@]}" --repo "$M" --cache-dir "$C" --rev "$last" "${CK[@]}"
	cmp -s "$T/mref-$last.out" "$T/kafter.out" && [ "$(rc_of "$T/kafter")" = "$(rc_of "$T/mref-$last")" ] ||
		bad+=("round $i (killed at ${ms} ms): rc $(rc_of "$T/kafter") $(head -c 200 "$T/kafter.err")")
done
left=$(find "$C" -name '*.tmp*' | wc -l)
[ "$left" -eq 0 ] || bad+=("$left temporary files left in the cache")
report "kill -9 at random points ($killed of 8 killed, cold run ${cold_ms} ms): --no-cache report after" \
	${#bad[@]} "${bad[@]}"

t_end
