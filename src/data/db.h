/* db: the customer database: opening it, its schema and views. */
#ifndef TAYORI_DB_H
#define TAYORI_DB_H

#include "util/diag.h"

/*
 * Create the schema of DESIGN.md in path (a new or an existing tayori
 * database; idempotent): customers, purchases, contacts, segments
 * (name, sql, description), tayori_meta (key, value; holds the token key,
 * made once from SQLite's randomness) and the views customer_stats and
 * customer_view (every customers column plus the stats columns:
 * order_count, total_spent, average_order, first_purchase, last_purchase,
 * days_since_last_purchase, ltv, r_score, f_score, m_score, rfm,
 * dormant, birthday_month), and contact_stats (per customer: touches,
 * last_contact_at, days_since_last_contact, touches_30d, touches_90d,
 * last_campaign) and last_purchase (per customer who bought: ref (the
 * purchase id), product, purchased_at, amount of the last purchase).
 * A database of an older schema is migrated first.
 * 0 or -1 with a diagnostic.
 */
int db_init(const char *path, diag *d);	/* path: a SQLite file or a PostgreSQL URL (db_pg.h) */

/*
 * Bring a database made by an older tayori to the current schema (as
 * db_init does: schema 1's contacts are rebuilt with every row kept);
 * nothing when it is current, or when it has no tayori_meta table (not a
 * tayori database: not ours to change). 0 or -1 with a diagnostic.
 * A PostgreSQL URL: made by db init when older, refused when not tayori's.
 */
int db_upgrade(const char *path, diag *d);

/*
 * The one way a SQLite file is opened (store.h opens either database):
 * DB_READ (read-only), DB_WRITE, or
 * DB_CREATE (made when missing). Otherwise path must exist and be a
 * regular file; waits up to DB_BUSY_MS for another writer. NULL with a
 * diagnostic naming the file (none when d is NULL).
 */
enum db_mode { DB_READ, DB_WRITE, DB_CREATE };
#define DB_BUSY_MS 5000
struct sqlite3;
struct sqlite3 *db_open(const char *path, enum db_mode mode, diag *d);

/* 0 when db (opened from path) has every column of this tayori's schema; -1 with a diagnostic saying to run db init. */
int db_schema_current(struct sqlite3 *db, const char *path, diag *d);

#endif
