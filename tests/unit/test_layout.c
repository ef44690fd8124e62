/* test_layout: the layout engine through the text-dump device: columns, kinsoku, justification, pages, frames. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "layout/layout.h"
#include "text/utf8.h"

static const char *const fontdirs[] = {"fonts", NULL};
static layout *lay;

static int
setup(void **state)
{
	diag d;

	diag_init(&d, stderr);
	lay = layout_load("layouts/newsletter-a4.yml", fontdirs, &d);
	return lay ? 0 : -1;
}

static int
teardown(void **state)
{
	layout_free(lay);
	return 0;
}

/* No frame text: every line left out. */
static const char *no_lines[64];

static dl_copy *
typeset(const lay_block *b, int n, diag *d)
{
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	dl_copy *c;

	diag_init(d, NULL);
	c = lay_copy(e, b, n, &v, d);
	lay_engine_free(e);
	return c;
}

static lay_block
para(const char *text)
{
	static lay_span spans[64];
	static int next;
	lay_block b;
	lay_span *s = &spans[next++ % 64];

	memset(&b, 0, sizeof(b));
	b.kind = LB_PARA;
	s->style = 0;
	s->text = text;
	s->len = strlen(text);
	b.spans = s;
	b.nspans = 1;
	return b;
}

static const char jp[] =
    "いつもご利用いただき、まことにありがとうございます。今月は新茶の季節にちなみ、"
    "「はるか」の茶葉をたっぷり使った限定セットをご用意しました。ちょっとした贈り物にも、"
    "ご自宅でのひとときにもぴったりです（数量限定）。ぜひ店頭でお試しください。";

static void
test_japanese_lines_obey_kinsoku_and_fill_the_column(void **state)
{
	lay_block b[1];
	diag d;
	dl_copy *c;
	const dl_page *p;
	double right = 0, x0 = 1e9;
	int lines = 0, spaced = 0;

	b[0] = para(jp);
	c = typeset(b, 1, &d);
	assert_non_null(c);
	p = &c->pages[0];
	for (size_t i = 0; i < p->n; i++) {
		const dl_item *it = &p->items[i];
		const char *s = it->str;

		if (it->kind != DL_TEXT)
			continue;
		lines++;
		if (it->x < x0)
			x0 = it->x;
		/* one run per line here: the start of each run is a line start */
		assert_false(strncmp(s, "。", 3) == 0 || strncmp(s, "、", 3) == 0 ||
		    strncmp(s, "」", 3) == 0 || strncmp(s, "）", 3) == 0 ||
		    strncmp(s, "ょ", 3) == 0 || strncmp(s, "っ", 3) == 0 ||
		    strncmp(s, "ー", 3) == 0);
		assert_false(it->len >= 3 && (strncmp(s + it->len - 3, "「", 3) == 0 ||
		    strncmp(s + it->len - 3, "（", 3) == 0));
		if (it->spacing > 0)
			spaced++;
		(void)right;
	}
	assert_true(lines >= 4);
	/* every line but the last is justified with letter spacing */
	assert_int_equal(spaced, lines - 1);
	/* the body starts in the first column, below the first-page frames */
	assert_true(fabs(x0 - MM(15)) < 0.01);
	assert_int_equal(c->npages, 2);	/* padded to the layout's page count */
	dl_copy_free(c);
}

static void
test_latin_lines_break_at_spaces_only(void **state)
{
	static const char en[] =
	    "Thank you for shopping with us this year. Our December issue brings "
	    "the first harvest of winter tea, a recipe for hojicha latte, and a "
	    "small gift for our regular customers: bring this letter to the shop.";
	lay_block b[1];
	diag d;
	dl_copy *c;
	buf all = BUF_INIT;

	b[0] = para(en);
	c = typeset(b, 1, &d);
	assert_non_null(c);
	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];

		if (it->kind == DL_TEXT) {
			/* words are drawn whole: a run never starts or ends inside a word */
			assert_true(it->str[0] != ' ');
			buf_put(&all, it->str, it->len);
			buf_putc(&all, '|');
		}
	}
	assert_non_null(strstr(buf_str(&all), "harvest |"));
	assert_null(strstr(buf_str(&all), "harv|"));
	buf_free(&all);
	dl_copy_free(c);
}

