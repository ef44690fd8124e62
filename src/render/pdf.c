/* pdf: the PDF device: display-list copies in, one PDF out, through libharu. */
#include "render/pdf.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "render/image.h"
#include "render/qr.h"
#include "util/mem.h"

#define CMAP_BLOCK	100	/* entries per bfrange/bfchar block, the PDF limit */

struct pdf_font {
	char *path;
	int alias;		/* index of the first font with the same path */
	HPDF_Font font;		/* NULL until an item uses it */
	unsigned char *used;	/* bitmap of the BMP code points drawn */
};

struct pdf_image {
	char *path;
	HPDF_Image img;
};

struct pdf_doc {
	HPDF_Doc pdf;
	diag *d;
	double bleed;
	int failed;
	HPDF_STATUS err, detail;	/* recorded by the error handler */
	struct pdf_font *fonts;
	int nfonts;
	struct pdf_image *images;
	size_t nimages, capimages;
	int npages;

	/* Per-page graphics state, to skip redundant operators. */
	HPDF_Page page;
	int in_text;
	int cur_font;
	double cur_size, cur_spacing;
	int fill_known, stroke_known;
	dl_color fill, stroke;
	double line_width;
};

static void
on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	pdf_doc *p = user_data;

	if (p->err == HPDF_OK) {
		p->err = error_no;
		p->detail = detail_no;
	}
}

static void *
hpdf_alloc(HPDF_UINT size)
{
	return mem_alloc(size ? size : 1);
}

static void
hpdf_free(void *ptr)
{
	mem_free(ptr);
}

/* Report a failed libharu call (its status, or an error the handler saw). */
static int
check(pdf_doc *p, HPDF_STATUS st, const char *what)
{
	char msg[400];

	if (st == HPDF_OK && p->err == HPDF_OK)
		return 0;
	if (!p->failed) {
		snprintf(msg, sizeof(msg), "libharu error 0x%04lX (detail %lu) in %s",
		    (unsigned long)(p->err != HPDF_OK ? p->err : st),
		    (unsigned long)p->detail, what);
		diag_plain(p->d, D_PDF, msg);
	}
	p->failed = 1;
	return -1;
}

static int
check_ptr(pdf_doc *p, const void *ptr, const char *what)
{
	return check(p, ptr ? HPDF_OK : HPDF_INVALID_OBJECT, what);
}

static int
fail(pdf_doc *p, const char *msg)
{
	if (!p->failed)
		diag_plain(p->d, D_PDF, msg);
	p->failed = 1;
	return -1;
}

/*
 * Decode one UTF-8 sequence at s[0..n). The code point, or -1 for an
 * ill-formed sequence (overlong, surrogate, beyond U+10FFFF, truncated).
 */
