/* layout: the engine that fills a copy's pages: frames, paragraphs in columns, page numbers. */
#include "layout/layout.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "address/jpbarcode.h"
#include "content/doc.h"
#include "layout/card.h"
#include "layout/lines.h"
#include "layout/spec.h"
#include "text/hyphen.h"
#include "text/jcomp.h"
#include "text/linebreak.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/memo.h"

struct layout {
	spec *s;
};

static layout *
wrap_spec(spec *s)
{
	layout *l;

	if (s == NULL)
		return NULL;
	l = mem_calloc(1, sizeof(*l));
	l->s = s;
	return l;
}

layout *
layout_load(const char *path, const char *const *font_dirs, diag *d)
{
	return wrap_spec(spec_load(path, font_dirs, d));
}

layout *
layout_load_mem(const char *path, const char *data, size_t len,
    const char *const *font_dirs, diag *d)
{
	return wrap_spec(spec_load_mem(path, data, len, font_dirs, d));
}

void
layout_free(layout *l)
{
	if (l == NULL)
		return;
	spec_free(l->s);
	mem_free(l);
}

const char *layout_name(const layout *l) { return l->s->name; }
const char *layout_description(const layout *l) { return l->s->description; }
const char *layout_kind(const layout *l) { return l->s->kind; }
double layout_width(const layout *l) { return l->s->width; }
double layout_height(const layout *l) { return l->s->height; }
double layout_bleed(const layout *l) { return l->s->bleed; }
int layout_print(const layout *l) { return l->s->print; }
int layout_marks(const layout *l) { return l->s->marks; }
int layout_pages(const layout *l) { return l->s->card ? 2 : l->s->pages; }
int layout_letter(const layout *l) { return l->s->letter; }
int layout_card(const layout *l) { return l->s->card; }
int layout_back_turned(const layout *l) { return l->s->back_turned; }

int
layout_impose(const layout *l, const char **sheet)
{
	if (sheet != NULL)
		*sheet = l->s->impose_sheet[0] ? l->s->impose_sheet : NULL;
	return l->s->impose_n;
}

int layout_card_page(const layout *l, int side) { return (side == CARD_ADDRESS) == l->s->address_first ? 0 : 1; }
const lay_marks *layout_marks_fold(const layout *l) { return &l->s->folds; }
int layout_nfonts(const layout *l) { return l->s->nfonts; }
const font *layout_font(const layout *l, int i) { return l->s->fonts[i]; }
int layout_nframes(const layout *l) { return l->s->nframes; }
const lay_frame *layout_frame(const layout *l, int i) { return &l->s->frames[i]; }
int layout_nlines(const layout *l) { return l->s->nlines; }
const lay_line *layout_line(const layout *l, int i) { return &l->s->lines[i]; }
const lay_sheet *layout_sheet(const layout *l) { return l->s->is_sheet ? &l->s->sheet : NULL; }

const lay_style *
layout_style(const layout *l, const char *name)
{
	int i = spec_style(l->s, name);

	return i >= 0 ? &l->s->styles[i] : NULL;
}

void
lay_frame_inner(const lay_frame *fr, double *x, double *y, double *w, double *h)
{
	*x = fr->x + fr->pad + fr->slide_x;
	*y = fr->y + fr->pad + fr->slide_y;
	*w = fr->w - 2 * (fr->pad + fr->slide_x);
	*h = fr->h - 2 * (fr->pad + fr->slide_y);
}

/*
 * A line of a kept paragraph as it was last drawn: at x, w wide, so
 * aligned, its items (y and strings to be set) and where each item's
 * text starts in the paragraph's (NO_TEXT: the added hyphen).
 */
struct drawn {
	double x, w;
	int align;
	int n;			/* 0: not drawn yet */
	dl_item *items;
	size_t *off;
	size_t t0, t1;		/* the line's text */
};

#define NO_TEXT ((size_t)-1)

/* Free the n kept lines d. */
static void
free_drawn(struct drawn *d, int n)
{
	for (int k = 0; d != NULL && k < n; k++) {
		mem_free(d[k].items);
		mem_free(d[k].off);
	}
	mem_free(d);
}

/* A short text (an address line, a list marker) as shape set it in st at scale. */
struct text_shaped {
	const lay_style *st;
	double scale;
	buf text;
	struct glyph *g;
	int ng, cap;
};

/* A paragraph that is the same in every copy, shaped and broken once per width. */
struct shaped {
	int id;
	double width;
	buf text;
	struct glyph *g;
	int ng;
	struct line *lines;
	int nlines;
	struct drawn *drawn;	/* per line */
};

/*
 * The varying paragraphs kept: a name or a rank comes back copy after
 * copy, and so does a customer number's shape (its digits are set alike
 * where the font's digits are, see para_key). A paragraph of 200
 * characters keeps about 16 KB; those seen once only are not kept.
 */
#define PARAS_MAX 256
#define PARAS_MAX_BYTES (8u << 20)

/* A kept paragraph: its glyphs and lines follow. */
struct para_hdr {
	int ng, nlines;
	unsigned long long serial;	/* which: its lines' drawn items are kept by it */
};

/*
 * The items the lines of kept varying paragraphs were drawn as, by the
 * paragraph's serial (a slot each, the last paragraph to want it
 * winning): the memo drops paragraphs as it likes, and a serial is
 * never given twice.
 */
#define PARA_SLOTS 64

struct para_drawn {
	unsigned long long serial;	/* 0: empty */
	int nlines;
	struct drawn *d;
};

struct lay_engine {
	const layout *l;
	const spec *s;
	linebreak *lb;
	buf text;		/* where shape puts the spans' text */
	const char *tp;		/* the paragraph's text: text's, or lent by a kept paragraph */
	size_t tlen;
	const struct glyph *g;	/* the paragraph's glyphs: gbuf's, or lent by a kept paragraph */
	struct glyph *gbuf;	/* where shape sets them */
	int ng, gcap;
	struct lines ln;	/* the lines of the paragraph being set */
	struct {
		char lang[16];
		hyphen *h;	/* NULL: no patterns for lang */
	} hyph[8];		/* the hyphenation patterns loaded, by language */
	int nhyph;
	/* the flow */
	dl_copy *c;
	dl_page *page;
	int pageno, col, overflow;
	double inset;		/* inside a box: its padding, taken from both sides of the column */
	int table_done, box_done;	/* the last table and box set (their blocks are set at once) */
	int first_page;		/* where the last placed paragraph began */
	double first_x, first_y;
	double y, top, bottom, x0, colw;
	long long customer;
	diag *d;
	struct shaped *shaped;	/* the unvarying paragraphs typeset so far */
	int nshaped, capshaped;
	int para_id;		/* the paragraph being set: its block id when kept for the job, else 0 */
	double para_w;		/* and the width it was set at */
	memo *paras;		/* varying paragraphs by their merged text (struct para_hdr values) */
	buf key;
	signed char *digits;	/* per face: its digits set alike (1), not (0), not asked yet (-1) */
	jpbar_table *bars;	/* the customer barcode's bars read from zint, when first needed */
	int bars_tried;
	vt_text *vt;		/* vertical text, made when first needed */
	int side;		/* a card: the side being drawn (CARD_MESSAGE, CARD_ADDRESS) */
	size_t items;		/* the most items a page of a copy has had: a new page's room */
	struct text_shaped addr[4 * ADDR_MAX_LINES];	/* what this lay_address call shaped */
	int naddr;
	struct text_shaped marks[8];	/* list markers, once per job */
	int nmarks;
	struct framed {		/* per layout line: its text as last drawn, at that scale */
		char *text;
		double scale;
		struct drawn dr;
	} *framed;
	struct drawn *drawn;	/* the kept items of the paragraph's lines; NULL: drawn afresh */
	struct para_drawn slots[PARA_SLOTS];
	unsigned long long serials;	/* the last serial given */
	size_t *offs;		/* while a kept line is drawn: its items' text offsets */
	int noffs, capoffs;
	int recording;
};

lay_engine *
lay_engine_new(const layout *l)
{
	lay_engine *e = mem_calloc(1, sizeof(*e));

	e->l = l;
	e->s = l->s;
	e->lb = linebreak_new();
	e->paras = memo_new(PARAS_MAX, PARAS_MAX_BYTES, 1);
	e->framed = mem_calloc((size_t)e->s->nlines + 1, sizeof(*e->framed));
	e->digits = mem_alloc((size_t)e->s->nfaces + 1);
	memset(e->digits, -1, (size_t)e->s->nfaces + 1);
	return e;
}

void
lay_engine_free(lay_engine *e)
{
	if (e == NULL)
		return;
	linebreak_free(e->lb);
	vt_free(e->vt);
	for (int i = 0; i < e->nhyph; i++)
		hyphen_free(e->hyph[i].h);
	for (int i = 0; i < e->nshaped; i++) {
		buf_free(&e->shaped[i].text);
		mem_free(e->shaped[i].g);
		mem_free(e->shaped[i].lines);
		free_drawn(e->shaped[i].drawn, e->shaped[i].nlines);
	}
	for (int i = 0; i < PARA_SLOTS; i++)
		free_drawn(e->slots[i].d, e->slots[i].nlines);
	for (int i = 0; i < e->s->nlines; i++) {
		mem_free(e->framed[i].text);
		mem_free(e->framed[i].dr.items);
		mem_free(e->framed[i].dr.off);
	}
	mem_free(e->framed);
	mem_free(e->offs);
	for (int i = 0; i < (int)(sizeof(e->addr) / sizeof(e->addr[0])); i++) {
		buf_free(&e->addr[i].text);
		mem_free(e->addr[i].g);
	}
	for (int i = 0; i < (int)(sizeof(e->marks) / sizeof(e->marks[0])); i++) {
		buf_free(&e->marks[i].text);
		mem_free(e->marks[i].g);
	}
	mem_free(e->shaped);
	memo_free(e->paras);
	mem_free(e->digits);
	jpbar_table_free(e->bars);
	buf_free(&e->key);
	buf_free(&e->text);
	mem_free(e->gbuf);
	mem_free(e->ln.v);
	mem_free(e);
}

static int
face_for(const lay_style *st, int spanstyle)
{
	if (spanstyle & SP_STRONG)
		return st->face_strong;
	if (spanstyle & SP_EM)
		return st->face_em;
	return st->face;
}

/* The first font of face's chain that has cp, and cp's advance in it (1/1000 em); -1 for none. */
static int
pick_glyph(const spec *s, int face, uint32_t cp, int *adv)
{
	const lay_face *f = &s->faces[face];

	for (int i = 0; i < f->nfonts; i++) {
		const font *fo = s->fonts[f->fonts[i]];
		unsigned gid = font_glyph(fo, cp);

		if (gid != 0) {
			*adv = font_glyph_advance(fo, gid);
			return f->fonts[i];
		}
	}
	return -1;
}

