#!/bin/bash
# tests/cases/run.sh: the golden cases, each built with --dump and compared with its expected file.
#
# usage: run.sh [--update] TAYORI [NAME...]
#
# A case is a directory tests/cases/NAME/ with content.md, customers.csv and
# optionally layout.yml, purchases.csv and args (one line of extra options, or
# "check ..." to run tayori check instead of build). Its expected file is the
# dump, then "--- diagnostics" and the run's stderr, then "--- exit N"; the
# case's directory reads @CASE@, the temporary directory @TMP@ and the
# source tree @SRC@.
# --update rewrites the expected files instead of comparing.
set -uo pipefail

update=0
pos=()
for a in "$@"; do
    if [ "$a" = --update ]; then update=1; else pos+=("$a"); fi
done
if [ ${#pos[@]} -lt 1 ]; then
    echo "usage: run.sh [--update] TAYORI [NAME...]" >&2
    exit 2
fi
TAYORI=$(realpath "${pos[0]}")
HERE=$(cd "$(dirname "$0")" && pwd -P)
SRC=$(cd "$HERE/../.." && pwd -P)
names=("${pos[@]:1}")
if [ ${#names[@]} -eq 0 ]; then
    for d in "$HERE"/*/content.md; do
        names+=("$(basename "$(dirname "$d")")")
    done
fi

# Fixed inputs that make a run the same on every machine: the build date
# (2026-12-01, UTC) and the database's token key (tokens and QR codes).
export SOURCE_DATE_EPOCH=1796083200 TZ=UTC LC_ALL=C.UTF-8
TOKEN_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f

root=${TAYORI_TEST_TMP:-/tmp}
mkdir -p "$root"
WORK=$(cd "$(mktemp -d "$root/cases.XXXXXX")" && pwd -P)
trap 'rm -rf "$WORK"' EXIT

# The database of case directory $1 in $2/db.sqlite, its token key fixed.
make_db() {
    local dir=$1 db=$2/db.sqlite t
    "$TAYORI" db init "$db" >/dev/null || return 1
    sqlite3 "$db" "UPDATE tayori_meta SET value = '$TOKEN_KEY' WHERE key = 'token_key'" || return 1
    for t in customers purchases; do
        [ -f "$dir/$t.csv" ] || continue
        "$TAYORI" db import "$db" "$dir/$t.csv" --table "$t" >/dev/null || return 1
    done
}

# Run case directory $1 in temporary directory $2: print what expected holds.
run_case() {
    local dir=$1 t=$2 cmd=build rc out
    local args=() layout=()
    if [ -f "$dir/args" ]; then
        eval "args=($(head -n 1 "$dir/args"))"
    fi
    if [ "${args[0]:-}" = check ]; then
        cmd=check
        args=("${args[@]:1}")
    fi
    [ -f "$dir/layout.yml" ] && layout=(--layout "$dir/layout.yml")
    local dump=()
    [ "$cmd" = build ] && dump=(--dump "$t/out.txt")
    "$TAYORI" "$cmd" "$dir/content.md" --db "$t/db.sqlite" "${layout[@]}" \
        "${args[@]}" "${dump[@]}" >"$t/stdout" 2>"$t/stderr"
    rc=$?
    out=$(
        [ -f "$t/out.txt" ] && cat "$t/out.txt"
        echo "--- diagnostics"
        cat "$t/stdout" "$t/stderr"
        echo "--- exit $rc"
    )
    out=${out//"$t"/@TMP@}
    out=${out//"$dir"/@CASE@}
    out=${out//"$SRC"/@SRC@}
    printf '%s\n' "$out"
}

passed=0
failed=0
for name in "${names[@]}"; do
    dir=$HERE/$name
    t=$WORK/$name
    mkdir -p "$t"
    if [ ! -f "$dir/content.md" ] || [ ! -f "$dir/customers.csv" ]; then
        echo "FAIL $name: no content.md or customers.csv in $dir"
        failed=$((failed + 1))
        continue
    fi
    if ! make_db "$dir" "$t"; then
        echo "FAIL $name: could not make the database"
        failed=$((failed + 1))
        continue
    fi
    run_case "$dir" "$t" >"$t/actual"
    if [ "$update" = 1 ]; then
        cp "$t/actual" "$dir/expected"
        passed=$((passed + 1))
    elif diff -u --label "$name/expected" --label "$name/actual" \
        "$dir/expected" "$t/actual"; then
        passed=$((passed + 1))
    else
        echo "FAIL $name"
        failed=$((failed + 1))
    fi
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
