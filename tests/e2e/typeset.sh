#!/bin/bash
# e2e typeset: both sample issues to every sample customer, their display lists read as a DTP operator would.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

sample_shop 300 "$T/shop.db"

for issue in 2026-12:newsletter-a4 2026-12-en:newsletter-letter; do
    name=${issue%%:*}
    layout=layouts/${issue#*:}.yml
    "$TAYORI" build "content/$name.md" --db "$T/shop.db" --dump "$T/$name.dump" 2>"$T/$name.err" \
        || { cat "$T/$name.err"; fail "build $name"; }
    # keeps: no heading ends a column, whatever follows it (an image too)
    python3 tests/e2e/typeset.py keeps "$T/$name.dump" "content/$name.md" "$layout" \
        || fail "$name: a heading is the last line of a column"
done
echo "ok"
