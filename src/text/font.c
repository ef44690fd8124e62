/* font: TrueType metrics (cmap, advance widths, ascent) read from the font file. */
#include "text/font.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

/* Larger than any font we ship (IPAex is 8 MB); bounds memory on bad input. */
#define FONT_MAX_BYTES	(64L * 1024 * 1024)
/*
 * A cmap may list overlapping ranges; bound the code points we
 * visit so a hostile one cannot make loading take forever.
 */
#define CMAP_MAX_VISITS	(4UL * 0x110000)

struct astral {
	uint32_t cp;
	uint16_t gid;
};

struct font {
	char *path;
	char *name;
	int upem, ascent, descent;
	font_desc desc;
	unsigned nglyphs;
	uint16_t *bmp;		/* glyph id for U+0000..U+FFFF, 0 = none */
	struct astral *astral;	/* above U+FFFF, sorted by cp */
	size_t nastral, astral_cap;
	int *adv;		/* per glyph, 1/1000 em */
};

/* The whole file, and the error to report. */
struct reader {
	const unsigned char *p;
	size_t size;
	char *err;
	size_t errlen;
};

struct table {
	size_t off, len;
};

static uint16_t
u16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static int16_t
s16(const unsigned char *p)
{
	uint16_t v = u16(p);

	return v < 0x8000 ? (int16_t)v : (int16_t)((int)v - 0x10000);
}

static uint32_t
u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static int
fail(struct reader *r, const char *why)
{
	if (r->err != NULL && r->errlen > 0)
		snprintf(r->err, r->errlen, "%s", why);
	return -1;
}

/* 1 when [off, off+len) lies inside [0, limit). */
static int
inside(size_t off, size_t len, size_t limit)
{
	return off <= limit && len <= limit - off;
}

static int
read_file(const char *path, unsigned char **data, size_t *size, struct reader *r)
{
	FILE *fp;
	unsigned char *p = NULL;
	size_t len = 0, cap = 0, got;
	int rc = -1;

	if ((fp = fopen(path, "rb")) == NULL) {
		return fail(r, strerror(errno));
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			p = mem_realloc(p, cap);
		}
		got = fread(p + len, 1, cap - len, fp);
		len += got;
		if (len > FONT_MAX_BYTES) {
			fail(r, "file too large for a font");
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		fail(r, "read error");
		goto out;
	}
	*data = p;
	*size = len;
	p = NULL;
	rc = 0;
out:
	mem_free(p);
	fclose(fp);
	return rc;
}

static int
find_table(struct reader *r, const char *tag, struct table *t, size_t minlen)
{
	unsigned n = u16(r->p + 4);

	for (unsigned i = 0; i < n; i++) {
		const unsigned char *rec = r->p + 12 + 16 * (size_t)i;

		if (memcmp(rec, tag, 4) != 0)
			continue;
		t->off = u32(rec + 8);
		t->len = u32(rec + 12);
		if (!inside(t->off, t->len, r->size) || t->len < minlen)
			return -1;
		return 0;
	}
	return -1;
}

static void
map(struct font *f, uint32_t cp, uint32_t gid)
{
	if (gid == 0 || gid >= f->nglyphs)
		return;
	if (cp <= 0xFFFF) {
		if (f->bmp[cp] == 0)
			f->bmp[cp] = (uint16_t)gid;
		return;
	}
	if (f->nastral == f->astral_cap) {
		f->astral_cap = f->astral_cap ? f->astral_cap * 2 : 256;
		f->astral = mem_realloc(f->astral,
		    f->astral_cap * sizeof(*f->astral));
	}
	f->astral[f->nastral].cp = cp;
	f->astral[f->nastral].gid = (uint16_t)gid;
	f->nastral++;
}

