#!/bin/bash
# e2e layouts: every shipped layout goes through build, check and labels without a crash; a sheet built as a layout equals tayori labels.
set -euo pipefail
source "$(dirname "$0")/lib.bash"


sample_shop 40 "$T/shop.db"

# Exit 0, 1 or 2 with a message is an answer; a signal (> 128) or a sanitizer report is a crash.
answered() {
    local what=$1 rc=$2 err=$3
    [ "$rc" -le 2 ] || { cat "$err"; fail "$what: exit $rc"; }
    ! grep -qE "AddressSanitizer|runtime error|LeakSanitizer" "$err" || { cat "$err"; fail "$what: a sanitizer report"; }
}

n=0
for yml in layouts/*.yml; do
    name=$(basename "$yml" .yml)
    for content in content/2026-12.md content/2026-12-en.md; do
        rc=0; "$TAYORI" build "$content" --db "$T/shop.db" --layout "$name" -o "$T/$name.pdf" 2>"$T/err" || rc=$?
        answered "build $content --layout $name" "$rc" "$T/err"
        rc=0; "$TAYORI" check "$content" --db "$T/shop.db" --layout "$name" 2>"$T/err" || rc=$?
        answered "check $content --layout $name" "$rc" "$T/err"
        sqlite3 "$T/shop.db" "DELETE FROM contacts"
    done
    rc=0; "$TAYORI" labels --db "$T/shop.db" --sheet "$name" -o "$T/labels-$name.pdf" 2>"$T/err" || rc=$?
    answered "labels --sheet $name" "$rc" "$T/err"
    if grep -q '^kind: labels' "$yml"; then
        [ "$rc" = 0 ] || { cat "$T/err"; fail "labels --sheet $name"; }
        # a label sheet built as a layout is the labels of the issue's segment
        SOURCE_DATE_EPOCH=1 "$TAYORI" build content/2026-12.md --db "$T/shop.db" --layout "$name" \
            -o "$T/b-$name.pdf" 2>"$T/err" || { cat "$T/err"; fail "build --layout $name"; }
        SOURCE_DATE_EPOCH=1 "$TAYORI" labels --from content/2026-12.md --db "$T/shop.db" --sheet "$name" \
            -o "$T/l-$name.pdf" 2>"$T/err" || { cat "$T/err"; fail "labels --from --sheet $name"; }
        cmp -s "$T/b-$name.pdf" "$T/l-$name.pdf" || fail "build --layout $name differs from labels --sheet $name"
        cmp -s "$T/b-$name.manifest.csv" "$T/l-$name.manifest.csv" || fail "$name: the manifests differ"
    else
        [ "$rc" = 2 ] && grep -q "not a label sheet" "$T/err" || { cat "$T/err"; fail "labels --sheet $name is not refused"; }
    fi
    n=$((n + 1))
done
[ "$n" -ge 15 ] || fail "only $n layouts found"

# no folder of src/ includes one that includes it back
python3 - <<'PY'
import os, re, sys
deps = {}
for root, _, files in os.walk("src"):
    for f in files:
        if f.endswith((".c", ".h")):
            a = root.split(os.sep)[1]
            for m in re.finditer(r'#include "([a-z]+)/', open(os.path.join(root, f), encoding="utf-8").read()):
                if m.group(1) != a:
                    deps.setdefault(a, set()).add(m.group(1))
def reach(a, seen):
    for b in deps.get(a, ()):
        if b not in seen:
            seen.add(b); reach(b, seen)
    return seen
cycles = [a for a in deps if a in reach(a, set())]
if cycles:
    sys.exit("FAIL: folders in an include cycle: %s" % sorted(cycles))
PY
echo "ok: layouts ($n layouts through build, check and labels)"
