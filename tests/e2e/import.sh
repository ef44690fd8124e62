#!/bin/bash
# e2e import: real-looking exports (Shift_JIS POS, UTF-16 Excel, Shopify) read through presets field by field; opt-outs in every form keep a customer out of a build; re-imports keep contacts and opt-outs.
set -euo pipefail
source "$(dirname "$0")/lib.bash"
D=tests/data/import

# rows DB COLUMNS: the customers, one line each, | between fields, NULL for NULL.
rows() {
    sqlite3 -header -separator '|' -nullvalue NULL "$1" "SELECT $2 FROM customers ORDER BY id"
}

# A Japanese POS export in Shift_JIS (CP932) with CRLF, as the register writes it.
python3 - "$D/ja-pos.csv" "$T/ja.csv" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read().replace("\n", "\r\n")
open(sys.argv[2], "wb").write(text.encode("cp932"))
PY
"$TAYORI" db init "$T/ja.db"
"$TAYORI" db import "$T/ja.db" "$T/ja.csv" --preset ja-pos > "$T/ja.out" 2> "$T/ja.err"
grep -q "ja.csv: 8 rows (Shift_JIS (CP932)) into customers: 8 added, 0 changed, 0 unchanged; 3 newly opted out" "$T/ja.out" ||
    { cat "$T/ja.out" "$T/ja.err"; fail "ja-pos: summary"; }
sqlite3 -header -separator '|' -nullvalue NULL "$T/ja.db" "SELECT customer_no,family_name,given_name,family_kana,given_kana,postal_code,country,region,address1,address2,phone,email,birthday,opt_out,opt_out_source,rank,summary_last_purchase,summary_spent,summary_orders,created_at,notes FROM customers ORDER BY customer_no" > "$T/ja.got"
diff -u "$D/ja-pos.expected" "$T/ja.got" || fail "ja-pos: rows differ from the expected ones"

# The same export in EUC-JP is detected too, and reads the same (EUC-JP
# has no full-width hyphen: the postal code is written with ASCII digits).
python3 - "$D/ja-pos.csv" "$T/ja-euc.csv" <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
open(sys.argv[2], "wb").write(text.replace("０６０－０００１", "060-0001").encode("euc_jp"))
PY
"$TAYORI" db init "$T/euc.db"
"$TAYORI" db import "$T/euc.db" "$T/ja-euc.csv" --preset ja-pos 2>/dev/null | grep -q "(EUC-JP)" || fail "EUC-JP not detected"
q="SELECT customer_no,family_name,given_name,family_kana,region,address1,address2,birthday,opt_out,summary_spent,notes FROM customers ORDER BY customer_no"
[ "$(sqlite3 "$T/euc.db" "$q")" = "$(sqlite3 "$T/ja.db" "$q")" ] || fail "EUC-JP: rows differ from the Shift_JIS ones"

# Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF, a cell with a line break.
python3 - "$D/excel.tsv" "$T/excel.txt" <<'PY'
import sys
open(sys.argv[2], "wb").write(open(sys.argv[1], encoding="utf-8").read().replace("\n", "\r\n").encode("utf-16"))
PY
"$TAYORI" db init "$T/excel.db"
"$TAYORI" db import "$T/excel.db" "$T/excel.txt" --preset tayori > "$T/excel.out"
grep -q "(UTF-16LE) into customers: 5 added" "$T/excel.out" || { cat "$T/excel.out"; fail "excel: summary"; }
rows "$T/excel.db" "id,family_name,given_name,family_kana,given_kana,company,department,honorific,joint_names,postal_code,country,region,city,address1,address2,phone,birthday,rank,opt_out,summary_orders,summary_spent,summary_last_purchase" > "$T/excel.got"
diff -u "$D/excel.expected" "$T/excel.got" || fail "excel: rows differ from the expected ones"

# Shopify: the current export, then the older header set matched on the email.
"$TAYORI" db init "$T/shop.db"
"$TAYORI" db import "$T/shop.db" "$D/shopify.csv" --preset shopify > /dev/null 2>&1
"$TAYORI" db import "$T/shop.db" "$D/shopify-old.csv" --preset shopify > "$T/shop.out" 2>&1
grep -q "2 rows (UTF-8) into customers: 1 added, 0 changed, 1 unchanged; 1 newly opted out" "$T/shop.out" ||
    { cat "$T/shop.out"; fail "shopify old export: summary"; }
