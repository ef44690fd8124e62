/* test_pdfimage: images through pdfw pass qpdf --check, have the colour spaces pdfimages lists and render in their own colours. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "render/pdfimage.h"
#include "render/pdfw.h"
#include "util/mem.h"

#include "testimage.h"
#include "testmem.h"
#include "testpdf.h"


#define SIDE	8	/* the test images: SIDE x SIDE, top half one colour, bottom half another */
#define PAGE	144	/* points: the page the image fills, 40 pixels a side at 20 dpi */

static char tmpdir[1024];

static int
setup(void **state)
{
	testpdf_dir("test_pdfimage", tmpdir, sizeof(tmpdir));
	return 0;
}

static const char *
tmp(const char *name, char *path, size_t len)
{
	snprintf(path, len, "%s/%s", tmpdir, name);
	return path;
}

/*
 * A one-page file through sink: the page draws the image over all of
 * it and names it before it is written. 0, or -1 with pdfimage_write's
 * reason in err.
 */
static int
write_pdf(pdfw_sink sink, void *ctx, const char *img, int print, char *err, size_t errlen)
{
	pdfw *w = pdfw_new(sink, ctx);
	int catalog = pdfw_alloc(w), pages = pdfw_alloc(w), page = pdfw_alloc(w);
	int contents = pdfw_alloc(w), image = pdfw_alloc(w), rc;
	buf content = BUF_INIT, *b;

	buf_printf(&content, "q %d 0 0 %d 0 0 cm /Im1 Do Q\n", PAGE, PAGE);
	pdfw_stream(w, contents, NULL, content.p, content.len, PDFW_RAW);
	buf_free(&content);
	pdfw_begin(w, page);
	b = pdfw_buf(w);
	buf_puts(b, "<< /Type /Page /Parent ");
	pdfw_put_ref(b, pages);
	buf_printf(b, " /MediaBox [0 0 %d %d] /Resources << /XObject << /Im1 ", PAGE, PAGE);
	pdfw_put_ref(b, image);
	buf_puts(b, " >> >> /Contents ");
	pdfw_put_ref(b, contents);
	buf_puts(b, " >>");
	pdfw_end(w);
	if ((rc = pdfimage_write(w, image, img, print, err, errlen)) == 0) {
		testpdf_catalog(w, catalog, pages, &page, 1);
		assert_int_equal(pdfw_finish(w, catalog, 0), 0);
	}
	pdfw_free(w);
	return rc;
}

/* The image at img in a PDF at pdf (its bytes in out), which qpdf --check passes. */
static void
image_pdf(const char *img, int print, const char *pdf, buf *out)
{
	char err[256] = "";
	buf q = BUF_INIT;
	FILE *f;

	buf_clear(out);
	if (write_pdf(pdfw_sink_buf, out, img, print, err, sizeof(err)) != 0)
		fail_msg("%s: %s", img, err);
	assert_non_null(f = fopen(pdf, "wb"));
	assert_int_equal(fwrite(out->p, 1, out->len, f), out->len);
	assert_int_equal(fclose(f), 0);
	if (testpdf_run(&q, "qpdf --check '%s' 2>&1", pdf) != 0)
		fail_msg("qpdf --check %s:\n%s", pdf, buf_str(&q));
	buf_free(&q);
}

/* The bytes of b hold s (a PDF's binary streams may hold NULs). */
static int
holds(const buf *b, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i + n <= b->len; i++)
		if (memcmp(b->p + i, s, n) == 0)
			return 1;
	return 0;
}

/* pdfimages -list as "type WxH colour bpc encoding;" a row. */
static void
list_images(const char *pdf, buf *out)
{
	assert_int_equal(testpdf_run(out, "pdfimages -list '%s' | "
	    "awk 'NR > 2 { printf \"%%s %%sx%%s %%s %%s %%s;\", $3, $4, $5, $6, $8, $9 }'",
	    pdf), 0);
}

