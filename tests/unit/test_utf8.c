/* test_utf8: strict UTF-8 validation, decoding, encoding and NFC. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "text/utf8.h"
#include "util/buf.h"

static void
assert_bad_at(const char *s, size_t n, size_t want)
{
	size_t bad = 9999;

	assert_int_equal(utf8_valid(s, n, &bad), -1);
	assert_int_equal(bad, want);
}

static void
test_valid_one_to_four_byte_sequences_are_accepted(void **state)
{
	/* A, é, あ, 𠮷, and the extremes of each length */
	const char *s = "A\xC3\xA9\xE3\x81\x82\xF0\xA0\xAE\xB7"
	    "\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF\xF0\x90\x80\x80"
	    "\xF4\x8F\xBF\xBF\xED\x9F\xBF\xEE\x80\x80";
	size_t bad = 42;

	assert_int_equal(utf8_valid(s, strlen(s), &bad), 0);
	assert_int_equal(bad, 42);
	assert_int_equal(utf8_valid("", 0, NULL), 0);
}

static void
test_overlong_forms_are_rejected_at_their_offset(void **state)
{
	assert_bad_at("ab\xC0\xAF", 4, 2);
	assert_bad_at("\xC1\xBF", 2, 0);
	assert_bad_at("x\xE0\x80\x80", 4, 1);
	assert_bad_at("xy\xE0\x9F\xBF", 5, 2);
	assert_bad_at("\xF0\x80\x80\x80", 4, 0);
	assert_bad_at("abc\xF0\x8F\xBF\xBF", 7, 3);
}

static void
test_surrogates_are_rejected_at_their_offset(void **state)
{
	assert_bad_at("a\xED\xA0\x80", 4, 1);
	assert_bad_at("\xE3\x81\x82\xED\xBF\xBF", 6, 3);
}

static void
test_code_points_above_10ffff_are_rejected(void **state)
{
	assert_bad_at("ok\xF4\x90\x80\x80", 6, 2);
	assert_bad_at("\xF5\x80\x80\x80", 4, 0);
	assert_bad_at("\xF7\xBF\xBF\xBF", 4, 0);
}

static void
test_truncated_sequences_are_rejected_at_their_start(void **state)
{
	assert_bad_at("abc\xE3\x81", 5, 3);
	assert_bad_at("\xC3", 1, 0);
	assert_bad_at("a\xF0\xA0\xAE", 4, 1);
	/* the sequence is cut by a non-continuation byte */
	assert_bad_at("\xE3\x81" "A", 3, 0);
	/* the length given stops inside a sequence in a longer string */
	assert_bad_at("\xE3\x81\x82", 2, 0);
}

static void
test_stray_continuation_and_ff_fe_are_rejected(void **state)
{
	assert_bad_at("a\x80", 2, 1);
	assert_bad_at("\xE3\x81\x82\xBF", 4, 3);
	assert_bad_at("ab\xFF", 3, 2);
	assert_bad_at("\xFE\xFF", 2, 0);
}

static void
test_next_and_put_round_trip_every_length(void **state)
{
	const uint32_t cps[] = {0x0, 0x41, 0x7F, 0x80, 0xE9, 0x7FF, 0x800,
	    0x3042, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x20BB7, 0x10FFFF};
	size_t n = sizeof(cps) / sizeof(cps[0]);
	buf b = BUF_INIT;
	const char *p, *end;

	for (size_t i = 0; i < n; i++)
		utf8_put(&b, cps[i]);
	assert_int_equal(utf8_valid(b.p, b.len, NULL), 0);
	/* 1+1+1+2+2+2+3+3+3+3+3+3+4+4+4 bytes */
	assert_int_equal(b.len, 39);
	p = b.p;
	end = b.p + b.len;
	for (size_t i = 0; i < n; i++)
		assert_int_equal(utf8_next(&p, end), cps[i]);
	assert_ptr_equal(p, end);
	buf_free(&b);
}

