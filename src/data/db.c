/* db: the customer database: schema, views, CSV import. */
#include "data/db.h"

#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "data/csv.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/mem.h"

#define SCHEMA_VERSION	"2"

/*
 * A contact: one touch of a customer by a campaign, about ref (a purchase
 * id for a thank-you, NULL otherwise). The database holds one row per
 * (campaign, customer, ref, touch) (index contacts_once; coalesce because
 * NULLs are distinct in a UNIQUE index): a build records touch 1, --resend
 * the next touch, so a second letter is always an explicit one.
 */
#define CONTACTS_COLUMNS " (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n" \
"  campaign TEXT NOT NULL, channel TEXT, ref TEXT,\n" \
"  touch INTEGER NOT NULL DEFAULT 1 CHECK (touch >= 1),\n" \
"  sent_at TEXT, token TEXT, copy INTEGER, file TEXT)"

static const char schema[] =
"CREATE TABLE IF NOT EXISTS customers (\n"
"  id INTEGER PRIMARY KEY,\n"
"  family_name TEXT, given_name TEXT, family_kana TEXT, given_kana TEXT,\n"
"  company TEXT, department TEXT, honorific TEXT, joint_names TEXT,\n"
"  postal_code TEXT, country TEXT DEFAULT 'JP', region TEXT, city TEXT,\n"
"  address1 TEXT, address2 TEXT, email TEXT, phone TEXT, birthday TEXT,\n"
"  rank TEXT, opt_out INTEGER NOT NULL DEFAULT 0, created_at TEXT);\n"
"CREATE TABLE IF NOT EXISTS purchases (\n"
"  id INTEGER PRIMARY KEY,\n"
"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
"  purchased_at TEXT, product TEXT, amount NUMERIC);\n"
"CREATE TABLE IF NOT EXISTS contacts" CONTACTS_COLUMNS ";\n"
"CREATE TABLE IF NOT EXISTS segments (\n"
"  name TEXT PRIMARY KEY, sql TEXT NOT NULL, description TEXT);\n"
"CREATE TABLE IF NOT EXISTS tayori_meta (key TEXT PRIMARY KEY, value);\n"
"CREATE INDEX IF NOT EXISTS purchases_customer ON purchases(customer_id);\n"
"CREATE INDEX IF NOT EXISTS customers_postal_code ON customers(postal_code);\n"
"CREATE INDEX IF NOT EXISTS contacts_campaign ON contacts(campaign);\n"
"CREATE UNIQUE INDEX IF NOT EXISTS contacts_once\n"
"  ON contacts(campaign, customer_id, coalesce(ref, ''), touch);\n"
"CREATE INDEX IF NOT EXISTS contacts_customer ON contacts(customer_id, sent_at);\n"
/* The key is made once; INSERT OR IGNORE keeps an existing one. */
"INSERT OR IGNORE INTO tayori_meta(key, value)\n"
"  VALUES ('token_key', lower(hex(randomblob(32))));\n"
"INSERT OR REPLACE INTO tayori_meta(key, value)\n"
"  VALUES ('schema_version', " SCHEMA_VERSION ");\n"
/* Views hold no data: recreate them so an older database gets the current ones. */
"DROP VIEW IF EXISTS customer_view;\n"
"DROP VIEW IF EXISTS customer_stats;\n"
/*
 * Scores rank the customers who bought at least once into five equal
 * groups (5 best: most recent, most orders, most spent); customers with
 * no purchase have NULL scores. ltv is the historical value (total spent).
 */
