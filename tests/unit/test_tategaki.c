/* test_tategaki: kanji numerals for a vertical address, Japan Post's box geometry, the postal code's seven digits. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "address/tategaki.h"

static void
test_numbers_become_kanji_numerals_digit_by_digit(void **state)
{
	arena *ar = arena_new();

	assert_string_equal(tate_numerals("吉祥寺本町2-28-3", ar), "吉祥寺本町二―二八―三");
	assert_string_equal(tate_numerals("２丁目２８番３号", ar), "二丁目二八番三号");
	assert_string_equal(tate_numerals("グランドハイツ 305号室", ar), "グランドハイツ 三〇五号室");
	assert_string_equal(tate_numerals("北一条西10丁目1番地100", ar), "北一条西一〇丁目一番地一〇〇");
	/* a long vowel typed for a hyphen between numbers; one in a word stays */
	assert_string_equal(tate_numerals("1ー2 コーポ", ar), "一―二 コーポ");
	/* a hyphen that follows no number stays; letters become full-width */
	assert_string_equal(tate_numerals("ハイツ-A棟", ar), "ハイツ-Ａ棟");
	assert_string_equal(tate_numerals("", ar), "");
	arena_free(ar);
}

static void
test_the_boxes_are_japan_posts(void **state)
{
	static const double left[7] = {0, 7.0, 14.0, 21.6, 28.4, 35.2, 42.0};

	for (int i = 0; i < 7; i++)
		assert_true(fabs(tate_box_left(i) - left[i]) < 1e-9);
	assert_true(fabs(tate_box_left(6) + TATE_BOX_W - TATE_GROUP_W) < 1e-9);
}

static void
test_a_postal_code_gives_its_seven_digits(void **state)
{
	char d[8];

	assert_int_equal(tate_postal_digits("〒１２３－４５６７", d), 0);
	assert_string_equal(d, "1234567");
	assert_int_equal(tate_postal_digits("060-0001", d), 0);
	assert_string_equal(d, "0600001");
	assert_int_equal(tate_postal_digits("1234567", d), 0);
	assert_int_equal(tate_postal_digits("123-456", d), -1);
	assert_int_equal(tate_postal_digits("123-45678", d), -1);
	assert_int_equal(tate_postal_digits("12a-4567", d), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_become_kanji_numerals_digit_by_digit),
		cmocka_unit_test(test_the_boxes_are_japan_posts),
		cmocka_unit_test(test_a_postal_code_gives_its_seven_digits),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
