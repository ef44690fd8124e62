/* test_vertical: vertical text: vertical forms, 縦中横, upright Latin, kinsoku down a column, drawing right to left. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "layout/vertical.h"
#include "testlayout.h"
#include "text/vert.h"

static layout *lay;
static const lay_style *body;

static int
setup(void **state)
{
	if ((lay = testlayout_load("hagaki")) == NULL)
		return -1;
	body = layout_style(lay, "body");
	return 0;
}

static int
teardown(void **state)
{
	layout_free(lay);
	return 0;
}

/* The cell whose text starts with s. */
static const vt_cell *
cell_of(vt_text *t, const char *s)
{
	int n;
	const vt_cell *c = vt_cells(t, &n);

	for (int i = 0; i < n; i++)
		if (strncmp(vt_string(t) + c[i].off, s, strlen(s)) == 0)
			return &c[i];
	return NULL;
}

static void
test_punctuation_takes_the_fonts_vertical_forms(void **state)
{
	vt_text *t = vt_new(lay);
	const char *marks[] = {"。", "、", "「", "」", "ー"};
	uint32_t cps[] = {0x3002, 0x3001, 0x300C, 0x300D, 0x30FC};
	uint32_t miss;

	assert_int_equal(vt_shape(t, body, 1, "「ケーキ、どうぞ。」", strlen("「ケーキ、どうぞ。」"),
	    &miss), 0);
	for (int i = 0; i < 5; i++) {
		const vt_cell *c = cell_of(t, marks[i]);
		vert_font *vf;

		assert_non_null(c);
		vf = vert_font_load(font_path(layout_font(lay, c->font)));
		assert_int_equal(c->glyph, vert_glyph(vf, cps[i]));
		assert_int_not_equal(c->glyph, vert_cmap_glyph(vf, cps[i]));
		assert_true(fabs(c->adv - body->size) < 1e-9);
		vert_font_free(vf);
	}
	/* kana have no vertical form: drawn by the cmap */
	assert_int_equal(cell_of(t, "ど")->glyph, 0);
	vt_free(t);
}

static void
test_two_digits_share_a_cell_longer_numbers_and_latin_stand_upright(void **state)
{
	vt_text *t = vt_new(lay);
	const char *s = "12月3日 2026年 ABC";
	const vt_cell *c;
	uint32_t miss;
	int n;

	assert_int_equal(vt_shape(t, body, 1, s, strlen(s), &miss), 0);
	c = cell_of(t, "12");
	assert_int_equal(c->len, 2);			/* 縦中横 */
	assert_true(fabs(c->adv - body->size) < 1e-9);
	assert_true(c->w <= body->size * 0.95 + 1e-9);
	assert_int_equal(cell_of(t, "3日")->len, 1);	/* one digit: a cell of its own */
	assert_int_equal(cell_of(t, "2026")->len, 1);	/* four: one a cell */
	assert_int_equal(cell_of(t, "026")->len, 1);
	assert_int_equal(cell_of(t, "A")->len, 1);
	assert_true(cell_of(t, "A")->w < body->size);	/* upright, narrower than the em */
	assert_int_equal(cell_of(t, "A")->glyph, 0);
	/* a space is half an em */
	assert_true(fabs(cell_of(t, " 2026")->adv - body->size / 2) < 1e-9);
	vt_cells(t, &n);
	/* 12 月 3 日 sp 2 0 2 6 年 sp A B C */
	assert_int_equal(n, 14);
	vt_free(t);
}

static void
test_no_column_starts_with_closing_punctuation(void **state)
{
	vt_text *t = vt_new(lay);
	const char *s = "あいうえお。かきくけこ、さしすせそ」たちつてと";
	const vt_column *cols;
	uint32_t miss;
	int n, nc;
	const vt_cell *c;

	assert_int_equal(vt_shape(t, body, 1, s, strlen(s), &miss), 0);
	c = vt_cells(t, &nc);
	/* five cells to a column: 。、」 would each start one */
	n = vt_break(t, body->size * 5, &cols);
	assert_true(n >= 5);
	for (int i = 0; i < n; i++) {
		const char *first = vt_string(t) + c[cols[i].c0].off;

		assert_true(cols[i].length <= body->size * 5 + 1e-6);
		assert_true(strncmp(first, "。", 3) != 0 && strncmp(first, "、", 3) != 0 &&
		    strncmp(first, "」", 3) != 0);
	}
	assert_int_equal(cols[n - 1].c1, nc);
	vt_free(t);
}

