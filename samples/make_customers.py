#!/usr/bin/env python3
"""make_customers: deterministic sample customers and purchases for tayori.

Usage: python3 samples/make_customers.py [--customers N] [--today DATE] OUTDIR

Writes OUTDIR/customers.csv and OUTDIR/purchases.csv (UTF-8, RFC 4180,
CRLF line ends, header row). The output depends only on the arguments:
the random generator has a fixed seed and "today" defaults to 2026-11-23.
"""

import argparse
import csv
import datetime
import os
import random
import sys

SEED = 20261201

CUSTOMER_COLUMNS = [
    "id", "family_name", "given_name", "family_kana", "given_kana",
    "company", "department", "honorific", "joint_names", "postal_code",
    "country", "region", "city", "address1", "address2", "email", "phone",
    "birthday", "rank", "opt_out", "created_at",
]
PURCHASE_COLUMNS = ["id", "customer_id", "purchased_at", "product", "amount"]

# (family name, katakana reading, romanization)
JP_FAMILY = [
    ("佐藤", "サトウ", "sato"), ("鈴木", "スズキ", "suzuki"),
    ("高橋", "タカハシ", "takahashi"), ("田中", "タナカ", "tanaka"),
    ("伊藤", "イトウ", "ito"), ("渡辺", "ワタナベ", "watanabe"),
    ("山本", "ヤマモト", "yamamoto"), ("中村", "ナカムラ", "nakamura"),
    ("小林", "コバヤシ", "kobayashi"), ("加藤", "カトウ", "kato"),
    ("吉田", "ヨシダ", "yoshida"), ("山田", "ヤマダ", "yamada"),
    ("佐々木", "ササキ", "sasaki"), ("山口", "ヤマグチ", "yamaguchi"),
    ("松本", "マツモト", "matsumoto"), ("井上", "イノウエ", "inoue"),
    ("木村", "キムラ", "kimura"), ("林", "ハヤシ", "hayashi"),
    ("斎藤", "サイトウ", "saito"), ("清水", "シミズ", "shimizu"),
    ("山崎", "ヤマザキ", "yamazaki"), ("森", "モリ", "mori"),
    ("池田", "イケダ", "ikeda"), ("橋本", "ハシモト", "hashimoto"),
    ("阿部", "アベ", "abe"), ("石川", "イシカワ", "ishikawa"),
    ("前田", "マエダ", "maeda"), ("藤田", "フジタ", "fujita"),
    ("後藤", "ゴトウ", "goto"), ("長谷川", "ハセガワ", "hasegawa"),
    ("村上", "ムラカミ", "murakami"), ("近藤", "コンドウ", "kondo"),
    ("石井", "イシイ", "ishii"), ("坂本", "サカモト", "sakamoto"),
    ("遠藤", "エンドウ", "endo"), ("青木", "アオキ", "aoki"),
    ("西村", "ニシムラ", "nishimura"), ("福田", "フクダ", "fukuda"),
    ("太田", "オオタ", "ota"), ("三浦", "ミウラ", "miura"),
    ("岡田", "オカダ", "okada"), ("中島", "ナカジマ", "nakajima"),
    ("小川", "オガワ", "ogawa"), ("北村", "キタムラ", "kitamura"),
    ("宮崎", "ミヤザキ", "miyazaki"), ("服部", "ハットリ", "hattori"),
]

JP_GIVEN = [
    ("太郎", "タロウ", "taro"), ("大輔", "ダイスケ", "daisuke"),
    ("健一", "ケンイチ", "kenichi"), ("翔太", "ショウタ", "shota"),
    ("拓也", "タクヤ", "takuya"), ("直樹", "ナオキ", "naoki"),
    ("浩二", "コウジ", "koji"), ("誠", "マコト", "makoto"),
    ("隆", "タカシ", "takashi"), ("修", "オサム", "osamu"),
    ("蓮", "レン", "ren"), ("悠真", "ユウマ", "yuma"),
    ("亮介", "リョウスケ", "ryosuke"), ("俊介", "シュンスケ", "shunsuke"),
    ("花子", "ハナコ", "hanako"), ("陽子", "ヨウコ", "yoko"),
    ("恵子", "ケイコ", "keiko"), ("由美", "ユミ", "yumi"),
    ("美咲", "ミサキ", "misaki"), ("さくら", "サクラ", "sakura"),
    ("真由美", "マユミ", "mayumi"), ("京子", "キョウコ", "kyoko"),
    ("千尋", "チヒロ", "chihiro"), ("優子", "ユウコ", "yuko"),
    ("智子", "トモコ", "tomoko"), ("結衣", "ユイ", "yui"),
    ("陽菜", "ヒナ", "hina"), ("幸子", "サチコ", "sachiko"),
    ("翔子", "ショウコ", "shoko"), ("綾", "アヤ", "aya"),
    ("美穂", "ミホ", "miho"), ("奈々", "ナナ", "nana"),
]

