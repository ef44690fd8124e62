/* vtcheck: a PDF/VT-1 file's record structure checked: the declaration, the DPart tree, every page in one record. */
#include "preflight/vtcheck.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct vt {
	qpdf_data q;
	vtcheck_fn problem;
	void *ctx;
	int problems;
};

static void
report(struct vt *v, const char *msg)
{
	v->problem(v->ctx, msg);
	v->problems++;
}

/* The catalog's XMP packet as text (NULL when there is none); the caller frees it. */
static char *
xmp_text(struct vt *v)
{
	qpdf_oh root = qpdf_get_root(v->q), md = qpdf_oh_get_key(v->q, root, "/Metadata");
	unsigned char *data = NULL;
	size_t len = 0;
	char *s = NULL;

	if (qpdf_oh_is_stream(v->q, md) &&
	    qpdf_oh_get_stream_data(v->q, md, qpdf_dl_generalized, NULL, &data, &len) == 0 &&
	    data != NULL) {
		s = mem_alloc(len + 1);
		memcpy(s, data, len);
		s[len] = '\0';
	}
	free(data);	/* qpdf allocates it with malloc */
	qpdf_oh_release(v->q, md);
	qpdf_oh_release(v->q, root);
	return s;
}

/* Does the XMP say prop's value is value, as element content? */
static int
xmp_says(const char *xmp, const char *prop, const char *value)
{
	char want[200];

	snprintf(want, sizeof(want), "<%s>%s</%s>", prop, value, prop);
	return xmp && strstr(xmp, want) != NULL;
}

/* A node waiting on the walk's stack. */
struct item {
	qpdf_oh node;
	int parent;	/* the object id its /Parent must name */
	int depth;
};

/* Check a leaf: its pages follow *next in order, and each names it. */
static void
check_leaf(struct vt *v, qpdf_oh leaf, int npages, int *next)
{
	qpdf_oh s = qpdf_oh_get_key(v->q, leaf, "/Start"), e = qpdf_oh_get_key(v->q, leaf, "/End");
	int id = qpdf_oh_get_object_id(v->q, leaf), first, last, i;
	char msg[200];

	first = qpdf_oh_is_dictionary(v->q, s) ? qpdf_find_page_by_id(v->q,
	    qpdf_oh_get_object_id(v->q, s), qpdf_oh_get_generation(v->q, s)) : -1;
	last = qpdf_oh_is_null(v->q, e) ? first : qpdf_oh_is_dictionary(v->q, e) ?
	    qpdf_find_page_by_id(v->q, qpdf_oh_get_object_id(v->q, e),
	    qpdf_oh_get_generation(v->q, e)) : -1;
	qpdf_oh_release(v->q, s);
	qpdf_oh_release(v->q, e);
	if (first < 0 || last < first) {
		snprintf(msg, sizeof(msg), "PDF/VT: record %d 0 R has no page range "
		    "(/Start and /End must be pages, in order)", id);
		report(v, msg);
		return;
	}
	if (first != *next) {
		snprintf(msg, sizeof(msg), "PDF/VT: record %d 0 R starts on page %d, "
		    "not on page %d after the record before it", id, first + 1, *next + 1);
		report(v, msg);
	}
	for (i = first; i <= last && i < npages; i++) {
		qpdf_oh pg = qpdf_get_page_n(v->q, (size_t)i);
		qpdf_oh d = qpdf_oh_get_key(v->q, pg, "/DPart");

		if (qpdf_oh_get_object_id(v->q, d) != id) {
			snprintf(msg, sizeof(msg), "PDF/VT: page %d does not name its "
			    "record %d 0 R (/DPart)", i + 1, id);
			report(v, msg);
		}
		qpdf_oh_release(v->q, d);
		qpdf_oh_release(v->q, pg);
	}
	*next = last + 1;
}

