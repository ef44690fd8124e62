/* labels: a segment's addresses on a label sheet, sorted for the post, with a manifest. */
#include "job/labels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "address/address.h"
#include "content/doc.h"
#include "data/segment.h"
#include "job/inputs.h"
#include "job/job.h"
#include "job/mailing.h"
#include "job/outputs.h"
#include "layout/layout.h"
#include "output/batch.h"
#include "render/pdf.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/mem.h"


struct rec {
	long long id, seq;
	int domestic;
	const char *country, *postal;	/* postal: normalized, the sort key */
	const char *barcode;		/* Japan Post data, or NULL */
	address addr;
};

struct labels {
	const labels_opts *o;
	diag *d;
	job_inputs *in;		/* lent by the caller */
	const lay_sheet *sh;
	segment *seg;
	arena *ar;
	struct rec *recs;
	size_t nrecs, cap;
	device *dev;
	batch *files;
	buf manifest;
	int sheets, placed;
};

/*
 * Every customer of the segment with the columns an address needs,
 * numbered in the segment's own order (for --sort none and ties).
 */
static char *
address_query(const char *segsql)
{
	buf b = BUF_INIT;

	buf_puts(&b, "SELECT c.id");
	for (int i = 0; i < MAIL_NCOLUMNS; i++)
		buf_printf(&b, ", c.%s", mailing_columns[i]);
	buf_printf(&b, " FROM (SELECT id AS sid, row_number() OVER () AS seq "
	    "FROM (\n%s\n) AS seg) AS q JOIN customers AS c ON c.id = q.sid "
	    "ORDER BY q.seq", segsql);
	return buf_detach(&b);
}

/* The sheet and the start position, checked before any address is read. */
static int
check_sheet(struct labels *L)
{
	const labels_opts *o = L->o;

	if (L->in->dbpath == NULL) {
		diag_plain(L->d, D_USAGE, "no database: give --db FILE "
		    "(or --from CONTENT.md with 'db:' in its front matter)");
		return -1;
	}
	if ((L->sh = layout_sheet(L->in->lay)) == NULL) {
		diag_plain(L->d, D_USAGE, "--sheet: that layout is not a label "
		    "sheet (kind: labels); `tayori layouts` lists them");
		return -1;
	}
	if (o->start < 1 || o->start > L->sh->columns * L->sh->rows) {
		buf b = BUF_INIT;

		buf_printf(&b, "--start must be between 1 and %d (the labels on "
		    "one sheet)", L->sh->columns * L->sh->rows);
		diag_plain(L->d, D_USAGE, buf_str(&b));
		buf_free(&b);
		return -1;
	}
	return 0;
}

static int
open_segment(struct labels *L)
{
	const char *spec = L->o->segment;
	char *sql, *q;

	if (spec == NULL && L->in->dc)
		spec = doc_fm(L->in->dc, "segment");
	if (spec == NULL)
		spec = "SELECT id FROM customers ORDER BY id";
	if ((sql = segment_resolve(spec, L->in->dbpath, (const char *const *)L->in->dirs,
	    L->d)) == NULL)
		return -1;
	q = address_query(sql);
	mem_free(sql);
	L->seg = segment_open(L->in->dbpath, q, NULL, 0, L->o->include_opted_out, L->d);
	mem_free(q);
	if (L->seg == NULL)
		return -1;
	if (segment_ncolumns(L->seg) != 1 + MAIL_NCOLUMNS) {
		diag_plain(L->d, D_SEGMENT, "unexpected columns");
		return -1;
	}
	diag_plain(L->d, D_OPTED_OUT, segment_excluded(L->seg));
	return 0;
}

static int
read_addresses(struct labels *L)
{
	int rc;

	L->ar = arena_new();
	while ((rc = segment_next(L->seg)) == 1) {
		const char *vals[MAIL_NCOLUMNS];
		int lens[MAIL_NCOLUMNS];
		addr_fields f;
		struct rec *r;

		if (L->nrecs == L->cap) {
			L->cap = L->cap ? L->cap * 2 : 256;
			L->recs = mem_realloc(L->recs, L->cap * sizeof(*L->recs));
		}
		r = &L->recs[L->nrecs];
		memset(r, 0, sizeof(*r));
		r->id = segment_id(L->seg);
		r->seq = (long long)L->nrecs;
		for (int i = 0; i < MAIL_NCOLUMNS; i++)
			vals[i] = segment_text(L->seg, i + 1, &lens[i]);
		mailing_fields(vals, lens, r->id, &f, L->ar, L->d);
		r->country = f.country ? f.country : "JP";
		r->domestic = strcmp(r->country, L->in->origin) == 0;
		r->postal = f.postal_code ?
		    addr_postal_code(f.postal_code, r->country, L->ar) : "";
		if (addr_format(&f, L->in->origin, &r->addr, L->ar) != 0) {
			diag_customer(L->d, D_ADDRESS, r->id,
			    "no name or no street address: no label made");
			continue;
		}
		if (L->sh->barcode && r->domestic)
			r->barcode = mailing_barcode(&f, r->id, L->ar, L->d);
		L->nrecs++;
	}
	segment_close(L->seg);
	L->seg = NULL;
	return rc < 0 ? -1 : 0;
}

