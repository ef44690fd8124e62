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
#include "layout/spec.h"
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
	double x0 = 1e9;
	int lines = 0, spaced = 0;

	b[0] = para(jp);
	c = typeset(b, 1, &d);
	assert_non_null(c);
	p = &c->pages[0];
	for (size_t i = 0; i < p->n; i++) {
		const dl_item *it = &p->items[i];
		const char *s = it->str;
		/* items come in order; a line's first has a new baseline, its last the next one does */
		int first = i == 0 || p->items[i - 1].kind != DL_TEXT ||
		    p->items[i - 1].y != it->y;
		int last = i + 1 == p->n || p->items[i + 1].y != it->y;

		if (it->kind != DL_TEXT)
			continue;
		if (it->x < x0)
			x0 = it->x;
		if (first) {
			lines++;
			spaced += it->spacing > 0;
			assert_false(strncmp(s, "。", 3) == 0 || strncmp(s, "、", 3) == 0 ||
			    strncmp(s, "」", 3) == 0 || strncmp(s, "）", 3) == 0 ||
			    strncmp(s, "ょ", 3) == 0 || strncmp(s, "っ", 3) == 0 ||
			    strncmp(s, "ー", 3) == 0);
		}
		if (last)
			assert_false(it->len >= 3 && (strncmp(s + it->len - 3, "「", 3) == 0 ||
			    strncmp(s + it->len - 3, "（", 3) == 0));
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

/* fill paragraphs of jp, then the heading 見出し (h2), into b; returns the count. */
static int
paras_then_heading(lay_block *b, int fill)
{
	int n = 0;

	for (int i = 0; i < fill; i++)
		b[n++] = para(jp);
	b[n] = para("見出し");
	b[n].kind = LB_HEADING;
	b[n].level = 2;
	return n + 1;
}

/* b[0..n) and a paragraph after them, typeset: the copy must be made. */
static dl_copy *
typeset_ok(lay_block *b, int n, diag *d)
{
	dl_copy *c;

	b[n] = para(jp);
	c = typeset(b, n + 1, d);
	assert_non_null(c);
	return c;
}

static void
test_heading_is_kept_with_the_next_lines(void **state)
{
	lay_block b[64];
	diag d;
	dl_copy *c;
	double heading_y = -1, next_y = -1, heading_x = 0, next_x = 0;
	/* fill the first column to its last line or two, then a heading */
	int n = paras_then_heading(b, 7);

	c = typeset_ok(b, n, &d);
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
	/* the first line after the heading is in the same column (indented 1 em), just below it */
	assert_true(next_x - heading_x > -0.01 && next_x - heading_x < 9.5 + 0.01);
	assert_true(heading_y > next_y && heading_y - next_y < 40);
	dl_copy_free(c);
}

/* Wherever the column ends, a heading and the image after it share a column. */
static void
test_heading_is_kept_with_the_image_that_follows(void **state)
{
	for (int fill = 4; fill <= 9; fill++) {
		lay_block b[64];
		diag d;
		dl_copy *c;
		int n = paras_then_heading(b, fill), found = 0;
		double heading_x = -1, heading_y = 0, heading_page = -1;

		memset(&b[n], 0, sizeof(b[n]));
		b[n].kind = LB_IMAGE;
		b[n].path = "tea.png";
		b[n].img_w = 1200;
		b[n].img_h = 800;
		n++;
		c = typeset_ok(b, n, &d);
		for (int pg = 0; pg < (int)c->npages; pg++)
			for (size_t i = 0; i < c->pages[pg].n; i++) {
				const dl_item *it = &c->pages[pg].items[i];

				if (it->kind == DL_TEXT && it->len == 9 &&
				    memcmp(it->str, "見出し", 9) == 0) {
					heading_x = it->x;
					heading_y = it->y;
					heading_page = pg;
				} else if (it->kind == DL_IMAGE) {
					/* the image is centred in the heading's column, below it */
					assert_true(pg == heading_page);
					assert_true(it->x > heading_x - 0.01 &&
					    it->x < heading_x + MM(10));
					assert_true(it->y + it->h < heading_y);
					found = 1;
				}
			}
		assert_true(found);
		dl_copy_free(c);
	}
}

/* A bullet no font has gives way to one a font has: the copy is made. */
static void
test_a_bullet_no_font_has_gives_way_to_one_that_is(void **state)
{
	lay_block b[1];
	diag d;
	dl_copy *c;
	int squares = 0;

	b[0] = para("three");
	b[0].indent = 3;
	b[0].item_first = 1;
	b[0].marker = "▪";	/* U+25AA: in no font of the layout */
	c = typeset(b, 1, &d);
	assert_non_null(c);
	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];

		if (it->kind == DL_TEXT && it->len == 3 && memcmp(it->str, "■", 3) == 0) {
			assert_true(it->size < 9.5 * 0.6);	/* the full square, at half size */
			squares++;
		}
	}
	assert_int_equal(squares, 1);
	dl_copy_free(c);
}

