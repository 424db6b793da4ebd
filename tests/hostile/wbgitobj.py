# SPDX-License-Identifier: GPL-2.0
"""Write raw loose git objects, bypassing git's own checks (tests only)."""
import hashlib
import os
import subprocess
import zlib


def gitdir(repo):
    return subprocess.check_output(
        ["git", "-C", repo, "rev-parse", "--absolute-git-dir"]).decode().strip()


def put(gd, typ, body, stored=None, level=1):
    """Store an object; 'stored' replaces the deflated payload (lies, truncation)."""
    data = b"%s %d\0" % (typ.encode(), len(body)) + body
    sha = hashlib.sha1(data).hexdigest()
    d = os.path.join(gd, "objects", sha[:2])
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, sha[2:])
    raw = zlib.compress(data, level) if stored is None else stored
    if os.path.exists(path):
        os.chmod(path, 0o644)
    with open(path + ".tmp", "wb") as f:
        f.write(raw)
    os.replace(path + ".tmp", path)
    return sha


def blob(gd, content):
    return put(gd, "blob", content)


def tree(gd, entries):
    """entries: (mode, name bytes, sha hex), written in the order given."""
    body = b"".join(m.encode() + b" " + n + b"\0" + bytes.fromhex(s)
                    for m, n, s in entries)
    return put(gd, "tree", body)


def commit(gd, tree_sha, parents=(), msg=b"crafted\n"):
    body = b"tree " + tree_sha.encode() + b"\n"
    for p in parents:
        body += b"parent " + p.encode() + b"\n"
    body += (b"author A <a@example.org> 1767225600 +0000\n"
             b"committer C <c@example.org> 1767225600 +0000\n\n" + msg)
    return put(gd, "commit", body)


def head_entries(repo, rev="HEAD"):
    """The root tree of REV as (mode, name, sha) entries."""
    out = subprocess.check_output(["git", "-C", repo, "ls-tree", "-z", rev])
    ents = []
    for rec in out.split(b"\0"):
        if not rec:
            continue
        meta, name = rec.split(b"\t", 1)
        mode, _typ, sha = meta.decode().split()
        ents.append((mode if mode != "040000" else "40000", name, sha))
    return ents


def sort_entries(ents):
    return sorted(ents, key=lambda e: e[1] + (b"/" if e[0] == "40000" else b""))


def update_ref(repo, ref, sha):
    subprocess.check_call(["git", "-C", repo, "update-ref", ref, sha])
