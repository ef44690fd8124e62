#!/bin/bash
# e2e report: a simulated campaign's lift and interval equal an independent computation; an access log's visits are exactly the first hits of known tokens; the HTML report renders in headless Chromium without console errors.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

python3 samples/make_customers.py --customers 1100 "$T/data" >/dev/null
"$TAYORI" db init "$T/r.db"
"$TAYORI" db import "$T/r.db" "$T/data/customers.csv" >/dev/null 2>&1

# 1,000 mailed and 100 held out on 2026-11-01; responses drawn with true
# rates 12 % and 5 %: the mailed answer by their copy's token, the held out
# are found by the 30-day window (a purchase in a shop, a reply card).
python3 - "$T" <<'PY'
import random, sqlite3, sys
t = sys.argv[1]
db = sqlite3.connect(t + "/r.db")
rnd = random.Random(20261201)
ids = [r[0] for r in db.execute("SELECT id FROM customers ORDER BY id")]
rows = ["token,customer_id,responded_at,kind,amount"]
for i, cid in enumerate(ids):
    held = i % 11 == 0
    db.execute("INSERT INTO contacts(customer_id, campaign, channel, sent_at, token, copy, held_out) "
               "VALUES (?, 'bday', 'card', '2026-11-01', ?, ?, ?)", (cid, "tok%05d" % cid, i + 1, held))
    if rnd.random() < (0.05 if held else 0.12):
        day = "2026-11-%02d" % rnd.randint(1, 30)
        amount = rnd.choice([1200, 3300, 5400])
        rows.append(("," if held else "tok%05d," % cid) + ("%d" % cid if held else "") +
                    ",%s,%s,%d" % (day, "reply" if held else "coupon", amount))
    # a purchase outside every window is nobody's response
    if i % 97 == 0:
        db.execute("INSERT INTO purchases(customer_id, purchased_at, product, amount) VALUES (?, '2026-10-01', 'tea', 999)", (cid,))
db.execute("INSERT INTO campaigns(name, title, channel, cost_per_piece, window_days) VALUES ('bday', 'Birthday card', 'card', 85, 30)")
db.commit()
open(t + "/responses.csv", "w").write("\n".join(rows) + "\n")
PY
"$TAYORI" responses import "$T/r.db" "$T/responses.csv" > "$T/resp.out" 2>&1 || { cat "$T/resp.out"; fail "responses import"; }
"$TAYORI" report "$T/r.db" --campaign bday --format csv > "$T/report.csv"

# The reference: counts straight from the tables, Wilson and Newcombe in closed form.
python3 - "$T" <<'PY'
import csv, math, sqlite3, sys
t = sys.argv[1]
db = sqlite3.connect(t + "/r.db")
def count(held):
    n = db.execute("SELECT count(*) FROM contacts WHERE campaign = 'bday' AND held_out = ?", (held,)).fetchone()[0]
    x = db.execute("SELECT count(DISTINCT r.customer_id) FROM responses r JOIN contacts c ON c.customer_id = r.customer_id "
                   "WHERE c.campaign = 'bday' AND c.held_out = ?", (held,)).fetchone()[0]
    return x, n
z = 1.959963984540054
def wilson(x, n):
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z / d * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return p, c - h, c + h
(x1, n1), (x0, n0) = count(0), count(1)
assert (n1, n0) == (1000, 100), (n1, n0)
p1, l1, u1 = wilson(x1, n1)
p0, l0, u0 = wilson(x0, n0)
d = p1 - p0
lo = d - math.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
hi = d + math.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
row = next(csv.DictReader(open(t + "/report.csv")))
got = {k: float(row[k]) for k in ("mailed_rate", "held_rate", "lift", "lift_low", "lift_high")}
want = {"mailed_rate": p1, "held_rate": p0, "lift": d, "lift_low": lo, "lift_high": hi}
for k in want:
    if round(got[k], 4) != round(want[k], 4):
        sys.exit("FAIL: %s is %.6f, the reference %.6f" % (k, got[k], want[k]))
if int(row["mailed"]) != n1 or int(row["held_out"]) != n0 or int(row["mailed_responded"]) != x1 or int(row["held_responded"]) != x0:
    sys.exit("FAIL: counts %s" % row)
if row["significant"] != ("1" if lo > 0 or hi < 0 else "0"):
    sys.exit("FAIL: significance")
print("lift %.4f [%.4f, %.4f] matches" % (d, lo, hi))
PY