static void
test_long_text_flows_into_the_second_column_and_page(void **state)
{
	lay_block b[40];
	diag d;
	dl_copy *c;
	int col2 = 0, page2 = 0;

	for (int i = 0; i < 40; i++)
		b[i] = para(jp);
	c = typeset(b, 16, &d);
	assert_non_null(c);
	for (size_t i = 0; i < c->pages[0].n; i++)
		if (c->pages[0].items[i].kind == DL_TEXT &&
		    c->pages[0].items[i].x > MM(105))
			col2 = 1;
	for (size_t i = 0; i < c->pages[1].n; i++)
		page2 += c->pages[1].items[i].kind == DL_TEXT;
	assert_true(col2);
	assert_true(page2 > 0);
	dl_copy_free(c);
}

static void
test_copy_longer_than_the_layout_allows_is_reported(void **state)
{
	lay_block b[60];
	diag d;

	for (int i = 0; i < 60; i++)
		b[i] = para(jp);
	assert_null(typeset(b, 60, &d));
	assert_non_null(strstr(d.last, "customer 7: error: copy needs 3 pages, the layout allows 2"));
}

static void
test_heading_is_kept_with_the_next_lines(void **state)
{
	lay_block b[64];
	diag d;
	dl_copy *c;
	int n = 0;
	double heading_y = -1, next_y = -1, heading_x = 0, next_x = 0;

	/* fill the first column to its last line or two, then a heading */
	for (int i = 0; i < 7; i++)
		b[n++] = para(jp);
	b[n] = para("見出し");
	b[n].kind = LB_HEADING;
	b[n].level = 2;
	n++;
	b[n++] = para(jp);
	c = typeset(b, n, &d);
	assert_non_null(c);
	for (int pg = 0; pg < (int)c->npages; pg++)
		for (size_t i = 0; i < c->pages[pg].n; i++) {
			const dl_item *it = &c->pages[pg].items[i];

			if (it->kind != DL_TEXT)
				continue;
			if (it->len == 9 && memcmp(it->str, "見出し", 9) == 0) {
				heading_y = it->y + pg * 10000;
				heading_x = it->x;
			} else if (heading_y >= 0 && next_y < 0) {
				next_y = it->y + pg * 10000;
				next_x = it->x;
			}
		}
	assert_true(heading_y >= 0 && next_y >= 0);
	/* the first line after the heading is in the same column, just below it */
	assert_true(fabs(heading_x - next_x) < 1);
	assert_true(heading_y > next_y && heading_y - next_y < 40);
	dl_copy_free(c);
}

static void
test_glyph_no_font_has_is_a_customer_diagnostic(void **state)
{
	lay_block b[1];
	diag d;

	b[0] = para("Hello \xF0\x9F\x98\x80");	/* U+1F600: in no font of the layout */
	assert_null(typeset(b, 1, &d));
	assert_non_null(strstr(d.last, "customer 7: error: no font has a glyph for U+1F600"));
}

static void
test_dump_lists_positions_to_a_hundredth_of_a_point(void **state)
{
	lay_block b[1];
	diag d;
	dl_copy *c;
	buf out = BUF_INIT;

	b[0] = para("Hello");
	c = typeset(b, 1, &d);
	assert_non_null(c);
	dl_dump(c, &out);
	assert_non_null(strstr(buf_str(&out), "copy 595.28 x 841.89, 2 page(s)\npage 1\n"));
	assert_non_null(strstr(buf_str(&out), "  text 42.52 "));
	assert_non_null(strstr(buf_str(&out), "\"Hello\""));
	buf_free(&out);
	dl_copy_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_japanese_lines_obey_kinsoku_and_fill_the_column),
		cmocka_unit_test(test_latin_lines_break_at_spaces_only),
		cmocka_unit_test(test_long_text_flows_into_the_second_column_and_page),
		cmocka_unit_test(test_copy_longer_than_the_layout_allows_is_reported),
		cmocka_unit_test(test_heading_is_kept_with_the_next_lines),
		cmocka_unit_test(test_glyph_no_font_has_is_a_customer_diagnostic),
		cmocka_unit_test(test_dump_lists_positions_to_a_hundredth_of_a_point),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
