/* test_pdf: the PDF device, checked with the tools a print shop would use. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>


#include "preflight/preflight.h"
#include "render/pdf.h"
#include "util/buf.h"
#include "util/mem.h"

#include "testimage.h"
#include "testpdf.h"

#define JP_TEXT		"ハーベスト通信 12月号"
#define LATIN_TEXT	"Thank you, Ms. Smith"
#define QR_URL		"https://example.jp/r/abc123"
#define TRIM_W		419.53
#define TRIM_H		595.28
#define BLEED		8.50
#define MM		(72.0 / 25.4)
#define EPOCH		1796083200LL	/* 2026-12-01 00:00:00 UTC */

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
	if (c->ahead_free != NULL)
		c->ahead_free(c->ahead);
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
	it->color = DL_CMYK(0, 0.6, 1, 0);
	it = item(&c->pages[0], DL_RECT, 40, 300);
	it->w = 200;
	it->h = 100;
	it->fill = 1;
	it->color = DL_CMYK(0.1, 0, 0, 0.1);
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
	pdf_opts o = {.title = "ハーベスト通信 12月号", .creator = "tayori test",
	    .epoch = 1796083200LL, .bleed = BLEED};
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
test_sample_copy_text_extracts_without_cmap_warnings(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	build(&pdf);
	testpdf_save(tmpdir, "sample.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "pdftotext '%s' - 2>&1", path), 0);
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
	testpdf_save(tmpdir, "fonts.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "pdffonts '%s' 2>&1", path), 0);
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
test_qpdf_check_passes_and_each_font_has_one_tounicode_cmap(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200], qdf[1300];

	build(&pdf);
	testpdf_save(tmpdir, "check.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "qpdf --check '%s' 2>&1", path), 0);
	/* Uncompressed, the file has one ToUnicode CMap per font, of bf mappings. */
	snprintf(qdf, sizeof(qdf), "%s/check-qdf.pdf", tmpdir);
	assert_int_equal(testpdf_run(&o, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1",
	    path, qdf), 0);
	assert_int_equal(testpdf_run(&o, "grep -ac begincidrange '%s'", qdf), 1);
	assert_string_equal(buf_str(&o), "0\n");
	assert_int_equal(testpdf_run(&o, "grep -ac 'beginbf' '%s'", qdf), 0);
	assert_int_equal(testpdf_run(&o, "grep -ac '/Adobe-Identity-UCS' '%s'", qdf), 0);
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
	testpdf_save(tmpdir, "qr.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "pdftoppm -r 150 -f 2 -l 2 -singlefile -png '%s' '%s/qr' 2>&1",
	    path, tmpdir), 0);
	assert_int_equal(testpdf_run(&o, "zbarimg --raw -q '%s/qr.png'", tmpdir), 0);
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
	testpdf_save(tmpdir, "box.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "pdfinfo -box '%s' 2>&1", path), 0);
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
	assert_int_equal(testpdf_run(&o, "pdfinfo -rawdates '%s' 2>&1", path), 0);
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
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = 0, .bleed = 0};
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
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = 0, .bleed = 0};
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
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = 0, .bleed = 0};
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

/* A w x h grey PNG, pixel (x, y) = x ^ y. */
static void
write_png(const char *path, int w, int h)
{
	unsigned char *px = mem_alloc((size_t)w * (size_t)h);

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			px[(size_t)y * (size_t)w + (size_t)x] = (unsigned char)(x ^ y);
	testimage_png(path, w, h, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, px, NULL, 0,
	    NULL, 0);
	mem_free(px);
}

static void
test_image_used_on_two_pages_is_embedded_once(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = 0, .bleed = BLEED};
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
	testpdf_save(tmpdir, "image.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' 2>&1", path), 0);
	snprintf(qdf, sizeof(qdf), "%s/image-qdf.pdf", tmpdir);
	assert_int_equal(testpdf_run(&out, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1",
	    path, qdf), 0);
	assert_int_equal(testpdf_run(&out, "grep -ac '/Subtype /Image' '%s'", qdf), 0);
	assert_string_equal(buf_str(&out), "1\n");
	/* No font was used, so none is embedded. */
	assert_int_equal(testpdf_run(&out, "grep -ac '/FontFile2' '%s'", qdf), 1);
	buf_free(&out);
	buf_free(&pdf);
}


static const void *
find_bytes(const void *hay, size_t n, const void *needle, size_t k)
{
	const unsigned char *h = hay;

	for (size_t i = 0; k <= n && i <= n - k; i++)
		if (memcmp(h + i, needle, k) == 0)
			return h + i;
	return NULL;
}

/* s in a file's bytes, which may hold NULs. */
static const char *
qfind(const buf *b, const char *s)
{
	return b->p ? find_bytes(b->p, b->len, s, strlen(s)) : NULL;
}

/* How many times s occurs in b. */
static int
qcount(const buf *b, const char *s)
{
	const char *at = b->p;
	int n = 0;

	while (at && (at = find_bytes(at, b->len - (size_t)(at - b->p), s,
	    strlen(s))) != NULL) {
		n++;
		at += strlen(s);
	}
	return n;
}

/* Copy c (freed) with options o as a PDF in out. */
static void
write_copy(const pdf_opts *o, dl_copy *c, buf *out)
{
	pdf_doc *p;
	diag d;

	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_save(p, out), 0);
	assert_false(diag_failed(&d));
	pdf_free(p);
	copy_free(c);
}

/* The same, saved as tmpdir/name, its path in path. */
static void
save_copy(const pdf_opts *o, dl_copy *c, const char *name, buf *out, char *path,
    size_t pathlen)
{
	write_copy(o, c, out);
	testpdf_save(tmpdir, name, out, path, pathlen);
}

/* A print-shop document: the sample copy with these options. */
static void
build_with(const pdf_opts *o, buf *out)
{
	write_copy(o, sample(), out);
}

static pdf_opts
print_opts(void)
{
	pdf_opts o = {.title = "ハーベスト通信 12月号", .creator = "tayori test",
	    .epoch = EPOCH, .bleed = BLEED};

	o.marks = PDF_MARKS_CROP | PDF_MARKS_REGISTRATION;
	o.print = 1;
	return o;
}

/* One box of page 1 as pdfinfo -box reports it. */
static void
get_box(const char *path, const char *name, double v[4])
{
	buf o = BUF_INIT;
	char key[32];
	const char *s;

	assert_int_equal(testpdf_run(&o, "pdfinfo -box '%s' 2>&1", path), 0);
	snprintf(key, sizeof(key), "%s:", name);
	assert_non_null(s = strstr(buf_str(&o), key));
	s += strlen(key);
	assert_int_equal(sscanf(s, "%lf %lf %lf %lf", &v[0], &v[1], &v[2], &v[3]), 4);
	buf_free(&o);
}

/* The whole file as qpdf's QDF (streams uncompressed) into out. */
static void
qdf_of(const char *path, buf *out)
{
	char qdf[1300];
	FILE *f;
	char chunk[65536];
	size_t n;

	snprintf(qdf, sizeof(qdf), "%s.qdf", path);
	assert_int_equal(testpdf_run(out, "qpdf --qdf --object-streams=disable '%s' '%s' 2>&1",
	    path, qdf), 0);
	buf_clear(out);
	f = fopen(qdf, "rb");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	fclose(f);
}

