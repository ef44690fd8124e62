/* fuzz_typeset: libFuzzer target through the driver: a content file built for one customer on newsletter-a4 into the text dump. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "data/db.h"
#include "job/job.h"
#include "util/buf.h"
#include "util/diag.h"

#define SRC TAYORI_SOURCE_DIR

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Made once: a directory with the database (one customer, a purchase) and the images content may name. */
static char dir[64], content[128], dbpath[128], out[128];

static int
copy_file(const char *from, const char *to)
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

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char insert[] = "INSERT INTO customers(id, "
	    "family_name, given_name, family_kana, given_kana, honorific, "
	    "joint_names, postal_code, country, region, city, address1, address2, "
	    "email, phone, birthday, rank) VALUES (1042, '山田', '花子', 'ヤマダ', "
	    "'ハナコ', NULL, '山田 太郎' || char(10) || '山田 一郎', '150-0001', 'JP', "
	    "'東京都', '渋谷区', '神宮前1-2-3', 'ハーベストビル 5F', "
	    "'hanako@example.jp', '03-1234-5678', '1980-02-29', 'VIP'); "
	    "INSERT INTO purchases(customer_id, purchased_at, product, amount) "
	    "VALUES (1042, '2026-11-20', 'sencha', 3240)";
	char images[128];
	sqlite3 *db = NULL;
	diag d;

	snprintf(dir, sizeof(dir), "/tmp/fuzz_typeset.XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(content, sizeof(content), "%s/fuzz.md", dir);
	snprintf(dbpath, sizeof(dbpath), "%s/shop.db", dir);
	snprintf(out, sizeof(out), "%s/out.txt", dir);
	snprintf(images, sizeof(images), "%s/images", dir);
	mkdir(images, 0777);
	strcat(images, "/tea.png");
	diag_init(&d, stderr);
	if (db_init(dbpath, &d) != 0 || sqlite3_open(dbpath, &db) != SQLITE_OK ||
	    sqlite3_exec(db, insert, NULL, NULL, NULL) != SQLITE_OK ||
	    copy_file(SRC "/content/images/tea.png", images) != 0)
		abort();
	sqlite3_close(db);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *fp = fopen(content, "wb");
	job_opts o;
	diag d;

	if (fp == NULL || fwrite(data, 1, size, fp) != size || fclose(fp) != 0)
		abort();
	memset(&o, 0, sizeof(o));
	o.content = content;
	o.db = dbpath;
	o.layout = "newsletter-a4";
	o.segment = "SELECT * FROM customer_view";
	o.out = out;
	o.dump = 1;
	diag_init(&d, NULL);
	job_run(&o, &d);
	return 0;
}
