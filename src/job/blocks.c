/* blocks: a copy's body blocks and frame lines, merged for one customer. */
#include "job/blocks.h"

#include <string.h>

#include "render/qr.h"
#include "util/buf.h"

int
job_merge_blocks(const doc *dc, merge *mg, const unsigned char *vary,
    const merge_row *r, arena *ar, lay_block **out, diag *d)
{
	lay_block *lb = arena_alloc(ar, (size_t)(dc->nblocks + 1) * sizeof(*lb));
	unsigned char take[DOC_MAX_IF_DEPTH], cond[DOC_MAX_IF_DEPTH];
	int depth = 0, n = 0;

	for (int i = 0; i < dc->nblocks; i++) {
		const block *b = &dc->blocks[i];
		int on = depth == 0 || take[depth - 1];
		mspan *ms;
		lay_block *x;

		switch (b->kind) {
		case BLK_IF:
			cond[depth] = (unsigned char)merge_cond(mg, b->tag, r);
			take[depth] = (unsigned char)(on && cond[depth]);
			depth++;
			continue;
		case BLK_ELSE:
			take[depth - 1] = (unsigned char)(!cond[depth - 1] &&
			    (depth < 2 || take[depth - 2]));
			continue;
		case BLK_ENDIF:
			depth--;
			continue;
		default:
			break;
		}
		if (!on)
			continue;
		x = &lb[n];
		x->level = b->level;
		x->indent = b->indent;
		x->quote = b->quote;
		x->item_first = b->item_first;
		x->marker = b->marker;
		x->line = b->line;
		x->vary = vary ? vary[i] : 1;
		x->id = i + 1;
		x->ncols = b->ncols;
		x->table = b->table;
		x->row = b->row;
		x->col = b->col;
		x->head = b->head;
		x->cell_align = b->align == 'r' ? AL_RIGHT : b->align == 'c' ? AL_CENTER : AL_LEFT;
		x->note = b->note;
		x->box = b->box;
		x->box_id = b->box_id;
		switch (b->kind) {
		case BLK_PARA:
		case BLK_HEADING:
			x->kind = b->kind == BLK_PARA ? LB_PARA : LB_HEADING;
			x->nspans = merge_spans(mg, b, r, ar, &ms, d);
			/* mspan and lay_span share their layout */
			x->spans = (const lay_span *)ms;
			if (x->nspans == 0)
				continue;
			break;
		case BLK_HR:
			x->kind = LB_HR;
			break;
		case BLK_IMAGE:
			x->kind = LB_IMAGE;
			x->path = b->path;
			x->img_w = b->img_w;
			x->img_h = b->img_h;
			break;
		case BLK_QR:
			x->kind = LB_QR;
			x->qr = job_merge_qr(mg, dc->tags[b->tag].tmpl,
			    dc->tags[b->tag].file, dc->tags[b->tag].line, r, ar, d);
			if (x->qr == NULL)
				return -1;
			break;
		case BLK_PAGEBREAK:
			x->kind = LB_PAGEBREAK;
			break;
		default:
			continue;
		}
		n++;
	}
	*out = lb;
	return n;
}


const char **
job_merge_lines(const layout *l, merge *mg, char *const *tmpl, const merge_row *r,
    arena *ar, diag *d)
{
	int n = layout_nlines(l);
	const char **lines = arena_alloc(ar, (size_t)(n + 1) * sizeof(*lines));
	buf t = BUF_INIT;

	for (int i = 0; i < n; i++) {
		int nf = 0, ne = 0, blank = 1;

		buf_clear(&t);
		merge_text(mg, tmpl[i], strlen(tmpl[i]), r, &t,
		    &nf, &ne, d);
		for (size_t k = 0; k < t.len; k++)
			if (t.p[k] != ' ')
				blank = 0;
		lines[i] = (nf > 0 && ne == nf) || blank ? NULL :
		    arena_strdup(ar, buf_str(&t));
	}
	buf_free(&t);
	return lines;
}

const char *
job_merge_qr(merge *mg, const char *tmpl, const char *file, int line,
    const merge_row *r, arena *ar, diag *d)
{
	buf t = BUF_INIT;
	const char *s = NULL;

	merge_text(mg, tmpl, strlen(tmpl), r, &t, NULL, NULL, d);
	if (t.len > QR_MAX_BYTES)
		diag_customer(d, D_QR_TOO_LONG, r->id, file, line, t.len,
		    QR_MAX_BYTES);
	else
		s = arena_strdup(ar, buf_str(&t));
	buf_free(&t);
	return s;
}
