/* qr: QR code symbols (libqrencode) as runs of dark modules: rectangles for a device, or a PDF path on the module grid. */
#include "render/qr.h"

#include <string.h>

#include "render/pdfnum.h"
#include "render/qrmask.h"

static QRcode *
encode(const char *text)
{
	size_t n = strlen(text);

	if (n == 0 || n > QR_MAX_BYTES)
		return NULL;
	return qrmask_encode((const unsigned char *)text, (int)n, QR_ECLEVEL_M);
}

int
qr_modules(const char *text)
{
	QRcode *q = encode(text);
	int w;

	if (q == NULL)
		return -1;
	w = q->width;
	QRcode_free(q);
	return w;
}

/* Called per horizontal run of dark modules: row r from the top, columns start..start+len-1 (no quiet zone). */
typedef void (*run_fn)(void *ctx, int n, int r, int start, int len);

/* Encode text and call run for every run of dark modules, top row first; n, or -1. */
static int
runs(const char *text, run_fn run, void *ctx)
{
	QRcode *q = encode(text);
	int n, r, c, start;

	if (q == NULL)
		return -1;
	n = q->width;
	for (r = 0; r < n; r++) {
		const unsigned char *row = q->data + (size_t)r * n;

		for (c = 0; c < n; c++) {
			/* Bit 0 of each module byte is "dark". */
			if (!(row[c] & 1))
				continue;
			start = c;
			while (c + 1 < n && (row[c + 1] & 1))
				c++;
			run(ctx, n, r, start, c - start + 1);
		}
	}
	QRcode_free(q);
	return n;
}

struct scaled {
	double x, y, side;
	qr_rect_fn rect;
	void *ctx;
};

static void
scaled_run(void *ctx, int n, int r, int start, int len)
{
	const struct scaled *s = ctx;
	double m = s->side / (n + 2 * QR_QUIET);

	s->rect(s->ctx, s->x + (QR_QUIET + start) * m,
	    s->y + s->side - (QR_QUIET + r + 1) * m, len * m, m);
}

int
qr_draw_rects(const char *text, double x, double y, double side,
    qr_rect_fn rect, void *ctx)
{
	struct scaled s = {x, y, side, rect, ctx};

	return runs(text, scaled_run, &s) < 0 ? -1 : 0;
}

static void
path_run(void *ctx, int n, int r, int start, int len)
{
	buf *b = ctx;

	pdfnum_put_int(b, QR_QUIET + start);
	buf_putc(b, ' ');
	pdfnum_put_int(b, n + QR_QUIET - r - 1);
	buf_putc(b, ' ');
	pdfnum_put_int(b, len);
	buf_puts(b, " 1 re\n");
}

int
qr_path(const char *text, buf *out)
{
	int n = runs(text, path_run, out);

	return n < 0 ? -1 : n + 2 * QR_QUIET;
}
