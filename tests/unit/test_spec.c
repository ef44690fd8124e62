/* test_spec: reading layout files: every length, count and position refused out of its range, nesting and repeated keys. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <math.h>
#include <string.h>

#include "layout/layout.h"
#include "util/buf.h"
#include "util/yamldoc.h"

static const char *const fontdirs[] = {"fonts", NULL};

/*
 * A newsletter on A4 (210 x 297 mm, bleed 3, margins 15, one column),
 * with the body style's settings after its font, and root keys added.
 */
#define NEWSLETTER \
	"kind: newsletter\n" \
	"page: %s\n" \
	"fonts:\n" \
	"  serif: [NotoSerif-Regular.ttf]\n" \
	"styles:\n" \
	"  body: {font: serif%s}\n" \
	"  h1: {font: serif, size: 16}\n" \
	"  h2: {font: serif, size: 12}\n" \
	"  h3: {font: serif, size: 11}\n" \
	"%s"

/* A card (hagaki, bleed 3), with the body style's settings after its font, and root keys added. */
#define CARD \
	"kind: card\n" \
	"page: %s\n" \
	"fonts:\n" \
	"  serif: [NotoSerif-Regular.ttf, ipaexm.ttf]\n" \
	"styles:\n" \
	"  body: {font: serif%s}\n" \
	"  h1: {font: serif, size: 16}\n" \
	"  h2: {font: serif, size: 12}\n" \
	"  h3: {font: serif, size: 11}\n" \
	"  address: {font: serif, size: 12}\n" \
	"%s"

/* A label sheet on A4, office output (no bleed), with its label: map. */
#define LABELS \
	"kind: labels\n" \
	"page: %s\n" \
	"output: office\n" \
	"fonts: {sans: [NotoSans-Regular.ttf]}\n" \
	"styles:\n" \
	"  address: {font: sans%s}\n" \
	"label: {%s}\n"

struct row {
	const char *page;	/* NULL: {size: A4} */
	const char *style;	/* the body's (or address's) settings; NULL: ", size: 10" */
	const char *rest;	/* newsletter: root keys; labels: the label map; NULL: none or a 3 x 7 sheet */
	const char *at;		/* the error is reported just after the first place this text is */
	const char *want;	/* the message after "layout: " */
};

