#!/usr/bin/env python3
"""check_card: the address side of every card, read back with pdftotext -bbox-layout.

usage: check_card.py LAYOUT.yml BATCH.pdf MANIFEST.csv DB

Every page is trimmed to the layout's card with its bleed (pdfinfo -box).
On the address side of each copy made (manifest status ok):
- a domestic (JP) address: each of the seven postal digits is the
  customer's, and its word box's centre lies within 0.5 mm of the centre
  of its Japan Post box (5.7 x 8.0 mm boxes, gaps 1.3/1.9/1.1 mm, the
  group's top 12.0 mm below the card's top and its right edge 8.0 mm from
  the card's right edge: computed here from those numbers, not from the
  layout); the name's glyphs share one x and run downward; the family
  name (or the company) and every joint given name are printed once; one
  honorific per name;
- abroad: no digit in the boxes, POST CARD and AIR MAIL printed;
- every word lies inside one of the address side's frames (less padding).
"""
import csv
import re
import sqlite3
import subprocess
import sys
import unicodedata

import yaml

from pdfwords import pages, verdict

MM = 72 / 25.4
TOL = 0.5 * MM
SLACK = 0.05  # pt


def japan_post_boxes(card_w):
    """The seven box centres (x, y) in pt from the trim's top-left."""
    gaps = [1.3, 1.3, 1.9, 1.1, 1.1, 1.1]
    left = card_w / MM - 8.0 - 47.7
    xs = [left]
    for g in gaps:
        xs.append(xs[-1] + 5.7 + g)
    assert abs(xs[-1] + 5.7 - (card_w / MM - 8.0)) < 1e-9, "the group is 47.7 mm wide"
    return [((x + 2.85) * MM, (12.0 + 4.0) * MM) for x in xs]


