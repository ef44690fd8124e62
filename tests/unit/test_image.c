/* test_image: PNG and JPEG validation before libharu sees a file. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <jpeglib.h>
#include <png.h>

#include "image/image.h"
#include "util/mem.h"

#include "testimage.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_image", t && *t ? t : "/tmp");
	if (t && *t)
		mkdir(t, 0777);
	mkdir(tmpdir, 0777);
	return 0;
}

static const char *
tmp(const char *name)
{
	static char path[1200];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	return path;
}

static void
write_png(const char *path, int w, int h)
{
	FILE *f = fopen(path, "wb");
	png_structp png;
	png_infop info;
	unsigned char *row = mem_alloc((size_t)w * 3);

	assert_non_null(f);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w * 3; x++)
			row[x] = (unsigned char)(x * 7 + y * 13);
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	fclose(f);
	mem_free(row);
}

static void
write_jpeg_opt(const char *path, int w, int h, int progressive)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr err;
	FILE *f = fopen(path, "wb");
	unsigned char *row = mem_alloc((size_t)w * 3);
	JSAMPROW rows[1] = {row};

	assert_non_null(f);
	c.err = jpeg_std_error(&err);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = 3;
	c.in_color_space = JCS_RGB;
	jpeg_set_defaults(&c);
	if (progressive)
		jpeg_simple_progression(&c);
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		for (int x = 0; x < w * 3; x++)
			row[x] = (unsigned char)(x * 3 + c.next_scanline * 5);
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	fclose(f);
	mem_free(row);
}

static void
write_jpeg(const char *path, int w, int h)
{
	write_jpeg_opt(path, w, h, 0);
}

static unsigned char *
slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *p;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	p = mem_alloc((size_t)len);
	assert_int_equal(fread(p, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return p;
}

static void
spit(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	fclose(f);
}

/* Fails, quickly, with a message. */
static void
assert_refused(const char *path, const char *want)
{
	char err[256] = "";
	int w = -1, h = -1;
	struct timespec a, b;
	double ms;

	/* CPU time: the work it took, whatever else the machine runs */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	assert_int_equal(image_check(path, &w, &h, err, sizeof(err)), -1);
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 100);
	assert_true(strlen(err) > 0);
	if (want && strstr(err, want) == NULL)
		fail_msg("'%s' does not say '%s'", err, want);
	assert_int_equal(w, -1);
}

static uint32_t
crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xffffffffu;

	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1)));
	}
	return c ^ 0xffffffffu;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void
test_valid_png_passes_with_its_size(void **state)
{
	char err[256];
	int w = 0, h = 0, kind = 0;

	write_png(tmp("ok.png"), 40, 30);
	assert_int_equal(image_check_kind(tmp("ok.png"), &kind, &w, &h, err, sizeof(err)), 0);
	assert_int_equal(kind, IMAGE_PNG);
	assert_int_equal(w, 40);
	assert_int_equal(h, 30);
}

static void
test_valid_jpeg_passes_with_its_size(void **state)
{
	char err[256];
	int w = 0, h = 0, kind = 0;

	write_jpeg(tmp("ok.jpg"), 50, 20);
	assert_int_equal(image_check_kind(tmp("ok.jpg"), &kind, &w, &h, err, sizeof(err)), 0);
	assert_int_equal(kind, IMAGE_JPEG);
	assert_int_equal(w, 50);
	assert_int_equal(h, 20);
}

static void
test_empty_missing_and_unknown_files_are_refused(void **state)
{
	spit(tmp("empty.png"), "", 0);
	assert_refused(tmp("empty.png"), "empty file");
	spit(tmp("gif.png"), "GIF89a\x01\x00\x01\x00", 10);
	assert_refused(tmp("gif.png"), "not a PNG or JPEG");
	assert_refused(tmp("no-such-file.png"), "No such file");
}