static void
test_put_encodes_known_bytes(void **state)
{
	buf b = BUF_INIT;

	utf8_put(&b, 0x3042);
	utf8_put(&b, 0x20BB7);
	assert_int_equal(b.len, 7);
	assert_memory_equal(b.p, "\xE3\x81\x82\xF0\xA0\xAE\xB7", 7);
	buf_free(&b);
}

static void
test_next_never_reads_past_end_of_a_cut_sequence(void **state)
{
	const char s[] = "\xE3\x81\x82";
	const char *p = s;

	assert_int_equal(utf8_next(&p, s + 2), 0xFFFD);
	assert_true(p <= s + 2);
}

static void
test_nfc_composes_e_and_combining_acute(void **state)
{
	buf b = BUF_INIT;

	assert_int_equal(utf8_nfc("caf" "e\xCC\x81", 6, &b), 0);
	assert_string_equal(b.p, "caf\xC3\xA9");
	assert_int_equal(b.len, 5);
	buf_free(&b);
}

static void
test_nfc_composes_kana_and_dakuten(void **state)
{
	buf b = BUF_INIT;

	/* か + combining voiced mark -> が */
	assert_int_equal(utf8_nfc("\xE3\x81\x8B\xE3\x82\x99", 6, &b), 0);
	assert_string_equal(b.p, "\xE3\x81\x8C");
	buf_free(&b);
}

static void
test_nfc_leaves_nfc_text_byte_identical(void **state)
{
	const char *texts[] = {
		"",
		"plain ASCII, nothing to do",
		"caf\xC3\xA9 cr\xC3\xA8me",
		"\xE6\x9D\xB1\xE4\xBA\xAC\xE3\x81\xA7PDF\xE3\x82\x92\xE4\xBD\x9C\xE3\x82\x8B",
		"\xF0\xA0\xAE\xB7\xE9\x87\x8E\xE5\xAE\xB6",
	};

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		buf b = BUF_INIT;

		assert_int_equal(utf8_nfc(texts[i], strlen(texts[i]), &b), 0);
		assert_int_equal(b.len, strlen(texts[i]));
		assert_memory_equal(buf_str(&b), texts[i], b.len);
		buf_free(&b);
	}
}

static void
test_nfc_appends_to_existing_content(void **state)
{
	buf b = BUF_INIT;

	buf_puts(&b, "x:");
	assert_int_equal(utf8_nfc("e\xCC\x81", 3, &b), 0);
	assert_int_equal(utf8_nfc("abc", 3, &b), 0);
	assert_string_equal(b.p, "x:\xC3\xA9" "abc");
	buf_free(&b);
}

static void
test_nfc_keeps_singleton_decomposition_canonical(void **state)
{
	buf b = BUF_INIT;

	/* U+212B ANGSTROM SIGN becomes U+00C5 under NFC */
	assert_int_equal(utf8_nfc("\xE2\x84\xAB", 3, &b), 0);
	assert_string_equal(b.p, "\xC3\x85");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_one_to_four_byte_sequences_are_accepted),
		cmocka_unit_test(test_overlong_forms_are_rejected_at_their_offset),
		cmocka_unit_test(test_surrogates_are_rejected_at_their_offset),
		cmocka_unit_test(test_code_points_above_10ffff_are_rejected),
		cmocka_unit_test(test_truncated_sequences_are_rejected_at_their_start),
		cmocka_unit_test(test_stray_continuation_and_ff_fe_are_rejected),
		cmocka_unit_test(test_next_and_put_round_trip_every_length),
		cmocka_unit_test(test_put_encodes_known_bytes),
		cmocka_unit_test(test_next_never_reads_past_end_of_a_cut_sequence),
		cmocka_unit_test(test_nfc_composes_e_and_combining_acute),
		cmocka_unit_test(test_nfc_composes_kana_and_dakuten),
		cmocka_unit_test(test_nfc_leaves_nfc_text_byte_identical),
		cmocka_unit_test(test_nfc_appends_to_existing_content),
		cmocka_unit_test(test_nfc_keeps_singleton_decomposition_canonical),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