static int
pick_font(const spec *s, int face, uint32_t cp)
{
	int adv;

	return pick_glyph(s, face, cp, &adv);
}

const lay_face *
layout_face(const layout *l, int i)
{
	return &l->s->faces[i];
}

const lay_style *
layout_style_at(const layout *l, int i)
{
	return &l->s->styles[i];
}

int
layout_pick_font(const layout *l, int face, uint32_t cp)
{
	return pick_font(l->s, face, cp);
}

uint32_t
lay_missing_glyph(const layout *l, const lay_style *st, int spanstyle,
    const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	int face = face_for(st, spanstyle);

	while (p < end) {
		uint32_t cp = utf8_next(&p, end);

		if (cp == '\n' || (cp >= DOC_PLACEHOLDER && cp <= 0xF8FF))
			continue;
		if (pick_font(l->s, face, cp) < 0)
			return cp;
	}
	return 0;
}

static void
no_glyph(lay_engine *e, uint32_t cp, const char *s, size_t n)
{
	buf where = BUF_INIT;
	const char *p = s, *end = s + (n > 60 ? 60 : n);

	/* quote a little of the text, cut at a character boundary */
	while (end > s && end < s + n && ((unsigned char)*end & 0xC0) == 0x80)
		end--;
	buf_puts(&where, "\"");
	buf_put(&where, p, (size_t)(end - p));
	buf_puts(&where, end < s + n ? "…\"" : "\"");
	if (e->customer)
		diag_customer(e->d, D_NO_GLYPH, e->customer, cp, buf_str(&where));
	else
		diag_plain(e->d, D_NO_GLYPH, cp, buf_str(&where));
	buf_free(&where);
}

/* The face's Japanese font (the first that has あ) if it has cp, else -1. */
static int
japanese_font(const spec *s, int face, uint32_t cp)
{
	const lay_face *f = &s->faces[face];

	for (int i = 0; i < f->nfonts; i++)
		if (font_has(s->fonts[f->fonts[i]], 0x3042))
			return font_has(s->fonts[f->fonts[i]], cp) ? f->fonts[i] : -1;
	return -1;
}

/* The nearest glyph to i in direction step that is not a space, or NULL. */
static const struct glyph *
neighbour(const lay_engine *e, int i, int step)
{
	for (i += step; i >= 0 && i < e->ng; i += step)
		if (e->g[i].font < 0 || e->g[i].cp != ' ')
			return e->g[i].font < 0 ? NULL : &e->g[i];
	return NULL;
}

static int
japanese(const struct glyph *g)
{
	return g && jcomp_class(g->cp) != JC_WESTERN && jcomp_class(g->cp) != JC_OTHER;
}

/*
 * Japanese composition (JIS X 4051, JLREQ) on the shaped glyphs: … and
 * its kin beside Japanese from the Japanese font; the blanks of adjacent
 * 約物 merged; a quarter em between Japanese and Latin letters or digits.
 * The blanks at a line's ends are the line's business (line_edges).
 */
static void
compose(lay_engine *e, const lay_style *st, const lay_span *spans, int nspans)
{
	enum jc_class ca, cb;

	for (int k = 0; k < e->ng; k++) {
		struct glyph *g = &e->gbuf[k];
		size_t at = 0;
		int si = 0, f;

		if (g->font < 0 || !jcomp_ambiguous(g->cp) ||
		    !(japanese(neighbour(e, k, -1)) || japanese(neighbour(e, k, 1))))
			continue;
		/* the span it came from: e->text is the spans' text one after another */
		while (si + 1 < nspans && g->off >= at + spans[si].len)
			at += spans[si++].len;
		if ((f = japanese_font(e->s, face_for(st, spans[si].style), g->cp)) < 0)
			continue;
		g->font = f;
		g->adv = g->nat = font_advance(e->s->fonts[f], g->cp) * g->size / 1000;
	}
	ca = e->ng > 0 ? jcomp_class(e->gbuf[0].cp) : JC_OTHER;
	for (int i = 0; i + 1 < e->ng; i++, ca = cb) {
		struct glyph *a = &e->gbuf[i], *b = &e->gbuf[i + 1];
		double cut_a, cut_b, gap;

		cb = jcomp_class(b->cp);
		if (a->font < 0 || b->font < 0)
			continue;
		if (lines_full_width(a) && lines_full_width(b)) {
			jcomp_pair_classes(ca, cb, &cut_a, &cut_b);
			a->adv -= cut_a * a->size;
			b->dx -= cut_b * b->size;
			b->adv -= cut_b * b->size;
		}
		if ((gap = jcomp_gap_classes(ca, cb)) > 0)
			a->adv += gap * (ca == JC_JAPANESE ? a->size : b->size);
	}
}

/* Turn spans into glyphs with fonts and advances, and mark break opportunities. */
static int
shape(lay_engine *e, const lay_style *st, const lay_span *spans, int nspans,
    double scale)
{
	size_t *offs = NULL;
	int nb, k = 0;

	buf_clear(&e->text);
	e->g = e->gbuf;
	e->ng = 0;
	e->drawn = NULL;
	for (int i = 0; i < nspans; i++) {
		const char *p = spans[i].text, *end = p + spans[i].len;
		int face = face_for(st, spans[i].style);
		double size = st->size * scale * (spans[i].style & SP_URL ? 0.8 : 1);
		size_t base = e->text.len;

		buf_put(&e->text, p, spans[i].len);
		while (p < end) {
			const char *q = p;
			uint32_t cp = utf8_next(&p, end);
			struct glyph *g;
			int adv;

			if (e->ng == e->gcap) {
				e->gcap = e->gcap ? e->gcap * 2 : 256;
				e->gbuf = mem_realloc(e->gbuf, (size_t)e->gcap * sizeof(*e->gbuf));
				e->g = e->gbuf;
			}
			g = &e->gbuf[e->ng++];
			memset(g, 0, sizeof(*g));
			g->cp = cp;
			g->size = size;
			g->url = (spans[i].style & SP_URL) != 0;
			g->color = st->color;
			g->off = base + (size_t)(q - spans[i].text);
			g->len = (size_t)(p - q);
			if (cp == '\n') {
				g->font = -1;
				continue;
			}
			if ((g->font = pick_glyph(e->s, face, cp, &adv)) < 0) {
				no_glyph(e, cp, spans[i].text, spans[i].len);
				return -1;
			}
			g->adv = g->nat = adv * size / 1000;
		}
	}
	e->tp = e->text.p;
	e->tlen = e->text.len;
	compose(e, st, spans, nspans);
	if (e->text.len == 0)
		return 0;
	if ((nb = linebreak_find(e->lb, e->text.p, e->text.len, &offs)) < 0)
		return -1;
	for (int i = 0; i < e->ng && k < nb; i++) {
		while (k < nb && offs[k] < e->g[i].off)
			k++;
		if (k < nb && offs[k] == e->g[i].off)
			e->gbuf[i].brk = 1;
	}
	mem_free(offs);
	/* a link's address may break after a slash (https://example.jp/ | shop) */
	for (int i = 1; i < e->ng; i++)
		if (e->g[i].url && e->g[i - 1].url && e->g[i - 1].cp == '/' &&
		    e->g[i].cp != '/')
			e->gbuf[i].brk = 1;
	return 0;
}

/* While a kept line is drawn: where the text of the item just added starts (NO_TEXT: none of the paragraph's). */
static void
record(lay_engine *e, size_t off)
{
	if (!e->recording)
		return;
	if (e->noffs == e->capoffs) {
		e->capoffs = e->capoffs ? 2 * e->capoffs : 64;
		e->offs = mem_realloc(e->offs, (size_t)e->capoffs * sizeof(*e->offs));
	}
	e->offs[e->noffs++] = off;
}

/* Draw glyphs a..b-1 as one item at x, w wide (their advances and the spacing after each). */
static void
emit_run(lay_engine *e, int a, int b, double x, double y, double w,
    double spacing)
{
	const struct glyph *g = &e->g[a];
	dl_item *it;

	record(e, g->off);
	dl_text(e->c, e->page, x, e->c->height - y, g->font, g->size, g->color,
	    e->tp + g->off, e->g[b - 1].off + e->g[b - 1].len - g->off);
	it = dl_last(e->page);
	it->spacing = spacing;
	it->w = w;
}

/*
 * How a Latin line of n glyphs takes extra width (pt, negative to
 * shrink): by its word spaces up to LINES_SPACE_MAX times the font's
 * space, then by letter spacing of up to LETTER_SPACING_MAX em (the
 * space takes it too), the rest by the spaces again; a line that would
 * still need spaces of more than 1.5 em is left unjustified.
 */
#define LETTER_SPACING_MAX 0.03

static void
latin_justify(const lay_engine *e, const struct line *ln, double extra,
    int nspaces, double *spacing, double *space_extra)
{
	int n = ln->g1 - ln->g0;
	double nat = 0, size = e->g[ln->g0].size, s;

	for (int i = ln->g0; i < ln->g1; i++)
		nat += e->g[i].cp == ' ' ? e->g[i].nat / nspaces : 0;
	*spacing = 0;
	*space_extra = extra / nspaces;
	if (*space_extra <= (LINES_SPACE_MAX - 1) * nat || n - 1 <= nspaces)
		goto cap;
	/* spaces at their widest: nat + s + space_extra = LINES_SPACE_MAX × nat */
	s = (extra - nspaces * (LINES_SPACE_MAX - 1) * nat) / (n - 1 - nspaces);
	*spacing = fmin(s, LETTER_SPACING_MAX * size);
	*space_extra = (extra - (n - 1) * *spacing) / nspaces;
cap:
	if (*space_extra > size * 1.5)
		*spacing = *space_extra = 0;
}

/*
 * Draw line ln with its left edge at x and baseline y (pt from the top),
 * width w. An item ends where the pen does not follow the glyphs'
 * advances (a 約物 blank taken away, a gap before Latin, a word space).
 */
