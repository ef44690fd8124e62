/* pdffont: a TrueType font embedded as Type0 / CIDFontType2 (CID = glyph id), subset per file by hb-subset. */
#include "render/pdffont.h"

#include <stdio.h>
#include <string.h>

#include <hb.h>
#include <hb-subset.h>

#include "render/pdfnum.h"
#include "util/mem.h"

#define CMAP_BLOCK	100	/* entries per bfchar block, the PDF limit */
#define DEFAULT_WIDTH	1000	/* /DW: most glyphs of a Japanese font, so /W stays short */

struct pdffont {
	font *font;
	unsigned char *data;	/* the font file */
	hb_blob_t *blob;	/* over data */
	hb_face_t *face;
	unsigned nglyphs;
	uint64_t *used;		/* a bit per glyph drawn in this file */
	uint32_t *text;		/* per glyph: the code point it stands for, 0 none */
	int any;
};

static int
fail(char *err, size_t errlen, const char *why)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", why);
	return -1;
}

pdffont *
pdffont_load(const char *path, char *err, size_t errlen)
{
	pdffont *f = mem_calloc(1, sizeof(*f));
	size_t size;

	if (font_read(path, &f->data, &size, err, errlen) == -1 ||
	    (f->font = font_load_data(path, f->data, size, err, errlen)) == NULL)
		goto fail;
	f->blob = hb_blob_create((const char *)f->data, (unsigned)size,
	    HB_MEMORY_MODE_READONLY, NULL, NULL);
	f->face = hb_face_create(f->blob, 0);
	if (hb_face_get_glyph_count(f->face) != font_nglyphs(f->font)) {
		fail(err, errlen, "HarfBuzz cannot read the font");
		goto fail;
	}
	f->nglyphs = font_nglyphs(f->font);
	f->used = mem_calloc((f->nglyphs + 63) / 64, sizeof(*f->used));
	f->text = mem_calloc(f->nglyphs, sizeof(*f->text));
	return f;
fail:
	pdffont_free(f);
	return NULL;
}

void
pdffont_free(pdffont *f)
{
	if (f == NULL)
		return;
	hb_face_destroy(f->face);
	hb_blob_destroy(f->blob);
	font_free(f->font);
	mem_free(f->data);
	mem_free(f->used);
	mem_free(f->text);
	mem_free(f);
}

const font *
pdffont_font(const pdffont *f)
{
	return f->font;
}

unsigned
pdffont_glyph(const pdffont *f, uint32_t cp)
{
	return font_glyph(f->font, cp);
}

void
pdffont_use(pdffont *f, unsigned gid, uint32_t cp)
{
	if (gid >= f->nglyphs)
		return;
	f->used[gid >> 6] |= (uint64_t)1 << (gid & 63);
	if (f->text[gid] == 0 && cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF))
		f->text[gid] = cp;
	f->any = 1;
}

int
pdffont_used(const pdffont *f)
{
	return f->any;
}

/* The next used glyph from gid on, or nglyphs. */
static unsigned
next_used(const pdffont *f, unsigned gid)
{
	while (gid < f->nglyphs) {
		uint64_t word = f->used[gid >> 6] >> (gid & 63);

		if (word != 0)
			return gid + (unsigned)__builtin_ctzll(word);
		gid = (gid | 63) + 1;
	}
	return f->nglyphs;
}

/* "XXXXXX+Name": six letters from a hash (FNV-1a) of the used glyph ids. */
static void
base_font(const pdffont *f, char *name, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1)) {
		h = (h ^ (g & 0xff)) * 0x100000001b3ULL;
		h = (h ^ (g >> 8)) * 0x100000001b3ULL;
	}
	for (int i = 0; i < 6; i++, h /= 26)
		name[i] = (char)('A' + h % 26);
	snprintf(name + 6, len - 6, "+%s", font_name(f->font));
}

