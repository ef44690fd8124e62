/* test_preflight: each print-shop problem found alone, with its numbers. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "preflight/pdflex.h"
#include "preflight/preflight.h"
#include "util/buf.h"
#include "util/mem.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_preflight",
	    t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	mkdir(tmpdir, 0777);
	return 0;
}

/*
 * A small PDF written by hand, with correct xref offsets. Shared objects:
 * F1 an embedded TrueType font (every width 500), F2 Helvetica not
 * embedded, F3 an embedded Type0 font with a W array, F4 a Type0 font
 * whose descendant is not embedded, Im1 300x300 gray, Im2 300x300 RGB,
 * Fm1 a form, CS1 ICCBased with 3 components.
 */
struct doc {
	const char *catalog_extra;
	const char *pages_extra;	/* in the Pages node */
	const char *page_extra;
	const char *boxes;		/* NULL: trim 10..190 in media 0..200 */
	const char *content;		/* every page */
	const char *content_first;	/* page 1, when not NULL */
	const char *form;
	const char *form_extra;
	int npages;
};

#define CLEAN "0 0 0 1 k 0 0 0 1 K BT /F1 10 Tf 50 100 Td (Hello) Tj ET " \
	"0.5 w 50 50 m 150 50 l S"

struct pdfw {
	buf b;
	size_t off[256];
	int n;
};

static void
obj(struct pdfw *w, const char *fmt, ...)
{
	va_list ap;

	assert_true(w->n < 255);
	w->off[++w->n] = w->b.len;
	buf_printf(&w->b, "%d 0 obj\n", w->n);
	va_start(ap, fmt);
	buf_vprintf(&w->b, fmt, ap);
	va_end(ap);
	buf_puts(&w->b, "\nendobj\n");
}

static void
stream(struct pdfw *w, const char *dict, const char *data)
{
	obj(w, "<< /Length %zu %s >>\nstream\n%s\nendstream", strlen(data),
	    dict, data);
}

