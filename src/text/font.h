/* font: TrueType metrics (cmap, advance widths, ascent) read from the font file. */
#ifndef TAYORI_FONT_H
#define TAYORI_FONT_H

#include <stddef.h>
#include <stdint.h>

typedef struct font font;

/*
 * Load a TrueType (glyf-outline) font's metrics. NULL on failure, with a
 * reason in err (err may be NULL). The caller frees with font_free.
 * Only fonts from the fonts/ directories are loaded, never from content.
 */
font *font_load(const char *path, char *err, size_t errlen);
void font_free(font *f);

const char *font_path(const font *f);		/* lent */
const char *font_name(const font *f);		/* PostScript name, lent */
int font_has(const font *f, uint32_t cp);	/* 1 if the cmap maps cp */
/* Advance width of cp in 1/1000 em; 0 when the font lacks cp. */
int font_advance(const font *f, uint32_t cp);
/* Ascender and descender (negative) in 1/1000 em, from hhea. */
int font_ascent(const font *f);
int font_descent(const font *f);

#endif
