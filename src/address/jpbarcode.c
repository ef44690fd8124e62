/* jpbarcode: the Japan Post customer barcode (カスタマバーコード): its data from an address, and its bars. */
#include "address/jpbarcode.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <uchar.h>

#include <zint.h>

#include "text/utf8.h"
#include "util/mem.h"

/* Symbol characters between the start code and the check digit. */
#define SYMBOLS		20
#define POSTAL_DIGITS	7
/* A longer run of kanji numerals is no house number (and could overflow). */
#define KANJI_RUN_MAX	8
/* 千 is one character and four digits: the most a conversion grows. */
#define KANJI_GROWTH	4

/* The characters after which a kanji numeral is a number (zipmanual p19, 補足1). */
static const struct marker {
	const char32_t *s;
	size_t n;
	/*
	 * Followed by another kanji, the numeral and marker are a town
	 * name (一番町, 八丁堀, 三ノ輪, 一の宮), not a number.
	 */
	int name_if_kanji_follows;
} markers[] = {
	/* Longest first, so that 丁目 is not taken for 丁. */
	{ U"丁目", 2, 0 },
	{ U"番地", 2, 0 },
	{ U"地割", 2, 0 },
	{ U"丁", 1, 1 },
	{ U"番", 1, 1 },
	{ U"号", 1, 0 },
	{ U"線", 1, 0 },
	{ U"の", 1, 1 },
	{ U"ノ", 1, 1 },
};

static int
is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

static int
is_letter(uint32_t c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_kanji(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3FFFF);
}

static int
is_dash(uint32_t c)
{
	return c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 ||
	    c == U'ー' || c == 0xFF70;
}

/* Full-width ASCII to ASCII, letters to upper case (rule 1). */
static uint32_t
fold(uint32_t c)
{
	if (c >= 0xFF01 && c <= 0xFF5E)
		c -= 0xFEE0;
	else if (c == 0x3000)
		c = ' ';
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	return c;
}

/* Rule 2: these are removed and what follows closes up. */
static int
removed(uint32_t c)
{
	return c == '&' || c == '/' || c == '.' || c == U'・' || c == 0xFF65;
}

/* 0-9 for a kanji digit, 10, 100 or 1000 for 十百千, -1 otherwise. */
static int
kanji_value(uint32_t c)
{
	switch (c) {
	case U'〇': return 0;
	case U'一': return 1;
	case U'二': return 2;
	case U'三': return 3;
	case U'四': return 4;
	case U'五': return 5;
	case U'六': return 6;
	case U'七': return 7;
	case U'八': return 8;
	case U'九': return 9;
	case U'十': return 10;
	case U'百': return 100;
	case U'千': return 1000;
	default: return -1;
	}
}

/* The marker at t[i..n), or NULL. */
static const struct marker *
marker_at(const uint32_t *t, size_t i, size_t n)
{
	size_t m, k;

	for (m = 0; m < sizeof(markers) / sizeof(markers[0]); m++) {
		if (i + markers[m].n > n)
			continue;
		for (k = 0; k < markers[m].n; k++)
			if (t[i + k] != (uint32_t)markers[m].s[k])
				break;
		if (k == markers[m].n)
			return &markers[m];
	}
	return NULL;
}

/* The value of kanji numerals in either style: 二十三 or 二三, 百五 or 一〇五. */
static unsigned long long
kanji_number(const uint32_t *t, size_t n)
{
	unsigned long long total = 0, cur = 0;
	size_t i;
	int v;

	for (i = 0; i < n; i++) {
		v = kanji_value(t[i]);
		if (v < 10) {
			cur = cur * 10 + (unsigned)v;
		} else {
			total += (cur ? cur : 1) * (unsigned)v;
			cur = 0;
		}
	}
	return total + cur;
}

/*
 * Decode, fold and drop the removed characters of s into a new array,
 * then turn kanji numerals before a marker into ASCII digits (補足1).
 * Returns the array (mem_free) and its length in *np.
 */
