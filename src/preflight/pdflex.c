/* pdflex: a lexer for PDF content streams (operands and operators). */
#include "preflight/pdflex.h"

#include <string.h>

#include "util/hex.h"

static int
is_space(int c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' ||
	    c == '\f' || c == '\0';
}

static int
is_delim(int c)
{
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' ||
	    c == ']' || c == '{' || c == '}' || c == '/' || c == '%';
}

void
pdflex_init(pdflex *lx, const unsigned char *data, size_t len)
{
	lx->p = data;
	lx->end = data + len;
	lx->error = 0;
}

/* Parses a whole regular-character run as a number; 0 when it is not one. */
static int
parse_number(const unsigned char *s, const unsigned char *e, double *v)
{
	double x = 0, scale = 1;
	int neg = 0, digits = 0, dot = 0;

	if (s < e && (*s == '+' || *s == '-'))
		neg = *s++ == '-';
	for (; s < e; s++) {
		if (*s >= '0' && *s <= '9') {
			if (dot) {
				scale /= 10;
				x += (*s - '0') * scale;
			} else
				x = x * 10 + (*s - '0');
			digits++;
		} else if (*s == '.' && !dot)
			dot = 1;
		else
			return 0;
	}
	if (digits == 0)
		return 0;
	*v = neg ? -x : x;
	return 1;
}

static void
lex_literal(pdflex *lx, buf *sb)
{
	int depth = 1;

	while (lx->p < lx->end) {
		int c = *lx->p++;

		if (c == '(')
			depth++;
		else if (c == ')' && --depth == 0)
			return;
		else if (c == '\\' && lx->p < lx->end) {
			c = *lx->p++;
			switch (c) {
			case 'n': c = '\n'; break;
			case 'r': c = '\r'; break;
			case 't': c = '\t'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case '\r':
				if (lx->p < lx->end && *lx->p == '\n')
					lx->p++;
				continue;
			case '\n':
				continue;
			default:
				if (c >= '0' && c <= '7') {
					int v = c - '0', i;

					for (i = 0; i < 2 && lx->p < lx->end &&
					    *lx->p >= '0' && *lx->p <= '7'; i++)
						v = v * 8 + (*lx->p++ - '0');
					c = v & 0xff;
				}
				break;
			}
		}
		buf_putc(sb, c);
	}
	lx->error = 1;
}

static void
lex_hex(pdflex *lx, buf *sb)
{
	int hi = -1;

	while (lx->p < lx->end) {
		int c = *lx->p++, v;

		if (c == '>') {
			if (hi >= 0)
				buf_putc(sb, hi << 4);
			return;
		}
		if ((v = hex_value(c)) < 0) {
			if (!is_space(c))
				lx->error = 1;
			continue;
		}
		if (hi < 0)
			hi = v;
		else {
			buf_putc(sb, hi << 4 | v);
			hi = -1;
		}
	}
	lx->error = 1;
}

static void
lex_name(pdflex *lx, buf *sb)
{
	buf_putc(sb, '/');
	while (lx->p < lx->end && !is_space(*lx->p) && !is_delim(*lx->p)) {
		int c = *lx->p++;

		if (c == '#' && lx->end - lx->p >= 2 &&
		    hex_value(lx->p[0]) >= 0 && hex_value(lx->p[1]) >= 0) {
			c = hex_value(lx->p[0]) << 4 | hex_value(lx->p[1]);
			lx->p += 2;
		}
		buf_putc(sb, c);
	}
}

void
pdflex_next(pdflex *lx, pdftok *t, buf *sb)
{
	const unsigned char *s;
	int c;

	t->num = 0;
	t->off = sb->len;
	t->len = 0;
	for (;;) {
		while (lx->p < lx->end && is_space(*lx->p))
			lx->p++;
		if (lx->p < lx->end && *lx->p == '%') {
			while (lx->p < lx->end && *lx->p != '\n' &&
			    *lx->p != '\r')
				lx->p++;
			continue;
		}
		break;
	}
	if (lx->p >= lx->end) {
		t->type = PT_EOF;
		return;
	}
	c = *lx->p++;
	switch (c) {
	case '[':
		t->type = PT_ARRAY_OPEN;
		return;
	case ']':
		t->type = PT_ARRAY_CLOSE;
		return;
	case '(':
		t->type = PT_STRING;
		lex_literal(lx, sb);
		break;
	case '<':
		if (lx->p < lx->end && *lx->p == '<') {
			lx->p++;
			t->type = PT_DICT_OPEN;
			return;
		}
		t->type = PT_STRING;
		lex_hex(lx, sb);
		break;
	case '>':
		if (lx->p < lx->end && *lx->p == '>') {
			lx->p++;
			t->type = PT_DICT_CLOSE;
			return;
		}
		t->type = PT_ERROR;
		lx->error = 1;
		return;
	case '/':
		t->type = PT_NAME;
		lex_name(lx, sb);
		break;
	case ')': case '{': case '}':
		t->type = PT_ERROR;
		lx->error = 1;
		return;
	default:
		s = lx->p - 1;
		while (lx->p < lx->end && !is_space(*lx->p) &&
		    !is_delim(*lx->p))
			lx->p++;
		if (parse_number(s, lx->p, &t->num)) {
			t->type = PT_NUM;
			return;
		}
		t->type = PT_OP;
		buf_put(sb, s, (size_t)(lx->p - s));
		break;
	}
	t->len = sb->len - t->off;
	buf_putc(sb, '\0');
}

int
pdflex_skip_inline_image(pdflex *lx)
{
	const unsigned char *q;

	/* One white-space byte separates ID from the data. */
	if (lx->p < lx->end && is_space(*lx->p))
		lx->p++;
	/*
	 * The data has no length of its own in most files: take the first
	 * EI that stands alone as a token after white space.
	 */
	for (q = lx->p; q + 1 < lx->end; q++) {
		if (q[0] != 'E' || q[1] != 'I')
			continue;
		if (q > lx->p && !is_space(q[-1]))
			continue;
		if (q + 2 < lx->end && !is_space(q[2]) && !is_delim(q[2]))
			continue;
		lx->p = q + 2;
		return 0;
	}
	lx->p = lx->end;
	lx->error = 1;
	return -1;
}
