/* test_segment: segments run read-only, one statement, opt-outs excluded, conditions as columns, under time and size limits; damaged files are errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "data/db.h"
#include "data/segment.h"
#include "util/buf.h"
#include "util/mem.h"

#include "testdb.h"

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
	if (testdb_new("test_segment", "seg.db", tmpdir, sizeof(tmpdir), dbpath,
	    sizeof(dbpath)) == -1)
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

/* CPU milliseconds since a: the work done, whatever else the machine runs. */
static double
ms_since(const struct timespec *a)
{
	struct timespec b;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	return (double)(b.tv_sec - a->tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * Run sql with a 200 ms step limit, with and without opted-out customers:
 * it must stop (at open or at a row) with want, in well under a second,
 * and leave the database file as it was.
 */
static void
expect_stopped(const char *path, const char *sql, const char *want)
{
	segment_limits lim = {200, 0, 0};
	size_t n1, n2;
	char *before = slurp(path, &n1), *after;

	for (int include = 0; include <= 1; include++) {
		struct timespec t0;
		segment *s;
		diag d;
		int rc = -1, rows = 0;

		diag_init(&d, NULL);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		if ((s = segment_open_limits(path, sql, NULL, 0, include, &lim,
		    &d)) != NULL) {
			while ((rc = segment_next(s)) == 1 && rows < 1000000)
				rows++;
			segment_close(s);
		}
		if (ms_since(&t0) >= 1000)
			fail_msg("'%s' ran %.0f ms", sql, ms_since(&t0));
		assert_int_equal(rc, -1);
		assert_true(diag_failed(&d));
		if (strstr(d.last, want) == NULL)
			fail_msg("'%s': got '%s', want '%s'", sql, d.last, want);
	}
	after = slurp(path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void
test_endless_recursive_cte_is_stopped_by_the_step_time_limit(void **state)
{
	const char *want = "segment: the statement ran longer than the limit "
	    "of 200 ms for one row";

	/* rows without end: stopped while counting them, before the first copy */
	expect_stopped(dbpath, "WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL "
	    "SELECT id + 1 FROM r) SELECT id FROM r", want);
	/* no row ever */
	expect_stopped(dbpath, "WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL "
	    "SELECT id + 1 FROM r) SELECT id FROM r WHERE id < 0", want);
	/* a sort that never starts */
	expect_stopped(dbpath, "WITH RECURSIVE r(id) AS (SELECT 1 UNION ALL "
	    "SELECT id + 1 FROM r) SELECT id FROM r ORDER BY id DESC", want);
}

static void
test_default_step_limit_is_ten_seconds(void **state)
{
	segment_limits lim = {0, 0, 0};
	segment *s;
	diag d;

	/* 0 means the default; a short query is far inside it */
	diag_init(&d, NULL);
	s = segment_open_limits(dbpath, "SELECT id FROM customers", NULL, 0, 0,
	    &lim, &d);
	assert_non_null(s);
	assert_int_equal(segment_next(s), 1);
	segment_close(s);
	assert_int_equal(SEGMENT_STEP_MS, 10000);
}

static void
test_a_segment_over_the_heap_limit_stops_and_the_limit_is_given_back(void **state)
{
	/* a time limit far above what it takes on a loaded machine: this tests memory */
	segment_limits lim = {120000, 0, 2 * 1024 * 1024};
	long long before = sqlite3_hard_heap_limit64(-1);
	segment *s;
	diag d;
	int rc = -1;

	/* a 3 MB string, under the value limit but over a 2 MiB heap */
	diag_init(&d, NULL);
	s = segment_open_limits(dbpath, "SELECT id, (SELECT group_concat(x, ',') "
	    "FROM (WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r "
	    "LIMIT 400000) SELECT x FROM r)) AS big FROM customers", NULL, 0, 1,
	    &lim, &d);
	if (s != NULL) {
		while ((rc = segment_next(s)) == 1)
			;
		segment_close(s);
	}
	assert_int_equal(rc, -1);
	assert_non_null(strstr(d.last, "the statement needed more memory than "
	    "the limit of 2 MiB"));
	assert_true(sqlite3_hard_heap_limit64(-1) == before);
}

static void
test_values_over_the_size_limit_fail_instead_of_allocating(void **state)
{
	const char *want = "segment: a value is larger than the limit of "
	    "16777216 bytes";

	expect_stopped(dbpath, "SELECT randomblob(2e9) AS id", want);
	expect_stopped(dbpath, "SELECT id, zeroblob(2e9) AS z FROM customers", want);
	expect_stopped(dbpath, "SELECT id, hex(randomblob(9e6)) AS h FROM customers",
	    want);
	/* a string that doubles every row */
	expect_stopped(dbpath, "WITH RECURSIVE r(id, s) AS (SELECT 0, 'x' "
	    "UNION ALL SELECT id + 1, s || s FROM r WHERE id < 40) "
	    "SELECT * FROM r", want);
	/* nine values of 2 MB joined */
	expect_stopped(dbpath, "SELECT 1 AS id, (SELECT group_concat(hex("
	    "zeroblob(1000000))) FROM (WITH RECURSIVE r(v) AS (SELECT 1 UNION "
	    "ALL SELECT v + 1 FROM r WHERE v < 9) SELECT v FROM r)) AS g", want);
}

/*
 * printf() and format() with widths and precisions past the value limit
 * stop at once (SQLite 3.40 spends 12 s on a %c repeated 2e9 times, out of
 * the time limit's reach); many calls in one row meet the time limit.
 */
static void
test_printf_past_the_value_limit_stops_at_once(void **state)
{
	const char *want = "segment: a value is larger than the limit of "
	    "16777216 bytes (printf() asks for at least 2000000000 bytes by its "
	    "widths and precisions)";
	buf b = BUF_INIT;

	expect_stopped(dbpath, "SELECT id, printf('%.*c', 2e9, 'x') AS x "
	    "FROM customers", want);
	expect_stopped(dbpath, "SELECT id, printf('%.2000000000c', 'x') AS x "
	    "FROM customers", want);
	expect_stopped(dbpath, "SELECT id, printf('%.*c', -2e9, 'x') AS x "
	    "FROM customers", want);
	expect_stopped(dbpath, "SELECT id, format('%*c%.*c', 1e9, 'x', 1e9, 'x') "
	    "AS x FROM customers", "(format() asks for at least 2000000000 bytes");
	/* each under the limit, together far past the step's time */
	buf_puts(&b, "SELECT id, 0");
	for (int i = 0; i < 300; i++)
		buf_puts(&b, " + length(printf('%.*c', 16000000, 'x'))");
	buf_puts(&b, " AS n FROM customers");
	expect_stopped(dbpath, buf_str(&b), "segment: the statement ran longer "
	    "than the limit of 200 ms for one row");
	buf_free(&b);
}

/* Under the guard, printf() and format() give what SQLite's own give. */
static void
test_guarded_printf_gives_what_sqlites_gives(void **state)
{
	static const char *const calls[] = {
		"printf('%05d|%-6s|%.2f|%c|%q|%Q|%w|%x|%,d|%!.3g|%s|%e', 42, 'ab', "
		    "3.14159, 'é', 'it''s', NULL, 'a\"b', 255, 1234567, 0.5, "
		    "x'41', 12345.678)",
		"printf('%*d|%-*d|%.*c|%.3s|%lld|%5%|%n|%z', -5, 3, 4, 7, 3, 'z', "
		    "'abcdef', 9, 'x')",
		"printf('%.*c', 5000000, 'x')",
		"format('%d%% %s', 50, 'off')",
		"printf('%d %d', 1)",
		"printf('abc')",
		"printf('%')",
		"printf('%5')",
		"printf('%T', 1)",
		"printf(NULL)",
		"printf()",
		"printf('%s', zeroblob(3))",
		"printf(42)",
	};
	sqlite3 *plain;

	assert_int_equal(sqlite3_open(":memory:", &plain), SQLITE_OK);
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		char sql[512];
		sqlite3_stmt *st;
		segment *s;
		diag d;
		const char *got;
		int len;

		snprintf(sql, sizeof(sql), "SELECT %s AS v", calls[i]);
		assert_int_equal(sqlite3_prepare_v2(plain, sql, -1, &st, NULL),
		    SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		snprintf(sql, sizeof(sql), "SELECT id, %s AS v FROM customers "
		    "WHERE id = 1", calls[i]);
		diag_init(&d, NULL);
		s = segment_open(dbpath, sql, NULL, 0, 0, &d);
		if (s == NULL)
			fail_msg("%s: %s", calls[i], d.last);
		assert_int_equal(segment_next(s), 1);
		got = segment_text(s, 1, &len);
		if (sqlite3_column_type(st, 0) == SQLITE_NULL) {
			if (got != NULL)
				fail_msg("%s: got '%s', SQLite's gives NULL",
				    calls[i], got);
		} else if (got == NULL ||
		    len != sqlite3_column_bytes(st, 0) ||
		    memcmp(got, sqlite3_column_text(st, 0), (size_t)len) != 0)
			fail_msg("%s: got '%.80s', SQLite's gives '%.80s'",
			    calls[i], got ? got : "NULL",
			    (const char *)sqlite3_column_text(st, 0));
		segment_close(s);
		sqlite3_finalize(st);
	}
	sqlite3_close(plain);
}

/* A copy of the test database at name, for damaging; its path in out. */
static void
copy_db(const char *name, char *out, size_t outlen)
{
	size_t n;
	char *p = slurp(dbpath, &n);
	FILE *fp;

	snprintf(out, outlen, "%s/%s", tmpdir, name);
	fp = fopen(out, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(p, 1, n, fp), n);
	fclose(fp);
	free(p);
}

/* Overwrite n bytes of path at off with bytes of a fixed pseudo-random sequence. */
static void
scribble(const char *path, long off, size_t n)
{
	FILE *fp = fopen(path, "r+b");
	unsigned x = 2463534242u;

	assert_non_null(fp);
	assert_int_equal(fseek(fp, off, SEEK_SET), 0);
	for (size_t i = 0; i < n; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		fputc((int)(x & 0xff), fp);
	}
	fclose(fp);
}

static long long
root_page(const char *table)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long page;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT rootpage FROM "
	    "sqlite_master WHERE name = ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	page = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return page;
}

static void
test_damaged_database_files_are_database_errors_naming_the_file(void **state)
{
	const char *sql = "SELECT * FROM customer_view ORDER BY id";
	char path[1200], want[1300];
	long long page = root_page("customers");
	size_t n;
	char *p;
	FILE *fp;

	/* garbage from the first byte */
	snprintf(path, sizeof(path), "%s/garbage.db", tmpdir);
	fp = fopen(path, "wb");
	fclose(fp);
	scribble(path, 0, 8192);
	snprintf(want, sizeof(want), "%s: error: database: the file is damaged "
	    "(file is not a database)", path);
	expect_stopped(path, sql, want);

	/* a real database cut after its first two pages */
	copy_db("truncated.db", path, sizeof(path));
	p = slurp(path, &n);
	assert_true(n > 4 * 4096);
	fp = fopen(path, "wb");
	assert_int_equal(fwrite(p, 1, 2 * 4096, fp), 2 * 4096);
	fclose(fp);
	free(p);
	snprintf(want, sizeof(want), "%s: error: database: the file is damaged "
	    "(database disk image is malformed)", path);
	expect_stopped(path, sql, want);

	/* a valid header and schema; the customers table's pages are noise */
	copy_db("noise.db", path, sizeof(path));
	scribble(path, (long)(page - 1) * 4096, 4096);
	snprintf(want, sizeof(want), "%s: error: database: the file is damaged "
	    "(database disk image is malformed)", path);
	expect_stopped(path, sql, want);

	/* everything after the 100-byte header is noise, schema included */
	copy_db("schema-noise.db", path, sizeof(path));
	p = slurp(path, &n);
	scribble(path, 100, n - 100);
	free(p);
	snprintf(want, sizeof(want), "%s: error: database: the file is damaged",
	    path);
	expect_stopped(path, sql, want);
}

static void
test_empty_file_and_directory_are_not_databases(void **state)
{
	char path[1200];
	FILE *fp;
	diag d;

	snprintf(path, sizeof(path), "%s/empty.db", tmpdir);
	fp = fopen(path, "wb");
	fclose(fp);
	diag_init(&d, NULL);
	assert_null(segment_open(path, "SELECT * FROM customers", NULL, 0, 0, &d));
	assert_non_null(strstr(d.last, "database: not a tayori database"));

	diag_init(&d, NULL);
	assert_null(segment_open(tmpdir, "SELECT * FROM customers", NULL, 0, 0, &d));
	assert_non_null(strstr(d.last, "database: not a regular file"));
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
	expect_refused("SELECT fts3_tokenizer('simple') AS id",
	    "segment refused: a segment may only read (function fts3_tokenizer)");
	expect_refused("SELECT 1 AS id FROM pragma_writable_schema",
	    "segment refused: a segment may only read (PRAGMA writable_schema, "
	    "run by the table-valued function pragma_writable_schema)");
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s/copy.db'", tmpdir);
	expect_refused(sql, "segment refused: a segment may only read "
	    "(the statement writes)");
	expect_refused("SELECT value AS id FROM tayori_meta",
	    "segment refused: a segment may only read (reading tayori_meta)");
}

/*
 * A table-valued pragma function is refused for the PRAGMA it runs, not
 * for the sqlite_master update SQLite asks about while declaring it; other
 * table-valued functions (json_each) only read and are allowed.
 */
static void
test_pragma_functions_are_refused_by_name_and_json_each_reads(void **state)
{
	const char *want = "segment refused: a segment may only read (PRAGMA "
	    "table_info, run by the table-valued function pragma_table_info)";
	segment *s;
	diag d;
	int rows = 0, rc;

	expect_refused("SELECT id FROM customers, pragma_table_info('customers')",
	    want);
	/* in a column: refused when the first row runs it */
	diag_init(&d, NULL);
	s = segment_open(dbpath, "SELECT id, (SELECT name FROM "
	    "pragma_table_info('customers')) AS n FROM customers", NULL, 0, 0, &d);
	assert_non_null(s);
	assert_int_equal(segment_next(s), -1);
	segment_close(s);
	assert_non_null(strstr(d.last, want));

	diag_init(&d, NULL);
	s = segment_open(dbpath, "SELECT c.id, j.value AS v FROM customers c, "
	    "json_each('[1, 2]') j", NULL, 0, 0, &d);
	assert_non_null(s);
	while ((rc = segment_next(s)) == 1)
		rows++;
	segment_close(s);
	assert_int_equal(rc, 0);
	assert_int_equal(rows, 6);	/* 3 customers not opted out, 2 values each */
	assert_false(diag_failed(&d));
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

/*
 * Whatever the segment's text or a condition says, an opted-out customer
 * is not a row: the program looks each id up in customers itself.
 */
static void
test_opted_out_customers_are_left_out_whatever_the_sql_says(void **state)
{
	static const char *const sqls[] = {
		"SELECT * FROM customers WHERE opt_out",
		"SELECT id, 0 AS opt_out FROM customers",
		"SELECT 3 AS id UNION ALL SELECT 3 UNION ALL SELECT 1",
		"SELECT 99 AS id",	/* no such customer: nobody said yes */
	};
	static const long long excluded[] = {1, 1, 2, 1};
	/* a condition that left its parentheses: refused, or harmless */
	const seg_condition escape[] = {{"1) AS \"?c0\" FROM customers AS s /*",
	    NULL, 0, 0}};
	segment *s;
	diag d;

	diag_init(&d, NULL);
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++) {
		s = segment_open(dbpath, sqls[i], NULL, 0, 0, &d);
		assert_non_null(s);
		assert_int_equal(segment_excluded(s), excluded[i]);
		while (segment_next(s) == 1)
			assert_true(segment_id(s) == 1 || segment_id(s) == 2 ||
			    segment_id(s) == 4);
		segment_close(s);
	}
	s = segment_open(dbpath, "SELECT * FROM customers", escape, 1, 0, &d);
	while (s && segment_next(s) == 1)
		assert_int_not_equal(segment_id(s), 3);
	segment_close(s);
}

static void
test_conditions_evaluate_per_row_and_columns_are_known_before_first_row(void **state)
{
	const seg_condition conds[] = {{"rank = 'VIP'", NULL, 0, 0},
	    {"order_count > 0 AND id < 4", NULL, 0, 0}};
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
	const seg_condition conds[] = {{"rank = 'VIP'", NULL, 0, 0},
	    {"no_such_field > 3", "c.md", 7, 9}, {"1", NULL, 0, 0}};
	diag d;

	diag_init(&d, NULL);
	assert_null(segment_open(dbpath, "SELECT * FROM customers", conds, 3, 0, &d));
	assert_non_null(strstr(d.last,
	    "condition 'no_such_field > 3' is not valid SQL: no such column: no_such_field"));
	assert_non_null(strstr(d.last, "c.md:7:9: "));
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

/* The ids segment_next gives, comma-separated. */
static void
ids_of(segment *s, char *out, size_t n)
{
	int rc;

	out[0] = '\0';
	while ((rc = segment_next(s)) == 1)
		snprintf(out + strlen(out), n - strlen(out), "%s%lld",
		    out[0] ? "," : "", segment_id(s));
	assert_int_equal(rc, 0);
}

/* Customers recorded for the campaign (about the row's ref) are skipped and counted; others, and opt-outs, are not. */
static void
test_recorded_customers_are_skipped_and_counted(void **state)
{
	char ids[64];
	segment *s;
	diag d;

	sql_exec("INSERT INTO contacts(customer_id, campaign, ref) VALUES "
	    "(1, 'skip', NULL), (2, 'skip', '7'), (3, 'skip', NULL), "
	    "(4, 'other', NULL)");
	diag_init(&d, stderr);

	/* no ref column: 1 (and 3, opted out: excluded, not skipped) */
	s = segment_open(dbpath, "SELECT * FROM customers ORDER BY id", NULL, 0,
	    0, &d);
	assert_non_null(s);
	assert_int_equal(segment_skip_recorded(s, "skip", &d), 0);
	assert_int_equal(segment_excluded(s), 1);
	assert_int_equal(segment_skipped(s), 1);
	assert_int_equal(segment_count(s), 2);
	ids_of(s, ids, sizeof(ids));
	assert_string_equal(ids, "2,4");
	segment_close(s);

	/* a ref column: 2 is recorded about 7 (an integer here, text there), not about 8 */
	s = segment_open(dbpath, "SELECT id, CASE id WHEN 4 THEN 8 ELSE 7 END "
	    "AS ref FROM customers UNION ALL SELECT 2, 8 ORDER BY 1, 2", NULL, 0,
	    1, &d);
	assert_non_null(s);
	assert_int_equal(segment_skip_recorded(s, "skip", &d), 0);
	assert_int_equal(segment_skipped(s), 1);
	assert_int_equal(segment_count(s), 4);
	ids_of(s, ids, sizeof(ids));
	assert_string_equal(ids, "1,2,3,4");
	segment_close(s);

	/* without segment_skip_recorded nobody is skipped */
	s = segment_open(dbpath, "SELECT * FROM customers ORDER BY id", NULL, 0,
	    1, &d);
	assert_non_null(s);
	assert_int_equal(segment_count(s), 4);
	ids_of(s, ids, sizeof(ids));
	assert_string_equal(ids, "1,2,3,4");
	segment_close(s);
	sql_exec("DELETE FROM contacts");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_segment_that_deletes_is_refused_and_db_file_unchanged),
		cmocka_unit_test(test_two_statements_are_refused),
		cmocka_unit_test(test_attach_pragma_load_extension_and_token_key_are_refused),
		cmocka_unit_test(test_pragma_functions_are_refused_by_name_and_json_each_reads),
		cmocka_unit_test(test_missing_id_column_and_sql_error_are_diagnostics),
		cmocka_unit_test(test_missing_database_is_not_created_and_foreign_db_is_refused),
		cmocka_unit_test(test_opted_out_customers_are_excluded_and_counted),
		cmocka_unit_test(test_opted_out_customers_are_left_out_whatever_the_sql_says),
		cmocka_unit_test(test_conditions_evaluate_per_row_and_columns_are_known_before_first_row),
		cmocka_unit_test(test_invalid_condition_names_itself),
		cmocka_unit_test(test_named_segment_from_file_then_from_table),
		cmocka_unit_test(test_unknown_segment_name_lists_where_it_looked),
		cmocka_unit_test(test_endless_recursive_cte_is_stopped_by_the_step_time_limit),
		cmocka_unit_test(test_default_step_limit_is_ten_seconds),
		cmocka_unit_test(test_values_over_the_size_limit_fail_instead_of_allocating),
		cmocka_unit_test(test_printf_past_the_value_limit_stops_at_once),
		cmocka_unit_test(test_guarded_printf_gives_what_sqlites_gives),
		cmocka_unit_test(test_a_segment_over_the_heap_limit_stops_and_the_limit_is_given_back),
		cmocka_unit_test(test_damaged_database_files_are_database_errors_naming_the_file),
		cmocka_unit_test(test_empty_file_and_directory_are_not_databases),
		cmocka_unit_test(test_recorded_customers_are_skipped_and_counted),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
