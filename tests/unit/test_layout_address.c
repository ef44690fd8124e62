/* test_layout_address: an address set into a box: shrinking, wrapping, the honorific column, the barcode, label sheets. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address/jpbarcode.h"
#include "layout/layout.h"
#include "text/utf8.h"

static const char *const fontdirs[] = {"fonts", NULL};
static layout *sheet;

/* The box of the first label of avery-l7160, inside its padding: pt from the top-left. */
static double bx, by, bw, bh;

static int
setup(void **state)
{
	diag d;
	const lay_sheet *sh;

	diag_init(&d, stderr);
	if ((sheet = layout_load("layouts/avery-l7160.yml", fontdirs, &d)) == NULL)
		return -1;
	sh = layout_sheet(sheet);
	bx = sh->left + sh->pad;
	by = sh->top + sh->pad;
	bw = sh->label_w - 2 * sh->pad;
	bh = sh->label_h - 2 * sh->pad;
	return 0;
}

static int
teardown(void **state)
{
	layout_free(sheet);
	return 0;
}

static address
addr(int n, const char *const *text, const int *roles, const char *const *hon)
{
	address a;

	memset(&a, 0, sizeof(a));
	for (int i = 0; i < n; i++) {
		a.lines[i].text = text[i];
		a.lines[i].role = roles ? roles[i] : ADDR_STREET;
		a.lines[i].honorific = hon ? hon[i] : NULL;
	}
	a.n = n;
	return a;
}

static int
place(const address *a, const char *barcode, dl_copy **out, diag *d)
{
	lay_engine *e = lay_engine_new(sheet);
	dl_copy *c = dl_copy_new(layout_width(sheet), layout_height(sheet));
	int rc;

	diag_init(d, NULL);
	dl_page_add(c);
	rc = lay_address(e, c, &c->pages[0], bx, by, bw, bh, a, barcode, 1,
	    layout_sheet(sheet)->min_size, 42, d);
	lay_engine_free(e);
	*out = c;
	return rc;
}

static double
run_width(const dl_item *it)
{
	const font *f = layout_font(sheet, it->font);
	const char *p = it->str, *end = p + it->len;
	double w = 0;

	while (p < end)
		w += font_advance(f, utf8_next(&p, end)) * it->size / 1000 + it->spacing;
	return w;
}

/* Every text run and rectangle lies inside the box (baselines and ascent). */
static void
assert_inside_box(const dl_copy *c)
{
	const dl_page *p = &c->pages[0];

	for (size_t i = 0; i < p->n; i++) {
		const dl_item *it = &p->items[i];
		double top = c->height - it->y;		/* y from the page's top */

		if (it->kind == DL_TEXT) {
			assert_true(it->x >= bx - 0.01);
			assert_true(it->x + run_width(it) <= bx + bw + 0.01);
			assert_true(top - it->size * 0.88 >= by - 0.01);
			assert_true(top <= by + bh + 0.01);
		} else if (it->kind == DL_RECT) {
			assert_true(it->x >= bx - 0.01 && it->x + it->w <= bx + bw + 0.01);
			assert_true(top <= by + bh + 0.01 && top - it->h >= by - 0.01);
		}
	}
}

static int
count(const dl_copy *c, enum dl_kind kind)
{
	int n = 0;

	for (size_t i = 0; i < c->pages[0].n; i++)
		n += c->pages[0].items[i].kind == kind;
	return n;
}

/* Lines of text: distinct baselines (a line's words are separate runs). */
static int
nlines(const dl_copy *c)
{
	double last = -1;
	int n = 0;

	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];

		if (it->kind == DL_TEXT && (it->y > last + 0.01 || it->y < last - 0.01)) {
			last = it->y;
			n++;
		}
	}
	return n;
}

static void
test_address_that_fits_keeps_its_style_sizes(void **state)
{
	static const char *const t[] = {"Ms. Jane Doe", "1 Main St", "LONDON", "SW1A 1AA"};
	static const int r[] = {ADDR_NAME, ADDR_STREET, ADDR_LOCALITY, ADDR_POSTAL};
	address a = addr(4, t, r, NULL);
	dl_copy *c;
	diag d;

	assert_int_equal(place(&a, NULL, &c, &d), 0);
	assert_int_equal(nlines(c), 4);
	assert_true(c->pages[0].items[0].size == layout_style(sheet, "address-name")->size);
	assert_true(c->pages[0].items[c->pages[0].n - 1].size == layout_style(sheet, "address")->size);
	assert_inside_box(c);
	dl_copy_free(c);
}

