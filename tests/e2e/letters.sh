#!/bin/bash
# e2e letters: on every shipped letter layout, 300 customers' addresses inside the window less its slide, fold marks where the standard puts them, a long letter on two pages with a running header.
set -euo pipefail
source "$(dirname "$0")/lib.bash"

# 290 sample customers and 10 hard ones: long names, companies with
# departments, joint names, abroad, long Japanese addresses with buildings
sample_shop 290 "$T/shop.db"
cat >"$T/hard.csv" <<'CSV'
id,family_name,given_name,company,department,honorific,joint_names,postal_code,country,region,city,address1,address2
1001,勅使河原,左京之介,株式会社ひかりデザインインターナショナルホールディングス,マーケティング本部 第二企画部 販促グループ,様,,180-0004,JP,東京都,武蔵野市,吉祥寺本町2丁目28番3号,グランドメゾン吉祥寺本町ザ・レジデンス・タワー北棟 2305号室
1002,長谷川,久美子,,,様,"長谷川 久美子
長谷川 健一郎
長谷川 さくら",060-0001,JP,北海道,札幌市中央区,北一条西10丁目1番地100,札幌グランドパレスレジデンス北一条西十丁目 1502号室
1003,Wolfeschlegelsteinhausen-Bergerdorff,Maximilian-Alexander,"Northwestern Specialty Tea Importers International, Inc.",Accounts Payable,Mr.,,97205-1234,US,OR,Portland,12345 Southwest Hawthorne Boulevard,Suite 1200
1004,von und zu Guttenberg-Hohenzollern,Karl-Theodor,Teehandelsgesellschaft Nordrhein-Westfalen mbH,Einkaufsabteilung,Herrn,,41061,DE,Nordrhein-Westfalen,Mönchengladbach,Kaiser-Wilhelm-Ring 123,
1005,Fitzwilliam-Montgomery,Lady Georgiana,,,,,CV32 4AA,GB,Warwickshire,Royal Leamington Spa,Church Lane,"Flat 12, The Old Rectory"
1006,de La Rochefoucauld-Montmorency,Marie-Christine,Maison du Thé de Provence,Service des achats,Mme,,13210,FR,Provence-Alpes-Côte d'Azur,Saint-Rémy-de-Provence,123 boulevard du Général de Gaulle,"Bâtiment C, escalier 4"
1007,,,株式会社茶々フーズインターナショナル,商品開発本部 第一商品開発部 お茶企画課,,,542-0076,JP,大阪府,大阪市中央区,難波5丁目1番60号,なんばスカイオ 27階
1008,佐々木,真由美,,,様,"佐々木 真由美
佐々木 龍之介",950-0087,JP,新潟県,新潟市中央区,東大通2丁目4番10号,日本生命新潟ビル 8階 ことのはオフィス内
1009,Whakaahuatanga,Te Rangihaeata,,,,,4410,NZ,Manawatu-Whanganui,Palmerston North,1234 Tremaine Avenue,Unit 5B
1010,小笠原,美智子,医療法人さくら会 さくら総合クリニック,事務局 総務課,様,,605-0073,JP,京都府,京都市東山区,祇園町北側347番地,祇園ヒルズレジデンス東山 303号室
CSV
"$TAYORI" db import "$T/shop.db" "$T/hard.csv" --table customers >/dev/null
[ "$(sqlite3 "$T/shop.db" "SELECT count(*) FROM customers")" = 300 ] || fail "not 300 customers"

letters=(letter-naga3 letter-din5008-a letter-din5008-b letter-us10)
for l in "${letters[@]}"; do
    grep -q '^kind: letter' "layouts/$l.yml" || fail "$l is not a letter layout"
done

# a letter's body twice as long: it flows onto page 2
{ sed -n '1,/^---$/{p}' content/letter-sample.md | sed -n '1p'
  sed -n '2,/^---$/p' content/letter-sample.md
  for i in $(seq 1 24); do
      printf 'Paragraph %d of a long letter: thank you for another year of tea with us, and for every order that keeps a small shop going.\n\n' "$i"
  done; } >"$T/long.md"

