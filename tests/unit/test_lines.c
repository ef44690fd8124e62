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

/*
 * Total fit written out again, plainly: every line's width summed glyph
 * by glyph (lines_width), demerits as lines.c weighs them. The breaker
 * must choose the same lines.
 */
static int
plain_start(int i)
{
	return i == 0 || g[i - 1].font < 0;
}

static void
plain_total_fit(int ng, double width, double indent, int *ends, int *nends)
{
	int end[600], next[600], hy[600], forced[600], prev[600], n = 0;
	double total[600], sp[600];

	end[n] = next[n] = hy[n] = 0, forced[n++] = 1;
	for (int i = 1; i < ng; i++)
		if (g[i].font < 0)
			end[n] = i, next[n] = i + 1, hy[n] = 0, forced[n++] = 1;
		else if (g[i - 1].font >= 0 && g[i].brk)
			end[n] = next[n] = i, hy[n] = 0, forced[n++] = 0;
		else if (g[i - 1].hyw > 0)
			end[n] = next[n] = i, hy[n] = 1, forced[n++] = 0;
	end[n] = next[n] = ng, hy[n] = 0, forced[n++] = 1;
	sp[0] = 0;
	for (int i = 0; i < ng; i++)
		sp[i + 1] = sp[i] + (g[i].cp == ' ' ? g[i].nat : 0);
	total[0] = 0;
	for (int b = 1; b < n; b++) {
		total[b] = 1e30;
		prev[b] = -1;
		for (int a = b - 1; a >= 0; a--) {
			int s = next[a], e = end[b], toolong = 0;
			double w, st, sh, bad, r, d = 1e30;

			while (s < e && g[s].cp == ' ')
				s++;
			while (e > s && (g[e - 1].cp == ' ' || g[e - 1].cp == 0x3000))
				e--;
			if (total[a] >= 1e30)
				goto next;
			if (s >= e) {
				d = forced[b] ? 0 : 1e30;
				goto take;
			}
			w = lines_width(g, s, e) + (hy[b] ? g[e - 1].hyw : 0) +
			    (plain_start(s) ? indent : 0);
			st = (sp[e] - sp[s]) * (LINES_SPACE_MAX - 1);
			sh = (sp[e] - sp[s]) * (1 - LINES_SPACE_MIN);
			if (w > width + 0.01) {
				if (sh <= 0 || (r = (width - w) / sh) < -1) {
					toolong = 1;
					goto take;
				}
				bad = 100 * fabs(r * r * r);
			} else if (forced[b])
				bad = 0;
			else if (st <= 0)
				bad = 10000;
			else {
				r = (width - w) / st;
				bad = fmin(100 * r * r * r, 10000);
			}
			d = (10 + bad) * (10 + bad) + (hy[b] ? 50 * 50 : 0) +
			    (hy[a] && (hy[b] || forced[b]) ? 3000 : 0);
take:
			if (d < 1e30 && total[a] + d < total[b]) {
				total[b] = total[a] + d;
				prev[b] = a;
			}
			if (toolong)
				break;
next:
			if (forced[a])
				break;
		}
		if (prev[b] < 0 && total[b - 1] < 1e30) {
			total[b] = total[b - 1] + 1e12;
			prev[b] = b - 1;
		}
	}
	*nends = 0;
	for (int b = n - 1; b > 0; b = prev[b])
		ends[(*nends)++] = end[b] * 2 + hy[b];
}

/* Irregular metrics, near-ties and all: the lines of total fit are those of the plain version at every width. */
static void
test_total_fit_chooses_what_summing_every_line_chooses(void **state)
{
	unsigned seed = 12345;
	struct lines fit = {0};
	int ends[600], nends;

	for (int round = 0; round < 20; round++) {
		int n = 0;

		memset(g, 0, sizeof(g));
		while (n < 400) {
			struct glyph *x = &g[n++];

			seed = seed * 1103515245 + 12345;
			x->font = 0;
			x->size = 9.5;
			x->cp = (seed >> 16) % 7 == 0 ? ' ' : 'a' + (seed >> 8) % 26;
			x->nat = x->adv = x->cp == ' ' ? 2.375 : 2.1 + (seed >> 20) % 37 * 0.137;
			x->brk = n > 1 && g[n - 2].cp == ' ';
			if (x->cp != ' ' && (seed >> 12) % 9 == 0)
				x->hyw = 3.17;
		}
		for (double width = 40 + round * 0.73; width < 260; width += 9.31) {
			lines_total_fit(g, n, width, round % 3 ? 9.5 : 0, &fit);
			plain_total_fit(n, width, round % 3 ? 9.5 : 0, ends, &nends);
			assert_int_equal(fit.n, nends);
			for (int i = 0; i < fit.n; i++) {
				int want = ends[nends - 1 - i], e = want / 2;

				while (e > fit.v[i].g0 && g[e - 1].cp == ' ')
					e--;	/* as a line is set: its trailing spaces trimmed */
				assert_int_equal(fit.v[i].hyphen, want % 2);
				assert_int_equal(fit.v[i].g1, e);
			}
		}
	}
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
		cmocka_unit_test(test_total_fit_chooses_what_summing_every_line_chooses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