/* The stream of object num in a QDF file, appended to out with a newline. */
static void
object_stream(const buf *qdf, long num, buf *out)
{
	char key[64];
	const char *s, *e;

	snprintf(key, sizeof(key), "\n%ld 0 obj\n", num);
	assert_non_null(s = find_bytes(qdf->p, qdf->len, key, strlen(key)));
	assert_non_null(s = find_bytes(s, qdf->len - (size_t)(s - qdf->p), "stream\n", 7));
	s += strlen("stream\n");
	assert_non_null(e = find_bytes(s, qdf->len - (size_t)(s - qdf->p), "endstream", 9));
	buf_put(out, s, (size_t)(e - s));
	buf_putc(out, '\n');
}

/*
 * Page n's content in a QDF file, NUL-terminated, in out: every stream
 * its /Contents names, in order (a page may share streams with others).
 */
static void
page_content(const buf *qdf, int n, buf *out)
{
	char key[64];
	const char *s, *end;
	long num;

	snprintf(key, sizeof(key), "%%%% Page %d\n", n);
	buf_clear(out);
	assert_non_null(s = find_bytes(qdf->p, qdf->len, key, strlen(key)));
	assert_non_null(end = find_bytes(s, qdf->len - (size_t)(s - qdf->p), "endobj", 6));
	assert_non_null(s = find_bytes(s, (size_t)(end - s), "/Contents", 9));
	s += strlen("/Contents");
	while (*s == ' ' || *s == '\n' || *s == '[')
		s++;
	/* "N 0 R", one or several (in [ ]) */
	while (s < end && sscanf(s, "%ld 0 R", &num) == 1) {
		object_stream(qdf, num, out);
		assert_non_null(s = strchr(s, 'R'));
		for (s++; *s == ' ' || *s == '\n'; s++)
			;
	}
	assert_true(out->len > 0);
}

/*
 * A small reader of content-stream operators: the stroke colour, the
 * points of each stroked path, and every operator seen.
 */
struct walk {
	double bleed[4];	/* l b r t */
	int reg_points;		/* path points stroked in 1 1 1 1 K */
	int reg_inside;		/* ... of them inside the BleedBox */
	int reg_paths;
	int rgb_ops;		/* rg, RG */
	int reg_width_ok;	/* every registration stroke was 0.25 wide */
	int saw_reg_stroke;
	double media[4];	/* when set: count registration points outside it */
	int reg_outside_media;
	double reg_min[2], reg_max[2];
};

static void
walk_content(const char *s, struct walk *w)
{
	double st[16], width = 1, pts[512][2];
	int n = 0, npts = 0, reg = 0;
	char tok[64];

	w->reg_width_ok = 1;
	while (*s) {
		size_t len;

		if (strchr(" \t\r\n", *s)) {
			s++;
			continue;
		}
		if (*s == '(' || *s == '<' || *s == '[') {
			/* strings and arrays: skip (no nesting in what we write) */
			char close = *s == '(' ? ')' : *s == '<' ? '>' : ']';

			while (*s && *s != close)
				s += *s == '\\' && s[1] ? 2 : 1;
			if (*s)
				s++;
			n = 0;
			continue;
		}
		len = strcspn(s, " \t\r\n([<");
		snprintf(tok, sizeof(tok), "%.*s", (int)(len < 63 ? len : 63), s);
		s += len;
		if (strchr("0123456789.-", tok[0])) {
			if (n < 16)
				st[n++] = atof(tok);
			continue;
		}
		if (strcmp(tok, "rg") == 0 || strcmp(tok, "RG") == 0)
			w->rgb_ops++;
		else if (strcmp(tok, "K") == 0 && n >= 4)
			reg = st[n - 4] == 1 && st[n - 3] == 1 && st[n - 2] == 1 &&
			    st[n - 1] == 1;
		else if (strcmp(tok, "w") == 0 && n >= 1)
			width = st[n - 1];
		else if ((strcmp(tok, "m") == 0 || strcmp(tok, "l") == 0) && n >= 2 &&
		    npts < 512) {
			pts[npts][0] = st[n - 2];
			pts[npts++][1] = st[n - 1];
		} else if (strcmp(tok, "c") == 0 && n >= 6)
			for (int i = 0; i < 3 && npts < 512; i++) {
				pts[npts][0] = st[2 * i];
				pts[npts++][1] = st[2 * i + 1];
			}
		else if (strcmp(tok, "re") == 0 && n >= 4 && npts + 2 <= 512) {
			pts[npts][0] = st[0], pts[npts++][1] = st[1];
			pts[npts][0] = st[0] + st[2], pts[npts++][1] = st[1] + st[3];
		} else if (strcmp(tok, "S") == 0 || strcmp(tok, "s") == 0 ||
		    strcmp(tok, "f") == 0 || strcmp(tok, "n") == 0) {
			if (reg && tok[0] == 'S') {
				w->reg_paths++;
				w->saw_reg_stroke = 1;
				if (width != 0.25)
					w->reg_width_ok = 0;
				for (int i = 0; i < npts; i++) {
					if (w->reg_points == 0) {
						w->reg_min[0] = w->reg_max[0] = pts[i][0];
						w->reg_min[1] = w->reg_max[1] = pts[i][1];
					}
					for (int k = 0; k < 2; k++) {
						if (pts[i][k] < w->reg_min[k])
							w->reg_min[k] = pts[i][k];
						if (pts[i][k] > w->reg_max[k])
							w->reg_max[k] = pts[i][k];
					}
					if (w->media[2] > 0 && (pts[i][0] < w->media[0] ||
					    pts[i][0] > w->media[2] || pts[i][1] < w->media[1] ||
					    pts[i][1] > w->media[3]))
						w->reg_outside_media++;
					w->reg_points++;
					if (pts[i][0] > w->bleed[0] && pts[i][0] < w->bleed[2] &&
					    pts[i][1] > w->bleed[1] && pts[i][1] < w->bleed[3])
						w->reg_inside++;
				}
			}
			npts = 0;
		}
		n = 0;
	}
}

/* A "x y w h re" line in a content stream, to 0.01 pt. */
static int
has_rect(const char *cs, double x, double y, double w, double h)
{
	double v[4];
	char op[4];

	for (const char *s = cs; s && *s; s = strchr(s, '\n'), s = s ? s + 1 : s)
		if (sscanf(s, "%lf %lf %lf %lf %3s", &v[0], &v[1], &v[2], &v[3], op) == 5 &&
		    strcmp(op, "re") == 0 && fabs(v[0] - x) < 0.01 && fabs(v[1] - y) < 0.01 &&
		    fabs(v[2] - w) < 0.01 && fabs(v[3] - h) < 0.01)
			return 1;
	return 0;
}

