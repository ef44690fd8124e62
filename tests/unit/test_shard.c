/* test_shard: K/N parsing, and parts that are disjoint, balanced and stable as ids are added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "data/shard.h"

static void
test_parse(void **state)
{
	int k = 0, n = 0;

	(void)state;
	assert_int_equal(shard_parse("2/4", &k, &n), 0);
	assert_int_equal(k, 2);
	assert_int_equal(n, 4);
	assert_int_equal(shard_parse("1/1", &k, &n), 0);
	assert_int_equal(shard_parse("0/4", &k, &n), -1);
	assert_int_equal(shard_parse("5/4", &k, &n), -1);
	assert_int_equal(shard_parse("4", &k, &n), -1);
	assert_int_equal(shard_parse("1/4x", &k, &n), -1);
	assert_int_equal(shard_parse("1/1001", &k, &n), -1);
	assert_int_equal(shard_parse("/4", &k, &n), -1);
}

/* Consecutive ids (how shops number customers) fall evenly into the parts. */
static void
test_balanced(void **state)
{
	int count[8] = {0};

	(void)state;
	for (long long id = 1; id <= 8000; id++) {
		int s = shard_of(id, 8);

		assert_in_range(s, 1, 8);
		count[s - 1]++;
	}
	for (int i = 0; i < 8; i++)
		assert_in_range(count[i], 900, 1100);
}

/* The part of an id depends on the id and N only: known values, also for ids SQL sees as negative or large. */
static void
test_stable(void **state)
{
	(void)state;
	assert_int_equal(shard_of(1, 1), 1);
	assert_int_equal(shard_of(42, 4), shard_of(42, 4));
	/* fixed values: changing the hash would move customers between parts */
	assert_int_equal(shard_of(1, 4), 4);
	assert_int_equal(shard_of(2, 4), 1);
	assert_int_equal(shard_of(1000, 7), 2);
	assert_in_range(shard_of(-5, 4), 1, 4);
	assert_in_range(shard_of(INT64_MAX, 4), 1, 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_balanced),
		cmocka_unit_test(test_stable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