static void
draw_line(lay_engine *e, const struct line *ln, double x, double y, double w,
    int align)
{
	double extra = w - ln->indent - ln->width, spacing = 0, space_extra = 0;
	int n = ln->g1 - ln->g0, nspaces = 0, cjk = 0;

	if (n <= 0)
		return;
	x += ln->indent;
	if (align == AL_CENTER)
		x += extra / 2;
	else if (align == AL_RIGHT)
		x += extra;
	else if (align == AL_JUSTIFY && !ln->last) {
		double size = e->g[ln->g0].size;

		for (int i = ln->g0; i < ln->g1; i++) {
			nspaces += e->g[i].cp == ' ';
			cjk |= e->g[i].cp >= 0x2E80;
		}

		/* Latin spaces stretch or shrink as the breaker chose; Japanese spreads a little */
		if (cjk && n > 1 && extra > 0 && extra / (n - 1) < size * 0.3)
			spacing = extra / (n - 1);
		else if (!cjk && nspaces > 0)
			latin_justify(e, ln, extra, nspaces, &spacing, &space_extra);
	}
	for (int a = ln->g0; a < ln->g1;) {
		int b = a + 1;
		double cut = a == ln->g0 ? lines_lead_cut(e->g, a) : 0;
		double dx = a == ln->g0 ? -cut : e->g[a].dx;
		double runw = e->g[a].nat + spacing;
		double pen = e->g[a].adv + spacing - (a == ln->g0 ? e->g[a].dx + cut : 0);

		while (b < ln->g1 && e->g[b].font == e->g[a].font &&
		    e->g[b].size == e->g[a].size && e->g[b - 1].cp != ' ' &&
		    e->g[b - 1].adv == e->g[b - 1].nat && e->g[b].dx == 0) {
			runw += e->g[b].nat + spacing;
			pen += e->g[b].adv + spacing;
			b++;
		}
		/* a run of spaces alone is not drawn, only advanced over */
		if (!(b - a == 1 && e->g[a].cp == ' '))
			emit_run(e, a, b, x + dx, y, runw, spacing);
		x += pen;
		if (e->g[b - 1].cp == ' ')
			x += space_extra;
		a = b;
	}
	if (ln->hyphen) {
		const struct glyph *g = &e->g[ln->g1 - 1];

		record(e, NO_TEXT);
		dl_text(e->c, e->page, x, e->c->height - y, g->font, g->size, g->color,
		    "-", 1);
		dl_last(e->page)->w = g->hyw;
	}
}

static void
start_column(lay_engine *e)
{
	const spec *s = e->s;

	e->top = e->pageno == 0 && s->first_top > s->mtop ? s->first_top : s->mtop;
	e->bottom = s->height - s->mbottom;
	e->colw = (s->width - s->mleft - s->mright - (s->columns - 1) * s->gutter) /
	    s->columns;
	e->x0 = s->mleft + e->col * (e->colw + s->gutter);
	e->y = e->top;
}

static void
new_page(lay_engine *e)
{
	e->page = dl_page_add(e->c);
	dl_page_reserve(e->page, e->items);
	e->pageno = (int)e->c->npages - 1;
	e->col = 0;
	start_column(e);
}

static void
next_column(lay_engine *e)
{
	if (++e->col >= e->s->columns) {
		/* a runaway copy stops growing: it is reported, not drawn */
		if ((int)e->c->npages >= e->s->pages + 1) {
			e->overflow = 1;
			e->col = 0;
			start_column(e);
			return;
		}
		new_page(e);
		return;
	}
	start_column(e);
}

const lay_style *
layout_block_style(const layout *l, int level, int quote, int code)
{
	static const char *heads[] = {"h1", "h2", "h3"};
	const lay_style *st = NULL;

	if (level > 0)
		st = layout_style(l, heads[level <= 3 ? level - 1 : 2]);
	else if (quote > 0)
		st = layout_style(l, "quote");
	else if (code)
		st = layout_style(l, "code");
	return st ? st : layout_style(l, "body");
}

static const lay_style *
block_style(const lay_engine *e, const lay_block *b)
{
	const lay_style *st = b->style ? layout_style(e->l, b->style) : NULL;

	if (st != NULL)
		return st;
	if (b->note && (st = layout_style(e->l, "note")) != NULL)
		return st;
	return layout_block_style(e->l, b->kind == LB_HEADING ? b->level : 0,
	    b->quote, b->nspans == 1 && (b->spans[0].style & SP_CODE) &&
	    memchr(b->spans[0].text, '\n', b->spans[0].len) != NULL);
}

/* Draw ln as draw_line does, at x, w wide, so aligned, and keep in dr the items it drew. */
static void
draw_keep(lay_engine *e, struct drawn *dr, const struct line *ln, double x,
    double y, double w, int align)
{
	size_t first = e->page->n;

	e->recording = 1;
	e->noffs = 0;
	draw_line(e, ln, x, y, w, align);
	e->recording = 0;
	dr->x = x;
	dr->w = w;
	dr->align = align;
	dr->n = (int)(e->page->n - first);
	if (dr->n == 0)
		return;		/* nothing to keep: drawn afresh each time */
	dr->items = mem_realloc(dr->items, (size_t)dr->n * sizeof(*dr->items));
	dr->off = mem_realloc(dr->off, (size_t)dr->n * sizeof(*dr->off));
	memcpy(dr->items, e->page->items + first, (size_t)dr->n * sizeof(*dr->items));
	memcpy(dr->off, e->offs, (size_t)dr->n * sizeof(*dr->off));
	dr->t0 = ln->g1 > ln->g0 ? e->g[ln->g0].off : 0;
	dr->t1 = ln->g1 > ln->g0 ? e->g[ln->g1 - 1].off + e->g[ln->g1 - 1].len : 0;
}

/* Whether dr holds a line drawn at x, w wide, so aligned. */
static int
drawn_at(const struct drawn *dr, double x, double w, int align)
{
	return dr->n > 0 && dr->x == x && dr->w == w && dr->align == align;
}

/* Append the items kept in dr with baseline y (pt from the top), their strings from text (the line's paragraph's). */
static void
put_drawn(lay_engine *e, const struct drawn *dr, const char *text, double y)
{
	dl_item *it = dl_append(e->c, e->page, dr->items, (size_t)dr->n);
	char *t = arena_strndup(e->c->arena, text + dr->t0, dr->t1 - dr->t0);

	for (int i = 0; i < dr->n; i++) {
		it[i].y = e->c->height - y;
		it[i].str = dr->off[i] == NO_TEXT ? arena_strndup(e->c->arena, "-", 1) :
		    t + (dr->off[i] - dr->t0);
	}
}

/*
 * When what is drawn next is the same in every copy, open a scope for it
 * (DL_STATIC_BEGIN) with all that decides it; whether one was opened,
 * for static_end.
 */
#define STATIC_BEGIN(e, site, s, ...) \
	((e)->c->vary ? 0 : (DL_STATIC_BEGIN((e)->c, (site), (s), __VA_ARGS__), 1))

static void
static_end(lay_engine *e, int opened)
{
	if (opened)
		dl_static_end(e->c);
}

/*
 * Draw line k of the engine's paragraph as draw_line does; a kept
 * paragraph's line drawn before at the same x, width and alignment is
 * copied from its items, only its baseline and its strings new.
 */
static void
paragraph_line(lay_engine *e, int k, double x, double y, double w, int align)
{
	/* a paragraph kept for the job: its line k is the same wherever it is drawn so */
	int scope = e->para_id > 0 && STATIC_BEGIN(e, DL_SITE_LINE, NULL, e->para_id,
	    e->para_w, k, x, y, w, align);

	if (e->drawn == NULL)
		draw_line(e, &e->ln.v[k], x, y, w, align);
	else if (drawn_at(&e->drawn[k], x, w, align))
		put_drawn(e, &e->drawn[k], e->tp, y);
	else
		draw_keep(e, &e->drawn[k], &e->ln.v[k], x, y, w, align);
	static_end(e, scope);
}

/* The kept items of the lines of the kept varying paragraph serial, of nlines lines. */
static struct drawn *
para_drawn(lay_engine *e, unsigned long long serial, int nlines)
{
	struct para_drawn *sl = &e->slots[serial % PARA_SLOTS];

	if (sl->serial != serial) {
		free_drawn(sl->d, sl->nlines);
		sl->serial = serial;
		sl->nlines = nlines;
		sl->d = mem_calloc((size_t)nlines + 1, sizeof(*sl->d));
	}
	return sl->d;
}

/* Place the engine's lines into the columns: no orphan, no widow. */
static void
place_lines(lay_engine *e, const lay_style *st, double indent, double width,
    int quote, int ragged)
{
	int k = 0, n = e->ln.n;
	double ascent = st->size * 0.88 + (st->leading - st->size) / 2;

	while (k < n) {
		int avail = (int)floor((e->bottom - e->y) / st->leading + 1e-6);
		int rem = n - k, take = rem <= avail ? rem : avail;
		double ytop = e->y;

		if (rem > avail) {
			if (k == 0 && take == 1 && n > 1)
				take = 0;	/* an orphan: the first line alone */
			if (rem - take == 1 && take >= 2)
				take--;		/* a widow: the last line alone */
			if (k == 0 && take == 1 && n > 1)
				take = 0;
			if (take <= 0 && e->y <= e->top + 0.01)
				take = avail > 0 ? avail : 1;	/* it cannot fit anywhere */
		}
		for (int i = 0; i < take; i++, k++) {
			if (k == 0) {
				e->first_page = e->pageno;
				e->first_x = e->x0 + indent;
				e->first_y = e->y;
			}
			paragraph_line(e, k, e->x0 + indent, e->y + ascent,
			    width, ragged && st->align == AL_JUSTIFY ? AL_LEFT : st->align);
			e->y += st->leading;
		}
		if (quote && take > 0) {
			int scope = STATIC_BEGIN(e, DL_SITE_QUOTE, NULL, e->x0 + indent,
			    ytop, e->y);

			dl_line(e->c, e->page, e->x0 + indent - MM(2.5),
			    e->c->height - ytop, e->x0 + indent - MM(2.5),
			    e->c->height - e->y, 1.2, DL_CMYK(0.4, 0, 0.6, 0.2));
			static_end(e, scope);
		}
		if (k < n)
			next_column(e);
	}
}

/*
 * The bullets a list level may use, best first, each with the size it is
 * set at (a full-size square stands in for a small one at half size): the
 * first the style's fonts have is drawn, so a bullet never fails a copy
 * while some font has one of them.
 */
static const struct bullet {
	const char *want, *glyph;
	double scale;
} bullets[] = {
	{"•", "•", 1}, {"•", "・", 1}, {"•", "‣", 1},
	{"◦", "◦", 1}, {"◦", "‣", 1}, {"◦", "–", 1},
	{"▪", "▪", 1}, {"▪", "■", 0.5}, {"▪", "‣", 1}, {"▪", "–", 1},
};

/* The glyph and scale of marker in st: a bullet as the fonts allow, a number as it is. */
static const char *
marker_glyph(const lay_engine *e, const lay_style *st, const char *marker,
    double *scale)
{
	size_t n = sizeof(bullets) / sizeof(bullets[0]);

	*scale = 1;
	for (size_t i = 0; i < n; i++) {
		const char *g = bullets[i].glyph;

		if (strcmp(bullets[i].want, marker) != 0 ||
		    lay_missing_glyph(e->l, st, 0, g, strlen(g)) != 0)
			continue;
		*scale = bullets[i].scale;
		return g;
	}
	return marker;
}

