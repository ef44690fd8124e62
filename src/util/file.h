/* file: a whole file read into memory (regular files only, within a limit), or written out. */
#ifndef TAYORI_FILE_H
#define TAYORI_FILE_H

#include <stddef.h>

#include "util/buf.h"
#include "util/diag.h"

enum {
	FILE_OK = 0,
	FILE_ERROR = -1,	/* reported: cannot open or read, not a regular file */
	FILE_TOO_LARGE = -2,	/* more than max bytes: the caller says which limit */
	FILE_MISSING = -3	/* with FILE_MAY_BE_MISSING: no such file, not reported */
};

#define FILE_MAY_BE_MISSING 1

/*
 * Append the file at path to b. A path that is not a regular file (a FIFO,
 * a directory, a device) is refused before anything is read, so nothing
 * can hang on it; max (0: none) bounds its size. One of the codes above.
 */
int file_read(const char *path, size_t max, int flags, buf *b, diag *d);

/* Write all n bytes to fd, going on after a signal. 0, or -1 with errno. */
int file_write_all(int fd, const void *data, size_t n);

#endif
