/* buf: a growable byte buffer, always NUL-terminated. */
#ifndef TAYORI_BUF_H
#define TAYORI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *p;	/* NUL-terminated once anything was put; may be NULL when empty */
	size_t len;
	size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

void buf_put(buf *b, const void *s, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, int c);
void buf_printf(buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
/*
 * s as one CSV field (RFC 4180 quoting when needed; a value a spreadsheet
 * would take for a formula, starting with = + - @, gets a leading ');
 * NULL puts nothing.
 */
void buf_put_csv(buf *b, const char *s);
void buf_clear(buf *b);			/* length 0, keeps storage */
char *buf_detach(buf *b);		/* caller frees with mem_free */
const char *buf_str(const buf *b);	/* "" when empty */
void buf_free(buf *b);

#endif
