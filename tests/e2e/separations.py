#!/usr/bin/env python3
"""separations: do crop marks reach every process plate?

Usage: separations.py FILE.pdf

Renders page 1 with Ghostscript's tiffsep device (one uncompressed 8-bit
TIFF per plate) and checks that each of the Cyan, Magenta, Yellow and Black
plates has ink outside the BleedBox (read with pdfinfo -box), where
nothing but the marks is drawn, in each quarter of the page.
"""

import glob
import os
import re
import struct
import subprocess
import sys
import tempfile

RES = 72  # pixels per inch: 1 px = 1 pt


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def boxes(pdf):
    out = subprocess.run(["pdfinfo", "-box", "-f", "1", "-l", "1", pdf],
                         check=True, capture_output=True, text=True).stdout
    got = {}
    for name in ("MediaBox", "BleedBox", "TrimBox"):
        m = re.search(r"Page +1 %s: +([\d.\s-]+)" % name, out)
        got[name] = [float(v) for v in m.group(1).split()]
    return got


def read_tiff(path):
    """width, height, rows of an uncompressed 8-bit single-channel TIFF."""
    d = open(path, "rb").read()
    e = "<" if d[:2] == b"II" else ">"
    (off,) = struct.unpack(e + "I", d[4:8])
    (n,) = struct.unpack(e + "H", d[off:off + 2])
    tags = {}
    for i in range(n):
        tag, typ, cnt, val = struct.unpack(e + "HHI4s", d[off + 2 + 12 * i: off + 14 + 12 * i])
        size = {3: 2, 4: 4}.get(typ, 1)
        fmt = {3: "H", 4: "I"}.get(typ, "B")
        if cnt * size <= 4:
            vals = struct.unpack(e + fmt * cnt, val[:cnt * size])
        else:
            (p,) = struct.unpack(e + "I", val)
            vals = struct.unpack(e + fmt * cnt, d[p:p + cnt * size])
        tags[tag] = vals
    if tags.get(259, (1,))[0] != 1 or tags.get(258, (8,))[0] != 8:
        fail("%s: not an uncompressed 8-bit TIFF" % path)
    w, h = tags[256][0], tags[257][0]
    data = b"".join(d[o:o + c] for o, c in zip(tags[273], tags[279]))
    return w, h, data, tags.get(262, (1,))[0]


def main():
    pdf = sys.argv[1]
    b = boxes(pdf)
    media, bleed = b["MediaBox"], b["BleedBox"]
    if media == bleed:
        fail("no slug: the MediaBox equals the BleedBox, so there is no room for marks")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep",
                        "-sCompression=none", "-r%d" % RES, "-dFirstPage=1", "-dLastPage=1",
                        "-sOutputFile=" + os.path.join(tmp, "p.tif"), pdf], check=True)
        for plate in ("Cyan", "Magenta", "Yellow", "Black"):
            files = glob.glob(os.path.join(tmp, "p(%s).tif" % plate))
            if not files:
                fail("no %s separation" % plate)
            w, h, data, photometric = read_tiff(files[0])
            paper = data[0]  # the media corner: nothing is drawn there
            # the slug: outside the BleedBox, in px from the top-left; a crop
            # mark in each quarter of the page
            bx0, bx1 = bleed[0] - media[0], bleed[2] - media[0]
            by0, by1 = media[3] - bleed[3], media[3] - bleed[1]
            found = set()
            for y in range(h):
                row = data[y * w:(y + 1) * w]
                for x in range(w):
                    if abs(row[x] - paper) > 64 and not (bx0 <= x < bx1 and by0 <= y < by1):
                        found.add((x < w / 2, y < h / 2))
            for quarter in ((True, True), (False, True), (True, False), (False, False)):
                if quarter not in found:
                    fail("%s plate: no crop mark in the %s%s slug" % (
                        plate, "top" if quarter[1] else "bottom", "-left" if quarter[0] else "-right"))
    print("ok: crop marks on the C, M, Y and K plates")


main()
