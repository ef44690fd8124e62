/* history: the contact history read back: a customer's touches, newest first, or a campaign's recipients. */
#ifndef TAYORI_HISTORY_H
#define TAYORI_HISTORY_H

#include <stdio.h>

#include "util/diag.h"

/*
 * Write to out the touches of customer, newest first (sent_at, then the
 * order recorded), one line each, tab-separated under a header line:
 *   sent_at campaign channel ref touch copy token file
 * NULL is written as an empty field; a tab or line break in a value as a
 * space. A customer never contacted: nothing written, 0. -1 with a
 * diagnostic for a customer the database does not have, or its error.
 */
int history_customer(const char *dbpath, long long customer, FILE *out,
    diag *d);

/*
 * Write to out the recipients of campaign, by customer id and touch:
 *   customer_id name sent_at channel ref touch copy token file
 * 0, or -1 with a diagnostic (no contact of that campaign, a database
 * error).
 */
int history_campaign(const char *dbpath, const char *campaign, FILE *out,
    diag *d);

#endif
