/* fuzz_typeset: libFuzzer target from content to display list: parsed, merged for one row, typeset on newsletter-a4, dumped. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "fixture.h"
#include "job/blocks.h"
#include "layout/layout.h"
#include "merge/merge.h"
#include "image/image.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"
#include "util/mem.h"

#define SRC TAYORI_SOURCE_DIR

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Loaded once: the layout, its engine, the row's address, an image to stand for every image. */
static layout *lay;
static lay_engine *eng;
static arena *fixed;
static address *addr;
static const char *barcode;
static const char image_path[] = SRC "/content/images/tea.png";
static image_info image;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const fontdirs[] = {SRC "/fonts", NULL};
	char err[256];
	diag d;

	diag_init(&d, stderr);
	lay = layout_load(SRC "/layouts/newsletter-a4.yml", fontdirs, &d);
	fixed = arena_new();
	if (lay == NULL || image_inspect(image_path, &image, err, sizeof(err)) != 0 ||
	    fx_address(fixed, &addr, &barcode, &d) != 0)
		abort();
	eng = lay_engine_new(lay);
	return 0;
}

/* Every image stands for a known good one, as the job's checks would have left it. */
static void
known_images(doc *dc)
{
	for (int i = 0; i < dc->nblocks; i++) {
		block *b = &dc->blocks[i];

		if (b->kind != BLK_IMAGE)
			continue;
		mem_free(b->path);
		b->path = mem_strdup(image_path);
		b->img_w = image.w;
		b->img_h = image.h;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int nlines = layout_nlines(lay), nbi, nb, lens[FX_NCOLUMNS], *conds = NULL;
	char **tmpl = mem_calloc((size_t)nlines + 1, sizeof(*tmpl));
	char *qrt = NULL;
	const char *qr;
	merge_builtin *bi = NULL;
	merge *m = NULL;
	arena *a = arena_new();
	lay_block *blocks;
	lay_vars v;
	merge_row r;
	dl_copy *c;
	buf dump = BUF_INIT;
	doc *dc;
	diag d;

	diag_init(&d, NULL);
	if ((dc = doc_parse(SRC "/content/fuzz.md", (const char *)data, size, &d)) == NULL)
		goto out;
	for (int i = 0; i < nlines; i++)
		if ((tmpl[i] = doc_template(dc, layout_line(lay, i)->text,
		    "newsletter-a4.yml", layout_line(lay, i)->line, &d)) == NULL)
			goto out;
	if ((qr = doc_fm(dc, "qr")) != NULL &&
	    (qrt = doc_template(dc, qr, dc->path, doc_fm_line(dc, "qr"), &d)) == NULL)
		goto out;
	bi = fx_builtins(dc, &nbi);
	if ((m = merge_compile(dc, fx_columns, FX_NCOLUMNS, bi, nbi, &d)) == NULL)
		goto out;
	conds = mem_calloc((size_t)dc->nconds + 1, sizeof(*conds));
	fx_row(dc, &r, lens, conds);
	known_images(dc);
	nb = job_merge_blocks(dc, m, NULL, &r, a, &blocks, &d);
	memset(&v, 0, sizeof(v));
	v.lines = job_merge_lines(lay, m, tmpl, &r, a, &d);
	v.qr = NULL;
	if (qrt != NULL && (v.qr = job_merge_qr(m, qrt, dc->path, 1, &r, a,
	    &d)) == NULL)
		nb = -1;
	v.addr = addr;
	v.barcode = barcode;
	v.customer = r.id;
	if (nb >= 0 && (c = lay_copy(eng, blocks, nb, &v, &d)) != NULL) {
		dl_dump(c, &dump);
		dl_copy_free(c);
	}
out:
	buf_free(&dump);
	merge_free(m);
	mem_free(bi);
	mem_free(conds);
	for (int i = 0; i < nlines; i++)
		mem_free(tmpl[i]);
	mem_free(tmpl);
	mem_free(qrt);
	doc_free(dc);
	arena_free(a);
	return 0;
}
