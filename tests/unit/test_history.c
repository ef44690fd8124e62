/* test_history: a customer's touches newest first, a campaign's recipients, and the errors for what the database does not have. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "data/history.h"

#include "testdb.h"

static char tmpdir[512];
static char dbpath[1024];

static int
setup(void **state)
{
	sqlite3 *db;

	if (testdb_new("test_history", "history.db", tmpdir, sizeof(tmpdir),
	    dbpath, sizeof(dbpath)) == -1)
		return -1;
	if (sqlite3_open(dbpath, &db) != SQLITE_OK)
		return -1;
	sqlite3_exec(db, "INSERT INTO customers(id, family_name, given_name) "
	    "VALUES (1, 'Sato', 'Hana'), (2, 'Ito', 'Ken\tji'), (3, 'Abe', NULL);"
	    "INSERT INTO contacts(customer_id, campaign, channel, ref, touch, "
	    "sent_at, token, copy, file) VALUES "
	    "(1, 'news', 'newsletter', NULL, 1, '2026-11-01', 'tokA', 4, 'n.pdf'),"
	    "(1, 'thanks', 'letter', '70', 1, '2026-11-20', 'tokB', 1, 't.pdf'),"
	    "(1, 'card', 'card', NULL, 1, '2026-11-10', 'tokC', 9, NULL),"
	    "(2, 'thanks', 'letter', '71', 1, '2026-11-20', 'tokD', 2, 't.pdf'),"
	    "(1, 'thanks', 'letter', '70', 2, '2026-11-20', 'tokB', 1, 'u.pdf');",
	    NULL, NULL, NULL);
	sqlite3_close(db);
	return 0;
}

/* What f wrote, and f closed. */
static char *
written(FILE *f, char **p)
{
	fclose(f);
	return *p;
}

static void
test_customer_touches_newest_first(void **state)
{
	char *p = NULL;
	size_t n;
	FILE *f = open_memstream(&p, &n);
	diag d;

	diag_init(&d, stderr);
	assert_int_equal(history_customer(dbpath, 1, f, &d), 0);
	assert_string_equal(written(f, &p),
	    "sent_at\tcampaign\tchannel\tref\ttouch\tcopy\ttoken\tfile\n"
	    "2026-11-20\tthanks\tletter\t70\t2\t1\ttokB\tu.pdf\n"
	    "2026-11-20\tthanks\tletter\t70\t1\t1\ttokB\tt.pdf\n"
	    "2026-11-10\tcard\tcard\t\t1\t9\ttokC\t\n"
	    "2026-11-01\tnews\tnewsletter\t\t1\t4\ttokA\tn.pdf\n");
	free(p);
}

static void
test_campaign_recipients_one_line_each(void **state)
{
	char *p = NULL;
	size_t n;
	FILE *f = open_memstream(&p, &n);
	diag d;

	diag_init(&d, stderr);
	assert_int_equal(history_campaign(dbpath, "thanks", f, &d), 0);
	/* a tab in a name is a space: one record stays one line */
	assert_string_equal(written(f, &p),
	    "customer_id\tname\tsent_at\tchannel\tref\ttouch\tcopy\ttoken\tfile\n"
	    "1\tSato Hana\t2026-11-20\tletter\t70\t1\t1\ttokB\tt.pdf\n"
	    "1\tSato Hana\t2026-11-20\tletter\t70\t2\t1\ttokB\tu.pdf\n"
	    "2\tIto Ken ji\t2026-11-20\tletter\t71\t1\t2\ttokD\tt.pdf\n");
	free(p);
}

static void
test_what_the_database_does_not_have(void **state)
{
	char *p = NULL;
	size_t n;
	FILE *f = open_memstream(&p, &n);
	diag d;

	diag_init(&d, NULL);
	/* a customer never contacted: nothing, and no error */
	assert_int_equal(history_customer(dbpath, 3, f, &d), 0);
	assert_int_equal(d.count[DIAG_FATAL] + d.count[DIAG_ERROR], 0);
	assert_int_equal(history_customer(dbpath, 99, f, &d), -1);
	assert_non_null(strstr(d.last, "no customer 99 in "));
	assert_int_equal(history_campaign(dbpath, "nope", f, &d), -1);
	assert_non_null(strstr(d.last, "no contact of campaign 'nope' is recorded"));
	assert_int_equal(history_customer("/nonexistent/x.db", 1, f, &d), -1);
	assert_non_null(strstr(d.last, "/nonexistent/x.db"));
	assert_string_equal(written(f, &p), "");
	free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_customer_touches_newest_first),
		cmocka_unit_test(test_campaign_recipients_one_line_each),
		cmocka_unit_test(test_what_the_database_does_not_have),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