static void
test_a_line_too_wide_shrinks_every_line_together(void **state)
{
	static const char *const t[] = {"Ms. Jane Doe", "Flat 12, Kensington Palace Gardens Mansions", "LONDON"};
	address a = addr(3, t, NULL, NULL);
	double size = layout_style(sheet, "address")->size;
	dl_copy *c;
	diag d;

	assert_int_equal(place(&a, NULL, &c, &d), 0);
	assert_int_equal(nlines(c), 3);
	assert_true(c->pages[0].items[0].size < size);
	assert_true(c->pages[0].items[0].size == c->pages[0].items[c->pages[0].n - 1].size);
	assert_true(c->pages[0].items[0].size >= layout_sheet(sheet)->min_size);
	assert_inside_box(c);
	dl_copy_free(c);
}

static void
test_below_the_floor_size_a_line_wraps_instead(void **state)
{
	static const char *const t[] = {"山田 太郎", "東京都千代田区丸の内二丁目七番二号 JPタワー商業施設KITTE地下一階 東京シティアイ 観光案内所内"};
	address a = addr(2, t, NULL, NULL);
	dl_copy *c;
	diag d;

	assert_int_equal(place(&a, NULL, &c, &d), 0);
	assert_true(nlines(c) >= 3);
	assert_true(c->pages[0].items[0].size == layout_sheet(sheet)->min_size);
	assert_inside_box(c);
	dl_copy_free(c);
}

static void
test_an_address_that_cannot_fit_is_reported_and_never_leaves_the_box(void **state)
{
	static const char *t[2];
	static const int r[] = {ADDR_NAME, ADDR_STREET};
	char building[4000] = "";
	address a;
	dl_copy *c;
	diag d;

	for (int i = 0; i < 60; i++)
		strcat(building, "とても長い建物の名前");
	t[0] = "佐藤 花子";
	t[1] = building;
	a = addr(2, t, r, NULL);
	assert_int_equal(place(&a, NULL, &c, &d), 1);
	assert_inside_box(c);
	/* the building gave up its lines, not the name */
	assert_string_equal(c->pages[0].items[0].str, "佐藤");
	dl_copy_free(c);
}

static void
test_joint_names_share_one_honorific_column(void **state)
{
	static const char *const t[] = {"〒100-0005", "東京都千代田区丸の内1-1-1", "山田 太郎", "花子", "一郎"};
	static const int r[] = {ADDR_POSTAL, ADDR_STREET, ADDR_NAME, ADDR_NAME, ADDR_NAME};
	static const char *const h[] = {NULL, NULL, "様", "様", "様"};
	address a = addr(5, t, r, h);
	double x = -1;
	int n = 0;
	dl_copy *c;
	diag d;

	assert_int_equal(place(&a, NULL, &c, &d), 0);
	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];

		if (it->kind != DL_TEXT || strcmp(it->str, "様") != 0)
			continue;
		if (x < 0)
			x = it->x;
		assert_true(it->x > x - 0.01 && it->x < x + 0.01);
		n++;
	}
	assert_int_equal(n, 3);
	assert_inside_box(c);
	dl_copy_free(c);
}

/*
 * One engine setting address after address, the lines' text changed in
 * place between them (as a label run reuses its address), draws each as
 * a fresh engine does: what it shapes to measure an address serves that
 * address only.
 */
static void
test_an_engine_sets_each_address_as_a_fresh_one_does(void **state)
{
	static char name[64], street[128];
	static const char *const t[] = {name, street, "〒100-0005"};
	static const int r[] = {ADDR_NAME, ADDR_STREET, ADDR_POSTAL};
	static const char *const h[] = {"様", NULL, NULL};
	static const char *const names[] = {"山田 太郎", "佐藤 花子", "Jane Doe"};
	static const char *const streets[] = {"東京都千代田区丸の内1-1-1",
	    "Flat 12, Kensington Palace Gardens Mansions", "千代田区"};
	address a = addr(3, t, r, h);
	lay_engine *e = lay_engine_new(sheet);

	for (int i = 0; i < 3; i++) {
		dl_copy *c = dl_copy_new(layout_width(sheet), layout_height(sheet)), *fresh;
		diag d;

		snprintf(name, sizeof(name), "%s", names[i]);
		snprintf(street, sizeof(street), "%s", streets[i]);
		diag_init(&d, NULL);
		dl_page_add(c);
		assert_int_equal(lay_address(e, c, &c->pages[0], bx, by, bw, bh, &a,
		    NULL, 1, layout_sheet(sheet)->min_size, 42, &d), 0);
		assert_int_equal(place(&a, NULL, &fresh, &d), 0);
		assert_int_equal(c->pages[0].n, fresh->pages[0].n);
		for (size_t k = 0; k < c->pages[0].n; k++) {
			dl_item x = c->pages[0].items[k], y = fresh->pages[0].items[k];

			assert_int_equal(x.len, y.len);
			assert_memory_equal(x.str, y.str, x.len);
			x.str = y.str = NULL;
			assert_memory_equal(&x, &y, sizeof(x));
		}
		dl_copy_free(c);
		dl_copy_free(fresh);
	}
	lay_engine_free(e);
}