/* The page rendered at 20 dpi: *n pixels a side, RGB, top row first; mem_free it. */
static unsigned char *
render(const char *pdf, int *n)
{
	char ppm[1200];
	unsigned char *px;
	buf o = BUF_INIT;
	int w, h, max;
	FILE *f;

	snprintf(ppm, sizeof(ppm), "%s.ppm", pdf);
	assert_int_equal(testpdf_run(&o, "pdftoppm -r 20 -singlefile '%s' '%s' 2>&1", pdf, pdf), 0);
	buf_free(&o);
	assert_non_null(f = fopen(ppm, "rb"));
	assert_int_equal(fscanf(f, "P6 %d %d %d", &w, &h, &max), 3);
	assert_int_equal(fgetc(f), '\n');
	assert_int_equal(w, h);
	assert_int_equal(max, 255);
	px = mem_alloc((size_t)w * (size_t)h * 3);
	assert_int_equal(fread(px, 1, (size_t)w * (size_t)h * 3, f), (size_t)w * (size_t)h * 3);
	fclose(f);
	*n = w;
	return px;
}

/*
 * The colours a test image has, as rendered: ranges wide enough for
 * poppler's CMYK (pure cyan and magenta, our blue, renders 46 49 145),
 * narrow enough that inverted ink or lost transparency falls outside.
 */
enum colour { BLACK, GREY64, GREY200, WHITE, RED, GREEN, BLUE };

static const struct {
	const char *name;
	unsigned char lo[3], hi[3];
} colours[] = {
	[BLACK] = {"black", {0, 0, 0}, {60, 60, 60}},
	[GREY64] = {"grey 64", {40, 40, 40}, {90, 90, 90}},
	[GREY200] = {"grey 200", {180, 180, 180}, {220, 220, 220}},
	[WHITE] = {"white", {240, 240, 240}, {255, 255, 255}},
	[RED] = {"red", {180, 0, 0}, {255, 80, 80}},
	[GREEN] = {"green", {0, 120, 0}, {100, 255, 120}},
	[BLUE] = {"blue", {0, 0, 120}, {100, 100, 255}},
};

static void
assert_colour(const unsigned char *px, int n, int x, int y, enum colour want,
    const char *pdf)
{
	const unsigned char *p = px + ((size_t)y * (size_t)n + (size_t)x) * 3;

	for (int i = 0; i < 3; i++)
		if (p[i] < colours[want].lo[i] || p[i] > colours[want].hi[i])
			fail_msg("%s at %d,%d: %d %d %d, not %s", pdf, x, y,
			    p[0], p[1], p[2], colours[want].name);
}

static const unsigned char black[] = {0}, grey64[] = {64}, grey200[] = {200};
static const unsigned char red[] = {255, 0, 0}, blue[] = {0, 0, 255};
static const unsigned char red16[] = {0xff, 0xff, 0, 0, 0, 0}, blue16[] = {0, 0, 0, 0, 0xff, 0xff};
static const unsigned char red_ink[] = {0, 255, 255, 0}, red_ink_inverted[] = {255, 0, 0, 255};
static const unsigned char opaque_red[] = {255, 0, 0, 255}, clear_blue[] = {0, 0, 255, 0};
static const unsigned char first[] = {0}, second[] = {1};
static const png_color palette[] = {{255, 0, 0}, {0, 255, 0}};

/*
 * Each source image, SIDE pixels a side: a JPEG all of pixel top_px, or
 * a PNG with top_px in its top half and bottom_px below; what pdfimages
 * lists in print and office PDFs; the colours it renders in.
 */