static int shape_kept(lay_engine *e, struct text_shaped *v, int *n, int max,
    const lay_style *st, const char *text, double scale);

/* Draw a list marker: shaped on its own (once a job), right-aligned before the text. */
static int
draw_marker(lay_engine *e, const lay_style *st, const char *marker, double xr,
    double ytop)
{
	double scale;
	const char *glyph = marker_glyph(e, st, marker, &scale);
	double ascent = st->size * 0.88 + (st->leading - st->size) / 2;
	struct line ml;

	if (shape_kept(e, e->marks, &e->nmarks,
	    (int)(sizeof(e->marks) / sizeof(e->marks[0])), st, glyph, scale) != 0)
		return -1;
	lines_one(e->g, e->ng, &ml);
	/* a scaled bullet sits on the middle of the x-height, as the full one does */
	draw_line(e, &ml, xr - ml.width - MM(1.5),
	    ytop + ascent - (1 - scale) * st->size * 0.25, ml.width, AL_LEFT);
	return 0;
}

int
lay_kept(const lay_engine *e)
{
	return e->nshaped;
}

/* Save the engine's shaped glyphs and lines as block id's at width. */
static void
remember(lay_engine *e, int id, double width)
{
	struct shaped *sh;

	if (e->nshaped == e->capshaped) {
		e->capshaped = e->capshaped ? e->capshaped * 2 : 32;
		e->shaped = mem_realloc(e->shaped, (size_t)e->capshaped * sizeof(*sh));
	}
	sh = &e->shaped[e->nshaped++];
	memset(sh, 0, sizeof(*sh));
	sh->id = id;
	sh->width = width;
	buf_put(&sh->text, e->tp, e->tlen);
	sh->ng = e->ng;
	sh->g = mem_alloc((size_t)(e->ng + 1) * sizeof(*sh->g));
	memcpy(sh->g, e->g, (size_t)e->ng * sizeof(*sh->g));
	sh->nlines = e->ln.n;
	sh->lines = mem_alloc((size_t)(e->ln.n + 1) * sizeof(*sh->lines));
	memcpy(sh->lines, e->ln.v, (size_t)e->ln.n * sizeof(*sh->lines));
	sh->drawn = mem_calloc((size_t)e->ln.n + 1, sizeof(*sh->drawn));
}

static int
has_japanese(const lay_engine *e)
{
	for (int i = 0; i < e->ng; i++)
		if (e->g[i].cp >= 0x2E80)
			return 1;
	return 0;
}

/* Some line of e->ln is wider than width, indent included, even with its spaces at their narrowest. */
static int
overfull(const lay_engine *e, double width)
{
	for (int i = 0; i < e->ln.n; i++) {
		const struct line *ln = &e->ln.v[i];
		double spaces = 0;

		for (int k = ln->g0; k < ln->g1; k++)
			spaces += e->g[k].cp == ' ' ? e->g[k].nat : 0;
		if (ln->indent + ln->width - (1 - LINES_SPACE_MIN) * spaces > width + 0.01)
			return 1;
	}
	return 0;
}

/* The patterns for lang, loaded once per engine; NULL for none ("none", or no dictionary). */
static hyphen *
patterns(lay_engine *e, const char *lang)
{
	int i;

	if (strcmp(lang, "none") == 0)
		return NULL;
	for (i = 0; i < e->nhyph; i++)
		if (strcmp(e->hyph[i].lang, lang) == 0)
			return e->hyph[i].h;
	if (e->nhyph == (int)(sizeof(e->hyph) / sizeof(e->hyph[0])))
		return NULL;
	snprintf(e->hyph[i].lang, sizeof(e->hyph[i].lang), "%s", lang);
	e->hyph[i].h = hyphen_open(lang);
	e->nhyph++;
	return e->hyph[i].h;
}

static int
letter(uint32_t cp)
{
	return jcomp_class(cp) == JC_WESTERN && !(cp >= '0' && cp <= '9');
}

/* What may stand next to a word that is hyphenated: spaces and sentence punctuation, not / . @ - or digits. */
static int
word_edge(const lay_engine *e, int i, int after)
{
	uint32_t cp;

	if (i < 0 || i >= e->ng || e->g[i].font < 0)
		return 1;
	cp = e->g[i].cp;
	if (cp == '.' && after)		/* "example.jp": a dot before a letter is no full stop */
		return !(i + 1 < e->ng && letter(e->g[i + 1].cp));
	return cp < 0x80 ? cp != 0 && strchr(" ,;:!?\"'()[]", (int)cp) != NULL :
	    cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019 ||
	    cp == 0x2013 || cp == 0x2014 || cp == 0x2026;
}

/* A word in capitals (an acronym, a name set in capitals: NASA, JOHNSON) is never hyphenated. */
static int
capitals(const lay_engine *e, int s, int w)
{
	for (int i = s; i < w; i++)
		if (!(e->g[i].cp >= 'A' && e->g[i].cp <= 'Z') &&
		    !(e->g[i].cp >= 0xC0 && e->g[i].cp <= 0xDE))
			return 0;
	return 1;
}

/*
 * Mark where the words of a paragraph in st may take a hyphen (glyph
 * hyw): words of letters in one font and the style's size (not a link's
 * address, not in capitals), between spaces or punctuation, by the style's
 * patterns.
 */
static void
hyphenate(lay_engine *e, const lay_style *st)
{
	hyphen *h = patterns(e, st->hyphenate);
	unsigned char at[HYPHEN_MAX_WORD * 4];

	for (int s = 0, w; h && s < e->ng; s = w > s ? w : s + 1) {
		const struct glyph *g = &e->g[s];
		size_t off, n;

		for (w = s; w < e->ng && letter(e->g[w].cp) && e->g[w].font == g->font &&
		    e->g[w].size == g->size; w++)
			;
		if (w == s || g->size < st->size - 0.01 || !word_edge(e, s - 1, 0) ||
		    !word_edge(e, w, 1) || !font_has(e->s->fonts[g->font], '-') ||
		    capitals(e, s, w))
			continue;
		off = g->off;
		n = e->g[w - 1].off + e->g[w - 1].len - off;
		if (n > sizeof(at) || hyphen_points(h, e->tp + off, n, at) == 0)
			continue;
		for (int k = s; k < w - 1; k++)
			if (at[e->g[k].off + e->g[k].len - 1 - off])
				e->gbuf[k].hyw = font_advance(e->s->fonts[g->font], '-') *
				    g->size / 1000;
	}
}

/* Make a kept paragraph the engine's: its text and ng glyphs (lent until the next shaping), nlines lines. */
static void
take(lay_engine *e, const char *text, size_t tlen, const struct glyph *g, int ng,
    const struct line *lines, int nlines)
{
	e->tp = text;
	e->tlen = tlen;
	e->g = g;
	e->ng = ng;
	e->drawn = NULL;
	if (nlines > e->ln.cap) {
		e->ln.cap = nlines;
		e->ln.v = mem_realloc(e->ln.v, (size_t)e->ln.cap * sizeof(*e->ln.v));
	}
	memcpy(e->ln.v, lines, (size_t)nlines * sizeof(*e->ln.v));
	e->ln.n = nlines;
}

/*
 * Whether the ASCII digits of face are set alike: from one font of its
 * chain, with one advance. Then a digit stands for any other in a
 * paragraph's shape: the same class for the line breaker (UAX #14 NU),
 * for kinsoku and for Japanese composition, never part of a hyphenated
 * word.
 */
static int
digits_alike(lay_engine *e, int face)
{
	int zero, adv = 0, a = 0;

	if (e->digits[face] >= 0)
		return e->digits[face];
	zero = pick_glyph(e->s, face, '0', &adv);
	e->digits[face] = zero >= 0;
	for (uint32_t d = '1'; d <= '9' && e->digits[face]; d++)
		e->digits[face] = pick_glyph(e->s, face, d, &a) == zero && a == adv;
	return e->digits[face];
}

/*
 * What a varying paragraph's lines depend on, in e->key: its style,
 * width and first-line indent, its spans; each ASCII digit as 0 in a
 * face whose digits are set alike (a customer number's shape is its
 * count of digits).
 */
static void
para_key(lay_engine *e, const lay_block *b, const lay_style *st, double width,
    double indent)
{
	buf_clear(&e->key);
	buf_put(&e->key, &st, sizeof(st));
	buf_put(&e->key, &width, sizeof(width));
	buf_put(&e->key, &indent, sizeof(indent));
	for (int i = 0; i < b->nspans; i++) {
		const lay_span *sp = &b->spans[i];

		buf_put(&e->key, &sp->style, sizeof(sp->style));
		buf_put(&e->key, &sp->len, sizeof(sp->len));
		buf_put(&e->key, sp->text, sp->len);
		if (!digits_alike(e, face_for(st, sp->style)))
			continue;
		for (char *c = e->key.p + e->key.len - sp->len; c < e->key.p + e->key.len; c++)
			if (*c >= '0' && *c <= '9')
				*c = '0';
	}
}

/* Keep the engine's paragraph's glyphs and lines under e->key, when the memo takes it. */
static void
keep_para(lay_engine *e)
{
	size_t gsize = (size_t)e->ng * sizeof(*e->g), lsize = (size_t)e->ln.n * sizeof(*e->ln.v);
	unsigned char *v = memo_add(e->paras, e->key.p, e->key.len,
	    sizeof(struct para_hdr) + gsize + lsize);
	struct para_hdr h = {e->ng, e->ln.n, e->serials + 1};

	if (v == NULL)
		return;
	e->serials++;
	memcpy(v, &h, sizeof(h));
	memcpy(v + sizeof(h), e->g, gsize);
	memcpy(v + sizeof(h) + gsize, e->ln.v, lsize);
}

int
lay_cached(const lay_engine *e)
{
	return memo_count(e->paras);
}

/*
 * Shape and break b's text into lines of width: once per job for a
 * paragraph that does not vary (shaping and ICU's line breaking are most
 * of the layout's time), and a varying one once per merged text that
 * comes back (the memo's).
 */
