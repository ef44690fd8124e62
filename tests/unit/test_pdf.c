/* test_pdf: the PDF device, checked with the tools a print shop would use. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <png.h>

#include "render/pdf.h"
#include "util/buf.h"
#include "util/mem.h"

#define JP_TEXT		"ハーベスト通信 12月号"
#define LATIN_TEXT	"Thank you, Ms. Smith"
#define QR_URL		"https://example.jp/r/abc123"
#define TRIM_W		419.53
#define TRIM_H		595.28
#define BLEED		8.50

static const char *fonts[] = {"fonts/ipaexm.ttf", "fonts/NotoSerif-Regular.ttf"};

static char tmpdir[1024];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_pdf", t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	mkdir(tmpdir, 0777);
	return 0;
}

/* Display lists are filled by hand so that only the device is under test. */
static dl_item *
item(dl_page *pg, enum dl_kind kind, double x, double y)
{
	dl_item *it;

	pg->items = mem_realloc(pg->items, (pg->n + 1) * sizeof(*it));
	it = &pg->items[pg->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->x = x;
	it->y = y;
	it->color = DL_BLACK;
	return it;
}

static void
text(dl_page *pg, double x, double y, int font, double size, const char *s)
{
	dl_item *it = item(pg, DL_TEXT, x, y);

	it->font = font;
	it->size = size;
	it->str = s;
	it->len = strlen(s);
}

static dl_copy *
copy_new(size_t npages)
{
	dl_copy *c = mem_calloc(1, sizeof(*c));

	c->width = TRIM_W;
	c->height = TRIM_H;
	c->pages = mem_calloc(npages, sizeof(*c->pages));
	c->npages = c->cap = npages;
	return c;
}

static void
copy_free(dl_copy *c)
{
	for (size_t i = 0; i < c->npages; i++)
		mem_free(c->pages[i].items);
	mem_free(c->pages);
	mem_free(c);
}

/* The two-page sample copy. */
static dl_copy *
sample(void)
{
	dl_copy *c = copy_new(2);
	dl_item *it;

	text(&c->pages[0], 40, 540, 0, 18, JP_TEXT);
	text(&c->pages[0], 40, 510, 1, 12, LATIN_TEXT);
	text(&c->pages[0], 40, 490, 1, 12, "second line, same font");
	it = item(&c->pages[0], DL_LINE, 40, 480);
	it->w = 300;
	it->size = 0.5;
	it->color = (dl_color){0, 0.6, 1, 0};
	it = item(&c->pages[0], DL_RECT, 40, 300);
	it->w = 200;
	it->h = 100;
	it->fill = 1;
	it->color = (dl_color){0.1, 0, 0, 0.1};
	it = item(&c->pages[0], DL_RECT, 40, 300);
	it->w = 200;
	it->h = 100;
	it->size = 1;
	text(&c->pages[1], 40, 540, 1, 12, "Scan me:");
	it = item(&c->pages[1], DL_QR, 100, 300);
	it->w = 144;
	it->str = QR_URL;
	it->len = strlen(QR_URL);
	return c;
}

static void
build(buf *out)
{
	pdf_opts o = {"ハーベスト通信 12月号", "tayori test", 1796083200LL, BLEED};
	dl_copy *c = sample();
	pdf_doc *p;
	diag d;

	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_page_count(p), 2);
	assert_int_equal(pdf_save(p, out), 0);
	assert_false(diag_failed(&d));
	pdf_free(p);
	copy_free(c);
}

