#!/bin/bash
# e2e newsletter: a 300-customer sample issue built and checked with the tools a print shop uses.
set -euo pipefail
source "$(dirname "$0")/lib.bash"


sample_shop 300 "$T/shop.db"
cp "$T/shop.db" "$T/fresh.db"   # nobody recorded yet

# the whole Japanese issue to every customer
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all -o "$T/a.pdf" 2>"$T/build.err" \
    || { cat "$T/build.err"; fail "build"; }
grep -q "opted-out customer(s) excluded" "$T/build.err" || fail "the number of opted-out customers is not printed"

# every copy: name on its first page, QR with its token, fonts embedded, a valid file
python3 tests/e2e/check_batch.py "$T/a.pdf" "$T/shop.db" 2026-12-newsletter qr-right

# customer data is text, never Markdown or merge tags
pdftotext -enc UTF-8 "$T/a.pdf" "$T/a.txt"
grep -qF '{{given_name}}' "$T/a.txt" || fail "a customer named {{given_name}} is not printed literally"
grep -qF '**Bob**' "$T/a.txt" || fail "a customer named **Bob** is not printed literally"

# building twice gives the same bytes (--resend: everyone is recorded for the campaign by now)
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --resend -o "$T/b.pdf" 2>/dev/null
cmp -s "$T/a.pdf" "$T/b.pdf" || fail "two builds differ"
# one file laid out and rendered on one thread (--jobs 1) or two (--jobs 2): the same bytes
# (on a copy of the database: the touches they record are not this test's)
cp "$T/shop.db" "$T/jobs.db"
"$TAYORI" build content/2026-12.md --db "$T/jobs.db" --segment all --resend --jobs 1 -o "$T/j1.pdf" 2>/dev/null
"$TAYORI" build content/2026-12.md --db "$T/jobs.db" --segment all --resend --jobs 2 -o "$T/j2.pdf" 2>/dev/null
cmp -s "$T/j1.pdf" "$T/j2.pdf" || fail "--jobs 1 and --jobs 2 make different files"
cmp -s "$T/a.pdf" "$T/j2.pdf" || fail "--jobs 2 differs from the default"

# a segment that writes is refused and the database file is unchanged
before=$(sha256sum < "$T/shop.db")
if "$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment "DELETE FROM customers" \
    -o "$T/c.pdf" 2>"$T/del.err"; then fail "a DELETE segment was run"; fi
grep -q "segment refused" "$T/del.err" || { cat "$T/del.err"; fail "no refusal message"; }
[ "$before" = "$(sha256sum < "$T/shop.db")" ] || fail "the database changed"
[ ! -e "$T/c.pdf" ] || fail "a PDF was written for a refused segment"

# an unknown field stops the build before any page, naming file:line:col
printf -- '---\ntitle: t\n---\nHello\n\nDear {{nickname}},\n' > "$T/bad.md"
if "$TAYORI" build "$T/bad.md" --db "$T/shop.db" -o "$T/bad.pdf" 2>"$T/bad.err"; then fail "unknown field accepted"; fi
grep -q "bad.md:6:6: error: unknown field 'nickname'" "$T/bad.err" || { cat "$T/bad.err"; fail "unknown field message"; }
[ ! -e "$T/bad.pdf" ] || fail "a PDF was written despite the error"

# --limit stops mid-segment: the contacts are still recorded (no lock left behind)
"$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --resend --limit 3 -o "$T/l.pdf" 2>"$T/l.err" \
    || { cat "$T/l.err"; fail "build --limit 3"; }
[ "$(($(wc -l < "$T/l.manifest.csv") - 1))" = 3 ] || fail "--limit 3 did not make 3 copies"
[ "$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts WHERE campaign = '2026-12-newsletter' AND touch = 3")" = 3 ] \
    || fail "--resend --limit 3 did not record 3 third touches"

# a control group (--holdout 20%): each customer drawn is recorded as held out (no copy, no file),
# every other one as mailed with the copy and the file it is in; one process or two, the same contacts
cp "$T/fresh.db" "$T/h1.db"
cp "$T/fresh.db" "$T/h2.db"
"$TAYORI" build content/2026-12.md --db "$T/h1.db" --segment all --holdout 20% --jobs 1 -o "$T/h1.pdf" \
    2>"$T/h1.err" || { cat "$T/h1.err"; fail "build --holdout 20%"; }
"$TAYORI" build content/2026-12.md --db "$T/h2.db" --segment all --holdout 20% --volume 40 --jobs 2 \
    -o "$T/h2.pdf" 2>"$T/h2.err" || { cat "$T/h2.err"; fail "build --holdout 20% --volume 40 --jobs 2"; }
held=$(sed -n 's/^tayori: note: \([0-9]*\) customer(s) held out as the control group.*/\1/p' "$T/h1.err")
[ -n "$held" ] && [ "$held" -gt 20 ] || { cat "$T/h1.err"; fail "--holdout 20% held out no one"; }
grep -q "^tayori: note: $held customer(s) held out" "$T/h2.err" || { cat "$T/h2.err"; fail "two processes held out another number"; }
contacts() { sqlite3 "$T/$1.db" "SELECT customer_id, token, copy, held_out FROM contacts ORDER BY customer_id"; }
[ "$(contacts h1)" = "$(contacts h2)" ] || fail "one process and two record different contacts"
for k in 1 2; do
    [ "$(sqlite3 "$T/h$k.db" "SELECT count(*) FROM contacts WHERE held_out = 1 AND copy = 0 AND file IS NULL")" = "$held" ] \
        || fail "h$k: the held-out customers are not recorded as held out, without copy or file"
    [ "$(sqlite3 "$T/h$k.db" "SELECT customer_id FROM contacts WHERE held_out = 0 ORDER BY customer_id")" = \
        "$(tail -n +2 "$T/h$k.manifest.csv" | awk -F, '$7 == "ok" { print $3 }' | sort -n)" ] \
        || fail "h$k: the mailed contacts are not the manifest's copies"
done
[ "$(sqlite3 "$T/h1.db" "SELECT count(*) FROM contacts WHERE held_out = 0 AND file <> '$T/h1.pdf'")" = 0 ] \
    || fail "a contact does not name the file of its copy"
[ "$(sqlite3 "$T/h2.db" "SELECT count(*) FROM contacts WHERE held_out = 0 AND
    file <> printf('%s-%03d.pdf', '$T/h2', (copy - 1) / 40 + 1)")" = 0 ] \
    || fail "a contact does not name the volume of its copy"

# check writes nothing and succeeds on the sample
"$TAYORI" check content/2026-12-en.md --db "$T/shop.db" 2>/dev/null || fail "check of the English issue"

# the English issue on US Letter
"$TAYORI" build content/2026-12-en.md --db "$T/shop.db" -o "$T/en.pdf" 2>"$T/en.err" || { cat "$T/en.err"; fail "English build"; }
pdfinfo -box "$T/en.pdf" > "$T/en.box"
awk '/^TrimBox:/ { w = $4 - $2; h = $5 - $3; exit !(w > 611.9 && w < 612.1 && h > 791.9 && h < 792.1) }' "$T/en.box" \
    || fail "English issue's trim is not US Letter (612 x 792 pt)"
echo "ok"