static int
shape_once(lay_engine *e, const lay_block *b, const lay_style *st, double width)
{
	/* a paragraph's first line is indented; a list item's or a heading's is not */
	double indent = b->kind == LB_PARA && b->indent == 0 ? st->first_indent * st->size : 0;
	int same = b->id > 0 && !b->vary;

	e->para_id = 0;
	if (same)
		for (int i = 0; i < e->nshaped; i++) {
			const struct shaped *sh = &e->shaped[i];

			if (sh->id != b->id || sh->width != width)
				continue;
			take(e, sh->text.p, sh->text.len, sh->g, sh->ng, sh->lines, sh->nlines);
			e->drawn = sh->drawn;
			e->para_id = b->id;
			e->para_w = width;
			return 0;
		}
	if (!same) {
		const unsigned char *v;
		struct para_hdr h;
		size_t vlen;

		para_key(e, b, st, width, indent);
		if ((v = memo_get(e->paras, e->key.p, e->key.len, &vlen)) != NULL) {
			const struct glyph *g = (const void *)(v + sizeof(h));

			/* the kept glyphs with this copy's text: its digits may be others */
			buf_clear(&e->text);
			for (int i = 0; i < b->nspans; i++)
				buf_put(&e->text, b->spans[i].text, b->spans[i].len);
			memcpy(&h, v, sizeof(h));
			take(e, e->text.p, e->text.len, g, h.ng,
			    (const struct line *)(g + h.ng), h.nlines);
			e->drawn = para_drawn(e, h.serial, h.nlines);
			return 0;
		}
	}
	if (shape(e, st, b->spans, b->nspans, 1) != 0)
		return -1;
	/* justified Latin text: hyphenated, broken by total fit; Japanese breaks anywhere, greedily */
	if (st->align == AL_JUSTIFY && !has_japanese(e)) {
		hyphenate(e, st);
		lines_total_fit(e->g, e->ng, width, indent, &e->ln);
		/* a word wider than the column: greedy filling cuts it rather than let it run off the page */
		if (overfull(e, width))
			lines_greedy(e->g, e->ng, width, indent, &e->ln);
	} else
		lines_greedy(e->g, e->ng, width, indent, &e->ln);
	if (same) {
		remember(e, b->id, width);
		e->drawn = e->shaped[e->nshaped - 1].drawn;
		e->para_id = b->id;
		e->para_w = width;
	} else
		keep_para(e);
	return 0;
}

/* The indent of a text block: its list level and quote depth, at most half the column. */
static double
block_indent(const lay_engine *e, const lay_block *b)
{
	double indent = b->indent * e->s->list_indent + b->quote * e->s->quote_indent;

	return (indent > e->colw / 2 ? e->colw / 2 : indent) + e->inset;
}

/* The measure of a text block: the column less its indent and, in a box, the padding. */
static double
block_width(const lay_engine *e, const lay_block *b)
{
	return e->colw - block_indent(e, b) - e->inset;
}

/* How many lines of an n-line paragraph place_lines sets before a column break: no orphan, no widow. */
static int
first_lines(int n)
{
	return n <= 3 ? n : 2;
}

static double image_height(const lay_engine *e, const lay_block *b, double *w);

static double table_keep(lay_engine *e, const lay_block *t, int n, double h);

/*
 * The height a heading keeps below it in its column: the headings that
 * follow it directly, then the first lines of the paragraph or the image
 * after them (what place_lines and fit_box would put first). -1 on a
 * missing glyph.
 */
static double
keep_height(lay_engine *e, const lay_block *next, int nnext)
{
	double h = 0;

	for (int i = 0; i < nnext; i++) {
		const lay_block *b = &next[i];
		const lay_style *st;
		double w;

		if (b->kind == LB_IMAGE)
			return h + image_height(e, b, &w);
		if (b->ncols > 0)
			return table_keep(e, b, nnext - i, h);
		if (b->kind != LB_PARA && b->kind != LB_HEADING)
			return h;
		st = block_style(e, b);
		if (shape_once(e, b, st, block_width(e, b)) != 0)
			return -1;
		if (e->ln.n == 0)
			continue;
		h += st->before;
		if (b->kind == LB_PARA)
			return h + first_lines(e->ln.n) * st->leading;
		h += e->ln.n * st->leading + st->after;
	}
	return h;
}

static int
text_block(lay_engine *e, const lay_block *b, const lay_block *next, int nnext)
{
	const lay_style *st = block_style(e, b);
	double indent = block_indent(e, b);
	int heading = b->kind == LB_HEADING;
	double keep = 0;

	/* a heading is kept with the first lines of what follows it, an image included */
	if (heading && (keep = keep_height(e, next, nnext)) < 0)
		return -1;
	if (shape_once(e, b, st, block_width(e, b)) != 0)
		return -1;
	if (e->ln.n == 0)
		return 0;
	if (e->y > e->top + 0.01)
		e->y += st->before;
	if (heading && e->y + e->ln.n * st->leading + st->after + keep >
	    e->bottom + 0.01 && e->y > e->top + 0.01)
		next_column(e);
	place_lines(e, st, indent, block_width(e, b), b->quote > 0, e->inset > 0);
	if (b->item_first && b->marker) {
		dl_page *save = e->page;
		int scope = STATIC_BEGIN(e, DL_SITE_MARKER, b->marker,
		    (double)(st - e->s->styles), e->first_x, e->first_y), rc;

		e->page = &e->c->pages[e->first_page];
		rc = draw_marker(e, st, b->marker, e->first_x, e->first_y);
		static_end(e, scope);
		if (rc != 0)
			return -1;
		e->page = save;
	}
	e->y += st->after;
	return 0;
}

static void
fit_box(lay_engine *e, double h)
{
	if (e->y + h > e->bottom && e->y > e->top + 0.01)
		next_column(e);
}

/*
 * An image's placed size: never larger than 300 ppi allows in print
 * (preflight's floor; 150 for office printing), never wider than the
 * column nor a third of its height. Its height, its width in *w.
 */
static double
image_height(const lay_engine *e, const lay_block *b, double *w)
{
	double h;

	*w = 0;
	if (b->img_w <= 0 || b->img_h <= 0)
		return 0;
	*w = b->img_w * 72.0 / (e->s->print ? 300 : 150);
	if (*w > e->colw)
		*w = e->colw;
	h = *w * b->img_h / b->img_w;
	if (h > (e->s->height - e->s->mtop - e->s->mbottom) / 3) {
		h = (e->s->height - e->s->mtop - e->s->mbottom) / 3;
		*w = h * b->img_w / b->img_h;
	}
	return h;
}

static int body_block(lay_engine *e, const lay_block *blocks, int i, int n);

/* The height a text block takes where it starts a column: its lines and the space after; -1 on a missing glyph. */
static double
text_height(lay_engine *e, const lay_block *b)
{
	const lay_style *st = block_style(e, b);

	if (shape_once(e, b, st, block_width(e, b)) != 0)
		return -1;
	return e->ln.n > 0 ? e->ln.n * st->leading + st->after : 0;
}

#define BOX_PAD MM(3)

/*
 * A box from a fenced block (```tint, ```coupon): its blocks, from
 * blocks[i] on, set together inside a padding, in one column when they
 * fit one, on a tint or inside a dashed cut line.
 */
static int
box_block(lay_engine *e, const lay_block *blocks, int i, int n)
{
	const lay_block *b = &blocks[i];
	const lay_style *body = layout_style(e->l, "body");
	double h = 2 * BOX_PAD, top, dh;
	int k, vary = 0;

	e->box_done = b->box_id;
	e->inset = BOX_PAD;
	for (k = i; k < n && blocks[k].box_id == b->box_id; k++) {
		if ((dh = text_height(e, &blocks[k])) < 0)
			return -1;
		h += dh + (k > i ? block_style(e, &blocks[k])->before : 0);
		vary |= blocks[k].vary;
	}
	h -= k > i ? block_style(e, &blocks[k - 1])->after : 0;
	if (e->y > e->top + 0.01)
		e->y += body->after;
	fit_box(e, h);
	top = e->y;
	DL_STATIC_BEGIN(e->c, DL_SITE_BOX, NULL, b->box, e->x0, top, e->colw, h);
	if (b->box == DOC_BOX_TINT)
		dl_rect(e->c, e->page, e->x0, e->c->height - top - h, e->colw, h, 1, 0,
		    DL_CMYK(0.06, 0.01, 0.12, 0));
	else {
		dl_rect(e->c, e->page, e->x0 + 0.4, e->c->height - top - h, e->colw - 0.8,
		    h, 0, 0.8, DL_CMYK(0, 0, 0, 0.8));
		dl_last(e->page)->dash = 4;
	}
	dl_static_end(e->c);
	e->c->vary = vary;
	e->y += BOX_PAD;
	/* the first block starts at the padding, as at a column's top */
	for (int j = i; j < k; j++) {
		double save_top = e->top;

		if (j == i)
			e->top = e->y;
		if (body_block(e, blocks, j, n) != 0)
			return -1;
		e->top = save_top;
	}
	e->inset = 0;
	e->y = top + h + body->after;
	return 0;
}

/* A table cell's padding, left and right, and above and below its text. */
#define CELL_PAD_X MM(1.5)
#define CELL_PAD_Y MM(0.8)

/* Shape cell b (bold in the header row) and break it at width; the lines in e->ln. */
static int
cell_lines(lay_engine *e, const lay_block *b, const lay_style *st, double width)
{
	lay_span sp[64];
	int ns = b->nspans < 64 ? b->nspans : 64;

	for (int k = 0; k < ns; k++) {
		sp[k] = b->spans[k];
		sp[k].style |= b->head ? SP_STRONG : 0;
	}
	if (shape(e, st, sp, ns, 1) != 0)
		return -1;
	lines_greedy(e->g, e->ng, width, 0, &e->ln);
	return 0;
}

/*
 * Table column widths w[0..nc) filling avail: each column its widest
 * cell (nat) and a share of what is left; when they are too wide
 * together, the columns narrower than an equal share keep their width
 * and the others share the rest in proportion, so only they wrap.
 */
static void
column_widths(const double *nat, int nc, double total, double avail, double *w)
{
	double fixed = 0, flex = 0;

	if (total <= avail) {
		for (int c = 0; c < nc; c++)
			w[c] = nat[c] + (avail - total) * nat[c] / total;
		return;
	}
	for (int c = 0; c < nc; c++)
		if (nat[c] <= avail / nc)
			fixed += nat[c];
		else
			flex += nat[c];
	for (int c = 0; c < nc; c++)
		w[c] = nat[c] <= avail / nc ? nat[c] : (avail - fixed) * nat[c] / flex;
}

/*
 * A GFM table from blocks[i] on (one block per cell, row by row): the
 * column's width shared by the columns in proportion to their widest
 * cell, cells wrapped, a rule above and below and under the header row;
 * a row never splits, a row that does not fit starts the next column.
 */
/* A table's geometry: its cells blocks[i..end), its columns' edges x[0..nc]. */
struct table_geom {
	int end, nc, vary;
	double w[16], x[17];
};

/* Measure the table that starts at blocks[i]; -1 on a missing glyph. */
static int
table_geometry(lay_engine *e, const lay_block *blocks, int i, int n,
    struct table_geom *t)
{
	const lay_block *first = &blocks[i];
	const lay_style *st = layout_style(e->l, "body");
	double nat[16] = {0}, total = 0, avail = e->colw - block_indent(e, first);

