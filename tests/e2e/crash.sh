#!/bin/bash
# e2e crash: kill -9 at chosen points of 100-copy builds, full disks, /dev/full: whole files or none, contacts only for copies on disk.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/crash
MNT="$T/tmpfs"
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }
cleanup() { if mountpoint -q "$MNT" 2>/dev/null; then umount "$MNT" || true; fi; }
trap cleanup EXIT

python3 samples/make_customers.py --customers 100 "$T/data" >/dev/null
"$TAYORI" db init "$T/base.db"
"$TAYORI" db import "$T/base.db" "$T/data/customers.csv" --table customers >/dev/null
"$TAYORI" db import "$T/base.db" "$T/data/purchases.csv" --table purchases >/dev/null

build() {
    "$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all --include-opted-out --quiet "$@"
}

# The state a build left in DIR, for output stem STEM (volumes when VOL=1,
# and rendered by parallel worker processes when VOL=2):
# every PDF there passes qpdf --check and volumes are 001…k without a gap
# (with workers, a killed run may leave a gap: worker 1 had written volume
# 4 when worker 0 was still on volume 3);
# a manifest means every volume it names exists with exactly its pages;
# contacts exist only with the manifest, and then exactly for its ok copies;
# the only other files are temporaries (STEM….tmp-PID); DONE=1 also wants
# the whole batch of 100 copies and no temporary left. With REF (a checked
# complete run: builds are reproducible), a PDF identical to its namesake
# there needs no second qpdf --check.
state_ok() {
    python3 - "$1" "$2" "$3" "$4" "$T/shop.db" "${5:-}" <<'PY'
import csv, filecmp, os, re, sqlite3, subprocess, sys
d, stem, vol, done, db, ref = sys.argv[1], sys.argv[2], sys.argv[3] != "0", sys.argv[4] == "1", sys.argv[5], sys.argv[6]
parallel = sys.argv[3] == "2"

def qpdf(*args):
    r = subprocess.run(["qpdf"] + list(args), capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr

pattern = re.escape(stem) + (r"-(\d{3})" if vol else "") + r"\.pdf"
pdfs = sorted(n for n in os.listdir(d) if re.fullmatch(pattern, n))
temps = [n for n in os.listdir(d) if re.fullmatch(r"%s(\.manifest\.csv|%s)\.tmp-\d+" %
         (re.escape(stem), (r"-\d{3}" if vol else "") + r"\.pdf"), n)]
man = os.path.join(d, stem + ".manifest.csv")
others = set(os.listdir(d)) - set(pdfs) - set(temps) - {stem + ".manifest.csv"}
assert not others, "unexpected files %s" % sorted(others)
if vol and not (parallel and not done):
    assert pdfs == ["%s-%03d.pdf" % (stem, i + 1) for i in range(len(pdfs))], "volumes with a gap: %s" % pdfs
if vol:
    assert all(1 <= int(n[len(stem) + 1:-4]) <= 5 for n in pdfs), "a volume beyond the batch: %s" % pdfs
pages = {}
checked = 0
for n in pdfs:
    if not (ref and os.path.exists(os.path.join(ref, n)) and
            filecmp.cmp(os.path.join(d, n), os.path.join(ref, n), shallow=False)):
        rc, out = qpdf("--check", os.path.join(d, n))
        assert rc == 0, "%s fails qpdf --check: %s" % (n, out[-400:])
        checked += 1
    rc, out = qpdf("--show-npages", os.path.join(d, n))
    pages[n] = int(out)
rows = list(csv.DictReader(open(man, encoding="utf-8"))) if os.path.exists(man) else None
if rows is not None:
    want = {}
    for r in rows:
        n = "%s-%03d.pdf" % (stem, int(r["volume"])) if vol else stem + ".pdf"
        want[n] = max(want.get(n, 0), int(r["first_page"]) + int(r["page_count"]) - 1)
    assert set(want) == set(pages), "the manifest names %s, on disk %s" % (sorted(want), sorted(pages))
    for n in want:
        assert want[n] == pages[n], "%s: %d pages, the manifest says %d" % (n, pages[n], want[n])
con = sqlite3.connect(db)
contacts = dict(con.execute("SELECT customer_id, copy FROM contacts"))
con.close()
if contacts:
    assert rows is not None, "%d contacts recorded without a manifest" % len(contacts)
    ok = {int(r["customer_id"]): int(r["copy"]) for r in rows if r["status"] == "ok"}
    assert contacts == ok, "contacts are not the manifest's ok copies (%d vs %d)" % (len(contacts), len(ok))
if done:
    assert rows is not None and len(rows) == 100, "the re-run did not make the whole batch"
    assert contacts, "the re-run recorded no contacts"
    assert not temps, "temporaries left after a complete run: %s" % temps
print("%s%d file(s) (%d unlike the reference), manifest %s, %d contacts, %d temporaries" % (
    "done: " if done else "", len(pdfs), checked, "yes" if rows is not None else "no", len(contacts), len(temps)))
PY
}

# Reference runs: builds are reproducible, so a whole file a killed run left
# must equal its namesake here.
cp "$T/base.db" "$T/shop.db"
mkdir "$T/ref"
build -o "$T/ref/OUT.pdf" || fail "the reference build"
state_ok "$T/ref" OUT 0 1 >/dev/null || fail "the reference build's output"
cp "$T/base.db" "$T/shop.db"
mkdir "$T/ref-vol"
build -o "$T/ref-vol/OUT.pdf" --volume 20 || fail "the reference build in volumes"
state_ok "$T/ref-vol" OUT 1 1 >/dev/null || fail "the reference build's volumes"

# kill_round NAME VOL POINT [build options]: the run kills itself with
# SIGKILL (its workers with it) at failpoint POINT (NAME:kill:N, see
# src/util/failpoint.h: the Nth time one process passes NAME), as kill -9
# would at that moment: no timer, no polling. Check what is left, then run
# again in the same place: it completes the job and removes what the
# killed run left.
kill_round() {
    local name=$1 vol=$2 point=$3 rc=0 ref
    shift 3
    cp "$T/base.db" "$T/shop.db"
    mkdir "$T/$name"
    TAYORI_FAILPOINT=$point "$TAYORI" build content/2026-12.md --db "$T/shop.db" --segment all \
        --include-opted-out --quiet -o "$T/$name/OUT.pdf" "$@" 2>/dev/null || rc=$?
    [ "$rc" = 137 ] || fail "$name: the run was not killed at $point (exit $rc)"
    ref="$T/ref"
    [ "$vol" != 0 ] && ref="$T/ref-vol"
    echo -n "$name, killed at $point: "
    state_ok "$T/$name" OUT "$vol" 0 "$ref" || fail "$name: the state after kill -9"
    if [ "$vol" != 0 ] && ! [ -e "$T/$name/OUT.manifest.csv" ]; then
        [ "$(sqlite3 "$T/shop.db" 'SELECT count(*) FROM contacts')" = 0 ] \
            || fail "$name: contacts recorded before the last volume and the manifest"
    fi
    build -o "$T/$name/OUT.pdf" "$@" 2>"$T/$name.err" || { cat "$T/$name.err"; fail "$name: the re-run"; }
    echo -n "  re-run: "
    state_ok "$T/$name" OUT "$vol" 1 "$ref" || fail "$name: the re-run's output"
}

kill_round one-early 0 copy:kill:60
kill_round one-writing 0 tmp-written:kill:1
kill_round one-written 0 renamed:kill:1
kill_round one-manifest 0 before-commit:kill
# In volumes of 20 copies a kill leaves whole volumes and no contacts.
kill_round vol-middle 1 copy:kill:50 --volume 20 --jobs 1
kill_round vol-writing 1 tmp-written:kill:3 --volume 20 --jobs 1
kill_round vol-written 1 renamed:kill:5 --volume 20 --jobs 1
# Two workers: whichever first passes its second volume kills the run.
kill_round vol-parallel 2 renamed:kill:2 --volume 20 --jobs 2
kill_round vol-parallel-writing 2 tmp-written:kill:2 --volume 20 --jobs 2

# A full disk (100 copies: over 1 MB of PDF): every write beyond the limit
# fails with EFBIG (RLIMIT_FSIZE, SIGXFSZ ignored), as ENOSPC would. The build fails, names the file and the
# error, and leaves no file, no temporary and no contacts.
full_disk() {
    local dir=$1 err=$2 name
    [ "$(sqlite3 "$T/shop.db" 'SELECT count(*) FROM contacts')" = 0 ] || fail "$dir: contacts recorded after a write error"
    grep -qF "$dir/OUT.pdf: $err" "$T/full.err" || { cat "$T/full.err"; fail "$dir: the error does not name the file and '$err'"; }
    for name in "$dir"/*; do
        [ -e "$name" ] || continue
        [ "$(basename "$name")" = lost+found ] && continue
        fail "$dir: $name left after a write error"
    done
}
cp "$T/base.db" "$T/shop.db"
mkdir "$T/fsize"
if ( trap '' XFSZ; ulimit -f 200; build -o "$T/fsize/OUT.pdf" --limit 100 ) 2>"$T/full.err"; then
    fail "a build over RLIMIT_FSIZE succeeded"
fi
full_disk "$T/fsize" "File too large"
cp "$T/base.db" "$T/shop.db"
rm -rf "$T/fsize" && mkdir "$T/fsize"
if ( trap '' XFSZ; ulimit -f 200; build -o "$T/fsize/OUT.pdf" --limit 100 --volume 50 ) 2>"$T/full.err"; then
    fail "a build in volumes over RLIMIT_FSIZE succeeded"
fi
grep -qF "$T/fsize/OUT-001.pdf: File too large" "$T/full.err" || { cat "$T/full.err"; fail "the volume's write error is not reported"; }
[ -z "$(ls -A "$T/fsize")" ] || fail "files left after a volume's write error: $(ls "$T/fsize")"

# A real full disk: a 256 KiB tmpfs (a 200-copy batch is over 1 MB), when we may mount one (root, not in a
# restricted container); otherwise this variant is skipped.
mkdir "$MNT"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=256k none "$MNT" 2>/dev/null; then
    cp "$T/base.db" "$T/shop.db"
    if build -o "$MNT/OUT.pdf" --limit 200 2>"$T/full.err"; then fail "a build on a full tmpfs succeeded"; fi
    full_disk "$MNT" "No space left on device"
    umount "$MNT"
else
    echo "skipped: the full tmpfs (needs root and mount)"
fi

# /dev/full is not a regular file: refused, and not replaced. Through a
# symlink always; directly only when /dev is not writable, so a regression
# can never replace the real device.
cp "$T/base.db" "$T/shop.db"
ln -s /dev/full "$T/full.pdf"
if build -o "$T/full.pdf" --limit 3 2>"$T/full.err"; then fail "a build to /dev/full succeeded"; fi
grep -qF "$T/full.pdf: not a regular file" "$T/full.err" || { cat "$T/full.err"; fail "-o /dev/full is not refused by name"; }
if ! [ -L "$T/full.pdf" ] || ! [ -c /dev/full ]; then fail "/dev/full or its link was replaced"; fi
if [ ! -w /dev ]; then
    if build -o /dev/full --limit 3 2>"$T/full.err"; then fail "a build to /dev/full succeeded"; fi
    grep -qF "/dev/full" "$T/full.err" || { cat "$T/full.err"; fail "-o /dev/full fails without naming it"; }
fi
[ "$(sqlite3 "$T/shop.db" 'SELECT count(*) FROM contacts')" = 0 ] || fail "contacts recorded for /dev/full"
ls "$T"/full.pdf.* >/dev/null 2>&1 && fail "a temporary left beside /dev/full's link"
echo "ok: crash"
