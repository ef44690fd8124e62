/* test_vert: a font's vertical forms through HarfBuzz, checked against the font's own presentation forms. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "text/vert.h"

static void
test_punctuation_takes_the_vertical_forms_the_font_also_maps_to_presentation_forms(void **state)
{
	/* 、。「」 and their vertical presentation forms ︑︒﹁﹂: the same glyphs */
	static const uint32_t cp[] = {0x3001, 0x3002, 0x300C, 0x300D};
	static const uint32_t pf[] = {0xFE11, 0xFE12, 0xFE41, 0xFE42};
	const char *fonts[] = {"fonts/ipaexm.ttf", "fonts/ipaexg.ttf"};

	for (int f = 0; f < 2; f++) {
		vert_font *vf = vert_font_load(fonts[f]);

		assert_non_null(vf);
		for (int i = 0; i < 4; i++) {
			unsigned v = vert_glyph(vf, cp[i]);

			assert_int_not_equal(v, 0);
			assert_int_not_equal(v, vert_cmap_glyph(vf, cp[i]));
			assert_int_equal(v, vert_cmap_glyph(vf, pf[i]));
		}
		vert_font_free(vf);
	}
}

static void
test_long_vowel_dash_and_small_kana_turn_kanji_stay(void **state)
{
	vert_font *vf = vert_font_load("fonts/ipaexm.ttf");
	/* ー, ―, 〜, ( , small っ and ャ: each its own vertical glyph */
	static const uint32_t turn[] = {0x30FC, 0x2015, 0x301C, 0xFF08, 0x3063, 0x30E3};

	assert_non_null(vf);
	for (size_t i = 0; i < sizeof(turn) / sizeof(turn[0]); i++) {
		assert_int_not_equal(vert_glyph(vf, turn[i]), 0);
		assert_int_not_equal(vert_glyph(vf, turn[i]), vert_cmap_glyph(vf, turn[i]));
	}
	/* the same answer twice (the cache) */
	assert_int_equal(vert_glyph(vf, 0x30FC), vert_glyph(vf, 0x30FC));
	/* 漢 and あ have no vertical form */
	assert_int_equal(vert_glyph(vf, 0x6F22), vert_cmap_glyph(vf, 0x6F22));
	assert_int_equal(vert_glyph(vf, 0x3042), vert_cmap_glyph(vf, 0x3042));
	/* a character the font lacks */
	assert_int_equal(vert_glyph(vf, 0x1F600), 0);
	assert_int_equal(vert_cmap_glyph(vf, 0x1F600), 0);
	vert_font_free(vf);
}

static void
test_a_latin_font_has_no_vertical_forms(void **state)
{
	vert_font *vf = vert_font_load("fonts/NotoSans-Regular.ttf");

	assert_non_null(vf);
	assert_int_equal(vert_glyph(vf, 'A'), vert_cmap_glyph(vf, 'A'));
	assert_int_not_equal(vert_glyph(vf, 'A'), 0);
	vert_font_free(vf);
}

static void
test_a_composite_glyph_names_its_parts(void **state)
{
	vert_font *vf = vert_font_load("fonts/NotoSans-Regular.ttf");
	unsigned parts[8], e = vert_cmap_glyph(vf, 'e'), eacute = vert_cmap_glyph(vf, 0xE9);
	int n, found = 0;

	assert_non_null(vf);
	n = vert_components(vf, eacute, parts, 8);
	assert_true(n >= 2);
	for (int i = 0; i < n; i++)
		found |= parts[i] == e;
	assert_true(found);
	assert_int_equal(vert_components(vf, e, parts, 8), 0);
	/* out of range */
	assert_int_equal(vert_components(vf, 0xFFFFu, parts, 8), 0);
	vert_font_free(vf);
}

static void
test_what_is_not_a_font_is_refused(void **state)
{
	assert_null(vert_font_load("fonts/no-such-font.ttf"));
	assert_null(vert_font_load("fonts/LICENSE-OFL.txt"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punctuation_takes_the_vertical_forms_the_font_also_maps_to_presentation_forms),
		cmocka_unit_test(test_long_vowel_dash_and_small_kana_turn_kanji_stay),
		cmocka_unit_test(test_a_latin_font_has_no_vertical_forms),
		cmocka_unit_test(test_a_composite_glyph_names_its_parts),
		cmocka_unit_test(test_what_is_not_a_font_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
