/* report: what each mailing did — mailed, held out, responses, lift with its interval, revenue, ROI — as text, CSV or HTML. */
#ifndef TAYORI_REPORT_H
#define TAYORI_REPORT_H

#include <stdio.h>

#include "util/diag.h"

enum report_format { REPORT_TEXT, REPORT_CSV, REPORT_HTML };

typedef struct report_opts {
	const char *db;
	const char *campaign;	/* NULL: every campaign */
	const char *by;		/* NULL: one group; "segment"; or a customer_view column (rank, …) */
	const char *since;	/* YYYY-MM-DD: campaigns first sent then or later; NULL: all */
	enum report_format format;
} report_opts;

/*
 * Write the report of o->db to out: per campaign and group the customers
 * mailed and held out, how many of each responded (a response or
 * purchase attributed to the campaign; README: attribution), the
 * response rates with Wilson intervals, the lift (mailed rate minus
 * held-out rate) with Newcombe's 95 % interval and whether it is
 * significant, revenue, revenue per piece, cost (cost-per-piece × mailed)
 * and ROI. HTML is one self-contained page with two SVG charts (rates
 * with intervals; cumulative response rate by day since mailing).
 * 0, or -1 with a diagnostic.
 */
int report_write(const report_opts *o, FILE *out, diag *d);

/* Each campaign: first sent, channel, copies mailed, held out, responders, rate. 0 or -1. */
int report_campaigns(const char *db, FILE *out, diag *d);

#endif