	t->nc = first->ncols < 16 ? first->ncols : 16;
	t->vary = 0;
	for (t->end = i; t->end < n && blocks[t->end].ncols > 0 &&
	    blocks[t->end].table == first->table; t->end++) {
		const lay_block *b = &blocks[t->end];
		double lw = 0;

		t->vary |= b->vary;
		if (b->col >= t->nc)
			continue;
		if (cell_lines(e, b, st, 1e9) != 0)
			return -1;
		for (int g = 0; g < e->ng; g++)
			lw += e->g[g].adv;
		nat[b->col] = fmax(nat[b->col], lw + 2 * CELL_PAD_X);
	}
	for (int c = 0; c < t->nc; c++)
		total += nat[c] = fmax(nat[c], MM(8));
	column_widths(nat, t->nc, total, avail, t->w);
	t->x[0] = e->x0 + block_indent(e, first);
	for (int c = 0; c < t->nc; c++)
		t->x[c + 1] = t->x[c] + t->w[c];
	return 0;
}

/* The height of the row of cells from blocks[k], and in *last where the next row starts; -1 on a missing glyph. */
static double
row_height(lay_engine *e, const lay_block *blocks, int k,
    const struct table_geom *t, int *last)
{
	const lay_style *st = layout_style(e->l, "body");
	double h = 0;

	for (*last = k; *last < t->end && blocks[*last].row == blocks[k].row; (*last)++) {
		const lay_block *b = &blocks[*last];

		if (b->col >= t->nc)
			continue;
		if (cell_lines(e, b, st, t->w[b->col] - 2 * CELL_PAD_X) != 0)
			return -1;
		h = fmax(h, e->ln.n * st->leading);
	}
	return h + 2 * CELL_PAD_Y;
}

/* What a heading keeps of the table t (n blocks from it on) after h: the space before it and its first two rows. */
static double
table_keep(lay_engine *e, const lay_block *t, int n, double h)
{
	struct table_geom tg;
	double r1, r2 = 0;
	int next, after;

	if (table_geometry(e, t, 0, n, &tg) != 0 ||
	    (r1 = row_height(e, t, 0, &tg, &next)) < 0 ||
	    (next < tg.end && (r2 = row_height(e, t, next, &tg, &after)) < 0))
		return -1;
	return h + layout_style(e->l, "body")->after + r1 + r2;
}

/*
 * A GFM table from blocks[i] on (one block per cell, row by row): the
 * column's width shared by the columns as column_widths says, cells
 * wrapped and aligned as their column asks, a rule above and below and
 * under the header row; a row never splits, a row that does not fit
 * starts the next column.
 */
static int
table_block(lay_engine *e, const lay_block *blocks, int i, int n)
{
	const lay_style *st = layout_style(e->l, "body");
	double ascent = st->size * 0.88 + (st->leading - st->size) / 2;
	struct table_geom tg;
	const double *w = tg.w, *x = tg.x;
	int k, end, nc;

	e->table_done = blocks[i].table;
	if (table_geometry(e, blocks, i, n, &tg) != 0)
		return -1;
	end = tg.end;
	nc = tg.nc;
	if (e->y > e->top + 0.01)
		e->y += st->after;
	e->c->vary = tg.vary;
	for (k = i; k < end;) {
		int last, rule, scope;
		double h = row_height(e, blocks, k, &tg, &last);

		/* measure the row, then set it */
		if (h < 0)
			return -1;
		fit_box(e, h);
		/* an unvarying table's row: its cells and rules are the same where it is */
		rule = k == i || e->y <= e->top + 0.01;
		scope = STATIC_BEGIN(e, DL_SITE_TABLE_ROW, NULL, blocks[k].id, e->y, rule,
		    x[0], x[nc]);
		if (rule)
			dl_line(e->c, e->page, x[0], e->c->height - e->y, x[nc],
			    e->c->height - e->y, 0.8, DL_BLACK);
		for (int c = k; c < last; c++) {
			const lay_block *b = &blocks[c];

			if (b->col >= nc || cell_lines(e, b, st, w[b->col] - 2 * CELL_PAD_X) != 0)
				continue;
			for (int l = 0; l < e->ln.n; l++)
				draw_line(e, &e->ln.v[l], x[b->col] + CELL_PAD_X,
				    e->y + CELL_PAD_Y + ascent + l * st->leading,
				    w[b->col] - 2 * CELL_PAD_X, b->cell_align);
		}
		e->y += h;
		dl_line(e->c, e->page, x[0], e->c->height - e->y, x[nc], e->c->height - e->y,
		    blocks[k].head || last == end ? 0.8 : 0.3, DL_BLACK);
		static_end(e, scope);
		k = last;
	}
	e->y += st->after;
	return 0;
}

/* Block b = blocks[i] of n into the flow. */
static int
body_block(lay_engine *e, const lay_block *blocks, int i, int n)
{
	const lay_block *b = &blocks[i];
	const lay_style *body = layout_style(e->l, "body"), *st;
	double w, h, x;
	int scope;

	if (b->ncols > 0)
		return b->table == e->table_done ? 0 : table_block(e, blocks, i, n);
	if (b->box && !e->inset)	/* a box's blocks are set by box_block, once */
		return b->box_id == e->box_done ? 0 : box_block(e, blocks, i, n);
	switch (b->kind) {
	case LB_PARA:
	case LB_HEADING:
		return text_block(e, b, b + 1, n - i - 1);
	case LB_HR:
		fit_box(e, body->leading);
		e->y += body->leading / 2;
		scope = STATIC_BEGIN(e, DL_SITE_RULE, NULL, e->x0, e->colw, e->y);
		dl_line(e->c, e->page, e->x0 + e->colw * 0.2, e->c->height - e->y,
		    e->x0 + e->colw * 0.8, e->c->height - e->y, 0.5, DL_BLACK);
		static_end(e, scope);
		e->y += body->leading / 2;
		return 0;
	case LB_IMAGE:
		if ((h = image_height(e, b, &w)) <= 0)
			return 0;
		fit_box(e, h);
		st = block_style(e, b);
		x = e->x0 + (b->style == NULL ? (e->colw - w) / 2 :
		    st->align == AL_RIGHT ? e->colw - w : st->align == AL_CENTER ?
		    (e->colw - w) / 2 : 0);
		scope = STATIC_BEGIN(e, DL_SITE_IMAGE, b->path, x, e->y, w, h);
		dl_image(e->c, e->page, x, e->c->height - e->y - h, w, h, b->path);
		static_end(e, scope);
		e->y += h + body->after;
		return 0;
	case LB_QR:
		h = MM(25);
		fit_box(e, h);
		if (b->qr && *b->qr) {
			scope = STATIC_BEGIN(e, DL_SITE_QR, b->qr, e->x0, e->y, h);
			dl_qr(e->c, e->page, e->x0, e->c->height - e->y - h, h, b->qr);
			static_end(e, scope);
		}
		e->y += h + body->after;
		return 0;
	case LB_PAGEBREAK:
		if (!(e->col == 0 && e->y <= e->top + 0.01))
			new_page(e);
		return 0;
	}
	return 0;
}

/*
 * Layout line li of frame fr, its text merged, shrunk down to 60% of its
 * size to fit the width; the same text as the copy before has the items
 * it had.
 */
static int
frame_line(lay_engine *e, const lay_frame *fr, int li, const char *text, double *y)
{
	const lay_style *st = &e->s->styles[e->s->lines[li].style];
	struct framed *fk = &e->framed[li];
	int align = st->align == AL_JUSTIFY ? AL_LEFT : st->align, kept;
	lay_span sp = {0, text, strlen(text)};
	double x, top, inner, h, scale = 1, w = 0, base;
	struct line ln;

	lay_frame_inner(fr, &x, &top, &inner, &h);
	kept = fk->text != NULL && strcmp(fk->text, text) == 0 &&
	    drawn_at(&fk->dr, x, inner, align);
	if (kept)
		scale = fk->scale;
	else {
		if (shape(e, st, &sp, 1, 1) != 0)
			return -1;
		for (int i = 0; i < e->ng; i++)
			w += e->g[i].adv;
		if (w > inner) {
			scale = inner / w;
			if (scale < 0.6) {
				buf what = BUF_INIT;

				buf_printf(&what, "the %s frame", fr->name);
				diag_customer(e->d, D_OVERFLOW, e->customer,
				    buf_str(&what), text);
				buf_free(&what);
				return -1;
			}
			if (shape(e, st, &sp, 1, scale) != 0)
				return -1;
		}
		lines_one(e->g, e->ng, &ln);
	}
	if (*y + st->leading * scale > top + h + 0.01) {
		buf what = BUF_INIT;

		buf_printf(&what, "the %s frame", fr->name);
		diag_customer(e->d, D_OVERFLOW, e->customer, buf_str(&what),
		    "too many lines");
		buf_free(&what);
		return -1;
	}
	base = *y + (st->size * 0.88 + (st->leading - st->size) / 2) * scale;
	if (kept)
		put_drawn(e, &fk->dr, text, base);
	else {
		draw_keep(e, &fk->dr, &ln, x, base, inner, align);
		mem_free(fk->text);
		fk->text = mem_strdup(text);
		fk->scale = scale;
	}
	*y += st->leading * scale;
	return 0;
}

/* The style for an address line of a given role. */
static const lay_style *
addr_style(const lay_engine *e, int role)
{
	const lay_style *st = NULL;

	if (role == ADDR_NAME)
		st = layout_style(e->l, "address-name");
	else if (role == ADDR_POSTAL)
		st = layout_style(e->l, "address-postal");
	return st ? st : layout_style(e->l, "address");
}

/*
 * Shape text in st at scale, or take it as shaped before and kept in
 * v[0..*n); kept there when there is room (max).
 */
static int
shape_kept(lay_engine *e, struct text_shaped *v, int *n, int max,
    const lay_style *st, const char *text, double scale)
{
	lay_span sp = {0, text, strlen(text)};
	struct text_shaped *k;

	for (int i = 0; i < *n; i++) {
		k = &v[i];
		if (k->st == st && k->scale == scale && k->text.len == sp.len &&
		    memcmp(k->text.p, text, sp.len) == 0) {
			e->tp = k->text.p;
			e->tlen = k->text.len;
			e->g = k->g;
			e->ng = k->ng;
			e->drawn = NULL;
			return 0;
		}
	}
	if (shape(e, st, &sp, 1, scale) != 0)
		return -1;
	if (*n == max)
		return 0;
	k = &v[(*n)++];
	if (k->cap < e->ng + 1) {
		k->cap = e->ng + 1;
		k->g = mem_realloc(k->g, (size_t)k->cap * sizeof(*k->g));
	}
	memcpy(k->g, e->g, (size_t)e->ng * sizeof(*k->g));
	k->ng = e->ng;
	k->st = st;
	k->scale = scale;
	buf_clear(&k->text);
	buf_put(&k->text, text, sp.len);
	return 0;
}

