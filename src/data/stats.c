/* stats: what a database holds, as a user checks it after an import (tayori db stats). */
#include "data/stats.h"

#include <stdlib.h>
#include <string.h>

#include "address/address.h"
#include "data/db.h"
#include "data/store.h"
#include "util/arena.h"
#include "util/mem.h"

static const char *
col(store_stmt *st, int i)
{
	const char *s = store_text(st, i, NULL);

	return s ? s : "";
}

/* One line per row of a two-column query: label, number. */
static int
rows(store *db, FILE *out, const char *sql, const char *indent, diag *d)
{
	store_stmt *st;
	int rc;

	if ((st = store_prepare(db, sql, d)) == NULL)
		return -1;
	while ((rc = store_step(st)) == 1)
		fprintf(out, "%s%-28s %8s%s%s\n", indent, col(st, 0), col(st, 1),
		    store_ncolumns(st) > 2 ? "  " : "",
		    store_ncolumns(st) > 2 ? col(st, 2) : "");
	if (rc == -1)
		diag_plain(d, D_SQL, store_errmsg(db), sql);
	store_finalize(st);
	return rc;
}

/* Usable addresses of one country. */
struct tally {
	char *country;
	long long n;
};

static int
by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->country, y->country);
}

/* Customers whose address the address module can set, by country; the rest counted apart. */
static int
addresses(store *db, FILE *out, diag *d)
{
	store_stmt *st;
	arena *ar;
	struct tally *t = NULL;
	long long unusable = 0;
	int nt = 0, rc;

	if ((st = store_prepare(db, "SELECT family_name, given_name, company, "
	    "department, honorific, joint_names, postal_code, "
	    "coalesce(nullif(country, ''), 'JP'), region, city, address1, "
	    "address2 FROM customers WHERE opt_out = 0", d)) == NULL)
		return -1;
	ar = arena_new();
	while ((rc = store_step(st)) == 1) {
		addr_fields f = {col(st, 0), col(st, 1), col(st, 2), col(st, 3),
		    col(st, 4), col(st, 5), col(st, 6), col(st, 7), col(st, 8),
		    col(st, 9), col(st, 10), col(st, 11)};
		address a;
		int i;

		if (addr_format(&f, "JP", &a, ar) != 0)
			unusable++;
		else {
			for (i = 0; i < nt && strcmp(t[i].country, f.country) != 0; i++)
				;
			if (i == nt) {
				t = mem_realloc(t, (size_t)(nt + 1) * sizeof(*t));
				t[nt].country = mem_strdup(f.country);
				t[nt++].n = 0;
			}
			t[i].n++;
		}
		arena_reset(ar);
	}
	if (rc == -1)
		diag_plain(d, D_SQL, store_errmsg(db), "SELECT … FROM customers");
	store_finalize(st);
	arena_free(ar);
	if (rc == 0) {
		if (nt > 0)
			qsort(t, (size_t)nt, sizeof(*t), by_count);
		fputs("mailable customers with a usable address, by country:\n", out);
		for (int i = 0; i < nt; i++)
			fprintf(out, "  %-28s %8lld\n", t[i].country, t[i].n);
		fprintf(out, "  %-28s %8lld\n", "no usable address", unusable);
	}
	for (int i = 0; i < nt; i++)
		mem_free(t[i].country);
	mem_free(t);
	return rc;
}

int
stats_print(const char *path, FILE *out, diag *d)
{
	store *db = store_open(path, DB_READ, d);
	int rc = -1;

	if (db == NULL || (store_sqlite(db) != NULL &&
	    db_schema_current(store_sqlite(db), path, d) == -1))
		goto out;
	fprintf(out, "%s\n", store_name(db));
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
	store_close(db);
	return rc;
}
