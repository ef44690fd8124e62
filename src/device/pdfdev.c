/* pdfdev: the PDF writer (render/pdf) as a device; a copy's label becomes its page labels. */
#include "device/device.h"

#include "render/pdf.h"

static int
add(void *impl, const dl_copy *c, const char *label)
{
	pdf_doc *p = impl;

	if (label && pdf_label_pages(p, pdf_page_count(p) + 1, label) != 0)
		return -1;
	return pdf_add_copy(p, c);
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

static const device_ops pdf_ops = {add, pages, save, release};

device *
device_pdf_new(const char *const *font_paths, int nfonts,
    const struct pdf_opts *o, diag *d)
{
	return device_new(&pdf_ops, pdf_new(font_paths, nfonts, o, d));
}
