# pg.bash: a throw-away PostgreSQL cluster under $T for a test (sourced after lib.bash): pg_start, $PGURL, pg_sql.
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
[ -x "$PGBIN/initdb" ] || PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)

# The server refuses to run as root: as root (CI), it runs as nobody, in a directory nobody owns.
pg_as() {
    if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi
}

# pg_start: initdb and start a cluster in $T/pg (unix socket only, in $T/pg/sock); stopped when the test exits.
pg_start() {
    [ -x "$PGBIN/initdb" ] || fail "no PostgreSQL server (Debian package postgresql)"
    PGDIR=$(mktemp -d "$T/pg.XXXXXX")
    chmod 755 "$T" "$PGDIR"
    # nobody must be able to reach $PGDIR: every directory above it is opened up to traversal
    d=$PGDIR; while [ "$d" != / ]; do d=$(dirname "$d"); [ -x "$d" ] || chmod o+x "$d"; done
    mkdir -p "$PGDIR/data" "$PGDIR/sock"
    [ "$(id -u)" = 0 ] && chown -R nobody "$PGDIR"
    pg_as "$PGBIN/initdb" -D "$PGDIR/data" -U tayori --auth=trust --encoding=UTF8 \
        --locale=C >"$PGDIR/initdb.log" 2>&1 || { cat "$PGDIR/initdb.log"; fail "initdb"; }
    pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -l "$PGDIR/server.log" -w -t 120 \
        -o "-c listen_addresses='' -k $PGDIR/sock -c fsync=off -c max_connections=60" \
        start >/dev/null || { cat "$PGDIR/server.log"; fail "pg_ctl start"; }
    trap pg_stop EXIT
    PGURL="postgresql:///postgres?host=$PGDIR/sock&user=tayori"
}

pg_stop() {
    pg_as "$PGBIN/pg_ctl" -D "$PGDIR/data" -m immediate stop >/dev/null 2>&1
    return 0
}

# pg_sql [SCHEMA] SQL: run SQL with psql, unaligned, tuples only.
pg_sql() {
    local path=public
    [ $# -gt 1 ] && { path=$1; shift; }
    PGOPTIONS="-c search_path=$path" psql -X -q -A -t -v ON_ERROR_STOP=1 \
        -h "$PGDIR/sock" -U tayori -d postgres -c "$1"
}
