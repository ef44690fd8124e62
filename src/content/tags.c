/* tags: the merge-tag scanner: {{...}} in text becomes a placeholder and an entry in the tag table. */
#include "content/tags.h"

#include <ctype.h>
#include <string.h>

#include "text/utf8.h"
#include "util/mem.h"

struct cursor {
	const char *p, *end;
	const char *file;
	int line, col;
	diag *d;
};

static int
syntax(struct cursor *c, const char *what)
{
	diag_at(c->d, D_TAG_SYNTAX, c->file, c->line, c->col, what);
	return -1;
}

static void
skip_space(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r'))
		(*p)++;
}

/* A "quoted string" with \" and \\ escapes; *p is at the opening quote. */
static char *
quoted(const char **p, const char *end)
{
	buf b = BUF_INIT;

	for ((*p)++; *p < end && **p != '"'; (*p)++) {
		if (**p == '\\' && *p + 1 < end)
			(*p)++;
		buf_putc(&b, **p);
	}
	if (*p >= end) {
		buf_free(&b);
		return NULL;
	}
	(*p)++;
	if (b.p == NULL)
		return mem_strdup("");
	return buf_detach(&b);
}

/*
 * A condition is pasted into the segment's statement as "(COND)": it must
 * be one SQL expression that cannot leave those parentheses. Scanned with
 * SQLite's token rules (strings, quoted names, comments): no ';', no
 * comment left open, no parenthesis closed that it did not open, none left
 * open. Linear, and stricter than SQLite: what passes can only be an
 * expression (or a subquery, itself in parentheses) when SQLite parses it.
 */
static int
check_condition(struct cursor *c, const char *s, const char *end)
{
	const char *p = s;
	int depth = 0;

	while (p < end) {
		char close;

		switch (*p) {
		case '\'':
		case '"':
		case '`':
		case '[':
			close = *p == '[' ? ']' : *p;
			for (p++; p < end; p++)
				if (*p == close) {
					/* '' "" `` stand for one quote; ] has no escape */
					if (close != ']' && p + 1 < end && p[1] == close)
						p++;
					else
						break;
				}
			if (p == end)
				return syntax(c, "{{#if}}: a quote or [name] is not closed");
			p++;
			continue;
		case '-':
			if (p + 1 < end && p[1] == '-')
				return syntax(c, "{{#if}}: no comments in a condition");
			break;
		case '/':
			if (p + 1 < end && p[1] == '*')
				return syntax(c, "{{#if}}: no comments in a condition");
			break;
		case ';':
			return syntax(c, "{{#if}}: a condition is one SQL "
			    "expression (no ';')");
		case '(':
			depth++;
			break;
		case ')':
			if (--depth < 0)
				return syntax(c, "{{#if}}: ')' without its '(': a "
				    "condition is one SQL expression");
			break;
		default:
			break;
		}
		p++;
	}
	if (depth > 0)
		return syntax(c, "{{#if}}: '(' without its ')'");
	return 0;
}

static char *
word(const char **p, const char *end)
{
	const char *s = *p;

	while (*p < end && (isalnum((unsigned char)**p) || **p == '_' || **p == '.'))
		(*p)++;
	return *p > s ? mem_strndup(s, (size_t)(*p - s)) : NULL;
}

