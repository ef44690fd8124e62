/* merge: a document's merge slots resolved to columns, filled per row into plain text runs. */
#ifndef TAYORI_MERGE_H
#define TAYORI_MERGE_H

#include <stddef.h>

#include "content/doc.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/diag.h"

/* Written-down limit: a merged value longer than this is cut (with a warning). */
#define MERGE_MAX_FIELD 4096

/* One recipient: column values (NULL for SQL NULL), condition results, token. */
typedef struct merge_row {
	long long id;
	const char *const *vals;
	const int *lens;
	const int *conds;
	const char *token;
} merge_row;

/* A job-wide value such as title, issue, today or sender.name. */
typedef struct merge_builtin {
	const char *name;
	const char *value;
} merge_builtin;

typedef struct merge merge;

/*
 * Resolve every field tag of dc against the segment's columns, then the
 * built-ins (and "token"). Unknown fields and filters are diagnostics at
 * the tag's file:line:col. NULL when any tag is bad.
 */
merge *merge_compile(const doc *dc, const char *const *columns, int ncolumns,
    const merge_builtin *builtins, int nbuiltins, diag *d);
void merge_free(merge *m);

/* A merged run of text: no placeholders, valid NFC UTF-8. */
typedef struct mspan {
	int style;
	const char *text;
	size_t len;
} mspan;

/*
 * Merge a block's spans for a row (inline {{#if}} honoured) into spans
 * allocated from a, their text too, but for a span with no placeholder:
 * its text is lent by the document. Returns the number of spans; *out
 * is set.
 * Values are text: never parsed again.
 */
int merge_spans(merge *m, const block *b, const merge_row *r, arena *a,
    mspan **out, diag *d);
/* Expand a template (placeholders, no {{#if}}) for a row; appends to out. */
void merge_text(merge *m, const char *s, size_t n, const merge_row *r, buf *out,
    int *nfields, int *nempty, diag *d);
/*
 * A database value made safe to print, as every merged value is: invalid
 * UTF-8 becomes U+FFFD, control and bidi-override characters are
 * dropped, tabs (and line breaks, unless keep_newlines: then CR LF
 * becomes LF) become spaces, the length is capped at MERGE_MAX_FIELD,
 * the result NFC; each repair a warning naming the customer and field.
 * Appends to out.
 */
void merge_clean(const char *name, const char *s, size_t n, long long id,
    int keep_newlines, buf *out, diag *d);

/* The value of condition tag ti for a row. */
int merge_cond(const merge *m, int ti, const merge_row *r);
/* 1 when the template s has a per-row slot. */
int merge_varies(const merge *m, const char *s, size_t n);

/* Filters, exposed for tests: apply name(arg) to value, appending to out; -1 if unknown. */
int merge_filter(const char *name, const char *arg, const char *value, size_t n,
    buf *out);
/* 1 when name is a filter. */
int merge_filter_known(const char *name);

#endif
