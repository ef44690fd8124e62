/* pdf: the PDF device: display-list copies in, one PDF out, streamed through render/pdfw as the copies come. */
#include "render/pdf.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/pdffont.h"
#include "render/pdfimage.h"
#include "render/pdfmeta.h"
#include "render/pdfnum.h"
#include "render/pdfw.h"
#include "render/qr.h"
#include "text/utf8.h"
#include "util/mem.h"

#define LABELS_PER_LEAF	1024	/* page-label number tree: pairs per leaf node */
#define PAGES_PER_NODE	1000	/* page tree: pages per intermediate node */

#define MM		(72.0 / 25.4)
#define MARK_LEN	(5 * MM)	/* crop mark length */
#define MARK_GAP	(1 * MM)	/* crop marks start this far outside the bleed */
#define MARK_WIDTH	0.25
#define TARGET_R	(2 * MM)	/* registration target: circle radius */
#define TARGET_ARM	(3.2 * MM)	/* and half the cross */
#define SAFE_INSET	(3 * MM)	/* proof: the safe area inside the trim */
#define PROOF_WIDTH	0.5
#define PROOF_UNIT	2.0		/* proof: the grid of the stroked letters, 6 units high */
#define ICC_MAX		(16L << 20)	/* a bigger "profile" is a wrong file */
#define KAPPA		0.5522847498	/* a quarter circle's Bézier handles, as a fraction of the radius */

static const dl_color registration = {.c = 1, .m = 1, .y = 1, .k = 1};	/* on every plate */
static const dl_color proof_color = {.m = 1};

/* A font of the layout: /F<index of its first path> in the file's resources. */
struct pdf_font {
	char *path;
	int alias;		/* index of the first font with the same path */
	pdffont *pf;		/* NULL until an item uses it */
	int obj;		/* its Type0 font object; 0 until used */
};

/* An image, written when it is first drawn: /Im<index + 1>. */
struct pdf_image {
	char *path;
	int obj;
};

/* A spot colour: a Separation colour space, /SpotN in the file's resources. */
struct pdf_spot {
	dl_spot spot;		/* its own copy: the display list's may go first */
	int fn;			/* the tint transform, 0 -> no ink, 1 -> the alternate */
};

/*
 * What every copy draws the same on a page (dl_item.vary == 0), written
 * once as a content stream that later pages with the same items share.
 */
#define SHARED_MAX	64
#define SLUGS_MAX	8

struct pdf_shared {
	uint64_t hash;
	size_t nitems;
	int obj;
};

/* A page key (dl_page.key) seen: the fingerprint it stood for, the first time, and its stream. */
#define KEYS_MAX	1024	/* a power of two */

struct pdf_key {
	uint64_t key;		/* 0: a free slot */
	uint64_t hash;
	size_t nitems;
	int shared;		/* index into pdf_doc.shared; -1: drawn with the rest */
	unsigned long hits;
};

/* A page whose content is written and whose dictionary waits to learn its record. */
struct pdf_page {
	int shared, contents, slug;	/* content streams; shared and slug 0: none */
	double mw, mh, o, w, h;	/* media size, trim offset and size */
	int rotate;
};

/* A page label: from page index on, "LABEL p1", "LABEL p2", …; label NULL: plain numbers. */
struct pdf_label {
	int index;
	char *label;
};

struct pdf_doc {
	pdfw *w;
	buf mem;		/* the file so far, without a sink (pdf_save hands it over) */
	diag *d;
	double bleed;
	double slug;		/* PDF_SLUG with marks or a proof, else 0 */
	int marks, proof, print;
	char *title, *creator;
	long long epoch;
	int failed;
	/* objects of the file written at the end, numbered at the start */
	int catalog, pages, resources, info;
	int icc;		/* print: the output profile */
	char *icc_desc;
	struct pdf_font *fonts;
	int nfonts;
	struct pdf_image *images;
	size_t nimages, capimages;
	struct pdf_spot *spots;
	size_t nspots, capspots;
	struct pdf_shared shared[SHARED_MAX];
	int nshared;
	struct pdf_key keys[KEYS_MAX];
	int nkeys;
	struct { double w, h; int obj; } slugs[SLUGS_MAX];	/* the marks of a trim size, drawn once */
	int nslugs;
	int npages;
	/* the page tree: the node being filled, then the root's kids */
	int node, kids[PAGES_PER_NODE], nkids;
	int *nodes;
	size_t nnodes, capnodes;
	/* the last copy's pages, written once it is known whether they are a record */
	struct pdf_page *pend;
	int npend, cappend, pend_first;
	/* page labels: the leaf being filled, then the leaves written with their ranges */
	struct pdf_label leaf[LABELS_PER_LEAF];
	int nleaf;
	int *lleaves, *llimits;
	size_t nlleaves, caplleaves;
	pdfvt *vt;		/* a PDF/VT batch's records; NULL when it is none */

	const struct qr_ahead *ahead;	/* the copy being drawn's QR symbols, made before; NULL: none */

	/* The content stream being drawn and its graphics state, to skip redundant operators. */
	buf cs;
	int in_text;
	int line_known;		/* in text, the start of the line is at (line_x, line_y) */
	long long line_x, line_y;	/* in pdfnum ticks */
	int cur_font;
	double cur_size, cur_spacing;
	int fill_known, stroke_known;
	dl_color fill, stroke;
	double line_width;
};

static int
fail(pdf_doc *p, const char *msg)
{
	if (!p->failed)
		diag_plain(p->d, D_PDF, msg);
	p->failed = 1;
	return -1;
}

/* A writer failure, reported once; the sink's own failure its owner reports (it knows the file and why). */
static int
check_writer(pdf_doc *p)
{
	if (pdfw_sink_failed(p->w))
		p->failed = 1;
	else if (pdfw_failed(p->w))
		return fail(p, "the PDF writer failed");
	return p->failed ? -1 : 0;
}

/*
 * Read the CMYK output profile into b and its description ('desc' tag,
 * ICC v2 text) into desc. Checked enough to refuse a wrong file: an ICC
 * header, the CMYK data colour space, the declared size.
 */
