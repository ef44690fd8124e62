/* store: the one database interface of src/data: SQLite (a file) or PostgreSQL (a URL), one set of verbs. */
#ifndef TAYORI_STORE_H
#define TAYORI_STORE_H

#include "data/db.h"
#include "util/diag.h"

/*
 * A database is named by a spec: a SQLite file's path, or a PostgreSQL
 * URL (postgresql://… or postgres://…; "postgresql://" alone takes
 * everything from the PG* environment variables). A URL may end in
 * schema=NAME among its parameters: tayori's own, taken out before
 * libpq sees the URL; the connection then works in that schema
 * (search_path), which db init creates.
 *
 * Statements are written once for both: parameters are ?1, ?2 … (or ?),
 * bound and read as text or integers; where the two SQL dialects differ
 * the caller asks store_kind and writes each.
 */
typedef struct store store;
typedef struct store_stmt store_stmt;

enum store_kind { STORE_SQLITE, STORE_PG };
enum store_err { STORE_OK, STORE_UNIQUE, STORE_BUSY, STORE_READ_ONLY,
	STORE_TIMEOUT, STORE_OTHER };

/* 1 when spec is a PostgreSQL URL. */
int store_is_pg(const char *spec);

/* Open spec (see db_open for mode); NULL with a diagnostic naming it (none when d is NULL). */
store *store_open(const char *spec, enum db_mode mode, diag *d);
void store_close(store *s);
enum store_kind store_kind(const store *s);
/* The spec as given, without a password: for messages. Lent. */
const char *store_name(const store *s);
/* The schema= of a PostgreSQL URL, or NULL. Lent. */
const char *store_schema(const store *s);

/* Run statements without parameters (several, ';'-separated). 0 or -1 with D_SQL. */
int store_exec(store *s, const char *sql, diag *d);
/* The same, quietly: 0 or -1 (store_errmsg says why). */
int store_run(store *s, const char *sql);

/* A statement with ?N parameters; NULL with D_SQL (none when d is NULL). */
store_stmt *store_prepare(store *s, const char *sql, diag *d);
/* A statement without parameters, sent as written (a user's SQL: PostgreSQL's ? operators stay). */
store_stmt *store_prepare_plain(store *s, const char *sql, diag *d);
void store_bind_text(store_stmt *st, int i, const char *v);	/* copied; NULL: NULL */
void store_bind_int64(store_stmt *st, int i, long long v);
void store_bind_double(store_stmt *st, int i, double v);
void store_bind_null(store_stmt *st, int i);
/* 1: a row is ready, 0: done, -1: an error (store_errmsg, store_err). */
int store_step(store_stmt *st);
/* Ready to step again from the start; bindings kept (store_clear drops them). */
void store_reset(store_stmt *st);
void store_clear(store_stmt *st);
void store_finalize(store_stmt *st);

int store_ncolumns(store_stmt *st);
const char *store_column_name(store_stmt *st, int i);
/* Column i of the current row as UTF-8 text, NULL for NULL; lent until the next step. */
const char *store_text(store_stmt *st, int i, int *len);
long long store_int64(store_stmt *st, int i);

/* Rows changed by the last INSERT, UPDATE or DELETE stepped. */
long long store_changes(store *s);
const char *store_errmsg(store *s);
enum store_err store_err(store *s);

/* The SQLite handle behind s (NULL for PostgreSQL): for what only SQLite has. */
struct sqlite3 *store_sqlite(store *s);
/* The libpq connection behind s (NULL for SQLite). */
struct pg_conn *store_pg(store *s);

#endif
