/* parts: the manifests of worker processes put together in copy order, with the contacts they imply. */
#include "job/parts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* One part being read: its current row. */
struct part {
	const char *path;
	FILE *f;
	char *line;
	size_t cap;
	struct row r;
	int live;		/* r holds a row not yet merged */
};

/* The part's next line into p->line, its newline taken off: its length, or -1 at the end or on an error. */
static ssize_t
next_line(struct part *p, diag *d)
{
	ssize_t n = getline(&p->line, &p->cap, p->f);

	if (n < 0) {
		if (ferror(p->f))
			diag_at(d, D_IO, p->path, 0, 0, "cannot read", strerror(errno));
		return -1;
	}
	if (n > 0 && p->line[n - 1] == '\n')
		p->line[--n] = '\0';
	return n;
}

/* The part's next row into p->r (p->live 0 at its end). 0, or -1 with a diagnostic. */
static int
advance(struct part *p, diag *d)
{
	long long last = p->live ? p->r.copy : 0;
	ssize_t n;

	p->live = 0;
	if ((n = next_line(p, d)) < 0)
		return ferror(p->f) ? -1 : 0;
	if (parse(p->line, (size_t)n, &p->r) != 0 || p->r.copy <= last) {
		diag_at(d, D_IO, p->path, 0, 0, "damaged manifest part",
		    "a line does not start with the manifest's numbers, or is out of copy order");
		return -1;
	}
	p->live = 1;
	return 0;
}

/* The contact of the ok copy r: spooled. 0, or -1 with a diagnostic. */
static int
spool_contact(const struct row *r, const token_key *key, const char *campaign,
    spool *rows, diag *d)
{
	contact_row c = {.customer = r->customer, .copy = (int)r->copy, .volume = r->volume};
	int rc;

	contacts_token(key, campaign, r->customer, c.token);
	if (r->ref != NULL && (c.ref = unhex(r->ref, r->reflen)) == NULL) {
		diag_plain(d, D_IO, "damaged manifest part", "a ref is not hexadecimal");
		return -1;
	}
	rc = spool_put(rows, &c);
	mem_free(c.ref);
	return rc;
}

int
parts_merge(const char *const *paths, int n, const token_key *key,
    const char *campaign, parts_line_fn put, void *ctx, spool *rows,
    parts_sum *sum, diag *d)
{
	struct part *p = mem_calloc((size_t)n + 1, sizeof(*p));
	int rc = -1, header = 0;

	memset(sum, 0, sizeof(*sum));
	for (int i = 0; i < n; i++) {
		ssize_t len;

		p[i].path = paths[i];
		if ((p[i].f = fopen(paths[i], "rb")) == NULL) {
			diag_at(d, D_IO, paths[i], 0, 0, "cannot read", strerror(errno));
			goto out;
		}
		/* the header; none from a worker with no volume of its own */
		if ((len = next_line(&p[i], d)) < 0) {
			if (ferror(p[i].f))
				goto out;
			continue;
		}
		if (!header && put(ctx, p[i].line, (size_t)len) != 0)
			goto out;
		header = 1;
		if (advance(&p[i], d) != 0)
			goto out;
	}
	/* each part is in copy order: the least of their current rows is next */
	for (;;) {
		struct part *m = NULL;

		for (int i = 0; i < n; i++)
			if (p[i].live && (m == NULL || p[i].r.copy < m->r.copy))
				m = &p[i];
		if (m == NULL)
			break;
		if (put(ctx, m->r.line, m->r.len) != 0)
			goto out;
		sum->copies++;
		sum->pages += m->r.pages;
		if (m->r.volume > sum->volumes)
			sum->volumes = m->r.volume;
		if (!m->r.ok)
			sum->failed++;
		else if (rows != NULL && spool_contact(&m->r, key, campaign, rows, d) != 0)
			goto out;
		if (advance(m, d) != 0)
			goto out;
	}
	rc = 0;
out:
	for (int i = 0; i < n; i++) {
		if (p[i].f != NULL)
			fclose(p[i].f);
		mem_free(p[i].line);
	}
	mem_free(p);
	return rc;
}
