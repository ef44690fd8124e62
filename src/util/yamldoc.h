/* yamldoc: loading a YAML document with its nesting depth bounded and every map's keys unique. */
#ifndef TAYORI_YAMLDOC_H
#define TAYORI_YAMLDOC_H

#include <stddef.h>
#include <yaml.h>

#include "util/diag.h"

/*
 * Lists and maps nested deeper than this are refused before libyaml
 * goes further: its scanner looks at every open flow level for each
 * token, so nesting is quadratic (20,000 levels of '[' take 1 s, 40,000
 * take 4 s). A layout needs 5 levels (frames, a frame, its lines, a
 * line), front matter 2.
 */
#define YAMLDOC_MAX_DEPTH	32

/*
 * Load the first document of the n bytes at text into *doc, which the
 * caller then yaml_document_delete()s. first_line is the file line of
 * text's first line (1 for a whole file). 0, or -1 with a diagnostic
 * naming file:line:col and nothing to delete: invalid YAML, lists and
 * maps nested deeper than YAMLDOC_MAX_DEPTH, or a key given twice in
 * one map.
 */
int yamldoc_load(yaml_document_t *doc, const char *text, size_t n,
    const char *file, int first_line, diag *d);

/*
 * Check that the n keys are all different (NULL ones are skipped); at[i]
 * is where keys[i] is written. 0, or -1 with a diagnostic at the first
 * repeated key naming the line of its first use. O(n log n).
 */
int yamldoc_unique(const char *const *keys, yaml_node_t *const *at, size_t n,
    const char *file, int first_line, diag *d);

#endif
