#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compare an audit of a real kernel tree, by analysis alone, with a table of
truth written by reading that tree's code (tests/real/*.tsv).

usage: tools/check-real.py --wb WORKBENCH --kernel DIR TABLE.tsv [--verbose]

A table is tab-separated, '#' lines are comments; headers it must carry:
    # tree: OWNER/NAME            the public snapshot the table was read from
    # commit: SHA                 the revision audited (HEAD of that snapshot)
    # check: CHECK                the workbench check (default fault-in)
then one line per call site:
    PATH:LINE  FUNCTION  CLASS  REASON
CLASS is a class of the check, 'forwarding' (a call inside a watched
primitive or a wrapper: no verdict expected), or 'unclassified' (the
reader could not decide either: any verdict but all-or-nothing passes).
For import-iovec, CLASS may be CLASS/OWNER: who frees the iovec array
(frees-returned, frees-via-iter, transferred, none), compared with the
owner facts the audit shows as evidence.

Pattern and paths checks have tables of their own:
  iov-identity     PATH:LINE  FUNCTION  FACT:HOW  REASON
                   one row per fact the check should report there
                   (iov-identity:rebase, iov-outparam:free-test, ...);
                   iov-identity rows must be exactly the warnings
  compat-context   PATH:LINE  ENTRY  flagged|not-flagged  REASON
                   PATH:LINE is a query (the primitive's call), ENTRY an
                   entry function or TABLE[]=FUNCTION; a flagged pair must
                   be shown exactly once, a not-flagged pair never; a
                   not-flagged row whose ENTRY is no entry of the check
                   (the function of a query made in the submitter's own
                   syscall) says no entry may reach that query

Prints one line per site that is not right and a summary; exits 1 when the
goals are missed (>= 95% of leaf sites right, no false all-or-nothing, no
MISMATCH resting on a wrong verdict, no site missed), 2 on bad input.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def die(msg):
    print("check-real: " + msg, file=sys.stderr)
    sys.exit(2)


def read_table(path):
    hdr, rows = {}, []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if line.startswith("#"):
                k, sep, v = line[1:].strip().partition(":")
                if sep and k.strip() in ("tree", "commit", "check"):
                    hdr[k.strip()] = v.strip()
                continue
            cols = line.split("\t")
            if len(cols) < 4 or ":" not in cols[0]:
                die("%s:%d: want PATH:LINE<TAB>FUNCTION<TAB>CLASS<TAB>REASON" % (path, n))
            p, _, l = cols[0].rpartition(":")
            if not l.isdigit():
                die("%s:%d: '%s' has no line number" % (path, n, cols[0]))
            rows.append({"path": p, "line": int(l), "function": cols[1],
                         "class": cols[2], "reason": cols[3], "tline": n})
    for k in ("tree", "commit"):
        if k not in hdr:
            die("%s: no '# %s:' header" % (path, k))
    return hdr, rows


def audit(wb, kernel, check, commit):
    """The audit by analysis alone: an empty notes file."""
    with tempfile.NamedTemporaryFile("w", suffix=".notes", delete=False) as nf:
        notes = nf.name
    try:
        return run_json(wb, kernel, check, commit, ["--notes", notes])
    finally:
        os.unlink(notes)


def sites(a):
    """Every call site in the audit: (path, line) -> dict."""
    out = {}

    def walk(callers, under_wrapper):
        for c in callers or []:
            if c.get("kind") != "call":
                continue
            w = c.get("wrapper")
            v = c.get("verdict") or {}
            key = (c["path"], c["line"])
            out.setdefault(key, {"function": c["function"],
                                 "class": v.get("class") if v else None,
                                 "forwarding": bool(v.get("forwarding")) if v else False,
                                 "wrapper": w is not None,
                                 "mismatch": bool(c.get("mismatch") or v.get("mismatch")),
                                 "reason": v.get("unparsed") or "",
                                 "evidence": [e.get("text", "") for e in v.get("evidence", [])]})
            if w:
                walk(c.get("callers"), True)

    for prim in a.get("primitives", []):
        walk(prim.get("callers"), False)
    return out


def run_json(wb, kernel, check, commit, extra=()):
    p = subprocess.run([wb, "audit", "--repo", kernel, "--rev", commit] + list(extra) +
                       ["--format=json", check],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL)
    if p.returncode not in (0, 1, 3):
        sys.stderr.write(p.stderr.decode(errors="replace")[-2000:])
        die("audit exited %d" % p.returncode)
    try:
        return json.loads(p.stdout)["audits"][0]
    except (ValueError, KeyError, IndexError) as e:
        die("audit output is not the JSON expected: %s" % e)


def fact_word(text, key):
    for w in text.split():
        if w.startswith(key + "="):
            return w[len(key) + 1:]
    return None


def check_iov_identity(o, hdr, rows, name):
    a = run_json(o.wb, o.kernel, "iov-identity", hdr["commit"])
    got = {}
    for f in a.get("findings", []):
        kind = "%s:%s" % (f["fact"], fact_word(f["text"], "how"))
        got.setdefault((f["path"], f["line"], kind), f)
    right = wrong = missed = 0
    seen = set()
    for r in rows:
        key = (r["path"], r["line"], r["class"])
        where = "%s:%d" % (r["path"], r["line"])
        g = got.get(key)
        if g is None:
            missed += 1
            print("%s: %s: missed: %s in %s()" % (name, where, r["class"], r["function"]))
            continue
        seen.add(key)
        if g.get("function") != r["function"]:
            wrong += 1
            print("%s: %s: %s: want function %s, got %s" % (name, where, r["class"], r["function"],
                                                            g.get("function")))
        else:
            right += 1
    extra = [k for k in got if k not in seen]
    warn_extra = [k for k in extra if got[k].get("severity") != "note"]
    for k in sorted(extra):
        print("%s: %s:%d: extra: %s in %s() (%s)" % (name, k[0], k[1], k[2], got[k].get("function"),
                                                    got[k].get("severity")))
    print("%s: %s iov-identity: facts right %d/%d, wrong function %d, missed %d, extra %d "
          "(warnings %d)" % (name, hdr["tree"], right, len(rows), wrong, missed, len(extra),
                             len(warn_extra)))
    return right == len(rows) and not warn_extra


def check_entries(check):
    """The check's entry functions and entry tables, from its definition."""
    d = os.environ.get("WORKBENCH_CHECKS") or os.path.join(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__))), "checks")
    entries, tables = set(), set()
    try:
        with open(os.path.join(d, check + ".conf"), encoding="utf-8") as f:
            for line in f:
                k, sep, v = line.strip().partition("=")
                if sep and k.strip() == "entry":
                    entries.add(v.strip())
                elif sep and k.strip() == "entry-table":
                    tables.add(v.strip())
    except OSError as e:
        die("cannot read the check definition: %s" % e)
    return entries, tables