# An access log: 200 hits of the QR path (120 first visits of tokens that
# were printed, 45 repeats, 35 of tokens no copy carried: 30 made up, 5 of
# held-out customers, never printed), 12 malformed lines, 20 other requests.
python3 - "$T" <<'PY'
import random, sys
t = sys.argv[1]
rnd = random.Random(5)
# customers 1, 12, 23 … (every 11th) are held out
known = ["tok%05d" % i for i in rnd.sample([i for i in range(1, 1101) if (i - 1) % 11], 120)]
held = ["tok%05d" % i for i in range(1, 56, 11)]
hits = [(k, 1) for k in known] + [(rnd.choice(known), 0) for _ in range(45)] + \
       [("zz%06d" % rnd.randint(0, 999999), 0) for _ in range(30)] + [(h, 0) for h in held]
lines = []
for day, (tok, _) in enumerate(hits):
    lines.append('198.51.100.%d - - [%02d/Nov/2026:%02d:15:32 +0900] "GET /r/%s?utm_source=dm HTTP/1.1" 302 0 "-" "Mozilla/5.0"'
                 % (day % 250, 2 + day % 27, day % 24, tok))
lines += ['203.0.113.7 - - [03/Nov/2026:10:00:00 +0900] "GET /favicon.ico HTTP/1.1" 404 0'] * 20
lines += ["", "garbage", '1.2.3.4 - - [32/Nov/2026:10:00:00 +0900] "GET /r/x HTTP/1.1" 200 1',
          '1.2.3.4 - - [03/Nov/2026:10:00:00 +0900] "GET /r/x HTTP/1.1 200 1'] * 3
rnd.shuffle(lines)
# a token's first line must be its first visit: keep known tokens' order as drawn
open(t + "/access.log", "w").write("\n".join(lines) + "\n")
PY
"$TAYORI" responses import "$T/r.db" --access-log "$T/access.log" --url-pattern 'https://shop.example/r/{token}' > "$T/log.out"
grep -q "access.log: 232 lines, 200 hits of https://shop.example/r/{token}: 120 visits recorded, 45 repeated, 35 unknown tokens; 12 malformed lines, 20 other requests" "$T/log.out" ||
    { cat "$T/log.out"; fail "access log counts"; }
[ "$(sqlite3 "$T/r.db" "SELECT count(*), count(DISTINCT token) FROM responses WHERE kind = 'visit'")" = "120|120" ] ||
    fail "visits recorded"
# read again: nothing new
"$TAYORI" responses import "$T/r.db" --access-log "$T/access.log" --url-pattern '/r/{token}' | grep -q ": 0 visits recorded, 165 repeated" ||
    fail "a log read twice added visits"

# The HTML report in a real browser: a picture, and no console message.
"$TAYORI" report "$T/r.db" --by rank --format html -o "$T/report.html"
"$TAYORI" campaigns "$T/r.db" | grep -qE '^bday +2026-11-01 card +1000 +100 ' || fail "campaigns"
command -v chromium >/dev/null || fail "chromium is not installed (make deps installs it)"
shot() {   # shot HTML PNG LOG: a headless Chromium screenshot, its log
    timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
        --user-data-dir="$T/chromium" --window-size=900,1300 --enable-logging=stderr --v=0 \
        --screenshot="$2" "file://$1" 2>"$3" >/dev/null || true
}
# the check sees console errors: a page with one is caught
printf '<!DOCTYPE html><p>x</p><script>undefinedFn()</script>' > "$T/bad.html"
shot "$T/bad.html" "$T/bad.png" "$T/bad.log"
grep -q ':CONSOLE' "$T/bad.log" || fail "the console check cannot see a console error"
shot "$T/report.html" "$T/report.png" "$T/report.log"
[ -s "$T/report.png" ] || { cat "$T/report.log"; fail "no screenshot"; }
! grep ':CONSOLE' "$T/report.log" || fail "the report logs to the console"
python3 - "$T/report.png" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", data[16:24])
assert w == 900 and h == 1300, (w, h)
PY
# A control group drawn in a build: --holdout 10% twice (one process, and
# volumes by two processes, on a copy of the database) holds out the same
# customers; none of them is in a PDF or a manifest; both are recorded.
python3 samples/make_customers.py --customers 300 "$T/h" >/dev/null
"$TAYORI" db init "$T/h1.db"
"$TAYORI" db import "$T/h1.db" "$T/h/customers.csv" >/dev/null 2>&1
cp "$T/h1.db" "$T/h2.db"
cat > "$T/h.md" <<'MD'
---
title: Holdout
issue: 1
date: 2026-12-01
campaign: winter-dm
layout: newsletter-a4
cost-per-piece: 85
window: 45 days
sender:
  name: 茶舗はるか
  country: JP
  address: 東京都渋谷区神宮前1-2-3
