/* test_values: dates, amounts, whole numbers and yes/no read as customer exports write them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "data/values.h"

static void
date_is(const char *s, enum date_order o, const char *want)
{
	char out[11] = "";
	const char *why = NULL;

	if (value_date(s, o, out, &why) != 0)
		fail_msg("'%s': %s", s, why);
	assert_string_equal(out, want);
}

static void
date_fails(const char *s, enum date_order o, const char *reason)
{
	char out[11] = "";
	const char *why = NULL;

	if (value_date(s, o, out, &why) != -1)
		fail_msg("'%s' was read as %s", s, out);
	assert_non_null(strstr(why, reason));
}

static void
test_dates_in_the_forms_exports_write(void **state)
{
	date_is("2026-11-28", DATE_YMD, "2026-11-28");
	date_is("2026/11/28", DATE_YMD, "2026-11-28");
	date_is("1980/1/2", DATE_YMD, "1980-01-02");
	date_is("2026.11.28", DATE_YMD, "2026-11-28");
	date_is("2026年11月28日", DATE_YMD, "2026-11-28");
	date_is("2026年1月2日", DATE_YMD, "2026-01-02");
	date_is("２０２６／１１／２８", DATE_YMD, "2026-11-28");
	date_is("　2026-11-28 ", DATE_YMD, "2026-11-28");
	date_is("20261128", DATE_YMD, "2026-11-28");
	date_is("2026-11-28 14:03:00 +0900", DATE_YMD, "2026-11-28");
	date_is("2026-11-28T14:03:00+09:00", DATE_YMD, "2026-11-28");
	date_is("2026/11/28(土)", DATE_YMD, "2026-11-28");
	date_is("2024-02-29", DATE_YMD, "2024-02-29");
}

static void
test_japanese_era_years(void **state)
{
	date_is("令和8年11月28日", DATE_YMD, "2026-11-28");
	date_is("令和元年5月1日", DATE_YMD, "2019-05-01");
	date_is("平成2年1月12日", DATE_YMD, "1990-01-12");
	date_is("昭和55年1月12日", DATE_YMD, "1980-01-12");
	date_is("S55.1.12", DATE_YMD, "1980-01-12");
	date_is("H31/04/30", DATE_YMD, "2019-04-30");
	date_is("大正15年12月24日", DATE_YMD, "1926-12-24");
	date_fails("平成35年1月1日", DATE_YMD, "no such year");
	date_fails("昭和0年1月1日", DATE_YMD, "no such year");
}

static void
test_year_last_needs_an_order(void **state)
{
	date_fails("01/12/1980", DATE_YMD, "order unclear");
	date_is("01/12/1980", DATE_MDY, "1980-01-12");
	date_is("01/12/1980", DATE_DMY, "1980-12-01");
	date_is("28.11.2026", DATE_DMY, "2026-11-28");
	date_is("2026-11-28", DATE_MDY, "2026-11-28");
	date_fails("80/01/12", DATE_YMD, "order unclear");
	date_fails("1/12/80", DATE_MDY, "order unclear");
}

static void
test_impossible_or_garbled_dates_fail(void **state)
{
	date_fails("2026-13-01", DATE_YMD, "no such month");
	date_fails("2026-02-29", DATE_YMD, "no such day");
	date_fails("2026-04-31", DATE_YMD, "no such day");
	date_fails("1700-01-01", DATE_YMD, "out of range");
	date_fails("2026/11-28", DATE_YMD, "not a date");
	date_fails("2026-11-28x", DATE_YMD, "not a date");
	date_fails("unknown", DATE_YMD, "not a date");
	date_fails("2026年11月", DATE_YMD, "not a date");
	date_fails("", DATE_YMD, "not a date");
}

static void
test_excel_serial_numbers(void **state)
{
	date_is("46354", DATE_EXCEL, "2026-11-28");
	date_is("29232", DATE_EXCEL, "1980-01-12");
	date_is("61", DATE_EXCEL, "1900-03-01");
	date_is("59", DATE_EXCEL, "1900-02-28");
	date_is("1", DATE_EXCEL, "1900-01-01");
	date_is("46354.5", DATE_EXCEL, "2026-11-28");
	date_fails("60", DATE_EXCEL, "never was");
	date_fails("2026-11-28", DATE_EXCEL, "spreadsheet");
}

static void
amount_is(const char *s, double want, int want_int)
{
	long long i = -1;
	double dv = -1;
	int is_int = -1;
	const char *why = NULL;

	if (value_amount(s, &i, &dv, &is_int, &why) != 0)
		fail_msg("'%s': %s", s, why);
	assert_int_equal(is_int, want_int);
	if (want_int)
		assert_int_equal(i, (long long)want);
	assert_true(dv > want - 1e-9 && dv < want + 1e-9);
}

static void
amount_fails(const char *s, const char *reason)
{
	long long i;
	double dv;
	int is_int;
	const char *why = NULL;

	if (value_amount(s, &i, &dv, &is_int, &why) != -1)
		fail_msg("'%s' was read as %g", s, dv);
	assert_non_null(strstr(why, reason));
}

static void
test_amounts(void **state)
{
	amount_is("12800", 12800, 1);
	amount_is("12,800", 12800, 1);
	amount_is("¥12,800", 12800, 1);
	amount_is("￥１２，８００", 12800, 1);
	amount_is("１２８００円", 12800, 1);
	amount_is("$819.73", 819.73, 0);
	amount_is("819.00", 819, 1);
	amount_is("€ 1,234.50", 1234.5, 0);
	amount_is("1,234,567", 1234567, 1);
	amount_is("-500", -500, 1);
	amount_is("△500", -500, 1);
	amount_is("▲1,000", -1000, 1);
	amount_is("($12.50)", -12.5, 0);
	amount_is("JPY 3000", 3000, 1);
	amount_is("0", 0, 1);
	amount_fails("12.800,00", "comma after the decimal point");
	amount_fails("1,2800", "comma");
	amount_fails("12,80", "comma");
	amount_fails("twelve", "no digits");
	amount_fails("12 800", "not an amount");
	amount_fails("", "no digits");
	amount_fails("(-12)", "parentheses");
	amount_fails("12.", "decimal point");
}

static void
test_whole_numbers(void **state)
{
	long long v = -1;
	const char *why = NULL;

	assert_int_equal(value_integer("42", &v, &why), 0);
	assert_int_equal(v, 42);
	assert_int_equal(value_integer("'6543210987654", &v, &why), 0);
	assert_int_equal(v, 6543210987654LL);
	assert_int_equal(value_integer("１,２３４", &v, &why), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(value_integer("12.0", &v, &why), 0);
	assert_int_equal(v, 12);
	assert_int_equal(value_integer("12.5", &v, &why), -1);
	assert_int_equal(value_integer("C001", &v, &why), -1);
	assert_int_equal(value_integer("", &v, &why), -1);
	assert_int_equal(value_integer("99999999999999999999", &v, &why), -1);
}

static void
yesno_is(const char *s, int want_yes, int want_says)
{
	int yes = -1, says = -1;
	const char *why = NULL;

	if (value_yesno(s, &yes, &says, &why) != 0)
		fail_msg("'%s': %s", s, why);
	assert_int_equal(yes, want_yes);
	assert_int_equal(says, want_says);
}

static void
test_yes_and_no_words(void **state)
{
	int yes, says;
	const char *why = NULL;

	yesno_is("1", 1, 0);
	yesno_is("0", 0, 0);
	yesno_is("TRUE", 1, 0);
	yesno_is("false", 0, 0);
	yesno_is("Yes", 1, 0);
	yesno_is("no", 0, 0);
	yesno_is("○", 1, 0);
	yesno_is("×", 0, 0);
	yesno_is("１", 1, 0);
	yesno_is("可", 1, 1);
	yesno_is("不可", 0, 1);
	yesno_is("希望する", 1, 1);
	yesno_is("希望しない", 0, 1);
	yesno_is(" 不要 ", 0, 1);
	assert_int_equal(value_yesno("maybe", &yes, &says, &why), -1);
	assert_non_null(strstr(why, "yes/no"));
	assert_int_equal(value_yesno("", &yes, &says, &why), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dates_in_the_forms_exports_write),
		cmocka_unit_test(test_japanese_era_years),
		cmocka_unit_test(test_year_last_needs_an_order),
		cmocka_unit_test(test_impossible_or_garbled_dates_fail),
		cmocka_unit_test(test_excel_serial_numbers),
		cmocka_unit_test(test_amounts),
		cmocka_unit_test(test_whole_numbers),
		cmocka_unit_test(test_yes_and_no_words),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
