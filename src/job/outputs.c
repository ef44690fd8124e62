/* outputs: where a job's files go, and the PDF document its layout starts. */
#include "job/outputs.h"

#include <string.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/mem.h"

char *
job_default_out(const char *stem)
{
	buf b = BUF_INIT;

	mkdir("out", 0777);
	buf_printf(&b, "out/%s.pdf", stem);
	return buf_detach(&b);
}

void
job_pdf_opts(const layout *l, pdf_opts *po)
{
	memset(po, 0, sizeof(*po));
	po->creator = "tayori " TAYORI_VERSION;
	po->bleed = layout_bleed(l);
	po->print = layout_print(l);
	po->marks = layout_marks(l);
}

device *
job_device_new(const layout *l, const pdf_opts *po, int dump, pdfw_sink sink,
    void *ctx, diag *d)
{
	const char *paths[16];	/* SPEC_MAX_FONTS */

	if (dump)
		return device_dump_new();
	for (int i = 0; i < layout_nfonts(l); i++)
		paths[i] = font_path(layout_font(l, i));
	return device_pdf_new(paths, layout_nfonts(l), po, sink, ctx, d);
}
