/* parts: the manifests of worker processes put together in copy order, with the contacts they imply. */
#ifndef TAYORI_PARTS_H
#define TAYORI_PARTS_H

#include "data/contacts.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct parts_sum {
	long long copies, failed, pages;
	int volumes;
} parts_sum;

/*
 * A worker's manifest line may end in a tab and the copy's ref in
 * hexadecimal (a ref is any text): parts_put_ref writes it (nothing when
 * ref is NULL), parts_merge reads it into the contact and leaves it out
 * of the manifest.
 */
void parts_put_ref(buf *b, const char *ref);

/*
 * Read the manifest parts at paths[0..n) (each with the manifest's header
 * line), put their rows in copy order into out (one header), and list a
 * contact (token from key and campaign, volume, ref) for every copy whose
 * status is ok, in *rows (mem_alloc'd, and each ref: free with
 * parts_rows_free). 0, or -1 with a diagnostic naming the part.
 */
int parts_merge(const char *const *paths, int n, const token_key *key,
    const char *campaign, buf *out, contact_row **rows, int *nrows,
    parts_sum *sum, diag *d);

/* Free rows[0..n) and their refs. */
void parts_rows_free(contact_row *rows, int n);

#endif
