/* hyphen: where a word may be hyphenated, by libhyphen and its Debian pattern dictionaries. */
#ifndef TAYORI_HYPHEN_H
#define TAYORI_HYPHEN_H

#include <stddef.h>

typedef struct hyphen hyphen;

/*
 * The patterns of a language ("en-US", "en_GB", "de", "fr": a BCP 47
 * tag or a dictionary's own name) from HYPHEN_DIR: hyph_ll_CC.dic, else
 * hyph_ll.dic. NULL when there is none (or it cannot be read). The
 * caller frees with hyphen_free.
 */
hyphen *hyphen_open(const char *lang);
void hyphen_free(hyphen *h);

#define HYPHEN_DIR "/usr/share/hyphen"
#define HYPHEN_MAX_WORD 64	/* longer words are left whole (the patterns' buffers) */

/*
 * Where the word w[0..n) (valid UTF-8, letters only) may break: at[i] is
 * 1 when a hyphen may follow byte i, at least two letters in and three
 * before the end (the dictionary's own minimums when larger); at is n
 * bytes. Returns the number of points (0 for a word too short, too long
 * or not in the patterns' script). The points of the last few thousand
 * words are kept in h.
 */
int hyphen_points(hyphen *h, const char *w, size_t n, unsigned char *at);

#endif