static void
write_doc(const char *path, const struct doc *d)
{
	struct pdfw w;
	buf kids = BUF_INIT, widths = BUF_INIT;
	size_t xref;
	int i, npages = d->npages ? d->npages : 1;
	FILE *f;

	memset(&w, 0, sizeof(w));
	buf_puts(&w.b, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
	for (i = 0; i < npages; i++)
		buf_printf(&kids, "%d 0 R ", 17 + 2 * i);
	for (i = 32; i <= 126; i++)
		buf_puts(&widths, "500 ");
	obj(&w, "<< /Type /Catalog /Pages 2 0 R %s >>",
	    d->catalog_extra ? d->catalog_extra : "");
	obj(&w, "<< /Type /Pages /Kids [%s] /Count %d %s >>", buf_str(&kids),
	    npages, d->pages_extra ? d->pages_extra : "");
	obj(&w, "<< /Font << /F1 4 0 R /F2 5 0 R /F3 12 0 R /F4 14 0 R >> "
	    "/XObject << /Im1 7 0 R /Im2 8 0 R /Fm1 9 0 R >> "
	    "/ColorSpace << /CS1 [/ICCBased 10 0 R] /CS2 [/Separation /Gold "
	    "/DeviceCMYK << /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] "
	    "/C1 [0 0.2 0.8 0] /N 1 >>] >> >>");
	obj(&w, "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Test "
	    "/FirstChar 32 /LastChar 126 /Widths [%s] /FontDescriptor 6 0 R >>",
	    buf_str(&widths));
	obj(&w, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	obj(&w, "<< /Type /FontDescriptor /FontName /ABCDEF+Test /Flags 32 "
	    "/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 "
	    "/Descent -200 /CapHeight 700 /StemV 80 /FontFile2 11 0 R >>");
	stream(&w, "/Type /XObject /Subtype /Image /Width 300 /Height 300 "
	    "/ColorSpace /DeviceGray /BitsPerComponent 8", "x");
	stream(&w, "/Type /XObject /Subtype /Image /Width 300 /Height 300 "
	    "/ColorSpace /DeviceRGB /BitsPerComponent 8", "x");
	{
		buf fd = BUF_INIT;

		buf_printf(&fd, "/Type /XObject /Subtype /Form "
		    "/BBox [0 0 200 200] %s", d->form_extra ? d->form_extra : "");
		stream(&w, buf_str(&fd), d->form ? d->form : "");
		buf_free(&fd);
	}
	stream(&w, "/N 3", "icc");
	stream(&w, "", "font program");
	obj(&w, "<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Cid "
	    "/Encoding /Identity-H /DescendantFonts [13 0 R] >>");
	obj(&w, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Cid "
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
	    "/Supplement 0 >> /FontDescriptor 6 0 R /DW 500 "
	    "/W [1 [1000] 2 3 250] >>");
	obj(&w, "<< /Type /Font /Subtype /Type0 /BaseFont /MS-Mincho "
	    "/Encoding /Identity-H /DescendantFonts [15 0 R] >>");
	obj(&w, "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MS-Mincho "
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) "
	    "/Supplement 0 >> /FontDescriptor 16 0 R >>");
	obj(&w, "<< /Type /FontDescriptor /FontName /MS-Mincho /Flags 4 "
	    "/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 "
	    "/Descent -200 /CapHeight 700 /StemV 80 >>");
	for (i = 0; i < npages; i++) {
		const char *c = i == 0 && d->content_first ? d->content_first :
		    d->content ? d->content : CLEAN;

		obj(&w, "<< /Type /Page /Parent 2 0 R %s /Resources 3 0 R "
		    "/Contents %d 0 R %s >>",
		    d->boxes ? d->boxes : "/MediaBox [0 0 200 200] "
		    "/BleedBox [0 0 200 200] /TrimBox [10 10 190 190]",
		    18 + 2 * i, d->page_extra ? d->page_extra : "");
		stream(&w, "", c);
	}
	xref = w.b.len;
	buf_printf(&w.b, "xref\n0 %d\n0000000000 65535 f \n", w.n + 1);
	for (i = 1; i <= w.n; i++)
		buf_printf(&w.b, "%010zu 00000 n \n", w.off[i]);
	buf_printf(&w.b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n"
	    "%%%%EOF\n", w.n + 1, xref);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(w.b.p, 1, w.b.len, f), w.b.len);
	assert_int_equal(fclose(f), 0);
	buf_free(&w.b);
	buf_free(&kids);
	buf_free(&widths);
}

/* Preflights a document; *out gets everything reported (caller frees). */
static int
check(const struct doc *dc, const preflight_opts *o, char **out)
{
	char path[1200];
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	diag d;
	int n;

	assert_non_null(f);
	snprintf(path, sizeof(path), "%s/doc.pdf", tmpdir);
	write_doc(path, dc);
	diag_init(&d, f);
	n = preflight_pdf(path, o, &d);
	fclose(f);
	*out = text;
	return n;
}

static int
lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

/* Exactly one problem, whose line contains want. */
static void
expect_one(const struct doc *dc, const char *want)
{
	char *out;
	int n = check(dc, NULL, &out);

	if (n != 1 || strstr(out, want) == NULL)
		fprintf(stderr, "want 1 problem with '%s', got %d:\n%s", want,
		    n, out);
	assert_int_equal(n, 1);
	assert_int_equal(lines(out), 1);
	assert_non_null(strstr(out, want));
	free(out);
}

static void
expect_none(const struct doc *dc)
{
	char *out;
	int n = check(dc, NULL, &out);

	if (n != 0)
		fprintf(stderr, "want no problem, got %d:\n%s", n, out);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	free(out);
}

static void
test_clean_cmyk_page_with_boxes_and_embedded_font_has_no_problems(void **state)
{
	struct doc d = {0};

	expect_none(&d);
	d.content = "BT /F3 10 Tf 50 100 Td <00010002> Tj ET "
	    "/CS2 cs 1 sc 20 20 50 50 re f";
	expect_none(&d);
}