static void
test_truncated_png_and_jpeg_are_refused(void **state)
{
	unsigned char *p;
	size_t n;

	write_png(tmp("full.png"), 64, 64);
	p = slurp(tmp("full.png"), &n);
	spit(tmp("half.png"), p, n / 2);
	assert_refused(tmp("half.png"), NULL);
	/* Without IEND the image data is complete, but the file is not. */
	spit(tmp("noend.png"), p, n - 12);
	assert_refused(tmp("noend.png"), NULL);
	mem_free(p);

	write_jpeg(tmp("full.jpg"), 64, 64);
	p = slurp(tmp("full.jpg"), &n);
	spit(tmp("half.jpg"), p, n / 2);
	assert_refused(tmp("half.jpg"), NULL);
	mem_free(p);
}

static void
test_png_with_a_bad_crc_is_refused(void **state)
{
	unsigned char *p, *idat;
	size_t n;
	uint32_t len;

	write_png(tmp("crc.png"), 32, 32);
	p = slurp(tmp("crc.png"), &n);
	for (idat = p + 8; idat + 4 < p + n && memcmp(idat, "IDAT", 4) != 0; idat++)
		continue;
	assert_true(idat + 4 < p + n);
	len = (uint32_t)idat[-4] << 24 | (uint32_t)idat[-3] << 16 |
	    (uint32_t)idat[-2] << 8 | idat[-1];
	idat[4 + len + 3] ^= 0x01;	/* last byte of IDAT's CRC */
	spit(tmp("badcrc.png"), p, n);
	assert_refused(tmp("badcrc.png"), "CRC");
	mem_free(p);
}

static void
test_png_claiming_a_million_by_a_million_pixels_is_refused_quickly(void **state)
{
	unsigned char f[8 + 25 + 12];

	memcpy(f, "\x89PNG\r\n\x1a\n", 8);
	put32(f + 8, 13);
	memcpy(f + 12, "IHDR", 4);
	put32(f + 16, 1000000);
	put32(f + 20, 1000000);
	memcpy(f + 24, "\x08\x02\x00\x00\x00", 5);	/* 8-bit RGB */
	put32(f + 29, crc32_of(f + 12, 17));
	put32(f + 33, 0);
	memcpy(f + 37, "IEND", 4);
	put32(f + 41, crc32_of(f + 37, 4));
	spit(tmp("huge.png"), f, sizeof(f));
	assert_refused(tmp("huge.png"), "too large");
}

static void
test_png_over_forty_megapixels_is_refused_before_decoding(void **state)
{
	unsigned char f[8 + 25 + 12];

	/* 8000 x 6000 passes the side limit but not the pixel count. */
	memcpy(f, "\x89PNG\r\n\x1a\n", 8);
	put32(f + 8, 13);
	memcpy(f + 12, "IHDR", 4);
	put32(f + 16, 8000);
	put32(f + 20, 6000);
	memcpy(f + 24, "\x08\x02\x00\x00\x00", 5);
	put32(f + 29, crc32_of(f + 12, 17));
	put32(f + 33, 0);
	memcpy(f + 37, "IEND", 4);
	put32(f + 41, crc32_of(f + 37, 4));
	spit(tmp("big.png"), f, sizeof(f));
	assert_refused(tmp("big.png"), "too large");
}

