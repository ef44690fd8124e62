#!/bin/bash
# make_card_pictures: the README's card pictures (samples/card-*.png) from the e2e test's customers, with pdftoppm.
# usage: bash samples/make_card_pictures.sh [TAYORI]   (default build/tayori)
set -euo pipefail
TAYORI=$(realpath "${1:-build/tayori}")
cd "$(dirname "$0")/.."
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SOURCE_DATE_EPOCH=1796083200 TZ=UTC
sed 's/,BIRTHDAY$/,1990-01-10/; s/,OTHER$/,1985-03-02/; s/,THISMONTH$/,1979-12-28/' \
    tests/data/cards/customers.csv >"$T/customers.csv"
"$TAYORI" db init "$T/shop.db" >/dev/null
"$TAYORI" db import "$T/shop.db" "$T/customers.csv" --table customers >/dev/null
# a fixed token key, as tests/cases uses: the same coupon codes on every run
sqlite3 "$T/shop.db" "UPDATE tayori_meta SET value = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f' WHERE key = 'token_key'"
# the first card in postal-code order: 長谷川 of Sapporo, three joint names
"$TAYORI" build content/card-birthday.md --db "$T/shop.db" --segment all --limit 1 -o "$T/b.pdf" 2>/dev/null
"$TAYORI" build content/card-nenga.md --db "$T/shop.db" --segment all --limit 1 -o "$T/n.pdf" 2>/dev/null
"$TAYORI" build content/card-birthday.md --db "$T/shop.db" --segment all --limit 10 --impose 4-up \
    -o "$T/i.pdf" 2>/dev/null
pdftoppm -png -r 100 -f 2 -l 2 -singlefile "$T/b.pdf" samples/card-address
pdftoppm -png -r 100 -f 1 -l 1 -singlefile "$T/n.pdf" samples/card-message
pdftoppm -png -r 20 -f 1 -l 1 -singlefile "$T/i.pdf" samples/card-imposed
echo "samples/card-address.png, card-message.png, card-imposed.png"