rows "$T/shop.db" "id,family_name,given_name,company,postal_code,country,region,city,address1,address2,email,phone,opt_out,summary_spent,summary_orders,notes" > "$T/shop.got"
diff -u "$D/shopify.expected" "$T/shop.got" || fail "shopify: rows differ from the expected ones"

# A preset printed is a mapping file that reads the same.
"$TAYORI" db import --preset ja-pos --print-map > "$T/ja-pos.yml"
"$TAYORI" db init "$T/map.db"
"$TAYORI" db import "$T/map.db" "$T/ja.csv" --map "$T/ja-pos.yml" >/dev/null 2>&1
[ "$(sqlite3 "$T/map.db" 'SELECT group_concat(customer_no || family_name || opt_out) FROM customers')" = \
  "$(sqlite3 "$T/ja.db" 'SELECT group_concat(customer_no || family_name || opt_out) FROM customers')" ] ||
    fail "the printed ja-pos mapping reads differently from the preset"

# Opt-out in every form: a column named opt_out (yes = do not mail) and a
# permission column mapped with yes-means: may-mail. Who said no is not in the batch.
cat > "$T/forms.csv" <<'CSV'
id,family_name,given_name,postal_code,region,city,address1,opt_out
1,Ichi,A,100-0001,東京都,千代田区,1-1,1
2,Ni,B,100-0001,東京都,千代田区,1-2,true
3,San,C,100-0001,東京都,千代田区,1-3,yes
4,Shi,D,100-0001,東京都,千代田区,1-4,○
5,Go,E,100-0001,東京都,千代田区,1-5,不可
6,Roku,F,100-0001,東京都,千代田区,1-6,希望しない
7,Nana,G,100-0001,東京都,千代田区,1-7,0
8,Hachi,H,100-0001,東京都,千代田区,1-8,false
9,Kyu,I,100-0001,東京都,千代田区,1-9,no
10,Ju,J,100-0001,東京都,千代田区,1-10,×
11,Juichi,K,100-0001,東京都,千代田区,1-11,可
12,Juni,L,100-0001,東京都,千代田区,1-12,希望する
13,Jusan,M,100-0001,東京都,千代田区,1-13,
CSV
cat > "$T/dm.yml" <<'YML'
table: customers
columns:
  id: 番号
  family_name: 姓
  given_name: 名
  postal_code: 郵便番号
  region: 都道府県
  city: 市区町村
  address1: 番地
  opt_out: {from: DM送付, yes-means: may-mail}
YML
cat > "$T/dm.csv" <<'CSV'
番号,姓,名,郵便番号,都道府県,市区町村,番地,DM送付
21,Ichi,N,100-0001,東京都,千代田区,2-1,0
22,Ni,O,100-0001,東京都,千代田区,2-2,false
23,San,P,100-0001,東京都,千代田区,2-3,no
24,Shi,Q,100-0001,東京都,千代田区,2-4,×
25,Go,R,100-0001,東京都,千代田区,2-5,1
26,Roku,S,100-0001,東京都,千代田区,2-6,yes
27,Nana,T,100-0001,東京都,千代田区,2-7,○
28,Hachi,U,100-0001,東京都,千代田区,2-8,TRUE
CSV
"$TAYORI" db init "$T/forms.db"
"$TAYORI" db import "$T/forms.db" "$T/forms.csv" >/dev/null
"$TAYORI" db import "$T/forms.db" "$T/dm.csv" --map "$T/dm.yml" >/dev/null
cat > "$T/c.md" <<'MD'
---
title: Forms
issue: 1
date: 2026-12-01
campaign: forms
layout: newsletter-a4
sender:
  name: 茶舗はるか
  country: JP
  address: 東京都渋谷区神宮前1-2-3
