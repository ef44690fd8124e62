#!/usr/bin/env python3
"""check_vert: a vertical message draws the font's vertical forms of 。、「」ー.

usage: check_vert.py BATCH.pdf PAGE FONTS_DIR

On page PAGE (1-based) of the PDF, every glyph drawn for 。、「」 and ー
(found through the fonts' ToUnicode CMaps) must be, by the font's
CIDToGIDMap, the glyph the font's own OpenType GSUB 'vert' feature puts
for it (read here from the font file named by the PDF font's BaseFont),
and that glyph must be embedded (not empty in the subset). Each of the
five must be drawn at least once.
"""
import re
import struct
import subprocess
import sys
import tempfile

from pdfwords import verdict

CHARS = "。、「」ー"
FONT_FILES = {"IPAexMincho": "ipaexm.ttf", "IPAexGothic": "ipaexg.ttf"}


def tables(data):
    n = struct.unpack(">H", data[4:6])[0]
    out = {}
    for i in range(n):
        tag, _, off, length = struct.unpack(">4sIII", data[12 + 16 * i:28 + 16 * i])
        out[tag.decode("latin-1")] = (off, length)
    return out


def cmap_glyph(data, t, cp):
    """The glyph a format-4 cmap subtable maps BMP code point cp to."""
    base = t["cmap"][0]
    n = struct.unpack(">H", data[base + 2:base + 4])[0]
    for i in range(n):
        pid, eid, off = struct.unpack(">HHI", data[base + 4 + 8 * i:base + 12 + 8 * i])
        sub = base + off
        if struct.unpack(">H", data[sub:sub + 2])[0] != 4:
            continue
        segx2 = struct.unpack(">H", data[sub + 6:sub + 8])[0]
        ends = sub + 14
        starts = ends + segx2 + 2
        deltas = starts + segx2
        ranges = deltas + segx2
        for s in range(segx2 // 2):
            end = struct.unpack(">H", data[ends + 2 * s:ends + 2 * s + 2])[0]
            if cp > end:
                continue
            start = struct.unpack(">H", data[starts + 2 * s:starts + 2 * s + 2])[0]
            if cp < start:
                return 0
            delta = struct.unpack(">h", data[deltas + 2 * s:deltas + 2 * s + 2])[0]
            ro = struct.unpack(">H", data[ranges + 2 * s:ranges + 2 * s + 2])[0]
            if ro == 0:
                return (cp + delta) & 0xFFFF
            at = ranges + 2 * s + ro + 2 * (cp - start)
            g = struct.unpack(">H", data[at:at + 2])[0]
            return (g + delta) & 0xFFFF if g else 0
    return 0


def coverage(data, off):
    fmt = struct.unpack(">H", data[off:off + 2])[0]
    if fmt == 1:
        n = struct.unpack(">H", data[off + 2:off + 4])[0]
        return list(struct.unpack(">%dH" % n, data[off + 4:off + 4 + 2 * n]))
    n = struct.unpack(">H", data[off + 2:off + 4])[0]
    out = []
    for i in range(n):
        s, e, _ = struct.unpack(">HHH", data[off + 4 + 6 * i:off + 10 + 6 * i])
        out.extend(range(s, e + 1))
    return out


def vert_map(data, t):
    """glyph -> glyph of the GSUB 'vert' feature's single substitutions."""
    g = t["GSUB"][0]
    _, _, _, fl, ll = struct.unpack(">HHHHH", data[g:g + 10])
    fl += g
    ll += g
    lookups = set()
    for i in range(struct.unpack(">H", data[fl:fl + 2])[0]):
        tag, off = struct.unpack(">4sH", data[fl + 2 + 6 * i:fl + 8 + 6 * i])
        if tag == b"vert":
            f = fl + off
            n = struct.unpack(">H", data[f + 2:f + 4])[0]
            lookups.update(struct.unpack(">%dH" % n, data[f + 4:f + 4 + 2 * n]))
    out = {}
    for li in sorted(lookups):
        lo = ll + struct.unpack(">H", data[ll + 2 + 2 * li:ll + 4 + 2 * li])[0]
        ltype, _, nsub = struct.unpack(">HHH", data[lo:lo + 6])
        for si in range(nsub):
            st = lo + struct.unpack(">H", data[lo + 6 + 2 * si:lo + 8 + 2 * si])[0]
            typ = ltype
            if typ == 7:
                typ, ext = struct.unpack(">HI", data[st + 2:st + 8])
                st += ext
            if typ != 1:
                continue
            fmt, cov = struct.unpack(">HH", data[st:st + 4])
            glyphs = coverage(data, st + cov)
            if fmt == 1:
                delta = struct.unpack(">h", data[st + 4:st + 6])[0]
                for gl in glyphs:
                    out.setdefault(gl, (gl + delta) & 0xFFFF)
            else:
                n = struct.unpack(">H", data[st + 4:st + 6])[0]
                subs = struct.unpack(">%dH" % n, data[st + 6:st + 6 + 2 * n])
                for gl, s in zip(glyphs, subs):
                    out.setdefault(gl, s)
    return out


def objects(qdf):
    out = {}
    for m in re.finditer(rb"\n(\d+) 0 obj\n(.*?)\nendobj", qdf, re.S):
        out[int(m.group(1))] = m.group(2)
    return out


def stream(obj):
    m = re.search(rb"stream\n(.*)\nendstream", obj, re.S)
    return m.group(1) if m else b""


def ref(obj, key):
    m = re.search(rb"/" + key + rb" (\d+) 0 R", obj)
    return int(m.group(1)) if m else None


def main(pdf, page, fonts_dir):
    page = int(page)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, tmp.name], check=True)
        qdf = open(tmp.name, "rb").read()
    objs = objects(qdf)
    pages = [n for n, o in sorted(objs.items()) if re.search(rb"/Type /Page\b", o)]
    # qdf writes pages in order, each with a "%% Page N" comment
    order = [int(n) for n in re.findall(rb"%% Page \d+\n%% Original object ID: \d+ 0\n(\d+) 0 obj", qdf)]
    pobj = objs[order[page - 1] if order else pages[page - 1]]
    contents = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", pobj).group(1)
    text = b"".join(stream(objs[int(n)]) for n in re.findall(rb"(\d+) 0 R", contents))
    fontres = {}
    res = re.search(rb"/Font\s*<<(.*?)>>", pobj, re.S)
    if res is None:
        res = re.search(rb"/Font\s*<<(.*?)>>", objs[ref(pobj, b"Resources")], re.S)
    for name, n in re.findall(rb"/(\w+) (\d+) 0 R", res.group(1)):
        fontres[name] = int(n)
    # the codes drawn, by font
    drawn = []
    cur = None
    for m in re.finditer(rb"/(\w+) [\d.]+ Tf|<([0-9A-Fa-f]+)> Tj", text):
        if m.group(1):
            cur = fontres.get(m.group(1))
        else:
            h = m.group(2).decode()
            drawn.extend((cur, int(h[i:i + 4], 16)) for i in range(0, len(h), 4))
    found = {c: 0 for c in CHARS}
    bad = []
    info = {}
    for fo, code in drawn:
        if fo not in info:
            f = objs[fo]
            base = re.search(rb"/BaseFont /([\w+-]+)", f).group(1).decode().split("+")[-1]
            tu = stream(objs[ref(f, b"ToUnicode")])
            umap = {}
            for a, b in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})>", tu):
                umap[int(a, 16)] = chr(int(b, 16))
            for a, b, c in re.findall(rb"<([0-9A-F]{4})> <([0-9A-F]{4})> <([0-9A-F]{4})>", tu):
                for k in range(int(a, 16), int(b, 16) + 1):
                    umap[k] = chr(int(c, 16) + k - int(a, 16))
            desc = objs[int(re.search(rb"/DescendantFonts\s*\[\s*(\d+) 0 R", f).group(1))]
            # /Identity: the code is the glyph id; a stream: 2 bytes a code
            gmap = None if re.search(rb"/CIDToGIDMap\s*/Identity", desc) else \
                stream(objs[ref(desc, b"CIDToGIDMap")])
            ff = stream(objs[ref(objs[ref(desc, b"FontDescriptor")], b"FontFile2")])
            info[fo] = (base, umap, gmap, ff)
        base, umap, gmap, ff = info[fo]
        ch = umap.get(code)
        if ch not in CHARS:
            continue
        found[ch] += 1
        if base not in FONT_FILES:
            bad.append("%s drawn in %s, which has no vertical forms" % (ch, base))
            continue
        data = open(fonts_dir + "/" + FONT_FILES[base], "rb").read()
        t = tables(data)
        want = vert_map(data, t).get(cmap_glyph(data, t, ord(ch)))
        if gmap is None:
            gid = code
        else:
            gid = struct.unpack(">H", gmap[2 * code:2 * code + 2])[0] if 2 * code + 2 <= len(gmap) else 0
        if gid != want:
            bad.append("%s is drawn as glyph %d of %s, its vertical form is %s" % (ch, gid, base, want))
            continue
        et = tables(ff)
        head = et["head"][0]
        long_loca = struct.unpack(">h", ff[head + 50:head + 52])[0] == 1
        lo = et["loca"][0]
        if long_loca:
            a, b = struct.unpack(">II", ff[lo + 4 * gid:lo + 4 * gid + 8])
        else:
            a, b = (2 * v for v in struct.unpack(">HH", ff[lo + 2 * gid:lo + 2 * gid + 4]))
        if b <= a:
            bad.append("%s's vertical glyph %d is not embedded" % (ch, gid))
    for ch, n in found.items():
        if n == 0:
            bad.append("%s is not drawn on page %d" % (ch, page))
    verdict(bad, "check_vert: %s in their vertical forms (%d glyphs)" % (CHARS, sum(found.values())))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
