/* test_pdffont: embedded subset fonts pass qpdf, pdffonts and pdftotext, carry only their file's glyphs, and are reproducible. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <hb.h>
#include <libdeflate.h>

#include "render/pdffont.h"
#include "render/pdfnum.h"
#include "render/pdfw.h"
#include "text/utf8.h"
#include "util/mem.h"
#include "testpdf.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	testpdf_dir("test_pdffont", tmpdir, sizeof(tmpdir));
	return 0;
}

/* A line of text in font F<font+1>; text NULL ends a list. */
struct line {
	int font;
	const char *text;
};

/*
 * A one-page file drawing each line with its font, every character as
 * the glyph the cmap gives it, and the fonts written last of all.
 */
static void
one_file(buf *out, pdffont **fonts, int nfonts, const struct line *lines)
{
	pdfw *w = pdfw_new(pdfw_sink_buf, out);
	int catalog = pdfw_alloc(w), pages = pdfw_alloc(w), page = pdfw_alloc(w);
	int contents = pdfw_alloc(w), nums[4];
	buf c = BUF_INIT, *b;
	char err[256];

	assert_true(nfonts <= 4);
	for (int i = 0; i < nfonts; i++)
		nums[i] = pdfw_alloc(w);
	for (int i = 0; lines[i].text != NULL; i++) {
		pdffont *f = fonts[lines[i].font];
		const char *s = lines[i].text;
		size_t adv;

		buf_printf(&c, "BT /F%d 12 Tf 72 %d Td <", lines[i].font + 1, 700 - 20 * i);
		for (; *s; s += adv) {
			long cp = utf8_decode(s, strlen(s), &adv);
			unsigned g;

			assert_true(cp > 0);
			g = pdffont_glyph(f, (uint32_t)cp);
			assert_int_not_equal(g, 0);
			pdffont_use(f, g, (uint32_t)cp);
			pdfnum_put_hex4(&c, g);
		}
		buf_puts(&c, "> Tj ET\n");
	}
	pdfw_stream(w, contents, NULL, c.p, c.len, PDFW_COMPRESS);
	pdfw_begin(w, page);
	b = pdfw_buf(w);
	buf_puts(b, "<< /Type /Page /Parent ");
	pdfw_put_ref(b, pages);
	buf_puts(b, " /MediaBox [0 0 612 792] /Resources << /Font <<");
	for (int i = 0; i < nfonts; i++) {
		buf_printf(b, " /F%d ", i + 1);
		pdfw_put_ref(b, nums[i]);
	}
	buf_puts(b, " >> >> /Contents ");
	pdfw_put_ref(b, contents);
	buf_puts(b, " >>");
	pdfw_end(w);
	testpdf_catalog(w, catalog, pages, &page, 1);
	for (int i = 0; i < nfonts; i++) {
		err[0] = '\0';
		assert_int_equal(pdffont_write(fonts[i], w, nums[i], err, sizeof(err)), 0);
		assert_string_equal(err, "");
		assert_false(pdffont_used(fonts[i]));
	}
	assert_int_equal(pdfw_finish(w, catalog, 0), 0);
	pdfw_free(w);
	buf_free(&c);
}

static pdffont *
load(const char *path)
{
	char err[256] = "";
	pdffont *f = pdffont_load(path, err, sizeof(err));

	if (f == NULL)
		fail_msg("%s: %s", path, err);
	return f;
}

/*
 * qpdf finds no error, and pdftotext gives text (one block: its lines,
 * a blank line, the form feed ending the page) with nothing on stderr.
 */
