/* test_store: the one database interface, its segments and contacts, the same tests on SQLite and (TAYORI_TEST_PG_URL) PostgreSQL. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/contacts.h"
#include "data/segment.h"
#include "data/shard.h"
#include "data/store.h"
#include "util/buf.h"
#include "util/mem.h"

#include "testdb.h"

/* The database of one test: a new SQLite file, or a new schema of the PostgreSQL database. */
static char db[1400];
static int on_pg;

static int
fresh(void **state)
{
	static int serial;
	char dir[512];
	diag d;

	(void)state;
	serial++;
	if (on_pg) {
		snprintf(db, sizeof(db), "%s&schema=test_store_%ld_%d",
		    getenv("TAYORI_TEST_PG_URL"), (long)getpid(), serial);
		diag_init(&d, stderr);
		if (db_init(db, &d) != 0)
			return -1;
	} else {
		char name[64];

		snprintf(name, sizeof(name), "store-%d.db", serial);
		if (testdb_new("test_store", name, dir, sizeof(dir), db,
		    sizeof(db)) != 0)
			return -1;
	}
	return 0;
}

static void
run(const char *sql)
{
	store *s = store_open(db, DB_WRITE, NULL);
	diag d;

	diag_init(&d, stderr);
	assert_non_null(s);
	assert_int_equal(store_exec(s, sql, &d), 0);
	store_close(s);
}

static long long
number(const char *sql)
{
	store *s = store_open(db, DB_READ, NULL);
	store_stmt *st;
	long long v;

	assert_non_null(s);
	st = store_prepare(s, sql, NULL);
	assert_non_null(st);
	assert_int_equal(store_step(st), 1);
	v = store_int64(st, 0);
	store_finalize(st);
	store_close(s);
	return v;
}

static void
shop(void)
{
	run("INSERT INTO customers(id, family_name, rank, opt_out) VALUES "
	    "(1, 'Sato', 'VIP', 0), (2, 'Suzuki', 'regular', 0), "
	    "(3, 'Tanaka', 'VIP', 1), (4, 'Ito', NULL, 0);"
	    "INSERT INTO purchases(customer_id, purchased_at, amount) VALUES "
	    "(1, '2026-01-01', 100), (3, '2026-01-02', 200);");
}

/* Parameters by number, used in any order or not at all; text, integers, reals and NULL. */
static void
test_statements(void **state)
{
	store *s;
	store_stmt *st;
	int len;

	(void)state;
	shop();
	s = store_open(db, DB_WRITE, NULL);
	assert_non_null(s);
	st = store_prepare(s, "SELECT family_name, ?3 FROM customers "
	    "WHERE id = ?2 OR rank = ?4 ORDER BY id", NULL);
	assert_non_null(st);
	store_bind_int64(st, 2, 2);
	store_bind_text(st, 3, "it's");
	store_bind_text(st, 4, "VIP");
	assert_int_equal(store_ncolumns(st) == 0 || store_ncolumns(st) == 2, 1);
	assert_int_equal(store_step(st), 1);
	assert_string_equal(store_text(st, 0, &len), "Sato");
	assert_int_equal(len, 4);
	assert_string_equal(store_text(st, 1, NULL), "it's");
	assert_string_equal(store_column_name(st, 0), "family_name");
	assert_int_equal(store_step(st), 1);
	assert_string_equal(store_text(st, 0, NULL), "Suzuki");
	assert_int_equal(store_step(st), 1);
	assert_int_equal(store_step(st), 0);
	store_reset(st);
	store_bind_null(st, 4);
	assert_int_equal(store_step(st), 1);
	assert_string_equal(store_text(st, 0, NULL), "Suzuki");
	assert_int_equal(store_step(st), 0);
	store_finalize(st);
	/* a '?' in a string is text, not a parameter */
	st = store_prepare(s, "UPDATE customers SET notes = '?1 stays', "
	    "summary_spent = ?1 WHERE id <= ?2", NULL);
	store_bind_double(st, 1, 819.73);
	store_bind_int64(st, 2, 3);
	assert_int_equal(store_step(st), 0);
	assert_int_equal(store_changes(s), 3);
	store_finalize(st);
	st = store_prepare(s, "SELECT notes, summary_spent FROM customers WHERE id = 1", NULL);
	assert_int_equal(store_step(st), 1);
	assert_string_equal(store_text(st, 0, NULL), "?1 stays");
	assert_string_equal(store_text(st, 1, NULL), "819.73");
	store_finalize(st);
	/* errors: a unique key, and SQL the database does not know */
	st = store_prepare(s, "INSERT INTO customers(id) VALUES (?1)", NULL);
	store_bind_int64(st, 1, 1);
	assert_int_equal(store_step(st), -1);
	assert_int_equal(store_err(s), STORE_UNIQUE);
	store_finalize(st);
	st = store_prepare(s, "SELECT nosuchcolumn FROM customers", NULL);
	assert_true(st == NULL || store_step(st) == -1);
	assert_non_null(strstr(store_errmsg(s), "nosuchcolumn"));
	store_finalize(st);
	store_close(s);
}

