/* pdflex: a lexer for PDF content streams (operands and operators). */
#ifndef TAYORI_PDFLEX_H
#define TAYORI_PDFLEX_H

#include <stddef.h>

#include "util/buf.h"

enum pdftok_type {
	PT_EOF,
	PT_NUM,
	PT_NAME,		/* in the string buffer, with the leading '/' */
	PT_STRING,		/* literal or hex, decoded bytes */
	PT_ARRAY_OPEN,
	PT_ARRAY_CLOSE,
	PT_DICT_OPEN,
	PT_DICT_CLOSE,
	PT_OP,			/* an operator keyword, also true/false/null */
	PT_ERROR		/* a byte that cannot start a token; skipped */
};

typedef struct pdftok {
	enum pdftok_type type;
	double num;		/* PT_NUM */
	size_t off, len;	/* NAME, STRING, OP: bytes in the buffer */
} pdftok;

typedef struct pdflex {
	const unsigned char *p, *end;
	int error;		/* an unterminated string or a stray byte */
} pdflex;

void pdflex_init(pdflex *lx, const unsigned char *data, size_t len);

/*
 * The next token. Names, strings and operators are appended to sb (NUL-
 * terminated each) and referred to by offset, so the caller may collect
 * a whole operand list and clear sb after each operator.
 */
void pdflex_next(pdflex *lx, pdftok *t, buf *sb);

/*
 * Call after the ID operator of an inline image: skips the binary image
 * data up to and including the EI operator. Returns 0, or -1 when no EI
 * was found (the lexer is then at the end).
 */
int pdflex_skip_inline_image(pdflex *lx);

#endif