/* Walk the tree from the root node, depth first in reading order. */
static void
walk(struct vt *v, qpdf_oh node, int root_id, long long level)
{
	int npages = qpdf_get_num_pages(v->q), next = 0, records = 0;
	size_t n = 1, cap = 64, visits = 0;
	struct item *st = mem_alloc(cap * sizeof(*st));
	char msg[200];

	st[0].node = node;
	st[0].parent = root_id;
	st[0].depth = 0;
	while (n > 0) {
		struct item it = st[--n];
		qpdf_oh par = qpdf_oh_get_key(v->q, it.node, "/Parent");
		qpdf_oh kids = qpdf_oh_get_key(v->q, it.node, "/DParts");
		int id = qpdf_oh_get_object_id(v->q, it.node);

		/* a loop is cut by the depth limit, but could fan out: each page has at most a chain of nodes above it */
		if (++visits > ((size_t)npages + 1) * (VTCHECK_MAX_DEPTH + 2)) {
			report(v, "PDF/VT: the DPart tree has more nodes than the file has "
			    "pages (a loop?)");
			qpdf_oh_release(v->q, par);
			qpdf_oh_release(v->q, kids);
			qpdf_oh_release(v->q, it.node);
			break;
		}
		if (!qpdf_oh_is_dictionary(v->q, it.node) || id <= 0)
			report(v, "PDF/VT: a DPart is not an indirect dictionary");
		else if (qpdf_oh_get_object_id(v->q, par) != it.parent) {
			snprintf(msg, sizeof(msg), "PDF/VT: DPart %d 0 R: /Parent is not "
			    "the node that lists it", id);
			report(v, msg);
		}
		if (qpdf_oh_is_array(v->q, kids)) {
			int na = qpdf_oh_get_array_n_items(v->q, kids);

			if (it.depth >= VTCHECK_MAX_DEPTH) {
				report(v, "PDF/VT: the DPart tree is deeper than 32 levels");
				na = 0;
			}
			/* pushed last to first, so that the first child is walked first */
			for (int a = na; a-- > 0;) {
				qpdf_oh sub = qpdf_oh_get_array_item(v->q, kids, a);
				int nk = qpdf_oh_is_array(v->q, sub) ?
				    qpdf_oh_get_array_n_items(v->q, sub) : -1;

				if (nk < 0)
					report(v, "PDF/VT: /DParts is not an array of arrays");
				for (int k = nk; k-- > 0;) {
					if (n == cap)
						st = mem_realloc(st, (cap *= 2) * sizeof(*st));
					st[n].node = qpdf_oh_get_array_item(v->q, sub, k);
					st[n].parent = id;
					st[n].depth = it.depth + 1;
					n++;
				}
				qpdf_oh_release(v->q, sub);
			}
		} else {
			if (it.depth < level) {
				snprintf(msg, sizeof(msg), "PDF/VT: DPart %d 0 R has pages but is at "
				    "level %d, above the RecordLevel %lld", id, it.depth, level);
				report(v, msg);
			}
			records++;
			check_leaf(v, it.node, npages, &next);
		}
		qpdf_oh_release(v->q, par);
		qpdf_oh_release(v->q, kids);
		qpdf_oh_release(v->q, it.node);
	}
	while (n > 0)
		qpdf_oh_release(v->q, st[--n].node);
	mem_free(st);
	if (records == 0)
		report(v, "PDF/VT: the DPart tree has no record");
	else if (next != npages) {
		snprintf(msg, sizeof(msg), "PDF/VT: the records end on page %d of %d: "
		    "every page must be in a record", next, npages);
		report(v, msg);
	}
}

int
vtcheck_pdf(qpdf_data q, vtcheck_fn problem, void *ctx)
{
	struct vt v = {q, problem, ctx, 0};
	qpdf_oh cat = qpdf_get_root(q), dr = qpdf_oh_get_key(q, cat, "/DPartRoot");
	qpdf_oh node, lev;
	int walked = 0;
	char *xmp = xmp_text(&v);
	int declared = xmp && strstr(xmp, "GTS_PDFVTVersion") != NULL;

	if (!declared && qpdf_oh_is_null(q, dr))
		goto out;
	if (!xmp_says(xmp, "pdfvtid:GTS_PDFVTVersion", "PDF/VT-1"))
		report(&v, "PDF/VT: the XMP metadata does not declare PDF/VT-1 "
		    "(pdfvtid:GTS_PDFVTVersion)");
	if (!xmp_says(xmp, "pdfxid:GTS_PDFXVersion", "PDF/X-4"))
		report(&v, "PDF/VT: PDF/VT-1 needs PDF/X-4, and the XMP metadata "
		    "does not declare it");
	if (!qpdf_oh_is_dictionary(q, dr)) {
		report(&v, "PDF/VT: the catalog has no /DPartRoot: the records "
		    "cannot be found");
		goto out;
	}
	node = qpdf_oh_get_key(q, dr, "/DPartRootNode");
	lev = qpdf_oh_get_key(q, dr, "/RecordLevel");
	if (!qpdf_oh_is_integer(q, lev) || qpdf_oh_get_int_value(q, lev) < 0)
		report(&v, "PDF/VT: /DPartRoot has no /RecordLevel");
	else if (!qpdf_oh_is_dictionary(q, node))
		report(&v, "PDF/VT: /DPartRoot has no /DPartRootNode");
	else {
		walk(&v, node, qpdf_oh_get_object_id(q, dr), qpdf_oh_get_int_value(q, lev));
		walked = 1;	/* the walk released node */
	}
	if (!walked)
		qpdf_oh_release(q, node);
	qpdf_oh_release(q, lev);
out:
	mem_free(xmp);
	qpdf_oh_release(q, dr);
	qpdf_oh_release(q, cat);
	return v.problems;
}
