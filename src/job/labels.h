/* labels: a segment's addresses on a label sheet, sorted for the post, with a manifest. */
#ifndef TAYORI_LABELS_H
#define TAYORI_LABELS_H

#include "util/diag.h"

typedef struct labels_opts {
	const char *db;		/* NULL: the --from content's db: */
	const char *sheet;	/* a kind: labels layout, by name or path */
	const char *segment;	/* NULL: the --from content's segment:, else every customer */
	const char *from;	/* CONTENT.md whose segment (and db) to use, or NULL */
	const char *out;	/* NULL: out/labels-SHEET.pdf */
	int start;		/* first position used on the first sheet, 1-based */
	int sort_postal;	/* 1: by country (domestic first), then postal code */
	int strict;		/* a label that does not fit fails the run */
	int include_opted_out;
	int progress;
	int dump;		/* the display-list text dump instead of PDF */
	int check_only;		/* read and place every label; write nothing */
} labels_opts;

/* Load the inputs (job/inputs), then labels_make. 0 or -1; diagnostics through d. */
int labels_run(const labels_opts *o, diag *d);

/* Make the label batch and its manifest from loaded inputs (a kind: labels layout). */
struct job_inputs;
int labels_make(struct job_inputs *in, const labels_opts *o, diag *d);

#endif