static const struct row newsletter_rows[] = {
	{"{width: 10, height: 297}", NULL, NULL, "page: {width: ",
	    "page.width is 10; it must be between 20 and 2000 mm"},
	{"{width: 210, height: 3000}", NULL, NULL, "height: ",
	    "page.height is 3000; it must be between 20 and 2000 mm"},
	{NULL, NULL, "bleed: -1\n", "bleed: ",
	    "bleed is -1; it must be between 0 and 20 mm"},
	{NULL, NULL, "bleed: 25\n", "bleed: ",
	    "bleed is 25; it must be between 0 and 20 mm"},
	{NULL, NULL, "pages: 0\n", "pages: ",
	    "pages is 0; it must be a whole number between 1 and 64"},
	{NULL, NULL, "pages: 2.5\n", "pages: ",
	    "pages is 2.5; it must be a whole number between 1 and 64"},
	{NULL, NULL, "columns: 7\n", "columns: ",
	    "columns is 7; it must be a whole number between 1 and 6"},
	{"{width: 50, height: 100}", NULL, "columns: 3\nmargins: {left: 0, right: 0}\n",
	    "columns: ", "columns is 3; it must be a whole number between 1 and 2 "
	    "(as many 20 mm columns as the page width holds)"},
	{NULL, NULL, "margins: {top: -1}\n", "top: ",
	    "margins.top is -1; it must be between 0 and 148.5 mm (half the page height)"},
	{NULL, NULL, "margins: {bottom: 149}\n", "bottom: ",
	    "margins.bottom is 149; it must be between 0 and 148.5 mm (half the page height)"},
	{NULL, NULL, "margins: {left: -5}\n", "left: ",
	    "margins.left is -5; it must be between 0 and 105 mm (half the page width)"},
	{NULL, NULL, "margins: {right: 106}\n", "right: ",
	    "margins.right is 106; it must be between 0 and 105 mm (half the page width)"},
	{NULL, NULL, "gutter: -2\n", "gutter: ",
	    "gutter is -2; it must be between 0 and 105 mm (half the page width)"},
	{NULL, NULL, "margins: {top: 140, bottom: 140}\n", "margins: ",
	    "margins.top + margins.bottom is 280; it must be between 0 and 277 mm "
	    "(the page height less a 20 mm column)"},
	{NULL, NULL, "margins: {left: 15, right: 15}\ncolumns: 3\ngutter: 61\n", "margins: ",
	    "margins.left + margins.right + (columns - 1) × gutter is 152; it must "
	    "be between 0 and 150 mm (the page width less 20 mm for each column)"},
	{NULL, NULL, "first-page-top: 99999\n", "first-page-top: ",
	    "first-page-top is 99999; it must be between 0 and 262 mm "
	    "(the page height less margins.bottom and a 20 mm column)"},
	{NULL, NULL, "first-page-top: -1\n", "first-page-top: ",
	    "first-page-top is -1; it must be between 0 and 262 mm"},
	{NULL, NULL, "page-number-y: 16\n", "page-number-y: ",
	    "page-number-y is 16; it must be between 0 and 15 mm "
	    "(0 for none, at most margins.bottom)"},
	{NULL, NULL, "page-number-y: -3\n", "page-number-y: ",
	    "page-number-y is -3; it must be between 0 and 15 mm"},
	{NULL, NULL, "list-indent: -1\n", "list-indent: ",
	    "list-indent is -1; it must be between 0 and 90 mm (half a column's width)"},
	{NULL, NULL, "columns: 2\ngutter: 10\nquote-indent: 43\n", "quote-indent: ",
	    "quote-indent is 43; it must be between 0 and 42.5 mm (half a column's width)"},
	{NULL, ", size: 0.5", NULL, "body: {font: serif, size: ",
	    "styles.body.size is 0.5; it must be between 1 and 200 pt"},
	{NULL, ", size: 201", NULL, "body: {font: serif, size: ",
	    "styles.body.size is 201; it must be between 1 and 200 pt"},
	{NULL, ", size: 100", "first-page-top: 262\n", "body: {font: serif, size: ",
	    "styles.body.size is 100; it must be between 1 and 56.6929 pt "
	    "(the shortest column's height)"},
	{NULL, ", size: 10, leading: 7", NULL, "leading: ",
	    "styles.body.leading is 7; it must be between 8 and 756.85 pt "
	    "(from 0.8 × size to the shortest column's height)"},
	{NULL, ", size: 10, leading: 757", NULL, "leading: ",
	    "styles.body.leading is 757; it must be between 8 and 756.85 pt"},
	{NULL, ", size: 10, before: -4", NULL, "before: ",
	    "styles.body.before is -4; it must be between 0 and 756.85 pt "
	    "(the shortest column's height)"},
	{NULL, ", size: 10, after: -1000", NULL, "after: ",
	    "styles.body.after is -1000; it must be between 0 and 756.85 pt"},
	{NULL, NULL, "frames:\n  - {x: -90000, y: 0, w: 10, h: 10}\n", "- {x: ",
	    "frames[0].x is -90000; it must be between -3 and 209 mm "
	    "(from the bleed's left edge to 1 mm before the page's right edge)"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 298, w: 10, h: 10}\n", ", y: ",
	    "frames[0].y is 298; it must be between -3 and 296 mm "
	    "(from the bleed's top edge to 1 mm before the page's bottom edge)"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 0, h: 10}\n", ", w: ",
	    "frames[0].w is 0; it must be between 1 and 213 mm (up to the bleed's right edge)"},
	{NULL, NULL, "frames:\n  - {x: 100, y: 0, w: 114, h: 10}\n", ", w: ",
	    "frames[0].w is 114; it must be between 1 and 113 mm"},
	{NULL, NULL, "frames:\n  - {x: 0, y: -3, w: 10, h: 304}\n", ", h: ",
	    "frames[0].h is 304; it must be between 1 and 303 mm (up to the bleed's bottom edge)"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 10, h: 10, padding: -1}\n", "padding: ",
	    "frames[0].padding is -1; it must be between 0 and 4.5 mm "
	    "(leaving 1 mm inside the frame)"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 10, h: 20, padding: 5}\n", "padding: ",
	    "frames[0].padding is 5; it must be between 0 and 4.5 mm"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 80, h: 40, content: address, "
	    "min-size: 2.5}\n", "min-size: ",
	    "frames[0].min-size is 2.5; it must be between 4 and 72 pt"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 80, h: 40, min-size: 73}\n", "min-size: ",
	    "frames[0].min-size is 73; it must be between 4 and 72 pt"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 0, w: 10, h: 10}\n"
	    "  - {x: -3, y: 0, w: 50, h: 20, padding: 2, lines: [a]}\n", "h: 10}\n  - ",
	    "frames[1].x + padding is -1; it must be between 0 and 210 mm "
	    "(what a frame draws besides its fill stays on the page)"},
	{NULL, NULL, "frames:\n  - {x: 200, y: 0, w: 13, h: 20, padding: 1, "
	    "lines: [a]}\n", "frames:\n  - ",
	    "frames[0].x + w - padding is 212; it must be between 0 and 210 mm"},
	{NULL, NULL, "frames:\n  - {x: 0, y: -2, w: 50, h: 20, content: address}\n",
	    "frames:\n  - ", "frames[0].y + padding is -2; it must be between 0 and 297 mm"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 290, w: 50, h: 10, lines: [a]}\n", "frames:\n  - ",
	    "frames[0].y + h - padding is 300; it must be between 0 and 297 mm"},
	{NULL, NULL, "frames:\n  - {x: 190, y: 0, w: 22, h: 30, content: qr}\n", "frames:\n  - ",
	    "frames[0].x + min(w, h) is 212; it must be between 0 and 210 mm"},
	{NULL, NULL, "frames:\n  - {x: 0, y: 280, w: 30, h: 20, padding: 3, "
	    "content: qr}\n", "frames:\n  - ",
	    "frames[0].y + min(w, h) is 300; it must be between 0 and 297 mm"},
	{NULL, NULL, "frames:\n  - {x: 20, y: 40, w: 90, h: 45, padding: 2, slide: 21}\n",
	    "slide: ", "frames[0].slide is 21; it must be between 0 and 20 mm "
	    "(leaving 1 mm inside the frame and its padding)"},
	{NULL, NULL, "frames:\n  - {x: 20, y: 40, w: 90, h: 45, slide-x: 44.6}\n",
	    "slide-x: ", "frames[0].slide-x is 44.6; it must be between 0 and 44.5 mm"},
	{NULL, NULL, "frames:\n  - {x: 20, y: 40, w: 90, h: 45, slide-y: -1}\n",
	    "slide-y: ", "frames[0].slide-y is -1; it must be between 0 and 22 mm"},
	{NULL, NULL, "frames:\n  - {x: 20, y: 10, w: 90, h: 8, page: second}\n",
	    "h: 8, page: ", "a frame's page is first, all or following"},
	{NULL, NULL, "frames:\n  - {x: 20, y: 10, w: 90, h: 8, content: photo}\n",
	    "  - ", "a frame's content is text (its lines), address, header, logo, qr, "
	    "postal-code, jp-address or picture"},
	{NULL, NULL, "frames:\n  - {x: 44.3, y: 12, w: 47.7, h: 8, content: postal-code}\n",
	    "  - ", "postal-code, jp-address, picture and side are for kind: card"},
	{NULL, NULL, "fold-marks: {at: [87, 0]}\n", "87, ",
	    "fold-marks.at is 0; it must be between 1 and 296 mm (on the page)"},
	{NULL, NULL, "fold-marks: {at: [1, 2, 3, 4, 5]}\n", "at: ",
	    "fold-marks.at is a list of at most 4 positions"},
	{NULL, NULL, "fold-marks: {hole: 300}\n", "hole: ",
	    "fold-marks.hole is 300; it must be between 0 and 296 mm"},
	{NULL, NULL, "fold-marks: {x: 60}\n", "x: ",
	    "fold-marks.x is 60; it must be between 0 and 52.5 mm"},
	{NULL, NULL, "fold-marks: {length: 0.5}\n", "length: ",
	    "fold-marks.length is 0.5; it must be between 1 and 20 mm"},
	{NULL, NULL, "fold-marks: 87\n", "fold-marks: ",
	    "fold-marks is a map"},
};

