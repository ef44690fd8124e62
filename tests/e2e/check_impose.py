#!/usr/bin/env python3
"""check_impose: hagaki imposed 4-up on SRA3, cut and stacked, come out in copy order, each back behind its front.

usage: check_impose.py IMPOSED.pdf MANIFEST.csv DB COPIES SHEETS

From the manifest alone: the sheets are 1..SHEETS, each copy's first
page is its sheet's front, and taking the positions in order (each a cut
stack, sheet 1 on top) gives copies 1..COPIES. From the PDF: each copy's
coupon code (its token) is on the front at its position, and its postal
digits are on the back at the mirrored position (the sheet turned left
to right).
"""
import csv
import re
import sqlite3
import subprocess
import sys
import unicodedata

from pdfwords import pages as pdf_pages, verdict

MM = 72 / 25.4


def main(pdf, manifest, db, copies, nsheets):
    copies, nsheets = int(copies), int(nsheets)
    rows = list(csv.DictReader(open(manifest, encoding="utf-8")))
    bad = []
    if len(rows) != copies:
        sys.exit("FAIL: %d manifest rows, not %d" % (len(rows), copies))
    if {int(r["sheet"]) for r in rows} != set(range(1, nsheets + 1)):
        bad.append("sheets %r" % sorted({int(r["sheet"]) for r in rows}))
    if any(int(r["first_page"]) != 2 * int(r["sheet"]) - 1 for r in rows):
        bad.append("a first_page is not its sheet's front")
    order = [int(r["copy"]) for r in sorted(rows, key=lambda r: (int(r["position"]), int(r["sheet"])))]
    if order != list(range(1, copies + 1)):
        bad.append("the stacks, cut, give copies %r" % order)
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "1", pdf], check=True,
                          capture_output=True, text=True).stdout
    W, H = (float(v) for v in re.search(
        r"Page\s+1 MediaBox:\s+[\d.]+\s+[\d.]+\s+([\d.]+)\s+([\d.]+)", info).groups())
    if abs(W - 320 * MM) > 0.1 or abs(H - 450 * MM) > 0.1:
        bad.append("the sheet is %.1f x %.1f mm, not SRA3" % (W / MM, H / MM))
    npages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(
        ["pdfinfo", pdf], check=True, capture_output=True, text=True).stdout).group(1))
    if npages != 2 * nsheets:
        bad.append("%d pages, not %d" % (npages, 2 * nsheets))
    cw, ch, b, cols = 100 * MM, 148 * MM, 3 * MM, 2
    x0 = (W - cols * (cw + 2 * b)) / 2 + b
    y0 = (H - 2 * (ch + 2 * b)) / 2 + b
    pages = pdf_pages(pdf)

    def words(page, col, row, top=None):
        """The words inside the card at col, row, in pdftotext's order (top: only those above it, mm, by x)."""
        bx, by = x0 + col * (cw + 2 * b), y0 + row * (ch + 2 * b)
        ws = [(a, t) for a, y, c, d, t in pages[page]
              if a >= bx and c <= bx + cw and y >= by and d <= by + ch and (top is None or d <= by + top * MM)]
        return "".join(t for _, t in (sorted(ws) if top else ws))

    con = sqlite3.connect(db)
    for r in rows:
        s, p = int(r["sheet"]), int(r["position"]) - 1
        col, row = p % cols, p // cols
        tok, pc = con.execute("SELECT token, postal_code FROM contacts JOIN customers c "
                              "ON c.id = customer_id WHERE customer_id = ?",
                              (int(r["customer_id"]),)).fetchone()
        if tok not in words(2 * s - 2, col, row):
            bad.append("copy %s: its coupon %s is not at sheet %d position %d" % (r["copy"], tok, s, p + 1))
        back = words(2 * s - 1, cols - 1 - col, row, top=22)
        digits = "".join(c for c in unicodedata.normalize("NFKC", pc) if c.isdigit())
        if len(digits) == 7 and back != digits:
            bad.append("copy %s: its back (%r) is not behind its front" % (r["copy"], back[:20]))
    verdict(bad, "check_impose: %d cards on %d sheets, in copy order when cut" % (copies, nsheets))


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    main(*sys.argv[1:])
