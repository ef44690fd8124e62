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

typedef struct lay_frame {
	char name[32];
	int all_pages;		/* 0: first page only */
	double x, y, w, h;	/* pt from the trim's top-left corner */
	double pad;
	int has_fill;
	dl_color fill;
	int qr;			/* a QR frame, filled from the front matter's qr: */
	int address;		/* the customer's address after its lines, shrunk and wrapped to fit */
	int barcode;		/* with address: the Japan Post customer barcode below it */
	double min_size;	/* with address: the floor it may shrink to, pt */
	int line0, nlines;	/* its lines: layout_line(l, line0 + i) */
} lay_frame;

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
int layout_pages(const layout *l);	/* pages per copy */
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
	long long customer;
} lay_vars;

typedef struct lay_engine lay_engine;

lay_engine *lay_engine_new(const layout *l);
void lay_engine_free(lay_engine *e);

/*
 * Typeset one copy: frames on their pages, the body flowed through the
 * columns, page numbers, padded to layout_pages. Returns the copy, or
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

/* How many unvarying paragraphs the engine has typeset and kept (for tests). */
int lay_kept(const lay_engine *e);

/*
 * Check that every character of s has a glyph in style's font chain;
 * returns the first code point that has none, or 0.
 */
uint32_t lay_missing_glyph(const layout *l, const lay_style *st, int spanstyle,
    const char *s, size_t n);

#endif
