"""pdfwords: what the card checks share: each page's words from pdftotext -bbox-layout, and the verdict."""
import re
import subprocess
import sys

WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def unescape(s):
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")


def pages(pdf):
    """Per page, its words as (xMin, yMin, xMax, yMax, text), pt from the media box's top-left."""
    out = subprocess.run(["pdftotext", "-bbox-layout", pdf, "-"], check=True,
                         capture_output=True, text=True).stdout
    return [[(float(a), float(b), float(c), float(d), unescape(t)) for a, b, c, d, t in WORD.findall(p)]
            for p in out.split("<page ")[1:]]


def verdict(bad, ok):
    """Each problem (the first 40) on stderr and exit 1; else print ok."""
    for b in bad[:40]:
        print("FAIL:", b, file=sys.stderr)
    if bad:
        sys.exit(1)
    print(ok)
