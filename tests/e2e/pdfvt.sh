#!/bin/bash
# e2e pdfvt: a print batch is PDF/VT-1 on top of PDF/X-4, its records the manifest's copies; check --pdf finds a damaged DPart tree.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/pdfvt
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

python3 samples/make_customers.py --customers 40 "$T/data" >/dev/null
"$TAYORI" db init "$T/shop.db" >/dev/null
"$TAYORI" db import "$T/shop.db" "$T/data/customers.csv" --table customers >/dev/null
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --include-opted-out --quiet \
    -o "$T/b.pdf" 2>"$T/build.err" || { cat "$T/build.err"; fail "the build"; }
qpdf --check "$T/b.pdf" >/dev/null || fail "qpdf --check on the batch"
"$TAYORI" check --pdf "$T/b.pdf" 2>"$T/pf.err" || { cat "$T/pf.err"; fail "check --pdf reports problems on a whole batch"; }
pdfinfo "$T/b.pdf" | grep -q "^PDF version: *1.6" || fail "not PDF 1.6 (PDF/X-4, PDF/VT-1)"

# the records are the manifest's copies, in order, with their pages and metadata
qpdf --json "$T/b.pdf" > "$T/b.json"
python3 - "$T/b.json" "$T/b.manifest.csv" <<'PY' || fail "the DPart tree does not match the manifest"
import csv, json, sys
j = json.load(open(sys.argv[1]))
objs = j["qpdf"][1]
def obj(ref):
    return objs["obj:" + ref]["value"]
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8")))
pages = [p["object"] for p in j["pages"]]
cat = obj(objs["trailer"]["value"]["/Root"])
root = obj(cat["/DPartRoot"])
assert root["/Type"] == "/DPartRoot" and root["/RecordLevel"] == 1, root
node = obj(root["/DPartRootNode"])
leaves = [r for chunk in node["/DParts"] for r in chunk]
assert len(leaves) == len(rows) == 40, (len(leaves), len(rows))
for ref, row in zip(leaves, rows):
    leaf = obj(ref)
    first = int(row["first_page"]) - 1
    last = first + int(row["page_count"]) - 1
    assert leaf["/Start"] == pages[first] and leaf["/End"] == pages[last], (row, leaf)
    dpm = leaf["/DPM"]
    assert dpm["/CustomerID"] == "u:" + row["customer_id"], (dpm, row)
    assert dpm["/Copy"] == int(row["copy"]), (dpm, row)
    if row["postal_code"]:
        assert dpm["/PostalCode"] == "u:" + row["postal_code"], (dpm, row)
    for p in pages[first:last + 1]:
        assert obj(p)["/DPart"] == ref, (p, ref)
PY
grep -a -q "<pdfvtid:GTS_PDFVTVersion>PDF/VT-1</pdfvtid:GTS_PDFVTVersion>" "$T/b.pdf" || fail "the XMP does not declare PDF/VT-1"

# damage: page 3 names the first record (it is in the second)
qpdf --qdf --object-streams=disable "$T/b.pdf" "$T/q.pdf"
python3 - "$T/q.pdf" "$T/bad1.qdf" <<'PY'
import re, sys
s = open(sys.argv[1], "rb").read()
refs = re.findall(rb"/DPart (\d+ 0 R)\n", s)
first, third = refs[0], refs[2]
assert first != third
n = [0]
def swap(m):
    n[0] += 1
    return b"/DPart " + first + b"\n" if n[0] == 3 else m.group(0)
open(sys.argv[2], "wb").write(re.sub(rb"/DPart (\d+ 0 R)\n", swap, s))
PY
fix-qdf "$T/bad1.qdf" > "$T/bad1.pdf"
if "$TAYORI" check --pdf "$T/bad1.pdf" 2>"$T/bad1.err"; then fail "check --pdf accepts a page that names the wrong record"; fi
grep -q "PDF/VT: page 3 does not name its record" "$T/bad1.err" || { cat "$T/bad1.err"; fail "the wrong /DPart is not named"; }

# damage: the catalog loses /DPartRoot (the XMP still declares PDF/VT-1)
sed 's|^  /DPartRoot [0-9]* 0 R$||' "$T/q.pdf" > "$T/bad2.qdf"
cmp -s "$T/q.pdf" "$T/bad2.qdf" && fail "the test did not remove /DPartRoot"
fix-qdf "$T/bad2.qdf" > "$T/bad2.pdf"
if "$TAYORI" check --pdf "$T/bad2.pdf" 2>"$T/bad2.err"; then fail "check --pdf accepts a PDF/VT file without /DPartRoot"; fi
grep -q "the catalog has no /DPartRoot" "$T/bad2.err" || { cat "$T/bad2.err"; fail "the missing /DPartRoot is not named"; }

# a label sheet is no batch of records: no PDF/VT
"$TAYORI" labels --db "$T/shop.db" --sheet avery-l7160 --include-opted-out -o "$T/labels.pdf" >/dev/null 2>&1 \
    || fail "the label sheet"
if grep -a -q "DPartRoot\|GTS_PDFVTVersion" "$T/labels.pdf"; then fail "a label sheet declares PDF/VT"; fi
echo "ok"