static long
utf8_next(const unsigned char *s, size_t n, size_t *adv)
{
	long cp, min;
	size_t need, i;

	if (s[0] < 0x80) {
		*adv = 1;
		return s[0];
	} else if ((s[0] & 0xe0) == 0xc0) {
		cp = s[0] & 0x1f, need = 1, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		cp = s[0] & 0x0f, need = 2, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		cp = s[0] & 0x07, need = 3, min = 0x10000;
	} else
		return -1;
	if (need >= n)
		return -1;
	for (i = 1; i <= need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	*adv = need + 1;
	return cp;
}

static void
put_utf16be(buf *b, long cp)
{
	if (cp >= 0x10000) {
		long hi = 0xd800 | ((cp - 0x10000) >> 10);

		buf_putc(b, (int)(hi >> 8));
		buf_putc(b, (int)(hi & 0xff));
		cp = 0xdc00 | ((cp - 0x10000) & 0x3ff);
	}
	buf_putc(b, (int)(cp >> 8));
	buf_putc(b, (int)(cp & 0xff));
}

/* Info strings: ASCII as is, anything else as UTF-16BE with a BOM. */
static int
set_info(pdf_doc *p, HPDF_InfoType type, const char *key, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i, adv;
	HPDF_Binary bin;
	buf b = BUF_INIT;
	int rc = -1;

	for (i = 0; i < n && u[i] >= 0x20 && u[i] < 0x7f; i++)
		continue;
	if (i == n)
		return check(p, HPDF_SetInfoAttr(p->pdf, type, s), "HPDF_SetInfoAttr");
	/* Create the Info dictionary and the key, then replace its value. */
	if (check(p, HPDF_SetInfoAttr(p->pdf, type, "-"), "HPDF_SetInfoAttr") < 0)
		return -1;
	buf_putc(&b, 0xfe);
	buf_putc(&b, 0xff);
	for (i = 0; i < n; i += adv) {
		long cp = utf8_next(u + i, n - i, &adv);

		if (cp < 0) {
			cp = 0xfffd;
			adv = 1;
		}
		put_utf16be(&b, cp);
	}
	bin = HPDF_Binary_New(p->pdf->mmgr, (HPDF_BYTE *)b.p, (HPDF_UINT)b.len);
	if (check_ptr(p, bin, "HPDF_Binary_New") < 0)
		goto out;
	if (check(p, HPDF_Dict_Add(p->pdf->info, key, bin), "HPDF_Dict_Add") < 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

pdf_doc *
pdf_new(const char *const *font_paths, int nfonts, const pdf_opts *o, diag *d)
{
	pdf_doc *p = mem_calloc(1, sizeof(*p));
	HPDF_Date date;
	struct tm tm;
	time_t t;
	int i, j;

	p->d = d;
	p->bleed = o->bleed > 0 ? o->bleed : 0;
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
	p->pdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, p);
	if (p->pdf == NULL) {
		diag_plain(d, D_PDF, "cannot create a libharu document");
		goto fail;
	}
	if (check(p, HPDF_SetCompressionMode(p->pdf, HPDF_COMP_ALL),
	    "HPDF_SetCompressionMode") < 0 ||
	    check(p, HPDF_UseUTFEncodings(p->pdf), "HPDF_UseUTFEncodings") < 0 ||
	    /* one page-tree node holds at most 32,767 pages: use a tree of 1,000-page nodes */
	    check(p, HPDF_SetPagesConfiguration(p->pdf, 1000),
	    "HPDF_SetPagesConfiguration") < 0)
		goto fail;
	if (o->creator && set_info(p, HPDF_INFO_CREATOR, "Creator", o->creator) < 0)
		goto fail;
	if (o->title && set_info(p, HPDF_INFO_TITLE, "Title", o->title) < 0)
		goto fail;
	t = (time_t)o->epoch;
	if (gmtime_r(&t, &tm) == NULL) {
		fail(p, "creation date out of range");
		goto fail;
	}
	memset(&date, 0, sizeof(date));
	date.year = tm.tm_year + 1900;
	date.month = tm.tm_mon + 1;
	date.day = tm.tm_mday;
	date.hour = tm.tm_hour;
	date.minutes = tm.tm_min;
	date.seconds = tm.tm_sec;
	date.ind = 'Z';
	if (check(p, HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_CREATION_DATE, date),
	    "HPDF_SetInfoDateAttr") < 0)
		goto fail;
	return p;
fail:
	pdf_free(p);
	return NULL;
}

/* The font for index i, loaded the first time it is used. */
static struct pdf_font *
get_font(pdf_doc *p, int i)
{
	struct pdf_font *f;
	const char *name;
	char what[300];

	if (i < 0 || i >= p->nfonts) {
		snprintf(what, sizeof(what), "font index %d out of range (%d fonts)",
		    i, p->nfonts);
		fail(p, what);
		return NULL;
	}
	f = &p->fonts[p->fonts[i].alias];
	if (f->font)
		return f;
	snprintf(what, sizeof(what), "loading font %s", f->path);
	name = HPDF_LoadTTFontFromFile(p->pdf, f->path, HPDF_TRUE);
	if (check_ptr(p, name, what) < 0)
		return NULL;
	f->font = HPDF_GetFont(p->pdf, name, "UTF-8");
	if (check_ptr(p, f->font, what) < 0)
		return NULL;
	f->used = mem_calloc(0x10000 / 8, 1);
	return f;
}

static int
set_fill(pdf_doc *p, dl_color c)
{
	if (p->fill_known && memcmp(&c, &p->fill, sizeof(c)) == 0)
		return 0;
	if (check(p, HPDF_Page_SetCMYKFill(p->page, (HPDF_REAL)c.c, (HPDF_REAL)c.m,
	    (HPDF_REAL)c.y, (HPDF_REAL)c.k), "HPDF_Page_SetCMYKFill") < 0)
		return -1;
	p->fill = c;
	p->fill_known = 1;
	return 0;
}

static int
set_stroke(pdf_doc *p, dl_color c, double width)
{
	if (!p->stroke_known || memcmp(&c, &p->stroke, sizeof(c)) != 0) {
		if (check(p, HPDF_Page_SetCMYKStroke(p->page, (HPDF_REAL)c.c,
		    (HPDF_REAL)c.m, (HPDF_REAL)c.y, (HPDF_REAL)c.k),
		    "HPDF_Page_SetCMYKStroke") < 0)
			return -1;
		p->stroke = c;
		p->stroke_known = 1;
	}
	if (width != p->line_width) {
		if (check(p, HPDF_Page_SetLineWidth(p->page, (HPDF_REAL)width),
		    "HPDF_Page_SetLineWidth") < 0)
			return -1;
		p->line_width = width;
	}
	return 0;
}

static int
end_text(pdf_doc *p)
{
	if (!p->in_text)
		return 0;
	p->in_text = 0;
	return check(p, HPDF_Page_EndText(p->page), "HPDF_Page_EndText");
}

static int
draw_text(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	const unsigned char *u = (const unsigned char *)it->str;
	struct pdf_font *f;
	char *s = NULL;
	size_t i, adv;
	int rc = -1;

	if (it->len == 0)
		return 0;
	if ((f = get_font(p, it->font)) == NULL)
		return -1;
	for (i = 0; i < it->len; i += adv) {
		long cp = utf8_next(u + i, it->len - i, &adv);

		if (cp <= 0)
			return fail(p, "text is not valid UTF-8 or contains NUL");
		/* libharu drops code points beyond the BMP; so does the map. */
		if (cp <= 0xffff)
			f->used[cp >> 3] |= (unsigned char)(1u << (cp & 7));
	}
	s = mem_strndup(it->str, it->len);
	if (!p->in_text) {
		if (check(p, HPDF_Page_BeginText(p->page), "HPDF_Page_BeginText") < 0)
			goto out;
		p->in_text = 1;
	}
	if (p->cur_font != f - p->fonts || p->cur_size != it->size) {
		if (check(p, HPDF_Page_SetFontAndSize(p->page, f->font,
		    (HPDF_REAL)it->size), "HPDF_Page_SetFontAndSize") < 0)
			goto out;
		p->cur_font = (int)(f - p->fonts);
		p->cur_size = it->size;
	}
	if (p->cur_spacing != it->spacing) {
		if (check(p, HPDF_Page_SetCharSpace(p->page, (HPDF_REAL)it->spacing),
		    "HPDF_Page_SetCharSpace") < 0)
			goto out;
		p->cur_spacing = it->spacing;
	}
	if (set_fill(p, it->color) < 0)
		goto out;
	if (check(p, HPDF_Page_TextOut(p->page, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y), s), "HPDF_Page_TextOut") < 0)
		goto out;
	rc = 0;
out:
	mem_free(s);
	return rc;
}

