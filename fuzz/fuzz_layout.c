/* fuzz_layout: libFuzzer target for a layout file: parsed with its fonts, then one fixed copy (or label) typeset and dumped. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content/doc.h"
#include "fixture.h"
#include "layout/layout.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

#define SRC TAYORI_SOURCE_DIR

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static arena *fixed;
static address *addr;
static const char *barcode;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	diag d;

	diag_init(&d, stderr);
	fixed = arena_new();
	if (fx_address(fixed, &addr, &barcode, &d) != 0)
		abort();
	return 0;
}

#define SPAN(st, s) {(st), (s), sizeof(s) - 1}

static const lay_span sp_head[] = {SPAN(0, "ハーベスト通信 12月号")};
static const lay_span sp_body[] = {
	SPAN(0, "いつもご利用ありがとうございます。「新茶」のご案内です。"),
	SPAN(SP_EM, "Emphasis, "), SPAN(SP_STRONG, "strong "),
	SPAN(SP_CODE, "code()"), SPAN(SP_URL, " (https://example.jp/r/AbCd)")
};
static const lay_span sp_item[] = {SPAN(0, "Sencha 100 g, 1,200 円")};

static const lay_block body[] = {
	{.kind = LB_HEADING, .level = 1, .spans = sp_head, .nspans = 1, .line = 1},
	{.kind = LB_PARA, .spans = sp_body, .nspans = 5, .line = 3},
	{.kind = LB_PARA, .indent = 1, .item_first = 1, .marker = "•",
	    .spans = sp_item, .nspans = 1, .line = 5},
	{.kind = LB_PARA, .quote = 1, .spans = sp_body, .nspans = 1, .line = 7},
	{.kind = LB_HR, .line = 9},
	{.kind = LB_HEADING, .level = 3, .spans = sp_head, .nspans = 1, .line = 11},
	{.kind = LB_QR, .qr = "https://example.jp/r/AbCdEfGh12345678", .line = 13},
	{.kind = LB_PAGEBREAK, .line = 15},
	{.kind = LB_PARA, .spans = sp_body, .nspans = 5, .line = 17}
};

static void
typeset(const layout *l, diag *d)
{
	const lay_sheet *sh = layout_sheet(l);
	lay_engine *e = lay_engine_new(l);
	int nlines = layout_nlines(l);
	const char **lines = mem_calloc((size_t)nlines + 1, sizeof(*lines));
	lay_vars v;
	dl_copy *c;
	buf dump = BUF_INIT;

	for (int i = 0; i < nlines; i++)
		lines[i] = i % 3 == 2 ? NULL : "ハーベスト通信 No. 24 · 令和8年12月1日";
	if (sh != NULL) {
		c = dl_copy_new(layout_width(l), layout_height(l));
		dl_page_add(c);
		(void)lay_address(e, c, &c->pages[0], sh->left + sh->pad,
		    sh->top + sh->pad, sh->label_w - 2 * sh->pad,
		    sh->label_h - 2 * sh->pad, addr, barcode, 1, sh->min_size,
		    1042, d);
	} else {
		memset(&v, 0, sizeof(v));
		v.lines = lines;
		v.qr = "https://example.jp/r/AbCdEfGh12345678";
		v.addr = addr;
		v.barcode = barcode;
		v.customer = 1042;
		c = lay_copy(e, body, (int)(sizeof(body) / sizeof(body[0])), &v, d);
	}
	if (c != NULL)
		dl_dump(c, &dump);
	dl_copy_free(c);
	buf_free(&dump);
	mem_free(lines);
	lay_engine_free(e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const fontdirs[] = {SRC "/fonts", NULL};
	layout *l;
	diag d;

	diag_init(&d, NULL);
	if ((l = layout_load_mem(SRC "/layouts/fuzz.yml", (const char *)data, size,
	    fontdirs, &d)) == NULL)
		return 0;
	typeset(l, &d);
	layout_free(l);
	return 0;
}