static void
test_missing_trimbox_is_reported_alone(void **state)
{
	struct doc d = {0};

	d.boxes = "/MediaBox [0 0 200 200] /BleedBox [0 0 200 200]";
	expect_one(&d, "page 1: no TrimBox");
}

static void
test_boxes_inherited_from_the_page_tree_count(void **state)
{
	struct doc d = {0};

	/* The boxes given on the Pages node rather than on the page. */
	d.boxes = "";
	d.pages_extra = "/MediaBox [0 0 200 200] /BleedBox [0 0 200 200] "
	    "/TrimBox [10 10 190 190]";
	expect_none(&d);
	d.pages_extra = NULL;
	expect_one(&d, "page 1: no MediaBox; no TrimBox; no BleedBox");
}

static void
test_trimbox_outside_bleedbox_is_reported(void **state)
{
	struct doc d = {0};

	d.boxes = "/MediaBox [0 0 200 200] /BleedBox [5 5 195 195] "
	    "/TrimBox [0 0 190 190]";
	d.content = "0 0 0 1 k BT /F1 10 Tf 50 100 Td (Hello) Tj ET";
	expect_one(&d, "TrimBox [0.00 0.00 190.00 190.00] is not inside "
	    "BleedBox [5.00 5.00 195.00 195.00]");
}

static void
test_font_not_embedded_is_reported_once_per_font(void **state)
{
	struct doc d = {0};

	d.npages = 3;
	d.content = "BT /F2 10 Tf 50 100 Td (Hello) Tj ET";
	expect_one(&d, "page 1: font Helvetica is not embedded");
}

static void
test_two_fonts_not_embedded_on_a_page_are_both_named(void **state)
{
	struct doc d = {0};

	d.content = "BT /F2 10 Tf 50 100 Td (Hi) Tj /F4 10 Tf <0001> Tj "
	    "/F2 10 Tf (Hi) Tj ET";
	expect_one(&d, "page 1: font Helvetica is not embedded; "
	    "font MS-Mincho is not embedded\n");
}

static void
test_type0_font_is_checked_through_its_descendant(void **state)
{
	struct doc d = {0};

	d.content = "BT /F4 10 Tf 50 100 Td <0001> Tj ET";
	expect_one(&d, "font MS-Mincho is not embedded");
}

static void
test_rgb_fill_colour_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "1 0 0 rg 20 20 50 50 re f";
	expect_one(&d, "page 1: RGB fill colour (rg)");
}

static void
test_iccbased_rgb_colour_space_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "/CS1 CS 1 0 0 SC 0.5 w 20 20 m 50 50 l S";
	expect_one(&d, "RGB colour space /CS1");
}

static void
test_rgb_image_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "q 72 0 0 72 50 50 cm /Im2 Do Q";
	expect_one(&d, "RGB image /Im2");
}

static void
test_line_of_0_1_pt_is_reported_and_0_25_pt_is_not(void **state)
{
	struct doc d = {0};

	d.content = "0 0 0 1 K 0.1 w 50 50 m 150 50 l S";
	expect_one(&d, "page 1: line 0.10 pt wide (needs 0.2 pt)");
	d.content = "0 0 0 1 K 0.25 w 50 50 m 150 50 l S";
	expect_none(&d);
}

static void
test_thin_line_scaled_up_by_cm_is_not_reported(void **state)
{
	struct doc d = {0};

	d.content = "q 4 0 0 4 0 0 cm 0.1 w 10 10 m 40 10 l S Q";
	expect_none(&d);
	/* ... and scaled down it is. */
	d.content = "q 0.5 0 0 0.5 0 0 cm 0.3 w 100 100 m 200 100 l S Q";
	expect_one(&d, "line 0.15 pt wide");
}

static void
test_zero_width_line_is_always_a_hairline(void **state)
{
	struct doc d = {0};

	d.content = "q 10 0 0 10 0 0 cm 0 w 5 5 m 10 5 l S Q";
	expect_one(&d, "line of width 0");
}

static void
test_thin_width_only_counts_when_a_path_is_stroked(void **state)
{
	struct doc d = {0};

	d.content = "0.05 w 20 20 50 50 re f 20 20 m 30 30 l n S";
	expect_none(&d);
}

