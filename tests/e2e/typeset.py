#!/usr/bin/env python3
"""typeset.py: checks a print professional makes, read from a display-list dump (tayori build --dump).

usage: typeset.py CHECK DUMP CONTENT.md LAYOUT.yml

CHECK is one of
  keeps   no heading is the last line of a column or page, over every copy
  jpunct  」「 、「 。「 pairs set at 1.5 em or less together; a quarter em
          between Japanese and Latin letters or digits on a line
  spaces  in body lines that are not the last of their paragraph, word spaces
          within [0.8, 2.0] x the font's space in at least 99 % of lines, and
          some lines end with a hyphen
"""
import os
import re
import struct
import sys

MM = 72 / 25.4


def layout_numbers(path):
    """The few layout values the checks need, read with regular expressions (no YAML module)."""
    text = open(path, encoding="utf-8").read()
    out = {"heading_sizes": set()}
    for h in ("h1", "h2", "h3"):
        m = re.search(r"^\s+%s:\s*\{[^}]*size:\s*([\d.]+)" % h, text, re.M)
        if m:
            out["heading_sizes"].add(round(float(m.group(1)), 2))
    m = re.search(r"^margins:\s*\{([^}]*)\}", text, re.M)
    for k in ("top", "right", "bottom", "left"):
        v = re.search(r"%s:\s*([\d.]+)" % k, m.group(1))
        out[k] = float(v.group(1)) * MM
    m = re.search(r"^columns:\s*(\d+)", text, re.M)
    out["columns"] = int(m.group(1)) if m else 1
    m = re.search(r"^gutter:\s*([\d.]+)", text, re.M)
    out["gutter"] = float(m.group(1)) * MM if m else 0
    return out


def headings(content):
    """The text of every Markdown heading of the content, inline markup removed, spaces dropped."""
    out = []
    for line in open(content, encoding="utf-8"):
        m = re.match(r"#{1,6}\s+(.*)", line)
        if m:
            out.append(re.sub(r"[*_`\s]", "", m.group(1)))
    return out


ITEM = re.compile(r'  (text|image|line|rect|qr) (-?[\d.]+) (-?[\d.]+) (.*)')
TEXT = re.compile(r'f(\d+) ([\d.]+)(?: w(-?[\d.]+))?(?: sp(-?[\d.]+))? "(.*)"$')


def copies(dump):
    """Yield (label, width, [pages]) where a page is a list of items (dicts)."""
    label, width, pages = None, 0, []
    for raw in open(dump, encoding="utf-8"):
        line = raw.rstrip("\n")
        if line.startswith("== "):
            if label is not None:
                yield label, width, pages
            label, pages = line[3:], []
        elif line.startswith("copy "):
            width = float(line.split()[1])
        elif line.startswith("page "):
            pages.append([])
        else:
            m = ITEM.match(line)
            if not m:
                continue
            it = {"kind": m.group(1), "x": float(m.group(2)), "y": float(m.group(3))}
            rest = m.group(4)
            if it["kind"] == "text":
                t = TEXT.match(rest)
                it.update(font=int(t.group(1)), size=float(t.group(2)),
                          w=float(t.group(3) or 0), sp=float(t.group(4) or 0),
                          str=t.group(5))
            elif it["kind"] in ("image", "rect", "line"):
                f = rest.split()
                it["x1"] = float(f[0]) if it["kind"] == "line" else it["x"] + float(f[0])
                it["y1"] = float(f[1]) if it["kind"] == "line" else it["y"] + float(f[1])
            pages[-1].append(it)
    if label is not None:
        yield label, width, pages


def column_of(lay, width, x):
    """The body column x falls in, or None (the gutter, the margins)."""
    colw = (width - lay["left"] - lay["right"] - (lay["columns"] - 1) * lay["gutter"]) / lay["columns"]
    for c in range(lay["columns"]):
        x0 = lay["left"] + c * (colw + lay["gutter"])
        if x0 - 1 <= x <= x0 + colw + 1:
            return c
    return None


def text_lines(page):
    """Text items grouped into lines: {(column-less) y: [items in x order]}."""
    lines = {}
    for it in page:
        if it["kind"] == "text":
            lines.setdefault(round(it["y"], 2), []).append(it)
    for v in lines.values():
        v.sort(key=lambda i: i["x"])
    return lines


