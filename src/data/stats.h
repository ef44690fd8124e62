/* stats: what a database holds, as a user checks it after an import (tayori db stats). */
#ifndef TAYORI_STATS_H
#define TAYORI_STATS_H

#include <stdio.h>

#include "util/diag.h"

/*
 * Print to out: customers, opted out (and since when), customers known
 * only by an export's totals, mailable customers with a usable address
 * by country (the address module decides, as a build does), purchases
 * and their date range, contacts per campaign. The database is opened
 * read-only. 0, or -1 with a diagnostic.
 */
int stats_print(const char *path, FILE *out, diag *d);

#endif
