#!/usr/bin/env python3
"""make_images: draw the sample issue's pictures, standard library only.

Usage: python3 samples/make_images.py [OUTDIR]   (default content/images)

Writes tea.png (1200x800, an abstract green illustration of tea leaves) and
shop.jpg (1200x800, a baseline JPEG of a shop front at dusk): drawn at
600x400 and doubled, so that at a column's width (about 90 mm) they print
at more than 300 ppi, what a print shop's preflight asks for. The encoders
are written out here because the samples must not need Pillow or
ImageMagick; the output is the same on every run.
"""

import heapq
import math
import os
import struct
import sys
import zlib

W, H = 600, 400


def mix(a, b, t):
    return tuple(x + (y - x) * t for x, y in zip(a, b))


def blend(px, colour, alpha):
    return mix(px, colour, alpha)


# ---------------------------------------------------------------- drawing

def draw_tea():
    """Rows of (r, g, b) floats: leaves on a pale green ground."""
    top, bottom = (240, 244, 226), (196, 218, 168)
    img = [[mix(top, bottom, y / (H - 1))] * W for y in range(H)]
    img = [list(row) for row in img]
    # Soft round "foam" spots behind the leaves.
    for cx, cy, r, a in [(470, 110, 90, 0.25), (120, 300, 120, 0.18),
                         (330, 330, 60, 0.22), (530, 320, 40, 0.3)]:
        paint_disc(img, cx, cy, r, (250, 252, 240), a)
    # (centre x, centre y, length, width, angle in degrees, colour)
    leaves = [
        (230, 200, 300, 120, -30, (74, 128, 52)),
        (360, 170, 260, 100, 25, (98, 150, 64)),
        (300, 270, 220, 80, -75, (60, 108, 44)),
        (470, 250, 160, 60, 60, (128, 170, 82)),
    ]
    for leaf in leaves:
        paint_leaf(img, *leaf)
    return img


def paint_disc(img, cx, cy, r, colour, alpha):
    for y in range(max(0, cy - r), min(H, cy + r + 1)):
        row = img[y]
        for x in range(max(0, cx - r), min(W, cx + r + 1)):
            d = math.hypot(x - cx, y - cy)
            if d <= r:
                # Fade towards the rim.
                row[x] = blend(row[x], colour, alpha * (1 - (d / r) ** 2))


def paint_leaf(img, cx, cy, length, width, angle, colour):
    t = math.radians(angle)
    ct, st = math.cos(t), math.sin(t)
    half = length / 2
    reach = int(half) + 2
    light = mix(colour, (230, 240, 200), 0.35)
    dark = mix(colour, (20, 40, 10), 0.25)
    for y in range(max(0, cy - reach), min(H, cy + reach + 1)):
        row = img[y]
        for x in range(max(0, cx - reach), min(W, cx + reach + 1)):
            dx, dy = x - cx, y - cy
            u = dx * ct + dy * st
            v = -dx * st + dy * ct
            if abs(u) >= half:
                continue
            edge = width / 2 * (1 - (u / half) ** 2)
            if abs(v) > edge + 1:
                continue
            # One-pixel soft edge instead of antialiasing.
            alpha = 0.9 if abs(v) <= edge else 0.9 * (edge + 1 - abs(v))
            shade = mix(light, dark, (u / half + 1) / 2)
            if v < 0:
                shade = mix(shade, dark, 0.2)
            if abs(v) < 1.2 and abs(u) < half * 0.9:
                shade = mix(shade, (235, 242, 210), 0.6)
            row[x] = blend(row[x], shade, alpha)


def draw_shop():
    """A shop front at dusk: sky, wall, an indigo noren and a lantern."""
    sky_top, sky_low = (58, 70, 120), (236, 160, 110)
    img = []
    for y in range(H):
        row = []
        for x in range(W):
            if y < 120:
                c = mix(sky_top, sky_low, y / 119)
            elif y < 140:
                c = (48, 40, 36)                       # eaves
            else:
                grain = 10 * math.sin(x / 7.0 + math.sin(y / 23.0) * 2)
                c = (120 + grain, 82 + grain * 0.7, 52 + grain * 0.4)
            row.append(c)
        img.append(row)
    # Noren: three indigo panels with a pale circle crest on the middle one.
    for i in range(3):
        x0 = 170 + i * 88
        for y in range(150, 290):
            for x in range(x0, x0 + 82):
                fold = 0.08 * math.sin((x - x0) / 82 * math.pi * 2)
                img[y][x] = mix((34, 48, 96), (0, 0, 0), fold + 0.05)
    paint_disc_hard(img, 300, 205, 28, (232, 228, 210))
    paint_disc_hard(img, 300, 205, 20, (34, 48, 96))
    # Door shadow, step and a warm lantern glow.
    for y in range(290, 360):
        for x in range(170, 430):
            img[y][x] = mix(img[y][x], (20, 14, 10), 0.6)
    for y in range(360, H):
        for x in range(W):
            img[y][x] = (150, 146, 140) if (x // 40 + y // 20) % 2 else (
                138, 134, 128)
    for y in range(140, 326):
        for x in range(395, W):
            d = math.hypot(x - 505, y - 215)
            if d < 110:
                img[y][x] = blend(img[y][x], (255, 200, 120), 0.5 * (1 - d / 110))
    for y in range(170, 262):
        for x in range(480, 530):
            rx = (x - 505) / 25
            ry = (y - 216) / 46
            if rx * rx + ry * ry <= 1:
                img[y][x] = mix((250, 230, 190), (230, 90, 50), abs(ry) * 0.4)
    return img


