/* test_lift: Wilson intervals and Newcombe's interval for a difference, against published examples. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "report/lift.h"

static void
near(double got, double want)
{
	if (fabs(got - want) > 0.00005)
		fail_msg("%.6f, want %.4f", got, want);
}

/* Newcombe (1998), "Two-sided confidence intervals for the single proportion", 81/263. */
static void
test_wilson_interval(void **state)
{
	rate r = lift_rate(81, 263, LIFT_Z95);

	near(r.p, 0.3080);
	near(r.low, 0.2553);
	near(r.high, 0.3662);
	r = lift_rate(0, 0, LIFT_Z95);
	assert_true(r.low == 0 && r.high == 1);
	r = lift_rate(0, 20, LIFT_Z95);
	near(r.low, 0);
	near(r.high, 0.1611);
}

/* Newcombe (1998), "Interval estimation for the difference between independent proportions", method 10. */
static void
test_newcombe_difference(void **state)
{
	lift l = lift_compute(56, 70, 48, 80, LIFT_Z95);

	near(l.diff, 0.2);
	near(l.low, 0.0524);
	near(l.high, 0.3339);
	assert_true(l.significant);
	l = lift_compute(9, 10, 3, 10, LIFT_Z95);
	near(l.low, 0.1705);
	near(l.high, 0.8090);
	l = lift_compute(5, 100, 4, 100, LIFT_Z95);
	assert_true(l.defined);
	assert_false(l.significant);
	l = lift_compute(5, 100, 0, 0, LIFT_Z95);
	assert_false(l.defined);
	assert_false(l.significant);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wilson_interval),
		cmocka_unit_test(test_newcombe_difference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