"CREATE VIEW customer_stats AS\n"
"WITH agg AS (\n"
"  SELECT c.id AS customer_id,\n"
"    count(p.id) AS order_count,\n"
"    coalesce(sum(p.amount), 0) AS total_spent,\n"
"    avg(p.amount) AS average_order,\n"
"    min(p.purchased_at) AS first_purchase,\n"
"    max(p.purchased_at) AS last_purchase\n"
"  FROM customers AS c LEFT JOIN purchases AS p ON p.customer_id = c.id\n"
"  GROUP BY c.id\n"
"), scores AS (\n"
"  SELECT customer_id,\n"
"    ntile(5) OVER (ORDER BY last_purchase, customer_id) AS r_score,\n"
"    ntile(5) OVER (ORDER BY order_count, customer_id) AS f_score,\n"
"    ntile(5) OVER (ORDER BY total_spent, customer_id) AS m_score\n"
"  FROM agg WHERE order_count > 0\n"
")\n"
"SELECT a.customer_id, a.order_count, a.total_spent, a.average_order,\n"
"  a.first_purchase, a.last_purchase,\n"
"  CAST(julianday(date('now')) - julianday(a.last_purchase) AS INTEGER)\n"
"    AS days_since_last_purchase,\n"
"  a.total_spent AS ltv,\n"
"  s.r_score, s.f_score, s.m_score,\n"
"  s.r_score || s.f_score || s.m_score AS rfm,\n"
"  CASE WHEN a.last_purchase IS NULL\n"
"    OR a.last_purchase < date('now', '-365 days') THEN 1 ELSE 0 END AS dormant,\n"
"  CASE WHEN c.birthday GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-*'\n"
"    AND CAST(substr(c.birthday, 6, 2) AS INTEGER) BETWEEN 1 AND 12\n"
"    THEN CAST(substr(c.birthday, 6, 2) AS INTEGER) END AS birthday_month\n"
"FROM agg AS a\n"
"  JOIN customers AS c ON c.id = a.customer_id\n"
"  LEFT JOIN scores AS s ON s.customer_id = a.customer_id;\n"
"CREATE VIEW customer_view AS\n"
"SELECT c.*, coalesce(s.order_count, 0) AS order_count,\n"
"  coalesce(s.total_spent, 0) AS total_spent, s.average_order,\n"
"  s.first_purchase, s.last_purchase, s.days_since_last_purchase,\n"
"  coalesce(s.ltv, 0) AS ltv, s.r_score, s.f_score, s.m_score, s.rfm,\n"
"  coalesce(s.dormant, 1) AS dormant, s.birthday_month\n"
"FROM customers AS c LEFT JOIN customer_stats AS s ON s.customer_id = c.id;\n";

/*
 * The contact history as segments read it: per customer (every customer,
 * touches 0 when never contacted) the number of touches, the last one's
 * time and campaign, the days since, and the touches of the last 30 and
 * 90 days; and what a letter is about: each customer's last purchase
 * (latest date, then highest id), its id as ref.
 */
static const char history_views[] =
"DROP VIEW IF EXISTS last_purchase;\n"
"CREATE VIEW last_purchase AS\n"
"SELECT p.customer_id, p.id AS ref, p.product, p.purchased_at, p.amount\n"
"FROM purchases AS p WHERE p.id = (SELECT q.id FROM purchases AS q\n"
"  WHERE q.customer_id = p.customer_id\n"
"  ORDER BY q.purchased_at DESC, q.id DESC LIMIT 1);\n"
"DROP VIEW IF EXISTS contact_stats;\n"
"CREATE VIEW contact_stats AS\n"
"SELECT c.id AS customer_id, count(k.id) AS touches,\n"
"  max(k.sent_at) AS last_contact_at,\n"
"  CAST(julianday(date('now')) - julianday(substr(max(k.sent_at), 1, 10))\n"
"    AS INTEGER) AS days_since_last_contact,\n"
"  coalesce(sum(k.sent_at >= date('now', '-30 days')), 0) AS touches_30d,\n"
"  coalesce(sum(k.sent_at >= date('now', '-90 days')), 0) AS touches_90d,\n"
"  (SELECT l.campaign FROM contacts AS l WHERE l.customer_id = c.id\n"
"    ORDER BY l.sent_at DESC, l.id DESC LIMIT 1) AS last_campaign\n"
"FROM customers AS c LEFT JOIN contacts AS k ON k.customer_id = c.id\n"
"GROUP BY c.id;\n";

static int
exec(sqlite3 *db, const char *sql, diag *d)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		diag_plain(d, D_SQL, err ? err : sqlite3_errmsg(db), sql);
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

sqlite3 *
db_open(const char *path, enum db_mode mode, diag *d)
{
	static const int flags[] = {SQLITE_OPEN_READONLY, SQLITE_OPEN_READWRITE,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE};
	sqlite3 *db = NULL;
	struct stat sb;
	const char *why = NULL;

	if (stat(path, &sb) == -1) {
		if (mode != DB_CREATE)
			why = "no such database (create it with 'tayori db init')";
	} else if (!S_ISREG(sb.st_mode))
		why = "not a regular file";
	if (why == NULL && sqlite3_open_v2(path, &db, flags[mode], NULL) !=
	    SQLITE_OK)
		why = db ? sqlite3_errmsg(db) : "cannot open";
	if (why != NULL) {
		if (d != NULL)
			diag_at(d, D_DB, path, 0, 0, why);
		sqlite3_close(db);
		return NULL;
	}
	sqlite3_busy_timeout(db, DB_BUSY_MS);
	return db;
}

