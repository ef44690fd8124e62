#!/bin/bash
# e2e concurrent: two builds of one campaign started together, 20 times: each customer is recorded at most once, the loser waits for nothing and says why.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

sample_shop 40 "$T/shop.db"
segment="SELECT * FROM customer_view WHERE id <= 15 ORDER BY id"
want=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM customers WHERE id <= 15 AND opt_out = 0")
[ "$want" -gt 0 ] || fail "no customer to mail"

# Both builds wait on the fifo go, which this shell holds open; once both
# have said so on the fifo ready, closing go releases them at one event.
race() {
    local go="$T/go" ready="$T/ready" k
    rm -f "$go" "$ready"
    mkfifo "$go" "$ready"
    exec 3<>"$go" 5<>"$ready"
    for k in 1 2; do
        (
            exec 3>&- 4<"$go"
            echo ready >"$ready"
            read -r _ <&4 || true
            exec 4<&- 5>&-
            exec "$TAYORI" build "$T/race.md" --db "$T/shop.db" --segment "$segment" \
                -o "$T/race.pdf" 2>"$T/err$k"
        ) &
        pid[k]=$!
    done
    read -r _ <&5
    read -r _ <&5
    exec 3>&-
    for k in 1 2; do
        if wait "${pid[k]}"; then rc[k]=0; else rc[k]=$?; fi
    done
    exec 5>&-
}

held=0 nobody=0
for i in $(seq 1 20); do
    printf -- '---\ntitle: Race\ncampaign: race-%d\nlayout: newsletter-letter\n---\nDear {{given_name}},\n' "$i" >"$T/race.md"
    rm -f "$T/race.pdf" "$T/race.manifest.csv"
    race
    made=0
    for k in 1 2; do
        case "${rc[k]}" in
        0)  if grep -q "race.pdf: $want copies, 0 failed" "$T/err$k"; then
                made=$((made + 1))
            elif grep -q "nobody to mail" "$T/err$k" &&
                grep -q "$want customer(s) already recorded for campaign 'race-$i' skipped" "$T/err$k"; then
                nobody=$((nobody + 1))
            else
                cat "$T/err$k"; fail "round $i: build $k succeeded without making the batch or saying why not"
            fi ;;
        2)  grep -q "campaign 'race-$i' is being built by another tayori run" "$T/err$k" ||
                { cat "$T/err$k"; fail "round $i: build $k failed without naming the held campaign"; }
            held=$((held + 1)) ;;
        *)  cat "$T/err$k"; fail "round $i: build $k exited ${rc[k]}" ;;
        esac
    done
    [ "$made" = 1 ] || { cat "$T/err1" "$T/err2"; fail "round $i: $made builds made the batch, not 1"; }
    twice=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM (SELECT customer_id FROM contacts WHERE campaign = 'race-$i' GROUP BY customer_id HAVING count(*) > 1)")
    [ "$twice" = 0 ] || fail "round $i: $twice customers recorded twice"
    got=$(sqlite3 "$T/shop.db" "SELECT count(*) FROM contacts WHERE campaign = 'race-$i' AND file = '$T/race.pdf'")
    [ "$got" = "$want" ] || fail "round $i: $got contacts of race.pdf, want $want"
    [ "$(grep -c ',ok$' "$T/race.manifest.csv")" = "$want" ] || fail "round $i: the manifest is not the recorded batch"
done
echo "concurrent: ok (20 rounds: the second build found the campaign held $held times, nobody left to mail $nobody times)"
