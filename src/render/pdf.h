/* pdf: the PDF device: display-list copies in, one PDF out, streamed through render/pdfw as the copies come. */
#ifndef TAYORI_PDF_H
#define TAYORI_PDF_H

#include "dl/dlist.h"
#include "render/pdfvt.h"
#include "render/pdfw.h"
#include "util/buf.h"
#include "util/diag.h"

/* What is drawn outside the bleed (the MediaBox grows by PDF_SLUG on each side to hold it). */
enum {
	PDF_MARKS_CROP = 1,		/* crop marks at the trim corners, 0.25 pt, in all four process colours */
	PDF_MARKS_REGISTRATION = 2	/* registration targets at the middle of each side */
};
#define PDF_SLUG 36.0	/* pt of slug beyond the bleed when marks or a proof ask for one */

/* The CMYK output profile of a print PDF: Debian's libgs-common (ghostscript). */
#define PDF_CMYK_PROFILE "/usr/share/color/icc/ghostscript/default_cmyk.icc"

typedef struct pdf_opts {
	const char *title;	/* document info; may be NULL */
	const char *creator;	/* "tayori VERSION" */
	long long epoch;	/* creation date (seconds since 1970, UTC) for reproducible output */
	double bleed;		/* pt added on each side of the trim box (0 = none) */
	int marks;		/* PDF_MARKS_* bits; 0: none */
	int proof;		/* a proof: PROOF in the slug, bleed and safe area (3 mm inside the trim) outlined */
	/*
	 * A print layout: an OutputIntent with a CMYK ICC profile and the
	 * PDF/X-4 declaration, and RGB images converted to CMYK (see
	 * image.h for the rule). 0: office printing, none of that.
	 */
	int print;
	const char *profile;	/* print: the CMYK ICC profile's path; NULL: PDF_CMYK_PROFILE */
	/*
	 * A batch of records (a build's copies): with print, the file
	 * declares PDF/VT-1 on top of PDF/X-4 and every copy is to be
	 * made a record with pdf_add_record. 0: a label sheet, a sample.
	 */
	int records;
} pdf_opts;

typedef struct pdf_doc pdf_doc;

/*
 * A new PDF whose fonts are the TrueType files font_paths[0..nfonts),
 * indexed as dl_item.font, written to sink as it is made: each page as
 * its copy is added (the last copy's page objects once its record is
 * known), images when first drawn, and at pdf_finish the fonts (subset
 * to the glyphs drawn, with a ToUnicode CMap), the trees and the
 * trailer. Memory holds one copy and what the file shares, however
 * many copies. NULL with a diagnostic through d.
 */
pdf_doc *pdf_new_to(const char *const *font_paths, int nfonts, const pdf_opts *o,
    pdfw_sink sink, void *ctx, diag *d);
/* pdf_new_to into memory: pdf_save hands the file over. */
pdf_doc *pdf_new(const char *const *font_paths, int nfonts, const pdf_opts *o, diag *d);
/*
 * Append every page of a copy. Each page's TrimBox is the copy's trim
 * size; its BleedBox the trim plus o->bleed on every side; its MediaBox
 * (and CropBox, equal to it) the BleedBox, plus PDF_SLUG on every side
 * when there are marks or a proof. Items are placed relative to the
 * trim box. 0 or -1 with a diagnostic; after a failure the document
 * only frees.
 */
int pdf_add_copy(pdf_doc *p, const dl_copy *c);

/*
 * Encode c's QR symbols now, on this thread, into c->ahead: pdf_add_copy
 * then draws them without encoding. It touches no document, so another
 * thread may be drawing the copies before c (device/async's give).
 */
void pdf_prepare_copy(dl_copy *c);
int pdf_page_count(const pdf_doc *p);
/*
 * Make pages first_page .. first_page + npages - 1 (1-based: exactly the
 * pages of the copy just added) one PDF/VT record with r's metadata, in
 * a PDF/VT batch (print and records); nothing otherwise. 0 or -1.
 */
int pdf_add_record(pdf_doc *p, int first_page, int npages, const pdfvt_record *r);
/*
 * Name the pages from first_page (1-based) on: page labels "LABEL p1",
 * "LABEL p2", … until the next call, so that an operator can jump to a
 * record (e.g. LABEL = "C1042" for customer 1042). Calls come in page
 * order (a second call for the same page replaces the first); labels of
 * pages never added are dropped. 0 or -1.
 */
int pdf_label_pages(pdf_doc *p, int first_page, const char *label);
/* Write the rest of the file and the trailer to the sink. 0 or -1; then the document only frees. */
int pdf_finish(pdf_doc *p);
/* pdf_finish, then (pdf_new) the whole file appended to out. 0 or -1. */
int pdf_save(pdf_doc *p, buf *out);
void pdf_free(pdf_doc *p);

#endif
