/* image: validate PNG and JPEG files by decoding them before libharu sees them. */
#ifndef TAYORI_IMAGE_H
#define TAYORI_IMAGE_H

#include <stddef.h>

/*
 * Limits, checked from the header before any pixel memory is allocated:
 * a bigger image is a mistake (a photo straight off a camera is ~24 MP)
 * and decoding it would take seconds and hundreds of megabytes.
 */
#define IMAGE_MAX_SIDE		10000
#define IMAGE_MAX_PIXELS	40000000L

/*
 * Fully decode the PNG or JPEG file at path (sniffed by signature, not by
 * name). 0 with its size in *w, *h (either may be NULL), or -1 with a
 * one-line reason in err ("empty file", "truncated", a libpng/libjpeg
 * message, ...): libharu aborts on bad PNGs and embeds bad JPEGs as is.
 */
int image_check(const char *path, int *w, int *h, char *err, size_t errlen);

enum image_kind {
	IMAGE_PNG = 1,
	IMAGE_JPEG
};

/* image_check that also says which kind of file it was in *kind. */
int image_check_kind(const char *path, int *kind, int *w, int *h, char *err,
    size_t errlen);

/* What image_inspect learns about a valid file. */
typedef struct image_info {
	int kind;		/* IMAGE_PNG or IMAGE_JPEG */
	int w, h;
	int color;		/* RGB or palette PNG (even a grey palette), 3-component JPEG */
	int alpha;		/* PNG with an alpha channel or tRNS transparency */
	int components;		/* JPEG: 1, 3 or 4; PNG: 0 */
	int adobe;		/* JPEG with an Adobe APP14 marker: CMYK data is stored inverted */
} image_info;

/* image_check_kind that fills *info. 0 or -1 with a reason in err. */
int image_inspect(const char *path, image_info *info, char *err, size_t errlen);

/* Decoded pixels, 8 bits a component, rows top to bottom. */
typedef struct image_pixels {
	int w, h;
	int channels;		/* 1: DeviceGray, 3: DeviceRGB, 4: DeviceCMYK (0 = no ink) */
	unsigned char *p;	/* w * h * channels bytes; image_pixels_free frees */
	unsigned char *alpha;	/* NULL, or w * h bytes of coverage (255 opaque) */
} image_pixels;

/*
 * Decode the PNG or JPEG at path, under the limits above, into ink a
 * print shop can run without RGB: sources without colour become grey,
 * everything else CMYK by image_rgb_to_cmyk (an Adobe-inverted CMYK JPEG
 * is un-inverted). Transparency is flattened onto white paper. 0, or -1
 * with a reason in err and px->p NULL.
 */
int image_decode_print(const char *path, image_pixels *px, char *err, size_t errlen);

/*
 * Decode the PNG at path, under the limits above, for office printing:
 * grey or RGB as the file has it (a palette expanded to RGB, 16 bits
 * reduced to 8), its alpha channel or tRNS transparency apart in
 * px->alpha. A JPEG is refused: it goes into a PDF as it is. 0, or -1
 * with a reason in err and px->p NULL.
 */
int image_decode_rgb(const char *path, image_pixels *px, char *err, size_t errlen);
void image_pixels_free(image_pixels *px);

/*
 * The one RGB to CMYK rule, for layout colours and images alike (no ICC
 * conversion: naive, predictable, and black stays pure K):
 * K = 1 - max(R, G, B); C = (1 - R - K) / (1 - K), M and Y likewise;
 * black is 0 0 0 1. r, g, b in 0..1; out[0..3] = C, M, Y, K in 0..1.
 */
void image_rgb_to_cmyk(double r, double g, double b, double out[4]);

#endif
