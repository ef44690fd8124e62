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

#endif
