#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The tree index (cache directory tree/HEX.wbt: a tree's listing and its
# summaries inside out, src/treeidx.c) is what an audit at an already-audited
# revision reads instead of the tree and the summaries.  Like the segments it
# must never change the answer: each case damages a copy of a good one and
# asserts no crash, no hang, the --no-cache report and exit code, a warning
# naming the file when it is damaged, and a next run that is clean.  Also:
# the index really answers (an audit with the summaries gone reads no blob),
# a blob missing when it was saved is looked for again, only the newest
# indexes are kept, and a tree the walk could not list is never saved.
. "$(dirname "$0")/lib.sh"
t_begin

CK=(fault-in gup-longterm)
AUD=(audit --no-cocci --format=json)

R=$T/repo
mkbase "$R"
mkdir -p "$R/mm" "$R/drivers" "$R/include/linux"
cat >"$R/mm/w.c" <<'EOC'
static int wrap_readable(const char __user *p, size_t n)
{
	return fault_in_pages_readable(p, n);
}
int user_of_wrap(void) { return wrap_readable(0, 1); }
EOC
for i in $(seq 1 40); do
	{
		echo "// SPDX-License-Identifier: GPL-2.0"
		for j in $(seq 1 10); do
			echo "static int helper_${i}_${j}(struct thing_$j *t, long arg_$i)"
			echo "{ return t->field_${i}_$j + arg_$i + other_name_$j(t, count_${i}); }"
		done
		case $((i % 3)) in
		0) echo "int drv${i}_read(struct req *r) { return fault_in_pages_writeable(r->ubuf, r->len); }" ;;
		1) echo "long drv${i}_pin(unsigned long a, struct page **p) { return pin_user_pages(a, 1, 0, p, NULL); }" ;;
		2) echo "int drv${i}_none(void) { return user_of_wrap() + helper_${i}_1(0, 0); }" ;;
		esac
	} >"$R/drivers/d$i.c"
done
cp "$R/drivers/d3.c" "$R/drivers/copy-of-d3.c"	# one blob at two paths
echo "#define THING_MAX 16" >"$R/include/linux/thing.h"
git -C "$R" add -A && git -C "$R" commit -qm more

