/* test_font: TrueType metrics from real fonts, and refusal of bad files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "text/font.h"
#include "util/mem.h"

static char tmpdir[512];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_font", t ? t : "/tmp");
	if (t != NULL)
		mkdir(t, 0777);
	if (mkdir(tmpdir, 0777) == -1 && errno != EEXIST)
		return -1;
	return 0;
}

/* Write the first n bytes of src (all when n is 0) to tmpdir/name. */
static void
write_copy(const char *src, size_t n, const char *path, size_t flip)
{
	FILE *in = fopen(src, "rb"), *out;
	unsigned char *p = NULL;
	size_t len = 0, cap = 0, got;

	assert_non_null(in);
	do {
		if (cap - len < 65536)
			p = realloc(p, cap = cap ? cap * 2 : 1 << 20);
		assert_non_null(p);
		got = fread(p + len, 1, cap - len, in);
		len += got;
	} while (got > 0);
	fclose(in);
	if (n != 0 && n < len)
		len = n;
	if (flip != 0 && flip < len)
		p[flip] ^= 0xFF;
	out = fopen(path, "wb");
	assert_non_null(out);
	assert_int_equal(fwrite(p, 1, len, out), len);
	assert_int_equal(fclose(out), 0);
	free(p);
}

static void
test_ipaex_mincho_has_hiragana_a_at_full_em(void **state)
{
	char err[256] = "";
	font *f = font_load("fonts/ipaexm.ttf", err, sizeof(err));

	assert_non_null(f);
	assert_int_equal(font_has(f, 0x3042), 1);
	assert_int_equal(font_advance(f, 0x3042), 1000);
	assert_int_equal(font_has(f, 0x6F22), 1);	/* 漢 */
	assert_int_equal(font_advance(f, 0x6F22), 1000);
	assert_string_equal(font_path(f), "fonts/ipaexm.ttf");
	assert_string_equal(font_name(f), "IPAexMincho");
	font_free(f);
}

static void
test_noto_serif_lacks_hiragana_and_reports_zero_width(void **state)
{
	font *f = font_load("fonts/NotoSerif-Regular.ttf", NULL, 0);

	assert_non_null(f);
	assert_int_equal(font_has(f, 0x3042), 0);
	assert_int_equal(font_advance(f, 0x3042), 0);
	assert_int_equal(font_has(f, 0x1F600), 0);
	assert_int_equal(font_has(f, 0x10FFFF), 0);
	assert_string_equal(font_name(f), "NotoSerif-Regular");
	font_free(f);
}

static void
test_latin_a_has_positive_width_in_every_font(void **state)
{
	const char *paths[] = {"fonts/ipaexm.ttf", "fonts/ipaexg.ttf",
	    "fonts/NotoSerif-Regular.ttf", "fonts/NotoSans-Bold.ttf"};

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		font *f = font_load(paths[i], NULL, 0);

		assert_non_null(f);
		assert_int_equal(font_has(f, 'A'), 1);
		assert_true(font_advance(f, 'A') > 0);
		assert_true(font_advance(f, 'A') < 1000);
		/* proportional Latin: i is narrower than W */
		assert_true(font_advance(f, 'i') < font_advance(f, 'W'));
		assert_true(font_ascent(f) > 0);
		assert_true(font_descent(f) < 0);
		font_free(f);
	}
}

/*
 * Noto Serif has 1000 units per em and IPAex 2048: the values must come
 * out in 1/1000 em either way. IPAex's hhea: ascender 1802, descender
 * -246 at 2048/em; half-width 'A' is 1024 units.
 */
static void
test_units_per_em_is_scaled_to_thousandths(void **state)
{
	font *f = font_load("fonts/ipaexm.ttf", NULL, 0);

	assert_non_null(f);
	assert_int_equal(font_ascent(f), 880);	/* 1802 * 1000 / 2048 = 879.9 */
	assert_int_equal(font_descent(f), -120);	/* -246 * 1000 / 2048 = -120.1 */
	font_free(f);

	f = font_load("fonts/NotoSerif-Regular.ttf", NULL, 0);
	assert_non_null(f);
	assert_int_equal(font_advance(f, ' '), 260);
	font_free(f);
}

static void
test_truncated_font_is_rejected_without_crashing(void **state)
{
	const size_t cuts[] = {1000, 11, 12 + 16, 4096, 300000};
	char path[600], err[256];

	snprintf(path, sizeof(path), "%s/truncated.ttf", tmpdir);
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		write_copy("fonts/NotoSerif-Regular.ttf", cuts[i], path, 0);
		err[0] = '\0';
		assert_null(font_load(path, err, sizeof(err)));
		assert_true(strlen(err) > 0);
	}
	remove(path);
}

static void
test_corrupted_table_directory_is_rejected_or_loaded_never_crashes(void **state)
{
	char path[600];

	snprintf(path, sizeof(path), "%s/corrupt.ttf", tmpdir);
	/* every byte of the table directory, flipped in turn */
	for (size_t at = 4; at < 12 + 16 * 6; at++) {
		font *f;

		write_copy("fonts/NotoSerif-Regular.ttf", 0, path, at);
		f = font_load(path, NULL, 0);
		if (f != NULL) {
			(void)font_advance(f, 'A');
			(void)font_has(f, 0x10FFFF);
			font_free(f);
		}
	}
	remove(path);
}

static void
test_non_font_file_is_rejected_with_a_reason(void **state)
{
	char err[256] = "";

	assert_null(font_load("CMakeLists.txt", err, sizeof(err)));
	assert_string_equal(err, "not a TrueType font");
	err[0] = '\0';
	assert_null(font_load("fonts/no-such-font.ttf", err, sizeof(err)));
	assert_true(strlen(err) > 0);
}