def paint_disc_hard(img, cx, cy, r, colour):
    for y in range(cy - r, cy + r + 1):
        for x in range(cx - r, cx + r + 1):
            if (x - cx) ** 2 + (y - cy) ** 2 <= r * r:
                img[y][x] = colour


def clamp8(v):
    return max(0, min(255, int(round(v))))


# ---------------------------------------------------------------- PNG

def png_chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(
        ">I", zlib.crc32(body) & 0xffffffff)


def write_png(path, img):
    raw = bytearray()
    for row in img:
        raw.append(0)                                   # filter: none
        for px in row:
            raw.extend(clamp8(c) for c in px)
    ihdr = struct.pack(">IIBBBBB", W, H, 8, 2, 0, 0, 0)  # 8-bit RGB
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(bytes(raw), 9)) +
            png_chunk(b"IEND", b""))
    atomic_write(path, data)


# ---------------------------------------------------------------- JPEG

# ITU T.81 Annex K example quantisation tables, row by row.
Q_LUMA = [
    16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55,
    14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
    18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
    49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
]
Q_CHROMA = [
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99,
    24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
] + [99] * 32


def zigzag():
    """Row-major indices in zigzag order."""
    order = []
    for s in range(15):
        rows = range(min(s, 7), max(0, s - 7) - 1, -1)
        if s % 2:
            rows = reversed(list(rows))
        order.extend(r * 8 + (s - r) for r in rows)
    return order


ZIGZAG = zigzag()
DCT = [[(math.sqrt(0.5) if u == 0 else 1.0) / 2 *
        math.cos((2 * x + 1) * u * math.pi / 16) for x in range(8)]
       for u in range(8)]


