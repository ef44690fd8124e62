/* frontmatter: the YAML block at the top of a content file, read into flat key/value pairs. */
#include "content/frontmatter.h"

#include <string.h>
#include <yaml.h>

#include "util/buf.h"
#include "util/mem.h"
#include "util/yamldoc.h"

/* An entry, and in at[] the key node it came from (for a repeated key's message). */
static void
add(fm_entry **out, int *n, yaml_node_t ***at, yaml_node_t *k, const char *key,
    const char *value, int line)
{
	*out = mem_realloc(*out, (size_t)(*n + 1) * sizeof(**out));
	*at = mem_realloc(*at, (size_t)(*n + 1) * sizeof(**at));
	(*at)[*n] = k;
	(*out)[*n].key = mem_strdup(key);
	(*out)[*n].value = mem_strdup(value);
	(*out)[*n].line = line;
	(*n)++;
}

static const char *
scalar(yaml_node_t *node)
{
	return node && node->type == YAML_SCALAR_NODE ?
	    (const char *)node->data.scalar.value : NULL;
}

int
fm_parse(const char *text, size_t n, const char *file, int first_line,
    fm_entry **out, int *nout, diag *d)
{
	yaml_document_t ydoc;
	yaml_node_t *root, **at = NULL;
	const char **keys = NULL;
	int rc = -1, loaded = 0;

	*out = NULL;
	*nout = 0;
	if (yamldoc_load(&ydoc, text, n, file, first_line, d) != 0)
		goto out;
	loaded = 1;
	root = yaml_document_get_root_node(&ydoc);
	if (root == NULL) {
		rc = 0;
		goto out;
	}
	if (root->type != YAML_MAPPING_NODE) {
		diag_at(d, D_FRONT_MATTER, file, first_line, 0,
		    "expected key: value pairs");
		goto out;
	}
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	    p < root->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(&ydoc, p->key);
		yaml_node_t *v = yaml_document_get_node(&ydoc, p->value);
		int line = first_line + (int)k->start_mark.line;
		const char *key = scalar(k);

		if (key == NULL) {
			diag_at(d, D_FRONT_MATTER, file, line, 0, "a key must be text");
			goto out;
		}
		if (v->type == YAML_SCALAR_NODE) {
			add(out, nout, &at, k, key, scalar(v), line);
			continue;
		}
		if (v->type != YAML_MAPPING_NODE) {
			diag_at(d, D_FRONT_MATTER, file, line,
			    (int)k->start_mark.column + 1,
			    "a list is not allowed here");
			goto out;
		}
		for (yaml_node_pair_t *q = v->data.mapping.pairs.start;
		    q < v->data.mapping.pairs.top; q++) {
			yaml_node_t *k2 = yaml_document_get_node(&ydoc, q->key);
			yaml_node_t *v2 = yaml_document_get_node(&ydoc, q->value);
			int line2 = first_line + (int)k2->start_mark.line;
			buf full = BUF_INIT;

			if (scalar(k2) == NULL || scalar(v2) == NULL) {
				diag_at(d, D_FRONT_MATTER, file, line2,
				    (int)k2->start_mark.column + 1,
				    "only one level of nesting is allowed");
				goto out;
			}
			buf_printf(&full, "%s.%s", key, scalar(k2));
			add(out, nout, &at, k2, buf_str(&full), scalar(v2), line2);
			buf_free(&full);
		}
	}
	/* a dotted key may repeat a nested one: sender.name and sender: {name} */
	keys = mem_alloc((size_t)(*nout + 1) * sizeof(*keys));
	for (int i = 0; i < *nout; i++)
		keys[i] = (*out)[i].key;
	if (yamldoc_unique(keys, at, (size_t)*nout, file, first_line, d) != 0)
		goto out;
	rc = 0;
out:
	if (loaded)
		yaml_document_delete(&ydoc);
	mem_free(keys);
	mem_free(at);
	if (rc != 0) {
		fm_free(*out, *nout);
		*out = NULL;
		*nout = 0;
	}
	return rc;
}

void
fm_free(fm_entry *e, int n)
{
	for (int i = 0; i < n; i++) {
		mem_free(e[i].key);
		mem_free(e[i].value);
	}
	mem_free(e);
}