static int
draw_line(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	if (set_stroke(p, it->color, it->size) < 0)
		return -1;
	if (check(p, HPDF_Page_MoveTo(p->page, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y)), "HPDF_Page_MoveTo") < 0 ||
	    check(p, HPDF_Page_LineTo(p->page, (HPDF_REAL)(ox + it->x + it->w),
	    (HPDF_REAL)(oy + it->y + it->h)), "HPDF_Page_LineTo") < 0)
		return -1;
	return check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke");
}

static int
draw_rect(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	if (it->fill ? set_fill(p, it->color) : set_stroke(p, it->color, it->size))
		return -1;
	if (check(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y), (HPDF_REAL)it->w, (HPDF_REAL)it->h),
	    "HPDF_Page_Rectangle") < 0)
		return -1;
	if (it->fill)
		return check(p, HPDF_Page_Fill(p->page), "HPDF_Page_Fill");
	return check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke");
}

static int
draw_image(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	struct pdf_image *im = NULL;
	char *path, err[256];
	int kind;
	size_t i;

	path = mem_strndup(it->str, it->len);
	for (i = 0; i < p->nimages; i++)
		if (strcmp(p->images[i].path, path) == 0) {
			im = &p->images[i];
			break;
		}
	if (im == NULL) {
		HPDF_Image img;

		if (image_check_kind(path, &kind, NULL, NULL, err, sizeof(err)) < 0) {
			if (!p->failed)
				diag_plain(p->d, D_IMAGE, path, err);
			p->failed = 1;
			mem_free(path);
			return -1;
		}
		if (kind == IMAGE_PNG)
			img = HPDF_LoadPngImageFromFile(p->pdf, path);
		else
			img = HPDF_LoadJpegImageFromFile(p->pdf, path);
		if (check_ptr(p, img, "loading an image") < 0) {
			mem_free(path);
			return -1;
		}
		if (p->nimages == p->capimages) {
			p->capimages = p->capimages ? p->capimages * 2 : 4;
			p->images = mem_realloc(p->images,
			    p->capimages * sizeof(*p->images));
		}
		im = &p->images[p->nimages++];
		im->path = path;
		im->img = img;
	} else
		mem_free(path);
	return check(p, HPDF_Page_DrawImage(p->page, im->img, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y), (HPDF_REAL)it->w, (HPDF_REAL)it->h),
	    "HPDF_Page_DrawImage");
}

