# bench/lib.sh: what bench/run and bench/compare share: tools, the scratch directory S, the data (MAX customers in S/base.db) and the check of the issue.
# Sourced with ROOT, BENCH_SRC, TAYORI and MAX set and say/die defined; sets S and ISSUE.

# --- tools -----------------------------------------------------------------
for f in make_data.py issue.md; do
	[ -f "$BENCH_SRC/$f" ] || die "$BENCH_SRC/$f not found (set BENCH_SRC to the benchmark sources)"
done
BENCH_SRC=$(cd "$BENCH_SRC" && pwd)
command -v python3 >/dev/null || die "python3 is needed (Debian package python3)"
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		say "installing /usr/bin/time (Debian package 'time')"
		apt-get install -y --no-install-recommends time >&2 ||
			{ apt-get update >&2 && apt-get install -y --no-install-recommends time >&2; }
	fi
	[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is missing: install the Debian package 'time' (apt-get install time, as root)"
fi
if [ ! -x "$TAYORI" ]; then
	[ "$TAYORI" = "$ROOT/build/tayori" ] || die "$TAYORI is not an executable"
	say "build/tayori is missing: make build"
	make -C "$ROOT" build >&2
fi

# --- the scratch directory -------------------------------------------------
S=$(mktemp -d "${TMPDIR:-/tmp}/tayori-bench.XXXXXX")
if [ "${BENCH_KEEP:-0}" = 1 ]; then
	say "scratch directory (kept): $S"
else
	trap 'rm -rf "$S"' EXIT
fi
cp "$BENCH_SRC/make_data.py" "$BENCH_SRC/issue.md" "$S/"
chmod u+w "$S/make_data.py" "$S/issue.md"
ISSUE=$S/issue.md

# --- data: MAX customers (record i is the same at any N, so --limit N on the
#     largest set is the same job as generating N) ------------------------
t0=$(date +%s.%N)
python3 "$S/make_data.py" "$MAX" "$S/data"
"$TAYORI" db init "$S/base.db" >&2

# Check the CSV header against the schema (the table created by db init);
# columns the importer would reject are renamed or dropped here, loudly.
python3 - "$S/base.db" "$S/data/customers.csv" <<'PY'
import csv, sqlite3, sys
db, path = sys.argv[1], sys.argv[2]
cols = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(customers)")]
with open(path, newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
head = rows[0]
bad = [c for c in head if c not in cols]
if bad:
    rename = {"prefecture_state": "region", "street": "address1", "building": "address2"}
    keep = [i for i, c in enumerate(head) if rename.get(c, c) in cols]
    print("bench: note: customers.csv columns not in the schema: %s; renamed %s, dropped the rest"
          % (", ".join(bad), ", ".join(f"{k}->{v}" for k, v in rename.items() if k in head)), file=sys.stderr)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow([rename.get(head[i], head[i]) for i in keep])
        for r in rows[1:]:
            w.writerow([r[i] for i in keep])
PY
"$TAYORI" db import "$S/base.db" "$S/data/customers.csv" --table customers >&2
"$TAYORI" db import "$S/base.db" "$S/data/purchases.csv" --table purchases >&2
say "data: $MAX customers generated and imported in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"

# --- the issue must pass tayori check as it is --------------------------------
if ! "$TAYORI" check "$ISSUE" --db "$S/base.db" >"$S/check.txt" 2>&1; then
	cat "$S/check.txt" >&2
	die "tayori check fails on the benchmark issue (above); see bench/README.md"
fi
