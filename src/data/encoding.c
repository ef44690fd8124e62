/* encoding: a text file in the encoding an export was saved in, read as UTF-8 (ICU converts). */
#include "data/encoding.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/utf16.h>
#include <unicode/ustring.h>

#include "text/utf8.h"
#include "util/mem.h"

/* What a user may call an encoding, and the ICU converter that reads it. */
static const struct name {
	const char *alias, *icu, *shown;
} names[] = {
	{"utf-8", "UTF-8", "UTF-8"},
	{"utf8", "UTF-8", "UTF-8"},
	{"utf-16le", "UTF-16LE", "UTF-16LE"},
	{"utf-16be", "UTF-16BE", "UTF-16BE"},
	{"utf-16", "UTF-16", "UTF-16"},
	{"shift_jis", "windows-31j", "Shift_JIS (CP932)"},
	{"shift-jis", "windows-31j", "Shift_JIS (CP932)"},
	{"sjis", "windows-31j", "Shift_JIS (CP932)"},
	{"cp932", "windows-31j", "Shift_JIS (CP932)"},
	{"windows-31j", "windows-31j", "Shift_JIS (CP932)"},
	{"euc-jp", "EUC-JP", "EUC-JP"},
	{"eucjp", "EUC-JP", "EUC-JP"},
};

/*
 * Convert strictly: a byte sequence the encoding has no character for
 * stops the conversion. 0; or -1 with *bad_line, the line it is on
 * (counted in what was converted before it), or 0 when the encoding
 * itself is unknown. *halfkana counts U+FF61..U+FF9F read.
 */
static int
convert(const char *icu, const char *data, size_t n, buf *out, int *bad_line,
    long *halfkana)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cnv = ucnv_open(icu, &st);
	UChar chunk[8192];
	const char *src = data, *end = data + n;
	int line = 1, rc = -1;

	*bad_line = 0;
	*halfkana = 0;
	if (U_FAILURE(st) || n > INT32_MAX)
		goto out;
	ucnv_setToUCallBack(cnv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
	for (int carry = 0;;) {
		UChar *dst = chunk + carry, *upto;
		char u8[sizeof(chunk) / sizeof(chunk[0]) * 3];
		int32_t u8len = 0;
		UErrorCode ust = U_ZERO_ERROR;

		st = U_ZERO_ERROR;
		ucnv_toUnicode(cnv, &dst, chunk + sizeof(chunk) / sizeof(chunk[0]),
		    &src, end, NULL, 1, &st);
		/* a pair cut by the chunk's end waits for its second half */
		upto = dst;
		carry = st == U_BUFFER_OVERFLOW_ERROR && U16_IS_LEAD(dst[-1]);
		upto -= carry;
		for (UChar *u = chunk; u < upto; u++) {
			if (*u == '\n')
				line++;
			if (*u >= 0xFF61 && *u <= 0xFF9F)
				(*halfkana)++;
		}
		u_strToUTF8(u8, (int32_t)sizeof(u8), &u8len, chunk,
		    (int32_t)(upto - chunk), &ust);
		if (carry)
			chunk[0] = *upto;
		if (U_FAILURE(ust)) {	/* a lone surrogate in UTF-16 */
			*bad_line = line;
			goto out;
		}
		buf_put(out, u8, (size_t)u8len);
		if (st == U_BUFFER_OVERFLOW_ERROR)
			continue;
		if (U_FAILURE(st)) {
			*bad_line = line;
			goto out;
		}
		break;
	}
	rc = 0;
out:
	if (cnv != NULL)
		ucnv_close(cnv);
	return rc;
}

/*
 * Valid UTF-8, or UTF-8 with a few bad bytes: more well-formed multibyte
 * sequences than bad ones. Such a file is read as UTF-8 and its first bad
 * byte reported, rather than taken for Shift_JIS and read as nonsense.
 */
static int
mostly_utf8(const char *s, size_t n)
{
	size_t good = 0, bad = 0;

	for (size_t i = 0; i < n;) {
		size_t adv;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		if (utf8_decode(s + i, n - i, &adv) < 0) {
			bad++;
			i++;
		} else {
			good++;
			i += adv;
		}
	}
	return bad == 0 || good > bad;
}