static void
test_cff_and_collection_fonts_are_refused_by_name(void **state)
{
	char path[600], err[256] = "";
	FILE *fp;

	snprintf(path, sizeof(path), "%s/cff.otf", tmpdir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite("OTTO\0\0\0\0\0\0\0\0\0\0\0\0", 1, 16, fp);
	fclose(fp);
	assert_null(font_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "CFF"));

	fp = fopen(path, "wb");
	assert_non_null(fp);
	fwrite("ttcf\0\1\0\0\0\0\0\1\0\0\0\14", 1, 16, fp);
	fclose(fp);
	assert_null(font_load(path, err, sizeof(err)));
	assert_non_null(strstr(err, "collection"));
	remove(path);
}

static void
test_glyph_ids_and_their_advances_agree_with_code_points(void **state)
{
	font *f = font_load("fonts/ipaexm.ttf", NULL, 0);
	const uint32_t cps[] = {'A', 'i', 0x3042, 0x4FBF, 0x308A, 0xFF01};

	assert_non_null(f);
	assert_true(font_nglyphs(f) > 12000);
	for (size_t i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		unsigned g = font_glyph(f, cps[i]);

		assert_true(g > 0 && g < font_nglyphs(f));
		assert_int_equal(font_glyph_advance(f, g), font_advance(f, cps[i]));
	}
	assert_int_not_equal(font_glyph(f, 'A'), font_glyph(f, 'i'));
	assert_int_equal(font_glyph(f, 0x1F600), 0);
	assert_int_equal(font_glyph_advance(f, font_nglyphs(f)), 0);
	assert_true(font_glyph_advance(f, 0) > 0);	/* .notdef has a width too */
	font_free(f);
}

/*
 * From the tables (head bbox, OS/2, post): IPAex Mincho's bbox is
 * -539 -571 2048 1876 and its cap height 1464 at 2048/em, PANOSE serif
 * style 2; Noto Sans is PANOSE 11 (sans); Noto Serif Italic leans -12°.
 */
static void
test_descriptor_values_come_from_the_tables(void **state)
{
	font *f = font_load("fonts/ipaexm.ttf", NULL, 0);
	const font_desc *d;

	assert_non_null(f);
	d = font_describe(f);
	assert_int_equal(d->bbox[0], -263);
	assert_int_equal(d->bbox[1], -279);
	assert_int_equal(d->bbox[2], 1000);
	assert_int_equal(d->bbox[3], 916);
	assert_int_equal(d->cap_height, 715);
	assert_int_equal(d->weight, 400);
	assert_true(d->serif);
	assert_false(d->italic);
	assert_false(d->fixed_pitch);
	assert_true(d->italic_angle == 0);
	font_free(f);

	f = font_load("fonts/NotoSans-Bold.ttf", NULL, 0);
	assert_non_null(f);
	d = font_describe(f);
	assert_int_equal(d->weight, 700);
	assert_false(d->serif);
	assert_int_equal(d->cap_height, 714);
	font_free(f);

	f = font_load("fonts/NotoSerif-Italic.ttf", NULL, 0);
	assert_non_null(f);
	d = font_describe(f);
	assert_true(d->italic);
	assert_true(d->serif);
	assert_true(d->italic_angle == -12);
	font_free(f);
}

static void
test_loading_from_memory_reads_as_from_the_file(void **state)
{
	unsigned char *data;
	size_t size;
	char err[256] = "";
	font *a, *b;

	assert_int_equal(font_read("fonts/NotoSerif-Regular.ttf", &data, &size,
	    err, sizeof(err)), 0);
	assert_int_equal(size, 588876);
	a = font_load_data("fonts/NotoSerif-Regular.ttf", data, size, err, sizeof(err));
	mem_free(data);
	b = font_load("fonts/NotoSerif-Regular.ttf", NULL, 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_string_equal(font_name(a), font_name(b));
	assert_int_equal(font_nglyphs(a), font_nglyphs(b));
	for (uint32_t cp = 0x20; cp < 0x250; cp++)
		assert_int_equal(font_advance(a, cp), font_advance(b, cp));
	font_free(a);
	font_free(b);

	assert_null(font_load_data("x", "OTTO", 4, err, sizeof(err)));
	assert_string_equal(err, "too short to be a font");
	assert_int_equal(font_read("fonts/no-such-font.ttf", &data, &size, err,
	    sizeof(err)), -1);
	assert_string_equal(err, "No such file or directory");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipaex_mincho_has_hiragana_a_at_full_em),
		cmocka_unit_test(test_noto_serif_lacks_hiragana_and_reports_zero_width),
		cmocka_unit_test(test_latin_a_has_positive_width_in_every_font),
		cmocka_unit_test(test_units_per_em_is_scaled_to_thousandths),
		cmocka_unit_test(test_truncated_font_is_rejected_without_crashing),
		cmocka_unit_test(test_corrupted_table_directory_is_rejected_or_loaded_never_crashes),
		cmocka_unit_test(test_non_font_file_is_rejected_with_a_reason),
		cmocka_unit_test(test_cff_and_collection_fonts_are_refused_by_name),
		cmocka_unit_test(test_glyph_ids_and_their_advances_agree_with_code_points),
		cmocka_unit_test(test_descriptor_values_come_from_the_tables),
		cmocka_unit_test(test_loading_from_memory_reads_as_from_the_file),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