/* Open sql as a segment, expect a refusal naming want, and the database unchanged. */
static void
expect_refused(const char *sql, const char *want)
{
	long long before = number("SELECT count(*) * 1000 + sum(opt_out) FROM customers");
	diag d;

	diag_init(&d, NULL);
	assert_null(segment_open(db, sql, NULL, 0, 0, &d));
	assert_true(diag_failed(&d));
	if (strstr(d.last, want) == NULL)
		fail_msg("'%s': got '%s', want '%s'", sql, d.last, want);
	assert_int_equal(number("SELECT count(*) * 1000 + sum(opt_out) FROM customers"),
	    before);
	assert_int_equal(number("SELECT count(*) FROM contacts"), 0);
}

static void
test_writing_segments_are_refused(void **state)
{
	(void)state;
	shop();
	expect_refused("DELETE FROM customers", "segment refused");
	expect_refused("UPDATE customers SET opt_out = 0", "segment refused");
	expect_refused("INSERT INTO contacts(customer_id, campaign) VALUES (1, 'x')",
	    "segment refused");
	expect_refused("SELECT id FROM customers; DELETE FROM customers",
	    "exactly one statement");
	expect_refused("SELECT c.id, m.value FROM customers AS c, tayori_meta AS m",
	    "reading tayori_meta");
	expect_refused("SELECT * FROM (SELECT * FROM tayori_meta) AS m, customers AS c",
	    "reading tayori_meta");
	expect_refused("SELECT id FROM customers WHERE '?1' = '?1'; DROP TABLE contacts",
	    "exactly one statement");
	if (on_pg) {
		expect_refused("WITH d AS (DELETE FROM customers RETURNING id) "
		    "SELECT * FROM d", "segment refused");
		expect_refused("SELECT id, nextval(pg_get_serial_sequence("
		    "'customers', 'id')) FROM customers", "segment refused");
		expect_refused("SELECT id, set_config('transaction_read_only', "
		    "'off', true) FROM customers", "read");
	} else
		expect_refused("ATTACH ':memory:' AS x", "segment refused");
}

/* A segment that never ends stops at the step limit: PostgreSQL's statement_timeout, SQLite's progress handler. */
static void
test_endless_segment_stops(void **state)
{
	segment_limits lim = {200, 0, 0};
	diag d;

	(void)state;
	shop();
	diag_init(&d, NULL);
	assert_null(segment_open_limits(db, "WITH RECURSIVE r(id) AS (SELECT 1 "
	    "UNION ALL SELECT id + 1 FROM r) SELECT id FROM r", NULL, 0, 0,
	    &lim, &d));
	assert_non_null(strstr(d.last, "ran longer than the limit of 200 ms"));
}

