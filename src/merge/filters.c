/* filters: the merge filters: upper, lower, date, era, kanji, money, plural. */
#include "merge/merge.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucasemap.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

static void
casemap(int upper, const char *s, size_t n, buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	UCaseMap *cm = ucasemap_open("", 0, &err);
	int32_t need;
	size_t start = out->len;

	if (U_FAILURE(err) || n > INT32_MAX / 3) {
		buf_put(out, s, n);
		return;
	}
	/* case mapping can grow text: make room for three times the input */
	buf_put(out, s, n);
	buf_put(out, s, n);
	buf_put(out, s, n);
	need = (upper ? ucasemap_utf8ToUpper : ucasemap_utf8ToLower)(cm,
	    out->p + start, (int32_t)(out->len - start), s, (int32_t)n, &err);
	if (U_FAILURE(err)) {
		out->len = start;
		buf_put(out, s, n);
	} else {
		out->len = start + (size_t)need;
		out->p[out->len] = '\0';
	}
	ucasemap_close(cm);
}

/* YYYY-MM-DD at the start of s; 0 or -1. */
static int
parse_date(const char *s, size_t n, struct tm *tm)
{
	int y, m, d;
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	if (n < 10 || !isdigit((unsigned char)s[0]) || s[4] != '-' || s[7] != '-')
		return -1;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return -1;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = y - 1900;
	tm->tm_mon = m - 1;
	tm->tm_mday = d;
	{
		/* day of the week and of the year, without the time zone */
		static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
		int yy = m < 3 ? y - 1 : y;
		static const int cum[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

		tm->tm_wday = (yy + yy / 4 - yy / 100 + yy / 400 + t[m - 1] + d) % 7;
		tm->tm_yday = cum[m - 1] + d - 1 + (leap && m > 2);
	}
	return 0;
}

static void
era(const struct tm *tm, buf *out)
{
	int y = tm->tm_year + 1900, md = (tm->tm_mon + 1) * 100 + tm->tm_mday;
	const char *name;
	int ey;

	if (y > 2019 || (y == 2019 && md >= 501)) {
		name = "令和";
		ey = y - 2018;
	} else if (y > 1989 || (y == 1989 && md >= 108)) {
		name = "平成";
		ey = y - 1988;
	} else {
		name = "昭和";
		ey = y - 1925;
	}
	if (ey == 1)
		buf_printf(out, "%s元年%d月%d日", name, tm->tm_mon + 1, tm->tm_mday);
	else
		buf_printf(out, "%s%d年%d月%d日", name, ey, tm->tm_mon + 1,
		    tm->tm_mday);
}

static void
kanji_group(long long v, buf *out)
{
	static const char *digit[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	static const char *unit[] = {"千", "百", "十", ""};
	static const int div[] = {1000, 100, 10, 1};

	for (int i = 0; i < 4; i++) {
		int dg = (int)(v / div[i] % 10);

		if (dg == 0)
			continue;
		if (dg > 1 || i == 3)
			buf_puts(out, digit[dg]);
		buf_puts(out, unit[i]);
	}
}

static int
kanji(const char *s, size_t n, buf *out)
{
	static const char *big[] = {"兆", "億", "万", ""};
	static const long long bigdiv[] = {1000000000000LL, 100000000LL, 10000LL, 1};
	char tmp[32];
	char *end;
	long long v;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	v = strtoll(tmp, &end, 10);
	if (*end != '\0' || v < 0 || v >= 10000000000000000LL)
		return -1;
	if (v == 0) {
		buf_puts(out, "〇");
		return 0;
	}
	for (int i = 0; i < 4; i++) {
		long long g = v / bigdiv[i] % 10000;

		if (g == 0)
			continue;
		kanji_group(g, out);
		buf_puts(out, big[i]);
	}
	return 0;
}

static int number(const char *s, size_t n, double *v);

/* money with no locale: the amount rounded to a whole number, digits grouped by commas. */
static int
money(const char *s, size_t n, buf *out)
{
	char digits[32];
	double v;
	long long iv;
	int len, neg;

	if (number(s, n, &v) != 0)
		return -1;
	neg = v < 0;
	iv = (long long)(neg ? -v + 0.5 : v + 0.5);
	len = snprintf(digits, sizeof(digits), "%lld", iv);
	if (neg)
		buf_putc(out, '-');
	for (int i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf_putc(out, ',');
		buf_putc(out, digits[i]);
	}
	return 0;
}

static int
f_case(const char *name, const char *arg, const char *value, size_t n, buf *out)
{
	casemap(name[0] == 'u', value, n, out);
	return 0;
}

/*
 * The format with %-d, %-m, %-H, %-I, %-M, %-S and %-y (no zero padding:
 * 12月1日, December 1) replaced by their numbers, whatever the C
 * library's strftime makes of a '-' flag.
 */
static void
unpadded(const char *f, const struct tm *tm, buf *out)
{
	for (; *f; f++) {
		int v = -1;

		if (f[0] == '%' && f[1] == '%') {
			buf_puts(out, "%%");
			f++;
			continue;
		}
		if (f[0] == '%' && f[1] == '-' && f[2]) {
			switch (f[2]) {
			case 'd': v = tm->tm_mday; break;
			case 'm': v = tm->tm_mon + 1; break;
			case 'H': v = tm->tm_hour; break;
			case 'I': v = tm->tm_hour % 12 ? tm->tm_hour % 12 : 12; break;
			case 'M': v = tm->tm_min; break;
			case 'S': v = tm->tm_sec; break;
			case 'y': v = (tm->tm_year + 1900) % 100; break;
			}
		}
		if (v >= 0) {
			buf_printf(out, "%d", v);
			f += 2;
		} else
			buf_putc(out, *f);
	}
}

static int
f_date(const char *name, const char *arg, const char *value, size_t n, buf *out)
{
	struct tm tm;
	char tmp[256];
	size_t k;

	if (parse_date(value, n, &tm) != 0)
		buf_put(out, value, n);	/* not a date: as it is */
	else if (name[0] == 'e')
		era(&tm, out);
	else {
		buf fmt = BUF_INIT;

		unpadded(arg ? arg : "%Y-%m-%d", &tm, &fmt);
		k = strftime(tmp, sizeof(tmp), buf_str(&fmt), &tm);
		buf_put(out, tmp, k);
		buf_free(&fmt);
	}
	return 0;
}

/* The number at s[0..n), all of it; 0 or -1. */
static int
number(const char *s, size_t n, double *v)
{
	char tmp[64], *end;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	*v = strtod(tmp, &end);
	return *end == '\0' && *v <= 1e15 && *v >= -1e15 ? 0 : -1;
}

/*
 * money "LOCALE [CURRENCY]": the amount as the locale writes money, by
 * ICU: symbol, grouping and the currency's decimals (ja-JP: ￥12,800;
 * en-US: $819.73; de-DE: 12.800,00 €); CURRENCY (ISO 4217) when the
 * amounts are in another currency than the locale's (en-US JPY: ¥12,800).
 */
static int
money_locale(const char *arg, const char *s, size_t n, buf *out)
{
	char loc[32], cur[4] = "";
	UChar ucur[4], res[64];
	char utf8[192];
	UErrorCode err = U_ZERO_ERROR;
	UNumberFormat *f;
	int32_t len, ulen;
	double v;

	if (number(s, n, &v) != 0 || sscanf(arg, "%31s %3s", loc, cur) < 1)
		return -1;
	for (char *p = loc; *p; p++)
		if (*p == '-')
			*p = '_';
	if ((f = unum_open(UNUM_CURRENCY, NULL, 0, loc, NULL, &err)) == NULL ||
	    U_FAILURE(err))
		return -1;
	if (cur[0]) {
		u_charsToUChars(cur, ucur, 4);
		len = unum_formatDoubleCurrency(f, v, ucur, res, 64, NULL, &err);
	} else
		len = unum_formatDouble(f, v, res, 64, NULL, &err);
	unum_close(f);
	if (U_FAILURE(err) || len >= 64)
		return -1;
	u_strToUTF8(utf8, sizeof(utf8), &ulen, res, len, &err);
	if (U_FAILURE(err) || ulen >= (int32_t)sizeof(utf8))
		return -1;
	/* as ICU writes it: a no-break space keeps 12.800,00 € on one line */
	buf_put(out, utf8, (size_t)ulen);
	return 0;
}

static int
f_number(const char *name, const char *arg, const char *value, size_t n, buf *out)
{
	int rc;

	if (name[0] == 'k')
		rc = kanji(value, n, out);
	else
		rc = arg ? money_locale(arg, value, n, out) : money(value, n, out);
	if (rc != 0)
		buf_put(out, value, n);	/* not a number (or no such locale): as it is */
	return 0;
}

/*
 * plural "order" (or "child|children"): the count and the noun, singular
 * for 1 and plural otherwise (English: -s, -es after s x z ch sh, -ies
 * after a consonant and y): "1 order", "12 orders".
 */
static int
f_plural(const char *name, const char *arg, const char *value, size_t n, buf *out)
{
	const char *bar = arg ? strchr(arg, '|') : NULL;
	size_t an = arg ? strlen(arg) : 0;
	double v;

	if (arg == NULL || number(value, n, &v) != 0) {
		buf_put(out, value, n);
		return 0;
	}
	buf_put(out, value, n);
	buf_putc(out, ' ');
	if (v == 1)
		buf_put(out, arg, bar ? (size_t)(bar - arg) : an);
	else if (bar)
		buf_puts(out, bar + 1);
	else if (an >= 2 && arg[an - 1] == 'y' && !strchr("aeiou", arg[an - 2])) {
		buf_put(out, arg, an - 1);
		buf_puts(out, "ies");
	} else {
		buf_puts(out, arg);
		if (an > 0 && (strchr("sxz", arg[an - 1]) ||
		    (an >= 2 && arg[an - 1] == 'h' && strchr("cs", arg[an - 2]))))
			buf_puts(out, "es");
		else
			buf_putc(out, 's');
	}
	return 0;
}

/* The filters: the one table compile-time checks and merging both read. */
static const struct {
	const char *name;
	int (*fn)(const char *, const char *, const char *, size_t, buf *);
} filters[] = {
	{"upper", f_case}, {"lower", f_case}, {"date", f_date}, {"era", f_date},
	{"kanji", f_number}, {"money", f_number}, {"plural", f_plural}
};

static int
find_filter(const char *name)
{
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		if (strcmp(filters[i].name, name) == 0)
			return (int)i;
	return -1;
}

int
merge_filter_known(const char *name)
{
	return find_filter(name) >= 0;
}

int
merge_filter(const char *name, const char *arg, const char *value, size_t n,
    buf *out)
{
	int i = find_filter(name);

	return i < 0 ? -1 : filters[i].fn(name, arg, value, n, out);
}