/* The program of the used glyphs and .notdef, each at its own id. */
static hb_blob_t *
subset(const pdffont *f)
{
	static const hb_tag_t drop[] = {
		/* shaping and vertical metrics: the PDF positions every glyph itself */
		HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'),
		HB_TAG('G', 'D', 'E', 'F'), HB_TAG('B', 'A', 'S', 'E'),
		HB_TAG('J', 'S', 'T', 'F'), HB_TAG('M', 'A', 'T', 'H'),
		HB_TAG('k', 'e', 'r', 'n'), HB_TAG('v', 'h', 'e', 'a'),
		HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'),
	};
	hb_subset_input_t *in = hb_subset_input_create_or_fail();
	hb_face_t *sub = NULL;
	hb_blob_t *blob = NULL;
	hb_set_t *glyphs, *tables;

	if (in == NULL)
		return NULL;
	glyphs = hb_subset_input_glyph_set(in);
	hb_set_add(glyphs, 0);
	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1))
		hb_set_add(glyphs, g);
	tables = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
	for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
		hb_set_add(tables, drop[i]);
	/* .notdef keeps its box: a glyph drawn by mistake shows */
	hb_subset_input_set_flags(in, HB_SUBSET_FLAGS_RETAIN_GIDS |
	    HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
	if ((sub = hb_subset_or_fail(f->face, in)) != NULL)
		blob = hb_face_reference_blob(sub);
	hb_face_destroy(sub);
	hb_subset_input_destroy(in);
	if (blob != NULL && hb_blob_get_length(blob) == 0) {
		hb_blob_destroy(blob);
		blob = NULL;
	}
	return blob;
}

/* /W: runs of consecutive used glyphs not DEFAULT_WIDTH wide, "gid [w w …]". */
static void
put_widths(buf *b, const pdffont *f)
{
	int open = 0;
	unsigned prev = 0;

	buf_puts(b, " /W [");
	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1)) {
		int adv = font_glyph_advance(f->font, g);

		if (adv == DEFAULT_WIDTH)
			continue;
		if (open && g != prev + 1) {
			buf_putc(b, ']');
			open = 0;
		}
		if (!open) {
			buf_putc(b, ' ');
			pdfnum_put_int(b, g);
			buf_puts(b, " [");
			open = 1;
		} else
			buf_putc(b, ' ');
		pdfnum_put_int(b, adv);
		prev = g;
	}
	buf_puts(b, open ? "] ]" : " ]");
}

static void
put_utf16(buf *b, uint32_t cp)
{
	if (cp > 0xFFFF) {
		cp -= 0x10000;
		pdfnum_put_hex4(b, 0xD800 + (cp >> 10));
		pdfnum_put_hex4(b, 0xDC00 + (cp & 0x3FF));
	} else
		pdfnum_put_hex4(b, cp);
}

/* A ToUnicode CMap: each used glyph with a text, its code (the glyph id) to that text. */
static void
make_cmap(const pdffont *f, buf *out)
{
	unsigned n = 0, done = 0;

	buf_puts(out, "/CIDInit /ProcSet findresource begin\n"
	    "12 dict begin\n"
	    "begincmap\n"
	    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
	    "/CMapName /Adobe-Identity-UCS def\n"
	    "/CMapType 2 def\n"
	    "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1))
		n += f->text[g] != 0;
	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1)) {
		if (f->text[g] == 0)
			continue;
		if (done % CMAP_BLOCK == 0) {
			pdfnum_put_int(out, n - done < CMAP_BLOCK ? n - done : CMAP_BLOCK);
			buf_puts(out, " beginbfchar\n");
		}
		buf_putc(out, '<');
		pdfnum_put_hex4(out, g);
		buf_puts(out, "> <");
		put_utf16(out, f->text[g]);
		buf_puts(out, ">\n");
		if (++done % CMAP_BLOCK == 0 || done == n)
			buf_puts(out, "endbfchar\n");
	}
	buf_puts(out, "endcmap\n"
	    "CMapName currentdict /CMap defineresource pop\n"
	    "end\n"
	    "end\n");
}

