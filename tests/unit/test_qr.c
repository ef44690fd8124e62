/* test_qr: QR symbol sizes, the quiet zone, merged runs of dark modules, and the module-grid path. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "render/qr.h"
#include "util/mem.h"

struct rects {
	double r[4096][4];
	int n;
};

static void
collect(void *ctx, double x, double y, double w, double h)
{
	struct rects *rs = ctx;

	assert_true(rs->n < 4096);
	rs->r[rs->n][0] = x;
	rs->r[rs->n][1] = y;
	rs->r[rs->n][2] = w;
	rs->r[rs->n][3] = h;
	rs->n++;
}

static void
test_module_count_follows_the_version_the_text_needs(void **state)
{
	char s[3000];

	/* Level M, 8-bit: version 1 holds 14 bytes, version 2 holds 26. */
	memset(s, 'a', sizeof(s));
	s[14] = '\0';
	assert_int_equal(qr_modules(s), 21);
	s[14] = 'a';
	s[15] = '\0';
	assert_int_equal(qr_modules(s), 25);
	assert_int_equal(qr_modules("https://example.jp/r/abc123"), 29);
}

static void
test_empty_or_too_long_text_cannot_be_encoded(void **state)
{
	char s[3000];
	struct rects *rs = mem_calloc(1, sizeof(*rs));

	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	assert_int_equal(qr_modules(""), -1);
	assert_int_equal(qr_modules(s), -1);
	assert_int_equal(qr_draw_rects(s, 0, 0, 100, collect, rs), -1);
	assert_int_equal(rs->n, 0);
	mem_free(rs);
}

/* QR_MAX_BYTES, which the job checks merged text against, is what fits. */
static void
test_qr_max_bytes_fit_and_one_more_does_not(void **state)
{
	char s[QR_MAX_BYTES + 2];

	memset(s, 'a', QR_MAX_BYTES);
	s[QR_MAX_BYTES] = '\0';
	assert_int_equal(qr_modules(s), 177);	/* version 40 */
	s[QR_MAX_BYTES] = 'a';
	s[QR_MAX_BYTES + 1] = '\0';
	assert_int_equal(qr_modules(s), -1);
}

static void
test_dark_modules_stay_inside_a_four_module_quiet_zone(void **state)
{
	struct rects *rs = mem_calloc(1, sizeof(*rs));
	const double x0 = 100, y0 = 200, side = 148;
	double m = side / (29 + 2 * QR_QUIET), eps = 1e-9;
	double minx = 1e9, miny = 1e9, maxx = -1e9, maxy = -1e9;
	int i;

	assert_int_equal(qr_draw_rects("https://example.jp/r/abc123", x0, y0, side,
	    collect, rs), 0);
	assert_true(rs->n > 29);
	for (i = 0; i < rs->n; i++) {
		double *r = rs->r[i];

		if (r[0] < minx)
			minx = r[0];
		if (r[1] < miny)
			miny = r[1];
		if (r[0] + r[2] > maxx)
			maxx = r[0] + r[2];
		if (r[1] + r[3] > maxy)
			maxy = r[1] + r[3];
		assert_float_equal(r[3], m, eps);
	}
	/* Finder patterns sit in three corners, so the symbol touches all sides. */
	assert_float_equal(minx, x0 + QR_QUIET * m, eps);
	assert_float_equal(miny, y0 + QR_QUIET * m, eps);
	assert_float_equal(maxx, x0 + side - QR_QUIET * m, eps);
	assert_float_equal(maxy, y0 + side - QR_QUIET * m, eps);
	/* The top row starts with a finder pattern's 7 dark modules in one run. */
	assert_float_equal(rs->r[0][0], x0 + QR_QUIET * m, eps);
	assert_float_equal(rs->r[0][1], y0 + side - (QR_QUIET + 1) * m, eps);
	assert_float_equal(rs->r[0][2], 7 * m, eps);
	mem_free(rs);
}

static void
test_horizontal_runs_are_merged_into_one_rectangle(void **state)
{
	struct rects *rs = mem_calloc(1, sizeof(*rs));
	int i;

	assert_int_equal(qr_draw_rects("merge me", 0, 0, 100, collect, rs), 0);
	for (i = 1; i < rs->n; i++) {
		double *a = rs->r[i - 1], *b = rs->r[i];

		/* Two rectangles of one row never touch: they would be one. */
		if (a[1] == b[1])
			assert_true(a[0] + a[2] < b[0] - 1e-9);
	}
	mem_free(rs);
}

/* The path on the module grid draws exactly the rectangles qr_draw_rects gives, in module units. */
static void
test_path_is_the_rectangles_on_an_integer_grid(void **state)
{
	const char *text = "https://example.jp/r/abc123";
	struct rects *rs = mem_calloc(1, sizeof(*rs));
	buf b = BUF_INIT;
	const char *s;
	int n, i, x, y, w, used;

	n = qr_path(text, &b);
	assert_int_equal(n, 29 + 2 * QR_QUIET);
	/* side n: a module is one unit, so the rectangles are in module units */
	assert_int_equal(qr_draw_rects(text, 0, 0, n, collect, rs), 0);
	s = buf_str(&b);
	for (i = 0; i < rs->n; i++) {
		assert_int_equal(sscanf(s, "%d %d %d 1 re\n%n", &x, &y, &w, &used), 3);
		assert_float_equal(rs->r[i][0], x, 1e-9);
		assert_float_equal(rs->r[i][1], y, 1e-9);
		assert_float_equal(rs->r[i][2], w, 1e-9);
		assert_true(x >= QR_QUIET && y >= QR_QUIET && x + w <= n - QR_QUIET &&
		    y + 1 <= n - QR_QUIET);
		s += used;
	}
	assert_string_equal(s, "");
	/* the top row starts with a finder pattern: 7 dark modules at the quiet zone's corner */
	assert_int_equal(strncmp(buf_str(&b), "4 32 7 1 re\n", 12), 0);
	buf_clear(&b);
	assert_int_equal(qr_path("", &b), -1);
	assert_int_equal(b.len, 0);
	buf_free(&b);
	mem_free(rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_module_count_follows_the_version_the_text_needs),
		cmocka_unit_test(test_empty_or_too_long_text_cannot_be_encoded),
		cmocka_unit_test(test_qr_max_bytes_fit_and_one_more_does_not),
		cmocka_unit_test(test_dark_modules_stay_inside_a_four_module_quiet_zone),
		cmocka_unit_test(test_horizontal_runs_are_merged_into_one_rectangle),
		cmocka_unit_test(test_path_is_the_rectangles_on_an_integer_grid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
