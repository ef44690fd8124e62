/* memo: a bounded table of results by key (bytes), the least recently used dropped first. */
#ifndef TAYORI_MEMO_H
#define TAYORI_MEMO_H

#include <stddef.h>

typedef struct memo memo;

/*
 * A table of at most max_entries results, their keys and values at most
 * max_bytes together. With second set, a key is stored only when it is
 * added a second time (seen once before, by its hash), so results that
 * never come again do not push out those that do. The caller frees
 * with memo_free.
 */
memo *memo_new(int max_entries, size_t max_bytes, int second);
void memo_free(memo *m);

/*
 * The value stored for key, its length in *vlen; NULL when there is
 * none. Lent until the next memo_add; aligned as mem_alloc aligns.
 */
const void *memo_get(memo *m, const void *key, size_t klen, size_t *vlen);

/*
 * Room for the value of key (not stored yet), vlen bytes for the caller
 * to fill before the next call, the least recently used dropped to make
 * it; NULL when it is not stored (seen for the first time, or larger
 * than the whole table).
 */
void *memo_add(memo *m, const void *key, size_t klen, size_t vlen);

int memo_count(const memo *m);		/* results stored */
size_t memo_bytes(const memo *m);	/* their keys and values */

#endif
