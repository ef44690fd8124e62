/* pdf: the PDF device: display-list copies in, one PDF out, through libharu. */
#ifndef TAYORI_PDF_H
#define TAYORI_PDF_H

#include "layout/dlist.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct pdf_opts {
	const char *title;	/* document info; may be NULL */
	const char *creator;	/* "tayori VERSION" */
	long long epoch;	/* creation date (seconds since 1970, UTC) for reproducible output */
	double bleed;		/* pt added on each side of the trim box (0 = none) */
} pdf_opts;

typedef struct pdf_doc pdf_doc;

/*
 * A new PDF whose fonts are the TrueType files font_paths[0..nfonts),
 * indexed as dl_item.font. Fonts are embedded (subset) only if used, with a
 * correct ToUnicode CMap. libharu errors are caught and reported through d.
 */
pdf_doc *pdf_new(const char *const *font_paths, int nfonts, const pdf_opts *o, diag *d);
/*
 * Append every page of a copy. Each page's MediaBox is the copy's trim size
 * plus o->bleed on every side; items are placed relative to the trim box,
 * which is written as /TrimBox (/BleedBox and /CropBox = MediaBox).
 * 0 or -1 with a diagnostic; after a failure the document only frees.
 */
int pdf_add_copy(pdf_doc *p, const dl_copy *c);
int pdf_page_count(const pdf_doc *p);
/* Serialize the whole file into out. 0 or -1. */
int pdf_save(pdf_doc *p, buf *out);
void pdf_free(pdf_doc *p);

#endif