static void
test_rgb_to_cmyk_follows_the_stated_rule(void **state)
{
	double v[4];

	image_rgb_to_cmyk(1, 0, 0, v);		/* red: full M and Y */
	assert_float_equal(v[0], 0, 1e-9);
	assert_float_equal(v[1], 1, 1e-9);
	assert_float_equal(v[2], 1, 1e-9);
	assert_float_equal(v[3], 0, 1e-9);
	image_rgb_to_cmyk(0, 0, 0, v);		/* black is pure K */
	assert_float_equal(v[0], 0, 1e-9);
	assert_float_equal(v[1], 0, 1e-9);
	assert_float_equal(v[2], 0, 1e-9);
	assert_float_equal(v[3], 1, 1e-9);
	image_rgb_to_cmyk(0.5, 0.5, 0.5, v);	/* greys are K only */
	assert_float_equal(v[0], 0, 1e-9);
	assert_float_equal(v[3], 0.5, 1e-9);
	image_rgb_to_cmyk(0.2, 0.4, 0.8, v);	/* K = 0.2; C = (1 - 0.2 - 0.2) / 0.8 */
	assert_float_equal(v[0], 0.75, 1e-9);
	assert_float_equal(v[1], 0.5, 1e-9);
	assert_float_equal(v[2], 0, 1e-9);
	assert_float_equal(v[3], 0.2, 1e-9);
	image_rgb_to_cmyk(1, 1, 1, v);		/* white is no ink */
	assert_float_equal(v[0] + v[1] + v[2] + v[3], 0, 1e-9);
}

static void
test_rgba_png_decodes_to_cmyk_flattened_onto_white(void **state)
{
	/* opaque red; blue at 128/255 over white = 127 127 255; transparent black = white */
	static const unsigned char rgba[] = {255, 0, 0, 255, 0, 0, 255, 128, 0, 0, 0, 0};
	static const unsigned char want[] = {0, 255, 255, 0, 128, 128, 0, 0, 0, 0, 0, 0};
	image_pixels px;
	image_info info;
	char err[256];

	testimage_png(tmp("rgba.png"), 3, 1, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
	    rgba, NULL, 0, NULL, 0);
	assert_int_equal(image_inspect(tmp("rgba.png"), &info, err, sizeof(err)), 0);
	assert_int_equal(info.kind, IMAGE_PNG);
	assert_true(info.color);
	assert_true(info.alpha);
	assert_int_equal(image_decode_print(tmp("rgba.png"), &px, err, sizeof(err)), 0);
	assert_int_equal(px.w, 3);
	assert_int_equal(px.h, 1);
	assert_int_equal(px.channels, 4);
	assert_memory_equal(px.p, want, sizeof(want));
	image_pixels_free(&px);
	assert_null(px.p);
}

static void
test_grey_alpha_png_decodes_to_flattened_grey(void **state)
{
	static const unsigned char ga[] = {0, 255, 0, 0, 100, 51};
	image_pixels px;
	image_info info;
	char err[256];

	testimage_png(tmp("ga.png"), 3, 1, 8, PNG_COLOR_TYPE_GRAY_ALPHA, PNG_INTERLACE_NONE,
	    ga, NULL, 0, NULL, 0);
	assert_int_equal(image_inspect(tmp("ga.png"), &info, err, sizeof(err)), 0);
	assert_false(info.color);
	assert_true(info.alpha);
	assert_int_equal(image_decode_print(tmp("ga.png"), &px, err, sizeof(err)), 0);
	assert_int_equal(px.channels, 1);
	assert_int_equal(px.p[0], 0);
	assert_int_equal(px.p[1], 255);
	assert_int_equal(px.p[2], 224);	/* 255 - 155 * 51 / 255 */
	image_pixels_free(&px);
}

static void
test_palette_png_with_trns_decodes_to_cmyk(void **state)
{
	static const png_color pal[] = {{0, 255, 0}, {0, 0, 0}};
	static const unsigned char trns[] = {255, 0};
	static const unsigned char idx[] = {0, 1};
	static const unsigned char want[] = {255, 0, 255, 0, 0, 0, 0, 0};
	image_pixels px;
	image_info info;
	char err[256];

	testimage_png(tmp("pal.png"), 2, 1, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
	    idx, pal, 2, trns, 2);
	assert_int_equal(image_inspect(tmp("pal.png"), &info, err, sizeof(err)), 0);
	assert_true(info.color);
	assert_true(info.alpha);
	assert_int_equal(image_decode_print(tmp("pal.png"), &px, err, sizeof(err)), 0);
	assert_int_equal(px.channels, 4);
	assert_memory_equal(px.p, want, sizeof(want));
	image_pixels_free(&px);
}