/* 1 when the database's table has the column, 0 when not (or no such table). */
static int
has_column(sqlite3 *db, const char *table, const char *column)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;

	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info(?1) "
	    "WHERE name = ?2", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, column, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/*
 * Schema 1 to 2, inside db_init's transaction: schema 1's contacts held
 * one row per (customer, campaign) by a table constraint, which only a
 * new table can drop. Every row is kept, as touch 1 with no ref or file.
 */
static int
migrate_contacts(sqlite3 *db, diag *d)
{
	static const char v1_to_v2[] =
	    "DROP VIEW IF EXISTS contact_stats;\n"
	    "CREATE TABLE contacts_v2" CONTACTS_COLUMNS ";\n"
	    "INSERT INTO contacts_v2(id, customer_id, campaign, channel, "
	    "sent_at, token, copy)\n"
	    "  SELECT id, customer_id, campaign, channel, sent_at, token, copy "
	    "FROM contacts;\n"
	    "DROP TABLE contacts;\n"
	    "ALTER TABLE contacts_v2 RENAME TO contacts;\n";

	if (!has_column(db, "contacts", "customer_id") ||
	    has_column(db, "contacts", "touch"))
		return 0;	/* a new database, or one made by schema 2 */
	return exec(db, v1_to_v2, d);
}

int
db_init(const char *path, diag *d)
{
	sqlite3 *db;
	int rc = -1;

	if ((db = db_open(path, DB_CREATE, d)) == NULL)
		goto out;
	if (exec(db, "BEGIN IMMEDIATE", d) == -1)
		goto out;
	if (migrate_contacts(db, d) == -1 || exec(db, schema, d) == -1 ||
	    exec(db, history_views, d) == -1) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	if (exec(db, "COMMIT", d) == -1) {
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
		goto out;
	}
	rc = 0;
out:
	sqlite3_close(db);
	return rc;
}

int
db_upgrade(const char *path, diag *d)
{
	static const char sql[] = "SELECT coalesce((SELECT value >= "
	    SCHEMA_VERSION " FROM tayori_meta WHERE key = 'schema_version'), 0)";
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	int rc = 0, current = 1;

	if ((db = db_open(path, DB_READ, d)) == NULL)
		return -1;
	/* no tayori_meta: not a tayori database, which is not ours to change */
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			current = sqlite3_column_int(st, 0);
		else {
			diag_plain(d, D_SQL, sqlite3_errmsg(db), sql);
			rc = -1;
		}
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc == 0 && !current ? db_init(path, d) : rc;
}

/* The table's column names, from a statement that reads none of its rows. */
static int
table_columns(sqlite3 *db, const char *table, char ***cols, int *ncols,
    diag *d)
{
	sqlite3_stmt *st = NULL;
	buf sql = BUF_INIT;
	int rc = -1;

	buf_printf(&sql, "SELECT * FROM \"%s\" LIMIT 0", table);
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, &st, NULL) != SQLITE_OK) {
		diag_plain(d, D_SQL, sqlite3_errmsg(db), buf_str(&sql));
		goto out;
	}
	*ncols = sqlite3_column_count(st);
	*cols = mem_calloc((size_t)*ncols, sizeof(**cols));
	for (int i = 0; i < *ncols; i++)
		(*cols)[i] = mem_strdup(sqlite3_column_name(st, i));
	rc = 0;
out:
	sqlite3_finalize(st);
	buf_free(&sql);
	return rc;
}

static void
free_strings(char **v, int n)
{
	for (int i = 0; i < n && v; i++)
		mem_free(v[i]);
	mem_free(v);
}

/*
 * Read the header, map it to the table's columns and prepare the INSERT.
 * map[i] is the table column index of CSV field i.
 */
