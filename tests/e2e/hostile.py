#!/usr/bin/env python3
"""hostile: every field a layout prints, filled with what a shop's database holds.

Usage: hostile.py TAYORI WORKDIR

Makes a database with one customer per (field, hostile value), builds an
issue that prints every field in its body (FIELD[value]) and in the
address block, and checks each copy against README's policy: the value is
printed literally (pdftotext equals the expected text), or repaired (invalid
UTF-8 to U+FFFD; controls, bidi overrides and zero-width characters removed;
more than 30 combining marks on one base cut; more than 4096 bytes cut)
with a warning naming the customer, or the copy fails with an error naming
the customer (a script no font has, an address that cannot fit) and keeps
its place as blank pages. The rest of the batch completes.
"""

import csv
import re
import sqlite3
import subprocess
import sys
import unicodedata

TAYORI, T = sys.argv[1], sys.argv[2]

FIELDS = ["family_name", "given_name", "company", "department", "honorific",
          "joint_names", "postal_code", "region", "city", "address1",
          "address2", "email"]
BASE = {"family_name": "山田", "given_name": "花子", "company": "", "department": "",
        "honorific": "", "joint_names": "", "postal_code": "100-0013",
        "region": "東京都", "city": "千代田区", "address1": "霞が関1-3-2",
        "address2": "", "email": "hanako@example.jp"}

FFFD = "\ufffd"
# (name, raw bytes or str, expected printed text, or None: the copy must fail)
VALUES = [
    ("invalid C3 28", b"A\xc3\x28B", "A" + FFFD + "(B"),
    ("invalid FF", b"A\xffB", "A" + FFFD + "B"),
    ("overlong C0 AF", b"A\xc0\xafB", "A" + FFFD + "B"),
    ("truncated E3 81", b"A\xe3\x81", "A" + FFFD),
    ("surrogate ED A0 80", b"A\xed\xa0\x80B", "A" + FFFD + "B"),
    ("NUL in TEXT", "A\x00B", "AB"),
    ("NUL in BLOB", b"A\x00B", "AB"),
    ("C0 and C1 controls", "A\x01\x1b[31mB\u0085C\u009bD", "A[31mBCD"),
    ("RLO and zero-width", "A\u202eB\u200bC\u200dD\ufeffE", "ABCDE"),
    ("emoji", "Hana\U0001F600", None),
    # cut to four marks on the base; poppler's pdftotext drops marks drawn on
    # top of each other, so it reads back one to four of them
    ("1,000 combining marks", "e" + "\u0301" * 1000, re.compile("\u00e9\u0301{1,3}$")),
    ("10 MB", "x" * (10 * 1024 * 1024), None),
    ("merge tag", "{{given_name}}", "{{given_name}}"),
    ("markdown link", "[x](file:///etc/passwd)", "[x](file:///etc/passwd)"),
    ("markdown image", "![](../../x.png)", "![](../../x.png)"),
    ("formula", '=HYPERLINK("http://evil.example","click")', '=HYPERLINK("http://evil.example","click")'),
    ("Arabic", "محمد", None),
    ("Hebrew", "דוד", None),
]


