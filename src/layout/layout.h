/* layout: a layout file (page, columns, styles, fonts, frames) and the engine that fills pages with a copy. */
#ifndef TAYORI_LAYOUT_H
#define TAYORI_LAYOUT_H

#include "address/address.h"
#include "dl/dlist.h"
#include "text/font.h"
#include "util/diag.h"

#define MM(x) ((x) * 72.0 / 25.4)

enum { AL_JUSTIFY, AL_LEFT, AL_CENTER, AL_RIGHT };

typedef struct lay_face {
	char name[32];
	int fonts[4];		/* the chain: indices into the layout's fonts, first that has the glyph wins */
	int nfonts;
} lay_face;

typedef struct lay_style {
	char name[32];
	int face, face_em, face_strong;
	double size, leading;	/* pt */
	double before, after;	/* pt */
	double first_indent;	/* em: a paragraph's first line (not a list item's) */
	char hyphenate[16];	/* justified text: the hyphenation patterns' language, or "none" */
	int align;
	dl_color color;
} lay_style;

typedef struct lay_line {
	char *text;		/* a template, raw from the layout file */
	int style;
	int line;		/* in the layout file */
} lay_line;

/* The pages a frame is on (page: first, all or following). */
enum { FR_FIRST, FR_ALL, FR_FOLLOWING };

typedef struct lay_frame {
	char name[32];
	int pages;		/* FR_FIRST, FR_ALL, FR_FOLLOWING (every page after the first) */
	double x, y, w, h;	/* pt from the trim's top-left corner */
	double pad;
	/*
	 * pt: how far the sheet can slide each way in its envelope when the
	 * box is a window: what the frame draws keeps this far (and its
	 * padding) inside the box.
	 */
	double slide_x, slide_y;
	int has_fill;
	dl_color fill;
	int qr;			/* a QR frame, filled from the front matter's qr: */
	int address;		/* the customer's address after its lines, shrunk and wrapped to fit */
	int barcode;		/* with address: the Japan Post customer barcode below it */
	double min_size;	/* with address: the floor it may shrink to, pt */
	int header;		/* a running header: the addressee's name, the page number at the right */
	int logo;		/* the sender's logo (lay_vars.logo), fitted into the box, placed by its style's align */
	int style;		/* the frame's style (its lines' default, a logo's alignment); -1: none */
	/* kind: card */
	int side;		/* CARD_MESSAGE or CARD_ADDRESS: the side it is on */
	int postal;		/* the addressee's postal code in Japan Post's seven boxes */
	int boxes;		/* with postal: draw the boxes (red, M+Y) for plain card stock */
	int jp_address;		/* the address vertical (縦書き) with the name centred; abroad: horizontal */
	int vertical;		/* its lines set top to bottom, columns right to left */
	int picture;		/* the front matter's picture: as large as the frame holds, centred */
	int line0, nlines;	/* its lines: layout_line(l, line0 + i) */
} lay_frame;

/*
 * The box inside a frame that its lines, address and header keep to:
 * the frame inset by its padding and its slide. pt from the top-left.
 */
void lay_frame_inner(const lay_frame *fr, double *x, double *y, double *w,
    double *h);

/* A card's two sides. */
enum { CARD_MESSAGE, CARD_ADDRESS };

/* A letter's fold marks and hole mark, on the left edge of its first page (pt from the top). */
#define LAY_MAX_FOLDS 4
typedef struct lay_marks {
	double fold[LAY_MAX_FOLDS];
	int nfolds;
	double hole;		/* 0: none */
	double x, len, hole_len;	/* where a mark starts, how long it is */
} lay_marks;

/* A label sheet (kind: labels): where each label is, in pt from the page's top-left. */
typedef struct lay_sheet {
	double label_w, label_h;
	double pitch_x, pitch_y;
	double left, top;
	int columns, rows;
	double pad;		/* inside each label */
	double min_size;	/* the floor text shrinks to before it wraps, pt */
	int barcode;		/* Japan Post customer barcode on JP addresses */
} lay_sheet;

typedef struct layout layout;

/*
 * Load a layout file; fonts are found by file name in font_dirs
 * (NULL-terminated) and their metrics loaded. NULL with a diagnostic.
 */
layout *layout_load(const char *path, const char *const *font_dirs, diag *d);
/* The same from len bytes in memory; path names it in diagnostics and gives its name. */
layout *layout_load_mem(const char *path, const char *data, size_t len,
    const char *const *font_dirs, diag *d);
void layout_free(layout *l);

const char *layout_name(const layout *l);
const char *layout_description(const layout *l);
const char *layout_kind(const layout *l);
double layout_width(const layout *l);	/* trim, pt */
double layout_height(const layout *l);
double layout_bleed(const layout *l);
int layout_print(const layout *l);	/* 1: a print layout (CMYK output intent); 0: office */
int layout_marks(const layout *l);	/* PDF_MARKS_* bits asked for by the layout */
int layout_pages(const layout *l);	/* pages per copy; a letter's most */
/* kind: letter: a copy has the pages its body needs, up to layout_pages, never blank ones. */
int layout_letter(const layout *l);
/* kind: card: a copy is one card, its message side and its address side. */
int layout_card(const layout *l);
/* back: turned: a card's second page is turned 180° (head to foot). */
int layout_back_turned(const layout *l);
/* A card's impose: N-up (0: none), its sheet into *sheet (NULL: any) when sheet is not NULL. */
int layout_impose(const layout *l, const char **sheet);
/* A card's page (0 or 1) that side (CARD_MESSAGE, CARD_ADDRESS) is on. */
int layout_card_page(const layout *l, int side);
const lay_marks *layout_marks_fold(const layout *l);	/* the letter's fold and hole marks; none: nfolds 0, hole 0 */
int layout_nfonts(const layout *l);
const font *layout_font(const layout *l, int i);
int layout_nframes(const layout *l);
const lay_frame *layout_frame(const layout *l, int i);
int layout_nlines(const layout *l);
const lay_line *layout_line(const layout *l, int i);
const lay_style *layout_style(const layout *l, const char *name);	/* NULL if none */
/*
 * The style a block is set in, the one map from blocks to styles: h1..h3
 * for a heading (level 1..3; 0 for none), else quote inside a block
 * quote, else code for a code block, else body; body too when the layout
 * has not the one named (NULL only for a label sheet, which has no body).
 */
