#!/usr/bin/env python3
"""check_labels: every label of a batch holds its customer, inside the label.

Usage: check_labels.py LABELS.pdf SHOP.db SHEET.yml [--start N]

Reads the manifest beside the PDF (label,customer_id,sheet,position,postal_code)
and `pdftotext -bbox-layout` of the PDF, then checks that
- every word box lies inside a label's rectangle minus a 1.5 mm safety margin;
- each label's words hold its customer's family name, given name and postal
  code (compared without spaces, case-insensitively);
- labels before position N of the first sheet are empty (--start N);
- no two customers share a sheet position, and every customer who has not
  opted out has exactly one label.
"""

import html
import re
import sqlite3
import subprocess
import sys
import unicodedata

MM = 72 / 25.4
SAFETY = 1.5 * MM


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def read_sheet(path):
    """The label: {...} map and page size of a sheet layout (flow style)."""
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^label:\s*\{([^}]*)\}", text, re.M)
    label = {}
    for part in m.group(1).split(","):
        k, v = part.split(":", 1)
        label[k.strip()] = v.strip()
    return {k: float(label[k]) for k in
            ("width", "height", "columns", "rows", "pitch-x", "pitch-y",
             "left", "top")}


def label_rect(s, pos):
    """(x0, y0, x1, y1) in pt from the top-left for position pos (1-based)."""
    i = pos - 1
    col, row = i % int(s["columns"]), i // int(s["columns"])
    x = (s["left"] + col * s["pitch-x"]) * MM
    y = (s["top"] + row * s["pitch-y"]) * MM
    return (x, y, x + s["width"] * MM, y + s["height"] * MM)


def words_by_page(pdf):
    out = subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", pdf, "-"],
                         check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.split(r"<page ", out)[1:]:
        words = []
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" '
                             r'xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', page):
            words.append(tuple(float(m.group(i)) for i in range(1, 5)) + (html.unescape(m.group(5)),))
        pages.append(words)
    return pages


def norm(s):
    s = unicodedata.normalize("NFKC", s or "")
    return re.sub(r"\s+", "", s).casefold()


def main():
    pdf, dbpath, sheet_path = sys.argv[1:4]
    start = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--start" else 1
    s = read_sheet(sheet_path)
    per = int(s["columns"] * s["rows"])
    manifest = pdf[:-4] + ".manifest.csv"
    rows = open(manifest, encoding="utf-8").read().splitlines()
    if rows[0] != "label,customer_id,sheet,position,postal_code":
        fail("manifest header: " + rows[0])
    import csv
    labels = list(csv.reader(rows[1:]))
    db = sqlite3.connect(dbpath)
    cust = {r[0]: r[1:] for r in db.execute(
        "SELECT id, family_name, given_name, postal_code FROM customers WHERE NOT opt_out")}
    ids = [int(r[1]) for r in labels]
    if sorted(ids) != sorted(cust):
        fail("labels for %d customers, %d expected" % (len(set(ids)), len(cust)))
    seen = set()
    pages = words_by_page(pdf)
    by_label = {}
    for pno, words in enumerate(pages, 1):
        for (x0, y0, x1, y1, w) in words:
            home = None
            for pos in range(1, per + 1):
                r = label_rect(s, pos)
                if (x0 >= r[0] + SAFETY - 0.01 and y0 >= r[1] + SAFETY - 0.01 and
                        x1 <= r[2] - SAFETY + 0.01 and y1 <= r[3] - SAFETY + 0.01):
                    home = pos
                    break
            if home is None:
                fail("sheet %d: word %r at (%.1f,%.1f)-(%.1f,%.1f) pt is not inside a "
                     "label minus 1.5 mm" % (pno, w, x0, y0, x1, y1))
            by_label.setdefault((pno, home), []).append(w)
    for label, cid, sheet, pos, postal in labels:
        key = (int(sheet), int(pos))
        if key in seen:
            fail("two labels at sheet %s position %s" % key)
        seen.add(key)
        if key[0] == 1 and key[1] < start:
            fail("label %s at position %s, before --start %d" % (label, pos, start))
        text = norm("".join(by_label.get(key, [])))
        family, given, code = cust[int(cid)]
        for want in (family, given, postal):
            if want and norm(want) not in text:
                fail("customer %s (sheet %s, position %s): %r not on the label: %r" %
                     (cid, sheet, pos, want, text))
        if code and not postal:
            fail("customer %s: postal code missing from the manifest" % cid)
    for pos in range(1, start):
        if (1, pos) in by_label:
            fail("position %d of the first sheet is not empty" % pos)
    print("ok: %d labels on %d sheets" % (len(labels), len(pages)))


main()
