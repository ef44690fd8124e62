#!/usr/bin/env python3
"""typeset.py: checks a print professional makes, read from a display-list dump (tayori build --dump).

usage: typeset.py CHECK DUMP CONTENT.md LAYOUT.yml

CHECK is one of
  keeps   no heading is the last line of a column or page, over every copy
  jpunct  」「 、「 。「 pairs set at 1.5 em or less together; a quarter em
          between Japanese and Latin letters or digits on a line
"""
import re
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


CHECKS = {"keeps": check_keeps, "jpunct": check_jpunct}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in CHECKS:
        sys.exit(__doc__)
    sys.exit(0 if CHECKS[sys.argv[1]](*sys.argv[2:]) else 1)