def scaled(table, quality):
    s = 5000 / quality if quality < 50 else 200 - 2 * quality
    return [max(1, min(255, int((q * s + 50) // 100))) for q in table]


def fdct(block):
    """2-D DCT-II of 64 level-shifted samples, row-major in and out."""
    tmp = [0.0] * 64
    for y in range(8):
        row = block[y * 8:y * 8 + 8]
        for u in range(8):
            c = DCT[u]
            tmp[y * 8 + u] = sum(c[x] * row[x] for x in range(8))
    out = [0.0] * 64
    for u in range(8):
        col = [tmp[y * 8 + u] for y in range(8)]
        for v in range(8):
            c = DCT[v]
            out[v * 8 + u] = sum(c[y] * col[y] for y in range(8))
    return out


def category(v):
    return abs(v).bit_length()


def symbols(coefs, pred):
    """(dc symbol, dc bits, [(ac symbol, value)...]) of one zigzag block."""
    diff = coefs[0] - pred
    out = [(category(diff), diff)]
    run = 0
    last = max((k for k in range(1, 64) if coefs[k]), default=0)
    for k in range(1, last + 1):
        v = coefs[k]
        if v == 0:
            run += 1
            continue
        while run > 15:
            out.append((0xf0, None))
            run -= 16
        out.append(((run << 4) | category(v), v))
        run = 0
    if last < 63:
        out.append((0x00, None))
    return out


def huffman_table(freq):
    """(BITS, HUFFVAL) for the symbols in freq, codes at most 16 bits.

    A reserved symbol 256 with count 1 takes the all-ones code, which JPEG
    forbids, and is dropped afterwards (T.81 Annex K.2).
    """
    freq = dict(freq)
    freq[256] = 1
    heap = [(f, s, [s]) for s, f in sorted(freq.items())]
    heapq.heapify(heap)
    length = {s: 0 for s in freq}
    tie = 1000
    while len(heap) > 1:
        f1, _, a = heapq.heappop(heap)
        f2, _, b = heapq.heappop(heap)
        for s in a + b:
            length[s] += 1
        heapq.heappush(heap, (f1 + f2, tie, a + b))
        tie += 1
    bits = [0] * max(33, max(length.values()) + 2)
    for s in freq:
        bits[length[s]] += 1
    i = len(bits) - 1
    while i > 16:
        while bits[i] > 0:
            j = i - 2
            while bits[j] == 0:
                j -= 1
            bits[i] -= 2
            bits[i - 1] += 1
            bits[j + 1] += 2
            bits[j] -= 1
        i -= 1
    i = 16
    while bits[i] == 0:
        i -= 1
    bits[i] -= 1
    order = sorted(freq, key=lambda s: (s == 256, length[s], s))[:-1]
    return bits[1:17], order


def huffman_codes(bits, vals):
    codes = {}
    code = 0
    k = 0
    for n in range(1, 17):
        for _ in range(bits[n - 1]):
            codes[vals[k]] = (code, n)
            code += 1
            k += 1
        code <<= 1
    return codes


class BitWriter:
    def __init__(self):
        self.out = bytearray()
        self.acc = 0
        self.n = 0

    def put(self, value, n):
        self.acc = (self.acc << n) | (value & ((1 << n) - 1))
        self.n += n
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xff
            self.out.append(byte)
            if byte == 0xff:
                self.out.append(0)
        self.acc &= (1 << self.n) - 1

    def flush(self):
        if self.n:
            self.put(0x7f, 8 - self.n)


def write_jpeg(path, img, quality=85):
    qt = [scaled(Q_LUMA, quality), scaled(Q_CHROMA, quality)]
    # Pass 1: colour conversion, DCT, quantisation, symbol statistics.
    blocks = []
    for by in range(0, H, 8):
        for bx in range(0, W, 8):
            planes = ([], [], [])
            for y in range(by, by + 8):
                for x in range(bx, bx + 8):
                    r, g, b = (clamp8(c) for c in img[y][x])
                    planes[0].append(0.299 * r + 0.587 * g + 0.114 * b - 128)
                    planes[1].append(-0.168736 * r - 0.331264 * g + 0.5 * b)
                    planes[2].append(0.5 * r - 0.418688 * g - 0.081312 * b)
            for comp, plane in enumerate(planes):
                q = qt[0 if comp == 0 else 1]
                f = fdct(plane)
                blocks.append([int(round(f[i] / q[i])) for i in ZIGZAG])
    pred = [0, 0, 0]
    coded = []
    freq = [{}, {}, {}, {}]                 # dc luma, ac luma, dc chroma, ac chroma
    for n, coefs in enumerate(blocks):
        comp = n % 3
        syms = symbols(coefs, pred[comp])
        pred[comp] = coefs[0]
        coded.append(syms)
        t = 0 if comp == 0 else 2
        for k, (s, _) in enumerate(syms):
            f = freq[t if k == 0 else t + 1]
            f[s] = f.get(s, 0) + 1
    tables = [huffman_table(f) for f in freq]
    codes = [huffman_codes(*t) for t in tables]
    # Pass 2: entropy coding.
    bw = BitWriter()
    for n, syms in enumerate(coded):
        t = 0 if n % 3 == 0 else 2
        for k, (s, v) in enumerate(syms):
            code, length = codes[t if k == 0 else t + 1][s]
            bw.put(code, length)
            size = s & 0x0f
            if size:
                bw.put(v if v >= 0 else v + (1 << size) - 1, size)
    bw.flush()

    def segment(marker, data):
        return struct.pack(">BBH", 0xff, marker, len(data) + 2) + data

    out = bytearray(b"\xff\xd8")
    out += segment(0xe0, b"JFIF\0" + struct.pack(">BBBHHBB", 1, 1, 1, 72, 72,
                                                  0, 0))
    for i, q in enumerate(qt):
        out += segment(0xdb, bytes([i]) + bytes(q[k] for k in ZIGZAG))
    out += segment(0xc0, struct.pack(">BHHB", 8, H, W, 3) +
                   bytes([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]))
    for cls_id, (bits, vals) in zip([0x00, 0x10, 0x01, 0x11], tables):
        out += segment(0xc4, bytes([cls_id]) + bytes(bits) + bytes(vals))
    out += segment(0xda, bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]))
    out += bw.out
    out += b"\xff\xd9"
    atomic_write(path, bytes(out))


def atomic_write(path, data):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main(argv):
    outdir = argv[0] if argv else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "content", "images")
    os.makedirs(outdir, exist_ok=True)
    tea, shop = draw_tea(), draw_shop()
    global W, H
    W, H = 2 * W, 2 * H
    write_png(os.path.join(outdir, "tea.png"), doubled(tea))
    write_jpeg(os.path.join(outdir, "shop.jpg"), doubled(shop))
    return 0


def doubled(img):
    """Each pixel as a 2x2 block."""
    return [[px for px in row for _ in (0, 1)] for row in img for _ in (0, 1)]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
