#!/usr/bin/env python3
"""check_window: every glyph of each copy's address lies inside its envelope window less the slide tolerance.

usage: check_window.py LAYOUT.yml BATCH.pdf MANIFEST.csv DB

The window is the layout's address frame (x, y, w, h, mm); the safe box is
that frame inset by its padding and slide-x / slide-y. On the first page of
every copy made (manifest status ok), every word pdftotext -bbox-layout
reports that touches the window must lie inside the safe box, and the
customer's postal code (else city) and family name (else company) must be
among them: the address is there, and all of it shows wherever the sheet
slides. Word boxes are the fonts' ascent and descent, so they bound the ink.
"""
import csv
import re
import sqlite3
import subprocess
import sys

import yaml

MM = 72 / 25.4
SLACK = 0.01  # pt


def safe_box(layout):
    for fr in yaml.safe_load(open(layout, encoding="utf-8"))["frames"]:
        if fr.get("content") == "address":
            pad = fr.get("padding", 0)
            sx = fr.get("slide-x", fr.get("slide", 0)) + pad
            sy = fr.get("slide-y", fr.get("slide", 0)) + pad
            x, y, w, h = (fr[k] * MM for k in ("x", "y", "w", "h"))
            return (x, y, x + w, y + h), (x + sx * MM, y + sy * MM,
                                          x + w - sx * MM, y + h - sy * MM)
    sys.exit("FAIL: %s has no address frame" % layout)


WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
PAGE = re.compile(r"<page ")


def pages(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    chunks = PAGE.split(out)[1:]
    return [[(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in WORD.findall(p)]
            for p in chunks]


def unescape(s):
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")


def main(layout, pdf, manifest, db):
    window, safe = safe_box(layout)
    pg = pages(pdf)
    con = sqlite3.connect(db)
    checked = glyphs = 0
    bad = []
    for row in csv.DictReader(open(manifest, encoding="utf-8")):
        if row["status"] != "ok":
            continue
        cid = int(row["customer_id"])
        words = pg[int(row["first_page"]) - 1]
        inside = []
        for x0, y0, x1, y1, t in words:
            if x1 < window[0] or x0 > window[2] or y1 < window[1] or y0 > window[3]:
                continue
            if x0 < safe[0] - SLACK or y0 < safe[1] - SLACK or x1 > safe[2] + SLACK or y1 > safe[3] + SLACK:
                bad.append("customer %d: %r at (%.1f, %.1f)-(%.1f, %.1f) pt is outside the "
                           "safe box (%.1f, %.1f)-(%.1f, %.1f)" % ((cid, unescape(t), x0, y0, x1, y1) + safe))
            inside.append(unescape(t))
            glyphs += len(unescape(t))
        text = "".join(inside).replace(" ", "")
        fam, comp, postal, city = con.execute(
            "SELECT family_name, company, postal_code, city FROM customers WHERE id = ?",
            (cid,)).fetchone()
        for what in ((postal or city or "").replace(" ", ""), (fam or comp or "").replace(" ", "")):
            if what and what not in text and what.upper() not in text:
                bad.append("customer %d: %r is not in the window (found %r)" % (cid, what, text))
        checked += 1
    if bad:
        print("\n".join(bad[:20]), file=sys.stderr)
        sys.exit("FAIL: %s: %d problems" % (layout, len(bad)))
    if checked == 0:
        sys.exit("FAIL: %s: no copy was checked" % layout)
    print("ok: %s: %d copies, %d address characters inside the window less its slide" % (layout, checked, glyphs))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
