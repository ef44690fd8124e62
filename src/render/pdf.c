/* pdf: the PDF device: display-list copies in, one PDF out, through libharu. */
#include "render/pdf.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hpdf.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <hpdf_pages.h>
#include <hpdf_streams.h>
#include <hpdf_utils.h>

#include "image/image.h"
#include "render/flate.h"
#include "render/pdfnum.h"
#include "render/pdfvt.h"
#include "render/qr.h"
#include "render/vglyph.h"
#include "text/utf8.h"
#include "util/mem.h"

#define CMAP_BLOCK	100	/* entries per bfrange/bfchar block, the PDF limit */
#define LABELS_PER_LEAF	1024	/* page-label number tree: pairs per leaf node */

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

static const dl_color registration = {.c = 1, .m = 1, .y = 1, .k = 1};	/* on every plate */
static const dl_color proof_color = {.m = 1};

struct pdf_font {
	char *path;
	int alias;		/* index of the first font with the same path */
	HPDF_Font font;		/* NULL until an item uses it */
	unsigned char *used;	/* bitmap of the BMP code points drawn */
	vglyph *vg;		/* glyphs drawn by id (vertical forms); NULL until one is */
};

struct pdf_image {
	char *path;
	HPDF_Image img;
};

/* A spot colour: a Separation colour space, /SpotN in the shared ColorSpace resource. */
struct pdf_spot {
	dl_spot spot;		/* its own copy: the display list's may go first */
	HPDF_Dict fn;		/* the tint transform, 0 -> no ink, 1 -> the alternate */
};

/*
 * What every copy draws the same on a page (dl_item.vary == 0), written
 * once as a content stream that later pages with the same items share.
 * The resources it names are registered first on every page that uses
 * it, in the same order, so the names (F1, X1, …) agree.
 */
#define SHARED_MAX	64
#define SHARED_RES	16

struct pdf_shared {
	uint64_t hash;
	size_t nitems;
	HPDF_Dict stream;
	int fonts[SHARED_RES], nfonts;	/* font slots, in registration order */
	int images[SHARED_RES], nimages;	/* indices into pdf_doc.images */
	int spaces;			/* it uses a spot colour */
};

struct pdf_label {
	int index;		/* 0-based page */
	int seq;		/* call order: the later call for a page wins */
	char *label;
};

struct pdf_doc {
	HPDF_Doc pdf;
	diag *d;
	double bleed;
	double slug;		/* PDF_SLUG with marks or a proof, else 0 */
	int marks, proof, print;
	struct pdf_label *labels;
	size_t nlabels, caplabels;
	int failed;
	HPDF_STATUS err, detail;	/* recorded by the error handler */
	struct pdf_font *fonts;
	int nfonts;
	struct pdf_image *images;
	size_t nimages, capimages;
	struct pdf_spot *spots;
	size_t nspots, capspots;
	HPDF_Dict spaces;	/* the ColorSpace resource every page with a spot shares */
	struct pdf_shared shared[SHARED_MAX];
	int nshared;
	int npages;
	pdfvt *vt;		/* a PDF/VT batch's records; NULL when it is none */
	flate *fl;		/* compresses each content stream once it is finished */
	buf raw, z;		/* its scratch buffers */

	/* Per-page graphics state, to skip redundant operators. */
	HPDF_Page page;
	int in_text;
	int cur_font;
	double cur_size, cur_spacing;
	int fill_known, stroke_known;
	dl_color fill, stroke;
	double line_width;
	int page_spaces;	/* the page's resources name p->spaces */
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

static int
is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return 0;
	return 1;
}

/* A PDF text string: ASCII as is, anything else as UTF-16BE with a BOM. */
static void *
text_obj(pdf_doc *p, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i, adv;
	void *obj;
	buf b = BUF_INIT;

	if (is_ascii(s)) {
		obj = HPDF_String_New(p->pdf->mmgr, s, NULL);
		return check_ptr(p, obj, "HPDF_String_New") < 0 ? NULL : obj;
	}
	buf_putc(&b, 0xfe);
	buf_putc(&b, 0xff);
	for (i = 0; i < n; i += adv) {
		long cp = utf8_decode((const char *)u + i, n - i, &adv);

		if (cp < 0) {
			cp = 0xfffd;
			adv = 1;
		}
		put_utf16be(&b, cp);
	}
	obj = HPDF_Binary_New(p->pdf->mmgr, (HPDF_BYTE *)b.p, (HPDF_UINT)b.len);
	buf_free(&b);
	return check_ptr(p, obj, "HPDF_Binary_New") < 0 ? NULL : obj;
}

static int
set_info(pdf_doc *p, HPDF_InfoType type, const char *key, const char *s)
{
	void *obj;

	if (is_ascii(s))
		return check(p, HPDF_SetInfoAttr(p->pdf, type, s), "HPDF_SetInfoAttr");
	/* Create the Info dictionary and the key, then replace its value. */
	if (check(p, HPDF_SetInfoAttr(p->pdf, type, "-"), "HPDF_SetInfoAttr") < 0 ||
	    (obj = text_obj(p, s)) == NULL)
		return -1;
	return check(p, HPDF_Dict_Add(p->pdf->info, key, obj), "HPDF_Dict_Add");
}

/* A new stream object for the file, flate-compressed when compress is set. */
static HPDF_Dict
new_stream(pdf_doc *p, int compress)
{
	HPDF_Dict st = HPDF_DictStream_New(p->pdf->mmgr, p->pdf->xref);

	if (check_ptr(p, st, "HPDF_DictStream_New") < 0)
		return NULL;
	if (compress)
		st->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
	return st;
}

