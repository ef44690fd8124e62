/* spec: reading a layout file (YAML) into page geometry, fonts, styles and frames. */
#ifndef TAYORI_SPEC_H
#define TAYORI_SPEC_H

#include "layout/layout.h"

#define SPEC_MAX_FONTS	16
#define SPEC_MAX_FACES	16
#define SPEC_MAX_STYLES	32
#define SPEC_MAX_FRAMES	16
#define SPEC_MAX_SPOTS	8	/* spot colours: each is a plate, and a cost, at the print shop */
#define SPEC_MAX_FILE	(1024 * 1024)	/* a layout file: the YAML parser is not ours to bound */

/* The parsed layout; layout.c reads it, nothing else does. */
typedef struct spec {
	char *path, *name, *kind, *description;
	double width, height, bleed;	/* pt */
	int print;		/* output: print (CMYK, output intent) or office */
	int marks;		/* PDF_MARKS_* bits of render/pdf.h */
	int pages, columns;
	double mtop, mbottom, mleft, mright, gutter, first_top;
	double list_indent, quote_indent, pageno_y;
	char *fontfiles[SPEC_MAX_FONTS];
	font *fonts[SPEC_MAX_FONTS];
	int nfonts;
	lay_face faces[SPEC_MAX_FACES];
	int nfaces;
	lay_style styles[SPEC_MAX_STYLES];
	int nstyles;
	lay_frame frames[SPEC_MAX_FRAMES];
	int nframes;
	lay_line *lines;
	int nlines;
	dl_spot spots[SPEC_MAX_SPOTS];	/* the spot colours its colours point at */
	int nspots;
	int is_sheet;		/* kind: labels */
	int letter;		/* kind: letter */
	int card;		/* kind: card (pages is then 1: the message side's body) */
	int address_first;	/* a card's address side is its first page */
	int back_turned;	/* back: turned: a card's second page turned 180° (head to foot) */
	int impose_n;		/* a card's impose: n (0: none) */
	char impose_sheet[16];	/* and its sheet: A4, SRA3, 13x19; "": the first that holds them */
	lay_marks folds;	/* fold-marks: */
	lay_sheet sheet;
} spec;

spec *spec_load(const char *path, const char *const *font_dirs, diag *d);
/* The same from len bytes in memory; path names it (and the layout). */
spec *spec_load_mem(const char *path, const char *data, size_t len,
    const char *const *font_dirs, diag *d);
void spec_free(spec *s);
int spec_style(const spec *s, const char *name);	/* index or -1 */
/*
 * Parse cmyk(c,m,y,k), #rrggbb or spot(NAME, c, m, y, k[, tint]) into c.
 * A spot's name and alternate go to *spot and c->spot points at spot, so
 * spot must live as long as c. 0, or -1 with *why set to a fixed message.
 */
int spec_color(const char *s, dl_color *c, dl_spot *spot, const char **why);

#endif
