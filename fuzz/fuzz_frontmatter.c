/* fuzz_frontmatter: libFuzzer target for a content file: front matter, merge tags, Markdown, merge_compile and one row merged. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "content/doc.h"
#include "fixture.h"
#include "merge/merge.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
merge_all(const doc *dc, merge *m, const char *qr, diag *d)
{
	int lens[FX_NCOLUMNS], *conds;
	merge_row r;
	arena *a = arena_new();
	buf out = BUF_INIT;

	conds = mem_calloc((size_t)dc->nconds + 1, sizeof(*conds));
	fx_row(dc, &r, lens, conds);
	for (int i = 0; i < dc->nblocks; i++) {
		const block *b = &dc->blocks[i];
		mspan *ms;

		if (b->kind == BLK_PARA || b->kind == BLK_HEADING)
			(void)merge_spans(m, b, &r, a, &ms, d);
		else if (b->kind == BLK_QR)
			merge_text(m, dc->tags[b->tag].tmpl,
			    strlen(dc->tags[b->tag].tmpl), &r, &out, NULL, NULL, d);
	}
	if (qr != NULL)
		merge_text(m, qr, strlen(qr), &r, &out, NULL, NULL, d);
	buf_free(&out);
	mem_free(conds);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	diag d;
	doc *dc;
	merge *m = NULL;
	merge_builtin *bi = NULL;
	const char *qr;
	char *qrt = NULL;
	int nbi;

	diag_init(&d, NULL);
	if ((dc = doc_parse("content/fuzz.md", (const char *)data, size, &d)) == NULL)
		return 0;
	if ((qr = doc_fm(dc, "qr")) != NULL &&
	    (qrt = doc_template(dc, qr, dc->path, doc_fm_line(dc, "qr"), &d)) == NULL)
		goto out;
	bi = fx_builtins(dc, &nbi);
	if ((m = merge_compile(dc, fx_columns, FX_NCOLUMNS, bi, nbi, &d)) == NULL)
		goto out;
	merge_all(dc, m, qrt, &d);
out:
	merge_free(m);
	mem_free(bi);
	mem_free(qrt);
	doc_free(dc);
	return 0;
}