/* The first text item of copy c's first page whose text starts with s; fails when none. */
static const dl_item *
item_starting(const dl_copy *c, const char *s)
{
	for (size_t i = 0; i < c->pages[0].n; i++) {
		const dl_item *it = &c->pages[0].items[i];

		if (it->kind == DL_TEXT && it->len >= strlen(s) &&
		    memcmp(it->str, s, strlen(s)) == 0)
			return it;
	}
	fail_msg("no item starts with %s", s);
	return NULL;
}

/* 約物 compression and the quarter em, on one unjustified line of 9.5 pt body text. */
static void
test_japanese_punctuation_pairs_and_latin_gaps(void **state)
{
	lay_block b[1];
	diag d;
	dl_copy *c;
	const dl_item *close, *open, *dai, *num, *go, *comma, *dots;

	b[0] = para("「はるか」「いずみ」第24号、「……」");
	c = typeset(b, 1, &d);
	assert_non_null(c);
	/* 」「: the closing bracket's item ends at the bracket's ink; the pair is 1.5 em */
	close = item_starting(c, "「はるか」");
	open = item_starting(c, "「いずみ");
	assert_true(fabs(open->x + 9.5 - (close->x + close->w - 9.5) - 1.5 * 9.5) < 0.01);
	/* 第 24 号: a quarter em each side of the digits */
	dai = item_starting(c, "「いずみ」第");
	num = item_starting(c, "24");
	go = item_starting(c, "号");
	assert_true(fabs(num->x - (dai->x + dai->w) - 9.5 / 4) < 0.01);
	assert_true(fabs(go->x - (num->x + num->w) - 9.5 / 4) < 0.01);
	/* 、「: 1.5 em too */
	comma = item_starting(c, "号、");
	open = item_starting(c, "「……");
	assert_true(fabs(open->x + 9.5 - (comma->x + 9.5) - 1.5 * 9.5) < 0.01);
	/* …… beside Japanese comes from the Japanese font, in the bracket's run */
	dots = item_starting(c, "「……」");
	assert_true(font_has(layout_font(lay, dots->font), 0x3042));
	/* a paragraph's first line is indented by the body's first-indent (1 em) */
	assert_true(fabs(item_starting(c, "「はるか")->x - (MM(15) + 9.5)) < 0.01);
	dl_copy_free(c);
}

/* The hyphens a paragraph of text gets in the body. */
static int
hyphens_in(const char *text)
{
	lay_block b[1];
	diag d;
	dl_copy *c;
	int n = 0;

	b[0] = para(text);
	c = typeset(b, 1, &d);
	assert_non_null(c);
	for (size_t i = 0; i < c->pages[0].n; i++)
		n += c->pages[0].items[i].kind == DL_TEXT && c->pages[0].items[i].len == 1 &&
		    c->pages[0].items[i].str[0] == '-';
	dl_copy_free(c);
	return n;
}

