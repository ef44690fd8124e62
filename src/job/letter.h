/* letter: the parts of a letter around its body (salutation, closing, signature, P.S.), from the front matter. */
#ifndef TAYORI_LETTER_H
#define TAYORI_LETTER_H

#include "content/doc.h"
#include "layout/layout.h"
#include "merge/merge.h"
#include "util/arena.h"
#include "util/diag.h"

/*
 * The front matter keys of the parts, in the order they are set:
 * salutation before the body; closing, the signature's image, the typed
 * signature (else sender.signature) and ps after it. Each part is a
 * template (merge tags allowed) set in the layout's style of its name
 * (signature-image: the style signature), else body.
 */
enum { LETTER_SALUTATION, LETTER_CLOSING, LETTER_SIGNATURE_IMAGE,
	LETTER_SIGNATURE, LETTER_PS, LETTER_NPARTS };
extern const char *const letter_keys[LETTER_NPARTS];

typedef struct letter_parts {
	char *tmpl[LETTER_NPARTS];	/* compiled templates; NULL: not given */
	char *image;			/* signature-image: the path, validated by the caller */
	int image_line;			/* its line in the content */
	int img_w, img_h;		/* its pixels, set by the caller */
} letter_parts;

/*
 * Compile the parts dc's front matter gives (before merge_compile: their
 * tags join dc's). 0, or -1 with a diagnostic naming file:line.
 */
int letter_parts_load(letter_parts *lp, doc *dc, diag *d);
void letter_parts_free(letter_parts *lp);

/*
 * body[0..n) with the parts merged for r around it, in ar: the count,
 * *out set. A part whose text merges empty is left out.
 */
int letter_wrap(const letter_parts *lp, merge *mg, const merge_row *r,
    const lay_block *body, int n, arena *ar, lay_block **out, diag *d);

#endif