# (postal code, prefecture, city, town) for real places; address1 is the
# town followed by a made-up block number.
JP_PLACES = [
    ("150-0001", "東京都", "渋谷区", "神宮前"),
    ("150-0002", "東京都", "渋谷区", "渋谷"),
    ("160-0022", "東京都", "新宿区", "新宿"),
    ("106-0032", "東京都", "港区", "六本木"),
    ("113-0033", "東京都", "文京区", "本郷"),
    ("104-0061", "東京都", "中央区", "銀座"),
    ("180-0004", "東京都", "武蔵野市", "吉祥寺本町"),
    ("154-0004", "東京都", "世田谷区", "太子堂"),
    ("220-0012", "神奈川県", "横浜市西区", "みなとみらい"),
    ("248-0006", "神奈川県", "鎌倉市", "小町"),
    ("330-0063", "埼玉県", "さいたま市浦和区", "高砂"),
    ("260-0013", "千葉県", "千葉市中央区", "中央"),
    ("420-0857", "静岡県", "静岡市葵区", "御幸町"),
    ("410-0801", "静岡県", "沼津市", "大手町"),
    ("460-0008", "愛知県", "名古屋市中区", "栄"),
    ("530-0001", "大阪府", "大阪市北区", "梅田"),
    ("542-0076", "大阪府", "大阪市中央区", "難波"),
    ("605-0073", "京都府", "京都市東山区", "祇園町北側"),
    ("650-0021", "兵庫県", "神戸市中央区", "三宮町"),
    ("630-8213", "奈良県", "奈良市", "登大路町"),
    ("700-0024", "岡山県", "岡山市北区", "駅元町"),
    ("730-0011", "広島県", "広島市中区", "基町"),
    ("760-0019", "香川県", "高松市", "サンポート"),
    ("810-0001", "福岡県", "福岡市中央区", "天神"),
    ("860-0806", "熊本県", "熊本市中央区", "花畑町"),
    ("900-0015", "沖縄県", "那覇市", "久茂地"),
    ("060-0001", "北海道", "札幌市中央区", "北一条西"),
    ("980-0021", "宮城県", "仙台市青葉区", "中央"),
    ("950-0087", "新潟県", "新潟市中央区", "東大通"),
    ("920-0981", "石川県", "金沢市", "片町"),
    ("380-0836", "長野県", "長野市", "南県町"),
]

JP_BUILDINGS = [
    "グランドメゾン{town}", "{town}ハイツ", "サンライズビル", "コーポ若葉",
    "パークサイド{town}", "メゾン・ド・ソレイユ", "ライオンズマンション{town}",
    "緑ヶ丘レジデンス", "第二松風荘", "シティタワー{town}",
]

JP_COMPANIES = [
    ("株式会社みどり商事", "総務部"),
    ("有限会社山川製作所", "営業部"),
    ("株式会社ひかりデザイン", "企画室"),
    ("合同会社ことのは", ""),
    ("株式会社茶々フーズ", "商品開発部 第一課"),
    ("医療法人さくら会", "事務局"),
    ("株式会社東都トラベル", "人事部"),
]

US_NAMES_GIVEN = ["James", "Emily", "Michael", "Sarah", "David", "Olivia",
                  "Daniel", "Grace", "Christopher", "Hannah", "Taylor", "Jordan"]
US_NAMES_FAMILY = ["Smith", "Johnson", "Williams", "Brown", "Miller", "Davis",
                   "Garcia", "Wilson", "Anderson", "Thompson", "Nakamura",
                   "Peterson"]
US_PLACES = [
    ("OR", "Portland", "97205"), ("CA", "San Francisco", "94110"),
    ("WA", "Seattle", "98101"), ("NY", "Brooklyn", "11215"),
    ("MA", "Cambridge", "02139"), ("IL", "Chicago", "60614"),
    ("TX", "Austin", "78704"), ("CO", "Boulder", "80302"),
    ("HI", "Honolulu", "96815"), ("MN", "Minneapolis", "55408"),
]
US_STREETS = ["Maple Street", "Oak Avenue", "Hawthorne Boulevard",
              "Pine Street", "Elm Drive", "Lincoln Avenue", "Cedar Lane"]