static const struct row label_rows[] = {
	{NULL, NULL, "width: 5, height: 40", "width: ",
	    "label.width is 5; it must be between 10 and 210 mm (the page width)"},
	{NULL, NULL, "width: 70, height: 298", "height: ",
	    "label.height is 298; it must be between 5 and 297 mm (the page height)"},
	{NULL, NULL, "width: 70, height: 40, columns: 0", "columns: ",
	    "label.columns is 0; it must be a whole number between 1 and 200"},
	{NULL, NULL, "width: 70, height: 40, rows: 1.5", "rows: ",
	    "label.rows is 1.5; it must be a whole number between 1 and 200"},
	{NULL, NULL, "width: 10, height: 5, columns: 20, rows: 20", "label: ",
	    "label.columns × label.rows is 400; it must be a whole number between "
	    "1 and 200 (labels on a sheet)"},
	{NULL, NULL, "width: 70, height: 40, pitch-x: 60", "pitch-x: ",
	    "label.pitch-x is 60; it must be between 70 and 210 mm "
	    "(from the label's width to the page width)"},
	{NULL, NULL, "width: 70, height: 40, pitch-y: 300", "pitch-y: ",
	    "label.pitch-y is 300; it must be between 40 and 297 mm "
	    "(from the label's height to the page height)"},
	{NULL, NULL, "width: 70, height: 40, left: -1", "left: ",
	    "label.left is -1; it must be between 0 and 140 mm "
	    "(the page width less the label's)"},
	{NULL, NULL, "width: 70, height: 40, top: 258", "top: ",
	    "label.top is 258; it must be between 0 and 257 mm "
	    "(the page height less the label's)"},
	{NULL, NULL, "width: 70, height: 40, columns: 3, left: 1", "label: ",
	    "the labels do not fit on the page: label.left + (label.columns - 1) × "
	    "label.pitch-x + label.width is 211; it must be between 0 and 210 mm "
	    "(the page width)"},
	{NULL, NULL, "width: 70, height: 40, rows: 8", "label: ",
	    "the labels do not fit on the page: label.top + (label.rows - 1) × "
	    "label.pitch-y + label.height is 320; it must be between 0 and 297 mm "
	    "(the page height)"},
	{NULL, NULL, "width: 70, height: 40, padding: -20", "padding: ",
	    "label.padding is -20; it must be between 0 and 19.5 mm "
	    "(leaving 1 mm inside the label)"},
	{NULL, NULL, "width: 70, height: 40, padding: 20", "padding: ",
	    "label.padding is 20; it must be between 0 and 19.5 mm"},
	{NULL, NULL, "width: 70, height: 40, min-size: 3", "min-size: ",
	    "label.min-size is 3; it must be between 4 and 72 pt"},
	{NULL, ", size: 20", "width: 70, height: 10, padding: 2",
	    "address: {font: sans, size: ",
	    "styles.address.size is 20; it must be between 1 and 17.0079 pt "
	    "(the label's height inside its padding)"},
	{NULL, ", size: 9, after: -2", "width: 70, height: 40", "after: ",
	    "styles.address.after is -2; it must be between 0 and 99.2126 pt"},
};

