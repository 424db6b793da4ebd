#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Show what a sweep (workbench audit --revs) says, for the fixtures.

  sweep-show.py json SWEEP.json        rows, cells and changes of the JSON
  sweep-show.py html SWEEP.html        the table of the HTML page, as text
  sweep-show.py compare SWEEP.json WB ARGS...
        audits each revision of the sweep on its own (WB audit ARGS --rev REV
        --format=json) and checks that every cell of the sweep is what that
        audit says: the same callers, lines, classes and body hashes.
"""
import html.parser
import json
import subprocess
import sys


def show_json(path):
    with open(path, encoding="utf-8") as f:
        top = json.load(f)
    print("schema", top["schema"])
    for sw in top["sweeps"]:
        print("sweep", sw["check"], sw["schema"])
        print("revisions", " ".join(r["revision"] for r in sw["revisions"]))
        print("legend", " ".join("%s=%s" % kv for kv in sorted(sw["legend"].items())))
        for row in sw["rows"]:
            cells = []
            for c in row["cells"]:
                cells.append("." if c is None else "%s@%d" % (c["class"] or "+", c["line"]))
            print("row %s %s() #%d: %s" % (row["path"], row["function"], row["nth"], " ".join(cells)))
            for ch in row["changes"]:
                extra = ""
                if "was" in ch:
                    extra = " (%s -> %s)" % (ch["was"], ch["now"])
                print("    %s..%s %s%s" % (ch["from"], ch["to"], ch["change"], extra))


class Table(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.cur, self.cell, self.scripts = [], None, None, 0
        self.external = 0

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        for k, v in attrs:
            if k in ("src", "href") and v and "://" in v:
                self.external += 1
        if tag == "tr":
            self.cur = []
        elif tag in ("td", "th") and self.cur is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.cur.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.cur is not None:
            self.rows.append(self.cur)
            self.cur = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def show_html(path):
    t = Table()
    with open(path, encoding="utf-8") as f:
        t.feed(f.read())
    print("html: %d rows, %d scripts, %d external references" % (len(t.rows), t.scripts, t.external))
    for r in t.rows:
        print(" | ".join(r))


def callers(audit, out):
    def walk(lst):
        for c in lst:
            v = c.get("verdict") or {}
            out.append((c["callee"], c["path"], c["function"], c["line"], v.get("class"),
                        v.get("body_hash")))
            walk(c.get("callers") or [])
    for p in audit.get("primitives", []):
        walk(p.get("callers") or [])


def compare(path, wb, args):
    with open(path, encoding="utf-8") as f:
        top = json.load(f)
    bad = ncells = 0
    for sw in top["sweeps"]:
        for i, rev in enumerate(sw["revisions"]):
            p = subprocess.run([wb, "audit"] + args + ["--rev", rev["revision"], "--format=json"],
                               stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
            audits = [a for a in json.loads(p.stdout)["audits"] if a["check"] == sw["check"]]
            single = []
            callers(audits[0], single)
            swept = []
            for row in sw["rows"]:
                c = row["cells"][i]
                if c is not None:
                    swept.append((row["primitive"], row["path"], row["function"], c["line"],
                                  c["class"], c["body_hash"]))
            ncells += len(swept)
            if sorted(single) != sorted(swept):
                bad += 1
                print("differs at %s:\n  alone: %s\n  sweep: %s" % (rev["revision"], sorted(single),
                                                                   sorted(swept)))
            if audits[0].get("commit") != rev["commit"]:
                bad += 1
                print("commit differs at %s" % rev["revision"])
    print("compared %d revisions, %d cells: %s" % (sum(len(s["revisions"]) for s in top["sweeps"]),
                                                   ncells, "identical" if not bad else "DIFFERENT"))
    return 1 if bad else 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "json":
        show_json(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "html":
        show_html(sys.argv[2])
    elif len(sys.argv) >= 4 and sys.argv[1] == "compare":
        return compare(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
