/* db: the customer database: opening it, its schema and views. */
#include "data/db.h"
#include "data/db_pg.h"
#include "data/store.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "util/mem.h"

#define SCHEMA_VERSION	"3"

/*
 * A contact: one touch of a customer by a campaign, about ref (a purchase
 * id for a thank-you, NULL otherwise). The database holds one row per
 * (campaign, customer, ref, touch) (index contacts_once; coalesce because
 * NULLs are distinct in a UNIQUE index): a build records touch 1, --resend
 * the next touch, so a second letter is always an explicit one. A
 * customer set aside as the control group (--holdout) is recorded with
 * held_out = 1: not mailed, but reached by the campaign's choice.
 */
#define CONTACTS_COLUMNS " (\n" \
"  id INTEGER PRIMARY KEY,\n" \
"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n" \
"  campaign TEXT NOT NULL, channel TEXT, ref TEXT,\n" \
"  touch INTEGER NOT NULL DEFAULT 1 CHECK (touch >= 1),\n" \
"  sent_at TEXT, token TEXT, copy INTEGER, file TEXT,\n" \
"  held_out INTEGER NOT NULL DEFAULT 0)"

static const char schema_tables[] =
"CREATE TABLE IF NOT EXISTS customers (\n"
"  id INTEGER PRIMARY KEY,\n"
"  family_name TEXT, given_name TEXT, family_kana TEXT, given_kana TEXT,\n"
"  company TEXT, department TEXT, honorific TEXT, joint_names TEXT,\n"
"  postal_code TEXT, country TEXT DEFAULT 'JP', region TEXT, city TEXT,\n"
"  address1 TEXT, address2 TEXT, email TEXT, phone TEXT, birthday TEXT,\n"
"  rank TEXT, opt_out INTEGER NOT NULL DEFAULT 0, created_at TEXT,\n"
"  customer_no TEXT, opt_out_at TEXT, opt_out_source TEXT, notes TEXT,\n"
"  summary_orders INTEGER, summary_spent NUMERIC,\n"
"  summary_first_purchase TEXT, summary_last_purchase TEXT);\n"
"CREATE TABLE IF NOT EXISTS purchases (\n"
"  id INTEGER PRIMARY KEY,\n"
"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
"  purchased_at TEXT, product TEXT, amount NUMERIC);\n"
"CREATE TABLE IF NOT EXISTS contacts" CONTACTS_COLUMNS ";\n"
"CREATE TABLE IF NOT EXISTS segments (\n"
"  name TEXT PRIMARY KEY, sql TEXT NOT NULL, description TEXT);\n"
"CREATE TABLE IF NOT EXISTS tayori_meta (key TEXT PRIMARY KEY, value);\n"
/* What came back: a QR visit, a coupon, a purchase, a reply (see README: attribution). */
"CREATE TABLE IF NOT EXISTS responses (\n"
"  id INTEGER PRIMARY KEY,\n"
"  customer_id INTEGER NOT NULL REFERENCES customers(id),\n"
"  token TEXT, campaign TEXT, responded_at TEXT NOT NULL,\n"
"  kind TEXT NOT NULL CHECK (kind IN ('visit', 'coupon', 'purchase', 'reply')),\n"
"  amount NUMERIC, source TEXT);\n"
/* What a build knew of its campaign, for the report. */
"CREATE TABLE IF NOT EXISTS campaigns (\n"
"  name TEXT PRIMARY KEY, title TEXT, channel TEXT, segment TEXT,\n"
"  content TEXT, first_built TEXT, last_built TEXT,\n"
"  cost_per_piece NUMERIC, window_days INTEGER NOT NULL DEFAULT 30,\n"
"  holdout REAL NOT NULL DEFAULT 0);\n"
"";

/* What schema 1 lacks, added by db init: columns, and tables (decl NULL: made by CREATE TABLE IF NOT EXISTS). */
static const struct added_column {
	const char *table, *column, *decl;
} added_columns[] = {
	{"customers", "customer_no", "TEXT"},
	{"customers", "opt_out_at", "TEXT"},
	{"customers", "opt_out_source", "TEXT"},
	{"customers", "notes", "TEXT"},
	{"customers", "summary_orders", "INTEGER"},
	{"customers", "summary_spent", "NUMERIC"},
	{"customers", "summary_first_purchase", "TEXT"},
	{"customers", "summary_last_purchase", "TEXT"},
	{"responses", "id", NULL},
	{"campaigns", "name", NULL},
	{"contacts", "held_out", "INTEGER NOT NULL DEFAULT 0"},	/* schema 2 */
};