static void
test_marks_grow_the_mediabox_by_the_slug_and_keep_trim_and_bleed(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	buf pdf = BUF_INIT;
	char path[1200];
	double v[4];
	const double s = PDF_SLUG;

	o.marks = PDF_MARKS_CROP;
	build_with(&o, &pdf);
	testpdf_save(tmpdir, "marks-box.pdf", &pdf, path, sizeof(path));
	get_box(path, "MediaBox", v);
	assert_float_equal(v[0], 0, 0.01);
	assert_float_equal(v[1], 0, 0.01);
	assert_float_equal(v[2], TRIM_W + 2 * BLEED + 2 * s, 0.01);
	assert_float_equal(v[3], TRIM_H + 2 * BLEED + 2 * s, 0.01);
	get_box(path, "CropBox", v);
	assert_float_equal(v[2], TRIM_W + 2 * BLEED + 2 * s, 0.01);
	assert_float_equal(v[3], TRIM_H + 2 * BLEED + 2 * s, 0.01);
	get_box(path, "BleedBox", v);
	assert_float_equal(v[0], s, 0.01);
	assert_float_equal(v[1], s, 0.01);
	assert_float_equal(v[2] - v[0], TRIM_W + 2 * BLEED, 0.01);
	assert_float_equal(v[3] - v[1], TRIM_H + 2 * BLEED, 0.01);
	get_box(path, "TrimBox", v);
	assert_float_equal(v[0], s + BLEED, 0.01);
	assert_float_equal(v[1], s + BLEED, 0.01);
	assert_float_equal(v[2] - v[0], TRIM_W, 0.01);
	assert_float_equal(v[3] - v[1], TRIM_H, 0.01);
	buf_free(&pdf);
}

