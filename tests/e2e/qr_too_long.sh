#!/bin/bash
# e2e qr_too_long: a QR code whose merged text is too long fails that customer's copy, naming the customer and the qr template's file:line.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/qr_too_long
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

"$TAYORI" db init "$T/shop.db"
python3 - "$T/shop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for i, email in ((1, "a@example.jp"), (2, "b" * 2400 + "@example.jp"), (3, "c@example.jp")):
    db.execute("INSERT INTO customers (id, family_name, given_name, postal_code, region, city, "
               "address1, email) VALUES (?, '山田', '花子', '100-0013', '東京都', '千代田区', "
               "'霞が関1-3-2', ?)", (i, email))
db.commit()
PY

# $1: the front matter's qr: line (or none), $2: the body's {{qr}} line (or none)
issue() {
    cat > "$T/issue.md" <<EOF
---
title: QR
layout: newsletter-a4
segment: SELECT * FROM customer_view
$1
---
{{family_name}} 様

$2
EOF
}

# $1: the line the error names; customer 2's copy fails, 1 and 3 are made
# (--resend: the second variant mails 1 and 3 again, whom the first recorded)
only_customer_2_fails() {
    if "$TAYORI" build "$T/issue.md" --db "$T/shop.db" --resend -o "$T/out.pdf" 2>"$T/err"; then
        cat "$T/err"; fail "a build with a QR code too long for customer 2 succeeded"
    fi
    grep -qxF "customer 2: error: $T/issue.md:$1: the QR code's text is 2449 bytes once merged; a QR code holds at most 2331" "$T/err" \
        || { cat "$T/err"; fail "no error naming customer 2 and issue.md:$1"; }
    ! grep -q "^customer [13]:\|PDF:" "$T/err" || { cat "$T/err"; fail "other copies or the PDF failed"; }
    [ -s "$T/out.pdf" ] || fail "no PDF"
    grep -qx "1,2,2,3,2,100-0013,failed" "$T/out.manifest.csv" \
        || { cat "$T/out.manifest.csv"; fail "customer 2 is not marked failed"; }
    [ "$(grep -c ',ok$' "$T/out.manifest.csv")" = 2 ] || { cat "$T/out.manifest.csv"; fail "customers 1 and 3 not made"; }
}

issue "qr: https://example.jp/r/{{email}}/{{token}}" ""
only_customer_2_fails 5
issue "" "{{qr https://example.jp/r/{{email}}/{{token}}}}"
only_customer_2_fails 9
echo "ok: qr_too_long"
