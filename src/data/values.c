/* values: reading one imported value (date, amount, count, yes/no) in the forms customer exports write it. */
#include "data/values.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text/utf8.h"

void
value_fold(const char *s, buf *out)
{
	const char *p = s, *end = s + strlen(s);
	size_t start, stop;

	buf_clear(out);
	while (p < end) {
		size_t adv;
		long cp = utf8_decode(p, (size_t)(end - p), &adv);

		if (cp < 0) {		/* not ours to judge here: keep the byte */
			buf_putc(out, (unsigned char)*p++);
			continue;
		}
		p += adv;
		if (cp >= 0xFF01 && cp <= 0xFF5E)	/* full-width ASCII */
			cp -= 0xFEE0;
		else if (cp == 0x3000 || cp == '\t')
			cp = ' ';
		else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212)
			cp = '-';
		utf8_put(out, (uint32_t)cp);
	}
	/* trim */
	start = 0;
	stop = out->len;
	while (start < stop && out->p[start] == ' ')
		start++;
	while (stop > start && out->p[stop - 1] == ' ')
		stop--;
	if (out->len > 0) {
		memmove(out->p, out->p + start, stop - start);
		out->len = stop - start;
		out->p[out->len] = '\0';
	}
}

/* Step *p over word when it starts there (ASCII letters in any case: word is ASCII or exact). */
static int
eat(const char **p, const char *word)
{
	size_t n = strlen(word);

	if (strncasecmp(*p, word, n) != 0)
		return 0;
	*p += n;
	return 1;
}

/* Digits at *p: their value, and how many (0: none; more than 9 are refused). */
static int
digits(const char **p, long *v)
{
	int n = 0;

	*v = 0;
	while (**p >= '0' && **p <= '9') {
		if (++n > 9)
			return 10;
		*v = *v * 10 + (**p - '0');
		(*p)++;
	}
	return n;
}

