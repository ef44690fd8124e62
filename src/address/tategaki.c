/* tategaki: a Japanese address for vertical setting: kanji numerals, and Japan Post's postal-code boxes. */
#include "address/tategaki.h"

#include <string.h>

#include "text/utf8.h"
#include "util/buf.h"

static const char *const kanji[10] = {
	"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"
};

static int
digit(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0xFF10 && cp <= 0xFF19)
		return (int)(cp - 0xFF10);
	return -1;
}

static int
hyphen_like(uint32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011 || cp == 0x2012 ||
	    cp == 0x2013 || cp == 0x2014 || cp == 0x2015 || cp == 0x2212 ||
	    cp == 0xFF0D || cp == 0x30FC || cp == 0xFF70;
}

/* Is a kanji numeral (from a digit, or one the text had) just before? */
static int
numeral_before(const buf *b)
{
	for (int i = 0; i < 10; i++)
		if (b->len >= 3 && memcmp(b->p + b->len - 3, kanji[i], 3) == 0)
			return 1;
	return b->len >= 3 && (memcmp(b->p + b->len - 3, "十", 3) == 0 ||
	    memcmp(b->p + b->len - 3, "百", 3) == 0);
}

const char *
tate_numerals(const char *s, arena *ar)
{
	const char *p = s, *end = s + strlen(s);
	buf b = BUF_INIT;
	const char *r;

	while (p < end) {
		const char *q = p;
		uint32_t cp = utf8_next(&p, end);
		int d = digit(cp);

		if (d >= 0) {
			buf_puts(&b, kanji[d]);
		} else if (hyphen_like(cp) && cp != 0x30FC && cp != 0xFF70 &&
		    numeral_before(&b)) {
			buf_puts(&b, "―");
		} else if ((cp == 0x30FC || cp == 0xFF70) && numeral_before(&b) &&
		    p < end && digit((uint32_t)(unsigned char)*p) >= 0) {
			/* ー typed for a hyphen between numbers */
			buf_puts(&b, "―");
		} else if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z')) {
			utf8_put(&b, cp - 0x21 + 0xFF01);
		} else
			buf_put(&b, q, (size_t)(p - q));
	}
	r = arena_strndup(ar, b.p ? b.p : "", b.len);
	buf_free(&b);
	return r;
}

double
tate_box_left(int i)
{
	/* boxes 1–3 with 1.3 mm gaps, then 1.9 mm, then 1.1 mm gaps */
	if (i < 3)
		return i * (TATE_BOX_W + 1.3);
	return 3 * TATE_BOX_W + 2 * 1.3 + 1.9 + (i - 3) * (TATE_BOX_W + 1.1);
}

int
tate_postal_digits(const char *code, char d[8])
{
	const char *p = code, *end = code + strlen(code);
	int n = 0;

	while (p < end) {
		uint32_t cp = utf8_next(&p, end);
		int v = digit(cp);

		if (v >= 0) {
			if (n == 7)
				return -1;
			d[n++] = (char)('0' + v);
		} else if (!hyphen_like(cp) && cp != 0x3012 && cp != ' ')
			return -1;
	}
	d[n] = '\0';
	return n == 7 ? 0 : -1;
}
