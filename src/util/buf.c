/* buf: a growable byte buffer, always NUL-terminated. */
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

#include "util/mem.h"

static void
grow(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;

	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	b->p = mem_realloc(b->p, cap);
	b->cap = cap;
}

void
buf_put(buf *b, const void *s, size_t n)
{
	grow(b, n);
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
buf_puts(buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(buf *b, int c)
{
	char ch = (char)c;

	buf_put(b, &ch, 1);
}

void
buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list aq;

	va_copy(aq, ap);
	int n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	grow(b, (size_t)n);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
buf_clear(buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

char *
buf_detach(buf *b)
{
	char *p = b->p ? b->p : mem_strdup("");

	b->p = NULL;
	b->len = b->cap = 0;
	return p;
}

const char *
buf_str(const buf *b)
{
	return b->p ? b->p : "";
}

void
buf_free(buf *b)
{
	mem_free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

void
buf_put_csv(buf *b, const char *s)
{
	/* a spreadsheet would run =HYPERLINK(…) and friends: a quote keeps it text */
	int formula = s && (*s == '=' || *s == '+' || *s == '-' || *s == '@' ||
	    *s == '\t' || *s == '\r');

	if (s == NULL)
		return;
	if (strpbrk(s, ",\"\r\n") == NULL && !formula) {
		buf_puts(b, s);
		return;
	}
	buf_putc(b, '"');
	if (formula)
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
