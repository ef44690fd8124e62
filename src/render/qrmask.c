/* qrmask: a QR symbol whose mask is chosen by libqrencode's own rule, scored a row of modules at a time. */
#include "render/qrmask.h"

#ifdef TAYORI_HAVE_QR_ENCODEMASK

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Exported by libqrencode 3.2 and later and listed in Debian's symbols
 * file for it, but not declared in qrencode.h: the symbol under the
 * given mask (0-7), no mask chosen.
 */
QRcode *QRcode_encodeMask(QRinput *input, int mask);

/* Symbols up to version 11 have a row in a machine word; larger ones (over 250 bytes at level M) go the library's way. */
#define ROW_MAX 64

/* The penalties of ISO/IEC 18004 as libqrencode weighs them. */
#define N1 3
#define N2 3
#define N3 40
#define N4 10

/* Set bits, without libgcc's call: the baseline x86-64 this is built for has no POPCNT. */
static int
count_bits(uint64_t v)
{
	v -= v >> 1 & 0x5555555555555555ULL;
	v = (v & 0x3333333333333333ULL) + (v >> 2 & 0x3333333333333333ULL);
	v = (v + (v >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
	return (int)(v * 0x0101010101010101ULL >> 56);
}

/* Bit x of the row pattern of mask k at row y % 12: the module at column x is inverted. */
static uint64_t pattern[8][12];
static pthread_once_t pattern_once = PTHREAD_ONCE_INIT;

static int
inverts(int k, int x, int y)
{
	switch (k) {
	case 0: return (x + y) % 2 == 0;
	case 1: return y % 2 == 0;
	case 2: return x % 3 == 0;
	case 3: return (x + y) % 3 == 0;
	case 4: return (y / 2 + x / 3) % 2 == 0;
	case 5: return x * y % 2 + x * y % 3 == 0;
	case 6: return (x * y % 2 + x * y % 3) % 2 == 0;
	default: return (x * y % 3 + (x + y) % 2) % 2 == 0;
	}
}

/* Every mask repeats every 12 rows (2, 3, 4 and 6 divide 12), and a row in 64 columns is a word. */
static void
make_patterns(void)
{
	for (int k = 0; k < 8; k++)
		for (int y = 0; y < 12; y++)
			for (int x = 0; x < ROW_MAX; x++)
				if (inverts(k, x, y))
					pattern[k][y] |= (uint64_t)1 << x;
}

/* The 15 format bits of level and mask k: 5 data bits, a BCH(15,5) remainder, the fixed XOR. */
static unsigned
format_bits(QRecLevel level, int k)
{
	static const unsigned level_bits[] = {1, 0, 3, 2};	/* L M Q H */
	unsigned data = level_bits[level] << 3 | (unsigned)k, rem = data << 10;

	for (int i = 14; i >= 10; i--)
		if (rem & 1u << i)
			rem ^= 0x537u << (i - 10);
	return (data << 10 | rem) ^ 0x5412;
}

static void
set_module(uint64_t *rows, int x, int y, int dark)
{
	if (dark)
		rows[y] |= (uint64_t)1 << x;
	else
		rows[y] &= ~((uint64_t)1 << x);
}

/* The format bits in both of their places: beside the top-left finder, and split between the other two. */
static void
put_format(uint64_t *rows, int w, unsigned f)
{
	for (int i = 0; i < 8; i++, f >>= 1) {
		set_module(rows, w - 1 - i, 8, f & 1);
		set_module(rows, 8, i < 6 ? i : i + 1, f & 1);
	}
	for (int i = 0; i < 7; i++, f >>= 1) {
		set_module(rows, 8, w - 7 + i, f & 1);
		set_module(rows, i == 0 ? 7 : 6 - i, 8, f & 1);
	}
}

/* a[i] bit j becomes a[j] bit i: blocks of 32, 16, ... 1 swapped across the diagonal. */
static void
transpose(uint64_t a[ROW_MAX])
{
	uint64_t m = 0x00000000FFFFFFFFULL;

	for (int j = 32; j != 0; j >>= 1, m ^= m << j)
		for (int k = 0; k < ROW_MAX; k = ((k | j) + 1) & ~j) {
			uint64_t t = ((a[k] >> j) ^ a[k | j]) & m;

			a[k] ^= t << j;
			a[k | j] ^= t;
		}
}

/*
 * N1 of one line of w modules: a run of one colour 5 or more long costs N1
 * and 1 a module beyond 5. Where module x starts 5 alike, bit x of five is
 * set: a run of L sets L - 4 bits in a row.
 */
static int
long_runs_penalty(uint64_t line, int w)
{
	uint64_t alike = ~(line ^ line >> 1) & (((uint64_t)1 << (w - 1)) - 1);
	uint64_t five = alike & alike >> 1 & alike >> 2 & alike >> 3;

	return count_bits(five) +
	    (N1 - 1) * count_bits(five & ~(five << 1));
}

/*
 * Whether the line has dark, light, dark, light, dark modules f, f, 3f,
 * f, f long somewhere, for some f: what a finder-like pattern needs at
 * least (most lines have none, and N3 is 0 without building their runs).
 */
static int
may_look_like_finder(uint64_t line, int w)
{
	uint64_t dark[3 * ROW_MAX / 7 + 1], light[3 * ROW_MAX / 7 + 1];
	uint64_t lit = ~line & (((uint64_t)1 << (w - 1) << 1) - 1);
	int fmax = w / 7;

	/* dark[k]: bit x where modules x .. x+k are dark (light[k] likewise) */
	dark[0] = line;
	light[0] = lit;
	for (int k = 1; k < 3 * fmax; k++) {
		dark[k] = dark[k - 1] & line >> k;
		light[k] = light[k - 1] & lit >> k;
	}
	for (int f = 1; f <= fmax; f++)
		if (dark[f - 1] & light[f - 1] >> f & dark[3 * f - 1] >> 2 * f &
		    light[f - 1] >> 5 * f & dark[f - 1] >> 6 * f)
			return 1;
	return 0;
}

/*
 * N3 of one line, libqrencode's way: over its runs of one colour, the
 * first counted light (a dark start gets an empty light run before it),
 * so that dark runs have odd indices. A dark run 3f long between dark,
 * light / light, dark runs f long, with 4f of light or the edge on one
 * side, looks like a finder.
 */
static int
finder_penalty(uint64_t line, int w)
{
	int run[ROW_MAX + 1], n = 0, start = 0, d = 0;
	uint64_t ends = (line ^ line >> 1) & (((uint64_t)1 << (w - 1)) - 1);

	if (line & 1)
		run[n++] = -1;
	for (; ends; ends &= ends - 1) {
		int x = __builtin_ctzll(ends);

		run[n++] = x + 1 - start;
		start = x + 1;
	}
	run[n++] = w - start;
	for (int i = 3; i < n - 2; i += 2) {
		int f = run[i] / 3;

		if (run[i] % 3 != 0 || run[i - 2] != f || run[i - 1] != f ||
		    run[i + 1] != f || run[i + 2] != f)
			continue;
		if (i == 3 || run[i - 3] >= 4 * f || i + 4 >= n || run[i + 3] >= 4 * f)
			d += N3;
	}
	return d;
}

static int
line_penalty(uint64_t line, int w)
{
	return long_runs_penalty(line, w) +
	    (may_look_like_finder(line, w) ? finder_penalty(line, w) : 0);
}

/* N2: each 2×2 block of one colour (blocks overlap). */
static int
blocks_penalty(const uint64_t *rows, int w)
{
	uint64_t inside = ((uint64_t)1 << (w - 1)) - 1;
	int d = 0;

	for (int y = 1; y < w; y++) {
		uint64_t dark = rows[y - 1] & rows[y], light = ~(rows[y - 1] | rows[y]);

		d += count_bits(((dark & dark >> 1) | (light & light >> 1)) & inside);
	}
	return d * N2;
}

/* The whole penalty of a symbol: N4 for the share of dark modules away from half, then N2, then N1 and N3 of every row and column. */
static int
penalty(const uint64_t *rows, int w)
{
	uint64_t cols[ROW_MAX] = {0};
	int dark = 0, w2 = w * w, ratio, d;

	for (int y = 0; y < w; y++) {
		dark += count_bits(rows[y]);
		cols[y] = rows[y];
	}
	ratio = (200 * dark + w2) / w2 / 2;
	d = abs(ratio - 50) / 5 * N4 + blocks_penalty(rows, w);
	transpose(cols);
	for (int i = 0; i < w; i++)
		d += line_penalty(rows[i], w) + line_penalty(cols[i], w);
	return d;
}

QRcode *
qrmask_encode(const unsigned char *data, int n, QRecLevel level)
{
	uint64_t fixed[ROW_MAX] = {0}, bits[ROW_MAX] = {0}, maskable[ROW_MAX] = {0};
	uint64_t rows[ROW_MAX], best[ROW_MAX];
	int w, least = -1;
	QRinput *in;
	QRcode *q;

	if ((in = QRinput_new2(0, level)) == NULL)
		return NULL;
	if (QRinput_append(in, QR_MODE_8, n, data) != 0) {
		QRinput_free(in);
		return NULL;
	}
	q = QRcode_encodeMask(in, 0);
	QRinput_free(in);
	if (q == NULL || q->width > ROW_MAX) {
		if (q != NULL)
			QRcode_free(q);
		return QRcode_encodeData(n, data, 0, level);
	}
	pthread_once(&pattern_once, make_patterns);
	w = q->width;
	/* the data and error correction as placed, mask 0 taken off (maskable: where they are); the function patterns as they are */
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++) {
			unsigned char m = q->data[y * w + x];
			uint64_t b = (uint64_t)1 << x;

			if (m & 0x80)
				fixed[y] |= m & 1 ? b : 0;
			else {
				maskable[y] |= b;
				bits[y] |= (m & 1) ^ ((pattern[0][y % 12] & b) != 0) ? b : 0;
			}
		}
	for (int k = 0; k < 8; k++) {
		int d;

		for (int y = 0; y < w; y++)
			rows[y] = fixed[y] | ((bits[y] ^ pattern[k][y % 12]) & maskable[y]);
		put_format(rows, w, format_bits(level, k));
		/* the first of equal penalties, as libqrencode keeps */
		if ((d = penalty(rows, w)) < least || least < 0) {
			least = d;
			for (int y = 0; y < w; y++)
				best[y] = rows[y];
		}
	}
	for (int y = 0; y < w; y++)
		for (int x = 0; x < w; x++) {
			unsigned char *m = &q->data[y * w + x];

			*m = (unsigned char)((*m & ~1u) | (best[y] >> x & 1));
		}
	return q;
}

#else

QRcode *
qrmask_encode(const unsigned char *data, int n, QRecLevel level)
{
	return QRcode_encodeData(n, data, 0, level);
}

#endif
