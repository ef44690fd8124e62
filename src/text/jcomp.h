/* jcomp: Japanese composition after JIS X 4051 / JLREQ: character classes, 約物 spacing, Japanese–Latin spacing. */
#ifndef TAYORI_JCOMP_H
#define TAYORI_JCOMP_H

#include <stdint.h>

/*
 * The classes the spacing rules need (JLREQ's character classes, folded):
 * opening brackets (cl-01), closing brackets with commas and full stops
 * (cl-02, cl-06, cl-07), other Japanese characters (kana, kanji, the
 * rest of the full-width forms), Western letters and digits, the rest.
 */
enum jc_class { JC_OTHER, JC_OPEN, JC_CLOSE, JC_JAPANESE, JC_WESTERN };

enum jc_class jcomp_class(uint32_t cp);

/*
 * A full-width punctuation mark is set on a one-em body with its ink on
 * one half: the other half (the blank before an opening bracket, after
 * a closing one) is space the rules may take away. In em.
 */
double jcomp_lead(uint32_t cp);		/* 0.5 for an opening bracket */
double jcomp_trail(uint32_t cp);	/* 0.5 for a closing bracket, comma or full stop */

/*
 * Between adjacent full-width marks a and b, how much of a's trailing
 * blank (*cut_a) and of b's leading blank (*cut_b) goes, in em: of two
 * blanks that meet, one half-em stays (」「 、「 。「 are 1.5 em together);
 * none stays between two closing or two opening marks (」。 「『).
 */
void jcomp_pair(uint32_t a, uint32_t b, double *cut_a, double *cut_b);

/* The space between a and b, in em of the Japanese character: ¼ between Japanese and Western letters or digits, else 0. */
double jcomp_gap(uint32_t a, uint32_t b);

/* The same two for characters of classes a and b, as jcomp_class gives them (a text's classes found once). */
void jcomp_pair_classes(enum jc_class a, enum jc_class b, double *cut_a, double *cut_b);
double jcomp_gap_classes(enum jc_class a, enum jc_class b);

/*
 * A mark both Latin and Japanese fonts have, drawn differently by each
 * (… ‥ — ― 〜 and the curly quotes): beside Japanese text it is taken
 * from the Japanese font, centred on the em as Japanese sets it.
 */
int jcomp_ambiguous(uint32_t cp);

#endif
