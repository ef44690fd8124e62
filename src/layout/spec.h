/* spec: reading a layout file (YAML) into page geometry, fonts, styles and frames. */
#ifndef TAYORI_SPEC_H
#define TAYORI_SPEC_H

#include "layout/layout.h"

#define SPEC_MAX_FONTS	16
#define SPEC_MAX_FACES	16
#define SPEC_MAX_STYLES	32
#define SPEC_MAX_FRAMES	16

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
	int is_sheet;		/* kind: labels */
	lay_sheet sheet;
} spec;

spec *spec_load(const char *path, const char *const *font_dirs, diag *d);
void spec_free(spec *s);
int spec_style(const spec *s, const char *name);	/* index or -1 */
/* Parse cmyk(c,m,y,k) or #rrggbb. 0 or -1. */
int spec_color(const char *s, dl_color *c);

#endif
