/* preflight: check a finished PDF as a print shop would before printing. */
#include "preflight/preflight.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <qpdf/qpdf-c.h>

#include "preflight/pdflex.h"
#include "preflight/vtcheck.h"
#include "util/buf.h"
#include "util/mem.h"

/*
 * Limits. Forms inside forms: real files nest two or three deep, and the
 * limit also ends reference cycles. q nesting: the PDF reference's own
 * implementation limit is 28. Operands: a TJ array of a long kerned line
 * has a few thousand. Page tree: walked up for inherited boxes, a cycle
 * must not hang us. Cache: decoded content shared by many pages (a
 * static page written once per volume) is kept, up to this many bytes.
 */
#define MAX_FORM_DEPTH		16
#define MAX_GSTATE		1024
#define MAX_OPERANDS		65536
#define MAX_TREE_DEPTH		64
#define MAX_WIDTH_RANGES	(1 << 20)
#define CACHE_BYTES		((size_t)64 << 20)
#define MSG_MAX			320
#define SUM_MAX			(MSG_MAX + 40)

#define PT_PER_MM		(72.0 / 25.4)

enum kind {
	K_BOX,
	K_FONT,
	K_RGB,
	K_LINE,
	K_TEXT,
	K_IMAGE,
	K_ANNOT,
	K_CONTENT,
	K__COUNT
};

static const char *kind_name[K__COUNT] = {
	"page boxes", "fonts", "RGB colour", "thin lines",
	"text near the trim", "image resolution", "annotations",
	"content"
};

/* The worst case of one kind of problem on the current page. */
struct finding {
	int count;
	double score;		/* higher is worse */
	char msg[MSG_MAX];
};

/* One kind of problem over the whole file. */
struct summary {
	int pages;
	int same;		/* every page had the very same message */
	char first[SUM_MAX];
	int nlisted;
	int *listed_page;
	char (*listed)[SUM_MAX];
};

/* Integer-keyed hash map (object number and generation -> pointer). */
struct map {
	long long *keys;	/* 0 is an empty slot */
	void **vals;
	size_t cap, n;
};

struct font {
	char name[80];
	int embedded;
	int reported;
	int cid;		/* two-byte codes */
	int vertical;
	int first;
	int nwidths;
	double *widths;		/* text space units per unit of font size */
	double missing;
	struct wrange *w;
	size_t nw;
	double dw;
	double vadv;		/* vertical advance per unit of font size */
};

struct wrange {
	long first, last;
	double w;
};

struct image {
	long w, h;
	int rgb;
};

struct sdata {
	unsigned char *p;
	size_t len;
};

enum { R_FONT, R_XOBJ, R_CS };
enum { XO_OTHER, XO_IMAGE, XO_FORM };
enum { CS_OTHER, CS_GRAY, CS_RGB, CS_CMYK, CS_SPOT, CS_PATTERN };

/* A resource name already looked up in a frame's resources. */
struct rname {
	int cat;
	char *name;
	int kind;
	void *ptr;		/* struct font or struct image */
	int owned;		/* ptr is a font of a direct dictionary */
	qpdf_oh oh;		/* the form stream */
	long long key;
};

struct gstate {
	double ctm[6];
	double lw;
	struct font *font;
	int have_font;
	double fs, tc, tw, th, tl, rise;
	int tr;
};

/* A content stream being read: the page's, or a form's. */
struct frame {
	unsigned char *data;
	int owned;
	pdflex lx;
	qpdf_oh res;
	size_t qbase;
	long long key;
	struct rname *names;
	size_t nnames, capnames;
};

struct pf {
	qpdf_data q;
	const char *path;
	preflight_opts o;
	diag *d;
	int problems;
	int npages;

	struct finding f[K__COUNT];
	struct summary s[K__COUNT];
	struct map fonts, images, streams, seen;
	size_t cache_bytes;

	double trim[4];
	int have_trim;

	struct gstate *gs;
	size_t ngs, qover;
	struct frame fr[MAX_FORM_DEPTH + 1];
	int nfr;
	pdftok *ops;
	size_t nops, capops;
	int depth;		/* arrays and dicts open among the operands */
	buf sb;
	double tm[6], tlm[6];
	int has_path;
	int bad_content;
};

preflight_opts
preflight_defaults(void)
{
	preflight_opts o;

	o.min_line_pt = 0.2;
	o.safe_mm = 3;
	o.min_ppi = 300;
	o.max_pages_listed = 10;
	return o;
}

/* --- the map --- */

static size_t
map_hash(long long key, size_t cap)
{
	unsigned long long h = (unsigned long long)key * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 20) & (cap - 1);
}