static void
test_text_2mm_from_trim_is_reported_and_4mm_is_not(void **state)
{
	struct doc d = {0};

	/* The trim's left edge is at 10 pt; 2 mm = 5.669 pt. */
	d.content = "BT /F1 10 Tf 15.6693 100 Td (Hello) Tj ET";
	expect_one(&d, "page 1: text 2.0 mm from the trim edge (needs 3 mm");
	d.content = "BT /F1 10 Tf 21.3386 100 Td (Hello) Tj ET";
	expect_none(&d);
}

static void
test_text_end_comes_from_the_font_widths(void **state)
{
	struct doc d = {0};

	/* (Hello) is 5 x 500/1000 x 10 = 25 pt wide: ends 2 mm before 190. */
	d.content = "BT /F1 10 Tf 159.331 100 Td (Hello) Tj ET";
	expect_one(&d, "text 2.0 mm from the trim edge");
	/* Tz 50 halves it: now 6.4 mm away. */
	d.content = "BT /F1 10 Tf 50 Tz 159.331 100 Td (Hello) Tj ET";
	expect_none(&d);
	/* TJ kerning of -1000 moves the end 10 pt to the right. */
	d.content = "BT /F1 10 Tf 149.331 100 Td [(Hel) -1000 (lo)] TJ ET";
	expect_one(&d, "text 2.0 mm from the trim edge");
}

static void
test_cid_text_end_comes_from_the_w_array(void **state)
{
	struct doc d = {0};

	/* Two CID 1 glyphs at 1000: 20 pt, ending 2 mm before 190. */
	d.content = "BT /F3 10 Tf 164.331 100 Td <00010001> Tj ET";
	expect_one(&d, "text 2.0 mm from the trim edge");
	/* CIDs 2 and 3 are 250 wide: 5 pt, far from the edge. */
	d.content = "BT /F3 10 Tf 164.331 100 Td <00020003> Tj ET";
	expect_none(&d);
}

static void
test_text_position_follows_td_tm_and_the_ctm(void **state)
{
	struct doc d = {0};

	/*
	 * Td twice then T*: the baseline lands at 17.669, the descender
	 * (0.2 x size) 2 mm above the bottom trim at 10.
	 */
	d.content = "BT /F1 10 Tf 12 TL 50 100 Td 0 -50 Td T* 0 -20.331 Td "
	    "(Hi) Tj ET";
	expect_one(&d, "text 2.0 mm from the trim edge");
	d.content = "q 1 0 0 1 0 -60 cm BT /F1 10 Tf 1 0 0 1 50 77.669 Tm "
	    "(Hi) Tj ET Q";
	expect_one(&d, "text 2.0 mm from the trim edge");
}

static void
test_text_outside_the_trim_box_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "BT /F1 6 Tf 20 2 Td (PROOF) Tj ET";
	expect_one(&d, "text outside the trim box");
}

static void
test_invisible_text_is_not_checked(void **state)
{
	struct doc d = {0};

	d.content = "BT /F1 6 Tf 3 Tr 20 2 Td (OCR) Tj ET";
	expect_none(&d);
}

static void
test_image_300px_at_2_inches_is_reported_and_at_1_inch_is_not(void **state)
{
	struct doc d = {0};

	d.content = "q 144 0 0 144 20 20 cm /Im1 Do Q";
	expect_one(&d, "image /Im1 (300x300 px, 50.8x50.8 mm) at 150 ppi "
	    "(needs 300)");
	d.content = "q 72 0 0 72 20 20 cm /Im1 Do Q";
	expect_none(&d);
}

static void
test_form_content_is_checked_with_its_matrix(void **state)
{
	struct doc d = {0};

	d.content = "q 1 0 0 1 0 0 cm /Fm1 Do Q";
	d.form = "0.1 w 10 10 m 50 10 l S";
	expect_one(&d, "line 0.10 pt wide");
	d.form_extra = "/Matrix [4 0 0 4 0 0]";
	expect_none(&d);
	/* The same form drawn by a scaled-down cm inside: 4 x 0.1 x 0.25. */
	d.content = "q 0.25 0 0 0.25 0 0 cm /Fm1 Do Q";
	expect_one(&d, "line 0.10 pt wide");
}

