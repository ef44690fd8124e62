#!/bin/bash
# e2e history: the thank-you letter names each customer's own last purchase, a re-run mails nobody, a new purchase mails exactly its customer, and tayori history lists the touches.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

# segments count days from SQLite's now (UTC): the shop's purchases run up to today
today=$(date -u +%F)
sample_shop 300 "$T/shop.db" "$today"
db=$T/shop.db
sq() { sqlite3 "$db" "$1"; }
epoch() { date -u -d "$today $1 days" +%s; }

# What the thank-you segment must select: customers in Japan who may be
# mailed and bought in the last 7 days; each with that last purchase.
expected() {
    sq "SELECT c.id FROM customers c WHERE c.opt_out = 0 AND coalesce(c.country, 'JP') IN ('JP', '')
        AND (SELECT max(purchased_at) FROM purchases p WHERE p.customer_id = c.id) >= date('now', '-7 days')
        $1 ORDER BY c.id"
}
manifest_ids() { tail -n +2 "$1" | cut -d, -f3 | sort -n; }

# Every copy of PDF names its customer's last product and purchase date (年月日), page by page per the manifest.
names_own_purchase() {
    python3 - "$1" "${1%.pdf}.manifest.csv" "$db" <<'PY'
import csv, sqlite3, subprocess, sys
pdf, manifest, db = sys.argv[1:]
con = sqlite3.connect(db)
rows = list(csv.DictReader(open(manifest, encoding="utf-8")))
assert rows, "no copy"
for r in rows:
    first, n = int(r["first_page"]), int(r["page_count"])
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(first), "-l", str(first + n - 1),
                           pdf, "-"], capture_output=True, text=True, check=True).stdout
    text = "".join(text.split())
    product, date = con.execute(
        "SELECT product, strftime('%Y年%m月%d日', purchased_at) FROM purchases WHERE customer_id = ? "
        "ORDER BY purchased_at DESC, id DESC LIMIT 1", (int(r["customer_id"]),)).fetchone()
    for want in ("".join(product.split()), date):
        assert want in text, "customer %s: %r not in the copy" % (r["customer_id"], want)
print("%d copies name their customer's own last purchase" % len(rows))
PY
}

# A newsletter 20 days ago and a card 10 days ago (no card layout yet: channel: card in the front matter).
SOURCE_DATE_EPOCH=$(epoch -20) "$TAYORI" build content/2026-12.md --db "$db" -o "$T/news.pdf" 2>"$T/news.err" \
    || { cat "$T/news.err"; fail "newsletter"; }
cat >"$T/card.md" <<'CARD'
---
title: Season's greetings
campaign: greetings-2026
channel: card
layout: newsletter-a4
segment: domestic
---
{{family_name}} {{given_name}} 様

よいお年をお迎えください。
CARD
SOURCE_DATE_EPOCH=$(epoch -10) "$TAYORI" build "$T/card.md" --db "$db" -o "$T/card.pdf" 2>"$T/card.err" \
    || { cat "$T/card.err"; fail "card"; }

