#!/usr/bin/env python3
"""check_batch: every copy of a batch has its customer's name on its first
page and a QR decoding to its own token; fonts embedded; qpdf --check passes;
no CMap warning; manifest, page counts and contacts agree."""
import csv, os, re, sqlite3, subprocess, sys, tempfile

pdf, db, campaign = sys.argv[1], sys.argv[2], sys.argv[3]
manifest = pdf[:-4] + ".manifest.csv"

def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)

def run(*args):
    return subprocess.run(args, capture_output=True, text=True)

r = run("qpdf", "--check", pdf)
if r.returncode != 0:
    fail("qpdf --check: " + r.stdout[-500:] + r.stderr[-500:])

r = run("pdffonts", pdf)
rows = r.stdout.splitlines()[2:]
if not rows:
    fail("no fonts listed")
for line in rows:
    cols = line.split()
    # name type encoding emb sub uni object ID: emb is the 5th from the end
    if cols[-5] != "yes":
        fail("font not embedded: " + line)

copies = list(csv.DictReader(open(manifest, encoding="utf-8")))
if not copies:
    fail("empty manifest")
counts = {c["page_count"] for c in copies}
if len(counts) != 1:
    fail("copies have different page counts: %s" % counts)
page = 1
for c in copies:
    if int(c["first_page"]) != page:
        fail("copy %s starts on page %s, expected %d" % (c["copy"], c["first_page"], page))
    page += int(c["page_count"])

con = sqlite3.connect(db)
names = dict(con.execute("SELECT id, family_name FROM customers"))
tokens = dict(con.execute("SELECT customer_id, token FROM contacts WHERE campaign = ?", (campaign,)))
if len(tokens) != len(copies):
    fail("%d contacts recorded for %d copies" % (len(tokens), len(copies)))
opted = {r[0] for r in con.execute("SELECT id FROM customers WHERE opt_out = 1")}

r = run("pdftotext", "-enc", "UTF-8", pdf, "-")
if "CMap" in r.stderr or "Syntax" in r.stderr:
    fail("pdftotext warns: " + r.stderr[:300])
pages = r.stdout.split("\f")

# where the layout puts the QR (mm from the trim's top-left), rendered at 150 ppi;
# the page is the MediaBox, so offset by the trim's distance from its top-left
qr_x, qr_y, qr_side = {"qr-right": (172, 47, 24)}[sys.argv[4]]
info = run("pdfinfo", "-box", "-f", "1", "-l", "1", pdf).stdout
box = lambda name: [float(v) for v in re.search(r"Page +1 %s: +([-\d.\s]+)" % name, info).group(1).split()]
media, trim = box("MediaBox"), box("TrimBox")
off_x, off_y = (trim[0] - media[0]) * 25.4 / 72, (media[3] - trim[3]) * 25.4 / 72
px = lambda mm, off=0: int((mm + off) * 150 / 25.4)

with tempfile.TemporaryDirectory() as tmp:
    # first page of every copy: its text, and the QR area rendered for zbarimg
    for c in copies:
        cid = int(c["customer_id"])
        if cid in opted:
            fail("opted-out customer %d got a copy" % cid)
        p = c["first_page"]
        name = names[cid] or ""
        if name and name not in pages[int(p) - 1]:
            fail("customer %d: name %r not on page %s" % (cid, name, p))
        png = os.path.join(tmp, "p%s" % p)
        run("pdftoppm", "-f", p, "-l", p, "-r", "150", "-x", str(px(qr_x - 5, off_x)),
            "-y", str(px(qr_y - 5, off_y)), "-W", str(px(qr_side + 10)),
            "-H", str(px(qr_side + 10)), "-png", "-singlefile", pdf, png)
        r = run("zbarimg", "-q", "--raw", png + ".png")
        want = "https://example.jp/r/" + tokens[cid]
        if r.stdout.strip() != want:
            fail("customer %d: QR reads %r, expected %r" % (cid, r.stdout.strip(), want))
print("checked %d copies" % len(copies))
