/* flate: whole-buffer compression in the zlib format PDF's FlateDecode reads, through libdeflate. */
#ifndef TAYORI_FLATE_H
#define TAYORI_FLATE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * The level the PDF writer uses: on the benchmark job, libdeflate 1
 * makes the whole build 17 % faster than libdeflate 6 for a file 9 %
 * larger (still 8 % smaller than zlib 6's, libharu's); see
 * bench/README.md for the figures.
 */
#define FLATE_LEVEL 1

typedef struct flate flate;

/* A compressor at level (1 .. 12); NULL when libdeflate refuses it. */
flate *flate_new(int level);
/* Append in[0..n) compressed (zlib format: header, deflate, Adler-32) to out. 0 or -1. */
int flate_compress(flate *f, const void *in, size_t n, buf *out);
void flate_free(flate *f);

#endif
