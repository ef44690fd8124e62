/* flate: whole-buffer compression in the zlib format PDF's FlateDecode reads, through libdeflate. */
#ifndef TAYORI_FLATE_H
#define TAYORI_FLATE_H

#include <stddef.h>

#include "util/buf.h"

/*
 * The level the PDF writer uses: on the benchmark job's streams,
 * libdeflate 6 is 4.6 % smaller than zlib 6 (libharu's) in 61 % of its
 * CPU time; see bench/README.md for the figures.
 */
#define FLATE_LEVEL 6

typedef struct flate flate;

/* A compressor at level (1 .. 12); NULL when libdeflate refuses it. */
flate *flate_new(int level);
/* Append in[0..n) compressed (zlib format: header, deflate, Adler-32) to out. 0 or -1. */
int flate_compress(flate *f, const void *in, size_t n, buf *out);
void flate_free(flate *f);

#endif