def fail(msg):
    print("FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def main():
    db = T + "/shop.db"
    subprocess.run([TAYORI, "db", "init", db], check=True)
    con = sqlite3.connect(db)
    cases = {}
    cid = 0
    for field in FIELDS:
        for name, raw, expect in VALUES:
            cid += 1
            row = dict(BASE, id=cid, country="JP")
            cols = ", ".join(row)
            marks = ", ".join("?" for _ in row)
            vals = list(row.values())
            con.execute("INSERT INTO customers (%s) VALUES (%s)" % (cols, marks), vals)
            if isinstance(raw, bytes):
                # bytes go in as they are: TEXT with bad UTF-8, or a BLOB
                blob = name.endswith("BLOB")
                con.execute("UPDATE customers SET %s = %s WHERE id = ?" %
                            (field, "?" if blob else "CAST(? AS TEXT)"), (raw, cid))
            else:
                con.execute("UPDATE customers SET %s = ? WHERE id = ?" % field, (raw, cid))
            # the 10 MB value is printed (cut) where only the body shows it
            if name == "10 MB" and field == "email":
                expect = "x" * 4096
            cases[cid] = (field, name, expect)
    con.commit()
    con.close()

    body = "\n\n".join("%s[{{%s}}]" % (f.upper(), f) for f in FIELDS)
    open(T + "/hostile.md", "w", encoding="utf-8").write(
        "---\ntitle: hostile\nlayout: newsletter-a4\ncampaign: hostile\n---\n" + body + "\n")
    r = subprocess.run([TAYORI, "build", T + "/hostile.md", "--db", db, "--quiet",
                        "--segment", "SELECT * FROM customer_view ORDER BY id",
                        "-o", T + "/hostile.pdf"], capture_output=True, text=True)
    err = r.stderr
    if r.returncode not in (0, 1):
        fail("the batch did not complete (exit %d): %s" % (r.returncode, err[-2000:]))
    if "AddressSanitizer" in err or "runtime error" in err:
        fail("sanitizer report: " + err[-2000:])
    rows = {int(x["customer_id"]): x for x in csv.DictReader(open(T + "/hostile.manifest.csv", encoding="utf-8"))}
    if sorted(rows) != sorted(cases):
        fail("the manifest lists %d of %d customers" % (len(rows), len(cases)))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", T + "/hostile.pdf", "-"],
                          capture_output=True, text=True).stdout.split("\f")
    for cid, (field, name, expect) in sorted(cases.items()):
        row = rows[cid]
        what = "customer %d (%s = %s)" % (cid, field, name)
        if expect is None:
            if row["status"] != "failed":
                fail(what + ": printed, but no font or frame can take it")
            if not re.search(r"^customer %d: error: " % cid, err, re.M):
                fail(what + ": failed without an error naming the customer")
            continue
        if row["status"] != "ok":
            fail(what + ": failed: " + "\n".join(l for l in err.splitlines() if l.startswith("customer %d:" % cid)))
        page = text[int(row["first_page"]) - 1] + text[int(row["first_page"])]
        page = re.sub(r"^\s*\d+\s*$", "", page, flags=re.M)  # page numbers
        flat = re.sub(r"\s+", "", page)
        m = re.search(re.escape(field.upper()) + r"\[(.*?)\]" + "(?=%s|$)" % "|".join(
            re.escape(f.upper()) + r"\[" for f in FIELDS), flat, re.S)
        got = m.group(1) if m else None
        if isinstance(expect, re.Pattern):
            if got is None or not expect.match(got):
                fail("%s: printed %r, expected %r" % (what, (got or "")[:80], expect.pattern))
            want = None
        else:
            want = re.sub(r"\s+", "", unicodedata.normalize("NFC", expect))
            if got != want:
                fail("%s: printed %r, expected %r" % (what, (got or "")[:80], want[:80]))
        repaired = want != re.sub(r"\s+", "", raw_text(name))
        if repaired and not re.search(r"^customer %d: warning: field '%s'" % (cid, field), err, re.M):
            fail(what + ": repaired without a warning naming the customer and field")
    # the manifest keeps a formula a formula-free text
    for cid, (field, name, expect) in cases.items():
        if field == "postal_code" and name == "formula":
            line = [l for l in open(T + "/hostile.manifest.csv", encoding="utf-8") if (",%d," % cid) in l][0]
            if ",=" in line or ',"=' in line:
                fail("the manifest carries a spreadsheet formula: " + line)
    print("ok: %d hostile values in %d fields" % (len(VALUES), len(FIELDS)))


def raw_text(name):
    raw = dict((n, r) for n, r, _ in VALUES)[name]
    if isinstance(raw, bytes):
        return raw.decode("utf-8", "replace")
    return raw


main()
