/* test_pdfnum: content-stream numbers and hex codes, against what printf writes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "render/pdfnum.h"

static const char *
num(buf *b, double v)
{
	buf_clear(b);
	pdfnum_put(b, v);
	return buf_str(b);
}

/* What the device wrote before: "%.4f", trailing zeros and point trimmed, -0 as 0. */
static void
reference(char *t, size_t n, double v)
{
	size_t k = (size_t)snprintf(t, n, "%.4f", v);

	while (k > 0 && t[k - 1] == '0')
		t[--k] = '\0';
	if (k > 0 && t[k - 1] == '.')
		t[--k] = '\0';
	if (strcmp(t, "-0") == 0)
		strcpy(t, "0");
}

static void
test_numbers_are_trimmed_to_four_decimals(void **state)
{
	buf b = BUF_INIT;

	assert_string_equal(num(&b, 0), "0");
	assert_string_equal(num(&b, -0.0), "0");
	assert_string_equal(num(&b, -0.00004), "0");
	assert_string_equal(num(&b, 1), "1");
	assert_string_equal(num(&b, -12), "-12");
	assert_string_equal(num(&b, 0.5), "0.5");
	assert_string_equal(num(&b, -0.25), "-0.25");
	assert_string_equal(num(&b, 595.2756), "595.2756");
	assert_string_equal(num(&b, 10.00006), "10.0001");
	assert_string_equal(num(&b, 9.99996), "10");
	assert_string_equal(num(&b, 0.0102), "0.0102");
	assert_string_equal(num(&b, 72.0 / 25.4), "2.8346");
	assert_string_equal(num(&b, 123456789.125), "123456789.125");
	buf_free(&b);
}

/* Away from a tie, the fast path writes what printf writes, over a sweep of page coordinates. */
static void
test_numbers_agree_with_printf(void **state)
{
	buf b = BUF_INIT;
	char t[64];

	for (long i = -200000; i <= 200000; i += 7) {
		double v = i * 0.0137 + 0.00001234;

		reference(t, sizeof(t), v);
		assert_string_equal(num(&b, v), t);
	}
	buf_free(&b);
}

static void
test_huge_and_non_finite_numbers_take_printf(void **state)
{
	buf b = BUF_INIT;
	char t[400];

	reference(t, sizeof(t), 1e20);
	assert_string_equal(num(&b, 1e20), t);
	assert_string_equal(num(&b, 1e20), "100000000000000000000");
	assert_string_equal(num(&b, -3e15), "-3000000000000000");
	assert_string_equal(num(&b, (double)INFINITY), "inf");
	buf_free(&b);
}

static void
test_integers_and_hex(void **state)
{
	buf b = BUF_INIT;

	pdfnum_put_int(&b, 0);
	buf_putc(&b, ' ');
	pdfnum_put_int(&b, -9223372036854775807LL - 1);
	buf_putc(&b, ' ');
	pdfnum_put_int(&b, 4037);
	assert_string_equal(buf_str(&b), "0 -9223372036854775808 4037");
	buf_clear(&b);
	pdfnum_put_hex4(&b, 0);
	pdfnum_put_hex4(&b, 0x3042);
	pdfnum_put_hex4(&b, 0xffff);
	pdfnum_put_hex4(&b, 0x1abcd);	/* the low 16 bits */
	assert_string_equal(buf_str(&b), "00003042FFFFABCD");
	buf_free(&b);
}

/* A move between two written positions, in ticks: their exact difference, written as a number is. */
static void
test_ticks(void **state)
{
	buf b = BUF_INIT;
	long long a, c;

	assert_int_equal(pdfnum_ticks(229.59555, &a), 0);
	assert_int_equal(pdfnum_ticks(87.0236, &c), 0);
	assert_true(a == 2295956 && c == 870236);
	pdfnum_put_ticks(&b, a - c);
	buf_putc(&b, ' ');
	pdfnum_put_ticks(&b, c - a);
	buf_putc(&b, ' ');
	pdfnum_put_ticks(&b, 0);
	buf_putc(&b, ' ');
	pdfnum_put_ticks(&b, -150000);
	assert_string_equal(buf_str(&b), "142.572 -142.572 0 -15");
	assert_int_equal(pdfnum_ticks(1e15, &a), -1);
	assert_int_equal(pdfnum_ticks(NAN, &a), -1);
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_are_trimmed_to_four_decimals),
		cmocka_unit_test(test_numbers_agree_with_printf),
		cmocka_unit_test(test_huge_and_non_finite_numbers_take_printf),
		cmocka_unit_test(test_integers_and_hex),
		cmocka_unit_test(test_ticks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
