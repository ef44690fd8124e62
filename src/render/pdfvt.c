/* pdfvt: the PDF/VT-1 record structure of a batch: a DPart tree whose leaves are the copies, with their metadata. */
#include "render/pdfvt.h"

#include "render/pdfnum.h"
#include "util/mem.h"

struct pdfvt {
	pdfw *w;
	int root, node;		/* the DPartRoot and its DPartRootNode, allocated with the first record */
	int leaf;		/* the next record's leaf, 0 until asked for */
	int *leaves;		/* the records written: 4 bytes each is all a record keeps */
	long long n, cap;
};

pdfvt *
pdfvt_new(pdfw *w)
{
	pdfvt *vt = mem_calloc(1, sizeof(*vt));

	vt->w = w;
	return vt;
}

int
pdfvt_leaf(pdfvt *vt)
{
	if (vt->root == 0) {
		vt->root = pdfw_alloc(vt->w);
		vt->node = pdfw_alloc(vt->w);
	}
	if (vt->leaf == 0)
		vt->leaf = pdfw_alloc(vt->w);
	return vt->leaf;
}

int
pdfvt_add(pdfvt *vt, int first, int last, const pdfvt_record *r)
{
	int leaf = pdfvt_leaf(vt);
	buf *b;

	if (first < 1 || last < first || r->copy < 1 || r->copy > 0x7fffffff)
		return -1;
	pdfw_begin(vt->w, leaf);
	b = pdfw_buf(vt->w);
	buf_puts(b, "<< /Type /DPart /Parent ");
	pdfw_put_ref(b, vt->node);
	buf_puts(b, " /Start ");
	pdfw_put_ref(b, first);
	buf_puts(b, " /End ");
	pdfw_put_ref(b, last);
	/* /DPM: what varies between records, as a RIP or an inserter selects on it */
	buf_puts(b, " /DPM << /CustomerID (");
	pdfnum_put_int(b, r->customer);
	buf_puts(b, ") /Copy ");
	pdfnum_put_int(b, r->copy);
	if (r->postal && *r->postal) {
		buf_puts(b, " /PostalCode ");
		pdfw_put_text(b, r->postal);
	}
	buf_puts(b, " >> >>");
	pdfw_end(vt->w);
	if (vt->n == vt->cap) {
		vt->cap = vt->cap ? vt->cap * 2 : 1024;
		vt->leaves = mem_realloc(vt->leaves, (size_t)vt->cap * sizeof(*vt->leaves));
	}
	vt->leaves[vt->n++] = leaf;
	vt->leaf = 0;
	return pdfw_failed(vt->w) ? -1 : 0;
}

long long
pdfvt_count(const pdfvt *vt)
{
	return vt->n;
}

int
pdfvt_finish(pdfvt *vt)
{
	buf *b;

	if (vt->n == 0)
		return 0;
	if (vt->leaf != 0)
		return -1;	/* a leaf was promised to pages and never written */
	pdfw_begin(vt->w, vt->root);
	b = pdfw_buf(vt->w);
	buf_puts(b, "<< /Type /DPartRoot /RecordLevel 1 /DPartRootNode ");
	pdfw_put_ref(b, vt->node);
	buf_puts(b, " >>");
	pdfw_end(vt->w);
	pdfw_begin(vt->w, vt->node);
	b = pdfw_buf(vt->w);
	buf_puts(b, "<< /Type /DPart /Parent ");
	pdfw_put_ref(b, vt->root);
	buf_puts(b, " /DParts [");
	for (long long i = 0; i < vt->n; i++) {
		buf_puts(b, i % PDFVT_CHUNK ? " " : i ? "]\012[" : "[");
		pdfw_put_ref(b, vt->leaves[i]);
		if (b->len >= PDFW_BLOCK) {
			/* a long array goes out in pieces: one object, written in parts */
			pdfw_flush(vt->w);
			b = pdfw_buf(vt->w);
		}
	}
	buf_puts(b, "]] >>");
	pdfw_end(vt->w);
	return pdfw_failed(vt->w) ? -1 : vt->root;
}

void
pdfvt_free(pdfvt *vt)
{
	if (vt == NULL)
		return;
	mem_free(vt->leaves);
	mem_free(vt);
}
