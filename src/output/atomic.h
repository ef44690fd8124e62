/* atomic: write a whole file or nothing: temporary file, fsync, rename. */
#ifndef TAYORI_ATOMIC_H
#define TAYORI_ATOMIC_H

#include <stddef.h>

#include "util/diag.h"

/*
 * Write data to path.tmp-PID in path's directory, fsync it, rename it to
 * path and fsync the directory. Any write error (a full disk) removes the
 * temporary file and is reported through d. 0 or -1.
 * A path that exists and is not a regular file (a device, a directory) is
 * refused. Temporaries of path left by a process that no longer exists
 * (a run killed with kill -9) are removed first.
 */
int atomic_write(const char *path, const void *data, size_t n, diag *d);

/*
 * The same for a file written in pieces (a PDF streamed as its copies
 * are made): atomic_open creates path.tmp-PID (after the checks above),
 * atomic_put appends, atomic_commit fsyncs, renames and frees,
 * atomic_abort removes the temporary and frees. A failed put is
 * remembered and reported by the commit, which then fails.
 */
typedef struct atomic_file atomic_file;

/*
 * Is tmp, the temporary of process pid, abandoned: the process is gone,
 * or it no longer holds the lock its writer keeps (it was killed and is
 * not yet reaped)? Never this process's own.
 */
int atomic_abandoned(const char *tmp, long pid);

atomic_file *atomic_open(const char *path, diag *d);
/* Append n bytes; ctx is the atomic_file (a pdfw_sink). 0 or -1. */
int atomic_put(void *ctx, const void *data, size_t n);
int atomic_commit(atomic_file *af, diag *d);
/* Report af's write error, if a put failed (the file and why); 1 when there was one. */
int atomic_report(const atomic_file *af, diag *d);
void atomic_abort(atomic_file *af);
/* A forked child's copy of another process's file: closed here, neither written nor removed. */
void atomic_forget(atomic_file *af);

#endif
