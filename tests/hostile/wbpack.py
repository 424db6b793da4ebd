# SPDX-License-Identifier: GPL-2.0
"""Write raw git packs and their v2 index, bypassing git's checks (tests only).

An entry is a dict:
  oid      the id the index gives it (hex; anything, for a lie)
  type     1 commit, 2 tree, 3 blob, 4 tag, 6 OFS_DELTA, 7 REF_DELTA
  data     the bytes to deflate (the object, or the delta)
  size     the size the entry header declares (default: len(data))
  zdata    the deflated bytes as stored (default: zlib of data)
  base     OFS_DELTA: the index of the base entry in the list
  ref      REF_DELTA: the base's id (hex)
  offset   the offset the index records (default: the real one)
"""
import hashlib
import os
import struct
import zlib

OBJ_BLOB, OBJ_OFS_DELTA, OBJ_REF_DELTA = 3, 6, 7


def entry_header(typ, size):
    out = bytearray()
    c = (typ << 4) | (size & 15)
    size >>= 4
    while size:
        out.append(c | 0x80)
        c = size & 0x7f
        size >>= 7
    out.append(c)
    return bytes(out)


def ofs_encode(n):
    out = [n & 0x7f]
    n >>= 7
    while n:
        n -= 1
        out.append(0x80 | (n & 0x7f))
        n >>= 7
    return bytes(reversed(out))


def varint(n):
    out = bytearray()
    while True:
        c = n & 0x7f
        n >>= 7
        out.append(c | (0x80 if n else 0))
        if not n:
            return bytes(out)


def copy_op(off, size):
    cmd, args = 0x80, bytearray()
    for i in range(4):
        if (off >> (8 * i)) & 0xff:
            cmd |= 1 << i
            args.append((off >> (8 * i)) & 0xff)
    for i in range(3):
        if (size >> (8 * i)) & 0xff:
            cmd |= 0x10 << i
            args.append((size >> (8 * i)) & 0xff)
    return bytes([cmd]) + bytes(args)


def insert_op(data):
    out = b""
    for i in range(0, len(data), 127):
        chunk = data[i:i + 127]
        out += bytes([len(chunk)]) + chunk
    return out


def delta(base_size, result_size, ops):
    return varint(base_size) + varint(result_size) + ops


def oid_of(typ, body):
    name = {1: b"commit", 2: b"tree", 3: b"blob", 4: b"tag"}[typ]
    return hashlib.sha1(b"%s %d\0" % (name, len(body)) + body).hexdigest()


def write_pack(gd, entries):
    """Writes objects/pack/pack-*.{pack,idx}; returns the pack's path."""
    pack = bytearray(b"PACK" + struct.pack(">II", 2, len(entries)))
    offs, crcs = [], []
    for e in entries:
        off = len(pack)
        offs.append(off)
        data = e.get("data", b"")
        z = e["zdata"] if "zdata" in e else zlib.compress(data)
        raw = entry_header(e["type"], e.get("size", len(data)))
        if e["type"] == OBJ_OFS_DELTA:
            raw += ofs_encode(off - offs[e["base"]])
        elif e["type"] == OBJ_REF_DELTA:
            raw += bytes.fromhex(e["ref"])
        raw += z
        crcs.append(zlib.crc32(raw) & 0xffffffff)
        pack += raw
    pack_sum = hashlib.sha1(pack).digest()
    pack += pack_sum
    order = sorted(range(len(entries)), key=lambda i: bytes.fromhex(entries[i]["oid"]))
    fan = [0] * 256
    for i in order:
        fan[bytes.fromhex(entries[i]["oid"])[0]] += 1
    idx = bytearray(b"\377tOc" + struct.pack(">I", 2))
    total = 0
    for b in range(256):
        total += fan[b]
        idx += struct.pack(">I", total)
    big = bytearray()
    for i in order:
        idx += bytes.fromhex(entries[i]["oid"])
    for i in order:
        idx += struct.pack(">I", crcs[i])
    for i in order:
        off = entries[i].get("offset", offs[i])
        if off < 0x80000000:
            idx += struct.pack(">I", off)
        else:
            idx += struct.pack(">I", 0x80000000 | (len(big) // 8))
            big += struct.pack(">Q", off)
    idx += big + pack_sum
    idx += hashlib.sha1(idx).digest()
    d = os.path.join(gd, "objects", "pack")
    os.makedirs(d, exist_ok=True)
    name = os.path.join(d, "pack-" + pack_sum.hex())
    with open(name + ".pack", "wb") as f:
        f.write(pack)
    with open(name + ".idx", "wb") as f:
        f.write(idx)
    return name + ".pack"
