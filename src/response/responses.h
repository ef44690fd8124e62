/* responses: QR visits read from a web server's access log into the responses table. */
#ifndef TAYORI_RESPONSES_H
#define TAYORI_RESPONSES_H

#include "util/diag.h"

typedef struct log_counts {
	long long lines;	/* lines read */
	long long hits;		/* requests for the URL pattern */
	long long visits;	/* first visits of a known token, recorded now */
	long long repeated;	/* hits of a token already visited */
	long long unknown;	/* hits of a token no copy carried */
	long long malformed;	/* lines not in common or combined log format */
	long long other;	/* well-formed requests for other paths */
} log_counts;

/*
 * Read the access log at path and record, in one transaction, each
 * token's first visit (kind visit, the customer and campaign of the copy
 * that carried it, the day logged, source the log's file name). A
 * token already visited (in this log or an earlier one), an unknown
 * token and a malformed line are counted, not errors. dry_run counts and
 * writes nothing. 0, or -1 with a diagnostic (the database, the file,
 * the pattern).
 */
int responses_from_log(const char *db, const char *path, const char *pattern,
    int dry_run, log_counts *n, diag *d);

#endif