static void
test_form_drawing_itself_does_not_hang(void **state)
{
	struct doc d = {0};

	d.content = "/Fm1 Do";
	d.form = "/Fm1 Do 0 w 1 1 m 2 2 l S";
	expect_one(&d, "line of width 0");
}

static void
test_annotations_are_reported(void **state)
{
	struct doc d = {0};

	d.page_extra = "/Annots [<< /Type /Annot /Subtype /Link "
	    "/Rect [0 0 10 10] >>]";
	expect_one(&d, "page 1: 1 annotation (first: Link)");
}

static void
test_javascript_is_reported(void **state)
{
	struct doc d = {0};

	d.catalog_extra = "/OpenAction << /S /JavaScript /JS (app.alert(1)) >>";
	expect_one(&d, "document: JavaScript run when the file is opened");
	d.catalog_extra = "/Names << /JavaScript << /Names [] >> >>";
	expect_one(&d, "document: JavaScript (/Names /JavaScript)");
}

static void
test_inline_image_data_is_skipped(void **state)
{
	struct doc d = {0};

	/* Data that looks like strings and operators must not be run. */
	d.content = "q 0.5 0 0 0.5 20 20 cm BI /W 4 /H 4 /CS /G /BPC 8 ID "
	    "(1 rg EIx ]EI\nEI Q 0.5 w 20 20 m 30 30 l S";
	expect_none(&d);
	d.content = "q 0.5 0 0 0.5 20 20 cm BI /W 4 /H 4 /CS /RGB /BPC 8 ID "
	    "abc) EI Q";
	expect_one(&d, "RGB image (inline)");
}

static void
test_unknown_font_name_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "BT /F9 10 Tf 50 100 Td (x) Tj ET";
	expect_one(&d, "font /F9 is not in the resources");
}

static void
test_malformed_content_is_reported(void **state)
{
	struct doc d = {0};

	d.content = "0 0 0 1 k 20 20 50 50 re f (never closed";
	expect_one(&d, "page 1: malformed content stream");
}

static void
test_damaged_file_that_needs_repair_is_reported(void **state)
{
	char path[1200], data[8192], *x;
	char *out;
	struct doc d = {0};
	diag dg;
	FILE *f;
	size_t n;

	/* A clean file whose startxref points to the wrong place. */
	assert_int_equal(check(&d, NULL, &out), 0);
	free(out);
	snprintf(path, sizeof(path), "%s/doc.pdf", tmpdir);
	f = fopen(path, "r+b");
	assert_non_null(f);
	n = fread(data, 1, sizeof(data) - 1, f);
	data[n] = '\0';
	assert_non_null(x = strstr(data, "startxref\n"));
	x += strlen("startxref\n");
	assert_true(*x != '1');
	fseek(f, x - data, SEEK_SET);
	fputc('1', f);
	fclose(f);
	diag_init(&dg, NULL);
	assert_int_equal(preflight_pdf(path, NULL, &dg), 1);
	assert_non_null(strstr(dg.last, "document: the file is damaged"));
}