static const struct row card_rows[] = {
	{"{size: A5}", NULL, NULL, "page: ",
	    "page size: A4, letter, hagaki, A6, us-4x6, us-6x9, or width and height in mm"},
	{"{size: hagaki}", NULL, "sides: [message, message]\n", "sides: ",
	    "sides: [message, address] or [address, message]"},
	{"{size: hagaki}", NULL, "sides: [address]\n", "sides: ",
	    "sides: [message, address] or [address, message]"},
	{"{size: hagaki}", NULL, "back: sideways\n", "back: ",
	    "back: upright (head to head) or turned (head to foot)"},
	{"{size: hagaki}", NULL, "impose: {n: 4, sheet: B4}\n", "sheet: ",
	    "impose.sheet: A4, SRA3 or 13x19"},
	{"{size: hagaki}", NULL, "impose: {n: 65}\n", "n: ",
	    "impose.n is 65; it must be a whole number between 1 and 64"},
	{"{size: hagaki}", NULL, "frames:\n  - {x: 10, y: 10, w: 20, h: 20, side: back}\n",
	    "side: ", "a frame's side is message or address"},
	{"{size: hagaki}", NULL, "frames:\n  - {x: 44.3, y: 12, w: 40, h: 8, "
	    "content: postal-code}\n", "  - ",
	    "frames[0].w is 40; it must be between 47.7 and 47.7 mm (Japan Post's "
	    "seven boxes are 47.7 mm wide)"},
	{"{size: hagaki}", NULL, "frames:\n  - {x: 44.3, y: 12, w: 47.7, h: 9, "
	    "content: postal-code}\n", "  - ",
	    "frames[0].h is 9; it must be between 8 and 8 mm (Japan Post's boxes are "
	    "8 mm high)"},
	{"{size: hagaki}", NULL, "frames:\n  - {x: 44.3, y: 12, w: 47.7, h: 8, "
	    "content: postal-code, boxes: blue}\n", "boxes: ",
	    "boxes: red (drawn for plain card stock) or none"},
	{"{size: hagaki}", NULL, "frames:\n  - {x: 10, y: 10, w: 30, h: 30, "
	    "content: qr, vertical: true}\n", "  - ",
	    "vertical is for a frame's lines (content: text)"},
};