static const struct image_case {
	const char *name;
	int depth;		/* PNG: 8 or 16 bits; 0: a JPEG */
	int type;		/* PNG colour type, or JPEG components */
	int adobe;		/* JPEG: the APP14 marker (Adobe CMYK is stored inverted) */
	const unsigned char *top_px, *bottom_px, *trns;
	const char *print, *office;
	enum colour top, bottom;	/* as rendered on white paper */
} cases[] = {
	{"grey.jpg", 0, 1, 0, grey64, NULL, NULL,
	    "image 8x8 gray 8 jpeg;", "image 8x8 gray 8 jpeg;", GREY64, GREY64},
	{"rgb.jpg", 0, 3, 0, red, NULL, NULL,
	    "image 8x8 cmyk 8 image;", "image 8x8 rgb 8 jpeg;", RED, RED},
	{"adobe-cmyk.jpg", 0, 4, 1, red_ink_inverted, NULL, NULL,
	    "image 8x8 cmyk 8 jpeg;", "image 8x8 cmyk 8 jpeg;", RED, RED},
	{"plain-cmyk.jpg", 0, 4, 0, red_ink, NULL, NULL,
	    "image 8x8 cmyk 8 jpeg;", "image 8x8 cmyk 8 jpeg;", RED, RED},
	{"grey.png", 8, PNG_COLOR_TYPE_GRAY, 0, black, grey200, NULL,
	    "image 8x8 gray 8 image;", "image 8x8 gray 8 image;", BLACK, GREY200},
	/* grey 200 is transparent */
	{"grey-trns.png", 8, PNG_COLOR_TYPE_GRAY, 0, black, grey200, grey200,
	    "image 8x8 gray 8 image;", "image 8x8 gray 8 image;smask 8x8 gray 8 image;",
	    BLACK, WHITE},
	{"rgb.png", 8, PNG_COLOR_TYPE_RGB, 0, red, blue, NULL,
	    "image 8x8 cmyk 8 image;", "image 8x8 rgb 8 image;", RED, BLUE},
	{"palette.png", 8, PNG_COLOR_TYPE_PALETTE, 0, first, second, NULL,
	    "image 8x8 cmyk 8 image;", "image 8x8 rgb 8 image;", RED, GREEN},
	/* blue would show if the alpha were lost */
	{"rgba.png", 8, PNG_COLOR_TYPE_RGB_ALPHA, 0, opaque_red, clear_blue, NULL,
	    "image 8x8 cmyk 8 image;", "image 8x8 rgb 8 image;smask 8x8 gray 8 image;",
	    RED, WHITE},
	{"rgb16.png", 16, PNG_COLOR_TYPE_RGB, 0, red16, blue16, NULL,
	    "image 8x8 cmyk 8 image;", "image 8x8 rgb 8 image;", RED, BLUE},
};

static void
make_image(const struct image_case *c, const char *path)
{
	unsigned char px[SIDE * SIDE * 8];
	size_t n;

	if (c->depth == 0) {
		testimage_jpeg(path, SIDE, SIDE, c->type, c->adobe, c->top_px);
		return;
	}
	n = (size_t)(c->type == PNG_COLOR_TYPE_RGB_ALPHA ? 4 : c->type == PNG_COLOR_TYPE_RGB ?
	    3 : 1) * (size_t)c->depth / 8;
	for (size_t i = 0; i < SIDE * SIDE; i++)
		memcpy(px + i * n, i < SIDE * SIDE / 2 ? c->top_px : c->bottom_px, n);
	testimage_png(path, SIDE, SIDE, c->depth, c->type, PNG_INTERLACE_NONE, px,
	    c->type == PNG_COLOR_TYPE_PALETTE ? palette : NULL, 2, c->trns, 1);
}

static void
check_case(const struct image_case *c, int print)
{
	char img[1200], pdf[1300];
	buf bytes = BUF_INIT, list = BUF_INIT;
	unsigned char *px;
	int n;

	tmp(c->name, img, sizeof(img));
	snprintf(pdf, sizeof(pdf), "%s.%s.pdf", img, print ? "print" : "office");
	make_image(c, img);
	image_pdf(img, print, pdf, &bytes);
	list_images(pdf, &list);
	if (strcmp(buf_str(&list), print ? c->print : c->office) != 0)
		fail_msg("%s: pdfimages lists '%s', not '%s'", pdf, buf_str(&list),
		    print ? c->print : c->office);
	if (print)
		assert_false(holds(&bytes, "/DeviceRGB"));
	px = render(pdf, &n);
	assert_int_equal(n, PAGE * 20 / 72);
	assert_colour(px, n, n / 2, n / 4, c->top, pdf);
	assert_colour(px, n, n / 2, n * 3 / 4, c->bottom, pdf);
	mem_free(px);
	buf_free(&list);
	buf_free(&bytes);
}

