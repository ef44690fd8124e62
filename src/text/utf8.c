/* utf8: UTF-8 validation, decoding and encoding, and NFC normalization. */
#include "text/utf8.h"

#include <stdint.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "util/mem.h"

long
utf8_decode(const char *s, size_t n, size_t *adv)
{
	const unsigned char *p = (const unsigned char *)s;
	long cp, min;
	size_t need;

	if (p[0] < 0x80) {
		*adv = 1;
		return p[0];
	} else if ((p[0] & 0xE0) == 0xC0) {
		cp = p[0] & 0x1F, need = 1, min = 0x80;
	} else if ((p[0] & 0xF0) == 0xE0) {
		cp = p[0] & 0x0F, need = 2, min = 0x800;
	} else if ((p[0] & 0xF8) == 0xF0) {
		cp = p[0] & 0x07, need = 3, min = 0x10000;
	} else
		return -1;
	if (need >= n)
		return -1;
	for (size_t i = 1; i <= need; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*adv = need + 1;
	return cp;
}

int
utf8_valid(const char *s, size_t n, size_t *bad)
{
	size_t i = 0, adv;

	while (i < n) {
		if (utf8_decode(s + i, n - i, &adv) < 0) {
			if (bad != NULL)
				*bad = i;
			return -1;
		}
		i += adv;
	}
	return 0;
}

uint32_t
utf8_next(const char **pp, const char *end)
{
	const unsigned char *p = (const unsigned char *)*pp;
	const unsigned char *e = (const unsigned char *)end;
	uint32_t cp;
	size_t len, k;

	if (p[0] < 0x80) {
		*pp += 1;
		return p[0];
	}
	if ((p[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = p[0] & 0x1F;
	} else if ((p[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = p[0] & 0x0F;
	} else if ((p[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = p[0] & 0x07;
	} else {
		*pp += 1;
		return 0xFFFD;
	}
	/* Input is meant to be valid; still never read past end. */
	for (k = 1; k < len; k++) {
		if (p + k >= e || (p[k] & 0xC0) != 0x80) {
			*pp += k;
			return 0xFFFD;
		}
		cp = (cp << 6) | (p[k] & 0x3F);
	}
	*pp += len;
	return cp;
}

void
utf8_put(buf *b, uint32_t cp)
{
	char s[4];

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		s[0] = (char)cp;
		buf_put(b, s, 1);
	} else if (cp < 0x800) {
		s[0] = (char)(0xC0 | (cp >> 6));
		s[1] = (char)(0x80 | (cp & 0x3F));
		buf_put(b, s, 2);
	} else if (cp < 0x10000) {
		s[0] = (char)(0xE0 | (cp >> 12));
		s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[2] = (char)(0x80 | (cp & 0x3F));
		buf_put(b, s, 3);
	} else {
		s[0] = (char)(0xF0 | (cp >> 18));
		s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		s[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		s[3] = (char)(0x80 | (cp & 0x3F));
		buf_put(b, s, 4);
	}
}

/*
 * No character below U+0300 changes under NFC or composes with what
 * precedes it, so text made only of those is already NFC.
 */
static int
below_combining(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x80)
			continue;
		/* U+0080..U+02FF are C2..CB lead bytes */
		if (p[i] >= 0xC2 && p[i] <= 0xCB && i + 1 < n) {
			i++;
			continue;
		}
		return 0;
	}
	return 1;
}

int
utf8_nfc(const char *s, size_t n, buf *out)
{
	const UNormalizer2 *nfc;
	UErrorCode st = U_ZERO_ERROR;
	UChar *u = NULL, *v = NULL;
	char *o = NULL;
	int32_t ulen, vlen, olen;
	int rc = -1;

	if (below_combining(s, n)) {
		buf_put(out, s, n);
		return 0;
	}
	if (n > INT32_MAX / 2)
		return -1;
	nfc = unorm2_getNFCInstance(&st);
	if (U_FAILURE(st))
		return -1;

	/* UTF-16 never needs more units than UTF-8 has bytes. */
	u = mem_alloc((n + 1) * sizeof(UChar));
	u_strFromUTF8(u, (int32_t)n + 1, &ulen, s, (int32_t)n, &st);
	if (U_FAILURE(st))
		goto out;
	if (unorm2_isNormalized(nfc, u, ulen, &st) && U_SUCCESS(st)) {
		buf_put(out, s, n);
		rc = 0;
		goto out;
	}
	if (U_FAILURE(st))
		goto out;

	vlen = unorm2_normalize(nfc, u, ulen, NULL, 0, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	v = mem_alloc(((size_t)vlen + 1) * sizeof(UChar));
	unorm2_normalize(nfc, u, ulen, v, vlen + 1, &st);
	if (U_FAILURE(st))
		goto out;

	u_strToUTF8(NULL, 0, &olen, v, vlen, &st);
	if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st))
		goto out;
	st = U_ZERO_ERROR;
	o = mem_alloc((size_t)olen + 1);
	u_strToUTF8(o, olen + 1, NULL, v, vlen, &st);
	if (U_FAILURE(st))
		goto out;
	buf_put(out, o, (size_t)olen);
	rc = 0;
out:
	mem_free(u);
	mem_free(v);
	mem_free(o);
	return rc;
}
