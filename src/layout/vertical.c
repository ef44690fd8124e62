/* vertical: Japanese vertical text (縦書き): cells top to bottom, columns right to left, kinsoku, 縦中横. */
#include "layout/vertical.h"

#include <string.h>

#include "content/doc.h"
#include "text/linebreak.h"
#include "text/utf8.h"
#include "text/vert.h"
#include "util/buf.h"
#include "util/mem.h"

#define VT_MAX_FONTS 16
#define ASCENT 0.88	/* the baseline below the em box's top, em: as layout.c sets lines */

struct vt_text {
	const layout *l;
	vert_font *vf[VT_MAX_FONTS];
	linebreak *lb;
	buf text;
	vt_cell *cells;
	int n, cap;
	vt_column *cols;
	int ncols, colcap;
};

vt_text *
vt_new(const layout *l)
{
	vt_text *t = mem_calloc(1, sizeof(*t));

	t->l = l;
	t->lb = linebreak_new();
	return t;
}

void
vt_free(vt_text *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < VT_MAX_FONTS; i++)
		vert_font_free(t->vf[i]);
	linebreak_free(t->lb);
	buf_free(&t->text);
	mem_free(t->cells);
	mem_free(t->cols);
	mem_free(t);
}

/* The vertical form of cp in layout font f; 0 when HarfBuzz cannot read the font. */
static unsigned
vform(vt_text *t, int f, uint32_t cp)
{
	unsigned g;

	if (f >= VT_MAX_FONTS)
		return 0;
	if (t->vf[f] == NULL && (t->vf[f] = vert_font_load(font_path(layout_font(t->l,
	    f)))) == NULL)
		return 0;
	g = vert_glyph(t->vf[f], cp);
	return g == vert_cmap_glyph(t->vf[f], cp) ? 0 : g;
}

/* A hyphen drawn as ―'s vertical form from the first font of st's chain that has one. */
static int
dash(vt_text *t, const lay_style *st, vt_cell *c)
{
	const lay_face *f = layout_face(t->l, st->face);

	for (int i = 0; i < f->nfonts; i++) {
		unsigned g = vform(t, f->fonts[i], 0x2015);

		if (g != 0) {
			c->font = f->fonts[i];
			c->glyph = g;
			return 1;
		}
	}
	return 0;
}

static vt_cell *
new_cell(vt_text *t)
{
	vt_cell *c;

	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->cells = mem_realloc(t->cells, (size_t)t->cap * sizeof(*t->cells));
	}
	c = &t->cells[t->n++];
	memset(c, 0, sizeof(*c));
	return c;
}

static int
is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Narrow characters stand upright, centred: ASCII and Latin letters, half-width forms. */
static int
is_narrow(uint32_t cp)
{
	return cp < 0x2E80 || (cp >= 0xFF61 && cp <= 0xFFDC);
}

int
vt_shape(vt_text *t, const lay_style *st, double scale, const char *s, size_t n,
    uint32_t *missing)
{
	const char *p = s, *end = s + n;
	double size = st->size * scale;
	size_t *offs = NULL;
	int nb, k = 0;

	buf_clear(&t->text);
	buf_put(&t->text, s, n);
	t->n = 0;
	*missing = 0;
	while (p < end) {
		const char *q = p, *r;
		uint32_t cp = utf8_next(&p, end);
		vt_cell *c;
		int run = 0;

		if (cp >= DOC_PLACEHOLDER && cp <= 0xF8FF)
			continue;
		c = new_cell(t);
		c->off = (size_t)(q - s);
		c->size = size;
		if (cp == '\n') {
			c->hard = 1;
			c->font = -1;
			c->len = (size_t)(p - q);
			continue;
		}
		if ((c->font = layout_pick_font(t->l, st->face, cp)) < 0) {
			*missing = cp;
			return -1;
		}
		/* a run of digits is measured from its first */
		if (is_digit(cp) && !(q > s && is_digit((unsigned char)q[-1]))) {
			for (r = q; r < end && is_digit((unsigned char)*r); r++)
				run++;
			if (run <= 2) {
				/* 縦中横: the run side by side in one em */
				double w = 0;

				for (const char *d = q; d < r; d++)
					w += font_advance(layout_font(t->l, c->font),
					    (unsigned char)*d) * size / 1000;
				if (w > size * 0.95) {
					c->size = size * size * 0.95 / w;
					w = size * 0.95;
				}
				c->w = w;
				c->adv = size;
				p = r;
				c->len = (size_t)(r - q);
				continue;
			}
		}
		c->len = (size_t)(p - q);
		c->w = font_advance(layout_font(t->l, c->font), cp) * size / 1000;
		if (cp == ' ')
			c->adv = size / 2;
		else
			c->adv = size;
		if (cp == '-' && dash(t, st, c)) {
			/* a hyphen stands as a vertical bar: ―'s vertical form */
			c->w = size;
		} else if (!is_narrow(cp))
			c->glyph = vform(t, c->font, cp);
	}
	if (t->text.len > 0 && (nb = linebreak_find(t->lb, t->text.p, t->text.len,
	    &offs)) >= 0) {
		for (int i = 0; i < t->n && k < nb; i++) {
			while (k < nb && offs[k] < t->cells[i].off)
				k++;
			if (k < nb && offs[k] == t->cells[i].off)
				t->cells[i].brk = 1;
		}
		mem_free(offs);
	}
	return 0;
}

