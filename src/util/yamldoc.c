/* yamldoc: loading a YAML document with its nesting depth bounded and every map's keys unique. */
#include "util/yamldoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/mem.h"

struct key {
	const char *s;
	size_t i;
};

static int
key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->s, y->s);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
at_mark(diag *d, const char *file, int first_line, yaml_mark_t m,
    const char *what)
{
	diag_at(d, D_YAML, file, first_line + (int)m.line, (int)m.column + 1, what);
}

int
yamldoc_unique(const char *const *keys, yaml_node_t *const *at, size_t n,
    const char *file, int first_line, diag *d)
{
	struct key *k = mem_alloc((n ? n : 1) * sizeof(*k));
	size_t nk = 0, first = 0, second = n;
	char msg[160];

	for (size_t i = 0; i < n; i++)
		if (keys[i] != NULL) {
			k[nk].s = keys[i];
			k[nk++].i = i;
		}
	qsort(k, nk, sizeof(*k), key_cmp);
	/* each run of equal keys is in file order: its first two are a pair */
	for (size_t j = 0; j + 1 < nk; j++)
		if ((j == 0 || strcmp(k[j - 1].s, k[j].s) != 0) &&
		    strcmp(k[j].s, k[j + 1].s) == 0 && k[j + 1].i < second) {
			first = k[j].i;
			second = k[j + 1].i;
		}
	mem_free(k);
	if (second == n)
		return 0;
	snprintf(msg, sizeof(msg), "key '%.60s%s' is given twice (first on line %d)",
	    keys[second], strlen(keys[second]) > 60 ? "..." : "",
	    first_line + (int)at[first]->start_mark.line);
	at_mark(d, file, first_line, at[second]->start_mark, msg);
	return -1;
}

/* Every map's scalar keys, checked map by map. */
static int
unique_keys(yaml_document_t *doc, const char *file, int first_line, diag *d)
{
	const char **keys = NULL;
	yaml_node_t **at = NULL;
	size_t cap = 0;
	int rc = 0;

	for (yaml_node_t *m = doc->nodes.start; rc == 0 && m < doc->nodes.top; m++) {
		yaml_node_pair_t *p0;
		size_t n;

		if (m->type != YAML_MAPPING_NODE)
			continue;
		p0 = m->data.mapping.pairs.start;
		if ((n = (size_t)(m->data.mapping.pairs.top - p0)) < 2)
			continue;
		if (n > cap) {
			cap = n;
			keys = mem_realloc(keys, cap * sizeof(*keys));
			at = mem_realloc(at, cap * sizeof(*at));
		}
		for (size_t i = 0; i < n; i++) {
			at[i] = yaml_document_get_node(doc, p0[i].key);
			keys[i] = at[i]->type == YAML_SCALAR_NODE ?
			    (const char *)at[i]->data.scalar.value : NULL;
		}
		rc = yamldoc_unique(keys, at, n, file, first_line, d);
	}
	mem_free(keys);
	mem_free(at);
	return rc;
}

static void
parse_error(const yaml_parser_t *p, const char *file, int first_line, diag *d)
{
	at_mark(d, file, first_line, p->problem_mark,
	    p->problem ? p->problem : "cannot parse");
}

/*
 * Parse the first document event by event, counting how deep lists and
 * maps are open: libyaml never sees the levels past the limit.
 */
static int
check_depth(const char *text, size_t n, const char *file, int first_line,
    diag *d)
{
	yaml_parser_t p;
	yaml_event_t ev;
	int depth = 0, rc = -1, done = 0;
	char msg[80];

	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	while (!done) {
		if (!yaml_parser_parse(&p, &ev)) {
			parse_error(&p, file, first_line, d);
			goto out;
		}
		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (++depth <= YAMLDOC_MAX_DEPTH)
				break;
			snprintf(msg, sizeof(msg), "lists and maps nested deeper "
			    "than %d levels", YAMLDOC_MAX_DEPTH);
			at_mark(d, file, first_line, ev.start_mark, msg);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		case YAML_DOCUMENT_END_EVENT:
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
	}
	rc = 0;
out:
	yaml_parser_delete(&p);
	return rc;
}

int
yamldoc_load(yaml_document_t *doc, const char *text, size_t n,
    const char *file, int first_line, diag *d)
{
	yaml_parser_t p;
	int loaded;

	if (check_depth(text, n, file, first_line, d) != 0)
		return -1;
	yaml_parser_initialize(&p);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, n);
	loaded = yaml_parser_load(&p, doc);
	if (!loaded)
		parse_error(&p, file, first_line, d);
	yaml_parser_delete(&p);
	if (!loaded)
		return -1;
	if (unique_keys(doc, file, first_line, d) != 0) {
		yaml_document_delete(doc);
		return -1;
	}
	return 0;
}
