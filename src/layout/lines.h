/* lines: a paragraph's glyphs broken into lines: greedy filling, or total fit (Knuth–Plass) with hyphenation. */
#ifndef TAYORI_LINES_H
#define TAYORI_LINES_H

#include <stddef.h>
#include <stdint.h>

#include "dl/dlist.h"

/* One character as the layout engine sets it (internal to src/layout). */
struct glyph {
	uint32_t cp;
	int font;		/* -1 for a hard line break */
	double size;
	double nat;		/* the font's advance, pt */
	double adv;		/* what the pen moves: nat, less 約物 blanks, plus a ¼ em before Latin */
	double dx;		/* where it is drawn, from the pen: -(the leading blank taken away) */
	double hyw;		/* > 0: a line may end after it with a hyphen this wide */
	dl_color color;
	size_t off, len;	/* bytes in the engine's text */
	unsigned char brk;	/* a line may start here */
	unsigned char url;	/* in a link's address */
};

struct line {
	int g0, g1;		/* glyphs, trailing spaces trimmed */
	double width;		/* as set: the blanks at its ends taken away, a hyphen added */
	double indent;		/* a paragraph's first line: its indent, pt */
	int last;		/* last of its paragraph, or before a hard break: not justified */
	int hyphen;		/* ends with a hyphen the text does not have */
};

/* Where the broken lines go: lines v[0..n), cap allocated. */
struct lines {
	struct line *v;
	int n, cap;
};

/* A full-width glyph of a Japanese font: its blanks are the rules' to take. */
int lines_full_width(const struct glyph *g);
/* The leading blank an opening bracket loses at the start of a line (not of a paragraph), pt. */
double lines_lead_cut(const struct glyph *g, int i);
/* The width of glyphs g0..g1 set as one line (no hyphen). */
double lines_width(const struct glyph *g, int g0, int g1);
/* All ng glyphs as one unbroken line: markers, frame lines, page numbers. */
void lines_one(const struct glyph *g, int ng, struct line *ln);

/*
 * Fill lines of width greedily at the break opportunities (spaces may
 * hang past the edge); a paragraph's first line is indent shorter.
 */
void lines_greedy(const struct glyph *g, int ng, double width, double indent,
    struct lines *out);

/*
 * Break for justification by total fit (Knuth and Plass, "Breaking
 * Paragraphs into Lines", 1981, simplified: no fitness classes): the
 * breaks, hyphens included, that minimise the paragraph's demerits, word
 * spaces stretching to 2 and shrinking to 0.8 times their width.
 */
void lines_total_fit(const struct glyph *g, int ng, double width, double indent,
    struct lines *out);

/* Word spaces of a justified line stay within these multiples of the font's space. */
#define LINES_SPACE_MIN 0.8
#define LINES_SPACE_MAX 2.0

#endif
