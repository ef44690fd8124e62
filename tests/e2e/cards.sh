#!/bin/bash
# e2e cards: birthday postcards for Japanese customers (single names, companies, 連名 of two and three, full-width postal codes, long addresses, abroad) read back with pdftotext -bbox-layout; vertical punctuation's glyphs; an address that cannot fit; imposition; US postcards' zones.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

# tests/data/cards/customers.csv: ten birthdays next month, one three months on, one this month
# (the database's views count months by SQLite's clock, as these dates do)
this=$(date -u +%m)
next=$(date -u -d "$(date -u +%Y-%m-15) +1 month" +%m)
later=$(date -u -d "$(date -u +%Y-%m-15) +3 month" +%m)
sed "s/,BIRTHDAY\$/,1990-$next-10/; s/,OTHER\$/,1985-$later-02/; s/,THISMONTH\$/,1979-$this-28/" \
    tests/data/cards/customers.csv >"$T/customers.csv"
"$TAYORI" db init "$T/shop.db" >/dev/null
"$TAYORI" db import "$T/shop.db" "$T/customers.csv" --table customers >/dev/null

# the birthday DM: segment birthdays-next-month, ten cards of two pages
"$TAYORI" build content/card-birthday.md --db "$T/shop.db" -o "$T/birthday.pdf" 2>"$T/err" ||
    { cat "$T/err"; fail "build card-birthday"; }
grep -q ": 10 copies, 0 failed, 20 pages" "$T/err" || { cat "$T/err"; fail "not ten two-sided cards"; }
! grep -q "^customer 11," "$T/birthday.manifest.csv" || fail "a birthday three months on is in next month's cards"
python3 tests/e2e/check_card.py layouts/hagaki.yml "$T/birthday.pdf" "$T/birthday.manifest.csv" "$T/shop.db"
# the coupon code is the copy's token, on its message side
tok=$(sqlite3 "$T/shop.db" "SELECT token FROM contacts WHERE customer_id = 4 AND campaign = '2026-12-birthday'")
[ -n "$tok" ] || fail "no contact recorded for customer 4"
page=$(awk -F, '$3 == 4 {print $4}' "$T/birthday.manifest.csv")
pdftotext -f "$page" -l "$page" "$T/birthday.pdf" - | grep -q "$tok" || fail "customer 4's coupon code $tok is not on its card"
qpdf --check "$T/birthday.pdf" >/dev/null || fail "qpdf --check birthday.pdf"
! pdffonts "$T/birthday.pdf" | awk 'NR > 2 && $(NF-4) != "yes"' | grep -q . || fail "a font is not embedded"

# The same campaign built again below: --resend makes the copies again (a build
# mails nobody already recorded for its campaign).
# back: turned (the card-back-turned case's layout): the address side first, every message side turned 180°
"$TAYORI" build --resend content/card-birthday.md --db "$T/shop.db" --layout tests/cases/card-back-turned/layout.yml \
    -o "$T/turned.pdf" 2>"$T/err" || { cat "$T/err"; fail "build back: turned"; }
[ "$(pdfinfo -f 1 -l 20 "$T/turned.pdf" | awk '/ rot:/ {print $4}' | paste -sd' ')" = \
    "$(printf '0 180 %.0s' $(seq 10) | sed 's/ $//')" ] || fail "back: turned does not turn every second page"
pdftotext -f 1 -l 1 "$T/turned.pdf" - | grep -q "様" || fail "back: turned: the address side is not first"

# birthdays-this-month: customer 12 alone
"$TAYORI" build --resend content/card-birthday.md --db "$T/shop.db" --segment birthdays-this-month \
    --dump "$T/this.txt" 2>"$T/err" || { cat "$T/err"; fail "build birthdays-this-month"; }
grep -q ": 1 copies, 0 failed, 2 pages" "$T/err" && [ "$(grep -c '^== ' "$T/this.txt")" = 1 ] &&
    grep -q '^== C12$' "$T/this.txt" || { cat "$T/err"; fail "birthdays-this-month is not customer 12 alone"; }