static const char schema_rest[] =
DB_SCHEMA_INDEXES
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
"WITH bought AS (\n"
"  SELECT c.id AS customer_id, count(p.id) AS n,\n"
"    sum(p.amount) AS spent, avg(p.amount) AS average,\n"
"    min(p.purchased_at) AS first, max(p.purchased_at) AS last,\n"
"    c.summary_orders, c.summary_spent,\n"
"    c.summary_first_purchase, c.summary_last_purchase\n"
"  FROM customers AS c LEFT JOIN purchases AS p ON p.customer_id = c.id\n"
"  GROUP BY c.id\n"
/* Purchase rows win; a customer with none is read from the export's totals. */
"), agg AS (\n"
"  SELECT customer_id,\n"
"    CASE WHEN n > 0 THEN n ELSE coalesce(summary_orders, 0) END AS order_count,\n"
"    CASE WHEN n > 0 THEN coalesce(spent, 0)\n"
"      ELSE coalesce(summary_spent, 0) END AS total_spent,\n"
"    CASE WHEN n > 0 THEN average\n"
"      WHEN summary_orders > 0 THEN summary_spent * 1.0 / summary_orders\n"
"    END AS average_order,\n"
"    CASE WHEN n > 0 THEN first ELSE summary_first_purchase END AS first_purchase,\n"
"    CASE WHEN n > 0 THEN last ELSE summary_last_purchase END AS last_purchase\n"
"  FROM bought\n"
"), scores AS (\n"
"  SELECT customer_id,\n"
"    ntile(5) OVER (ORDER BY last_purchase, customer_id) AS r_score,\n"
"    ntile(5) OVER (ORDER BY order_count, customer_id) AS f_score,\n"
"    ntile(5) OVER (ORDER BY total_spent, customer_id) AS m_score\n"
"  FROM agg WHERE order_count > 0 OR last_purchase IS NOT NULL\n"
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
 * Attribution: what came back (responses, and purchases, which are
 * responses too) belongs to the campaign its token or row names, else
 * to the latest campaign whose contact with the customer (held out or
 * not) was sent on or before it and at most the campaign's window
 * (default 30 days) before it.
 */
static const char response_views[] =
"DROP VIEW IF EXISTS attributed_responses;\n"
"DROP VIEW IF EXISTS response_events;\n"
"CREATE VIEW response_events AS\n"
"SELECT 'response' AS origin, r.id AS origin_id, r.customer_id, r.token,\n"
"  r.campaign AS named_campaign, r.responded_at AS at, r.kind, r.amount\n"
"FROM responses AS r\n"
"UNION ALL\n"
"SELECT 'purchase', p.id, p.customer_id, NULL, NULL, p.purchased_at,\n"
"  'purchase', p.amount\n"
"FROM purchases AS p;\n"
"CREATE VIEW attributed_responses AS\n"
"SELECT e.*, coalesce(e.named_campaign,\n"
"  (SELECT k.campaign FROM contacts AS k\n"
"    LEFT JOIN campaigns AS m ON m.name = k.campaign\n"
"    WHERE k.customer_id = e.customer_id\n"
"      AND date(k.sent_at) <= date(e.at)\n"
"      AND date(e.at) <= date(k.sent_at,\n"
"        '+' || coalesce(m.window_days, 30) || ' days')\n"
"    ORDER BY k.sent_at DESC, k.id DESC LIMIT 1)) AS campaign\n"
"FROM response_events AS e;\n";

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
"    AND l.held_out = 0 ORDER BY l.sent_at DESC, l.id DESC LIMIT 1)\n"
"    AS last_campaign\n"
"FROM customers AS c LEFT JOIN contacts AS k ON k.customer_id = c.id\n"
"  AND k.held_out = 0\n"
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

	if (store_is_pg(path))
		why = "a PostgreSQL URL where a SQLite file is expected";
	else if (stat(path, &sb) == -1) {
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

static int
add_columns(sqlite3 *db, diag *d)
{
	for (size_t i = 0; i < sizeof(added_columns) / sizeof(added_columns[0]); i++) {
		const struct added_column *a = &added_columns[i];
		char sql[160];

		if (has_column(db, a->table, a->column) || a->decl == NULL)
			continue;
		snprintf(sql, sizeof(sql), "ALTER TABLE %s ADD COLUMN %s %s",
		    a->table, a->column, a->decl);
		if (exec(db, sql, d) == -1)
			return -1;
	}
	return 0;
}

int
db_schema_current(struct sqlite3 *db, const char *path, diag *d)
{
	for (size_t i = 0; i < sizeof(added_columns) / sizeof(added_columns[0]); i++)
		if (!has_column(db, added_columns[i].table, added_columns[i].column)) {
			if (d != NULL)
				diag_at(d, D_DB, path, 0, 0, "made by an older tayori: run "
				    "'tayori db init' on it to update its schema "
				    "(every row is kept)");
			return -1;
		}
	return 0;
}

int
db_init(const char *path, diag *d)
{
	sqlite3 *db;
	int rc = -1;

	if (store_is_pg(path))
		return db_pg_init(path, d);
	if ((db = db_open(path, DB_CREATE, d)) == NULL)
		goto out;
	if (exec(db, "BEGIN IMMEDIATE", d) == -1)
		goto out;
	if (migrate_contacts(db, d) == -1 || exec(db, schema_tables, d) == -1 ||
	    add_columns(db, d) == -1 || exec(db, schema_rest, d) == -1 ||
	    exec(db, history_views, d) == -1 || exec(db, response_views, d) == -1) {
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

	if (store_is_pg(path))
		return db_pg_upgrade(path, d);
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