def check_compat(o, hdr, rows, name):
    a = run_json(o.wb, o.kernel, "compat-context", hdr["commit"])
    entries, tables = check_entries("compat-context")

    def is_entry(e):
        t, sep, _ = e.partition("[]=")
        return e in entries or (sep and t in tables)
    pairs = {}
    queries = set()
    for p in a.get("paths", []):
        st = p["steps"]
        head = st[0]
        entry = p["entry"] if p.get("via") == "call" else "%s[]=%s" % (p["entry"], head.get("calls"))
        last = st[-1]
        q = (last["path"], last["line"])
        queries.add(q)
        # one line may call two primitives: each is a query of its own
        k = (q, entry, last.get("calls"))
        pairs[k] = pairs.get(k, 0) + 1
    found = dupl = missed = flagged_legit = false_pairs = 0
    want = 0
    read = set()
    for r in rows:
        q = (r["path"], r["line"])
        where = "%s:%d" % q
        n = sum(c for (pq, pe, _), c in pairs.items() if pq == q and pe == r["function"])
        if r["class"] == "not-flagged" and is_entry(r["function"]):
            read.add((q, r["function"]))
            if n:
                false_pairs += 1
                print("%s: %s: shown from %s, but no such chain: %s" % (name, where, r["function"],
                                                                        r["reason"]))
            continue
        if r["class"] == "not-flagged":
            if q in queries:
                flagged_legit += 1
                print("%s: %s: flagged, but legitimate: %s" % (name, where, r["reason"]))
            continue
        if r["class"] != "flagged":
            die("%s:%d: want flagged or not-flagged, not '%s'" % (o.table, r["tline"], r["class"]))
        read.add((q, r["function"]))
        want += 1
        if n == 0:
            missed += 1
            print("%s: %s: missed: %s reaching this query" % (name, where, r["function"]))
        else:
            found += 1
    unread = 0
    for (q, e, _), n in sorted(pairs.items()):
        if n > 1:
            dupl += 1
            print("%s: %s:%d: %s shown %d times" % (name, q[0], q[1], e, n))
        if (q, e) not in read:
            unread += 1
            print("%s: %s:%d: %s: shown, not in the table" % (name, q[0], q[1], e))
    print("%s: %s compat-context: chains found %d/%d, legitimate flagged %d, false chains shown %d, "
          "(entry, query) shown twice %d, not in the table %d; %d pairs shown in all"
          % (name, hdr["tree"], found, want, flagged_legit, false_pairs, dupl, unread, len(pairs)))
    return found == want and not flagged_legit and not false_pairs and not dupl and not unread


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--wb", required=True)
    ap.add_argument("--kernel", required=True)
    ap.add_argument("--verbose", "-v", action="store_true")
    ap.add_argument("table")
    o = ap.parse_args()
    hdr, rows = read_table(o.table)
    check = hdr.get("check", "fault-in")
    name = os.path.basename(o.table)
    if check == "iov-identity":
        sys.exit(0 if check_iov_identity(o, hdr, rows, name) else 1)
    if check == "compat-context":
        sys.exit(0 if check_compat(o, hdr, rows, name) else 1)
    a = audit(o.wb, o.kernel, check, hdr["commit"])
    got = sites(a)
    right = wrong = unclassified = unparsed = false_aon = false_mm = missed = 0
    leaf = fwd_right = fwd = 0
    owners = owners_right = 0
    seen = set()
    for r in rows:
        key = (r["path"], r["line"])
        g = got.get(key)
        where = "%s:%d" % key
        if g is None:
            missed += 1
            print("%s: %s: missed: %s() not in the audit" % (name, where, r["function"]))
            continue
        seen.add(key)
        want = r["class"]
        if want == "forwarding":
            fwd += 1
            if g["wrapper"] or g["forwarding"] or g["class"] == "forwarding":
                fwd_right += 1
            else:
                print("%s: %s: %s(): want forwarding (no verdict), got %s" %
                      (name, where, r["function"], g["class"]))
            continue
        leaf += 1
        want, _, owner = want.partition("/")
        if owner:
            owners += 1
            hows = set(fact_word(e, "how") for e in g["evidence"] if e.startswith("owner "))
            hows.discard("handed")
            if owner in hows or (owner == "none" and not hows):
                owners_right += 1
            else:
                print("%s: %s: %s(): owner: want %s, got %s  (table: %s)" %
                      (name, where, r["function"], owner, ",".join(sorted(hows)) or "nothing",
                       r["reason"]))
        cls = g["class"] or ("wrapper" if g["wrapper"] else "none")
        ok = cls == want or (want == "unclassified" and cls != "all-or-nothing")
        if ok:
            right += 1
            if o.verbose:
                print("%s: %s: %s(): %s ok" % (name, where, r["function"], cls))
            continue
        if cls == "unparsed":
            unparsed += 1
        elif cls == "unclassified":
            unclassified += 1
        else:
            wrong += 1
        if cls == "all-or-nothing":
            false_aon += 1
        if g["mismatch"]:
            false_mm += 1
        print("%s: %s: %s(): want %s, got %s%s  (table: %s)%s" %
              (name, where, r["function"], want, cls, " MISMATCH" if g["mismatch"] else "",
               r["reason"], ("\n    " + "; ".join(g["evidence"])) if o.verbose and g["evidence"] else ""))
    extra = [k for k in got if k not in seen]
    for k in sorted(extra):
        print("%s: %s:%d: extra: %s() is not in the table" % (name, k[0], k[1], got[k]["function"]))
    pct = 100.0 * right / leaf if leaf else 100.0
    if owners:
        print("%s: %s %s: ownership right %d/%d (%.0f%%)" %
              (name, hdr["tree"], check, owners_right, owners, 100.0 * owners_right / owners))
    print("%s: %s %s: leaf verdicts right %d/%d (%.0f%%), wrong %d, unclassified %d, unparsed %d, "
          "false all-or-nothing %d, false MISMATCH %d, forwarding %d/%d, missed %d, extra %d"
          % (name, hdr["tree"], check, right, leaf, pct, wrong, unclassified, unparsed, false_aon,
             false_mm, fwd_right, fwd, missed, len(extra)))
    good = pct >= 95.0 and false_aon == 0 and false_mm == 0 and missed == 0 and not extra \
        and fwd_right == fwd and (not owners or owners_right >= 0.95 * owners)
    sys.exit(0 if good else 1)


if __name__ == "__main__":
    main()
