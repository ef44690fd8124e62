/* letter: the parts of a letter around its body (salutation, closing, signature, P.S.), from the front matter. */
#include "job/letter.h"

#include <string.h>

#include "util/buf.h"
#include "util/mem.h"

const char *const letter_keys[LETTER_NPARTS] = {
	"salutation", "closing", "signature-image", "signature", "ps"
};

/* The style each part is set in, when the layout has it. */
static const char *const styles[LETTER_NPARTS] = {
	"salutation", "closing", "signature", "signature", "ps"
};

int
letter_parts_load(letter_parts *lp, doc *dc, diag *d)
{
	memset(lp, 0, sizeof(*lp));
	for (int i = 0; i < LETTER_NPARTS; i++) {
		const char *key = letter_keys[i], *v = doc_fm(dc, key);

		if (v == NULL && i == LETTER_SIGNATURE)
			v = doc_fm(dc, key = "sender.signature");
		if (v == NULL || *v == '\0')
			continue;
		if (i == LETTER_SIGNATURE_IMAGE) {
			lp->image = mem_strdup(v);
			lp->image_line = doc_fm_line(dc, key);
			continue;
		}
		if ((lp->tmpl[i] = doc_template(dc, v, dc->path, doc_fm_line(dc, key),
		    d)) == NULL)
			return -1;
	}
	return 0;
}

void
letter_parts_free(letter_parts *lp)
{
	for (int i = 0; i < LETTER_NPARTS; i++)
		mem_free(lp->tmpl[i]);
	mem_free(lp->image);
	memset(lp, 0, sizeof(*lp));
}

/* Part i merged for r as a block in *x; 0 when it is not given or merges empty. */
static int
part(const letter_parts *lp, int i, merge *mg, const merge_row *r, arena *ar,
    lay_block *x, diag *d)
{
	lay_span *sp;
	buf t = BUF_INIT;

	memset(x, 0, sizeof(*x));
	x->style = styles[i];
	if (i == LETTER_SIGNATURE_IMAGE) {
		if (lp->image == NULL || lp->img_w <= 0)
			return 0;
		x->kind = LB_IMAGE;
		x->path = lp->image;
		x->img_w = lp->img_w;
		x->img_h = lp->img_h;
		x->line = lp->image_line;
		return 1;
	}
	if (lp->tmpl[i] == NULL)
		return 0;
	merge_text(mg, lp->tmpl[i], strlen(lp->tmpl[i]), r, &t, NULL, NULL, d);
	if (t.len == 0 || strspn(buf_str(&t), " ") == t.len) {
		buf_free(&t);
		return 0;
	}
	sp = arena_alloc(ar, sizeof(*sp));
	sp->style = 0;
	sp->text = arena_strndup(ar, t.p, t.len);
	sp->len = t.len;
	buf_free(&t);
	x->kind = LB_PARA;
	x->spans = sp;
	x->nspans = 1;
	x->vary = 1;
	return 1;
}

int
letter_wrap(const letter_parts *lp, merge *mg, const merge_row *r,
    const lay_block *body, int n, arena *ar, lay_block **out, diag *d)
{
	lay_block *b = arena_alloc(ar, (size_t)(n + LETTER_NPARTS + 1) * sizeof(*b));
	int k = 0;

	k += part(lp, LETTER_SALUTATION, mg, r, ar, &b[k], d);
	memcpy(&b[k], body, (size_t)n * sizeof(*b));
	k += n;
	for (int i = LETTER_CLOSING; i < LETTER_NPARTS; i++)
		k += part(lp, i, mg, r, ar, &b[k], d);
	*out = b;
	return k;
}