static void
test_items_stay_placed_relative_to_the_trim_box_with_marks(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	dl_copy *c = copy_new(1);
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	char path[1200], want[100];
	dl_item *it;

	o.proof = 1;
	it = item(&c->pages[0], DL_RECT, 10, 20);
	it->w = 30;
	it->h = 40;
	it->fill = 1;
	save_copy(&o, c, "placed.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	snprintf(want, sizeof(want), "%g %g 30 40 re", PDF_SLUG + BLEED + 10,
	    PDF_SLUG + BLEED + 20);
	if (strstr(buf_str(&cs), want) == NULL)
		fail_msg("'%s' not in:\n%s", want, buf_str(&cs));
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

/*
 * Bars on a grid of the first one's width (a customer barcode) are one
 * path in whole units under a cm; a row off the grid, or too short, is
 * drawn rectangle by rectangle.
 */
static void
test_bars_on_a_grid_are_one_path_in_whole_units(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH};
	static const double h[] = {3, 2, 2, 1, 3, 3, 2, 1, 1, 3};
	dl_copy *c = copy_new(2);
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	char path[1200];
	dl_item *it;

	for (int i = 0; i < 10; i++) {
		/* 0.6 mm bars at a 1.2 mm pitch; the short ones start a unit up */
		it = item(&c->pages[0], DL_RECT, 50 + i * 3.4015748, h[i] == 3 ? 100 : 101.7007874);
		it->w = 1.7007874;
		it->h = h[i] * 1.7007874 * (h[i] == 3 ? 2 : 1);
		it->fill = 1;
		it = item(&c->pages[1], DL_RECT, 50 + i * 3.5 + (i == 7 ? 0.01 : 0), 100);
		it->w = 1.75;
		it->h = 3.5;
		it->fill = 1;
	}
	save_copy(&o, c, "bars.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	if (strstr(buf_str(&cs), "q\n1.7008 0 0 1.7008 50 100 cm\n0 0 1 6 re\n2 1 1 2 re\n") == NULL ||
	    strstr(buf_str(&cs), "18 0 1 6 re\nf\nQ\n") == NULL)
		fail_msg("bars not on their grid:\n%s", buf_str(&cs));
	/* the eighth of these is 0.01 pt off the grid: the seven before it, and the three from it, are too few */
	page_content(&q, 2, &cs);
	assert_null(strstr(buf_str(&cs), " cm\n"));
	assert_non_null(strstr(buf_str(&cs), "74.51 100 1.75 3.5 re\nf\n"));
	assert_non_null(strstr(buf_str(&cs), "81.5 100 1.75 3.5 re\nf\n"));
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

/* A copy whose QR symbols were encoded ahead (on the thread that laid it out) is drawn byte for byte as one encoded when drawn. */
static void
test_a_prepared_copy_is_drawn_the_same(void **state)
{
	pdf_opts o = print_opts();
	buf a = BUF_INIT, b = BUF_INIT;
	dl_copy *c = sample();

	write_copy(&o, sample(), &a);
	pdf_prepare_copy(c);
	assert_non_null(c->ahead);
	write_copy(&o, c, &b);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_free(&a);
	buf_free(&b);
}

static void
test_crop_marks_lie_outside_the_bleedbox_in_registration_colour(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	struct walk w;
	char path[1200];

	o.marks = PDF_MARKS_CROP;
	build_with(&o, &pdf);
	testpdf_save(tmpdir, "crop.pdf", &pdf, path, sizeof(path));
	memset(&w, 0, sizeof(w));
	get_box(path, "BleedBox", w.bleed);
	qdf_of(path, &q);
	for (int pg = 1; pg <= 2; pg++) {
		page_content(&q, pg, &cs);
		walk_content(buf_str(&cs), &w);
	}
	/* 8 lines a page, 2 points each, none inside the bleed */
	assert_int_equal(w.reg_points, 2 * 8 * 2);
	assert_int_equal(w.reg_inside, 0);
	assert_true(w.reg_width_ok);
	/* drawn once, a stream both pages name */
	assert_int_equal(qcount(&q, "1 1 1 1 K"), 1);
	/* without marks, nothing is drawn in registration colour */
	buf_clear(&pdf);
	o.marks = 0;
	build_with(&o, &pdf);
	testpdf_save(tmpdir, "nocrop.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	assert_null(strstr(buf_str(&cs), "1 1 1 1 K"));
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

static void
test_registration_targets_sit_in_the_slug_beside_each_side(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	struct walk w;
	char path[1200];
	double media[4];

	o.marks = PDF_MARKS_REGISTRATION;
	build_with(&o, &pdf);
	testpdf_save(tmpdir, "reg.pdf", &pdf, path, sizeof(path));
	memset(&w, 0, sizeof(w));
	get_box(path, "BleedBox", w.bleed);
	get_box(path, "MediaBox", media);
	memcpy(w.media, media, sizeof(media));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	walk_content(buf_str(&cs), &w);
	/* 4 circles (a move and 4 curves: 13 points) and 4 crosses (4 points) */
	assert_int_equal(w.reg_points, 4 * (13 + 4));
	assert_int_equal(w.reg_inside, 0);
	assert_true(w.reg_width_ok);
	/* in the slug: between the bleed box and the edge of the sheet */
	assert_int_equal(w.reg_outside_media, 0);
	assert_true(w.reg_min[0] > 0 && w.reg_min[1] > 0);
	assert_true(w.reg_max[0] < media[2] && w.reg_max[1] < media[3]);
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

static void
test_proof_outlines_bleed_and_safe_area_dashed_and_needs_no_font(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	dl_copy *c = copy_new(1);
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT, out = BUF_INIT;
	char path[1200];
	pdf_doc *p;
	diag d;
	const double s = PDF_SLUG, t = PDF_SLUG + BLEED;

	o.proof = 1;
	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	testpdf_save(tmpdir, "proof.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	assert_non_null(strstr(buf_str(&cs), "0 1 0 0 K"));
	assert_non_null(strstr(buf_str(&cs), "[3 2] 0 d"));
	assert_non_null(strstr(buf_str(&cs), "0.5 w"));
	assert_true(has_rect(buf_str(&cs), s, s, TRIM_W + 2 * BLEED, TRIM_H + 2 * BLEED));
	assert_true(has_rect(buf_str(&cs), t + 3 * MM, t + 3 * MM, TRIM_W - 6 * MM,
	    TRIM_H - 6 * MM));
	/* PROOF is drawn, not typeset: the file has no font at all */
	assert_int_equal(testpdf_run(&out, "pdffonts '%s' 2>&1 | wc -l", path), 0);
	assert_string_equal(buf_str(&out), "2\n");
	buf_free(&out);
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

static void
test_print_pdf_has_an_output_intent_with_a_cmyk_profile(void **state)
{
	pdf_opts o = print_opts();
	buf pdf = BUF_INIT, out = BUF_INIT;
	char path[1200];

	build_with(&o, &pdf);
	testpdf_save(tmpdir, "intent.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' 2>&1", path), 0);
	buf_free(&out);
	{
		buf q = BUF_INIT;

		qdf_of(path, &q);
		assert_non_null(qfind(&q, "/OutputIntents ["));
		assert_non_null(qfind(&q, "/S /GTS_PDFX"));
		assert_non_null(qfind(&q, "/Type /OutputIntent"));
		assert_non_null(qfind(&q, "/OutputConditionIdentifier (Custom)"));
		assert_non_null(qfind(&q, "/Info (Artifex CMYK SWOP Profile)"));
		assert_non_null(qfind(&q, "/DestOutputProfile "));
		assert_non_null(qfind(&q, "/N 4"));
		/* the profile itself, whole: its header signature and description */
		assert_non_null(find_bytes(q.p, q.len, "CMYKLab ", 8));
		assert_non_null(find_bytes(q.p, q.len, "acsp", 4));
		buf_free(&q);
	}
	buf_free(&pdf);
}

static void
test_office_pdf_has_no_output_intent_and_keeps_its_version(void **state)
{
	buf pdf = BUF_INIT;

	build(&pdf);
	assert_null(find_bytes(pdf.p, pdf.len, "OutputIntents", 13));
	assert_null(find_bytes(pdf.p, pdf.len, "GTS_PDFX", 8));
	assert_true(pdf.len > 8 && memcmp(pdf.p, "%PDF-1.", 7) == 0 && pdf.p[7] < '6');
	buf_free(&pdf);
}

static void
test_missing_profile_fails_naming_the_path_and_the_package(void **state)
{
	pdf_opts o = print_opts();
	diag d;

	o.profile = "/nonexistent/default_cmyk.icc";
	diag_init(&d, NULL);
	assert_null(pdf_new(fonts, 2, &o, &d));
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "/nonexistent/default_cmyk.icc"));
	assert_non_null(strstr(d.last, "libgs-common"));
	/* an RGB profile is not a CMYK profile */
	o.profile = "/usr/share/color/icc/ghostscript/default_rgb.icc";
	diag_init(&d, NULL);
	assert_null(pdf_new(fonts, 2, &o, &d));
	assert_non_null(strstr(d.last, "is not a CMYK ICC profile"));
}

static void
test_print_pdf_declares_pdfx4_in_info_and_xmp(void **state)
{
	pdf_opts o = print_opts();
	buf pdf = BUF_INIT, out = BUF_INIT, q = BUF_INIT;
	char path[1200];
	const char *s;
	unsigned id1[4], id2[4];

	build_with(&o, &pdf);
	assert_int_equal(memcmp(pdf.p, "%PDF-1.6\n", 9), 0);
	testpdf_save(tmpdir, "pdfx.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	assert_non_null(qfind(&q, "/GTS_PDFXVersion (PDF/X-4)"));
	assert_non_null(qfind(&q, "/Trapped /False"));
	assert_int_equal(testpdf_run(&out, "pdfinfo -rawdates '%s' 2>&1", path), 0);
	assert_non_null(s = strstr(buf_str(&out), "CreationDate:"));
	assert_int_equal(strncmp(s + strspn(s + 13, " ") + 13, "D:20261201000000Z", 17), 0);
	assert_non_null(s = strstr(buf_str(&out), "ModDate:"));
	assert_int_equal(strncmp(s + strspn(s + 8, " ") + 8, "D:20261201000000Z", 17), 0);
	/* poppler recognises the declaration */
	assert_non_null(strstr(buf_str(&out), "PDF subtype:    PDF/X-4"));
	assert_int_equal(testpdf_run(&out, "pdfinfo -meta '%s' 2>&1", path), 0);
	s = buf_str(&out);
	assert_non_null(strstr(s, "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
	assert_non_null(strstr(s, "<rdf:li xml:lang=\"x-default\">ハーベスト通信 12月号</rdf:li>"));
	assert_non_null(strstr(s, "<xmp:CreateDate>2026-12-01T00:00:00Z</xmp:CreateDate>"));
	assert_non_null(strstr(s, "<xmp:ModifyDate>2026-12-01T00:00:00Z</xmp:ModifyDate>"));
	assert_non_null(strstr(s, "<pdf:Producer>tayori test</pdf:Producer>"));
	assert_non_null(strstr(s, "<pdf:Trapped>False</pdf:Trapped>"));
	/* the XMP parses as XML */
	assert_int_equal(testpdf_run(&out, "pdfinfo -meta '%s' | python3 -c "
	    "'import sys,xml.dom.minidom as m; m.parseString(sys.stdin.buffer.read())' 2>&1",
	    path), 0);
	/* a file identifier, not the placeholder */
	assert_non_null(s = qfind(&pdf, "/ID ["));
	assert_int_equal(sscanf(s, "/ID [ <%8x%8x%8x%8x> <%8x%8x%8x%8x>", &id1[0], &id1[1],
	    &id1[2], &id1[3], &id2[0], &id2[1], &id2[2], &id2[3]), 8);
	assert_memory_equal(id1, id2, sizeof(id1));
	assert_true(id1[0] | id1[1] | id1[2] | id1[3]);
	buf_free(&q);
	buf_free(&out);
	buf_free(&pdf);
}

static void
test_print_content_streams_use_no_rgb_operators(void **state)
{
	pdf_opts o = print_opts();
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	struct walk w;
	char path[1200];

	o.proof = 1;
	build_with(&o, &pdf);
	testpdf_save(tmpdir, "norgb.pdf", &pdf, path, sizeof(path));
	qdf_of(path, &q);
	memset(&w, 0, sizeof(w));
	for (int pg = 1; pg <= 2; pg++) {
		page_content(&q, pg, &cs);
		walk_content(buf_str(&cs), &w);
	}
	assert_true(w.saw_reg_stroke);	/* the walker did read the streams */
	assert_int_equal(w.rgb_ops, 0);
	assert_null(qfind(&q, "/DeviceRGB"));
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}


/* A one-page copy that draws the image at path. */
static void
image_pdf(const char *img, int print, const char *name, buf *q)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	dl_copy *c = copy_new(1);
	buf pdf = BUF_INIT;
	char path[1200];
	dl_item *it;
	pdf_doc *p;
	diag d;

	o.print = print;
	it = item(&c->pages[0], DL_IMAGE, 20, 20);
	it->w = it->h = 100;
	it->str = img;
	it->len = strlen(img);
	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	testpdf_save(tmpdir, name, &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(q, "qpdf --check '%s' 2>&1", path), 0);
	qdf_of(path, q);
	buf_free(&pdf);
}

static void
test_rgb_png_is_embedded_as_devicecmyk_when_printing(void **state)
{
	/* opaque red, half-transparent blue (over white: 127 127 255) */
	static const unsigned char rgba[] = {255, 0, 0, 255, 0, 0, 255, 128};
	static const unsigned char want[] = {0, 255, 255, 0, 128, 128, 0, 0};
	buf q = BUF_INIT;
	char img[1200];

	snprintf(img, sizeof(img), "%s/rgba.png", tmpdir);
	testimage_png(img, 2, 1, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, rgba, NULL, 0,
	    NULL, 0);
	image_pdf(img, 1, "rgba-print.pdf", &q);
	assert_non_null(qfind(&q, "/ColorSpace /DeviceCMYK"));
	assert_null(qfind(&q, "/DeviceRGB"));
	assert_null(qfind(&q, "/SMask"));
	assert_non_null(find_bytes(q.p, q.len, want, sizeof(want)));
	/* office printing keeps the file's RGB and its alpha */
	image_pdf(img, 0, "rgba-office.pdf", &q);
	assert_non_null(qfind(&q, "/DeviceRGB"));
	assert_non_null(qfind(&q, "/SMask"));
	buf_free(&q);
}

static void
test_grey_png_stays_devicegray_when_printing(void **state)
{
	static const unsigned char grey[] = {0, 64, 128, 255};
	buf q = BUF_INIT;
	char img[1200];

	snprintf(img, sizeof(img), "%s/grey.png", tmpdir);
	testimage_png(img, 4, 1, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, grey, NULL, 0,
	    NULL, 0);
	image_pdf(img, 1, "grey-print.pdf", &q);
	assert_non_null(qfind(&q, "/ColorSpace /DeviceGray"));
	assert_null(qfind(&q, "/ColorSpace /DeviceCMYK"));
	buf_free(&q);
}

/* An 8 x 8 JPEG of 3 or 4 components, every sample 200. */
static void
write_jpeg(const char *path, int components, int adobe)
{
	static const unsigned char pixel[4] = {200, 200, 200, 200};

	testimage_jpeg(path, 8, 8, components, adobe, pixel);
}

static void
test_rgb_jpeg_is_converted_and_cmyk_jpegs_embed_as_they_are(void **state)
{
	buf q = BUF_INIT;
	char img[1200];

	snprintf(img, sizeof(img), "%s/rgb.jpg", tmpdir);
	write_jpeg(img, 3, 0);
	image_pdf(img, 1, "rgbjpeg-print.pdf", &q);
	assert_non_null(qfind(&q, "/ColorSpace /DeviceCMYK"));
	assert_null(qfind(&q, "/DeviceRGB"));
	assert_null(qfind(&q, "/DCTDecode"));

	/* Adobe APP14: the data is inverted, and /Decode says so */
	snprintf(img, sizeof(img), "%s/adobe.jpg", tmpdir);
	write_jpeg(img, 4, 1);
	image_pdf(img, 1, "adobe-print.pdf", &q);
	assert_non_null(qfind(&q, "/DCTDecode"));
	assert_non_null(qfind(&q, "/ColorSpace /DeviceCMYK"));
	assert_non_null(qfind(&q, "/Decode [\n    1\n    0\n    1\n    0\n"
	    "    1\n    0\n    1\n    0\n  ]"));

	/* no marker: plain CMYK, no /Decode */
	snprintf(img, sizeof(img), "%s/plain-cmyk.jpg", tmpdir);
	write_jpeg(img, 4, 0);
	image_pdf(img, 1, "plaincmyk-print.pdf", &q);
	assert_non_null(qfind(&q, "/DCTDecode"));
	assert_null(qfind(&q, "/Decode ["));
	buf_free(&q);
}

static void
test_page_labels_name_each_copy(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = BLEED};
	dl_copy *c = copy_new(2);
	buf pdf = BUF_INIT, out = BUF_INIT;
	char path[1200];
	pdf_doc *p;
	diag d;

	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 1, "C1042"), 0);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 3, "C1043"), 0);
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	testpdf_save(tmpdir, "labels.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' 2>&1", path), 0);
	assert_int_equal(testpdf_run(&out, "qpdf --json=2 --json-key=pages '%s' | python3 -c '"
	    "import json,sys\n"
	    "for pg in json.load(sys.stdin)[\"pages\"]: print(pg[\"label\"][\"/P\"])' 2>&1",
	    path), 0);
	assert_string_equal(buf_str(&out), "u:C1042 p\nu:C1042 p\nu:C1043 p\nu:C1043 p\n");
	/* and the numbers restart with each copy: viewers show C1043 p1 on page 3 */
	assert_int_equal(testpdf_run(&out, "qpdf --json=2 --json-key=pagelabels '%s' | python3 -c '"
	    "import json,sys\n"
	    "for l in json.load(sys.stdin)[\"pagelabels\"]: print(l[\"index\"], "
	    "l[\"label\"][\"/S\"], l[\"label\"].get(\"/St\", 1))' 2>&1", path), 0);
	assert_string_equal(buf_str(&out), "0 /D 1\n2 /D 1\n");
	buf_free(&out);
	buf_free(&pdf);
}