const vt_cell *
vt_cells(const vt_text *t, int *n)
{
	*n = t->n;
	return t->cells;
}

const char *
vt_string(const vt_text *t)
{
	return buf_str((buf *)&t->text);
}

double
vt_length(const vt_text *t)
{
	double len = 0;

	for (int i = 0; i < t->n; i++)
		len += t->cells[i].adv;
	return len;
}

/* Is cell i a space (ASCII or ideographic)? */
static int
is_space(const vt_text *t, int i)
{
	const vt_cell *c = &t->cells[i];

	return c->font >= 0 && (t->text.p[c->off] == ' ' ||
	    (c->len == 3 && strncmp(t->text.p + c->off, "\u3000", 3) == 0));
}

static void
add_column(vt_text *t, int c0, int c1)
{
	vt_column *col;

	/* spaces end a column without taking room */
	while (c1 > c0 && is_space(t, c1 - 1))
		c1--;
	if (t->ncols == t->colcap) {
		t->colcap = t->colcap ? t->colcap * 2 : 16;
		t->cols = mem_realloc(t->cols, (size_t)t->colcap * sizeof(*t->cols));
	}
	col = &t->cols[t->ncols++];
	col->c0 = c0;
	col->c1 = c1;
	col->length = 0;
	for (int i = c0; i < c1; i++)
		col->length += t->cells[i].adv;
}

int
vt_break(vt_text *t, double h, const vt_column **cols)
{
	int i = 0;

	t->ncols = 0;
	while (i < t->n) {
		int start = i, last = -1, end = -1, spaced = -1;
		double y = 0;

		for (; i < t->n; i++) {
			const vt_cell *c = &t->cells[i];

			if (c->hard) {
				end = i;
				break;
			}
			if (i > start && c->brk) {
				last = i;
				/* after a space past half the column: where the writer parted words */
				if (is_space(t, i - 1) && y >= h / 2)
					spaced = i;
			}
			if (y + c->adv > h + 0.01 && i > start) {
				end = spaced > start ? spaced : last > start ? last : i;
				break;
			}
			y += c->adv;
		}
		if (end < 0) {
			add_column(t, start, t->n);
			break;
		}
		add_column(t, start, end);
		i = t->cells[end].hard ? end + 1 : end;
	}
	*cols = t->cols;
	return t->ncols;
}

void
vt_draw(const vt_text *t, dl_copy *c, dl_page *p, int c0, int c1, double x,
    double y, double gap, dl_color color)
{
	for (int i = c0; i < c1; i++) {
		const vt_cell *cl = &t->cells[i];

		if (cl->font >= 0 && t->text.p[cl->off] != ' ') {
			/* a full-width glyph fills the em; narrower ones are centred in it */
			double top = y + (cl->adv - cl->size) / 2;

			dl_text(c, p, x - cl->w / 2, c->height - (top + cl->size * ASCENT),
			    cl->font, cl->size, color, t->text.p + cl->off, cl->len);
			dl_last(p)->glyph = cl->glyph;
		}
		y += cl->adv + gap;
	}
}