# segment NAME: how many customers it selects, and how many of them were ever contacted
segment_counts() { sq "SELECT count(*), count(k.id) FROM ($(sed '1d; s/;$//' "segments/$1.sql")) AS s
    LEFT JOIN (SELECT DISTINCT customer_id AS id FROM contacts) AS k ON k.id = s.id"; }
# 0. Every sample letter compiles against its segment; the wake-up leaves out whoever was contacted in 90 days.
# A check typesets copies as a build would, so each follow-up segment gets one
# customer whatever today's date: a first purchase 45 days ago, in Japan and abroad.
for country in JP US; do
    id=$(sq "SELECT max(id) + 1 FROM customers")
    sq "INSERT INTO customers(id, family_name, given_name, honorific, postal_code, country, region, city, address1)
        SELECT $id, family_name, given_name, honorific, postal_code, country, region, city, address1
        FROM customers WHERE opt_out = 0 AND country = '$country' ORDER BY id LIMIT 1"
    sq "INSERT INTO purchases(customer_id, purchased_at, product, amount) VALUES ($id, date('now', '-45 days'), 'sencha', 1620)"
done
for c in thank-you thank-you-en follow-up follow-up-en wake-up wake-up-en; do
    # check fails as a build would; an empty segment (the wake-up, below) is the one failure allowed here
    if ! "$TAYORI" check "content/$c.md" --db "$db" 2>"$T/check.err"; then
        grep -q "error: segment: no copy was made: the segment is empty" "$T/check.err" &&
            [ "$(grep -c ': error: ' "$T/check.err")" = 1 ] || { cat "$T/check.err"; fail "check $c"; }
    fi
done
[ "$(segment_counts wake-up | cut -d'|' -f2)" = 0 ] || fail "the wake-up letter would mail customers who got the newsletter 20 days ago"
[ "$(sq "SELECT count(*) FROM contacts WHERE campaign = '2026-12-newsletter'")" -gt 0 ] || fail "no newsletter recorded"
[ "$(segment_counts wake-up-en | cut -d'|' -f1)" -gt 0 ] || fail "the English wake-up letter selects nobody"

# 1. The thank-you letter: exactly the expected customers, each naming their own purchase.
"$TAYORI" build content/thank-you.md --db "$db" -o "$T/ty.pdf" 2>"$T/ty.err" || { cat "$T/ty.err"; fail "thank-you"; }
want=$(expected "")
[ -n "$want" ] || fail "the sample shop has no purchase in the last 7 days"
[ "$(manifest_ids "$T/ty.manifest.csv")" = "$want" ] || fail "the thank-you letter is not for the customers who bought in the last 7 days"
names_own_purchase "$T/ty.pdf"
n=$(echo "$want" | wc -l)
[ "$(sq "SELECT count(*) FROM contacts WHERE campaign = 'thank-you' AND channel = 'letter' AND touch = 1
    AND ref = (SELECT id FROM purchases p WHERE p.customer_id = contacts.customer_id ORDER BY purchased_at DESC, id DESC LIMIT 1)
    AND file = '$T/ty.pdf'")" = "$n" ] || fail "the contacts do not record each letter's purchase (ref) and file"

# 2. Again: nobody is mailed, it says so, and the batch of the first run stays as it was.
cp "$T/ty.pdf" "$T/ty-first.pdf"
"$TAYORI" build content/thank-you.md --db "$db" -o "$T/ty.pdf" 2>"$T/ty2.err" || { cat "$T/ty2.err"; fail "the second run failed"; }
grep -q "$n customer(s) already recorded for campaign 'thank-you' skipped" "$T/ty2.err" || { cat "$T/ty2.err"; fail "the skipped count is not printed"; }
grep -q "nobody to mail" "$T/ty2.err" || { cat "$T/ty2.err"; fail "the second run does not say it mails nobody"; }
cmp -s "$T/ty.pdf" "$T/ty-first.pdf" || fail "the second run replaced the first run's batch"
[ "$(sq "SELECT count(*) FROM contacts WHERE campaign = 'thank-you'")" = "$n" ] || fail "the second run recorded contacts"

# 3. One new purchase by a customer already thanked: the next run mails exactly that customer, about it.
cid=$(echo "$want" | head -1)
pid=$(sq "SELECT max(id) + 1 FROM purchases")
printf 'id,customer_id,purchased_at,product,amount\r\n%s,%s,%s,八女玉露 50g,3240\r\n' "$pid" "$cid" "$today" >"$T/new-purchases.csv"
"$TAYORI" db import "$db" "$T/new-purchases.csv" --table purchases >/dev/null
"$TAYORI" build content/thank-you.md --db "$db" -o "$T/ty.pdf" 2>"$T/ty3.err" || { cat "$T/ty3.err"; fail "the run after the new purchase"; }
[ "$(manifest_ids "$T/ty.manifest.csv")" = "$cid" ] || { cat "$T/ty.manifest.csv"; fail "the run after one new purchase did not mail exactly customer $cid"; }
grep -q "$((n - 1)) customer(s) already recorded for campaign 'thank-you' skipped" "$T/ty3.err" || { cat "$T/ty3.err"; fail "the others are not counted as skipped"; }
names_own_purchase "$T/ty.pdf"
[ "$(sq "SELECT group_concat(ref, ' ') FROM (SELECT ref FROM contacts WHERE campaign = 'thank-you' AND customer_id = $cid ORDER BY id)")" \
    != "$pid" ] || fail "no second letter recorded"
[ "$(sq "SELECT ref FROM contacts WHERE campaign = 'thank-you' AND customer_id = $cid ORDER BY id DESC LIMIT 1")" = "$pid" ] \
    || fail "the new letter's ref is not the new purchase"

# ... and --resend, in volumes rendered by two processes: everyone again, as touch 2, with each letter's ref and volume.
"$TAYORI" build content/thank-you.md --db "$db" --resend --volume 5 --jobs 2 -o "$T/tyv.pdf" 2>"$T/tyv.err" \
    || { cat "$T/tyv.err"; fail "--resend in volumes"; }
[ "$(sq "SELECT count(*) FROM contacts k WHERE campaign = 'thank-you' AND touch = 2
    AND ref = (SELECT ref FROM last_purchase p WHERE p.customer_id = k.customer_id)
    AND file = '$T/tyv-' || printf('%03d', (copy - 1) / 5 + 1) || '.pdf'")" = "$n" ] \
    || fail "--resend with workers did not record each letter's second touch, ref and volume"
sq "DELETE FROM contacts WHERE touch = 2"

# 4. tayori history: the customer's touches, newest first: two letters, the card, the newsletter.
"$TAYORI" history "$db" "$cid" >"$T/h.txt" 2>"$T/h.err" || { cat "$T/h.err"; fail "history"; }
[ "$(head -1 "$T/h.txt")" = "$(printf 'sent_at\tcampaign\tchannel\tref\ttouch\tcopy\ttoken\tfile')" ] || fail "history header: $(head -1 "$T/h.txt")"
[ "$(tail -n +2 "$T/h.txt" | cut -f1-4 | tr '\t' ' ')" = "$(printf '%s\n' \
    "$today thank-you letter $pid" \
    "$today thank-you letter $(sq "SELECT ref FROM contacts WHERE campaign = 'thank-you' AND customer_id = $cid ORDER BY id LIMIT 1")" \
    "$(date -u -d "$today -10 days" +%F) greetings-2026 card " \
    "$(date -u -d "$today -20 days" +%F) 2026-12-newsletter newsletter ")" ] || { cat "$T/h.txt"; fail "history of customer $cid"; }
[ "$(tail -1 "$T/h.txt" | cut -f8)" = "$T/news.pdf" ] || fail "history does not name the file"

# ... and a campaign's recipients: every letter, the customer's two among them.
"$TAYORI" history "$db" --campaign thank-you >"$T/hc.txt" || fail "history --campaign"
[ "$(tail -n +2 "$T/hc.txt" | wc -l)" = "$((n + 1))" ] || { cat "$T/hc.txt"; fail "history --campaign: not $((n + 1)) letters"; }
[ "$(cut -f1 "$T/hc.txt" | grep -cx "$cid")" = 2 ] || fail "history --campaign: customer $cid not listed twice"

# 5. Clear errors, exit status 2; --help.
expect_error() {  # MESSAGE ARGS...
    if "$TAYORI" history "${@:2}" >/dev/null 2>"$T/e.err"; then fail "history ${*:2} succeeded"; fi
    [ "$("$TAYORI" history "${@:2}" >/dev/null 2>&1; echo $?)" = 2 ] || fail "history ${*:2}: exit status is not 2"
    grep -qF "$1" "$T/e.err" || { cat "$T/e.err"; fail "history ${*:2}: no '$1'"; }
}
expect_error "error: no customer 999999 in $db" "$db" 999999
expect_error "error: no contact of campaign 'nope' is recorded in $db" "$db" --campaign nope
expect_error "CUSTOMER_ID is a customer's id" "$db" abc
expect_error "expected DB and a CUSTOMER_ID" "$db"
expect_error "expected DB and a CUSTOMER_ID" "$db" 1 --campaign thank-you
expect_error "no such database" "$T/none.db" 1
"$TAYORI" history --help | grep -q "usage: tayori history DB CUSTOMER_ID" || fail "history --help"
echo "history: ok"