static void
truncate(buf *b, size_t len)
{
	b->len = len;
	if (b->p != NULL)
		b->p[len] = '\0';
}

static void
bad_bytes(const char *path, int line, const char *shown, diag *d)
{
	char why[128];

	snprintf(why, sizeof(why), "invalid %s on this line (if the file is not "
	    "%s, name its encoding with --encoding)", shown, shown);
	diag_at(d, D_CSV, path, line, 0, why);
}

int
encoding_to_utf8(const char *path, const char *data, size_t n,
    const char *named, buf *out, const char **used, diag *d)
{
	const unsigned char *u = (const unsigned char *)data;
	const char *icu = NULL, *shown = NULL;
	size_t skip = 0, start = out->len;
	int line;
	long kana;

	if (named != NULL) {
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (strcasecmp(named, names[i].alias) == 0) {
				icu = names[i].icu;
				shown = names[i].shown;
			}
		if (icu == NULL)
			icu = shown = named;
	}
	/* a byte order mark, when it agrees with the encoding named */
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF &&
	    (icu == NULL || strcmp(icu, "UTF-8") == 0)) {
		icu = "UTF-8";
		shown = "UTF-8";
		skip = 3;
	} else if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) ||
	    (u[0] == 0xFE && u[1] == 0xFF)) &&
	    (icu == NULL || strncmp(icu, "UTF-16", 6) == 0)) {
		icu = u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
		shown = icu;
		skip = 2;
	} else if (icu == NULL && n >= 4 && u[0] != 0 && u[1] == 0 &&
	    u[2] != 0 && u[3] == 0)
		icu = shown = "UTF-16LE";	/* no mark, but plainly UTF-16 */
	if (icu == NULL && mostly_utf8(data, n))
		icu = shown = "UTF-8";
	if (icu != NULL) {
		if (strcmp(icu, "UTF-8") == 0 || strcasecmp(icu, "utf8") == 0) {
			size_t bad;

			if (utf8_valid(data + skip, n - skip, &bad) == -1) {
				line = 1;
				for (size_t i = skip; i < skip + bad; i++)
					line += data[i] == '\n';
				bad_bytes(path, line, shown, d);
				return -1;
			}
			buf_put(out, data + skip, n - skip);
		} else if (convert(icu, data + skip, n - skip, out, &line,
		    &kana) == -1) {
			truncate(out, start);
			if (line == 0)
				diag_plain(d, D_USAGE, "unknown encoding: use utf-8, "
				    "utf-16, shift_jis or euc-jp");
			else
				bad_bytes(path, line, shown, d);
			return -1;
		}
		if (used)
			*used = shown;
		return 0;
	}
	/* Neither UTF-8 nor marked: the two Japanese legacy encodings. */
	{
		buf euc = BUF_INIT;
		long kana_euc = -1, kana_sjis = -1;
		int line_euc, line_sjis;

		if (convert("EUC-JP", data, n, &euc, &line_euc, &kana_euc) == -1)
			kana_euc = -1;
		if (convert("windows-31j", data, n, out, &line_sjis,
		    &kana_sjis) == -1) {
			truncate(out, start);
			kana_sjis = -1;
		}
		if (kana_euc >= 0 && (kana_sjis < 0 || kana_euc < kana_sjis)) {
			truncate(out, start);
			buf_put(out, euc.p, euc.len);
			shown = "EUC-JP";
		} else if (kana_sjis >= 0)
			shown = "Shift_JIS (CP932)";
		buf_free(&euc);
		if (shown == NULL) {
			diag_at(d, D_CSV, path, line_sjis > line_euc ?
			    line_sjis : line_euc, 0, "not UTF-8, UTF-16, "
			    "Shift_JIS or EUC-JP (name the file's encoding with "
			    "--encoding)");
			return -1;
		}
	}
	if (used)
		*used = shown;
	return 0;
}