static void
qr_rect(void *ctx, double x, double y, double w, double h)
{
	pdf_doc *p = ctx;

	if (!p->failed)
		check(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)x, (HPDF_REAL)y,
		    (HPDF_REAL)w, (HPDF_REAL)h), "HPDF_Page_Rectangle");
}

static int
draw_qr(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	char *text;
	int rc;

	if (set_fill(p, DL_BLACK) < 0)
		return -1;
	text = mem_strndup(it->str, it->len);
	rc = qr_draw_rects(text, ox + it->x, oy + it->y, it->w, qr_rect, p);
	mem_free(text);
	if (rc < 0)
		return fail(p, "QR code: the text is empty or too long to encode");
	if (p->failed)
		return -1;
	return check(p, HPDF_Page_Fill(p->page), "HPDF_Page_Fill");
}

static int
set_box(pdf_doc *p, const char *key, double l, double b, double r, double t)
{
	HPDF_Box box;
	HPDF_Array a;

	box.left = (HPDF_REAL)l;
	box.bottom = (HPDF_REAL)b;
	box.right = (HPDF_REAL)r;
	box.top = (HPDF_REAL)t;
	a = HPDF_Box_Array_New(p->pdf->mmgr, box);
	if (check_ptr(p, a, "HPDF_Box_Array_New") < 0)
		return -1;
	return check(p, HPDF_Dict_Add(p->page, key, a), "HPDF_Dict_Add");
}

static int
add_page(pdf_doc *p, const dl_copy *c, const dl_page *pg)
{
	double b = p->bleed, mw = c->width + 2 * b, mh = c->height + 2 * b;
	size_t i;
	int rc = 0;

	p->page = HPDF_AddPage(p->pdf);
	if (check_ptr(p, p->page, "HPDF_AddPage") < 0)
		return -1;
	p->npages++;
	p->in_text = 0;
	p->cur_font = -1;
	p->cur_size = 0;
	p->cur_spacing = 0;
	p->fill_known = p->stroke_known = 0;
	p->line_width = 1;	/* the PDF default */
	if (check(p, HPDF_Page_SetWidth(p->page, (HPDF_REAL)mw), "HPDF_Page_SetWidth") < 0 ||
	    check(p, HPDF_Page_SetHeight(p->page, (HPDF_REAL)mh), "HPDF_Page_SetHeight") < 0 ||
	    set_box(p, "TrimBox", b, b, b + c->width, b + c->height) < 0 ||
	    set_box(p, "BleedBox", 0, 0, mw, mh) < 0 ||
	    set_box(p, "CropBox", 0, 0, mw, mh) < 0)
		return -1;
	for (i = 0; i < pg->n && rc == 0; i++) {
		const dl_item *it = &pg->items[i];

		if (it->kind != DL_TEXT && end_text(p) < 0)
			return -1;
		switch (it->kind) {
		case DL_TEXT:
			rc = draw_text(p, it, b, b);
			break;
		case DL_LINE:
			rc = draw_line(p, it, b, b);
			break;
		case DL_RECT:
			rc = draw_rect(p, it, b, b);
			break;
		case DL_IMAGE:
			rc = draw_image(p, it, b, b);
			break;
		case DL_QR:
			rc = draw_qr(p, it, b, b);
			break;
		default:
			rc = fail(p, "unknown display-list item");
			break;
		}
	}
	if (rc == 0)
		rc = end_text(p);
	return rc;
}

int
pdf_add_copy(pdf_doc *p, const dl_copy *c)
{
	size_t i;

	if (p->failed)
		return -1;
	for (i = 0; i < c->npages; i++)
		if (add_page(p, c, &c->pages[i]) < 0)
			return -1;
	return 0;
}

int
pdf_page_count(const pdf_doc *p)
{
	return p->npages;
}

static void
cmap_block(buf *b, const char *op, const buf *entries, int n)
{
	buf_printf(b, "%d begin%s\n%send%s\n", n, op, buf_str(entries), op);
}