static void
test_labels_start_at_page_one_even_when_the_first_label_is_later(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = 0};
	dl_copy *c = copy_new(3);
	buf pdf = BUF_INIT, out = BUF_INIT;
	char path[1200];
	pdf_doc *p;
	diag d;

	diag_init(&d, NULL);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 2, "Ä-7"), 0);
	assert_int_equal(pdf_label_pages(p, 9, "beyond the last page"), 0);
	assert_int_equal(pdf_label_pages(p, 0, "x"), -1);
	pdf_free(p);

	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 2, "Ä-7"), 0);
	assert_int_equal(pdf_label_pages(p, 9, "beyond the last page"), 0);
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	testpdf_save(tmpdir, "labels2.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --json=2 --json-key=pagelabels '%s' | python3 -c '"
	    "import json,sys\n"
	    "for l in json.load(sys.stdin)[\"pagelabels\"]: print(l[\"index\"], "
	    "l[\"label\"].get(\"/P\", \"-\"))' 2>&1", path), 0);
	assert_string_equal(buf_str(&out), "0 -\n1 u:Ä-7 p\n");
	buf_free(&out);
	buf_free(&pdf);
}

static void
test_thousands_of_labels_make_a_valid_tree(void **state)
{
	pdf_opts o = {.title = NULL, .creator = "tayori test", .epoch = EPOCH, .bleed = 0};
	dl_copy *c = copy_new(1);
	buf pdf = BUF_INIT, out = BUF_INIT;
	char path[1200], label[32];
	pdf_doc *p;
	diag d;

	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	for (int i = 0; i < 2500; i++) {
		assert_int_equal(pdf_add_copy(p, c), 0);
		snprintf(label, sizeof(label), "C%d", i);
		assert_int_equal(pdf_label_pages(p, i + 1, label), 0);
	}
	assert_int_equal(pdf_save(p, &pdf), 0);
	pdf_free(p);
	copy_free(c);
	testpdf_save(tmpdir, "labels-many.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' >/dev/null 2>&1", path), 0);
	assert_int_equal(testpdf_run(&out, "qpdf --json=2 --json-key=pages '%s' | python3 -c '"
	    "import json,sys\n"
	    "p=json.load(sys.stdin)[\"pages\"]\n"
	    "print(len(p), p[0][\"label\"][\"/P\"], p[1500][\"label\"][\"/P\"], "
	    "p[2499][\"label\"][\"/P\"])' 2>&1", path), 0);
	assert_string_equal(buf_str(&out), "2500 u:C0 p u:C1500 p u:C2499 p\n");
	buf_free(&out);
	buf_free(&pdf);
}