static void
test_interlaced_png_decodes_like_a_plain_one(void **state)
{
	enum { W = 13, H = 11 };
	unsigned char rgb[W * H * 3];
	image_pixels a, b;
	char err[256];

	for (int i = 0; i < W * H * 3; i++)
		rgb[i] = (unsigned char)(i * 37 + i / 3);
	testimage_png(tmp("plain.png"), W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    rgb, NULL, 0, NULL, 0);
	testimage_png(tmp("adam7.png"), W, H, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_ADAM7,
	    rgb, NULL, 0, NULL, 0);
	assert_int_equal(image_decode_print(tmp("plain.png"), &a, err, sizeof(err)), 0);
	assert_int_equal(image_decode_print(tmp("adam7.png"), &b, err, sizeof(err)), 0);
	assert_int_equal(b.w, W);
	assert_int_equal(b.channels, 4);
	assert_memory_equal(a.p, b.p, (size_t)W * H * 4);
	image_pixels_free(&a);
	image_pixels_free(&b);
}

/* image_decode_rgb gives n samples want of channels each and, unless NULL, the coverage alpha. */
static void
assert_decodes_rgb(const char *path, int channels, const unsigned char *want, size_t n,
    const unsigned char *alpha)
{
	image_pixels px;
	char err[256];

	assert_int_equal(image_decode_rgb(path, &px, err, sizeof(err)), 0);
	assert_int_equal(px.channels, channels);
	assert_int_equal((size_t)px.w * (size_t)px.h * (size_t)channels, n);
	assert_memory_equal(px.p, want, n);
	if (alpha) {
		assert_non_null(px.alpha);
		assert_memory_equal(px.alpha, alpha, n / (size_t)channels);
	} else
		assert_null(px.alpha);
	image_pixels_free(&px);
	assert_null(px.p);
	assert_null(px.alpha);
}

static void
test_rgba_png_decodes_to_rgb_with_its_alpha_apart(void **state)
{
	static const unsigned char rgba[] = {255, 0, 0, 255, 0, 0, 255, 128, 9, 8, 7, 0};
	static const unsigned char rgb[] = {255, 0, 0, 0, 0, 255, 9, 8, 7};
	static const unsigned char alpha[] = {255, 128, 0};

	testimage_png(tmp("rgba.png"), 3, 1, 8, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
	    rgba, NULL, 0, NULL, 0);
	assert_decodes_rgb(tmp("rgba.png"), 3, rgb, sizeof(rgb), alpha);
}

static void
test_palette_png_decodes_to_rgb_and_trns_to_alpha(void **state)
{
	static const png_color pal[] = {{0, 255, 0}, {10, 20, 30}};
	static const unsigned char trns[] = {255, 0};
	static const unsigned char idx[] = {0, 1, 1, 0};
	static const unsigned char rgb[] = {0, 255, 0, 10, 20, 30, 10, 20, 30, 0, 255, 0};
	static const unsigned char alpha[] = {255, 0, 0, 255};

	testimage_png(tmp("pal.png"), 2, 2, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
	    idx, pal, 2, NULL, 0);
	assert_decodes_rgb(tmp("pal.png"), 3, rgb, sizeof(rgb), NULL);
	testimage_png(tmp("pal-trns.png"), 2, 2, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
	    idx, pal, 2, trns, 2);
	assert_decodes_rgb(tmp("pal-trns.png"), 3, rgb, sizeof(rgb), alpha);
}

