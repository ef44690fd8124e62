/* pdfnum: numbers and hex codes as content streams write them, without printf. */
#ifndef TAYORI_PDFNUM_H
#define TAYORI_PDFNUM_H

#include "util/buf.h"

/*
 * v rounded to four decimals, without trailing zeros or a trailing
 * point, and "0" for a negative zero: what snprintf("%.4f") then
 * trimming gives, for |v| < 1e14 (beyond, and for NaN or infinities,
 * it falls back to exactly that). A content stream's coordinates,
 * sizes and scales.
 */
void pdfnum_put(buf *b, double v);

/* v in ten-thousandths, rounded as pdfnum_put rounds: 0, or -1 when |v| is too large for it (or not a number). */
int pdfnum_ticks(double v, long long *q);

/* q ten-thousandths as pdfnum_put writes their value (the exact difference of two rounded numbers, say). */
void pdfnum_put_ticks(buf *b, long long q);

/* A whole number in decimal. */
void pdfnum_put_int(buf *b, long long v);

/* The low 16 bits of v as four upper-case hex digits (a 2-byte code in a hex string). */
void pdfnum_put_hex4(buf *b, unsigned long v);

#endif