for l in "${letters[@]}"; do
    # every customer, opted out or not: 300 addresses in the window, each inside it less the slide
    # (a #10 window less its slide is 0.67 in high: six lines; an address of
    # seven, mailed abroad, is refused by name, as every layout must)
    rc=0; "$TAYORI" build content/letter-sample.md --db "$T/shop.db" --segment all --include-opted-out \
        --layout "$l" -o "$T/$l.pdf" 2>"$T/err" || rc=$?
    nfail=$(grep -c "^customer [0-9]*: error: the address frame does not fit: the address, even at the smallest size$" "$T/err" || true)
    if [ "$l" = letter-us10 ]; then maxfail=2; else maxfail=0; fi
    [ "$nfail" -le "$maxfail" ] && [ "$rc" = $((nfail > 0)) ] || { cat "$T/err"; fail "build $l: exit $rc"; }
    grep -q ": 300 copies, $nfail failed, 300 pages" "$T/err" || { cat "$T/err"; fail "$l: not 300 one-page copies"; }
    [ "$(grep -c ',failed$' "$T/$l.manifest.csv" || true)" = "$nfail" ] || fail "$l: the manifest does not mark $nfail copies failed"
    python3 tests/e2e/check_window.py "layouts/$l.yml" "$T/$l.pdf" "$T/$l.manifest.csv" "$T/shop.db"
    [ "$(pdfinfo "$T/$l.pdf" | awk '/^Pages:/ {print $2}')" = 300 ] || fail "$l: a blank page"
    ! pdftotext "$T/$l.pdf" - | grep -q "No\. " || fail "$l prints a newsletter masthead"
    sqlite3 "$T/shop.db" "DELETE FROM contacts"

    # a long letter: page 2 with the addressee's name and '– 2 –' above the body
    "$TAYORI" build "$T/long.md" --db "$T/shop.db" --segment all --include-opted-out --limit 20 \
        --layout "$l" -o "$T/long-$l.pdf" 2>"$T/err" || { cat "$T/err"; fail "build long $l"; }
    python3 - "$T/long-$l.pdf" "$T/long-$l.manifest.csv" "$T/shop.db" "layouts/$l.yml" <<'PY'
import csv, html, re, sqlite3, subprocess, sys, yaml
pdf, man, db, lay = sys.argv[1:]
top = yaml.safe_load(open(lay, encoding="utf-8"))["margins"]["top"] * 72 / 25.4
con = sqlite3.connect(db)
pages = subprocess.run(["pdftotext", "-bbox", pdf, "-"], check=True, capture_output=True,
                       text=True).stdout.split("<page ")[1:]
rows = list(csv.DictReader(open(man, encoding="utf-8")))
assert len(rows) == 20, len(rows)
for r in rows:
    if r["page_count"] != "2" or r["status"] != "ok":
        sys.exit("FAIL: %s: customer %s: %s pages, %s" % (lay, r["customer_id"], r["page_count"], r["status"]))
    p2 = pages[int(r["first_page"])]
    head = " ".join(html.unescape(w) for y, w in re.findall(r'yMax="([\d.]+)">([^<]*)</word>', p2) if float(y) < top)
    fam, comp = con.execute("SELECT family_name, company FROM customers WHERE id = ?",
                            (int(r["customer_id"]),)).fetchone()
    name = (fam or comp).split()[0]
    if name not in head or "– 2 –" not in head:
        sys.exit("FAIL: %s: customer %s: the running header of page 2 reads %r" % (lay, r["customer_id"], head))
print("ok: %s: 20 long letters on two pages, each with its running header" % lay)
PY
    sqlite3 "$T/shop.db" "DELETE FROM contacts"
done

# the check fails an address that keeps inside the window but not its slide
sed -e 's/slide-x: .*/slide-x: 0/' -e 's/slide-y: .*/slide-y: 0/' layouts/letter-naga3.yml >"$T/noslide.yml"
"$TAYORI" build content/letter-sample.md --db "$T/shop.db" --segment all --include-opted-out \
    --layout "$T/noslide.yml" -o "$T/noslide.pdf" 2>"$T/err" || { cat "$T/err"; fail "build noslide"; }
! python3 tests/e2e/check_window.py layouts/letter-naga3.yml "$T/noslide.pdf" "$T/noslide.manifest.csv" \
    "$T/shop.db" 2>/dev/null || fail "check_window passes an address outside the slide tolerance"
sqlite3 "$T/shop.db" "DELETE FROM contacts"

# fold marks and the hole mark, read from the PDF's drawing operators: DIN 5008
# form A at 87 and 192 mm, form B at 105 and 210 mm, the hole mark at 148.5 mm;
# none on the other letters
marks() {
    qpdf --qdf --object-streams=disable "$1" "$T/q.pdf"
    python3 - "$T/q.pdf" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read().decode("latin-1")
h = float(re.search(r"/MediaBox\s*\[\s*[\d.]+\s+[\d.]+\s+[\d.]+\s+([\d.]+)", data).group(1))
left = sorted({round((h - float(y0)) * 25.4 / 72, 1)
               for x0, y0, x1, y1 in re.findall(r"([\d.]+) ([\d.]+) m\s+([\d.]+) ([\d.]+) l", data)
               if float(x0) < 15 * 72 / 25.4 and y0 == y1 and float(x1) > float(x0)})
print(" ".join("%g" % v for v in left))
PY
}
for l in "${letters[@]}"; do
    "$TAYORI" build content/letter-sample.md --db "$T/shop.db" --segment all --limit 1 \
        --layout "$l" -o "$T/m-$l.pdf" 2>"$T/err" || { cat "$T/err"; fail "build $l"; }
    sqlite3 "$T/shop.db" "DELETE FROM contacts"
    got=$(marks "$T/m-$l.pdf")
    case $l in
    letter-din5008-a) want="87 148.5 192" ;;
    letter-din5008-b) want="105 148.5 210" ;;
    *) want="" ;;
    esac
    [ "$got" = "$want" ] || fail "$l: marks on the left edge at '$got' mm, not '$want'"
done
echo "ok: letters (${#letters[@]} layouts, 300 customers each)"
