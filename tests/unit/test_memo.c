/* test_memo: the bounded result table: what is stored comes back, the least recently used goes first. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "util/memo.h"

static void
put(memo *m, const char *key, const char *val)
{
	char *room = memo_add(m, key, strlen(key), strlen(val) + 1);

	assert_non_null(room);
	memcpy(room, val, strlen(val) + 1);
}

static int
has(memo *m, const char *key)
{
	size_t n;

	return memo_get(m, key, strlen(key), &n) != NULL;
}

static void
test_a_stored_value_comes_back_and_only_for_its_key(void **state)
{
	memo *m = memo_new(8, 1024, 0);
	const char *v;
	size_t n = 0;

	assert_null(memo_get(m, "tea", 3, &n));
	put(m, "tea", "green");
	put(m, "teapot", "clay");
	assert_non_null(v = memo_get(m, "tea", 3, &n));
	assert_int_equal(n, 6);
	assert_string_equal(v, "green");
	assert_string_equal(memo_get(m, "teapot", 6, &n), "clay");
	assert_null(memo_get(m, "te", 2, &n));
	/* a key already stored is not stored again */
	assert_null(memo_add(m, "tea", 3, 4));
	assert_string_equal(memo_get(m, "tea", 3, &n), "green");
	assert_int_equal(memo_count(m), 2);
	assert_int_equal(memo_bytes(m), 3 + 6 + 6 + 5);
	memo_free(m);
}

static void
test_with_second_a_key_is_stored_the_second_time_it_is_added(void **state)
{
	memo *m = memo_new(8, 1024, 1);

	assert_null(memo_add(m, "once", 4, 8));
	assert_false(has(m, "once"));
	assert_int_equal(memo_count(m), 0);
	put(m, "once", "twice");
	assert_true(has(m, "once"));
	memo_free(m);
}

static void
test_the_least_recently_used_is_dropped_at_max_entries(void **state)
{
	memo *m = memo_new(3, 1024, 0);

	put(m, "a", "1");
	put(m, "b", "2");
	put(m, "c", "3");
	assert_true(has(m, "a"));	/* a is used again: b is now the oldest */
	put(m, "d", "4");
	assert_int_equal(memo_count(m), 3);
	assert_false(has(m, "b"));
	assert_true(has(m, "a"));
	assert_true(has(m, "c"));
	assert_true(has(m, "d"));
	memo_free(m);
}

static void
test_bytes_stay_within_max_bytes(void **state)
{
	memo *m = memo_new(100, 100, 0);
	char key[16], val[40];

	memset(val, 'x', sizeof(val) - 1);
	val[sizeof(val) - 1] = 0;
	for (int i = 0; i < 50; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		put(m, key, val);
		assert_true(memo_bytes(m) <= 100);
	}
	assert_int_equal(memo_count(m), 2);
	assert_true(has(m, "k49"));
	assert_true(has(m, "k48"));
	assert_false(has(m, "k47"));
	/* larger than the whole table: not stored, nothing dropped */
	assert_null(memo_add(m, "big", 3, 98));
	assert_int_equal(memo_count(m), 2);
	memo_free(m);
}

static void
test_many_keys_in_few_buckets_are_all_found(void **state)
{
	memo *m = memo_new(64, 1 << 20, 0);
	char key[16], want[16];
	size_t n;

	for (int i = 0; i < 200; i++) {
		snprintf(key, sizeof(key), "w%d", i);
		put(m, key, key);
	}
	assert_int_equal(memo_count(m), 64);
	for (int i = 0; i < 200; i++) {
		const char *v;

		snprintf(key, sizeof(key), "w%d", i);
		v = memo_get(m, key, strlen(key), &n);
		if (i < 200 - 64) {
			assert_null(v);
			continue;
		}
		snprintf(want, sizeof(want), "w%d", i);
		assert_non_null(v);
		assert_string_equal(v, want);
	}
	memo_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_a_stored_value_comes_back_and_only_for_its_key),
		cmocka_unit_test(test_with_second_a_key_is_stored_the_second_time_it_is_added),
		cmocka_unit_test(test_the_least_recently_used_is_dropped_at_max_entries),
		cmocka_unit_test(test_bytes_stay_within_max_bytes),
		cmocka_unit_test(test_many_keys_in_few_buckets_are_all_found),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