static void
test_grey_pngs_decode_to_8_bit_grey(void **state)
{
	static const unsigned char two_bit[] = {0x1b};	/* 0 1 2 3 */
	static const unsigned char want[] = {0, 85, 170, 255};
	static const unsigned char grey[] = {0, 64, 128, 64};
	static const unsigned char trns[] = {64};
	static const unsigned char alpha[] = {255, 0, 255, 0};

	testimage_png(tmp("grey2.png"), 4, 1, 2, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    two_bit, NULL, 0, NULL, 0);
	assert_decodes_rgb(tmp("grey2.png"), 1, want, sizeof(want), NULL);
	/* tRNS: grey 64 is transparent */
	testimage_png(tmp("grey-trns.png"), 4, 1, 8, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
	    grey, NULL, 0, trns, 1);
	assert_decodes_rgb(tmp("grey-trns.png"), 1, grey, sizeof(grey), alpha);
}

static void
test_16_bit_png_decodes_to_8_bits(void **state)
{
	/* big-endian samples: 0xffff 0x0000 0x8080, then 0x0000 0xffff 0x4040 with alpha 0x8080 */
	static const unsigned char rgb16[] = {0xff, 0xff, 0, 0, 0x80, 0x80,
	    0, 0, 0xff, 0xff, 0x40, 0x40};
	static const unsigned char rgba16[] = {0, 0, 0xff, 0xff, 0x40, 0x40, 0x80, 0x80};
	static const unsigned char want[] = {255, 0, 128, 0, 255, 64};
	static const unsigned char alpha[] = {128};

	testimage_png(tmp("rgb16.png"), 2, 1, 16, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    rgb16, NULL, 0, NULL, 0);
	assert_decodes_rgb(tmp("rgb16.png"), 3, want, sizeof(want), NULL);
	testimage_png(tmp("rgba16.png"), 1, 1, 16, PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE,
	    rgba16, NULL, 0, NULL, 0);
	assert_decodes_rgb(tmp("rgba16.png"), 3, want + 3, 3, alpha);
}

static void
test_interlaced_png_with_alpha_decodes_to_rgb_like_a_plain_one(void **state)
{
	enum { W = 13, H = 11 };
	unsigned char rgba[W * H * 4];
	image_pixels a, b;
	char err[256];

	for (int i = 0; i < W * H * 4; i++)
		rgba[i] = (unsigned char)(i * 37 + i / 3);
	testimage_png(tmp("plain-a.png"), W, H, 8, PNG_COLOR_TYPE_RGB_ALPHA,
	    PNG_INTERLACE_NONE, rgba, NULL, 0, NULL, 0);
	testimage_png(tmp("adam7-a.png"), W, H, 8, PNG_COLOR_TYPE_RGB_ALPHA,
	    PNG_INTERLACE_ADAM7, rgba, NULL, 0, NULL, 0);
	assert_int_equal(image_decode_rgb(tmp("plain-a.png"), &a, err, sizeof(err)), 0);
	assert_int_equal(image_decode_rgb(tmp("adam7-a.png"), &b, err, sizeof(err)), 0);
	assert_int_equal(b.channels, 3);
	assert_non_null(b.alpha);
	assert_memory_equal(a.p, b.p, (size_t)W * H * 3);
	assert_memory_equal(a.alpha, b.alpha, (size_t)W * H);
	for (int i = 0; i < W * H; i++) {
		assert_memory_equal(b.p + 3 * i, rgba + 4 * i, 3);
		assert_int_equal(b.alpha[i], rgba[4 * i + 3]);
	}
	image_pixels_free(&a);
	image_pixels_free(&b);
}

static void
test_decoding_rgb_refuses_jpegs_and_bad_files(void **state)
{
	unsigned char *p;
	image_pixels px;
	char err[256] = "";
	size_t n;

	write_jpeg(tmp("office.jpg"), 8, 8);
	assert_int_equal(image_decode_rgb(tmp("office.jpg"), &px, err, sizeof(err)), -1);
	assert_null(px.p);
	assert_non_null(strstr(err, "JPEG"));

	write_png(tmp("whole.png"), 64, 64);
	p = slurp(tmp("whole.png"), &n);
	spit(tmp("cut.png"), p, n / 2);
	mem_free(p);
	err[0] = '\0';
	assert_int_equal(image_decode_rgb(tmp("cut.png"), &px, err, sizeof(err)), -1);
	assert_null(px.p);
	assert_null(px.alpha);
	assert_true(strlen(err) > 0);
}

