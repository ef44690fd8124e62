/* pdfdev: the PDF writer (render/pdf) as a device; a copy's label becomes its page labels, its record a PDF/VT record. */
#include "device/device.h"

#include "render/pdf.h"

static int
add(void *impl, const dl_copy *c, const device_record *rec)
{
	pdf_doc *p = impl;
	int first = pdf_page_count(p) + 1;
	pdfvt_record r;

	if (rec && rec->label && pdf_label_pages(p, first, rec->label) != 0)
		return -1;
	if (pdf_add_copy(p, c) != 0)
		return -1;
	if (rec == NULL || rec->copy <= 0)
		return 0;
	r.customer = rec->customer;
	r.copy = rec->copy;
	r.postal = rec->postal;
	return pdf_add_record(p, first, pdf_page_count(p) - first + 1, &r);
}

static int
pages(const void *impl)
{
	return pdf_page_count(impl);
}

static int
save(void *impl, buf *out)
{
	return pdf_save(impl, out);
}

static void
release(void *impl)
{
	pdf_free(impl);
}

static const device_ops pdf_ops = {add, pages, save, release, NULL, pdf_prepare_copy};

device *
device_pdf_new(const char *const *font_paths, int nfonts,
    const struct pdf_opts *o, pdfw_sink sink, void *ctx, diag *d)
{
	return device_new(&pdf_ops, pdf_new_to(font_paths, nfonts, o, sink, ctx, d));
}
