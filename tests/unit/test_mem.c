/* test_mem: the one allocation hook: counted, failed on demand, used by SQLite and ICU. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>
#include <unicode/ubrk.h>

#include "util/hooks.h"
#include "util/mem.h"

static int
setup(void **state)
{
	/* before anything touches SQLite or ICU */
	return hooks_install() == 0 ? 0 : -1;
}

/* Run fn in a child with its stderr in a pipe; its exit status, and what it wrote. */
static int
in_child(void (*fn)(void), char *err, size_t errlen)
{
	int fds[2], status;
	ssize_t n, got = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], STDERR_FILENO);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (got < (ssize_t)errlen - 1 &&
	    (n = read(fds[0], err + got, errlen - 1 - (size_t)got)) > 0)
		got += n;
	err[got] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static void
test_every_allocation_is_counted(void **state)
{
	unsigned long before = mem_count();
	char *a = mem_alloc(10), *b = mem_calloc(2, 3), *c = mem_strdup("x");

	a = mem_realloc(a, 100);
	assert_int_equal(mem_count() - before, 4);
	mem_free(a);
	mem_free(b);
	mem_free(c);
	assert_int_equal(mem_count() - before, 4);
}

static void
fail_third(void)
{
	mem_fail_after(3);
	mem_free(mem_alloc(1));
	mem_free(mem_alloc(1));
	mem_alloc(1);
	fputs("survived\n", stderr);
}

static void
test_nth_allocation_fails_with_exit_70_and_message(void **state)
{
	char err[256];

	assert_int_equal(in_child(fail_third, err, sizeof(err)), 70);
	assert_string_equal(err, "tayori: error: out of memory\n");
}

static void
test_fail_after_zero_turns_failure_off(void **state)
{
	mem_fail_after(2);
	mem_fail_after(0);
	for (int i = 0; i < 5; i++)
		mem_free(mem_alloc(8));
}

static void
test_sqlite_allocates_through_the_hook_with_its_sizes(void **state)
{
	unsigned long before = mem_count();
	sqlite3 *db = NULL;
	char *p;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t "
	    "VALUES (randomblob(100000));", NULL, NULL, NULL), SQLITE_OK);
	assert_true(mem_count() - before > 10);
	/* xSize: SQLite's accounting asks each block's size back */
	p = sqlite3_malloc(1000);
	assert_non_null(p);
	assert_true(sqlite3_msize(p) >= 1000);
	memset(p, 'a', 1000);
	p = sqlite3_realloc(p, 50000);
	assert_true(sqlite3_msize(p) >= 50000);
	assert_int_equal(p[999], 'a');
	p = sqlite3_realloc(p, 10);
	assert_true(sqlite3_msize(p) >= 10 && sqlite3_msize(p) < 50000);
	sqlite3_free(p);
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

static void
sqlite_fails(void)
{
	sqlite3 *db = NULL;

	mem_fail_after(1);
	sqlite3_open(":memory:", &db);
	fputs("survived\n", stderr);
}

static void
test_sqlite_allocation_failure_is_our_clean_exit(void **state)
{
	char err[256];

	assert_int_equal(in_child(sqlite_fails, err, sizeof(err)), 70);
	assert_string_equal(err, "tayori: error: out of memory\n");
}

static void
test_icu_allocates_through_the_hook(void **state)
{
	static const UChar text[] = {0x3053, 0x3093, 0x306B, 0x3061, 0x306F, 0};
	unsigned long before = mem_count();
	UErrorCode err = U_ZERO_ERROR;
	UBreakIterator *it = ubrk_open(UBRK_LINE, "ja", text, 5, &err);

	assert_false(U_FAILURE(err));
	assert_true(mem_count() > before);
	ubrk_close(it);
}

static void
test_install_twice_is_harmless(void **state)
{
	assert_int_equal(hooks_install(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_allocation_is_counted),
		cmocka_unit_test(test_nth_allocation_fails_with_exit_70_and_message),
		cmocka_unit_test(test_fail_after_zero_turns_failure_off),
		cmocka_unit_test(test_sqlite_allocates_through_the_hook_with_its_sizes),
		cmocka_unit_test(test_sqlite_allocation_failure_is_our_clean_exit),
		cmocka_unit_test(test_icu_allocates_through_the_hook),
		cmocka_unit_test(test_install_twice_is_harmless),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
