/* fixture: what the fuzzers build against through the driver: a directory with one customer's database and the sample images. */
#ifndef TAYORI_FUZZ_FIXTURE_H
#define TAYORI_FUZZ_FIXTURE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "data/db.h"
#include "job/job.h"
#include "util/diag.h"

#define SRC TAYORI_SOURCE_DIR

static char fx_dir[64], fx_db[128], fx_out[128];

/* A path in the fixture's directory (lent until the next call with the same slot). */
static const char *
fx_path(int slot, const char *name)
{
	static char p[4][192];

	snprintf(p[slot], sizeof(p[slot]), "%s/%s", fx_dir, name);
	return p[slot];
}

static int
fx_copy(const char *from, const char *to)
{
	FILE *a = fopen(from, "rb"), *b = fopen(to, "wb");
	char chunk[65536];
	size_t n;
	int rc = a && b ? 0 : -1;

	while (rc == 0 && (n = fread(chunk, 1, sizeof(chunk), a)) > 0)
		if (fwrite(chunk, 1, n, b) != n)
			rc = -1;
	if (a)
		fclose(a);
	if (b && fclose(b) != 0)
		rc = -1;
	return rc;
}

/* Write data to name in the fixture's directory; its path. */
static const char *
fx_write(const char *name, const void *data, size_t n)
{
	const char *path = fx_path(0, name);
	FILE *fp = fopen(path, "wb");

	if (fp == NULL || fwrite(data, 1, n, fp) != n || fclose(fp) != 0)
		abort();
	return path;
}

/*
 * The directory: shop.db with one Japanese customer (joint names, a
 * building) and a purchase; images/ with the sample images; the two
 * sample issues. Aborts when it cannot be made.
 */
static void
fx_setup(void)
{
	static const char insert[] = "INSERT INTO customers(id, "
	    "family_name, given_name, family_kana, given_kana, "
	    "joint_names, postal_code, country, region, city, address1, address2, "
	    "email, phone, birthday, rank) VALUES (1042, '山田', '花子', 'ヤマダ', "
	    "'ハナコ', '山田 太郎' || char(10) || '山田 一郎', '150-0001', 'JP', "
	    "'東京都', '渋谷区', '神宮前1-2-3', 'ハーベストビル 5F', "
	    "'hanako@example.jp', '03-1234-5678', '1980-02-29', 'VIP'); "
	    "INSERT INTO purchases(customer_id, purchased_at, product, amount) "
	    "VALUES (1042, '2026-11-20', 'sencha', 3240)";
	sqlite3 *db = NULL;
	diag d;

	snprintf(fx_dir, sizeof(fx_dir), "/tmp/tayori-fuzz.XXXXXX");
	if (mkdtemp(fx_dir) == NULL)
		abort();
	snprintf(fx_db, sizeof(fx_db), "%s/shop.db", fx_dir);
	snprintf(fx_out, sizeof(fx_out), "%s/out.txt", fx_dir);
	mkdir(fx_path(0, "images"), 0777);
	diag_init(&d, stderr);
	if (db_init(fx_db, &d) != 0 || sqlite3_open(fx_db, &db) != SQLITE_OK ||
	    sqlite3_exec(db, insert, NULL, NULL, NULL) != SQLITE_OK ||
	    fx_copy(SRC "/content/images/tea.png", fx_path(0, "images/tea.png")) ||
	    fx_copy(SRC "/content/images/shop.jpg", fx_path(1, "images/shop.jpg")) ||
	    fx_copy(SRC "/content/2026-12.md", fx_path(2, "2026-12.md")) ||
	    fx_copy(SRC "/content/2026-12-en.md", fx_path(3, "2026-12-en.md")))
		abort();
	sqlite3_close(db);
}

/* One build through the driver (tayori build --dump, or tayori check), every copy of the fixture's segment. */
static inline void
fx_build(const char *content, const char *layout, int check_only)
{
	job_opts o;
	diag d;

	memset(&o, 0, sizeof(o));
	o.content = content;
	o.db = fx_db;
	o.layout = layout;
	o.segment = "SELECT * FROM customer_view";
	o.check_only = check_only;
	if (!check_only) {
		o.out = fx_out;
		o.dump = 1;
	}
	diag_init(&d, NULL);
	job_run(&o, &d);
}

/* Every fuzzer starts from the fixture; each defines LLVMFuzzerTestOneInput. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fx_setup();
	return 0;
}

#endif
