/* test_contacts: SHA-256 and HMAC vectors, tracking tokens, the contact log. */
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

#include "testdb.h"

static char tmpdir[512];
static char dbpath[1024];

static void
hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
}

static const char *
sql_text(const char *sql)
{
	static char out[256];
	sqlite3 *db;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, sizeof(out), "%s", sqlite3_column_type(st, 0) ==
	    SQLITE_NULL ? "NULL" : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return out;
}

static int
setup(void **state)
{
	sqlite3 *db;

	if (testdb_new("test_contacts", "contacts.db", tmpdir, sizeof(tmpdir),
	    dbpath, sizeof(dbpath)) == -1)
		return -1;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "INSERT INTO customers(id) VALUES (1), (2), (3)",
	    NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}

static void
test_sha256_matches_fips_vectors(void **state)
{
	static const char two_blocks[] =
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	unsigned char md[32];
	char h[65];

	sha256("abc", 3, md);
	hex(md, 32, h);
	assert_string_equal(h,
	    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256(two_blocks, strlen(two_blocks), md);
	hex(md, 32, h);
	assert_string_equal(h,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256("", 0, md);
	hex(md, 32, h);
	assert_string_equal(h,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void
test_hmac_sha256_matches_rfc4231(void **state)
{
	static const char data2[] = "what do ya want for nothing?";
	unsigned char key6[131], md[32];
	static const char data6[] =
	    "Test Using Larger Than Block-Size Key - Hash Key First";
	char h[65];

	hmac_sha256("Jefe", 4, data2, strlen(data2), md);
	hex(md, 32, h);
	assert_string_equal(h,
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");

	/* Test case 6: a key longer than a block is hashed first. */
	memset(key6, 0xaa, sizeof(key6));
	hmac_sha256(key6, sizeof(key6), data6, strlen(data6), md);
	hex(md, 32, h);
	assert_string_equal(h,
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

static void
test_token_is_reproducible_16_chars_and_differs_by_customer_and_campaign(void **state)
{
	token_key k, k2;
	char a[17], b[17], c[17], e[17];
	unsigned char mac[32];
	diag d;

	diag_init(&d, stderr);
	assert_int_equal(contacts_key(dbpath, &k, &d), 0);
	assert_int_equal(contacts_key(dbpath, &k2, &d), 0);
	assert_memory_equal(k.key, k2.key, 32);

	contacts_token(&k, "2026-12", 1, a);
	contacts_token(&k2, "2026-12", 1, b);
	assert_int_equal(strlen(a), 16);
	assert_int_equal(strspn(a, "abcdefghijklmnopqrstuvwxyz234567"), 16);
	assert_string_equal(a, b);
	contacts_token(&k, "2026-12", 2, c);
	assert_string_not_equal(a, c);
	contacts_token(&k, "2027-01", 1, e);
	assert_string_not_equal(a, e);

	/* The token is the first 80 bits of HMAC(key, "c\n7") in base32. */
	memset(k.key, 0, sizeof(k.key));
	hmac_sha256(k.key, 32, "c\n7", 3, mac);
	contacts_token(&k, "c", 7, a);
	{
		static const char alpha[] = "abcdefghijklmnopqrstuvwxyz234567";
		char want[17];

		want[0] = alpha[mac[0] >> 3];
		want[1] = alpha[(mac[0] & 7) << 2 | mac[1] >> 6];
		want[2] = alpha[(mac[1] >> 1) & 31];
		want[3] = alpha[(mac[1] & 1) << 4 | mac[2] >> 4];
		want[4] = alpha[(mac[2] & 15) << 1 | mac[3] >> 7];
		want[5] = alpha[(mac[3] >> 2) & 31];
		want[6] = alpha[(mac[3] & 3) << 3 | mac[4] >> 5];
		want[7] = alpha[mac[4] & 31];
		want[8] = alpha[mac[5] >> 3];
		want[9] = alpha[(mac[5] & 7) << 2 | mac[6] >> 6];
		want[10] = alpha[(mac[6] >> 1) & 31];
		want[11] = alpha[(mac[6] & 1) << 4 | mac[7] >> 4];
		want[12] = alpha[(mac[7] & 15) << 1 | mac[8] >> 7];
		want[13] = alpha[(mac[8] >> 2) & 31];
		want[14] = alpha[(mac[8] & 3) << 3 | mac[9] >> 5];
		want[15] = alpha[mac[9] & 31];
		want[16] = '\0';
		assert_string_equal(a, want);
	}
}

static void
test_record_writes_one_row_per_copy_with_ref_and_file(void **state)
{
	char ref[] = "501";
	contact_row rows[2] = {
		{.customer = 1, .copy = 1, .token = "aaaaaaaaaaaaaaaa"},
		{.customer = 2, .copy = 2, .token = "bbbbbbbbbbbbbbbb", .ref = ref,
		    .file = "out/t.pdf"},
	};
	diag d;

	diag_init(&d, stderr);
	assert_int_equal(contacts_record(dbpath, "2026-12", "letter", "2026-12-01",
	    0, rows, 2, &d), 0);
	assert_string_equal(sql_text("SELECT count(*) FROM contacts"), "2");
	assert_string_equal(sql_text("SELECT customer_id || campaign || channel "
	    "|| sent_at || token || copy || ref || touch || file FROM contacts "
	    "WHERE customer_id = 2"),
	    "22026-12letter2026-12-01bbbbbbbbbbbbbbbb25011out/t.pdf");
	assert_string_equal(sql_text("SELECT coalesce(ref, 'NULL') || "
	    "coalesce(file, 'NULL') FROM contacts WHERE customer_id = 1"),
	    "NULLNULL");

	/* another campaign is another contact */
	assert_int_equal(contacts_record(dbpath, "2027-01", "letter", "2027-01-01",
	    0, rows, 1, &d), 0);
	assert_string_equal(sql_text("SELECT count(*) FROM contacts"), "3");
}

/* A customer recorded for a campaign and ref is refused without --resend, with no ref as with one. */
static void
test_second_record_is_refused_and_writes_nothing(void **state)
{
	char ref[] = "501";
	contact_row fresh = {.customer = 3, .copy = 1, .token = "cccccccccccccccc"};
	contact_row again[2] = {
		{.customer = 3, .copy = 1, .token = "cccccccccccccccc"},
		{.customer = 2, .copy = 2, .token = "bbbbbbbbbbbbbbbb", .ref = ref},
	};
	char before[32];
	diag d;

	diag_init(&d, NULL);
	assert_int_equal(contacts_record(dbpath, "once", "letter", NULL, 0,
	    &fresh, 1, &d), 0);
	snprintf(before, sizeof(before), "%s", sql_text("SELECT count(*) FROM contacts"));
	assert_int_equal(contacts_record(dbpath, "once", "letter", NULL, 0,
	    again, 2, &d), -1);
	assert_non_null(strstr(d.last, "customer 3"));
	assert_non_null(strstr(d.last, "already recorded"));
	assert_string_equal(sql_text("SELECT count(*) FROM contacts"), before);
	/* the same customer and ref in another campaign is no conflict */
	assert_int_equal(contacts_record(dbpath, "2026-12", "letter", NULL, 0,
	    &again[1], 1, &d), -1);
	again[1].ref = NULL;
	assert_int_equal(contacts_record(dbpath, "once", "letter", NULL, 0,
	    &again[1], 1, &d), 0);
}

/* --resend records the next touch of the customer for that campaign and ref. */
static void
test_resend_records_the_next_touch(void **state)
{
	char r1[] = "7", r2[] = "8";
	contact_row row = {.customer = 1, .copy = 1, .token = "aaaaaaaaaaaaaaaa",
	    .ref = r1};
	diag d;

	diag_init(&d, stderr);
	assert_int_equal(contacts_record(dbpath, "touch", "card", "2026-12-01",
	    0, &row, 1, &d), 0);
	assert_int_equal(contacts_record(dbpath, "touch", "card", "2026-12-02",
	    1, &row, 1, &d), 0);
	assert_int_equal(contacts_record(dbpath, "touch", "card", "2026-12-03",
	    1, &row, 1, &d), 0);
	row.ref = r2;
	assert_int_equal(contacts_record(dbpath, "touch", "card", "2026-12-03",
	    1, &row, 1, &d), 0);
	assert_string_equal(sql_text("SELECT group_concat(ref || ':' || touch "
	    "|| '@' || sent_at, ' ') FROM (SELECT * FROM contacts WHERE campaign "
	    "= 'touch' ORDER BY id)"),
	    "7:1@2026-12-01 7:2@2026-12-02 7:3@2026-12-03 8:1@2026-12-03");
}

static void
test_record_failure_writes_nothing(void **state)
{
	char ref[] = "x";
	contact_row rows[2] = {
		{.customer = 3, .copy = 1, .token = "cccccccccccccccc"},
		{.customer = 3, .copy = 2, .token = "dddddddddddddddd", .ref = ref},
	};
	char before[32];
	sqlite3 *db;
	diag d;

	/* A trigger makes the second row fail; the first must be rolled back. */
	assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TRIGGER no_two BEFORE INSERT "
	    "ON contacts WHEN new.copy = 2 BEGIN SELECT raise(ABORT, 'boom'); "
	    "END", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	snprintf(before, sizeof(before), "%s", sql_text("SELECT count(*) FROM contacts"));

	diag_init(&d, NULL);
	assert_int_equal(contacts_record(dbpath, "fail", "mail", "2026-12-01",
	    0, rows, 2, &d), -1);
	assert_non_null(strstr(d.last, "customer 3"));
	assert_non_null(strstr(d.last, "boom"));
	assert_string_equal(sql_text("SELECT count(*) FROM contacts"), before);
}

/* A source of n rows, customers 101 …, held out every other one, that fails after them when fail is set. */
struct source {
	int n, at, fail;
	diag *d;
};

static int
source_next(void *ctx, contact_row *r)
{
	struct source *s = ctx;

	if (s->at == s->n) {
		if (s->fail)
			diag_plain(s->d, D_IO, "source", "cannot be read");
		return s->fail ? -1 : 0;
	}
	memset(r, 0, sizeof(*r));
	r->customer = 101 + s->at;
	r->copy = s->at % 2 ? 0 : s->at + 1;
	r->held_out = s->at % 2;
	snprintf(r->token, sizeof(r->token), "%016d", s->at);
	s->at++;
	return 1;
}

/* Rows pulled one at a time are recorded in their order; a source that fails records none. */
static void
test_commit_from_a_source_records_all_or_none(void **state)
{
	struct source src = {3, 0, 0, NULL};
	char before[32];
	contact_log *l;
	diag d;

	diag_init(&d, NULL);
	src.d = &d;
	assert_non_null(l = contacts_open(dbpath, "pulled", &d));
	assert_int_equal(contacts_commit_from(l, "card", "2026-12-01", 0,
	    source_next, &src, &d), 0);
	assert_string_equal(sql_text("SELECT group_concat(customer_id || ':' || "
	    "copy || ':' || held_out || ':' || token, ' ') FROM (SELECT * FROM "
	    "contacts WHERE campaign = 'pulled' ORDER BY id)"),
	    "101:1:0:0000000000000000 102:0:1:0000000000000001 "
	    "103:3:0:0000000000000002");
	snprintf(before, sizeof(before), "%s", sql_text("SELECT count(*) FROM contacts"));
	src = (struct source){2, 0, 1, &d};
	assert_int_equal(contacts_commit_from(l, "card", "2026-12-02", 1,
	    source_next, &src, &d), -1);
	assert_string_equal(d.last, "tayori: error: source: cannot be read");
	assert_string_equal(sql_text("SELECT count(*) FROM contacts"), before);
	contacts_close(l);
}

static void
test_key_of_missing_database_is_an_error(void **state)
{
	token_key k;
	diag d;

	diag_init(&d, NULL);
	assert_int_equal(contacts_key("/nonexistent/x.db", &k, &d), -1);
	assert_non_null(strstr(d.last, "database"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_matches_fips_vectors),
		cmocka_unit_test(test_hmac_sha256_matches_rfc4231),
		cmocka_unit_test(test_token_is_reproducible_16_chars_and_differs_by_customer_and_campaign),
		cmocka_unit_test(test_record_writes_one_row_per_copy_with_ref_and_file),
		cmocka_unit_test(test_second_record_is_refused_and_writes_nothing),
		cmocka_unit_test(test_resend_records_the_next_touch),
		cmocka_unit_test(test_record_failure_writes_nothing),
		cmocka_unit_test(test_commit_from_a_source_records_all_or_none),
		cmocka_unit_test(test_key_of_missing_database_is_an_error),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
