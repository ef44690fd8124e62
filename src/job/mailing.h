/* mailing: a customer's address and postal barcode from the row's columns, for every output. */
#ifndef TAYORI_MAILING_H
#define TAYORI_MAILING_H

#include "address/address.h"
#include "util/arena.h"
#include "util/diag.h"

enum { MAIL_NCOLUMNS = 12 };

/* The customers columns an address is made of, in the order mailing_fields takes them. */
extern const char *const mailing_columns[MAIL_NCOLUMNS];

/*
 * Fill f from vals[i] (lens[i] bytes) = the value of mailing_columns[i]
 * (NULL or "" for empty), each made safe to print as merge_clean does
 * (line breaks kept: joint names are one per line), copied into ar.
 */
void mailing_fields(const char *const *vals, const int *lens, long long customer,
    addr_fields *f, arena *ar, diag *d);

/*
 * The Japan Post customer barcode data for f, or NULL when f is not a
 * JP address (or, with a warning naming the customer, when its postal
 * code is not 7 digits). Allocated in ar.
 */
const char *mailing_barcode(const addr_fields *f, long long customer, arena *ar,
    diag *d);

#endif