/* Format 4 (BMP segments); sub..end is what the cmap table allows. */
static int
cmap4(struct font *f, struct reader *r, size_t sub, size_t end)
{
	const unsigned char *p = r->p;
	size_t segs, ends, starts, deltas, ranges;
	unsigned long visits = 0;

	if (!inside(sub, 14, end))
		return fail(r, "cmap format 4 subtable out of bounds");
	segs = u16(p + sub + 6) / 2;
	ends = sub + 14;
	starts = ends + 2 * segs + 2;
	deltas = starts + 2 * segs;
	ranges = deltas + 2 * segs;
	if (segs == 0 || !inside(ends, 8 * segs + 2, end))
		return fail(r, "cmap format 4 subtable out of bounds");
	for (size_t i = 0; i < segs; i++) {
		uint32_t last = u16(p + ends + 2 * i);
		uint32_t first = u16(p + starts + 2 * i);
		uint16_t delta = u16(p + deltas + 2 * i);
		size_t roff = u16(p + ranges + 2 * i);

		if (first <= last)
			visits += last - first + 1;
		if (visits > CMAP_MAX_VISITS)
			return fail(r, "cmap format 4 maps too many code points");
		for (uint32_t c = first; c <= last && c < 0xFFFF; c++) {
			uint32_t g;

			if (roff == 0)
				g = (c + delta) & 0xFFFF;
			else {
				/* relative to this segment's idRangeOffset entry */
				size_t at = ranges + 2 * i + roff + 2 * (c - first);

				if (!inside(at, 2, end))
					return fail(r, "cmap format 4 glyph index out of bounds");
				g = u16(p + at);
				if (g != 0)
					g = (g + delta) & 0xFFFF;
			}
			map(f, c, g);
		}
	}
	return 0;
}

/* Format 12 (groups over all planes). */
static int
cmap12(struct font *f, struct reader *r, size_t sub, size_t end)
{
	const unsigned char *p = r->p;
	uint32_t ngroups;
	unsigned long visits = 0;

	if (!inside(sub, 16, end))
		return fail(r, "cmap format 12 subtable out of bounds");
	ngroups = u32(p + sub + 12);
	if (ngroups > (end - sub - 16) / 12)
		return fail(r, "cmap format 12 subtable out of bounds");
	for (uint32_t i = 0; i < ngroups; i++) {
		const unsigned char *g = p + sub + 16 + 12 * (size_t)i;
		uint32_t first = u32(g), last = u32(g + 4), gid = u32(g + 8);

		if (first > last || last > 0x10FFFF)
			return fail(r, "cmap format 12 group is invalid");
		visits += last - first + 1;
		if (visits > CMAP_MAX_VISITS)
			return fail(r, "cmap format 12 maps too many code points");
		for (uint32_t c = first; c <= last; c++)
			map(f, c, gid + (c - first));
	}
	return 0;
}

static int
cmp_astral(const void *a, const void *b)
{
	const struct astral *x = a, *y = b;

	if (x->cp != y->cp)
		return x->cp < y->cp ? -1 : 1;
	return 0;
}

/*
 * Choose the best Unicode subtable: Windows full repertoire (3/10, format
 * 12), Windows BMP (3/1, format 4), then any Unicode-platform (0/x) one.
 */
static int
load_cmap(struct font *f, struct reader *r)
{
	struct table t;
	const unsigned char *p = r->p;
	size_t end, best = 0;
	int best_score = 0, best_fmt = 0;

	if (find_table(r, "cmap", &t, 4) == -1)
		return fail(r, "missing or truncated cmap table");
	end = t.off + t.len;
	unsigned n = u16(p + t.off + 2);
	if (!inside(t.off + 4, 8 * (size_t)n, end))
		return fail(r, "cmap table out of bounds");
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *rec = p + t.off + 4 + 8 * (size_t)i;
		unsigned plat = u16(rec), enc = u16(rec + 2);
		size_t sub = t.off + (size_t)u32(rec + 4);
		int fmt, score = 0;

		if (!inside(sub, 2, end))
			return fail(r, "cmap subtable out of bounds");
		fmt = u16(p + sub);
		if (plat == 3 && enc == 10 && fmt == 12)
			score = 4;
		else if (plat == 3 && enc == 1 && fmt == 4)
			score = 3;
		else if (plat == 0 && fmt == 12)
			score = 2;
		else if (plat == 0 && fmt == 4)
			score = 1;
		if (score > best_score) {
			best_score = score;
			best = sub;
			best_fmt = fmt;
		}
	}
	if (best_score == 0)
		return fail(r, "no Unicode cmap subtable (format 4 or 12)");
	if ((best_fmt == 12 ? cmap12(f, r, best, end) : cmap4(f, r, best, end)) == -1)
		return -1;
	if (f->nastral > 1) {
		/* stable order is not needed: duplicates keep any one mapping */
		qsort(f->astral, f->nastral, sizeof(*f->astral), cmp_astral);
		size_t k = 1;
		for (size_t i = 1; i < f->nastral; i++)
			if (f->astral[i].cp != f->astral[k - 1].cp)
				f->astral[k++] = f->astral[i];
		f->nastral = k;
	}
	return 0;
}

