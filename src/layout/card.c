/* card: a card's frames: Japan Post's postal-code boxes, the vertical (縦書き) address side, vertical lines and body. */
#include "layout/card.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "address/tategaki.h"
#include "content/doc.h"
#include "util/buf.h"
#include "util/mem.h"

#define ASCENT 0.88		/* the baseline below a line's top, em, as layout.c sets lines */
#define BOX_RED DL_CMYK(0, 1, 1, 0)	/* 朱色: magenta and yellow only, as Japan Post asks */
#define NAME_GAP 0.5		/* em of the name style between a name and its honorific */
#define FLOOR 0.6		/* the least a style shrinks to when the frame gives no min-size */

static void
overflow(card_ctx *k, const lay_frame *fr, const char *what)
{
	buf b = BUF_INIT;

	buf_printf(&b, "the %s frame", fr->name);
	diag_customer(k->d, D_OVERFLOW, k->customer, buf_str(&b), what);
	buf_free(&b);
}

static const lay_style *
style_or(const layout *l, const char *name, const char *fallback)
{
	const lay_style *st = layout_style(l, name);

	return st ? st : layout_style(l, fallback);
}

static const addr_line *
find_role(const address *a, int role)
{
	for (int i = 0; a != NULL && i < a->n; i++)
		if (a->lines[i].role == role)
			return &a->lines[i];
	return NULL;
}

/*
 * The boxes, their lines outside the 5.7 × 8.0 mm inside (Japan Post
 * measures from the inside of the lines): 0.5 mm for the first three and
 * the hyphen, 0.3 mm for the last four.
 */
static void
draw_boxes(card_ctx *k, double gx, double gy)
{
	double H = k->c->height;

	for (int i = 0; i < 7; i++) {
		double lw = MM(i < 3 ? 0.5 : 0.3);
		double x = gx + MM(tate_box_left(i)) - lw / 2, y = gy - lw / 2;

		dl_rect(k->c, k->p, x, H - y - MM(TATE_BOX_H) - lw,
		    MM(TATE_BOX_W) + lw, MM(TATE_BOX_H) + lw, 0, lw, BOX_RED);
	}
	/* the hyphen between boxes 3 and 4, 4.0 mm below the top */
	dl_line(k->c, k->p, gx + MM(tate_box_left(2) + TATE_BOX_W + 0.35),
	    H - gy - MM(4), gx + MM(tate_box_left(3) - 0.35), H - gy - MM(4),
	    MM(0.5), BOX_RED);
}

int
card_postal(card_ctx *k, const lay_frame *fr, const address *a)
{
	const lay_style *st = style_or(k->l, "postal", "address-name");
	const addr_line *pl = find_role(a, ADDR_POSTAL);
	char d[8];

	if (fr->boxes) {
		DL_STATIC_BEGIN(k->c, DL_SITE_POSTAL_BOXES, NULL, fr->x, fr->y);
		draw_boxes(k, fr->x, fr->y);
		dl_static_end(k->c);
	}
	if (a == NULL || !a->jp || pl == NULL)
		return 0;
	if (tate_postal_digits(pl->text, d) != 0) {
		diag_customer(k->d, D_ADDRESS_WARN, k->customer,
		    "the postal code is not seven digits: its boxes are left empty");
		return 0;
	}
	for (int i = 0; i < 7; i++) {
		int f = layout_pick_font(k->l, st->face, (unsigned char)d[i]);
		const font *fo;
		double size = st->size, adv, cx, cy, base;

		if (f < 0) {
			diag_customer(k->d, D_NO_GLYPH, k->customer, (uint32_t)d[i],
			    "the postal code");
			return -1;
		}
		fo = layout_font(k->l, f);
		/* no larger than leaves 1 mm between the digit's box and the lines */
		if ((font_ascent(fo) - font_descent(fo)) * size / 1000 > MM(TATE_BOX_H - 2))
			size = MM(TATE_BOX_H - 2) * 1000 / (font_ascent(fo) - font_descent(fo));
		adv = font_advance(fo, (unsigned char)d[i]) * size / 1000;
		cx = fr->x + MM(tate_box_left(i) + TATE_BOX_W / 2);
		cy = fr->y + MM(TATE_BOX_H / 2);
		/* the middle of the font's ascent and descent on the box's middle */
		base = cy + (font_ascent(fo) + font_descent(fo)) * size / 2000;
		dl_text(k->c, k->p, cx - adv / 2, k->c->height - base, f, size,
		    st->color, &d[i], 1);
	}
	return 0;
}

