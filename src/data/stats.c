/* stats: what a database holds, as a user checks it after an import (tayori db stats). */
#include "data/stats.h"

#include <string.h>

#include <sqlite3.h>

#include "address/address.h"
#include "data/db.h"
#include "util/arena.h"

static const char *
col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? s : "";
}

static int
query(sqlite3 *db, const char *sql, sqlite3_stmt **st, diag *d)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		diag_plain(d, D_SQL, sqlite3_errmsg(db), sql);
		return -1;
	}
	return 0;
}

/* One line per row of a two-column query: label, number. */
static int
rows(sqlite3 *db, FILE *out, const char *sql, const char *indent, diag *d)
{
	sqlite3_stmt *st;

	if (query(db, sql, &st, d) == -1)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW)
		fprintf(out, "%s%-28s %8s%s%s\n", indent, col(st, 0), col(st, 1),
		    sqlite3_column_count(st) > 2 ? "  " : "",
		    sqlite3_column_count(st) > 2 ? col(st, 2) : "");
	sqlite3_finalize(st);
	return 0;
}

/* Customers whose address the address module can set, by country; the rest counted apart. */
static int
addresses(sqlite3 *db, FILE *out, diag *d)
{
	sqlite3_stmt *st, *by;
	arena *ar = arena_new();
	long long unusable = 0;

	if (query(db, "SELECT family_name, given_name, company, department, "
	    "honorific, joint_names, postal_code, coalesce(nullif(country, ''), "
	    "'JP'), region, city, address1, address2 FROM customers WHERE "
	    "opt_out = 0", &st, d) == -1) {
		arena_free(ar);
		return -1;
	}
	if (query(db, "CREATE TEMP TABLE stats_usable(country, n)", &by, d) == -1 ||
	    sqlite3_step(by) != SQLITE_DONE) {
		sqlite3_finalize(by);
		sqlite3_finalize(st);
		arena_free(ar);
		return -1;
	}
	sqlite3_finalize(by);
	if (query(db, "INSERT INTO stats_usable VALUES (?1, 1)", &by, d) == -1) {
		sqlite3_finalize(st);
		arena_free(ar);
		return -1;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		addr_fields f = {col(st, 0), col(st, 1), col(st, 2), col(st, 3),
		    col(st, 4), col(st, 5), col(st, 6), col(st, 7), col(st, 8),
		    col(st, 9), col(st, 10), col(st, 11)};
		address a;

		if (addr_format(&f, "JP", &a, ar) != 0)
			unusable++;
		else {
			sqlite3_bind_text(by, 1, f.country, -1, SQLITE_TRANSIENT);
			sqlite3_step(by);
			sqlite3_reset(by);
		}
		arena_reset(ar);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(by);
	arena_free(ar);
	fputs("mailable customers with a usable address, by country:\n", out);
	if (rows(db, out, "SELECT country, sum(n) FROM stats_usable GROUP BY "
	    "country ORDER BY sum(n) DESC, country", "  ", d) == -1)
		return -1;
	fprintf(out, "  %-28s %8lld\n", "no usable address", unusable);
	return 0;
}

int
stats_print(const char *path, FILE *out, diag *d)
{
	sqlite3 *db = db_open(path, DB_READ, d);
	int rc = -1;

	if (db == NULL || db_schema_current(db, path, d) == -1)
		goto out;
	fprintf(out, "%s\n", path);
	if (rows(db, out, "SELECT 'customers', count(*) FROM customers "
	    "UNION ALL SELECT 'opted out', count(*) FROM customers WHERE "
	    "opt_out != 0 "
	    "UNION ALL SELECT '  with a date, the first ' || min(opt_out_at), count(*) "
	    "FROM customers WHERE opt_out != 0 AND opt_out_at IS NOT NULL "
	    "HAVING count(*) > 0 "
	    "UNION ALL SELECT 'with totals only', count(*) FROM customers AS c "
	    "WHERE (summary_orders > 0 OR summary_last_purchase IS NOT NULL) AND "
	    "NOT EXISTS (SELECT 1 FROM purchases WHERE customer_id = c.id)", "",
	    d) == -1)
		goto out;
	if (addresses(db, out, d) == -1)
		goto out;
	if (rows(db, out, "SELECT 'purchases', count(*), coalesce(min(purchased_at) "
	    "|| ' … ' || max(purchased_at), '') FROM purchases", "", d) == -1)
		goto out;
	fputs("contacts, by campaign:\n", out);
	if (rows(db, out, "SELECT campaign || ' (' || coalesce(channel, '?') || ')', "
	    "count(*), min(sent_at) FROM contacts GROUP BY campaign, channel "
	    "ORDER BY min(sent_at), campaign", "  ", d) == -1)
		goto out;
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}
