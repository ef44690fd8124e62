# lib.bash: how an e2e test starts (sourced, not run): the binary, a clean work directory $T, fail, a sample shop.
TAYORI=$(realpath "$1")
T=${TAYORI_TEST_TMP:-/tmp/tayori-e2e}/$(basename "$0" .sh)
rm -rf "$T" && mkdir -p "$T"

fail() { echo "FAIL: $*" >&2; exit 1; }

# sample_shop N DB [TODAY]: a new database with N sample customers and their purchases (up to TODAY, YYYY-MM-DD).
sample_shop() {
    python3 samples/make_customers.py --customers "$1" ${3:+--today "$3"} "$T/data" >/dev/null
    "$TAYORI" db init "$2"
    "$TAYORI" db import "$2" "$T/data/customers.csv" --table customers >/dev/null
    "$TAYORI" db import "$2" "$T/data/purchases.csv" --table purchases >/dev/null
}