/* One column of text, shaped: where it goes and from which cells. */
struct col {
	const lay_style *st;
	double scale;
	const char *text;	/* shaped again when drawn */
	int c0, c1;		/* cells of the shaped text */
	double x, y;		/* centre line, top */
	double length;
};

#define MAX_COLS 24	/* columns one plan holds: a hagaki has room for about 14 at 9 pt */

struct plan {
	struct col cols[MAX_COLS];
	int n;
	double left;		/* the leftmost edge any column reaches */
};

/* Shape text in st at scale; -1 on a missing glyph (reported). */
static int
shape(card_ctx *k, const lay_style *st, double scale, const char *text)
{
	uint32_t miss;

	if (vt_shape(k->vt, st, scale, text, strlen(text), &miss) == 0)
		return 0;
	diag_customer(k->d, D_NO_GLYPH, k->customer, miss, text);
	return -1;
}

/*
 * Add text as columns of at most h, leftwards from the centre line *x,
 * its first column from top y, the rest from top y2; *x moves on by the
 * style's leading per column. 0; 1 when that is more than MAX_COLS
 * columns (it does not fit); -1 on a missing glyph (reported).
 */
static int
add_columns(card_ctx *k, struct plan *pl, const lay_style *st, double scale,
    const char *text, double *x, double y, double y2, double h, double h2)
{
	const vt_column *cols;
	int n;

	if (shape(k, st, scale, text) != 0)
		return -1;
	/* break where the first column ends, then the rest at their own length */
	n = vt_break(k->vt, h, &cols);
	if (n > 1 && h2 != h) {
		int c1 = cols[0].c1, nc;
		const vt_cell *cells = vt_cells(k->vt, &nc);

		if (pl->n + 2 > MAX_COLS)
			return 1;
		pl->cols[pl->n++] = (struct col){st, scale, text, cols[0].c0, c1, *x,
		    y, cols[0].length};
		*x -= st->leading * scale;
		/* the rest: shaped from c1 on, in columns of h2 */
		text += cells[c1].off;
		while (*text == ' ' || strncmp(text, "\u3000", 3) == 0)
			text += *text == ' ' ? 1 : 3;
		if (shape(k, st, scale, text) != 0)
			return -1;
		n = vt_break(k->vt, h2, &cols);
		y = y2;
	}
	for (int i = 0; i < n; i++) {
		if (pl->n == MAX_COLS)
			return 1;
		pl->cols[pl->n++] = (struct col){st, scale, text, cols[i].c0,
		    cols[i].c1, *x, i == 0 ? y : y2, cols[i].length};
		*x -= st->leading * scale;
	}
	return 0;
}

static void
draw_plan(card_ctx *k, const struct plan *pl)
{
	for (int i = 0; i < pl->n; i++) {
		const struct col *c = &pl->cols[i];

		if (shape(k, c->st, c->scale, c->text) != 0)
			return;
		vt_draw(k->vt, k->c, k->p, c->c0, c->c1, c->x, c->y, 0, c->st->color);
	}
}

/*
 * Where the city ends in a street line: the byte offset after the last
 * 市, 区, 町, 村 or 郡 that leaves at most max cells before it; 0 if none.
 */
static size_t
after_city(const char *s, int max)
{
	static const char *const ends[] = {"市", "区", "町", "村", "郡"};
	const char *p = s;
	size_t best = 0;
	int n = 0;

	while (*p && n < max) {
		size_t len = 1;

		while ((p[len] & 0xC0) == 0x80)
			len++;
		n++;
		for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
			if (len == 3 && memcmp(p, ends[i], 3) == 0)
				best = (size_t)(p + len - s);
		p += len;
	}
	return *p ? best : 0;
}