/* Justified English is hyphenated where a line would be loose; words in capitals never are. */
static void
test_hyphens_in_justified_text_but_not_in_capitals(void **state)
{
	const char *lower = "understanding acknowledgement responsibilities "
	    "understanding acknowledgement responsibilities understanding "
	    "acknowledgement responsibilities understanding acknowledgement "
	    "responsibilities understanding acknowledgement responsibilities";
	char upper[512];

	for (size_t i = 0; i <= strlen(lower); i++)
		upper[i] = (char)(lower[i] >= 'a' && lower[i] <= 'z' ? lower[i] - 32 : lower[i]);
	assert_true(hyphens_in(lower) > 0);
	assert_int_equal(hyphens_in(upper), 0);
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
test_an_unvarying_paragraph_is_typeset_once_and_drawn_the_same(void **state)
{
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	lay_block b[2];
	buf one = BUF_INIT, two = BUF_INIT;
	dl_copy *c;
	diag d;

	diag_init(&d, NULL);
	b[0] = para(jp);
	b[0].id = 1;		/* the same in every copy */
	b[1] = para("Dear Hanako,");
	b[1].id = 2;
	b[1].vary = 1;		/* this copy's own */
	assert_non_null(c = lay_copy(e, b, 2, &v, &d));
	dl_dump(c, &one);
	dl_copy_free(c);
	assert_int_equal(lay_kept(e), 1);
	assert_non_null(c = lay_copy(e, b, 2, &v, &d));
	dl_dump(c, &two);
	dl_copy_free(c);
	assert_int_equal(lay_kept(e), 1);
	assert_string_equal(buf_str(&one), buf_str(&two));
	buf_free(&one);
	buf_free(&two);
	lay_engine_free(e);
}

/* The dump of a copy of n blocks set by e. */
static void
dump_copy(lay_engine *e, const lay_block *b, int n, buf *out)
{
	lay_vars v = {.lines = no_lines, .customer = 7};
	dl_copy *c;
	diag d;

	diag_init(&d, NULL);
	buf_clear(out);
	assert_non_null(c = lay_copy(e, b, n, &v, &d));
	dl_dump(c, out);
	dl_copy_free(c);
}

static const char latin[] = "Your current membership rank is regular, and your "
    "customer number is 1042. To thank you for your loyalty, a small winter "
    "tasting set is waiting for you at the counter: simply show the code on "
    "this letter the next time you visit.";

static void
test_a_varying_paragraph_that_comes_back_is_kept_and_drawn_the_same(void **state)
{
	lay_engine *e = lay_engine_new(lay);
	lay_block b[3];
	buf fresh = BUF_INIT, one = BUF_INIT, two = BUF_INIT, three = BUF_INIT;

	b[0] = para(jp);
	b[1] = para(latin);	/* justified, hyphenated, total fit */
	b[2] = para("Dear Hanako,");
	for (int i = 0; i < 3; i++) {
		b[i].id = i + 1;
		b[i].vary = 1;
	}
	{
		lay_engine *f = lay_engine_new(lay);

		dump_copy(f, b, 3, &fresh);
		lay_engine_free(f);
	}
	dump_copy(e, b, 3, &one);
	assert_int_equal(lay_cached(e), 0);	/* seen once: not kept */
	dump_copy(e, b, 3, &two);
	assert_int_equal(lay_cached(e), 3);
	dump_copy(e, b, 3, &three);	/* all three from the memo */
	assert_int_equal(lay_cached(e), 3);
	assert_int_equal(lay_kept(e), 0);
	assert_string_equal(buf_str(&one), buf_str(&fresh));
	assert_string_equal(buf_str(&two), buf_str(&fresh));
	assert_string_equal(buf_str(&three), buf_str(&fresh));
	/* another merged text is another paragraph */
	b[2] = para("Dear Taro,");
	b[2].id = 3;
	b[2].vary = 1;
	dump_copy(e, b, 3, &three);
	assert_null(strstr(buf_str(&three), "Hanako"));
	assert_non_null(strstr(buf_str(&three), "Taro"));
	buf_free(&fresh);
	buf_free(&one);
	buf_free(&two);
	buf_free(&three);
	lay_engine_free(e);
}

/* Two copies have the same items, to the last bit of every number, and the same strings. */
static void
assert_same_items(const dl_copy *a, const dl_copy *b)
{
	assert_int_equal(a->npages, b->npages);
	for (size_t p = 0; p < a->npages; p++) {
		assert_int_equal(a->pages[p].n, b->pages[p].n);
		for (size_t i = 0; i < a->pages[p].n; i++) {
			dl_item x = a->pages[p].items[i], y = b->pages[p].items[i];

			assert_int_equal(x.len, y.len);
			assert_memory_equal(x.str, y.str, x.len);
			x.str = y.str = NULL;
			assert_memory_equal(&x, &y, sizeof(x));
		}
	}
}

/* Where the text of the copy's Latin paragraph (its first item saying "membership") starts. */
static double
latin_x(const dl_copy *c, double *y)
{
	for (size_t p = 0; p < c->npages; p++)
		for (size_t i = 0; i < c->pages[p].n; i++) {
			const dl_item *it = &c->pages[p].items[i];

			if (it->kind == DL_TEXT && it->len >= 10 &&
			    memcmp(it->str, "membership", 10) == 0) {
				*y = it->y;
				return it->x;
			}
		}
	fail();
	return 0;
}

/*
 * The lines of an unvarying paragraph, or of a varying one kept, drawn
 * again from the items of an earlier copy are those drawn afresh,
 * wherever the paragraph lands: lower on the page, or in the next
 * column, after a varying one of another length.
 */
static void
test_an_unvarying_paragraph_drawn_again_has_the_items_drawn_afresh(void **state)
{
	static char longer[sizeof(jp) * 8];
	const char *first[] = {"Dear Hanako,", jp, jp, longer, longer};
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	lay_block b[5];
	double x[5], y[5];
	diag d;

	for (int i = 0; i < 7; i++)
		strcat(longer, jp);
	diag_init(&d, NULL);
	b[1] = para(latin);	/* justified, hyphenated */
	b[2] = para(jp);
	b[3] = para(latin);
	b[3].indent = 1;	/* a list item: narrower, its bullet shaped once */
	b[3].item_first = 1;
	b[3].marker = "•";
	b[4] = para(jp);
	b[4].vary = 1;		/* varying, the same text in every copy: kept by it */
	for (int round = 0; round < 5; round++) {
		dl_copy *kept, *fresh;

		b[0] = para(first[round]);
		for (int i = 0; i < 5; i++)
			b[i].id = i + 1;
		b[0].vary = 1;
		assert_non_null(kept = lay_copy(e, b, 5, &v, &d));
		assert_non_null(fresh = typeset(b, 5, &d));
		assert_same_items(kept, fresh);
		x[round] = latin_x(kept, &y[round]);
		dl_copy_free(kept);
		dl_copy_free(fresh);
	}
	assert_int_equal(lay_kept(e), 3);
	assert_true(lay_cached(e) >= 1);
	assert_true(x[1] == x[0] && y[1] != y[0]);	/* lower in the same column */
	assert_true(x[3] != x[0]);	/* the longer one pushes it into the next column */
	lay_engine_free(e);
}

/*
 * Paragraphs that differ only in the digits of a number (a customer's,
 * with as many digits) are kept once, and each copy has the items a
 * fresh engine draws, its own digits in their strings.
 */
static void
test_paragraphs_differing_in_digits_only_are_kept_once(void **state)
{
	static const char *const number[] = {"1042", "9377", "1042", "5000", "88"};
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	char text[2][512];
	lay_block b[2];
	diag d;

	diag_init(&d, NULL);
	for (int i = 0; i < 5; i++) {
		dl_copy *kept, *fresh;
		buf out = BUF_INIT;

		snprintf(text[0], sizeof(text[0]), "Your customer number is %s. %s",
		    number[i], latin);
		snprintf(text[1], sizeof(text[1]), "お客さま番号は %s です。%s", number[i], jp);
		b[0] = para(text[0]);	/* justified, hyphenated, total fit */
		b[1] = para(text[1]);
		for (int k = 0; k < 2; k++) {
			b[k].id = k + 1;
			b[k].vary = 1;
		}
		assert_non_null(kept = lay_copy(e, b, 2, &v, &d));
		assert_non_null(fresh = typeset(b, 2, &d));
		assert_same_items(kept, fresh);
		dl_dump(kept, &out);
		assert_non_null(strstr(buf_str(&out), number[i]));
		buf_free(&out);
		dl_copy_free(kept);
		dl_copy_free(fresh);
		/* seen twice from the second copy on: kept; 88 is another shape */
		assert_int_equal(lay_cached(e), i == 0 ? 0 : 2);
	}
	lay_engine_free(e);
}

/*
 * A frame line with the text it had in the copy before is drawn from the
 * items it was drawn as; one whose text changed is set afresh; either
 * way the items are a fresh engine's.
 */
static void
test_frame_lines_drawn_again_have_the_items_drawn_afresh(void **state)
{
	static const char *const titles[] = {"Sakura Tea House", "Sakura Tea House",
	    "さくら茶房 ニュースレター", "さくら茶房 ニュースレター"};
	const char *lines[64] = {NULL};
	lay_engine *e = lay_engine_new(lay), *f;
	lay_vars v = {.lines = lines, .customer = 7};
	lay_block b[1];
	diag d;

	diag_init(&d, NULL);
	b[0] = para(latin);
	for (int round = 0; round < 4; round++) {
		dl_copy *kept, *fresh;

		lines[0] = titles[round];
		lines[1] = "No. 12  ·  令和8年12月";
		assert_non_null(kept = lay_copy(e, b, 1, &v, &d));
		f = lay_engine_new(lay);
		assert_non_null(fresh = lay_copy(f, b, 1, &v, &d));
		lay_engine_free(f);
		assert_same_items(kept, fresh);
		dl_copy_free(kept);
		dl_copy_free(fresh);
	}
	lay_engine_free(e);
}

/* A new page gets room at once for as many items as the fullest page of an earlier copy. */
static void
test_pages_get_room_for_the_items_an_earlier_copy_had(void **state)
{
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	lay_block b[2];
	size_t most = 0;
	dl_copy *c;
	diag d;

	diag_init(&d, NULL);
	b[0] = para(jp);
	b[1] = para(latin);
	assert_non_null(c = lay_copy(e, b, 2, &v, &d));
	for (size_t p = 0; p < c->npages; p++)
		most = c->pages[p].n > most ? c->pages[p].n : most;
	assert_true(most > 32);		/* more than a page starts with */
	dl_copy_free(c);
	assert_non_null(c = lay_copy(e, b, 1, &v, &d));
	assert_true(c->pages[0].cap >= most);	/* a page the flow began (not one padding the copy) */
	dl_copy_free(c);
	lay_engine_free(e);
}

/* Every merged text seen twice is kept, up to the engine's bound of 256 paragraphs. */
static void
test_the_varying_paragraphs_kept_are_bounded(void **state)
{
	lay_engine *e = lay_engine_new(lay);
	lay_block b[1];
	char text[64], want[16];
	buf out = BUF_INIT;

	for (int i = 0; i < 300; i++) {
		/* names, not numbers: a number's digits are its shape's only by their count */
		char name[3] = {(char)('a' + i / 26), (char)('a' + i % 26), '\0'};

		snprintf(text, sizeof(text), "Dear customer %s,", name);
		snprintf(want, sizeof(want), "\"%s,\"", name);
		b[0] = para(text);
		b[0].id = 1;
		b[0].vary = 1;
		dump_copy(e, b, 1, &out);
		dump_copy(e, b, 1, &out);
		assert_int_equal(lay_cached(e), i < 256 ? i + 1 : 256);
		assert_non_null(strstr(buf_str(&out), want));
	}
	buf_free(&out);
	lay_engine_free(e);
}

/*
 * A copy that fails inside a box (a glyph no font has, in a varying
 * paragraph of a coupon) leaves nothing behind: the next copy is what a
 * fresh engine sets, its box drawn, its text at the column's edge.
 */
static void
test_a_copy_failing_in_a_box_leaves_the_next_as_a_fresh_one(void **state)
{
	lay_engine *e = lay_engine_new(lay);
	lay_vars v = {.lines = no_lines, .customer = 7};
	const char *names[3] = {"Dear Hanako,", "Dear \xF0\x9F\x98\x80,", "Dear Hanako,"};
	buf kept = BUF_INIT, fresh = BUF_INIT;
	lay_block b[3];
	diag d;

	diag_init(&d, NULL);
	for (int k = 0; k < 3; k++) {
		dl_copy *c;

		b[0] = para(jp);
		b[1] = para(names[k]);
		b[1].vary = 1;
		b[1].box = DOC_BOX_COUPON;
		b[1].box_id = 1;
		b[2] = para(latin);
		for (int i = 0; i < 3; i++)
			b[i].id = i + 1;
		c = lay_copy(e, b, 3, &v, &d);
		if (k == 1) {
			assert_null(c);
			continue;
		}
		assert_non_null(c);
		dl_copy_free(c);
	}
	dump_copy(e, b, 3, &kept);
	assert_non_null(strstr(buf_str(&kept), "rect"));
	lay_engine_free(e);
	e = lay_engine_new(lay);
	dump_copy(e, b, 3, &fresh);
	assert_string_equal(buf_str(&kept), buf_str(&fresh));
	buf_free(&kept);
	buf_free(&fresh);
	lay_engine_free(e);
}

/* The unvarying items of page p, every number in full. */
static void
static_items(const dl_page *p, buf *out)
{
	buf_clear(out);
	for (size_t i = 0; i < p->n; i++) {
		const dl_item *it = &p->items[i];

		if (it->vary)
			continue;
		buf_printf(out, "%d %a %a %a %a %d %a %d %a %a %a %a %a %a %a %u %.*s\n",
		    (int)it->kind, it->x, it->y, it->w, it->h, it->font, it->size, it->fill,
		    it->spacing, it->dash, it->color.c, it->color.m, it->color.y,
		    it->color.k, it->color.tint, it->glyph, (int)it->len,
		    it->str ? it->str : "");
	}
}

/*
 * Pages the layout keys alike (dl_static_begin) have the same unvarying
 * items, copy after copy, while a name of every length moves what
 * follows it, a paragraph comes and goes as an {{#if}} would, and the
 * body runs into the second column and page; and every unvarying item
 * of such a newsletter is drawn in a scope (no page is left unkeyed).
 * Every other copy is paragraphs only, so that no rule, box or marker
 * keyed by where it is stands in for a paragraph's key.
 */
#define KEYED_COPIES 48

static void
test_pages_keyed_alike_have_the_same_unvarying_items(void **state)
{
	static char dear[KEYED_COPIES][256];
	lay_engine *e = lay_engine_new(lay);
	const char *lines[64];
	unsigned char line_vary[64];
	lay_vars v = {.lines = lines, .line_vary = line_vary, .customer = 7};
	struct {
		uint64_t key;
		char *items;
	} seen[KEYED_COPIES * 2];
	int nseen = 0, pairs = 0, keys = 0;
	buf items = BUF_INIT;
	lay_block b[24];
	diag d;

	diag_init(&d, NULL);
	for (int i = 0; i < layout_nlines(lay) && i < 64; i++) {
		lines[i] = i % 3 == 1 ? "Hanako" : "Sakura Tea House";
		line_vary[i] = i % 3 == 1;
	}
	for (int k = 0; k < KEYED_COPIES; k++) {
		dl_copy *c;
		int n = 0;

		snprintf(dear[k], sizeof(dear[k]), "Dear %.*s, thank you for another "
		    "year of tea with us.", 2 + 5 * (k % 24),
		    "Hanako Yamada-Fitzgerald of the Kawane Tea Growers Cooperative, "
		    "Shizuoka Prefecture, Japan, and family");
		b[n] = para("Sakura Tea House Newsletter");
		b[n].kind = LB_HEADING;
		b[n++].level = 2;
		b[n] = para(dear[k]);
		b[n++].vary = 1;
		b[n++] = para(latin);
		if (k % 2 == 1) {
			b[n++] = para(jp);
			b[n++] = para(latin);
			b[n++] = para(jp);
			b[n++] = para(latin);
			goto set;
		}
		b[n] = para("Regular hours, 10:00 to 19:00");
		b[n].indent = 1;
		b[n].item_first = 1;
		b[n++].marker = "•";
		b[n] = para("Closed for the New Year holidays");
		b[n].indent = 1;
		b[n].item_first = 1;
		b[n++].marker = "•";
		b[n] = para(jp);
		b[n++].quote = 1;
		b[n] = para("");
		b[n++].kind = LB_HR;
		if (k % 3 == 0)		/* in some copies only, as an {{#if}} block */
			b[n++] = para(latin);
		b[n] = para("Members-only events");
		b[n].kind = LB_HEADING;
		b[n++].level = 2;
		b[n] = para("Show this letter at the counter.");
		b[n].box = DOC_BOX_TINT;
		b[n++].box_id = 1;
		for (int cell = 0; cell < 4; cell++) {	/* a table of 2 × 2 */
			b[n] = para(cell % 2 ? "10:00 to 19:00" : "Monday to Saturday");
			b[n].ncols = 2;
			b[n].table = 1;
			b[n].row = cell / 2;
			b[n].col = cell % 2;
			b[n++].head = cell < 2;
		}
		b[n++] = para(jp);
		b[n++] = para(latin);
		b[n++] = para(jp);
set:
		for (int i = 0; i < n; i++)	/* the {{#if}} block's id, 9, left out or not */
			b[i].id = k % 2 == 1 ? i + 100 : i + 1 + (k % 3 != 0 && i >= 8);
		assert_non_null(c = lay_copy(e, b, n, &v, &d));
		for (size_t pg = 0; pg < c->npages && pg < 2; pg++) {
			const dl_page *p = &c->pages[pg];

			assert_false(p->unkeyed);
			static_items(p, &items);
			for (int j = 0; j < nseen; j++)
				if (seen[j].key == p->key) {
					assert_string_equal(seen[j].items, buf_str(&items));
					pairs++;
					goto next;
				}
			seen[nseen].key = p->key;
			seen[nseen++].items = strdup(buf_str(&items));
			keys++;
next:			;
		}
		dl_copy_free(c);
	}
	/* keys came back, and more than one per page: names moved what follows them */
	assert_true(pairs > KEYED_COPIES);
	assert_true(keys > 4);
	for (int j = 0; j < nseen; j++)
		free(seen[j].items);
	buf_free(&items);
	lay_engine_free(e);
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
	/* the margin, 15 mm, and the body's first-line indent of 1 em */
	assert_non_null(strstr(buf_str(&out), "  text 52.02 "));
	assert_non_null(strstr(buf_str(&out), "\"Hello\""));
	buf_free(&out);
	dl_copy_free(c);
}

/* --- colours --- */

static void
test_spot_colour_parses_with_and_without_a_tint(void **state)
{
	const char *why = NULL;
	dl_spot sp;
	dl_color c;

	assert_int_equal(spec_color("spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2)", &c, &sp,
	    &why), 0);
	assert_ptr_equal(c.spot, &sp);
	assert_string_equal(sp.name, "PANTONE 348 C");
	assert_true(sp.c == 0.9 && sp.m == 0 && sp.y == 0.8 && sp.k == 0.2);
	assert_true(c.tint == 1);
	assert_true(c.c == 0.9 && c.k == 0.2);
	/* A tint; the alternate may be given in percent like cmyk(). */
	assert_int_equal(spec_color("spot(DIC 156,90,0,80,20,0.5)", &c, &sp, &why), 0);
	assert_string_equal(sp.name, "DIC 156");
	assert_true(fabs(sp.c - 0.9) < 1e-12 && fabs(sp.k - 0.2) < 1e-12);
	assert_true(c.tint == 0.5);
	assert_true(fabs(c.c - 0.45) < 1e-12 && fabs(c.y - 0.4) < 1e-12);
	/* Process colours have no spot. */
	assert_int_equal(spec_color("cmyk(0, 0.6, 1, 0)", &c, &sp, &why), 0);
	assert_null(c.spot);
	assert_true(c.m == 0.6 && c.y == 1);
	assert_int_equal(spec_color("#ffffff", &c, &sp, &why), 0);
	assert_null(c.spot);
	assert_true(c.c == 0 && c.m == 0 && c.y == 0 && c.k == 0);
}

static void
test_bad_colours_are_refused_with_a_message_saying_why(void **state)
{
	static const struct {
		const char *in, *why;
	} bad[] = {
		{"spot(, 1, 0, 0, 0)", "needs a name"},
		{"spot(PANTONE 348 C)", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8)", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2, 0.5, 1)", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2) x", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, nan, 0, 0.8, 0.2)", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 200)", "spot(NAME, c, m, y, k[, tint])"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2, 1.5)", "tint is between 0 and 1"},
		{"spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2, -0.1)", "tint is between 0 and 1"},
		{"spot(Black, 0, 0, 0, 1)", "not spot colour names"},
		{"spot(all, 1, 1, 1, 1)", "not spot colour names"},
		{"spot(PANTONE (348) C, 0.9, 0, 0.8, 0.2)", "at most 63 bytes"},
		{"spot(\xe8\xb5\xa4, 0, 1, 1, 0)", "printable ASCII"},
		{"spot(A name that is far too long for a separation plate to carry "
		    "at sixty-four bytes, 0, 1, 1, 0)",
		    "at most 63 bytes"},
		{"cmyk(0, 0, 0, 1) x", "four numbers"},
		{"cmyk(0, 0, 1)", "four numbers"},
		{"cmyk(0, 0, 0, -1)", "four numbers"},
		{"#12345g", "spot(NAME, c, m, y, k[, tint])"},
		{"#1234567", "spot(NAME, c, m, y, k[, tint])"},
		{"red", "expected a colour"},
	};
	const char *why;
	dl_spot sp;
	dl_color c;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		why = NULL;
		if (spec_color(bad[i].in, &c, &sp, &why) != -1)
			fail_msg("%s: accepted", bad[i].in);
		if (why == NULL || strstr(why, bad[i].why) == NULL)
			fail_msg("%s: %s", bad[i].in, why ? why : "no reason");
	}
	assert_int_equal(spec_color("spot(X, 0, 1, 0, 0)", &c, NULL, &why), -1);
	assert_non_null(strstr(why, "not allowed here"));
}