static void
put_descriptor(buf *b, const pdffont *f, const char *name, int file)
{
	const font_desc *d = font_describe(f->font);
	/*
	 * Symbolic: the glyphs are reached by id, not through a standard
	 * Latin encoding.
	 */
	int flags = 4 | (d->fixed_pitch ? 1 : 0) | (d->serif ? 2 : 0) |
	    (d->italic ? 64 : 0);
	/* No table gives the stem width: a usual estimate from the weight class. */
	double stemv = 50 + (d->weight / 65.0) * (d->weight / 65.0);

	buf_puts(b, "<< /Type /FontDescriptor /FontName ");
	pdfw_put_name(b, name);
	buf_puts(b, " /Flags ");
	pdfnum_put_int(b, flags);
	buf_puts(b, " /FontBBox [");
	for (int i = 0; i < 4; i++) {
		buf_putc(b, ' ');
		pdfnum_put_int(b, d->bbox[i]);
	}
	buf_puts(b, " ] /ItalicAngle ");
	pdfnum_put(b, d->italic_angle);
	buf_puts(b, " /Ascent ");
	pdfnum_put_int(b, font_ascent(f->font));
	buf_puts(b, " /Descent ");
	pdfnum_put_int(b, font_descent(f->font));
	buf_puts(b, " /CapHeight ");
	pdfnum_put_int(b, d->cap_height);
	buf_puts(b, " /StemV ");
	pdfnum_put_int(b, (long long)(stemv + 0.5));
	buf_puts(b, " /FontFile2 ");
	pdfw_put_ref(b, file);
	buf_puts(b, " >>");
}

static void
clear_used(pdffont *f)
{
	for (unsigned g = next_used(f, 0); g < f->nglyphs; g = next_used(f, g + 1))
		f->text[g] = 0;
	memset(f->used, 0, (f->nglyphs + 63) / 64 * sizeof(*f->used));
	f->any = 0;
}

int
pdffont_write(pdffont *f, pdfw *w, int num, char *err, size_t errlen)
{
	int cid = pdfw_alloc(w), desc = pdfw_alloc(w), file = pdfw_alloc(w);
	int tounicode = pdfw_alloc(w), rc = -1;
	hb_blob_t *prog = subset(f);
	buf b = BUF_INIT;
	unsigned len;
	const char *data;
	char name[128];	/* the tag, "+" and the font's name, cut past 121 bytes */

	if (prog == NULL) {
		fail(err, errlen, "HarfBuzz could not subset the font");
		goto out;
	}
	base_font(f, name, sizeof(name));
	data = hb_blob_get_data(prog, &len);
	buf_puts(&b, "/Length1 ");
	pdfnum_put_int(&b, len);
	pdfw_stream(w, file, buf_str(&b), data, len, PDFW_COMPRESS);

	buf_clear(&b);
	make_cmap(f, &b);
	pdfw_stream(w, tounicode, NULL, b.p, b.len, PDFW_COMPRESS);

	pdfw_begin(w, desc);
	put_descriptor(pdfw_buf(w), f, name, file);
	pdfw_end(w);

	pdfw_begin(w, cid);
	buf_puts(pdfw_buf(w), "<< /Type /Font /Subtype /CIDFontType2 /BaseFont ");
	pdfw_put_name(pdfw_buf(w), name);
	buf_puts(pdfw_buf(w), " /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity)"
	    " /Supplement 0 >> /FontDescriptor ");
	pdfw_put_ref(pdfw_buf(w), desc);
	buf_puts(pdfw_buf(w), " /DW ");
	pdfnum_put_int(pdfw_buf(w), DEFAULT_WIDTH);
	put_widths(pdfw_buf(w), f);
	buf_puts(pdfw_buf(w), " /CIDToGIDMap /Identity >>");
	pdfw_end(w);

	pdfw_begin(w, num);
	buf_puts(pdfw_buf(w), "<< /Type /Font /Subtype /Type0 /BaseFont ");
	pdfw_put_name(pdfw_buf(w), name);
	buf_puts(pdfw_buf(w), " /Encoding /Identity-H /DescendantFonts [");
	pdfw_put_ref(pdfw_buf(w), cid);
	buf_puts(pdfw_buf(w), "] /ToUnicode ");
	pdfw_put_ref(pdfw_buf(w), tounicode);
	buf_puts(pdfw_buf(w), " >>");
	pdfw_end(w);
	if (pdfw_failed(w)) {
		fail(err, errlen, "the PDF writer failed (a full disk, or an object written twice)");
		goto out;
	}
	rc = 0;
out:
	clear_used(f);
	hb_blob_destroy(prog);
	buf_free(&b);
	return rc;
}
