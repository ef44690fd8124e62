/* csv: an RFC 4180 reader: quoted fields, "" escapes, embedded newlines, CRLF, a UTF-8 BOM; comma or tab. */
#ifndef TAYORI_CSV_H
#define TAYORI_CSV_H

#include <stddef.h>

#include "util/diag.h"

typedef struct csv csv;

/* Open path for reading; a leading UTF-8 BOM is skipped. NULL with a diagnostic (a directory too). */
csv *csv_open(const char *path, diag *d);

/*
 * Read the n bytes at data (UTF-8, no BOM; lent, kept until csv_close)
 * as the file name: tab-separated when its first line has more tabs than
 * commas outside quotes, else comma-separated.
 */
csv *csv_open_mem(const char *name, const char *data, size_t n, diag *d);

/* ',' or '\t'. */
int csv_delimiter(const csv *c);

/*
 * Read the next record: 1 when one was read, 0 at the end of the file,
 * -1 on a malformed record (a diagnostic names the file and the line where
 * the record starts, or the line and column of a NUL byte). Empty lines are skipped. Fields are lent until the
 * next csv_next.
 */
int csv_next(csv *c, diag *d);

int csv_nfields(const csv *c);
/* Field i of the current record, NUL-terminated; *len (if not NULL) is its length. */
const char *csv_field(const csv *c, int i, size_t *len);
/* The physical line (1-based) where the current record starts. */
int csv_line(const csv *c);
void csv_close(csv *c);

/* Written-down limits: a record's bytes, against a runaway unterminated quote. */
#define CSV_MAX_RECORD	(16 * 1024 * 1024)
#define CSV_MAX_FIELDS	4096

#endif
