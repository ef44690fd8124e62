/* store_impl: what the store's implementations share (store.c, store_sqlite.c, store_pg.c); callers see store.h only. */
#ifndef TAYORI_STORE_IMPL_H
#define TAYORI_STORE_IMPL_H

#include "data/store.h"

/* How each implementation works: store_sqlite.c, store_pg.c. */
typedef struct store_ops {
	void (*close)(store *s);
	int (*run)(store *s, const char *sql);
	store_stmt *(*prepare)(store *s, const char *sql, int plain);
	void (*bind)(store_stmt *st, int i, int kind, const char *text,
	    long long v, double f);
	int (*step)(store_stmt *st);
	void (*reset)(store_stmt *st);
	void (*clear)(store_stmt *st);
	void (*finalize)(store_stmt *st);
	int (*ncolumns)(store_stmt *st);
	const char *(*column_name)(store_stmt *st, int i);
	const char *(*text)(store_stmt *st, int i, int *len);
	long long (*changes)(store *s);
	const char *(*errmsg)(store *s);
	enum store_err (*err)(store *s);
} store_ops;

/* What both implementations share: the head of their store and store_stmt. */
struct store {
	const store_ops *ops;
	enum store_kind kind;
	char *name;
	char *schema;
};
struct store_stmt {
	store *s;
};

enum { STORE_BIND_NULL, STORE_BIND_TEXT, STORE_BIND_INT, STORE_BIND_DOUBLE };

store *store_sqlite_open(const char *path, enum db_mode mode, diag *d);
store *store_pg_open(const char *url, enum db_mode mode, diag *d);

#endif
