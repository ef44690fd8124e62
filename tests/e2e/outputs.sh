#!/bin/bash
# e2e outputs: outputs never replace inputs, a locked or held database leaves no batch, signals and re-runs leave only the run's own files.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

children=()
cleanup() { for p in "${children[@]}"; do kill -CONT "$p" 2>/dev/null || true; kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

sample_shop 60 "$T/shop.db"
cp content/2026-12-en.md "$T/issue.md"
sed -i 's|^db:.*||' "$T/issue.md"
cp -r content/images "$T/images" 2>/dev/null || true
cp layouts/newsletter-letter.yml "$T/letter.yml"
cp layouts/avery-l7160.yml "$T/sheet.yml"

build() { "$TAYORI" build "$T/issue.md" --db "$T/shop.db" --segment all --quiet "$@"; }
# The same in the background, as this shell's own child ($! is tayori): POINT [options]
build_at() { TAYORI_FAILPOINT=$1 exec "$TAYORI" build "$T/issue.md" --db "$T/shop.db" --segment all --quiet "${@:2}"; }
contacts() { sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts"; }
# The files under stem STEM in $T (OUT.pdf, OUT-NNN.pdf, manifest, temporaries), sorted.
files_of() { (cd "$T" && ls -1 | grep -E "^$1(-[0-9]{3,})?\.(pdf|manifest\.csv)(\.tmp-[0-9]+)?$" || true); }

# Wait until the run PID (or one of its workers) is stopped at its failpoint: print that pid.
# An event, not a moment: the process stops itself with SIGSTOP.
stopped_at() {
    local p
    while kill -0 "$1" 2>/dev/null; do
        for p in "$1" $(pgrep -P "$1" || true); do
            if [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = T ]; then echo "$p"; return 0; fi
        done
        sleep 0.01
    done
    return 1
}

# 1. -o that names an input is refused before rendering, the input unchanged.
ln -s "$T/shop.db" "$T/link.pdf"
ln -s "$T/issue.md" "$T/issue-link.pdf"
sums=$(sha256sum "$T/shop.db" "$T/issue.md" "$T/letter.yml" "$T/sheet.yml")
for target in "$T/shop.db" "$T/issue.md" "$T/letter.yml" "$T/link.pdf" "$T/issue-link.pdf"; do
    for extra in "" "--proof 2"; do
        # shellcheck disable=SC2086
        if build --layout "$T/letter.yml" -o "$target" $extra 2>"$T/o.err"; then
            fail "-o $target $extra was written"
        fi
        grep -q "the output would replace" "$T/o.err" || { cat "$T/o.err"; fail "-o $target: no refusal"; }
    done
done
for target in "$T/shop.db" "$T/issue.md" "$T/sheet.yml" "$T/link.pdf" "$T/issue-link.pdf"; do
    if "$TAYORI" labels --db "$T/shop.db" --from "$T/issue.md" --sheet "$T/sheet.yml" \
        -o "$target" 2>"$T/o.err"; then
        fail "labels -o $target was written"
    fi
    grep -q "the output would replace" "$T/o.err" || { cat "$T/o.err"; fail "labels -o $target: no refusal"; }
done
[ "$sums" = "$(sha256sum "$T/shop.db" "$T/issue.md" "$T/letter.yml" "$T/sheet.yml")" ] || fail "an input changed"
[ -L "$T/link.pdf" ] && [ -L "$T/issue-link.pdf" ] || fail "a link to an input was replaced"
[ "$(contacts)" = 0 ] || fail "contacts recorded for a refused build"
# a volume name that is an input is refused too
ln -s "$T/shop.db" "$T/vol-002.pdf"
if build -o "$T/vol.pdf" --volume 10 2>"$T/o.err"; then fail "a volume over the database was written"; fi
grep -q "vol-002.pdf: the output would replace the database" "$T/o.err" || { cat "$T/o.err"; fail "volume: no refusal"; }
rm "$T/vol-002.pdf"
echo "outputs: inputs are never replaced"

# 2. An output directory that does not exist is refused before rendering.
if build -o "$T/no/such/dir/x.pdf" --limit 1 2>"$T/o.err"; then fail "a build into a missing directory"; fi
grep -q "no/such/dir: the output directory does not exist" "$T/o.err" || { cat "$T/o.err"; fail "missing directory"; }

# 3. A database locked by another writer: no batch, the database named, a re-run completes.
rm -f "$T/lock.fifo"; mkfifo "$T/lock.fifo"
locker() {   # hold a write lock until lock.fifo is written to; returns once it is held
    python3 - "$T/shop.db" "$T/lock.fifo" > "$T/lock.out" <<'PY' &
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], isolation_level=None)
con.execute("BEGIN IMMEDIATE")   # a writer: readers go on, other writers wait
con.execute("UPDATE customers SET rank = rank WHERE id = 1")
print("locked", flush=True)
open(sys.argv[2]).read()
con.execute("ROLLBACK")
PY
    locker_pid=$!; children+=("$locker_pid")
    until grep -q locked "$T/lock.out" 2>/dev/null; do
        kill -0 "$locker_pid" 2>/dev/null || fail "the locker died"
        sleep 0.01
    done
}
unlock() { echo > "$T/lock.fifo"; wait "$locker_pid"; rm -f "$T/lock.out"; }
locker
if build -o "$T/locked.pdf" 2>"$T/o.err"; then fail "a build on a locked database succeeded"; fi
grep -qF "$T/shop.db: error: database: locked by another writer" "$T/o.err" || { cat "$T/o.err"; fail "the lock error does not name the database"; }
[ -z "$(files_of locked)" ] || fail "files left by a build on a locked database: $(files_of locked)"
unlock
build -o "$T/locked.pdf" || fail "the re-run after the lock"
[ "$(files_of locked)" = "$(printf 'locked.manifest.csv\nlocked.pdf')" ] || fail "the re-run: $(files_of locked)"
sqlite3 "$T/shop.db" "DELETE FROM contacts"