/*
 * Shape an address line or honorific in st at scale: what one
 * lay_address call shaped is kept for its later passes (the address is
 * measured, then set, then drawn).
 */
static int
shape_addr(lay_engine *e, const lay_style *st, const char *text, double scale)
{
	return shape_kept(e, e->addr, &e->naddr,
	    (int)(sizeof(e->addr) / sizeof(e->addr[0])), st, text, scale);
}

/* The width of s in style st at scale 1; -1 on a missing glyph. */
static double
text_width(lay_engine *e, const lay_style *st, const char *s)
{
	double w = 0;

	if (shape_addr(e, st, s, 1) != 0)
		return -1;
	for (int i = 0; i < e->ng; i++)
		w += e->g[i].adv;
	return w;
}

struct addr_fit {
	double name_w, hon_w;	/* widest name and honorific at scale 1 */
	double width, height;	/* unwrapped, at scale 1 */
	double min_size;	/* smallest style size */
};

static int
measure_address(lay_engine *e, const address *a, struct addr_fit *f)
{
	memset(f, 0, sizeof(*f));
	f->min_size = 1e9;
	for (int i = 0; i < a->n; i++) {
		const addr_line *al = &a->lines[i];
		const lay_style *st = addr_style(e, al->role);
		double w = text_width(e, st, al->text);

		if (w < 0)
			return -1;
		if (al->honorific) {
			double hw = text_width(e, st, al->honorific);

			if (hw < 0)
				return -1;
			f->name_w = w > f->name_w ? w : f->name_w;
			f->hon_w = hw > f->hon_w ? hw : f->hon_w;
		} else if (w > f->width)
			f->width = w;
		f->height += st->leading;
		if (st->size < f->min_size)
			f->min_size = st->size;
	}
	if (f->hon_w > 0) {
		const lay_style *st = addr_style(e, ADDR_NAME);
		double w = f->name_w + st->size * 0.75 + f->hon_w;

		if (w > f->width)
			f->width = w;
	}
	return 0;
}

/*
 * Set (or, with draw 0, only measure) the address at scale s, wrapping
 * lines wider than w; address line i takes at most allow[i] lines
 * (allow NULL: all it needs) and nl[i] says how many it needed. Returns
 * the height used, or -1 on a missing glyph.
 */
static double
set_address(lay_engine *e, const address *a, const struct addr_fit *f,
    double s, double x, double y, double w, int draw, const int *allow, int *nl)
{
	double y0 = y;
	const lay_style *nst = addr_style(e, ADDR_NAME);
	double gap = nst->size * 0.75 * s;
	double hon_x = x + f->name_w * s + gap;

	/* names too long for one line give up the aligned column */
	if (f->hon_w > 0 && hon_x + f->hon_w * s > x + w + 0.01)
		hon_x = x + w - f->hon_w * s;
	for (int i = 0; i < a->n; i++) {
		const addr_line *al = &a->lines[i];
		const lay_style *st = addr_style(e, al->role);
		double lead = st->leading * s, avail = al->honorific ? hon_x - gap - x : w;
		double base = (st->size * 0.88 + (st->leading - st->size) / 2) * s;
		int n;

		if (shape_addr(e, st, al->text, s) != 0)
			return -1;
		lines_greedy(e->g, e->ng, avail, 0, &e->ln);
		nl[i] = e->ln.n;
		n = allow && allow[i] < e->ln.n ? allow[i] : e->ln.n;
		for (int k = 0; k < n; k++) {
			if (draw)
				draw_line(e, &e->ln.v[k], x, y + base, avail, AL_LEFT);
			y += lead;
		}
		if (al->honorific && draw) {
			struct line ln;

			if (shape_addr(e, st, al->honorific, s) != 0)
				return -1;
			lines_one(e->g, e->ng, &ln);
			draw_line(e, &ln, hon_x, y - lead + base, f->hon_w * s, AL_LEFT);
		}
	}
	return y - y0;
}

/*
 * Too tall even at the floor: take lines from the address line that
 * wraps most (a long building name) before any other, keeping at least
 * one line of each; then drop whole lines from the end.
 */
static void
ration_lines(lay_engine *e, const address *a, double s, double h, int *allow)
{
	double used = 0;

	for (int i = 0; i < a->n; i++)
		used += allow[i] * addr_style(e, a->lines[i].role)->leading * s;
	while (used > h + 0.01) {
		int most = -1;

		for (int i = 0; i < a->n; i++)
			if (allow[i] > 1 && (most < 0 || allow[i] > allow[most]))
				most = i;
		if (most < 0)
			for (int i = a->n - 1; i >= 0 && most < 0; i--)
				if (allow[i] > 0)
					most = i;
		if (most < 0)
			return;
		allow[most]--;
		used -= addr_style(e, a->lines[most].role)->leading * s;
	}
}

/*
 * The Japan Post customer barcode at the bottom of a box whose bottom
 * edge is at y (pt from the top), as large as fits up to its 10 pt size.
 * Returns the height it took, with the gap above it; 0 when it does not
 * fit (a warning).
 */
/* jpbar_bars, from the bars read from zint once per engine (zint itself when they cannot be). */
static int
bars(lay_engine *e, const char *data, double scale, jpbar *jb)
{
	if (!e->bars_tried) {
		char why[100];

		e->bars_tried = 1;
		e->bars = jpbar_table_new(why, sizeof(why));
	}
	return e->bars ? jpbar_bars_from(e->bars, data, scale, jb) :
	    jpbar_bars(data, scale, jb);
}

static double
barcode_height(lay_engine *e, double x, double y, double w, const char *data)
{
	jpbar jb;
	double scale;

	if (bars(e, data, 1, &jb) != 0)
		goto none;
	scale = MM(jb.width) > w ? w / MM(jb.width) : 1;
	/* at full size the bars are those just made */
	if (scale < JPBAR_SCALE_MIN || (scale != 1 && bars(e, data, scale, &jb) != 0))
		goto none;
	for (int i = 0; i < jb.n; i++) {
		const jpbar_bar *b = &jb.bars[i];

		dl_rect(e->c, e->page, x + MM(b->x), e->c->height - y + MM(b->y),
		    MM(b->w), MM(b->h), 1, 0, DL_BLACK);
	}
	return MM(jb.height + 1.5);
none:
	diag_customer(e->d, D_ADDRESS_WARN, e->customer,
	    "no room for the customer barcode (or it cannot be encoded)");
	return 0;
}

double
lay_barcode(lay_engine *e, dl_copy *c, dl_page *p, double x, double y,
    double w, const char *data, long long customer, diag *d)
{
	e->c = c;
	e->page = p;
	e->d = d;
	e->customer = customer;
	return barcode_height(e, x, y, w, data);
}

int
lay_address(lay_engine *e, dl_copy *c, dl_page *p, double x, double y,
    double w, double h, const address *a, const char *barcode,
    int valign_middle, double min_size, long long customer, diag *d)
{
	struct addr_fit f;
	int nl[ADDR_MAX_LINES], allow[ADDR_MAX_LINES], overflow = 0;
	double s, floor, used;

	e->c = c;
	e->page = p;
	e->d = d;
	e->customer = customer;
	e->naddr = 0;
	if (a == NULL || a->n == 0)
		return 0;
	if (barcode && *barcode)
		h -= barcode_height(e, x, y + h, w, barcode);
	if (measure_address(e, a, &f) != 0)
		return -1;
	floor = min_size > 0 ? min_size / f.min_size : 0.6;
	if (floor > 1)
		floor = 1;
	s = 1;
	if (f.width > w)
		s = w / f.width;
	if (f.height * s > h)
		s = h / f.height;
	if (s < floor)
		s = floor;
	if ((used = set_address(e, a, &f, s, x, y, w, 0, NULL, nl)) < 0)
		return -1;
	if (used > h + 0.01) {
		memcpy(allow, nl, sizeof(allow));
		ration_lines(e, a, s, h, allow);
		overflow = 1;
		used = set_address(e, a, &f, s, x, y, w, 0, allow, nl);
	}
	if (valign_middle && used < h)
		y += (h - used) / 2;
	if (set_address(e, a, &f, s, x, y, w, 1, overflow ? allow : NULL, nl) < 0)
		return -1;
	return overflow;
}

/* A fill that touches a trim edge runs on into the bleed, so no white edge shows when cut. */
static void
frame_fill(lay_engine *e, int i)
{
	const lay_frame *fr = &e->s->frames[i];
	double b = e->s->bleed, x0 = fr->x, y0 = fr->y, x1 = fr->x + fr->w,
	    y1 = fr->y + fr->h;

	if (x0 <= 0.01)
		x0 = -b;
	if (y0 <= 0.01)
		y0 = -b;
	if (x1 >= e->s->width - 0.01)
		x1 = e->s->width + b;
	if (y1 >= e->s->height - 0.01)
		y1 = e->s->height + b;
	DL_STATIC_BEGIN(e->c, DL_SITE_FILL, NULL, i);
	dl_rect(e->c, e->page, x0, e->c->height - y1, x1 - x0, y1 - y0, 1, 0,
	    fr->fill);
	dl_static_end(e->c);
}

static int
address_frame(lay_engine *e, const lay_frame *fr, const lay_vars *v, double y)
{
	dl_copy *c = e->c;
	dl_page *p = e->page;
	double x, top, w, h;
	int rc;

	lay_frame_inner(fr, &x, &top, &w, &h);
	rc = lay_address(e, c, p, x, y, w, top + h - y, v->addr, fr->barcode ? v->barcode : NULL,
	    0, fr->min_size, v->customer, e->d);
	e->c = c;
	e->page = p;
	if (rc == 1) {
		buf what = BUF_INIT;

		buf_printf(&what, "the %s frame", fr->name);
		diag_customer(e->d, D_OVERFLOW, e->customer, buf_str(&what),
		    "the address, even at the smallest size");
		buf_free(&what);
	}
	return rc;
}

/* The first name line of the address with its honorific, or "" (in b). */
static void
addressee(const address *a, buf *b)
{
	for (int i = 0; a != NULL && i < a->n; i++)
		if (a->lines[i].role == ADDR_NAME) {
			buf_puts(b, a->lines[i].text);
			if (a->lines[i].honorific)
				buf_printf(b, " %s", a->lines[i].honorific);
			return;
		}
}

/*
 * A running header on a page after the first: the addressee's name at
 * the left (its first line, when it is too long), "– N –" at the right,
 * in the style header (else footer, else body).
 */