static int
load_hmtx(struct font *f, struct reader *r, unsigned nhm)
{
	struct table t;
	const unsigned char *p = r->p;

	if (nhm == 0 || nhm > f->nglyphs)
		return fail(r, "hhea numberOfHMetrics is invalid");
	if (find_table(r, "hmtx", &t, 4 * (size_t)nhm) == -1)
		return fail(r, "missing or truncated hmtx table");
	f->adv = mem_alloc(f->nglyphs * sizeof(*f->adv));
	for (unsigned g = 0; g < f->nglyphs; g++) {
		/* glyphs past the last metric share its advance */
		unsigned long a = u16(p + t.off + 4 * (size_t)(g < nhm ? g : nhm - 1));

		f->adv[g] = (int)((a * 1000 + (unsigned long)f->upem / 2) /
		    (unsigned long)f->upem);
	}
	return 0;
}

static int
ps_char(unsigned c)
{
	return c > 32 && c < 127 && strchr("[](){}<>/%", (int)c) == NULL;
}

/* PostScript name (nameID 6): Windows UTF-16BE or Mac Roman record. */
static char *
load_name(struct reader *r)
{
	struct table t;
	const unsigned char *p = r->p;
	char name[64];

	if (find_table(r, "name", &t, 6) == -1)
		return NULL;
	size_t end = t.off + t.len;
	unsigned n = u16(p + t.off + 2);
	size_t strs = t.off + u16(p + t.off + 4);
	if (!inside(t.off + 6, 12 * (size_t)n, end))
		return NULL;
	for (unsigned i = 0; i < n; i++) {
		const unsigned char *rec = p + t.off + 6 + 12 * (size_t)i;
		unsigned plat = u16(rec), id = u16(rec + 6);
		size_t len = u16(rec + 8), off = strs + u16(rec + 10);
		size_t step = plat == 3 || plat == 0 ? 2 : 1, k = 0;

		if (id != 6 || !inside(off, len, end))
			continue;
		for (size_t j = 0; j + step <= len && k < sizeof(name) - 1; j += step) {
			unsigned c = step == 2 ? u16(p + off + j) : p[off + j];

			if (!ps_char(c))
				break;
			name[k++] = (char)c;
		}
		if (k > 0 && k * step == len) {
			name[k] = '\0';
			return mem_strdup(name);
		}
	}
	return NULL;
}

