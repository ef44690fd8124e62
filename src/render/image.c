/* image: validate PNG and JPEG files by decoding them before libharu sees them. */
#include "render/image.h"

#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>

#include <jpeglib.h>
#include <png.h>

#include "util/mem.h"

struct png_err {
	jmp_buf jb;
	char msg[200];
};

static void
png_fail(png_structp png, png_const_charp msg)
{
	struct png_err *pe = png_get_error_ptr(png);

	snprintf(pe->msg, sizeof(pe->msg), "%s", msg);
	longjmp(pe->jb, 1);
}

static void
png_warn(png_structp png, png_const_charp msg)
{
	/* Benign warnings (unknown chunks, gamma) are not failures. */
}

static int
too_large(unsigned long w, unsigned long h, char *err, size_t errlen)
{
	if (w == 0 || h == 0 || w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
	    w * h > (unsigned long)IMAGE_MAX_PIXELS) {
		snprintf(err, errlen, "%lu x %lu pixels is too large "
		    "(at most %d x %d and %ld megapixels)", w, h,
		    IMAGE_MAX_SIDE, IMAGE_MAX_SIDE, IMAGE_MAX_PIXELS / 1000000);
		return 1;
	}
	return 0;
}

static unsigned long
be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	    (unsigned long)p[2] << 8 | p[3];
}

static int
check_png(FILE *f, int *w, int *h, char *err, size_t errlen)
{
	struct png_err pe;
	png_structp png;
	png_infop info = NULL;
	png_bytep volatile row = NULL;
	png_uint_32 pw, ph;
	int volatile rc = -1;
	int bit_depth, color_type, interlace, passes, y, pass;
	unsigned char ihdr[24];

	/*
	 * The size, straight from IHDR (always the first chunk), before libpng
	 * reads on: png_read_info stops only at the first IDAT.
	 */
	if (fread(ihdr, 1, sizeof(ihdr), f) != sizeof(ihdr) ||
	    memcmp(ihdr + 12, "IHDR", 4) != 0) {
		snprintf(err, errlen, "truncated or missing IHDR");
		return -1;
	}
	if (too_large(be32(ihdr + 16), be32(ihdr + 20), err, errlen))
		return -1;
	rewind(f);
	pe.msg[0] = '\0';
	png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &pe, png_fail, png_warn);
	if (png == NULL) {
		snprintf(err, errlen, "cannot initialise libpng");
		return -1;
	}
	info = png_create_info_struct(png);
	if (info == NULL) {
		snprintf(err, errlen, "cannot initialise libpng");
		goto out;
	}
	if (setjmp(pe.jb)) {
		snprintf(err, errlen, "%s", pe.msg[0] ? pe.msg : "invalid PNG");
		goto out;
	}
	png_init_io(png, f);
	/* A bad CRC anywhere, critical or ancillary chunk, is an error. */
	png_set_crc_action(png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
	/* libpng itself refuses a larger IHDR before allocating anything. */
	png_set_user_limits(png, IMAGE_MAX_SIDE, IMAGE_MAX_SIDE);
	png_read_info(png, info);
	png_get_IHDR(png, info, &pw, &ph, &bit_depth, &color_type, &interlace,
	    NULL, NULL);
	if (too_large(pw, ph, err, errlen))
		goto out;
	passes = png_set_interlace_handling(png);
	png_read_update_info(png, info);
	row = mem_alloc(png_get_rowbytes(png, info));
	for (pass = 0; pass < passes; pass++)
		for (y = 0; y < (int)ph; y++)
			png_read_row(png, row, NULL);
	png_read_end(png, NULL);
	if (w)
		*w = (int)pw;
	if (h)
		*h = (int)ph;
	rc = 0;
out:
	mem_free(row);
	png_destroy_read_struct(&png, info ? &info : NULL, NULL);
	return rc;
}

struct jpeg_err {
	struct jpeg_error_mgr mgr;
	jmp_buf jb;
};

static void
jpeg_fail(j_common_ptr cinfo)
{
	struct jpeg_err *je = (struct jpeg_err *)cinfo->err;

	longjmp(je->jb, 1);
}

static void
jpeg_message(j_common_ptr cinfo, int level)
{
	/*
	 * libjpeg only warns about corrupt data or a premature end of file
	 * and carries on with made-up pixels; libharu would embed those
	 * bytes unchanged, so a warning is an error here.
	 */
	if (level < 0)
		jpeg_fail(cinfo);
}

static int
check_jpeg(FILE *f, int *w, int *h, char *err, size_t errlen)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_err je;
	JSAMPARRAY row;
	int volatile rc = -1;
	int volatile started = 0;

	memset(&cinfo, 0, sizeof(cinfo));
	cinfo.err = jpeg_std_error(&je.mgr);
	je.mgr.error_exit = jpeg_fail;
	je.mgr.emit_message = jpeg_message;
	if (setjmp(je.jb)) {
		char msg[JMSG_LENGTH_MAX];

		(*cinfo.err->format_message)((j_common_ptr)&cinfo, msg);
		snprintf(err, errlen, "%s", msg);
		goto out;
	}
	jpeg_create_decompress(&cinfo);
	started = 1;
	jpeg_stdio_src(&cinfo, f);
	jpeg_read_header(&cinfo, TRUE);
	if (too_large(cinfo.image_width, cinfo.image_height, err, errlen))
		goto out;
	if (cinfo.num_components != 1 && cinfo.num_components != 3 &&
	    cinfo.num_components != 4) {
		snprintf(err, errlen, "%d colour components (expected 1, 3 or 4)",
		    cinfo.num_components);
		goto out;
	}
	jpeg_start_decompress(&cinfo);
	row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
	    cinfo.output_width * cinfo.output_components, 1);
	while (cinfo.output_scanline < cinfo.output_height)
		jpeg_read_scanlines(&cinfo, row, 1);
	jpeg_finish_decompress(&cinfo);
	if (w)
		*w = (int)cinfo.image_width;
	if (h)
		*h = (int)cinfo.image_height;
	rc = 0;
out:
	if (started)
		jpeg_destroy_decompress(&cinfo);
	return rc;
}

int
image_check(const char *path, int *w, int *h, char *err, size_t errlen)
{
	int kind;

	return image_check_kind(path, &kind, w, h, err, errlen);
}

int
image_check_kind(const char *path, int *kind, int *w, int *h, char *err,
    size_t errlen)
{
	static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char sig[8];
	FILE *f;
	size_t n;
	int rc = -1;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	n = fread(sig, 1, sizeof(sig), f);
	if (n == 0) {
		snprintf(err, errlen, "%s", ferror(f) ? strerror(errno) : "empty file");
		goto out;
	}
	rewind(f);
	if (n == sizeof(sig) && memcmp(sig, png_sig, sizeof(sig)) == 0) {
		*kind = IMAGE_PNG;
		rc = check_png(f, w, h, err, errlen);
	} else if (n >= 3 && sig[0] == 0xff && sig[1] == 0xd8 && sig[2] == 0xff) {
		*kind = IMAGE_JPEG;
		rc = check_jpeg(f, w, h, err, errlen);
	} else
		snprintf(err, errlen, "not a PNG or JPEG file");
out:
	fclose(f);
	return rc;
}
