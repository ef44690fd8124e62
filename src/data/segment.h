/* segment: who gets a copy: a segment's SQL run read-only, rows streamed with condition columns. */
#ifndef TAYORI_SEGMENT_H
#define TAYORI_SEGMENT_H

#include "util/diag.h"

/*
 * Resolve a segment spec to SQL: a SELECT/WITH/VALUES statement is used as
 * is (leading comments and a trailing ';' trimmed);
 * otherwise it is a name, looked up first as DIR/segments/NAME.sql for each
 * dir in search_dirs (NULL-terminated), then in the database's segments
 * table. Returns a mem_alloc'd string, or NULL with a diagnostic.
 */
char *segment_resolve(const char *spec, const char *dbpath,
    const char *const *search_dirs, diag *d);

typedef struct segment segment;

/* A {{#if}} condition: its SQL, and where it was written (file NULL: nowhere). */
typedef struct seg_condition {
	const char *sql;
	const char *file;
	int line, col;
} seg_condition;

/*
 * Open dbpath read-only (SQLITE_OPEN_READONLY, an authorizer that allows
 * only reading, one statement only) and prepare
 *   SELECT s.*, (cond0) AS "?c0", (cond1) AS "?c1", ... FROM (sql) AS s
 * The segment must yield an `id` column. Conditions are SQLite
 * expressions over the segment's columns; an invalid one is a diagnostic
 * naming it (and where it was written). NULL with a diagnostic on failure.
 * Unless include_opted_out, segment_next skips every row whose id is not
 * a customer who may be mailed: the program looks each id up in the
 * customers table itself (SEGMENT_MAILABLE), so no text of the segment
 * or of a condition can bring an opted-out customer back.
 * segment_excluded counts the rows left out so, by the same rule.
 * Limits (segment_limits below): one step (one row, a sort before the
 * first, or the count of the whole segment made before the first row, so
 * a segment that never ends stops here) may run 10 seconds; a string or
 * blob value may hold 16 MiB (randomblob(2e9) is an error, not 2 GB of
 * memory); SQLite may hold 256 MiB of heap while a segment is open
 * (sqlite3_hard_heap_limit64, given back at segment_close); no database
 * can be attached; the token key table tayori_meta
 * cannot be read by a segment. A damaged database file is a D_DB error
 * naming it.
 */
segment *segment_open(const char *dbpath, const char *sql,
    const seg_condition *conds, int nconds, int include_opted_out, diag *d);

/*
 * Who may be mailed, as SQL over the customers row c: opt_out is 0 (an
 * integer, or the text '0'). Anything else (1, 'yes', a stray text, NULL)
 * means no: a value nobody can read is taken as a refusal.
 */
#define SEGMENT_MAILABLE "(c.opt_out IS NOT NULL AND c.opt_out = 0)"

/* Who is recorded for a campaign: the same rule in the count and per row, on either database. */
#define SEGMENT_RECORDED(campaign, id, ref) \
	"EXISTS (SELECT 1 FROM contacts AS k WHERE k.campaign = " campaign \
	" AND k.customer_id = " id " AND coalesce(k.ref, '') = " \
	"coalesce(" ref ", ''))"

#define SEGMENT_STEP_MS		10000L
#define SEGMENT_MAX_VALUE	(16 * 1024 * 1024)
#define SEGMENT_HEAP		(256LL * 1024 * 1024)

typedef struct segment_limits {
	long step_ms;		/* one step; 0 for SEGMENT_STEP_MS */
	int max_value;		/* bytes of one string or blob; 0 for SEGMENT_MAX_VALUE */
	long long heap;		/* bytes SQLite may hold while the segment is open; 0 for SEGMENT_HEAP */
} segment_limits;

/* segment_open with other limits (tests use a short step); lim may be NULL. */
segment *segment_open_limits(const char *dbpath, const char *sql,
    const seg_condition *conds, int nconds, int include_opted_out,
    const segment_limits *lim, diag *d);

int segment_ncolumns(const segment *s);		/* the segment's own columns */
const char *segment_column(const segment *s, int i);
int segment_find(const segment *s, const char *name);	/* index or -1 */
long long segment_excluded(const segment *s);

/*
 * From now on segment_next also leaves out every row whose customer is
 * already recorded in contacts for campaign, about the same ref (the
 * segment's column named ref, as text; none: NULL). The rows so left
 * out are counted now, over the whole segment (segment_skipped); a row
 * of a customer who may not be mailed counts as excluded only. 0, or -1
 * with a diagnostic (a contacts table of schema 1 names 'tayori db init').
 */
int segment_skip_recorded(segment *s, const char *campaign, diag *d);
long long segment_skipped(const segment *s);
/* The rows segment_next will give: the segment's, less those excluded and skipped. */
long long segment_count(const segment *s);

/* 1 when a row is ready, 0 at the end, -1 on error (diagnostic given). */
int segment_next(segment *s);
/* Column i of the current row as UTF-8 text; NULL for SQL NULL. Lent until the next segment_next. */
const char *segment_text(segment *s, int i, int *len);
long long segment_id(segment *s);
/* Condition k of the current row: 1 true, 0 false or NULL. */
int segment_cond(segment *s, int k);
void segment_close(segment *s);

/* p past white space, SQL comments (line and block) and the characters of also. */
const char *segment_skip_blank(const char *p, const char *also);

#endif
