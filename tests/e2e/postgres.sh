# e2e postgres: the same database suite on SQLite and on a PostgreSQL server the test starts: schema, import, segments (writing refused, the database unchanged), build, contacts.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/pg.bash"
pg_start
export SOURCE_DATE_EPOCH=1764547200	# 2025-12-01
python3 samples/make_customers.py --customers 120 --today 2025-12-01 "$T/data" >/dev/null
cat >"$T/issue.md" <<'MD'
---
title: Test
campaign: pg-suite
layout: newsletter-a4
segment: SELECT * FROM customer_view ORDER BY id
---
{{family_name}} {{honorific | "様"}} {{token}}

{{#if order_count > 3}}常連{{else}}ようこそ{{/if}}
MD

# What the database holds, as one line: changes whenever any row of its tables changes.
digest() {
    case $1 in
    postgresql://*) pg_sql "$2" "SELECT md5(string_agg(x, '|' ORDER BY x)) FROM (
        SELECT 'c' || c::text AS x FROM customers c UNION ALL
        SELECT 'p' || p::text FROM purchases p UNION ALL
        SELECT 'k' || k::text FROM contacts k UNION ALL
        SELECT 'm' || m::text FROM tayori_meta m) t" ;;
    *) sha256sum "$1" | cut -d' ' -f1 ;;
    esac
}
# count DB SCHEMA SQL: one number.
count() {
    case $1 in
    postgresql://*) pg_sql "$2" "$3" ;;
    *) sqlite3 "$1" "$3" ;;
    esac
}