/* name | filter "arg" | "fallback" */
static int
field(struct cursor *c, const char *s, const char *end, tag *t)
{
	const char *p = s;

	t->kind = TAG_FIELD;
	skip_space(&p, end);
	if (p < end && !isalpha((unsigned char)*p) && *p != '_')
		return syntax(c, "expected a field name");
	if ((t->name = word(&p, end)) == NULL)
		return syntax(c, "expected a field name");
	for (;;) {
		skip_space(&p, end);
		if (p == end)
			return 0;
		if (*p != '|')
			return syntax(c, "expected '|' or '}}' after the field name");
		p++;
		skip_space(&p, end);
		if (p < end && *p == '"') {
			if (t->fallback)
				return syntax(c, "more than one fallback");
			if ((t->fallback = quoted(&p, end)) == NULL)
				return syntax(c, "unterminated string");
			continue;
		}
		if (t->nfilters == TAG_MAX_FILTERS)
			return syntax(c, "too many filters");
		if ((t->filters[t->nfilters].name = word(&p, end)) == NULL)
			return syntax(c, "expected a filter name or a \"fallback\"");
		skip_space(&p, end);
		if (p < end && *p == '"' &&
		    (t->filters[t->nfilters].arg = quoted(&p, end)) == NULL)
			return syntax(c, "unterminated string");
		t->nfilters++;
	}
}

