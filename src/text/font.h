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
/* The same from the file's size bytes at data, lent: nothing of them is kept. */
font *font_load_data(const char *path, const void *data, size_t size, char *err,
    size_t errlen);
/*
 * The whole file at path as font_load reads it (bounded in size) into
 * *data, which the caller frees with mem_free; 0, or -1 with err.
 */
int font_read(const char *path, unsigned char **data, size_t *size, char *err,
    size_t errlen);
void font_free(font *f);

const char *font_path(const font *f);		/* lent */
const char *font_name(const font *f);		/* PostScript name, lent */
int font_has(const font *f, uint32_t cp);	/* 1 if the cmap maps cp */
/* Advance width of cp in 1/1000 em; 0 when the font lacks cp. */
int font_advance(const font *f, uint32_t cp);
/* Ascender and descender (negative) in 1/1000 em, from hhea. */
int font_ascent(const font *f);
int font_descent(const font *f);

/* Glyph ids run from 0 (.notdef) to font_nglyphs - 1. */
unsigned font_nglyphs(const font *f);
/* The glyph the cmap gives cp, 0 when none: O(1) in the BMP. */
unsigned font_glyph(const font *f, uint32_t cp);
/* Advance of glyph gid in 1/1000 em, rounded as font_advance; 0 past the last glyph. */
int font_glyph_advance(const font *f, unsigned gid);

/* What a PDF font descriptor says of a font; lengths in 1/1000 em. */
typedef struct font_desc {
	int bbox[4];		/* head: xMin yMin xMax yMax */
	int cap_height;		/* OS/2 sCapHeight, else the ascent */
	double italic_angle;	/* post, degrees, negative leaning right */
	int weight;		/* OS/2 usWeightClass, else 400 */
	int fixed_pitch;	/* post isFixedPitch */
	int serif;		/* OS/2 PANOSE serif style */
	int italic;		/* head macStyle, OS/2 fsSelection or a slant */
} font_desc;
const font_desc *font_describe(const font *f);	/* lent */

#endif
