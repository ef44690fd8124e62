/* test_dlist: the display list's page keys, what a page's unvarying items were drawn from. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "dl/dlist.h"

/* A copy of one page: a heading drawn in a scope of key {y}, the customer's name, a rule outside any scope when loose. */
static dl_copy *
letter(double y, const char *name, int loose)
{
	dl_copy *c = dl_copy_new(595, 842);
	dl_page *p = dl_page_add(c);

	dl_static_begin(c, DL_SITE_LINE, (double[]){1, y}, 2, NULL);
	dl_text(c, p, 40, y, 0, 12, DL_BLACK, "December", 8);
	dl_text(c, p, 120, y, 0, 12, DL_BLACK, "letter", 6);
	dl_static_end(c);
	dl_text(c, p, 40, y - 20, 0, 12, DL_BLACK, name, 4);
	if (loose) {
		c->vary = 0;
		dl_line(c, p, 40, 100, 500, 100, 0.5, DL_BLACK);
		c->vary = 1;
	}
	return c;
}

static void
test_pages_drawn_alike_have_one_key_whatever_varies(void **state)
{
	dl_copy *a = letter(700, "Hana", 0), *b = letter(700, "Taro", 0);
	dl_copy *lower = letter(680, "Hana", 0);

	(void)state;
	assert_int_equal(a->pages[0].nstatic, 2);
	assert_false(a->pages[0].unkeyed);
	assert_true(a->pages[0].key != 0);
	assert_true(a->pages[0].key == b->pages[0].key);
	/* the name varies: not counted, not in the key */
	assert_int_equal(a->pages[0].items[2].vary, 1);
	/* another number in the scope: another key */
	assert_true(a->pages[0].key != lower->pages[0].key);
	/* the scope closed: new items vary again */
	assert_int_equal(a->vary, 1);
	dl_copy_free(a);
	dl_copy_free(b);
	dl_copy_free(lower);
}

static void
test_an_unvarying_item_outside_a_scope_leaves_its_page_unkeyed(void **state)
{
	dl_copy *c = letter(700, "Hana", 1);

	(void)state;
	assert_int_equal(c->pages[0].nstatic, 3);
	assert_true(c->pages[0].unkeyed);
	dl_copy_free(c);
}

/* Which of a scope's items a page takes is in its key: the same scope split elsewhere is another key. */
static void
test_a_scope_split_across_pages_keys_each_page_by_its_part(void **state)
{
	dl_copy *c[2];
	static const dl_item run = {.kind = DL_TEXT, .x = 40, .y = 600, .size = 12,
	    .color = {.k = 1}, .str = "tea", .len = 3};

	(void)state;
	for (int k = 0; k < 2; k++) {
		dl_page *p[2];

		c[k] = dl_copy_new(595, 842);
		dl_page_add(c[k]);
		dl_page_add(c[k]);
		p[0] = &c[k]->pages[0];
		p[1] = &c[k]->pages[1];
		dl_static_begin(c[k], DL_SITE_LINE, (double[]){7}, 1, "tea");
		/* copy 0 puts two of three runs on its first page, copy 1 one */
		for (int i = 0; i < 3; i++)
			dl_append(c[k], i < 2 - k ? p[0] : p[1], &run, 1);
		dl_static_end(c[k]);
	}
	assert_int_equal(c[0]->pages[1].nstatic, 1);
	assert_int_equal(c[1]->pages[1].nstatic, 2);
	assert_true(c[0]->pages[0].key != c[1]->pages[0].key);
	assert_true(c[0]->pages[1].key != c[1]->pages[1].key);
	for (int k = 0; k < 2; k++)
		dl_copy_free(c[k]);
}

static void
test_a_scope_string_and_site_are_in_the_key(void **state)
{
	uint64_t key[4];
	static const char *const what[4] = {"logo.png", "logo.jpg", "logo.png", NULL};
	static const enum dl_site site[4] = {DL_SITE_LOGO, DL_SITE_LOGO, DL_SITE_PICTURE,
	    DL_SITE_LOGO};

	(void)state;
	for (int k = 0; k < 4; k++) {
		dl_copy *c = dl_copy_new(595, 842);
		dl_page *p = dl_page_add(c);

		dl_static_begin(c, site[k], (double[]){10, 20}, 2, what[k]);
		dl_rect(c, p, 10, 20, 30, 40, 1, 0, DL_BLACK);
		dl_static_end(c);
		key[k] = p->key;
		dl_copy_free(c);
	}
	for (int i = 0; i < 4; i++)
		for (int j = i + 1; j < 4; j++)
			assert_true(key[i] != key[j]);
}

/* Items appended together key a page as the same items added one by one (a kept line is appended at once). */
static void
test_items_appended_at_once_key_the_page_as_one_by_one(void **state)
{
	static const dl_item runs[3] = {
		{.kind = DL_TEXT, .x = 40, .y = 600, .size = 12, .color = {.k = 1}, .str = "a", .len = 1},
		{.kind = DL_TEXT, .x = 50, .y = 600, .size = 12, .color = {.k = 1}, .str = "b", .len = 1},
		{.kind = DL_TEXT, .x = 60, .y = 600, .size = 12, .color = {.k = 1}, .str = "c", .len = 1},
	};
	dl_copy *c[2];

	(void)state;
	for (int k = 0; k < 2; k++) {
		dl_page *p;

		c[k] = dl_copy_new(595, 842);
		p = dl_page_add(c[k]);
		dl_static_begin(c[k], DL_SITE_LINE, (double[]){3, 600}, 2, NULL);
		if (k == 0)
			dl_append(c[k], p, runs, 3);
		else
			for (int i = 0; i < 3; i++)
				dl_text(c[k], p, runs[i].x, runs[i].y, 0, 12, DL_BLACK, runs[i].str, 1);
		dl_static_end(c[k]);
	}
	assert_int_equal(c[0]->pages[0].nstatic, 3);
	assert_true(c[0]->pages[0].key == c[1]->pages[0].key);
	for (int k = 0; k < 2; k++)
		dl_copy_free(c[k]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages_drawn_alike_have_one_key_whatever_varies),
		cmocka_unit_test(test_an_unvarying_item_outside_a_scope_leaves_its_page_unkeyed),
		cmocka_unit_test(test_a_scope_split_across_pages_keys_each_page_by_its_part),
		cmocka_unit_test(test_a_scope_string_and_site_are_in_the_key),
		cmocka_unit_test(test_items_appended_at_once_key_the_page_as_one_by_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
