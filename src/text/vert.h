/* vert: a font's vertical glyph forms (OpenType vert/vrt2, through HarfBuzz) for vertical text. */
#ifndef TAYORI_VERT_H
#define TAYORI_VERT_H

#include <stdint.h>

typedef struct vert_font vert_font;

/* The font file at path (a TrueType font of fonts/); NULL when HarfBuzz cannot read it. */
vert_font *vert_font_load(const char *path);
void vert_font_free(vert_font *vf);

/*
 * The glyph a vertical line shows for cp: the font's vertical form (its
 * vert and vrt2 features, as HarfBuzz applies them to top-to-bottom
 * Japanese text), else its usual glyph. 0 when the font lacks cp.
 */
unsigned vert_glyph(vert_font *vf, uint32_t cp);
/* The glyph the cmap maps cp to (the horizontal form); 0 when none. */
unsigned vert_cmap_glyph(vert_font *vf, uint32_t cp);

/*
 * The glyphs a composite glyph gid draws (a PDF subset must carry them
 * too), up to max, into out: the count; 0 for a simple or empty glyph.
 */
int vert_components(vert_font *vf, unsigned gid, unsigned *out, int max);

#endif