static int
prepare_insert(sqlite3 *db, csv *c, const char *csvpath, const char *table,
    char **cols, int ncols, int *map, sqlite3_stmt **st, diag *d)
{
	buf sql = BUF_INIT;
	int n = csv_nfields(c), rc = -1;

	buf_printf(&sql, "INSERT INTO \"%s\"(", table);
	for (int i = 0; i < n; i++) {
		size_t len;
		const char *name = csv_field(c, i, &len);

		if (utf8_valid(name, len, NULL) == -1) {
			diag_at(d, D_CSV, csvpath, 1, 0,
			    "invalid UTF-8 in the header");
			goto out;
		}
		map[i] = -1;
		for (int k = 0; k < ncols; k++)
			if (strcasecmp(name, cols[k]) == 0)
				map[i] = k;
		if (map[i] == -1) {
			buf msg = BUF_INIT;

			buf_printf(&msg, "unknown column '%s': table %s has no "
			    "such column", name, table);
			diag_at(d, D_CSV, csvpath, 1, 0, buf_str(&msg));
			buf_free(&msg);
			goto out;
		}
		for (int k = 0; k < i; k++) {
			if (map[k] == map[i]) {
				buf msg = BUF_INIT;

				buf_printf(&msg, "column '%s' appears twice in "
				    "the header", name);
				diag_at(d, D_CSV, csvpath, 1, 0, buf_str(&msg));
				buf_free(&msg);
				goto out;
			}
		}
		buf_printf(&sql, "%s\"%s\"", i ? ", " : "", cols[map[i]]);
	}
	buf_puts(&sql, ") VALUES (");
	for (int i = 0; i < n; i++)
		buf_puts(&sql, i ? ", ?" : "?");
	buf_puts(&sql, ")");
	if (sqlite3_prepare_v2(db, buf_str(&sql), -1, st, NULL) != SQLITE_OK) {
		diag_plain(d, D_SQL, sqlite3_errmsg(db), buf_str(&sql));
		goto out;
	}
	rc = 0;
out:
	buf_free(&sql);
	return rc;
}

/* An empty field is NULL, except where the column has a default. */
static void
bind_field(sqlite3_stmt *st, int i, const char *col, const char *s, size_t len)
{
	if (len > 0)
		sqlite3_bind_text(st, i, s, (int)len, SQLITE_STATIC);
	else if (strcmp(col, "opt_out") == 0)
		sqlite3_bind_int(st, i, 0);
	else if (strcmp(col, "country") == 0)
		sqlite3_bind_text(st, i, "JP", 2, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static void
row_error(diag *d, const char *csvpath, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
row_error(diag *d, const char *csvpath, int line, const char *fmt, ...)
{
	buf msg = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	diag_at(d, D_CSV, csvpath, line, 0, buf_str(&msg));
	buf_free(&msg);
}

int
db_import_csv(const char *dbpath, const char *csvpath, const char *table,
    long long *rows, diag *d)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	csv *c = NULL;
	char **cols = NULL;
	int *map = NULL;
	int ncols = 0, nfields, r, in_tx = 0, rc = -1;
	long long count = 0;

	if (rows)
		*rows = 0;
	if (strcmp(table, "customers") != 0 && strcmp(table, "purchases") != 0) {
		diag_plain(d, D_USAGE, "import into customers or purchases");
		goto out;
	}
	if ((db = db_open(dbpath, DB_WRITE, d)) == NULL)
		goto out;
	if (exec(db, "PRAGMA foreign_keys = ON", d) == -1)
		goto out;
	if (table_columns(db, table, &cols, &ncols, d) == -1)
		goto out;
	if ((c = csv_open(csvpath, d)) == NULL)
		goto out;
	if ((r = csv_next(c, d)) <= 0) {
		if (r == 0)
			diag_at(d, D_CSV, csvpath, 0, 0,
			    "empty file: the first line must name the columns");
		goto out;
	}
	nfields = csv_nfields(c);
	map = mem_calloc((size_t)nfields, sizeof(*map));
	if (prepare_insert(db, c, csvpath, table, cols, ncols, map, &st, d) == -1)
		goto out;
	if (exec(db, "BEGIN IMMEDIATE", d) == -1)
		goto out;
	in_tx = 1;
	while ((r = csv_next(c, d)) == 1) {
		int line = csv_line(c);

		if (csv_nfields(c) != nfields) {
			row_error(d, csvpath, line, "%d field%s, the header has %d",
			    csv_nfields(c), csv_nfields(c) == 1 ? "" : "s", nfields);
			goto out;
		}
		for (int i = 0; i < nfields; i++) {
			size_t len;
			const char *s = csv_field(c, i, &len);

			if (utf8_valid(s, len, NULL) == -1) {
				row_error(d, csvpath, line,
				    "invalid UTF-8 in column '%s'", cols[map[i]]);
				goto out;
			}
			bind_field(st, i + 1, cols[map[i]], s, len);
		}
		if (sqlite3_step(st) != SQLITE_DONE) {
			row_error(d, csvpath, line, "%s", sqlite3_errmsg(db));
			goto out;
		}
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		count++;
	}
	if (r == -1)
		goto out;
	if (exec(db, "COMMIT", d) == -1)
		goto out;
	in_tx = 0;
	if (rows)
		*rows = count;
	rc = 0;
out:
	sqlite3_finalize(st);
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	csv_close(c);
	free_strings(cols, ncols);
	mem_free(map);
	return rc;
}