static void
test_unreadable_file_returns_minus_one_with_an_error(void **state)
{
	char path[1200];
	diag d;
	FILE *f;

	diag_init(&d, NULL);
	snprintf(path, sizeof(path), "%s/missing.pdf", tmpdir);
	remove(path);
	assert_int_equal(preflight_pdf(path, NULL, &d), -1);
	assert_int_equal(d.worst, DIAG_FATAL);
	assert_non_null(strstr(d.last, "missing.pdf: error: PDF: "));
	assert_non_null(strstr(d.last, "No such file"));

	snprintf(path, sizeof(path), "%s/junk.pdf", tmpdir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("this is not a PDF\n", f);
	fclose(f);
	diag_init(&d, NULL);
	assert_int_equal(preflight_pdf(path, NULL, &d), -1);
	assert_int_equal(d.worst, DIAG_FATAL);
	assert_non_null(strstr(d.last, "junk.pdf: error: PDF: "));
}

static void
test_same_problem_on_every_page_is_one_line(void **state)
{
	char *out;
	struct doc d = {0};

	d.npages = 25;
	d.boxes = "/MediaBox [0 0 200 200] /BleedBox [0 0 200 200]";
	assert_int_equal(check(&d, NULL, &out), 25);
	assert_int_equal(lines(out), 1);
	assert_non_null(strstr(out, "all 25 pages: no TrimBox"));
	free(out);
}

static void
test_different_problems_on_many_pages_are_capped(void **state)
{
	char *out;
	struct doc d = {0};
	preflight_opts o = preflight_defaults();

	/* Page 1 is clean and 24 pages have a hairline; page 2 is thinner. */
	d.npages = 25;
	d.content = "0.1 w 50 50 m 150 50 l S";
	d.content_first = CLEAN;
	assert_int_equal(check(&d, NULL, &out), 24);
	assert_int_equal(lines(out), 2);
	assert_non_null(strstr(out, "page 2: line 0.10 pt wide"));
	assert_non_null(strstr(out, "line 0.10 pt wide (needs 0.2 pt): "
	    "and 23 more pages"));
	free(out);

	d.content_first = "0.05 w 50 50 m 150 50 l S";
	assert_int_equal(check(&d, &o, &out), 25);
	assert_int_equal(lines(out), 11);
	assert_non_null(strstr(out, "page 1: line 0.05 pt wide"));
	assert_non_null(strstr(out, "page 10: line 0.10 pt wide"));
	assert_null(strstr(out, "page 11:"));
	assert_non_null(strstr(out, "thin lines: and 15 more pages"));
	free(out);
}

static void
test_problems_on_one_page_count_once_with_the_worst_named(void **state)
{
	char *out;
	struct doc d = {0};

	d.content = "0.15 w 50 50 m 150 50 l S 0.05 w 50 60 m 150 60 l S "
	    "0.1 w 50 70 m 150 70 l S";
	assert_int_equal(check(&d, NULL, &out), 1);
	assert_non_null(strstr(out, "line 0.05 pt wide (needs 0.2 pt) "
	    "(3 times on this page)"));
	free(out);
}

static void
test_options_change_the_thresholds(void **state)
{
	char *out;
	struct doc d = {0};
	preflight_opts o = preflight_defaults();

	o.min_ppi = 100;
	o.min_line_pt = 0.05;
	o.safe_mm = 1;
	d.content = "q 144 0 0 144 20 20 cm /Im1 Do Q 0.1 w 50 50 m 150 50 l S "
	    "BT /F1 10 Tf 15.6693 100 Td (Hello) Tj ET";
	assert_int_equal(check(&d, &o, &out), 0);
	free(out);
}

static void
test_lexer_decodes_strings_names_and_skips_comments(void **state)
{
	static const char src[] = "% comment\n(a\\(b\\)\\n(c)\\101\\\nz) "
	    "<48 65 6c6C 6>/A#20B [1 -.5 +3.] <</K 1>> Tj";
	pdflex lx;
	pdftok t;
	buf sb = BUF_INIT;

	pdflex_init(&lx, (const unsigned char *)src, sizeof(src) - 1);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_STRING);
	assert_int_equal(t.len, 10);
	assert_memory_equal(sb.p + t.off, "a(b)\n(c)Az", 10);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_STRING);
	assert_string_equal(sb.p + t.off, "Hell`");
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_NAME);
	assert_string_equal(sb.p + t.off, "/A B");
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_ARRAY_OPEN);
	pdflex_next(&lx, &t, &sb);
	assert_true(t.type == PT_NUM && t.num == 1);
	pdflex_next(&lx, &t, &sb);
	assert_true(t.type == PT_NUM && t.num == -0.5);
	pdflex_next(&lx, &t, &sb);
	assert_true(t.type == PT_NUM && t.num == 3);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_ARRAY_CLOSE);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_DICT_OPEN);
	pdflex_next(&lx, &t, &sb);
	pdflex_next(&lx, &t, &sb);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_DICT_CLOSE);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_OP);
	assert_string_equal(sb.p + t.off, "Tj");
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_EOF);
	assert_int_equal(lx.error, 0);
	buf_free(&sb);
}

