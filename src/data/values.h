/* values: reading one imported value (date, amount, count, yes/no) in the forms customer exports write it. */
#ifndef TAYORI_VALUES_H
#define TAYORI_VALUES_H

#include "util/buf.h"

/*
 * Each reader takes a NUL-terminated UTF-8 value, trimmed of spaces
 * (half- and full-width) and with full-width ASCII (０-９, ／, －, ．, …)
 * read as ASCII. It returns 0 and its result, or -1 and *why: a short
 * reason a user can act on ("month 13", "day and month order unclear").
 */

/* How a date's parts are ordered when the year does not come first. */
enum date_order {
	DATE_YMD,	/* 2026-11-28, 2026/11/28, 2026年11月28日, 令和8年11月28日, 20261128 */
	DATE_MDY,	/* 11/28/2026 (US) */
	DATE_DMY,	/* 28/11/2026, 28.11.2026 (Europe) */
	DATE_EXCEL	/* a spreadsheet serial number: 46354 is 2026-11-28 */
};

/*
 * A date as YYYY-MM-DD in out (11 bytes). With DATE_YMD the year comes
 * first, written out (4 digits) or as a Japanese era year (令和, 平成,
 * 昭和, 大正, 明治 or R, H, S, T, M; 元年 is year 1); parts are
 * separated by - / . or 年 月 日, or it is 8 digits. A time after the
 * date (14:03, T14:03:00+09:00) is read and left out. MDY and DMY read a
 * date whose year comes last. Years 1800-2200, real days only.
 */
int value_date(const char *s, enum date_order order, char out[11],
    const char **why);

/*
 * An amount: digits with an optional decimal point, thousands commas in
 * groups of three, a currency sign (¥ ￥ $ € £) or 円 / JPY / USD / EUR,
 * a minus, △ or ▲, or parentheses for a negative. *is_int says whether
 * it has no fraction; *ival or *dval holds it.
 */
int value_amount(const char *s, long long *ival, double *dval, int *is_int,
    const char **why);

/* A whole number (a count or an id): digits, thousands commas, a leading ' (Excel's text mark). */
int value_integer(const char *s, long long *out, const char **why);

/*
 * A yes/no value. *yes is 1 or 0. *says_mail is 1 when the word itself
 * speaks of permission (可 / 不可, 希望する / 希望しない, 許可 / 拒否,
 * 要 / 不要: *yes then means "may be mailed"), 0 for words that only say
 * yes or no (1/0, true/false, yes/no, y/n, on/off, ○/×, はい/いいえ,
 * あり/なし), whose sense the column gives.
 */
int value_yesno(const char *s, int *yes, int *says_mail, const char **why);

/* s trimmed and full-width ASCII folded, as the readers see it, into out (cleared first). */
void value_fold(const char *s, buf *out);

#endif
