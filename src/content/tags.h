/* tags: the merge-tag scanner: {{...}} in text becomes a placeholder and an entry in the tag table. */
#ifndef TAYORI_TAGS_H
#define TAYORI_TAGS_H

#include <stddef.h>

#include "content/doc.h"
#include "util/buf.h"
#include "util/diag.h"

/*
 * Copy s[0..n) to out with every merge tag replaced by a placeholder code
 * point (DOC_PLACEHOLDER + its index in dc->tags). line and col give the
 * position of s[0] in file, for diagnostics; the tags keep file, which
 * must live as long as dc (dc->path or one of dc->files). In a template (in_template),
 * {{#if}} and {{qr}} are not allowed. 0, or -1 with a diagnostic.
 */
int tags_scan(doc *dc, const char *s, size_t n, const char *file, int line,
    int col, int in_template, buf *out, diag *d);
void tags_free(tag *t, int n);

#endif