UK_NAMES_GIVEN = ["Oliver", "Amelia", "Harry", "Isla", "George", "Charlotte",
                  "Jack", "Sophie", "Alex"]
UK_NAMES_FAMILY = ["Taylor", "Jones", "Evans", "Roberts", "Hughes", "Clarke",
                   "Walker", "Wright", "Patel"]
UK_PLACES = [
    ("Greater London", "London", "SW1A 1AA"), ("", "London", "N1 9GU"),
    ("West Yorkshire", "Leeds", "LS1 4DY"), ("", "Edinburgh", "EH1 1YZ"),
    ("Oxfordshire", "Oxford", "OX1 2JD"), ("", "Bristol", "BS1 5TR"),
    ("Greater Manchester", "Manchester", "M1 1AE"), ("Kent", "Canterbury", "CT1 2EH"),
]
UK_STREETS = ["High Street", "Church Lane", "Victoria Road", "Mill Lane",
              "Station Road", "Queen's Road", "Park Terrace"]

DE_NAMES_GIVEN = ["Lukas", "Anna", "Jonas", "Lea", "Felix", "Sophie",
                  "Maximilian", "Hanna"]
DE_NAMES_FAMILY = ["Schmidt", "Schneider", "Fischer", "Weber", "Becker",
                   "Hoffmann", "Schäfer", "Koch", "Wagner"]
DE_PLACES = [
    ("Berlin", "Berlin", "10115"), ("Bayern", "München", "80331"),
    ("Hamburg", "Hamburg", "20095"), ("Nordrhein-Westfalen", "Köln", "50667"),
    ("Hessen", "Frankfurt am Main", "60311"), ("Sachsen", "Dresden", "01067"),
    ("Baden-Württemberg", "Freiburg im Breisgau", "79098"),
]
DE_STREETS = ["Hauptstraße", "Gartenweg", "Schillerstraße", "Lindenallee",
              "Bahnhofstraße", "Goethestraße", "Am Mühlbach"]

FR_NAMES_GIVEN = ["Camille", "Louis", "Chloé", "Hugo", "Léa", "Gabriel",
                  "Manon", "Théo"]
FR_NAMES_FAMILY = ["Martin", "Bernard", "Dubois", "Durand", "Moreau",
                   "Lefèvre", "Girard", "Rousseau"]
FR_PLACES = [
    ("Île-de-France", "Paris", "75011"), ("Auvergne-Rhône-Alpes", "Lyon", "69002"),
    ("Provence-Alpes-Côte d'Azur", "Marseille", "13001"),
    ("Nouvelle-Aquitaine", "Bordeaux", "33000"), ("Occitanie", "Toulouse", "31000"),
    ("Grand Est", "Strasbourg", "67000"), ("Bretagne", "Rennes", "35000"),
]
FR_STREETS = ["rue de la Paix", "avenue Jean Jaurès", "rue Victor Hugo",
              "boulevard Saint-Michel", "rue des Lilas", "place du Marché"]

# (Japanese product, English product, price in yen)
PRODUCTS = [
    ("煎茶「はるか」100g", "Sencha \"Haruka\" 100g", 1080),
    ("煎茶 200g", "Sencha 200g", 1980),
    ("深蒸し煎茶 100g", "Fukamushi sencha 100g", 1296),
    ("ほうじ茶 100g", "Hojicha 100g", 864),
    ("玄米茶 200g", "Genmaicha 200g", 756),
    ("玉露 50g", "Gyokuro 50g", 2160),
    ("抹茶 30g", "Matcha 30g", 1620),
    ("抹茶セット（茶筅・茶杓付き）", "Matcha set with whisk and scoop", 4950),
    ("和紅茶 50g", "Japanese black tea 50g", 1188),
    ("水出し煎茶ティーバッグ 15包", "Cold-brew sencha, 15 bags", 972),
    ("季節の和菓子詰め合わせ", "Seasonal wagashi assortment", 2376),
    ("Gift box（煎茶・ほうじ茶）", "Gift box (sencha and hojicha)", 3240),
    ("Gift box 特選", "Gift box, special selection", 5400),
    ("常滑焼 急須", "Tokoname teapot", 6600),
    ("湯呑み 2客セット", "Pair of teacups", 3300),
]
# Everyday teas sell more often than teapots.
PRODUCT_WEIGHTS = [14, 8, 9, 12, 7, 3, 6, 3, 4, 5, 4, 5, 2, 1, 2]

