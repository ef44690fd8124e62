/* card: a card's frames: Japan Post's postal-code boxes, the vertical (縦書き) address side, vertical lines and body. */
#ifndef TAYORI_CARD_H
#define TAYORI_CARD_H

#include "address/address.h"
#include "layout/layout.h"
#include "layout/vertical.h"

/* What a card frame is drawn with: the engine's copy and page, its vertical text. */
typedef struct card_ctx {
	lay_engine *e;		/* for the horizontal address (lay_address) */
	const layout *l;
	vt_text *vt;
	dl_copy *c;
	dl_page *p;
	diag *d;
	long long customer;
} card_ctx;

/*
 * The addressee's postal code, one digit centred in each of Japan Post's
 * seven boxes of frame fr (style postal, else address-name), the boxes
 * drawn in red (M+Y) when fr->boxes. Nothing for an address that is not
 * mailed within Japan (abroad: the boxes stay empty). 0, or -1 with a
 * diagnostic (a postal code that is not seven digits).
 */
int card_postal(card_ctx *k, const lay_frame *fr, const address *a);

/*
 * The address side's address in frame fr: a domestic Japanese address
 * vertically (the address in columns from the top right, its numbers by
 * tate_numerals, wrapped after the city, the building and organisation
 * lines set lower; the names centred, larger, 連名 aligned to the first
 * given name and each honorific on one row); any other horizontally, with
 * POST CARD and, abroad, AIR MAIL above it. Styles address and
 * address-name shrink together down to fr->min_size (else 60 %), then the
 * copy fails with a diagnostic: nothing is drawn outside the frame.
 * A card's address frame (content: address) sets every address
 * horizontally, the same way. 0, or -1 with a diagnostic.
 */
int card_address(card_ctx *k, const lay_frame *fr, const address *a,
    const char *barcode);

/*
 * A frame's lines set vertically: each line a column (more when it is
 * long) from the right edge leftwards, a line's style's leading apart;
 * align right sets a column to the bottom. Shrunk to 60 % to fit, else
 * a diagnostic. texts[i] NULL: line i is left out; vary[i]: line i may
 * differ between copies (NULL: all may). 0 or -1.
 */
int card_vertical_lines(card_ctx *k, const lay_frame *fr,
    const char *const *texts, const unsigned char *vary);

/*
 * A vertical message: the blocks' text set in columns from the right
 * edge of the box x, y, w, h (pt from the top-left) leftwards, each
 * paragraph from the top of a new column, in its style (align center:
 * centred down the column, right: to its foot); a QR block, 20 mm, in
 * the next place at the top. 0, or -1 with a diagnostic when it does
 * not fit.
 */
int card_vertical_body(card_ctx *k, const lay_block *b, int n, double x,
    double y, double w, double h);

#endif
