#!/usr/bin/env python3
"""check_usps: a US postcard's address side keeps USPS's zones.

usage: check_usps.py LAYOUT.yml BATCH.pdf MANIFEST.csv

On the address side of every copy made (pdftotext -bbox-layout, trim
coordinates): no word in the barcode clear zone (the bottom 5/8 in, up
to 4 3/4 in from the right edge) nor in the postage area (the top right,
1 3/4 in wide and 1 1/4 in high); every word of the address frame inside
the OCR read area (5/8 in to 2 3/4 in above the bottom edge, 1/2 in from
each side), and some there (the address is printed).
"""
import csv
import re
import subprocess
import sys

import yaml

from pdfwords import pages, verdict

IN = 72.0
MM = 72 / 25.4
SLACK = 0.05


def main(layout, pdf, manifest):
    lay = yaml.safe_load(open(layout, encoding="utf-8"))
    side = lay.get("sides", ["message", "address"]).index("address")
    fr = next(f for f in lay["frames"] if f.get("content") == "address")
    box = (fr["x"] * MM, fr["y"] * MM, (fr["x"] + fr["w"]) * MM, (fr["y"] + fr["h"]) * MM)
    info = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "1", pdf], check=True,
                          capture_output=True, text=True).stdout
    t = [float(v) for v in re.search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info).groups()]
    m = [float(v) for v in re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", info).groups()]
    W, H = t[2] - t[0], t[3] - t[1]
    ox, oy = t[0], m[3] - t[3]
    barcode = (W - 4.75 * IN, H - 0.625 * IN, W, H)
    postage = (W - 1.75 * IN, 0, W, 1.25 * IN)
    ocr = (0.5 * IN, H - 2.75 * IN, W - 0.5 * IN, H - 0.625 * IN)
    pg = [[(a - ox, b - oy, c - ox, d - oy, w) for a, b, c, d, w in p] for p in pages(pdf)]
    bad = []
    n = 0
    for row in csv.DictReader(open(manifest, encoding="utf-8")):
        if row["status"] != "ok":
            continue
        n += 1
        words = pg[int(row["first_page"]) - 1 + side]
        inframe = 0
        for x0, y0, x1, y1, w in words:
            for name, z in (("barcode clear zone", barcode), ("postage area", postage)):
                if x1 > z[0] + SLACK and x0 < z[2] - SLACK and y1 > z[1] + SLACK and y0 < z[3] - SLACK:
                    bad.append("copy %s: %r in the %s" % (row["copy"], w, name))
            if x0 >= box[0] - SLACK and x1 <= box[2] + SLACK and y0 >= box[1] - SLACK and y1 <= box[3] + SLACK:
                inframe += 1
                if not (x0 >= ocr[0] - SLACK and x1 <= ocr[2] + SLACK and y0 >= ocr[1] - SLACK
                        and y1 <= ocr[3] + SLACK):
                    bad.append("copy %s: %r outside the OCR read area" % (row["copy"], w))
        if inframe == 0:
            bad.append("copy %s: no address" % row["copy"])
    if n == 0:
        bad.append("no copy was checked")
    verdict(bad, "check_usps: %d cards keep USPS's zones" % n)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
