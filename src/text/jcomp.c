/* jcomp: Japanese composition after JIS X 4051 / JLREQ: character classes, 約物 spacing, Japanese–Latin spacing. */
#include "text/jcomp.h"

/* JLREQ cl-01: the opening brackets (full-width, and the half-width corner bracket). */
static int
opening(uint32_t cp)
{
	switch (cp) {
	case 0x300C: case 0x300E: case 0xFF08: case 0x3014: case 0xFF3B:
	case 0xFF5B: case 0x3008: case 0x300A: case 0x3010: case 0x3018:
	case 0x3016: case 0x301D: case 0xFF5F: case 0xFF62:
		return 1;
	}
	return 0;
}

/* JLREQ cl-02, cl-06, cl-07: closing brackets, full stops, commas. */
static int
closing(uint32_t cp)
{
	switch (cp) {
	case 0x300D: case 0x300F: case 0xFF09: case 0x3015: case 0xFF3D:
	case 0xFF5D: case 0x3009: case 0x300B: case 0x3011: case 0x3019:
	case 0x3017: case 0x301F: case 0xFF60: case 0xFF63:
	case 0x3001: case 0x3002: case 0xFF0C: case 0xFF0E:
		return 1;
	}
	return 0;
}

enum jc_class
jcomp_class(uint32_t cp)
{
	if (cp < 0x80)		/* no bracket, stop or comma of the classes is ASCII */
		return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
		    (cp >= 'a' && cp <= 'z') ? JC_WESTERN : JC_OTHER;
	if (opening(cp))
		return JC_OPEN;
	if (closing(cp))
		return JC_CLOSE;
	if ((cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') ||
	    (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 &&
	    cp != 0xF7))
		return JC_WESTERN;
	if ((cp >= 0x3040 && cp <= 0x30FF) ||	/* kana */
	    (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	    (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF) ||
	    cp == 0x3005 || cp == 0x3006 || cp == 0x3007 ||	/* 々 〆 〇 */
	    (cp >= 0x31F0 && cp <= 0x31FF))
		return JC_JAPANESE;
	return JC_OTHER;
}

double
jcomp_lead(uint32_t cp)
{
	return jcomp_class(cp) == JC_OPEN ? 0.5 : 0;
}

double
jcomp_trail(uint32_t cp)
{
	return jcomp_class(cp) == JC_CLOSE ? 0.5 : 0;
}

void
jcomp_pair(uint32_t a, uint32_t b, double *cut_a, double *cut_b)
{
	jcomp_pair_classes(jcomp_class(a), jcomp_class(b), cut_a, cut_b);
}

void
jcomp_pair_classes(enum jc_class ca, enum jc_class cb, double *cut_a, double *cut_b)
{
	*cut_a = *cut_b = 0;
	if (ca == JC_CLOSE && (cb == JC_OPEN || cb == JC_CLOSE))
		*cut_a = 0.5;
	else if (ca == JC_OPEN && cb == JC_OPEN)
		*cut_b = 0.5;
}

double
jcomp_gap(uint32_t a, uint32_t b)
{
	return jcomp_gap_classes(jcomp_class(a), jcomp_class(b));
}

double
jcomp_gap_classes(enum jc_class ca, enum jc_class cb)
{
	if ((ca == JC_JAPANESE && cb == JC_WESTERN) ||
	    (ca == JC_WESTERN && cb == JC_JAPANESE))
		return 0.25;
	return 0;
}

int
jcomp_ambiguous(uint32_t cp)
{
	return cp == 0x2026 || cp == 0x2025 || cp == 0x2014 || cp == 0x2015 ||
	    cp == 0x301C || cp == 0x2018 || cp == 0x2019 || cp == 0x201C ||
	    cp == 0x201D;
}