# ... and locked while the batch was being made: stopped before its commit,
# the lock taken, then let go on: the batch is removed, the database named.
build_at before-commit:stop -o "$T/late.pdf" --volume 20 --jobs 2 2>"$T/o.err" &
pid=$!; children+=("$pid")
stopped_at "$pid" >/dev/null || fail "the build did not stop before its commit"
locker
kill -CONT "$pid"
if wait "$pid"; then fail "a build whose commit met a lock succeeded"; fi
grep -qF "$T/shop.db: error: database: the contacts could not be recorded" "$T/o.err" || { cat "$T/o.err"; fail "the commit error does not name the database"; }
[ -z "$(files_of late)" ] || fail "files left after a failed commit: $(files_of late)"
[ "$(contacts)" = 0 ] || fail "contacts recorded by a failed commit"
unlock
build -o "$T/late.pdf" --volume 20 --jobs 2 || fail "the re-run after the late lock"
[ "$(contacts)" -gt 0 ] || fail "the re-run recorded nothing"
sqlite3 "$T/shop.db" "DELETE FROM contacts"
echo "outputs: a locked database leaves no batch"

# A read-only database (a read-only mount: root may write any file) is
# named before anything is made, not blamed on a customer afterwards.
RO="$T/ro"
mkdir "$RO"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=8m none "$RO" 2>/dev/null; then
    cp "$T/shop.db" "$RO/shop.db"
    mount -o remount,ro "$RO"
    if "$TAYORI" build "$T/issue.md" --db "$RO/shop.db" --segment all --quiet -o "$T/ro.pdf" 2>"$T/o.err"; then
        umount "$RO"; fail "a build on a read-only database succeeded"
    fi
    umount "$RO"
    grep -qF "$RO/shop.db: error: database:" "$T/o.err" || { cat "$T/o.err"; fail "the read-only database is not named"; }
    grep -q "customer" "$T/o.err" && { cat "$T/o.err"; fail "a read-only database blamed on a customer"; }
    [ -z "$(files_of ro)" ] || fail "files left by a build on a read-only database: $(files_of ro)"
    echo "outputs: a read-only database is named before anything is made"
else
    echo "skipped: the read-only database (needs root and mount)"
fi