static int
add_string(pdf_doc *p, HPDF_Dict dict, const char *key, const char *s)
{
	HPDF_String str = HPDF_String_New(p->pdf->mmgr, s, NULL);

	if (check_ptr(p, str, "HPDF_String_New") < 0)
		return -1;
	return check(p, HPDF_Dict_Add(dict, key, str), "HPDF_Dict_Add");
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

/*
 * The PDF/X output intent: the characterised printing condition is our
 * CMYK profile, named "Custom" (not a registered condition), with the
 * profile's own description as /Info.
 */
static int
add_output_intent(pdf_doc *p, const char *path)
{
	HPDF_Dict oi, icc;
	HPDF_Array a;
	char desc[200];
	buf b = BUF_INIT;
	int rc = -1;

	if (read_profile(p, path, &b, desc, sizeof(desc)) < 0)
		goto out;
	if ((icc = new_stream(p, 1)) == NULL ||
	    check(p, HPDF_Dict_AddNumber(icc, "N", 4), "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Dict_AddName(icc, "Alternate", "DeviceCMYK"),
	    "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Stream_Write(icc->stream, (const HPDF_BYTE *)b.p,
	    (HPDF_UINT)b.len), "HPDF_Stream_Write") < 0)
		goto out;
	oi = HPDF_Dict_New(p->pdf->mmgr);
	if (check_ptr(p, oi, "HPDF_Dict_New") < 0)
		goto out;
	a = HPDF_Array_New(p->pdf->mmgr);
	if (check_ptr(p, a, "HPDF_Array_New") < 0 ||
	    check(p, HPDF_Array_Add(a, oi), "HPDF_Array_Add") < 0 ||
	    check(p, HPDF_Dict_Add(p->pdf->catalog, "OutputIntents", a),
	    "HPDF_Dict_Add") < 0 ||
	    check(p, HPDF_Dict_AddName(oi, "Type", "OutputIntent"),
	    "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Dict_AddName(oi, "S", "GTS_PDFX"), "HPDF_Dict_AddName") < 0 ||
	    add_string(p, oi, "OutputConditionIdentifier", "Custom") < 0 ||
	    add_string(p, oi, "OutputCondition", desc) < 0 ||
	    add_string(p, oi, "Info", desc) < 0 ||
	    check(p, HPDF_Dict_Add(oi, "DestOutputProfile", icc), "HPDF_Dict_Add") < 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* s as XML character data: escaped, ill-formed UTF-8 and control characters replaced. */
static void
put_xml(buf *b, const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t n = strlen(s), i, adv;

	for (i = 0; i < n; i += adv) {
		long cp = utf8_decode((const char *)u + i, n - i, &adv);

		if (cp < 0) {
			buf_puts(b, "\xef\xbf\xbd");
			adv = 1;
		} else if (cp == '&')
			buf_puts(b, "&amp;");
		else if (cp == '<')
			buf_puts(b, "&lt;");
		else if (cp == '>')
			buf_puts(b, "&gt;");
		else if (cp < 0x20 && cp != '\t' && cp != '\n')
			buf_putc(b, ' ');
		else
			buf_put(b, u + i, adv);
	}
}

/* A UUID-shaped name derived from the inputs, so that the file stays reproducible. */
static void
put_uuid(buf *b, const char *salt, const pdf_opts *o, const char *title)
{
	HPDF_MD5_CTX ctx;
	HPDF_BYTE h[16];
	char epoch[32];
	int i;

	snprintf(epoch, sizeof(epoch), "%lld", o->epoch);
	HPDF_MD5Init(&ctx);
	HPDF_MD5Update(&ctx, (const HPDF_BYTE *)salt, (HPDF_UINT32)strlen(salt) + 1);
	HPDF_MD5Update(&ctx, (const HPDF_BYTE *)title, (HPDF_UINT32)strlen(title) + 1);
	if (o->creator)
		HPDF_MD5Update(&ctx, (const HPDF_BYTE *)o->creator,
		    (HPDF_UINT32)strlen(o->creator) + 1);
	HPDF_MD5Update(&ctx, (const HPDF_BYTE *)epoch, (HPDF_UINT32)strlen(epoch));
	HPDF_MD5Final(h, &ctx);
	h[6] = (HPDF_BYTE)((h[6] & 0x0f) | 0x30);	/* version 3: name-based, MD5 */
	h[8] = (HPDF_BYTE)((h[8] & 0x3f) | 0x80);
	buf_puts(b, "uuid:");
	for (i = 0; i < 16; i++)
		buf_printf(b, "%s%02x", i == 4 || i == 6 || i == 8 || i == 10 ? "-" : "",
		    h[i]);
}

/*
 * The XMP packet PDF/X-4 requires, consistent with the Info dictionary:
 * title, dates, producer, trapping, the document's identity and the
 * PDF/X version. Left uncompressed so that any tool can read it.
 */
static int
add_xmp(pdf_doc *p, const pdf_opts *o, const char *title, const char *producer,
    const struct tm *tm)
{
	HPDF_Dict md;
	char date[40];
	buf b = BUF_INIT;
	int rc = -1;

	snprintf(date, sizeof(date), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm->tm_year + 1900, tm->tm_mon + 1, tm->tm_mday, tm->tm_hour,
	    tm->tm_min, tm->tm_sec);
	buf_puts(&b, "<?xpacket begin=\"\xef\xbb\xbf\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
	    "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n"
	    " <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
	    "  <rdf:Description rdf:about=\"\"\n"
	    "    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n"
	    "    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n"
	    "    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n"
	    "    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n"
	    "    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\"");
	if (o->records)
		buf_puts(&b, "\n    xmlns:pdfvtid=\"" PDFVT_XMLNS "\"");
	buf_puts(&b, ">\n"
	    "   <dc:format>application/pdf</dc:format>\n"
	    "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
	put_xml(&b, title);
	buf_puts(&b, "</rdf:li></rdf:Alt></dc:title>\n");
	buf_printf(&b, "   <xmp:CreateDate>%s</xmp:CreateDate>\n"
	    "   <xmp:ModifyDate>%s</xmp:ModifyDate>\n"
	    "   <xmp:MetadataDate>%s</xmp:MetadataDate>\n", date, date, date);
	if (o->creator) {
		buf_puts(&b, "   <xmp:CreatorTool>");
		put_xml(&b, o->creator);
		buf_puts(&b, "</xmp:CreatorTool>\n");
	}
	buf_puts(&b, "   <pdf:Producer>");
	put_xml(&b, producer);
	buf_puts(&b, "</pdf:Producer>\n"
	    "   <pdf:Trapped>False</pdf:Trapped>\n"
	    "   <xmpMM:DocumentID>");
	put_uuid(&b, "document", o, title);
	buf_puts(&b, "</xmpMM:DocumentID>\n   <xmpMM:InstanceID>");
	put_uuid(&b, "instance", o, title);
	buf_puts(&b, "</xmpMM:InstanceID>\n"
	    "   <xmpMM:VersionID>1</xmpMM:VersionID>\n"
	    "   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n"
	    "   <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n");
	/* PDF/VT-1: records (the DPart tree) on top of PDF/X-4 */
	if (o->records)
		buf_printf(&b, "   <pdfvtid:GTS_PDFVTVersion>PDF/VT-1</pdfvtid:GTS_PDFVTVersion>\n"
		    "   <pdfvtid:GTS_PDFVTModDate>%s</pdfvtid:GTS_PDFVTModDate>\n", date);
	buf_puts(&b, "  </rdf:Description>\n"
	    " </rdf:RDF>\n"
	    "</x:xmpmeta>\n"
	    "<?xpacket end=\"w\"?>");
	if ((md = new_stream(p, 0)) == NULL ||
	    check(p, HPDF_Dict_AddName(md, "Type", "Metadata"), "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Dict_AddName(md, "Subtype", "XML"), "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Stream_Write(md->stream, (const HPDF_BYTE *)b.p,
	    (HPDF_UINT)b.len), "HPDF_Stream_Write") < 0 ||
	    check(p, HPDF_Dict_Add(p->pdf->catalog, "Metadata", md), "HPDF_Dict_Add") < 0)
		goto out;
	rc = 0;
out:
	buf_free(&b);
	return rc;
}

/* Everything a print PDF declares: PDF/X-4 in Info and XMP, the output intent. */
static int
setup_print(pdf_doc *p, const pdf_opts *o, HPDF_Date date, const struct tm *tm)
{
	const char *title = o->title && *o->title ? o->title : "Untitled";
	char producer[100];

	snprintf(producer, sizeof(producer), "Haru Free PDF Library %s",
	    HPDF_GetVersion());
	if (add_output_intent(p, o->profile ? o->profile : PDF_CMYK_PROFILE) < 0)
		return -1;
	if ((o->title == NULL || *o->title == '\0') &&
	    set_info(p, HPDF_INFO_TITLE, "Title", title) < 0)
		return -1;
	if (set_info(p, HPDF_INFO_PRODUCER, "Producer", producer) < 0 ||
	    check(p, HPDF_SetInfoDateAttr(p->pdf, HPDF_INFO_MOD_DATE, date),
	    "HPDF_SetInfoDateAttr") < 0 ||
	    check(p, HPDF_Dict_AddName(p->pdf->info, "Trapped", "False"),
	    "HPDF_Dict_AddName") < 0 ||
	    add_string(p, p->pdf->info, "GTS_PDFXVersion", "PDF/X-4") < 0)
		return -1;
	return add_xmp(p, o, title, producer, tm);
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
	p->marks = o->marks;
	p->proof = o->proof;
	p->print = o->print;
	p->slug = o->marks || o->proof ? PDF_SLUG : 0;
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
	if ((p->fl = flate_new(FLATE_LEVEL)) == NULL) {
		fail(p, "cannot make a libdeflate compressor");
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
	if (o->print && setup_print(p, o, date, &tm) < 0)
		goto fail;
	if (o->print && o->records)
		p->vt = pdfvt_new(p->pdf);
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

/* A name as PDF writes it: every byte but the regular characters as #XX. */
static void
put_name(buf *b, const char *s)
{
	buf_putc(b, '/');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > 0x20 && c < 0x7f && strchr("#%()/<>[]{}", c) == NULL)
			buf_putc(b, c);
		else
			buf_printf(b, "#%02X", c);
	}
}

/*
 * libharu writes a name's spaces as they are, which ends the name: the
 * shared ColorSpace dictionary writes its entries itself, each
 * /SpotN [/Separation /NAME /DeviceCMYK fn], when the file is saved.
 */
static HPDF_STATUS
write_spaces(HPDF_Dict dict, HPDF_Stream stream)
{
	const pdf_doc *p = dict->attr;
	buf b = BUF_INIT;
	HPDF_STATUS st;
	size_t i;

	for (i = 0; i < p->nspots; i++) {
		buf_printf(&b, "/Spot%zu [/Separation ", i + 1);
		put_name(&b, p->spots[i].spot.name);
		buf_printf(&b, " /DeviceCMYK %u %u R]\012",
		    (unsigned)(p->spots[i].fn->header.obj_id & 0x00ffffff),
		    (unsigned)p->spots[i].fn->header.gen_no);
	}
	st = b.len ? HPDF_Stream_Write(stream, (const HPDF_BYTE *)b.p,
	    (HPDF_UINT)b.len) : HPDF_OK;
	buf_free(&b);
	return st;
}

/* The tint transform of a spot: type 2 (exponential), C0 no ink, C1 the alternate, N 1. */
static HPDF_Dict
tint_function(pdf_doc *p, const dl_spot *sp)
{
	const double c1[4] = {sp->c, sp->m, sp->y, sp->k};
	HPDF_Array dom, a0, a1;
	HPDF_Dict fn;
	int i;

	fn = HPDF_Dict_New(p->pdf->mmgr);
	if (check_ptr(p, fn, "HPDF_Dict_New") < 0 ||
	    check(p, HPDF_Xref_Add(p->pdf->xref, fn), "HPDF_Xref_Add") < 0)
		return NULL;
	dom = HPDF_Array_New(p->pdf->mmgr);
	a0 = HPDF_Array_New(p->pdf->mmgr);
	a1 = HPDF_Array_New(p->pdf->mmgr);
	if (check(p, HPDF_Dict_AddNumber(fn, "FunctionType", 2), "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Dict_Add(fn, "Domain", dom), "HPDF_Dict_Add") < 0 ||
	    check(p, HPDF_Dict_Add(fn, "C0", a0), "HPDF_Dict_Add") < 0 ||
	    check(p, HPDF_Dict_Add(fn, "C1", a1), "HPDF_Dict_Add") < 0 ||
	    check(p, HPDF_Dict_AddNumber(fn, "N", 1), "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Array_AddNumber(dom, 0), "HPDF_Array_AddNumber") < 0 ||
	    check(p, HPDF_Array_AddNumber(dom, 1), "HPDF_Array_AddNumber") < 0)
		return NULL;
	for (i = 0; i < 4; i++)
		if (check(p, HPDF_Array_AddNumber(a0, 0), "HPDF_Array_AddNumber") < 0 ||
		    check(p, HPDF_Array_AddReal(a1, (HPDF_REAL)c1[i]),
		    "HPDF_Array_AddReal") < 0)
			return NULL;
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
	if (p->spaces == NULL) {
		p->spaces = HPDF_Dict_New(p->pdf->mmgr);
		if (check_ptr(p, p->spaces, "HPDF_Dict_New") < 0 ||
		    check(p, HPDF_Xref_Add(p->pdf->xref, p->spaces), "HPDF_Xref_Add") < 0)
			return -1;
		p->spaces->write_fn = write_spaces;
		p->spaces->attr = p;
	}
	if (p->nspots == p->capspots) {
		p->capspots = p->capspots ? p->capspots * 2 : 4;
		p->spots = mem_realloc(p->spots, p->capspots * sizeof(*p->spots));
	}
	s = &p->spots[p->nspots];
	s->spot = *sp;
	if ((s->fn = tint_function(p, sp)) == NULL)
		return -1;
	return (int)++p->nspots;
}

/* Name the shared ColorSpace resource (the spots) in the page's resources, once. */
static int
page_spaces(pdf_doc *p)
{
	HPDF_Dict res;

	if (p->page_spaces)
		return 0;
	res = HPDF_Page_GetInheritableItem(p->page, "Resources", HPDF_OCLASS_DICT);
	if (check_ptr(p, res, "the page's resources") < 0 ||
	    check(p, HPDF_Dict_Add(res, "ColorSpace", p->spaces), "HPDF_Dict_Add") < 0)
		return -1;
	p->page_spaces = 1;
	return 0;
}

/* Select spot colour c for filling (op "cs", "scn") or stroking ("CS", "SCN"). */
static int
set_spot(pdf_doc *p, dl_color c, int known, dl_color cur, int stroke)
{
	HPDF_Stream st = ((HPDF_PageAttr)p->page->attr)->stream;
	char tint[HPDF_REAL_LEN + 1], op[64];
	int n;

	if ((n = spot_index(p, c.spot)) < 0)
		return -1;
	if (!(c.tint >= 0 && c.tint <= 1))
		return fail(p, "a spot colour's tint is out of range 0..1");
	if (page_spaces(p) < 0)
		return -1;
	if (!known || cur.spot == NULL || !dl_spot_equal(cur.spot, c.spot)) {
		snprintf(op, sizeof(op), "/Spot%d %s\012", n, stroke ? "CS" : "cs");
		if (check(p, HPDF_Stream_WriteStr(st, op), "HPDF_Stream_WriteStr") < 0)
			return -1;
	}
	HPDF_FToA(tint, (HPDF_REAL)c.tint, tint + HPDF_REAL_LEN);
	snprintf(op, sizeof(op), "%s %s\012", tint, stroke ? "SCN" : "scn");
	return check(p, HPDF_Stream_WriteStr(st, op), "HPDF_Stream_WriteStr");
}

static int
set_fill(pdf_doc *p, dl_color c)
{
	if (p->fill_known && dl_color_equal(c, p->fill))
		return 0;
	if (c.spot != NULL) {
		if (set_spot(p, c, p->fill_known, p->fill, 0) < 0)
			return -1;
	} else if (check(p, HPDF_Page_SetCMYKFill(p->page, (HPDF_REAL)c.c,
	    (HPDF_REAL)c.m, (HPDF_REAL)c.y, (HPDF_REAL)c.k),
	    "HPDF_Page_SetCMYKFill") < 0)
		return -1;
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
		} else if (check(p, HPDF_Page_SetCMYKStroke(p->page, (HPDF_REAL)c.c,
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

/* Write an operator line to the page's current content stream. */
static int
put_op(pdf_doc *p, const char *op)
{
	HPDF_Stream st = ((HPDF_PageAttr)p->page->attr)->stream;

	return check(p, HPDF_Stream_WriteStr(st, op), "HPDF_Stream_WriteStr");
}

static int
end_text(pdf_doc *p)
{
	if (!p->in_text)
		return 0;
	p->in_text = 0;
	return put_op(p, "ET\012");
}

/* A one-character item drawn with its own glyph (a vertical form): its private-use code. */
static int
glyph_code(pdf_doc *p, struct pdf_font *f, const dl_item *it, buf *op)
{
	size_t adv;
	long cp = utf8_decode(it->str, it->len, &adv), code;

	if (cp <= 0 || adv != it->len)
		return fail(p, "a glyph drawn by id stands for one character");
	if (f->vg == NULL && (f->vg = vglyph_new(f->font, f->path)) == NULL)
		return fail(p, "HarfBuzz cannot read the font");
	if ((code = vglyph_code(f->vg, it->glyph, (uint32_t)cp)) < 0)
		return fail(p, "too many glyphs drawn by id in one font");
	buf_printf(op, "%04lX", code);
	return 0;
}

/*
 * Text is written here, not through HPDF_Page_TextOut: libharu measures
 * every character it shows (a linear search of the font's cmap, the
 * single hottest spot of a large batch). The codes are the same it would
 * write (UTF-16 code units: Identity-H over its CIDToGIDMap); a
 * character is measured through libharu once per font, the first time
 * it is drawn, which also marks its glyph for the embedded subset.
 */
static int
draw_text(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	const unsigned char *u = (const unsigned char *)it->str;
	struct pdf_font *f;
	const char *name;
	buf op = BUF_INIT;
	size_t i, adv;
	int rc = -1;

	if (it->len == 0)
		return 0;
	if ((f = get_font(p, it->font)) == NULL)
		return -1;
	/* the fill first: libharu writes it straight into the stream */
	if (set_fill(p, it->color) < 0)
		return -1;
	if (!p->in_text) {
		buf_puts(&op, "BT\012");
		p->in_text = 1;
	}
	if (p->cur_font != f - p->fonts || p->cur_size != it->size) {
		name = HPDF_Page_GetLocalFontName(p->page, f->font);
		if (check_ptr(p, name, "naming a font") < 0)
			goto out;
		buf_putc(&op, '/');
		buf_puts(&op, name);
		buf_putc(&op, ' ');
		pdfnum_put(&op, it->size);
		buf_puts(&op, " Tf\012");
		p->cur_font = (int)(f - p->fonts);
		p->cur_size = it->size;
	}
	if (p->cur_spacing != it->spacing) {
		pdfnum_put(&op, it->spacing);
		buf_puts(&op, " Tc\012");
		p->cur_spacing = it->spacing;
	}
	buf_puts(&op, "1 0 0 1 ");
	pdfnum_put(&op, ox + it->x);
	buf_putc(&op, ' ');
	pdfnum_put(&op, oy + it->y);
	buf_puts(&op, " Tm\012<");
	if (it->glyph != 0) {
		if ((rc = glyph_code(p, f, it, &op)) < 0)
			goto out;
	}
	for (i = it->glyph ? it->len : 0; i < it->len; i += adv) {
		long cp = utf8_decode((const char *)u + i, it->len - i, &adv);

		if (cp <= 0) {
			rc = fail(p, "text is not valid UTF-8 or contains NUL");
			goto out;
		}
		if (cp > 0xffff) {
			rc = fail(p, "a character beyond U+FFFF: libharu's fonts "
			    "cannot show it");
			goto out;
		}
		if (!(f->used[cp >> 3] & (1u << (cp & 7)))) {
			f->used[cp >> 3] |= (unsigned char)(1u << (cp & 7));
			HPDF_Font_TextWidth(f->font, u + i, (HPDF_UINT)adv);
		}
		pdfnum_put_hex4(&op, (unsigned long)cp);
	}
	buf_puts(&op, "> Tj\012");
	rc = put_op(p, buf_str(&op));
out:
	buf_free(&op);
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
	HPDF_UINT16 on_off[2] = {(HPDF_UINT16)(it->dash + 0.5), (HPDF_UINT16)(it->dash + 0.5)};
	int dashed = !it->fill && it->dash > 0;

	if (it->fill ? set_fill(p, it->color) : set_stroke(p, it->color, it->size))
		return -1;
	/* a dash pattern is graphics state: set before the path, reset after */
	if (dashed && check(p, HPDF_Page_SetDash(p->page, on_off, 2, 0),
	    "HPDF_Page_SetDash") < 0)
		return -1;
	if (check(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y), (HPDF_REAL)it->w, (HPDF_REAL)it->h),
	    "HPDF_Page_Rectangle") < 0)
		return -1;
	if (it->fill)
		return check(p, HPDF_Page_Fill(p->page), "HPDF_Page_Fill");
	if (check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke") < 0)
		return -1;
	return dashed ? check(p, HPDF_Page_SetDash(p->page, NULL, 0, 0),
	    "HPDF_Page_SetDash") : 0;
}

/* Decoded pixels as an image XObject: 8-bit DeviceGray or DeviceCMYK, flate-compressed. */
static HPDF_Image
raw_image(pdf_doc *p, const image_pixels *px)
{
	HPDF_Dict img;

	if ((img = new_stream(p, 1)) == NULL)
		return NULL;
	img->header.obj_class |= HPDF_OSUBCLASS_XOBJECT;
	if (check(p, HPDF_Dict_AddName(img, "Type", "XObject"), "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Dict_AddName(img, "Subtype", "Image"), "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Dict_AddName(img, "ColorSpace", px->channels == 1 ?
	    "DeviceGray" : "DeviceCMYK"), "HPDF_Dict_AddName") < 0 ||
	    check(p, HPDF_Dict_AddNumber(img, "Width", px->w), "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Dict_AddNumber(img, "Height", px->h), "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Dict_AddNumber(img, "BitsPerComponent", 8),
	    "HPDF_Dict_AddNumber") < 0 ||
	    check(p, HPDF_Stream_Write(img->stream, px->p, (HPDF_UINT)((size_t)px->w *
	    (size_t)px->h * (size_t)px->channels)), "HPDF_Stream_Write") < 0)
		return NULL;
	return img;
}

/*
 * A validated image for print: grey and CMYK JPEGs embed as they are
 * (libharu marks every CMYK JPEG Adobe-inverted, right only when the
 * APP14 marker is there), grey PNGs without transparency too; anything
 * with colour or transparency is decoded to DeviceCMYK or DeviceGray.
 */
static HPDF_Image
load_print_image(pdf_doc *p, const char *path, const image_info *in)
{
	image_pixels px;
	HPDF_Image img;
	char err[256];

	if (in->kind == IMAGE_JPEG && in->components != 3) {
		img = HPDF_LoadJpegImageFromFile(p->pdf, path);
		if (check_ptr(p, img, "loading an image") < 0)
			return NULL;
		if (in->components == 4 && !in->adobe &&
		    check(p, HPDF_Dict_RemoveElement(img, "Decode"),
		    "HPDF_Dict_RemoveElement") < 0)
			return NULL;
		return img;
	}
	if (in->kind == IMAGE_PNG && !in->color && !in->alpha) {
		img = HPDF_LoadPngImageFromFile(p->pdf, path);
		return check_ptr(p, img, "loading an image") < 0 ? NULL : img;
	}
	if (image_decode_print(path, &px, err, sizeof(err)) < 0) {
		if (!p->failed)
			diag_plain(p->d, D_IMAGE, path, err);
		p->failed = 1;
		return NULL;
	}
	img = raw_image(p, &px);
	image_pixels_free(&px);
	return img;
}

/* The image of a DL_IMAGE item, loaded (and for print converted) the first time. */
static struct pdf_image *
get_image(pdf_doc *p, const dl_item *it)
{
	struct pdf_image *im;
	char *path, err[256];
	image_info info;
	HPDF_Image img;

	path = mem_strndup(it->str, it->len);
	for (size_t i = 0; i < p->nimages; i++)
		if (strcmp(p->images[i].path, path) == 0) {
			mem_free(path);
			return &p->images[i];
		}
	if (image_inspect(path, &info, err, sizeof(err)) < 0) {
		if (!p->failed)
			diag_plain(p->d, D_IMAGE, path, err);
		p->failed = 1;
		mem_free(path);
		return NULL;
	}
	if (p->print)
		img = load_print_image(p, path, &info);
	else if (info.kind == IMAGE_PNG)
		img = HPDF_LoadPngImageFromFile(p->pdf, path);
	else
		img = HPDF_LoadJpegImageFromFile(p->pdf, path);
	if (img == NULL || check_ptr(p, img, "loading an image") < 0) {
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
	im->img = img;
	return im;
}

static int
draw_image(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	struct pdf_image *im = get_image(p, it);

	if (im == NULL)
		return -1;
	return check(p, HPDF_Page_DrawImage(p->page, im->img, (HPDF_REAL)(ox + it->x),
	    (HPDF_REAL)(oy + it->y), (HPDF_REAL)it->w, (HPDF_REAL)it->h),
	    "HPDF_Page_DrawImage");
}

/*
 * A QR code as one path on its integer module grid, scaled into place
 * by one cm: a run-length "re" per row of dark modules, filled once.
 */
static int
draw_qr(pdf_doc *p, const dl_item *it, double ox, double oy)
{
	buf path = BUF_INIT, op = BUF_INIT;
	char *text;
	double m;
	int n, rc;

	if (set_fill(p, DL_BLACK) < 0)
		return -1;
	text = mem_strndup(it->str, it->len);
	n = qr_path(text, &path);
	mem_free(text);
	if (n < 0) {
		buf_free(&path);
		return fail(p, "QR code: the text is empty or too long to encode");
	}
	m = it->w / n;
	buf_puts(&op, "q\012");
	pdfnum_put(&op, m);
	buf_puts(&op, " 0 0 ");
	pdfnum_put(&op, m);
	buf_putc(&op, ' ');
	pdfnum_put(&op, ox + it->x);
	buf_putc(&op, ' ');
	pdfnum_put(&op, oy + it->y);
	buf_puts(&op, " cm\012");
	buf_put(&op, path.p, path.len);
	buf_puts(&op, "f\012Q\012");
	rc = put_op(p, buf_str(&op));
	buf_free(&path);
	buf_free(&op);
	return rc;
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
stroke_line(pdf_doc *p, double x0, double y0, double x1, double y1)
{
	if (check(p, HPDF_Page_MoveTo(p->page, (HPDF_REAL)x0, (HPDF_REAL)y0),
	    "HPDF_Page_MoveTo") < 0 ||
	    check(p, HPDF_Page_LineTo(p->page, (HPDF_REAL)x1, (HPDF_REAL)y1),
	    "HPDF_Page_LineTo") < 0)
		return -1;
	return 0;
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

			if (stroke_line(p, ex, y, ex + dx, y) < 0 ||
			    stroke_line(p, x, ey, x, ey + dy) < 0)
				return -1;
		}
	}
	if (p->marks & PDF_MARKS_REGISTRATION) {
		cx[0] = bl - h, cy[0] = my;
		cx[1] = br + h, cy[1] = my;
		cx[2] = mx, cy[2] = bb - h;
		cx[3] = mx, cy[3] = bt + h;
		for (i = 0; i < 4; i++)
			if (check(p, HPDF_Page_Circle(p->page, (HPDF_REAL)cx[i],
			    (HPDF_REAL)cy[i], (HPDF_REAL)TARGET_R), "HPDF_Page_Circle") < 0 ||
			    stroke_line(p, cx[i] - TARGET_ARM, cy[i], cx[i] + TARGET_ARM, cy[i]) < 0 ||
			    stroke_line(p, cx[i], cy[i] - TARGET_ARM, cx[i], cy[i] + TARGET_ARM) < 0)
				return -1;
	}
	return check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke");
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
			else if (check(p, pen ? HPDF_Page_LineTo(p->page, (HPDF_REAL)px,
			    (HPDF_REAL)py) : HPDF_Page_MoveTo(p->page, (HPDF_REAL)px,
			    (HPDF_REAL)py), "HPDF_Page_LineTo") < 0)
				return -1;
			else
				pen = 1;
		}
	return check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke");
}

/* A proof: the bleed box and the safe area outlined, dashed; PROOF in the top slug. */
static int
draw_proof(pdf_doc *p, double tl, double tb, double tr, double tt)
{
	static const HPDF_UINT16 dash[] = {3, 2};
	double b = p->bleed;

	if (set_stroke(p, proof_color, PROOF_WIDTH) < 0 ||
	    check(p, HPDF_Page_SetDash(p->page, dash, 2, 0), "HPDF_Page_SetDash") < 0 ||
	    check(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)(tl - b), (HPDF_REAL)(tb - b),
	    (HPDF_REAL)(tr - tl + 2 * b), (HPDF_REAL)(tt - tb + 2 * b)),
	    "HPDF_Page_Rectangle") < 0 ||
	    check(p, HPDF_Page_Rectangle(p->page, (HPDF_REAL)(tl + SAFE_INSET),
	    (HPDF_REAL)(tb + SAFE_INSET), (HPDF_REAL)(tr - tl - 2 * SAFE_INSET),
	    (HPDF_REAL)(tt - tb - 2 * SAFE_INSET)), "HPDF_Page_Rectangle") < 0 ||
	    check(p, HPDF_Page_Stroke(p->page), "HPDF_Page_Stroke") < 0 ||
	    check(p, HPDF_Page_SetDash(p->page, NULL, 0, 0), "HPDF_Page_SetDash") < 0)
		return -1;
	/* Clear of the top-left crop mark, centred in the top slug. */
	return draw_proof_word(p, tl + 8 * MM, tt + b + (p->slug - 6 * PROOF_UNIT) / 2);
}

/* Marks and the proof frame, over the page, in their own graphics state. */
static int
draw_slug(pdf_doc *p, const dl_copy *c)
{
	double tl = p->slug + p->bleed, tb = tl;

	if (!p->marks && !p->proof)
		return 0;
	if (check(p, HPDF_Page_GSave(p->page), "HPDF_Page_GSave") < 0)
		return -1;
	p->stroke_known = 0;
	p->line_width = -1;
	if (p->marks && draw_marks(p, tl, tb, tl + c->width, tb + c->height) < 0)
		return -1;
	if (p->proof && draw_proof(p, tl, tb, tl + c->width, tb + c->height) < 0)
		return -1;
	if (check(p, HPDF_Page_GRestore(p->page), "HPDF_Page_GRestore") < 0)
		return -1;
	p->fill_known = p->stroke_known = 0;
	p->line_width = -1;
	return 0;
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

/* Draw the items of pg whose vary flag is vary, at offset o. */
static int
draw_items(pdf_doc *p, const dl_page *pg, int vary, double o)
{
	int rc = 0;

	for (size_t i = 0; i < pg->n && rc == 0; i++) {
		const dl_item *it = &pg->items[i];

		if ((it->vary != 0) != vary)
			continue;
		if (it->kind != DL_TEXT && end_text(p) < 0)
			return -1;
		switch (it->kind) {
		case DL_TEXT:
			rc = draw_text(p, it, o, o);
			break;
		case DL_LINE:
			rc = draw_line(p, it, o, o);
			break;
		case DL_RECT:
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
	return rc == 0 ? end_text(p) : rc;
}

/* A sealed stream's bytes are compressed already: libharu writes them as they are, and its /Filter here. */
static HPDF_STATUS
write_flate(HPDF_Dict dict, HPDF_Stream stream)
{
	return HPDF_Stream_WriteStr(stream, "/Filter /FlateDecode\012");
}

/*
 * Compress a finished content stream now (libdeflate, FLATE_LEVEL)
 * instead of with zlib when the file is saved: faster, smaller, and the
 * document holds each page compressed until then. Nothing may be
 * written to the stream afterwards.
 */
static int
seal(pdf_doc *p, HPDF_Dict st)
{
	HPDF_Stream s = st->stream;
	HPDF_UINT i, n, len;

	if (st->write_fn == write_flate)
		return 0;
	buf_clear(&p->raw);
	buf_clear(&p->z);
	n = HPDF_MemStream_GetBufCount(s);
	for (i = 0; i < n; i++) {
		HPDF_BYTE *b = HPDF_MemStream_GetBufPtr(s, i, &len);

		if (check_ptr(p, b, "HPDF_MemStream_GetBufPtr") < 0)
			return -1;
		buf_put(&p->raw, b, len);
	}
	if (flate_compress(p->fl, p->raw.p ? p->raw.p : "", p->raw.len, &p->z) < 0)
		return fail(p, "libdeflate could not compress a content stream");
	HPDF_MemStream_FreeData(s);
	if (check(p, HPDF_Stream_Write(s, (const HPDF_BYTE *)p->z.p, (HPDF_UINT)p->z.len),
	    "HPDF_Stream_Write") < 0)
		return -1;
	st->filter = HPDF_STREAM_FILTER_NONE;
	st->write_fn = write_flate;
	return 0;
}

static uint64_t
fnv(uint64_t h, const void *data, size_t n)
{
	const unsigned char *b = data;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* The fingerprint of what pg draws the same in every copy, where it draws it. */
static uint64_t
static_hash(const dl_page *pg, double o, size_t *n)
{
	uint64_t h = fnv(0xcbf29ce484222325ULL, &o, sizeof(o));

	*n = 0;
	for (size_t i = 0; i < pg->n; i++) {
		const dl_item *it = &pg->items[i];
		double num[11] = {it->x, it->y, it->w, it->h, it->size, it->spacing,
		    it->color.c, it->color.m, it->color.y, it->color.k, it->dash};
		int ints[4] = {(int)it->kind, it->font, it->fill, (int)it->glyph};

		if (it->vary)
			continue;
		(*n)++;
		h = fnv(h, num, sizeof(num));
		h = fnv(h, ints, sizeof(ints));
		h = fnv(h, it->str ? it->str : "", it->len);
		if (it->color.spot) {
			h = fnv(h, it->color.spot->name, strlen(it->color.spot->name));
			h = fnv(h, &it->color.tint, sizeof(it->color.tint));
		}
	}
	return h;
}

/* Register the shared stream's fonts and images on the page, in its order. */
static int
name_resources(pdf_doc *p, const struct pdf_shared *sh)
{
	for (int i = 0; i < sh->nfonts; i++)
		if (check_ptr(p, HPDF_Page_GetLocalFontName(p->page,
		    p->fonts[sh->fonts[i]].font), "naming a font") < 0)
			return -1;
	for (int i = 0; i < sh->nimages; i++)
		if (check_ptr(p, HPDF_Page_GetXObjectName(p->page,
		    p->images[sh->images[i]].img), "naming an image") < 0)
			return -1;
	return sh->spaces ? page_spaces(p) : 0;
}

/* Add slot to a shared stream's resource list once; -1 when the list is full. */
static int
add_slot(int *slots, int *n, int slot)
{
	for (int k = 0; k < *n; k++)
		if (slots[k] == slot)
			return 0;
	if (*n == SHARED_RES)
		return -1;
	slots[(*n)++] = slot;
	return 0;
}

/* Make the shared stream for pg's unvarying items: 0, 1 when they cannot be shared (too many resources), -1 on error. */
static int
new_shared(pdf_doc *p, const dl_page *pg, double o, struct pdf_shared *sh)
{
	for (size_t i = 0; i < pg->n; i++) {
		const dl_item *it = &pg->items[i];

		if (it->vary)
			continue;
		if (it->color.spot) {
			sh->spaces = 1;
			if (spot_index(p, it->color.spot) < 0)
				return -1;
		}
		if (it->kind == DL_TEXT) {
			struct pdf_font *f = get_font(p, it->font);

			if (f == NULL)
				return -1;
			if (add_slot(sh->fonts, &sh->nfonts, (int)(f - p->fonts)) != 0)
				return 1;
		} else if (it->kind == DL_IMAGE) {
			struct pdf_image *im = get_image(p, it);

			if (im == NULL)
				return -1;
			if (add_slot(sh->images, &sh->nimages, (int)(im - p->images)) != 0)
				return 1;
		}
	}
	if (name_resources(p, sh) < 0 ||
	    check(p, HPDF_Page_New_Content_Stream(p->page, &sh->stream),
	    "HPDF_Page_New_Content_Stream") < 0 ||
	    check(p, HPDF_Page_GSave(p->page), "HPDF_Page_GSave") < 0 ||
	    draw_items(p, pg, 0, o) < 0 ||
	    check(p, HPDF_Page_GRestore(p->page), "HPDF_Page_GRestore") < 0)
		return -1;
	forget_state(p);
	return 0;
}

/*
 * The unvarying items of pg: the shared stream of an earlier page that
 * drew the same, or a new one that later pages can share; then a fresh
 * stream for the rest. 1 when they are to be drawn inline instead.
 */
static int
draw_shared(pdf_doc *p, const dl_page *pg, double o)
{
	struct pdf_shared *sh = NULL, fresh;
	size_t n;
	uint64_t h = static_hash(pg, o, &n);
	int rc;

	if (n == 0)
		return 1;
	for (int i = 0; i < p->nshared; i++)
		if (p->shared[i].hash == h && p->shared[i].nitems == n)
			sh = &p->shared[i];
	/* libharu starts a new stream after the shared one: the copy's own items go there */
	if (sh != NULL)
		return name_resources(p, sh) < 0 ? -1 :
		    check(p, HPDF_Page_Insert_Shared_Content_Stream(p->page,
		    sh->stream), "HPDF_Page_Insert_Shared_Content_Stream");
	if (p->nshared == SHARED_MAX)
		return 1;	/* too many variants: not worth sharing */
	memset(&fresh, 0, sizeof(fresh));
	fresh.hash = h;
	fresh.nitems = n;
	if ((rc = new_shared(p, pg, o, &fresh)) != 0)
		return rc;
	p->shared[p->nshared++] = fresh;
	if (seal(p, fresh.stream) < 0)
		return -1;
	return check(p, HPDF_Page_New_Content_Stream(p->page, NULL),
	    "HPDF_Page_New_Content_Stream");
}

static int
add_page(pdf_doc *p, const dl_copy *c, const dl_page *pg)
{
	double s = p->slug, b = p->bleed, o = s + b;
	double mw = c->width + 2 * o, mh = c->height + 2 * o;
	int rc;

	p->page = HPDF_AddPage(p->pdf);
	if (check_ptr(p, p->page, "HPDF_AddPage") < 0)
		return -1;
	p->npages++;
	forget_state(p);
	p->page_spaces = 0;
	if (check(p, HPDF_Page_SetWidth(p->page, (HPDF_REAL)mw), "HPDF_Page_SetWidth") < 0 ||
	    check(p, HPDF_Page_SetHeight(p->page, (HPDF_REAL)mh), "HPDF_Page_SetHeight") < 0 ||
	    set_box(p, "TrimBox", o, o, o + c->width, o + c->height) < 0 ||
	    set_box(p, "BleedBox", s, s, mw - s, mh - s) < 0 ||
	    set_box(p, "CropBox", 0, 0, mw, mh) < 0)
		return -1;
	if (pg->rotate && check(p, HPDF_Page_SetRotate(p->page,
	    (HPDF_UINT16)pg->rotate), "HPDF_Page_SetRotate") < 0)
		return -1;
	if ((rc = draw_shared(p, pg, o)) < 0)
		return -1;
	if (rc == 1 && draw_items(p, pg, 0, o) < 0)
		return -1;
	if (draw_items(p, pg, 1, o) < 0 || draw_slug(p, c) < 0)
		return -1;
	return seal(p, ((HPDF_PageAttr)p->page->attr)->contents);
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

int
pdf_add_record(pdf_doc *p, int first_page, int npages, const pdfvt_record *r)
{
	HPDF_Page *pages;
	int i, rc = -1;

	if (p->failed)
		return -1;
	if (p->vt == NULL)
		return 0;
	if (first_page < 1 || npages < 1 || first_page - 1 + npages > p->npages)
		return fail(p, "PDF/VT: a record's pages are not in the file");
	pages = mem_alloc((size_t)npages * sizeof(*pages));
	for (i = 0; i < npages; i++)
		if (check_ptr(p, pages[i] = HPDF_GetPageByIndex(p->pdf,
		    (HPDF_UINT)(first_page - 1 + i)), "HPDF_GetPageByIndex") < 0)
			goto out;
	rc = check(p, pdfvt_add(p->vt, pages, npages, r), "a PDF/VT record");
out:
	mem_free(pages);
	return rc;
}

int
pdf_label_pages(pdf_doc *p, int first_page, const char *label)
{
	struct pdf_label *l;

	if (p->failed)
		return -1;
	if (first_page < 1 || label == NULL)
		return fail(p, "page label: the first page is counted from 1");
	if (p->nlabels == p->caplabels) {
		p->caplabels = p->caplabels ? p->caplabels * 2 : 16;
		p->labels = mem_realloc(p->labels, p->caplabels * sizeof(*p->labels));
	}
	l = &p->labels[p->nlabels];
	l->index = first_page - 1;
	l->seq = (int)p->nlabels;
	l->label = mem_strdup(label);
	p->nlabels++;
	return 0;
}

static int
label_cmp(const void *a, const void *b)
{
	const struct pdf_label *x = a, *y = b;

	if (x->index != y->index)
		return x->index < y->index ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* One << /S /D /P (LABEL p) >>; NULL label: plain page numbers. */
static HPDF_Dict
label_dict(pdf_doc *p, const char *label)
{
	HPDF_Dict d = HPDF_Dict_New(p->pdf->mmgr);
	void *prefix;
	char *s;

	if (check_ptr(p, d, "HPDF_Dict_New") < 0 ||
	    check(p, HPDF_Dict_AddName(d, "S", "D"), "HPDF_Dict_AddName") < 0)
		return NULL;
	if (label == NULL)
		return d;
	s = mem_alloc(strlen(label) + 3);
	memcpy(s, label, strlen(label));
	memcpy(s + strlen(label), " p", 3);
	prefix = text_obj(p, s);
	mem_free(s);
	if (prefix == NULL || check(p, HPDF_Dict_Add(d, "P", prefix), "HPDF_Dict_Add") < 0)
		return NULL;
	return d;
}

/*
 * The catalog's /PageLabels number tree, sorted by page, from the calls
 * to pdf_label_pages that name existing pages (the later call wins for a
 * page; page 0 gets plain numbers if no call names it). Leaves of
 * LABELS_PER_LEAF pairs keep every array far below libharu's limit.
 */
static int
write_labels(pdf_doc *p)
{
	struct pdf_label *l = p->labels;
	HPDF_Dict root = NULL, leaf = NULL;
	HPDF_Array kids = NULL, nums = NULL;
	size_t i, n = 0, inleaf = 0, nleaves;
	int first = 0, last = 0;

	if (p->nlabels == 0)
		return 0;
	qsort(l, p->nlabels, sizeof(*l), label_cmp);
	for (i = 0; i < p->nlabels; i++) {
		if (l[i].index >= p->npages)
			break;
		if (n > 0 && l[n - 1].index == l[i].index) {
			mem_free(l[n - 1].label);
			l[n - 1] = l[i];
		} else
			l[n++] = l[i];
	}
	for (; i < p->nlabels; i++)
		mem_free(l[i].label);
	p->nlabels = n;
	if (n == 0)
		return 0;
	if (l[0].index != 0)
		n++;
	nleaves = (n + LABELS_PER_LEAF - 1) / LABELS_PER_LEAF;
	if (nleaves > 1) {
		root = HPDF_Dict_New(p->pdf->mmgr);
		kids = HPDF_Array_New(p->pdf->mmgr);
		if (check_ptr(p, root, "HPDF_Dict_New") < 0 ||
		    check_ptr(p, kids, "HPDF_Array_New") < 0 ||
		    check(p, HPDF_Dict_Add(root, "Kids", kids), "HPDF_Dict_Add") < 0)
			return -1;
	}
	for (i = 0; i < n; i++) {
		/* Entry i of the tree; entry 0 is the default when no call names page 0. */
		const struct pdf_label *e = l[0].index == 0 ? &l[i] : i ? &l[i - 1] : NULL;
		int index = e ? e->index : 0;
		HPDF_Dict d;

		if (inleaf == 0) {
			leaf = HPDF_Dict_New(p->pdf->mmgr);
			nums = HPDF_Array_New(p->pdf->mmgr);
			if (check_ptr(p, leaf, "HPDF_Dict_New") < 0 ||
			    check_ptr(p, nums, "HPDF_Array_New") < 0 ||
			    check(p, HPDF_Dict_Add(leaf, "Nums", nums), "HPDF_Dict_Add") < 0)
				return -1;
			first = index;
		}
		last = index;
		if ((d = label_dict(p, e ? e->label : NULL)) == NULL ||
		    check(p, HPDF_Array_AddNumber(nums, index), "HPDF_Array_AddNumber") < 0 ||
		    check(p, HPDF_Array_Add(nums, d), "HPDF_Array_Add") < 0)
			return -1;
		if (++inleaf < LABELS_PER_LEAF && i + 1 < n)
			continue;
		inleaf = 0;
		if (nleaves == 1) {
			root = leaf;
			break;
		}
		{
			HPDF_Array lim = HPDF_Array_New(p->pdf->mmgr);

			if (check_ptr(p, lim, "HPDF_Array_New") < 0 ||
			    check(p, HPDF_Array_AddNumber(lim, first), "HPDF_Array_AddNumber") < 0 ||
			    check(p, HPDF_Array_AddNumber(lim, last), "HPDF_Array_AddNumber") < 0 ||
			    check(p, HPDF_Dict_Add(leaf, "Limits", lim), "HPDF_Dict_Add") < 0 ||
			    check(p, HPDF_Xref_Add(p->pdf->xref, leaf), "HPDF_Xref_Add") < 0 ||
			    check(p, HPDF_Array_Add(kids, leaf), "HPDF_Array_Add") < 0)
				return -1;
		}
	}
	return check(p, HPDF_Dict_Add(p->pdf->catalog, "PageLabels", root), "HPDF_Dict_Add");
}

/* A placeholder file identifier, filled in by fill_id once the bytes are known. */
static int
add_id(pdf_doc *p)
{
	HPDF_BYTE zero[16];
	HPDF_Array a;
	int i;

	memset(zero, 0, sizeof(zero));
	a = HPDF_Array_New(p->pdf->mmgr);
	if (check_ptr(p, a, "HPDF_Array_New") < 0)
		return -1;
	for (i = 0; i < 2; i++)
		if (check(p, HPDF_Array_Add(a, HPDF_Binary_New(p->pdf->mmgr, zero,
		    sizeof(zero))), "HPDF_Array_Add") < 0)
			return -1;
	return check(p, HPDF_Dict_Add(p->pdf->trailer, "ID", a), "HPDF_Dict_Add");
}

/*
 * The /ID is the MD5 of the file as written with the placeholder: the
 * same input gives the same file, a different one a different ID. The
 * trailer is the last thing written, so its placeholder is the last one.
 */
static int
fill_id(pdf_doc *p, char *s, size_t n)
{
	/* as libharu writes the placeholder: two 16-byte strings in hex */
	static const char pat[] = "/ID [ <00000000000000000000000000000000> "
	    "<00000000000000000000000000000000> ]";
	const size_t pl = sizeof(pat) - 1;
	HPDF_MD5_CTX ctx;
	HPDF_BYTE h[16];
	char hex[40], *at = NULL;
	size_t i, k;

	for (i = n >= pl ? n - pl + 1 : 0; i-- > 0;)
		if (memcmp(s + i, pat, pl) == 0) {
			at = s + i;
			break;
		}
	if (at == NULL)
		return fail(p, "the file identifier was not written");
	HPDF_MD5Init(&ctx);
	for (i = 0; i < n; i += k) {
		k = n - i < 0x40000000 ? n - i : 0x40000000;
		HPDF_MD5Update(&ctx, (const HPDF_BYTE *)s + i, (HPDF_UINT32)k);
	}
	HPDF_MD5Final(h, &ctx);
	for (i = 0; i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02X", h[i]);
	memcpy(at + 7, hex, 32);
	memcpy(at + 7 + 35, hex, 32);
	return 0;
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
make_cmap(const unsigned char *used, const buf *extra, buf *out)
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
	/* the private-use codes of glyphs drawn by id: each its character */
	for (const char *l = extra ? buf_str(extra) : ""; *l != '\0';) {
		const char *e = strchr(l, '\n');

		buf_put(&chars, l, (size_t)(e - l) + 1);
		l = e + 1;
		if (++nc == CMAP_BLOCK) {
			cmap_block(out, "bfchar", &chars, nc);
			buf_clear(&chars);
			nc = 0;
		}
	}
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
	buf b = BUF_INIT, extra = BUF_INIT;
	int rc = -1, n;

	if (f->vg != NULL && vglyph_finish(f->vg, &extra, &n) != 0) {
		buf_free(&extra);
		return fail(p, "cannot add glyphs drawn by id to the font's CIDToGIDMap");
	}
	make_cmap(f->used, &extra, &b);
	buf_free(&extra);
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
	size_t start = out->len;
	int i;

	if (p->failed)
		return -1;
	for (i = 0; i < p->nfonts; i++)
		if (p->fonts[i].font && fix_tounicode(p, &p->fonts[i]) < 0)
			return -1;
	if (write_labels(p) < 0 || add_id(p) < 0)
		return -1;
	if (p->vt != NULL) {
		if (pdfvt_count(p->vt) == 0)
			return fail(p, "PDF/VT: the batch has no record");
		if (check(p, pdfvt_finish(p->vt), "the PDF/VT records") < 0)
			return -1;
	}
	/* PDF/X-4 is PDF 1.6; libharu starts at 1.3 and only ever raises it to 1.4. */
	if (p->print)
		p->pdf->pdf_version = HPDF_VER_16;
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
	return fill_id(p, out->p + start, out->len - start);
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
		vglyph_free(p->fonts[i].vg);
	}
	mem_free(p->fonts);
	for (k = 0; k < p->nimages; k++)
		mem_free(p->images[k].path);
	mem_free(p->images);
	mem_free(p->spots);
	for (k = 0; k < p->nlabels; k++)
		mem_free(p->labels[k].label);
	mem_free(p->labels);
	pdfvt_free(p->vt);
	flate_free(p->fl);
	buf_free(&p->raw);
	buf_free(&p->z);
	mem_free(p);
}