suite() {	# suite DB SCHEMA
    local db=$1 schema=$2 out=$T/out-$2
    mkdir -p "$out"
    "$TAYORI" db init "$db" || fail "$schema: db init"
    "$TAYORI" db init "$db" || fail "$schema: db init again"
    for v in customer_view customer_stats contact_stats last_purchase attributed_responses; do
        count "$db" "$schema" "SELECT count(*) FROM $v" >/dev/null || fail "$schema: view $v"
    done
    "$TAYORI" db import "$db" "$T/data/customers.csv" --table customers >"$out/import.log" || fail "$schema: import"
    grep -q '120 added' "$out/import.log" || fail "$schema: import: $(cat "$out/import.log")"
    "$TAYORI" db import "$db" "$T/data/purchases.csv" --table purchases >/dev/null || fail "$schema: purchases"
    "$TAYORI" db import "$db" "$T/data/purchases.csv" --table purchases >"$out/again.log" || fail "$schema: purchases again"
    grep -q ' 0 added, 0 changed' "$out/again.log" || fail "$schema: a second import added rows: $(cat "$out/again.log")"
    # the views compute the same columns on both
    count "$db" "$schema" "SELECT id || ':' || order_count || ':' || coalesce(last_purchase, '-') || ':' ||
        coalesce(rfm, '-') || ':' || dormant || ':' || coalesce(birthday_month, 0) || ':' ||
        coalesce(days_since_last_purchase, -1) FROM customer_view ORDER BY id" >"$out/view.txt"
    # segments that write are refused and leave the database as it was
    before=$(digest "$db" "$schema")
    for seg in "DELETE FROM customers" \
        "SELECT id FROM customers; DELETE FROM customers" \
        "WITH d AS (DELETE FROM contacts RETURNING customer_id AS id) SELECT * FROM d" \
        "SELECT c.*, m.value FROM customer_view AS c, tayori_meta AS m"; do
        if "$TAYORI" build "$T/issue.md" --db "$db" -o "$out/bad.pdf" --segment "$seg" 2>"$out/bad.err"; then
            fail "$schema: a writing segment ran: $seg"
        fi
        grep -q 'segment refused: a segment may only read\|exactly one statement\|near "DELETE": syntax error' "$out/bad.err" ||
            fail "$schema: $seg: $(cat "$out/bad.err")"
        [ ! -e "$out/bad.pdf" ] || fail "$schema: a refused segment left a PDF"
    done
    [ "$(digest "$db" "$schema")" = "$before" ] || fail "$schema: a refused segment changed the database"
    # build, contacts, and a second run mails nobody
    # in volumes rendered by 3 worker processes, which must leave the parent's session alone
    "$TAYORI" build "$T/issue.md" --db "$db" -o "$out/a.pdf" --include-opted-out \
        --volume 40 --jobs 3 2>"$out/build.err" ||
        fail "$schema: build: $(cat "$out/build.err")"
    [ "$(count "$db" "$schema" "SELECT count(*) FROM contacts WHERE campaign = 'pg-suite'")" = 120 ] ||
        fail "$schema: not 120 contacts"
    [ "$(tail -n +2 "$out/a.manifest.csv" | wc -l)" = 120 ] || fail "$schema: manifest"
    [ -s "$out/a-003.pdf" ] || fail "$schema: no third volume"
    "$TAYORI" build "$T/issue.md" --db "$db" -o "$out/a.pdf" --include-opted-out \
        --volume 40 --jobs 3 2>"$out/again.err" ||
        fail "$schema: second build"
    grep -q 'nobody to mail' "$out/again.err" || fail "$schema: second build mailed: $(cat "$out/again.err")"
    [ "$(count "$db" "$schema" "SELECT count(*) FROM contacts")" = 120 ] || fail "$schema: contacts after rerun"
    # check and labels read the same database
    "$TAYORI" check "$T/issue.md" --db "$db" 2>"$out/check.err" || fail "$schema: check: $(cat "$out/check.err")"
    "$TAYORI" labels --db "$db" --sheet avery-l7160 -o "$out/labels.pdf" 2>"$out/labels.err" ||
        fail "$schema: labels: $(cat "$out/labels.err")"
    [ "$(tail -n +2 "$out/labels.manifest.csv" | wc -l)" = \
      "$(count "$db" "$schema" "SELECT count(*) FROM customers WHERE opt_out = 0")" ] ||
        fail "$schema: not a label per mailable customer"
    # what the database holds, and the history read back
    "$TAYORI" db stats "$db" >"$out/stats.txt" || fail "$schema: db stats"
    grep -q '^customers  *120$' "$out/stats.txt" || fail "$schema: db stats: $(cat "$out/stats.txt")"
    grep -q 'pg-suite (newsletter)  *120' "$out/stats.txt" || fail "$schema: db stats: contacts"
    "$TAYORI" history "$db" --campaign pg-suite | tail -n +2 | cut -f1,4,5,6 >"$out/history.txt" ||
        fail "$schema: history --campaign"
    [ "$(wc -l <"$out/history.txt")" = 120 ] || fail "$schema: history --campaign: not 120"
    "$TAYORI" history "$db" 7 | grep -q 'pg-suite' || fail "$schema: history of customer 7"
    "$TAYORI" history "$db" 99999 2>/dev/null && fail "$schema: history of a customer not there"
    # responses: a CSV by token, and the first visit of each token in an access log
    count "$db" "$schema" "SELECT token FROM contacts ORDER BY customer_id LIMIT 5" >"$out/tokens"
    { echo "token,responded_at,kind,amount"; head -2 "$out/tokens" | sed 's/$/,2025-12-05,coupon,1200/'; } >"$out/coupons.csv"
    "$TAYORI" responses import "$db" "$out/coupons.csv" >/dev/null || fail "$schema: responses import"
    sed 's|.*|198.51.100.1 - - [03/Dec/2025:10:15:32 +0900] "GET /r/& HTTP/1.1" 302 0|' "$out/tokens" >"$out/access.log"
    "$TAYORI" responses import "$db" --access-log "$out/access.log" --url-pattern '/r/{token}' |
        grep -q ': 5 visits recorded, 0 repeated' || fail "$schema: access log"
    "$TAYORI" responses import "$db" --access-log "$out/access.log" --url-pattern '/r/{token}' |
        grep -q ': 0 visits recorded, 5 repeated' || fail "$schema: access log read twice"
    [ "$(count "$db" "$schema" "SELECT count(*) FROM attributed_responses WHERE campaign = 'pg-suite'")" = 7 ] ||
        fail "$schema: attributed responses"
    # the report of what came back, by rank, and the campaigns
    "$TAYORI" report "$db" --campaign pg-suite --by rank --format csv -o "$out/report.csv" ||
        fail "$schema: report"
    grep -q 'VIP' "$out/report.csv" || fail "$schema: report: $(cat "$out/report.csv")"
    "$TAYORI" campaigns "$db" >"$out/campaigns.txt" || fail "$schema: campaigns"
    grep -q '^pg-suite .* 120 ' "$out/campaigns.txt" || fail "$schema: campaigns: $(cat "$out/campaigns.txt")"
    # the database refuses a second row for the same campaign, customer, ref and touch
    if count "$db" "$schema" "INSERT INTO contacts(customer_id, campaign, touch) SELECT customer_id, campaign, touch FROM contacts LIMIT 1" 2>/dev/null; then
        fail "$schema: a duplicate contact was accepted"
    fi
    # tokens come from the database's key: print them with the customer for comparison
    pdftotext "$out/a-001.pdf" - | grep -q "$(count "$db" "$schema" "SELECT token FROM contacts WHERE copy = 1")" ||
        fail "$schema: the first copy does not carry its token"
}

