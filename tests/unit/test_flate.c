/* test_flate: compressed buffers come back whole (zlib format), appended after what the buffer held. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libdeflate.h>

#include "render/flate.h"
#include "util/mem.h"

/* Decompress z[0..n) (zlib format) into out[0..cap); its size, or -1. */
static long
inflate_all(const char *z, size_t n, char *out, size_t cap)
{
	struct libdeflate_decompressor *d = libdeflate_alloc_decompressor();
	size_t got = 0;
	enum libdeflate_result r;

	assert_non_null(d);
	r = libdeflate_zlib_decompress(d, z, n, out, cap, &got);
	libdeflate_free_decompressor(d);
	return r == LIBDEFLATE_SUCCESS ? (long)got : -1;
}

static void
test_content_stream_round_trips(void **state)
{
	flate *f = flate_new(FLATE_LEVEL);
	buf in = BUF_INIT, z = BUF_INIT;
	char *back;
	long n;

	assert_non_null(f);
	for (int i = 0; i < 2000; i++)
		buf_puts(&in, i % 7 ? "4 32 7 1 re\n" : "BT /F1 9 Tf 1 0 0 1 56.6929 770.2 Tm <30423044> Tj ET\n");
	buf_puts(&z, "kept");
	assert_int_equal(flate_compress(f, in.p, in.len, &z), 0);
	assert_memory_equal(z.p, "kept", 4);
	assert_int_equal(((unsigned char)z.p[4] & 0x0f), 8);	/* zlib header: deflate */
	assert_true(z.len - 4 < in.len / 10);
	back = mem_alloc(in.len + 1);
	n = inflate_all(z.p + 4, z.len - 4, back, in.len + 1);
	assert_int_equal(n, (long)in.len);
	assert_memory_equal(back, in.p, in.len);
	mem_free(back);
	buf_free(&in);
	buf_free(&z);
	flate_free(f);
}

static void
test_empty_input_and_bad_level(void **state)
{
	flate *f = flate_new(1);
	buf z = BUF_INIT;
	char out[4];

	assert_int_equal(flate_compress(f, "", 0, &z), 0);
	assert_true(z.len > 0);
	assert_int_equal(inflate_all(z.p, z.len, out, sizeof(out)), 0);
	buf_free(&z);
	flate_free(f);
	assert_null(flate_new(13));
	assert_null(flate_new(-1));
	flate_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_content_stream_round_trips),
		cmocka_unit_test(test_empty_input_and_bad_level),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
