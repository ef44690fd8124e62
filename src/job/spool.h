/* spool: a build's contact rows kept on disk, not in memory, until they are recorded. */
#ifndef TAYORI_SPOOL_H
#define TAYORI_SPOOL_H

#include "data/contacts.h"
#include "util/diag.h"

/*
 * The rows go to an unlinked temporary file in a directory (the batch's:
 * the disk that holds the PDF), so nothing is left however the run ends,
 * and are read back one at a time, in the order they were put. A write
 * or read error is reported through d (the spool's directory and why);
 * after a write error every put fails.
 */
typedef struct spool spool;

/* NULL with a diagnostic when no temporary file can be made in dir. */
spool *spool_new(const char *dir, diag *d);
/* Append r (its file is not kept: the caller names it when reading). 0 or -1. */
int spool_put(spool *s, const contact_row *r);
/* Start reading from the first row: what was put is written out first. 0 or -1. */
int spool_rewind(spool *s);
/*
 * The next row (ctx is the spool; a contacts_next_fn): 1 and *r filled,
 * its ref lent until the next call and its file NULL; 0 at the end; -1 on
 * an error.
 */
int spool_next(void *ctx, contact_row *r);
/* Closes the file, writing nothing more: a forked process may free its copy. */
void spool_free(spool *s);

#endif
