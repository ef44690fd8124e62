/* tategaki: a Japanese address for vertical setting: kanji numerals, and Japan Post's postal-code boxes. */
#ifndef TAYORI_TATEGAKI_H
#define TAYORI_TATEGAKI_H

#include "util/arena.h"

/*
 * The rule for numbers in a vertical address: every ASCII or full-width
 * digit becomes its kanji numeral digit by digit (0 → 〇, so 305号室 →
 * 三〇五号室, 1-2-3 → 一―二―三); a hyphen (or a look-alike) next to a
 * digit becomes ―, which the font turns upright in a column; ASCII
 * letters become full-width (Ａ棟), upright like the kanji. So no number
 * is left in digits and none needs 縦中横. Allocated in ar.
 */
const char *tate_numerals(const char *s, arena *ar);

/*
 * Japan Post's seven postal-code boxes (郵便番号・バーコードマニュアル):
 * each 5.7 × 8.0 mm; the group 47.7 mm wide, gaps 1.3 mm between boxes
 * 1–3, 1.9 mm between 3 and 4, 1.1 mm between 4–7. On a hagaki the
 * group's top edge is 12.0 mm below the card's top and its right edge
 * 8.0 mm from the card's right edge.
 */
#define TATE_BOX_W	5.7
#define TATE_BOX_H	8.0
#define TATE_GROUP_W	47.7
#define TATE_GROUP_TOP	12.0
#define TATE_GROUP_RIGHT 8.0
/* Box i's (0..6) left edge, mm from the group's left edge. */
double tate_box_left(int i);

/* The seven digits of a JP postal code (full-width folded, hyphen dropped) into d[8]; -1 unless seven. */
int tate_postal_digits(const char *code, char d[8]);

#endif
