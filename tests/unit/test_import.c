/* test_import: exports read through mappings and encodings, every bad value reported, updates that keep opt-outs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "data/import.h"
#include "testdb.h"

static char dir[512], db[600];

static const char *
path(const char *name)
{
	static char p[4][700];
	static int next;
	char *o = p[next++ % 4];

	snprintf(o, sizeof(p[0]), "%s/%s", dir, name);
	return o;
}

static const char *
file(const char *name, const char *content)
{
	const char *p = path(name);

	assert_int_equal(testdb_write(p, content, strlen(content)), 0);
	return p;
}

static const char *
q(const char *sql)
{
	return testdb_text(db, sql);
}

/* Every diagnostic of one import, and its result. */
typedef struct run {
	int rc;
	import_result r;
	char out[8192];
} run;

static void
import(run *x, const char *csv, const char *table, const char *map,
    const char *preset, int skip_bad)
{
	import_opts o;
	FILE *fp = fmemopen(x->out, sizeof(x->out) - 1, "w");
	diag d;

	assert_non_null(fp);
	memset(x->out, 0, sizeof(x->out));
	memset(&o, 0, sizeof(o));
	o.db = db;
	o.file = csv;
	o.table = table;
	o.map = map;
	o.preset = preset;
	o.skip_bad = skip_bad;
	diag_init(&d, fp);
	x->rc = import_file(&o, &x->r, &d);
	fclose(fp);
}

static void
says(const run *x, const char *what)
{
	if (strstr(x->out, what) == NULL)
		fail_msg("no '%s' in:\n%s", what, x->out);
}

static int
setup(void **state)
{
	return 0;
}

static int
fresh(void **state)
{
	return testdb_new("test_import", "t.db", dir, sizeof(dir), db, sizeof(db));
}

static void
test_csv_with_bom_quotes_newline_and_crlf_imports(void **state)
{
	run x;

	import(&x, file("customers.csv",
	    "\xEF\xBB\xBFid,family_name,given_name,joint_names,postal_code,opt_out,country\r\n"
	    "1,佐藤,\"一郎, Jr.\",\"花子\r\n太郎\",0120034,,\r\n"
	    "2,\"O\"\"Brien\",Pat,,SW1A 1AA,1,GB\r\n"), "customers", NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 2);
	assert_string_equal(q("SELECT given_name FROM customers WHERE id = 1"),
	    "一郎, Jr.");
	assert_string_equal(q("SELECT joint_names FROM customers WHERE id = 1"),
	    "花子\n太郎");
	assert_string_equal(q("SELECT postal_code FROM customers WHERE id = 1"),
	    "0120034");
	assert_string_equal(q("SELECT opt_out || country FROM customers WHERE "
	    "id = 1"), "0JP");
	assert_string_equal(q("SELECT family_name || opt_out || country FROM "
	    "customers WHERE id = 2"), "O\"Brien1GB");
}

