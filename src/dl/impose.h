/* impose: cards on press sheets, N-up in cut-and-stack order, fronts and backs aligned for duplex, with crop marks. */
#ifndef TAYORI_IMPOSE_H
#define TAYORI_IMPOSE_H

#include "dl/dlist.h"

#define IMPOSE_MAX_N 64

/* Where the cards go on a sheet, pt; positions run left to right, top to bottom. */
typedef struct impose_grid {
	int n, cols, rows;
	char sheet[16];		/* A4, SRA3 or 13x19 */
	double sheet_w, sheet_h;
	double card_w, card_h, bleed;
	double x0, y0;		/* the first card's trim, from the sheet's top-left */
	double pitch_x, pitch_y;	/* card + 2 × bleed: the bleeds meet */
} impose_grid;

/*
 * Plan n cards of card_w × card_h (trim, pt) with bleed on a sheet: the
 * one named (A4, SRA3, 13x19; NULL: the first of these that holds them),
 * upright or turned, in the grid of n positions (cols × rows) that fits
 * with MARGIN for the crop marks, centred. 0, or -1 with *why set.
 */
#define IMPOSE_MARGIN (10 * 72.0 / 25.4)
int impose_plan(int n, const char *sheet, double card_w, double card_h,
    double bleed, impose_grid *g, const char **why);

/*
 * Cut and stack: with total copies on ceil(total / n) sheets, copy i
 * (0-based) is on sheet i % sheets at position i / sheets, so that the
 * stacks, cut and put in position order, are in copy order.
 */
int impose_sheets(const impose_grid *g, int total);
void impose_place(const impose_grid *g, int total, int i, int *sheet, int *pos);

/*
 * Sheet s (0-based) of copies[0..total), each of one or two pages (front,
 * back): a copy of sheet size with the fronts on its first page and the
 * backs on its second, each back where its front is, seen through the
 * sheet (its column mirrored: the sheet is turned left to right), and
 * crop marks at every trim edge in the margin. NULL copies leave their
 * place empty.
 */
dl_copy *impose_sheet(const impose_grid *g, dl_copy *const *copies, int total,
    int s);

#endif
