/* hooks: route SQLite's and ICU's allocations through util/mem. */
#ifndef TAYORI_HOOKS_H
#define TAYORI_HOOKS_H

/*
 * Install util/mem as SQLite's allocator (SQLITE_CONFIG_MALLOC) and ICU's
 * (u_setMemoryFunctions). Both libraries accept this only before their
 * first use, so call it first thing in main, and in a test before it
 * touches SQLite or ICU. Later calls do nothing. 0, or -1 when a library
 * was already in use (its allocations then bypass the hook).
 *
 * cmark (content/doc.c) and libpng (render/image.c) take their allocator
 * per parser, libharu per document (render/pdf.c). libyaml, libqrencode,
 * libjpeg, zint and libqpdf have no hook and use malloc directly.
 */
int hooks_install(void);

#endif
