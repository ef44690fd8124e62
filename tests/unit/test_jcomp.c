/* test_jcomp: Japanese composition classes and spacing (JIS X 4051 / JLREQ). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "text/jcomp.h"

static void
test_classes_of_brackets_punctuation_kana_and_latin(void **state)
{
	assert_int_equal(jcomp_class(0x300C), JC_OPEN);		/* 「 */
	assert_int_equal(jcomp_class(0xFF08), JC_OPEN);		/* （ */
	assert_int_equal(jcomp_class(0x300D), JC_CLOSE);	/* 」 */
	assert_int_equal(jcomp_class(0x3001), JC_CLOSE);	/* 、 */
	assert_int_equal(jcomp_class(0x3002), JC_CLOSE);	/* 。 */
	assert_int_equal(jcomp_class(0x3042), JC_JAPANESE);	/* あ */
	assert_int_equal(jcomp_class(0x8336), JC_JAPANESE);	/* 茶 */
	assert_int_equal(jcomp_class(0x30FC), JC_JAPANESE);	/* ー */
	assert_int_equal(jcomp_class('g'), JC_WESTERN);
	assert_int_equal(jcomp_class('7'), JC_WESTERN);
	assert_int_equal(jcomp_class(0xE9), JC_WESTERN);	/* é */
	assert_int_equal(jcomp_class(' '), JC_OTHER);
	assert_int_equal(jcomp_class('('), JC_OTHER);
	assert_int_equal(jcomp_class(0xD7), JC_OTHER);		/* × */
}

static void
test_blanks_of_punctuation_are_half_an_em(void **state)
{
	assert_true(jcomp_lead(0x300C) == 0.5 && jcomp_trail(0x300C) == 0);
	assert_true(jcomp_trail(0x300D) == 0.5 && jcomp_lead(0x300D) == 0);
	assert_true(jcomp_trail(0x3002) == 0.5);
	assert_true(jcomp_lead(0x3042) == 0 && jcomp_trail(0x3042) == 0);
}

/* Each pair's width together: 2 em less what goes. */
static double
pair_width(uint32_t a, uint32_t b)
{
	double ca, cb;

	jcomp_pair(a, b, &ca, &cb);
	return 2 - ca - cb;
}

static void
test_adjacent_marks_keep_one_half_em_blank_at_most(void **state)
{
	assert_true(pair_width(0x300D, 0x300C) == 1.5);	/* 」「 */
	assert_true(pair_width(0x3001, 0x300C) == 1.5);	/* 、「 */
	assert_true(pair_width(0x3002, 0x300C) == 1.5);	/* 。「 */
	assert_true(pair_width(0x300D, 0x3002) == 1.5);	/* 」。 */
	assert_true(pair_width(0x3002, 0x300D) == 1.5);	/* 。」 */
	assert_true(pair_width(0x300C, 0x300E) == 1.5);	/* 「『 */
	assert_true(pair_width(0x3042, 0x300C) == 2);	/* あ「: the bracket's blank stays */
	assert_true(pair_width(0x300D, 0x3042) == 2);	/* 」あ */
}

static void
test_a_quarter_em_between_japanese_and_latin_or_digits(void **state)
{
	assert_true(jcomp_gap(0x7B2C, '2') == 0.25);	/* 第2 */
	assert_true(jcomp_gap('4', 0x53F7) == 0.25);	/* 4号 */
	assert_true(jcomp_gap(0x3042, 'Q') == 0.25);
	assert_true(jcomp_gap(0x3001, 'Q') == 0);	/* 、Q: the comma's blank is enough */
	assert_true(jcomp_gap('Q', 0x300C) == 0);
	assert_true(jcomp_gap('a', 'b') == 0);
	assert_true(jcomp_gap(0x3042, 0x3044) == 0);
	assert_true(jcomp_gap(0x3042, ' ') == 0);
}

static void
test_ellipsis_dashes_and_quotes_are_ambiguous(void **state)
{
	assert_true(jcomp_ambiguous(0x2026));	/* … */
	assert_true(jcomp_ambiguous(0x2015));	/* ― */
	assert_true(jcomp_ambiguous(0x201C));	/* “ */
	assert_false(jcomp_ambiguous('.'));
	assert_false(jcomp_ambiguous(0x3002));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes_of_brackets_punctuation_kana_and_latin),
		cmocka_unit_test(test_blanks_of_punctuation_are_half_an_em),
		cmocka_unit_test(test_adjacent_marks_keep_one_half_em_blank_at_most),
		cmocka_unit_test(test_a_quarter_em_between_japanese_and_latin_or_digits),
		cmocka_unit_test(test_ellipsis_dashes_and_quotes_are_ambiguous),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
