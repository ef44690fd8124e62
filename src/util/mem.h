/* mem: the one allocation hook every module allocates through. */
#ifndef TAYORI_MEM_H
#define TAYORI_MEM_H

#include <stddef.h>

/*
 * All allocation goes through these. On failure they print
 * "tayori: error: out of memory" and exit(70): a clean error, never a crash.
 * Tests call mem_fail_after(n) to make the nth allocation from now fail.
 */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
char *mem_strdup(const char *s);
char *mem_strndup(const char *s, size_t n);
void mem_free(void *p);

/*
 * Make the nth allocation from now fail (n >= 1); 0 turns it off. Every
 * mem_alloc, mem_calloc, mem_realloc and mem_strdup counts as one, and so
 * do the libraries' allocations routed here by hooks_install().
 */
void mem_fail_after(unsigned long n);

/*
 * Before the out-of-memory exit, call fn(arg) once (e.g. to remove the
 * files a run wrote but did not yet commit); NULL removes it. fn must not
 * rely on allocating.
 */
void mem_on_failure(void (*fn)(void *), void *arg);

/* How many allocations have been made so far (for choosing n above): this thread's and those of threads done. */
unsigned long mem_count(void);
/* A thread that allocated is about to end: its count joins mem_count's. */
void mem_thread_done(void);

#endif
