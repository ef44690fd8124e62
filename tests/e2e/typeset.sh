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
    # check typesets a copy of each variant and counts the copies build made
    "$TAYORI" check "content/$name.md" --db "$T/shop.db" 2>"$T/$name.check" \
        || { cat "$T/$name.check"; fail "check $name"; }
    made=$(sed -n 's/.*dump: \([0-9]*\) copies, 0 failed.*/\1/p' "$T/$name.err")
    [ -n "$made" ] || { cat "$T/$name.err"; fail "$name: copies failed"; }
    grep -q "check: a build would make $made copies; [0-9]* typeset .*, 0 failed" "$T/$name.check" \
        || { cat "$T/$name.check"; fail "$name: check does not count $made copies"; }
    # keeps: no heading ends a column, whatever follows it (an image too)
    python3 tests/e2e/typeset.py keeps "$T/$name.dump" "content/$name.md" "$layout" \
        || fail "$name: a heading is the last line of a column"
done

# Japanese composition: 」「 、「 。「 at 1.5 em or less, a quarter em between Japanese and Latin
python3 tests/e2e/typeset.py jpunct "$T/2026-12.dump" content/2026-12.md layouts/newsletter-a4.yml \
    || fail "2026-12: Japanese punctuation or spacing"
# English justified: word spaces within [0.8, 2.0] x the space in 99 % of lines, and hyphens
python3 tests/e2e/typeset.py spaces "$T/2026-12-en.dump" content/2026-12-en.md layouts/newsletter-letter.yml \
    || fail "2026-12-en: word spaces"
echo "ok"
