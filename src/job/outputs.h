/* outputs: where a job's files go, and the PDF document its layout starts. */
#ifndef TAYORI_OUTPUTS_H
#define TAYORI_OUTPUTS_H

#include "layout/layout.h"
#include "device/device.h"
#include "render/pdf.h"
#include "util/diag.h"

/* out/STEM.pdf, making out/ when missing; mem_alloc'd. */
char *job_default_out(const char *stem);

/* The PDF options a layout asks for (bleed, print, marks), the rest zero. */
void job_pdf_opts(const layout *l, pdf_opts *po);

/*
 * A new output file: a PDF with the layout's fonts streamed to sink (NULL:
 * kept for device_save), or (dump) the text dump. NULL with a diagnostic.
 */
device *job_device_new(const layout *l, const pdf_opts *po, int dump,
    pdfw_sink sink, void *ctx, diag *d);

#endif
