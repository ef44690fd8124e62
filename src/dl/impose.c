/* impose: cards on press sheets, N-up in cut-and-stack order, fronts and backs aligned for duplex, with crop marks. */
#include "dl/impose.h"

#include <stdio.h>
#include <string.h>

#define MM(x) ((x) * 72.0 / 25.4)
#define MARK_LEN MM(5)
#define MARK_GAP MM(2)	/* between a mark and the bleed */

static const struct {
	const char *name;
	double w, h;	/* mm */
} sheets[] = {
	{"A4", 210, 297}, {"SRA3", 320, 450}, {"13x19", 330.2, 482.6},
};

/* The grid cols × rows = n that fits w × h best (the most room left), or 0. */
static int
fit(int n, double w, double h, double pw, double ph, int *cols, int *rows)
{
	double best = -1;

	for (int c = 1; c <= n; c++) {
		int r = n / c;
		double lw, lh;

		if (c * r != n)
			continue;
		lw = w - c * pw - 2 * IMPOSE_MARGIN;
		lh = h - r * ph - 2 * IMPOSE_MARGIN;
		if (lw >= -0.01 && lh >= -0.01 && (lw < lh ? lw : lh) > best) {
			best = lw < lh ? lw : lh;
			*cols = c;
			*rows = r;
		}
	}
	return best >= 0;
}

int
impose_plan(int n, const char *sheet, double card_w, double card_h,
    double bleed, impose_grid *g, const char **why)
{
	memset(g, 0, sizeof(*g));
	if (n < 1 || n > IMPOSE_MAX_N) {
		*why = "N-up is 1 to 64 cards a sheet";
		return -1;
	}
	g->n = n;
	g->card_w = card_w;
	g->card_h = card_h;
	g->bleed = bleed;
	g->pitch_x = card_w + 2 * bleed;
	g->pitch_y = card_h + 2 * bleed;
	for (size_t i = 0; i < sizeof(sheets) / sizeof(sheets[0]); i++) {
		if (sheet != NULL && strcmp(sheet, sheets[i].name) != 0)
			continue;
		/* the sheet upright, then turned */
		for (int turn = 0; turn < 2; turn++) {
			double w = MM(turn ? sheets[i].h : sheets[i].w);
			double h = MM(turn ? sheets[i].w : sheets[i].h);

			if (!fit(n, w, h, g->pitch_x, g->pitch_y, &g->cols, &g->rows))
				continue;
			snprintf(g->sheet, sizeof(g->sheet), "%s", sheets[i].name);
			g->sheet_w = w;
			g->sheet_h = h;
			g->x0 = (w - g->cols * g->pitch_x) / 2 + bleed;
			g->y0 = (h - g->rows * g->pitch_y) / 2 + bleed;
			return 0;
		}
		if (sheet != NULL) {
			*why = "the cards, with their bleed and 10 mm for crop marks, do "
			    "not fit on that sheet";
			return -1;
		}
	}
	*why = sheet != NULL ? "the sheet is A4, SRA3 or 13x19" :
	    "the cards, with their bleed and 10 mm for crop marks, fit on no "
	    "sheet (A4, SRA3, 13x19)";
	return -1;
}

int
impose_sheets(const impose_grid *g, int total)
{
	return (total + g->n - 1) / g->n;
}

void
impose_place(const impose_grid *g, int total, int i, int *sheet, int *pos)
{
	int s = impose_sheets(g, total);

	*sheet = i % s;
	*pos = i / s;
}

/*
 * Every item of page from, moved by dx, dy, onto page to; its unvarying
 * ones, when its key tells them, under that key and the move.
 */