static void
test_cmyk_jpeg_reports_its_adobe_marker_and_decodes_uninverted(void **state)
{
	static const unsigned char ink40[] = {40, 40, 40, 40};
	image_pixels px;
	image_info info;
	char err[256];

	testimage_jpeg(tmp("adobe.jpg"), 16, 16, 4, 1, ink40);
	assert_int_equal(image_inspect(tmp("adobe.jpg"), &info, err, sizeof(err)), 0);
	assert_int_equal(info.components, 4);
	assert_true(info.adobe);
	assert_false(info.color);
	/* Adobe CMYK is stored inverted: 40 in the file is 215 of ink */
	assert_int_equal(image_decode_print(tmp("adobe.jpg"), &px, err, sizeof(err)), 0);
	assert_int_equal(px.channels, 4);
	assert_true(abs(px.p[0] - 215) <= 2);
	image_pixels_free(&px);

	testimage_jpeg(tmp("plain.jpg"), 16, 16, 4, 0, ink40);
	assert_int_equal(image_inspect(tmp("plain.jpg"), &info, err, sizeof(err)), 0);
	assert_false(info.adobe);
	assert_int_equal(image_decode_print(tmp("plain.jpg"), &px, err, sizeof(err)), 0);
	assert_true(abs(px.p[0] - 40) <= 2);
	image_pixels_free(&px);
}

static void
test_rgb_jpeg_decodes_to_cmyk(void **state)
{
	image_pixels px;
	image_info info;
	char err[256];

	write_jpeg(tmp("rgb.jpg"), 24, 8);
	assert_int_equal(image_inspect(tmp("rgb.jpg"), &info, err, sizeof(err)), 0);
	assert_int_equal(info.components, 3);
	assert_true(info.color);
	assert_int_equal(image_decode_print(tmp("rgb.jpg"), &px, err, sizeof(err)), 0);
	assert_int_equal(px.w, 24);
	assert_int_equal(px.h, 8);
	assert_int_equal(px.channels, 4);
	image_pixels_free(&px);
}

static void
test_decoding_a_bad_file_fails_and_leaves_no_pixels(void **state)
{
	unsigned char *p;
	image_pixels px;
	char err[256] = "";
	size_t n;

	write_png(tmp("whole.png"), 64, 64);
	p = slurp(tmp("whole.png"), &n);
	spit(tmp("cut.png"), p, n / 2);
	mem_free(p);
	assert_int_equal(image_decode_print(tmp("cut.png"), &px, err, sizeof(err)), -1);
	assert_null(px.p);
	assert_true(strlen(err) > 0);
}

/* The first marker 0xFF m in a JPEG, or NULL. */
static unsigned char *
find_marker(unsigned char *p, size_t n, int m)
{
	for (size_t i = 2; i + 1 < n; i++)
		if (p[i] == 0xff && p[i + 1] == m)
			return p + i;
	return NULL;
}

/* A copy of a real JPEG whose SOF (baseline or progressive) claims w x h. */
static void
jpeg_claiming(const char *name, int progressive, unsigned w, unsigned h)
{
	unsigned char *p, *sof;
	size_t n;

	write_jpeg_opt(tmp("src.jpg"), 16, 16, progressive);
	p = slurp(tmp("src.jpg"), &n);
	sof = find_marker(p, n, progressive ? 0xc2 : 0xc0);
	assert_non_null(sof);
	sof[5] = (unsigned char)(h >> 8);
	sof[6] = (unsigned char)h;
	sof[7] = (unsigned char)(w >> 8);
	sof[8] = (unsigned char)w;
	spit(tmp(name), p, n);
	mem_free(p);
}

