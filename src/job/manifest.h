/* manifest: the manifest parts of a sharded build joined into the one manifest a print shop expects. */
#ifndef TAYORI_MANIFEST_H
#define TAYORI_MANIFEST_H

#include "util/diag.h"

/*
 * Join parts (OUT.shard-K-of-N.manifest.csv, written by build --shard
 * K/N) into out (NULL: OUT.manifest.csv): every part of one OUT and one
 * N, each K from 1 to N exactly once; in each part the copies 1..n in
 * order, each customer in the shard its id hashes to (so no customer is
 * in two parts). The result has the columns of a build's manifest plus
 * file: volumes and copies numbered on through the parts in shard
 * order, first_page within its file. With db (and campaign), every copy
 * made (status ok) must be recorded in its contacts, naming its file: a
 * part whose run was killed before its commit is refused. Written whole
 * (atomic); 0, or -1 with a diagnostic naming the part and line, and
 * nothing written.
 */
int manifest_merge(const char *const *parts, int n, const char *out,
    const char *db, const char *campaign, diag *d);

#endif