static int
read_profile(pdf_doc *p, const char *path, buf *b, char *desc, size_t desclen)
{
	const unsigned char *u;
	unsigned long size, ntags, i, off, len;
	char msg[600], chunk[8192];
	FILE *f;
	size_t n;

	if ((f = fopen(path, "rb")) == NULL) {
		snprintf(msg, sizeof(msg), "the CMYK output profile %s cannot be "
		    "read (%s): install Debian's libgs-common package "
		    "(ghostscript's ICC profiles)", path, strerror(errno));
		return fail(p, msg);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0 && b->len <= ICC_MAX)
		buf_put(b, chunk, n);
	fclose(f);
	u = (const unsigned char *)b->p;
	if (b->len < 132 || b->len > ICC_MAX || memcmp(u + 36, "acsp", 4) != 0 ||
	    memcmp(u + 16, "CMYK", 4) != 0 ||
	    (size = (unsigned long)u[0] << 24 | (unsigned long)u[1] << 16 |
	    (unsigned long)u[2] << 8 | u[3]) != b->len) {
		snprintf(msg, sizeof(msg), "%s is not a CMYK ICC profile", path);
		return fail(p, msg);
	}
	snprintf(desc, desclen, "%s", strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	ntags = (unsigned long)u[128] << 24 | (unsigned long)u[129] << 16 |
	    (unsigned long)u[130] << 8 | u[131];
	for (i = 0; i < ntags && 132 + 12 * (i + 1) <= size; i++) {
		const unsigned char *t = u + 132 + 12 * i;

		off = (unsigned long)t[4] << 24 | (unsigned long)t[5] << 16 |
		    (unsigned long)t[6] << 8 | t[7];
		if (memcmp(t, "desc", 4) != 0 || off > size || size - off < 12 ||
		    memcmp(u + off, "desc", 4) != 0)
			continue;
		len = (unsigned long)u[off + 8] << 24 | (unsigned long)u[off + 9] << 16 |
		    (unsigned long)u[off + 10] << 8 | u[off + 11];
		if (len > 1 && len <= size - off - 12) {
			unsigned long k;

			for (k = 0; k < len - 1 && k < desclen - 1; k++) {
				unsigned char c = u[off + 12 + k];

				if (c == 0)
					break;
				desc[k] = c >= 0x20 && c < 0x7f ? (char)c : '?';
			}
			desc[k] = '\0';
		}
		break;
	}
	return 0;
}

/* The output profile, written first; the output intent naming it goes in the catalog at the end. */
static int
add_profile(pdf_doc *p, const char *path)
{
	char desc[200];
	buf b = BUF_INIT;

	if (read_profile(p, path, &b, desc, sizeof(desc)) < 0) {
		buf_free(&b);
		return -1;
	}
	p->icc = pdfw_alloc(p->w);
	pdfw_stream(p->w, p->icc, "/N 4 /Alternate /DeviceCMYK", b.p, b.len,
	    PDFW_COMPRESS);
	p->icc_desc = mem_strdup(desc);
	buf_free(&b);
	return check_writer(p);
}

pdf_doc *
pdf_new_to(const char *const *font_paths, int nfonts, const pdf_opts *o,
    pdfw_sink sink, void *ctx, diag *d)
{
	pdf_doc *p = mem_calloc(1, sizeof(*p));
	struct tm tm;
	time_t t;
	int i, j;

	p->d = d;
	p->bleed = o->bleed > 0 ? o->bleed : 0;
	p->marks = o->marks;
	p->proof = o->proof;
	p->print = o->print;
	p->slug = o->marks || o->proof ? PDF_SLUG : 0;
	p->title = o->title ? mem_strdup(o->title) : NULL;
	p->creator = o->creator ? mem_strdup(o->creator) : NULL;
	p->epoch = o->epoch;
	p->nfonts = nfonts;
	p->fonts = mem_calloc(nfonts > 0 ? (size_t)nfonts : 1, sizeof(*p->fonts));
	for (i = 0; i < nfonts; i++) {
		p->fonts[i].path = mem_strdup(font_paths[i]);
		p->fonts[i].alias = i;
		for (j = 0; j < i; j++)
			if (strcmp(font_paths[i], font_paths[j]) == 0) {
				p->fonts[i].alias = j;
				break;
			}
	}
	t = (time_t)o->epoch;
	if (gmtime_r(&t, &tm) == NULL) {
		fail(p, "creation date out of range");
		goto fail;
	}
	p->w = sink ? pdfw_new(sink, ctx) : pdfw_new(pdfw_sink_buf, &p->mem);
	/* PDF/X-4 is PDF 1.6; office files need no more than 1.4 */
	if (!o->print)
		pdfw_version(p->w, 4);
	p->catalog = pdfw_alloc(p->w);
	p->pages = pdfw_alloc(p->w);
	p->resources = pdfw_alloc(p->w);
	p->info = pdfw_alloc(p->w);
	if (check_writer(p) < 0)
		goto fail;
	if (o->print && add_profile(p, o->profile ? o->profile : PDF_CMYK_PROFILE) < 0)
		goto fail;
	if (o->print && o->records)
		p->vt = pdfvt_new(p->w);
	return p;
fail:
	pdf_free(p);
	return NULL;
}

pdf_doc *
pdf_new(const char *const *font_paths, int nfonts, const pdf_opts *o, diag *d)
{
	return pdf_new_to(font_paths, nfonts, o, NULL, NULL, d);
}

/* The font for index i, loaded the first time it is used, in the file from then on. */
static struct pdf_font *
get_font(pdf_doc *p, int i)
{
	struct pdf_font *f;
	char what[600], err[300];

	if (i < 0 || i >= p->nfonts) {
		snprintf(what, sizeof(what), "font index %d out of range (%d fonts)",
		    i, p->nfonts);
		fail(p, what);
		return NULL;
	}
	f = &p->fonts[p->fonts[i].alias];
	if (f->obj)
		return f;
	if (f->pf == NULL && (f->pf = pdffont_load(f->path, err, sizeof(err))) == NULL) {
		snprintf(what, sizeof(what), "loading font %s: %s", f->path, err);
		fail(p, what);
		return NULL;
	}
	f->obj = pdfw_alloc(p->w);
	return f;
}

/* The tint transform of a spot: type 2 (exponential), C0 no ink, C1 the alternate, N 1. */
static int
tint_function(pdf_doc *p, const dl_spot *sp)
{
	const double c1[4] = {sp->c, sp->m, sp->y, sp->k};
	int fn = pdfw_alloc(p->w);
	buf *b;

	pdfw_begin(p->w, fn);
	b = pdfw_buf(p->w);
	buf_puts(b, "<< /FunctionType 2 /Domain [0 1] /C0 [0 0 0 0] /C1 [");
	for (int i = 0; i < 4; i++) {
		pdfnum_put(b, c1[i]);
		buf_putc(b, i < 3 ? ' ' : ']');
	}
	buf_puts(b, " /N 1 >>");
	pdfw_end(p->w);
	return fn;
}

/* The 1-based number of spot sp in the document (added on first use), or -1. */
static int
spot_index(pdf_doc *p, const dl_spot *sp)
{
	struct pdf_spot *s;
	size_t i;

	for (i = 0; i < p->nspots; i++)
		if (dl_spot_equal(&p->spots[i].spot, sp))
			return (int)i + 1;
	if (sp->name[0] == '\0' || memchr(sp->name, '\0', sizeof(sp->name)) == NULL)
		return fail(p, "a spot colour needs a name of 1 to 63 bytes");
	if (!(sp->c >= 0 && sp->c <= 1 && sp->m >= 0 && sp->m <= 1 &&
	    sp->y >= 0 && sp->y <= 1 && sp->k >= 0 && sp->k <= 1))
		return fail(p, "a spot colour's CMYK alternate is out of range 0..1");
	if (p->nspots == p->capspots) {
		p->capspots = p->capspots ? p->capspots * 2 : 4;
		p->spots = mem_realloc(p->spots, p->capspots * sizeof(*p->spots));
	}
	s = &p->spots[p->nspots];
	s->spot = *sp;
	s->fn = tint_function(p, sp);
	return (int)++p->nspots;
}

/* Select spot colour c for filling (op "cs", "scn") or stroking ("CS", "SCN"). */
static int
set_spot(pdf_doc *p, dl_color c, int known, dl_color cur, int stroke)
{
	int n;

	if ((n = spot_index(p, c.spot)) < 0)
		return -1;
	if (!(c.tint >= 0 && c.tint <= 1))
		return fail(p, "a spot colour's tint is out of range 0..1");
	if (!known || cur.spot == NULL || !dl_spot_equal(cur.spot, c.spot)) {
		buf_puts(&p->cs, "/Spot");
		pdfnum_put_int(&p->cs, n);
		buf_puts(&p->cs, stroke ? " CS\012" : " cs\012");
	}
	pdfnum_put(&p->cs, c.tint);
	buf_puts(&p->cs, stroke ? " SCN\012" : " scn\012");
	return 0;
}

static void
put_cmyk(pdf_doc *p, dl_color c, const char *op)
{
	pdfnum_put(&p->cs, c.c);
	buf_putc(&p->cs, ' ');
	pdfnum_put(&p->cs, c.m);
	buf_putc(&p->cs, ' ');
	pdfnum_put(&p->cs, c.y);
	buf_putc(&p->cs, ' ');
	pdfnum_put(&p->cs, c.k);
	buf_puts(&p->cs, op);
}

static int
set_fill(pdf_doc *p, dl_color c)
{
	if (p->fill_known && dl_color_equal(c, p->fill))
		return 0;
	if (c.spot != NULL) {
		if (set_spot(p, c, p->fill_known, p->fill, 0) < 0)
			return -1;
	} else
		put_cmyk(p, c, " k\012");
	p->fill = c;
	p->fill_known = 1;
	return 0;
}

static int
set_stroke(pdf_doc *p, dl_color c, double width)
{
	if (!p->stroke_known || !dl_color_equal(c, p->stroke)) {
		if (c.spot != NULL) {
			if (set_spot(p, c, p->stroke_known, p->stroke, 1) < 0)
				return -1;
		} else
			put_cmyk(p, c, " K\012");
		p->stroke = c;
		p->stroke_known = 1;
	}
	if (width != p->line_width) {
		pdfnum_put(&p->cs, width);
		buf_puts(&p->cs, " w\012");
		p->line_width = width;
	}
	return 0;
}

/* Numbers separated by spaces, then the operator. */
static void
put_op(pdf_doc *p, const double *v, int n, const char *op)
{
	for (int i = 0; i < n; i++) {
		pdfnum_put(&p->cs, v[i]);
		buf_putc(&p->cs, ' ');
	}
	buf_puts(&p->cs, op);
	buf_putc(&p->cs, '\012');
}

static void
move_to(pdf_doc *p, double x, double y)
{
	put_op(p, (const double[]){x, y}, 2, "m");
}

static void
line_to(pdf_doc *p, double x, double y)
{
	put_op(p, (const double[]){x, y}, 2, "l");
}

static void
end_text(pdf_doc *p)
{
	if (p->in_text)
		buf_puts(&p->cs, "ET\012");
	p->in_text = 0;
}

/*
 * Start a line of text at (x, y): moved from the last line's start by Td,
 * by the exact difference of the two rounded positions, the first in each
 * BT by Tm (a word of justified text is an item of its own, so this is
 * most of the text's operators).
 */
static void
move_text(pdf_doc *p, double x, double y)
{
	long long qx, qy;

	if (pdfnum_ticks(x, &qx) != 0 || pdfnum_ticks(y, &qy) != 0) {
		put_op(p, (const double[]){1, 0, 0, 1, x, y}, 6, "Tm");
		p->line_known = 0;
		return;
	}
	if (p->line_known) {
		pdfnum_put_ticks(&p->cs, qx - p->line_x);
		buf_putc(&p->cs, ' ');
		pdfnum_put_ticks(&p->cs, qy - p->line_y);
		buf_puts(&p->cs, " Td\012");
	} else {
		buf_puts(&p->cs, "1 0 0 1 ");
		pdfnum_put_ticks(&p->cs, qx);
		buf_putc(&p->cs, ' ');
		pdfnum_put_ticks(&p->cs, qy);
		buf_puts(&p->cs, " Tm\012");
	}
	p->line_known = 1;
	p->line_x = qx;
	p->line_y = qy;
}

/*
 * Text as glyph ids (the fonts are Identity-H with CID = glyph id), each
 * marked in its font's subset with the character it stands for; an item
 * with a glyph id (a vertical form) is one character drawn by that glyph.
 */
static int
draw_text(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	struct pdf_font *f;
	size_t i, adv;

	if (it->len == 0)
		return 0;
	if ((f = get_font(p, it->font)) == NULL)
		return -1;
	if (set_fill(p, it->color) < 0)
		return -1;
	if (!p->in_text) {
		buf_puts(&p->cs, "BT\012");
		p->in_text = 1;
		p->line_known = 0;
	}
	if (p->cur_font != f - p->fonts || p->cur_size != it->size) {
		buf_puts(&p->cs, "/F");
		pdfnum_put_int(&p->cs, f - p->fonts);
		buf_putc(&p->cs, ' ');
		pdfnum_put(&p->cs, it->size);
		buf_puts(&p->cs, " Tf\012");
		p->cur_font = (int)(f - p->fonts);
		p->cur_size = it->size;
	}
	if (p->cur_spacing != it->spacing) {
		pdfnum_put(&p->cs, it->spacing);
		buf_puts(&p->cs, " Tc\012");
		p->cur_spacing = it->spacing;
	}
	move_text(p, ox + it->x, oy + it->y);
	buf_putc(&p->cs, '<');
	for (i = 0; i < it->len; i += adv) {
		long cp = utf8_decode(it->str + i, it->len - i, &adv);
		unsigned gid;

		if (cp <= 0)
			return fail(p, "text is not valid UTF-8 or contains NUL");
		if (it->glyph != 0) {
			if (adv != it->len)
				return fail(p, "a glyph drawn by id stands for one character");
			gid = it->glyph;
		} else
			gid = pdffont_glyph(f->pf, (uint32_t)cp);
		pdffont_use(f->pf, gid, (uint32_t)cp);
		pdfnum_put_hex4(&p->cs, gid);
	}
	buf_puts(&p->cs, "> Tj\012");
	return 0;
}

static int
draw_line(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	if (set_stroke(p, it->color, it->size) < 0)
		return -1;
	move_to(p, ox + it->x, oy + it->y);
	line_to(p, ox + it->x + it->w, oy + it->y + it->h);
	buf_puts(&p->cs, "S\012");
	return 0;
}

/* A dash pattern: on and off of d, or none (d 0). */
static void
set_dash(pdf_doc *p, double d)
{
	if (d > 0) {
		buf_putc(&p->cs, '[');
		pdfnum_put(&p->cs, d);
		buf_putc(&p->cs, ' ');
		pdfnum_put(&p->cs, d);
		buf_puts(&p->cs, "] 0 d\012");
	} else
		buf_puts(&p->cs, "[] 0 d\012");
}

static int
draw_rect(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	/* whole points, as the dash has always been written */
	double dash = (double)(unsigned)(it->dash + 0.5);
	int dashed = !it->fill && it->dash > 0;

	if (it->fill ? set_fill(p, it->color) : set_stroke(p, it->color, it->size))
		return -1;
	/* a dash pattern is graphics state: set before the path, reset after */
	if (dashed)
		set_dash(p, dash);
	put_op(p, (const double[]){ox + it->x, oy + it->y, it->w, it->h}, 4, "re");
	buf_puts(&p->cs, it->fill ? "f\012" : "S\012");
	if (dashed)
		set_dash(p, 0);
	return 0;
}

/* Items in a row that draw_rect_grid takes as one path, at least. */
#define GRID_MIN 8

/* Whether v is a whole number of units u (to a millionth of one); the number in *k. */
static int
on_grid(double v, double u, long long *k)
{
	double q = v / u;

	if (!(fabs(q) < 1e9))
		return 0;
	*k = llround(q);
	return fabs(q - (double)*k) < 1e-6;
}

/* Whether it is a filled rectangle like a, whole units of a's width from it: the units in k (x, y, w, h). */
static int
grid_rect(const dl_item *it, const dl_item *a, long long k[4])
{
	return it->kind == DL_RECT && it->fill && it->vary == a->vary &&
	    dl_color_equal(it->color, a->color) &&
	    on_grid(it->x - a->x, a->w, &k[0]) && on_grid(it->y - a->y, a->w, &k[1]) &&
	    on_grid(it->w, a->w, &k[2]) && on_grid(it->h, a->w, &k[3]);
}

/*
 * Filled rectangles one after another in pg from item i, of one colour,
 * on a grid of the first one's width (a customer barcode's bars): one path
 * in whole units of the grid under one cm, a quarter of the bytes. How
 * many items it drew; 0 when they are not such a row.
 */
static size_t
draw_rect_grid(pdf_doc *p, const dl_page *pg, size_t i, double o)
{
	const dl_item *a = &pg->items[i];
	long long k[4];
	size_t n = 0;

	if (!a->fill || !(a->w > 0))
		return 0;
	while (i + n < pg->n && grid_rect(&pg->items[i + n], a, k))
		n++;
	if (n < GRID_MIN || set_fill(p, a->color) < 0)
		return 0;
	buf_puts(&p->cs, "q\012");
	put_op(p, (const double[]){a->w, 0, 0, a->w, o + a->x, o + a->y}, 6, "cm");
	for (size_t j = 0; j < n; j++) {
		grid_rect(&pg->items[i + j], a, k);
		for (int m = 0; m < 4; m++) {
			pdfnum_put_int(&p->cs, k[m]);
			buf_putc(&p->cs, ' ');
		}
		buf_puts(&p->cs, "re\012");
	}
	buf_puts(&p->cs, "f\012Q\012");
	return n;
}

/* The image of a DL_IMAGE item, written (and for print converted) the first time. */
static struct pdf_image *
get_image(pdf_doc *p, const dl_item *it)
{
	struct pdf_image *im;
	char *path, err[300];
	int obj;

	path = mem_strndup(it->str, it->len);
	for (size_t i = 0; i < p->nimages; i++)
		if (strcmp(p->images[i].path, path) == 0) {
			mem_free(path);
			return &p->images[i];
		}
	obj = pdfw_alloc(p->w);
	if (pdfimage_write(p->w, obj, path, p->print, err, sizeof(err)) < 0) {
		if (!p->failed && !pdfw_sink_failed(p->w))
			diag_plain(p->d, D_IMAGE, path, err);
		p->failed = 1;
		mem_free(path);
		return NULL;
	}
	if (p->nimages == p->capimages) {
		p->capimages = p->capimages ? p->capimages * 2 : 4;
		p->images = mem_realloc(p->images, p->capimages * sizeof(*p->images));
	}
	im = &p->images[p->nimages++];
	im->path = path;
	im->obj = obj;
	return im;
}

static int
draw_image(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	struct pdf_image *im = get_image(p, it);

	if (im == NULL)
		return -1;
	buf_puts(&p->cs, "q\012");
	put_op(p, (const double[]){it->w, 0, 0, it->h, ox + it->x, oy + it->y}, 6, "cm");
	buf_puts(&p->cs, "/Im");
	pdfnum_put_int(&p->cs, im - p->images + 1);
	buf_puts(&p->cs, " Do\012Q\012");
	return 0;
}

/* A copy's QR symbols as paths (qr_path's), made before it is drawn: each item's, one after another. */
struct qr_ahead {
	buf paths;
	struct qr_symbol {
		const dl_item *it;
		size_t off, len;
		int n;		/* qr_path's modules a side, or -1 */
	} *sym;
	size_t nsym;
};

/* The path of item it's symbol into path: its modules a side, or -1 when its text cannot be encoded. */
static int
encode_qr(const dl_item *it, buf *path)
{
	char *text = mem_strndup(it->str, it->len);
	int n = qr_path(text, path);

	mem_free(text);
	return n;
}

static void
ahead_free(void *ahead)
{
	struct qr_ahead *a = ahead;

	buf_free(&a->paths);
	mem_free(a->sym);
	mem_free(a);
}

void
pdf_prepare_copy(dl_copy *c)
{
	struct qr_ahead *a = NULL;

	for (size_t i = 0; i < c->npages; i++)
		for (size_t k = 0; k < c->pages[i].n; k++) {
			const dl_item *it = &c->pages[i].items[k];
			struct qr_symbol *s;

			if (it->kind != DL_QR)
				continue;
			if (a == NULL)
				a = mem_calloc(1, sizeof(*a));
			a->sym = mem_realloc(a->sym, (a->nsym + 1) * sizeof(*a->sym));
			s = &a->sym[a->nsym++];
			s->it = it;
			s->off = a->paths.len;
			s->n = encode_qr(it, &a->paths);
			s->len = a->paths.len - s->off;
		}
	if (a != NULL && c->ahead_free == NULL) {
		c->ahead = a;
		c->ahead_free = ahead_free;
	} else if (a != NULL)
		ahead_free(a);
}

/*
 * A QR code as one path on its integer module grid, scaled into place
 * by one cm: a run-length "re" per row of dark modules, filled once.
 */
static int
draw_qr(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	const struct qr_symbol *s = NULL;
	buf path = BUF_INIT;
	const char *bytes;
	size_t len;
	double m;
	int n;

	if (set_fill(p, DL_BLACK) < 0)
		return -1;
	for (size_t i = 0; p->ahead != NULL && i < p->ahead->nsym && s == NULL; i++)
		if (p->ahead->sym[i].it == it)
			s = &p->ahead->sym[i];
	if (s != NULL) {
		n = s->n;
		bytes = p->ahead->paths.p + s->off;
		len = s->len;
	} else {
		n = encode_qr(it, &path);
		bytes = path.p;
		len = path.len;
	}
	if (n < 0) {
		buf_free(&path);
		return fail(p, "QR code: the text is empty or too long to encode");
	}
	m = it->w / n;
	buf_puts(&p->cs, "q\012");
	put_op(p, (const double[]){m, 0, 0, m, ox + it->x, oy + it->y}, 6, "cm");
	buf_put(&p->cs, bytes, len);
	buf_puts(&p->cs, "f\012Q\012");
	buf_free(&path);
	return 0;
}

/* A circle as four Bézier curves, from its leftmost point, counter-clockwise. */
static void
circle(pdf_doc *p, double x, double y, double r)
{
	double k = r * KAPPA;

	move_to(p, x - r, y);
	put_op(p, (const double[]){x - r, y - k, x - k, y - r, x, y - r}, 6, "c");
	put_op(p, (const double[]){x + k, y - r, x + r, y - k, x + r, y}, 6, "c");
	put_op(p, (const double[]){x + r, y + k, x + k, y + r, x, y + r}, 6, "c");
	put_op(p, (const double[]){x - k, y + r, x - r, y + k, x - r, y}, 6, "c");
}

/*
 * Crop marks on the extensions of the trim lines and registration
 * targets beside the middle of each side: all of it in the slug, from
 * MARK_GAP beyond the bleed box outwards, in registration colour.
 */
static int
draw_marks(pdf_doc *p, double tl, double tb, double tr, double tt)
{
	double b = p->bleed, bl = tl - b, bb = tb - b, br = tr + b, bt = tt + b;
	double cx[4], cy[4], mx = (tl + tr) / 2, my = (tb + tt) / 2, h = p->slug / 2;
	int i;

	if (set_stroke(p, registration, MARK_WIDTH) < 0)
		return -1;
	if (p->marks & PDF_MARKS_CROP) {
		for (i = 0; i < 4; i++) {
			double x = i & 1 ? tr : tl, y = i & 2 ? tt : tb;
			double ex = i & 1 ? br + MARK_GAP : bl - MARK_GAP;
			double ey = i & 2 ? bt + MARK_GAP : bb - MARK_GAP;
			double dx = i & 1 ? MARK_LEN : -MARK_LEN;
			double dy = i & 2 ? MARK_LEN : -MARK_LEN;

			move_to(p, ex, y);
			line_to(p, ex + dx, y);
			move_to(p, x, ey);
			line_to(p, x, ey + dy);
		}
	}
	if (p->marks & PDF_MARKS_REGISTRATION) {
		cx[0] = bl - h, cy[0] = my;
		cx[1] = br + h, cy[1] = my;
		cx[2] = mx, cy[2] = bb - h;
		cx[3] = mx, cy[3] = bt + h;
		for (i = 0; i < 4; i++) {
			circle(p, cx[i], cy[i], TARGET_R);
			move_to(p, cx[i] - TARGET_ARM, cy[i]);
			line_to(p, cx[i] + TARGET_ARM, cy[i]);
			move_to(p, cx[i], cy[i] - TARGET_ARM);
			line_to(p, cx[i], cy[i] + TARGET_ARM);
		}
	}
	buf_puts(&p->cs, "S\012");
	return 0;
}

/*
 * The word PROOF as strokes on a 4 x 6 grid (no font needed), with its
 * lower-left corner at (x, y). Each letter: points, with a pen-up as -1.
 */
static int
draw_proof_word(pdf_doc *p, double x, double y)
{
	static const signed char P[] = {0,0, 0,6, 3,6, 4,5, 4,4, 3,3, 0,3, -1,-1};
	static const signed char R[] = {0,0, 0,6, 3,6, 4,5, 4,4, 3,3, 0,3, -1,-1,
	    2,3, 4,0, -1,-1};
	static const signed char O[] = {1,0, 3,0, 4,1, 4,5, 3,6, 1,6, 0,5, 0,1, 1,0, -1,-1};
	static const signed char F[] = {4,6, 0,6, 0,0, -1,-1, 0,3, 3,3, -1,-1};
	static const struct { const signed char *pt; size_t n; } word[] = {
		{P, sizeof(P)}, {R, sizeof(R)}, {O, sizeof(O)}, {O, sizeof(O)}, {F, sizeof(F)}
	};
	const double u = PROOF_UNIT;
	size_t i, k;
	int pen;

	if (set_stroke(p, proof_color, 1) < 0)
		return -1;
	for (i = 0; i < sizeof(word) / sizeof(word[0]); i++, x += 6 * u)
		for (k = 0, pen = 0; k < word[i].n; k += 2) {
			double px = x + word[i].pt[k] * u, py = y + word[i].pt[k + 1] * u;

			if (word[i].pt[k] < 0)
				pen = 0;
			else {
				(pen ? line_to : move_to)(p, px, py);
				pen = 1;
			}
		}
	buf_puts(&p->cs, "S\012");
	return 0;
}

/* A proof: the bleed box and the safe area outlined, dashed; PROOF in the top slug. */
static int
draw_proof(pdf_doc *p, double tl, double tb, double tr, double tt)
{
	double b = p->bleed;

	if (set_stroke(p, proof_color, PROOF_WIDTH) < 0)
		return -1;
	buf_puts(&p->cs, "[3 2] 0 d\012");
	put_op(p, (const double[]){tl - b, tb - b, tr - tl + 2 * b, tt - tb + 2 * b}, 4, "re");
	put_op(p, (const double[]){tl + SAFE_INSET, tb + SAFE_INSET,
	    tr - tl - 2 * SAFE_INSET, tt - tb - 2 * SAFE_INSET}, 4, "re");
	buf_puts(&p->cs, "S\012");
	set_dash(p, 0);
	/* Clear of the top-left crop mark, centred in the top slug. */
	return draw_proof_word(p, tl + 8 * MM, tt + b + (p->slug - 6 * PROOF_UNIT) / 2);
}

/* A fresh graphics state: the page's start, or after Q. */
static void
forget_state(pdf_doc *p)
{
	p->in_text = 0;
	p->cur_font = -1;
	p->cur_size = 0;
	p->cur_spacing = 0;
	p->fill_known = p->stroke_known = 0;
	p->line_width = 1;	/* the PDF default */
}

static int put_content(pdf_doc *p);

/*
 * Marks and the proof frame, over the page, in their own graphics state:
 * a content stream of their own, drawn once for each trim size. Its
 * number, 0 when there are none, -1 on error.
 */
static int
slug_stream(pdf_doc *p, const dl_copy *c)
{
	double tl = p->slug + p->bleed, tb = tl;
	int i;

	if (!p->marks && !p->proof)
		return 0;
	for (i = 0; i < p->nslugs; i++)
		if (p->slugs[i].w == c->width && p->slugs[i].h == c->height)
			return p->slugs[i].obj;
	/* drawn after the page's other streams: nothing known of their state but q */
	forget_state(p);
	buf_puts(&p->cs, "q\012");
	p->stroke_known = 0;
	p->line_width = -1;
	if (p->marks && draw_marks(p, tl, tb, tl + c->width, tb + c->height) < 0)
		return -1;
	if (p->proof && draw_proof(p, tl, tb, tl + c->width, tb + c->height) < 0)
		return -1;
	buf_puts(&p->cs, "Q\012");
	if (p->nslugs == SLUGS_MAX)	/* more sizes than a batch has: the oldest goes */
		memmove(p->slugs, p->slugs + 1, --p->nslugs * sizeof(p->slugs[0]));
	p->slugs[p->nslugs].w = c->width;
	p->slugs[p->nslugs].h = c->height;
	p->slugs[p->nslugs].obj = put_content(p);
	return p->slugs[p->nslugs++].obj;
}

/* Draw the items of pg whose vary flag is vary, at offset o. */
static int
draw_items(pdf_doc *p, const dl_page *pg, int vary, double o)
{
	size_t run;
	int rc = 0;

	for (size_t i = 0; i < pg->n && rc == 0; i++) {
		const dl_item *it = &pg->items[i];

		if ((it->vary != 0) != vary)
			continue;
		if (it->kind != DL_TEXT)
			end_text(p);
		switch (it->kind) {
		case DL_TEXT:
			rc = draw_text(p, it, o, o);
			break;
		case DL_LINE:
			rc = draw_line(p, it, o, o);
			break;
		case DL_RECT:
			if ((run = draw_rect_grid(p, pg, i, o)) > 0)
				i += run - 1;
			else
				rc = draw_rect(p, it, o, o);
			break;
		case DL_IMAGE:
			rc = draw_image(p, it, o, o);
			break;
		case DL_QR:
			rc = draw_qr(p, it, o, o);
			break;
		default:
			rc = fail(p, "unknown display-list item");
			break;
		}
	}
	end_text(p);
	return rc;
}

/*
 * A fingerprint of the bytes of every unvarying item of every page, four
 * words at a time in four lanes, so that the multiplications of one word
 * do not wait for the last's.
 */
struct print {
	uint64_t lane[4];
};

static void
print_word(uint64_t *lane, uint64_t v)
{
	*lane = (*lane ^ v) * 0x9e3779b97f4a7c15ULL;
	*lane ^= *lane >> 32;
}

static void
print_bytes(struct print *f, const void *data, size_t n)
{
	const unsigned char *b = data;
	uint64_t v[4];
	size_t tail;

	for (; n >= 32; b += 32, n -= 32) {
		memcpy(v, b, 32);
		for (int k = 0; k < 4; k++)
			print_word(&f->lane[k], v[k]);
	}
	/* the rest, zero-filled, and its length in the top byte of the last word */
	memset(v, 0, sizeof(v));
	memcpy(v, b, n);
	tail = (n + 7) / 8;
	v[tail ? tail - 1 : 0] ^= (uint64_t)(n + 1) << 56;
	for (size_t k = 0; k < (tail ? tail : 1); k++)
		print_word(&f->lane[k], v[k]);
}

/* The fingerprint of what pg draws the same in every copy, where it draws it. */
static uint64_t
static_hash(const dl_page *pg, double o, size_t *n)
{
	struct print f = {{0xcbf29ce484222325ULL, 1, 2, 3}};
	uint64_t h = 0;

	print_bytes(&f, &o, sizeof(o));
	*n = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const dl_item *it = &pg->items[i];
		double num[11] = {it->x, it->y, it->w, it->h, it->size, it->spacing,
		    it->color.c, it->color.m, it->color.y, it->color.k, it->dash};
		int ints[4] = {(int)it->kind, it->font, it->fill, (int)it->glyph};
		unsigned char rec[sizeof(num) + sizeof(ints)];

		if (it->vary)
			continue;
		(*n)++;
		memcpy(rec, num, sizeof(num));
		memcpy(rec + sizeof(num), ints, sizeof(ints));
		print_bytes(&f, rec, sizeof(rec));
		print_bytes(&f, it->str ? it->str : "", it->len);
		if (it->color.spot) {
			print_bytes(&f, it->color.spot->name, strlen(it->color.spot->name));
			print_bytes(&f, &it->color.tint, sizeof(it->color.tint));
		}
	}
	for (int k = 0; k < 4; k++) {
		h = (h ^ f.lane[k]) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	return h;
}

/* Write the content stream drawn into p->cs as a new object; its number. */
static int
put_content(pdf_doc *p)
{
	int obj = pdfw_alloc(p->w);

	pdfw_stream(p->w, obj, NULL, p->cs.p, p->cs.len, PDFW_COMPRESS);
	buf_clear(&p->cs);
	return obj;
}

/*
 * The shared stream of the unvarying items of fingerprint h, n of them:
 * an earlier page's, or a new one drawn from pg (wrapped in q … Q) that
 * later pages can share. Its index in p->shared; -1 when there are too
 * many variants to be worth sharing (they are drawn with the rest).
 */
static int
shared_stream(pdf_doc *p, const dl_page *pg, double o, uint64_t h, size_t n)
{
	struct pdf_shared *sh;

	for (int i = 0; i < p->nshared; i++)
		if (p->shared[i].hash == h && p->shared[i].nitems == n)
			return i;
	if (p->nshared == SHARED_MAX)
		return -1;
	buf_puts(&p->cs, "q\012");
	if (draw_items(p, pg, 0, o) < 0)
		return -1;
	buf_puts(&p->cs, "Q\012");
	forget_state(p);
	sh = &p->shared[p->nshared];
	sh->hash = h;
	sh->nitems = n;
	sh->obj = put_content(p);
	return p->nshared++;
}

/*
 * The slot of a keyed page's key in the table (its own, or the free one
 * where it goes); NULL when the table is too full to take a new key.
 */
static struct pdf_key *
find_key(pdf_doc *p, uint64_t key)
{
	size_t i = (size_t)(key ^ (key >> 29)) & (KEYS_MAX - 1);

	for (;; i = (i + 1) & (KEYS_MAX - 1)) {
		if (p->keys[i].key == key)
			return &p->keys[i];
		if (p->keys[i].key == 0)
			return p->nkeys < KEYS_MAX / 4 * 3 ? &p->keys[i] : NULL;
	}
}

/*
 * Whether to read the unvarying items of a page whose key came back, to
 * check they are what the key stood for: always in a debug build (the
 * tests'), otherwise on its 1st, 2nd, 4th, 8th, … return, so that a
 * layout whose key leaves out something its items depend on fails
 * loudly rather than print a page it did not draw.
 */
static int
check_key(unsigned long hits)
{
#ifndef NDEBUG
	(void)hits;
	return 1;
#else
	return (hits & (hits - 1)) == 0;
#endif
}

/*
 * The unvarying items of pg: the shared stream of an earlier page that
 * drew the same, or a new one. A keyed page (dl_static_begin) is known by
 * its key, its items read only the first time the key is seen (and when
 * check_key asks); an unkeyed one by a fingerprint of its items. The
 * stream's number; 0 when pg has none, or there are too many variants to
 * be worth sharing (they are drawn with the rest); -1 on error.
 */
static int
draw_shared(pdf_doc *p, const dl_copy *c, const dl_page *pg, double o)
{
	double where[3] = {o, c->width, c->height};
	struct pdf_key *k = NULL;
	uint64_t key = pg->key, h, w;
	size_t n;
	int i;

	/* a page made without the dl functions has no count nor key: its items tell */
	if (pg->nstatic > 0 && !pg->unkeyed) {
		for (int j = 0; j < 3; j++) {
			memcpy(&w, &where[j], sizeof(w));
			key = (key ^ w) * 0x9e3779b97f4a7c15ULL;
		}
		key = (key ^ pg->nstatic) * 0x9e3779b97f4a7c15ULL;
		key += key == 0;
		k = find_key(p, key);
	}
	if (k != NULL && k->key == key) {
		if (check_key(++k->hits)) {
			h = static_hash(pg, o, &n);
			if (h != k->hash || n != k->nitems)
				return fail(p, "internal error: two pages the layout "
				    "keyed alike draw different unvarying items");
		}
		return k->shared < 0 ? 0 : p->shared[k->shared].obj;
	}
	h = static_hash(pg, o, &n);
	if (n == 0)
		return 0;
	i = shared_stream(p, pg, o, h, n);
	if (p->failed)
		return -1;
	if (k != NULL) {
		k->key = key;
		k->hash = h;
		k->nitems = n;
		k->shared = i;
		k->hits = 0;
		p->nkeys++;
	}
	return i < 0 ? 0 : p->shared[i].obj;
}

static int
add_page(pdf_doc *p, const dl_copy *c, const dl_page *pg)
{
	double s = p->slug, b = p->bleed, o = s + b;
	struct pdf_page *pp;
	int shared, slug;

	buf_clear(&p->cs);
	if ((slug = slug_stream(p, c)) < 0)
		return -1;
	forget_state(p);
	if ((shared = draw_shared(p, c, pg, o)) < 0)
		return -1;
	if (shared == 0 && draw_items(p, pg, 0, o) < 0)
		return -1;
	if (draw_items(p, pg, 1, o) < 0)
		return -1;
	if (p->npend == p->cappend) {
		p->cappend = p->cappend ? p->cappend * 2 : 4;
		p->pend = mem_realloc(p->pend, (size_t)p->cappend * sizeof(*p->pend));
	}
	pp = &p->pend[p->npend++];
	pp->shared = shared;
	pp->contents = put_content(p);
	pp->slug = slug;
	pp->o = o;
	pp->w = c->width;
	pp->h = c->height;
	pp->mw = c->width + 2 * o;
	pp->mh = c->height + 2 * o;
	pp->rotate = pg->rotate;
	p->npages++;
	return check_writer(p);
}

static void
put_box(buf *b, const char *key, double l, double bo, double r, double t)
{
	buf_puts(b, key);
	buf_puts(b, " [");
	pdfnum_put(b, l);
	buf_putc(b, ' ');
	pdfnum_put(b, bo);
	buf_putc(b, ' ');
	pdfnum_put(b, r);
	buf_putc(b, ' ');
	pdfnum_put(b, t);
	buf_putc(b, ']');
}

/* Write the page tree node being filled; the root lists it. */
static void
close_node(pdf_doc *p)
{
	buf *b;

	if (p->nkids == 0)
		return;
	pdfw_begin(p->w, p->node);
	b = pdfw_buf(p->w);
	buf_puts(b, "<< /Type /Pages /Parent ");
	pdfw_put_ref(b, p->pages);
	buf_puts(b, " /Count ");
	pdfnum_put_int(b, p->nkids);
	buf_puts(b, " /Kids ");
	pdfw_put_refs(b, p->kids, (size_t)p->nkids);
	buf_puts(b, " >>");
	pdfw_end(p->w);
	if (p->nnodes == p->capnodes) {
		p->capnodes = p->capnodes ? p->capnodes * 2 : 16;
		p->nodes = mem_realloc(p->nodes, p->capnodes * sizeof(*p->nodes));
	}
	p->nodes[p->nnodes++] = p->node;
	p->nkids = 0;
}

/* Write the pending pages, naming leaf as their record (0: none); their first and last object numbers. */
static void
write_pages(pdf_doc *p, int leaf, int *first, int *last)
{
	for (int i = 0; i < p->npend; i++) {
		const struct pdf_page *pp = &p->pend[i];
		int num = pdfw_alloc(p->w);
		buf *b;

		if (p->nkids == 0)
			p->node = pdfw_alloc(p->w);
		pdfw_begin(p->w, num);
		b = pdfw_buf(p->w);
		buf_puts(b, "<< /Type /Page /Parent ");
		pdfw_put_ref(b, p->node);
		put_box(b, " /MediaBox", 0, 0, pp->mw, pp->mh);
		put_box(b, " /CropBox", 0, 0, pp->mw, pp->mh);
		put_box(b, " /BleedBox", p->slug, p->slug, pp->mw - p->slug, pp->mh - p->slug);
		put_box(b, " /TrimBox", pp->o, pp->o, pp->o + pp->w, pp->o + pp->h);
		if (pp->rotate) {
			buf_puts(b, " /Rotate ");
			pdfnum_put_int(b, pp->rotate);
		}
		buf_puts(b, " /Resources ");
		pdfw_put_ref(b, p->resources);
		buf_puts(b, " /Contents ");
		if (pp->shared || pp->slug)
			buf_putc(b, '[');
		if (pp->shared) {
			pdfw_put_ref(b, pp->shared);
			buf_putc(b, ' ');
		}
		pdfw_put_ref(b, pp->contents);
		if (pp->slug) {
			buf_putc(b, ' ');
			pdfw_put_ref(b, pp->slug);
		}
		if (pp->shared || pp->slug)
			buf_putc(b, ']');
		if (leaf) {
			buf_puts(b, " /DPart ");
			pdfw_put_ref(b, leaf);
		}
		buf_puts(b, " >>");
		pdfw_end(p->w);
		if (i == 0 && first)
			*first = num;
		if (last)
			*last = num;
		p->kids[p->nkids++] = num;
		if (p->nkids == PAGES_PER_NODE)
			close_node(p);
	}
	p->pend_first = p->npages + 1;
	p->npend = 0;
}

int
pdf_add_copy(pdf_doc *p, const dl_copy *c)
{
	int rc = 0;

	if (p->failed)
		return -1;
	write_pages(p, 0, NULL, NULL);
	p->ahead = c->ahead_free == ahead_free ? c->ahead : NULL;
	for (size_t i = 0; i < c->npages && rc == 0; i++)
		rc = add_page(p, c, &c->pages[i]);
	p->ahead = NULL;
	return rc;
}

int
pdf_page_count(const pdf_doc *p)
{
	return p->npages;
}

int
pdf_add_record(pdf_doc *p, int first_page, int npages, const pdfvt_record *r)
{
	int first = 0, last = 0;

	if (p->failed)
		return -1;
	if (p->vt == NULL)
		return 0;
	/* the pages are those of the last copy, not yet written */
	if (npages < 1 || first_page != p->pend_first || npages != p->npend)
		return fail(p, "PDF/VT: a record is the pages of the copy just added");
	write_pages(p, pdfvt_leaf(p->vt), &first, &last);
	if (pdfvt_add(p->vt, first, last, r) < 0)
		return fail(p, "PDF/VT: a record's copy number is out of range");
	return check_writer(p);
}

/* Write the filled label leaf as a kid of the label tree's root. */
static void
close_label_leaf(pdf_doc *p, int as_root)
{
	int num = as_root ? as_root : pdfw_alloc(p->w);
	buf *b;

	pdfw_begin(p->w, num);
	b = pdfw_buf(p->w);
	buf_putc(b, '<');
	buf_putc(b, '<');
	if (!as_root) {
		buf_puts(b, " /Limits [");
		pdfnum_put_int(b, p->leaf[0].index);
		buf_putc(b, ' ');
		pdfnum_put_int(b, p->leaf[p->nleaf - 1].index);
		buf_putc(b, ']');
	}
	buf_puts(b, " /Nums [");
	for (int i = 0; i < p->nleaf; i++) {
		pdfnum_put_int(b, p->leaf[i].index);
		buf_puts(b, " << /S /D");
		if (p->leaf[i].label) {
			char *s = mem_alloc(strlen(p->leaf[i].label) + 3);

			memcpy(s, p->leaf[i].label, strlen(p->leaf[i].label));
			memcpy(s + strlen(p->leaf[i].label), " p", 3);
			buf_puts(b, " /P ");
			pdfw_put_text(b, s);
			mem_free(s);
		}
		buf_puts(b, " >>");
		buf_putc(b, i + 1 < p->nleaf ? ' ' : ']');
		mem_free(p->leaf[i].label);
	}
	buf_puts(b, " >>");
	pdfw_end(p->w);
	if (!as_root) {
		if (p->nlleaves == p->caplleaves) {
			p->caplleaves = p->caplleaves ? p->caplleaves * 2 : 16;
			p->lleaves = mem_realloc(p->lleaves, p->caplleaves * sizeof(*p->lleaves));
			p->llimits = mem_realloc(p->llimits, p->caplleaves * sizeof(*p->llimits));
		}
		p->lleaves[p->nlleaves] = num;
		p->llimits[p->nlleaves++] = p->leaf[p->nleaf - 1].index;
	}
	p->nleaf = 0;
}

static void
add_label(pdf_doc *p, int index, const char *label)
{
	if (p->nleaf == LABELS_PER_LEAF)
		close_label_leaf(p, 0);
	p->leaf[p->nleaf].index = index;
	p->leaf[p->nleaf++].label = label ? mem_strdup(label) : NULL;
}

int
pdf_label_pages(pdf_doc *p, int first_page, const char *label)
{
	struct pdf_label *last = p->nleaf ? &p->leaf[p->nleaf - 1] : NULL;
	int index = first_page - 1, had = p->nleaf > 0 || p->nlleaves > 0;

	if (p->failed)
		return -1;
	if (first_page < 1 || label == NULL)
		return fail(p, "page label: the first page is counted from 1");
	if (last && last->index == index) {	/* the later call for a page wins */
		mem_free(last->label);
		last->label = mem_strdup(label);
		return 0;
	}
	if ((last && last->index > index) || (!last && p->nlleaves > 0 &&
	    p->llimits[p->nlleaves - 1] >= index))
		return fail(p, "page labels are given in page order");
	if (!had && index > 0)
		add_label(p, 0, NULL);	/* plain numbers before the first label */
	add_label(p, index, label);
	return 0;
}

/* The page-label tree: its root's number, 0 with no label. */
static int
write_labels(pdf_doc *p)
{
	int root;
	buf *b;

	/* labels of pages never added are dropped */
	while (p->nleaf > 0 && p->leaf[p->nleaf - 1].index >= p->npages)
		mem_free(p->leaf[--p->nleaf].label);
	if (p->nleaf == 0 && p->nlleaves == 0)
		return 0;
	root = pdfw_alloc(p->w);
	if (p->nlleaves == 0) {
		close_label_leaf(p, root);
		return root;
	}
	if (p->nleaf > 0)
		close_label_leaf(p, 0);
	pdfw_begin(p->w, root);
	b = pdfw_buf(p->w);
	buf_puts(b, "<< /Kids ");
	pdfw_put_refs(b, p->lleaves, p->nlleaves);
	buf_puts(b, " >>");
	pdfw_end(p->w);
	return root;
}

/* The file's one resource dictionary: every font, image and spot colour it uses. */
static void
write_resources(pdf_doc *p)
{
	buf *b;
	int any = 0;

	pdfw_begin(p->w, p->resources);
	b = pdfw_buf(p->w);
	buf_puts(b, "<<");
	for (int i = 0; i < p->nfonts; i++) {
		if (p->fonts[i].obj == 0)
			continue;
		buf_puts(b, any++ ? " /F" : " /Font << /F");
		pdfnum_put_int(b, i);
		buf_putc(b, ' ');
		pdfw_put_ref(b, p->fonts[i].obj);
	}
	if (any)
		buf_puts(b, " >>");
	for (size_t i = 0; i < p->nimages; i++) {
		buf_puts(b, i ? " /Im" : " /XObject << /Im");
		pdfnum_put_int(b, (long long)i + 1);
		buf_putc(b, ' ');
		pdfw_put_ref(b, p->images[i].obj);
	}
	if (p->nimages)
		buf_puts(b, " >>");
	for (size_t i = 0; i < p->nspots; i++) {
		buf_puts(b, i ? " /Spot" : " /ColorSpace << /Spot");
		pdfnum_put_int(b, (long long)i + 1);
		buf_puts(b, " [/Separation ");
		pdfw_put_name(b, p->spots[i].spot.name);
		buf_puts(b, " /DeviceCMYK ");
		pdfw_put_ref(b, p->spots[i].fn);
		buf_putc(b, ']');
	}
	if (p->nspots)
		buf_puts(b, " >>");
	buf_puts(b, " >>");
	pdfw_end(p->w);
}

/* The Info dictionary and, for print, the XMP packet; the packet's number (0: none) or -1. */
static int
write_meta(pdf_doc *p)
{
	pdfmeta m = {p->title, p->creator, p->epoch, p->print, p->vt != NULL};
	int xmp = 0;

	if (pdfmeta_info(p->w, p->info, &m) < 0 || (p->print &&
	    (xmp = pdfmeta_xmp(p->w, &m)) < 0))
		return fail(p, "creation date out of range");
	return xmp;
}

int
pdf_finish(pdf_doc *p)
{
	char err[300], msg[700];
	int labels, vt = 0, xmp = 0;
	buf *b;

	if (p->failed)
		return -1;
	write_pages(p, 0, NULL, NULL);
	close_node(p);
	pdfw_begin(p->w, p->pages);
	b = pdfw_buf(p->w);
	buf_puts(b, "<< /Type /Pages /Count ");
	pdfnum_put_int(b, p->npages);
	buf_puts(b, " /Kids ");
	pdfw_put_refs(b, p->nodes, p->nnodes);
	buf_puts(b, " >>");
	pdfw_end(p->w);
	for (int i = 0; i < p->nfonts; i++)
		if (p->fonts[i].obj && pdffont_write(p->fonts[i].pf, p->w,
		    p->fonts[i].obj, err, sizeof(err)) < 0) {
			snprintf(msg, sizeof(msg), "embedding font %s: %s",
			    p->fonts[i].path, err);
			return fail(p, msg);
		}
	write_resources(p);
	labels = write_labels(p);
	if (p->vt != NULL) {
		if (pdfvt_count(p->vt) == 0)
			return fail(p, "PDF/VT: the batch has no record");
		if ((vt = pdfvt_finish(p->vt)) < 0)
			return fail(p, "PDF/VT: a record's leaf was not written");
	}
	if ((xmp = write_meta(p)) < 0)
		return -1;
	pdfw_begin(p->w, p->catalog);
	b = pdfw_buf(p->w);
	buf_puts(b, "<< /Type /Catalog /Pages ");
	pdfw_put_ref(b, p->pages);
	if (labels) {
		buf_puts(b, " /PageLabels ");
		pdfw_put_ref(b, labels);
	}
	if (vt) {
		buf_puts(b, " /DPartRoot ");
		pdfw_put_ref(b, vt);
	}
	if (p->print) {
		/*
		 * The PDF/X output intent: the characterised printing condition
		 * is our CMYK profile, named "Custom" (not a registered
		 * condition), with the profile's own description as /Info.
		 */
		buf_puts(b, " /OutputIntents [<< /Type /OutputIntent /S /GTS_PDFX"
		    " /OutputConditionIdentifier (Custom) /OutputCondition ");
		pdfw_put_text(b, p->icc_desc);
		buf_puts(b, " /Info ");
		pdfw_put_text(b, p->icc_desc);
		buf_puts(b, " /DestOutputProfile ");
		pdfw_put_ref(b, p->icc);
		buf_puts(b, " >>] /Metadata ");
		pdfw_put_ref(b, xmp);
	}
	buf_puts(b, " >>");
	pdfw_end(p->w);
	if (pdfw_finish(p->w, p->catalog, p->info) < 0)
		return pdfw_sink_failed(p->w) ? check_writer(p) :
		    fail(p, "an object of the PDF was not written");
	return 0;
}

int
pdf_save(pdf_doc *p, buf *out)
{
	if (pdf_finish(p) < 0)
		return -1;
	buf_put(out, p->mem.p, p->mem.len);
	return 0;
}

void
pdf_free(pdf_doc *p)
{
	if (p == NULL)
		return;
	pdfw_free(p->w);
	buf_free(&p->mem);
	for (int i = 0; i < p->nfonts; i++) {
		mem_free(p->fonts[i].path);
		pdffont_free(p->fonts[i].pf);
	}
	mem_free(p->fonts);
	for (size_t k = 0; k < p->nimages; k++)
		mem_free(p->images[k].path);
	mem_free(p->images);
	mem_free(p->spots);
	for (int k = 0; k < p->nleaf; k++)
		mem_free(p->leaf[k].label);
	mem_free(p->lleaves);
	mem_free(p->llimits);
	mem_free(p->nodes);
	mem_free(p->pend);
	pdfvt_free(p->vt);
	mem_free(p->title);
	mem_free(p->creator);
	mem_free(p->icc_desc);
	buf_free(&p->cs);
	mem_free(p);
}