#define SPOT_LAYOUT(H1, FILL) \
	"kind: newsletter\n" \
	"page: {size: A4}\n" \
	"pages: 1\n" \
	"fonts:\n" \
	"  serif: [NotoSerif-Regular.ttf]\n" \
	"styles:\n" \
	"  body: {font: serif, size: 10}\n" \
	"  h1: {font: serif, size: 16, color: \"" H1 "\"}\n" \
	"  h2: {font: serif, size: 12}\n" \
	"  h3: {font: serif, size: 11}\n" \
	"frames:\n" \
	"  - {name: band, x: 0, y: 0, w: 210, h: 20,\n" \
	"     fill: \"" FILL "\"}\n"

static void
test_spot_fill_and_colour_share_one_spot_and_dump_as_spot(void **state)
{
	static const char yml[] = SPOT_LAYOUT("spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2)",
	    "spot(PANTONE 348 C, 90, 0, 80, 20, 0.5)");
	static const char *const none[1];
	lay_vars v = {.lines = none, .customer = 1};
	const lay_style *h1;
	const lay_frame *band;
	lay_engine *e;
	buf out = BUF_INIT;
	layout *l;
	dl_copy *c;
	diag d;

	diag_init(&d, stderr);
	l = layout_load_mem("layouts/spot.yml", yml, sizeof(yml) - 1, fontdirs, &d);
	assert_non_null(l);
	h1 = layout_style(l, "h1");
	band = layout_frame(l, 0);
	assert_non_null(h1->color.spot);
	assert_ptr_equal(h1->color.spot, band->fill.spot);
	assert_true(band->fill.tint == 0.5);
	e = lay_engine_new(l);
	c = lay_copy(e, NULL, 0, &v, &d);
	assert_non_null(c);
	dl_dump(c, &out);
	assert_non_null(strstr(buf_str(&out),
	    " fill spot(PANTONE 348 C,0.90,0.00,0.80,0.20,0.50)\n"));
	assert_null(strstr(buf_str(&out), "cmyk("));
	buf_free(&out);
	dl_copy_free(c);
	lay_engine_free(e);
	layout_free(l);
}

