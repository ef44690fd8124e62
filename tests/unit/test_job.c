/* test_job: the driver end to end in one process: volumes, the manifest, workers, the contacts commit and its failure, proofs, dumps. */
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

#include "data/contacts.h"
#include "data/db.h"
#include "job/job.h"
#include "job/parts.h"
#include "job/spool.h"
#include "util/buf.h"
#include "util/mem.h"

#include "testdb.h"

static char tmpdir[512];
static char dbpath[1024];

static void
sql_exec(const char *sql)
{
	sqlite3 *db;
	char *err = NULL;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err);
	sqlite3_close(db);
}

static long long
sql_int(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static char *
slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	buf b = BUF_INIT;
	char chunk[65536];
	size_t k;

	if (fp == NULL)
		return NULL;
	while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(&b, chunk, k);
	fclose(fp);
	*n = b.len;
	return b.p ? buf_detach(&b) : mem_strdup("");
}

static const char *
out_path(const char *name)
{
	static char p[4][1400];
	static int k;

	k = (k + 1) % 4;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tmpdir, name);
	return p[k];
}

static int
exists(const char *name)
{
	struct stat sb;

	return stat(out_path(name), &sb) == 0;
}

/* Ten customers who may be mailed, one who may not, with addresses. */
static int
setup(void **state)
{
	if (testdb_new("test_job", "job.db", tmpdir, sizeof(tmpdir), dbpath,
	    sizeof(dbpath)) == -1)
		return -1;
	sql_exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
	    "WHERE i < 11) INSERT INTO customers(id, family_name, given_name, "
	    "postal_code, region, city, address1, country, opt_out) "
	    "SELECT i, 'Family' || i, 'Given', '150-000' || (i % 10), '東京都', "
	    "'渋谷区', '神宮前1-2-' || i, 'JP', i = 11 FROM n");
	return 0;
}

static job_opts
opts(const char *out)
{
	job_opts o;

	memset(&o, 0, sizeof(o));
	o.content = "content/2026-12-en.md";
	o.db = dbpath;
	o.segment = "SELECT * FROM customer_view ORDER BY id";
	o.out = out_path(out);
	o.jobs = 1;
	return o;
}

static void
clear(void)
{
	sql_exec("DELETE FROM contacts");
}

static void
test_volumes_and_their_manifest(void **state)
{
	job_opts o = opts("vol.pdf");
	size_t n;
	char *man;
	diag d;

	clear();
	o.volume = 3;
	diag_init(&d, NULL);
	assert_int_equal(job_run(&o, &d), 0);
	assert_true(exists("vol-001.pdf") && exists("vol-004.pdf"));
	assert_false(exists("vol-005.pdf") || exists("vol.pdf"));
	man = slurp(out_path("vol.manifest.csv"), &n);
	assert_non_null(man);
	assert_non_null(strstr(man, "volume,copy,customer_id,first_page,page_count,"
	    "postal_code,status\n1,1,1,1,2,150-0001,ok\n"));
	/* the first page counts within its volume */
	assert_non_null(strstr(man, "\n2,4,4,1,2,150-0004,ok\n"));
	assert_non_null(strstr(man, "\n4,10,10,1,2,150-0000,ok\n"));
	assert_null(strstr(man, ",11,"));	/* opted out */
	mem_free(man);
	assert_int_equal(sql_int("SELECT count(*) FROM contacts WHERE campaign = "
	    "'2026-12-newsletter-en'"), 10);
	assert_int_equal(sql_int("SELECT count(*) FROM contacts WHERE "
	    "customer_id = 11"), 0);
}

/* Two workers make the same files as one, and the parent records the contacts once. */
static void
test_workers_make_the_files_one_process_makes(void **state)
{
	const char *names[] = {"-001.pdf", "-002.pdf", "-003.pdf", "-004.pdf",
	    ".manifest.csv"};
	job_opts one = opts("one.pdf"), two = opts("two.pdf");
	diag d;

	clear();
	one.volume = two.volume = 3;
	two.jobs = 2;
	setenv("SOURCE_DATE_EPOCH", "1764547200", 1);
	diag_init(&d, NULL);
	assert_int_equal(job_run(&one, &d), 0);
	clear();
	assert_int_equal(job_run(&two, &d), 0);
	unsetenv("SOURCE_DATE_EPOCH");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char a[64], b[64];
		size_t na, nb;
		char *pa, *pb;

		snprintf(a, sizeof(a), "one%s", names[i]);
		snprintf(b, sizeof(b), "two%s", names[i]);
		pa = slurp(out_path(a), &na);
		pb = slurp(out_path(b), &nb);
		assert_non_null(pa);
		assert_non_null(pb);
		assert_int_equal(na, nb);
		assert_memory_equal(pa, pb, na);
		mem_free(pa);
		mem_free(pb);
	}
	assert_int_equal(sql_int("SELECT count(*) FROM contacts"), 10);
}

/* Contacts that cannot be recorded take the batch with them: nothing looks complete. */
static void
test_a_failed_commit_leaves_no_file(void **state)
{
	job_opts o = opts("nocommit.pdf");
	diag d;

	clear();
	o.volume = 4;
	sql_exec("CREATE TRIGGER no_contacts BEFORE INSERT ON contacts "
	    "BEGIN SELECT raise(ABORT, 'refused'); END");
	diag_init(&d, NULL);
	assert_int_equal(job_run(&o, &d), -1);
	sql_exec("DROP TRIGGER no_contacts");
	assert_false(exists("nocommit-001.pdf") || exists("nocommit-003.pdf") ||
	    exists("nocommit.manifest.csv"));
	assert_int_equal(sql_int("SELECT count(*) FROM contacts"), 0);
}

