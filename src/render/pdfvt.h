/* pdfvt: the PDF/VT-1 record structure of a batch: a DPart tree whose leaves are the copies, with their metadata. */
#ifndef TAYORI_PDFVT_H
#define TAYORI_PDFVT_H

#include <hpdf.h>

/* Records per sub-array of the root node's /DParts: far below libharu's 32,767 items an array. */
#define PDFVT_CHUNK 1000

/* What a print shop's RIP learns of a record (its DPart's /DPM dictionary). */
typedef struct pdfvt_record {
	long long customer;	/* /CustomerID, as text */
	long long copy;		/* /Copy: the copy's number in the batch, from 1 */
	const char *postal;	/* /PostalCode; NULL or "": left out */
} pdfvt_record;

typedef struct pdfvt pdfvt;

/* An empty tree for doc; the caller frees it with pdfvt_free. */
pdfvt *pdfvt_new(HPDF_Doc doc);
/*
 * One record: the pages pages[0..n) (in order, already in the document)
 * become a leaf DPart of the root node, and each page names it (/DPart).
 * A libharu status (HPDF_OK).
 */
HPDF_STATUS pdfvt_add(pdfvt *vt, HPDF_Page *pages, int n, const pdfvt_record *r);
/* The number of records added. */
long long pdfvt_count(const pdfvt *vt);
/* Hang the tree on the catalog (/DPartRoot, RecordLevel 1) if it has records. A libharu status. */
HPDF_STATUS pdfvt_finish(pdfvt *vt);
/*
 * The XMP properties that declare PDF/VT-1 (namespace prefix pdfvtid,
 * declared by the caller): the version and the modification date.
 */
#define PDFVT_XMLNS "http://www.npes.org/pdfvt/ns/id/"
void pdfvt_free(pdfvt *vt);

#endif
