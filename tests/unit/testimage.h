/* testimage: PNG and JPEG files written for a test from the pixels it gives. */
#ifndef TAYORI_TESTIMAGE_H
#define TAYORI_TESTIMAGE_H

#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "util/mem.h"

/*
 * A w x h PNG at path from rows of depth-bit samples (8, or 16 big-endian)
 * at px, top to bottom. trns, when given: an alpha per palette entry
 * (ntrns of them), or for grey and RGB the one transparent colour
 * (1 or 3 samples of 8 bits).
 */
static void
testimage_png(const char *path, int w, int h, int depth, int color_type, int interlace,
    const unsigned char *px, const png_color *palette, int npalette,
    const unsigned char *trns, int ntrns)
{
	FILE *f = fopen(path, "wb");
	png_color_16 colour;
	png_structp png;
	png_infop info;
	size_t rowbytes;
	int passes;

	assert_non_null(f);
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(png);
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, depth, color_type,
	    interlace, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (palette)
		png_set_PLTE(png, info, palette, npalette);
	if (trns && color_type == PNG_COLOR_TYPE_PALETTE)
		png_set_tRNS(png, info, trns, ntrns, NULL);
	else if (trns) {
		memset(&colour, 0, sizeof(colour));
		colour.gray = colour.red = trns[0];
		if (color_type == PNG_COLOR_TYPE_RGB) {
			colour.green = trns[1];
			colour.blue = trns[2];
		}
		png_set_tRNS(png, info, NULL, 0, &colour);
	}
	png_write_info(png, info);
	rowbytes = png_get_rowbytes(png, info);
	passes = png_set_interlace_handling(png);
	for (int p = 0; p < passes; p++)
		for (int y = 0; y < h; y++)
			png_write_row(png, px + (size_t)y * rowbytes);
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	assert_int_equal(fclose(f), 0);
}

/*
 * A w x h JPEG at path of 1 (grey), 3 (RGB) or 4 (CMYK) components,
 * every pixel the samples at pixel, or noise (which compresses badly)
 * when pixel is NULL; CMYK with the Adobe APP14 marker when adobe
 * (libjpeg stores the samples as given either way).
 */
static void
testimage_jpeg(const char *path, int w, int h, int components, int adobe,
    const unsigned char *pixel)
{
	struct jpeg_compress_struct c;
	struct jpeg_error_mgr jerr;
	FILE *f = fopen(path, "wb");
	unsigned char *row = mem_alloc((size_t)w * (size_t)components);
	JSAMPROW rows[1] = {row};
	unsigned long seed = 1;

	assert_non_null(f);
	for (int x = 0; pixel && x < w; x++)
		memcpy(row + (size_t)x * (size_t)components, pixel, (size_t)components);
	c.err = jpeg_std_error(&jerr);
	jpeg_create_compress(&c);
	jpeg_stdio_dest(&c, f);
	c.image_width = (JDIMENSION)w;
	c.image_height = (JDIMENSION)h;
	c.input_components = components;
	c.in_color_space = components == 1 ? JCS_GRAYSCALE : components == 3 ? JCS_RGB :
	    JCS_CMYK;
	jpeg_set_defaults(&c);
	if (components == 4) {
		jpeg_set_colorspace(&c, JCS_CMYK);
		c.write_Adobe_marker = adobe ? TRUE : FALSE;
	}
	jpeg_start_compress(&c, TRUE);
	while (c.next_scanline < c.image_height) {
		for (size_t i = 0; !pixel && i < (size_t)w * (size_t)components; i++) {
			seed = seed * 1103515245 + 12345;
			row[i] = (unsigned char)(seed >> 16);
		}
		jpeg_write_scanlines(&c, rows, 1);
	}
	jpeg_finish_compress(&c);
	jpeg_destroy_compress(&c);
	assert_int_equal(fclose(f), 0);
	mem_free(row);
}

#endif
