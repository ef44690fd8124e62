/* test_atomic: whole files or nothing, and write errors that are not ignored. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "output/atomic.h"
#include "output/batch.h"
#include "util/mem.h"

#include "testdir.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_atomic", t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	mkdir(tmpdir, 0777);
	return 0;
}

/* A fresh, empty directory for one test. */
static void
fresh_dir(char *dir, size_t n, const char *name)
{
	char cmd[2400];

	snprintf(dir, n, "%s/%s", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(mkdir(dir, 0777), 0);
}

static void
test_content_is_written_and_no_temp_file_is_left(void **state)
{
	char dir[1100], path[1200], got[64];
	FILE *f;
	diag d;

	fresh_dir(dir, sizeof(dir), "ok");
	snprintf(path, sizeof(path), "%s/out.pdf", dir);
	diag_init(&d, NULL);
	assert_int_equal(atomic_write(path, "%PDF-1.3 hello", 14, &d), 0);
	assert_false(diag_failed(&d));
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got), f), 14);
	fclose(f);
	assert_memory_equal(got, "%PDF-1.3 hello", 14);
	assert_int_equal(count_entries(dir), 1);
	/* Replacing an existing file works the same way. */
	assert_int_equal(atomic_write(path, "new", 3, &d), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got), f), 3);
	fclose(f);
	assert_int_equal(count_entries(dir), 1);
}

static void
test_missing_directory_fails_with_d_io(void **state)
{
	char path[1200];
	diag d;

	snprintf(path, sizeof(path), "%s/no-such-dir/out.pdf", tmpdir);
	diag_init(&d, NULL);
	assert_int_equal(atomic_write(path, "x", 1, &d), -1);
	assert_int_equal(d.count[DIAG_FATAL], 1);
	assert_non_null(strstr(d.last, path));
	assert_non_null(strstr(d.last, "No such file or directory"));
}

/*
 * Run fn(dir, path) in a child process, in a fresh directory named name
 * (path: its out.pdf): what fn does to the process (exit, rlimits) stays
 * there. Its exit status; dir is the directory.
 */
static int
in_child(const char *name, char *dir, size_t n, void (*fn)(const char *, const char *))
{
	char path[1200];
	pid_t pid;
	int st;

	fresh_dir(dir, n, name);
	snprintf(path, sizeof(path), "%s/out.pdf", dir);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		fn(dir, path);
		_exit(99);
	}
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	return WEXITSTATUS(st);
}

/* A disk that fills up after 4 KiB: write fails with EFBIG. */
static void
write_to_full_disk(const char *dir, const char *path)
{
	struct rlimit rl = {4096, 4096};
	size_t n = 256 * 1024;
	char *data = mem_calloc(1, n);
	diag d;
	int rc;

	signal(SIGXFSZ, SIG_IGN);
	if (setrlimit(RLIMIT_FSIZE, &rl) < 0)
		_exit(3);
	diag_init(&d, NULL);
	rc = atomic_write(path, data, n, &d);
	mem_free(data);
	if (rc != -1 || d.count[DIAG_FATAL] != 1 ||
	    strstr(d.last, "File too large") == NULL)
		_exit(1);
	_exit(0);
}

static void
test_write_error_is_detected_and_leaves_no_file(void **state)
{
	char dir[1100];

	assert_int_equal(in_child("full", dir, sizeof(dir), write_to_full_disk), 0);
	assert_int_equal(count_entries(dir), 0);
}

/* A batch's file half written when memory runs out. */
static void
run_out_of_memory(const char *dir, const char *path)
{
	batch *b = batch_new(path);
	atomic_file *af;
	diag d;

	diag_init(&d, NULL);
	if (batch_prepare(b, &d) != 0 || (af = batch_open(b, path, &d)) == NULL ||
	    atomic_put(af, "%PDF-1.7 half", 13) != 0 || count_entries(dir) != 1)
		_exit(1);
	mem_fail_after(1);
	mem_alloc(1);	/* exits 70 */
	_exit(2);
}

static void
test_out_of_memory_leaves_no_temporary_of_the_batch(void **state)
{
	char dir[1100];

	assert_int_equal(in_child("oom", dir, sizeof(dir), run_out_of_memory), 70);
	assert_int_equal(count_entries(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_is_written_and_no_temp_file_is_left),
		cmocka_unit_test(test_missing_directory_fails_with_d_io),
		cmocka_unit_test(test_write_error_is_detected_and_leaves_no_file),
		cmocka_unit_test(test_out_of_memory_leaves_no_temporary_of_the_batch),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
