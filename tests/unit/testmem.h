/* testmem: the bytes allocated and not yet freed, for tests that memory stays bounded. */
#ifndef TAYORI_TESTMEM_H
#define TAYORI_TESTMEM_H

#include <stddef.h>

#if defined(__SANITIZE_ADDRESS__)
size_t __sanitizer_get_current_allocated_bytes(void);
#define LIVE_BYTES() __sanitizer_get_current_allocated_bytes()
#else
#include <malloc.h>
#define LIVE_BYTES() (mallinfo2().uordblks + mallinfo2().hblkhd)
#endif

#endif
