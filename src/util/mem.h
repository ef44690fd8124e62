/* mem: the one allocation hook every module allocates through. */
#ifndef TAYORI_MEM_H
#define TAYORI_MEM_H

#include <stddef.h>

/*
 * All allocation goes through these. On failure they print
 * "tayori: out of memory" and exit(70): a clean error, never a crash.
 * Tests call mem_fail_after(n) to make the nth allocation from now fail.
 */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
void mem_free(void *p);

/* Make the nth allocation from now fail (n >= 1); 0 turns it off. */
void mem_fail_after(unsigned long n);

#endif