const lay_style *layout_block_style(const layout *l, int level, int quote,
    int code);
const lay_sheet *layout_sheet(const layout *l);	/* NULL unless kind: labels */
/* Face i (a style's face): its font chain. */
const lay_face *layout_face(const layout *l, int i);
/* Style i (a lay_line's style). */
const lay_style *layout_style_at(const layout *l, int i);
/* The font of face's chain (a style's face) that has cp: an index for layout_font, or -1. */
int layout_pick_font(const layout *l, int face, uint32_t cp);

/* A block of a copy's body, its text merged. */
typedef struct lay_span {
	int style;		/* SP_EM, SP_STRONG, SP_CODE, SP_URL of content/doc.h */
	const char *text;
	size_t len;
} lay_span;

enum { LB_PARA, LB_HEADING, LB_HR, LB_IMAGE, LB_QR, LB_PAGEBREAK };

typedef struct lay_block {
	int kind;
	int level, indent, quote, item_first;
	const char *marker;
	const lay_span *spans;
	int nspans;
	const char *path;	/* image */
	int img_w, img_h;
	const char *qr;		/* QR text */
	int line;		/* in the content file */
	int vary;		/* its text can differ between copies */
	/*
	 * A style by name (a letter's salutation, closing, signature, ps):
	 * the block is set in it, an image placed by its alignment, when the
	 * layout has it; else NULL or missing: the usual map.
	 */
	const char *style;
	int id;			/* >0: the same block in every copy (its document block + 1), to
				 * typeset once when it does not vary; 0: no such identity */
	int ncols;		/* a table cell: its table's columns; 0: not in a table */
	int table, row, col;	/* a table cell: which table (from 1), row, column (from 0) */
	int head;		/* a table cell of the header row: set bold */
	int cell_align;		/* a table cell: AL_LEFT, AL_CENTER or AL_RIGHT, as its column says */
	int note;		/* a footnote: style note */
	int box, box_id;	/* in a box (DOC_BOX_*) and which; its blocks are set together */
} lay_block;

/* What varies per copy beyond the body: frame lines (NULL: leave out) and the QR text. */
typedef struct lay_vars {
	const char *const *lines;	/* layout_nlines(l) entries */
	const unsigned char *line_vary;	/* per line: its template has a per-copy field; NULL: all may */
	const char *qr;			/* NULL: no QR */
	const address *addr;		/* for address frames; NULL: none */
	const char *barcode;		/* Japan Post customer barcode data; NULL: none */
	const char *logo;		/* a validated image for logo frames; NULL: none */
	int logo_w, logo_h;		/* its pixels */
	const char *picture;		/* a validated image for a card's picture frames; NULL: none */
	int picture_w, picture_h;
	int vertical;			/* a card's message set vertically (the front matter's writing: vertical) */
	long long customer;
} lay_vars;

typedef struct lay_engine lay_engine;

lay_engine *lay_engine_new(const layout *l);
void lay_engine_free(lay_engine *e);

/*
 * Typeset one copy: frames on their pages, the body flowed through the
 * columns, page numbers, padded to layout_pages (a letter: not padded;
 * fold marks on its first page). Returns the copy, or
 * NULL with a diagnostic naming the customer (a glyph no font has, text
 * that does not fit, more pages than the layout allows).
 */
dl_copy *lay_copy(lay_engine *e, const lay_block *blocks, int nblocks,
    const lay_vars *v, diag *d);

/*
 * Set an address in the box x, y, w, h (pt from the page's top-left) of
 * page p of copy c: styles address-name and address-postal where the
 * layout has them, else address; all lines shrunk together down to
 * min_size, then wrapped; JP honorifics in one column; a barcode (Japan
 * Post data, or NULL) below the address. valign_middle centres it
 * vertically. Returns 0; 1 when the address did not fit (the lines that
 * fit are drawn, nothing outside the box: the caller reports); -1 on a
 * missing glyph (reported, naming customer).
 */
int lay_address(lay_engine *e, dl_copy *c, dl_page *p, double x, double y,
    double w, double h, const address *a, const char *barcode,
    int valign_middle, double min_size, long long customer, diag *d);

/*
 * The Japan Post customer barcode (data) at the bottom of the box x, w
 * whose bottom edge is y (pt from the top) on page p of copy c, as large
 * as fits up to its 10 pt size: the height it took with the gap above
 * it; 0 when it does not fit (a warning naming customer).
 */
double lay_barcode(lay_engine *e, dl_copy *c, dl_page *p, double x, double y,
    double w, const char *data, long long customer, diag *d);

/* How many unvarying paragraphs the engine has typeset and kept (for tests). */
int lay_kept(const lay_engine *e);
/* How many varying paragraphs it keeps by their merged text (for tests). */
int lay_cached(const lay_engine *e);

/*
 * Check that every character of s has a glyph in style's font chain;
 * returns the first code point that has none, or 0.
 */
uint32_t lay_missing_glyph(const layout *l, const lay_style *st, int spanstyle,
    const char *s, size_t n);

#endif
