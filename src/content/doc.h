/* doc: a content file parsed once per job: front matter, merge tags, and Markdown flattened into blocks. */
#ifndef TAYORI_DOC_H
#define TAYORI_DOC_H

#include <stddef.h>

#include "util/diag.h"

/*
 * Limits, written down with their reason: cmark-gfm 0.29 (a fork of cmark) has quadratic
 * cases on large or deeply nested input; placeholders live in one
 * private-use range of 4,096 code points.
 */
#define DOC_MAX_BYTES	(1024 * 1024)
#define DOC_MAX_DEPTH	16
#define DOC_MAX_TAGS	4096	/* U+E000..U+EFFF: every placeholder starts with byte 0xEE */
#define DOC_MAX_IF_DEPTH 64	/* {{#if}} nesting, between blocks and within one */
/* "![": cmark-gfm 0.29 is quadratic in unclosed image openers ("![[]()" repeated) */
#define DOC_MAX_IMAGES	1000

/* The boxes a fenced block makes: ```tint (a tinted sidebar) or ```coupon (a dashed cut line). */
enum { DOC_BOX_TINT = 1, DOC_BOX_COUPON = 2 };

/* Merge tags are replaced by a placeholder code point before Markdown sees them. */
#define DOC_PLACEHOLDER	0xE000

enum tag_kind {
	TAG_FIELD,	/* {{name | filter "arg" | "fallback"}} */
	TAG_IF,		/* {{#if SQL}} */
	TAG_ELSE,	/* {{else}} */
	TAG_ENDIF,	/* {{/if}} */
	TAG_QR		/* {{qr TEMPLATE}} */
};

#define TAG_MAX_FILTERS 4

typedef struct tag_filter {
	char *name;
	char *arg;	/* NULL when none */
} tag_filter;

typedef struct tag {
	enum tag_kind kind;
	char *name;		/* FIELD: field; IF: the SQL condition */
	char *fallback;		/* FIELD: used when the value is NULL or empty */
	tag_filter filters[TAG_MAX_FILTERS];
	int nfilters;
	char *tmpl;		/* QR: the template, itself with placeholders */
	int cond;		/* IF: index among the conditions */
	const char *file;	/* dc->path, or one of dc->files */
	int line, col;
} tag;

/* A run of text in one style; text holds placeholders for merge tags. */
enum {
	SP_EM = 1,
	SP_STRONG = 2,
	SP_CODE = 4,
	SP_URL = 8	/* a link's address, printed small after its text */
};

typedef struct span {
	int style;
	char *text;
	size_t len;
} span;

enum block_kind {
	BLK_PARA,
	BLK_HEADING,
	BLK_HR,
	BLK_IMAGE,
	BLK_QR,
	BLK_PAGEBREAK,	/* <!-- pagebreak --> */
	BLK_IF,		/* a {{#if}} standing alone between blocks */
	BLK_ELSE,
	BLK_ENDIF
};

typedef struct block {
	enum block_kind kind;
	int level;		/* HEADING: 1..3 */
	int indent;		/* list nesting depth */
	int quote;		/* block-quote depth */
	int item_first;		/* first block of a list item: draw marker */
	char marker[16];	/* list marker: "•", "–", "12." */
	span *spans;
	int nspans;
	char *path;		/* IMAGE: file path as resolved against the content's directory */
	int img_w, img_h;	/* IMAGE: pixels */
	int tag;		/* IF/ELSE/ENDIF/QR: index into the tag table */
	int ncols;		/* PARA in a table: its columns (0: no table) */
	int table, row, col;	/* PARA in a table: which (from 1), row and column (from 0) */
	int head;		/* PARA in a table: in its header row */
	char align;		/* PARA in a table: its column's alignment, 'l', 'c', 'r' or 0 */
	int note;		/* PARA of a footnote (marker: its number) */
	int box;		/* in a fenced box: DOC_BOX_TINT or DOC_BOX_COUPON; 0: none */
	int box_id;		/* which box (from 1): its blocks are set together */
	int has_slots;		/* holds a merge tag: must be merged per copy */
	int line;
} block;

typedef struct fm_entry {
	char *key;	/* "title", or "sender.name" for nested maps */
	char *value;
	int line;
} fm_entry;

typedef struct doc {
	char *path;
	char *dir;		/* the content's directory, for images */
	fm_entry *fm;
	int nfm;
	block *blocks;
	int nblocks;
	tag *tags;
	int ntags;
	int nconds;
	char **conds;		/* nconds condition texts */
	int body_line;		/* line of the body's first line in the file */
	char **files;		/* the other files templates came from (tag.file) */
	int nfiles;
} doc;

/* Parse a content file. NULL with diagnostics (file:line:col) on failure. */
doc *doc_load(const char *path, diag *d);
/* The same from len bytes in memory (copied; need not end in NUL); path
 * names it in diagnostics and gives the directory images resolve in. */
doc *doc_parse(const char *path, const char *data, size_t len, diag *d);
/* Parse text (no front matter) as a template, e.g. the qr: URL or a layout
 * frame line of file; the result holds placeholders (its tags are added to
 * the doc, naming file) and is the caller's to mem_free. */
char *doc_template(doc *dc, const char *text, const char *file, int line, diag *d);
void doc_free(doc *dc);

/* Front matter value, or NULL. */
const char *doc_fm(const doc *dc, const char *key);
int doc_fm_line(const doc *dc, const char *key);
/* The condition SQL of each {{#if}}, in order; n = dc->nconds. Lent. */
const char **doc_conditions(const doc *dc);

/* Decode a placeholder at s (3 bytes); tag index or -1. */
int doc_placeholder(const char *s, size_t n);

#endif