static void
test_customer_barcode_is_67_bars_below_the_address(void **state)
{
	static const char *const t[] = {"〒263-0023", "千葉県千葉市稲毛区緑町3-30-8", "郵便ビル403号", "郵便 太郎"};
	address a = addr(4, t, NULL, NULL);
	double lowest_text = 0, highest_bar = 1e9, narrow = bw;
	dl_copy *c;
	diag d;

	/* 80 mm wide at its 10 pt size, 64 mm at the smallest: too wide for L7160 */
	assert_int_equal(place(&a, "26300233-30-8-403", &c, &d), 0);
	assert_int_equal(count(c, DL_RECT), 0);
	assert_non_null(strstr(d.last, "customer 42: warning: address: no room for the customer barcode"));
	dl_copy_free(c);
	bw = 75 * 72 / 25.4;
	assert_int_equal(place(&a, "26300233-30-8-403", &c, &d), 0);
	assert_int_equal(count(c, DL_RECT), JPBAR_NBARS);
	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];
		double top = c->height - it->y;

		if (it->kind == DL_TEXT && top > lowest_text)
			lowest_text = top;
		if (it->kind == DL_RECT && top - it->h < highest_bar)
			highest_bar = top - it->h;
	}
	assert_true(highest_bar > lowest_text);
	assert_inside_box(c);
	bw = narrow;
	dl_copy_free(c);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_a_sheet_whose_labels_leave_the_page_is_refused(void **state)
{
	const char *tmp = getenv("TAYORI_TEST_TMP") ? getenv("TAYORI_TEST_TMP") : "/tmp";
	char path[512];
	diag d;

	snprintf(path, sizeof(path), "%s/bad-sheet.yml", tmp);
	write_file(path, "kind: labels\npage: {size: A4}\n"
	    "label: {width: 70, height: 40, columns: 3, rows: 8, left: 0, top: 0}\n"
	    "fonts: {sans: [NotoSans-Regular.ttf]}\n"
	    "styles: {address: {font: sans, size: 9}}\n");
	diag_init(&d, NULL);
	assert_null(layout_load(path, fontdirs, &d));
	assert_non_null(strstr(d.last, "the labels do not fit on the page"));
	remove(path);
}

static void
test_every_shipped_sheet_loads_with_its_label_grid(void **state)
{
	static const char *const names[] = {"avery-5160", "avery-5163", "avery-5164",
	    "avery-l7160", "avery-l7163", "avery-l7173", "a-one-28315", "a-one-28362",
	    "hagaki-4up"};
	static const int labels[] = {30, 10, 6, 21, 14, 10, 12, 18, 4};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char path[128];
		const lay_sheet *sh;
		layout *l;
		diag d;

		snprintf(path, sizeof(path), "layouts/%s.yml", names[i]);
		diag_init(&d, stderr);
		l = layout_load(path, fontdirs, &d);
		assert_non_null(l);
		assert_non_null(sh = layout_sheet(l));
		assert_int_equal(sh->columns * sh->rows, labels[i]);
		layout_free(l);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address_that_fits_keeps_its_style_sizes),
		cmocka_unit_test(test_a_line_too_wide_shrinks_every_line_together),
		cmocka_unit_test(test_below_the_floor_size_a_line_wraps_instead),
		cmocka_unit_test(test_an_address_that_cannot_fit_is_reported_and_never_leaves_the_box),
		cmocka_unit_test(test_joint_names_share_one_honorific_column),
		cmocka_unit_test(test_an_engine_sets_each_address_as_a_fresh_one_does),
		cmocka_unit_test(test_customer_barcode_is_67_bars_below_the_address),
		cmocka_unit_test(test_a_sheet_whose_labels_leave_the_page_is_refused),
		cmocka_unit_test(test_every_shipped_sheet_loads_with_its_label_grid),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