/* "layouts/t.yml:LINE:COL: " of what follows the first at in yml. */
static void
position(const char *yml, const char *at, char *out, size_t n)
{
	const char *p = strstr(yml, at), *bol = yml;
	int line = 1;

	assert_non_null(p);
	p += strlen(at);
	for (const char *q = yml; q < p; q++)
		if (*q == '\n') {
			line++;
			bol = q + 1;
		}
	snprintf(out, n, "layouts/t.yml:%d:%d: ", line, (int)(p - bol) + 1);
}

static void
refused(const char *fmt, const struct row *r, const char *rest, buf *failures)
{
	char yml[2048], where[64];
	layout *l;
	diag d;

	snprintf(yml, sizeof(yml), fmt, r->page ? r->page : "{size: A4}",
	    r->style ? r->style : ", size: 10", rest);
	position(yml, r->at, where, sizeof(where));
	diag_init(&d, NULL);
	l = layout_load_mem("layouts/t.yml", yml, strlen(yml), fontdirs, &d);
	if (l != NULL) {
		buf_printf(failures, "accepted: %s\n", r->want);
		layout_free(l);
		return;
	}
	if (strstr(d.last, r->want) == NULL || strncmp(d.last, where, strlen(where)) != 0)
		buf_printf(failures, "want %s...layout: %s\n got %s\n", where,
		    r->want, d.last);
}

static void
report(buf *failures)
{
	if (failures->len == 0)
		return;
	print_error("%s", buf_str(failures));
	buf_free(failures);
	fail();
}

static void
test_every_newsletter_setting_out_of_its_range_is_refused_with_the_range(void **state)
{
	buf failures = BUF_INIT;

	for (size_t i = 0; i < sizeof(newsletter_rows) / sizeof(newsletter_rows[0]); i++)
		refused(NEWSLETTER, &newsletter_rows[i],
		    newsletter_rows[i].rest ? newsletter_rows[i].rest : "", &failures);
	report(&failures);
}