def boxes(pdf):
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "100000", pdf], check=True,
                         capture_output=True, text=True).stdout
    trim = {}
    bleed = {}
    for line in out.splitlines():
        m = re.match(r"Page\s+(\d+) (TrimBox|BleedBox):\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
        if m:
            (trim if m.group(2) == "TrimBox" else bleed)[int(m.group(1))] = tuple(
                float(m.group(i)) for i in range(3, 7))
    return trim, bleed


def fold(s):
    return unicodedata.normalize("NFKC", s or "")


def main(layout, pdf, manifest, db):
    lay = yaml.safe_load(open(layout, encoding="utf-8"))
    sides = lay.get("sides", ["message", "address"])
    addr_page = sides.index("address")
    frames = [f for f in lay["frames"] if f.get("side") == "address"]
    areas = []
    for f in frames:
        pad = f.get("padding", 0)
        areas.append((f["name"], (f["x"] + pad) * MM, (f["y"] + pad) * MM,
                      (f["x"] + f["w"] - pad) * MM, (f["y"] + f["h"] - pad) * MM))
    postal = next(a for f, a in zip(frames, areas) if f.get("content") == "postal-code")
    address = next(a for f, a in zip(frames, areas) if f.get("content") == "jp-address")
    trim, bleed = boxes(pdf)
    bad = []
    W, H = 100 * MM, 148 * MM
    for p, t in trim.items():
        if abs(t[2] - t[0] - W) > 0.01 or abs(t[3] - t[1] - H) > 0.01:
            bad.append("page %d: trim %.2f x %.2f mm, not 100 x 148" % (p, (t[2] - t[0]) / MM, (t[3] - t[1]) / MM))
        b = bleed[p]
        if any(abs(v) > 0.01 for v in (t[0] - b[0] - 3 * MM, t[1] - b[1] - 3 * MM,
                                         b[2] - t[2] - 3 * MM, b[3] - t[3] - 3 * MM)):
            bad.append("page %d: the bleed is not 3 mm on every side" % p)
    centres = japan_post_boxes(W)
    pg = pages(pdf)
    con = sqlite3.connect(db)
    n = domestic = abroad = 0
    for row in csv.DictReader(open(manifest, encoding="utf-8")):
        if row["status"] != "ok":
            continue
        n += 1
        cid = int(row["customer_id"])
        page = int(row["first_page"]) + addr_page
        ox, oy = trim[page][0], bleed[page][3] - trim[page][3]
        # pdftotext's y grows downwards from the media box's top
        words = [(x0 - ox, y0 - oy, x1 - ox, y1 - oy, t) for x0, y0, x1, y1, t in pg[page - 1]]
        for x0, y0, x1, y1, t in words:
            if not any(a[1] - SLACK <= x0 and x1 <= a[3] + SLACK and a[2] - SLACK <= y0 and y1 <= a[4] + SLACK
                       for a in areas):
                bad.append("customer %d: %r at (%.1f, %.1f)-(%.1f, %.1f) mm is outside every frame"
                           % (cid, t, x0 / MM, y0 / MM, x1 / MM, y1 / MM))
        fam, given, comp, dept, joint, pc, country = con.execute(
            "SELECT family_name, given_name, company, department, joint_names, postal_code, country "
            "FROM customers WHERE id = ?", (cid,)).fetchone()
        inbox = sorted((w for w in words if w[0] >= postal[1] - SLACK and w[2] <= postal[3] + SLACK
                        and w[1] >= postal[2] - 2 * MM and w[3] <= postal[4] + 2 * MM), key=lambda w: w[0])
        if (country or "JP") != "JP":
            abroad += 1
            if inbox:
                bad.append("customer %d: abroad, but %r in the postal-code boxes" % (cid, [w[4] for w in inbox]))
            text = " ".join(w[4] for w in words)
            if "POST CARD" not in text or "AIR MAIL" not in text:
                bad.append("customer %d: abroad without POST CARD and AIR MAIL" % cid)
            continue
        domestic += 1
        digits = "".join(ch for ch in fold(pc) if ch.isdigit())
        if [w[4] for w in inbox] != list(digits):
            bad.append("customer %d: postal digits %r, expected %r" % (cid, [w[4] for w in inbox], digits))
        else:
            for i, (w, (cx, cy)) in enumerate(zip(inbox, centres)):
                dx, dy = (w[0] + w[2]) / 2 - cx, (w[1] + w[3]) / 2 - cy
                if abs(dx) > TOL or abs(dy) > TOL:
                    bad.append("customer %d: digit %d's centre is %.2f, %.2f mm off its box's"
                               % (cid, i + 1, dx / MM, dy / MM))
        # the columns of the address frame, right to left, each top to bottom
        cols = {}
        for w in words:
            if w[0] >= address[1] - SLACK and w[2] <= address[3] + SLACK and w[1] >= address[2] - SLACK:
                cols.setdefault(round(w[0], 2), []).append(w)
        cols = [sorted(c, key=lambda w: w[1]) for _, c in sorted(cols.items(), reverse=True)]
        alltext = "".join(w[4] for c in cols for w in c)
        person = bool(fam or given)
        first = (fold(fam or given) if person else fold(dept or comp)).replace(" ", "")
        name_col = next((c for c in cols if "".join(w[4] for w in c).startswith(first)), None)
        if name_col is None:
            bad.append("customer %d: no column starts with the name %r (%r)" % (cid, first, alltext))
            continue
        # the name block: the columns set as large as the name
        size = round(name_col[0][2] - name_col[0][0], 1)
        nametext = "".join(w[4] for c in cols for w in c if round(w[2] - w[0], 1) == size)
        if size <= max(w[2] - w[0] for c in cols for w in c if c is not name_col and
                       round(w[2] - w[0], 1) != size and w[4] not in "様御中"):
            bad.append("customer %d: the name is not set larger than the address" % cid)
        xs = {(round(w[0], 2), round(w[2], 2)) for w in name_col}
        if len(xs) != 1:
            bad.append("customer %d: the name's glyphs do not share one x: %r" % (cid, sorted(xs)))
        ys = [w[1] for w in name_col]
        if any(b <= a for a, b in zip(ys, ys[1:])):
            bad.append("customer %d: the name's glyphs do not run downward" % cid)
        names = [first]
        if person and given and fam:
            names.append(fold(given))
        joints = [fold(j).strip() for j in (joint or "").split("\n") if j.strip()]
        self_name = fold((fam or "") + (given or "")).replace(" ", "")
        others = [j for j in joints if j.replace(" ", "").replace("\u3000", "") != self_name]
        for j in others:
            parts = j.split()
            names.append(parts[-1])
        for nm in names:
            nm = nm.replace(" ", "")
            if nametext.count(nm) != 1:
                bad.append("customer %d: %r printed %d times (%r)" % (cid, nm, nametext.count(nm), nametext))
        hon = nametext.count("様") + nametext.count("御中")
        if hon != 1 + len(others):
            bad.append("customer %d: %d honorifics for %d names" % (cid, hon, 1 + len(others)))
    if n == 0:
        bad.append("no copy was checked")
    verdict(bad, "check_card: %d cards (%d domestic, %d abroad) checked" % (n, domestic, abroad))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    main(*sys.argv[1:])