static void
test_lexer_flags_an_unterminated_string(void **state)
{
	static const char src[] = "(abc";
	pdflex lx;
	pdftok t;
	buf sb = BUF_INIT;

	pdflex_init(&lx, (const unsigned char *)src, sizeof(src) - 1);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_STRING);
	assert_int_equal(lx.error, 1);
	pdflex_next(&lx, &t, &sb);
	assert_int_equal(t.type, PT_EOF);
	buf_free(&sb);
}

static void
test_sample_newsletter_preflights(void **state)
{
	diag d;

	diag_init(&d, NULL);
	assert_true(preflight_pdf("samples/2026-12.pdf", NULL, &d) >= 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clean_cmyk_page_with_boxes_and_embedded_font_has_no_problems),
		cmocka_unit_test(test_missing_trimbox_is_reported_alone),
		cmocka_unit_test(test_boxes_inherited_from_the_page_tree_count),
		cmocka_unit_test(test_trimbox_outside_bleedbox_is_reported),
		cmocka_unit_test(test_font_not_embedded_is_reported_once_per_font),
		cmocka_unit_test(test_two_fonts_not_embedded_on_a_page_are_both_named),
		cmocka_unit_test(test_type0_font_is_checked_through_its_descendant),
		cmocka_unit_test(test_rgb_fill_colour_is_reported),
		cmocka_unit_test(test_iccbased_rgb_colour_space_is_reported),
		cmocka_unit_test(test_rgb_image_is_reported),
		cmocka_unit_test(test_line_of_0_1_pt_is_reported_and_0_25_pt_is_not),
		cmocka_unit_test(test_thin_line_scaled_up_by_cm_is_not_reported),
		cmocka_unit_test(test_zero_width_line_is_always_a_hairline),
		cmocka_unit_test(test_thin_width_only_counts_when_a_path_is_stroked),
		cmocka_unit_test(test_text_2mm_from_trim_is_reported_and_4mm_is_not),
		cmocka_unit_test(test_text_end_comes_from_the_font_widths),
		cmocka_unit_test(test_cid_text_end_comes_from_the_w_array),
		cmocka_unit_test(test_text_position_follows_td_tm_and_the_ctm),
		cmocka_unit_test(test_text_outside_the_trim_box_is_reported),
		cmocka_unit_test(test_invisible_text_is_not_checked),
		cmocka_unit_test(test_image_300px_at_2_inches_is_reported_and_at_1_inch_is_not),
		cmocka_unit_test(test_form_content_is_checked_with_its_matrix),
		cmocka_unit_test(test_form_drawing_itself_does_not_hang),
		cmocka_unit_test(test_annotations_are_reported),
		cmocka_unit_test(test_javascript_is_reported),
		cmocka_unit_test(test_inline_image_data_is_skipped),
		cmocka_unit_test(test_unknown_font_name_is_reported),
		cmocka_unit_test(test_malformed_content_is_reported),
		cmocka_unit_test(test_damaged_file_that_needs_repair_is_reported),
		cmocka_unit_test(test_unreadable_file_returns_minus_one_with_an_error),
		cmocka_unit_test(test_same_problem_on_every_page_is_one_line),
		cmocka_unit_test(test_different_problems_on_many_pages_are_capped),
		cmocka_unit_test(test_problems_on_one_page_count_once_with_the_worst_named),
		cmocka_unit_test(test_options_change_the_thresholds),
		cmocka_unit_test(test_lexer_decodes_strings_names_and_skips_comments),
		cmocka_unit_test(test_lexer_flags_an_unterminated_string),
		cmocka_unit_test(test_sample_newsletter_preflights),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