static void
test_every_card_setting_out_of_its_range_is_refused_with_the_range(void **state)
{
	buf failures = BUF_INIT;

	for (size_t i = 0; i < sizeof(card_rows) / sizeof(card_rows[0]); i++)
		refused(CARD, &card_rows[i], card_rows[i].rest ? card_rows[i].rest : "",
		    &failures);
	report(&failures);
}

static void
test_a_card_has_two_sides_in_its_order(void **state)
{
	static const char *const sides[] = {"", "sides: [message, address]\n",
	    "sides: [address, message]\nback: turned\nimpose: {n: 4, sheet: SRA3}\n"};
	char yml[2048];
	diag d;

	for (int i = 0; i < 3; i++) {
		layout *l;

		snprintf(yml, sizeof(yml), CARD, "{size: hagaki}", ", size: 10", sides[i]);
		diag_init(&d, NULL);
		l = layout_load_mem("layouts/t.yml", yml, strlen(yml), fontdirs, &d);
		assert_non_null(l);
		assert_true(layout_card(l));
		assert_int_equal(layout_pages(l), 2);
		assert_int_equal(layout_card_page(l, CARD_ADDRESS), i == 2 ? 0 : 1);
		assert_int_equal(layout_card_page(l, CARD_MESSAGE), i == 2 ? 1 : 0);
		assert_int_equal(layout_back_turned(l), i == 2);
		{
			const char *sheet = NULL;

			assert_int_equal(layout_impose(l, &sheet), i == 2 ? 4 : 0);
			if (i == 2)
				assert_string_equal(sheet, "SRA3");
			else
				assert_null(sheet);
		}
		assert_true(fabs(layout_width(l) - 100 * 72 / 25.4) < 1e-9);
		assert_true(fabs(layout_height(l) - 148 * 72 / 25.4) < 1e-9);
		assert_true(fabs(layout_bleed(l) - 3 * 72 / 25.4) < 1e-9);
		layout_free(l);
	}
}

static void
test_every_label_setting_out_of_its_range_is_refused_with_the_range(void **state)
{
	buf failures = BUF_INIT;

	for (size_t i = 0; i < sizeof(label_rows) / sizeof(label_rows[0]); i++)
		refused(LABELS, &label_rows[i], label_rows[i].rest ?
		    label_rows[i].rest : "width: 70, height: 40, columns: 3, rows: 7",
		    &failures);
	report(&failures);
}

static layout *
load_str(const char *yml, diag *d)
{
	diag_init(d, stderr);
	return layout_load_mem("layouts/t.yml", yml, strlen(yml), fontdirs, d);
}

static void
test_settings_at_the_ends_of_their_ranges_load(void **state)
{
	char yml[2048];
	layout *l;
	diag d;

	/* a full-bleed masthead: its fill reaches the bleed, its text stays on the page */
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10",
	    "margins: {top: 0, bottom: 138.5, left: 105, right: 0}\n"
	    "first-page-top: 138.5\n"
	    "page-number-y: 138.5\n"
	    "frames:\n"
	    "  - {x: -3, y: -3, w: 216, h: 41, padding: 9, fill: \"cmyk(0,0,0,1)\", "
	    "lines: [a]}\n"
	    "  - {x: 209, y: 296, w: 4, h: 4, fill: \"cmyk(0,0,0,1)\"}\n"
	    "  - {x: 186, y: 273, w: 24, content: qr}\n");
	assert_non_null(l = load_str(yml, &d));
	assert_true(layout_frame(l, 0)->x < 0);
	layout_free(l);
	/* 1 mm inside the padding: room for 2.83 pt */
	snprintf(yml, sizeof(yml), LABELS, "{size: A4}", ", size: 2, leading: 2.8",
	    "width: 70, height: 42.4, columns: 3, rows: 7, top: 0.2, padding: 20.7");
	assert_non_null(l = load_str(yml, &d));
	layout_free(l);
}

