#!/bin/bash
# e2e hostile_paths: images given as URLs, absolute, ../ or symlinked out of the content's directory, broken image files, and FIFOs or directories named like images, content, layouts or segments, are refused naming them.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/hostile_paths
rm -rf "$T" && mkdir -p "$T/site/images" "$T/outside"

fail() { echo "FAIL: $*" >&2; exit 1; }

"$TAYORI" db init "$T/shop.db"
python3 - "$T/shop.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("INSERT INTO customers (id, family_name, given_name, postal_code, region, city, address1) "
           "VALUES (1, '山田', '花子', '100-0013', '東京都', '千代田区', '霞が関1-3-2')")
db.commit()
PY

# a good image inside, the same image outside, and ways to reach the outside one
python3 - "$T" <<'PY'
import struct, sys, zlib
def png(path, w, h):
    raw = b"".join(b"\0" + bytes([200, 30, 30]) * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    open(path, "wb").write(data)
    return data
T = sys.argv[1]
data = png(T + "/site/images/ok.png", 20, 10)
png(T + "/outside/secret.png", 20, 10)
open(T + "/site/images/cut.png", "wb").write(data[:len(data) // 2])
open(T + "/site/images/empty.png", "wb").close()
bad = bytearray(data)
bad[-13] ^= 1                       # the last byte of IDAT's CRC
open(T + "/site/images/badcrc.png", "wb").write(bad)
open(T + "/site/images/notes.txt.png", "w").write("not an image\n")
PY
ln -s "$T/outside/secret.png" "$T/site/images/link-out.png"
ln -s "$T/outside" "$T/site/images/dir-out"
ln -s ok.png "$T/site/images/link-in.png"
mkfifo "$T/site/images/fifo.png"    # opening it would wait for a writer for ever
mkdir "$T/site/images/dir.png"

# content whose only image is $1; prints the build's messages
issue() {
    cat > "$T/site/issue.md" <<EOF
---
title: hostile paths
layout: newsletter-a4
segment: SELECT * FROM customer_view
---
{{family_name}} 様

![]($1)
EOF
}

# $1: the image reference; $2: what its error (file:line: image '$1': ...) must say
refused() {
    issue "$1"
    if timeout 20 "$TAYORI" check "$T/site/issue.md" --db "$T/shop.db" 2>"$T/err"; then
        cat "$T/err"; fail "image '$1' was accepted"
    fi
    grep -F "issue.md:8: error: image '$1': " "$T/err" | grep -qF -- "$2" \
        || { cat "$T/err"; fail "image '$1': no error naming it with '$2'"; }
}

inside="images must be given by a path inside the content's directory"
refused "http://example.jp/x.png" "$inside"
refused "https://example.jp/x.png" "$inside"
refused "file:///etc/passwd" "$inside"
refused "file:images/ok.png" "$inside"
refused "$T/outside/secret.png" "$inside"
refused "/etc/passwd" "$inside"
refused "../outside/secret.png" "$inside"
refused "images/../../outside/secret.png" "$inside"
refused "images/link-out.png" "it leads outside the content's directory"
# Markdown decodes entities in a link before the path is checked
issue "&#46;&#46;/outside/secret.png"
if "$TAYORI" check "$T/site/issue.md" --db "$T/shop.db" 2>"$T/err"; then fail "an entity-encoded ../ was accepted"; fi
grep -qF "image '../outside/secret.png': $inside" "$T/err" || { cat "$T/err"; fail "entity-encoded ../: no error"; }
issue "<../outside/secret.png>"
if "$TAYORI" check "$T/site/issue.md" --db "$T/shop.db" 2>"$T/err"; then fail "an <>-quoted ../ was accepted"; fi
grep -qF "image '../outside/secret.png': $inside" "$T/err" || { cat "$T/err"; fail "<>-quoted ../: no error"; }
refused "images/dir-out/secret.png" "it leads outside the content's directory"
refused "images/missing.png" "No such file or directory"
refused "images/empty.png" "empty file"
refused "images/cut.png" ""
refused "images/badcrc.png" "CRC"
refused "images/notes.txt.png" "not a PNG or JPEG file"
refused "images/fifo.png" "a FIFO, not a regular file"
refused "images/dir.png" "a directory, not a regular file"

# the same content with images inside the directory passes, a symlink inside included
for ok in images/ok.png images/link-in.png ./images/ok.png; do
    issue "$ok"
    "$TAYORI" check "$T/site/issue.md" --db "$T/shop.db" 2>"$T/err" \
        || { cat "$T/err"; fail "image '$ok' inside the content's directory was refused"; }
done

# a build with a refused image writes nothing
issue "../outside/secret.png"
if "$TAYORI" build "$T/site/issue.md" --db "$T/shop.db" -o "$T/x.pdf" 2>"$T/err"; then
    fail "a build with an image outside the content's directory succeeded"
fi
[ ! -e "$T/x.pdf" ] || fail "a PDF was written with a refused image"
# a FIFO or a directory given as the content, a layout or a segment file is
# refused at once, never waited on (timeout: a hang fails, it cannot pass)
mkfifo "$T/fifo.md" "$T/fifo.yml"
mkdir -p "$T/site/segments" "$T/dir.md"
mkfifo "$T/site/segments/fifo.sql"
issue "images/ok.png"
for args in "$T/fifo.md" "$T/dir.md" "$T/site/issue.md --layout $T/fifo.yml" \
    "$T/site/issue.md --segment fifo"; do
    # shellcheck disable=SC2086
    rc=0; timeout 20 "$TAYORI" check $args --db "$T/shop.db" 2>"$T/err" || rc=$?
    [ "$rc" = 2 ] || { cat "$T/err"; fail "check $args: exit $rc, not 2"; }
    grep -qE "cannot read: (not a regular file|a directory, not a file)" "$T/err" ||
        { cat "$T/err"; fail "check $args: not refused as not a regular file"; }
done
echo "ok: hostile_paths"