static void **
map_slot(struct map *m, long long key, int insert)
{
	size_t i;

	if (insert && (m->n + 1) * 2 > m->cap) {
		struct map g;
		size_t j;

		g.cap = m->cap ? m->cap * 2 : 64;
		g.n = m->n;
		g.keys = mem_calloc(g.cap, sizeof(*g.keys));
		g.vals = mem_calloc(g.cap, sizeof(*g.vals));
		for (j = 0; j < m->cap; j++) {
			if (m->keys[j] == 0)
				continue;
			for (i = map_hash(m->keys[j], g.cap); g.keys[i];
			    i = (i + 1) & (g.cap - 1))
				;
			g.keys[i] = m->keys[j];
			g.vals[i] = m->vals[j];
		}
		mem_free(m->keys);
		mem_free(m->vals);
		*m = g;
	}
	if (m->cap == 0)
		return NULL;
	for (i = map_hash(key, m->cap); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return &m->vals[i];
	if (!insert)
		return NULL;
	m->keys[i] = key;
	m->n++;
	return &m->vals[i];
}

static void
font_free(struct font *f)
{
	if (f == NULL)
		return;
	mem_free(f->widths);
	mem_free(f->w);
	mem_free(f);
}

static void
sdata_free(struct sdata *s)
{
	if (s == NULL)
		return;
	mem_free(s->p);
	mem_free(s);
}

static void
map_free(struct map *m, void (*fn)(void *))
{
	size_t i;

	for (i = 0; i < m->cap; i++)
		if (m->keys[i] && fn)
			fn(m->vals[i]);
	mem_free(m->keys);
	mem_free(m->vals);
	memset(m, 0, sizeof(*m));
}

static void
free_font_v(void *p)
{
	font_free(p);
}

static void
free_sdata_v(void *p)
{
	sdata_free(p);
}

/* --- findings and their report --- */

/* Records a problem on the current page; the worst (highest score) is kept. */
static void
note(struct pf *pf, enum kind k, double score, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
note(struct pf *pf, enum kind k, double score, const char *fmt, ...)
{
	struct finding *f = &pf->f[k];
	va_list ap;

	if (f->count++ > 0 && score <= f->score)
		return;
	f->score = score;
	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
}

/* Records a problem that is listed with the others of its kind on the page. */
static void
note_list(struct pf *pf, enum kind k, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
note_list(struct pf *pf, enum kind k, const char *fmt, ...)
{
	struct finding *f = &pf->f[k];
	char m[MSG_MAX];
	size_t n = strlen(f->msg);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(m, sizeof(m), fmt, ap);
	va_end(ap);
	if (f->count == 0) {
		f->count = 1;
		snprintf(f->msg, sizeof(f->msg), "%s", m);
	} else if (strstr(f->msg, m) == NULL &&
	    n + 2 + strlen(m) < sizeof(f->msg)) {
		memcpy(f->msg + n, "; ", 2);
		memcpy(f->msg + n + 2, m, strlen(m) + 1);
	}
}

static void
end_page(struct pf *pf, int page)
{
	char msg[SUM_MAX];
	int k;

	for (k = 0; k < K__COUNT; k++) {
		struct finding *f = &pf->f[k];
		struct summary *s = &pf->s[k];

		if (f->count == 0)
			continue;
		if (f->count > 1)
			snprintf(msg, sizeof(msg), "%s (%d times on this page)",
			    f->msg, f->count);
		else
			snprintf(msg, sizeof(msg), "%s", f->msg);
		pf->problems++;
		if (s->pages++ == 0) {
			snprintf(s->first, sizeof(s->first), "%s", msg);
			s->same = 1;
		} else if (strcmp(s->first, msg) != 0)
			s->same = 0;
		if (s->nlisted < pf->o.max_pages_listed) {
			if (s->listed == NULL) {
				size_t max = (size_t)pf->o.max_pages_listed;

				s->listed = mem_calloc(max, sizeof(*s->listed));
				s->listed_page = mem_calloc(max,
				    sizeof(*s->listed_page));
			}
			s->listed_page[s->nlisted] = page;
			snprintf(s->listed[s->nlisted], SUM_MAX, "%s", msg);
			s->nlisted++;
		}
		f->count = 0;
	}
}

static void
flush_summaries(struct pf *pf)
{
	int k, i, n;

	for (k = 0; k < K__COUNT; k++) {
		struct summary *s = &pf->s[k];

		if (s->pages == 0)
			continue;
		if (s->pages == pf->npages && pf->npages > 1 && s->same) {
			diag_at(pf->d, D_PREFLIGHT_ALL, pf->path, 0, 0,
			    pf->npages, s->first);
			continue;
		}
		/* The same message on many pages: name the first page only. */
		n = s->same ? 1 : s->nlisted;
		for (i = 0; i < n; i++)
			diag_at(pf->d, D_PREFLIGHT, pf->path, 0, 0,
			    s->listed_page[i], s->listed[i]);
		if (s->pages > n)
			diag_at(pf->d, D_PREFLIGHT_MORE, pf->path, 0, 0,
			    s->same ? s->first : kind_name[k], s->pages - n);
	}
}

static void
doc_problem(struct pf *pf, const char *msg)
{
	diag_at(pf->d, D_PREFLIGHT_DOC, pf->path, 0, 0, msg);
	pf->problems++;
}

/* --- object helpers --- */

static qpdf_oh
dget(struct pf *pf, qpdf_oh o, const char *key)
{
	if (qpdf_oh_is_stream(pf->q, o))
		o = qpdf_oh_get_dict(pf->q, o);
	if (!qpdf_oh_is_dictionary(pf->q, o))
		return qpdf_oh_new_null(pf->q);
	return qpdf_oh_get_key(pf->q, o, key);
}

static int
getnum(struct pf *pf, qpdf_oh o, double *v)
{
	if (!qpdf_oh_is_number(pf->q, o))
		return -1;
	*v = qpdf_oh_get_numeric_value(pf->q, o);
	return 0;
}

static double
dnum(struct pf *pf, qpdf_oh o, const char *key, double dflt)
{
	qpdf_oh v = dget(pf, o, key);
	double x = dflt;

	getnum(pf, v, &x);
	qpdf_oh_release(pf->q, v);
	return x;
}

static const char *
name_of(struct pf *pf, qpdf_oh o)
{
	return qpdf_oh_is_name(pf->q, o) ? qpdf_oh_get_name(pf->q, o) : NULL;
}

static int
dname_is(struct pf *pf, qpdf_oh o, const char *key, const char *name)
{
	qpdf_oh v = dget(pf, o, key);
	int r = qpdf_oh_is_name_and_equals(pf->q, v, name);

	qpdf_oh_release(pf->q, v);
	return r;
}

/* The number of items of an array, -1 when o is not one. */
static int
arr_n(struct pf *pf, qpdf_oh o)
{
	if (!qpdf_oh_is_array(pf->q, o))
		return -1;
	return qpdf_oh_get_array_n_items(pf->q, o);
}

static long long
obj_key(struct pf *pf, qpdf_oh o)
{
	int id = qpdf_oh_get_object_id(pf->q, o);

	if (id <= 0)
		return 0;
	return (long long)id * 65536 + qpdf_oh_get_generation(pf->q, o);
}

/* A box as [x0 y0 x1 y1] with x0 <= x1, y0 <= y1; -1 when not one. */
static int
get_box(struct pf *pf, qpdf_oh a, double b[4])
{
	double v[4], t;
	int i;

	if (arr_n(pf, a) != 4)
		return -1;
	for (i = 0; i < 4; i++) {
		qpdf_oh it = qpdf_oh_get_array_item(pf->q, a, i);
		int r = getnum(pf, it, &v[i]);

		qpdf_oh_release(pf->q, it);
		if (r < 0)
			return -1;
	}
	if (v[0] > v[2]) {
		t = v[0]; v[0] = v[2]; v[2] = t;
	}
	if (v[1] > v[3]) {
		t = v[1]; v[1] = v[3]; v[3] = t;
	}
	memcpy(b, v, sizeof(v));
	return 0;
}

/* A page attribute, looked up through the page tree. */
static qpdf_oh
inherited(struct pf *pf, qpdf_oh page, const char *key)
{
	qpdf_oh n = page, v;
	int i;

	for (i = 0; i < MAX_TREE_DEPTH; i++) {
		v = dget(pf, n, key);
		if (!qpdf_oh_is_null(pf->q, v))
			return v;
		qpdf_oh_release(pf->q, v);
		n = dget(pf, n, "/Parent");
		if (!qpdf_oh_is_dictionary(pf->q, n))
			break;
	}
	return qpdf_oh_new_null(pf->q);
}

/*
 * Decoded stream data, copied so that it is ours; shared streams (seen a
 * second time) are cached. *owned says whether the caller frees it.
 */
static int
stream_data(struct pf *pf, qpdf_oh s, unsigned char **p, size_t *len,
    int *owned)
{
	long long key = obj_key(pf, s);
	unsigned char *raw = NULL;
	size_t n = 0;
	QPDF_BOOL filtered = QPDF_FALSE;
	struct sdata *sd;
	void **slot;

	*p = NULL;
	*len = 0;
	*owned = 0;
	if (!qpdf_oh_is_stream(pf->q, s))
		return -1;
	if (key && (slot = map_slot(&pf->streams, key, 0)) != NULL) {
		sd = *slot;
		*p = sd->p;
		*len = sd->len;
		return 0;
	}
	if (qpdf_oh_get_stream_data(pf->q, s, qpdf_dl_generalized, &filtered,
	    &raw, &n) & QPDF_ERRORS) {
		free(raw);
		qpdf_get_error(pf->q);
		return -1;
	}
	if (!filtered) {
		free(raw);
		return -1;
	}
	*p = mem_alloc(n + 1);
	if (n)
		memcpy(*p, raw, n);
	(*p)[n] = '\0';
	*len = n;
	free(raw);
	if (key && map_slot(&pf->seen, key, 0) != NULL &&
	    pf->cache_bytes + n <= CACHE_BYTES) {
		sd = mem_alloc(sizeof(*sd));
		sd->p = *p;
		sd->len = n;
		*map_slot(&pf->streams, key, 1) = sd;
		pf->cache_bytes += n;
		return 0;
	}
	if (key)
		*map_slot(&pf->seen, key, 1) = pf;
	*owned = 1;
	return 0;
}

/* --- colour spaces --- */

static int
cs_family(const char *n)
{
	if (n == NULL)
		return CS_OTHER;
	if (!strcmp(n, "/DeviceRGB") || !strcmp(n, "/RGB") ||
	    !strcmp(n, "/CalRGB"))
		return CS_RGB;
	if (!strcmp(n, "/DeviceCMYK") || !strcmp(n, "/CMYK"))
		return CS_CMYK;
	if (!strcmp(n, "/DeviceGray") || !strcmp(n, "/G") ||
	    !strcmp(n, "/CalGray"))
		return CS_GRAY;
	if (!strcmp(n, "/Separation") || !strcmp(n, "/DeviceN"))
		return CS_SPOT;
	if (!strcmp(n, "/Pattern"))
		return CS_PATTERN;
	return CS_OTHER;
}

/* The kind of a colour space that is not Indexed. */
static int
cs_base(struct pf *pf, qpdf_oh cs)
{
	qpdf_oh h;
	const char *fam;
	int k;
	double n;

	if (qpdf_oh_is_name(pf->q, cs))
		return cs_family(qpdf_oh_get_name(pf->q, cs));
	if (arr_n(pf, cs) < 1)
		return CS_OTHER;
	h = qpdf_oh_get_array_item(pf->q, cs, 0);
	fam = name_of(pf, h);
	if (fam && !strcmp(fam, "/ICCBased")) {
		qpdf_oh st = qpdf_oh_get_array_item(pf->q, cs, 1);

		n = dnum(pf, st, "/N", 0);
		qpdf_oh_release(pf->q, st);
		k = n == 3 ? CS_RGB : n == 4 ? CS_CMYK : n == 1 ? CS_GRAY :
		    CS_OTHER;
	} else
		k = cs_family(fam);
	qpdf_oh_release(pf->q, h);
	return k;
}

static int
cs_kind(struct pf *pf, qpdf_oh cs)
{
	qpdf_oh h, base;
	int k;

	if (arr_n(pf, cs) < 2)
		return cs_base(pf, cs);
	h = qpdf_oh_get_array_item(pf->q, cs, 0);
	if (!qpdf_oh_is_name_and_equals(pf->q, h, "/Indexed") &&
	    !qpdf_oh_is_name_and_equals(pf->q, h, "/I")) {
		qpdf_oh_release(pf->q, h);
		return cs_base(pf, cs);
	}
	qpdf_oh_release(pf->q, h);
	base = qpdf_oh_get_array_item(pf->q, cs, 1);
	k = cs_base(pf, base);
	qpdf_oh_release(pf->q, base);
	return k;
}

/* --- fonts --- */

static int
wrange_cmp(const void *a, const void *b)
{
	const struct wrange *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

static void
add_range(struct font *f, size_t *cap, long first, long last, double w)
{
	if (f->nw >= MAX_WIDTH_RANGES || last < first)
		return;
	if (f->nw == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		f->w = mem_realloc(f->w, *cap * sizeof(*f->w));
	}
	f->w[f->nw].first = first;
	f->w[f->nw].last = last;
	f->w[f->nw].w = w / 1000;
	f->nw++;
}

/* A CIDFont's W array: c [w1 w2 ...] or c_first c_last w. */
static void
load_cid_widths(struct pf *pf, struct font *f, qpdf_oh w)
{
	int i, j, n = qpdf_oh_get_array_n_items(pf->q, w);
	size_t cap = 0;
	double c, c2, x;

	for (i = 0; i + 1 < n; ) {
		qpdf_oh a = qpdf_oh_get_array_item(pf->q, w, i);
		qpdf_oh b = qpdf_oh_get_array_item(pf->q, w, i + 1);
		int ok = getnum(pf, a, &c) == 0;

		qpdf_oh_release(pf->q, a);
		if (ok && qpdf_oh_is_array(pf->q, b)) {
			int m = qpdf_oh_get_array_n_items(pf->q, b);

			for (j = 0; j < m; j++) {
				qpdf_oh e = qpdf_oh_get_array_item(pf->q, b, j);

				if (getnum(pf, e, &x) == 0)
					add_range(f, &cap, (long)c + j,
					    (long)c + j, x);
				qpdf_oh_release(pf->q, e);
			}
			i += 2;
		} else if (ok && getnum(pf, b, &c2) == 0 && i + 2 < n) {
			qpdf_oh e = qpdf_oh_get_array_item(pf->q, w, i + 2);

			if (getnum(pf, e, &x) == 0)
				add_range(f, &cap, (long)c, (long)c2, x);
			qpdf_oh_release(pf->q, e);
			i += 3;
		} else
			i++;
		qpdf_oh_release(pf->q, b);
	}
	if (f->nw > 1)	/* an empty /W: no array to sort */
		qsort(f->w, f->nw, sizeof(*f->w), wrange_cmp);
}

static int
has_font_file(struct pf *pf, qpdf_oh fd)
{
	return qpdf_oh_is_dictionary(pf->q, fd) &&
	    (qpdf_oh_has_key(pf->q, fd, "/FontFile") ||
	    qpdf_oh_has_key(pf->q, fd, "/FontFile2") ||
	    qpdf_oh_has_key(pf->q, fd, "/FontFile3"));
}

static struct font *
font_load(struct pf *pf, qpdf_oh fo)
{
	struct font *f = mem_calloc(1, sizeof(*f));
	qpdf_oh v, desc, fd, enc;
	const char *s;
	double scale = 0.001;
	int i;

	v = dget(pf, fo, "/BaseFont");
	s = name_of(pf, v);
	snprintf(f->name, sizeof(f->name), "%s", s ? s + 1 : "(unnamed)");
	qpdf_oh_release(pf->q, v);
	f->missing = 0.5;
	f->dw = 1;
	f->vadv = -1;

	if (dname_is(pf, fo, "/Subtype", "/Type0")) {
		f->cid = 1;
		enc = dget(pf, fo, "/Encoding");
		s = name_of(pf, enc);
		if (s && strlen(s) > 2 && !strcmp(s + strlen(s) - 2, "-V"))
			f->vertical = 1;
		else if (qpdf_oh_is_stream(pf->q, enc) &&
		    dnum(pf, enc, "/WMode", 0) == 1)
			f->vertical = 1;
		qpdf_oh_release(pf->q, enc);
		v = dget(pf, fo, "/DescendantFonts");
		desc = arr_n(pf, v) > 0 ? qpdf_oh_get_array_item(pf->q, v, 0) :
		    qpdf_oh_new_null(pf->q);
		fd = dget(pf, desc, "/FontDescriptor");
		f->embedded = has_font_file(pf, fd);
		f->dw = dnum(pf, desc, "/DW", 1000) / 1000;
		qpdf_oh_release(pf->q, fd);
		fd = dget(pf, desc, "/DW2");
		if (qpdf_oh_is_array(pf->q, fd) &&
		    qpdf_oh_get_array_n_items(pf->q, fd) == 2) {
			qpdf_oh e = qpdf_oh_get_array_item(pf->q, fd, 1);
			double x;

			if (getnum(pf, e, &x) == 0)
				f->vadv = x / 1000;
			qpdf_oh_release(pf->q, e);
		}
		qpdf_oh_release(pf->q, fd);
		fd = dget(pf, desc, "/W");
		if (qpdf_oh_is_array(pf->q, fd))
			load_cid_widths(pf, f, fd);
		qpdf_oh_release(pf->q, fd);
		qpdf_oh_release(pf->q, desc);
		qpdf_oh_release(pf->q, v);
		return f;
	}

	if (dname_is(pf, fo, "/Subtype", "/Type3")) {
		/* Its glyphs are content streams in the file itself. */
		f->embedded = 1;
		v = dget(pf, fo, "/FontMatrix");
		if (arr_n(pf, v) == 6) {
			qpdf_oh e = qpdf_oh_get_array_item(pf->q, v, 0);

			getnum(pf, e, &scale);
			qpdf_oh_release(pf->q, e);
		}
		qpdf_oh_release(pf->q, v);
	} else {
		fd = dget(pf, fo, "/FontDescriptor");
		f->embedded = has_font_file(pf, fd);
		if (qpdf_oh_is_dictionary(pf->q, fd) &&
		    qpdf_oh_has_key(pf->q, fd, "/MissingWidth"))
			f->missing = dnum(pf, fd, "/MissingWidth", 0) * scale;
		qpdf_oh_release(pf->q, fd);
	}
	f->first = (int)dnum(pf, fo, "/FirstChar", 0);
	v = dget(pf, fo, "/Widths");
	if (qpdf_oh_is_array(pf->q, v)) {
		int n = qpdf_oh_get_array_n_items(pf->q, v);

		if (n > 256)
			n = 256;
		f->widths = mem_calloc((size_t)n + 1, sizeof(double));
		f->nwidths = n;
		for (i = 0; i < n; i++) {
			qpdf_oh e = qpdf_oh_get_array_item(pf->q, v, i);
			double x = 0;

			getnum(pf, e, &x);
			f->widths[i] = x * scale;
			qpdf_oh_release(pf->q, e);
		}
	}
	qpdf_oh_release(pf->q, v);
	return f;
}

static double
glyph_width(const struct font *f, long code)
{
	size_t lo, hi;

	if (f == NULL)
		return 0.5;
	if (!f->cid) {
		if (code >= f->first && code - f->first < f->nwidths)
			return f->widths[code - f->first];
		return f->missing;
	}
	lo = 0;
	hi = f->nw;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (f->w[mid].last < code)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* Ranges are sorted by their first code; scan the few that overlap. */
	for (; lo < f->nw && f->w[lo].first <= code; lo++)
		if (code <= f->w[lo].last)
			return f->w[lo].w;
	return f->dw;
}

/* --- resources of a frame --- */

static struct rname *
rname_find(struct frame *fr, int cat, const char *name)
{
	size_t i;

	for (i = 0; i < fr->nnames; i++)
		if (fr->names[i].cat == cat && !strcmp(fr->names[i].name, name))
			return &fr->names[i];
	return NULL;
}

static struct rname *
rname_add(struct frame *fr, int cat, const char *name)
{
	struct rname *r;

	if (fr->nnames == fr->capnames) {
		fr->capnames = fr->capnames ? fr->capnames * 2 : 16;
		fr->names = mem_realloc(fr->names, fr->capnames * sizeof(*r));
	}
	r = &fr->names[fr->nnames++];
	memset(r, 0, sizeof(*r));
	r->cat = cat;
	r->name = mem_strdup(name);
	return r;
}

static qpdf_oh
resource(struct pf *pf, struct frame *fr, const char *cat, const char *name)
{
	qpdf_oh c = dget(pf, fr->res, cat), v;

	v = dget(pf, c, name);
	qpdf_oh_release(pf->q, c);
	return v;
}

static struct font *
lookup_font(struct pf *pf, const char *name)
{
	struct frame *fr = &pf->fr[pf->nfr - 1];
	struct rname *r = rname_find(fr, R_FONT, name);
	qpdf_oh fo;
	void **slot;

	if (r)
		return r->ptr;
	r = rname_add(fr, R_FONT, name);
	fo = resource(pf, fr, "/Font", name);
	if (!qpdf_oh_is_dictionary(pf->q, fo)) {
		note_list(pf, K_CONTENT, "font %s is not in the resources",
		    name);
		qpdf_oh_release(pf->q, fo);
		return NULL;
	}
	r->key = obj_key(pf, fo);
	if (r->key && (slot = map_slot(&pf->fonts, r->key, 0)) != NULL)
		r->ptr = *slot;
	else {
		r->ptr = font_load(pf, fo);
		if (r->key)
			*map_slot(&pf->fonts, r->key, 1) = r->ptr;
		else
			r->owned = 1;
	}
	qpdf_oh_release(pf->q, fo);
	return r->ptr;
}

static struct rname *
lookup_xobject(struct pf *pf, const char *name)
{
	struct frame *fr = &pf->fr[pf->nfr - 1];
	struct rname *r = rname_find(fr, R_XOBJ, name);
	struct image *im;
	qpdf_oh xo, cs;
	void **slot;

	if (r)
		return r;
	r = rname_add(fr, R_XOBJ, name);
	xo = resource(pf, fr, "/XObject", name);
	if (!qpdf_oh_is_stream(pf->q, xo)) {
		note_list(pf, K_CONTENT, "XObject %s is not in the resources",
		    name);
		qpdf_oh_release(pf->q, xo);
		return r;
	}
	r->key = obj_key(pf, xo);
	if (dname_is(pf, xo, "/Subtype", "/Form")) {
		r->kind = XO_FORM;
		r->oh = xo;
		return r;
	}
	if (!dname_is(pf, xo, "/Subtype", "/Image")) {
		qpdf_oh_release(pf->q, xo);
		return r;
	}
	r->kind = XO_IMAGE;
	if (r->key && (slot = map_slot(&pf->images, r->key, 0)) != NULL) {
		r->ptr = *slot;
		qpdf_oh_release(pf->q, xo);
		return r;
	}
	im = mem_calloc(1, sizeof(*im));
	im->w = (long)dnum(pf, xo, "/Width", 0);
	im->h = (long)dnum(pf, xo, "/Height", 0);
	cs = dget(pf, xo, "/ColorSpace");
	im->rgb = cs_kind(pf, cs) == CS_RGB;
	qpdf_oh_release(pf->q, cs);
	qpdf_oh_release(pf->q, xo);
	r->ptr = im;
	if (r->key)
		*map_slot(&pf->images, r->key, 1) = im;
	else
		r->owned = 1;
	return r;
}

/* A colour space operand of cs/CS, or of an inline image. */
static int
lookup_cs(struct pf *pf, const char *name)
{
	struct frame *fr = &pf->fr[pf->nfr - 1];
	struct rname *r;
	qpdf_oh cs;
	int k = cs_family(name);

	if (k != CS_OTHER)
		return k;
	if ((r = rname_find(fr, R_CS, name)) != NULL)
		return r->kind;
	r = rname_add(fr, R_CS, name);
	cs = resource(pf, fr, "/ColorSpace", name);
	r->kind = cs_kind(pf, cs);
	qpdf_oh_release(pf->q, cs);
	return r->kind;
}

/* --- geometry --- */

/* r = a x b, PDF matrices [a b c d e f] on row vectors. */
static void
mat_mul(double r[6], const double a[6], const double b[6])
{
	double t[6];

	t[0] = a[0] * b[0] + a[1] * b[2];
	t[1] = a[0] * b[1] + a[1] * b[3];
	t[2] = a[2] * b[0] + a[3] * b[2];
	t[3] = a[2] * b[1] + a[3] * b[3];
	t[4] = a[4] * b[0] + a[5] * b[2] + b[4];
	t[5] = a[4] * b[1] + a[5] * b[3] + b[5];
	memcpy(r, t, sizeof(t));
}

static void
mat_translate(double m[6], double tx, double ty)
{
	const double t[6] = {1, 0, 0, 1, tx, ty};

	mat_mul(m, t, m);
}

/* How much m scales a line width: its smaller singular value. */
static double
mat_min_scale(const double m[6])
{
	double s = m[0] * m[0] + m[1] * m[1] + m[2] * m[2] + m[3] * m[3];
	double det = m[0] * m[3] - m[1] * m[2];
	double disc = s * s - 4 * det * det;

	if (disc < 0)
		disc = 0;
	return sqrt((s - sqrt(disc)) / 2 > 0 ? (s - sqrt(disc)) / 2 : 0);
}

static struct gstate *
gs(struct pf *pf)
{
	return &pf->gs[pf->ngs - 1];
}

/* --- the checks inside content --- */

static void
check_image(struct pf *pf, const char *name, long w, long h, int rgb)
{
	const double *m = gs(pf)->ctm;
	double pw = hypot(m[0], m[1]), ph = hypot(m[2], m[3]);
	double ppi;

	if (rgb)
		note(pf, K_RGB, 0, "RGB image %s", name);
	if (pw <= 0 || ph <= 0 || w <= 0 || h <= 0)
		return;
	ppi = fmin(w / (pw / 72), h / (ph / 72));
	if (ppi < pf->o.min_ppi)
		note(pf, K_IMAGE, -ppi,
		    "image %s (%ldx%ld px, %.1fx%.1f mm) at %.0f ppi "
		    "(needs %.0f)",
		    name, w, h, pw / PT_PER_MM, ph / PT_PER_MM, ppi,
		    pf->o.min_ppi);
}

static void
check_stroke(struct pf *pf)
{
	struct gstate *g = gs(pf);
	double eff;

	if (!pf->has_path)
		return;
	if (g->lw <= 0) {
		note(pf, K_LINE, 1,
		    "line of width 0 (the thinnest the device can draw; "
		    "needs %.2g pt)",
		    pf->o.min_line_pt);
		return;
	}
	eff = g->lw * mat_min_scale(g->ctm);
	if (eff < pf->o.min_line_pt)
		note(pf, K_LINE, -eff, "line %.2f pt wide (needs %.2g pt)", eff,
		    pf->o.min_line_pt);
}

/* A text box in text space (before the text matrix) against the trim. */
static void
check_text_box(struct pf *pf, double x0, double y0, double x1, double y1)
{
	double m[6], bx0 = HUGE_VAL, by0 = HUGE_VAL, bx1 = -HUGE_VAL,
	    by1 = -HUGE_VAL, c, safe = pf->o.safe_mm * PT_PER_MM;
	const double *t = pf->trim;
	const double cx[4] = {x0, x1, x0, x1}, cy[4] = {y0, y0, y1, y1};
	int i;

	if (!pf->have_trim)
		return;
	mat_mul(m, pf->tm, gs(pf)->ctm);
	for (i = 0; i < 4; i++) {
		double px = cx[i] * m[0] + cy[i] * m[2] + m[4];
		double py = cx[i] * m[1] + cy[i] * m[3] + m[5];

		bx0 = fmin(bx0, px);
		bx1 = fmax(bx1, px);
		by0 = fmin(by0, py);
		by1 = fmax(by1, py);
	}
	if (bx1 <= t[0] || bx0 >= t[2] || by1 <= t[1] || by0 >= t[3]) {
		note(pf, K_TEXT, 1e9,
		    "text outside the trim box (at x %.1f mm, y %.1f mm)",
		    bx0 / PT_PER_MM, by0 / PT_PER_MM);
		return;
	}
	c = fmin(fmin(bx0 - t[0], t[2] - bx1), fmin(by0 - t[1], t[3] - by1));
	if (c >= safe)
		return;
	if (c < 0)
		note(pf, K_TEXT, -c,
		    "text runs %.1f mm past the trim edge "
		    "(at x %.1f mm, y %.1f mm)",
		    -c / PT_PER_MM, bx0 / PT_PER_MM, by0 / PT_PER_MM);
	else
		note(pf, K_TEXT, -c,
		    "text %.1f mm from the trim edge "
		    "(needs %.3g mm; at x %.1f mm, y %.1f mm)",
		    c / PT_PER_MM, pf->o.safe_mm, bx0 / PT_PER_MM,
		    by0 / PT_PER_MM);
}

/* The advance of a string in text space, and the text matrix moved past it. */
static double
show(struct pf *pf, const unsigned char *s, size_t n, double *lo, double *hi,
    double *pos)
{
	struct gstate *g = gs(pf);
	const struct font *f = g->font;
	size_t i, step = f && f->cid ? 2 : 1;
	double adv = 0;

	for (i = 0; i + step <= n; i += step) {
		long code = step == 2 ? (long)s[i] << 8 | s[i + 1] : s[i];
		double d;

		if (f && f->vertical)
			d = f->vadv * g->fs + g->tc;
		else {
			d = glyph_width(f, code) * g->fs + g->tc;
			if (step == 1 && code == 32)
				d += g->tw;
			d *= g->th;
		}
		adv += d;
		*pos += d;
		*lo = fmin(*lo, *pos);
		*hi = fmax(*hi, *pos);
	}
	return adv;
}

static void
text_done(struct pf *pf, double lo, double hi, double total, int any)
{
	struct gstate *g = gs(pf);
	int vertical = g->font && g->font->vertical;

	if (any && g->fs != 0 && g->tr != 3 && g->tr != 7) {
		if (vertical)
			check_text_box(pf, -0.5 * g->fs, lo, 0.5 * g->fs, hi);
		else
			check_text_box(pf, lo, fmin(g->rise - 0.2 * g->fs,
			    g->rise + g->fs), hi, fmax(g->rise - 0.2 * g->fs,
			    g->rise + g->fs));
	}
	if (vertical)
		mat_translate(pf->tm, 0, total);
	else
		mat_translate(pf->tm, total, 0);
}

/* --- the interpreter --- */

static const char *
tokstr(struct pf *pf, const pdftok *t)
{
	return pf->sb.p ? pf->sb.p + t->off : "";
}

/* The last n operands as numbers. */
static int
nums(struct pf *pf, size_t n, double *v)
{
	size_t i;

	if (pf->nops < n)
		return -1;
	for (i = 0; i < n; i++) {
		const pdftok *t = &pf->ops[pf->nops - n + i];

		if (t->type != PT_NUM)
			return -1;
		v[i] = t->num;
	}
	return 0;
}

static const char *
last_name(struct pf *pf)
{
	if (pf->nops < 1 || pf->ops[pf->nops - 1].type != PT_NAME)
		return NULL;
	return tokstr(pf, &pf->ops[pf->nops - 1]);
}

static void
op_show(struct pf *pf, const pdftok *str)
{
	double lo = 0, hi = 0, pos = 0, adv;

	adv = show(pf, (const unsigned char *)tokstr(pf, str), str->len, &lo,
	    &hi, &pos);
	text_done(pf, lo, hi, adv, str->len > 0);
}

static void
op_TJ(struct pf *pf)
{
	struct gstate *g = gs(pf);
	int vertical = g->font && g->font->vertical;
	double lo = 0, hi = 0, pos = 0;
	size_t i, start;
	int any = 0;

	if (pf->nops < 2 || pf->ops[pf->nops - 1].type != PT_ARRAY_CLOSE)
		return;
	for (start = pf->nops - 1; start > 0; start--)
		if (pf->ops[start - 1].type == PT_ARRAY_OPEN)
			break;
	for (i = start; i + 1 < pf->nops; i++) {
		const pdftok *t = &pf->ops[i];

		if (t->type == PT_STRING) {
			show(pf, (const unsigned char *)tokstr(pf, t), t->len,
			    &lo, &hi, &pos);
			any |= t->len > 0;
		} else if (t->type == PT_NUM) {
			double d = -t->num / 1000 * g->fs;

			pos += vertical ? d : d * g->th;
		}
	}
	text_done(pf, lo, hi, pos, any);
}

static void
next_line(struct pf *pf, double tx, double ty)
{
	mat_translate(pf->tlm, tx, ty);
	memcpy(pf->tm, pf->tlm, sizeof(pf->tm));
}

static void
op_inline_image(struct pf *pf)
{
	long w = 0, h = 0;
	int rgb = 0, mask = 0;
	size_t i;

	for (i = 0; i + 1 < pf->nops; i++) {
		const pdftok *k = &pf->ops[i], *v = &pf->ops[i + 1];
		const char *key;

		if (k->type != PT_NAME)
			continue;
		key = tokstr(pf, k);
		if ((!strcmp(key, "/W") || !strcmp(key, "/Width")) &&
		    v->type == PT_NUM)
			w = (long)v->num;
		else if ((!strcmp(key, "/H") || !strcmp(key, "/Height")) &&
		    v->type == PT_NUM)
			h = (long)v->num;
		else if ((!strcmp(key, "/IM") || !strcmp(key, "/ImageMask")) &&
		    v->type == PT_OP && !strcmp(tokstr(pf, v), "true"))
			mask = 1;
		else if ((!strcmp(key, "/CS") || !strcmp(key, "/ColorSpace")) &&
		    v->type == PT_NAME)
			rgb = lookup_cs(pf, tokstr(pf, v)) == CS_RGB;
	}
	check_image(pf, "(inline)", w, h, rgb && !mask);
	if (pdflex_skip_inline_image(&pf->fr[pf->nfr - 1].lx) < 0)
		pf->bad_content = 1;
}

static void
push_gstate(struct pf *pf)
{
	if (pf->ngs >= MAX_GSTATE) {
		pf->qover++;
		return;
	}
	pf->gs[pf->ngs] = pf->gs[pf->ngs - 1];
	pf->ngs++;
}

static void
push_frame(struct pf *pf, qpdf_oh res, unsigned char *data, size_t len,
    int owned, long long key)
{
	struct frame *fr = &pf->fr[pf->nfr++];

	memset(fr, 0, sizeof(*fr));
	fr->data = data;
	fr->owned = owned;
	fr->res = res;
	fr->key = key;
	fr->qbase = pf->ngs;
	pdflex_init(&fr->lx, data, len);
}

static void
pop_frame(struct pf *pf)
{
	struct frame *fr = &pf->fr[--pf->nfr];
	size_t i;

	if (fr->lx.error)
		pf->bad_content = 1;
	for (i = 0; i < fr->nnames; i++) {
		mem_free(fr->names[i].name);
		if (fr->names[i].owned) {
			if (fr->names[i].cat == R_FONT)
				font_free(fr->names[i].ptr);
			else
				mem_free(fr->names[i].ptr);
		}
	}
	mem_free(fr->names);
	if (fr->owned)
		mem_free(fr->data);
	/* A form runs inside its own q/Q, and unbalanced q's end with it. */
	if (pf->nfr > 0 && fr->qbase > 0)
		pf->ngs = fr->qbase - 1;
	pf->qover = 0;
}

static void
op_do(struct pf *pf)
{
	const char *name = last_name(pf);
	struct rname *r;
	struct image *im;
	qpdf_oh res, mx;
	unsigned char *data;
	size_t len;
	double m[6];
	int owned, i;

	if (name == NULL)
		return;
	r = lookup_xobject(pf, name);
	if (r->kind == XO_IMAGE) {
		im = r->ptr;
		check_image(pf, name, im->w, im->h, im->rgb);
		return;
	}
	if (r->kind != XO_FORM)
		return;
	for (i = 0; i < pf->nfr; i++)
		if (r->key && pf->fr[i].key == r->key)
			return;
	if (pf->nfr > MAX_FORM_DEPTH) {
		note_list(pf, K_CONTENT, "forms nested more than %d deep",
		    MAX_FORM_DEPTH);
		return;
	}
	if (pf->ngs >= MAX_GSTATE)
		return;
	if (stream_data(pf, r->oh, &data, &len, &owned) < 0) {
		note_list(pf, K_CONTENT, "form %s cannot be decoded", name);
		return;
	}
	push_gstate(pf);
	mx = dget(pf, r->oh, "/Matrix");
	if (arr_n(pf, mx) == 6) {
		for (i = 0; i < 6; i++) {
			qpdf_oh e = qpdf_oh_get_array_item(pf->q, mx, i);

			m[i] = i == 0 || i == 3 ? 1 : 0;
			getnum(pf, e, &m[i]);
			qpdf_oh_release(pf->q, e);
		}
		mat_mul(gs(pf)->ctm, m, gs(pf)->ctm);
	}
	qpdf_oh_release(pf->q, mx);
	res = dget(pf, r->oh, "/Resources");
	if (!qpdf_oh_is_dictionary(pf->q, res))
		res = pf->fr[pf->nfr - 1].res;
	push_frame(pf, res, data, len, owned, r->key);
}

static void
op_sh(struct pf *pf)
{
	const char *name = last_name(pf);
	qpdf_oh sh, cs;

	if (name == NULL)
		return;
	sh = resource(pf, &pf->fr[pf->nfr - 1], "/Shading", name);
	cs = dget(pf, sh, "/ColorSpace");
	if (cs_kind(pf, cs) == CS_RGB)
		note(pf, K_RGB, 0, "RGB shading %s", name);
	qpdf_oh_release(pf->q, cs);
	qpdf_oh_release(pf->q, sh);
}

#define OPC(a, b, c) ((unsigned)(unsigned char)(a) | \
	(unsigned)(unsigned char)(b) << 8 | (unsigned)(unsigned char)(c) << 16)

static void
run_op(struct pf *pf, const char *op, size_t len)
{
	struct gstate *g = gs(pf);
	unsigned code;
	double v[6];
	const char *name;

	if (len == 0 || len > 3)
		return;
	code = OPC(op[0], len > 1 ? op[1] : 0, len > 2 ? op[2] : 0);
	switch (code) {
	case OPC('q', 0, 0):
		push_gstate(pf);
		break;
	case OPC('Q', 0, 0):
		if (pf->qover > 0)
			pf->qover--;
		else if (pf->ngs > pf->fr[pf->nfr - 1].qbase)
			pf->ngs--;
		break;
	case OPC('c', 'm', 0):
		if (nums(pf, 6, v) == 0)
			mat_mul(g->ctm, v, g->ctm);
		break;
	case OPC('w', 0, 0):
		if (nums(pf, 1, v) == 0)
			g->lw = v[0];
		break;
	case OPC('B', 'T', 0):
		memcpy(pf->tm, (double[6]){1, 0, 0, 1, 0, 0}, sizeof(pf->tm));
		memcpy(pf->tlm, pf->tm, sizeof(pf->tm));
		break;
	case OPC('T', 'f', 0):
		if (pf->nops >= 2 && nums(pf, 1, v) == 0 &&
		    pf->ops[pf->nops - 2].type == PT_NAME) {
			name = tokstr(pf, &pf->ops[pf->nops - 2]);
			g->font = lookup_font(pf, name);
			g->fs = v[0];
			if (g->font && !g->font->embedded &&
			    !g->font->reported) {
				g->font->reported = 1;
				note_list(pf, K_FONT, "font %s is not embedded",
				    g->font->name);
			}
		}
		break;
	case OPC('T', 'm', 0):
		if (nums(pf, 6, v) == 0) {
			memcpy(pf->tm, v, sizeof(pf->tm));
			memcpy(pf->tlm, v, sizeof(pf->tlm));
		}
		break;
	case OPC('T', 'd', 0):
		if (nums(pf, 2, v) == 0)
			next_line(pf, v[0], v[1]);
		break;
	case OPC('T', 'D', 0):
		if (nums(pf, 2, v) == 0) {
			g->tl = -v[1];
			next_line(pf, v[0], v[1]);
		}
		break;
	case OPC('T', '*', 0):
		next_line(pf, 0, -g->tl);
		break;
	case OPC('T', 'L', 0):
		if (nums(pf, 1, v) == 0)
			g->tl = v[0];
		break;
	case OPC('T', 'c', 0):
		if (nums(pf, 1, v) == 0)
			g->tc = v[0];
		break;
	case OPC('T', 'w', 0):
		if (nums(pf, 1, v) == 0)
			g->tw = v[0];
		break;
	case OPC('T', 'z', 0):
		if (nums(pf, 1, v) == 0)
			g->th = v[0] / 100;
		break;
	case OPC('T', 's', 0):
		if (nums(pf, 1, v) == 0)
			g->rise = v[0];
		break;
	case OPC('T', 'r', 0):
		if (nums(pf, 1, v) == 0)
			g->tr = (int)v[0];
		break;
	case OPC('T', 'j', 0):
		if (pf->nops >= 1 && pf->ops[pf->nops - 1].type == PT_STRING)
			op_show(pf, &pf->ops[pf->nops - 1]);
		break;
	case OPC('\'', 0, 0):
		next_line(pf, 0, -g->tl);
		if (pf->nops >= 1 && pf->ops[pf->nops - 1].type == PT_STRING)
			op_show(pf, &pf->ops[pf->nops - 1]);
		break;
	case OPC('"', 0, 0):
		if (pf->nops >= 3 && pf->ops[pf->nops - 1].type == PT_STRING &&
		    pf->ops[pf->nops - 2].type == PT_NUM &&
		    pf->ops[pf->nops - 3].type == PT_NUM) {
			g->tw = pf->ops[pf->nops - 3].num;
			g->tc = pf->ops[pf->nops - 2].num;
			next_line(pf, 0, -g->tl);
			op_show(pf, &pf->ops[pf->nops - 1]);
		}
		break;
	case OPC('T', 'J', 0):
		op_TJ(pf);
		break;
	case OPC('r', 'g', 0):
		note(pf, K_RGB, 0, "RGB fill colour (rg)");
		break;
	case OPC('R', 'G', 0):
		note(pf, K_RGB, 0, "RGB stroke colour (RG)");
		break;
	case OPC('c', 's', 0):
	case OPC('C', 'S', 0):
		if ((name = last_name(pf)) != NULL &&
		    lookup_cs(pf, name) == CS_RGB)
			note(pf, K_RGB, 0, "RGB colour space %s", name);
		break;
	case OPC('s', 'h', 0):
		op_sh(pf);
		break;
	case OPC('D', 'o', 0):
		op_do(pf);
		break;
	case OPC('I', 'D', 0):
		op_inline_image(pf);
		break;
	case OPC('m', 0, 0):
	case OPC('l', 0, 0):
	case OPC('c', 0, 0):
	case OPC('v', 0, 0):
	case OPC('y', 0, 0):
	case OPC('h', 0, 0):
	case OPC('r', 'e', 0):
		pf->has_path = 1;
		break;
	case OPC('S', 0, 0):
	case OPC('s', 0, 0):
	case OPC('B', 0, 0):
	case OPC('B', '*', 0):
	case OPC('b', 0, 0):
	case OPC('b', '*', 0):
		check_stroke(pf);
		pf->has_path = 0;
		break;
	case OPC('f', 0, 0):
	case OPC('F', 0, 0):
	case OPC('f', '*', 0):
	case OPC('n', 0, 0):
		pf->has_path = 0;
		break;
	default:
		break;
	}
}

/* Runs the page's content and the forms it draws, without recursion. */
static void
run(struct pf *pf)
{
	pdftok t;

	while (pf->nfr > 0) {
		struct frame *fr = &pf->fr[pf->nfr - 1];

		pdflex_next(&fr->lx, &t, &pf->sb);
		if (t.type == PT_EOF) {
			pop_frame(pf);
			pf->nops = 0;
			pf->depth = 0;
			buf_clear(&pf->sb);
			continue;
		}
		if (t.type == PT_ERROR)
			continue;
		if (t.type == PT_ARRAY_OPEN || t.type == PT_DICT_OPEN)
			pf->depth++;
		else if ((t.type == PT_ARRAY_CLOSE ||
		    t.type == PT_DICT_CLOSE) && pf->depth > 0)
			pf->depth--;
		if (t.type != PT_OP || pf->depth > 0 ||
		    !strcmp(tokstr(pf, &t), "true") ||
		    !strcmp(tokstr(pf, &t), "false") ||
		    !strcmp(tokstr(pf, &t), "null")) {
			if (pf->nops >= MAX_OPERANDS) {
				pf->bad_content = 1;
				continue;
			}
			if (pf->nops == pf->capops) {
				pf->capops = pf->capops ? pf->capops * 2 : 64;
				pf->ops = mem_realloc(pf->ops,
				    pf->capops * sizeof(*pf->ops));
			}
			pf->ops[pf->nops++] = t;
			continue;
		}
		run_op(pf, tokstr(pf, &t), t.len);
		pf->nops = 0;
		pf->depth = 0;
		buf_clear(&pf->sb);
	}
}

/* The page's content streams, decoded and joined. */
static int
page_content(struct pf *pf, qpdf_oh page, unsigned char **p, size_t *len,
    int *owned)
{
	qpdf_oh c = dget(pf, page, "/Contents");
	buf b = BUF_INIT;
	int i, n, rc = 0;

	*p = NULL;
	*len = 0;
	*owned = 0;
	if (qpdf_oh_is_stream(pf->q, c)) {
		rc = stream_data(pf, c, p, len, owned);
		qpdf_oh_release(pf->q, c);
		return rc;
	}
	if (!qpdf_oh_is_array(pf->q, c)) {
		qpdf_oh_release(pf->q, c);
		return 0;
	}
	n = qpdf_oh_get_array_n_items(pf->q, c);
	for (i = 0; i < n; i++) {
		qpdf_oh s = qpdf_oh_get_array_item(pf->q, c, i);
		unsigned char *d;
		size_t dl;
		int o;

		if (stream_data(pf, s, &d, &dl, &o) < 0)
			rc = -1;
		else {
			buf_put(&b, d, dl);
			buf_putc(&b, '\n');
			if (o)
				mem_free(d);
		}
		qpdf_oh_release(pf->q, s);
	}
	qpdf_oh_release(pf->q, c);
	*len = b.len;
	*p = (unsigned char *)buf_detach(&b);
	*owned = 1;
	return rc;
}

/* --- per page --- */

static int
inside(const double a[4], const double b[4])
{
	const double eps = 0.01;

	return a[0] >= b[0] - eps && a[1] >= b[1] - eps &&
	    a[2] <= b[2] + eps && a[3] <= b[3] + eps;
}

static void
check_boxes(struct pf *pf, qpdf_oh page)
{
	static const char *keys[4] = {"/MediaBox", "/TrimBox", "/BleedBox",
	    "/CropBox"};
	double box[4][4];
	int have[4], i;
	buf b = BUF_INIT;

	for (i = 0; i < 4; i++) {
		qpdf_oh v = inherited(pf, page, keys[i]);

		have[i] = get_box(pf, v, box[i]) == 0;
		qpdf_oh_release(pf->q, v);
		if (!have[i] && i < 3)
			buf_printf(&b, "%sno %s", b.len ? "; " : "",
			    keys[i] + 1);
	}
	if (have[1] && have[2] && !inside(box[1], box[2]))
		buf_printf(&b, "%sTrimBox [%.2f %.2f %.2f %.2f] is not inside "
		    "BleedBox [%.2f %.2f %.2f %.2f]", b.len ? "; " : "",
		    box[1][0], box[1][1], box[1][2], box[1][3],
		    box[2][0], box[2][1], box[2][2], box[2][3]);
	if (have[2] && have[0] && !inside(box[2], box[0]))
		buf_printf(&b, "%sBleedBox [%.2f %.2f %.2f %.2f] is not inside "
		    "MediaBox [%.2f %.2f %.2f %.2f]", b.len ? "; " : "",
		    box[2][0], box[2][1], box[2][2], box[2][3],
		    box[0][0], box[0][1], box[0][2], box[0][3]);
	else if (have[1] && have[0] && !have[2] && !inside(box[1], box[0]))
		buf_printf(&b, "%sTrimBox is not inside MediaBox",
		    b.len ? "; " : "");
	if (b.len)
		note(pf, K_BOX, 0, "%s", buf_str(&b));
	buf_free(&b);

	/* Where the piece is cut: the TrimBox, else the CropBox. */
	pf->have_trim = 1;
	for (i = 1; i < 4; i += 2)
		if (have[i]) {
			memcpy(pf->trim, box[i], sizeof(pf->trim));
			return;
		}
	if (have[0])
		memcpy(pf->trim, box[0], sizeof(pf->trim));
	else
		pf->have_trim = 0;
}

static void
check_annots(struct pf *pf, qpdf_oh page)
{
	qpdf_oh a = dget(pf, page, "/Annots"), first, st;
	const char *s;
	int n;

	if (qpdf_oh_is_array(pf->q, a) &&
	    (n = qpdf_oh_get_array_n_items(pf->q, a)) > 0) {
		first = qpdf_oh_get_array_item(pf->q, a, 0);
		st = dget(pf, first, "/Subtype");
		s = name_of(pf, st);
		note(pf, K_ANNOT, 0, "%d annotation%s (first: %s)", n,
		    n == 1 ? "" : "s", s ? s + 1 : "unknown");
		qpdf_oh_release(pf->q, st);
		qpdf_oh_release(pf->q, first);
	}
	qpdf_oh_release(pf->q, a);
}

static void
check_page(struct pf *pf, int index)
{
	qpdf_oh page, res;
	unsigned char *data;
	size_t len;
	int owned;
	qpdf_error e;

	qpdf_oh_release_all(pf->q);
	page = qpdf_get_page_n(pf->q, (size_t)index);
	check_boxes(pf, page);
	check_annots(pf, page);

	pf->ngs = 1;
	pf->qover = 0;
	memset(&pf->gs[0], 0, sizeof(pf->gs[0]));
	pf->gs[0].ctm[0] = pf->gs[0].ctm[3] = 1;
	pf->gs[0].lw = 1;
	pf->gs[0].th = 1;
	pf->has_path = 0;
	pf->bad_content = 0;
	memcpy(pf->tm, (double[6]){1, 0, 0, 1, 0, 0}, sizeof(pf->tm));
	memcpy(pf->tlm, pf->tm, sizeof(pf->tm));

	if (page_content(pf, page, &data, &len, &owned) < 0)
		note_list(pf, K_CONTENT, "a content stream cannot be decoded");
	res = inherited(pf, page, "/Resources");
	push_frame(pf, res, data, len, owned, 0);
	run(pf);
	if (pf->bad_content)
		note_list(pf, K_CONTENT, "malformed content stream");
	if (qpdf_has_error(pf->q) && (e = qpdf_get_error(pf->q)) != NULL)
		note_list(pf, K_CONTENT, "%s",
		    qpdf_get_error_message_detail(pf->q, e));
	while (qpdf_more_warnings(pf->q))
		qpdf_next_warning(pf->q);
	end_page(pf, index + 1);
}

static void
vt_problem(void *ctx, const char *msg)
{
	doc_problem(ctx, msg);
}

static void
check_document(struct pf *pf)
{
	qpdf_oh root = qpdf_get_root(pf->q), v, s;

	v = dget(pf, root, "/Names");
	if (qpdf_oh_is_dictionary(pf->q, v) &&
	    qpdf_oh_has_key(pf->q, v, "/JavaScript"))
		doc_problem(pf, "JavaScript (/Names /JavaScript)");
	qpdf_oh_release(pf->q, v);
	v = dget(pf, root, "/OpenAction");
	s = dget(pf, v, "/S");
	if (qpdf_oh_is_name_and_equals(pf->q, s, "/JavaScript"))
		doc_problem(pf,
		    "JavaScript run when the file is opened (/OpenAction)");
	qpdf_oh_release(pf->q, s);
	qpdf_oh_release(pf->q, v);
	qpdf_oh_release(pf->q, root);
	vtcheck_pdf(pf->q, vt_problem, pf);
}

static void
read_error(struct pf *pf)
{
	qpdf_error e = qpdf_get_error(pf->q);
	const char *msg = "cannot read the file";

	if (e != NULL) {
		msg = qpdf_get_error_message_detail(pf->q, e);
		if (msg == NULL || *msg == '\0')
			msg = qpdf_get_error_full_text(pf->q, e);
	}
	diag_at(pf->d, D_PDF, pf->path, 0, 0, msg);
}

int
preflight_pdf(const char *path, const preflight_opts *o, diag *d)
{
	struct pf pf;
	qpdf_error w;
	int rc = -1, i, k;

	memset(&pf, 0, sizeof(pf));
	pf.o = o ? *o : preflight_defaults();
	if (pf.o.max_pages_listed < 1)
		pf.o.max_pages_listed = 1;
	pf.d = d;
	pf.path = path;
	pf.q = qpdf_init();
	qpdf_silence_errors(pf.q);
	qpdf_set_suppress_warnings(pf.q, QPDF_TRUE);
	if (qpdf_read(pf.q, path, NULL) & QPDF_ERRORS) {
		read_error(&pf);
		goto out;
	}
	if ((pf.npages = qpdf_get_num_pages(pf.q)) < 0) {
		read_error(&pf);
		goto out;
	}
	if (qpdf_more_warnings(pf.q) && (w = qpdf_next_warning(pf.q)) != NULL) {
		buf b = BUF_INIT;

		buf_printf(&b, "the file is damaged and needed repair (%s)",
		    qpdf_get_error_message_detail(pf.q, w));
		doc_problem(&pf, buf_str(&b));
		buf_free(&b);
		while (qpdf_more_warnings(pf.q))
			qpdf_next_warning(pf.q);
	}
	check_document(&pf);
	pf.gs = mem_alloc(MAX_GSTATE * sizeof(*pf.gs));
	for (i = 0; i < pf.npages; i++)
		check_page(&pf, i);
	flush_summaries(&pf);
	rc = pf.problems;
out:
	for (k = 0; k < K__COUNT; k++) {
		mem_free(pf.s[k].listed);
		mem_free(pf.s[k].listed_page);
	}
	map_free(&pf.fonts, free_font_v);
	map_free(&pf.images, mem_free);
	map_free(&pf.streams, free_sdata_v);
	map_free(&pf.seen, NULL);
	mem_free(pf.gs);
	mem_free(pf.ops);
	buf_free(&pf.sb);
	qpdf_cleanup(&pf.q);
	return rc;
}