/*
 * A ToUnicode CMap for the code points in used: the CID is the code point
 * (libharu's UTF-8 encoding), so each maps to itself. Runs within one
 * 256-code block become bfrange entries (only the last byte may vary in a
 * range), single code points bfchar entries.
 */
static void
make_cmap(const unsigned char *used, buf *out)
{
	buf ranges = BUF_INIT, chars = BUF_INIT;
	int nr = 0, nc = 0;
	long cp, end;

	buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (cp = 0; cp <= 0xffff; cp++) {
		if (!(used[cp >> 3] & (1u << (cp & 7))))
			continue;
		end = cp;
		while ((end & 0xff) != 0xff && end < 0xffff &&
		    (used[(end + 1) >> 3] & (1u << ((end + 1) & 7))))
			end++;
		if (end > cp) {
			buf_printf(&ranges, "<%04lX> <%04lX> <%04lX>\n", cp, end, cp);
			if (++nr == CMAP_BLOCK) {
				cmap_block(out, "bfrange", &ranges, nr);
				buf_clear(&ranges);
				nr = 0;
			}
		} else {
			buf_printf(&chars, "<%04lX> <%04lX>\n", cp, cp);
			if (++nc == CMAP_BLOCK) {
				cmap_block(out, "bfchar", &chars, nc);
				buf_clear(&chars);
				nc = 0;
			}
		}
		cp = end;
	}
	if (nr)
		cmap_block(out, "bfrange", &ranges, nr);
	if (nc)
		cmap_block(out, "bfchar", &chars, nc);
	buf_puts(out, "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n");
	buf_free(&ranges);
	buf_free(&chars);
}

/*
 * libharu's own ToUnicode CMap is invalid: rewrite the data of its stream
 * object in place (no orphaned object), or add a new stream if there is none.
 */
static int
fix_tounicode(pdf_doc *p, struct pdf_font *f)
{
	HPDF_Dict font = f->font, cmap;
	buf b = BUF_INIT;
	int rc = -1;

	make_cmap(f->used, &b);
	cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
	if (cmap == NULL) {
		/* A missing key is not an error. */
		p->err = HPDF_OK;
		HPDF_ResetError(p->pdf);
	}
	if (cmap != NULL && cmap->stream != NULL &&
	    cmap->stream->type == HPDF_STREAM_MEMORY) {
		HPDF_MemStream_FreeData(cmap->stream);
	} else {
		cmap = HPDF_DictStream_New(p->pdf->mmgr, p->pdf->xref);
		if (check_ptr(p, cmap, "HPDF_DictStream_New") < 0)
			goto out;
		cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
		if (check(p, HPDF_Dict_Add(font, "ToUnicode", cmap), "HPDF_Dict_Add") < 0)
			goto out;
	}
	if (check(p, HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.p,
	    (HPDF_UINT)b.len), "HPDF_Stream_Write") < 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

int
pdf_save(pdf_doc *p, buf *out)
{
	HPDF_BYTE chunk[65536];
	HPDF_UINT32 total, done, n;
	int i;

	if (p->failed)
		return -1;
	for (i = 0; i < p->nfonts; i++)
		if (p->fonts[i].font && fix_tounicode(p, &p->fonts[i]) < 0)
			return -1;
	if (check(p, HPDF_SaveToStream(p->pdf), "HPDF_SaveToStream") < 0 ||
	    check(p, HPDF_ResetStream(p->pdf), "HPDF_ResetStream") < 0)
		return -1;
	total = HPDF_GetStreamSize(p->pdf);
	if (total == 0)
		return fail(p, "libharu produced an empty file");
	/* Read exactly total bytes: reading past the end raises an error. */
	for (done = 0; done < total; done += n) {
		n = total - done < sizeof(chunk) ? total - done : sizeof(chunk);
		if (check(p, HPDF_ReadFromStream(p->pdf, chunk, &n),
		    "HPDF_ReadFromStream") < 0)
			return -1;
		if (n == 0)
			return fail(p, "libharu's stream ended early");
		buf_put(out, chunk, n);
	}
	return 0;
}

void
pdf_free(pdf_doc *p)
{
	size_t k;
	int i;

	if (p == NULL)
		return;
	if (p->pdf)
		HPDF_Free(p->pdf);
	for (i = 0; i < p->nfonts; i++) {
		mem_free(p->fonts[i].path);
		mem_free(p->fonts[i].used);
	}
	mem_free(p->fonts);
	for (k = 0; k < p->nimages; k++)
		mem_free(p->images[k].path);
	mem_free(p->images);
	mem_free(p);
}