static void
test_empty_and_truncated_jpegs_are_refused_quickly(void **state)
{
	unsigned char *p, *sos;
	size_t n;

	spit(tmp("empty.jpg"), "", 0);
	assert_refused(tmp("empty.jpg"), "empty file");
	spit(tmp("soi.jpg"), "\xff\xd8\xff", 3);
	assert_refused(tmp("soi.jpg"), NULL);

	write_jpeg(tmp("whole.jpg"), 64, 64);
	p = slurp(tmp("whole.jpg"), &n);
	/* without the end-of-image marker */
	spit(tmp("noeoi.jpg"), p, n - 2);
	assert_refused(tmp("noeoi.jpg"), NULL);
	/* headers only: cut where the scan starts */
	sos = find_marker(p, n, 0xda);
	assert_non_null(sos);
	spit(tmp("nosos.jpg"), p, (size_t)(sos - p));
	assert_refused(tmp("nosos.jpg"), NULL);
	mem_free(p);

	write_jpeg_opt(tmp("prog.jpg"), 64, 64, 1);
	p = slurp(tmp("prog.jpg"), &n);
	spit(tmp("halfprog.jpg"), p, n / 2);
	assert_refused(tmp("halfprog.jpg"), NULL);
	mem_free(p);
}

static void
test_jpeg_with_a_bogus_huffman_table_is_refused(void **state)
{
	unsigned char *p, *dht;
	size_t n;

	write_jpeg(tmp("dht.jpg"), 32, 32);
	p = slurp(tmp("dht.jpg"), &n);
	dht = find_marker(p, n, 0xc4);
	assert_non_null(dht);
	/* 16 code-length counts of 0xff: more codes than the table holds */
	memset(dht + 5, 0xff, 16);
	spit(tmp("baddht.jpg"), p, n);
	assert_refused(tmp("baddht.jpg"), "Huffman");
	mem_free(p);
}

static void
test_jpeg_whose_header_claims_more_than_its_data_is_refused_quickly(void **state)
{
	/* the largest size JPEG can state, and the side limit */
	jpeg_claiming("sof-max.jpg", 0, 65535, 65535);
	assert_refused(tmp("sof-max.jpg"), NULL);
	jpeg_claiming("sof-wide.jpg", 0, 60000, 10);
	assert_refused(tmp("sof-wide.jpg"), "too large");
	jpeg_claiming("sof-prog-max.jpg", 1, 65535, 65535);
	assert_refused(tmp("sof-prog-max.jpg"), NULL);
	/* inside the limits (36 MP), with 16 x 16 pixels of data behind it */
	jpeg_claiming("sof-liar.jpg", 0, 9000, 4000);
	assert_refused(tmp("sof-liar.jpg"), NULL);
	jpeg_claiming("sof-prog-liar.jpg", 1, 9000, 4000);
	assert_refused(tmp("sof-prog-liar.jpg"), NULL);
	/* zero rows */
	jpeg_claiming("sof-zero.jpg", 0, 16, 0);
	assert_refused(tmp("sof-zero.jpg"), NULL);
}

/* A real PNG whose IHDR (CRC fixed up) claims w x h. */
static void
png_claiming(const char *name, int realw, int realh, uint32_t w, uint32_t h)
{
	unsigned char *p;
	size_t n;

	write_png(tmp("src.png"), realw, realh);
	p = slurp(tmp("src.png"), &n);
	assert_memory_equal(p + 12, "IHDR", 4);
	put32(p + 16, w);
	put32(p + 20, h);
	put32(p + 29, crc32_of(p + 12, 17));
	spit(tmp(name), p, n);
	mem_free(p);
}

