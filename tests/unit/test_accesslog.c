/* test_accesslog: common and combined log lines read for QR tokens; malformed lines told apart. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "response/accesslog.h"

static int
line(const char *pattern, const char *l, char *token, char *date)
{
	url_pattern p;
	const char *why = NULL;

	assert_int_equal(accesslog_pattern(pattern, &p, &why), 0);
	return accesslog_line(l, strlen(l), &p, token, date);
}

static void
test_hits_in_common_and_combined_format(void **state)
{
	char tok[ACCESSLOG_TOKEN_MAX + 1], date[11];

	assert_int_equal(line("/r/{token}", "203.0.113.9 - - [28/Nov/2026:10:15:32 +0900] "
	    "\"GET /r/abcdefgh23456jkl HTTP/1.1\" 302 0", tok, date), ACCESSLOG_HIT);
	assert_string_equal(tok, "abcdefgh23456jkl");
	assert_string_equal(date, "2026-11-28");
	assert_int_equal(line("https://shop.example/r/{token}", "2001:db8::1 - jane "
	    "[01/Dec/2026:23:59:59 -0500] \"HEAD /r/zz2?utm_source=dm HTTP/2.0\" 200 "
	    "512 \"-\" \"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)\"",
	    tok, date), ACCESSLOG_HIT);
	assert_string_equal(tok, "zz2");
	assert_string_equal(date, "2026-12-01");
	assert_int_equal(line("/q/{token}.html", "h - - [05/Jan/2027:00:00:00 +0000] "
	    "\"GET /q/T0k-en_1.html#top HTTP/1.1\" 200 10", tok, date), ACCESSLOG_HIT);
	assert_string_equal(tok, "T0k-en_1");
}

static void
test_other_paths_are_not_hits(void **state)
{
	char tok[ACCESSLOG_TOKEN_MAX + 1], date[11];

	assert_int_equal(line("/r/{token}", "h - - [28/Nov/2026:10:15:32 +0900] "
	    "\"GET /index.html HTTP/1.1\" 200 1", tok, date), ACCESSLOG_OTHER);
	assert_int_equal(line("/r/{token}", "h - - [28/Nov/2026:10:15:32 +0900] "
	    "\"GET /r/ HTTP/1.1\" 404 1", tok, date), ACCESSLOG_OTHER);
	assert_int_equal(line("/r/{token}", "h - - [28/Nov/2026:10:15:32 +0900] "
	    "\"GET /r/abc/def HTTP/1.1\" 404 1", tok, date), ACCESSLOG_OTHER);
	assert_int_equal(line("/r/{token}", "h - - [28/Nov/2026:10:15:32 +0900] "
	    "\"GET /r/abc%2e HTTP/1.1\" 404 1", tok, date), ACCESSLOG_OTHER);
}

static void
test_malformed_lines(void **state)
{
	char tok[ACCESSLOG_TOKEN_MAX + 1], date[11];
	static const char *const bad[] = {
		"",
		"garbage",
		"h - - 28/Nov/2026:10:15:32 +0900 \"GET /r/abc HTTP/1.1\" 200 1",
		"h - - [28/Nov/2026:10:15:32 +0900] GET /r/abc HTTP/1.1 200 1",
		"h - - [28/Nov/2026:10:15:32 +0900] \"GET /r/abc HTTP/1.1 200 1",
		"h - - [28/Xyz/2026:10:15:32 +0900] \"GET /r/abc HTTP/1.1\" 200 1",
		"h - - [28/Nov/2026 10:15:32 +0900] \"GET /r/abc HTTP/1.1\" 200 1",
		"h - - [28/Nov/2026:10:15:32 +0900] \"GET /r/abc HTTP/1.1\" abc 1",
		"h - - [28/Nov/2026:10:15:32 +0900] \"-\" 400 0",
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (line("/r/{token}", bad[i], tok, date) != ACCESSLOG_MALFORMED)
			fail_msg("not malformed: %s", bad[i]);
}

static void
test_patterns(void **state)
{
	url_pattern p;
	const char *why = NULL;

	assert_int_equal(accesslog_pattern("/r/", &p, &why), -1);
	assert_non_null(strstr(why, "{token}"));
	assert_int_equal(accesslog_pattern("/r/{token}/{token}", &p, &why), -1);
	assert_int_equal(accesslog_pattern("https://example.com{token}", &p, &why), -1);
	assert_int_equal(accesslog_pattern("https://example.com/x/{token}", &p, &why), 0);
	assert_string_equal(p.prefix, "/x/");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hits_in_common_and_combined_format),
		cmocka_unit_test(test_other_paths_are_not_hits),
		cmocka_unit_test(test_malformed_lines),
		cmocka_unit_test(test_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
