/* test_segment: segments run read-only, one statement, opt-outs excluded, conditions as columns. */
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
#include "data/segment.h"
#include "util/mem.h"

static char tmpdir[512];
static char dbpath[1024];

static void
sql_exec(const char *sql)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

/* The whole file; *n its size. */
static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	char *p;
	long len;

	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	len = ftell(fp);
	rewind(fp);
	p = malloc((size_t)len + 1);
	assert_int_equal(fread(p, 1, (size_t)len, fp), (size_t)len);
	fclose(fp);
	*n = (size_t)len;
	return p;
}

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	diag d;

	snprintf(tmpdir, sizeof(tmpdir), "%s", t && *t ? t : "/tmp");
	mkdir(tmpdir, 0777);
	snprintf(tmpdir + strlen(tmpdir), sizeof(tmpdir) - strlen(tmpdir),
	    "/test_segment");
	mkdir(tmpdir, 0777);
	snprintf(dbpath, sizeof(dbpath), "%s/seg.db", tmpdir);
	unlink(dbpath);
	diag_init(&d, stderr);
	if (db_init(dbpath, &d) == -1)
		return -1;
	sql_exec("INSERT INTO customers(id, family_name, rank, opt_out) VALUES "
	    "(1, 'Sato', 'VIP', 0), (2, 'Suzuki', 'regular', 0), "
	    "(3, 'Tanaka', 'VIP', 1), (4, 'Ito', NULL, 0);"
	    "INSERT INTO purchases(customer_id, purchased_at, amount) VALUES "
	    "(1, '2026-01-01', 100), (3, '2026-01-02', 200);"
	    "INSERT INTO segments(name, sql) VALUES "
	    "('vips-db', 'SELECT * FROM customers WHERE rank = ''VIP'';');");
	return 0;
}

