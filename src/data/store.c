/* store: one database interface, dispatched to the SQLite or the PostgreSQL implementation. */
#include "data/store_impl.h"

#include <stdlib.h>
#include <string.h>

int
store_is_pg(const char *spec)
{
	return spec != NULL && (strncmp(spec, "postgresql://", 13) == 0 ||
	    strncmp(spec, "postgres://", 11) == 0);
}

store *
store_open(const char *spec, enum db_mode mode, diag *d)
{
	return store_is_pg(spec) ? store_pg_open(spec, mode, d) :
	    store_sqlite_open(spec, mode, d);
}

void
store_close(store *s)
{
	if (s != NULL)
		s->ops->close(s);
}

enum store_kind
store_kind(const store *s)
{
	return s->kind;
}

const char *
store_name(const store *s)
{
	return s->name;
}

const char *
store_schema(const store *s)
{
	return s->schema;
}

int
store_run(store *s, const char *sql)
{
	return s->ops->run(s, sql);
}

int
store_exec(store *s, const char *sql, diag *d)
{
	if (s->ops->run(s, sql) == 0)
		return 0;
	if (d != NULL)
		diag_plain(d, D_SQL, s->ops->errmsg(s), sql);
	return -1;
}

static store_stmt *
prepare(store *s, const char *sql, int plain, diag *d)
{
	store_stmt *st = s->ops->prepare(s, sql, plain);

	if (st == NULL && d != NULL)
		diag_plain(d, D_SQL, s->ops->errmsg(s), sql);
	return st;
}

store_stmt *
store_prepare(store *s, const char *sql, diag *d)
{
	return prepare(s, sql, 0, d);
}

store_stmt *
store_prepare_plain(store *s, const char *sql, diag *d)
{
	return prepare(s, sql, 1, d);
}

void
store_bind_text(store_stmt *st, int i, const char *v)
{
	st->s->ops->bind(st, i, v ? STORE_BIND_TEXT : STORE_BIND_NULL, v, 0, 0);
}

void
store_bind_int64(store_stmt *st, int i, long long v)
{
	st->s->ops->bind(st, i, STORE_BIND_INT, NULL, v, 0);
}

void
store_bind_double(store_stmt *st, int i, double v)
{
	st->s->ops->bind(st, i, STORE_BIND_DOUBLE, NULL, 0, v);
}

void
store_bind_null(store_stmt *st, int i)
{
	st->s->ops->bind(st, i, STORE_BIND_NULL, NULL, 0, 0);
}

int
store_step(store_stmt *st)
{
	return st->s->ops->step(st);
}

void
store_reset(store_stmt *st)
{
	st->s->ops->reset(st);
}

void
store_clear(store_stmt *st)
{
	st->s->ops->clear(st);
}

void
store_finalize(store_stmt *st)
{
	if (st != NULL)
		st->s->ops->finalize(st);
}

int
store_ncolumns(store_stmt *st)
{
	return st->s->ops->ncolumns(st);
}

const char *
store_column_name(store_stmt *st, int i)
{
	return st->s->ops->column_name(st, i);
}

const char *
store_text(store_stmt *st, int i, int *len)
{
	return st->s->ops->text(st, i, len);
}

long long
store_int64(store_stmt *st, int i)
{
	const char *t = st->s->ops->text(st, i, NULL);

	return t ? strtoll(t, NULL, 10) : 0;
}

long long
store_changes(store *s)
{
	return s->ops->changes(s);
}

const char *
store_errmsg(store *s)
{
	return s->ops->errmsg(s);
}

enum store_err
store_err(store *s)
{
	return s->ops->err(s);
}
