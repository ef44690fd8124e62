/* store_sqlite: the store interface on a SQLite file (the embedded default). */
#include "data/store_impl.h"

#include <sqlite3.h>

#include "util/mem.h"

typedef struct lite {
	store base;
	sqlite3 *db;
} lite;

typedef struct lite_stmt {
	store_stmt base;
	sqlite3_stmt *st;
} lite_stmt;

static sqlite3 *
handle(store *s)
{
	return ((lite *)s)->db;
}

static void
lite_close(store *s)
{
	sqlite3_close(handle(s));
	mem_free(s->name);
	mem_free(s);
}

static int
lite_run(store *s, const char *sql)
{
	return sqlite3_exec(handle(s), sql, NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
}

static store_stmt *
lite_prepare(store *s, const char *sql, int plain)
{
	sqlite3_stmt *st = NULL;
	lite_stmt *ls;

	(void)plain;	/* SQLite reads ? itself */
	if (sqlite3_prepare_v2(handle(s), sql, -1, &st, NULL) != SQLITE_OK ||
	    st == NULL) {
		sqlite3_finalize(st);
		return NULL;
	}
	ls = mem_calloc(1, sizeof(*ls));
	ls->base.s = s;
	ls->st = st;
	return &ls->base;
}

static sqlite3_stmt *
stmt(store_stmt *st)
{
	return ((lite_stmt *)st)->st;
}

static void
lite_bind(store_stmt *st, int i, int kind, const char *text, long long v,
    double f)
{
	switch (kind) {
	case STORE_BIND_TEXT:
		sqlite3_bind_text(stmt(st), i, text, -1, SQLITE_TRANSIENT);
		break;
	case STORE_BIND_INT:
		sqlite3_bind_int64(stmt(st), i, v);
		break;
	case STORE_BIND_DOUBLE:
		sqlite3_bind_double(stmt(st), i, f);
		break;
	default:
		sqlite3_bind_null(stmt(st), i);
	}
}

static int
lite_step(store_stmt *st)
{
	switch (sqlite3_step(stmt(st))) {
	case SQLITE_ROW:
		return 1;
	case SQLITE_DONE:
		return 0;
	default:
		return -1;
	}
}

static void
lite_reset(store_stmt *st)
{
	sqlite3_reset(stmt(st));
}

static void
lite_clear(store_stmt *st)
{
	sqlite3_reset(stmt(st));
	sqlite3_clear_bindings(stmt(st));
}

static void
lite_finalize(store_stmt *st)
{
	sqlite3_finalize(stmt(st));
	mem_free(st);
}

static int
lite_ncolumns(store_stmt *st)
{
	return sqlite3_column_count(stmt(st));
}

static const char *
lite_column_name(store_stmt *st, int i)
{
	return sqlite3_column_name(stmt(st), i);
}

static const char *
lite_text(store_stmt *st, int i, int *len)
{
	const unsigned char *t = sqlite3_column_text(stmt(st), i);

	if (len)
		*len = t ? sqlite3_column_bytes(stmt(st), i) : 0;
	return (const char *)t;
}

static long long
lite_changes(store *s)
{
	return sqlite3_changes64(handle(s));
}

static const char *
lite_errmsg(store *s)
{
	return sqlite3_errmsg(handle(s));
}

static enum store_err
lite_err(store *s)
{
	switch (sqlite3_extended_errcode(handle(s))) {
	case SQLITE_OK:
	case SQLITE_ROW:
	case SQLITE_DONE:
		return STORE_OK;
	case SQLITE_CONSTRAINT_UNIQUE:
	case SQLITE_CONSTRAINT_PRIMARYKEY:
		return STORE_UNIQUE;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return STORE_BUSY;
	case SQLITE_READONLY:
		return STORE_READ_ONLY;
	case SQLITE_INTERRUPT:
		return STORE_TIMEOUT;
	default:
		return STORE_OTHER;
	}
}

static const store_ops lite_ops = {
	lite_close, lite_run, lite_prepare, lite_bind, lite_step, lite_reset,
	lite_clear, lite_finalize, lite_ncolumns, lite_column_name, lite_text,
	lite_changes, lite_errmsg, lite_err,
};

store *
store_sqlite_open(const char *path, enum db_mode mode, diag *d)
{
	sqlite3 *db = db_open(path, mode, d);
	lite *l;

	if (db == NULL)
		return NULL;
	l = mem_calloc(1, sizeof(*l));
	l->base.ops = &lite_ops;
	l->base.kind = STORE_SQLITE;
	l->base.name = mem_strdup(path);
	l->db = db;
	return &l->base;
}

struct sqlite3 *
store_sqlite(store *s)
{
	return s->kind == STORE_SQLITE ? handle(s) : NULL;
}