/* The street lines, the organisation lines: columns from the right, at scale; 0, 1 or -1 as add_columns. */
static int
plan_address(card_ctx *k, const address *a, double scale, double xr, double y,
    double h, struct plan *pl, arena *ar)
{
	const lay_style *st = layout_style(k->l, "address");
	double em = st->size * scale, x = xr - st->leading * scale / 2;
	int street = 0, rc;

	for (int i = 0; i < a->n; i++) {
		const addr_line *al = &a->lines[i];
		const char *t;

		if (al->role != ADDR_STREET && al->role != ADDR_ORG)
			continue;
		t = tate_numerals(al->text, ar);
		if (al->role == ADDR_STREET && street++ == 0) {
			/* the first: wrapped after the city when it is too long */
			size_t cut;

			if (shape(k, st, scale, t) != 0)
				return -1;
			if (vt_length(k->vt) > h + 0.01 &&
			    (cut = after_city(t, (int)floor(h / em))) > 0) {
				char *head = arena_strndup(ar, t, cut);

				if ((rc = add_columns(k, pl, st, scale, head, &x, y, y, h,
				    h)) != 0 || (rc = add_columns(k, pl, st, scale, t + cut,
				    &x, y + em, y + em, h - em, h - em)) != 0)
					return rc;
				continue;
			}
			if ((rc = add_columns(k, pl, st, scale, t, &x, y, y + em, h,
			    h - em)) != 0)
				return rc;
			continue;
		}
		/* the building and the organisation: set lower */
		if ((rc = add_columns(k, pl, st, scale, t, &x, y + 2 * em, y + 2 * em,
		    h - 2 * em, h - 2 * em)) != 0)
			return rc;
	}
	pl->left = x + st->leading * scale / 2;
	return 0;
}

/* Split a name at its first space: family and given; given NULL when none. */
static void
split_name(const char *s, char *fam, size_t fsize, const char **given)
{
	const char *sp = strchr(s, ' '), *ws = strstr(s, "\u3000");
	size_t n;

	if (ws && (!sp || ws < sp))
		sp = ws;
	*given = NULL;
	n = sp ? (size_t)(sp - s) : strlen(s);
	if (n >= fsize)
		n = fsize - 1;
	memcpy(fam, s, n);
	fam[n] = '\0';
	if (sp) {
		sp += *sp == ' ' ? 1 : 3;
		while (*sp == ' ')
			sp++;
		if (*sp)
			*given = sp;
	}
}

/* A name's columns: family, a gap of one em, given, from top y. */
struct name {
	const char *fam, *given;	/* fam NULL: only the given name, aligned */
	const char *hon;
	double len;			/* down the column to the honorific */
};

/*
 * The names: the first in full, each joint name from the first given
 * name's height when it shares the family name (and then without it),
 * the honorifics on one row below the longest. Fills pl from centre x
 * leftwards; the names' column length must stay within h.
 */
