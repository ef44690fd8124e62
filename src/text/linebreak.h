/* linebreak: where a line may break, by ICU's line-break iterator with strict Japanese rules. */
#ifndef TAYORI_LINEBREAK_H
#define TAYORI_LINEBREAK_H

#include <stddef.h>

typedef struct linebreak linebreak;

linebreak *linebreak_new(void);
void linebreak_free(linebreak *lb);

/*
 * Break opportunities in valid UTF-8 s[0..n): byte offsets at which a new
 * line may start, ascending, each in (0, n). Kinsoku shori: no line starts
 * with closing punctuation (。、」）ー, small kana …) and none ends with
 * opening brackets (「（). *offs is mem_alloc'd, caller frees; returns the
 * count, or -1 on failure.
 */
int linebreak_find(linebreak *lb, const char *s, size_t n, size_t **offs);

#endif
