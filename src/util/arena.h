/* arena: bump allocation for short-lived data, freed all at once. */
#ifndef TAYORI_ARENA_H
#define TAYORI_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
void *arena_alloc(arena *a, size_t n);		/* zeroed, aligned to 16 */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_strdup(arena *a, const char *s);
void arena_reset(arena *a);			/* drop everything, keep one block */
void arena_free(arena *a);

#endif