static int
plan_names(card_ctx *k, const address *a, double scale, double xc, double y,
    double h, struct plan *pl, double *width, arena *ar)
{
	const lay_style *st = style_or(k->l, "address-name", "address");
	double em = st->size * scale, pitch = st->leading * scale;
	double given_y = 0, hon_y = 0, x;
	struct name nm[ADDR_MAX_LINES];
	char first_fam[256] = "";
	int n = 0;

	for (int i = 0; i < a->n; i++) {
		const addr_line *al = &a->lines[i];
		char fam[256];
		const char *given;

		if (al->role != ADDR_NAME)
			continue;
		/* an organisation's name is one piece; a person's parts at the space */
		if (al->honorific && strcmp(al->honorific, "御中") == 0) {
			snprintf(fam, sizeof(fam), "%s", al->text);
			given = NULL;
		} else
			split_name(al->text, fam, sizeof(fam), &given);
		nm[n].hon = al->honorific;
		if (n > 0 && given != NULL && strcmp(fam, first_fam) == 0) {
			nm[n].fam = NULL;
			nm[n].given = given;
		} else if (given != NULL) {
			nm[n].fam = arena_strdup(ar, fam);
			nm[n].given = given;
		} else {
			/* one word: a company, or a joint given name alone */
			nm[n].fam = n > 0 && al->honorific && strcmp(al->honorific,
			    "様") == 0 && first_fam[0] ? NULL : al->text;
			nm[n].given = nm[n].fam ? NULL : al->text;
		}
		if (n == 0)
			snprintf(first_fam, sizeof(first_fam), "%s", fam);
		n++;
	}
	if (n == 0)
		return 0;
	/* the first given name's height: where the joint names start */
	if (nm[0].fam) {
		if (shape(k, st, scale, nm[0].fam) != 0)
			return -1;
		given_y = vt_length(k->vt) + (nm[0].given ? em : 0);
	}
	for (int i = 0; i < n; i++) {
		double len = nm[i].fam ? 0 : given_y;

		if (nm[i].fam) {
			if (shape(k, st, scale, nm[i].fam) != 0)
				return -1;
			len += vt_length(k->vt) + (nm[i].given ? em : 0);
		}
		if (nm[i].given) {
			if (shape(k, st, scale, nm[i].given) != 0)
				return -1;
			len += vt_length(k->vt);
		}
		nm[i].len = len;
		if (len > hon_y)
			hon_y = len;
	}
	hon_y += NAME_GAP * em;
	*width = n * pitch;
	x = xc + (n - 1) * pitch / 2;
	for (int i = 0; i < n; i++, x -= pitch) {
		double cy = y + (nm[i].fam ? 0 : given_y), cx = x;
		int rc;

		if (nm[i].fam) {
			if ((rc = add_columns(k, pl, st, scale, nm[i].fam, &cx, cy, cy, h,
			    h)) != 0)
				return rc;
			cx = x;
			if (shape(k, st, scale, nm[i].fam) != 0)
				return -1;
			cy += vt_length(k->vt) + em;
		}
		if (nm[i].given && (rc = add_columns(k, pl, st, scale, nm[i].given, &cx,
		    cy, cy, h, h)) != 0)
			return rc;
		cx = x;
		if (nm[i].hon && (rc = add_columns(k, pl, st, scale, nm[i].hon, &cx,
		    y + hon_y, y + hon_y, h, h)) != 0)
			return rc;
	}
	/* the names and the honorific in one column each, within h */
	if (hon_y + em > h + 0.01)
		return 1;
	return 0;
}

/* Every column of pl within the box x0..x1, y0..y1? */
static int
plan_fits(const struct plan *pl, double x0, double x1, double y0, double y1)
{
	for (int i = 0; i < pl->n; i++) {
		const struct col *c = &pl->cols[i];
		double half = c->st->size * c->scale / 2;

		if (c->x - half < x0 - 0.01 || c->x + half > x1 + 0.01 ||
		    c->y < y0 - 0.01 || c->y + c->length > y1 + 0.01)
			return 0;
	}
	return 1;
}

/* A domestic address set vertically at scale: 0 drawn, 1 does not fit, -1 error. */
static int
vertical_at(card_ctx *k, const address *a, double scale, double nscale,
    double x0, double y0, double w, double h, int draw, arena *ar)
{
	const lay_style *st = layout_style(k->l, "address");
	const lay_style *nst = style_or(k->l, "address-name", "address");
	struct plan adr = {0}, names = {0};
	double width = 0, xc, gap = st->size * scale, top;
	int rc;

	/* the name stays larger than the address */
	if (nst->size * nscale < st->size * scale + 1)
		return 1;
	if ((rc = plan_address(k, a, scale, x0 + w, y0, h, &adr, ar)) != 0)
		return rc;
	/* the names centred on the card, else as far right as the address leaves room */
	xc = k->c->width / 2;
	if (xc < x0 || xc > x0 + w)
		xc = x0 + w / 2;
	top = y0 + st->size * scale;
	if ((rc = plan_names(k, a, nscale, 0, top, y0 + h - top, &names, &width,
	    ar)) != 0)
		return rc;
	if (xc + width / 2 > adr.left - gap)
		xc = adr.left - gap - width / 2;
	for (int i = 0; i < names.n; i++)
		names.cols[i].x += xc;
	if (!plan_fits(&adr, x0, x0 + w, y0, y0 + h) ||
	    !plan_fits(&names, x0, x0 + w, y0, y0 + h) ||
	    xc - width / 2 + nst->leading * nscale / 2 - nst->size * nscale / 2 < x0 - 0.01)
		return 1;
	if (draw) {
		draw_plan(k, &adr);
		draw_plan(k, &names);
	}
	return 0;
}