---
{{family_name}} 様
MD
"$TAYORI" build "$T/c.md" --db "$T/forms.db" -o "$T/forms.pdf" 2>"$T/forms.err" || { cat "$T/forms.err"; fail "forms: build failed"; }
mailed=$(tail -n +2 "$T/forms.manifest.csv" | cut -d, -f3 | sort -n | paste -sd' ')
[ "$mailed" = "7 8 9 10 11 12 13 25 26 27 28" ] || fail "forms: mailed $mailed"
[ "$(sqlite3 "$T/forms.db" 'SELECT count(*) FROM contacts c JOIN customers u ON u.id = c.customer_id WHERE u.opt_out')" = 0 ] ||
    fail "forms: a contact recorded for an opted-out customer"

# Next month's POS export: one customer moved, one new, one opted out says
# nothing now. Contacts and opt-outs stay; --dry-run writes nothing first.
contacts_before=$(sqlite3 "$T/forms.db" 'SELECT count(*) FROM contacts')
python3 - "$D/ja-pos.csv" "$T/ja2.csv" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
out = []
for l in lines:
    if l.startswith("C00101,"):
        l = l.replace("東京都千代田区丸の内1-2-3", "東京都港区六本木6-10-1").replace("丸の内ビル5F", "六本木ヒルズ 2F")
    if l.startswith("C00102,"):          # 不可 last month; nothing said now
        l = l.replace(",不可,", ",,")
    out.append(l)
out.append("C00109,森　さくら,モリ　サクラ,女,150-0001,東京都渋谷区神宮前4-4-4,,03-0000-0000,sakura@example.jp,1999/04/01,可,一般,2026/11/29,\"4,400\",1,2026/11/29,")
open(sys.argv[2], "wb").write(("\r\n".join(out) + "\r\n").encode("cp932"))
PY
sqlite3 "$T/ja.db" "INSERT INTO contacts(customer_id, campaign, channel, sent_at) SELECT id, '2026-11', 'newsletter', '2026-11-01' FROM customers"
"$TAYORI" db import "$T/ja.db" "$T/ja2.csv" --preset ja-pos --dry-run > "$T/dry.out" 2>/dev/null
grep -q "9 rows (Shift_JIS (CP932)) into customers: 1 added, 1 changed, 7 unchanged (dry run: nothing written)" "$T/dry.out" ||
    { cat "$T/dry.out"; fail "dry run: counts"; }
[ "$(sqlite3 "$T/ja.db" 'SELECT count(*) FROM customers')" = 8 ] || fail "dry run wrote"
"$TAYORI" db import "$T/ja.db" "$T/ja2.csv" --preset ja-pos > "$T/re.out" 2>/dev/null
grep -q "1 added, 1 changed, 7 unchanged" "$T/re.out" || { cat "$T/re.out"; fail "re-import: counts"; }
[ "$(sqlite3 "$T/ja.db" "SELECT address1 || '/' || address2 FROM customers WHERE customer_no = 'C00101'")" = "港区六本木6-10-1/六本木ヒルズ 2F" ] ||
    fail "re-import: C00101 not updated"
[ "$(sqlite3 "$T/ja.db" "SELECT opt_out || opt_out_source FROM customers WHERE customer_no = 'C00102'")" = "1ja.csv" ] ||
    fail "re-import: C00102's opt-out was not kept"
[ "$(sqlite3 "$T/ja.db" 'SELECT count(*) FROM contacts')" = 8 ] || fail "re-import: contacts changed"
[ "$(sqlite3 "$T/ja.db" 'SELECT sum(opt_out) FROM customers')" = 3 ] || fail "re-import: opt-outs changed"

# db stats: what a user checks after an import.
"$TAYORI" db stats "$T/ja.db" > "$T/stats.out"
grep -qE '^customers +9$' "$T/stats.out" || { cat "$T/stats.out"; fail "stats: customers"; }
grep -qE '^opted out +3$' "$T/stats.out" || fail "stats: opted out"
grep -qE '^with totals only +8$' "$T/stats.out" || fail "stats: totals only"
grep -qE '^  JP +6$' "$T/stats.out" || fail "stats: usable JP addresses"
grep -qE '^  2026-11 \(newsletter\) +8 ' "$T/stats.out" || fail "stats: contacts"
echo "import: ok"
