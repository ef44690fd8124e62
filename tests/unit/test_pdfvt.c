/* test_pdfvt: PDF/VT records written by pdfvt and read back by vtcheck, whole and damaged. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "preflight/vtcheck.h"
#include "render/pdfvt.h"
#include "render/pdfw.h"
#include "util/buf.h"

#define XMP_VT "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" \
	"<pdfvtid:GTS_PDFVTVersion>PDF/VT-1</pdfvtid:GTS_PDFVTVersion>"

struct found {
	buf msgs;
	int n;
};

static void
collect(void *ctx, const char *msg)
{
	struct found *f = ctx;

	buf_puts(&f->msgs, msg);
	buf_putc(&f->msgs, '\n');
	f->n++;
}

/*
 * A file of npages pages and the records recs (each: first page, count,
 * 0-based), with an XMP packet xmp (NULL: none), checked by vtcheck.
 */
struct rec {
	int first, n;
};

static void
build_and_check(int npages, const struct rec *recs, int nrecs, const char *xmp,
    struct found *f)
{
	buf bytes = BUF_INIT, *b;
	pdfw *w = pdfw_new(pdfw_sink_buf, &bytes);
	int catalog = pdfw_alloc(w), tree = pdfw_alloc(w), md = 0, root;
	int pages[16], leaf_of[16] = {0};
	pdfvt *vt;
	qpdf_data q;
	int problems;

	for (int i = 0; i < npages; i++)
		pages[i] = pdfw_alloc(w);
	vt = pdfvt_new(w);
	for (int r = 0; r < nrecs; r++) {
		pdfvt_record rec = {1000 + r, r + 1, r % 2 ? "100-0001" : NULL};
		int leaf = pdfvt_leaf(vt);

		for (int i = recs[r].first; i < recs[r].first + recs[r].n; i++)
			leaf_of[i] = leaf;	/* a page in two records names the last */
		assert_int_equal(pdfvt_add(vt, pages[recs[r].first],
		    pages[recs[r].first + recs[r].n - 1], &rec), 0);
	}
	assert_int_equal(pdfvt_count(vt), nrecs);
	for (int i = 0; i < npages; i++) {
		pdfw_begin(w, pages[i]);
		b = pdfw_buf(w);
		buf_puts(b, "<< /Type /Page /MediaBox [0 0 100 100] /Parent ");
		pdfw_put_ref(b, tree);
		if (leaf_of[i]) {
			buf_puts(b, " /DPart ");
			pdfw_put_ref(b, leaf_of[i]);
		}
		buf_puts(b, " >>");
		pdfw_end(w);
	}
	pdfw_begin(w, tree);
	b = pdfw_buf(w);
	buf_printf(b, "<< /Type /Pages /Count %d /Kids [", npages);
	for (int i = 0; i < npages; i++) {
		buf_putc(b, ' ');
		pdfw_put_ref(b, pages[i]);
	}
	buf_puts(b, "] >>");
	pdfw_end(w);
	root = pdfvt_finish(vt);
	assert_true(root >= 0);
	pdfvt_free(vt);
	if (xmp) {
		md = pdfw_alloc(w);
		pdfw_stream(w, md, "/Type /Metadata", xmp, strlen(xmp), PDFW_RAW);
	}
	pdfw_begin(w, catalog);
	b = pdfw_buf(w);
	buf_puts(b, "<< /Type /Catalog /Pages ");
	pdfw_put_ref(b, tree);
	if (md) {
		buf_puts(b, " /Metadata ");
		pdfw_put_ref(b, md);
	}
	if (root) {
		buf_puts(b, " /DPartRoot ");
		pdfw_put_ref(b, root);
	}
	buf_puts(b, " >>");
	pdfw_end(w);
	assert_int_equal(pdfw_finish(w, catalog, 0), 0);
	pdfw_free(w);
	q = qpdf_init();
	qpdf_silence_errors(q);
	assert_int_equal(qpdf_read_memory(q, "t.pdf", bytes.p, bytes.len, NULL) &
	    QPDF_ERRORS, 0);
	memset(f, 0, sizeof(*f));
	problems = vtcheck_pdf(q, collect, f);
	qpdf_cleanup(&q);
	buf_free(&bytes);
	assert_int_equal(problems, f->n);
}

static void
test_whole_batch_has_no_problem(void **state)
{
	const struct rec recs[] = {{0, 2}, {2, 2}, {4, 1}};
	struct found f;

	build_and_check(5, recs, 3, XMP_VT, &f);
	assert_int_equal(f.n, 0);
	buf_free(&f.msgs);
}

static void
test_declaration_is_checked(void **state)
{
	const struct rec recs[] = {{0, 1}};
	struct found f;

	/* records without the XMP that declares them */
	build_and_check(1, recs, 1, NULL, &f);
	assert_int_equal(f.n, 2);
	assert_non_null(strstr(buf_str(&f.msgs), "does not declare PDF/VT-1"));
	assert_non_null(strstr(buf_str(&f.msgs), "PDF/VT-1 needs PDF/X-4"));
	buf_free(&f.msgs);
	/* the declaration without records */
	build_and_check(1, recs, 0, XMP_VT, &f);
	assert_int_equal(f.n, 1);
	assert_non_null(strstr(buf_str(&f.msgs), "the catalog has no /DPartRoot"));
	buf_free(&f.msgs);
}

static void
test_records_out_of_order_or_missing_pages_are_found(void **state)
{
	const struct rec swapped[] = {{2, 1}, {0, 2}};
	const struct rec short_of[] = {{0, 2}};
	struct found f;

	build_and_check(3, swapped, 2, XMP_VT, &f);
	assert_true(f.n >= 1);
	assert_non_null(strstr(buf_str(&f.msgs), "starts on page 3, not on page 1"));
	buf_free(&f.msgs);
	build_and_check(3, short_of, 1, XMP_VT, &f);
	assert_int_equal(f.n, 1);
	assert_string_equal(buf_str(&f.msgs), "PDF/VT: the records end on page 2 of 3: "
	    "every page must be in a record\n");
	buf_free(&f.msgs);
}

/* A page in two records names only the last: the first is reported. */
static void
test_page_naming_another_record_is_found(void **state)
{
	const struct rec overlap[] = {{0, 2}, {1, 1}};
	struct found f;

	build_and_check(2, overlap, 2, XMP_VT, &f);
	assert_non_null(strstr(buf_str(&f.msgs), "page 2 does not name its record"));
	assert_non_null(strstr(buf_str(&f.msgs), "starts on page 2, not on page 3"));
	buf_free(&f.msgs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_whole_batch_has_no_problem),
		cmocka_unit_test(test_declaration_is_checked),
		cmocka_unit_test(test_records_out_of_order_or_missing_pages_are_found),
		cmocka_unit_test(test_page_naming_another_record_is_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