static void
test_row_with_too_many_fields_is_rejected_with_its_line_and_db_unchanged(void **state)
{
	run x;

	import(&x, file("seed.csv", "id,family_name\n9,Kept\n"), NULL, NULL,
	    NULL, 0);
	import(&x, file("bad.csv",
	    "id,family_name,address1\n"
	    "1,Sato,\"1-2-3\nGinza\"\n"
	    "2,Suzuki,x\n"
	    "3,Tanaka,\"a\nb\",extra\n"
	    "4,Ito,y\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	/* Record 3 starts on physical line 5 (line 2's record spans two lines). */
	says(&x, "bad.csv:5: error: 4 fields, the header has 3");
	says(&x, "1 bad row(s): nothing is written");
	assert_string_equal(q("SELECT group_concat(id) FROM customers"), "9");
}

static void
test_five_unknown_headers_are_reported_at_once_with_the_columns_accepted(void **state)
{
	run x;

	import(&x, file("unknown.csv", "id,shoe_size,Family Name,hat,Zip,"
	    "colour,pet,郵便番号x\n1,27,a,b,c,d,e,f\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "unknown.csv:1: error: 5 unknown columns: 'shoe_size', 'hat', "
	    "'colour', 'pet', '郵便番号x'");
	says(&x, "table customers has id, customer_no, family_name");
	assert_string_equal(q("SELECT count(*) FROM customers"), "0");
}

static void
test_invalid_utf8_in_a_utf8_file_is_reported_on_its_line(void **state)
{
	run x;

	import(&x, file("utf8.csv", "id,family_name\n1,佐藤\n2,鈴木\n"
	    "3,\"bad \xC3\x28\"\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "utf8.csv:4: error: invalid UTF-8 on this line");
	assert_string_equal(q("SELECT count(*) FROM customers"), "0");
}

static void
test_nul_bytes_and_a_directory_are_refused(void **state)
{
	static const char text[] = "id,family_name\0junk\n1,x\n";
	run x;

	assert_int_equal(testdb_write(path("nul.csv"), text, sizeof(text) - 1), 0);
	import(&x, path("nul.csv"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "nul.csv:1:15: error: a NUL byte in a field");
	import(&x, dir, NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "a directory, not a file");
	assert_string_equal(q("SELECT count(*) FROM customers"), "0");
}

static void
test_purchase_for_unknown_customer_fails_on_its_line(void **state)
{
	run x;

	import(&x, file("c.csv", "id\n1\n"), NULL, NULL, NULL, 0);
	import(&x, file("purchases.csv",
	    "customer_id,purchased_at,product,amount\n"
	    "1,2026-01-02,Tea,1200\n"
	    "77,2026-01-03,Tea,1200\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "purchases.csv:3: error: no customer with this customer_id");
	assert_string_equal(q("SELECT count(*) FROM purchases"), "0");

	import(&x, file("purchases.csv",
	    "customer_id,purchased_at,product,amount\n"
	    "1,2026/01/02,Tea,\"1,200\"\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 1);
	assert_string_equal(q("SELECT total_spent FROM customer_view"), "1200");
	/* the same file again: a purchase without an id is matched on all its fields */
	import(&x, path("purchases.csv"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 0);
	assert_int_equal(x.r.unchanged, 1);
	assert_string_equal(q("SELECT count(*) FROM purchases"), "1");
}

static void
test_import_into_missing_database_does_not_create_it(void **state)
{
	struct stat sb;
	run x;

	unlink(db);
	import(&x, file("m.csv", "id\n1\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	assert_int_equal(stat(db, &sb), -1);
	says(&x, "db init");
}

static void
test_bad_values_are_all_listed_and_nothing_is_written(void **state)
{
	run x;
	const char *csv = file("values.csv",
	    "id,family_name,birthday,summary_spent\n"	/* line 1 */
	    "1,a,1980-01-12,100\n"
	    "2,b,1980/01/12,\"12,800\"\n"
	    "3,c,昭和55年1月12日,¥3000\n"
	    "4,d,,\n"
	    "5,e,1980-02-28,5\n"
	    "6,f,1980-02-30,5\n"			/* line 7: bad date */
	    "7,g,1980-01-12,5\n"
	    "8,h,1980-01-12,5\n"
	    "9,i,1980-01-12,5\n"
	    "10,j,1980-01-12,5\n"
	    "11,k,1980-01-12,\"12.800,00\"\n");	/* line 12: bad amount */

	import(&x, csv, NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "values.csv:7:3: error: column 'birthday': no such day in that "
	    "month: '1980-02-30'");
	says(&x, "values.csv:12:4: error: column 'summary_spent': a comma after "
	    "the decimal point");
	says(&x, "2 bad row(s): nothing is written");
	assert_string_equal(q("SELECT count(*) FROM customers"), "0");

	import(&x, csv, NULL, NULL, NULL, 1);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 9);
	assert_int_equal(x.r.rejected, 2);
	says(&x, "2 bad row(s) left out, written with their reasons to");
	assert_string_equal(q("SELECT group_concat(id) FROM customers"),
	    "1,2,3,4,5,7,8,9,10");
	assert_string_equal(q("SELECT birthday || '/' || summary_spent FROM "
	    "customers WHERE id = 3"), "1980-01-12/3000");
}

static void
test_skip_bad_writes_the_good_rows_and_a_reject_file(void **state)
{
	run x;
	char buf[2048] = "";
	FILE *fp;

	import(&x, file("skip.csv",
	    "id,family_name,summary_spent\n"
	    "1,a,100\n"
	    "2,b,12.800,5\n"
	    "3,c,twelve\n"
	    "4,d,\"4,000\"\n"), NULL, NULL, NULL, 1);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 2);
	assert_int_equal(x.r.rejected, 2);
	assert_string_equal(q("SELECT group_concat(id || ':' || summary_spent) "
	    "FROM customers"), "1:100,4:4000");
	fp = fopen(path("skip.rejected.csv"), "rb");
	assert_non_null(fp);
	buf[fread(buf, 1, sizeof(buf) - 1, fp)] = '\0';
	fclose(fp);
	assert_non_null(strstr(buf, "line,reason,id,family_name,summary_spent\r\n"));
	assert_non_null(strstr(buf, "3,\"4 fields, the header has 3\",2,b,12.800,5\r\n"));
	assert_non_null(strstr(buf, "4,column 'summary_spent': no digits: "
	    "'twelve',3,c,twelve\r\n"));
}

static void
test_reimport_updates_adds_and_keeps_contacts_and_opt_outs(void **state)
{
	run x;

	import(&x, file("v1.csv",
	    "id,family_name,city,opt_out\n"
	    "1,Sato,Tokyo,0\n"
	    "2,Suzuki,Osaka,1\n"
	    "3,Tanaka,Nagoya,不可\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.opted_out, 2);
	assert_string_equal(q("SELECT opt_out_source FROM customers WHERE id = 2"),
	    "v1.csv");
	assert_string_equal(q("SELECT opt_out_at = date('now', 'localtime') FROM "
	    "customers WHERE id = 3"), "1");
	{
		sqlite3 *h;

		assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
		assert_int_equal(sqlite3_exec(h, "INSERT INTO contacts(customer_id, "
		    "campaign, channel, sent_at) VALUES (1, '2026-11', 'newsletter', "
		    "'2026-11-01'), (2, '2026-10', 'newsletter', '2026-10-01')",
		    NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(h);
	}
	/* next month: Sato moved, Suzuki's export says nothing of opt-out, Ito is new */
	import(&x, file("v2.csv",
	    "id,family_name,city,opt_out\n"
	    "1,Sato,Kyoto,0\n"
	    "2,Suzuki,Osaka,\n"
	    "3,Tanaka,Nagoya,不可\n"
	    "4,Ito,Kobe,\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.added, 1);
	assert_int_equal(x.r.changed, 1);
	assert_int_equal(x.r.unchanged, 2);
	assert_int_equal(x.r.opted_out, 0);
	assert_string_equal(q("SELECT group_concat(id || city || opt_out, ' ') "
	    "FROM customers"), "1Kyoto0 2Osaka1 3Nagoya1 4Kobe0");
	assert_string_equal(q("SELECT opt_out_source FROM customers WHERE id = 2"),
	    "v1.csv");
	assert_string_equal(q("SELECT count(*) FROM contacts"), "2");
	/* only an explicit "may mail" takes an opt-out back */
	import(&x, file("v3.csv", "id,opt_out\n2,可\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_string_equal(q("SELECT opt_out || coalesce(opt_out_at, '-') FROM "
	    "customers WHERE id = 2"), "0-");
	assert_string_equal(q("SELECT family_name FROM customers WHERE id = 2"),
	    "Suzuki");
}

static void
test_a_mapping_file_splits_joins_and_translates(void **state)
{
	run x;
	const char *map = file("map.yml",
	    "table: customers\n"
	    "key: email\n"
	    "columns:\n"
	    "  email: メール\n"
	    "  family_name: {from: 氏名, part: first}\n"
	    "  given_name: {from: 氏名, part: rest}\n"
	    "  region: {from: 住所, part: prefecture}\n"
	    "  address1: {join: [住所, 番地], with: ''}\n"
	    "  birthday: {from: 誕生日, date: mdy}\n"
	    "  rank: {from: 区分, values: {金: vip, 一般: regular}}\n"
	    "  opt_out: {from: DM, yes-means: may-mail}\n");
	const char *csv = file("mapped.csv",
	    "メール,氏名,住所,番地,誕生日,区分,DM\n"
	    "a@example.jp,山田　太郎,東京都千代田区,丸の内1-2-3,01/12/1980,金,yes\n"
	    "B@example.jp,鈴木 花子,大阪市北区,梅田1,12/31/1990,一般,no\n");

	import(&x, csv, NULL, map, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_string_equal(q("SELECT group_concat(family_name || '/' || "
	    "given_name || '/' || coalesce(region, '-') || '/' || address1 || '/' "
	    "|| birthday || '/' || rank || '/' || opt_out, ' ') FROM customers"),
	    "山田/太郎/東京都/東京都千代田区丸の内1-2-3/1980-01-12/vip/0 "
	    "鈴木/花子/-/大阪市北区梅田1/1990-12-31/regular/1");
	/* matched on the email, whatever its case */
	import(&x, file("mapped2.csv", "メール,氏名,住所,番地,誕生日,区分,DM\n"
	    "b@EXAMPLE.jp,鈴木 花子,大阪市北区,梅田2,12/31/1990,一般,no\n"), NULL,
	    map, NULL, 0);
	assert_int_equal(x.rc, 0);
	assert_int_equal(x.r.changed, 1);
	assert_string_equal(q("SELECT count(*) || address1 FROM customers WHERE "
	    "family_name = '鈴木'"), "1大阪市北区梅田2");
	/* a value the table does not know is an error, not a guess */
	import(&x, file("mapped3.csv", "メール,氏名,住所,番地,誕生日,区分,DM\n"
	    "c@example.jp,x y,z,1,01/01/1990,銀,yes\n"), NULL, map, NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "mapped3.csv:2:6: error: column '区分' (rank): not in the "
	    "mapping's values table: '銀'");
}

static void
test_mapping_errors_name_the_file_and_line(void **state)
{
	run x;

	import(&x, file("m.csv", "a\n1\n"), NULL, file("bad.yml",
	    "table: customers\ncolumns:\n  id: a\n  shoe: a\n"), NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "bad.yml:4: error: mapping: table customers has no column 'shoe'");
	import(&x, path("m.csv"), NULL, file("bad2.yml",
	    "columns:\n  id: {from: a, part: middle}\n"), NULL, 0);
	assert_int_equal(x.rc, -1);
	says(&x, "bad2.yml:2:");
	says(&x, "part is one of whole, first, rest");
	import(&x, path("m.csv"), NULL, NULL, "nosuch", 0);
	assert_int_equal(x.rc, -1);
	says(&x, "unknown preset");
	import(&x, path("m.csv"), NULL, NULL, "ja-pos", 0);
	assert_int_equal(x.rc, -1);
	says(&x, "no column '顧客番号' or '顧客ID'");
}

static void
test_summary_columns_feed_the_views_when_there_are_no_purchases(void **state)
{
	run x;

	import(&x, file("sum.csv",
	    "id,summary_orders,summary_spent,summary_first_purchase,"
	    "summary_last_purchase\n"
	    "1,4,\"¥20,000\",2024/01/05,2026/11/01\n"
	    "2,4,\"¥20,000\",2024/01/05,2026/11/01\n"
	    "3,,,,\n"), NULL, NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	import(&x, file("p.csv", "id,customer_id,purchased_at,amount\n"
	    "1,2,2026-11-20,300\n"), "purchases", NULL, NULL, 0);
	assert_int_equal(x.rc, 0);
	/* 1: the export's totals; 2: its purchase row wins; 3: never bought */
	assert_string_equal(q("SELECT group_concat(id || ':' || order_count || '/' "
	    "|| total_spent || '/' || coalesce(average_order, '-') || '/' || "
	    "coalesce(last_purchase, '-') || '/' || coalesce(rfm, '-'), ' ') FROM "
	    "customer_view"), "1:4/20000/5000.0/2026-11-01/122 "
	    "2:1/300/300.0/2026-11-20/211 3:0/0/-/-/-");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_csv_with_bom_quotes_newline_and_crlf_imports, fresh),
		cmocka_unit_test_setup(test_row_with_too_many_fields_is_rejected_with_its_line_and_db_unchanged, fresh),
		cmocka_unit_test_setup(test_five_unknown_headers_are_reported_at_once_with_the_columns_accepted, fresh),
		cmocka_unit_test_setup(test_invalid_utf8_in_a_utf8_file_is_reported_on_its_line, fresh),
		cmocka_unit_test_setup(test_nul_bytes_and_a_directory_are_refused, fresh),
		cmocka_unit_test_setup(test_purchase_for_unknown_customer_fails_on_its_line, fresh),
		cmocka_unit_test_setup(test_import_into_missing_database_does_not_create_it, fresh),
		cmocka_unit_test_setup(test_bad_values_are_all_listed_and_nothing_is_written, fresh),
		cmocka_unit_test_setup(test_skip_bad_writes_the_good_rows_and_a_reject_file, fresh),
		cmocka_unit_test_setup(test_reimport_updates_adds_and_keeps_contacts_and_opt_outs, fresh),
		cmocka_unit_test_setup(test_a_mapping_file_splits_joins_and_translates, fresh),
		cmocka_unit_test_setup(test_mapping_errors_name_the_file_and_line, fresh),
		cmocka_unit_test_setup(test_summary_columns_feed_the_views_when_there_are_no_purchases, fresh),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
