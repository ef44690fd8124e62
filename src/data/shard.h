/* shard: which of N parts of a segment a customer is in: a hash of the id, the same in C and in SQL. */
#ifndef TAYORI_SHARD_H
#define TAYORI_SHARD_H

#include "util/buf.h"

#define SHARD_MAX	1000

/* "K/N" with 1 <= K <= N <= SHARD_MAX: 0, else -1. */
int shard_parse(const char *spec, int *k, int *n);

/*
 * The part (1..n) customer id is in: a 32-bit integer hash of the id
 * (Thomas Mueller's), modulo n: balanced over any run of ids, and a
 * customer stays in its part as the segment grows. SQL has it as
 * tayori_shard(id, n): a function on SQLite's segment connection, and
 * one db init makes in PostgreSQL.
 */
int shard_of(long long id, int n);

/* A segment statement narrowed to part k of n: SELECT * FROM (sql) WHERE tayori_shard(id, n) = k. */
void shard_segment(buf *b, const char *sql, int k, int n);

#endif