static int
header_frame(lay_engine *e, const lay_frame *fr, const lay_vars *v)
{
	const lay_style *st = layout_style(e->l, "header");
	double x, y, w, h, base, room;
	char num[32];
	lay_span sp = {0, num, 0};
	buf name = BUF_INIT;
	struct line ln;
	int rc = -1;

	if (st == NULL && (st = layout_style(e->l, "footer")) == NULL)
		st = layout_style(e->l, "body");
	lay_frame_inner(fr, &x, &y, &w, &h);
	base = y + st->size * 0.88 + (st->leading - st->size) / 2;
	sp.len = (size_t)snprintf(num, sizeof(num), "– %d –",
	    (int)(e->page - e->c->pages) + 1);
	if (shape(e, st, &sp, 1, 1) != 0)
		goto out;
	lines_one(e->g, e->ng, &ln);
	draw_line(e, &ln, x, base, w, AL_RIGHT);
	room = w - ln.width - st->size;
	addressee(v->addr, &name);
	sp.text = buf_str(&name);
	sp.len = name.len;
	rc = 0;
	if (name.len == 0 || room <= 0)
		goto out;
	if ((rc = shape(e, st, &sp, 1, 1)) != 0)
		goto out;
	lines_greedy(e->g, e->ng, room, 0, &e->ln);
	if (e->ln.n > 0)
		draw_line(e, &e->ln.v[0], x, base, room, AL_LEFT);
out:
	buf_free(&name);
	return rc;
}

/*
 * The sender's logo, as large as the box inside the frame holds (never
 * above 300 ppi in print, 150 in office), at its top, placed across by
 * the frame style's align.
 */
static void
logo_frame(lay_engine *e, const lay_frame *fr, const lay_vars *v)
{
	int align = fr->style >= 0 ? e->s->styles[fr->style].align : AL_LEFT;
	double x, y, w, h, iw, ih;

	if (v->logo == NULL || v->logo_w <= 0 || v->logo_h <= 0)
		return;
	lay_frame_inner(fr, &x, &y, &w, &h);
	iw = v->logo_w * 72.0 / (e->s->print ? 300 : 150);
	if (iw > w)
		iw = w;
	ih = iw * v->logo_h / v->logo_w;
	if (ih > h) {
		ih = h;
		iw = ih * v->logo_w / v->logo_h;
	}
	if (align == AL_RIGHT)
		x += w - iw;
	else if (align == AL_CENTER)
		x += (w - iw) / 2;
	DL_STATIC_BEGIN(e->c, DL_SITE_LOGO, v->logo, x, y, iw, ih);
	dl_image(e->c, e->page, x, e->c->height - y - ih, iw, ih, v->logo);
	dl_static_end(e->c);
	e->c->vary = 1;
}

/*
 * A card's picture: as large as the frame's box holds, centred in it, the
 * same in every copy; a frame reaching into the bleed makes it full-bleed
 * when the picture has the frame's proportions.
 */
static void
picture_frame(lay_engine *e, const lay_frame *fr, const lay_vars *v)
{
	double iw = fr->w, ih;

	if (v->picture == NULL || v->picture_w <= 0 || v->picture_h <= 0)
		return;
	ih = iw * v->picture_h / v->picture_w;
	if (ih > fr->h) {
		ih = fr->h;
		iw = ih * v->picture_w / v->picture_h;
	}
	DL_STATIC_BEGIN(e->c, DL_SITE_PICTURE, v->picture, fr->x, fr->y, fr->w, fr->h,
	    iw, ih);
	dl_image(e->c, e->page, fr->x + (fr->w - iw) / 2,
	    e->c->height - fr->y - (fr->h + ih) / 2, iw, ih, v->picture);
	dl_static_end(e->c);
	e->c->vary = 1;
}

/* A letter's fold and hole marks, on its first page: the same in every copy. */
static void
fold_marks(lay_engine *e)
{
	const lay_marks *m = &e->s->folds;
	double H = e->c->height;

	dl_static_begin(e->c, DL_SITE_FOLDS, NULL, 0, NULL);
	for (int i = 0; i < m->nfolds; i++)
		dl_line(e->c, e->page, m->x, H - m->fold[i], m->x + m->len,
		    H - m->fold[i], 0.5, DL_BLACK);
	if (m->hole > 0)
		dl_line(e->c, e->page, m->x, H - m->hole, m->x + m->hole_len,
		    H - m->hole, 0.5, DL_BLACK);
	dl_static_end(e->c);
	e->c->vary = 1;
}

/* A card's own frames: postal-code boxes, the vertical address, vertical lines. */
static int
card_frame(lay_engine *e, const lay_frame *fr, const lay_vars *v)
{
	card_ctx k = {e, e->l, NULL, e->c, e->page, e->d, e->customer};
	dl_copy *c = e->c;
	dl_page *p = e->page;
	int rc = 0;

	if (e->vt == NULL)
		e->vt = vt_new(e->l);
	k.vt = e->vt;
	if (fr->postal)
		rc = card_postal(&k, fr, v->addr);
	else if (fr->jp_address || fr->address)
		rc = card_address(&k, fr, v->addr, v->barcode);
	else
		rc = card_vertical_lines(&k, fr, v->lines + fr->line0,
		    v->line_vary ? v->line_vary + fr->line0 : NULL);
	e->c = c;
	e->page = p;
	return rc;
}

static int
draw_frames(lay_engine *e, const lay_vars *v, int first)
{
	for (int i = 0; i < e->s->nframes; i++) {
		const lay_frame *fr = &e->s->frames[i];
		double x, y, w, h;

		if (first ? fr->pages == FR_FOLLOWING : fr->pages == FR_FIRST)
			continue;
		if (e->s->card && fr->side != e->side)
			continue;
		if (fr->postal || fr->jp_address || fr->vertical ||
		    (e->s->card && fr->address)) {
			if (fr->has_fill)
				frame_fill(e, i);
			if (card_frame(e, fr, v) != 0)
				return -1;
			continue;
		}
		lay_frame_inner(fr, &x, &y, &w, &h);
		if (fr->has_fill)
			frame_fill(e, i);
		if (fr->qr) {
			double side = fr->w < fr->h ? fr->w : fr->h;

			if (v->qr && *v->qr)
				dl_qr(e->c, e->page, fr->x, e->c->height - fr->y - side,
				    side, v->qr);
			continue;
		}
		for (int j = 0; j < fr->nlines; j++) {
			const char *t = v->lines[fr->line0 + j];
			/* a line without a per-copy field is the same text wherever it is drawn */
			int scope = v->line_vary && !v->line_vary[fr->line0 + j];

			if (t == NULL)
				continue;
			if (scope)
				DL_STATIC_BEGIN(e->c, DL_SITE_FRAME_LINE, NULL,
				    fr->line0 + j, y);
			if (frame_line(e, fr, fr->line0 + j, t, &y) != 0)
				return -1;
			if (scope)
				dl_static_end(e->c);
		}
		e->c->vary = 1;
		if (fr->address && address_frame(e, fr, v, y) != 0)
			return -1;
		if (fr->header && header_frame(e, fr, v) != 0)
			return -1;
		if (fr->logo)
			logo_frame(e, fr, v);
		if (fr->picture)
			picture_frame(e, fr, v);
	}
	return 0;
}

static void
page_numbers(lay_engine *e)
{
	const lay_style *st = layout_style(e->l, "footer");
	char num[16];

	if (e->s->pageno_y <= 0 || e->c->npages < 2)
		return;
	if (st == NULL)
		st = layout_style(e->l, "body");
	for (size_t i = 0; i < e->c->npages; i++) {
		lay_span sp = {0, num, 0};
		struct line ln;

		sp.len = (size_t)snprintf(num, sizeof(num), "%zu", i + 1);
		if (shape(e, st, &sp, 1, 1) != 0)
			return;
		lines_one(e->g, e->ng, &ln);
		e->page = &e->c->pages[i];
		DL_STATIC_BEGIN(e->c, DL_SITE_PAGE_NUMBER, NULL, (double)i);
		draw_line(e, &ln, e->s->mleft, e->s->height - e->s->pageno_y,
		    e->s->width - e->s->mleft - e->s->mright, AL_CENTER);
		dl_static_end(e->c);
	}
}

/* A card's address side after its message side, the two swapped when the layout puts it first. */
static int
card_address_side(lay_engine *e, const lay_vars *v)
{
	e->side = CARD_ADDRESS;
	e->page = dl_page_add(e->c);
	e->pageno = 1;
	if (draw_frames(e, v, 1) != 0)
		return -1;
	if (e->s->address_first) {
		dl_page t = e->c->pages[0];

		e->c->pages[0] = e->c->pages[1];
		e->c->pages[1] = t;
	}
	e->c->pages[1].rotate = e->s->back_turned ? 180 : 0;
	return 0;
}

dl_copy *
lay_copy(lay_engine *e, const lay_block *blocks, int nblocks, const lay_vars *v,
    diag *d)
{
	int used;

	e->c = dl_copy_new(e->s->width, e->s->height);
	e->d = d;
	e->customer = v->customer;
	e->overflow = 0;
	e->side = CARD_MESSAGE;
	e->table_done = e->box_done = 0;
	e->inset = 0;		/* a copy that failed inside a box left its padding */
	new_page(e);
	fold_marks(e);
	if (draw_frames(e, v, 1) != 0)
		goto fail;
	if (e->s->card && v->vertical) {
		card_ctx k = {e, e->l, NULL, e->c, e->page, d, e->customer};

		if (e->vt == NULL)
			e->vt = vt_new(e->l);
		k.vt = e->vt;
		if (card_vertical_body(&k, blocks, nblocks, e->s->mleft, e->s->mtop,
		    e->s->width - e->s->mleft - e->s->mright,
		    e->s->height - e->s->mtop - e->s->mbottom) != 0)
			goto fail;
		nblocks = 0;
	}
	for (int i = 0; i < nblocks; i++) {
		size_t before = e->c->npages;

		e->c->vary = blocks[i].vary;
		if (body_block(e, blocks, i, nblocks) != 0)
			goto fail;
		e->c->vary = 1;
		for (size_t p = before; p < e->c->npages; p++) {
			dl_page *save = e->page;

			e->page = &e->c->pages[p];
			if (draw_frames(e, v, 0) != 0)
				goto fail;
			e->page = save;
		}
	}
	used = (int)e->c->npages;
	if (e->overflow || used > e->s->pages) {
		if (e->customer)
			diag_customer(d, D_PAGES, e->customer,
			    e->overflow ? e->s->pages + 1 : used, e->s->pages);
		else
			diag_plain(d, D_PAGES, e->overflow ? e->s->pages + 1 : used,
			    e->s->pages);
		goto fail;
	}
	page_numbers(e);
	while (!e->s->letter && (int)e->c->npages < e->s->pages)
		dl_page_add(e->c);
	if (e->s->card && card_address_side(e, v) != 0)
		goto fail;
	for (size_t p = 0; p < e->c->npages; p++)
		if (e->c->pages[p].n > e->items)
			e->items = e->c->pages[p].n;
	return e->c;
fail:
	dl_copy_free(e->c);
	e->c = NULL;
	return NULL;
}
