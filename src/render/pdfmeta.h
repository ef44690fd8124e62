/* pdfmeta: a file's Info dictionary and, for print, its PDF/X-4 (and PDF/VT-1) XMP packet. */
#ifndef TAYORI_PDFMETA_H
#define TAYORI_PDFMETA_H

#include "render/pdfw.h"

typedef struct pdfmeta {
	const char *title;	/* NULL or "": none ("Untitled" in a print file, which must have one) */
	const char *creator;	/* "tayori VERSION", also the producer; NULL: "tayori" */
	long long epoch;	/* the creation and modification date, seconds since 1970 UTC */
	int print;		/* declares PDF/X-4: trapping, the version, in Info and XMP */
	int records;		/* print: and PDF/VT-1 */
} pdfmeta;

/* The Info dictionary as object num. 0, or -1 when the date is out of range. */
int pdfmeta_info(pdfw *w, int num, const pdfmeta *m);
/*
 * The XMP packet PDF/X-4 requires, consistent with the Info dictionary
 * (title, dates, producer, trapping, the document's identity derived
 * from the inputs, the PDF/X and PDF/VT versions), uncompressed so that
 * any tool can read it: its object number, or -1.
 */
int pdfmeta_xmp(pdfw *w, const pdfmeta *m);

#endif