static int
leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(long y, long m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a civil date, and back (H. Hinnant's algorithms). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int
put_date(long y, long m, long d, char out[11], const char **why)
{
	if (y < 1800 || y > 2200) {
		*why = "the year is out of range (1800-2200)";
		return -1;
	}
	if (m < 1 || m > 12) {
		*why = "no such month";
		return -1;
	}
	if (d < 1 || d > month_days(y, m)) {
		*why = "no such day in that month";
		return -1;
	}
	snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
	    (unsigned)m % 100u, (unsigned)d % 100u);
	return 0;
}

static const struct era {
	const char *name, *letter;
	long first, last;	/* its first Western year, its last era year */
} eras[] = {
	{"令和", "R", 2019, 0},
	{"平成", "H", 1989, 31},
	{"昭和", "S", 1926, 64},
	{"大正", "T", 1912, 15},
	{"明治", "M", 1868, 45},
};

/* An era year at *p (令和8, R8, 平成元): the Western year, 0 when none, -1 when bad. */
static long
era_year(const char **p, const char **why)
{
	for (size_t i = 0; i < sizeof(eras) / sizeof(eras[0]); i++) {
		const char *q = *p;
		long n;

		if (!eat(&q, eras[i].name) && !(eat(&q, eras[i].letter) &&
		    ((*q >= '0' && *q <= '9') || strncmp(q, "元", 3) == 0)))
			continue;
		if (eat(&q, "元"))
			n = 1;
		else if (digits(&q, &n) == 0 || n > 99) {
			*why = "an era year needs its number";
			return -1;
		}
		if (n == 0 || (eras[i].last != 0 && n > eras[i].last)) {
			*why = "the era has no such year";
			return -1;
		}
		*p = q;
		return eras[i].first + n - 1;
	}
	return 0;
}

/* A separator between date parts: - / . or, after a year or month, 年 or 月. */
static int
date_sep(const char **p, const char *kanji)
{
	if (**p == '-' || **p == '/' || **p == '.') {
		(*p)++;
		return **p ? (unsigned char)(*p)[-1] : 0;
	}
	return kanji && eat(p, kanji) ? 'k' : 0;
}

/* What may follow a date: 日, a weekday in brackets, a time. */
static int
date_tail(const char *p, int kanji, const char **why)
{
	if (kanji)
		eat(&p, "日");
	if (*p == '(') {
		const char *close = strchr(p, ')');

		if (close != NULL && close - p <= 10)
			p = close + 1;
	}
	if (*p == ' ' || *p == 'T') {
		p++;
		while (*p == ' ')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			goto bad;
		while ((*p >= '0' && *p <= '9') || *p == ':' || *p == '.' ||
		    *p == '+' || *p == '-' || *p == ' ' || *p == 'Z')
			p++;
	}
	if (*p == '\0')
		return 0;
bad:
	*why = "not a date";
	return -1;
}

static int
excel_date(const char *s, char out[11], const char **why)
{
	const char *p = s;
	long serial, y, m, d;

	if (digits(&p, &serial) == 0 || (*p != '\0' && *p != '.')) {
		*why = "not a spreadsheet date number";
		return -1;
	}
	if (*p == '.') {	/* a time of day */
		p++;
		while (*p >= '0' && *p <= '9')
			p++;
		if (*p != '\0') {
			*why = "not a spreadsheet date number";
			return -1;
		}
	}
	if (serial == 60) {
		*why = "60 is 1900-02-29, a day that never was";
		return -1;
	}
	/* Serial 1 is 1900-01-01; spreadsheets count a 29 February 1900, so later days are one less. */
	civil_from_days(days_from_civil(1899, 12, serial > 60 ? 30 : 31) + serial,
	    &y, &m, &d);
	return put_date(y, m, d, out, why);
}

int
value_date(const char *s, enum date_order order, char out[11],
    const char **why)
{
	buf f = BUF_INIT;
	const char *p;
	long a, b, c, y;
	int na, sep1, sep2, rc = -1;

	value_fold(s, &f);
	p = buf_str(&f);
	if (order == DATE_EXCEL) {
		rc = excel_date(p, out, why);
		goto out;
	}
	if ((y = era_year(&p, why)) == -1)
		goto out;
	if (y > 0) {
		if ((sep1 = date_sep(&p, "年")) == 0 || digits(&p, &b) == 0 ||
		    (sep2 = date_sep(&p, "月")) != sep1 || digits(&p, &c) == 0) {
			*why = "not a date";
			goto out;
		}
		if (date_tail(p, sep1 == 'k', why) == 0)
			rc = put_date(y, b, c, out, why);
		goto out;
	}
	na = digits(&p, &a);
	if (na == 8 && (*p == '\0' || *p == ' ' || *p == 'T')) {
		if (date_tail(p, 0, why) == 0)
			rc = put_date(a / 10000, a / 100 % 100, a % 100, out, why);
		goto out;
	}
	if (na == 0 || na > 4 || (sep1 = date_sep(&p, "年")) == 0 ||
	    digits(&p, &b) == 0 || (sep2 = date_sep(&p, "月")) != sep1 ||
	    (sep1 != 'k' && sep1 != sep2) || digits(&p, &c) == 0) {
		*why = "not a date";
		goto out;
	}
	if (date_tail(p, sep1 == 'k', why) == -1)
		goto out;
	if (na == 4)
		rc = put_date(a, b, c, out, why);
	else if (order == DATE_YMD || c < 1000)
		*why = "day and month order unclear: the year is not first "
		    "(a mapping can say date: mdy or date: dmy)";
	else if (order == DATE_MDY)
		rc = put_date(c, a, b, out, why);
	else
		rc = put_date(c, b, a, out, why);
out:
	buf_free(&f);
	return rc;
}

static const char *const currencies[] = {"¥", "￥", "$", "€", "£", "JPY", "USD",
    "EUR", "GBP", "円"};

static void
eat_currency(const char **p)
{
	for (size_t i = 0; i < sizeof(currencies) / sizeof(currencies[0]); i++)
		if (eat(p, currencies[i])) {
			while (**p == ' ')
				(*p)++;
			return;
		}
}

static int
eat_minus(const char **p)
{
	return eat(p, "-") || eat(p, "△") || eat(p, "▲");
}

/*
 * Digits with thousands commas in groups of three and an optional
 * fraction; *end is left after them. *whole and *frac (as a double) are
 * set; *has_frac when a fraction other than zeros was written.
 */
static int
number(const char **p, long long *whole, double *frac, int *has_frac,
    const char **why)
{
	const char *q = *p;
	int group = 0, commas = 0;

	*whole = 0;
	*frac = 0;
	*has_frac = 0;
	if (!(*q >= '0' && *q <= '9')) {
		*why = "no digits";
		return -1;
	}
	for (;; q++) {
		if (*q >= '0' && *q <= '9') {
			if (*whole > 99999999999999LL) {
				*why = "too large";
				return -1;
			}
			*whole = *whole * 10 + (*q - '0');
			group++;
		} else if (*q == ',') {
			if ((commas == 0 && group > 3) || (commas > 0 && group != 3)) {
				*why = "a comma where no thousands group ends";
				return -1;
			}
			commas++;
			group = 0;
		} else
			break;
	}
	if (commas > 0 && group != 3) {
		*why = "a comma where no thousands group ends";
		return -1;
	}
	if (*q == '.') {
		double scale = 0.1;

		if (!(q[1] >= '0' && q[1] <= '9')) {
			*why = "no digits after the decimal point";
			return -1;
		}
		for (q++; *q >= '0' && *q <= '9'; q++, scale /= 10) {
			*frac += (*q - '0') * scale;
			if (*q != '0')
				*has_frac = 1;
		}
		if (*q == ',') {
			*why = "a comma after the decimal point (write 12800.00, "
			    "not 12.800,00)";
			return -1;
		}
	}
	*p = q;
	return 0;
}

int
value_amount(const char *s, long long *ival, double *dval, int *is_int,
    const char **why)
{
	buf f = BUF_INIT;
	const char *p, *end;
	long long whole;
	double frac;
	int neg = 0, paren = 0, has_frac, rc = -1;

	value_fold(s, &f);
	p = buf_str(&f);
	if (*p == '(') {
		paren = 1;
		p++;
	}
	neg = eat_minus(&p);
	eat_currency(&p);
	if (!neg)
		neg = eat_minus(&p);
	if (number(&p, &whole, &frac, &has_frac, why) == -1)
		goto out;
	while (*p == ' ')
		p++;
	eat_currency(&p);
	if (paren && !(neg == 0 && eat(&p, ")"))) {
		*why = "unbalanced parentheses";
		goto out;
	}
	end = p;
	if (*end != '\0') {
		*why = "not an amount";
		goto out;
	}
	neg |= paren;
	*is_int = !has_frac;
	*ival = neg ? -whole : whole;
	*dval = neg ? -(whole + frac) : whole + frac;
	rc = 0;
out:
	buf_free(&f);
	return rc;
}

int
value_integer(const char *s, long long *out, const char **why)
{
	buf f = BUF_INIT;
	const char *p;
	double frac;
	int has_frac, rc = -1;

	value_fold(s, &f);
	p = buf_str(&f);
	if (*p == '\'')
		p++;
	if (number(&p, out, &frac, &has_frac, why) == -1)
		goto out;
	if (has_frac || *p != '\0') {
		*why = "not a whole number";
		goto out;
	}
	rc = 0;
out:
	buf_free(&f);
	return rc;
}

static const struct word {
	const char *text;
	int yes, says_mail;
} words[] = {
	{"1", 1, 0}, {"0", 0, 0}, {"true", 1, 0}, {"false", 0, 0},
	{"yes", 1, 0}, {"no", 0, 0}, {"y", 1, 0}, {"n", 0, 0},
	{"t", 1, 0}, {"f", 0, 0}, {"on", 1, 0}, {"off", 0, 0},
	{"○", 1, 0}, {"〇", 1, 0}, {"◯", 1, 0}, {"✓", 1, 0}, {"✔", 1, 0},
	{"×", 0, 0}, {"✕", 0, 0}, {"✗", 0, 0}, {"x", 0, 0},
	{"はい", 1, 0}, {"いいえ", 0, 0}, {"あり", 1, 0}, {"なし", 0, 0},
	{"有", 1, 0}, {"無", 0, 0},
	/* words that say whether mail is wanted, whatever the column is called */
	{"可", 1, 1}, {"不可", 0, 1}, {"希望する", 1, 1}, {"希望しない", 0, 1},
	{"希望", 1, 1}, {"許可", 1, 1}, {"拒否", 0, 1}, {"要", 1, 1},
	{"不要", 0, 1}, {"送付可", 1, 1}, {"送付不可", 0, 1}, {"DM可", 1, 1},
	{"DM不可", 0, 1}, {"配信停止", 0, 1}, {"subscribed", 1, 1},
	{"unsubscribed", 0, 1}, {"opted in", 1, 1}, {"opted out", 0, 1},
};

int
value_yesno(const char *s, int *yes, int *says_mail, const char **why)
{
	buf f = BUF_INIT;
	int rc = -1;

	value_fold(s, &f);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcasecmp(buf_str(&f), words[i].text) == 0) {
			*yes = words[i].yes;
			*says_mail = words[i].says_mail;
			rc = 0;
			break;
		}
	if (rc == -1)
		*why = "not a yes/no value (1/0, true/false, yes/no, ○/×, "
		    "可/不可, 希望する/希望しない, …)";
	buf_free(&f);
	return rc;
}
