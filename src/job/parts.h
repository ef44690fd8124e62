/* parts: the manifests of worker processes put together in copy order, with the contacts they imply. */
#ifndef TAYORI_PARTS_H
#define TAYORI_PARTS_H

#include "data/contacts.h"
#include "job/spool.h"
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

/* Where parts_merge puts each line of the manifest (without its newline): 0, or -1 to stop. */
typedef int (*parts_line_fn)(void *ctx, const char *line, size_t len);

/*
 * Read the manifest parts at paths[0..n) (each with the manifest's header
 * line, then its rows in copy order) a row at a time from each: put one
 * header and the rows in copy order through put, and for every copy whose
 * status is ok a contact (token from key and campaign, volume, ref) into
 * the spool rows (NULL: none), in the same order. Memory holds a row of
 * each part, whatever their length. 0, or -1 with a diagnostic naming the
 * part.
 */
int parts_merge(const char *const *paths, int n, const token_key *key,
    const char *campaign, parts_line_fn put, void *ctx, spool *rows,
    parts_sum *sum, diag *d);

#endif