static void
test_no_column_starts_with_a_long_vowel_or_a_small_kana(void **state)
{
	vt_text *t = vt_new(lay);
	/* each line's sixth character would start the next five-cell column */
	const char *s = "かきくけこー\nさしすせそっ\nたちつてとャ\nなにぬねの。";
	const char *bad[] = {"ー", "っ", "ャ", "。"};
	const vt_column *cols;
	const vt_cell *c;
	uint32_t miss;
	int n, nc;

	assert_int_equal(vt_shape(t, body, 1, s, strlen(s), &miss), 0);
	c = vt_cells(t, &nc);
	n = vt_break(t, body->size * 5, &cols);
	/* each line: four cells, then the last two together */
	assert_int_equal(n, 8);
	for (int i = 0; i < n; i++) {
		const char *first = vt_string(t) + c[cols[i].c0].off;

		for (int k = 0; k < 4; k++)
			assert_true(strncmp(first, bad[k], strlen(bad[k])) != 0);
		assert_int_equal(cols[i].c1 - cols[i].c0, i % 2 == 0 ? 4 : 2);
	}
	vt_free(t);
}

static void
test_a_line_break_ends_the_column(void **state)
{
	vt_text *t = vt_new(lay);
	const vt_column *cols;
	uint32_t miss;

	assert_int_equal(vt_shape(t, body, 1, "謹賀新年\n令和", strlen("謹賀新年\n令和"),
	    &miss), 0);
	assert_int_equal(vt_break(t, 1000, &cols), 2);
	assert_true(fabs(cols[0].length - 4 * body->size) < 1e-9);
	assert_true(fabs(cols[1].length - 2 * body->size) < 1e-9);
	vt_free(t);
}

static void
test_drawn_top_to_bottom_centred_on_the_column(void **state)
{
	vt_text *t = vt_new(lay);
	dl_copy *c = dl_copy_new(layout_width(lay), layout_height(lay));
	dl_page *p = dl_page_add(c);
	const vt_column *cols;
	uint32_t miss;

	assert_int_equal(vt_shape(t, body, 1, "はい。", strlen("はい。"), &miss), 0);
	assert_int_equal(vt_break(t, 1000, &cols), 1);
	vt_draw(t, c, p, cols[0].c0, cols[0].c1, 100, 50, 0, DL_BLACK);
	assert_int_equal(p->n, 3);
	for (size_t i = 0; i < p->n; i++) {
		/* full-width glyphs: each an em wide, centred on x = 100, an em further down */
		assert_true(fabs(p->items[i].x - (100 - body->size / 2)) < 1e-9);
		assert_true(fabs((c->height - p->items[i].y) -
		    (50 + i * body->size + body->size * 0.88)) < 1e-9);
	}
	assert_int_equal(p->items[0].glyph, 0);
	assert_int_not_equal(p->items[2].glyph, 0);
	dl_copy_free(c);
	vt_free(t);
}

static void
test_a_character_no_font_has_is_named(void **state)
{
	vt_text *t = vt_new(lay);
	uint32_t miss = 0;

	assert_int_equal(vt_shape(t, body, 1, "あ\xF0\x9F\x98\x80", 7, &miss), -1);
	assert_int_equal(miss, 0x1F600);
	vt_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_punctuation_takes_the_fonts_vertical_forms),
		cmocka_unit_test(test_two_digits_share_a_cell_longer_numbers_and_latin_stand_upright),
		cmocka_unit_test(test_no_column_starts_with_closing_punctuation),
		cmocka_unit_test(test_no_column_starts_with_a_long_vowel_or_a_small_kana),
		cmocka_unit_test(test_a_line_break_ends_the_column),
		cmocka_unit_test(test_drawn_top_to_bottom_centred_on_the_column),
		cmocka_unit_test(test_a_character_no_font_has_is_named),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