# Awkward but valid records a robust tool must print literally. Each sits
# at a small fixed id so that a short run (--customers 20) still has it.
AWKWARD = {
    3: "merge tag in given_name",
    5: "Markdown in family_name",
    8: "apostrophe",
    11: "comma and quotes in address2",
    12: "umlaut",
    17: "accents",
}


def parse_args(argv):
    p = argparse.ArgumentParser(
        description="Write sample customers.csv and purchases.csv.")
    p.add_argument("--customers", type=int, default=300, metavar="N",
                   help="number of customers (default 300)")
    p.add_argument("--today", default="2026-11-23", metavar="YYYY-MM-DD",
                   help="the date purchases are relative to (default 2026-11-23)")
    p.add_argument("outdir")
    a = p.parse_args(argv)
    if a.customers < 1:
        p.error("--customers must be at least 1")
    try:
        a.today = datetime.date.fromisoformat(a.today)
    except ValueError:
        p.error("--today must be YYYY-MM-DD")
    return a


def pick_weighted(rng, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def random_birthday(rng, today):
    year = rng.randint(today.year - 80, today.year - 20)
    month = rng.randint(1, 12)
    # 28 keeps every month valid; a second draw spreads the late days.
    day = rng.randint(1, 28)
    if day == 28 and month != 2:
        day = rng.randint(28, 30)
    return datetime.date(year, month, day).isoformat()


# Landline area code of each prefecture's main city.
JP_AREA_CODES = {
    "東京都": "03", "神奈川県": "045", "埼玉県": "048", "千葉県": "043",
    "静岡県": "054", "愛知県": "052", "大阪府": "06", "京都府": "075",
    "兵庫県": "078", "奈良県": "0742", "岡山県": "086", "広島県": "082",
    "香川県": "087", "福岡県": "092", "熊本県": "096", "沖縄県": "098",
    "北海道": "011", "宮城県": "022", "新潟県": "025", "石川県": "076",
    "長野県": "026",
}


def jp_phone(rng, pref):
    """A mobile number, or a landline whose digits add up to ten."""
    if rng.random() < 0.5:
        return "0%d0-%04d-%04d" % (rng.choice([7, 8, 9]),
                                   rng.randint(1000, 9999), rng.randint(0, 9999))
    area = JP_AREA_CODES[pref]
    local = 6 - len(area)
    return "%s-%0*d-%04d" % (area, local, rng.randint(10 ** (local - 1) * 2,
                                                      10 ** local - 1),
                             rng.randint(0, 9999))


def make_japanese(rng, cid):
    fam, fam_kana, fam_ro = rng.choice(JP_FAMILY)
    giv, giv_kana, giv_ro = rng.choice(JP_GIVEN)
    postal, pref, city, town = rng.choice(JP_PLACES)
    if rng.random() < 0.8:
        address1 = "%s%d-%d-%d" % (town, rng.randint(1, 6), rng.randint(1, 30),
                                   rng.randint(1, 20))
    else:
        address1 = "%s%d番地%d" % (town, rng.randint(1, 999), rng.randint(1, 9))
    address2 = ""
    if rng.random() < 0.35:
        building = rng.choice(JP_BUILDINGS).format(town=town)
        address2 = "%s %d%02d号室" % (building, rng.randint(1, 12),
                                    rng.randint(1, 15))
    company = department = ""
    if rng.random() < 0.1:
        company, department = rng.choice(JP_COMPANIES)
    joint = ""
    if not company and rng.random() < 0.04:
        other = rng.choice([g for g in JP_GIVEN if g[0] != giv])
        joint = "%s %s\n%s %s" % (fam, giv, fam, other[0])
    email = ""
    if rng.random() < 0.85:
        email = "%s.%s%d@%s" % (giv_ro, fam_ro, cid, rng.choice(
            ["example.jp", "example.com", "example.ne.jp"]))
    return {
        "family_name": fam, "given_name": giv,
        "family_kana": fam_kana, "given_kana": giv_kana,
        "company": company, "department": department, "honorific": "様",
        "joint_names": joint, "postal_code": postal, "country": "JP",
        "region": pref, "city": city, "address1": address1,
        "address2": address2, "email": email, "phone": jp_phone(rng, pref),
    }


def latin_honorific(rng):
    return pick_weighted(rng, ["Mr.", "Ms.", "Mx.", ""], [40, 40, 5, 15])


def make_latin(rng, cid, country):
    address2 = ""
    if country == "US":
        giv, fam = rng.choice(US_NAMES_GIVEN), rng.choice(US_NAMES_FAMILY)
        region, city, postal = rng.choice(US_PLACES)
        address1 = "%d %s" % (rng.randint(10, 9999), rng.choice(US_STREETS))
        if rng.random() < 0.3:
            address2 = "Apt %d%s" % (rng.randint(1, 30), rng.choice("ABCD"))
        phone = "+1 %03d-555-%04d" % (rng.randint(201, 989), rng.randint(100, 199))
        domain = "example.com"
    elif country == "GB":
        giv, fam = rng.choice(UK_NAMES_GIVEN), rng.choice(UK_NAMES_FAMILY)
        region, city, postal = rng.choice(UK_PLACES)
        address1 = "%d %s" % (rng.randint(1, 250), rng.choice(UK_STREETS))
        if rng.random() < 0.25:
            address2 = "Flat %d" % rng.randint(1, 12)
        phone = "+44 20 7946 %04d" % rng.randint(0, 999)
        domain = "example.co.uk"
    elif country == "DE":
        giv, fam = rng.choice(DE_NAMES_GIVEN), rng.choice(DE_NAMES_FAMILY)
        region, city, postal = rng.choice(DE_PLACES)
        address1 = "%s %d" % (rng.choice(DE_STREETS), rng.randint(1, 120))
        if rng.random() < 0.2:
            address2 = "%d. OG" % rng.randint(1, 5)
        phone = "+49 30 %08d" % rng.randint(10000000, 99999999)
        domain = "example.de"
    else:
        giv, fam = rng.choice(FR_NAMES_GIVEN), rng.choice(FR_NAMES_FAMILY)
        region, city, postal = rng.choice(FR_PLACES)
        address1 = "%d %s" % (rng.randint(1, 180), rng.choice(FR_STREETS))
        if rng.random() < 0.2:
            address2 = "Bâtiment %s" % rng.choice("ABC")
        phone = "+33 1 %02d %02d %02d %02d" % tuple(
            rng.randint(0, 99) for _ in range(4))
        domain = "example.fr"
    email = ""
    if rng.random() < 0.9:
        email = "%s.%s%d@%s" % (ascii_lower(giv), ascii_lower(fam), cid, domain)
    return {
        "family_name": fam, "given_name": giv,
        "family_kana": "", "given_kana": "",
        "company": "", "department": "", "honorific": latin_honorific(rng),
        "joint_names": "", "postal_code": postal, "country": country,
        "region": region, "city": city, "address1": address1,
        "address2": address2, "email": email, "phone": phone,
    }


def ascii_lower(s):
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e",
             "ê": "e", "ë": "e", "à": "a", "â": "a", "ç": "c", "î": "i",
             "ï": "i", "ô": "o", "û": "u", "'": "", " ": "", "*": ""}
    return "".join(table.get(ch, ch) for ch in s.lower())