static uint32_t *
normalize(const char *s, size_t *np)
{
	const char *p = s, *end = s + strlen(s);
	uint32_t *a, *t;
	size_t n = 0, i, j, k;
	const struct marker *m;
	char num[32];

	a = mem_alloc((strlen(s) + 1) * sizeof(*a));
	while (p < end) {
		uint32_t c = fold(utf8_next(&p, end));

		if (!removed(c))
			a[n++] = c;
	}
	t = mem_alloc((n * KANJI_GROWTH + 1) * sizeof(*t));
	for (i = 0, k = 0; i < n; ) {
		if (kanji_value(a[i]) < 0) {
			t[k++] = a[i++];
			continue;
		}
		for (j = i; j < n && kanji_value(a[j]) >= 0; j++)
			;
		m = marker_at(a, j, n);
		if (m != NULL && j - i <= KANJI_RUN_MAX &&
		    !(m->name_if_kanji_follows && j + m->n < n &&
		    is_kanji(a[j + m->n]) && kanji_value(a[j + m->n]) < 0)) {
			snprintf(num, sizeof(num), "%llu", kanji_number(a + i, j - i));
			for (p = num; *p != '\0'; p++)
				t[k++] = (uint32_t)*p;
		} else {
			while (i < j)
				t[k++] = a[i++];
		}
		i = j;
	}
	mem_free(a);
	*np = k;
	return t;
}

/* Appends to the address number while it fits in its places. */
struct number {
	char s[JPBAR_DATA_SIZE];
	size_t len;
	int used, room;		/* symbol places */
	int full;
};

static void
put(struct number *nb, char c)
{
	int cost = is_letter((unsigned char)c) ? 2 : 1;

	if (nb->full)
		return;
	if (nb->used + cost > nb->room) {
		nb->full = 1;
		/*
		 * A letter whose control code takes the last place is kept:
		 * the manual (p12, p20) keeps that control code alone.
		 */
		if (cost == 2 && nb->used + 1 == nb->room)
			nb->s[nb->len++] = c;
		return;
	}
	nb->s[nb->len++] = c;
	nb->used += cost;
	if (nb->used == nb->room)
		nb->full = 1;
}

/* Rules 3-6 and 補足2-5 over the normalized address. */
static void
extract(const uint32_t *t, size_t n, struct number *nb)
{
	size_t i;
	int gap = 0;
	char last = '\0';

	for (i = 0; i < n && !nb->full; i++) {
		uint32_t c = t[i];
		int keep = is_digit(c);

		if (is_letter(c)) {
			/* A letter next to a letter is text; so is F after a digit (補足2-3). */
			keep = !(i > 0 && is_letter(t[i - 1])) &&
			    !(i + 1 < n && is_letter(t[i + 1])) &&
			    !(c == 'F' && i > 0 && is_digit(t[i - 1]));
		}
		if (!keep) {
			/* Text and hyphens before a kept character become one hyphen. */
			gap = 1;
			continue;
		}
		/* No hyphen at the start, nor next to a letter (補足4-5). */
		if (gap && last != '\0' && !is_letter((unsigned char)last) &&
		    !is_letter(c))
			put(nb, '-');
		put(nb, (char)c);
		last = (char)c;
		gap = 0;
	}
}

static int
postal_digits(const char *s, char *d)
{
	const char *p = s, *end = s + strlen(s);
	int n = 0;

	while (p < end) {
		uint32_t c = fold(utf8_next(&p, end));

		if (is_digit(c)) {
			if (n == POSTAL_DIGITS)
				return -1;
			d[n++] = (char)c;
		} else if (c != ' ' && c != U'〒' && !is_dash(c))
			return -1;
	}
	return n == POSTAL_DIGITS ? 0 : -1;
}

int
jpbar_data(const char *postal_code, const char *address, char *out,
    size_t outsz)
{
	struct number nb;
	char postal[POSTAL_DIGITS];
	uint32_t *t;
	size_t n;

	if (outsz < JPBAR_DATA_SIZE || postal_code == NULL ||
	    postal_digits(postal_code, postal) == -1)
		return -1;
	memset(&nb, 0, sizeof(nb));
	memcpy(nb.s, postal, POSTAL_DIGITS);
	nb.len = POSTAL_DIGITS;
	nb.used = POSTAL_DIGITS;
	nb.room = SYMBOLS;
	if (address != NULL && *address != '\0') {
		t = normalize(address, &n);
		extract(t, n, &nb);
		mem_free(t);
	}
	/* Trailing text is dropped, but a hyphen cut off by the 20 places stays (p20). */
	nb.s[nb.len] = '\0';
	memcpy(out, nb.s, nb.len + 1);
	return (int)nb.len;
}

