/* segment_pg: a segment on PostgreSQL: one READ ONLY transaction with a statement timeout, rows through a cursor. */
#ifndef TAYORI_SEGMENT_PG_H
#define TAYORI_SEGMENT_PG_H

#include "data/segment.h"

/*
 * segment.h's verbs for a PostgreSQL URL (segment.c hands them over):
 * the guarantees of the SQLite guard, in PostgreSQL's terms. The segment
 * runs in a REPEATABLE READ, READ ONLY transaction (any INSERT, UPDATE,
 * DELETE, DDL, nextval() or a writing CTE is refused by the server),
 * as one statement (a second is refused before it is sent), with a
 * statement_timeout of the step limit on every statement (the count,
 * each fetch of rows); a value larger than the value limit is an error;
 * a segment whose plan reads tayori_meta (the token key) is refused.
 */
typedef struct segpg segpg;

segpg *segpg_open(const char *url, const char *sql, const seg_condition *conds,
    int nconds, int include_opted_out, const segment_limits *lim, diag *d);
int segpg_ncolumns(const segpg *s);
const char *segpg_column(const segpg *s, int i);
long long segpg_excluded(const segpg *s);
long long segpg_skipped(const segpg *s);
long long segpg_total(const segpg *s);
int segpg_skip_recorded(segpg *s, const char *campaign, diag *d);
int segpg_next(segpg *s);
const char *segpg_text(segpg *s, int i, int *len);
void segpg_close(segpg *s);

/* A condition's error, with where it was written (segment.c, for both). */
void segment_condition_error(const seg_condition *c, const char *why, diag *d);

#endif