# 4. One campaign, two runs: the second fails at once, the first completes.
build_at copy:stop:3 -o "$T/first.pdf" 2>"$T/first.err" &
pid=$!; children+=("$pid")
stopped_at "$pid" >/dev/null || fail "the first build did not stop"
if build -o "$T/second.pdf" 2>"$T/o.err"; then fail "a second run of the same campaign succeeded"; fi
grep -q "is being built by another tayori run" "$T/o.err" || { cat "$T/o.err"; fail "no message for the held campaign"; }
[ -z "$(files_of second)" ] || fail "the second run left files"
kill -CONT "$pid"
wait "$pid" || { cat "$T/first.err"; fail "the first run"; }
[ "$(files_of first)" = "$(printf 'first.manifest.csv\nfirst.pdf')" ] || fail "the first run: $(files_of first)"
sqlite3 "$T/shop.db" "DELETE FROM contacts"
echo "outputs: a held campaign is not built twice"

# 5. A killed 10-volume run, then a smaller re-run: only the re-run's volumes remain.
build_at renamed:kill:8 -o "$T/vol.pdf" --volume 6 --jobs 1 2>/dev/null &
pid=$!
if wait "$pid"; then fail "the killed run was not killed"; fi
[ "$(files_of vol | grep -c '^vol-0.*pdf$')" = 8 ] || fail "the killed run left: $(files_of vol)"
build -o "$T/vol.pdf" --volume 6 --limit 20 2>"$T/o.err" || { cat "$T/o.err"; fail "the smaller re-run"; }
grep -q "replacing an earlier batch" "$T/o.err" || true
want=$(printf 'vol-001.pdf\nvol-002.pdf\nvol-003.pdf\nvol-004.pdf\nvol.manifest.csv')
[ "$(files_of vol)" = "$want" ] || fail "after the smaller re-run: $(files_of vol | tr '\n' ' ')"
sqlite3 "$T/shop.db" "DELETE FROM contacts"
echo "outputs: a re-run leaves only its own volumes"

# 6. SIGINT and SIGTERM while a file is being written: no temporaries, no
# volumes of the unrecorded batch, 130 / 143 and a message.
signal_round() {   # SIGNAL CODE NAME FAILPOINT [build options]
    local sig=$1 code=$2 name=$3 point=$4 pid rc
    shift 4
    build_at "$point" -o "$T/$name.pdf" "$@" 2>"$T/$name.err" &
    pid=$!; children+=("$pid")
    stopped=$(stopped_at "$pid") || fail "$name: the build did not stop at $point"
    # as kill(1) would: to the run's first process, which tells its workers;
    # a process stopped at its failpoint (another worker may reach its own
    # later) goes on when continued, until the run has ended
    kill -"$sig" "$pid"
    [ "$stopped" = "$pid" ] && kill -CONT "$pid"
    while kill -0 "$pid" 2>/dev/null; do
        for p in $(pgrep -P "$pid" || true); do
            [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = T ] && kill -CONT "$p" 2>/dev/null
        done
        sleep 0.05
    done
    rc=0; wait "$pid" || rc=$?
    [ "$rc" = "$code" ] || { cat "$T/$name.err"; fail "$name: exit $rc, not $code"; }
    grep -q "stopped by SIG$sig" "$T/$name.err" || { cat "$T/$name.err"; fail "$name: no message"; }
    [ -z "$(files_of "$name")" ] || fail "$name: left $(files_of "$name" | tr '\n' ' ')"
    [ "$(contacts)" = 0 ] || fail "$name: contacts recorded"
}
signal_round INT 130 int-one tmp-written:stop:1
signal_round TERM 143 term-one tmp-written:stop:1
signal_round TERM 143 term-copy copy:stop:10
signal_round INT 130 int-vol tmp-written:stop:3 --volume 10 --jobs 1
signal_round TERM 143 term-vol tmp-written:stop:2 --volume 10 --jobs 2
signal_round HUP 129 hup-vol renamed:stop:2 --volume 10 --jobs 2
signal_round TERM 143 term-commit before-commit:stop --volume 10 --jobs 2
echo "outputs: signals leave nothing"
echo "ok: outputs"
