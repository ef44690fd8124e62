/* test_qrmask: the symbol made with the mask scored a row at a time is libqrencode's own, module for module. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "render/qrmask.h"

static uint32_t seed = 12345;

static unsigned char
next_byte(void)
{
	seed = seed * 1103515245u + 12345u;
	return (unsigned char)(seed >> 16);
}

/* The masks chosen, counted, so that the test shows every mask was checked. */
static int chosen[8];

/* Bits 14-10 of the format information are level and mask; at (row 8, column w-1-i) for bit i, after the XOR 0x5412. */
static int
mask_of(const QRcode *q)
{
	unsigned f = 0;

	for (int i = 0; i < 15; i++)
		if (i < 8)
			f |= (unsigned)(q->data[8 * q->width + q->width - 1 - i] & 1) << i;
		else
			f |= (unsigned)(q->data[(q->width - 15 + i) * q->width + 8] & 1) << i;
	return (int)((f ^ 0x5412) >> 10 & 7);
}

static void
same_symbol(const unsigned char *data, int n, QRecLevel level)
{
	QRcode *want = QRcode_encodeData(n, data, 0, level);
	QRcode *got = qrmask_encode(data, n, level);

	if (want == NULL) {
		assert_null(got);
		return;
	}
	assert_non_null(got);
	assert_int_equal(got->width, want->width);
	assert_int_equal(got->version, want->version);
	for (int i = 0; i < want->width * want->width; i++)
		if ((got->data[i] & 1) != (want->data[i] & 1))
			fail_msg("%d bytes, level %d, version %d: module (%d, %d) differs",
			    n, (int)level, want->version, i % want->width, i / want->width);
	chosen[mask_of(want)]++;
	QRcode_free(want);
	QRcode_free(got);
}

static void
test_random_data_at_every_level(void **state)
{
	unsigned char data[400];

	(void)state;
#ifndef TAYORI_HAVE_QR_ENCODEMASK
	skip();
#endif
	memset(chosen, 0, sizeof(chosen));
	for (int level = QR_ECLEVEL_L; level <= QR_ECLEVEL_H; level++)
		for (int n = 1; n <= 320; n += 1 + n / 40)
			for (int r = 0; r < 4; r++) {
				for (int i = 0; i < n; i++)
					data[i] = next_byte();
				same_symbol(data, n, (QRecLevel)level);
			}
	for (int k = 0; k < 8; k++)
		assert_true(chosen[k] > 0);
}

/* What the letters print: addresses with a token, of the lengths a shop's URLs have. */
static void
test_urls(void **state)
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	char url[200];

	(void)state;
	for (int i = 0; i < 2000; i++) {
		int n = snprintf(url, sizeof(url), "https://sakura-sabo.example.jp/r/");

		for (int k = 0; k < 8 + i % 24; k++)
			url[n++] = alphabet[next_byte() % 32];
		url[n] = '\0';
		same_symbol((const unsigned char *)url, n, QR_ECLEVEL_M);
	}
}

/* Long enough that a row is wider than a machine word: the library's own way, the same symbol. */
static void
test_large_symbols(void **state)
{
	unsigned char data[2331];

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = next_byte();
	same_symbol(data, 300, QR_ECLEVEL_M);
	same_symbol(data, (int)sizeof(data), QR_ECLEVEL_M);
	same_symbol(data, (int)sizeof(data), QR_ECLEVEL_H);	/* too long for level H */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_random_data_at_every_level),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_large_symbols),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