static void
check_file(const char *path, const char *text)
{
	char errpath[1200];
	buf o = BUF_INIT;

	assert_int_equal(testpdf_run(&o, "qpdf --check '%s' 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "No syntax or stream encoding errors"));
	snprintf(errpath, sizeof(errpath), "%s.err", path);
	assert_int_equal(testpdf_run(&o, "pdftotext '%s' - 2>'%s'", path, errpath), 0);
	assert_string_equal(buf_str(&o), text);
	assert_int_equal(testpdf_run(&o, "cat '%s'", errpath), 0);
	assert_string_equal(buf_str(&o), "");
	buf_free(&o);
}

static const char *
find(const buf *b, size_t from, const char *s)
{
	size_t n = strlen(s);

	for (size_t i = from; i + n <= b->len; i++)
		if (memcmp(b->p + i, s, n) == 0)
			return b->p + i;
	return NULL;
}

/*
 * The nth (from 0) FlateDecode stream of pdf whose inflated data starts
 * with prefix (prefixlen bytes), into out; 0, or -1 when there is none.
 */
static int
stream(const buf *pdf, const void *prefix, size_t prefixlen, int nth, buf *out)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	const char *p;
	size_t at = 0, cap = 32 << 20, got;
	int rc = -1;

	buf_clear(out);
	out->p = mem_realloc(out->p, cap);
	out->cap = cap;
	while ((p = find(pdf, at, "/Filter /FlateDecode")) != NULL) {
		const char *len = p, *data;
		long n;

		at = (size_t)(p - pdf->p) + 1;
		while (memcmp(len, "/Length ", 8) != 0)
			len--;
		n = atol(len + 8);
		assert_non_null(data = find(pdf, at, ">>\nstream\n"));
		data += 10;
		if (libdeflate_zlib_decompress(d, data, (size_t)n, out->p, cap, &got) !=
		    LIBDEFLATE_SUCCESS)
			continue;
		if (got >= prefixlen && memcmp(out->p, prefix, prefixlen) == 0 &&
		    nth-- == 0) {
			out->len = got;
			rc = 0;
			break;
		}
	}
	libdeflate_free_decompressor(d);
	if (rc != 0)
		buf_clear(out);
	return rc;
}

static const char *const CMAP_START = "/CIDInit";
static const char TRUETYPE[4] = {0, 1, 0, 0};

/* 1 when the subset font program in data draws glyph gid (a glyph kept has an outline). */
static int
has_outline(const buf *data, unsigned gid)
{
	hb_blob_t *blob = hb_blob_create(data->p, (unsigned)data->len,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	hb_face_t *face = hb_face_create(blob, 0);
	hb_font_t *hf = hb_font_create(face);
	hb_glyph_extents_t e = {0, 0, 0, 0};
	int drawn = hb_font_get_glyph_extents(hf, gid, &e) && e.width != 0;

	hb_font_destroy(hf);
	hb_face_destroy(face);
	hb_blob_destroy(blob);
	return drawn;
}

static void
test_japanese_and_latin_text_round_trip(void **state)
{
	pdffont *fonts[2] = {load("fonts/ipaexm.ttf"), load("fonts/NotoSerif-Regular.ttf")};
	const struct line lines[] = {
		{0, "便り 年賀状"},
		{1, "Hello, World!"},
		{0, "ハーベスト通信"},
		{0, NULL},
	};
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];
	const char *row;
	int rows = 0;

	assert_false(pdffont_used(fonts[0]));
	one_file(&pdf, fonts, 2, lines);
	testpdf_save(tmpdir, "mixed.pdf", &pdf, path, sizeof(path));
	check_file(path, "便り 年賀状\nHello, World!\nハーベスト通信\n\n\f");

	assert_int_equal(testpdf_run(&o, "pdffonts '%s' 2>&1", path), 0);
	for (row = buf_str(&o); (row = strstr(row, "CID TrueType")) != NULL; row++) {
		assert_non_null(strstr(row, "Identity-H       yes yes yes"));
		rows++;
	}
	assert_int_equal(rows, 2);
	assert_non_null(strstr(buf_str(&o), "+IPAexMincho "));
	assert_non_null(strstr(buf_str(&o), "+NotoSerif-Regular "));

	/* a page to look at: the glyphs, not boxes */
	assert_int_equal(testpdf_run(&o, "pdftoppm -png -r 80 -f 1 -l 1 '%s' '%s/mixed' 2>&1",
	    path, tmpdir), 0);
	assert_string_equal(buf_str(&o), "");
	pdffont_free(fonts[0]);
	pdffont_free(fonts[1]);
	buf_free(&pdf);
	buf_free(&o);
}

static void
test_a_subset_of_a_few_glyphs_is_small(void **state)
{
	pdffont *f = load("fonts/ipaexm.ttf");
	const struct line lines[] = {{0, "便り年賀状"}, {0, NULL}};
	buf pdf = BUF_INIT, prog = BUF_INIT;
	const char *len1;

	one_file(&pdf, &f, 1, lines);
	assert_int_equal(stream(&pdf, TRUETYPE, 4, 0, &prog), 0);
	assert_non_null(len1 = find(&pdf, 0, "/Length1 "));
	assert_int_equal(atol(len1 + 9), (long)prog.len);
	/* the font file is 7,835,672 bytes */
	assert_true(prog.len < 783567 / 2);
	assert_true(pdf.len < 783567 / 4);
	/* .notdef and the glyphs drawn; not their neighbours */
	assert_true(has_outline(&prog, 0));
	assert_true(has_outline(&prog, pdffont_glyph(f, 0x4FBF)));	/* 便 */
	assert_true(has_outline(&prog, pdffont_glyph(f, 0x72B6)));	/* 状 */
	assert_false(has_outline(&prog, pdffont_glyph(f, 0x4FBF) + 1));
	assert_false(has_outline(&prog, pdffont_glyph(f, 0x3042)));	/* あ */
	pdffont_free(f);
	buf_free(&pdf);
	buf_free(&prog);
}

static void
test_the_same_glyphs_give_the_same_bytes(void **state)
{
	pdffont *f = load("fonts/ipaexm.ttf"), *g = load("fonts/ipaexm.ttf");
	const struct line lines[] = {{0, "年賀状"}, {0, NULL}};
	const struct line other[] = {{0, "年賀"}, {0, NULL}};
	buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	const char *ta, *tc;

	one_file(&a, &f, 1, lines);
	one_file(&b, &f, 1, lines);	/* the same pdffont, a second file */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	buf_clear(&b);
	one_file(&b, &g, 1, lines);	/* another load */
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);

	/* other glyphs, another subset tag */
	one_file(&c, &f, 1, other);
	assert_non_null(ta = find(&a, 0, "+IPAexMincho"));
	assert_non_null(tc = find(&c, 0, "+IPAexMincho"));
	assert_memory_not_equal(ta - 6, tc - 6, 6);
	for (int i = 1; i <= 6; i++) {
		assert_true(ta[-i] >= 'A' && ta[-i] <= 'Z');
		assert_true(tc[-i] >= 'A' && tc[-i] <= 'Z');
	}
	pdffont_free(f);
	pdffont_free(g);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

static void
test_a_second_file_holds_only_its_own_glyphs(void **state)
{
	pdffont *f = load("fonts/ipaexm.ttf");
	const struct line first[] = {{0, "便り"}, {0, NULL}};
	const struct line second[] = {{0, "年賀状"}, {0, NULL}};
	buf a = BUF_INIT, b = BUF_INIT, prog = BUF_INIT, cmap = BUF_INIT;
	char path[1200];

	one_file(&a, &f, 1, first);
	one_file(&b, &f, 1, second);
	testpdf_save(tmpdir, "second.pdf", &b, path, sizeof(path));
	check_file(path, "年賀状\n\n\f");
	assert_int_equal(stream(&b, TRUETYPE, 4, 0, &prog), 0);
	assert_true(has_outline(&prog, pdffont_glyph(f, 0x5E74)));	/* 年 */
	assert_false(has_outline(&prog, pdffont_glyph(f, 0x4FBF)));	/* 便 */
	assert_false(has_outline(&prog, pdffont_glyph(f, 0x308A)));	/* り */
	assert_int_equal(stream(&b, CMAP_START, strlen(CMAP_START), 0, &cmap), 0);
	assert_non_null(strstr(buf_str(&cmap), "3 beginbfchar\n"));
	assert_null(strstr(buf_str(&cmap), "<4FBF>"));
	assert_non_null(strstr(buf_str(&cmap), "<5E74>"));
	pdffont_free(f);
	buf_free(&a);
	buf_free(&b);
	buf_free(&prog);
	buf_free(&cmap);
}

/* The /W array of pdf as a width per glyph, -1 where it gives none. */
static void
read_widths(const buf *pdf, int *width, unsigned nglyphs)
{
	const char *p = find(pdf, 0, "/W [");
	char *e;

	assert_non_null(p);
	for (unsigned g = 0; g < nglyphs; g++)
		width[g] = -1;
	for (p += 4;;) {
		long first;

		while (*p == ' ')
			p++;
		if (*p == ']')
			break;
		first = strtol(p, &e, 10);
		assert_true(e > p && e[0] == ' ' && e[1] == '[');
		for (p = e + 2; *p != ']'; p = e) {
			long w = strtol(p, &e, 10);

			assert_true(e > p);
			assert_true(first >= 0 && (unsigned long)first < nglyphs);
			width[first++] = (int)w;
			while (*e == ' ')
				e++;
		}
		p++;
	}
}

/*
 * Over two hundred Latin glyphs: ToUnicode in blocks of at most 100;
 * /W gives the glyphs drawn, and only those, the layout's advance.
 */
static void
test_many_glyphs_make_cmap_blocks_of_at_most_100(void **state)
{
	pdffont *f = load("fonts/NotoSerif-Regular.ttf");
	const font *m = pdffont_font(f);
	buf text = BUF_INIT, pdf = BUF_INIT, cmap = BUF_INIT, want = BUF_INIT;
	struct line lines[16];
	char *parts[16], path[1200];
	int n = 0, nlines = 0, *width = mem_alloc(font_nglyphs(m) * sizeof(int));
	unsigned char *drawn = mem_calloc(font_nglyphs(m), 1);

	for (uint32_t cp = 0x21; cp <= 0x14F; cp++) {
		if (cp >= 0x7F && cp <= 0xA0)
			continue;
		if (cp == 0xAD)		/* the soft hyphen: pdftotext drops it */
			continue;
		utf8_put(&text, cp);
		drawn[pdffont_glyph(f, cp)] = 1;
		if (++n % 20 == 0 || cp == 0x14F) {
			parts[nlines] = buf_detach(&text);
			lines[nlines].font = 0;
			lines[nlines].text = parts[nlines];
			nlines++;
		}
	}
	lines[nlines].text = NULL;
	one_file(&pdf, &f, 1, lines);
	testpdf_save(tmpdir, "latin.pdf", &pdf, path, sizeof(path));
	for (int i = 0; i < nlines; i++)
		buf_printf(&want, "%s\n", parts[i]);
	buf_puts(&want, "\n\f");
	check_file(path, buf_str(&want));

	assert_int_equal(stream(&pdf, CMAP_START, strlen(CMAP_START), 0, &cmap), 0);
	assert_true(n > 200 && n < 300);
	assert_non_null(strstr(buf_str(&cmap), "100 beginbfchar\n"));
	assert_non_null(strstr(strstr(buf_str(&cmap), "100 beginbfchar\n") + 1,
	    "100 beginbfchar\n"));
	buf_clear(&want);
	buf_printf(&want, "\n%d beginbfchar\n", n - 200);
	assert_non_null(strstr(buf_str(&cmap), buf_str(&want)));
	assert_non_null(strstr(buf_str(&cmap), "1 begincodespacerange\n<0000> <FFFF>\n"));

	assert_non_null(find(&pdf, 0, "/DW 1000 /W ["));
	read_widths(&pdf, width, font_nglyphs(m));
	for (unsigned g = 0; g < font_nglyphs(m); g++) {
		if (drawn[g])
			assert_int_equal(width[g] == -1 ? 1000 : width[g],
			    font_glyph_advance(m, g));
		else
			assert_int_equal(width[g], -1);
	}
	for (int i = 0; i < nlines; i++)
		mem_free(parts[i]);
	mem_free(width);
	mem_free(drawn);
	pdffont_free(f);
	buf_free(&text);
	buf_free(&pdf);
	buf_free(&cmap);
	buf_free(&want);
}

/*
 * A glyph standing for text beyond the BMP (as a layout may draw one
 * glyph for an emoji it lacks): a surrogate pair in ToUnicode, and the
 * emoji in the extracted text.
 */
static void
test_text_beyond_the_bmp_is_a_surrogate_pair(void **state)
{
	pdffont *f = load("fonts/NotoSerif-Regular.ttf");
	static const struct line lines[] = {{0, "Post*"}, {0, NULL}};
	buf pdf = BUF_INIT, cmap = BUF_INIT, want = BUF_INIT;
	unsigned g = pdffont_glyph(f, '*');
	char path[1200];

	pdffont_use(f, g, 0x1F4EE);	/* 📮, before the page draws '*' as this glyph: it stays */
	pdffont_use(f, 5, 0xD800);	/* a lone surrogate: drawn, no text */
	pdffont_use(f, font_nglyphs(pdffont_font(f)), 'x');	/* past the font: ignored */
	one_file(&pdf, &f, 1, lines);
	testpdf_save(tmpdir, "astral.pdf", &pdf, path, sizeof(path));
	check_file(path, "Post\xf0\x9f\x93\xae\n\n\f");
	assert_int_equal(stream(&pdf, CMAP_START, strlen(CMAP_START), 0, &cmap), 0);
	assert_non_null(strstr(buf_str(&cmap), "\n5 beginbfchar\n"));
	buf_putc(&want, '<');
	pdfnum_put_hex4(&want, g);
	buf_puts(&want, "> <D83DDCEE>\n");
	assert_non_null(strstr(buf_str(&cmap), buf_str(&want)));
	pdffont_free(f);
	buf_free(&pdf);
	buf_free(&cmap);
	buf_free(&want);
}

static void
test_a_missing_or_non_font_file_fails_with_a_reason(void **state)
{
	char err[256] = "";

	assert_null(pdffont_load("fonts/no-such-font.ttf", err, sizeof(err)));
	assert_string_equal(err, "No such file or directory");
	assert_null(pdffont_load("CMakeLists.txt", err, sizeof(err)));
	assert_string_equal(err, "not a TrueType font");
}

/* Each font we ship: embedded, subset, with ToUnicode, its text back. */
static void
test_every_shipped_font_embeds(void **state)
{
	static const char *const paths[] = {"fonts/ipaexg.ttf", "fonts/NotoSans-Regular.ttf",
	    "fonts/NotoSans-Bold.ttf", "fonts/NotoSerif-Bold.ttf", "fonts/NotoSerif-Italic.ttf"};
	static const struct line lines[] = {{0, "Tayori 24"}, {0, NULL}};
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		pdffont *f = load(paths[i]);

		buf_clear(&pdf);
		one_file(&pdf, &f, 1, lines);
		testpdf_save(tmpdir, "each.pdf", &pdf, path, sizeof(path));
		check_file(path, "Tayori 24\n\n\f");
		assert_int_equal(testpdf_run(&o, "pdffonts '%s' 2>&1", path), 0);
		assert_non_null(strstr(buf_str(&o), "CID TrueType      Identity-H       yes yes yes"));
		pdffont_free(f);
	}
	buf_free(&pdf);
	buf_free(&o);
}