static void
save(const char *name, const buf *b, char *path, size_t pathlen)
{
	FILE *f;

	snprintf(path, pathlen, "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

/* Run a shell command; its stdout (and whatever it redirects) into out. */
static int
run(buf *out, const char *fmt, ...)
{
	char cmd[4096], chunk[4096];
	va_list ap;
	FILE *f;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf_clear(out);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void
test_sample_copy_text_extracts_without_cmap_warnings(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	build(&pdf);
	save("sample.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&o, "pdftotext '%s' - 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), JP_TEXT));
	assert_non_null(strstr(buf_str(&o), LATIN_TEXT));
	assert_null(strstr(buf_str(&o), "CMap"));
	assert_null(strstr(buf_str(&o), "Syntax"));
	buf_free(&o);
	buf_free(&pdf);
}

static void
test_every_font_is_embedded_with_a_tounicode_map(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200], *line, *save_p = NULL;
	int nfonts = 0, lineno = 0;

	build(&pdf);
	save("fonts.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&o, "pdffonts '%s' 2>&1", path), 0);
	for (line = strtok_r(o.p, "\n", &save_p); line;
	    line = strtok_r(NULL, "\n", &save_p)) {
		char *tok[32], *sp = NULL;
		int n = 0;

		if (lineno++ < 2)	/* the header and the dashes */
			continue;
		for (char *t = strtok_r(line, " ", &sp); t && n < 32;
		    t = strtok_r(NULL, " ", &sp))
			tok[n++] = t;
		assert_true(n >= 7);
		/* ... emb sub uni object generation */
		assert_string_equal(tok[n - 5], "yes");
		assert_string_equal(tok[n - 3], "yes");
		nfonts++;
	}
	assert_int_equal(nfonts, 2);
	buf_free(&o);
	buf_free(&pdf);
}

static void
test_qpdf_check_passes_and_no_libharu_cmap_is_left(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200], qdf[1300];

	build(&pdf);
	save("check.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&o, "qpdf --check '%s' 2>&1", path), 0);
	/* Uncompressed, the file has our CMaps and none of libharu's. */
	snprintf(qdf, sizeof(qdf), "%s/check-qdf.pdf", tmpdir);
	assert_int_equal(run(&o, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1",
	    path, qdf), 0);
	assert_int_equal(run(&o, "grep -ac begincidrange '%s'", qdf), 1);
	assert_string_equal(buf_str(&o), "0\n");
	assert_int_equal(run(&o, "grep -ac 'beginbf' '%s'", qdf), 0);
	assert_int_equal(run(&o, "grep -ac '/Adobe-Identity-UCS' '%s'", qdf), 0);
	assert_string_equal(buf_str(&o), "2\n");
	buf_free(&o);
	buf_free(&pdf);
}

static void
test_qr_code_decodes_to_the_url(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	build(&pdf);
	save("qr.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&o, "pdftoppm -r 150 -f 2 -l 2 -singlefile -png '%s' '%s/qr' 2>&1",
	    path, tmpdir), 0);
	assert_int_equal(run(&o, "zbarimg --raw -q '%s/qr.png'", tmpdir), 0);
	assert_string_equal(buf_str(&o), QR_URL "\n");
	buf_free(&o);
	buf_free(&pdf);
}

static void
test_trim_box_is_inside_a_media_box_grown_by_the_bleed(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];
	const char *s;
	double l, b, r, t;

	build(&pdf);
	save("box.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&o, "pdfinfo -box '%s' 2>&1", path), 0);
	assert_non_null(s = strstr(buf_str(&o), "TrimBox:"));
	assert_int_equal(sscanf(s, "TrimBox: %lf %lf %lf %lf", &l, &b, &r, &t), 4);
	assert_float_equal(l, BLEED, 0.01);
	assert_float_equal(b, BLEED, 0.01);
	assert_float_equal(r, BLEED + TRIM_W, 0.01);
	assert_float_equal(t, BLEED + TRIM_H, 0.01);
	assert_non_null(s = strstr(buf_str(&o), "BleedBox:"));
	assert_int_equal(sscanf(s, "BleedBox: %lf %lf %lf %lf", &l, &b, &r, &t), 4);
	assert_float_equal(l, 0, 0.01);
	assert_float_equal(r, TRIM_W + 2 * BLEED, 0.01);
	assert_float_equal(t, TRIM_H + 2 * BLEED, 0.01);
	assert_non_null(s = strstr(buf_str(&o), "MediaBox:"));
	assert_int_equal(sscanf(s, "MediaBox: %lf %lf %lf %lf", &l, &b, &r, &t), 4);
	assert_float_equal(r, TRIM_W + 2 * BLEED, 0.01);
	assert_float_equal(t, TRIM_H + 2 * BLEED, 0.01);
	assert_non_null(s = strstr(buf_str(&o), "Title:"));
	assert_true(strncmp(s + strspn(s + 6, " ") + 6, "ハーベスト通信 12月号\n",
	    strlen("ハーベスト通信 12月号\n")) == 0);
	assert_non_null(s = strstr(buf_str(&o), "Creator:"));
	assert_true(strncmp(s + strspn(s + 8, " ") + 8, "tayori test\n", 12) == 0);
	assert_int_equal(run(&o, "pdfinfo -rawdates '%s' 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "D:20261201000000Z"));
	buf_free(&o);
	buf_free(&pdf);
}

static void
test_same_input_gives_byte_identical_files(void **state)
{
	buf a = BUF_INIT, b = BUF_INIT;

	build(&a);
	build(&b);
	assert_true(a.len > 1000);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_free(&a);
	buf_free(&b);
}

static void
test_unknown_font_index_is_a_pdf_error(void **state)
{
	pdf_opts o = {NULL, "tayori test", 0, 0};
	dl_copy *c = copy_new(1);
	buf out = BUF_INIT;
	pdf_doc *p;
	diag d;

	diag_init(&d, NULL);
	text(&c->pages[0], 10, 10, 2, 12, "x");
	p = pdf_new(fonts, 2, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), -1);
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "PDF: font index 2 out of range"));
	assert_int_equal(pdf_save(p, &out), -1);
	assert_int_equal(out.len, 0);
	pdf_free(p);
	copy_free(c);
}