static void
test_value_limit(void **state)
{
	segment_limits lim = {0, 1000, 0};
	segment *s;
	diag d;
	int rc;

	(void)state;
	shop();
	diag_init(&d, NULL);
	s = segment_open_limits(db, on_pg ?
	    "SELECT id, repeat('x', 5000) AS big FROM customers" :
	    "SELECT id, zeroblob(5000) AS big FROM customers", NULL, 0, 0, &lim, &d);
	if (s != NULL) {
		while ((rc = segment_next(s)) == 1)
			;
		assert_int_equal(rc, -1);
		segment_close(s);
	}
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "limit"));
}

/* Conditions per row, opted-out customers left out and counted, whatever the SQL says. */
static void
test_conditions_and_opt_out(void **state)
{
	seg_condition c[] = {{"rank = 'VIP'", NULL, 0, 0}};
	segment *s;
	diag d;
	int got[8] = {0}, n = 0;

	(void)state;
	shop();
	diag_init(&d, NULL);
	s = segment_open(db, "SELECT id, rank, 0 AS opt_out FROM customers ORDER BY id",
	    c, 1, 0, &d);
	assert_non_null(s);
	assert_int_equal(segment_ncolumns(s), 3);
	assert_string_equal(segment_column(s, 1), "rank");
	assert_int_equal(segment_excluded(s), 1);
	assert_int_equal(segment_count(s), 3);
	while (segment_next(s) == 1) {
		got[n++] = (int)segment_id(s);
		assert_int_equal(segment_cond(s, 0), segment_id(s) == 1);
	}
	assert_int_equal(n, 3);
	assert_int_equal(got[0] + got[1] + got[2], 1 + 2 + 4);
	segment_close(s);
	if (on_pg) {	/* a segment's ? is PostgreSQL's jsonb operator, not a parameter */
		s = segment_open(db, "SELECT id FROM customers WHERE "
		    "'{\"a\": 1}'::jsonb ? 'a'", NULL, 0, 0, &d);
		assert_non_null(s);
		assert_int_equal(segment_count(s), 3);
		segment_close(s);
	}
}

/* A condition that does not compile is named with its place; one that leaves its parentheses too. */
static void
test_invalid_condition_names_itself(void **state)
{
	seg_condition bad[] = {{"rank = 'VIP'", "c.md", 2, 1},
	    {"nosuchcolumn > 1", "c.md", 7, 3}};
	seg_condition escape[] = {{"1) AS x, (2", "c.md", 4, 9}};
	diag d;

	(void)state;
	shop();
	diag_init(&d, NULL);
	assert_null(segment_open(db, "SELECT * FROM customer_view", bad, 2, 0, &d));
	if (strstr(d.last, "condition 'nosuchcolumn > 1' is not valid SQL") == NULL ||
	    strstr(d.last, "nosuchcolumn") == NULL)
		fail_msg("got '%s'", d.last);
	assert_null(segment_open(db, "SELECT * FROM customer_view", escape, 1, 0, &d));
	if (strstr(d.last, "it is not one SQL expression") == NULL)
		fail_msg("got '%s'", d.last);
}

/* The contact history: once per campaign, customer and ref; skipped and counted; --resend is touch 2. */
static void
test_contacts(void **state)
{
	contact_row rows[2];
	token_key k;
	segment *s;
	diag d;

	(void)state;
	shop();
	diag_init(&d, NULL);
	memset(rows, 0, sizeof(rows));
	rows[0].customer = 1;
	rows[0].copy = 1;
	rows[1].customer = 2;
	rows[1].copy = 2;
	assert_int_equal(contacts_key(db, &k, &d), 0);
	contacts_token(&k, "c", 1, rows[0].token);
	contacts_token(&k, "c", 2, rows[1].token);
	assert_int_equal(contacts_record(db, "c", "letter", "2026-12-01", 0, rows, 2, &d), 0);
	assert_int_equal(contacts_record(db, "c", "letter", "2026-12-01", 0, rows, 1, &d), -1);
	assert_non_null(strstr(d.last, "already recorded"));
	assert_int_equal(number("SELECT count(*) FROM contacts"), 2);
	assert_int_equal(contacts_record(db, "c", "letter", NULL, 1, rows, 1, &d), 0);
	assert_int_equal(number("SELECT max(touch) FROM contacts WHERE customer_id = 1"), 2);
	assert_int_equal(number("SELECT touches FROM contact_stats WHERE customer_id = 1"), 2);
	s = segment_open(db, "SELECT * FROM customer_view", NULL, 0, 0, &d);
	assert_non_null(s);
	assert_int_equal(segment_skip_recorded(s, "c", &d), 0);
	assert_int_equal(segment_skipped(s), 2);
	assert_int_equal(segment_next(s), 1);
	assert_int_equal(segment_id(s), 4);
	assert_int_equal(segment_next(s), 0);
	segment_close(s);
}