/*
 * Encode data with zint and read back the kind of each of the 67 bars from
 * its vector output (rectangles in zint units, y down, in no set order).
 */
static int
encode(const char *data, int *kinds, char *errtxt, size_t errsz)
{
	struct zint_symbol *sym;
	struct zint_vector_rect *r;
	double top[JPBAR_NBARS], bottom[JPBAR_NBARS];
	double x0, x1, y0, y1, step, pos;
	int seen[JPBAR_NBARS] = {0};
	int i, rc = -1;

	if ((sym = ZBarcode_Create()) == NULL) {
		snprintf(errtxt, errsz, "zint: out of memory");
		return -1;
	}
	sym->symbology = BARCODE_JAPANPOST;
	if (ZBarcode_Encode(sym, (const unsigned char *)data,
	    (int)strlen(data)) >= ZINT_ERROR ||
	    ZBarcode_Buffer_Vector(sym, 0) >= ZINT_ERROR) {
		/* zint's own wording, e.g. "Error 496: Input too long ...". */
		snprintf(errtxt, errsz, "%s", sym->errtxt);
		goto out;
	}
	if ((r = sym->vector->rectangles) == NULL)
		goto bad;
	x0 = x1 = r->x;
	y0 = r->y;
	y1 = r->y + r->height;
	for (; r != NULL; r = r->next) {
		x0 = fmin(x0, r->x);
		x1 = fmax(x1, r->x);
		y0 = fmin(y0, r->y);
		y1 = fmax(y1, r->y + r->height);
	}
	step = (x1 - x0) / (JPBAR_NBARS - 1);
	if (!(step > 0))
		goto bad;
	/* A bar may come as one rectangle or one per row: unite them by x. */
	for (r = sym->vector->rectangles; r != NULL; r = r->next) {
		pos = (r->x - x0) / step;
		i = (int)lround(pos);
		if (fabs(pos - i) > 0.01 || i < 0 || i >= JPBAR_NBARS)
			goto bad;
		if (!seen[i]) {
			top[i] = r->y;
			bottom[i] = r->y + r->height;
			seen[i] = 1;
		}
		top[i] = fmin(top[i], r->y);
		bottom[i] = fmax(bottom[i], r->y + r->height);
	}
	for (i = 0; i < JPBAR_NBARS; i++) {
		int up, down;

		if (!seen[i])
			goto bad;
		up = top[i] - y0 < 0.01 * (y1 - y0);
		down = y1 - bottom[i] < 0.01 * (y1 - y0);
		kinds[i] = up && down ? JPBAR_LONG : up ? JPBAR_ASCENDER :
		    down ? JPBAR_DESCENDER : JPBAR_TIMING;
	}
	rc = 0;
	goto out;
bad:
	snprintf(errtxt, errsz, "zint: unexpected vector output for '%s'", data);
out:
	ZBarcode_Delete(sym);
	return rc;
}

/* The value of a data character for the check digit: 0-9, '-' 10, CC1-CC8 11-18. */
static int
value(char c)
{
	return c == '-' ? 10 : c - '0';
}

/*
 * The manual ends a symbol whose last letter does not fit with the
 * letter's control code alone (p12, p20). zint will not take that, so
 * encode the rest (zint pads the last place with CC4) and take the bars
 * of the control code and of the right check digit from zint too: each
 * from a probe that has that symbol where we can read it.
 */