static int
parse_tag(doc *dc, struct cursor *c, const char *s, const char *end,
    int in_template, int ti)
{
	tag *t = &dc->tags[ti];
	size_t n;

	while (s < end && isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	n = (size_t)(end - s);
	if (n >= 3 && memcmp(s, "#if", 3) == 0 &&
	    (n == 3 || isspace((unsigned char)s[3]))) {
		if (in_template)
			return syntax(c, "{{#if}} is not allowed here");
		s += 3;
		while (s < end && isspace((unsigned char)*s))
			s++;
		if (s == end)
			return syntax(c, "{{#if}} needs a condition");
		if (check_condition(c, s, end) != 0)
			return -1;
		t->kind = TAG_IF;
		t->name = mem_strndup(s, (size_t)(end - s));
		t->cond = dc->nconds;
		dc->conds = mem_realloc(dc->conds,
		    (size_t)(dc->nconds + 1) * sizeof(*dc->conds));
		dc->conds[dc->nconds++] = t->name;
		return 0;
	}
	if (n == 4 && memcmp(s, "else", 4) == 0) {
		t->kind = TAG_ELSE;
		return in_template ? syntax(c, "{{else}} is not allowed here") : 0;
	}
	if (n == 3 && memcmp(s, "/if", 3) == 0) {
		t->kind = TAG_ENDIF;
		return in_template ? syntax(c, "{{/if}} is not allowed here") : 0;
	}
	if (n > 3 && memcmp(s, "qr", 2) == 0 && isspace((unsigned char)s[2])) {
		buf b = BUF_INIT;
		const char *u = s + 3, *ue = end;
		int rc;

		if (in_template)
			return syntax(c, "{{qr}} is not allowed here");
		while (u < ue && isspace((unsigned char)*u))
			u++;
		if (ue - u >= 2 && *u == '"' && ue[-1] == '"') {
			u++;
			ue--;
		}
		/* the nested scan may move the tag table: index it afresh */
		rc = tags_scan(dc, u, (size_t)(ue - u), c->file, c->line, c->col,
		    1, &b, c->d);
		dc->tags[ti].kind = TAG_QR;
		dc->tags[ti].tmpl = b.p ? buf_detach(&b) : mem_strdup("");
		buf_free(&b);
		return rc;
	}
	if (n > 0 && (s[0] == '#' || s[0] == '/'))
		return syntax(c, "unknown block tag (expected {{#if}}, {{else}} or {{/if}})");
	return field(c, s, end, t);
}

/*
 * The tag table is full at the tag c is on. The content is scanned before
 * the templates of other files (a layout's frame lines): when those pass
 * the limit but the content holds more of the tags, the content is named,
 * at its first tag that does not fit beside the others.
 */
static int
too_many(doc *dc, struct cursor *c)
{
	buf msg = BUF_INIT;
	const char *other = NULL;
	int here = 1, content = 0, k = 0;

	for (int i = 0; i < dc->ntags; i++) {
		const char *f = dc->tags[i].file;

		here += f == c->file;
		content += f == dc->path;
		if (f != c->file && other == NULL)
			other = f;
	}
	buf_printf(&msg, "more than %d merge tags", DOC_MAX_TAGS);
	if (c->file == dc->path || here >= content) {
		/* the others: a job has the content and one layout */
		if (other)
			buf_printf(&msg, ": %d in this file and %d in %s", here,
			    dc->ntags + 1 - here, other);
		diag_at(c->d, D_CONTENT_LIMIT, c->file, c->line, c->col,
		    buf_str(&msg));
	} else {
		/* the content's tags past this many do not fit beside the others */
		int fit = DOC_MAX_TAGS - (dc->ntags + 1 - content), i;

		for (i = 0; i < dc->ntags; i++)
			if (dc->tags[i].file == dc->path && k++ == fit)
				break;
		buf_printf(&msg, ": %d in this file and at least %d in %s (from "
		    "this tag on, this file's do not fit beside those)",
		    content, here, c->file);
		diag_at(c->d, D_CONTENT_LIMIT, dc->path, dc->tags[i].line,
		    dc->tags[i].col, buf_str(&msg));
	}
	buf_free(&msg);
	return -1;
}

/* The end of the tag opened at p ("{{"): nested {{ }} and quotes honoured. */
static const char *
tag_end(const char *p, const char *end)
{
	int depth = 0, inq = 0;

	while (p + 1 < end) {
		if (inq) {
			if (*p == '\\')
				p++;
			else if (*p == '"')
				inq = 0;
			p++;
		} else if (*p == '"') {
			inq = 1;
			p++;
		} else if (p[0] == '{' && p[1] == '{') {
			depth++;
			p += 2;
		} else if (p[0] == '}' && p[1] == '}') {
			p += 2;
			if (--depth == 0)
				return p;
		} else
			p++;
	}
	return NULL;
}

int
tags_scan(doc *dc, const char *s, size_t n, const char *file, int line,
    int col, int in_template, buf *out, diag *d)
{
	struct cursor c = {s, s + n, file, line, col, d};
	const char *p = s, *end = s + n;

	while (p < end) {
		const char *q = p;
		uint32_t cp;

		if (p + 1 < end && p[0] == '{' && p[1] == '{') {
			const char *te = tag_end(p, end);
			tag *t;
			int ti;

			if (te == NULL)
				return syntax(&c, "'{{' without a closing '}}'");
			if (dc->ntags == DOC_MAX_TAGS)
				return too_many(dc, &c);
			dc->tags = mem_realloc(dc->tags,
			    (size_t)(dc->ntags + 1) * sizeof(*dc->tags));
			t = &dc->tags[dc->ntags];
			memset(t, 0, sizeof(*t));
			t->file = file;
			t->line = c.line;
			t->col = c.col;
			ti = dc->ntags++;
			if (parse_tag(dc, &c, p + 2, te - 2, in_template, ti) != 0)
				return -1;
			utf8_put(out, DOC_PLACEHOLDER + (uint32_t)ti);
			for (; p < te; p++) {
				if (*p == '\n') {
					c.line++;
					c.col = 1;
				} else if (((unsigned char)*p & 0xC0) != 0x80)
					c.col++;
			}
			continue;
		}
		cp = utf8_next(&p, end);
		if (cp >= DOC_PLACEHOLDER && cp <= 0xF8FF) {
			diag_at(d, D_TAG_SYNTAX, file, c.line, c.col,
			    "private-use characters (U+E000..U+F8FF) are reserved");
			return -1;
		}
		buf_put(out, q, (size_t)(p - q));
		if (cp == '\n') {
			c.line++;
			c.col = 1;
		} else
			c.col++;
	}
	return 0;
}

void
tags_free(tag *t, int n)
{
	for (int i = 0; i < n; i++) {
		mem_free(t[i].name);
		mem_free(t[i].fallback);
		mem_free(t[i].tmpl);
		for (int j = 0; j < t[i].nfilters; j++) {
			mem_free(t[i].filters[j].name);
			mem_free(t[i].filters[j].arg);
		}
	}
	mem_free(t);
}
