/* pdfnum: numbers and hex codes as content streams write them, without printf. */
#include "render/pdfnum.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define FAST_MAX 1e14	/* v * 1e4 stays exact in a long long and a double's integers */

void
pdfnum_put_int(buf *b, long long v)
{
	char t[24], *e = t + sizeof(t), *s = e;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do {
		*--s = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--s = '-';
	buf_put(b, s, (size_t)(e - s));
}

/* The slow path: printf, for what the fast one cannot hold. */
static void
put_printf(buf *b, double v)
{
	char t[400];
	size_t n = (size_t)snprintf(t, sizeof(t), "%.4f", v);

	if (n >= sizeof(t))
		n = sizeof(t) - 1;
	while (n > 0 && t[n - 1] == '0' && memchr(t, '.', n))
		t[--n] = '\0';
	if (n > 0 && t[n - 1] == '.')
		t[--n] = '\0';
	buf_puts(b, strcmp(t, "-0") == 0 ? "0" : t);
}

int
pdfnum_ticks(double v, long long *q)
{
	if (!(fabs(v) < FAST_MAX))
		return -1;
	/* to nearest, halves away from zero: a value within an ulp of a half may end one digit apart from printf's */
	*q = llround(v * 10000.0);
	return 0;
}

void
pdfnum_put_ticks(buf *b, long long q)
{
	long long whole;
	int frac, digits = 4;
	char t[4];

	if (q == 0) {
		buf_putc(b, '0');
		return;
	}
	if (q < 0) {
		buf_putc(b, '-');
		q = -q;
	}
	whole = q / 10000;
	frac = (int)(q % 10000);
	pdfnum_put_int(b, whole);
	if (frac == 0)
		return;
	while (frac % 10 == 0) {
		frac /= 10;
		digits--;
	}
	for (int i = digits; i-- > 0; frac /= 10)
		t[i] = (char)('0' + frac % 10);
	buf_putc(b, '.');
	buf_put(b, t, (size_t)digits);
}

void
pdfnum_put(buf *b, double v)
{
	long long q;

	if (pdfnum_ticks(v, &q) != 0)
		put_printf(b, v);
	else
		pdfnum_put_ticks(b, q);
}

void
pdfnum_put_hex4(buf *b, unsigned long v)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[4];

	t[0] = hex[(v >> 12) & 15];
	t[1] = hex[(v >> 8) & 15];
	t[2] = hex[(v >> 4) & 15];
	t[3] = hex[v & 15];
	buf_put(b, t, 4);
}