run_wb "$T/ref" "${AUD[@]}" --repo "$R" --no-cache "${CK[@]}"
REFRC=$(rc_of "$T/ref")
G=$T/good
run_wb "$T/g1" "${AUD[@]}" --repo "$R" --cache-dir "$G" "${CK[@]}"
run_wb "$T/g2" "${AUD[@]}" --repo "$R" --cache-dir "$G" "${CK[@]}"
TI=$(ls "$G"/tree/*.wbt 2>/dev/null | head -n 1)
st=0
{ [ -n "$TI" ] && [ "$(basename "$TI" .wbt)" = "$(git -C "$R" rev-parse HEAD^{tree})" ] &&
	cmp -s "$T/ref.out" "$T/g1.out" && cmp -s "$T/ref.out" "$T/g2.out" &&
	[ "$(rc_of "$T/g2")" = "$REFRC" ] && [ ! -s "$T/g2.err" ]; } || st=1
report "the tree index is saved under the tree id, cold and warm give the --no-cache report" $st \
	"$(ls -la "$G"/tree 2>&1 | head -3)" "$(diff "$T/ref.out" "$T/g2.out" | head -4)"

# ---- it answers: without the summaries nothing is read again ------------

c=$T/c-nosum
rm -rf "$c"; cp -r "$G" "$c"; rm -rf "$c/summary"
run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
st=0
{ cmp -s "$T/ref.out" "$c.1.out" && [ "$(rc_of "$c.1")" = "$REFRC" ] &&
	[ -z "$(find "$c/summary" -name 'seg-*.wbc' 2>/dev/null)" ]; } || st=1
report "with the summaries gone the index answers alone (no blob summarised again)" $st \
	"$(find "$c/summary" 2>/dev/null | head -3)" "$(diff "$T/ref.out" "$c.1.out" | head -4)"

# ---- damage --------------------------------------------------------------

cat >"$T/damage.py" <<'PY'
import os, random, struct, sys

HDR = struct.Struct('<8s4I20s3I3Q8QQ')	# struct ti_header

def fields(data):
    v = HDR.unpack_from(data, 0)
    names = ('magic version scan_version scan_hash nfiles tree strtab_len nhash nsubs '
             'nposts ndir npost off_files off_subs off_strtab off_fanout off_region off_blk '
             'nblk file_size check').split()
    return dict(zip(names, v))

def damage(path, kind, rnd):
    data = bytearray(open(path, 'rb').read())
    f = fields(data)
    region = (f['off_region'], f['off_region'] + f['ndir'] + f['npost'])
    if kind == 'flip-header':
        data[rnd.randrange(0, HDR.size)] ^= 1 << rnd.randrange(8)
    elif kind == 'flip-files':
        data[rnd.randrange(f['off_files'], f['off_fanout'])] ^= 1 << rnd.randrange(8)
    elif kind == 'flip-fanout':
        data[rnd.randrange(f['off_fanout'], f['off_region'])] ^= 1 << rnd.randrange(8)
    elif kind == 'flip-region':
        data[rnd.randrange(*region)] ^= 1 << rnd.randrange(8)
    elif kind == 'zero-region':
        a = rnd.randrange(*region)
        data[a:a + 4096] = bytes(len(data[a:a + 4096]))
    elif kind == 'flip-any':
        data[rnd.randrange(len(data))] ^= 1 << rnd.randrange(8)
    elif kind == 'truncate':
        del data[rnd.randrange(len(data)):]
    elif kind == 'append':
        data += b'\0' * rnd.randrange(1, 64)
    elif kind == 'version':
        struct.pack_into('<I', data, 8, f['version'] + 1)
    open(path, 'wb').write(data)

if sys.argv[1] == 'one':
    damage(sys.argv[2], sys.argv[3], random.Random(int(sys.argv[4])))
PY

# damaged NAME KIND SEED [quiet]: damage a copy of the good index, audit twice
damaged() {
	local name=$1 kind=$2 seed=$3 quiet=${4:-} c=$T/d-$2-$3 st=0 msg=() ti
	rm -rf "$c"; cp -r "$G" "$c"
	ti=$(ls "$c"/tree/*.wbt)
	python3 "$T/damage.py" one "$ti" "$kind" "$seed"
	run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	run_wb "$c.2" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	if crashed "$(rc_of "$c.1")" "$c.1" || crashed "$(rc_of "$c.2")" "$c.2"; then
		st=1; msg+=("crash or hang: rc $(rc_of "$c.1"), $(rc_of "$c.2")")
	fi
	if ! cmp -s "$T/ref.out" "$c.1.out" || [ "$(rc_of "$c.1")" != "$REFRC" ]; then
		st=1; msg+=("damaged run differs from --no-cache (rc $(rc_of "$c.1"))" "$(diff "$T/ref.out" "$c.1.out" | head -4)")
	fi
	if [ -z "$quiet" ] && ! grep -qF "$(basename "$ti")" "$c.1.err"; then
		st=1; msg+=("no warning naming $(basename "$ti"): $(head -c 200 "$c.1.err")")
	fi
	if ! cmp -s "$T/ref.out" "$c.2.out" || [ "$(rc_of "$c.2")" != "$REFRC" ] || [ -s "$c.2.err" ]; then
		st=1; msg+=("next run not clean (rc $(rc_of "$c.2")): $(head -c 200 "$c.2.err")")
	fi
	report "$name: $([ -n "$quiet" ] && echo "silently rebuilt" || echo warned), --no-cache result, clean next run" \
		$st "${msg[@]}"
}

damaged "a flipped bit in the file table" flip-files 1
damaged "a flipped bit in the fanout" flip-fanout 2
damaged "a flipped bit in the names and postings" flip-region 3
damaged "a zeroed block of names and postings" zero-region 4
damaged "a truncated index" truncate 5
damaged "bytes appended to the index" append 6
damaged "an index of another format version" version 7 quiet

# ---- random damage over many seeds, bounded in time ----------------------

FUZZ_SECS=${WB_CACHE_FUZZ_SECS:-20}
n=0 bad=()
end=$((SECONDS + FUZZ_SECS))
# at least 10 seeds however slow the machine (a sanitizer build), then until the time is up
while [ $n -lt 10 ] || { [ $SECONDS -lt $end ] && [ $n -lt 400 ]; }; do
	n=$((n + 1))
	kinds=(flip-header flip-files flip-fanout flip-region flip-any truncate zero-region)
	kind=${kinds[$((n % ${#kinds[@]}))]}
	c=$T/f
	rm -rf "$c"; cp -r "$G" "$c"
	python3 "$T/damage.py" one "$(ls "$c"/tree/*.wbt)" "$kind" "$((n + 1000))"
	run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	if crashed "$(rc_of "$c.1")" "$c.1"; then
		bad+=("seed $n $kind: crash or hang, rc $(rc_of "$c.1")")
	elif ! cmp -s "$T/ref.out" "$c.1.out" || [ "$(rc_of "$c.1")" != "$REFRC" ]; then
		bad+=("seed $n $kind: wrong result")
	fi
done
st=0
[ ${#bad[@]} -eq 0 ] && [ $n -ge 10 ] || st=1
report "random damage of the tree index: $n seeds in ${FUZZ_SECS}s, ${#bad[@]} bad" $st "${bad[@]:0:8}"

# ---- odd files in place of the index -------------------------------------

odd() {
	local name=$1 c=$T/o-$2 st=0 msg=() ti
	rm -rf "$c"; cp -r "$G" "$c"
	ti=$(ls "$c"/tree/*.wbt); rm -f "$ti"
	case $2 in
	fifo) mkfifo "$ti" ;;
	symlink) ln -s "$(ls "$G"/tree/*.wbt)" "$ti" ;;
	dir) mkdir "$ti" ;;
	esac
	run_wb "$c.1" "${AUD[@]}" --repo "$R" --cache-dir "$c" "${CK[@]}"
	crashed "$(rc_of "$c.1")" "$c.1" && { st=1; msg+=("crash or hang: rc $(rc_of "$c.1")"); }
	if ! cmp -s "$T/ref.out" "$c.1.out" || [ "$(rc_of "$c.1")" != "$REFRC" ]; then
		st=1; msg+=("differs from --no-cache (rc $(rc_of "$c.1"))")
	fi
	grep -qF "$(basename "$ti")" "$c.1.err" || { st=1; msg+=("no warning naming it: $(head -c 200 "$c.1.err")"); }
	report "$name in place of the index: ignored with a warning" $st "${msg[@]}"
}
odd "a FIFO" fifo
odd "a symbolic link" symlink
odd "a directory" dir

# ---- a blob missing when the index was saved -----------------------------

P=$T/partial
rm -rf "$P"; git clone -q --no-local "$R" "$P"
git -C "$P" repack -q -a -d 2>/dev/null
blob=$(git -C "$P" rev-parse HEAD:drivers/d3.c)
# unpack everything, then take the one blob out
mkdir -p "$T/unpack"; mv "$P"/.git/objects/pack/*.pack "$T/unpack/p.pack"; rm -f "$P"/.git/objects/pack/*
git -C "$P" unpack-objects -q <"$T/unpack/p.pack"
obj=$P/.git/objects/${blob:0:2}/${blob:2}
mv "$obj" "$T/the-blob"
C=$T/pc
run_wb "$T/p1" "${AUD[@]}" --repo "$P" --cache-dir "$C" "${CK[@]}"
mv "$T/the-blob" "$obj"
run_wb "$T/p2" "${AUD[@]}" --repo "$P" --cache-dir "$C" "${CK[@]}"
run_wb "$T/p3" "${AUD[@]}" --repo "$P" --no-cache "${CK[@]}"
st=0
{ [ "$(rc_of "$T/p1")" = 3 ] && ls "$C"/tree/*.wbt >/dev/null 2>&1 &&
	cmp -s "$T/p3.out" "$T/p2.out" && [ "$(rc_of "$T/p2")" = "$(rc_of "$T/p3")" ] &&
	grep -q 'drv3_read' "$T/p2.out"; } || st=1
report "a blob missing at save is read again once it is there (rc $(rc_of "$T/p1") then $(rc_of "$T/p2"))" $st \
	"$(head -c 300 "$T/p2.err")" "$(diff "$T/p3.out" "$T/p2.out" | head -4)"

# ---- only the newest indexes are kept ------------------------------------

K=$T/keep
rm -rf "$K"; cp -r "$R" "$K"
C=$T/kc
# each tree changes a quarter of its files: too many to lend, each gets its own index
churn() {
	for k in $(seq 1 14); do echo "int extra_${1}_$k(void) { return $1; }" >"$K/mm/extra$k.c"; done
	git -C "$K" add -A && git -C "$K" commit -qm "extra $1"
}
for i in $(seq 1 20); do
	churn "$i"
	run_wb "$T/k$i" "${AUD[@]}" --repo "$K" --cache-dir "$C" fault-in
done
: >"$C/tree/0123456789abcdef0123456789abcdef01234567.wbt.tmp.999999999"
echo keep-me >"$C/tree/notes-of-mine.txt"
churn 21
run_wb "$T/k21" "${AUD[@]}" --repo "$K" --cache-dir "$C" fault-in
nidx=$(ls "$C"/tree/*.wbt | wc -l)
st=0
{ [ "$nidx" -le 17 ] && [ "$nidx" -ge 2 ] && [ -e "$C/tree/$(git -C "$K" rev-parse HEAD^{tree}).wbt" ] &&
	[ -e "$C/tree/notes-of-mine.txt" ] && [ ! -e "$C/tree/0123456789abcdef0123456789abcdef01234567.wbt.tmp.999999999" ]; } || st=1
report "after 21 trees $nidx indexes are kept, the newest among them; a dead writer's temporary is gone, other files stay" $st \
	"$(ls "$C/tree" | head -5)"

# ---- a nearby tree: the saved index of another lends what did not change --

N=$T/nearby
rm -rf "$N"; git clone -q --no-local "$R" "$N"
git -C "$N" repack -q -a -d 2>/dev/null
mkdir -p "$T/unpack3"; mv "$N"/.git/objects/pack/*.pack "$T/unpack3/p.pack"; rm -f "$N"/.git/objects/pack/*
git -C "$N" unpack-objects -q <"$T/unpack3/p.pack"
C=$T/nc
run_wb "$T/n0" "${AUD[@]}" --repo "$N" --cache-dir "$C" "${CK[@]}"
# a new caller in mm/, a file gone from drivers/; include/ and the rest unchanged
cat >>"$N/mm/w.c" <<'EOC'
int new_user_of_wrap(void) { return fault_in_pages_writeable(0, 2); }
EOC
git -C "$N" rm -q drivers/d6.c
git -C "$N" add -A && git -C "$N" commit -qm nearby
run_wb "$T/n1ref" "${AUD[@]}" --repo "$N" --no-cache "${CK[@]}"
# the unchanged subtree's tree object is not even needed: it is not walked
inc=$(git -C "$N" rev-parse HEAD:include)
mv "$N/.git/objects/${inc:0:2}/${inc:2}" "$T/include-tree"
run_wb "$T/n1" "${AUD[@]}" --repo "$N" --cache-dir "$C" "${CK[@]}"
run_wb "$T/n2" "${AUD[@]}" --repo "$N" --cache-dir "$C" "${CK[@]}"
mv "$T/include-tree" "$N/.git/objects/${inc:0:2}/${inc:2}"
st=0
{ cmp -s "$T/n1ref.out" "$T/n1.out" && [ "$(rc_of "$T/n1")" = "$(rc_of "$T/n1ref")" ] &&
	cmp -s "$T/n1ref.out" "$T/n2.out" && [ ! -s "$T/n1.err" ] &&
	grep -q new_user_of_wrap "$T/n1.out" && ! grep -q drv6_ "$T/n1.out" &&
	[ "$(ls "$C"/tree/*.wbt | wc -l)" = 1 ]; } || st=1
report "a nearby tree: its parent's index lends the unchanged subtrees (not walked), the --no-cache report, nothing saved" $st \
	"rc $(rc_of "$T/n1") want $(rc_of "$T/n1ref")" "$(head -c 300 "$T/n1.err")" \
	"$(diff "$T/n1ref.out" "$T/n1.out" | head -6)" "$(ls "$C/tree")"

# ---- a tree the walk could not list is not saved -------------------------

U=$T/unlistable
rm -rf "$U"; git clone -q --no-local "$R" "$U"
git -C "$U" repack -q -a -d 2>/dev/null
mkdir -p "$T/unpack2"; mv "$U"/.git/objects/pack/*.pack "$T/unpack2/p.pack"; rm -f "$U"/.git/objects/pack/*
git -C "$U" unpack-objects -q <"$T/unpack2/p.pack"
sub=$(git -C "$U" rev-parse HEAD:include)
rm -f "$U/.git/objects/${sub:0:2}/${sub:2}"
C=$T/uc
run_wb "$T/u1" "${AUD[@]}" --repo "$U" --cache-dir "$C" fault-in
st=0
{ [ "$(rc_of "$T/u1")" = 3 ] && [ -z "$(ls "$C/tree" 2>/dev/null)" ]; } || st=1
report "a tree with a subtree that cannot be listed: incomplete (rc $(rc_of "$T/u1")), no index saved" $st \
	"$(ls "$C/tree" 2>&1 | head -3)"

t_end
