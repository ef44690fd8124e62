/* test_csv: the RFC 4180 reader: BOM, quotes, embedded newlines, CRLF, line numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/csv.h"

static char tmpdir[512];

static const char *
scratch(const char *name, const char *content, size_t n)
{
	static char path[1024];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(content, 1, n, fp), n);
	fclose(fp);
	return path;
}

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s", t && *t ? t : "/tmp");
	mkdir(tmpdir, 0777);
	snprintf(tmpdir + strlen(tmpdir), sizeof(tmpdir) - strlen(tmpdir),
	    "/test_csv");
	mkdir(tmpdir, 0777);
	return 0;
}

static void
test_bom_quotes_embedded_newline_and_crlf_read_as_fields(void **state)
{
	static const char text[] =
	    "\xEF\xBB\xBFid,name,note\r\n"
	    "1,\"Sato, Ichiro\",\"said \"\"hi\"\"\"\r\n"
	    "2,Tanaka,\"two\r\nlines\"\r\n"
	    "3,,\r\n";
	diag d;
	csv *c;
	size_t len;

	diag_init(&d, NULL);
	c = csv_open(scratch("a.csv", text, sizeof(text) - 1), &d);
	assert_non_null(c);

	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_line(c), 1);
	assert_int_equal(csv_nfields(c), 3);
	assert_string_equal(csv_field(c, 0, NULL), "id");
	assert_string_equal(csv_field(c, 2, NULL), "note");

	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_line(c), 2);
	assert_string_equal(csv_field(c, 1, NULL), "Sato, Ichiro");
	assert_string_equal(csv_field(c, 2, NULL), "said \"hi\"");

	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_line(c), 3);
	assert_string_equal(csv_field(c, 2, &len), "two\nlines");
	assert_int_equal(len, 9);

	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_line(c), 5);
	assert_int_equal(csv_nfields(c), 3);
	assert_string_equal(csv_field(c, 1, &len), "");
	assert_int_equal(len, 0);
	assert_string_equal(csv_field(c, 2, NULL), "");

	assert_int_equal(csv_next(c, &d), 0);
	assert_int_equal(d.count[DIAG_FATAL], 0);
	csv_close(c);
}

static void
test_last_record_without_newline_and_blank_lines_are_skipped(void **state)
{
	static const char text[] = "a,b\n\n\nx,\"y\"";
	diag d;
	csv *c;

	diag_init(&d, NULL);
	c = csv_open(scratch("b.csv", text, sizeof(text) - 1), &d);
	assert_non_null(c);
	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_line(c), 4);
	assert_string_equal(csv_field(c, 0, NULL), "x");
	assert_string_equal(csv_field(c, 1, NULL), "y");
	assert_int_equal(csv_next(c, &d), 0);
	csv_close(c);
}

static void
test_unclosed_quote_names_the_line_where_the_record_starts(void **state)
{
	static const char text[] = "a,b\n1,2\n3,\"open\nstill\nopen\n";
	diag d;
	csv *c;

	diag_init(&d, NULL);
	c = csv_open(scratch("c.csv", text, sizeof(text) - 1), &d);
	assert_non_null(c);
	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_next(c, &d), -1);
	assert_non_null(strstr(d.last, "c.csv:3: error: a quoted field is not closed"));
	csv_close(c);
}

static void
test_text_after_closing_quote_is_an_error(void **state)
{
	static const char text[] = "a,b\n\"x\"y,2\n";
	diag d;
	csv *c;

	diag_init(&d, NULL);
	c = csv_open(scratch("d.csv", text, sizeof(text) - 1), &d);
	assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_next(c, &d), -1);
	assert_non_null(strstr(d.last, "d.csv:2:"));
	assert_non_null(strstr(d.last, "after a closing quote"));
	csv_close(c);
}

static void
test_missing_file_is_a_diagnostic(void **state)
{
	diag d;

	diag_init(&d, NULL);
	assert_null(csv_open("/nonexistent/x.csv", &d));
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "/nonexistent/x.csv"));
}

/* A directory opens, but reading it fails: it is not an empty file. */
static void
test_a_directory_is_not_a_csv_file(void **state)
{
	diag d;

	diag_init(&d, NULL);
	assert_null(csv_open(tmpdir, &d));
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "test_csv: error: a directory, not a "
	    "CSV file"));
}

/* text (n bytes) fails with a NUL at want after good good records. */
static void
expect_nul(const char *text, size_t n, int good, const char *want)
{
	diag d;
	csv *c;

	diag_init(&d, NULL);
	c = csv_open(scratch("nul.csv", text, n), &d);
	assert_non_null(c);
	while (good-- > 0)
		assert_int_equal(csv_next(c, &d), 1);
	assert_int_equal(csv_next(c, &d), -1);
	if (strstr(d.last, want) == NULL)
		fail_msg("got '%s', want '%s'", d.last, want);
	csv_close(c);
}

/* A NUL byte would cut a header cell or a value short: refused where it is. */
static void
test_a_nul_byte_is_refused_with_its_line_and_column(void **state)
{
	static const char header[] = "id,family_name\0junk\n9001,x\n";
	static const char value[] = "id,family_name\n9002,ab\0cd\n";
	static const char quoted[] = "id,note\n9003,\"é\nx\0\"\n";

	expect_nul(header, sizeof(header) - 1, 0, "nul.csv:1:15: error: a NUL "
	    "byte in a field");
	expect_nul("id\n\0\n", 5, 1, "nul.csv:2:1: error: a NUL byte in a field");
	expect_nul(value, sizeof(value) - 1, 1, "nul.csv:2:8: error: a NUL byte "
	    "in a field");
	/* the column counts characters, and starts again after a line break */
	expect_nul(quoted, sizeof(quoted) - 1, 1, "nul.csv:3:2: error: a NUL "
	    "byte in a field");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bom_quotes_embedded_newline_and_crlf_read_as_fields),
		cmocka_unit_test(test_last_record_without_newline_and_blank_lines_are_skipped),
		cmocka_unit_test(test_unclosed_quote_names_the_line_where_the_record_starts),
		cmocka_unit_test(test_text_after_closing_quote_is_an_error),
		cmocka_unit_test(test_missing_file_is_a_diagnostic),
		cmocka_unit_test(test_a_directory_is_not_a_csv_file),
		cmocka_unit_test(test_a_nul_byte_is_refused_with_its_line_and_column),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