# a vertical message (年賀状): 。、「」ー drawn as the font's vertical forms
"$TAYORI" build content/card-nenga.md --db "$T/shop.db" --segment all -o "$T/nenga.pdf" 2>"$T/err" ||
    { cat "$T/err"; fail "build card-nenga"; }
python3 tests/e2e/check_vert.py "$T/nenga.pdf" 1 fonts
pdftotext -f 1 -l 1 "$T/nenga.pdf" - | tr -d ' \n' | grep -q "謹賀新年" || fail "the 年賀状's greeting is not on its message side"

# a name no card holds: that customer's copy fails by name, the others are made
cat >"$T/long.csv" <<'CSV'
id,family_name,given_name,company,honorific,postal_code,country,region,city,address1,birthday
99,,,株式会社ひかりデザインインターナショナルホールディングスグローバルマーケティングソリューションズジャパン,御中,180-0004,JP,東京都,武蔵野市,吉祥寺本町2-28-3,1990-01-01
CSV
"$TAYORI" db import "$T/shop.db" "$T/long.csv" --table customers >/dev/null
rc=0; "$TAYORI" build --resend content/card-birthday.md --db "$T/shop.db" --segment all -o "$T/all.pdf" 2>"$T/err" || rc=$?
[ "$rc" = 1 ] || { cat "$T/err"; fail "a card that does not fit: exit $rc"; }
grep -q "^customer 99: error: the address frame does not fit: the address, even at the smallest size$" "$T/err" ||
    { cat "$T/err"; fail "no diagnostic for customer 99"; }
grep -q ": 13 copies, 1 failed, 26 pages" "$T/err" || { cat "$T/err"; fail "not 12 copies with one failed"; }
grep -q ",99,.*,failed$" "$T/all.manifest.csv" || fail "the manifest does not mark customer 99 failed"
python3 tests/e2e/check_card.py layouts/hagaki.yml "$T/all.pdf" "$T/all.manifest.csv" "$T/shop.db"
# --impose 4-up: ten cards on 3 SRA3 sheets; the stacks, cut and put in position order, are in copy order
sqlite3 "$T/shop.db" "DELETE FROM contacts; DELETE FROM customers WHERE id = 99"
"$TAYORI" build --resend content/card-birthday.md --db "$T/shop.db" --impose 4-up -o "$T/imposed.pdf" 2>"$T/err" ||
    { cat "$T/err"; fail "build --impose 4-up"; }
grep -q ": 10 copies, 0 failed, 6 pages" "$T/err" || { cat "$T/err"; fail "not 3 sheets of 2 sides"; }
python3 tests/e2e/check_impose.py "$T/imposed.pdf" "$T/imposed.manifest.csv" "$T/shop.db" 10 3
rc=0; "$TAYORI" build content/card-birthday.md --db "$T/shop.db" --impose 4-up --sheet A4 -o "$T/a4.pdf" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] && grep -q "do not fit on that sheet" "$T/err" || { cat "$T/err"; fail "4 hagaki with bleed on A4: exit $rc"; }
rc=0; "$TAYORI" build content/letter-sample.md --db "$T/shop.db" --impose 2-up -o "$T/l.pdf" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] && grep -q "impose is for card layouts" "$T/err" || { cat "$T/err"; fail "--impose on a letter: exit $rc"; }
rc=0; "$TAYORI" build content/card-birthday.md --db "$T/shop.db" --sheet SRA3 -o "$T/s.pdf" 2>"$T/err" || rc=$?
[ "$rc" = 2 ] && grep -q "sheet is for --impose" "$T/err" || { cat "$T/err"; fail "--sheet alone: exit $rc"; }
# US postcards: 300 sample customers (every country, mailed from the US), the address side in USPS's zones
sample_shop 300 "$T/us.db"
for l in postcard-us-4x6 postcard-us-6x9; do
    "$TAYORI" build --resend content/card-holiday-en.md --db "$T/us.db" --segment all --layout "$l" \
        -o "$T/$l.pdf" 2>"$T/err" || { cat "$T/err"; fail "build $l"; }
    python3 tests/e2e/check_usps.py "layouts/$l.yml" "$T/$l.pdf" "$T/$l.manifest.csv"
done
echo "e2e cards: ok"
