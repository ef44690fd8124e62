/* filters: the merge filters: upper, lower, date, era, kanji, money. */
#include "merge/merge.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ucasemap.h>

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

static int
money(const char *s, size_t n, buf *out)
{
	char tmp[64], digits[32];
	char *end;
	double v;
	long long iv;
	int len, neg;

	if (n == 0 || n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	v = strtod(tmp, &end);
	if (*end != '\0' || v > 1e15 || v < -1e15)
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
		k = strftime(tmp, sizeof(tmp), arg ? arg : "%Y-%m-%d", &tm);
		buf_put(out, tmp, k);
	}
	return 0;
}

static int
f_number(const char *name, const char *arg, const char *value, size_t n, buf *out)
{
	if ((name[0] == 'k' ? kanji(value, n, out) : money(value, n, out)) != 0)
		buf_put(out, value, n);	/* not a number: as it is */
	return 0;
}

/* The filters: the one table compile-time checks and merging both read. */
static const struct {
	const char *name;
	int (*fn)(const char *, const char *, const char *, size_t, buf *);
} filters[] = {
	{"upper", f_case}, {"lower", f_case}, {"date", f_date}, {"era", f_date},
	{"kanji", f_number}, {"money", f_number}
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
