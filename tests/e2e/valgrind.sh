#!/bin/bash
# e2e valgrind: a build, labels, check --pdf and error paths under valgrind's leak checker, on a binary built without sanitizers.
set -euo pipefail
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/valgrind
# beside T, not in it: kept between runs, so only changed files are rebuilt
B=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/build-valgrind
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

command -v valgrind >/dev/null || fail "valgrind is not installed (make deps)"
# ASan and valgrind do not mix: the binary the harness gives ($1) has ASan,
# so this test builds its own, with the same sources and no sanitizer.
cmake -S . -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTAYORI_SANITIZE=OFF -DTAYORI_TESTS=OFF \
    >"$T/cmake.log" 2>&1 || { cat "$T/cmake.log"; fail "configuring the valgrind build"; }
cmake --build "$B" --target tayori -j2 >>"$T/cmake.log" 2>&1 || { cat "$T/cmake.log"; fail "the valgrind build"; }
V="$B/tayori"
nm "$V" | grep -q __asan_init && fail "$V is built with ASan"

# vg WANT NAME ARGS…: run tayori under valgrind; its exit status must be WANT
# (99 is valgrind's: a definite or indirect leak, or a memory error).
vg() {
    local want=$1 name=$2 rc=0
    shift 2
    valgrind --quiet --leak-check=full --show-leak-kinds=definite,indirect \
        --errors-for-leak-kinds=definite,indirect --error-exitcode=99 \
        "$V" "$@" >"$T/$name.out" 2>"$T/$name.err" || rc=$?
    if [ "$rc" = 99 ] || grep -q "^==[0-9]*== " "$T/$name.err"; then
        cat "$T/$name.err"; fail "$name: valgrind reports leaks or memory errors"
    fi
    [ "$rc" = "$want" ] || { cat "$T/$name.err"; fail "$name: exit $rc, not $want"; }
}

python3 samples/make_customers.py --customers 12 "$T/data" >/dev/null
vg 0 init db init "$T/shop.db"
vg 0 import db import "$T/shop.db" "$T/data/customers.csv" --table customers
vg 0 purchases db import "$T/shop.db" "$T/data/purchases.csv" --table purchases

# the sample newsletter (PNG, JPEG, QR, Japanese text) for 3 customers in
# volumes of 2: every library on its normal path. Each run takes seconds
# under valgrind (a build about 20), so the list is short.
vg 0 build build content/2026-12.md --db "$T/shop.db" --limit 3 --volume 2 --quiet -o "$T/news.pdf"
for f in "$T/news-001.pdf" "$T/news-002.pdf"; do qpdf --check "$f" >/dev/null || fail "$f: qpdf --check"; done
vg 0 labels labels --db "$T/shop.db" --sheet avery-l7160 -o "$T/labels.pdf"
qpdf --check "$T/labels.pdf" >/dev/null || fail "the labels' PDF"
vg 0 preflight check --pdf "$T/labels.pdf"
vg 0 check check content/2026-12.md --db "$T/shop.db"

# error paths, where a leak hides: an unknown field, a segment that writes
printf -- '---\ntitle: t\nlayout: newsletter-a4\n---\n{{no_such_field}}\n' > "$T/unknown.md"
vg 2 unknown build "$T/unknown.md" --db "$T/shop.db" -o "$T/unknown.pdf"
grep -q "no_such_field" "$T/unknown.err" || { cat "$T/unknown.err"; fail "the unknown field is not reported"; }
vg 2 segment build content/2026-12.md --db "$T/shop.db" --segment "DELETE FROM customers" -o "$T/seg.pdf"
[ "$(sqlite3 "$T/shop.db" 'SELECT count(*) FROM customers')" = 12 ] || fail "the segment changed the database"
echo "ok: valgrind"