static char *
base_name(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return mem_strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

int
font_read(const char *path, unsigned char **data, size_t *size, char *err,
    size_t errlen)
{
	struct reader r = {NULL, 0, err, errlen};

	return read_file(path, data, size, &r);
}

font *
font_load(const char *path, char *err, size_t errlen)
{
	unsigned char *data;
	size_t size;
	font *f;

	if (font_read(path, &data, &size, err, errlen) == -1)
		return NULL;
	f = font_load_data(path, data, size, err, errlen);
	mem_free(data);
	return f;
}

/* 1/1000 em from font units. */
static int
milli(const struct font *f, int v)
{
	return (int)lround(v * 1000.0 / f->upem);
}

/*
 * What a PDF font descriptor tells of the font, from head, OS/2 and post;
 * OS/2 and post are optional, so their fields have fallbacks.
 */
static void
load_desc(struct font *f, struct reader *r, size_t head)
{
	const unsigned char *p = r->p;
	font_desc *d = &f->desc;
	struct table os2, post;

	for (int i = 0; i < 4; i++)
		d->bbox[i] = milli(f, s16(p + head + 36 + 2 * i));
	d->cap_height = f->ascent;
	d->weight = 400;
	d->italic = (u16(p + head + 44) & 2) != 0;	/* macStyle */
	if (find_table(r, "OS/2", &os2, 68) == 0) {
		unsigned version = u16(p + os2.off);

		d->weight = u16(p + os2.off + 4);
		/* PANOSE: Latin text, serif styles 2..10 (11..13 are sans) */
		d->serif = p[os2.off + 32] == 2 && p[os2.off + 33] >= 2 &&
		    p[os2.off + 33] <= 10;
		if (u16(p + os2.off + 62) & 1)	/* fsSelection ITALIC */
			d->italic = 1;
		if (version >= 2 && os2.len >= 90)
			d->cap_height = milli(f, s16(p + os2.off + 88));
	}
	if (find_table(r, "post", &post, 16) == 0) {
		d->italic_angle = (int32_t)u32(p + post.off + 4) / 65536.0;
		d->fixed_pitch = u32(p + post.off + 12) != 0;
		if (d->italic_angle != 0)
			d->italic = 1;
	}
}

font *
font_load_data(const char *path, const void *data, size_t size, char *err,
    size_t errlen)
{
	struct reader r = {data, size, err, errlen};
	struct font *f = NULL, *ret = NULL;
	struct table head, hhea, maxp, glyf;
	uint32_t tag;
	unsigned nhm;

	if (r.size < 12) {
		fail(&r, "too short to be a font");
		goto out;
	}
	tag = u32(r.p);
	if (tag == 0x4F54544FU) {	/* 'OTTO' */
		fail(&r, "CFF-outline OpenType fonts cannot be embedded; use a TrueType (glyf) font");
		goto out;
	}
	if (tag == 0x74746366U) {	/* 'ttcf' */
		fail(&r, "TrueType collections (.ttc) cannot be embedded; use a single .ttf");
		goto out;
	}
	if (tag != 0x00010000U && tag != 0x74727565U) {	/* 'true' */
		fail(&r, "not a TrueType font");
		goto out;
	}
	if (!inside(12, 16 * (size_t)u16(r.p + 4), r.size)) {
		fail(&r, "table directory out of bounds");
		goto out;
	}
	if (find_table(&r, "head", &head, 54) == -1 ||
	    find_table(&r, "hhea", &hhea, 36) == -1 ||
	    find_table(&r, "maxp", &maxp, 6) == -1) {
		fail(&r, "missing or truncated head, hhea or maxp table");
		goto out;
	}
	if (find_table(&r, "glyf", &glyf, 0) == -1) {
		fail(&r, "no glyf table (not a TrueType-outline font)");
		goto out;
	}
	if (u32(r.p + head.off + 12) != 0x5F0F3CF5U) {
		fail(&r, "bad head table magic");
		goto out;
	}

	f = mem_calloc(1, sizeof(*f));
	f->upem = u16(r.p + head.off + 18);
	if (f->upem < 16 || f->upem > 16384) {
		fail(&r, "unitsPerEm out of range");
		goto out;
	}
	f->ascent = milli(f, s16(r.p + hhea.off + 4));
	f->descent = milli(f, s16(r.p + hhea.off + 6));
	load_desc(f, &r, head.off);
	nhm = u16(r.p + hhea.off + 34);
	f->nglyphs = u16(r.p + maxp.off + 4);
	if (f->nglyphs == 0) {
		fail(&r, "font has no glyphs");
		goto out;
	}
	if (load_hmtx(f, &r, nhm) == -1)
		goto out;
	f->bmp = mem_calloc(65536, sizeof(*f->bmp));
	if (load_cmap(f, &r) == -1)
		goto out;
	f->path = mem_strdup(path);
	if ((f->name = load_name(&r)) == NULL)
		f->name = base_name(path);
	ret = f;
	f = NULL;
out:
	font_free(f);
	return ret;
}

void
font_free(font *f)
{
	if (f == NULL)
		return;
	mem_free(f->path);
	mem_free(f->name);
	mem_free(f->bmp);
	mem_free(f->astral);
	mem_free(f->adv);
	mem_free(f);
}

const char *
font_path(const font *f)
{
	return f->path;
}

const char *
font_name(const font *f)
{
	return f->name;
}

static unsigned
glyph(const font *f, uint32_t cp)
{
	size_t lo = 0, hi = f->nastral;

	if (cp <= 0xFFFF)
		return f->bmp[cp];
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->astral[mid].cp == cp)
			return f->astral[mid].gid;
		if (f->astral[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
font_has(const font *f, uint32_t cp)
{
	return glyph(f, cp) != 0;
}

unsigned
font_glyph(const font *f, uint32_t cp)
{
	return glyph(f, cp);
}

unsigned
font_nglyphs(const font *f)
{
	return f->nglyphs;
}

int
font_glyph_advance(const font *f, unsigned gid)
{
	return gid < f->nglyphs ? f->adv[gid] : 0;
}

int
font_advance(const font *f, uint32_t cp)
{
	unsigned g = glyph(f, cp);

	return g ? f->adv[g] : 0;
}

int
font_ascent(const font *f)
{
	return f->ascent;
}

int
font_descent(const font *f)
{
	return f->descent;
}

const font_desc *
font_describe(const font *f)
{
	return &f->desc;
}
