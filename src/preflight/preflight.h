/* preflight: check a finished PDF as a print shop would before printing. */
#ifndef TAYORI_PREFLIGHT_H
#define TAYORI_PREFLIGHT_H

#include "util/diag.h"

typedef struct preflight_opts {
	double min_line_pt;	/* thinnest stroke that prints, in pt (0.2) */
	double safe_mm;		/* text stays this far inside the trim (3) */
	double min_ppi;		/* images at their placed size (300) */
	int max_pages_listed;	/* per kind, then "and N more pages" (10) */
} preflight_opts;

/* The defaults above. */
preflight_opts preflight_defaults(void);

/*
 * Preflight one PDF: each problem reported through d (naming the page);
 * returns the number of problems, or -1 when the file cannot be read.
 *
 * Checked on every page: MediaBox, TrimBox and BleedBox present (inherited
 * through the page tree counts) and nested; fonts used are embedded (once
 * per font); RGB colour in content and RGB images; stroked lines thinner
 * than min_line_pt; text closer than safe_mm to the trim edge, across it
 * or outside the trim box; images under min_ppi; annotations. Per
 * document: JavaScript; a PDF/VT-1 batch's records (vtcheck.h).
 *
 * A problem counts once per page and kind (the worst case is named, with
 * how many times it occurs on the page). Per kind, the first
 * max_pages_listed pages are listed, then one line with the rest; when
 * every page has the very same problem, one line says so. o may be NULL
 * for the defaults.
 */
int preflight_pdf(const char *path, const preflight_opts *o, diag *d);

#endif
