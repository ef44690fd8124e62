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

#endif