def apply_awkward(c, cid):
    """Overwrite the fields that make record cid awkward; keeps it valid."""
    if cid == 3:
        c.update(country="US", family_name="Carter", given_name="{{given_name}}",
                 honorific="Ms.", region="OR", city="Portland",
                 postal_code="97214", address1="2315 SE Belmont Street",
                 address2="", email="curly.carter3@example.com")
    elif cid == 5:
        c.update(country="GB", family_name="**Bob**", given_name="Robert",
                 honorific="Mr.", region="", city="London",
                 postal_code="E1 6AN", address1="45 Brick Lane",
                 address2="", email="bob5@example.co.uk")
    elif cid == 8:
        c.update(country="US", family_name="O'Brien", given_name="Siobhan",
                 honorific="Ms.", region="MA", city="Boston",
                 postal_code="02116", address1="88 Newbury Street",
                 address2="Suite 3", email="siobhan.obrien8@example.com")
    elif cid == 11:
        c.update(country="GB", family_name="Ashworth", given_name="Margaret",
                 honorific="Ms.", region="North Yorkshire", city="York",
                 postal_code="YO1 7HH", address1="3 Minster Yard",
                 address2='Flat 2, "The Old Rectory"',
                 email="margaret.ashworth11@example.co.uk")
    elif cid == 12:
        c.update(country="DE", family_name="Müller", given_name="Jürgen",
                 honorific="Mr.", region="Bayern", city="München",
                 postal_code="80331", address1="Weißenburger Straße 7",
                 address2="", email="juergen.mueller12@example.de")
    elif cid == 17:
        c.update(country="FR", family_name="Lefèvre", given_name="Renée",
                 honorific="Ms.", region="Île-de-France", city="Paris",
                 postal_code="75004", address1="14 rue de Rivoli",
                 address2="", email="renee.lefevre17@example.fr")
    phones = {"US": "+1 503-555-0142", "GB": "+44 20 7946 0321",
              "DE": "+49 89 12345678", "FR": "+33 1 42 00 17 17"}
    c.update(family_kana="", given_kana="", company="", department="",
             joint_names="", phone=phones[c["country"]])


