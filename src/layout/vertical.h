/* vertical: Japanese vertical text (縦書き): cells top to bottom, columns right to left, kinsoku, 縦中横. */
#ifndef TAYORI_VERTICAL_H
#define TAYORI_VERTICAL_H

#include <stddef.h>
#include <stdint.h>

#include "dl/dlist.h"
#include "layout/layout.h"

/*
 * The rule each character follows down a column:
 *  - a run of one or two ASCII digits is one cell, its digits side by
 *    side (縦中横, tate-chu-yoko), made smaller when wider than the em;
 *  - longer digit runs, Latin letters and other narrow characters stand
 *    upright, one to a cell, centred across the column;
 *  - everything else is the font's vertical form (OpenType vert/vrt2
 *    through HarfBuzz: 。、「」ー（）〜… and small kana turned or moved),
 *    one em down the column;
 *  - an ASCII space is half an em, an ideographic space an em; a line
 *    break ends the column.
 * Columns break where ICU's strict Japanese rules allow (no column
 * starts with 。、」ー or a small kana, none ends with 「（).
 */
typedef struct vt_cell {
	int font;		/* layout font index */
	unsigned glyph;		/* the vertical form to draw; 0: the cmap's glyph */
	double size;		/* pt; a 縦中横 cell may be smaller than the style's */
	double adv;		/* down the column, pt */
	double w;		/* across: the width of what is drawn, pt */
	size_t off, len;	/* its characters in the text */
	unsigned char brk;	/* a column may start here */
	unsigned char hard;	/* a line break: the column ends before it */
} vt_cell;

typedef struct vt_column {
	int c0, c1;		/* cells */
	double length;		/* pt down the column */
} vt_column;

typedef struct vt_text vt_text;

vt_text *vt_new(const layout *l);
void vt_free(vt_text *t);

/*
 * Set s[0..n) in style st at size × scale into cells. 0, or -1 when a
 * character has no glyph in the style's fonts (*missing set to it).
 */
int vt_shape(vt_text *t, const lay_style *st, double scale, const char *s,
    size_t n, uint32_t *missing);
/* The shaped cells and their text. */
const vt_cell *vt_cells(const vt_text *t, int *n);
const char *vt_string(const vt_text *t);
/* Everything shaped in one column, pt. */
double vt_length(const vt_text *t);

/* Break the cells into columns at most h long: their count; *cols lent until the next call. */
int vt_break(vt_text *t, double h, const vt_column **cols);

/*
 * Draw cells c0..c1 down a column whose centre line is x, from top y
 * (pt from the page's top-left) into page p of copy c, with gap pt of
 * extra space after each cell.
 */
void vt_draw(const vt_text *t, dl_copy *c, dl_page *p, int c0, int c1,
    double x, double y, double gap, dl_color color);

#endif
