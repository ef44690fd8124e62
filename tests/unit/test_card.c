/* test_card: a hagaki's address side: digits in Japan Post's boxes, the vertical name, 連名, honorifics in a row, shrinking, abroad. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "address/tategaki.h"
#include "layout/layout.h"
#include "testlayout.h"
#include "text/utf8.h"

static layout *lay;
static const char *lines[16];

static int
setup(void **state)
{
	if ((lay = testlayout_load("hagaki")) == NULL)
		return -1;
	for (int i = 0; i < layout_nlines(lay) && i < 16; i++)
		lines[i] = "";
	return 0;
}

static int
teardown(void **state)
{
	layout_free(lay);
	return 0;
}

/* A card for address a: its address side, or NULL (d says why). */
static dl_copy *
card(const address *a, diag *d)
{
	lay_engine *e = lay_engine_new(lay);
	lay_vars v;
	dl_copy *c;

	memset(&v, 0, sizeof(v));
	v.lines = lines;
	v.addr = a;
	v.customer = 7;
	diag_init(d, NULL);
	c = lay_copy(e, NULL, 0, &v, d);
	lay_engine_free(e);
	return c;
}

static void
add(address *a, int role, const char *text, const char *hon)
{
	a->lines[a->n].role = role;
	a->lines[a->n].text = text;
	a->lines[a->n].honorific = hon;
	a->n++;
}

static const dl_page *
address_side(const dl_copy *c)
{
	return &c->pages[layout_card_page(lay, CARD_ADDRESS)];
}

/* The text items of the address side that are one of s's characters, in order. */
static int
find(const dl_copy *c, const char *s, const dl_item **out, int max)
{
	const dl_page *p = address_side(c);
	int n = 0;

	for (size_t i = 0; i < p->n && n < max; i++)
		if (p->items[i].kind == DL_TEXT && p->items[i].len == strlen(s) &&
		    memcmp(p->items[i].str, s, strlen(s)) == 0)
			out[n++] = &p->items[i];
	return n;
}

static address
jp(void)
{
	address a;

	memset(&a, 0, sizeof(a));
	a.jp = 1;
	add(&a, ADDR_POSTAL, "〒530-0001", NULL);
	add(&a, ADDR_STREET, "大阪府大阪市北区梅田3丁目1番3号", NULL);
	add(&a, ADDR_STREET, "グランフロント大阪タワーA 1205号室", NULL);
	return a;
}

static void
test_each_digit_is_centred_in_its_box(void **state)
{
	address a = jp();
	const char *want = "5300001";
	const dl_item *it[8];
	dl_copy *c;
	diag d;

	add(&a, ADDR_NAME, "鈴木 花子", "様");
	assert_non_null(c = card(&a, &d));
	for (int i = 0; i < 7; i++) {
		char digit[2] = {want[i], 0};
		int n = find(c, digit, it, 8);
		double cx = MM(100 - 8 - 47.7 + tate_box_left(i) + 2.85);
		int hit = 0;

		for (int k = 0; k < n; k++) {
			const font *f = layout_font(lay, it[k]->font);
			double w = font_advance(f, (unsigned char)want[i]) * it[k]->size / 1000;
			double top = c->height - it[k]->y - font_ascent(f) * it[k]->size / 1000;
			double bottom = c->height - it[k]->y - font_descent(f) * it[k]->size / 1000;

			if (fabs(it[k]->x + w / 2 - cx) < 0.01 &&
			    fabs((top + bottom) / 2 - MM(16)) < 0.01)
				hit++;
		}
		assert_int_equal(hit, 1);
	}
	/* the boxes, drawn in magenta and yellow only */
	for (size_t i = 0, boxes = 0; i < address_side(c)->n; i++) {
		const dl_item *b = &address_side(c)->items[i];

		if (b->kind != DL_RECT)
			continue;
		assert_true(b->color.c == 0 && b->color.k == 0 && b->color.m == 1 && b->color.y == 1);
		assert_true(fabs(b->x + b->size / 2 - MM(44.3 + tate_box_left((int)boxes))) < 0.01);
		boxes++;
	}
	dl_copy_free(c);
}

