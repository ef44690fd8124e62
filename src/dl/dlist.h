/* dlist: the display list, pages of positioned text runs, lines, rectangles, images and QR codes. */
#ifndef TAYORI_DLIST_H
#define TAYORI_DLIST_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/buf.h"

#define DL_SPOT_NAME_MAX 64	/* a spot colour's name: 1..63 bytes */

/*
 * A spot colour: an ink of its own, printed from its own plate, named as
 * the print shop knows it ("PANTONE 348 C"), with the CMYK that stands in
 * for it (its alternate, at full tint) on screen and in process printing.
 */
typedef struct dl_spot {
	char name[DL_SPOT_NAME_MAX];
	double c, m, y, k;
} dl_spot;

/*
 * Colours are CMYK, each 0..1: what a print shop runs. A spot colour
 * also has spot (borrowed: it must outlive the rendering of the copy)
 * and a tint 0..1; its c, m, y, k are then the alternate times the tint,
 * so that a device without spot colours still paints it right. With
 * spot NULL (a process colour), tint is unused.
 */
typedef struct dl_color {
	double c, m, y, k;
	const dl_spot *spot;
	double tint;
} dl_color;

/* A process colour (designated, so that -Wextra accepts it). */
#define DL_CMYK(C, M, Y, K) ((dl_color){.c = (C), .m = (M), .y = (Y), .k = (K)})
#define DL_BLACK DL_CMYK(0, 0, 0, 1)

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
	double w, h;		/* DL_TEXT: w is the run's advance as set (glyphs and spacing) */
	int font;		/* DL_TEXT: index into the job's font table */
	double size;		/* DL_TEXT: font size; DL_LINE, DL_RECT: line width */
	int fill;		/* DL_RECT: 1 filled, 0 stroked */
	double spacing;		/* DL_TEXT: extra space after each glyph (pt), for justification */
	double dash;		/* DL_LINE, stroked DL_RECT: dashes and gaps this long (pt); 0: solid */
	dl_color color;
	const char *str;	/* DL_TEXT: valid NFC UTF-8 the font covers;
				 * DL_IMAGE: file path; DL_QR: the encoded text */
	size_t len;
	/*
	 * DL_TEXT of one character: the font's glyph to draw for it instead
	 * of the cmap's (a vertical form); 0: the cmap's.
	 */
	unsigned glyph;
	unsigned char vary;	/* may differ between copies; 0: the same in every copy */
} dl_item;

typedef struct dl_page {
	dl_item *items;
	size_t n, cap;
	int rotate;		/* 0, or 180: the page is shown and printed turned (a card's back, head to foot) */
	/*
	 * Its unvarying items (vary 0): how many, and what they were drawn
	 * from (see dl_static_begin). Two pages of a job with the same key
	 * and count have the same unvarying items; unkeyed: one was drawn
	 * outside a scope, and only its items tell.
	 */
	size_t nstatic;
	uint64_t key;
	int unkeyed;
} dl_page;

/* One copy: its pages, and the arena that owns their strings. */
typedef struct dl_copy {
	double width, height;	/* trim size in pt */
	dl_page *pages;
	size_t npages, cap;
	arena *arena;
	int vary;		/* what new items get as vary: 1 (the default) unless the layout knows */
	/* the scope of unvarying items open (dl_static_begin): its key, items drawn in it, vary before */
	int scoped;
	uint64_t scope;
	uint64_t scope_n;
	int scope_vary;
	/*
	 * What a device made of the copy before drawing it, on the thread
	 * that laid it out (render/pdf: its QR symbols), freed with the copy
	 * by ahead_free; NULL: nothing.
	 */
	void *ahead;
	void (*ahead_free)(void *ahead);
} dl_copy;

dl_copy *dl_copy_new(double width, double height);
void dl_copy_free(dl_copy *c);
dl_page *dl_page_add(dl_copy *c);
/* Room for n items on p, allocated at once (a layout that knows how many its pages take). */
void dl_page_reserve(dl_page *p, size_t n);
/* Strings are copied into the copy's arena. */
void dl_text(dl_copy *c, dl_page *p, double x, double y, int font, double size,
    dl_color color, const char *s, size_t len);