static void
test_one_spot_name_with_two_alternates_is_refused(void **state)
{
	static const char yml[] = SPOT_LAYOUT("spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2)",
	    "spot(PANTONE 348 C, 1, 0, 0.8, 0.2, 0.5)");
	layout *l;
	diag d;

	diag_init(&d, NULL);
	l = layout_load_mem("layouts/spot.yml", yml, sizeof(yml) - 1, fontdirs, &d);
	assert_null(l);
	assert_non_null(strstr(d.last, "layouts/spot.yml:13:"));
	assert_non_null(strstr(d.last,
	    "spot colour 'PANTONE 348 C' is given two different CMYK alternates"));
}

static void
test_bad_spot_in_a_layout_names_file_line_and_why(void **state)
{
	static const char yml[] = SPOT_LAYOUT("spot(PANTONE 348 C, 0.9, 0, 0.8, 0.2, 2)",
	    "cmyk(0,0,0,1)");
	layout *l;
	diag d;

	diag_init(&d, NULL);
	l = layout_load_mem("layouts/spot.yml", yml, sizeof(yml) - 1, fontdirs, &d);
	assert_null(l);
	assert_non_null(strstr(d.last, "layouts/spot.yml:8:"));
	assert_non_null(strstr(d.last, "a spot colour's tint is between 0 and 1"));
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
		cmocka_unit_test(test_heading_is_kept_with_the_image_that_follows),
		cmocka_unit_test(test_glyph_no_font_has_is_a_customer_diagnostic),
		cmocka_unit_test(test_hyphens_in_justified_text_but_not_in_capitals),
		cmocka_unit_test(test_japanese_punctuation_pairs_and_latin_gaps),
		cmocka_unit_test(test_a_bullet_no_font_has_gives_way_to_one_that_is),
		cmocka_unit_test(test_an_unvarying_paragraph_is_typeset_once_and_drawn_the_same),
		cmocka_unit_test(test_a_varying_paragraph_that_comes_back_is_kept_and_drawn_the_same),
		cmocka_unit_test(test_an_unvarying_paragraph_drawn_again_has_the_items_drawn_afresh),
		cmocka_unit_test(test_the_varying_paragraphs_kept_are_bounded),
		cmocka_unit_test(test_pages_keyed_alike_have_the_same_unvarying_items),
		cmocka_unit_test(test_a_copy_failing_in_a_box_leaves_the_next_as_a_fresh_one),
		cmocka_unit_test(test_paragraphs_differing_in_digits_only_are_kept_once),
		cmocka_unit_test(test_frame_lines_drawn_again_have_the_items_drawn_afresh),
		cmocka_unit_test(test_pages_get_room_for_the_items_an_earlier_copy_had),
		cmocka_unit_test(test_dump_lists_positions_to_a_hundredth_of_a_point),
		cmocka_unit_test(test_spot_colour_parses_with_and_without_a_tint),
		cmocka_unit_test(test_bad_colours_are_refused_with_a_message_saying_why),
		cmocka_unit_test(test_spot_fill_and_colour_share_one_spot_and_dump_as_spot),
		cmocka_unit_test(test_one_spot_name_with_two_alternates_is_refused),
		cmocka_unit_test(test_bad_spot_in_a_layout_names_file_line_and_why),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
