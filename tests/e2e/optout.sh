#!/bin/bash
# e2e optout: no content, condition or segment text mails a customer who opted out, and none records a contact for one.
set -euo pipefail
source "$(dirname "$0")/lib.bash"


sample_shop 300 "$T/shop.db"
optouts=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM customers WHERE opt_out")
[ "$optouts" -gt 0 ] || fail "the test database has no opted-out customer"

# No contact for an opted-out customer, whatever was built.
no_optout_contacts() {
    n=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts JOIN customers c ON c.id = customer_id WHERE c.opt_out")
    [ "$n" = 0 ] || fail "$1: $n contacts recorded for opted-out customers"
}

# A content file: the English sample's front matter with one line of body, written at line 13.
content() {
    cat > "$T/c.md" <<EOF
---
title: Injection
issue: 1
date: 2026-12-01
campaign: inject
layout: newsletter-letter
segment: all
sender:
  name: Harvest Tea
  country: JP
  address: "1-2-3 Jingumae, Shibuya-ku, Tokyo"
---
Dear {{given_name}}, $1
EOF
}

# Ten conditions that try to leave their parentheses and replace the segment
# (and its opt-out rule): each is a compile error with file:line:col, no PDF.
i=0
while IFS= read -r body; do
    i=$((i + 1))
    content "$body"
    rm -f "$T/c.pdf"
    if "$TAYORI" build "$T/c.md" --db "$T/shop.db" -o "$T/c.pdf" 2>"$T/err$i"; then
        fail "variant $i was built: $body"
    fi
    grep -qE "c\.md:13:[0-9]+: error: merge tag: \{\{#if\}\}" "$T/err$i" ||
        { cat "$T/err$i"; fail "variant $i: no compile error with file:line:col: $body"; }
    [ ! -e "$T/c.pdf" ] || fail "variant $i left a PDF"
    no_optout_contacts "variant $i"
done <<'EOF'
{{#if 1) AS "?c0" FROM customer_view AS s /*}}x{{/if}}
{{#if 1) AS "?c0" FROM customer_view AS s -- }}x{{/if}}
{{#if 1) AS "?c0" FROM customer_view AS s; SELECT (1}}x{{/if}}
{{#if 1; DELETE FROM contacts}}x{{/if}}
{{#if (1 OR (0}}x{{/if}}
{{#if 1)) OR ((1}}x{{/if}}
{{#if 1) AS "?c0" FROM (SELECT * FROM customer_view WHERE opt_out) AS s UNION SELECT *, (1}}x{{/if}}
{{#if CASE WHEN 1 THEN 1) AS "?c0" FROM customer_view AS s /* ELSE 0 END}}x{{/if}}
{{#if ')' = ')') AS "?c0" FROM customer_view AS s JOIN [purchases)] ON (1}}x{{/if}}
{{#if 'it''s' = ') AS "?c0" FROM customer_view AS s}}x{{/if}}
EOF
[ "$i" = 10 ] || fail "ran $i variants, not 10"

# Segments that select opted-out customers, or hide the column: the program
# looks each id up itself, so none of them is mailed and every row left out
# is counted (a customer listed twice, twice).
content "{{#if opt_out = 0 OR 1}}Hello.{{/if}}"
k=0
while IFS='|' read -r times seg; do
    k=$((k + 1))
    rm -f "$T/s.pdf" "$T/s.manifest.csv"
    "$TAYORI" build "$T/c.md" --db "$T/shop.db" --segment "$seg" -o "$T/s.pdf" 2>"$T/seg$k" || true
    grep -q "$((times * optouts)) opted-out customer(s) excluded" "$T/seg$k" ||
        { cat "$T/seg$k"; fail "segment $k: the $optouts opted-out customers (x$times) are not counted: $seg"; }
    if [ -e "$T/s.manifest.csv" ]; then
        bad=$(python3 - "$T/s.manifest.csv" "$T/shop.db" <<'PY'
import csv, sqlite3, sys
ids = {int(r["customer_id"]) for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
out = {r[0] for r in sqlite3.connect(sys.argv[2]).execute("SELECT id FROM customers WHERE opt_out")}
print(len(ids & out))
PY
)
        [ "$bad" = 0 ] || fail "segment $k put $bad opted-out customers in the manifest: $seg"
    fi
    no_optout_contacts "segment $k"
done <<'EOF'
1|SELECT * FROM customer_view WHERE opt_out
1|SELECT id, 0 AS opt_out, family_name, given_name, country, postal_code, region, city, address1 FROM customers
2|SELECT c.* FROM customers c UNION ALL SELECT c.* FROM customers c WHERE c.opt_out
1|SELECT * FROM customer_view
EOF

# The last one built everyone else: every customer who may be mailed got a copy.
want=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM customers WHERE opt_out = 0")
got=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts WHERE campaign = 'inject'")
[ "$got" = "$want" ] || fail "$got contacts for $want customers who may be mailed"

# --include-opted-out is the one way to reach them, and it says so.
"$TAYORI" build "$T/c.md" --db "$T/shop.db" --segment "SELECT * FROM customer_view WHERE opt_out" \
    --include-opted-out -o "$T/i.pdf" 2>"$T/inc.err" || { cat "$T/inc.err"; fail "--include-opted-out"; }
echo "optout: ok"