static void
test_every_shipped_layout_loads(void **state)
{
	DIR *dir = opendir("layouts");
	struct dirent *e;
	int n = 0;

	assert_non_null(dir);
	while ((e = readdir(dir)) != NULL) {
		char path[512];
		layout *l;
		diag d;

		if (strstr(e->d_name, ".yml") == NULL)
			continue;
		snprintf(path, sizeof(path), "layouts/%s", e->d_name);
		diag_init(&d, stderr);
		l = layout_load(path, fontdirs, &d);
		if (l == NULL)
			fail_msg("%s: %s", path, d.last);
		layout_free(l);
		n++;
	}
	closedir(dir);
	assert_true(n >= 15);
}

static void
test_a_mebibyte_of_nested_brackets_is_refused_at_the_limit(void **state)
{
	size_t n = 1 << 20;
	char *yml = malloc(n + 1);
	char want[96];
	layout *l;
	diag d;

	assert_non_null(yml);
	memcpy(yml, "kind: ", 6);
	memset(yml + 6, '[', n - 6);
	yml[n] = '\0';
	diag_init(&d, NULL);
	l = layout_load_mem("layouts/t.yml", yml, n, fontdirs, &d);
	free(yml);
	assert_null(l);
	/* the 33rd level: the root map, then 32 brackets */
	snprintf(want, sizeof(want), "layouts/t.yml:1:%d: error: invalid YAML: "
	    "lists and maps nested deeper than %d levels", 6 + YAMLDOC_MAX_DEPTH,
	    YAMLDOC_MAX_DEPTH);
	assert_string_equal(d.last, want);
}

static void
test_nesting_up_to_the_limit_is_only_a_layout_error(void **state)
{
	char rest[128], yml[2048];
	layout *l;
	diag d;

	/* the root map, frames and 30 lists in it: 32 levels */
	memcpy(rest, "frames: ", 8);
	memset(rest + 8, '[', YAMLDOC_MAX_DEPTH - 1);
	memset(rest + 8 + YAMLDOC_MAX_DEPTH - 1, ']', YAMLDOC_MAX_DEPTH - 1);
	strcpy(rest + 8 + 2 * (YAMLDOC_MAX_DEPTH - 1), "\n");
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10", rest);
	l = load_str(yml, &d);
	assert_null(l);
	assert_non_null(strstr(d.last, "layouts/t.yml:10:10: error: layout: a frame is a map"));
}

static void
test_a_key_given_twice_is_refused_at_the_second(void **state)
{
	char yml[2048];
	diag d;

	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10",
	    "columns: 2\ngutter: 5\ncolumns: 1\n");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:12:1: error: invalid YAML: "
	    "key 'columns' is given twice (first on line 10)"));
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10, leading: 12, "
	    "size: 11", "");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:6:46: error: invalid YAML: "
	    "key 'size' is given twice (first on line 6)"));
	snprintf(yml, sizeof(yml), NEWSLETTER, "{size: A4}", ", size: 10",
	    "styles:\n  body: {font: serif}\n");
	assert_null(load_str(yml, &d));
	assert_non_null(strstr(d.last, "layouts/t.yml:10:1: error: invalid YAML: "
	    "key 'styles' is given twice (first on line 5)"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_newsletter_setting_out_of_its_range_is_refused_with_the_range),
		cmocka_unit_test(test_every_label_setting_out_of_its_range_is_refused_with_the_range),
		cmocka_unit_test(test_every_card_setting_out_of_its_range_is_refused_with_the_range),
		cmocka_unit_test(test_a_card_has_two_sides_in_its_order),
		cmocka_unit_test(test_settings_at_the_ends_of_their_ranges_load),
		cmocka_unit_test(test_every_shipped_layout_loads),
		cmocka_unit_test(test_a_mebibyte_of_nested_brackets_is_refused_at_the_limit),
		cmocka_unit_test(test_nesting_up_to_the_limit_is_only_a_layout_error),
		cmocka_unit_test(test_a_key_given_twice_is_refused_at_the_second),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
