/* pdffont: a TrueType font in a PDF: Type0 / CIDFontType2, Identity-H, CID = glyph id, subset once per file by hb-subset. */
#ifndef TAYORI_PDFFONT_H
#define TAYORI_PDFFONT_H

#include <stddef.h>
#include <stdint.h>

#include "render/pdfw.h"
#include "text/font.h"

typedef struct pdffont pdffont;

/*
 * The font file at path (read once per job; the one copy of its bytes
 * is kept until pdffont_free); NULL with a one-line reason in err.
 */
pdffont *pdffont_load(const char *path, char *err, size_t errlen);

/* The glyph id of cp through the cmap, 0 when the font lacks it. O(1) in the BMP. */
unsigned pdffont_glyph(const pdffont *f, uint32_t cp);

/*
 * Mark glyph gid as drawn in the current file, standing for the text cp
 * (for ToUnicode: the first cp given for a gid wins; 0, a surrogate or
 * a value past U+10FFFF stands for no text). A gid past the font's last
 * glyph is ignored. O(1).
 */
void pdffont_use(pdffont *f, unsigned gid, uint32_t cp);

/* 1 when some glyph was used since the last pdffont_write (or the load). */
int pdffont_used(const pdffont *f);

/*
 * Write the font as object num (the Type0 dictionary; num from
 * pdfw_alloc, which pages may refer to before this call) and its
 * descendants: the CIDFontType2 (/W for the used glyphs not as wide as
 * /DW), its FontDescriptor, the font program subset to the used glyphs
 * and .notdef with their ids kept (CIDToGIDMap /Identity), and a
 * ToUnicode CMap. BaseFont is "XXXXXX+PostScriptName", the six letters
 * a hash of the used glyph set, so equal glyphs give equal bytes. Then
 * the used set is emptied (on failure too): the same pdffont serves the
 * next file. 0, or -1 with err (the file is then not valid).
 */
int pdffont_write(pdffont *f, pdfw *w, int num, char *err, size_t errlen);

/* The font's metrics (widths, ascent, descriptor values), lent. */
const font *pdffont_font(const pdffont *f);

void pdffont_free(pdffont *f);

#endif
