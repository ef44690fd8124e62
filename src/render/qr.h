/* qr: QR code symbols (libqrencode) as runs of dark modules: rectangles for a device, or a PDF path on the module grid. */
#ifndef TAYORI_QR_H
#define TAYORI_QR_H

#include "util/buf.h"

/* Called once per horizontal run of dark modules; (x, y) is the lower-left corner. */
typedef void (*qr_rect_fn)(void *ctx, double x, double y, double w, double h);

/*
 * Encode text (8-bit mode, error correction level M, smallest version that
 * fits) and call rect for each run of dark modules, scaled so that the
 * symbol plus its 4-module quiet zone fills the square of the given side
 * whose lower-left corner is (x, y). 0, or -1 when text cannot be encoded
 * (empty or too long).
 */
int qr_draw_rects(const char *text, double x, double y, double side,
    qr_rect_fn rect, void *ctx);

/*
 * Encode text as qr_draw_rects does and append its dark modules to out as
 * one PDF path on the integer module grid: "X Y W 1 re" per run, with the
 * origin at the lower-left corner of the quiet zone, so that one "cm"
 * scales it into place (a module is 1 unit). Returns the grid's modules
 * per side (symbol plus both quiet zones), or -1 as qr_draw_rects.
 */
int qr_path(const char *text, buf *out);

/* The module count per side of text's symbol (without quiet zone), or -1. */
int qr_modules(const char *text);

/* The most bytes of text a symbol holds: 8-bit data, level M, version 40. */
#define QR_MAX_BYTES 2331

/* Modules of quiet zone on each side, included in qr_draw_rects's side. */
#define QR_QUIET 4

#endif
