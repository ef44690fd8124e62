#!/bin/bash
# e2e hostile: invalid UTF-8, controls, emoji, scripts without a font, 10 MB values, template syntax in every printed field.
set -euo pipefail
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/hostile
rm -rf "$T" && mkdir -p "$T"
python3 tests/e2e/hostile.py "$TAYORI" "$T"
