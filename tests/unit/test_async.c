/* test_async: a device on a thread of its own adds the copies in the order given, exactly as the device alone, and reports its failures. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "device/device.h"
#include "util/mem.h"

/* Copy i: i % 3 + 1 pages, a line of text naming it on each. */
static dl_copy *
copy(int i)
{
	dl_copy *c = dl_copy_new(595, 842);
	char s[32];

	for (int p = 0; p <= i % 3; p++) {
		dl_page *pg = dl_page_add(c);

		snprintf(s, sizeof(s), "copy %d page %d", i, p + 1);
		dl_text(c, pg, 40, 800, 0, 10, DL_BLACK, s, strlen(s));
	}
	return c;
}

/* n copies given to dv, each labelled, with a record; the first failure's index or -1. */
static int
give_all(device *dv, int n)
{
	for (int i = 0; i < n; i++) {
		char label[16], postal[16];
		device_record rec = {label, 1000 + i, i + 1, postal};

		snprintf(label, sizeof(label), "C%d", 1000 + i);
		snprintf(postal, sizeof(postal), "100-%04d", i);
		if (device_give_copy(dv, copy(i), &rec) != 0)
			return i;
	}
	return -1;
}

static void
test_the_same_output_as_the_device_alone(void **state)
{
	device *alone = device_dump_new(), *async = device_async_new(device_dump_new());
	buf a = BUF_INIT, b = BUF_INIT;

	assert_int_equal(give_all(alone, 500), -1);
	assert_int_equal(give_all(async, 500), -1);
	/* pages are counted as given, rendered or not */
	assert_int_equal(device_page_count(async), device_page_count(alone));
	assert_int_equal(device_save(alone, &a), 0);
	assert_int_equal(device_save(async, &b), 0);
	assert_true(a.len > 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	device_free(alone);
	device_free(async);
	buf_free(&a);
	buf_free(&b);
}

/* A device that fails its tenth copy. */
struct failing {
	int n;
};

static int
fail_add(void *impl, const dl_copy *c, const device_record *rec)
{
	struct failing *f = impl;

	(void)c;
	(void)rec;
	return ++f->n == 10 ? -1 : 0;
}

static int
fail_pages(const void *impl)
{
	return ((const struct failing *)impl)->n;
}

static int
fail_save(void *impl, buf *out)
{
	(void)impl;
	(void)out;
	return 0;
}

static void
fail_free(void *impl)
{
	mem_free(impl);
}

static const device_ops failing_ops = {fail_add, fail_pages, fail_save, fail_free, NULL, NULL};

static void
test_a_failure_shows_at_a_later_copy_or_at_save(void **state)
{
	device *dv = device_async_new(device_new(&failing_ops,
	    mem_calloc(1, sizeof(struct failing))));
	buf out = BUF_INIT;
	int at = give_all(dv, 2000);

	/* refused a few copies later: only a short queue waits for the thread */
	assert_true(at >= 10 && at < 100);
	assert_int_equal(device_save(dv, &out), -1);
	device_free(dv);
	buf_free(&out);
}

static void
test_freed_without_saving_drops_what_waits(void **state)
{
	device *dv = device_async_new(device_dump_new());

	assert_int_equal(give_all(dv, 100), -1);
	device_free(dv);	/* no leak, no hang: LeakSanitizer checks */
}

static void
test_a_kept_copy_is_refused(void **state)
{
	device *dv = device_async_new(device_dump_new());
	dl_copy *c = copy(1);
	buf out = BUF_INIT;

	/* a copy the caller frees right after cannot wait in the queue */
	assert_int_equal(device_add_copy(dv, c, NULL), -1);
	dl_copy_free(c);
	assert_int_equal(device_save(dv, &out), 0);
	device_free(dv);
	buf_free(&out);
}

/*
 * A device whose prepare marks a copy with the thread it ran on, and
 * whose first add waits until a copy has been prepared (the queue half
 * full): add counts the copies that came marked.
 */
static pthread_t giver;
static int prepared, prepared_elsewhere, added_marked;
static pthread_mutex_t mark_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t mark_cv = PTHREAD_COND_INITIALIZER;

static void
mark_free(void *ahead)
{
	mem_free(ahead);
}

static void
mark_prepare(dl_copy *c)
{
	pthread_mutex_lock(&mark_mu);
	prepared++;
	prepared_elsewhere += pthread_equal(pthread_self(), giver) == 0;
	pthread_cond_signal(&mark_cv);
	pthread_mutex_unlock(&mark_mu);
	c->ahead = mem_alloc(1);
	c->ahead_free = mark_free;
}

static int
mark_add(void *impl, const dl_copy *c, const device_record *rec)
{
	struct failing *f = impl;

	(void)rec;
	pthread_mutex_lock(&mark_mu);
	while (f->n == 0 && prepared == 0)
		pthread_cond_wait(&mark_cv, &mark_mu);
	pthread_mutex_unlock(&mark_mu);
	f->n++;
	added_marked += c->ahead != NULL;
	return 0;
}

static const device_ops marking_ops = {mark_add, fail_pages, fail_save, fail_free, NULL,
    mark_prepare};

/* What a device makes ahead is made on the giving thread once the device's own is behind, and the copy carries it there. */
static void
test_prepare_runs_on_the_giving_thread_when_behind(void **state)
{
	device *dv = device_async_new(device_new(&marking_ops,
	    mem_calloc(1, sizeof(struct failing))));
	buf out = BUF_INIT;

	giver = pthread_self();
	prepared = prepared_elsewhere = added_marked = 0;
	assert_int_equal(give_all(dv, 300), -1);
	assert_int_equal(device_save(dv, &out), 0);
	assert_true(prepared >= 1);
	assert_int_equal(prepared_elsewhere, 0);
	assert_int_equal(added_marked, prepared);
	device_free(dv);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_the_same_output_as_the_device_alone),
		cmocka_unit_test(test_a_failure_shows_at_a_later_copy_or_at_save),
		cmocka_unit_test(test_freed_without_saving_drops_what_waits),
		cmocka_unit_test(test_a_kept_copy_is_refused),
		cmocka_unit_test(test_prepare_runs_on_the_giving_thread_when_behind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