static void
test_joint_names_start_at_the_first_given_name_under_one_row_of_honorifics(void **state)
{
	address a = jp();
	const dl_item *hana[1], *ken[1], *sama[4], *suzu[2], *ro[2];
	dl_copy *c;
	diag d;

	add(&a, ADDR_NAME, "鈴木 花子", "様");
	add(&a, ADDR_NAME, "鈴木 一郎", "様");
	add(&a, ADDR_NAME, "佐藤 健", "様");
	assert_non_null(c = card(&a, &d));
	assert_int_equal(find(c, "花", hana, 1), 1);
	assert_int_equal(find(c, "郎", ro, 2), 1);
	assert_int_equal(find(c, "健", ken, 1), 1);
	/* 鈴木 once (the joint name of the same family drops it), 佐藤's kept */
	assert_int_equal(find(c, "鈴", suzu, 2), 1);
	assert_int_equal(find(c, "様", sama, 4), 3);
	/* 一郎 starts level with 花子 (郎 level with 子); the three 様 on one row, right to left */
	{
		const dl_item *ko[1];

		assert_int_equal(find(c, "子", ko, 1), 1);
		assert_true(fabs(ro[0]->y - ko[0]->y) < 0.01);
	}
	assert_true(ro[0]->x < hana[0]->x);
	for (int i = 1; i < 3; i++) {
		assert_true(fabs(sama[i]->y - sama[0]->y) < 0.01);
		assert_true(sama[i]->x < sama[i - 1]->x);
	}
	/* the name is larger than the address and its glyphs share one x */
	assert_true(hana[0]->size > 13);
	{
		const dl_item *ko[1];

		assert_int_equal(find(c, "子", ko, 1), 1);
		assert_true(fabs(ko[0]->x - hana[0]->x) < 0.01);
		assert_true(ko[0]->y < hana[0]->y);
	}
	dl_copy_free(c);
}

static void
test_numbers_of_the_address_are_kanji(void **state)
{
	static const struct {
		const char *s;
		int n;
	} want[] = {{"2", 0}, {"二", 1}, {"三", 2}, {"〇", 1}, {"Ａ", 1}};
	address a = jp();
	const dl_item *it[4];
	dl_copy *c;
	diag d;

	add(&a, ADDR_NAME, "鈴木 花子", "様");
	assert_non_null(c = card(&a, &d));
	/* 梅田3丁目1番3号, 1205号室 (no digit 2 in the postal code 530-0001), タワーA */
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(find(c, want[i].s, it, 4), want[i].n);
	dl_copy_free(c);
}

static void
test_a_name_no_card_holds_is_an_error_and_no_copy(void **state)
{
	address a = jp();
	dl_copy *c;
	diag d;

	add(&a, ADDR_NAME, "株式会社ひかりデザインインターナショナルホールディングスグローバル"
	    "マーケティングソリューションズジャパン", "御中");
	assert_null(c = card(&a, &d));
	assert_non_null(strstr(d.last, "customer 7: error: the address frame does not fit"));
}

static void
test_an_address_of_more_columns_than_the_card_holds_is_an_error(void **state)
{
	address a = jp();
	char street[1600] = "";
	dl_copy *c;
	diag d;

	/* 500 characters: more columns than the card has room for, at any size */
	for (int i = 0; i < 500; i++)
		strcat(street, "町");
	a.lines[1].text = street;
	add(&a, ADDR_NAME, "鈴木 花子", "様");
	assert_null(c = card(&a, &d));
	assert_non_null(strstr(d.last, "customer 7: error: the address frame does not fit"));
}

static void
test_abroad_is_horizontal_with_post_card_and_air_mail_and_empty_boxes(void **state)
{
	address a;
	const dl_item *it[2];
	dl_copy *c;
	diag d;

	memset(&a, 0, sizeof(a));
	add(&a, ADDR_NAME, "Ms. Emily Smith", NULL);
	add(&a, ADDR_STREET, "1234 SW Hawthorne Blvd", NULL);
	add(&a, ADDR_LOCALITY, "PORTLAND OR 97205-1234", NULL);
	add(&a, ADDR_COUNTRY, "UNITED STATES", NULL);
	assert_non_null(c = card(&a, &d));
	assert_int_equal(find(c, "POST CARD", it, 2), 1);
	assert_int_equal(find(c, "AIR MAIL", it, 2), 1);
	assert_int_equal(find(c, "9", it, 2), 0);
	dl_copy_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_digit_is_centred_in_its_box),
		cmocka_unit_test(test_joint_names_start_at_the_first_given_name_under_one_row_of_honorifics),
		cmocka_unit_test(test_numbers_of_the_address_are_kanji),
		cmocka_unit_test(test_a_name_no_card_holds_is_an_error_and_no_copy),
		cmocka_unit_test(test_an_address_of_more_columns_than_the_card_holds_is_an_error),
		cmocka_unit_test(test_abroad_is_horizontal_with_post_card_and_air_mail_and_empty_boxes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
