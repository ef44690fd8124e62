/* qr: QR code symbols (libqrencode) as filled rectangles for a device. */
#include "render/qr.h"

#include <string.h>

#include <qrencode.h>

static QRcode *
encode(const char *text)
{
	size_t n = strlen(text);

	if (n == 0 || n > QR_MAX_BYTES)
		return NULL;
	return QRcode_encodeData((int)n, (const unsigned char *)text, 0, QR_ECLEVEL_M);
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

int
qr_draw_rects(const char *text, double x, double y, double side,
    qr_rect_fn rect, void *ctx)
{
	QRcode *q = encode(text);
	double m;
	int n, r, c, start;

	if (q == NULL)
		return -1;
	n = q->width;
	m = side / (n + 2 * QR_QUIET);
	for (r = 0; r < n; r++) {
		const unsigned char *row = q->data + (size_t)r * n;
		double top = y + side - (QR_QUIET + r + 1) * m;

		for (c = 0; c < n; c++) {
			/* Bit 0 of each module byte is "dark". */
			if (!(row[c] & 1))
				continue;
			start = c;
			while (c + 1 < n && (row[c + 1] & 1))
				c++;
			rect(ctx, x + (QR_QUIET + start) * m, top,
			    (c - start + 1) * m, m);
		}
	}
	QRcode_free(q);
	return 0;
}
