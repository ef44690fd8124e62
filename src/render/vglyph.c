/* vglyph: glyphs drawn by id (vertical forms) in libharu's UTF-8 fonts, through private-use codes. */
#include "render/vglyph.h"

#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include "text/vert.h"
#include "util/mem.h"

#define PUA_FIRST 0xE000
#define PUA_LAST  0xF8FF

struct vglyph {
	HPDF_Font font;
	vert_font *vf;
	unsigned *gid;		/* per code given, from PUA_FIRST on */
	uint32_t *cp;
	long *code;
	int n, cap;
	long next;		/* the next private-use code to try */
};

vglyph *
vglyph_new(HPDF_Font font, const char *path)
{
	vglyph *vg;
	vert_font *vf = vert_font_load(path);

	if (vf == NULL)
		return NULL;
	vg = mem_calloc(1, sizeof(*vg));
	vg->font = font;
	vg->vf = vf;
	vg->next = PUA_FIRST;
	return vg;
}

void
vglyph_free(vglyph *vg)
{
	if (vg == NULL)
		return;
	vert_font_free(vg->vf);
	mem_free(vg->gid);
	mem_free(vg->cp);
	mem_free(vg->code);
	mem_free(vg);
}

/* Mark gid and, for a composite, the glyphs it draws (at most 4 levels deep) for the subset. */
static void
mark(vglyph *vg, unsigned gid, int depth)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)vg->font->attr;
	HPDF_TTFontDefAttr da = (HPDF_TTFontDefAttr)fa->fontdef->attr;
	unsigned parts[16];
	int n;

	if (gid >= da->num_glyphs || da->glyph_tbl.flgs == NULL)
		return;
	da->glyph_tbl.flgs[gid] = 1;
	if (depth >= 4)
		return;
	n = vert_components(vg->vf, gid, parts, 16);
	for (int i = 0; i < n; i++)
		mark(vg, parts[i], depth + 1);
}

long
vglyph_code(vglyph *vg, unsigned gid, uint32_t cp)
{
	for (int i = 0; i < vg->n; i++)
		if (vg->gid[i] == gid && vg->cp[i] == cp)
			return vg->code[i];
	while (vg->next <= PUA_LAST && vert_cmap_glyph(vg->vf, (uint32_t)vg->next) != 0)
		vg->next++;
	if (vg->next > PUA_LAST)
		return -1;
	if (vg->n == vg->cap) {
		vg->cap = vg->cap ? vg->cap * 2 : 32;
		vg->gid = mem_realloc(vg->gid, (size_t)vg->cap * sizeof(*vg->gid));
		vg->cp = mem_realloc(vg->cp, (size_t)vg->cap * sizeof(*vg->cp));
		vg->code = mem_realloc(vg->code, (size_t)vg->cap * sizeof(*vg->code));
	}
	vg->gid[vg->n] = gid;
	vg->cp[vg->n] = cp;
	vg->code[vg->n] = vg->next++;
	mark(vg, gid, 0);
	return vg->code[vg->n++];
}

static void
put_utf16be(buf *b, uint32_t cp)
{
	if (cp >= 0x10000) {
		cp -= 0x10000;
		buf_printf(b, "%04X%04X", 0xD800 + (unsigned)(cp >> 10),
		    0xDC00 + (unsigned)(cp & 0x3FF));
	} else
		buf_printf(b, "%04X", (unsigned)cp);
}

int
vglyph_finish(vglyph *vg, buf *bfchar, int *n)
{
	HPDF_FontAttr fa = (HPDF_FontAttr)vg->font->attr;
	HPDF_Stream st;
	HPDF_UINT32 old;
	long len = 0;
	unsigned char *map;
	int rc = -1;

	*n = 0;
	if (vg->n == 0)
		return 0;
	if (fa->map_stream == NULL || (st = fa->map_stream->stream) == NULL ||
	    st->type != HPDF_STREAM_MEMORY)
		return -1;
	/* the map libharu wrote: 2 bytes a CID; keep it, add ours */
	old = HPDF_Stream_Size(st);
	len = (long)old / 2;
	for (int i = 0; i < vg->n; i++)
		if (vg->code[i] + 1 > len)
			len = vg->code[i] + 1;
	map = mem_calloc((size_t)len * 2, 1);
	if (HPDF_Stream_Seek(st, 0, HPDF_SEEK_SET) != HPDF_OK ||
	    HPDF_Stream_Read(st, map, &old) != HPDF_OK)
		goto out;
	for (int i = 0; i < vg->n; i++) {
		map[vg->code[i] * 2] = (unsigned char)(vg->gid[i] >> 8);
		map[vg->code[i] * 2 + 1] = (unsigned char)vg->gid[i];
		buf_printf(bfchar, "<%04lX> <", vg->code[i]);
		put_utf16be(bfchar, vg->cp[i]);
		buf_puts(bfchar, ">\n");
	}
	HPDF_MemStream_FreeData(st);
	if (HPDF_Stream_Write(st, map, (HPDF_UINT)(len * 2)) != HPDF_OK)
		goto out;
	*n = vg->n;
	rc = 0;
out:
	mem_free(map);
	return rc;
}
