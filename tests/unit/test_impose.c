/* test_impose: N-up sheets: the sheet and grid chosen, cut-and-stack order, fronts and backs aligned, crop marks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "dl/impose.h"

#define MM(x) ((x) * 72.0 / 25.4)

static void
test_four_hagaki_with_bleed_go_on_sra3_not_a4(void **state)
{
	impose_grid g;
	const char *why = NULL;

	assert_int_equal(impose_plan(4, NULL, MM(100), MM(148), MM(3), &g, &why), 0);
	assert_string_equal(g.sheet, "SRA3");
	assert_int_equal(g.cols * g.rows, 4);
	/* centred, the bleeds meeting */
	assert_true(fabs(g.pitch_x - MM(106)) < 1e-9);
	assert_true(fabs((g.x0 - g.bleed) * 2 + g.cols * g.pitch_x - g.sheet_w) < 1e-6);
	assert_true(fabs((g.y0 - g.bleed) * 2 + g.rows * g.pitch_y - g.sheet_h) < 1e-6);
	assert_true(g.x0 - g.bleed >= IMPOSE_MARGIN - 1e-9);
	assert_int_equal(impose_plan(4, "A4", MM(100), MM(148), MM(3), &g, &why), -1);
	assert_non_null(strstr(why, "do not fit on that sheet"));
	assert_int_equal(impose_plan(1, "A4", MM(100), MM(148), MM(3), &g, &why), 0);
	assert_int_equal(impose_plan(4, "B5", MM(100), MM(148), MM(3), &g, &why), -1);
	assert_int_equal(impose_plan(0, NULL, MM(100), MM(148), MM(3), &g, &why), -1);
	assert_int_equal(impose_plan(64, NULL, MM(100), MM(148), MM(3), &g, &why), -1);
	/* a 6 × 4 in card, 4-up: too wide for SRA3 two abreast, so on SRA3 turned */
	assert_int_equal(impose_plan(4, NULL, 6 * 72, 4 * 72, MM(3), &g, &why), 0);
	assert_string_equal(g.sheet, "SRA3");
	assert_true(g.sheet_w > g.sheet_h);
	assert_int_equal(g.cols, 2);
	/* 13 × 19 in takes six hagaki */
	assert_int_equal(impose_plan(6, "13x19", MM(100), MM(148), MM(3), &g, &why), 0);
}

static void
test_cut_stacks_come_out_in_copy_order(void **state)
{
	impose_grid g;
	const char *why;
	int sheet, pos, seen[10] = {0}, k = 0;

	assert_int_equal(impose_plan(4, NULL, MM(100), MM(148), MM(3), &g, &why), 0);
	assert_int_equal(impose_sheets(&g, 10), 3);
	assert_int_equal(impose_sheets(&g, 12), 3);
	assert_int_equal(impose_sheets(&g, 13), 4);
	/* stack by stack (position), sheet by sheet: copies 0..9 */
	for (int p = 0; p < 4; p++)
		for (int s = 0; s < 3; s++)
			for (int i = 0; i < 10; i++) {
				impose_place(&g, 10, i, &sheet, &pos);
				if (sheet == s && pos == p) {
					assert_int_equal(i, k++);
					seen[i]++;
				}
			}
	assert_int_equal(k, 10);
	for (int i = 0; i < 10; i++)
		assert_int_equal(seen[i], 1);
}

static void
test_a_back_lies_behind_its_front(void **state)
{
	impose_grid g;
	const char *why;
	dl_copy *cards[3], *sheet;
	int lines = 0, fronts = 0;

	assert_int_equal(impose_plan(4, "SRA3", MM(100), MM(148), MM(3), &g, &why), 0);
	assert_int_equal(g.cols, 2);
	for (int i = 0; i < 3; i++) {
		cards[i] = dl_copy_new(MM(100), MM(148));
		dl_page_add(cards[i]);
		dl_page_add(cards[i]);
		/*
		 * a 1 pt square 10 mm from the front's left edge, 20 mm up, and
		 * its twin on the back, 10 mm from the back's right edge: the
		 * same spot of the card
		 */
		dl_rect(cards[i], &cards[i]->pages[0], MM(10), MM(20) + i, 1, 1, 1, 0, DL_BLACK);
		dl_rect(cards[i], &cards[i]->pages[1], MM(90) - 1, MM(20) + i, 1, 1, 1, 0,
		    DL_BLACK);
	}
	/* three copies, one sheet: positions 0, 1, 2 */
	sheet = impose_sheet(&g, cards, 3, 0);
	assert_int_equal(sheet->npages, 2);
	assert_true(fabs(sheet->width - g.sheet_w) < 1e-9);
	for (size_t i = 0; i < sheet->pages[0].n; i++) {
		const dl_item *a = &sheet->pages[0].items[i];
		int pos, pairs = 0;
		double top;

		if (a->kind == DL_LINE) {
			lines++;
			continue;
		}
		/* copy i at position i: its column and row (its mark i pt higher) */
		for (pos = 0; pos < 3; pos++) {
			top = g.y0 + pos / g.cols * g.pitch_y;
			if (fabs(a->x - (g.x0 + pos % g.cols * g.pitch_x + MM(10))) < 1e-6 &&
			    fabs(a->y - (g.sheet_h - top - MM(148) + MM(20) + pos)) < 1e-6)
				break;
		}
		assert_true(pos < 3);
		fronts++;
		/* its back, seen through the sheet turned left to right, on the same spot */
		for (size_t j = 0; j < sheet->pages[1].n; j++) {
			const dl_item *b = &sheet->pages[1].items[j];

			if (b->kind == DL_RECT && fabs(g.sheet_w - b->x - b->w - a->x) < 1e-6 &&
			    fabs(b->y - a->y) < 1e-6)
				pairs++;
		}
		assert_int_equal(pairs, 1);
	}
	assert_int_equal(fronts, 3);
	/* crop marks: two per trim edge of each column and each row */
	assert_int_equal(lines, 2 * 2 * g.cols + 2 * 2 * g.rows);
	dl_copy_free(sheet);
	for (int i = 0; i < 3; i++)
		dl_copy_free(cards[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_four_hagaki_with_bleed_go_on_sra3_not_a4),
		cmocka_unit_test(test_cut_stacks_come_out_in_copy_order),
		cmocka_unit_test(test_a_back_lies_behind_its_front),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
