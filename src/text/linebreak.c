/* linebreak: where a line may break, by ICU's line-break iterator with strict Japanese rules. */
#include "text/linebreak.h"

#include <stdint.h>

#include <unicode/ubrk.h>

#include "text/jcomp.h"
#include "text/utf8.h"
#include "util/mem.h"

struct linebreak {
	UBreakIterator *it;
	UChar *u;		/* the text in UTF-16 */
	size_t *byte;		/* UTF-16 index -> UTF-8 byte offset */
	uint32_t *cp;		/* UTF-16 index -> the code point it is (part of) */
	size_t cap;		/* units allocated in u, byte and cp */
};

/*
 * Kinsoku shori. ICU's strict rules cover most of this; these are the
 * house rules, applied to every opportunity ICU reports (a switch: it is
 * asked at almost every character of Japanese text).
 */
static int
forbidden_start(uint32_t cp)
{
	if (cp >= 0x31F0 && cp <= 0x31FF)	/* small katakana extension */
		return 1;
	switch (cp) {
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E: case 0x30FB:
	case 0xFF1A: case 0xFF1B: case 0xFF1F: case 0xFF01: case 0x309B:
	case 0x309C: case 0x30FD: case 0x30FE: case 0x309D: case 0x309E:
	case 0x3005: case 0x30FC: case 0x300D: case 0x300F: case 0xFF09:
	case 0x3015: case 0xFF3D: case 0xFF5D: case 0x3009: case 0x300B:
	case 0x3011: case 0x3019: case 0x3017: case ')': case ']': case '}':
	/* small kana */
	case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
	case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E:
	case 0x3095: case 0x3096:
	case 0x30A1: case 0x30A3: case 0x30A5: case 0x30A7: case 0x30A9:
	case 0x30C3: case 0x30E3: case 0x30E5: case 0x30E7: case 0x30EE:
	case 0x30F5: case 0x30F6:
	case 0x2010: case 0x2013: case 0x301C: case 0xFF5E: case '?': case '!':
	case ',': case '.': case ':': case ';':
	/* half-width forms of the same */
	case 0xFF61: case 0xFF63: case 0xFF64: case 0xFF65: case 0xFF70:
	case 0xFF67: case 0xFF68: case 0xFF69: case 0xFF6A: case 0xFF6B:
	case 0xFF6C: case 0xFF6D: case 0xFF6E: case 0xFF6F:
		return 1;
	}
	return 0;
}

/* No line ends with an opening bracket, Japanese or Latin. */
static int
forbidden_end(uint32_t cp)
{
	return jcomp_class(cp) == JC_OPEN || cp == '(' || cp == '[' || cp == '{';
}

static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == 0x3000;
}

/* Latin-script text, which breaks only at spaces: no break inside "e-mail". */
static int
latin(uint32_t cp)
{
	return (cp > 0x20 && cp < 0x7F) || (cp >= 0xA1 && cp <= 0x24F);
}

/* Whether a line may start at UTF-16 index k > 0 of a text whose code points, unit by unit, are cp. */
static int
allowed(const uint32_t *cp, int32_t k)
{
	int32_t i = k - 1;

	if (forbidden_start(cp[k]))
		return 0;
	/* the last character before k that is not a space */
	while (i > 0 && is_space(cp[i]))
		i--;
	if (!is_space(cp[i]) && forbidden_end(cp[i]))
		return 0;
	if (latin(cp[k - 1]) && latin(cp[k]))
		return 0;
	return 1;
}

linebreak *
linebreak_new(void)
{
	linebreak *lb;
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *it;

	it = ubrk_open(UBRK_LINE, "ja@lb=strict", NULL, 0, &st);
	if (U_FAILURE(st))
		return NULL;
	lb = mem_calloc(1, sizeof(*lb));
	lb->it = it;
	return lb;
}

void
linebreak_free(linebreak *lb)
{
	if (lb == NULL)
		return;
	ubrk_close(lb->it);
	mem_free(lb->u);
	mem_free(lb->byte);
	mem_free(lb->cp);
	mem_free(lb);
}

/* Fill lb->u, lb->byte and lb->cp from s; returns the UTF-16 length or -1. */
static int32_t
to_utf16(linebreak *lb, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	size_t k = 0;

	if (n >= INT32_MAX / 2)
		return -1;
	if (lb->cap < n + 1) {
		lb->u = mem_realloc(lb->u, (n + 1) * sizeof(*lb->u));
		lb->byte = mem_realloc(lb->byte, (n + 1) * sizeof(*lb->byte));
		lb->cp = mem_realloc(lb->cp, (n + 1) * sizeof(*lb->cp));
		lb->cap = n + 1;
	}
	while (p < end) {
		size_t at = (size_t)(p - s);
		uint32_t cp = utf8_next(&p, end);

		if (cp >= 0x10000) {
			lb->byte[k] = at;
			lb->cp[k] = cp;
			lb->u[k++] = (UChar)(0xD800 + ((cp - 0x10000) >> 10));
			lb->byte[k] = at;
			lb->cp[k] = cp;
			lb->u[k++] = (UChar)(0xDC00 + (cp & 0x3FF));
		} else {
			lb->byte[k] = at;
			lb->cp[k] = cp;
			lb->u[k++] = (UChar)cp;
		}
	}
	lb->byte[k] = n;
	lb->cp[k] = 0;
	return (int32_t)k;
}

int
linebreak_find(linebreak *lb, const char *s, size_t n, size_t **offs)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t len, b;
	size_t *out = NULL, count = 0, cap = 16;

	*offs = NULL;
	if ((len = to_utf16(lb, s, n)) == -1)
		return -1;
	ubrk_setText(lb->it, lb->u, len, &st);
	if (U_FAILURE(st))
		return -1;
	out = mem_alloc(cap * sizeof(*out));
	for (b = ubrk_first(lb->it); (b = ubrk_next(lb->it)) != UBRK_DONE;) {
		size_t o;

		if (b >= len)
			break;
		o = lb->byte[b];
		if (o == 0 || o >= n || !allowed(lb->cp, b))
			continue;
		if (count == cap) {
			cap *= 2;
			out = mem_realloc(out, cap * sizeof(*out));
		}
		out[count++] = o;
	}
	if (count > INT32_MAX) {
		mem_free(out);
		return -1;
	}
	*offs = out;
	return (int)count;
}