def check_keeps(dump, content, layout):
    lay = layout_numbers(layout)
    heads = headings(content)
    bad, seen = [], 0
    for label, width, pages in copies(dump):
        for pno, page in enumerate(pages, 1):
            bottom = lay["bottom"]
            for y, items in text_lines(page).items():
                for col in range(lay["columns"]):
                    mine = [i for i in items if column_of(lay, width, i["x"]) == col]
                    if not mine or any(round(i["size"], 2) not in lay["heading_sizes"] for i in mine):
                        continue
                    s = re.sub(r"\s", "", "".join(i["str"] for i in mine))
                    if not any(s and s in h for h in heads):
                        continue
                    seen += 1
                    below = [i for i in page if i is not mine[0] and i["y"] < y - 0.01
                             and i["y"] > bottom - 0.01 and column_of(lay, width, i["x"]) == col]
                    if not below:
                        bad.append("%s page %d: heading \"%s\" is the last line of column %d"
                                   % (label, pno, s, col + 1))
    if seen == 0:
        sys.exit("keeps: no heading found in %s" % dump)
    for b in bad[:10]:
        print(b)
    print("keeps: %d heading line(s), %d the last of a column" % (seen, len(bad)))
    return not bad


OPEN = set("「『（〔［｛〈《【")
CLOSE = set("」』）〕］｝〉》】、。，．")


def japanese(ch):
    o = ord(ch)
    return 0x3040 <= o <= 0x30FF or 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or ch in "々〆〇"


def western(ch):
    return ch.isascii() and ch.isalnum()


def check_jpunct(dump, content, layout):
    """Pairs and Japanese–Latin gaps, each measured between two items of one line (w: each item's advance)."""
    lay = layout_numbers(layout)
    pairs = gaps = 0
    bad = []
    for label, width, pages in copies(dump):
        for pno, page in enumerate(pages, 1):
            for y, items in text_lines(page).items():
                for col in range(lay["columns"]):
                    line = [i for i in items if column_of(lay, width, i["x"]) == col]
                    for it in line:
                        s = it["str"]
                        for a, b in zip(s, s[1:]):
                            if (a in CLOSE and b in OPEN) or (japanese(a) and western(b)) \
                                    or (western(a) and japanese(b)):
                                bad.append("%s page %d: \"%s%s\" set solid in \"%s\"" % (label, pno, a, b, s))
                    for A, B in zip(line, line[1:]):
                        a, b = A["str"][-1:], B["str"][:1]
                        if not a or not b or a == " ":
                            continue
                        end_a = A["x"] + A["w"]
                        if a in CLOSE and b in OPEN:
                            pairs += 1
                            start = end_a - A["size"] - A["sp"]
                            extent = B["x"] + B["size"] - start - A["sp"]
                            if extent > 1.5 * B["size"] + 0.02:
                                bad.append("%s page %d: \"%s%s\" takes %.2f em"
                                           % (label, pno, a, b, extent / B["size"]))
                        elif (japanese(a) and western(b)) or (western(a) and japanese(b)):
                            gaps += 1
                            em = A["size"] if japanese(a) else B["size"]
                            gap = B["x"] - end_a
                            # at least a quarter em: more where the text has a space (spaces are not drawn)
                            if gap < 0.25 * em - 0.02:
                                bad.append("%s page %d: \"%s|%s\" %.2f em apart"
                                           % (label, pno, a, b, gap / em))
    if pairs == 0 or gaps == 0:
        sys.exit("jpunct: no 約物 pair (%d) or Japanese-Latin boundary (%d) in %s" % (pairs, gaps, dump))
    for b in bad[:10]:
        print(b)
    print("jpunct: %d pair(s), %d Japanese-Latin boundaries, %d wrong" % (pairs, gaps, len(bad)))
    return not bad


def font_files(layout):
    """The layout's font files in the order tayori numbers them (f0, f1, …): first appearance under fonts:."""
    files, inside = [], False
    for line in open(layout, encoding="utf-8"):
        if re.match(r"\S", line):
            inside = line.startswith("fonts:")
        elif inside:
            for f in re.findall(r"[\w.-]+\.ttf", line):
                if f not in files:
                    files.append(f)
    return files


def space_em(path):
    """The advance of U+0020 in em, from the font's cmap (format 4), hmtx and head tables."""
    d = open(path, "rb").read()
    tables = {}
    for i in range(struct.unpack(">H", d[4:6])[0]):
        tag, _, off, _ = struct.unpack(">4sIII", d[12 + 16 * i:28 + 16 * i])
        tables[tag] = off
    units = struct.unpack(">H", d[tables[b"head"] + 18:tables[b"head"] + 20])[0]
    nhm = struct.unpack(">H", d[tables[b"hhea"] + 34:tables[b"hhea"] + 36])[0]
    c = tables[b"cmap"]
    gid = None
    for i in range(struct.unpack(">H", d[c + 2:c + 4])[0]):
        _, _, off = struct.unpack(">HHI", d[c + 4 + 8 * i:c + 12 + 8 * i])
        o = c + off
        if struct.unpack(">H", d[o:o + 2])[0] != 4:
            continue
        segs = struct.unpack(">H", d[o + 6:o + 8])[0] // 2
        ends = struct.unpack(">%dH" % segs, d[o + 14:o + 14 + 2 * segs])
        starts = struct.unpack(">%dH" % segs, d[o + 16 + 2 * segs:o + 16 + 4 * segs])
        deltas = struct.unpack(">%dh" % segs, d[o + 16 + 4 * segs:o + 16 + 6 * segs])
        roff_at = o + 16 + 6 * segs
        for k in range(segs):
            if starts[k] <= 32 <= ends[k]:
                ro = struct.unpack(">H", d[roff_at + 2 * k:roff_at + 2 * k + 2])[0]
                if ro == 0:
                    gid = (32 + deltas[k]) & 0xFFFF
                else:
                    at = roff_at + 2 * k + ro + 2 * (32 - starts[k])
                    gid = (struct.unpack(">H", d[at:at + 2])[0] + deltas[k]) & 0xFFFF
        break
    h = tables[b"hmtx"]
    i = min(gid, nhm - 1)
    return struct.unpack(">H", d[h + 4 * i:h + 4 * i + 2])[0] / units


