/* test_db: schema creation, the stats views, and all-or-nothing CSV import. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "data/db.h"

static char tmpdir[512];

static const char *
tmp_path(const char *name)
{
	static char path[4][1024];
	static int next;
	char *p = path[next++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmpdir, name);
	return p;
}

/* A fresh, initialised database. */
static const char *
fresh_db(const char *name)
{
	const char *path = tmp_path(name);
	diag d;

	unlink(path);
	diag_init(&d, stderr);
	assert_int_equal(db_init(path, &d), 0);
	return path;
}

static void
sql_exec(const char *dbpath, const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The first column of the first row of sql, as text ("NULL" for NULL) in out. */
static const char *
sql_text(const char *dbpath, const char *sql)
{
	static char out[4][256];
	static int next;
	char *o = out[next++ % 4];
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(o, sizeof(out[0]), "%s", sqlite3_column_type(st, 0) ==
	    SQLITE_NULL ? "NULL" : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return o;
}

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s", t && *t ? t : "/tmp");
	mkdir(tmpdir, 0777);
	snprintf(tmpdir + strlen(tmpdir), sizeof(tmpdir) - strlen(tmpdir),
	    "/test_db");
	mkdir(tmpdir, 0777);
	return 0;
}

static void
test_init_creates_tables_and_views_and_is_idempotent_with_a_stable_key(void **state)
{
	const char *db = fresh_db("init.db");
	char key[80];
	diag d;

	assert_string_equal(sql_text(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name IN ('customers', 'purchases', "
	    "'contacts', 'segments', 'tayori_meta')"), "5");
	assert_string_equal(sql_text(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'view' AND name IN ('customer_stats', "
	    "'customer_view', 'contact_stats')"), "3");
	assert_string_equal(sql_text(db, "SELECT value FROM tayori_meta "
	    "WHERE key = 'schema_version'"), "3");
	snprintf(key, sizeof(key), "%s", sql_text(db, "SELECT value FROM "
	    "tayori_meta WHERE key = 'token_key'"));
	assert_int_equal(strlen(key), 64);
	assert_int_equal(strspn(key, "0123456789abcdef"), 64);

	sql_exec(db, "INSERT INTO customers(id, family_name) VALUES (1, 'Sato')");
	diag_init(&d, stderr);
	assert_int_equal(db_init(db, &d), 0);
	assert_int_equal(db_init(db, &d), 0);
	assert_string_equal(sql_text(db, "SELECT value FROM tayori_meta "
	    "WHERE key = 'token_key'"), key);
	assert_string_equal(sql_text(db, "SELECT family_name FROM customers"),
	    "Sato");
	assert_string_equal(sql_text(db, "SELECT count(*) FROM tayori_meta"), "2");
}

static void
test_two_databases_get_different_keys(void **state)
{
	char a[80];
	const char *db = fresh_db("key1.db");

	snprintf(a, sizeof(a), "%s", sql_text(db, "SELECT value FROM "
	    "tayori_meta WHERE key = 'token_key'"));
	db = fresh_db("key2.db");
	assert_string_not_equal(sql_text(db, "SELECT value FROM tayori_meta "
	    "WHERE key = 'token_key'"), a);
}

static void
test_views_compute_order_count_total_days_and_dormant(void **state)
{
	const char *db = fresh_db("views.db");

	sql_exec(db,
	    "INSERT INTO customers(id, family_name, birthday) VALUES "
	    "(1, 'Recent', '1980-07-15'), (2, 'Old', NULL), (3, 'Never', 'bad');"
	    "INSERT INTO purchases(customer_id, purchased_at, amount) VALUES "
	    "(1, date('now', '-10 days'), 1000),"
	    "(1, date('now', '-40 days'), 3000),"
	    "(2, date('now', '-400 days'), 500);");

	assert_string_equal(sql_text(db, "SELECT order_count || '/' || "
	    "total_spent || '/' || average_order || '/' || "
	    "days_since_last_purchase || '/' || dormant || '/' || "
	    "birthday_month FROM customer_view WHERE id = 1"),
	    "2/4000/2000.0/10/0/7");
	assert_string_equal(sql_text(db, "SELECT first_purchase = "
	    "date('now', '-40 days') AND last_purchase = date('now', '-10 days') "
	    "FROM customer_view WHERE id = 1"), "1");
	assert_string_equal(sql_text(db, "SELECT order_count || '/' || "
	    "days_since_last_purchase || '/' || dormant FROM customer_view "
	    "WHERE id = 2"), "1/400/1");
	/* No purchase: still listed, zero orders, NULL days, dormant. */
	assert_string_equal(sql_text(db, "SELECT order_count || '/' || "
	    "total_spent || '/' || dormant || '/' || "
	    "coalesce(days_since_last_purchase, 'null') || '/' || "
	    "coalesce(birthday_month, 'null') || '/' || coalesce(rfm, 'null') "
	    "FROM customer_view WHERE id = 3"), "0/0/1/null/null/null");
	assert_string_equal(sql_text(db, "SELECT count(*) FROM customer_view"), "3");
	/* Customer 1 is the more recent, frequent and valuable buyer. */
	assert_string_equal(sql_text(db, "SELECT (SELECT r_score FROM "
	    "customer_stats WHERE customer_id = 1) > (SELECT r_score FROM "
	    "customer_stats WHERE customer_id = 2)"), "1");
	assert_string_equal(sql_text(db, "SELECT length(rfm) FROM customer_view "
	    "WHERE id = 1"), "3");
}

/* A database made by schema 1 gets the newer columns from db init, and keeps its rows. */
static void
test_init_updates_an_older_database_and_keeps_its_rows(void **state)
{
	const char *db = tmp_path("old.db");
	sqlite3 *h;
	diag d;

	unlink(db);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "CREATE TABLE customers (id INTEGER "
	    "PRIMARY KEY, family_name TEXT, given_name TEXT, family_kana TEXT, "
	    "given_kana TEXT, company TEXT, department TEXT, honorific TEXT, "
	    "joint_names TEXT, postal_code TEXT, country TEXT DEFAULT 'JP', "
	    "region TEXT, city TEXT, address1 TEXT, address2 TEXT, email TEXT, "
	    "phone TEXT, birthday TEXT, rank TEXT, opt_out INTEGER NOT NULL "
	    "DEFAULT 0, created_at TEXT); INSERT INTO customers(id, family_name, "
	    "opt_out) VALUES (7, 'Sato', 1);", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(db_schema_current(h, db, NULL), -1);
	sqlite3_close(h);
	diag_init(&d, stderr);
	assert_int_equal(db_init(db, &d), 0);
	assert_string_equal(sql_text(db, "SELECT family_name || opt_out || "
	    "coalesce(customer_no, '-') || coalesce(summary_orders, '-') FROM "
	    "customers"), "Sato1--");
	assert_string_equal(sql_text(db, "SELECT order_count FROM customer_view "
	    "WHERE id = 7"), "0");
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	assert_int_equal(db_schema_current(h, db, NULL), 0);
	sqlite3_close(h);
}

/* A database made by schema 1 (one contact per customer and campaign, a table constraint). */
static const char schema1[] =
    "CREATE TABLE customers (id INTEGER PRIMARY KEY, family_name TEXT, "
    "given_name TEXT, family_kana TEXT, given_kana TEXT, company TEXT, "
    "department TEXT, honorific TEXT, joint_names TEXT, postal_code TEXT, "
    "country TEXT DEFAULT 'JP', region TEXT, city TEXT, address1 TEXT, "
    "address2 TEXT, email TEXT, phone TEXT, birthday TEXT, rank TEXT, "
    "opt_out INTEGER NOT NULL DEFAULT 0, created_at TEXT);\n"
    "CREATE TABLE purchases (id INTEGER PRIMARY KEY, customer_id INTEGER NOT "
    "NULL REFERENCES customers(id), purchased_at TEXT, product TEXT, "
    "amount NUMERIC);\n"
    "CREATE TABLE contacts (id INTEGER PRIMARY KEY, customer_id INTEGER NOT "
    "NULL REFERENCES customers(id), campaign TEXT NOT NULL, channel TEXT, "
    "sent_at TEXT, token TEXT, copy INTEGER, UNIQUE(customer_id, campaign));\n"
    "CREATE INDEX contacts_campaign ON contacts(campaign);\n"
    "CREATE TABLE tayori_meta (key TEXT PRIMARY KEY, value);\n"
    "INSERT INTO tayori_meta VALUES ('schema_version', 1), ('token_key', "
    "'00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');\n"
    "INSERT INTO customers(id, family_name) VALUES (1, 'Sato'), (2, 'Ito');\n"
    "INSERT INTO contacts VALUES (10, 1, '2026-11', 'print', '2026-11-01', "
    "'aaaaaaaaaaaaaaaa', 1), (11, 2, '2026-11', 'print', '2026-11-01', "
    "'bbbbbbbbbbbbbbbb', 2), (12, 1, '2026-12', 'print', '2026-12-01', "
    "'cccccccccccccccc', 1);\n";

/* db init (and db_upgrade, at a build) keeps every contact of schema 1 and adds ref, touch and file. */
static void
test_schema_1_is_migrated_with_every_contact(void **state)
{
	const char *db = tmp_path("v1.db");
	char other[1024];
	diag d;

	for (int upgrade = 0; upgrade < 2; upgrade++) {
		unlink(db);
		sql_exec(db, schema1);
		diag_init(&d, stderr);
		assert_int_equal(upgrade ? db_upgrade(db, &d) : db_init(db, &d), 0);
		assert_string_equal(sql_text(db, "SELECT group_concat(id || customer_id "
		    "|| campaign || channel || sent_at || token || copy || touch || "
		    "coalesce(ref, '-') || coalesce(file, '-'), ' ') FROM (SELECT * "
		    "FROM contacts ORDER BY id)"),
		    "1012026-11print2026-11-01aaaaaaaaaaaaaaaa11-- "
		    "1122026-11print2026-11-01bbbbbbbbbbbbbbbb21-- "
		    "1212026-12print2026-12-01cccccccccccccccc11--");
		assert_string_equal(sql_text(db, "SELECT value FROM tayori_meta "
		    "WHERE key = 'schema_version'"), "3");
		assert_string_equal(sql_text(db, "SELECT value FROM tayori_meta WHERE "
		    "key = 'token_key'"), "00112233445566778899aabbccddeeff"
		    "00112233445566778899aabbccddeeff");
		/* the old constraint is gone: a second touch or another ref may be recorded */
		sql_exec(db, "INSERT INTO contacts(customer_id, campaign, touch) "
		    "VALUES (1, '2026-11', 2)");
		sql_exec(db, "INSERT INTO contacts(customer_id, campaign, ref) "
		    "VALUES (1, '2026-11', '77')");
		/* the new one holds, NULL ref included */
		{
			sqlite3 *h;

			assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
			assert_int_equal(sqlite3_exec(h, "INSERT INTO contacts(customer_id, "
			    "campaign) VALUES (1, '2026-11')", NULL, NULL, NULL),
			    SQLITE_CONSTRAINT);
			sqlite3_close(h);
		}
		assert_string_equal(sql_text(db, "SELECT touches || '/' || "
		    "last_contact_at || '/' || last_campaign FROM contact_stats "
		    "WHERE customer_id = 1"), "4/2026-12-01/2026-12");
		/* once current, nothing more happens; a database not ours is left alone */
		snprintf(other, sizeof(other), "%s", tmp_path("other.db"));
		unlink(other);
		sql_exec(other, "CREATE TABLE t(x)");
		assert_int_equal(db_upgrade(other, &d), 0);
		assert_string_equal(sql_text(other, "SELECT count(*) FROM "
		    "sqlite_master"), "1");
		assert_int_equal(db_upgrade(db, &d), 0);
		assert_int_equal(db_init(db, &d), 0);
		assert_string_equal(sql_text(db, "SELECT count(*) FROM contacts"), "5");
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_creates_tables_and_views_and_is_idempotent_with_a_stable_key),
		cmocka_unit_test(test_schema_1_is_migrated_with_every_contact),
		cmocka_unit_test(test_two_databases_get_different_keys),
		cmocka_unit_test(test_views_compute_order_count_total_days_and_dormant),
		cmocka_unit_test(test_init_updates_an_older_database_and_keeps_its_rows),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
