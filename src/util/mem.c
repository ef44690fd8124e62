/* mem: the one allocation hook every module allocates through. */
#include "util/mem.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * A build's render thread (device/async) allocates too: each thread
 * counts its own (an atomic counter would cost every allocation a
 * shared cache line) and adds them up when it is done; the countdown
 * to a failure is shared, and only read while it is not running.
 */
static atomic_ulong fail_countdown, finished;
static _Thread_local unsigned long allocations;
static void (*on_failure)(void *);
static void *on_failure_arg;

static void *
checked(void *p)
{
	if (p == NULL) {
		fputs("tayori: error: out of memory\n", stderr);
		if (on_failure) {
			void (*fn)(void *) = on_failure;

			on_failure = NULL;	/* once, even if it allocates */
			fn(on_failure_arg);
		}
		exit(70);
	}
	return p;
}

void
mem_on_failure(void (*fn)(void *), void *arg)
{
	on_failure = fn;
	on_failure_arg = arg;
}

static int
should_fail(void)
{
	unsigned long n;

	allocations++;
	n = atomic_load_explicit(&fail_countdown, memory_order_relaxed);
	while (n > 0)
		if (atomic_compare_exchange_weak(&fail_countdown, &n, n - 1))
			return n == 1;
	return 0;
}

void *
mem_alloc(size_t n)
{
	return checked(should_fail() ? NULL : malloc(n ? n : 1));
}

void *
mem_calloc(size_t count, size_t size)
{
	return checked(should_fail() ? NULL : calloc(count ? count : 1, size ? size : 1));
}

void *
mem_realloc(void *p, size_t n)
{
	return checked(should_fail() ? NULL : realloc(p, n ? n : 1));
}

char *
mem_strndup(const char *s, size_t n)
{
	char *d = mem_alloc(n + 1);

	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *
mem_strdup(const char *s)
{
	return mem_strndup(s, strlen(s));
}

void
mem_free(void *p)
{
	free(p);
}

void
mem_fail_after(unsigned long n)
{
	atomic_store(&fail_countdown, n);
}

unsigned long
mem_count(void)
{
	return allocations + atomic_load(&finished);
}

void
mem_thread_done(void)
{
	atomic_fetch_add(&finished, allocations);
	allocations = 0;
}
