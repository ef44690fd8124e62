/* vert: a font's vertical glyph forms (OpenType vert/vrt2, through HarfBuzz) for vertical text. */
#include "text/vert.h"

#include <hb.h>
#include <string.h>

#include "util/mem.h"

struct vert_font {
	hb_blob_t *blob;
	hb_face_t *face;
	hb_font_t *font;
	hb_buffer_t *buf;
	uint16_t *cache;	/* per BMP code point: glyph + 1, 0 unknown yet */
};

vert_font *
vert_font_load(const char *path)
{
	vert_font *vf;
	hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);

	if (blob == NULL)
		return NULL;
	vf = mem_calloc(1, sizeof(*vf));
	vf->blob = blob;
	vf->face = hb_face_create(blob, 0);
	vf->font = hb_font_create(vf->face);
	vf->buf = hb_buffer_create();
	if (hb_face_get_glyph_count(vf->face) == 0) {
		vert_font_free(vf);
		return NULL;
	}
	return vf;
}

void
vert_font_free(vert_font *vf)
{
	if (vf == NULL)
		return;
	hb_buffer_destroy(vf->buf);
	hb_font_destroy(vf->font);
	hb_face_destroy(vf->face);
	hb_blob_destroy(vf->blob);
	mem_free(vf->cache);
	mem_free(vf);
}

unsigned
vert_cmap_glyph(vert_font *vf, uint32_t cp)
{
	hb_codepoint_t g = 0;

	return hb_font_get_nominal_glyph(vf->font, cp, &g) ? (unsigned)g : 0;
}

/* cp shaped alone, top to bottom, as Japanese: the one glyph HarfBuzz gives. */
static unsigned
shape_one(vert_font *vf, uint32_t cp)
{
	static const hb_feature_t feats[] = {
		{HB_TAG('v', 'e', 'r', 't'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
		{HB_TAG('v', 'r', 't', '2'), 1, HB_FEATURE_GLOBAL_START, HB_FEATURE_GLOBAL_END},
	};
	hb_glyph_info_t *info;
	unsigned n;

	hb_buffer_clear_contents(vf->buf);
	hb_buffer_add_utf32(vf->buf, &cp, 1, 0, 1);
	hb_buffer_set_direction(vf->buf, HB_DIRECTION_TTB);
	hb_buffer_set_script(vf->buf, HB_SCRIPT_HAN);
	hb_buffer_set_language(vf->buf, hb_language_from_string("ja", -1));
	hb_shape(vf->font, vf->buf, feats, sizeof(feats) / sizeof(feats[0]));
	info = hb_buffer_get_glyph_infos(vf->buf, &n);
	return n == 1 ? info[0].codepoint : vert_cmap_glyph(vf, cp);
}

unsigned
vert_glyph(vert_font *vf, uint32_t cp)
{
	unsigned g;

	if (vert_cmap_glyph(vf, cp) == 0)
		return 0;
	if (cp > 0xFFFF)
		return shape_one(vf, cp);
	if (vf->cache == NULL)
		vf->cache = mem_calloc(0x10000, sizeof(*vf->cache));
	if (vf->cache[cp] == 0) {
		g = shape_one(vf, cp);
		vf->cache[cp] = (uint16_t)(g + 1);
	}
	return vf->cache[cp] - 1u;
}

static unsigned
u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static unsigned long
u32(const unsigned char *p)
{
	return (unsigned long)u16(p) << 16 | u16(p + 2);
}

/* Where glyph gid's data lies in glyf, from loca; -1 when out of range. */
static int
glyph_range(hb_face_t *face, unsigned gid, unsigned long *off, unsigned long *end)
{
	hb_blob_t *head = hb_face_reference_table(face, HB_TAG('h', 'e', 'a', 'd'));
	hb_blob_t *loca = hb_face_reference_table(face, HB_TAG('l', 'o', 'c', 'a'));
	unsigned hl, ll;
	const unsigned char *h = (const unsigned char *)hb_blob_get_data(head, &hl);
	const unsigned char *l = (const unsigned char *)hb_blob_get_data(loca, &ll);
	int rc = -1;

	if (hl >= 54 && u16(h + 50) == 0 && (gid + 2) * 2 <= ll) {
		*off = 2ul * u16(l + gid * 2);
		*end = 2ul * u16(l + gid * 2 + 2);
		rc = 0;
	} else if (hl >= 54 && u16(h + 50) == 1 && (gid + 2) * 4 <= ll) {
		*off = u32(l + gid * 4);
		*end = u32(l + gid * 4 + 4);
		rc = 0;
	}
	hb_blob_destroy(head);
	hb_blob_destroy(loca);
	return rc;
}

int
vert_components(vert_font *vf, unsigned gid, unsigned *out, int max)
{
	hb_blob_t *glyf;
	const unsigned char *g, *p, *e;
	unsigned long off, end;
	unsigned gl, flags;
	int n = 0;

	if (glyph_range(vf->face, gid, &off, &end) != 0 || end <= off + 10)
		return 0;
	glyf = hb_face_reference_table(vf->face, HB_TAG('g', 'l', 'y', 'f'));
	g = (const unsigned char *)hb_blob_get_data(glyf, &gl);
	if (end > gl || (short)u16(g + off) >= 0)
		goto out;
	/* a composite: flags, glyph index, arguments, a transform; MORE_COMPONENTS 0x20 */
	p = g + off + 10;
	e = g + end;
	do {
		if (p + 4 > e)
			break;
		flags = u16(p);
		if (n < max)
			out[n++] = u16(p + 2);
		p += 4 + ((flags & 1) ? 4 : 2);
		p += (flags & 0x08) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0;
	} while (flags & 0x20);
out:
	hb_blob_destroy(glyf);
	return n;
}
