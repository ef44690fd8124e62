/* vtcheck: a PDF/VT-1 file's record structure checked: the declaration, the DPart tree, every page in one record. */
#ifndef TAYORI_VTCHECK_H
#define TAYORI_VTCHECK_H

#include <qpdf/qpdf-c.h>

/* Called once per problem found, with fixed wording. */
typedef void (*vtcheck_fn)(void *ctx, const char *msg);

/*
 * Check q's PDF/VT structure if it has any (the XMP declares
 * pdfvtid:GTS_PDFVTVersion, or the catalog has /DPartRoot): the XMP
 * declares PDF/VT-1 on top of PDF/X-4; /DPartRoot names a DPart root
 * node and a RecordLevel; walking the tree (without recursion, at most
 * VTCHECK_MAX_DEPTH deep), every node's /Parent is the node that lists
 * it, the leaves (records, at RecordLevel) cover the pages in order,
 * each page exactly once, and each page's /DPart is its leaf. Returns
 * the number of problems (0 for a file that has no PDF/VT structure).
 */
int vtcheck_pdf(qpdf_data q, vtcheck_fn problem, void *ctx);

#define VTCHECK_MAX_DEPTH 32	/* a deeper tree is damaged, not a batch */

#endif
