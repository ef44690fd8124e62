/* image: validate PNG and JPEG files by decoding them before libharu sees them. */
#include "image/image.h"

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/* libpng allocates through util/mem. */
static png_voidp
png_mem_alloc(png_structp png, png_alloc_size_t n)
{
	return mem_alloc(n);
}

static void
png_mem_free(png_structp png, png_voidp p)
{
	mem_free(p);
}

static int
too_large(unsigned long w, unsigned long h, char *err, size_t errlen)
{
	if (w == 0 || h == 0) {
		snprintf(err, errlen, "%lu x %lu pixels: the image is empty", w, h);
		return 1;
	}
	if (w > IMAGE_MAX_SIDE || h > IMAGE_MAX_SIDE ||
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

void
image_rgb_to_cmyk(double r, double g, double b, double out[4])
{
	double k = 1 - (r > g ? (r > b ? r : b) : (g > b ? g : b));

	if (k >= 1) {
		out[0] = out[1] = out[2] = 0;
		out[3] = 1;
		return;
	}
	out[0] = (1 - r - k) / (1 - k);
	out[1] = (1 - g - k) / (1 - k);
	out[2] = (1 - b - k) / (1 - k);
	out[3] = k;
}

void
image_pixels_free(image_pixels *px)
{
	mem_free(px->p);
	mem_free(px->alpha);
	px->p = NULL;
	px->alpha = NULL;
}

/* Per-row conversion state: the last RGB seen, since runs of one colour are common. */
struct conv {
	int have;
	unsigned char rgb[3], cmyk[4];
};

static unsigned char
flatten(unsigned v, unsigned a)
{
	/* v over white paper with coverage a/255 */
	return (unsigned char)(255 - ((255 - v) * a + 127) / 255);
}

static void
to_cmyk(struct conv *cv, const unsigned char rgb[3], unsigned char *out)
{
	double v[4];
	int i;

	if (!cv->have || memcmp(cv->rgb, rgb, 3) != 0) {
		image_rgb_to_cmyk(rgb[0] / 255.0, rgb[1] / 255.0, rgb[2] / 255.0, v);
		for (i = 0; i < 4; i++)
			cv->cmyk[i] = (unsigned char)(v[i] * 255 + 0.5);
		memcpy(cv->rgb, rgb, 3);
		cv->have = 1;
	}
	memcpy(out, cv->cmyk, 4);
}

/*
 * One row of w pixels of inch 8-bit channels (1 grey, 2 grey+alpha,
 * 3 RGB, 4 RGBA) into px's row y: as they are for office printing (an
 * alpha plane or 3 channels), else grey or CMYK on white.
 */
static void
emit_row(image_pixels *px, struct conv *cv, const unsigned char *in, int inch, int y)
{
	unsigned char *out = px->p + (size_t)y * (size_t)px->w * (size_t)px->channels;
	unsigned char *alpha = px->alpha ? px->alpha + (size_t)y * (size_t)px->w : NULL;
	unsigned char rgb[3];
	int x;

	if (alpha || px->channels == 3) {
		for (x = 0; x < px->w; x++, in += inch, out += px->channels) {
			memcpy(out, in, (size_t)px->channels);
			if (alpha)
				alpha[x] = in[px->channels];
		}
		return;
	}
	for (x = 0; x < px->w; x++, in += inch) {
		switch (inch) {
		case 1:
			out[x] = in[0];
			break;
		case 2:
			out[x] = flatten(in[0], in[1]);
			break;
		case 3:
			to_cmyk(cv, in, out + 4 * x);
			break;
		default:
			rgb[0] = flatten(in[0], in[3]);
			rgb[1] = flatten(in[1], in[3]);
			rgb[2] = flatten(in[2], in[3]);
			to_cmyk(cv, rgb, out + 4 * x);
			break;
		}
	}
}

/* What load decodes the pixels for, if anything. */
enum decode { DECODE_NONE, DECODE_PRINT, DECODE_RGB };

static void
alloc_pixels(image_pixels *px, const image_info *info, enum decode how)
{
	size_t n = (size_t)info->w * (size_t)info->h;

	px->w = info->w;
	px->h = info->h;
	if (how == DECODE_RGB) {
		px->channels = info->color ? 3 : 1;
		if (info->alpha)
			px->alpha = mem_alloc(n);
	} else
		px->channels = info->color ? 4 : 1;
	px->p = mem_alloc(n * (size_t)px->channels);
}

static int
check_png(FILE *f, image_info *info, image_pixels *px, enum decode how, char *err,
    size_t errlen)
{
	struct png_err pe;
	struct conv cv;
	png_structp png;
	png_infop pinfo = NULL;
	png_bytep volatile row = NULL;
	png_bytep *volatile rows = NULL;
	png_uint_32 pw, ph;
	size_t rowbytes;
	int volatile rc = -1;
	int bit_depth, color_type, interlace, passes, y, pass, inch;
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
	memset(&cv, 0, sizeof(cv));
	png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &pe, png_fail, png_warn,
	    NULL, png_mem_alloc, png_mem_free);
	if (png == NULL) {
		snprintf(err, errlen, "cannot initialise libpng");
		return -1;
	}
	pinfo = png_create_info_struct(png);
	if (pinfo == NULL) {
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
	png_read_info(png, pinfo);
	png_get_IHDR(png, pinfo, &pw, &ph, &bit_depth, &color_type, &interlace,
	    NULL, NULL);
	if (too_large(pw, ph, err, errlen))
		goto out;
	info->kind = IMAGE_PNG;
	info->w = (int)pw;
	info->h = (int)ph;
	info->color = (color_type & PNG_COLOR_MASK_COLOR) != 0;
	info->alpha = (color_type & PNG_COLOR_MASK_ALPHA) != 0 ||
	    png_get_valid(png, pinfo, PNG_INFO_tRNS);
	/* 8-bit grey, grey+alpha, RGB or RGBA, whatever the file holds. */
	png_set_expand(png);
	png_set_strip_16(png);
	passes = png_set_interlace_handling(png);
	png_read_update_info(png, pinfo);
	rowbytes = png_get_rowbytes(png, pinfo);
	inch = png_get_channels(png, pinfo);
	if (px == NULL || passes == 1) {
		row = mem_alloc(rowbytes);
		if (px)
			alloc_pixels(px, info, how);
		for (pass = 0; pass < passes; pass++)
			for (y = 0; y < (int)ph; y++) {
				png_read_row(png, row, NULL);
				if (px)
					emit_row(px, &cv, row, inch, y);
			}
	} else {
		/* Interlaced passes refine the whole image: keep all of it. */
		row = mem_alloc(rowbytes * ph);
		rows = mem_alloc(ph * sizeof(*rows));
		for (y = 0; y < (int)ph; y++)
			rows[y] = row + (size_t)y * rowbytes;
		png_read_image(png, rows);
		alloc_pixels(px, info, how);
		for (y = 0; y < (int)ph; y++)
			emit_row(px, &cv, row + (size_t)y * rowbytes, inch, y);
	}
	png_read_end(png, NULL);
	rc = 0;
out:
	if (rc < 0 && px)
		image_pixels_free(px);
	mem_free(rows);
	mem_free(row);
	png_destroy_read_struct(&png, pinfo ? &pinfo : NULL, NULL);
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
check_jpeg(FILE *f, image_info *info, image_pixels *px, char *err, size_t errlen)
{
	struct jpeg_decompress_struct cinfo;
	struct jpeg_err je;
	struct conv cv;
	JSAMPARRAY row;
	unsigned char *out;
	JDIMENSION x;
	int volatile rc = -1;
	int volatile started = 0;
	int invert;

	memset(&cinfo, 0, sizeof(cinfo));
	memset(&cv, 0, sizeof(cv));
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
	info->kind = IMAGE_JPEG;
	info->w = (int)cinfo.image_width;
	info->h = (int)cinfo.image_height;
	info->components = cinfo.num_components;
	info->color = cinfo.num_components == 3;
	info->adobe = cinfo.saw_Adobe_marker != 0;
	invert = cinfo.num_components == 4 && cinfo.saw_Adobe_marker;
	if (px) {
		cinfo.out_color_space = cinfo.num_components == 1 ? JCS_GRAYSCALE :
		    cinfo.num_components == 3 ? JCS_RGB : JCS_CMYK;
		px->w = info->w;
		px->h = info->h;
		px->channels = cinfo.num_components == 1 ? 1 : 4;
		px->p = mem_alloc((size_t)px->w * (size_t)px->h * (size_t)px->channels);
	}
	jpeg_start_decompress(&cinfo);
	row = (*cinfo.mem->alloc_sarray)((j_common_ptr)&cinfo, JPOOL_IMAGE,
	    cinfo.output_width * cinfo.output_components, 1);
	while (cinfo.output_scanline < cinfo.output_height) {
		JDIMENSION y = cinfo.output_scanline;

		jpeg_read_scanlines(&cinfo, row, 1);
		if (px == NULL)
			continue;
		if (cinfo.output_components == 3) {
			emit_row(px, &cv, row[0], 3, (int)y);
			continue;
		}
		out = px->p + (size_t)y * (size_t)px->w * (size_t)px->channels;
		for (x = 0; x < cinfo.output_width * (JDIMENSION)px->channels; x++)
			out[x] = (unsigned char)(invert ? 255 - row[0][x] : row[0][x]);
	}
	jpeg_finish_decompress(&cinfo);
	rc = 0;
out:
	if (rc < 0 && px)
		image_pixels_free(px);
	if (started)
		jpeg_destroy_decompress(&cinfo);
	return rc;
}

static int
load(const char *path, image_info *info, image_pixels *px, enum decode how, char *err,
    size_t errlen)
{
	static const unsigned char png_sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned char sig[8];
	struct stat sb;
	FILE *f = NULL;
	size_t n;
	int fd, rc = -1;

	memset(info, 0, sizeof(*info));
	if (px)
		memset(px, 0, sizeof(*px));
	/* O_NONBLOCK: opening a FIFO waits for a writer that never comes */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) == -1)
		snprintf(err, errlen, "%s", strerror(errno));
	else if (!S_ISREG(sb.st_mode))
		snprintf(err, errlen, "%s, not a regular file",
		    S_ISDIR(sb.st_mode) ? "a directory" :
		    S_ISFIFO(sb.st_mode) ? "a FIFO" :
		    S_ISSOCK(sb.st_mode) ? "a socket" : "a device");
	else if ((f = fdopen(fd, "rb")) == NULL)
		snprintf(err, errlen, "%s", strerror(errno));
	if (f == NULL) {
		close(fd);
		return -1;
	}
	n = fread(sig, 1, sizeof(sig), f);
	if (n == 0) {
		snprintf(err, errlen, "%s", ferror(f) ? strerror(errno) : "empty file");
		goto out;
	}
	rewind(f);
	if (n == sizeof(sig) && memcmp(sig, png_sig, sizeof(sig)) == 0)
		rc = check_png(f, info, px, how, err, errlen);
	else if (n < 3 || sig[0] != 0xff || sig[1] != 0xd8 || sig[2] != 0xff)
		snprintf(err, errlen, "not a PNG or JPEG file");
	else if (how == DECODE_RGB)
		snprintf(err, errlen, "a JPEG file: only PNGs are decoded for office printing");
	else
		rc = check_jpeg(f, info, px, err, errlen);
out:
	fclose(f);
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
	image_info info;

	if (load(path, &info, NULL, DECODE_NONE, err, errlen) < 0)
		return -1;
	*kind = info.kind;
	if (w)
		*w = info.w;
	if (h)
		*h = info.h;
	return 0;
}

int
image_inspect(const char *path, image_info *info, char *err, size_t errlen)
{
	return load(path, info, NULL, DECODE_NONE, err, errlen);
}

int
image_decode_print(const char *path, image_pixels *px, char *err, size_t errlen)
{
	image_info info;

	return load(path, &info, px, DECODE_PRINT, err, errlen);
}

int
image_decode_rgb(const char *path, image_pixels *px, char *err, size_t errlen)
{
	image_info info;

	return load(path, &info, px, DECODE_RGB, err, errlen);
}