/*
 * The descriptor of Noto Serif Italic: serif, italic and symbolic
 * (2 + 64 + 4), leaning 12 degrees, the head table's box at 1000/em.
 */
static void
test_the_descriptor_tells_an_italic_serif(void **state)
{
	pdffont *f = load("fonts/NotoSerif-Italic.ttf");
	static const struct line lines[] = {{0, "Dear"}, {0, NULL}};
	buf pdf = BUF_INIT;

	one_file(&pdf, &f, 1, lines);
	assert_non_null(find(&pdf, 0, "+NotoSerif-Italic /Flags 70 /FontBBox [ -731 -389 2797 1048 ]"
	    " /ItalicAngle -12 /Ascent 1069 /Descent -293 /CapHeight 714 /StemV 88 /FontFile2 "));
	pdffont_free(f);
	buf_free(&pdf);
}

/* A font a page names but that draws nothing is still a valid font. */
static void
test_a_font_with_no_glyph_used_is_still_valid(void **state)
{
	pdffont *fonts[2] = {load("fonts/NotoSerif-Regular.ttf"), load("fonts/ipaexm.ttf")};
	static const struct line lines[] = {{0, "Only Latin"}, {0, NULL}};
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	one_file(&pdf, fonts, 2, lines);
	testpdf_save(tmpdir, "unused.pdf", &pdf, path, sizeof(path));
	check_file(path, "Only Latin\n\n\f");
	assert_int_equal(testpdf_run(&o, "pdffonts '%s' 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "+IPAexMincho "));
	pdffont_free(fonts[0]);
	pdffont_free(fonts[1]);
	buf_free(&pdf);
	buf_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_japanese_and_latin_text_round_trip),
		cmocka_unit_test(test_a_subset_of_a_few_glyphs_is_small),
		cmocka_unit_test(test_the_same_glyphs_give_the_same_bytes),
		cmocka_unit_test(test_a_second_file_holds_only_its_own_glyphs),
		cmocka_unit_test(test_many_glyphs_make_cmap_blocks_of_at_most_100),
		cmocka_unit_test(test_text_beyond_the_bmp_is_a_surrogate_pair),
		cmocka_unit_test(test_a_missing_or_non_font_file_fails_with_a_reason),
		cmocka_unit_test(test_every_shipped_font_embeds),
		cmocka_unit_test(test_the_descriptor_tells_an_italic_serif),
		cmocka_unit_test(test_a_font_with_no_glyph_used_is_still_valid),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