static void
test_png_whose_header_claims_more_than_its_data_is_refused_quickly(void **state)
{
	/* IHDR says 100 x 100; the data holds 100 x 10 */
	png_claiming("short.png", 100, 10, 100, 100);
	assert_refused(tmp("short.png"), "Not enough image data");
	/* inside the limits (36 MP), with 16 x 16 pixels of data behind it */
	png_claiming("liar.png", 16, 16, 9000, 4000);
	assert_refused(tmp("liar.png"), NULL);
	/* wider than the side limit, and wider than PNG allows */
	png_claiming("wide.png", 16, 16, 1000000, 1);
	assert_refused(tmp("wide.png"), "too large");
	png_claiming("huge31.png", 16, 16, 0x7fffffff, 0x7fffffff);
	assert_refused(tmp("huge31.png"), "too large");
	png_claiming("zero.png", 16, 16, 0, 16);
	assert_refused(tmp("zero.png"), "0 x 16 pixels: the image is empty");
}

static void
test_png_with_a_bad_ihdr_crc_is_refused(void **state)
{
	unsigned char *p;
	size_t n;

	write_png(tmp("ihdrcrc.png"), 16, 16);
	p = slurp(tmp("ihdrcrc.png"), &n);
	p[29] ^= 0x80;
	spit(tmp("badihdr.png"), p, n);
	assert_refused(tmp("badihdr.png"), "CRC");
	mem_free(p);
}

static void
test_png_cut_inside_its_header_is_refused(void **state)
{
	unsigned char *p;
	size_t n;

	write_png(tmp("head.png"), 16, 16);
	p = slurp(tmp("head.png"), &n);
	for (size_t cut = 1; cut < 45; cut += 4) {
		spit(tmp("cut-head.png"), p, cut);
		assert_refused(tmp("cut-head.png"), NULL);
	}
	mem_free(p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_png_passes_with_its_size),
		cmocka_unit_test(test_valid_jpeg_passes_with_its_size),
		cmocka_unit_test(test_empty_missing_and_unknown_files_are_refused),
		cmocka_unit_test(test_truncated_png_and_jpeg_are_refused),
		cmocka_unit_test(test_png_with_a_bad_crc_is_refused),
		cmocka_unit_test(test_png_claiming_a_million_by_a_million_pixels_is_refused_quickly),
		cmocka_unit_test(test_png_over_forty_megapixels_is_refused_before_decoding),
		cmocka_unit_test(test_rgb_to_cmyk_follows_the_stated_rule),
		cmocka_unit_test(test_rgba_png_decodes_to_cmyk_flattened_onto_white),
		cmocka_unit_test(test_grey_alpha_png_decodes_to_flattened_grey),
		cmocka_unit_test(test_palette_png_with_trns_decodes_to_cmyk),
		cmocka_unit_test(test_interlaced_png_decodes_like_a_plain_one),
		cmocka_unit_test(test_rgba_png_decodes_to_rgb_with_its_alpha_apart),
		cmocka_unit_test(test_palette_png_decodes_to_rgb_and_trns_to_alpha),
		cmocka_unit_test(test_grey_pngs_decode_to_8_bit_grey),
		cmocka_unit_test(test_16_bit_png_decodes_to_8_bits),
		cmocka_unit_test(test_interlaced_png_with_alpha_decodes_to_rgb_like_a_plain_one),
		cmocka_unit_test(test_decoding_rgb_refuses_jpegs_and_bad_files),
		cmocka_unit_test(test_cmyk_jpeg_reports_its_adobe_marker_and_decodes_uninverted),
		cmocka_unit_test(test_rgb_jpeg_decodes_to_cmyk),
		cmocka_unit_test(test_decoding_a_bad_file_fails_and_leaves_no_pixels),
		cmocka_unit_test(test_empty_and_truncated_jpegs_are_refused_quickly),
		cmocka_unit_test(test_jpeg_with_a_bogus_huffman_table_is_refused),
		cmocka_unit_test(test_jpeg_whose_header_claims_more_than_its_data_is_refused_quickly),
		cmocka_unit_test(test_png_whose_header_claims_more_than_its_data_is_refused_quickly),
		cmocka_unit_test(test_png_with_a_bad_ihdr_crc_is_refused),
		cmocka_unit_test(test_png_cut_inside_its_header_is_refused),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
