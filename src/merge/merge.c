/* merge: a document's merge slots resolved to columns, filled per row into plain text runs. */
#include "merge/merge.h"

#include <string.h>

#include <unicode/uchar.h>

#include "text/utf8.h"
#include "util/mem.h"

enum { SLOT_COLUMN, SLOT_BUILTIN, SLOT_TOKEN, SLOT_NONE };

struct slot {
	int kind;
	int index;	/* column or built-in */
};

struct merge {
	const doc *dc;
	struct slot *slots;	/* one per tag */
	const merge_builtin *builtins;
	int nbuiltins;
	buf tmp, val;
};

merge *
merge_compile(const doc *dc, const char *const *columns, int ncolumns,
    const merge_builtin *builtins, int nbuiltins, diag *d)
{
	merge *m = mem_calloc(1, sizeof(*m));
	int bad = 0;

	m->dc = dc;
	m->builtins = builtins;
	m->nbuiltins = nbuiltins;
	m->slots = mem_calloc((size_t)dc->ntags + 1, sizeof(*m->slots));
	for (int i = 0; i < dc->ntags; i++) {
		const tag *t = &dc->tags[i];
		struct slot *sl = &m->slots[i];

		sl->kind = SLOT_NONE;
		if (t->kind != TAG_FIELD)
			continue;
		for (int c = 0; c < ncolumns && sl->kind == SLOT_NONE; c++)
			if (strcmp(columns[c], t->name) == 0) {
				sl->kind = SLOT_COLUMN;
				sl->index = c;
			}
		for (int b = 0; b < nbuiltins && sl->kind == SLOT_NONE; b++)
			if (strcmp(builtins[b].name, t->name) == 0) {
				sl->kind = SLOT_BUILTIN;
				sl->index = b;
			}
		if (sl->kind == SLOT_NONE && strcmp(t->name, "token") == 0)
			sl->kind = SLOT_TOKEN;
		if (sl->kind == SLOT_NONE) {
			diag_at(d, D_UNKNOWN_FIELD, t->file, t->line, t->col,
			    t->name, " (not a column of the segment or a "
			    "built-in; see tayori build --help)");
			bad = 1;
		}
		for (int f = 0; f < t->nfilters; f++) {
			if (!merge_filter_known(t->filters[f].name)) {
				diag_at(d, D_UNKNOWN_FILTER, t->file, t->line,
				    t->col, t->filters[f].name);
				bad = 1;
			}
		}
	}
	if (bad) {
		merge_free(m);
		return NULL;
	}
	return m;
}

void
merge_free(merge *m)
{
	if (m == NULL)
		return;
	buf_free(&m->tmp);
	buf_free(&m->val);
	mem_free(m->slots);
	mem_free(m);
}

/*
 * C1 controls, bidi embeddings and overrides, zero-width characters and
 * the byte order mark: nothing a printed name needs, and they make the
 * printed text differ from what the eye reads.
 */
static int
invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xA0) || (cp >= 0x200B && cp <= 0x200F) ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069) ||
	    cp == 0xFEFF;
}

/*
 * A value from the database, made safe to print: invalid UTF-8 becomes
 * U+FFFD, control, bidi-override and zero-width characters are dropped,
 * combining marks beyond four on one base are dropped, line breaks
 * and tabs become spaces, and the length is capped. Each repair is a
 * warning naming the customer.
 */
static void
clean_value(const char *name, const char *s, size_t n, long long id,
    int keep_newlines, buf *out, diag *d)
{
	const char *p = s, *end = s + n;
	int fixed = 0, cut = 0, marks = 0;

	if (n > MERGE_MAX_FIELD) {
		end = s + MERGE_MAX_FIELD;
		cut = 1;
	}
	while (p < end) {
		size_t bad;
		const char *q = p;
		uint32_t cp;

		if ((unsigned char)*p < 0x80) {
			if (*p == '\n' && keep_newlines) {
				buf_putc(out, '\n');
			} else if (*p == '\r' && keep_newlines) {
				/* CR LF and CR alone end a line as LF does */
				if (p + 1 == end || p[1] != '\n')
					buf_putc(out, '\n');
			} else if (*p == '\n' || *p == '\t' || *p == '\r') {
				buf_putc(out, ' ');
			} else if ((unsigned char)*p < 0x20 || *p == 0x7F)
				fixed = 1;
			else
				buf_putc(out, *p);
			p++;
			continue;
		}
		if (utf8_valid(p, (size_t)(end - p) < 4 ? (size_t)(end - p) : 4,
		    &bad) != 0 && bad == 0) {
			if (cut && end - p < 4 && end < s + n) {
				/* the cap fell inside a character: drop its start */
				break;
			}
			buf_puts(out, "\xEF\xBF\xBD");
			fixed = 1;
			p++;
			while (p < end && ((unsigned char)*p & 0xC0) == 0x80)
				p++;
			continue;
		}
		cp = utf8_next(&p, end);
		if (invisible(cp)) {
			fixed = 1;
			continue;
		}
		/*
		 * No orthography stacks more than four marks on one letter
		 * (Vietnamese has two); "Zalgo" text is cut there.
		 */
		marks = u_getCombiningClass((UChar32)cp) != 0 ? marks + 1 : 0;
		if (marks > 4) {
			fixed = 1;
			continue;
		}
		buf_put(out, q, (size_t)(p - q));
	}
	if (fixed)
		diag_customer(d, D_FIELD_FIXED, id, name,
		    "invalid UTF-8 replaced by U+FFFD; control, invisible and excess "
		    "combining characters removed");
	if (cut)
		diag_customer(d, D_FIELD_FIXED, id, name,
		    "longer than 4096 bytes; cut");
}

