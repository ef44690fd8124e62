#!/usr/bin/env python3
"""bench/bigcheck.py FILE.pdf: the structure of a PDF too big for qpdf --check in this machine's memory.

qpdf --check holds every object of a file in memory: a million-copy batch
(5 million objects, 4.4 GB) needed more than this machine's 24 GB. This
reads the file once, with the memory of one object at a time, and checks
what a broken writer would get wrong: the trailer and startxref, that
every cross-reference entry points at "N 0 obj" of its own number, that
every object ends with endobj and every stream's /Length ends at
endstream, that every reference names an object of the table, and that
the page tree's /Count and the catalog agree. Exit status 0, or 1 with
the first problems on stderr.
"""
import mmap
import re
import sys

REF = re.compile(rb"(\d+) 0 R")
LENGTH = re.compile(rb"/Length (\d+)")


def fail(msgs):
    for m in msgs[:20]:
        print("bigcheck: " + m, file=sys.stderr)
    sys.exit(1)


def main(path):
    f = open(path, "rb")
    m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    bad = []
    tail = m[-1024:]
    sx = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", tail)
    if not sx:
        fail(["no startxref at the end"])
    xref = int(sx.group(1))
    if m[xref:xref + 4] != b"xref":
        fail(["startxref %d does not point at xref" % xref])
    head = re.match(rb"xref\s+0 (\d+)\r?\n", m[xref:xref + 64])
    size = int(head.group(1))
    entries = xref + head.end()
    trailer = m.find(b"trailer", entries + 20 * size - 20)
    t = m[trailer:trailer + 400]
    if int(re.search(rb"/Size (\d+)", t).group(1)) != size:
        bad.append("/Size differs from the table")
    root = int(re.search(rb"/Root (\d+) 0 R", t).group(1))
    offsets = [0] * size
    for n in range(1, size):
        e = m[entries + 20 * n:entries + 20 * n + 20]
        if e[10:18] != b" 00000 n":
            bad.append("entry %d is %r" % (n, e))
            continue
        offsets[n] = int(e[:10])
    for n in range(1, size):
        off = offsets[n]
        want = b"%d 0 obj" % n
        if m[off:off + len(want)] != want:
            bad.append("object %d: its entry points at %r" % (n, m[off:off + 20]))
            continue
        end = m.find(b"endobj", off)
        body = m[off + len(want):end]
        s = body.find(b"stream\n")
        if s >= 0 and (body.rfind(b">>", 0, s) > 0):
            dict_part = body[:s]
            ln = int(LENGTH.search(dict_part).group(1))
            start = off + len(want) + s + len(b"stream\n")
            if m[start + ln:start + ln + 10] != b"\nendstream":
                bad.append("object %d: /Length %d does not end at endstream" % (n, ln))
                continue
            end = m.find(b"endobj", start + ln)
            body = dict_part
        for r in REF.findall(body):
            if not 0 < int(r) < size:
                bad.append("object %d names object %s, not in the table" % (n, r.decode()))
        if len(bad) > 20:
            break
    cat = m[offsets[root]:m.find(b"endobj", offsets[root])]
    pages = int(re.search(rb"/Pages (\d+) 0 R", cat).group(1))
    pt = m[offsets[pages]:m.find(b"endobj", offsets[pages])]
    count = int(re.search(rb"/Count (\d+)", pt).group(1))
    if bad:
        fail(bad)
    print("bigcheck: %s: %d objects, every entry and stream in place, every reference in the table; %d pages"
          % (path, size - 1, count))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