/* Everything print-related at once: marks, proof, labels, a converted image. */
static void
build_everything(const char *img, buf *out)
{
	pdf_opts o = print_opts();
	dl_copy *c = sample();
	dl_item *it;
	pdf_doc *p;
	diag d;

	o.proof = 1;
	it = item(&c->pages[1], DL_IMAGE, 20, 20);
	it->w = it->h = 50;
	it->str = img;
	it->len = strlen(img);
	diag_init(&d, stderr);
	p = pdf_new(fonts, 2, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 1, "C1042"), 0);
	assert_int_equal(pdf_add_copy(p, c), 0);
	assert_int_equal(pdf_label_pages(p, 3, "C1043"), 0);
	assert_int_equal(pdf_save(p, out), 0);
	pdf_free(p);
	copy_free(c);
}

static void
test_two_saves_of_the_same_input_are_byte_identical(void **state)
{
	static const unsigned char rgb[] = {10, 200, 30, 250, 250, 0};
	buf a = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	char img[1200], path[1200];

	snprintf(img, sizeof(img), "%s/same.png", tmpdir);
	testimage_png(img, 2, 1, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE, rgb, NULL, 0,
	    NULL, 0);
	build_everything(img, &a);
	build_everything(img, &b);
	assert_true(a.len > 100000);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	testpdf_save(tmpdir, "everything.pdf", &a, path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' 2>&1", path), 0);
	buf_free(&out);
	buf_free(&a);
	buf_free(&b);
}

/* --- what every copy draws the same is written once --- */

/* The object numbers of page n's /Contents array in a QDF file (pages in order). */
static int
contents_refs(const buf *qdf, int n, int *refs, int max)
{
	const char *s = qdf->p, *end = qdf->p + qdf->len;
	int k = 0;

	for (int page = 0; page < n; page++) {
		assert_non_null(s = find_bytes(s, (size_t)(end - s), "/Contents [", 11));
		s += 11;
	}
	while (k < max && sscanf(s, " %d 0 R", &refs[k]) == 1) {
		k++;
		s = strstr(s, "R") + 1;
	}
	return k;
}

/* A document with the default options, its messages to msgs (NULL: collected in d only). */
static pdf_doc *
plain_doc(diag *d, FILE *msgs)
{
	pdf_opts o;
	pdf_doc *p;

	memset(&o, 0, sizeof(o));
	diag_init(d, msgs);
	assert_non_null(p = pdf_new(fonts, 2, &o, d));
	return p;
}

static void
test_unvarying_items_are_one_stream_that_every_copy_shares(void **state)
{
	dl_copy *c[3];
	const char *names[3] = {"Hanako", "Taro", "Jiro"};
	int refs[3][8], nrefs[3];
	buf out = BUF_INIT, qdf = BUF_INIT, shown = BUF_INIT;
	char path[1200];
	diag d;
	pdf_doc *p = plain_doc(&d, stderr);
	for (int i = 0; i < 3; i++) {
		dl_item *it;

		c[i] = copy_new(1);
		it = item(&c[i]->pages[0], DL_RECT, 20, 20);	/* the same in every copy */
		it->w = it->h = 50;
		it->fill = 1;
		text(&c[i]->pages[0], 40, 500, 1, 12, "Our December letter");
		text(&c[i]->pages[0], 40, 450, 1, 12, names[i]);	/* this copy's own */
		c[i]->pages[0].items[2].vary = 1;
		assert_int_equal(pdf_add_copy(p, c[i]), 0);
	}
	assert_int_equal(pdf_save(p, &out), 0);
	pdf_free(p);
	testpdf_save(tmpdir, "shared.pdf", &out, path, sizeof(path));
	qdf_of(path, &qdf);
	for (int i = 0; i < 3; i++) {
		nrefs[i] = contents_refs(&qdf, i + 1, refs[i], 8);
		assert_int_equal(nrefs[i], 2);	/* the shared stream, the copy's own */
	}
	assert_int_equal(refs[0][0], refs[1][0]);
	assert_int_equal(refs[0][0], refs[2][0]);
	assert_int_not_equal(refs[0][1], refs[1][1]);
	/* and every page still shows both texts */
	assert_int_equal(testpdf_run(&shown, "pdftotext -layout '%s' - 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&shown), "Taro"));
	assert_int_equal(testpdf_run(&shown, "qpdf --check '%s' 2>&1", path), 0);
	for (int i = 0; i < 3; i++)
		copy_free(c[i]);
	buf_free(&out);
	buf_free(&qdf);
	buf_free(&shown);
}

/* A copy from the dl functions: a tint keyed {y}, drawn at y (or at y + drift, the key kept), and a name. */
static dl_copy *
keyed_copy(double y, double drift, const char *name)
{
	dl_copy *c = dl_copy_new(TRIM_W, TRIM_H);
	dl_page *pg = dl_page_add(c);

	dl_static_begin(c, DL_SITE_BOX, (double[]){y}, 1, NULL);
	dl_rect(c, pg, 20, y + drift, 100, 30, 1, 0, DL_CMYK(0.06, 0.01, 0.12, 0));
	dl_static_end(c);
	dl_text(c, pg, 40, 450, 1, 12, DL_BLACK, name, strlen(name));
	return c;
}

/* Pages the layout keyed alike share the stream of the first, however many. */
static void
test_pages_keyed_alike_share_one_stream(void **state)
{
	const char *names[4] = {"Hanako", "Taro", "Jiro", "Saburo"};
	double y[4] = {700, 700, 650, 700};
	int refs[4][8];
	buf out = BUF_INIT, qdf = BUF_INIT;
	char path[1200];
	diag d;
	pdf_doc *p = plain_doc(&d, stderr);
	for (int i = 0; i < 4; i++) {
		dl_copy *c = keyed_copy(y[i], 0, names[i]);

		assert_int_equal(pdf_add_copy(p, c), 0);
		dl_copy_free(c);
	}
	assert_int_equal(pdf_save(p, &out), 0);
	pdf_free(p);
	testpdf_save(tmpdir, "keyed.pdf", &out, path, sizeof(path));
	qdf_of(path, &qdf);
	for (int i = 0; i < 4; i++)
		assert_int_equal(contents_refs(&qdf, i + 1, refs[i], 8), 2);
	assert_int_equal(refs[0][0], refs[1][0]);
	assert_int_equal(refs[0][0], refs[3][0]);
	assert_int_not_equal(refs[0][0], refs[2][0]);	/* another key: its own stream */
	buf_free(&out);
	buf_free(&qdf);
}

/*
 * A layout whose key left out what moved its items (here: drift) would
 * have a page share a stream it does not draw; the renderer reads the
 * items of a key that comes back (its first return in any build, every
 * one in a debug build) and fails the copy instead.
 */
static void
test_a_key_that_hides_a_difference_fails_rather_than_print(void **state)
{
	dl_copy *a = keyed_copy(700, 0, "Hanako"), *b = keyed_copy(700, 5, "Taro");
	buf out = BUF_INIT;
	diag d;
	pdf_doc *p = plain_doc(&d, NULL);

	assert_int_equal(pdf_add_copy(p, a), 0);
	assert_int_equal(pdf_add_copy(p, b), -1);
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "keyed alike draw different unvarying items"));
	assert_int_equal(pdf_save(p, &out), -1);
	pdf_free(p);
	dl_copy_free(a);
	dl_copy_free(b);
	buf_free(&out);
}


/* --- spot colours --- */

static const dl_spot pantone = {"PANTONE 348 C", 0.9, 0, 0.8, 0.2};
static const dl_spot dic = {"DIC 620", 0, 0.2, 0.6, 0.3};

/*
 * Page 1: a 50% PANTONE 348 C rectangle, a full-tint one, text and a line
 * in it; page 2: a DIC 620 rectangle, then the PANTONE again. No process colour
 * anywhere, no marks: every colour operator is a spot's.
 */
static void
build_spots(buf *out, const char *name, char *path, size_t pathlen)
{
	pdf_opts o = print_opts();
	dl_copy *c = copy_new(2);
	dl_item *it;

	o.marks = 0;
	it = item(&c->pages[0], DL_RECT, 40, 300);
	it->w = 200;
	it->h = 100;
	it->fill = 1;
	it->color = dl_spot_color(&pantone, 0.5);
	it = item(&c->pages[0], DL_RECT, 40, 150);
	it->w = 200;
	it->h = 100;
	it->fill = 1;
	it->color = dl_spot_color(&pantone, 1);
	text(&c->pages[0], 40, 500, 1, 24, LATIN_TEXT);
	c->pages[0].items[2].color = dl_spot_color(&pantone, 1);
	it = item(&c->pages[0], DL_LINE, 40, 480);
	it->w = 300;
	it->size = 2;
	it->color = dl_spot_color(&pantone, 1);
	it = item(&c->pages[1], DL_RECT, 40, 300);
	it->w = 200;
	it->h = 100;
	it->fill = 1;
	it->color = dl_spot_color(&dic, 1);
	it = item(&c->pages[1], DL_RECT, 40, 150);
	it->w = 100;
	it->h = 100;
	it->fill = 1;
	it->color = dl_spot_color(&pantone, 0.25);
	save_copy(&o, c, name, out, path, pathlen);
}


/* as qpdf --qdf prints it inside the page resources' /ColorSpace */
#define SEPARATION "/Spot1 [\n      /Separation\n      /PANTONE#20348#20C\n" \
	"      /DeviceCMYK\n      "

static void
test_spot_fill_is_a_separation_with_its_name_alternate_and_tint_transform(void **state)
{
	buf pdf = BUF_INIT, q = BUF_INIT, out = BUF_INIT;
	char path[1200];
	const char *s;
	int obj;

	build_spots(&pdf, "spot.pdf", path, sizeof(path));
	assert_int_equal(testpdf_run(&out, "qpdf --check '%s' 2>&1", path), 0);
	qdf_of(path, &q);
	/* One colour space per spot, named with the spaces escaped. */
	assert_int_equal(qcount(&q, "/Separation"), 2);
	assert_non_null(s = qfind(&q, SEPARATION));
	assert_int_equal(sscanf(s + strlen(SEPARATION), "%d 0 R", &obj), 1);
	assert_non_null(qfind(&q, "/DIC#20620"));
	/* Its tint transform: C0 no ink, C1 the alternate, linear. */
	assert_int_equal(testpdf_run(&out, "qpdf --show-object=%d '%s.qdf'", obj, path), 0);
	assert_non_null(strstr(buf_str(&out), "/FunctionType 2"));
	assert_non_null(strstr(buf_str(&out), "/Domain [ 0 1 ]"));
	assert_non_null(strstr(buf_str(&out), "/C0 [ 0 0 0 0 ]"));
	assert_non_null(strstr(buf_str(&out), "/C1 [ 0.9 0 0.8 0.2 ]"));
	assert_non_null(strstr(buf_str(&out), "/N 1"));
	/* Every page that uses a spot names the colour spaces in its resources (shared by the pages). */
	assert_int_equal(testpdf_run(&out, "qpdf --json=2 --json-key=pages '%s' | python3 -c '"
	    "import json,re,sys,subprocess\n"
	    "def show(o): return subprocess.run([\"qpdf\",\"--show-object=\"+o,sys.argv[1]],"
	    "capture_output=True,text=True).stdout\n"
	    "for pg in json.load(sys.stdin)[\"pages\"]:\n"
	    "    o=show(pg[\"object\"])\n"
	    "    r=re.search(r\"/Resources (\\d+) 0 R\", o)\n"
	    "    print(\"/ColorSpace\" in (show(r.group(1)) if r else o))' '%s' 2>&1",
	    path, path), 0);
	assert_string_equal(buf_str(&out), "True\nTrue\n");
	buf_free(&out);
	buf_free(&q);
	buf_free(&pdf);
}

static void
test_spot_colours_are_set_with_cs_and_scn_not_process_operators(void **state)
{
	buf pdf = BUF_INIT, q = BUF_INIT, cs = BUF_INIT;
	char path[1200];
	const char *s;

	build_spots(&pdf, "spot-ops.pdf", path, sizeof(path));
	qdf_of(path, &q);
	page_content(&q, 1, &cs);
	s = buf_str(&cs);
	/* 50%, then full tint in the same space: cs once for fill, once for stroke. */
	assert_non_null(strstr(s, "/Spot1 cs\n0.5 scn\n"));
	assert_non_null(strstr(s, "\n1 scn\n"));
	assert_non_null(strstr(s, "/Spot1 CS\n1 SCN\n"));
	assert_null(strstr(s, "/Spot1 cs\n1 scn\n"));
	assert_null(strstr(s, " k\n"));
	assert_null(strstr(s, " K\n"));
	assert_null(strstr(s, " g\n"));
	page_content(&q, 2, &cs);
	s = buf_str(&cs);
	assert_non_null(strstr(s, "/Spot2 cs\n1 scn\n"));
	assert_non_null(strstr(s, "/Spot1 cs\n0.25 scn\n"));
	assert_null(strstr(s, " k\n"));
	buf_free(&cs);
	buf_free(&q);
	buf_free(&pdf);
}

/* Prints, for each uncompressed 8-bit TIFF named, how many pixels carry ink. */
static const char ink_py[] =
    "import struct,sys\n"
    "def ink(path):\n"
    "    d=open(path,'rb').read()\n"
    "    e='<' if d[:2]==b'II' else '>'\n"
    "    off=struct.unpack(e+'I',d[4:8])[0]\n"
    "    n=struct.unpack(e+'H',d[off:off+2])[0]\n"
    "    tags={}\n"
    "    for i in range(n):\n"
    "        t,ty,cnt,v=struct.unpack(e+'HHI4s',d[off+2+12*i:off+14+12*i])\n"
    "        sz={3:2,4:4}.get(ty,1)\n"
    "        if cnt*sz>4: v=d[struct.unpack(e+'I',v)[0]:][:cnt*sz]\n"
    "        f=e+{2:'H',4:'I'}.get(sz,'B')\n"
    "        tags[t]=[struct.unpack(f,v[k*sz:(k+1)*sz])[0] for k in range(cnt)]\n"
    "    assert tags.get(259,[1])[0]==1\n"
    "    px=b''.join(d[o:o+c] for o,c in zip(tags[273],tags[279]))\n"
    "    white=0 if tags[262][0]==0 else 255\n"
    "    return sum(1 for b in px if b!=white)\n"
    "print(*[ink(p) for p in sys.argv[1:]])\n";

static void
test_spot_pdf_passes_preflight_and_gives_ghostscript_a_plate_per_spot(void **state)
{
	buf pdf = BUF_INIT, out = BUF_INIT;
	char path[1200], script[1200];
	int cyan, spot1, dic620, spot2;
	FILE *f;
	diag d;

	build_spots(&pdf, "spot-plates.pdf", path, sizeof(path));
	diag_init(&d, stderr);
	assert_int_equal(preflight_pdf(path, NULL, &d), 0);
	assert_false(diag_failed(&d));
	assert_int_equal(testpdf_run(&out, "cd '%s' && rm -f sep*.tif && gs -q -dNOPAUSE "
	    "-dBATCH -sDEVICE=tiffsep -sCompression=none -r36 -o 'sep%%d.tif' "
	    "'%s' 2>&1 && ls sep*.tif", tmpdir, path), 0);
	assert_non_null(strstr(buf_str(&out), "sep1(PANTONE 348 C).tif"));
	assert_non_null(strstr(buf_str(&out), "sep2(DIC 620).tif"));
	/* The spot inks are no process ink: page 1's cyan plate stays empty. */
	snprintf(script, sizeof(script), "%s/ink.py", tmpdir);
	assert_non_null(f = fopen(script, "w"));
	assert_int_equal(fputs(ink_py, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
	assert_int_equal(testpdf_run(&out, "cd '%s' && python3 ink.py 'sep1(Cyan).tif' "
	    "'sep1(PANTONE 348 C).tif' 'sep2(DIC 620).tif' 'sep2(PANTONE 348 C).tif'",
	    tmpdir), 0);
	assert_int_equal(sscanf(buf_str(&out), "%d %d %d %d", &cyan, &spot1, &dic620,
	    &spot2), 4);
	assert_int_equal(cyan, 0);
	assert_true(spot1 > 2 * 5000);	/* two 100 x 50 px rectangles at 36 dpi */
	assert_true(dic620 >= 5000);
	assert_true(spot2 >= 2500);
	buf_free(&out);
	buf_free(&pdf);
}

static void
test_two_saves_with_spot_colours_are_byte_identical(void **state)
{
	buf a = BUF_INIT, b = BUF_INIT;
	char path[1200];

	build_spots(&a, "spot-a.pdf", path, sizeof(path));
	build_spots(&b, "spot-b.pdf", path, sizeof(path));
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_free(&a);
	buf_free(&b);
}

static void
test_spot_without_a_name_is_a_pdf_error(void **state)
{
	static const dl_spot unnamed = {"", 0, 1, 0, 0};
	pdf_opts o = {.creator = "tayori test", .epoch = EPOCH};
	dl_copy *c = copy_new(1);
	dl_item *it;
	pdf_doc *p;
	diag d;

	it = item(&c->pages[0], DL_RECT, 40, 300);
	it->w = it->h = 100;
	it->fill = 1;
	it->color = dl_spot_color(&unnamed, 1);
	diag_init(&d, NULL);
	p = pdf_new(fonts, 2, &o, &d);
	assert_non_null(p);
	assert_int_equal(pdf_add_copy(p, c), -1);
	assert_true(diag_failed(&d));
	assert_non_null(strstr(d.last, "spot colour needs a name"));
	pdf_free(p);
	copy_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sample_copy_text_extracts_without_cmap_warnings),
		cmocka_unit_test(test_every_font_is_embedded_with_a_tounicode_map),
		cmocka_unit_test(test_qpdf_check_passes_and_each_font_has_one_tounicode_cmap),
		cmocka_unit_test(test_qr_code_decodes_to_the_url),
		cmocka_unit_test(test_trim_box_is_inside_a_media_box_grown_by_the_bleed),
		cmocka_unit_test(test_same_input_gives_byte_identical_files),
		cmocka_unit_test(test_unknown_font_index_is_a_pdf_error),
		cmocka_unit_test(test_missing_font_file_is_reported_not_crashed),
		cmocka_unit_test(test_invalid_image_is_refused_before_libharu_sees_it),
		cmocka_unit_test(test_image_used_on_two_pages_is_embedded_once),
		cmocka_unit_test(test_marks_grow_the_mediabox_by_the_slug_and_keep_trim_and_bleed),
		cmocka_unit_test(test_items_stay_placed_relative_to_the_trim_box_with_marks),
		cmocka_unit_test(test_bars_on_a_grid_are_one_path_in_whole_units),
		cmocka_unit_test(test_a_prepared_copy_is_drawn_the_same),
		cmocka_unit_test(test_crop_marks_lie_outside_the_bleedbox_in_registration_colour),
		cmocka_unit_test(test_registration_targets_sit_in_the_slug_beside_each_side),
		cmocka_unit_test(test_proof_outlines_bleed_and_safe_area_dashed_and_needs_no_font),
		cmocka_unit_test(test_print_pdf_has_an_output_intent_with_a_cmyk_profile),
		cmocka_unit_test(test_office_pdf_has_no_output_intent_and_keeps_its_version),
		cmocka_unit_test(test_missing_profile_fails_naming_the_path_and_the_package),
		cmocka_unit_test(test_print_pdf_declares_pdfx4_in_info_and_xmp),
		cmocka_unit_test(test_print_content_streams_use_no_rgb_operators),
		cmocka_unit_test(test_rgb_png_is_embedded_as_devicecmyk_when_printing),
		cmocka_unit_test(test_grey_png_stays_devicegray_when_printing),
		cmocka_unit_test(test_rgb_jpeg_is_converted_and_cmyk_jpegs_embed_as_they_are),
		cmocka_unit_test(test_page_labels_name_each_copy),
		cmocka_unit_test(test_labels_start_at_page_one_even_when_the_first_label_is_later),
		cmocka_unit_test(test_thousands_of_labels_make_a_valid_tree),
		cmocka_unit_test(test_two_saves_of_the_same_input_are_byte_identical),
		cmocka_unit_test(test_unvarying_items_are_one_stream_that_every_copy_shares),
		cmocka_unit_test(test_pages_keyed_alike_share_one_stream),
		cmocka_unit_test(test_a_key_that_hides_a_difference_fails_rather_than_print),
		cmocka_unit_test(test_spot_fill_is_a_separation_with_its_name_alternate_and_tint_transform),
		cmocka_unit_test(test_spot_colours_are_set_with_cs_and_scn_not_process_operators),
		cmocka_unit_test(test_spot_pdf_passes_preflight_and_gives_ghostscript_a_plate_per_spot),
		cmocka_unit_test(test_two_saves_with_spot_colours_are_byte_identical),
		cmocka_unit_test(test_spot_without_a_name_is_a_pdf_error),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