static void
move_items(dl_copy *dst, dl_page *to, const dl_page *from, double dx, double dy)
{
	if (from->nstatic > 0 && !from->unkeyed)
		DL_STATIC_BEGIN(dst, DL_SITE_SHEET, NULL, (double)(from->key >> 32),
		    (double)(from->key & 0xffffffffu), (double)from->nstatic, dx, dy);
	for (size_t i = 0; i < from->n; i++) {
		const dl_item *it = &from->items[i];
		dl_item *n;

		dst->vary = it->vary;
		switch (it->kind) {
		case DL_TEXT:
			dl_text(dst, to, it->x + dx, it->y + dy, it->font, it->size,
			    it->color, it->str, it->len);
			n = dl_last(to);
			n->spacing = it->spacing;
			n->glyph = it->glyph;
			break;
		case DL_LINE:
			dl_line(dst, to, it->x + dx, it->y + dy, it->x + it->w + dx,
			    it->y + it->h + dy, it->size, it->color);
			break;
		case DL_RECT:
			dl_rect(dst, to, it->x + dx, it->y + dy, it->w, it->h, it->fill,
			    it->size, it->color);
			break;
		case DL_IMAGE:
			dl_image(dst, to, it->x + dx, it->y + dy, it->w, it->h, it->str);
			break;
		case DL_QR:
			dl_qr(dst, to, it->x + dx, it->y + dy, it->w, it->str);
			break;
		}
	}
	dl_static_end(dst);
	dst->vary = 1;
}

/* Crop marks in the margin: each column's and row's trim edges, in every ink. */
static void
crop_marks(const impose_grid *g, dl_copy *c, dl_page *p)
{
	static const dl_color reg = {.c = 1, .m = 1, .y = 1, .k = 1};
	double top = g->y0 - g->bleed, bottom = top + g->rows * g->pitch_y;
	double left = g->x0 - g->bleed, right = left + g->cols * g->pitch_x;
	double H = g->sheet_h;

	DL_STATIC_BEGIN(c, DL_SITE_CROP, NULL, g->cols, g->rows, g->x0, g->y0,
	    g->pitch_x, g->pitch_y, g->card_w, g->card_h, g->bleed, H);
	for (int i = 0; i < g->cols; i++)
		for (int e = 0; e < 2; e++) {
			double x = g->x0 + i * g->pitch_x + e * g->card_w;

			dl_line(c, p, x, H - (top - MARK_GAP), x, H - (top - MARK_GAP -
			    MARK_LEN), 0.25, reg);
			dl_line(c, p, x, H - (bottom + MARK_GAP), x, H - (bottom +
			    MARK_GAP + MARK_LEN), 0.25, reg);
		}
	for (int i = 0; i < g->rows; i++)
		for (int e = 0; e < 2; e++) {
			double y = H - (g->y0 + i * g->pitch_y + e * g->card_h);

			dl_line(c, p, left - MARK_GAP, y, left - MARK_GAP - MARK_LEN, y,
			    0.25, reg);
			dl_line(c, p, right + MARK_GAP, y, right + MARK_GAP + MARK_LEN, y,
			    0.25, reg);
		}
	dl_static_end(c);
}

dl_copy *
impose_sheet(const impose_grid *g, dl_copy *const *copies, int total, int s)
{
	dl_copy *c = dl_copy_new(g->sheet_w, g->sheet_h);
	dl_page *side[2];
	int nsheets = impose_sheets(g, total);

	side[0] = dl_page_add(c);
	side[1] = dl_page_add(c);
	for (int f = 0; f < 2; f++)
		crop_marks(g, c, side[f]);
	for (int pos = 0; pos < g->n; pos++) {
		int i = pos * nsheets + s, col = pos % g->cols, row = pos / g->cols;
		const dl_copy *cp = i < total ? copies[i] : NULL;

		if (cp == NULL)
			continue;
		for (int f = 0; f < 2 && f < (int)cp->npages; f++) {
			/* a back is behind its front: its column mirrored */
			int cc = f == 0 ? col : g->cols - 1 - col;
			double x = g->x0 + cc * g->pitch_x;
			double ytop = g->y0 + row * g->pitch_y;

			move_items(c, side[f], &cp->pages[f], x, g->sheet_h - ytop - cp->height);
		}
	}
	return c;
}
