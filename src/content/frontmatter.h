/* frontmatter: the YAML block at the top of a content file, read into flat key/value pairs. */
#ifndef TAYORI_FRONTMATTER_H
#define TAYORI_FRONTMATTER_H

#include <stddef.h>

#include "content/doc.h"
#include "util/diag.h"

/*
 * Parse YAML text (the lines between the --- fences; first_line is the
 * file line of its first line) into entries: scalars at the top level as
 * "key", one level of nested maps as "map.key". 0, or -1 with a
 * diagnostic naming file and line.
 */
int fm_parse(const char *text, size_t n, const char *file, int first_line,
    fm_entry **out, int *nout, diag *d);
void fm_free(fm_entry *e, int n);

#endif