---
No. ID{{id}}X {{family_name}} 様
MD
"$TAYORI" build "$T/h.md" --db "$T/h1.db" --holdout 10% -o "$T/h1.pdf" 2>"$T/h1.err" || { cat "$T/h1.err"; fail "holdout build"; }
"$TAYORI" build "$T/h.md" --db "$T/h2.db" --holdout 10% -o "$T/h2.pdf" --volume 40 --jobs 2 2>"$T/h2.err" || { cat "$T/h2.err"; fail "holdout build in volumes"; }
held1=$(sqlite3 "$T/h1.db" "SELECT group_concat(customer_id) FROM (SELECT customer_id FROM contacts WHERE held_out ORDER BY 1)")
held2=$(sqlite3 "$T/h2.db" "SELECT group_concat(customer_id) FROM (SELECT customer_id FROM contacts WHERE held_out ORDER BY 1)")
[ -n "$held1" ] && [ "$held1" = "$held2" ] || fail "the re-run held out other customers: $held1 / $held2"
n=$(echo "$held1" | tr , '\n' | wc -l)
mailable=$(sqlite3 "$T/h1.db" "SELECT count(*) FROM customers WHERE opt_out = 0")
[ "$n" -ge $((mailable / 20)) ] && [ "$n" -le $((mailable / 5)) ] || fail "$n of $mailable held out for 10 %"
grep -q "$n customer(s) held out as the control group (10 %)" "$T/h1.err" || fail "no held-out note"
for m in "$T/h1.manifest.csv" "$T/h2.manifest.csv"; do
    tail -n +2 "$m" | cut -d, -f3 | sort -n > "$T/mailed"
    [ "$(wc -l < "$T/mailed")" = $((mailable - n)) ] || fail "$m: not every other customer is mailed"
    echo "$held1" | tr , '\n' | grep -qxFf - "$T/mailed" && fail "$m lists a held-out customer"
done
cat "$T/h1.pdf" > /dev/null
pdftotext "$T/h1.pdf" - > "$T/h1.txt"
for f in "$T"/h2-0*.pdf; do pdftotext "$f" - ; done > "$T/h2.txt"
for id in $(echo "$held1" | tr , ' '); do
    ! grep -q "ID${id}X" "$T/h1.txt" "$T/h2.txt" || fail "held-out customer $id is printed"
done
[ "$(grep -c 'ID[0-9]*X' "$T/h1.txt")" = $((mailable - n)) ] || fail "the PDF does not hold every mailed copy"
[ "$(sqlite3 "$T/h1.db" "SELECT name || '/' || cost_per_piece || '/' || window_days || '/' || holdout FROM campaigns")" = "winter-dm/85/45/0.1" ] ||
    fail "the campaign is not recorded"
"$TAYORI" report "$T/h1.db" --format csv | grep -q "^winter-dm,all,$((mailable - n)),0,0.000000,[0-9.]*,[0-9.]*,$n,0," || fail "report: mailed and held out"
# --progress=json: one object a line, the last final, every row counted
"$TAYORI" build "$T/h.md" --db "$T/h2.db" --resend --holdout 10% -o "$T/h4.pdf" --progress=json 2>"$T/progress.err" >/dev/null ||
    fail "build with --progress=json"
grep '^{' "$T/progress.err" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert lines and lines[-1]["final"] is True, lines[-1:]
assert all(not l["final"] for l in lines[:-1])
assert lines[-1]["copies_done"] == lines[-1]["copies_total"] > 0, lines[-1]
assert all(l["pages_per_second"] >= 0 and l["seconds_left"] >= 0 for l in lines)
' || fail "--progress=json"
# --limit: the total is what the run will make, not the whole segment
"$TAYORI" build "$T/h.md" --db "$T/h2.db" --resend --holdout 10% --limit 3 -o "$T/h5.pdf" --progress=json 2>"$T/progress.err" >/dev/null ||
    fail "build with --limit and --progress=json"
grep '^{' "$T/progress.err" | python3 -c '
import json, sys
lines = [json.loads(l) for l in sys.stdin]
assert lines and lines[-1]["final"] is True, lines[-1:]
assert 3 <= lines[-1]["copies_done"] == lines[-1]["copies_total"] < 10, lines[-1]
assert all(l["copies_done"] <= l["copies_total"] for l in lines)
' || fail "--progress=json with --limit"

# built again: everyone, held out or not, is recorded for the campaign
"$TAYORI" build "$T/h.md" --db "$T/h1.db" --holdout 10% -o "$T/h3.pdf" 2>&1 | grep -q "nobody to mail" || fail "a re-run mailed again"

echo "report: ok"
