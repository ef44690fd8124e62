/* test_manifest: joining the manifest parts of a sharded build, and every way a part can be wrong. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/shard.h"
#include "job/manifest.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/file.h"
#include "util/mem.h"

#include "testdb.h"

static char dir[512];
static char part[3][600];	/* x.shard-K-of-2.manifest.csv, K = 1, 2 */

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	char cmd[1100];

	(void)state;
	snprintf(dir, sizeof(dir), "%s/test_manifest", t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	assert_int_equal(system(cmd), 0);
	for (int k = 1; k <= 2; k++)
		snprintf(part[k], sizeof(part[k]), "%s/x.shard-%d-of-2.manifest.csv",
		    dir, k);
	return 0;
}

static void
put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* A part of shard k of 2 with the first n customers (from 1 up) of that shard, two per volume. */
static void
write_part(int k, int n, long long extra)
{
	buf b = BUF_INIT;
	int copy = 0;

	buf_puts(&b, "volume,copy,customer_id,first_page,page_count,postal_code,status\n");
	for (long long id = 1; copy < n; id++)
		if (shard_of(id, 2) == k) {
			copy++;
			buf_printf(&b, "%d,%d,%lld,%d,2,100-0001,ok\n", (copy + 1) / 2,
			    copy, id, copy % 2 ? 1 : 3);
		}
	if (extra)
		buf_printf(&b, "%d,%d,%lld,1,2,,ok\n", (copy + 2) / 2, copy + 1, extra);
	put(part[k], buf_str(&b));
	buf_free(&b);
}

static int
merge(const char *out, buf *err)
{
	const char *parts[] = {part[1], part[2]};
	char ebuf[4096] = "";
	FILE *f = fmemopen(ebuf, sizeof(ebuf), "w");
	diag d;
	int rc;

	diag_init(&d, f);
	rc = manifest_merge(parts, 2, out, NULL, NULL, &d);
	fclose(f);
	buf_puts(err, ebuf);
	return rc;
}

static void
test_merge(void **state)
{
	char out[1200];
	buf err = BUF_INIT, text = BUF_INIT;

	(void)state;
	write_part(1, 3, 0);
	write_part(2, 2, 0);
	snprintf(out, sizeof(out), "%s/x.manifest.csv", dir);
	assert_int_equal(merge(out, &err), 0);
	assert_int_equal(file_read(out, 1 << 20, 0, &text, NULL), FILE_OK);
	/* volumes and copies numbered on through the parts; each row names its file */
	assert_non_null(strstr(buf_str(&text), "volume,copy,customer_id,first_page,"
	    "page_count,postal_code,status,file\n1,1,"));
	assert_non_null(strstr(buf_str(&text), ",ok,x.shard-1-of-2.pdf\n2,3,"));
	assert_non_null(strstr(buf_str(&text), "\n3,4,"));
	assert_non_null(strstr(buf_str(&text), ",ok,x.shard-2-of-2.pdf\n3,5,"));
	assert_non_null(strstr(buf_str(&err), "5 copies in 3 volumes from 2 shards"));
	buf_free(&err);
	buf_free(&text);
}

static void
test_missing_shard(void **state)
{
	const char *parts[] = {part[1]};
	char out[1200], ebuf[2048] = "";
	FILE *f = fmemopen(ebuf, sizeof(ebuf), "w");
	struct stat sb;
	diag d;

	(void)state;
	write_part(1, 3, 0);
	snprintf(out, sizeof(out), "%s/missing.csv", dir);
	diag_init(&d, f);
	assert_int_equal(manifest_merge(parts, 1, out, NULL, NULL, &d), -1);
	fclose(f);
	assert_non_null(strstr(ebuf, "shard 2 of 2 has no manifest part"));
	assert_int_equal(stat(out, &sb), -1);
}

/* A customer of shard 2 in shard 1's part: parts are not disjoint. */
static void
test_wrong_shard(void **state)
{
	char out[1200];
	buf err = BUF_INIT;
	long long other = 1;

	(void)state;
	while (shard_of(other, 2) != 2)
		other++;
	write_part(1, 2, other);
	write_part(2, 2, 0);
	snprintf(out, sizeof(out), "%s/wrong.csv", dir);
	assert_int_equal(merge(out, &err), -1);
	assert_non_null(strstr(buf_str(&err), "belongs to shard 2 of 2, not 1"));
	buf_free(&err);
}