/* A smaller run under the same name removes what the earlier one left. */
static void
test_a_rerun_owns_its_names(void **state)
{
	job_opts o = opts("again.pdf");
	diag d;

	clear();
	o.volume = 2;
	diag_init(&d, NULL);
	assert_int_equal(job_run(&o, &d), 0);
	assert_true(exists("again-005.pdf"));
	clear();
	o.volume = 5;
	assert_int_equal(job_run(&o, &d), 0);
	assert_true(exists("again-002.pdf"));
	assert_false(exists("again-003.pdf") || exists("again-005.pdf"));
}

static void
test_proof_and_dump_record_nothing(void **state)
{
	job_opts p = opts("proof.pdf"), dm = opts("dump.txt");
	size_t n;
	char *text;
	diag d;

	clear();
	p.proof = 2;
	dm.dump = 1;
	dm.limit = 1;
	diag_init(&d, NULL);
	assert_int_equal(job_run(&p, &d), 0);
	assert_int_equal(job_run(&dm, &d), 0);
	assert_int_equal(sql_int("SELECT count(*) FROM contacts"), 0);
	text = slurp(out_path("dump.txt"), &n);
	assert_non_null(text);
	assert_true(strncmp(text, "== C1\ncopy 612.00 x 792.00, 2 page(s)\npage 1\n",
	    44) == 0);
	assert_non_null(strstr(text, "\"Family1"));
	mem_free(text);
}

/* A parts_line_fn: the line and a newline into the buf. */
static int
into_buf(void *ctx, const char *line, size_t len)
{
	buf_put(ctx, line, len);
	buf_putc(ctx, '\n');
	return 0;
}

/* The manifests of workers in copy order, with a contact for every ok copy, spooled in that order. */
static void
test_parts_merge_in_copy_order(void **state)
{
	static const char head[] = "volume,copy,customer_id,first_page,"
	    "page_count,postal_code,status\n";
	const char *paths[3] = {out_path("part0.csv"), out_path("part1.csv"),
	    out_path("part2.csv")};
	static const long long customers[] = {5, 6, 7, 8};
	token_key key;
	contact_row r;
	parts_sum sum;
	buf out = BUF_INIT;
	spool *sp;
	FILE *fp;
	diag d;

	memset(&key, 7, sizeof(key));
	fp = fopen(paths[0], "w");
	/* customer 6's copy is about ref "12" (hexadecimal after a tab) */
	fprintf(fp, "%s1,1,5,1,2,,ok\n1,2,6,3,2,,ok\t3132\n3,5,9,1,2,,failed\n", head);
	fclose(fp);
	fp = fopen(paths[1], "w");
	fprintf(fp, "%s2,3,7,1,2,,ok\n2,4,8,3,2,,ok\n", head);
	fclose(fp);
	fp = fopen(paths[2], "w");	/* a worker with no volume of its own */
	fclose(fp);
	diag_init(&d, NULL);
	sp = spool_new(tmpdir, &d);
	assert_non_null(sp);
	assert_int_equal(parts_merge(paths, 3, &key, "c", into_buf, &out, sp,
	    &sum, &d), 0);
	assert_string_equal(buf_str(&out), "volume,copy,customer_id,first_page,"
	    "page_count,postal_code,status\n1,1,5,1,2,,ok\n1,2,6,3,2,,ok\n"
	    "2,3,7,1,2,,ok\n2,4,8,3,2,,ok\n3,5,9,1,2,,failed\n");
	assert_int_equal(spool_rewind(sp), 0);
	for (int i = 0; i < 4; i++) {
		assert_int_equal(spool_next(sp, &r), 1);
		assert_int_equal(r.customer, customers[i]);
		assert_int_equal(r.copy, i + 1);
		assert_int_equal(r.volume, i < 2 ? 1 : 2);
		if (i == 1)
			assert_string_equal(r.ref, "12");
		else
			assert_null(r.ref);
	}
	assert_int_equal(spool_next(sp, &r), 0);
	assert_int_equal(sum.copies, 5);
	assert_int_equal(sum.failed, 1);
	assert_int_equal(sum.volumes, 3);
	spool_free(sp);
	buf_free(&out);
}

/* A part whose rows are not in copy order is damaged: said, naming it. */
static void
test_parts_out_of_order_are_damaged(void **state)
{
	const char *paths[1] = {out_path("part-bad.csv")};
	token_key key;
	parts_sum sum;
	buf out = BUF_INIT;
	FILE *fp;
	diag d;

	memset(&key, 7, sizeof(key));
	fp = fopen(paths[0], "w");
	fprintf(fp, "volume,copy\n1,2,6,3,2,,ok\n1,1,5,1,2,,ok\n");
	fclose(fp);
	diag_init(&d, NULL);
	assert_int_equal(parts_merge(paths, 1, &key, "c", into_buf, &out, NULL,
	    &sum, &d), -1);
	assert_non_null(strstr(d.last, "part-bad.csv"));
	assert_non_null(strstr(d.last, "copy order"));
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_volumes_and_their_manifest),
		cmocka_unit_test(test_workers_make_the_files_one_process_makes),
		cmocka_unit_test(test_a_failed_commit_leaves_no_file),
		cmocka_unit_test(test_a_rerun_owns_its_names),
		cmocka_unit_test(test_proof_and_dump_record_nothing),
		cmocka_unit_test(test_parts_merge_in_copy_order),
		cmocka_unit_test(test_parts_out_of_order_are_damaged),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