def add_days(d, n):
    return d + datetime.timedelta(days=n)


def plan_purchases(rng, rank, today):
    """Return the sorted purchase dates for a customer of this rank."""
    r = rng.random()
    if rank == "VIP":
        status = "recent" if r < 0.55 else "dormant" if r > 0.95 else "active"
        count = rng.randint(10, 28)
    elif rank == "regular":
        status = "recent" if r < 0.2 else "dormant" if r > 0.78 else "active"
        count = rng.randint(3, 12)
    else:
        status = ("never" if r < 0.07 else "recent" if r < 0.4 else
                  "dormant" if r > 0.87 else "active")
        count = rng.randint(1, 3)
    if status == "never":
        return []
    if status == "recent":
        last = rng.randint(0, 30)
    elif status == "dormant":
        last = rng.randint(370, 700)
    else:
        last = rng.randint(31, 360)
    if rank == "new":
        # A new customer's history is short: it starts within 90 days.
        first = min(729, last + rng.randint(0, 90))
    else:
        first = rng.randint(min(max(last + 60, 400), 729), 729)
    ago = [last, first] + [rng.randint(last, first) for _ in range(count - 2)]
    return sorted(add_days(today, -a) for a in ago[:max(count, 1)])


def make_customer(rng, cid, today):
    country = pick_weighted(rng, ["JP", "US", "GB", "DE", "FR"],
                            [70, 12, 7, 6, 5])
    if country == "JP":
        c = make_japanese(rng, cid)
    else:
        c = make_latin(rng, cid, country)
    if cid in AWKWARD:
        apply_awkward(c, cid)
    c["id"] = cid
    c["birthday"] = "" if rng.random() < 0.04 else random_birthday(rng, today)
    c["rank"] = pick_weighted(rng, ["VIP", "regular", "new"], [10, 50, 40])
    c["opt_out"] = 0
    return c


def generate(n, today):
    rng = random.Random(SEED)
    customers = []
    purchases = []
    for cid in range(1, n + 1):
        c = make_customer(rng, cid, today)
        dates = plan_purchases(rng, c["rank"], today)
        if dates:
            created = add_days(dates[0], -rng.randint(0, 30))
        else:
            created = add_days(today, -rng.randint(0, 400))
        c["created_at"] = created.isoformat()
        for d in dates:
            ja, en, price = pick_weighted(rng, PRODUCTS, PRODUCT_WEIGHTS)
            qty = pick_weighted(rng, [1, 2, 3], [80, 15, 5])
            purchases.append((d.isoformat(), cid,
                              ja if c["country"] == "JP" else en, price * qty))
        customers.append(c)
    # About 5% opt out; sampled after the fact so the count is exact.
    # The awkward records never opt out: they must reach the printed batch.
    pool = [cid for cid in range(1, n + 1) if cid not in AWKWARD]
    for cid in sorted(rng.sample(pool, min(len(pool), round(n * 0.05)))):
        customers[cid - 1]["opt_out"] = 1
    purchases.sort()
    return customers, purchases


def write_csv(path, header, rows):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        for row in rows:
            w.writerow(row)
    os.replace(tmp, path)


def main(argv):
    a = parse_args(argv)
    customers, purchases = generate(a.customers, a.today)
    os.makedirs(a.outdir, exist_ok=True)
    write_csv(os.path.join(a.outdir, "customers.csv"), CUSTOMER_COLUMNS,
              ([c[k] for k in CUSTOMER_COLUMNS] for c in customers))
    write_csv(os.path.join(a.outdir, "purchases.csv"), PURCHASE_COLUMNS,
              ([i + 1, cid, d, product, amount]
               for i, (d, cid, product, amount) in enumerate(purchases)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