/* Open sql, expect a refusal, and check the database file did not change a byte. */
static void
expect_refused(const char *sql, const char *want)
{
	size_t n1, n2;
	char *before = slurp(dbpath, &n1), *after;
	diag d;

	diag_init(&d, NULL);
	assert_null(segment_open(dbpath, sql, NULL, 0, 0, &d));
	assert_true(diag_failed(&d));
	if (strstr(d.last, want) == NULL)
		fail_msg("'%s': got '%s', want '%s'", sql, d.last, want);
	after = slurp(dbpath, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void
test_segment_that_deletes_is_refused_and_db_file_unchanged(void **state)
{
	expect_refused("DELETE FROM customers",
	    "segment refused: a segment may only read (DELETE customers)");
	expect_refused("UPDATE customers SET opt_out = 1",
	    "segment refused: a segment may only read (UPDATE");
	expect_refused("WITH x AS (SELECT 1) INSERT INTO segments(name, sql) "
	    "SELECT 'a', 'b' FROM x", "segment refused");
	expect_refused("DROP TABLE customers", "segment refused");
	expect_refused("CREATE TABLE t(x)", "segment refused");
	expect_refused("BEGIN", "segment refused");
}

static void
test_two_statements_are_refused(void **state)
{
	expect_refused("SELECT id FROM customers; DELETE FROM customers",
	    "a segment must be exactly one statement");
	expect_refused("SELECT 1 AS id;\n  SELECT 2 AS id",
	    "a segment must be exactly one statement");
}

static void
test_attach_pragma_load_extension_and_token_key_are_refused(void **state)
{
	char sql[1200];

	snprintf(sql, sizeof(sql), "ATTACH DATABASE '%s/other.db' AS o", tmpdir);
	expect_refused(sql, "segment refused: a segment may only read (ATTACH");
	expect_refused("PRAGMA writable_schema = 1",
	    "segment refused: a segment may only read (PRAGMA writable_schema)");
	expect_refused("PRAGMA writable_schema",
	    "segment refused: a segment may only read (PRAGMA");
	expect_refused("SELECT load_extension('x') AS id",
	    "segment refused: a segment may only read (function load_extension)");
	expect_refused("SELECT value AS id FROM tayori_meta",
	    "segment refused: a segment may only read (reading tayori_meta)");
}

static void
test_missing_id_column_and_sql_error_are_diagnostics(void **state)
{
	expect_refused("SELECT family_name FROM customers",
	    "segment: the segment must return an id column");
	expect_refused("SELECT * FROM no_such_table",
	    "SQL error: no such table: no_such_table (in: SELECT * FROM no_such_table)");
}

static void
test_missing_database_is_not_created_and_foreign_db_is_refused(void **state)
{
	char path[1200];
	struct stat sb;
	sqlite3 *db;
	diag d;

	snprintf(path, sizeof(path), "%s/nope.db", tmpdir);
	unlink(path);
	diag_init(&d, NULL);
	assert_null(segment_open(path, "SELECT * FROM customers", NULL, 0, 0, &d));
	assert_non_null(strstr(d.last, "database: no such database"));
	assert_int_equal(stat(path, &sb), -1);

	snprintf(path, sizeof(path), "%s/foreign.db", tmpdir);
	unlink(path);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(id)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	diag_init(&d, NULL);
	assert_null(segment_open(path, "SELECT * FROM t", NULL, 0, 0, &d));
	assert_non_null(strstr(d.last, "not a tayori database"));
}

static void
test_opted_out_customers_are_excluded_and_counted(void **state)
{
	const char *sql = "SELECT * FROM customer_view ORDER BY id;  \n";
	long long ids[8];
	int n = 0;
	segment *s;
	diag d;

	diag_init(&d, stderr);
	s = segment_open(dbpath, sql, NULL, 0, 0, &d);
	assert_non_null(s);
	assert_int_equal(segment_excluded(s), 1);
	while (segment_next(s) == 1 && n < 8)
		ids[n++] = segment_id(s);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 4);
	assert_int_equal(segment_next(s), 0);
	segment_close(s);

	s = segment_open(dbpath, sql, NULL, 0, 1, &d);
	assert_non_null(s);
	assert_int_equal(segment_excluded(s), 0);
	n = 0;
	while (segment_next(s) == 1)
		n++;
	assert_int_equal(n, 4);
	segment_close(s);
}

static void
test_conditions_evaluate_per_row_and_columns_are_known_before_first_row(void **state)
{
	const char *conds[] = {"rank = 'VIP'", "order_count > 0 AND id < 4"};
	const char *sql = "SELECT id, family_name, rank, order_count "
	    "FROM customer_view ORDER BY id -- trailing comment";
	char got[64] = "";
	segment *s;
	diag d;
	int len;

	diag_init(&d, stderr);
	s = segment_open(dbpath, sql, conds, 2, 0, &d);
	assert_non_null(s);
	assert_int_equal(segment_ncolumns(s), 4);
	assert_string_equal(segment_column(s, 1), "family_name");
	assert_null(segment_column(s, 4));
	assert_int_equal(segment_find(s, "rank"), 2);
	assert_int_equal(segment_find(s, "?c0"), -1);
	while (segment_next(s) == 1) {
		char row[16];

		snprintf(row, sizeof(row), "%lld:%d%d ", segment_id(s),
		    segment_cond(s, 0), segment_cond(s, 1));
		strcat(got, row);
	}
	assert_string_equal(got, "1:11 2:00 4:00 ");
	segment_close(s);

	s = segment_open(dbpath, sql, conds, 2, 0, &d);
	assert_int_equal(segment_next(s), 1);
	assert_string_equal(segment_text(s, 1, &len), "Sato");
	assert_int_equal(len, 4);
	assert_int_equal(segment_next(s), 1);
	assert_int_equal(segment_next(s), 1);
	assert_null(segment_text(s, 2, &len));	/* Ito has no rank */
	segment_close(s);
}

static void
test_invalid_condition_names_itself(void **state)
{
	const char *conds[] = {"rank = 'VIP'", "no_such_field > 3", "1"};
	diag d;

	diag_init(&d, NULL);
	assert_null(segment_open(dbpath, "SELECT * FROM customers", conds, 3, 0, &d));
	assert_non_null(strstr(d.last,
	    "condition 'no_such_field > 3' is not valid SQL: no such column: no_such_field"));
}

static void
write_segment_file(const char *name, const char *text)
{
	char path[1400];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/segments", tmpdir);
	mkdir(path, 0777);
	snprintf(path, sizeof(path), "%s/segments/%s.sql", tmpdir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

static void
test_named_segment_from_file_then_from_table(void **state)
{
	const char *dirs[] = {"/nonexistent-dir", tmpdir, NULL};
	char *sql;
	diag d;

	write_segment_file("regulars", "-- the regulars\nSELECT * FROM customers "
	    "WHERE rank = 'regular';\n\n");
	diag_init(&d, stderr);
	sql = segment_resolve("  regulars ", dbpath, dirs, &d);
	assert_non_null(sql);
	assert_string_equal(sql, "-- the regulars\nSELECT * FROM customers "
	    "WHERE rank = 'regular'");
	mem_free(sql);

	sql = segment_resolve("vips-db", dbpath, dirs, &d);
	assert_non_null(sql);
	assert_string_equal(sql, "SELECT * FROM customers WHERE rank = 'VIP'");
	mem_free(sql);

	sql = segment_resolve("\n select id from customers ;\n", dbpath, dirs, &d);
	assert_string_equal(sql, "select id from customers");
	mem_free(sql);
	sql = segment_resolve("-- everyone\n/* all */ SELECT id FROM customers",
	    dbpath, dirs, &d);
	assert_string_equal(sql, "SELECT id FROM customers");
	mem_free(sql);
	sql = segment_resolve("WITH x AS (SELECT 1 AS id) SELECT * FROM x", dbpath,
	    dirs, &d);
	assert_string_equal(sql, "WITH x AS (SELECT 1 AS id) SELECT * FROM x");
	mem_free(sql);
}

static void
test_unknown_segment_name_lists_where_it_looked(void **state)
{
	const char *dirs[] = {"/nonexistent-dir", NULL};
	diag d;

	diag_init(&d, NULL);
	assert_null(segment_resolve("ghosts", dbpath, dirs, &d));
	assert_non_null(strstr(d.last, "no segment named 'ghosts'"));
	assert_non_null(strstr(d.last, "/nonexistent-dir/segments/ghosts.sql"));
	assert_non_null(strstr(d.last, "segments table"));

	diag_init(&d, NULL);
	assert_null(segment_resolve("../etc/passwd", dbpath, dirs, &d));
	assert_non_null(strstr(d.last, "neither SQL"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segment_that_deletes_is_refused_and_db_file_unchanged),
		cmocka_unit_test(test_two_statements_are_refused),
		cmocka_unit_test(test_attach_pragma_load_extension_and_token_key_are_refused),
		cmocka_unit_test(test_missing_id_column_and_sql_error_are_diagnostics),
		cmocka_unit_test(test_missing_database_is_not_created_and_foreign_db_is_refused),
		cmocka_unit_test(test_opted_out_customers_are_excluded_and_counted),
		cmocka_unit_test(test_conditions_evaluate_per_row_and_columns_are_known_before_first_row),
		cmocka_unit_test(test_invalid_condition_names_itself),
		cmocka_unit_test(test_named_segment_from_file_then_from_table),
		cmocka_unit_test(test_unknown_segment_name_lists_where_it_looked),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
