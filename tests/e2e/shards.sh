# e2e shards: 4 shards of a 2,000-customer campaign run by GNU parallel against one PostgreSQL database make the copies of one build; a killed shard re-run completes it, nobody recorded twice.
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/pg.bash"
command -v parallel >/dev/null || fail "no GNU parallel (Debian package parallel)"
pg_start
export SOURCE_DATE_EPOCH=1764547200
python3 samples/make_customers.py --customers 2000 --today 2025-12-01 "$T/data" >/dev/null
for s in single shards; do
    "$TAYORI" db init "$PGURL&schema=$s" || fail "db init $s"
    "$TAYORI" db import "$PGURL&schema=$s" "$T/data/customers.csv" --table customers >/dev/null || fail "import $s"
done
# one token key for both schemas, so that their copies can be compared token for token
key=$(pg_sql single "SELECT value FROM tayori_meta WHERE key = 'token_key'")
pg_sql shards "UPDATE tayori_meta SET value = '$key' WHERE key = 'token_key'"
for c in sharded killed; do
    cat >"$T/$c.md" <<MD
---
title: Shards
campaign: $c
layout: newsletter-a4
segment: SELECT * FROM customer_view ORDER BY id
---
{{family_name}} {{honorific | "様"}} {{token}}

{{#if order_count > 3}}常連{{else}}ようこそ{{/if}}
MD
done
mkdir -p "$T/single" "$T/shards" "$T/killed"
build() {	# build CAMPAIGN SCHEMA OUTDIR [--shard K/N]
    "$TAYORI" build "$T/$1.md" --db "$PGURL&schema=$2" -o "$T/$3/x.pdf" --volume 200 --jobs 1 \
        --include-opted-out "${@:4}"
}
export -f build; export TAYORI T PGURL
cd "$(dirname "$0")/../.."	# deploy/ is beside tests/
build sharded single single 2>"$T/single.err" || fail "single build: $(cat "$T/single.err")"

# the shards as deploy/parallel-shards.sh runs them (here on this machine: sshlogin ":"), and the merge
deploy/parallel-shards.sh 4 "$T/sharded.md" "$T/shards/x.pdf" --db "$PGURL&schema=shards" \
    --volume 200 --jobs 1 --include-opted-out 2>"$T/par.err" || fail "the shards: $(cat "$T/par.err")"
[ -s "$T/shards/x.manifest.csv" ] || fail "no merged manifest"
# every shard had its part, none all of it
for k in 1 2 3 4; do
    n=$(tail -n +2 "$T/shards/x.shard-$k-of-4.manifest.csv" | wc -l)
    [ "$n" -gt 350 ] && [ "$n" -lt 650 ] || fail "shard $k has $n copies: not balanced"
done
[ "$(pg_sql shards "SELECT count(*) FROM contacts WHERE campaign = 'sharded'")" = 2000 ] || fail "not 2000 contacts"
# the same copies as one build: customer, token, pages
pg_sql single "SELECT customer_id || ',' || token FROM contacts ORDER BY customer_id" >"$T/single.tokens"
pg_sql shards "SELECT customer_id || ',' || token FROM contacts ORDER BY customer_id" >"$T/shards.tokens"
[ "$(wc -l <"$T/single.tokens")" = 2000 ] || fail "the single build did not record 2000"
cmp "$T/single.tokens" "$T/shards.tokens" || fail "the shards' tokens differ from one build's"
pages() { tail -n +2 "$1" | cut -d, -f3,5,7 | sort -t, -k1,1n; }
cmp <(pages "$T/single/x.manifest.csv") <(pages "$T/shards/x.manifest.csv") ||
    fail "the merged manifest's customers and pages differ from one build's"
[ "$(tail -n +2 "$T/shards/x.manifest.csv" | cut -d, -f2 | sort -n | uniq | wc -l)" = 2000 ] ||
    fail "the merged manifest does not number 2000 copies once each"
# every volume the merged manifest names is there, with the pages it says
tail -n +2 "$T/shards/x.manifest.csv" | cut -d, -f8 | sort -u | while read -r f; do
    [ -s "$T/shards/$f" ] || fail "no volume $f"
done
# a merge refuses a missing shard
"$TAYORI" manifest merge "$T"/shards/x.shard-[123]-of-4.manifest.csv -o "$T/bad.csv" 2>"$T/merge.err" &&
    fail "a merge without shard 4 succeeded"
grep -q 'shard 4 of 4 has no manifest part' "$T/merge.err" || fail "merge: $(cat "$T/merge.err")"

# the shards again: nobody to mail, nothing changed
before=$(md5sum "$T"/shards/*.csv "$T"/shards/*.pdf)
parallel -j4 build sharded shards shards --shard {}/4 ::: 1 2 3 4 2>"$T/again.err" || fail "the shards again"
[ "$(grep -c 'nobody to mail' "$T/again.err")" = 4 ] || fail "a shard mailed again: $(cat "$T/again.err")"
[ "$(md5sum "$T"/shards/*.csv "$T"/shards/*.pdf)" = "$before" ] || fail "running again changed the batch"
[ "$(pg_sql shards "SELECT count(*) FROM contacts WHERE campaign = 'sharded'")" = 2000 ] || fail "contacts changed"

# shard 2 killed at its 100th copy (a failpoint: an event, not a moment), the others complete
cat >"$T/kill-shard-2" <<SH
#!/bin/sh
case "\$*" in *"--shard 2/4"*) export TAYORI_FAILPOINT=copy:kill:100 ;; esac
exec "$TAYORI" "\$@"
SH
chmod +x "$T/kill-shard-2"
shards() {	# shards TAYORI: the killed campaign by deploy/parallel-shards.sh
    TAYORI=$1 deploy/parallel-shards.sh 4 "$T/killed.md" "$T/killed/x.pdf" \
        --db "$PGURL&schema=shards" --volume 200 --jobs 1 --include-opted-out
}
shards "$T/kill-shard-2" 2>"$T/kill.err" && fail "the killed shard succeeded"
grep -q '1 shard(s) failed' "$T/kill.err" || fail "kill: $(cat "$T/kill.err")"
[ ! -e "$T/killed/x.shard-2-of-4.manifest.csv" ] || fail "the killed shard left a manifest part"
[ -e "$T/killed/x.shard-3-of-4.manifest.csv" ] || fail "shard 3 did not complete"
n2=$(pg_sql shards "SELECT count(*) FROM contacts WHERE campaign = 'killed' AND tayori_shard(customer_id, 4) = 2")
[ "$n2" = 0 ] || fail "the killed shard recorded $n2 contacts"
[ "$(pg_sql shards "SELECT count(*) FROM contacts WHERE campaign = 'killed'")" -gt 1000 ] ||
    fail "the other shards did not record theirs"
# run again: only shard 2 runs (the joblog), then the merge
shards "$TAYORI" 2>"$T/rerun.err" || fail "re-running shard 2: $(cat "$T/rerun.err")"
[ "$(grep -c 'copies, 0 failed\|volumes, ' "$T/rerun.err")" = 1 ] || fail "not only shard 2 ran again: $(cat "$T/rerun.err")"
[ "$(pg_sql shards "SELECT count(*) || ',' || count(DISTINCT customer_id) FROM contacts WHERE campaign = 'killed'")" = 2000,2000 ] ||
    fail "after the re-run: not 2000 customers once each"
cmp <(pages "$T/single/x.manifest.csv") <(pages "$T/killed/x.manifest.csv") ||
    fail "the re-run campaign's copies differ from one build's"
"$TAYORI" manifest merge "$T"/killed/x.shard-*-of-4.manifest.csv -o "$T/killed/checked.csv" \
    --db "$PGURL&schema=shards" --campaign killed || fail "merge checked against the contacts"

# a shard killed between its manifest part and its commit: the merge, checked against the
# contacts, names it; built again, the campaign is whole
sed 's/^campaign: killed/campaign: uncommitted/' "$T/killed.md" >"$T/uncommitted.md"
mkdir -p "$T/uncommitted"
small() {	# small K [env…]: shard K of 2 of the first 200 customers
    env "${@:2}" "$TAYORI" build "$T/uncommitted.md" --db "$PGURL&schema=shards" \
        -o "$T/uncommitted/x.pdf" --segment "SELECT * FROM customer_view WHERE id <= 200" \
        --include-opted-out --shard "$1/2"
}
small 1 2>/dev/null || fail "uncommitted: shard 1"
small 2 TAYORI_FAILPOINT=before-commit:kill 2>/dev/null && fail "uncommitted: shard 2 was not killed"
[ -e "$T/uncommitted/x.shard-2-of-2.manifest.csv" ] || fail "uncommitted: no part left by the killed shard"
"$TAYORI" manifest merge "$T"/uncommitted/x.shard-*-of-2.manifest.csv --db "$PGURL&schema=shards" \
    --campaign uncommitted 2>"$T/unc.err" && fail "a part nobody is recorded for was merged"
grep -q 'build shard 2/2 again' "$T/unc.err" || fail "uncommitted merge: $(cat "$T/unc.err")"
small 2 2>/dev/null || fail "uncommitted: shard 2 again"
"$TAYORI" manifest merge "$T"/uncommitted/x.shard-*-of-2.manifest.csv --db "$PGURL&schema=shards" \
    --campaign uncommitted || fail "uncommitted: merge after the re-run"
[ "$(pg_sql shards "SELECT count(*) || ',' || count(DISTINCT customer_id) FROM contacts WHERE campaign = 'uncommitted'")" = 200,200 ] ||
    fail "uncommitted: not 200 customers once each"
echo "ok: shards"
