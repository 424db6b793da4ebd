#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Render a sweep's HTML page in headless chromium and check the screenshot.

  html-shot.py PAGE.html SHOT.png

The page is opened from a file (nothing fetched); the screenshot must show
the table: for every class in the legend, pixels of its cell colour, and
the page must not be blank.  Prints one line per class and exits 1 when a
colour is missing or the browser fails.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib


def browser():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def png_pixels(path):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
            if depth != 8 or ctype not in (2, 6):
                raise ValueError("unsupported PNG (depth %d, colour type %d)" % (depth, ctype))
            bpp = 3 if ctype == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if ft == 1:
                line[x] = (line[x] + a) & 255
            elif ft == 2:
                line[x] = (line[x] + b) & 255
            elif ft == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append([tuple(line[x:x + 3]) for x in range(0, stride, bpp)])
        prev = line
    return width, height, rows


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    page, shot = sys.argv[1], sys.argv[2]
    exe = browser()
    if not exe:
        print("html-shot: no chromium (Debian package 'chromium'; tools/deps.sh installs it)")
        return 1
    with open(page, encoding="utf-8") as f:
        html = f.read()
    legend = re.findall(r'<span style="background:#([0-9a-f]{6})">([^<]*)</span>', html)
    with tempfile.TemporaryDirectory() as prof:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
               "--no-first-run", "--disable-extensions", "--user-data-dir=" + prof,
               "--window-size=1000,400", "--screenshot=" + os.path.abspath(shot),
               "file://" + os.path.abspath(page)]
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=120)
    if not os.path.exists(shot):
        print("html-shot: chromium made no screenshot (exit %d): %s" %
              (p.returncode, p.stderr.decode(errors="replace")[-500:]))
        return 1
    width, height, rows = png_pixels(shot)
    ys = {}
    nonwhite = 0
    for y, row in enumerate(rows):
        for px in row:
            if px != (255, 255, 255):
                nonwhite += 1
            ys.setdefault(px, set()).add(y)
    print("screenshot %dx%d" % (width, height))
    bad = 0
    for hexcol, name in legend:
        rgb = tuple(int(hexcol[k:k + 2], 16) for k in (0, 2, 4))
        # bands of rows with the colour: the legend's swatch is one, the
        # table's cells of that class must make another above it
        bands, last = 0, None
        for y in sorted(ys.get(rgb, ())):
            if last is None or y > last + 1:
                bands += 1
            last = y
        ok = bands >= 2
        print("  %-24s %s" % (name, "in the table and the legend" if ok else
                               "MISSING from the table (%d band%s)" % (bands, "" if bands == 1 else "s")))
        bad += not ok
    if not legend or nonwhite == 0:
        print("html-shot: the page shows no table")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
