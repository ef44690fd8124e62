/* test_spool: contact rows through the spool's file exactly as put, in bounded memory, and its write errors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "job/spool.h"
#include "util/mem.h"

#include "testdir.h"
#include "testmem.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_spool", t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	mkdir(tmpdir, 0777);
	return 0;
}

static contact_row
row(long long customer, int copy, int volume, const char *token, int held,
    const char *ref)
{
	contact_row r;

	memset(&r, 0, sizeof(r));
	r.customer = customer;
	r.copy = copy;
	r.volume = volume;
	snprintf(r.token, sizeof(r.token), "%s", token);
	r.held_out = held;
	r.ref = (char *)ref;
	return r;
}

static void
assert_row(const contact_row *got, const contact_row *want)
{
	assert_int_equal(got->customer, want->customer);
	assert_int_equal(got->copy, want->copy);
	assert_int_equal(got->volume, want->volume);
	assert_string_equal(got->token, want->token);
	assert_int_equal(got->held_out, want->held_out);
	assert_null(got->file);
	if (want->ref == NULL)
		assert_null(got->ref);
	else
		assert_string_equal(got->ref, want->ref);
}

static void
test_rows_come_back_exactly_as_put(void **state)
{
	char *big = mem_alloc(200000);
	contact_row rows[9], got;
	spool *s;
	diag d;

	memset(big, 'x', 199999);
	big[199999] = '\0';	/* longer than what is read at once */
	big[0] = '"';
	rows[0] = row(1, 1, 1, "abcdefghijklmnop", 0, "P-1,P-2");
	rows[1] = row(2, 2, 1, "qrstuvwxyz234567", 0, "say \"hi\", twice");
	rows[2] = row(3, 3, 2, "aaaaaaaaaaaaaaaa", 0, "line one\nline two\r\n");
	rows[3] = row(4, 0, 0, "bbbbbbbbbbbbbbbb", 1, "注文番号 №42 ✓");
	rows[4] = row(5, 4, 2, "cccccccccccccccc", 0, NULL);
	rows[5] = row(6, 0, 0, "dddddddddddddddd", 1, NULL);
	rows[6] = row(7, 5, 3, "eeeeeeeeeeeeeeee", 0, "");
	rows[7] = row(LLONG_MAX, INT_MAX, 100000, "ffffffffffffffff", 0, big);
	rows[8] = row(-1, 6, 3, "gggggggggggggggg", 0, "last");
	diag_init(&d, NULL);
	assert_non_null(s = spool_new(tmpdir, &d));
	for (int i = 0; i < 9; i++)
		assert_int_equal(spool_put(s, &rows[i]), 0);
	/* read twice: a rewind starts again at the first row */
	for (int pass = 0; pass < 2; pass++) {
		assert_int_equal(spool_rewind(s), 0);
		for (int i = 0; i < 9; i++) {
			assert_int_equal(spool_next(s, &got), 1);
			assert_row(&got, &rows[i]);
		}
		assert_int_equal(spool_next(s, &got), 0);
	}
	assert_false(diag_failed(&d));
	spool_free(s);
	mem_free(big);
}

static void
test_nothing_is_left_in_the_directory(void **state)
{
	char dir[1100];
	contact_row r = row(1, 1, 1, "abcdefghijklmnop", 0, "ref");
	spool *s;
	diag d;

	snprintf(dir, sizeof(dir), "%s/empty", tmpdir);
	mkdir(dir, 0777);
	diag_init(&d, NULL);
	assert_non_null(s = spool_new(dir, &d));
	assert_int_equal(spool_put(s, &r), 0);
	assert_int_equal(spool_rewind(s), 0);
	assert_int_equal(count_entries(dir), 0);
	spool_free(s);
	assert_int_equal(count_entries(dir), 0);
}

static void
test_a_missing_directory_is_reported(void **state)
{
	char dir[1100];
	diag d;

	snprintf(dir, sizeof(dir), "%s/no/such/dir", tmpdir);
	diag_init(&d, NULL);
	assert_null(spool_new(dir, &d));
	assert_int_equal(d.count[DIAG_FATAL], 1);
	assert_non_null(strstr(d.last, dir));
	assert_non_null(strstr(d.last, "No such file or directory"));
}

#define MANY	100000

static void
test_many_rows_in_bounded_memory(void **state)
{
	size_t before, most = 0;
	char ref[64];
	contact_row r, got;
	spool *s;
	diag d;

	diag_init(&d, NULL);
	before = LIVE_BYTES();
	assert_non_null(s = spool_new(tmpdir, &d));
	for (int i = 1; i <= MANY; i++) {
		snprintf(ref, sizeof(ref), "purchase %d, \"gift\"", i * 7);
		r = row(1000000 + i, i, 1 + i / 1000, "abcdefghijklmnop", i % 10 == 0,
		    i % 3 == 0 ? NULL : ref);
		assert_int_equal(spool_put(s, &r), 0);
		if (i % 1000 == 0 && LIVE_BYTES() - before > most)
			most = LIVE_BYTES() - before;
	}
	assert_int_equal(spool_rewind(s), 0);
	for (int i = 1; i <= MANY; i++) {
		snprintf(ref, sizeof(ref), "purchase %d, \"gift\"", i * 7);
		r = row(1000000 + i, i, 1 + i / 1000, "abcdefghijklmnop", i % 10 == 0,
		    i % 3 == 0 ? NULL : ref);
		assert_int_equal(spool_next(s, &got), 1);
		assert_row(&got, &r);
		if (i % 1000 == 0 && LIVE_BYTES() - before > most)
			most = LIVE_BYTES() - before;
	}
	assert_int_equal(spool_next(s, &got), 0);
	spool_free(s);
	/* the rows are over 5 MB; in memory, at most a chunk each way and a row */
	assert_true(most < 512 * 1024);
	assert_false(diag_failed(&d));
}

static void
test_a_write_error_is_reported_once_and_fails_every_put(void **state)
{
	char dir[1100];
	pid_t pid;
	int st;

	snprintf(dir, sizeof(dir), "%s/full", tmpdir);
	mkdir(dir, 0777);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* a disk that fills up after 4 KiB: writes fail with EFBIG */
		struct rlimit rl = {4096, 4096};
		contact_row r = row(1, 1, 1, "abcdefghijklmnop", 0, "a ref of some length");
		spool *s;
		diag d;
		int i, rc = 0;

		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
			_exit(3);
		diag_init(&d, NULL);
		if ((s = spool_new(dir, &d)) == NULL)
			_exit(4);
		for (i = 0; i < 100000 && (rc = spool_put(s, &r)) == 0; i++)
			;
		if (rc != -1 || spool_put(s, &r) != -1 || spool_rewind(s) != -1)
			_exit(1);
		if (d.count[DIAG_FATAL] != 1 || strstr(d.last, "File too large") == NULL ||
		    strstr(d.last, dir) == NULL)
			_exit(2);
		spool_free(s);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_int_equal(count_entries(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_come_back_exactly_as_put),
		cmocka_unit_test(test_nothing_is_left_in_the_directory),
		cmocka_unit_test(test_a_missing_directory_is_reported),
		cmocka_unit_test(test_many_rows_in_bounded_memory),
		cmocka_unit_test(test_a_write_error_is_reported_once_and_fails_every_put),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