/* A copy missing from a part, or there twice. */
static void
test_copy_gap(void **state)
{
	char out[1200];
	buf err = BUF_INIT;

	(void)state;
	write_part(2, 2, 0);
	put(part[1], "volume,copy,customer_id,first_page,page_count,postal_code,status\n"
	    "1,1,2,1,2,,ok\n1,3,4,3,2,,ok\n");
	snprintf(out, sizeof(out), "%s/gap.csv", dir);
	assert_int_equal(merge(out, &err), -1);
	assert_non_null(strstr(buf_str(&err), "copy 3 where copy 2 was expected"));
	buf_free(&err);
}

static void
test_bad_names(void **state)
{
	const char *twice[] = {part[1], part[1]};
	char other[1200], ebuf[2048] = "";
	const char *mixed[] = {part[1], other};
	FILE *f = fmemopen(ebuf, sizeof(ebuf), "w");
	diag d;

	(void)state;
	write_part(1, 1, 0);
	snprintf(other, sizeof(other), "%s/y.shard-2-of-2.manifest.csv", dir);
	put(other, "volume,copy,customer_id,first_page,page_count,postal_code,status\n");
	diag_init(&d, f);
	assert_int_equal(manifest_merge(twice, 2, NULL, NULL, NULL, &d), -1);
	assert_int_equal(manifest_merge(mixed, 2, NULL, NULL, NULL, &d), -1);
	fclose(f);
	assert_non_null(strstr(ebuf, "this shard is given twice"));
	assert_non_null(strstr(ebuf, "a part of another batch"));
}

/* With the database: every copy made must be recorded, naming its file; one that is not names its shard. */
static void
test_merge_checks_the_contacts(void **state)
{
	const char *parts[] = {part[1], part[2]};
	char tdir[600], db[700], out[1200], ebuf[2048] = "", sql[256];
	FILE *f = fmemopen(ebuf, sizeof(ebuf), "w");
	sqlite3 *h;
	diag d;

	(void)state;
	write_part(1, 2, 0);
	write_part(2, 2, 0);
	assert_int_equal(testdb_new("test_manifest_db", "m.db", tdir, sizeof(tdir),
	    db, sizeof(db)), 0);
	assert_int_equal(sqlite3_open(db, &h), SQLITE_OK);
	/* the rows of write_part: customers 1.. of each shard, in files x.shard-K-of-2.pdf */
	for (int k = 1; k <= 2; k++) {
		int copy = 0;

		for (long long id = 1; copy < 2; id++)
			if (shard_of(id, 2) == k) {
				copy++;
				/* shard 2's second copy is left unrecorded */
				if (k == 2 && copy == 2)
					continue;
				snprintf(sql, sizeof(sql), "INSERT INTO customers(id) VALUES "
				    "(%lld); INSERT INTO contacts(customer_id, campaign, file) "
				    "VALUES (%lld, 'c', 'out/x.shard-%d-of-2.pdf')", id, id, k);
				assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
			}
	}
	snprintf(out, sizeof(out), "%s/checked.csv", dir);
	diag_init(&d, f);
	assert_int_equal(manifest_merge(parts, 2, out, db, "c", &d), -1);
	fflush(f);
	assert_non_null(strstr(ebuf, "is not recorded in the contacts of the campaign"));
	assert_non_null(strstr(ebuf, "build shard 2/2 again"));
	/* another campaign's contacts do not count */
	assert_int_equal(manifest_merge(parts, 2, out, db, "other", &d), -1);
	for (long long id = 1, copy = 0; ; id++)
		if (shard_of(id, 2) == 2 && ++copy == 2) {
			snprintf(sql, sizeof(sql), "INSERT INTO customers(id) VALUES "
			    "(%lld); INSERT INTO contacts(customer_id, campaign, file) "
			    "VALUES (%lld, 'c', 'x.shard-2-of-2.pdf')", id, id);
			assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
			break;
		}
	assert_int_equal(manifest_merge(parts, 2, out, db, "c", &d), 0);
	fclose(f);
	sqlite3_close(h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge),
		cmocka_unit_test(test_missing_shard),
		cmocka_unit_test(test_wrong_shard),
		cmocka_unit_test(test_copy_gap),
		cmocka_unit_test(test_bad_names),
		cmocka_unit_test(test_merge_checks_the_contacts),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