def check_spaces(dump, content, layout):
    lay = layout_numbers(layout)
    text = open(layout, encoding="utf-8").read()
    body = re.search(r"^\s+body:\s*\{[^}]*size:\s*([\d.]+)[^}]*leading:\s*([\d.]+)", text, re.M)
    size, leading = float(body.group(1)), float(body.group(2))
    fonts_dir = os.path.join(os.path.dirname(os.path.abspath(layout)), "..", "fonts")
    space = [space_em(os.path.join(fonts_dir, f)) for f in font_files(layout)]
    lines = good = hyphens = 0
    worst = []
    for label, width, pages in copies(dump):
        colw = (width - lay["left"] - lay["right"] - (lay["columns"] - 1) * lay["gutter"]) / lay["columns"]
        for pno, page in enumerate(pages, 1):
            bylines = text_lines(page)
            for y, items in bylines.items():
                for col in range(lay["columns"]):
                    line = [i for i in items if column_of(lay, width, i["x"]) == col]
                    if not line or any(abs(i["size"] - size) > 0.01 for i in line):
                        continue
                    hyphens += line[-1]["str"] == "-"
                    # not the last line of its paragraph: the next line of the column is one leading below
                    below = bylines.get(round(y - leading, 2), [])
                    if not any(column_of(lay, width, i["x"]) == col and abs(i["size"] - size) < 0.01
                               for i in below):
                        continue
                    # ragged by design, not justified: table cells (a full-width rule just above and
                    # below) and the text of boxes (inside a rectangle)
                    x0 = lay["left"] + col * (colw + lay["gutter"])
                    rules = [i["y"] for i in page if i["kind"] == "line" and abs(i["y1"] - i["y"]) < 0.01
                             and i["x"] <= x0 + colw / 2 and i["x1"] - i["x"] > 0.8 * colw]
                    if any(y < r < y + 2 * leading for r in rules) and any(y - 2 * leading < r < y for r in rules):
                        continue
                    if any(i["kind"] == "rect" and i["y"] < y < i["y1"] and i["x"] <= line[0]["x"] <= i["x1"]
                           and i["x1"] - i["x"] < width / 2 for i in page):
                        continue
                    ratios = []
                    for a, b in zip(line, line[1:]):
                        if not a["str"].endswith(" "):
                            continue
                        nat = space[a["font"]] * a["size"]
                        # the space as set: its advance, the letter spacing it takes, the justification
                        ratios.append((b["x"] - (a["x"] + a["w"]) + nat + a["sp"]) / nat)
                    if not ratios:
                        continue
                    lines += 1
                    last = line[-1]
                    # the ink's right edge: no letter spacing after the last glyph, no trailing space
                    right = last["x"] + last["w"] - last["sp"] - (space[last["font"]] * last["size"]
                                                                  if last["str"].endswith(" ") else 0)
                    flush = abs(right - (x0 + colw)) < 0.05
                    # positions are dumped to 0.01 pt: ratios are good to about 0.01
                    if flush and all(0.8 - 0.01 <= r <= 2.0 + 0.01 for r in ratios):
                        good += 1
                    else:
                        worst.append((max(ratios), "%s page %d col %d: spaces %.2f-%.2f x%s: %s" % (
                            label, pno, col + 1, min(ratios), max(ratios), "" if flush else " (not flush)",
                            "".join(i["str"] for i in line))))
    if lines == 0:
        sys.exit("spaces: no justified line in %s" % dump)
    worst.sort(reverse=True)
    for w in worst[:int(os.environ.get("TYPESET_SHOW", "10"))]:
        print(w[1])
    share = 100.0 * good / lines
    print("spaces: %d justified lines, %.2f %% within [0.8, 2.0] x the space; %d hyphenated line ends"
          % (lines, share, hyphens))
    return share >= 99.0 and hyphens > 0


CHECKS = {"keeps": check_keeps, "jpunct": check_jpunct, "spaces": check_spaces}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in CHECKS:
        sys.exit(__doc__)
    sys.exit(0 if CHECKS[sys.argv[1]](*sys.argv[2:]) else 1)
