#!/bin/bash
# e2e alloc_fail: fail the Nth allocation of a small build (TAYORI_FAIL_ALLOC=N): a clean exit 70 each time, no crash, no leak, no partial file.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/alloc_fail
rm -rf "$T" && mkdir -p "$T/images"

fail() { echo "FAIL: $*" >&2; exit 1; }

# 3 customers, a content file that touches every allocating library with a
# hook: front matter, Markdown (cmark), merge tags and a condition (SQLite),
# Japanese and Latin text (ICU), a PNG (libpng), a QR code, the PDF (libharu).
python3 samples/make_customers.py --customers 3 "$T/data" >/dev/null
"$TAYORI" db init "$T/base.db"
"$TAYORI" db import "$T/base.db" "$T/data/customers.csv" --table customers >/dev/null
"$TAYORI" db import "$T/base.db" "$T/data/purchases.csv" --table purchases >/dev/null
cp content/images/tea.png "$T/images/"
cat > "$T/tiny.md" <<'EOF'
---
title: 小さな便り
layout: newsletter-a4
qr: https://example.jp/r/{{token}}
---
# こんにちは {{family_name}} {{honorific | "様"}}

Thank you for *shopping* with us, {{given_name | "friend"}}. いつもありがとうございます。

{{#if rank = 'VIP'}}
VIPのお客さまへ。
{{/if}}

![tea](images/tea.png)
EOF

# run N: the build with its Nth allocation failing (0: none), in a clean directory and database
run() {
    rm -rf "$T/out" && mkdir "$T/out"
    cp "$T/base.db" "$T/shop.db"
    TAYORI_FAIL_ALLOC=$1 TAYORI_COUNT_ALLOC=1 "$TAYORI" build "$T/tiny.md" --db "$T/shop.db" \
        --include-opted-out --quiet -o "$T/out/tiny.pdf" >/dev/null 2>"$T/err"
}

run 0 || { cat "$T/err"; fail "the build without failures"; }
total=$(sed -n 's/^tayori: \([0-9]*\) allocations$/\1/p' "$T/err")
if [ -z "$total" ] || [ "$total" -lt 1000 ]; then cat "$T/err"; fail "TAYORI_COUNT_ALLOC printed no count"; fi

# What a run with a failed allocation may leave: nothing (no final file:
# one already renamed into place is removed again before the exit, since
# the contacts were not recorded; no temporary; no contact), unless it
# failed after the contacts were recorded: then the whole batch, its
# manifest and exactly its contacts.
left_ok() {
    if [ -z "$(ls -A "$T/out")" ]; then
        cmp -s "$T/shop.db" "$T/base.db" && return 0
        [ "$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts")" = 0 ]
        return
    fi
    python3 - "$T/out" "$T/shop.db" <<'PY'
import csv, os, sqlite3, subprocess, sys
d, db = sys.argv[1], sys.argv[2]
names = sorted(os.listdir(d))
assert names == ["tiny.manifest.csv", "tiny.pdf"], "left: %s" % names
assert subprocess.run(["qpdf", "--check", os.path.join(d, "tiny.pdf")], capture_output=True).returncode == 0
contacts = dict(sqlite3.connect(db).execute("SELECT customer_id, copy FROM contacts"))
rows = csv.DictReader(open(os.path.join(d, "tiny.manifest.csv"), encoding="utf-8"))
assert contacts and contacts == {int(r["customer_id"]): int(r["copy"]) for r in rows if r["status"] == "ok"}, \
    "files left by a run whose contacts were not recorded"
PY
}

# N = 1 … 300 one by one (start-up, option and file parsing, where most
# early-exit paths are), then growing by 10 % up to the total, then the
# total itself (the last allocation) and one beyond (no failure: success).
# LeakSanitizer runs at exit(70) too: memory still reachable from the stack
# of the failing call is not a leak, memory lost earlier is reported, and
# any report makes the run fail.
ns=$(python3 - "$total" <<'PY'
import sys
total, n, out = int(sys.argv[1]), 300, list(range(1, 301))
while n * 1.1 < total:
    n = int(n * 1.1)
    out.append(n)
print(" ".join(map(str, out + [total, total + 1])))
PY
)
for n in $ns; do
    rc=0
    run "$n" || rc=$?
    if grep -qE "Sanitizer|runtime error:" "$T/err"; then cat "$T/err"; fail "N=$n: a sanitizer report"; fi
    if [ "$n" -gt "$total" ]; then
        [ "$rc" = 0 ] || { cat "$T/err"; fail "N=$n, past the last allocation: exit $rc"; }
        continue
    fi
    [ "$rc" = 70 ] || { cat "$T/err"; fail "N=$n of $total: exit $rc, not 70"; }
    grep -q "^tayori: error: out of memory$" "$T/err" || { cat "$T/err"; fail "N=$n: no 'out of memory' message"; }
    left_ok || fail "N=$n: the failed run left files or contacts"
done
echo "ok: alloc_fail ($(echo "$ns" | wc -w) runs of $total allocations)"