void
merge_clean(const char *name, const char *s, size_t n, long long id,
    int keep_newlines, buf *out, diag *d)
{
	buf raw = BUF_INIT;

	clean_value(name, s, n, id, keep_newlines, &raw, d);
	if (utf8_nfc(buf_str(&raw), raw.len, out) != 0)
		buf_put(out, buf_str(&raw), raw.len);
	buf_free(&raw);
}

/* The merged value of field tag ti; appends NFC text to out. Returns 1 if empty. */
static int
field_value(merge *m, int ti, const merge_row *r, buf *out, diag *d)
{
	const tag *t = &m->dc->tags[ti];
	const struct slot *sl = &m->slots[ti];
	const char *v = NULL;
	size_t n = 0;
	int empty;

	buf_clear(&m->val);
	switch (sl->kind) {
	case SLOT_COLUMN:
		v = r->vals[sl->index];
		n = v ? (size_t)r->lens[sl->index] : 0;
		if (v)
			clean_value(t->name, v, n, r->id, 0, &m->val, d);
		break;
	case SLOT_BUILTIN:
		buf_puts(&m->val, m->builtins[sl->index].value);
		break;
	case SLOT_TOKEN:
		buf_puts(&m->val, r->token ? r->token : "");
		break;
	}
	empty = 1;
	for (size_t i = 0; i < m->val.len; i++)
		if (m->val.p[i] != ' ')
			empty = 0;
	if (empty) {
		if (t->fallback)
			buf_puts(out, t->fallback);
		return t->fallback == NULL || *t->fallback == '\0';
	}
	for (int f = 0; f < t->nfilters; f++) {
		buf_clear(&m->tmp);
		merge_filter(t->filters[f].name, t->filters[f].arg,
		    buf_str(&m->val), m->val.len, &m->tmp);
		buf_clear(&m->val);
		buf_put(&m->val, buf_str(&m->tmp), m->tmp.len);
	}
	if (utf8_nfc(buf_str(&m->val), m->val.len, out) != 0)
		buf_put(out, buf_str(&m->val), m->val.len);
	return 0;
}

int
merge_cond(const merge *m, int ti, const merge_row *r)
{
	return r->conds[m->dc->tags[ti].cond] != 0;
}

void
merge_text(merge *m, const char *s, size_t n, const merge_row *r, buf *out,
    int *nfields, int *nempty, diag *d)
{
	const char *p = s, *end = s + n;

	while (p < end) {
		int ti = (unsigned char)*p == 0xEE ?
		    doc_placeholder(p, (size_t)(end - p)) : -1;

		if (ti < 0) {
			buf_putc(out, *p++);
			continue;
		}
		p += 3;
		if (m->dc->tags[ti].kind != TAG_FIELD)
			continue;
		if (nfields)
			(*nfields)++;
		if (field_value(m, ti, r, out, d) && nempty)
			(*nempty)++;
	}
}

int
merge_varies(const merge *m, const char *s, size_t n)
{
	for (size_t i = 0; i + 2 < n; i++) {
		int ti = doc_placeholder(s + i, n - i);

		if (ti >= 0 && (m->dc->tags[ti].kind != TAG_FIELD ||
		    m->slots[ti].kind != SLOT_BUILTIN))
			return 1;
	}
	return 0;
}

int
merge_spans(merge *m, const block *b, const merge_row *r, arena *a,
    mspan **out, diag *d)
{
	/* inline {{#if}}: for each open level, whether its text is taken */
	unsigned char take[DOC_MAX_IF_DEPTH], cond[DOC_MAX_IF_DEPTH];
	int depth = 0, n = 0;
	mspan *sp = arena_alloc(a, (size_t)(b->nspans ? b->nspans : 1) * sizeof(*sp));
	buf text = BUF_INIT;

	for (int i = 0; i < b->nspans; i++) {
		const char *p = b->spans[i].text, *end = p + b->spans[i].len;

		/* no placeholder's lead byte: the span as it is, or nothing, lent */
		if (memchr(p, 0xEE, b->spans[i].len) == NULL) {
			if (b->spans[i].len == 0 || !(depth == 0 || take[depth - 1]))
				continue;
			sp[n].style = b->spans[i].style;
			sp[n].text = p;
			sp[n++].len = b->spans[i].len;
			continue;
		}
		buf_clear(&text);
		while (p < end) {
			int on = depth == 0 || take[depth - 1];
			int ti = (unsigned char)*p == 0xEE ?
			    doc_placeholder(p, (size_t)(end - p)) : -1;
			const char *q;

			if (ti < 0) {
				q = p;
				if ((p = memchr(p + 1, 0xEE, (size_t)(end - p - 1))) == NULL)
					p = end;
				if (on)
					buf_put(&text, q, (size_t)(p - q));
				continue;
			}
			p += 3;
			switch (m->dc->tags[ti].kind) {
			case TAG_IF:
				if (depth < DOC_MAX_IF_DEPTH) {
					cond[depth] = (unsigned char)merge_cond(m, ti, r);
					take[depth] = (unsigned char)(on && cond[depth]);
					depth++;
				}
				break;
			case TAG_ELSE:
				if (depth > 0)
					take[depth - 1] = (unsigned char)(!cond[depth - 1] &&
					    (depth < 2 || take[depth - 2]));
				break;
			case TAG_ENDIF:
				if (depth > 0)
					depth--;
				break;
			case TAG_FIELD:
				if (on)
					field_value(m, ti, r, &text, d);
				break;
			case TAG_QR:
				break;
			}
		}
		if (text.len == 0)
			continue;
		sp[n].style = b->spans[i].style;
		sp[n].text = arena_strndup(a, text.p, text.len);
		sp[n].len = text.len;
		n++;
	}
	buf_free(&text);
	*out = sp;
	return n;
}
