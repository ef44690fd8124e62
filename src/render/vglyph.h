/* vglyph: glyphs drawn by id (vertical forms) in libharu's UTF-8 fonts, through private-use codes. */
#ifndef TAYORI_VGLYPH_H
#define TAYORI_VGLYPH_H

#include <stdint.h>

#include <hpdf.h>

#include "util/buf.h"

/*
 * libharu's UTF-8 fonts write a character's code point as its CID and
 * map CIDs to glyphs by the font's cmap (CIDToGIDMap), so a glyph no
 * code point maps to (a vertical form) cannot be shown. A vglyph gives
 * each such glyph a private-use code the font does not map (U+E000 on),
 * adds it to the CIDToGIDMap and its character to the ToUnicode CMap,
 * and marks the glyph (and a composite's parts) for the embedded subset.
 */
typedef struct vglyph vglyph;

/* For font (loaded from the TrueType file path); NULL when the file cannot be read. */
vglyph *vglyph_new(HPDF_Font font, const char *path);
void vglyph_free(vglyph *vg);

/* The code to write for glyph gid standing for cp; -1 when the private-use area is full. */
long vglyph_code(vglyph *vg, unsigned gid, uint32_t cp);

/*
 * Before the font is written: its CIDToGIDMap with the codes given, and
 * a bfchar line "<CODE> <UTF-16BE>" per code appended to bfchar (their
 * count in *n). 0, or -1 when the map cannot be rewritten.
 */
int vglyph_finish(vglyph *vg, buf *bfchar, int *n);

#endif