/* A shard's segment holds exactly the customers shard_of puts there: the SQL and the C hash agree. */
static void
test_shards_partition_the_segment(void **state)
{
	int seen[401] = {0};

	(void)state;
	run("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 400) INSERT INTO customers(id, family_name) SELECT i, 'x' FROM n");
	for (int k = 1; k <= 3; k++) {
		buf b = BUF_INIT;
		segment *s;
		diag d;

		diag_init(&d, NULL);
		shard_segment(&b, "SELECT * FROM customer_view ORDER BY id", k, 3);
		s = segment_open(db, buf_str(&b), NULL, 0, 0, &d);
		assert_non_null(s);
		while (segment_next(s) == 1) {
			long long id = segment_id(s);

			assert_int_equal(shard_of(id, 3), k);
			seen[id]++;
		}
		segment_close(s);
		buf_free(&b);
	}
	for (int i = 1; i <= 400; i++)
		assert_int_equal(seen[i], 1);
}

/* The contacts hold: a second whole build of a campaign is refused; shards of it run side by side, each once. */
static void
test_campaign_hold(void **state)
{
	contact_log *a, *b, *c;
	diag d;

	(void)state;
	diag_init(&d, NULL);
	a = contacts_open_shard(db, "c", 1, 2, &d);
	assert_non_null(a);
	b = contacts_open_shard(db, "c", 2, 2, &d);
	assert_non_null(b);
	assert_null(contacts_open_shard(db, "c", 2, 2, &d));
	assert_non_null(strstr(d.last, "(shard 2/2) is being built"));
	assert_null(contacts_open(db, "c", &d));
	c = contacts_open(db, "other", &d);
	assert_non_null(c);
	contacts_close(a);
	contacts_close(b);
	contacts_close(c);
	a = contacts_open(db, "c", &d);
	assert_non_null(a);
	assert_null(contacts_open_shard(db, "c", 1, 2, &d));
	contacts_close(a);
	/* A hold is given back when its run closes, not when the server notices. */
	for (int i = 0; i < 40; i++) {
		a = contacts_open(db, "c", &d);
		assert_non_null(a);
		contacts_close(a);
	}
}

#define TESTS(group) \
	const struct CMUnitTest group[] = { \
		cmocka_unit_test_setup(test_statements, fresh), \
		cmocka_unit_test_setup(test_writing_segments_are_refused, fresh), \
		cmocka_unit_test_setup(test_endless_segment_stops, fresh), \
		cmocka_unit_test_setup(test_value_limit, fresh), \
		cmocka_unit_test_setup(test_conditions_and_opt_out, fresh), \
		cmocka_unit_test_setup(test_invalid_condition_names_itself, fresh), \
		cmocka_unit_test_setup(test_contacts, fresh), \
		cmocka_unit_test_setup(test_shards_partition_the_segment, fresh), \
		cmocka_unit_test_setup(test_campaign_hold, fresh), \
	}

int
main(void)
{
	const char *url = getenv("TAYORI_TEST_PG_URL");
	int failed;
	TESTS(sqlite);
	TESTS(postgresql);

	failed = cmocka_run_group_tests_name("SQLite", sqlite, NULL, NULL);
	if (url == NULL || *url == '\0') {
		printf("PostgreSQL: not run here (tests/e2e/postgres.sh runs them "
		    "with a server of its own)\n");
		return failed;
	}
	on_pg = 1;
	return failed + cmocka_run_group_tests_name("PostgreSQL", postgresql,
	    NULL, NULL);
}