/* Domestic first, then by country, then by postal code, then in the segment's order. */
static int
by_postal(const void *a, const void *b)
{
	const struct rec *x = a, *y = b;
	int c;

	if (x->domestic != y->domestic)
		return y->domestic - x->domestic;
	if ((c = strcmp(x->country, y->country)) != 0)
		return c;
	if ((c = strcmp(x->postal, y->postal)) != 0)
		return c;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static int
new_pdf(struct labels *L)
{
	pdf_opts po;

	job_pdf_opts(L->in->lay, &po);
	po.title = "Labels";
	po.epoch = L->in->epoch;
	L->dev = job_device_new(L->in->lay, &po, L->o->dump, NULL, NULL, L->d);
	return L->dev ? 0 : -1;
}

static int
flush_sheet(struct labels *L, dl_copy **c)
{
	int rc = 0;

	if (*c == NULL)
		return 0;
	if (device_add_copy(L->dev, *c, NULL) != 0)
		rc = -1;
	dl_copy_free(*c);
	*c = NULL;
	L->sheets++;
	return rc;
}

/* A label whose address lost lines: an error with --strict, else a warning. */
static void
say_overflow(const struct labels *L, long long id)
{
	static const char what[] = "the address, even at the smallest size "
	    "and wrapped (lines left out)";

	if (L->o->strict)
		diag_customer(L->d, D_OVERFLOW, id, "the label", what);
	else
		diag_customer(L->d, D_OVERFLOW_WARN, id, "the label", what);
}

/* Lay the labels out, one sheet at a time, from position --start of the first. */
static int
place_labels(struct labels *L)
{
	const lay_sheet *sh = L->sh;
	int per = sh->columns * sh->rows, pos = L->o->start - 1, failed = 0;
	lay_engine *e = lay_engine_new(L->in->lay);
	dl_copy *c = NULL;

	buf_puts(&L->manifest, "label,customer_id,sheet,position,postal_code\n");
	for (size_t i = 0; i < L->nrecs && !failed; i++) {
		const struct rec *r = &L->recs[i];
		int col = pos % sh->columns, row = pos / sh->columns, rc;
		double x = sh->left + col * sh->pitch_x, y = sh->top + row * sh->pitch_y;

		if (c == NULL) {
			c = dl_copy_new(layout_width(L->in->lay), layout_height(L->in->lay));
			dl_page_add(c);
		}
		rc = lay_address(e, c, &c->pages[0], x + sh->pad, y + sh->pad,
		    sh->label_w - 2 * sh->pad, sh->label_h - 2 * sh->pad, &r->addr,
		    r->barcode, 1, sh->min_size, r->id, L->d);
		if (rc < 0)
			continue;	/* a glyph no font has: reported, no label */
		if (rc == 1)
			say_overflow(L, r->id);
		L->placed++;
		buf_printf(&L->manifest, "%d,%lld,%d,%d,", L->placed, r->id,
		    L->sheets + 1, pos + 1);
		buf_put_csv(&L->manifest, r->postal);
		buf_putc(&L->manifest, '\n');
		if (++pos == per) {
			pos = 0;
			failed = flush_sheet(L, &c) != 0;
		}
	}
	if (!failed)
		failed = flush_sheet(L, &c) != 0;
	dl_copy_free(c);
	lay_engine_free(e);
	return failed ? -1 : 0;
}

static char *
default_out(const struct labels *L)
{
	buf b = BUF_INIT;
	char *out;

	buf_printf(&b, "labels-%s", layout_name(L->in->lay));
	out = job_default_out(buf_str(&b));
	buf_free(&b);
	return out;
}

/* Where the labels go, checked before any is made: never over an input. */
static int
prepare_outputs(struct labels *L)
{
	char *out = L->o->out ? mem_strdup(L->o->out) : default_out(L);

	L->files = batch_new(out);
	mem_free(out);
	job_inputs_protect(L->in, L->files);
	return batch_prepare(L->files, L->d);
}

static int
write_outputs(struct labels *L)
{
	char *out = batch_pdf_path(L->files, 0);
	char *mpath = batch_path(L->files, ".manifest.csv");
	buf pdf = BUF_INIT;
	int rc = -1;

	if (device_save(L->dev, &pdf) != 0 ||
	    batch_write(L->files, out, pdf.p, pdf.len, L->d) != 0 ||
	    batch_write(L->files, mpath, L->manifest.p, L->manifest.len, L->d) != 0)
		goto out;
	batch_keep(L->files);
	diag_plain(L->d, D_LABELS_MADE, out, L->placed, L->sheets);
	rc = 0;
out:
	buf_free(&pdf);
	mem_free(mpath);
	mem_free(out);
	return rc;
}

int
labels_make(job_inputs *in, const labels_opts *o, diag *d)
{
	struct labels L;
	int rc = -1;

	memset(&L, 0, sizeof(L));
	L.o = o;
	L.d = d;
	L.in = in;
	if (check_sheet(&L) != 0 || open_segment(&L) != 0 || read_addresses(&L) != 0)
		goto out;
	if (o->sort_postal)
		qsort(L.recs, L.nrecs, sizeof(*L.recs), by_postal);
	if (L.nrecs == 0) {
		diag_plain(d, D_SEGMENT, "no label was made: the segment is empty");
		goto out;
	}
	if (!o->check_only && prepare_outputs(&L) != 0)
		goto out;
	if (new_pdf(&L) != 0 || place_labels(&L) != 0)
		goto out;
	if (o->strict && diag_failed(d)) {
		diag_plain(d, D_STRICT, o->out ? o->out : "the labels");
		goto out;
	}
	if (!o->check_only && write_outputs(&L) != 0)
		goto out;
	rc = 0;
out:
	batch_free(L.files);
	device_free(L.dev);
	segment_close(L.seg);
	arena_free(L.ar);
	mem_free(L.recs);
	buf_free(&L.manifest);
	return rc;
}

int
labels_run(const labels_opts *o, diag *d)
{
	job_inputs in;
	int rc = -1;

	memset(&in, 0, sizeof(in));
	if (job_inputs_load(&in, o->from, o->sheet, o->db, d) == 0)
		rc = labels_make(&in, o, d);
	job_inputs_free(&in);
	return rc;
}
