/* dlist: the display list, pages of positioned text runs, lines, rectangles, images and QR codes. */
#ifndef TAYORI_DLIST_H
#define TAYORI_DLIST_H

#include <stddef.h>

#include "util/arena.h"
#include "util/buf.h"

/* Colours are CMYK, each 0..1: what a print shop runs. */
typedef struct dl_color {
	double c, m, y, k;
} dl_color;

#define DL_BLACK ((dl_color){0, 0, 0, 1})

enum dl_kind {
	DL_TEXT,	/* a run of glyphs in one font at (x, y) = baseline start */
	DL_LINE,	/* a stroke from (x, y) to (x + w, y + h), width `size` */
	DL_RECT,	/* a rectangle at (x, y) of w x h, filled or stroked (`size` wide) */
	DL_IMAGE,	/* a PNG or JPEG file (validated), drawn into x, y, w, h */
	DL_QR		/* a QR code of the text `str`, drawn into the square x, y, w */
};

typedef struct dl_item {
	enum dl_kind kind;
	double x, y;		/* pt from the trim box's lower-left corner */
	double w, h;
	int font;		/* DL_TEXT: index into the job's font table */
	double size;		/* DL_TEXT: font size; DL_LINE, DL_RECT: line width */
	int fill;		/* DL_RECT: 1 filled, 0 stroked */
	double spacing;		/* DL_TEXT: extra space after each glyph (pt), for justification */
	dl_color color;
	const char *str;	/* DL_TEXT: valid NFC UTF-8 the font covers;
				 * DL_IMAGE: file path; DL_QR: the encoded text */
	size_t len;
} dl_item;

typedef struct dl_page {
	dl_item *items;
	size_t n, cap;
} dl_page;

/* One copy: its pages, and the arena that owns their strings. */
typedef struct dl_copy {
	double width, height;	/* trim size in pt */
	dl_page *pages;
	size_t npages, cap;
	arena *arena;
} dl_copy;

dl_copy *dl_copy_new(double width, double height);
void dl_copy_free(dl_copy *c);
dl_page *dl_page_add(dl_copy *c);
/* Strings are copied into the copy's arena. */
void dl_text(dl_copy *c, dl_page *p, double x, double y, int font, double size,
    dl_color color, const char *s, size_t len);
/* The last item added to p (e.g. to set its spacing); NULL when none. */
dl_item *dl_last(dl_page *p);
void dl_line(dl_copy *c, dl_page *p, double x0, double y0, double x1, double y1,
    double width, dl_color color);
void dl_rect(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    int fill, double width, dl_color color);
void dl_image(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    const char *path);
void dl_qr(dl_copy *c, dl_page *p, double x, double y, double side, const char *text);

/* The text-dump device: one line per item, positions to 0.01 pt. */
void dl_dump(const dl_copy *c, buf *out);

#endif
