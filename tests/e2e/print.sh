#!/bin/bash
# e2e print: what a print shop's preflight checks, on the samples and on fresh batches: boxes, fonts, colour, marks, volumes, records.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/print
rm -rf "$T" && mkdir -p "$T" "$T/one"

fail() { echo "FAIL: $*" >&2; exit 1; }
mm() { awk -v a="$1" -v b="$2" 'BEGIN { d = (a - b) * 25.4 / 72; if (d < 0) d = -d; printf "%.2f", d }'; }

# every sample PDF: 3 mm of bleed on each side, fonts embedded, valid, our own preflight clean
for pdf in samples/*.pdf; do
    pdfinfo -box "$pdf" > "$T/info.txt"
    read -r tl tb tr tt < <(awk '/^Page +1 TrimBox:/ || /^TrimBox:/ { print $(NF-3), $(NF-2), $(NF-1), $NF; exit }' "$T/info.txt")
    read -r bl bb br bt < <(awk '/^Page +1 BleedBox:/ || /^BleedBox:/ { print $(NF-3), $(NF-2), $(NF-1), $NF; exit }' "$T/info.txt")
    for pair in "$tl $bl" "$tb $bb" "$tr $br" "$tt $bt"; do
        # shellcheck disable=SC2086
        [ "$(mm $pair)" = "3.00" ] || fail "$pdf: TrimBox and BleedBox differ by $(mm $pair) mm, not 3"
    done
    pdffonts "$pdf" | awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' \
        || fail "$pdf: a font is not embedded"
    qpdf --check "$pdf" >/dev/null || fail "$pdf: qpdf --check"
    "$TAYORI" check --pdf "$pdf" 2>"$T/pf.err" || { cat "$T/pf.err"; fail "$pdf: tayori check --pdf reports problems"; }
    # no DeviceRGB colour in any content stream, and an output intent
    qpdf --qdf --object-streams=disable "$pdf" "$T/qdf.pdf"
    if grep -a -E '(^|[ ])(rg|RG)$|/DeviceRGB' "$T/qdf.pdf" >/dev/null; then fail "$pdf: DeviceRGB in the file"; fi
    qpdf --json "$pdf" > "$T/json.txt"
    grep -q '"/OutputIntents"' "$T/json.txt" || fail "$pdf: no OutputIntents"
    python3 tests/e2e/separations.py "$pdf" >/dev/null || fail "$pdf: crop marks are not on every plate"
done

# a fresh 1,000-customer database
python3 samples/make_customers.py --customers 1000 "$T/data" >/dev/null
"$TAYORI" db init "$T/shop.db"
"$TAYORI" db import "$T/shop.db" "$T/data/customers.csv" --table customers >/dev/null
"$TAYORI" db import "$T/shop.db" "$T/data/purchases.csv" --table purchases >/dev/null
cp "$T/shop.db" "$T/base.db"

# --volume 100 on 1,000 copies: 10 complete files whose pages add up to the single-file run
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --include-opted-out --quiet \
    -o "$T/one.pdf" 2>/dev/null || fail "the single-file build"
cp "$T/base.db" "$T/shop.db"
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --include-opted-out --quiet \
    --volume 100 --jobs 2 -o "$T/vol.pdf" 2>"$T/vol.err" || { cat "$T/vol.err"; fail "the build in volumes"; }
n=$(ls "$T"/vol-*.pdf | wc -l)
[ "$n" = 10 ] || fail "--volume 100 on 1,000 copies made $n files, not 10"
total=0
for f in "$T"/vol-*.pdf; do
    qpdf --check "$f" >/dev/null || fail "$f is not a valid, self-contained PDF"
    total=$((total + $(qpdf --show-npages "$f")))
done
[ "$total" = "$(qpdf --show-npages "$T/one.pdf")" ] || fail "the volumes have $total pages, the single file $(qpdf --show-npages "$T/one.pdf")"
python3 - "$T" <<'PY' || fail "the manifest does not match the volumes"
import csv, subprocess, sys
t = sys.argv[1]
rows = list(csv.DictReader(open(t + "/vol.manifest.csv", encoding="utf-8")))
assert len(rows) == 1000, len(rows)
pages = {}
for r in rows:
    v = int(r["volume"])
    assert int(r["copy"]) == (v - 1) * 100 + len([x for x in rows[:int(r["copy"])] if int(x["volume"]) == v])
    pages[v] = max(pages.get(v, 0), int(r["first_page"]) + int(r["page_count"]) - 1)
for v, n in pages.items():
    got = int(subprocess.run(["qpdf", "--show-npages", "%s/vol-%03d.pdf" % (t, v)],
                             capture_output=True, text=True).stdout)
    assert got == n, (v, got, n)
PY

# the volumes rendered by two processes are the files one process makes
sqlite3 "$T/shop.db" "SELECT customer_id, copy, token FROM contacts ORDER BY customer_id" > "$T/contacts2.txt"
cp "$T/base.db" "$T/shop.db"
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --include-opted-out --quiet \
    --volume 100 --jobs 1 -o "$T/one/vol.pdf" 2>/dev/null || fail "the build in volumes by one process"
for f in "$T"/vol-*.pdf "$T/vol.manifest.csv"; do
    cmp -s "$f" "$T/one/$(basename "$f")" || fail "$(basename "$f") differs between --jobs 2 and --jobs 1"
done
sqlite3 "$T/shop.db" "SELECT customer_id, copy, token FROM contacts ORDER BY customer_id" \
    | cmp -s - "$T/contacts2.txt" || fail "the contacts differ between --jobs 2 and --jobs 1"

# a copy that needs more pages than the layout allows: reported by customer id, every other copy keeps its pages
cp "$T/base.db" "$T/shop.db"
cid=$(sqlite3 "$T/shop.db" "SELECT min(id) FROM customers WHERE NOT opt_out AND id > 10")
sqlite3 "$T/shop.db" "UPDATE customers SET email = '$(printf 'とても長い建物の名前%.0s' $(seq 1 400))' WHERE id = $cid"
printf -- '---\ntitle: t\nlayout: newsletter-a4\n---\n{{email}}\n\n{{email}}\n\n{{email}}\n\n{{email}}\n' > "$T/long.md"
"$TAYORI" build "$T/long.md" --db "$T/shop.db" --segment "SELECT * FROM customer_view WHERE id <= 40" \
    -o "$T/long.pdf" 2>"$T/long.err" && fail "an overflowing copy did not make the build fail"
grep -q "customer $cid: error: copy needs" "$T/long.err" || { cat "$T/long.err"; fail "the overflow is not reported by customer id"; }
python3 - "$T/long.manifest.csv" "$cid" "$(qpdf --show-npages "$T/long.pdf")" <<'PY' || fail "copies moved from their pages"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
for r in rows:
    assert int(r["first_page"]) == 2 * (int(r["copy"]) - 1) + 1, r
    assert int(r["page_count"]) == 2, r
    assert (r["status"] == "failed") == (r["customer_id"] == sys.argv[2]), r
assert int(sys.argv[3]) == 2 * len(rows)
PY

# page labels name each copy: an operator can jump to a record
qpdf --json "$T/long.pdf" > "$T/long.json"
grep -qE "\"/P\": \"(u:)?C$cid FAILED" "$T/long.json" || fail "no page label names the failed copy"

# a proof: the first 3 copies, crop marks, nothing recorded
before=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts")
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --proof 3 -o "$T/proof.pdf" 2>/dev/null || fail "--proof 3"
[ "$(qpdf --show-npages "$T/proof.pdf")" = 6 ] || fail "--proof 3 did not make 3 copies"
python3 - "$T/proof.pdf" <<'PY' || fail "the proof has no slug with its outlines"
import re, subprocess, sys
info = subprocess.run(["pdfinfo", "-box", sys.argv[1]], capture_output=True, text=True).stdout
media = [float(v) for v in re.search(r"MediaBox: +([-\d.\s]+)", info).group(1).split()]
bleed = [float(v) for v in re.search(r"BleedBox: +([-\d.\s]+)", info).group(1).split()]
assert media[2] - bleed[2] > 30 and bleed[0] - media[0] > 30, (media, bleed)
PY
[ "$before" = "$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts")" ] || fail "a proof recorded contacts"
# tayori check names the RGB images of a print layout
"$TAYORI" check content/2026-12.md --db "$T/shop.db" 2>"$T/chk.err" || { cat "$T/chk.err"; fail "check"; }
grep -q "content/2026-12.md:36: warning: image 'images/tea.png' is RGB" "$T/chk.err" \
    || { cat "$T/chk.err"; fail "tayori check does not report an RGB image"; }
echo "ok: print"
