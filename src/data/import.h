/* import: an export file into customers or purchases: mapped, every value checked, existing rows updated. */
#ifndef TAYORI_IMPORT_H
#define TAYORI_IMPORT_H

#include "util/diag.h"

typedef struct import_opts {
	const char *db;		/* the tayori database (must exist) */
	const char *file;	/* the export: CSV or tab-separated text */
	const char *table;	/* customers, purchases, or NULL: the mapping's, else by the file's name */
	const char *map;	/* a mapping file, or NULL */
	const char *preset;	/* a preset's name, or NULL */
	const char *encoding;	/* NULL: the mapping's, else detected */
	int skip_bad;		/* write the good rows, the bad ones to a reject file */
	const char *rejects;	/* the reject file; NULL: FILE's stem + .rejected.csv beside it */
	int dry_run;		/* count, write nothing */
	int max_listed;		/* bad values listed before a count (0: 50) */
} import_opts;

typedef struct import_result {
	const char *table;	/* static */
	const char *encoding;	/* static: the encoding read */
	long long rows;		/* data rows read */
	long long added, changed, unchanged, rejected;
	long long opted_out;	/* customers newly opted out by this file */
} import_result;

/*
 * Import o->file into o->db. The header is read through the mapping (a
 * file, a preset, or the header's own names); every value of every row
 * is read as its column's type (values.h) and every bad one reported
 * with file:line:column and the value, up to max_listed. Then, when no
 * row is bad (or with skip_bad, the good rows), in one transaction:
 * customers are matched on the mapping's key (id by default) and updated
 * or added; opt_out is set only from a value the file gives (an empty
 * one keeps what the database has), and a new opt-out records its date
 * (opt_out_at, or today) and the file (opt_out_source); purchases are
 * matched on id, or when the file has none on all their fields. contacts
 * is never touched. 0, or -1 with diagnostics (nothing written).
 */
int import_file(const import_opts *o, import_result *r, diag *d);

/* The columns of table (customers, purchases) a mapping may fill, NULL-terminated; NULL for another table. */
const char *const *import_columns(const char *table);

#endif