static void
test_each_image_in_a_print_pdf_is_grey_or_cmyk_and_keeps_its_colours(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i], 1);
}

static void
test_each_image_in_an_office_pdf_keeps_its_colour_space_and_alpha(void **state)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_case(&cases[i], 0);
}

static void
test_cmyk_jpegs_have_decode_only_with_the_adobe_marker(void **state)
{
	char img[1200], pdf[1300];
	buf bytes = BUF_INIT;

	for (int print = 0; print <= 1; print++) {
		testimage_jpeg(tmp("adobe.jpg", img, sizeof(img)), SIDE, SIDE, 4, 1, red_ink);
		tmp("adobe.pdf", pdf, sizeof(pdf));
		image_pdf(img, print, pdf, &bytes);
		assert_true(holds(&bytes, "/Filter /DCTDecode /Decode [1 0 1 0 1 0 1 0]"));
		testimage_jpeg(tmp("plain.jpg", img, sizeof(img)), SIDE, SIDE, 4, 0, red_ink);
		tmp("plain.pdf", pdf, sizeof(pdf));
		image_pdf(img, print, pdf, &bytes);
		assert_true(holds(&bytes, "/Filter /DCTDecode"));
		assert_false(holds(&bytes, "/Decode"));
	}
	buf_free(&bytes);
}

static void
test_bad_files_fail_with_a_reason_and_write_nothing(void **state)
{
	static const char *const want[] = {"not a PNG or JPEG file", NULL, NULL, "empty file",
	    "No such file"};
	char path[5][1200], err[256];
	unsigned char px[32 * 32 * 3];
	buf out = BUF_INIT;
	struct stat sb;
	pdfw *w;
	FILE *f;

	tmp("text.png", path[0], sizeof(path[0]));
	assert_non_null(f = fopen(path[0], "wb"));
	fputs("a letter, not a picture\n", f);
	fclose(f);
	/* a PNG and a JPEG cut in half */
	for (size_t i = 0; i < sizeof(px); i++)
		px[i] = (unsigned char)(i * 7 + i / 96);
	testimage_png(tmp("whole.png", path[1], sizeof(path[1])), 32, 32, 8, PNG_COLOR_TYPE_RGB,
	    PNG_INTERLACE_NONE, px, NULL, 0, NULL, 0);
	testimage_jpeg(tmp("whole.jpg", path[2], sizeof(path[2])), 64, 64, 3, 0, NULL);
	for (int i = 1; i <= 2; i++) {
		assert_int_equal(stat(path[i], &sb), 0);
		assert_int_equal(truncate(path[i], sb.st_size / 2), 0);
	}
	assert_non_null(f = fopen(tmp("empty.jpg", path[3], sizeof(path[3])), "wb"));
	fclose(f);
	tmp("missing.png", path[4], sizeof(path[4]));
	for (int i = 0; i < 5; i++) {
		for (int print = 0; print <= 1; print++) {
			uint64_t before;
			int num;

			buf_clear(&out);
			w = pdfw_new(pdfw_sink_buf, &out);
			num = pdfw_alloc(w);
			before = pdfw_offset(w);
			err[0] = '\0';
			assert_int_equal(pdfimage_write(w, num, path[i], print, err, sizeof(err)), -1);
			assert_true(strlen(err) > 0);
			assert_null(strchr(err, '\n'));
			if (want[i] && strstr(err, want[i]) == NULL)
				fail_msg("%s: '%s' does not say '%s'", path[i], err, want[i]);
			assert_true(pdfw_offset(w) == before);
			assert_false(pdfw_failed(w));
			pdfw_free(w);
		}
	}
	buf_free(&out);
}

/*
 * A sink to a file that notes the heap in use as bytes are handed over:
 * the most, and the last (the trailer, written after the image).
 */
struct heap_sink {
	FILE *f;
	size_t peak, last;
};