static int
encode_cut_letter(const char *data, size_t len, int *kinds, char *errtxt,
    size_t errsz)
{
	char head[JPBAR_DATA_SIZE], probe[3];
	int pk[JPBAR_NBARS];
	int sum = 0, cc, check, s;
	size_t i;
	char letter = data[len - 1];

	memcpy(head, data, len - 1);
	head[len - 1] = '\0';
	if (encode(head, kinds, errtxt, errsz) == -1)
		return -1;
	for (i = 0; i < len - 1; i++) {
		/* A-J are CC1 and 0-9, K-T CC2 and 0-9, U-Z CC3 and 0-5. */
		if (is_letter((unsigned char)head[i]))
			sum += 11 + (head[i] - 'A') / 10 + (head[i] - 'A') % 10;
		else
			sum += value(head[i]);
	}
	cc = (letter - 'A') / 10;
	sum += 11 + cc;
	check = (19 - sum % 19) % 19;

	/* "A", "K", "U" start with CC1, CC2, CC3: bars 2-4. */
	probe[0] = "AKU"[cc];
	probe[1] = '\0';
	if (encode(probe, pk, errtxt, errsz) == -1)
		return -1;
	memcpy(kinds + 2 + 3 * (SYMBOLS - 1), pk + 2, 3 * sizeof(int));

	/*
	 * Two digits x, y and 18 CC4 (14 each) sum to x + y + 252, and
	 * 252 = 5 (mod 19): pick x + y so that zint's check digit is ours.
	 */
	s = ((14 - check) % 19 + 19) % 19;
	probe[0] = (char)('0' + (s > 9 ? 9 : s));
	probe[1] = (char)('0' + (s > 9 ? s - 9 : 0));
	probe[2] = '\0';
	if (encode(probe, pk, errtxt, errsz) == -1)
		return -1;
	memcpy(kinds + 2 + 3 * SYMBOLS, pk + 2 + 3 * SYMBOLS, 3 * sizeof(int));
	return 0;
}

/*
 * Check jpbar_bars's arguments, out cleared first: a scale Japan Post
 * allows, data of digits, A-Z and '-' that fits the 20 places (a last
 * letter may take only its control code's). 0, or -1 with out->errtxt.
 */
static int
check_args(const char *data, double scale, jpbar *out)
{
	size_t len, i;
	int places = 0;

	memset(out, 0, sizeof(*out));
	if (!(scale >= JPBAR_SCALE_MIN - 1e-9 && scale <= JPBAR_SCALE_MAX + 1e-9)) {
		snprintf(out->errtxt, sizeof(out->errtxt),
		    "scale %g is outside %g to %g", scale, JPBAR_SCALE_MIN,
		    JPBAR_SCALE_MAX);
		return -1;
	}
	len = data == NULL ? 0 : strlen(data);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (!is_digit(c) && c != '-' && !is_letter(c)) {
			snprintf(out->errtxt, sizeof(out->errtxt),
			    "invalid character at position %zu (digits, A-Z and '-' only)",
			    i + 1);
			return -1;
		}
		places += is_letter(c) ? 2 : 1;
	}
	if (len == 0) {
		snprintf(out->errtxt, sizeof(out->errtxt), "no data");
		return -1;
	}
	if (places > SYMBOLS && !(places == SYMBOLS + 1 &&
	    is_letter((unsigned char)data[len - 1]))) {
		snprintf(out->errtxt, sizeof(out->errtxt),
		    "data needs %d places, the symbol has %d", places, SYMBOLS);
		return -1;
	}
	return 0;
}

/* The 67 bars of kinds at scale into out. */
static void
set_bars(const int *kinds, double scale, jpbar *out)
{
	double pitch = JPBAR_PITCH * scale, w = JPBAR_BAR_WIDTH * scale,
	    t = JPBAR_TIMING_H * scale;

	for (int i = 0; i < JPBAR_NBARS; i++) {
		jpbar_bar *b = &out->bars[i];

		b->kind = kinds[i];
		b->x = (double)i * pitch;
		b->w = w;
		/* Heights in thirds of the long bar: the timing bar is the middle one. */
		b->y = kinds[i] == JPBAR_LONG || kinds[i] == JPBAR_DESCENDER ? 0 : t;
		b->h = kinds[i] == JPBAR_LONG ? 3 * t :
		    kinds[i] == JPBAR_TIMING ? t : 2 * t;
	}
	out->n = JPBAR_NBARS;
	out->width = (JPBAR_NBARS - 1) * pitch + w;
	out->height = JPBAR_LONG_H * scale;
}

int
jpbar_bars(const char *data, double scale, jpbar *out)
{
	int kinds[JPBAR_NBARS], places = 0, rc;

	if (check_args(data, scale, out) != 0)
		return -1;
	for (const char *c = data; *c; c++)
		places += is_letter((unsigned char)*c) ? 2 : 1;
	if (places <= SYMBOLS)
		rc = encode(data, kinds, out->errtxt, sizeof(out->errtxt));
	else
		rc = encode_cut_letter(data, strlen(data), kinds, out->errtxt,
		    sizeof(out->errtxt));
	if (rc == -1)
		return -1;
	set_bars(kinds, scale, out);
	return 0;
}