static int card_has_boxes(const layout *l);

/*
 * A horizontal address: abroad, POST CARD and AIR MAIL above it; a
 * domestic JP address without its postal code when the boxes hold it.
 */
static int
horizontal(card_ctx *k, const lay_frame *fr, const address *a, const char *barcode,
    double x, double y, double w, double h)
{
	const lay_style *st = layout_style(k->l, "address");
	int abroad = find_role(a, ADDR_COUNTRY) != NULL, rc;
	dl_copy *c = k->c;
	dl_page *p = k->p;
	const char *marks[2] = {"POST CARD", "AIR MAIL"};
	address boxed;

	if (a->jp && card_has_boxes(k->l)) {
		boxed = *a;
		boxed.n = 0;
		for (int i = 0; i < a->n; i++)
			if (a->lines[i].role != ADDR_POSTAL)
				boxed.lines[boxed.n++] = a->lines[i];
		a = &boxed;
	}
	for (int i = 0; i < 2 && abroad; i++) {
		int f = layout_pick_font(k->l, st->face, 'P');

		if (f < 0)
			return -1;
		dl_text(c, p, x, c->height - (y + st->size * ASCENT +
		    (st->leading - st->size) / 2), f, st->size, st->color, marks[i],
		    strlen(marks[i]));
		y += st->leading;
		h -= st->leading;
	}
	y += st->leading / 2;
	h -= st->leading / 2;
	rc = lay_address(k->e, c, p, x, y, w, h, a, barcode, 0, fr->min_size,
	    k->customer, k->d);
	k->c = c;
	k->p = p;
	if (rc == 1)
		overflow(k, fr, "the address, even at the smallest size");
	return rc == 0 ? 0 : -1;
}

/* Does the layout have the postal-code boxes? */
static int
card_has_boxes(const layout *l)
{
	for (int i = 0; i < layout_nframes(l); i++)
		if (layout_frame(l, i)->postal)
			return 1;
	return 0;
}

int
card_address(card_ctx *k, const lay_frame *fr, const address *a,
    const char *barcode)
{
	const lay_style *st = layout_style(k->l, "address");
	const lay_style *nst = style_or(k->l, "address-name", "address");
	double x, y, w, h, floor, nfloor, s = 1, ns;
	arena *ar;
	int rc = 1;

	if (a == NULL || a->n == 0)
		return 0;
	lay_frame_inner(fr, &x, &y, &w, &h);
	if (!a->jp || !fr->jp_address)
		return horizontal(k, fr, a, fr->barcode ? barcode : NULL, x, y, w, h);
	if (barcode && *barcode && fr->barcode) {
		double bh = lay_barcode(k->e, k->c, k->p, x, y + h, w, barcode,
		    k->customer, k->d);

		h -= bh;
	}
	floor = fr->min_size > 0 ? fr->min_size / st->size : FLOOR;
	nfloor = fr->min_size > 0 ? fr->min_size / nst->size : FLOOR;
	if (floor > 1)
		floor = 1;
	if (nfloor > 1)
		nfloor = 1;
	ar = arena_new();
	/* the name as large as it can be, the address shrunk first */
	for (ns = 1; ns >= nfloor - 1e-9 && rc == 1; ns -= 0.05)
		for (s = 1; s >= floor - 1e-9; s -= 0.05) {
			arena_reset(ar);
			if ((rc = vertical_at(k, a, s, ns, x, y, w, h, 0, ar)) <= 0)
				break;
		}
	if (rc == 0) {
		arena_reset(ar);
		rc = vertical_at(k, a, s, ns + 0.05, x, y, w, h, 1, ar);
	}
	arena_free(ar);
	if (rc == 1)
		overflow(k, fr, "the address, even at the smallest size");
	return rc == 0 ? 0 : -1;
}

