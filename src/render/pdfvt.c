/* pdfvt: the PDF/VT-1 record structure of a batch: a DPart tree whose leaves are the copies, with their metadata. */
#include "render/pdfvt.h"

#include <stdio.h>

#include <hpdf_objects.h>

#include "util/mem.h"

struct pdfvt {
	HPDF_Doc doc;
	HPDF_Dict root;		/* the DPartRoot dictionary */
	HPDF_Dict node;		/* its DPartRootNode: the records are its children */
	HPDF_Array parts;	/* the node's /DParts: arrays of PDFVT_CHUNK records */
	HPDF_Array chunk;	/* the last of them */
	long long n;
};

pdfvt *
pdfvt_new(HPDF_Doc doc)
{
	pdfvt *vt = mem_calloc(1, sizeof(*vt));

	vt->doc = doc;
	return vt;
}

/* A new indirect dictionary of /Type type; NULL on error. */
static HPDF_Dict
new_dict(pdfvt *vt, const char *type)
{
	HPDF_Dict d = HPDF_Dict_New(vt->doc->mmgr);

	if (d == NULL || HPDF_Xref_Add(vt->doc->xref, d) != HPDF_OK ||
	    HPDF_Dict_AddName(d, "Type", type) != HPDF_OK)
		return NULL;
	return d;
}

/* The root and its node, made with the first record. */
static HPDF_STATUS
start(pdfvt *vt)
{
	if ((vt->root = new_dict(vt, "DPartRoot")) == NULL ||
	    (vt->node = new_dict(vt, "DPart")) == NULL ||
	    (vt->parts = HPDF_Array_New(vt->doc->mmgr)) == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	if (HPDF_Dict_Add(vt->root, "DPartRootNode", vt->node) != HPDF_OK ||
	    HPDF_Dict_AddNumber(vt->root, "RecordLevel", 1) != HPDF_OK ||
	    HPDF_Dict_Add(vt->node, "Parent", vt->root) != HPDF_OK ||
	    HPDF_Dict_Add(vt->node, "DParts", vt->parts) != HPDF_OK)
		return HPDF_INVALID_OBJECT;
	return HPDF_OK;
}

static HPDF_STATUS
add_text(pdfvt *vt, HPDF_Dict d, const char *key, const char *s)
{
	HPDF_String str = HPDF_String_New(vt->doc->mmgr, s, NULL);

	return str ? HPDF_Dict_Add(d, key, str) : HPDF_FAILD_TO_ALLOC_MEM;
}

/* The record's /DPM: what varies between records, as a RIP or an inserter selects on it. */
static HPDF_Dict
metadata(pdfvt *vt, const pdfvt_record *r)
{
	HPDF_Dict m = HPDF_Dict_New(vt->doc->mmgr);
	char id[32];

	if (m == NULL)
		return NULL;
	snprintf(id, sizeof(id), "%lld", r->customer);
	if (add_text(vt, m, "CustomerID", id) != HPDF_OK ||
	    HPDF_Dict_AddNumber(m, "Copy", (HPDF_INT32)r->copy) != HPDF_OK ||
	    (r->postal && *r->postal &&
	    add_text(vt, m, "PostalCode", r->postal) != HPDF_OK))
		return NULL;
	return m;
}

HPDF_STATUS
pdfvt_add(pdfvt *vt, HPDF_Page *pages, int n, const pdfvt_record *r)
{
	HPDF_Dict leaf, dpm;
	HPDF_STATUS st;

	if (n < 1 || r->copy < 1 || r->copy > 0x7fffffff)
		return HPDF_INVALID_PARAMETER;
	if (vt->root == NULL && (st = start(vt)) != HPDF_OK)
		return st;
	if (vt->n % PDFVT_CHUNK == 0) {
		if ((vt->chunk = HPDF_Array_New(vt->doc->mmgr)) == NULL ||
		    HPDF_Array_Add(vt->parts, vt->chunk) != HPDF_OK)
			return HPDF_FAILD_TO_ALLOC_MEM;
	}
	if ((leaf = new_dict(vt, "DPart")) == NULL || (dpm = metadata(vt, r)) == NULL)
		return HPDF_FAILD_TO_ALLOC_MEM;
	if ((st = HPDF_Dict_Add(leaf, "Parent", vt->node)) != HPDF_OK ||
	    (st = HPDF_Dict_Add(leaf, "Start", pages[0])) != HPDF_OK ||
	    (st = HPDF_Dict_Add(leaf, "End", pages[n - 1])) != HPDF_OK ||
	    (st = HPDF_Dict_Add(leaf, "DPM", dpm)) != HPDF_OK ||
	    (st = HPDF_Array_Add(vt->chunk, leaf)) != HPDF_OK)
		return st;
	for (int i = 0; i < n; i++)
		if ((st = HPDF_Dict_Add(pages[i], "DPart", leaf)) != HPDF_OK)
			return st;
	vt->n++;
	return HPDF_OK;
}

long long
pdfvt_count(const pdfvt *vt)
{
	return vt->n;
}

HPDF_STATUS
pdfvt_finish(pdfvt *vt)
{
	if (vt->n == 0)
		return HPDF_OK;
	return HPDF_Dict_Add(vt->doc->catalog, "DPartRoot", vt->root);
}

void
pdfvt_free(pdfvt *vt)
{
	mem_free(vt);	/* the dictionaries belong to the document */
}
