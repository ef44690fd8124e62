/* hooks: route SQLite's and ICU's allocations through util/mem. */
#include "util/hooks.h"

#include <stddef.h>
#include <string.h>

#include <libdeflate.h>
#include <sqlite3.h>
#include <unicode/uclean.h>

#include "util/mem.h"

/*
 * SQLite asks for the size of a block (xSize): it is kept in a header in
 * front of the block, as large as the strictest alignment so the block
 * itself stays aligned.
 */
#define HDR sizeof(max_align_t)

static void *
sq_malloc(int n)
{
	size_t sz = n > 0 ? (size_t)n : 1;
	unsigned char *p = mem_alloc(HDR + sz);

	memcpy(p, &sz, sizeof(sz));
	return p + HDR;
}

static void
sq_free(void *p)
{
	if (p != NULL)
		mem_free((unsigned char *)p - HDR);
}

static int
sq_size(void *p)
{
	size_t sz;

	if (p == NULL)
		return 0;
	memcpy(&sz, (unsigned char *)p - HDR, sizeof(sz));
	return (int)sz;
}

static void *
sq_realloc(void *p, int n)
{
	size_t sz = n > 0 ? (size_t)n : 1;
	unsigned char *q;

	if (p == NULL)
		return sq_malloc(n);
	q = mem_realloc((unsigned char *)p - HDR, HDR + sz);
	memcpy(q, &sz, sizeof(sz));
	return q + HDR;
}

static int
sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int
sq_init(void *ctx)
{
	return SQLITE_OK;
}

static void
sq_shutdown(void *ctx)
{
}

static void *U_CALLCONV
icu_alloc(const void *ctx, size_t n)
{
	return mem_alloc(n);
}

static void *U_CALLCONV
icu_realloc(const void *ctx, void *p, size_t n)
{
	return mem_realloc(p, n);
}

static void U_CALLCONV
icu_free(const void *ctx, void *p)
{
	mem_free(p);
}

int
hooks_install(void)
{
	static const sqlite3_mem_methods sq = {
		sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup,
		sq_init, sq_shutdown, NULL
	};
	static int done;
	UErrorCode err = U_ZERO_ERROR;
	int rc = 0;

	if (done)
		return 0;
	done = 1;
	if (sqlite3_config(SQLITE_CONFIG_MALLOC, &sq) != SQLITE_OK)
		rc = -1;
	u_setMemoryFunctions(NULL, icu_alloc, icu_realloc, icu_free, &err);
	if (U_FAILURE(err))
		rc = -1;
	libdeflate_set_memory_allocator(mem_alloc, mem_free);
	return rc;
}
