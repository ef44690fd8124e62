/* blocks: a copy's body blocks and frame lines, merged for one customer. */
#ifndef TAYORI_BLOCKS_H
#define TAYORI_BLOCKS_H

#include "content/doc.h"
#include "layout/layout.h"
#include "merge/merge.h"
#include "util/arena.h"
#include "util/diag.h"

/*
 * The body blocks of r's copy for the layout engine: block-level
 * {{#if}} decided by the row, text merged into ar (values are text, never
 * parsed again). vary (per document block, or NULL: all) marks the blocks
 * with a per-copy field. Returns the count, *out set, or -1 when a {{qr}}
 * is too long for this row (reported).
 */
int job_merge_blocks(const doc *dc, merge *mg, const unsigned char *vary,
    const merge_row *r, arena *ar, lay_block **out, diag *d);

/*
 * The layout's frame lines merged for r (tmpl: one template per layout
 * line); a line whose merge fields are all empty, or that is blank, is
 * NULL: left out.
 */
const char **job_merge_lines(const layout *l, merge *mg, char *const *tmpl,
    const merge_row *r, arena *ar, diag *d);

/*
 * The qr template tmpl (from file:line) merged for r into ar; NULL when
 * the text is longer than a QR code holds, reported naming the customer
 * and file:line.
 */
const char *job_merge_qr(merge *mg, const char *tmpl, const char *file,
    int line, const merge_row *r, arena *ar, diag *d);

#endif
