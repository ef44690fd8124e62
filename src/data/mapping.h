/* mapping: which column of an export feeds which tayori column, and how: from a file, a preset or the header. */
#ifndef TAYORI_MAPPING_H
#define TAYORI_MAPPING_H

#include "data/values.h"
#include "util/diag.h"

/* The part of a source value a rule takes. */
enum map_part {
	PART_WHOLE,
	PART_FIRST,		/* before the first space (half- or full-width) */
	PART_REST,		/* after it; empty when there is none */
	PART_PREFECTURE,	/* a Japanese address's prefecture (東京都), or empty */
	PART_AFTER_PREFECTURE	/* the rest of the address */
};

/* What a yes in an opt-out column says. */
enum map_sense {
	SENSE_OPT_OUT,		/* yes: do not mail (a column named opt_out) */
	SENSE_MAY_MAIL		/* yes: may mail (DM可否, Accepts Marketing) */
};

typedef struct map_rule {
	char *column;		/* the tayori column */
	char **from;		/* source headers */
	int nfrom;
	int join;		/* 1: read every one of from, joined by with; 0: the first the file has */
	char *with;
	enum map_part part;
	enum date_order date;
	enum map_sense sense;
	char *value;		/* a value for every row instead of a source column */
	char **vkeys, **vvals;	/* a value table: source value -> stored value */
	int nvalues;
	int optional;		/* the file may lack it */
	int line;		/* where the rule is written (0: made from a header) */
} map_rule;

typedef struct mapping {
	char *name;		/* the file, or "preset NAME", for messages */
	char *table;		/* customers, purchases, or NULL: not said */
	char **keys;		/* the columns rows are matched on, first present wins */
	int nkeys;
	char *encoding;		/* NULL: detect */
	int header_only;	/* made from the header: an unknown header is an error */
	map_rule *rules;
	int nrules;
} mapping;

/* A mapping file (YAML; format in README). NULL with a diagnostic naming file:line. */
mapping *mapping_load(const char *path, diag *d);

/* A shipped preset: shopify, ja-pos, tayori. NULL with a diagnostic listing the names. */
mapping *mapping_preset(const char *name, const char *table, diag *d);

/* A preset's text, to print and edit (tayori's own for table when name is tayori); NULL if none. */
const char *mapping_preset_text(const char *name, const char *table);

/*
 * A mapping made from a header row alone: each header names a tayori
 * column of cols (ncols) by its own name (any case; spaces and hyphens
 * read as _) or a known other spelling (last name, zip, 郵便番号, …).
 * Every header that names none is reported in one diagnostic, with the
 * columns accepted; NULL then.
 */
mapping *mapping_from_header(const char *file, const char *table,
    const char *const *headers, int nheaders, const char *const *cols,
    int ncols, diag *d);

void mapping_free(mapping *m);

#endif
