#!/bin/bash
# e2e labels: a 1,000-customer sample on every label sheet, checked with pdftotext -bbox-layout.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/labels
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

python3 samples/make_customers.py --customers 1000 "$T/data" >/dev/null
"$TAYORI" db init "$T/shop.db"
"$TAYORI" db import "$T/shop.db" "$T/data/customers.csv" --table customers >/dev/null

# every sheet: every customer's name and postal code on a label, inside it
sheets="avery-5160 avery-5163 avery-5164 avery-l7160 avery-l7163 avery-l7173 a-one-28315 a-one-28362 hagaki-4up"
for s in $sheets; do
    "$TAYORI" labels --db "$T/shop.db" --sheet "$s" -o "$T/$s.pdf" 2>"$T/$s.err" \
        || { cat "$T/$s.err"; fail "labels on $s"; }
    grep -q "opted-out customer(s) excluded" "$T/$s.err" || fail "$s: opted-out count not printed"
    python3 tests/e2e/check_labels.py "$T/$s.pdf" "$T/shop.db" "layouts/$s.yml" >/dev/null
    qpdf --check "$T/$s.pdf" >/dev/null || fail "$s: qpdf --check"
    "$TAYORI" layouts | grep -q "^$s .*labels of" || fail "tayori layouts does not list $s with its labels"
done

# --start 5 leaves the first four positions of the first sheet empty
"$TAYORI" labels --db "$T/shop.db" --sheet avery-l7160 --start 5 -o "$T/start.pdf" 2>/dev/null
python3 tests/e2e/check_labels.py "$T/start.pdf" "$T/shop.db" layouts/avery-l7160.yml --start 5 >/dev/null
sed -n 2p "$T/start.manifest.csv" | grep -q '^1,[0-9]*,1,5,' || fail "--start 5: the first label is not at position 5"

# sorted by postal code: domestic (JP) first, then by country and code
python3 - "$T/avery-l7160.manifest.csv" "$T/shop.db" <<'PY' || fail "labels are not sorted by postal code"
import csv, sqlite3, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
db = sqlite3.connect(sys.argv[2])
country = dict(db.execute("SELECT id, coalesce(nullif(country, ''), 'JP') FROM customers"))
keys = [(country[int(r["customer_id"])] != "JP", country[int(r["customer_id"])], r["postal_code"]) for r in rows]
sys.exit(0 if keys == sorted(keys) else 1)
PY
# --sort none keeps the segment's order (by id for the default)
"$TAYORI" labels --db "$T/shop.db" --sheet avery-l7160 --sort none -o "$T/none.pdf" 2>/dev/null
cut -d, -f2 "$T/none.manifest.csv" | tail -n +2 > "$T/none.ids"
sort -n "$T/none.ids" | cmp -s - "$T/none.ids" || fail "--sort none changed the segment's order"

# --from takes the segment of an issue: the labels match its mailing
"$TAYORI" labels --db "$T/shop.db" --sheet a-one-28315 --from content/2026-12.md -o "$T/from.pdf" 2>/dev/null
"$TAYORI" build content/2026-12.md --db "$T/shop.db" -o "$T/issue.pdf" 2>/dev/null
diff <(cut -d, -f2 "$T/from.manifest.csv" | tail -n +2 | sort -n) \
     <(cut -d, -f3 "$T/issue.manifest.csv" | tail -n +2 | sort -n) >/dev/null \
    || fail "--from: the labels are not the issue's recipients"

# an address too long for its label: a warning naming the customer; --strict fails and writes nothing
long=$(python3 - "$T/shop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
(cid,) = db.execute("SELECT min(id) FROM customers WHERE NOT opt_out AND country = 'JP'").fetchone()
db.execute("UPDATE customers SET address2 = ? WHERE id = ?", ("とても長い建物の名前" * 30, cid))
db.commit()
print(cid)
PY
)
"$TAYORI" labels --db "$T/shop.db" --sheet avery-5160 -o "$T/long.pdf" 2>"$T/long.err" \
    || { cat "$T/long.err"; fail "an overflowing label stopped a run without --strict"; }
grep -q "customer $long: warning: the label does not fit" "$T/long.err" || { cat "$T/long.err"; fail "no overflow warning naming the customer"; }
python3 tests/e2e/check_labels.py "$T/long.pdf" "$T/shop.db" layouts/avery-5160.yml >/dev/null \
    || fail "an overflowing label was drawn outside its rectangle"
if "$TAYORI" labels --db "$T/shop.db" --sheet avery-5160 --strict -o "$T/strict.pdf" 2>"$T/strict.err"; then
    fail "--strict accepted a label that does not fit"
fi
grep -q "customer $long: error: the label does not fit" "$T/strict.err" || { cat "$T/strict.err"; fail "--strict: no error"; }
[ ! -e "$T/strict.pdf" ] || fail "--strict wrote a PDF"

# a sheet that is not a label sheet, and a --start past the sheet, are usage errors
if "$TAYORI" labels --db "$T/shop.db" --sheet newsletter-a4 -o "$T/x.pdf" 2>"$T/x.err"; then fail "a newsletter accepted as a sheet"; fi
grep -q "not a label sheet" "$T/x.err" || fail "no message for a non-label sheet"
if "$TAYORI" labels --db "$T/shop.db" --sheet avery-l7160 --start 22 -o "$T/x.pdf" 2>"$T/x.err"; then fail "--start 22 accepted on a 21-label sheet"; fi
grep -q "between 1 and 21" "$T/x.err" || fail "no message for --start past the sheet"
echo "ok: labels"