static void
test_missing_font_file_is_reported_not_crashed(void **state)
{
	const char *bad[] = {"fonts/no-such-font.ttf"};
	pdf_opts o = {NULL, "tayori test", 0, 0};
	dl_copy *c = copy_new(1);
	pdf_doc *p;
	diag d;

	diag_init(&d, NULL);
	text(&c->pages[0], 10, 10, 0, 12, "x");
	p = pdf_new(bad, 1, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), -1);
	assert_non_null(strstr(d.last, "loading font fonts/no-such-font.ttf"));
	pdf_free(p);
	copy_free(c);
}

static void
test_invalid_image_is_refused_before_libharu_sees_it(void **state)
{
	pdf_opts o = {NULL, "tayori test", 0, 0};
	dl_copy *c = copy_new(1);
	char path[1200];
	dl_item *it;
	pdf_doc *p;
	FILE *f;
	diag d;

	snprintf(path, sizeof(path), "%s/fake.png", tmpdir);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs("\x89PNG\r\n\x1a\nnot really", f);
	fclose(f);
	it = item(&c->pages[0], DL_IMAGE, 10, 10);
	it->w = it->h = 50;
	it->str = path;
	it->len = strlen(path);
	diag_init(&d, NULL);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), -1);
	assert_non_null(strstr(d.last, "image '"));
	assert_non_null(strstr(d.last, "fake.png"));
	pdf_free(p);
	copy_free(c);
}

static void
write_png(const char *path, int w, int h)
{
	FILE *f = fopen(path, "wb");
	png_structp png;
	png_infop info;
	unsigned char *row = mem_alloc((size_t)w);

	assert_non_null(f);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++)
			row[x] = (unsigned char)(x ^ y);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	mem_free(row);
}

static void
test_image_used_on_two_pages_is_embedded_once(void **state)
{
	pdf_opts o = {NULL, "tayori test", 0, BLEED};
	dl_copy *c = copy_new(2);
	buf pdf = BUF_INIT, out = BUF_INIT;
	char img[1200], path[1200], qdf[1300];
	dl_item *it;
	pdf_doc *p;
	diag d;

	snprintf(img, sizeof(img), "%s/logo.png", tmpdir);
	write_png(img, 64, 32);
	for (int i = 0; i < 2; i++) {
		it = item(&c->pages[i], DL_IMAGE, 20, 20);
		it->w = 128;
		it->h = 64;
		it->str = img;
		it->len = strlen(img);
	}
	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	save("image.pdf", &pdf, path, sizeof(path));
	assert_int_equal(run(&out, "qpdf --check '%s' 2>&1", path), 0);
	snprintf(qdf, sizeof(qdf), "%s/image-qdf.pdf", tmpdir);
	assert_int_equal(run(&out, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1",
	    path, qdf), 0);
	assert_int_equal(run(&out, "grep -ac '/Subtype /Image' '%s'", qdf), 0);
	assert_string_equal(buf_str(&out), "1\n");
	/* No font was used, so none is embedded. */
	assert_int_equal(run(&out, "grep -ac '/FontFile2' '%s'", qdf), 1);
	buf_free(&out);
	buf_free(&pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_copy_text_extracts_without_cmap_warnings),
		cmocka_unit_test(test_every_font_is_embedded_with_a_tounicode_map),
		cmocka_unit_test(test_qpdf_check_passes_and_no_libharu_cmap_is_left),
		cmocka_unit_test(test_qr_code_decodes_to_the_url),
		cmocka_unit_test(test_trim_box_is_inside_a_media_box_grown_by_the_bleed),
		cmocka_unit_test(test_same_input_gives_byte_identical_files),
		cmocka_unit_test(test_unknown_font_index_is_a_pdf_error),
		cmocka_unit_test(test_missing_font_file_is_reported_not_crashed),
		cmocka_unit_test(test_invalid_image_is_refused_before_libharu_sees_it),
		cmocka_unit_test(test_image_used_on_two_pages_is_embedded_once),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