/*
 * Append copies of n items to p, each with c's vary; their strings as
 * they are (the caller puts them in c's arena). Returns the first; NULL
 * when n is 0.
 */
dl_item *dl_append(dl_copy *c, dl_page *p, const dl_item *its, size_t n);
/* The last item added to p (e.g. to set its spacing); NULL when none. */
dl_item *dl_last(dl_page *p);
void dl_line(dl_copy *c, dl_page *p, double x0, double y0, double x1, double y1,
    double width, dl_color color);
void dl_rect(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    int fill, double width, dl_color color);
void dl_image(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    const char *path);
void dl_qr(dl_copy *c, dl_page *p, double x, double y, double side, const char *text);

/*
 * Who draws a scope of unvarying items: its key's first word, so that two
 * sites given the same numbers never share a key.
 */
enum dl_site {
	DL_SITE_LINE = 1,	/* a line of a paragraph kept for the job */
	DL_SITE_QUOTE,		/* a quote's bar */
	DL_SITE_MARKER,		/* a list item's marker */
	DL_SITE_RULE,		/* a horizontal rule */
	DL_SITE_IMAGE,		/* an image block */
	DL_SITE_QR,		/* a QR block of the same text in every copy */
	DL_SITE_BOX,		/* a box's tint or cut line */
	DL_SITE_FOLDS,		/* a letter's fold and hole marks */
	DL_SITE_FILL,		/* a frame's fill */
	DL_SITE_FRAME_LINE,	/* a layout line of a frame */
	DL_SITE_LOGO,		/* the sender's logo */
	DL_SITE_PICTURE,	/* a card's picture */
	DL_SITE_PAGE_NUMBER,	/* a page's number at its foot */
	DL_SITE_POSTAL_BOXES,	/* a card's postal-code boxes */
	DL_SITE_VERTICAL_LINES,	/* a card's vertical layout lines */
	DL_SITE_VERTICAL_BODY,	/* a block of a card's vertical message */
	DL_SITE_TABLE_ROW,	/* a row of a table the same in every copy */
	DL_SITE_SHEET,		/* a page placed on an imposed sheet */
	DL_SITE_CROP		/* a sheet's crop marks */
};

/*
 * Open a scope: the items added until dl_static_end are the same in
 * every copy (vary 0), and all that decides them, where and how, is
 * site, the numbers in[0..n) and the string s (NULL: none). Each page
 * that takes some of them mixes the scope's key and which of them it
 * took into its own; so the renderer knows a page's unvarying part by
 * its key, once per job, without reading its items. A scope whose
 * numbers leave out something its items depend on would let pages
 * share what they do not draw alike: leave such items outside a scope
 * (the page is then unkeyed).
 */
void dl_static_begin(dl_copy *c, enum dl_site site, const double *in, size_t n,
    const char *s);
/* dl_static_begin with the numbers as arguments, counted by the compiler. */
#define DL_STATIC_BEGIN(c, site, s, ...) \
	dl_static_begin((c), (site), (const double[]){__VA_ARGS__}, \
	    sizeof((const double[]){__VA_ARGS__}) / sizeof(double), (s))

/* Close the scope: new items get the vary they had before it. */
void dl_static_end(dl_copy *c);

/* The colour tint (0..1) of spot s. */
dl_color dl_spot_color(const dl_spot *s, double tint);
/* Two colours paint the same: same process CMYK, or same spot (name and alternate) and tint. */
int dl_color_equal(dl_color a, dl_color b);
/* Two spots are the same ink: same name and alternate. */
int dl_spot_equal(const dl_spot *a, const dl_spot *b);

/* The text-dump device: one line per item, positions to 0.01 pt. */
void dl_dump(const dl_copy *c, buf *out);

#endif