int
card_vertical_lines(card_ctx *k, const lay_frame *fr, const char *const *texts,
    const unsigned char *vary)
{
	double x, y, w, h, s;
	struct plan pl;
	int varies = vary == NULL;

	lay_frame_inner(fr, &x, &y, &w, &h);
	for (s = 1; s >= FLOOR - 1e-9; s -= 0.025) {
		double xr = x + w;

		pl.n = 0;
		int rc = 0;

		for (int i = 0; i < fr->nlines && rc == 0; i++) {
			const lay_style *st = layout_style_at(k->l,
			    layout_line(k->l, fr->line0 + i)->style);
			double cx = xr - st->leading * s / 2;
			int first = pl.n;

			if (texts[i] == NULL || *texts[i] == '\0')
				continue;
			if ((rc = add_columns(k, &pl, st, s, texts[i], &cx, y, y, h, h)) < 0)
				return -1;
			for (int j = first; j < pl.n && st->align == AL_RIGHT; j++)
				pl.cols[j].y = y + h - pl.cols[j].length;
			xr = cx + st->leading * s / 2;
		}
		if (rc == 0 && plan_fits(&pl, x, x + w, y, y + h))
			break;
	}
	if (s < FLOOR - 1e-9) {
		overflow(k, fr, "its lines, even at the smallest size");
		return -1;
	}
	/* the same in every copy unless a line varies (then its size may too) */
	for (int i = 0; i < fr->nlines && !varies; i++)
		varies = vary[i];
	if (!varies)
		DL_STATIC_BEGIN(k->c, DL_SITE_VERTICAL_LINES, NULL, fr->line0, fr->nlines,
		    x, y, w, h);
	draw_plan(k, &pl);
	if (!varies)
		dl_static_end(k->c);
	k->c->vary = 1;
	return 0;
}

/* The text of a paragraph or heading block: its spans joined. */
static void
block_text(const lay_block *b, buf *out)
{
	buf_clear(out);
	for (int i = 0; i < b->nspans; i++)
		buf_put(out, b->spans[i].text, b->spans[i].len);
}

int
card_vertical_body(card_ctx *k, const lay_block *b, int n, double x, double y,
    double w, double h)
{
	buf t = BUF_INIT;
	double cx = x + w;
	int rc = -1, vary = 0, scoped = 0;

	for (int i = 0; i < n; i++) {
		const lay_style *st;
		const vt_column *cols;
		int nc;

		if (scoped)
			dl_static_end(k->c);
		/* a block that varies moves every column after it */
		vary |= b[i].vary;
		k->c->vary = vary;
		/* one that does not, after none that does: its columns are where cx is */
		if ((scoped = !vary && b[i].id > 0))
			DL_STATIC_BEGIN(k->c, DL_SITE_VERTICAL_BODY, NULL, b[i].id, cx, x,
			    y, w, h);
		if (b[i].kind == LB_QR) {
			double side = MM(20);

			/* the next place in the flow, at the top */
			if (b[i].qr && *b[i].qr) {
				if (cx - side < x - 0.01)
					goto full;
				dl_qr(k->c, k->p, cx - side, k->c->height - y - side, side,
				    b[i].qr);
				cx -= side + MM(3);
			}
			continue;
		}
		if (b[i].kind != LB_PARA && b[i].kind != LB_HEADING)
			continue;
		st = b[i].style && layout_style(k->l, b[i].style) ?
		    layout_style(k->l, b[i].style) : layout_block_style(k->l,
		    b[i].kind == LB_HEADING ? b[i].level : 0, b[i].quote, 0);
		block_text(&b[i], &t);
		if (shape(k, st, 1, buf_str(&t)) != 0)
			goto out;
		nc = vt_break(k->vt, h, &cols);
		cx -= st->before;
		for (int c = 0; c < nc; c++) {
			double col = cx - st->leading / 2;

			if (col - st->size / 2 < x - 0.01)
				goto full;
			vt_draw(k->vt, k->c, k->p, cols[c].c0, cols[c].c1, col,
			    st->align == AL_RIGHT ? y + h - cols[c].length :
			    st->align == AL_CENTER ? y + (h - cols[c].length) / 2 : y, 0,
			    st->color);
			cx -= st->leading;
		}
		cx -= st->after;
	}
	rc = 0;
	goto out;
full:
	diag_customer(k->d, D_OVERFLOW, k->customer, "the vertical message",
	    "more columns than the side holds");
out:
	if (scoped)
		dl_static_end(k->c);
	k->c->vary = 1;
	buf_free(&t);
	return rc;
}
