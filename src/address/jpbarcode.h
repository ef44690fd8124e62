/* jpbarcode: the Japan Post customer barcode (カスタマバーコード): its data from an address, and its bars. */
#ifndef TAYORI_JPBARCODE_H
#define TAYORI_JPBARCODE_H

#include <stddef.h>

/* Start code (2 bars), 20 symbols and the check digit (3 bars each), stop code (2 bars). */
#define JPBAR_NBARS	67

/* Enough for any jpbar_data result and its NUL. */
#define JPBAR_DATA_SIZE	21

/* The scale Japan Post allows: 8 pt to 11.5 pt, 1.0 being the 10 pt size. */
#define JPBAR_SCALE_MIN	0.8
#define JPBAR_SCALE_MAX	1.15

/*
 * Sizes at the 10 pt size in mm (Japan Post, 郵便番号・バーコードマニュアル
 * p12): bar 0.6 wide at a pitch of 1.2, a long bar 3.6 high, a timing bar
 * the middle 1.2 of it, an ascender or descender (semi-long bar) the timing
 * bar and the 1.2 above or below it.
 */
#define JPBAR_BAR_WIDTH	0.6
#define JPBAR_PITCH	1.2
#define JPBAR_LONG_H	3.6
#define JPBAR_TIMING_H	1.2

enum jpbar_kind {
	JPBAR_LONG,		/* the full height */
	JPBAR_ASCENDER,		/* timing part and the part above it */
	JPBAR_DESCENDER,	/* timing part and the part below it */
	JPBAR_TIMING		/* the middle third only */
};

typedef struct jpbar_bar {
	int kind;		/* enum jpbar_kind */
	double x, y;		/* lower-left corner in mm from the symbol's lower-left, y up */
	double w, h;		/* mm */
} jpbar_bar;

/* A symbol as filled rectangles, free of layout and PDF: the layout places it. */
typedef struct jpbar {
	int n;				/* JPBAR_NBARS once drawn */
	double width, height;		/* the symbol's extent in mm, no quiet zone */
	jpbar_bar bars[JPBAR_NBARS];	/* left to right */
	char errtxt[100];		/* why jpbar_bars failed, "" otherwise */
} jpbar;

/*
 * The barcode data for a Japanese address, following Japan Post's rules
 * for extracting the address number (住所表示番号の抜き出し,
 * zipmanual p19-p20): the 7-digit postal code, then the digits, hyphens
 * and single letters of address (address1 and address2 of a customer, the
 * part after prefecture and city; NULL or "" for none):
 *  - full-width ASCII folded, letters upper-cased, '&', '/', '・', '.'
 *    removed;
 *  - kanji numerals (〇一二…十百千, 二十三 or 二三) directly before 丁目,
 *    丁, 番地, 番, 号, 地割, 線, の or ノ become Arabic digits; other
 *    kanji numerals are text (北六条東, 三田);
 *  - a letter next to another letter is text, and so is an F right after
 *    a digit (a floor: 10F);
 *  - whatever lies between two kept characters becomes one '-', except
 *    next to a letter; leading and trailing text is dropped.
 * The town name is part of address and is dropped as text, but a town
 * name that is a kanji numeral followed by a marker and more kanji
 * (一番町, 八丁堀, 三ノ輪, 一の宮) is kept as text too: without Japan
 * Post's town list we cannot cut the address where the manual does.
 *
 * The result is truncated to the symbol's 20 characters, a letter counting
 * 2 (a control code CC1-CC3 and a digit). When a letter would take the
 * 20th and 21st places, it is kept as the last character: the manual keeps
 * its control code alone in the 20th place, and jpbar_bars does so.
 *
 * Writes a NUL-terminated string to out (outsz >= JPBAR_DATA_SIZE) and
 * returns its length, or -1 when the postal code is not 7 digits (after
 * folding full-width digits and dropping 〒, spaces and hyphens) or
 * outsz is too small.
 */
int jpbar_data(const char *postal_code, const char *address, char *out,
    size_t outsz);

/*
 * The 67 bars of data (as from jpbar_data: digits, A-Z and '-', at most
 * 20 characters with a letter counting 2, or 21 when the last is a letter),
 * encoded by zint (start and stop codes, control codes, CC4 padding, the
 * check digit) and sized for scale (1.0 = 10 pt, JPBAR_SCALE_MIN to
 * JPBAR_SCALE_MAX). Returns 0, or -1 with out->errtxt set.
 */
int jpbar_bars(const char *data, double scale, jpbar *out);

/*
 * The bars zint draws for each symbol character and for the start and
 * stop codes, read from it once (a few probes): a symbol is then put
 * together without zint. NULL with a reason in errtxt; the caller frees
 * with jpbar_table_free.
 */
typedef struct jpbar_table jpbar_table;
jpbar_table *jpbar_table_new(char *errtxt, size_t errsz);
void jpbar_table_free(jpbar_table *t);
/* jpbar_bars, the bars put together from t: the same result, errors included. */
int jpbar_bars_from(const jpbar_table *t, const char *data, double scale,
    jpbar *out);

#endif
