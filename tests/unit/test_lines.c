/* test_lines: breaking glyphs into lines, greedy and by total fit, on made-up metrics. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "layout/lines.h"
#include "util/mem.h"

static struct glyph g[512];

/*
 * Glyphs for text: every letter 5 wide, a space 2.5, a line may start
 * after each space; '|' marks a hyphenation point (a hyphen 3 wide),
 * '\n' a hard break. Returns the count.
 */
static int
glyphs(const char *text)
{
	int n = 0;

	memset(g, 0, sizeof(g));
	for (const char *p = text; *p; p++) {
		struct glyph *x;

		if (*p == '|') {
			g[n - 1].hyw = 3;
			continue;
		}
		x = &g[n++];
		x->cp = (uint32_t)(unsigned char)*p;
		x->font = *p == '\n' ? -1 : 0;
		x->size = 10;
		x->nat = x->adv = *p == ' ' ? 2.5 : 5;
		x->brk = n > 1 && g[n - 2].cp == ' ';
	}
	return n;
}

/* The word spaces of line ln set to width: their multiple of the natural space. */
static double
space_ratio(const struct line *ln, double width)
{
	int spaces = 0;

	for (int i = ln->g0; i < ln->g1; i++)
		spaces += g[i].cp == ' ';
	return spaces ? (2.5 + (width - ln->indent - ln->width) / spaces) / 2.5 : 1;
}

static void
test_total_fit_keeps_spaces_in_range_where_greedy_does_not(void **state)
{
	/* at 200 wide, greedy leaves a line with spaces 3 times their width; one set of breaks keeps them all in range */
	const char *t = "aaaaa bbbbbb cccc dddd ee ffffff gggg hh iiiiiii jjjj kkkkkkkk "
	    "lll mmm nnn ooo pppppp qqqqqq rr sssssss ttttttttt uuuuuuu vv ww xxxxxxx";
	int n = glyphs(t);
	struct lines greedy = {0}, fit = {0};
	double worst_greedy = 1, worst_fit = 1;

	lines_greedy(g, n, 200, 0, &greedy);
	lines_total_fit(g, n, 200, 0, &fit);
	for (int i = 0; i + 1 < greedy.n; i++)
		worst_greedy = fmax(worst_greedy, space_ratio(&greedy.v[i], 200));
	for (int i = 0; i + 1 < fit.n; i++) {
		double r = space_ratio(&fit.v[i], 200);

		assert_true(r >= 0.8 - 1e-9 && r <= 2.0 + 1e-9);
		worst_fit = fmax(worst_fit, r);
		assert_false(fit.v[i].last);
	}
	assert_true(fit.v[fit.n - 1].last);
	assert_true(worst_greedy > 2.9 && worst_fit <= 2.0 + 1e-9);
	mem_free(greedy.v);
	mem_free(fit.v);
}

static void
test_a_hyphen_is_taken_when_the_line_is_loose_without_it(void **state)
{
	/* 100 wide: "aaaaaaaa bbbbbbbb" is 82.5; "extra" would not fit whole */
	int n = glyphs("aaaaaaaa bbbbbbbb ex|tra|or|di|nary cc dd");
	struct lines fit = {0};
	const struct line *l0;

	lines_total_fit(g, n, 100, 0, &fit);
	l0 = &fit.v[0];
	assert_true(l0->hyphen);
	assert_int_equal(g[l0->g1 - 1].cp, 'x');		/* "ex-" */
	assert_true(fabs(l0->width - (8 * 5 + 2.5 + 8 * 5 + 2.5 + 2 * 5 + 3)) < 1e-9);
	mem_free(fit.v);
}

static void
test_hard_breaks_end_lines_and_no_line_crosses_them(void **state)
{
	int n = glyphs("aa bb\ncc dd ee");
	struct lines fit = {0};

	lines_total_fit(g, n, 100, 10, &fit);
	assert_int_equal(fit.n, 2);
	assert_true(fit.v[0].last && fit.v[1].last);
	assert_int_equal(fit.v[0].g1, 5);
	assert_int_equal(fit.v[1].g0, 6);
	/* the indent belongs to the paragraph's first line, and to one after a hard break */
	assert_true(fit.v[0].indent == 10 && fit.v[1].indent == 10);
	mem_free(fit.v);
}

static void
test_a_word_longer_than_the_line_overflows_alone(void **state)
{
	int n = glyphs("aa bbbbbbbbbbbbbbbbbbbbbbbbb cc");
	struct lines fit = {0};

	lines_total_fit(g, n, 50, 0, &fit);
	assert_int_equal(fit.n, 3);
	assert_int_equal(fit.v[1].g0, 3);
	assert_int_equal(fit.v[1].g1, 28);
	mem_free(fit.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_total_fit_keeps_spaces_in_range_where_greedy_does_not),
		cmocka_unit_test(test_a_hyphen_is_taken_when_the_line_is_loose_without_it),
		cmocka_unit_test(test_hard_breaks_end_lines_and_no_line_crosses_them),
		cmocka_unit_test(test_a_word_longer_than_the_line_overflows_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
