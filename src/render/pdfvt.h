/* pdfvt: the PDF/VT-1 record structure of a batch: a DPart tree whose leaves are the copies, with their metadata. */
#ifndef TAYORI_PDFVT_H
#define TAYORI_PDFVT_H

#include "render/pdfw.h"

/* Records per sub-array of the root node's /DParts. */
#define PDFVT_CHUNK 1000

/* What a print shop's RIP learns of a record (its DPart's /DPM dictionary). */
typedef struct pdfvt_record {
	long long customer;	/* /CustomerID, as text */
	long long copy;		/* /Copy: the copy's number in the batch, from 1 */
	const char *postal;	/* /PostalCode; NULL or "": left out */
} pdfvt_record;

typedef struct pdfvt pdfvt;

/* An empty tree written through w; the caller frees it with pdfvt_free. */
pdfvt *pdfvt_new(pdfw *w);
/*
 * The object number of the next record's leaf DPart, for its pages'
 * /DPart entries (written before the leaf is). The same number until
 * pdfvt_add writes it.
 */
int pdfvt_leaf(pdfvt *vt);
/*
 * Write that leaf: the record of the pages from object first to object
 * last (its /Start and /End), with r's metadata. It stays in memory
 * only as its number (the root node lists the records). 0 or -1.
 */
int pdfvt_add(pdfvt *vt, int first, int last, const pdfvt_record *r);
/* The number of records added. */
long long pdfvt_count(const pdfvt *vt);
/*
 * Write the root (/Type /DPartRoot, RecordLevel 1) and its node, whose
 * /DParts are the records in arrays of PDFVT_CHUNK: the root's object
 * number for the catalog's /DPartRoot, 0 with no record, -1 on error.
 */
int pdfvt_finish(pdfvt *vt);
/*
 * The XMP properties that declare PDF/VT-1 (namespace prefix pdfvtid,
 * declared by the caller): the version and the modification date.
 */
#define PDFVT_XMLNS "http://www.npes.org/pdfvt/ns/id/"
void pdfvt_free(pdfvt *vt);

#endif