suite "$T/shop.db" sqlite
suite "$PGURL&schema=shop" shop
cmp "$T/out-sqlite/view.txt" "$T/out-shop/view.txt" || fail "customer_view differs between SQLite and PostgreSQL"
cmp <(cut -d, -f1-7 "$T/out-sqlite/a.manifest.csv") <(cut -d, -f1-7 "$T/out-shop/a.manifest.csv") ||
    fail "the manifests differ between SQLite and PostgreSQL"
# a PostgreSQL database named by the PG* variables and db: in the front matter
sed 's/^campaign: pg-suite/campaign: pg-env\ndb: postgresql:\/\//' "$T/issue.md" >"$T/env.md"
PGHOST=$PGDIR/sock PGUSER=tayori PGDATABASE=postgres PGOPTIONS="-c search_path=shop" \
    "$TAYORI" build "$T/env.md" -o "$T/out-shop/env.pdf" --include-opted-out 2>"$T/env.err" ||
    fail "PG* environment: $(cat "$T/env.err")"
[ "$(pg_sql shop "SELECT count(*) FROM contacts WHERE campaign = 'pg-env'")" = 120 ] || fail "PG* environment: contacts"
# neither --db nor db:, and PGDATABASE set: the PG* variables name the database
sed 's/^campaign: pg-suite/campaign: pg-env2/' "$T/issue.md" >"$T/env2.md"
PGHOST=$PGDIR/sock PGUSER=tayori PGDATABASE=postgres PGOPTIONS="-c search_path=shop" \
    "$TAYORI" build "$T/env2.md" -o "$T/out-shop/env2.pdf" --include-opted-out 2>"$T/env2.err" ||
    fail "PGDATABASE: $(cat "$T/env2.err")"
[ "$(pg_sql shop "SELECT count(*) FROM contacts WHERE campaign = 'pg-env2'")" = 120 ] || fail "PGDATABASE: contacts"
# a shard of a label sheet is refused: labels take the whole segment
"$TAYORI" build "$T/issue.md" --db "$PGURL&schema=shop" --layout avery-l7160 --shard 1/2 \
    -o "$T/out-shop/lab.pdf" 2>"$T/lab.err" && fail "a sharded label sheet was made"
grep -q 'are for pages' "$T/lab.err" || fail "sharded labels: $(cat "$T/lab.err")"
cmp "$T/out-sqlite/history.txt" "$T/out-shop/history.txt" || fail "the histories differ"
cmp "$T/out-sqlite/labels.manifest.csv" "$T/out-shop/labels.manifest.csv" || fail "the labels differ"
cmp "$T/out-sqlite/report.csv" "$T/out-shop/report.csv" || fail "the reports differ"
cmp "$T/out-sqlite/campaigns.txt" "$T/out-shop/campaigns.txt" || fail "tayori campaigns differs"
# the unit tests of the store, its segments and contacts, on this server too (test_store runs them on SQLite)
ts=$(dirname "$TAYORI")/test_store
[ -x "$ts" ] || fail "no test_store beside $TAYORI"
TAYORI_TEST_PG_URL=$PGURL "$ts" >"$T/test_store.log" 2>&1 || { cat "$T/test_store.log"; fail "test_store on PostgreSQL"; }
[ "$(grep -c 'PASSED  \] 9 test' "$T/test_store.log")" = 2 ] || { cat "$T/test_store.log"; fail "test_store did not run both groups"; }
echo "ok: postgres"
