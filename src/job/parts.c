/* parts: the manifests of worker processes put together in copy order, with the contacts they imply. */
#include "job/parts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/file.h"
#include "util/hex.h"
#include "util/mem.h"

struct row {
	long long copy, customer;
	int volume, pages, ok;
	const char *line;	/* the manifest's line */
	size_t len;
	const char *ref;	/* hexadecimal, or NULL */
	size_t reflen;
};

void
parts_put_ref(buf *b, const char *ref)
{
	if (ref == NULL)
		return;
	buf_putc(b, '\t');
	for (const unsigned char *p = (const unsigned char *)ref; *p; p++)
		buf_printf(b, "%02x", *p);
}

/* The text of hexadecimal digits h[0..n); NULL when they are not. */
static char *
unhex(const char *h, size_t n)
{
	char *s;

	if (n % 2)
		return NULL;
	s = mem_alloc(n / 2 + 1);
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_value(h[i]), lo = hex_value(h[i + 1]);

		if (hi < 0 || lo < 0 || (hi | lo) == 0) {
			mem_free(s);
			return NULL;
		}
		s[i / 2] = (char)(hi << 4 | lo);
	}
	s[n / 2] = '\0';
	return s;
}

void
parts_rows_free(contact_row *rows, int n)
{
	for (int i = 0; i < n && rows; i++)
		mem_free(rows[i].ref);
	mem_free(rows);
}

static int
by_copy(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	return x->copy < y->copy ? -1 : x->copy > y->copy;
}

/* volume,copy,customer_id,first_page,page_count,postal_code,status: the numbers lead, the status ends. */
static int
parse(const char *line, size_t len, struct row *r)
{
	const char *last, *tab = memchr(line, '\t', len);

	r->ref = NULL;
	r->reflen = 0;
	if (tab != NULL) {
		r->ref = tab + 1;
		r->reflen = (size_t)(line + len - r->ref);
		len = (size_t)(tab - line);
	}
	last = line + len;
	if (sscanf(line, "%d,%lld,%lld,%*d,%d,", &r->volume, &r->copy,
	    &r->customer, &r->pages) != 4)
		return -1;
	while (last > line && last[-1] != ',')
		last--;
	r->ok = (size_t)(line + len - last) == 2 && strncmp(last, "ok", 2) == 0;
	r->line = line;
	r->len = len;
	return 0;
}

int
parts_merge(const char *const *paths, int n, const token_key *key,
    const char *campaign, buf *out, contact_row **rows, int *nrows,
    parts_sum *sum, diag *d)
{
	buf *text = mem_calloc((size_t)n + 1, sizeof(*text));
	struct row *r = NULL;
	size_t nr = 0, cap = 0;
	int rc = -1, header = 0;

	memset(sum, 0, sizeof(*sum));
	*rows = NULL;
	*nrows = 0;
	for (int i = 0; i < n; i++) {
		const char *p, *end, *nl;

		if (file_read(paths[i], 0, 0, &text[i], d) != FILE_OK)
			goto out;
		p = buf_str(&text[i]);
		end = p + text[i].len;
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			continue;	/* a worker with no volume of its own */
		if (!header) {
			buf_put(out, p, (size_t)(nl - p + 1));
			header = 1;
		}
		for (p = nl + 1; p < end; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
				nl = end;
			if (nr == cap) {
				cap = cap ? cap * 2 : 1024;
				r = mem_realloc(r, cap * sizeof(*r));
			}
			if (parse(p, (size_t)(nl - p), &r[nr]) != 0) {
				diag_at(d, D_IO, paths[i], 0, 0, "damaged manifest part",
				    "a line does not start with the manifest's numbers");
				goto out;
			}
			nr++;
		}
	}
	qsort(r, nr, sizeof(*r), by_copy);
	*rows = mem_calloc(nr + 1, sizeof(**rows));
	for (size_t i = 0; i < nr; i++) {
		buf_put(out, r[i].line, r[i].len);
		buf_putc(out, '\n');
		sum->copies++;
		sum->pages += r[i].pages;
		if (r[i].volume > sum->volumes)
			sum->volumes = r[i].volume;
		if (!r[i].ok) {
			sum->failed++;
			continue;
		}
		(*rows)[*nrows].customer = r[i].customer;
		(*rows)[*nrows].copy = (int)r[i].copy;
		(*rows)[*nrows].volume = r[i].volume;
		contacts_token(key, campaign, r[i].customer, (*rows)[*nrows].token);
		if (r[i].ref != NULL &&
		    ((*rows)[*nrows].ref = unhex(r[i].ref, r[i].reflen)) == NULL) {
			diag_plain(d, D_IO, "damaged manifest part", "a ref is not "
			    "hexadecimal");
			(*nrows)++;
			goto out;
		}
		(*nrows)++;
	}
	rc = 0;
out:
	for (int i = 0; i < n; i++)
		buf_free(&text[i]);
	mem_free(text);
	mem_free(r);
	if (rc != 0) {
		parts_rows_free(*rows, *nrows);
		*rows = NULL;
		*nrows = 0;
	}
	return rc;
}