/* Check-digit values: 0-9, '-' 10, CC1-CC8 11-18 (CC4 pads the places). */
#define VALUES	19
#define CC4	14

/*
 * The values of the 20 places valid data takes (a letter: its control
 * code and a digit, the last one cut to its control code when it does
 * not fit; CC4 after the data), and the check digit's.
 */
static int
symbol_values(const char *data, int *v)
{
	int p = 0, sum = 0;

	for (const char *c = data; *c && p < SYMBOLS; c++)
		if (is_letter((unsigned char)*c)) {
			v[p++] = 11 + (*c - 'A') / 10;
			if (p < SYMBOLS)
				v[p++] = (*c - 'A') % 10;
		} else
			v[p++] = value(*c);
	while (p < SYMBOLS)
		v[p++] = CC4;
	for (p = 0; p < SYMBOLS; p++)
		sum += v[p];
	return (19 - sum % 19) % 19;
}

struct jpbar_table {
	int start[2], stop[2];
	int sym[VALUES][3];
	unsigned char known[VALUES];
};

/* Keep the three bars at k as those of value v; -1 when t has it drawn otherwise. */
static int
learn(jpbar_table *t, int v, const int *k)
{
	if (t->known[v])
		return memcmp(t->sym[v], k, sizeof(t->sym[v])) == 0 ? 0 : -1;
	memcpy(t->sym[v], k, sizeof(t->sym[v]));
	t->known[v] = 1;
	return 0;
}

jpbar_table *
jpbar_table_new(char *errtxt, size_t errsz)
{
	/* every value in a place or as the check digit: "1".."4" check to CC8..CC5 */
	static const char *const probes[] = {"0123456789-", "A", "K", "U", "1", "2",
	    "3", "4"};
	jpbar_table *t = mem_calloc(1, sizeof(*t));

	for (size_t i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		int kinds[JPBAR_NBARS], v[SYMBOLS], check, bad = 0;

		if (encode(probes[i], kinds, errtxt, errsz) == -1)
			goto fail;
		check = symbol_values(probes[i], v);
		for (int p = 0; p < SYMBOLS; p++)
			bad |= learn(t, v[p], kinds + 2 + 3 * p);
		bad |= learn(t, check, kinds + 2 + 3 * SYMBOLS);
		if (i == 0) {
			memcpy(t->start, kinds, sizeof(t->start));
			memcpy(t->stop, kinds + JPBAR_NBARS - 2, sizeof(t->stop));
		}
		if (bad || memcmp(t->start, kinds, sizeof(t->start)) != 0 ||
		    memcmp(t->stop, kinds + JPBAR_NBARS - 2, sizeof(t->stop)) != 0) {
			snprintf(errtxt, errsz, "zint draws a character two ways ('%s')",
			    probes[i]);
			goto fail;
		}
	}
	for (int v = 0; v < VALUES; v++)
		if (!t->known[v]) {
			snprintf(errtxt, errsz, "no probe showed value %d", v);
			goto fail;
		}
	return t;
fail:
	mem_free(t);
	return NULL;
}

void
jpbar_table_free(jpbar_table *t)
{
	mem_free(t);
}

int
jpbar_bars_from(const jpbar_table *t, const char *data, double scale, jpbar *out)
{
	int kinds[JPBAR_NBARS], v[SYMBOLS], check;

	if (check_args(data, scale, out) != 0)
		return -1;
	check = symbol_values(data, v);
	memcpy(kinds, t->start, sizeof(t->start));
	for (int p = 0; p < SYMBOLS; p++)
		memcpy(kinds + 2 + 3 * p, t->sym[v[p]], sizeof(t->sym[0]));
	memcpy(kinds + 2 + 3 * SYMBOLS, t->sym[check], sizeof(t->sym[0]));
	memcpy(kinds + JPBAR_NBARS - 2, t->stop, sizeof(t->stop));
	set_bars(kinds, scale, out);
	return 0;
}