static int
heap_sink(void *ctx, const void *p, size_t n)
{
	struct heap_sink *s = ctx;

	s->last = LIVE_BYTES();
	if (s->last > s->peak)
		s->peak = s->last;
	return fwrite(p, 1, n, s->f) == n ? 0 : -1;
}

/*
 * The heap in use, over what it was before, at its most while the file
 * of img was written (*peak) and once the image was written (*after);
 * and what the file holds.
 */
static void
measure(const char *img, int print, const char *name, size_t *peak, size_t *after, buf *list)
{
	struct heap_sink s = {NULL, 0, 0};
	char pdf[1200], err[256];
	size_t before;

	tmp(name, pdf, sizeof(pdf));
	assert_non_null(s.f = fopen(pdf, "wb"));
	before = LIVE_BYTES();
	assert_int_equal(write_pdf(heap_sink, &s, img, print, err, sizeof(err)), 0);
	*after = s.last - before;
	*peak = s.peak - before;
	assert_int_equal(fclose(s.f), 0);
	assert_int_equal(testpdf_run(list, "qpdf --check '%s' >/dev/null 2>&1", pdf), 0);
	list_images(pdf, list);
}

static void
test_big_images_take_one_copy_of_their_bytes_at_most(void **state)
{
	enum { W = 1600, H = 1200, JW = 3000, JH = 2500 };
	const size_t slack = 2 << 20;	/* the writer's offsets and block, libdeflate's state */
	size_t peak, after, pixels = (size_t)W * H, i;
	char img[1200];
	buf list = BUF_INIT;
	unsigned char *px;
	unsigned long seed = 7;
	struct stat sb;

	/* a JPEG of noise goes in as it is: its bytes once, nothing more */
	testimage_jpeg(tmp("big.jpg", img, sizeof(img)), JW, JH, 3, 0, NULL);
	assert_int_equal(stat(img, &sb), 0);
	assert_true((size_t)sb.st_size > 2 * slack);
	measure(img, 0, "big-jpeg.pdf", &peak, &after, &list);
	assert_string_equal(buf_str(&list), "image 3000x2500 rgb 8 jpeg;");
	if (peak > (size_t)sb.st_size + slack || after > slack)
		fail_msg("a %lld-byte JPEG: %zu bytes at the peak, %zu after",
		    (long long)sb.st_size, peak, after);

	/* an RGBA PNG of noise: its pixels decoded and compressed, then freed */
	px = mem_alloc(pixels * 4);
	for (i = 0; i < pixels * 4; i++) {
		seed = seed * 1103515245 + 12345;
		px[i] = (unsigned char)(seed >> 16);
	}
	testimage_png(tmp("big.png", img, sizeof(img)), W, H, 8, PNG_COLOR_TYPE_RGB_ALPHA,
	    PNG_INTERLACE_NONE, px, NULL, 0, NULL, 0);
	mem_free(px);
	for (int print = 0; print <= 1; print++) {
		measure(img, print, print ? "big-png-print.pdf" : "big-png-office.pdf", &peak,
		    &after, &list);
		assert_string_equal(buf_str(&list), print ? "image 1600x1200 cmyk 8 image;" :
		    "image 1600x1200 rgb 8 image;smask 1600x1200 gray 8 image;");
		/* 4 bytes a pixel (CMYK, or RGB and alpha) and their compressed copy */
		if (peak > 2 * 4 * pixels + slack || after > slack)
			fail_msg("%s: %zu pixels: %zu bytes at the peak, %zu after",
			    print ? "print" : "office", pixels, peak, after);
	}
	buf_free(&list);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_image_in_a_print_pdf_is_grey_or_cmyk_and_keeps_its_colours),
		cmocka_unit_test(test_each_image_in_an_office_pdf_keeps_its_colour_space_and_alpha),
		cmocka_unit_test(test_cmyk_jpegs_have_decode_only_with_the_adobe_marker),
		cmocka_unit_test(test_bad_files_fail_with_a_reason_and_write_nothing),
		cmocka_unit_test(test_big_images_take_one_copy_of_their_bytes_at_most),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
