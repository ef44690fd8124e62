/* doc: a content file parsed once per job: front matter, merge tags, and Markdown flattened into blocks. */
#include "content/doc.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "content/frontmatter.h"
#include "content/tags.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/path.h"

struct list_ctx {
	int ordered;
	int counter;
};

struct flat {
	doc *dc;
	diag *d;
	block *cur;		/* the paragraph or heading being filled */
	struct list_ctx lists[DOC_MAX_DEPTH + 1];
	int nlists;
	int quote;
	int em, strong;
	int item_first;
	char marker[16];
	int soft;		/* a soft line break is pending */
	int in_image;
	char *images[8];	/* image paths met in the current paragraph */
	int nimages, imgline;
	int table, row, col, ncols, head;	/* the table cell being filled */
	const uint8_t *aligns;	/* the table's column alignments (cmark-gfm's) */
	int note, notes;	/* in a footnote; footnotes so far */
	int box, boxes;		/* in a fenced box (its kind); boxes so far */
	int line_off;		/* in a box: the lines before its text */
	int failed;
};

static void walk(struct flat *f, cmark_node *root);
static cmark_node *parse_markdown(const char *md, size_t n);

static int
read_file(const char *path, buf *b, diag *d)
{
	switch (file_read(path, DOC_MAX_BYTES, 0, b, d)) {
	case FILE_OK:
		return 0;
	case FILE_TOO_LARGE:
		diag_at(d, D_CONTENT_LIMIT, path, 0, 0,
		    "the file is larger than 1 MiB");
		return -1;
	default:
		return -1;
	}
}

int
doc_placeholder(const char *s, size_t n)
{
	const char *p = s;
	uint32_t cp;

	if (n < 3 || (unsigned char)s[0] != 0xEE)
		return -1;
	cp = utf8_next(&p, s + n);
	if (cp < DOC_PLACEHOLDER || cp >= DOC_PLACEHOLDER + DOC_MAX_TAGS)
		return -1;
	return (int)(cp - DOC_PLACEHOLDER);
}

static int
is_cjk(uint32_t cp)
{
	return cp >= 0x2E80 && cp < 0xE000 ? 1 : cp >= 0xF900 && cp < 0xFFF0;
}

static uint32_t
last_cp(const span *sp)
{
	const char *p = sp->text + sp->len;

	while (p > sp->text && ((unsigned char)p[-1] & 0xC0) == 0x80)
		p--;
	if (p > sp->text)
		p--;
	while (p > sp->text && ((unsigned char)*p & 0xC0) == 0x80)
		p--;
	return p < sp->text + sp->len ? utf8_next(&p, sp->text + sp->len) : 0;
}

/*
 * Arrays and span texts grow by doubling: a paragraph of 100,000 text
 * nodes (cmark's pathological inputs) must not copy itself 100,000 times.
 * An array of n elements is grown to 2n when n is 0 or a power of two.
 */
static void *
grow(void *p, int n, size_t size)
{
	if (n == 0 || (n & (n - 1)) == 0)
		return mem_realloc(p, (size_t)(n ? 2 * n : 1) * size);
	return p;
}

/* The allocation of a span text of n bytes, NUL included. */
static size_t
text_cap(size_t n)
{
	size_t c = 16;

	while (c < n)
		c *= 2;
	return c;
}

static void
append(struct flat *f, int style, const char *s, size_t n)
{
	block *b = f->cur;
	span *sp;

	if (b == NULL || n == 0)
		return;
	sp = b->nspans ? &b->spans[b->nspans - 1] : NULL;
	if (f->soft) {
		const char *p = s;
		uint32_t next = utf8_next(&p, s + n);

		f->soft = 0;
		if (sp && !is_cjk(last_cp(sp)) && !is_cjk(next))
			append(f, sp->style, " ", 1);
		sp = &b->spans[b->nspans - 1];
	}
	if (sp == NULL || sp->style != style) {
		b->spans = grow(b->spans, b->nspans, sizeof(*b->spans));
		sp = &b->spans[b->nspans++];
		sp->style = style;
		sp->text = NULL;
		sp->len = 0;
	}
	if (sp->text == NULL || text_cap(sp->len + n + 1) > text_cap(sp->len + 1))
		sp->text = mem_realloc(sp->text, text_cap(sp->len + n + 1));
	memcpy(sp->text + sp->len, s, n);
	sp->len += n;
	sp->text[sp->len] = '\0';
}

static block *
new_block(struct flat *f, enum block_kind kind, int line)
{
	doc *dc = f->dc;
	block *b;

	dc->blocks = grow(dc->blocks, dc->nblocks, sizeof(*dc->blocks));
	b = &dc->blocks[dc->nblocks++];
	memset(b, 0, sizeof(*b));
	b->kind = kind;
	b->indent = f->nlists + (f->note ? 1 : 0);	/* a footnote hangs its number like an item */
	b->quote = f->quote;
	b->line = dc->body_line + f->line_off + line - 1;
	b->tag = -1;
	b->note = f->note;
	b->box = f->box;
	b->box_id = f->box ? f->boxes : 0;
	if (f->ncols > 0 && kind == BLK_PARA) {
		b->ncols = f->ncols;
		b->table = f->table;
		b->row = f->row;
		b->col = f->col;
		b->head = f->head;
		b->align = f->aligns && f->col < f->ncols ? (char)f->aligns[f->col] : 0;
	}
	if (f->item_first && (kind == BLK_PARA || kind == BLK_HEADING)) {
		b->item_first = 1;
		memcpy(b->marker, f->marker, sizeof(b->marker));
		f->item_first = 0;
	}
	return b;
}

static int
style(const struct flat *f)
{
	return (f->em ? SP_EM : 0) | (f->strong ? SP_STRONG : 0);
}

/* A paragraph that is only one control tag becomes a block of its own. */
static void
finish_block(struct flat *f)
{
	doc *dc = f->dc;
	block *b = f->cur;
	const char *s, *e;
	int ti;

	f->cur = NULL;
	f->soft = 0;
	for (int i = 0; i < b->nspans; i++)
		for (size_t j = 0; j + 2 < b->spans[i].len; j++)
			if ((unsigned char)b->spans[i].text[j] == 0xEE &&
			    doc_placeholder(b->spans[i].text + j,
			    b->spans[i].len - j) >= 0)
				b->has_slots = 1;
	if (b->kind == BLK_PARA && b->nspans == 1) {
		s = b->spans[0].text;
		e = s + b->spans[0].len;
		while (s < e && (*s == ' ' || *s == '\n'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
			e--;
		if (e - s == 3 && (ti = doc_placeholder(s, 3)) >= 0) {
			enum tag_kind k = dc->tags[ti].kind;

			if (k != TAG_FIELD) {
				b->kind = k == TAG_IF ? BLK_IF : k == TAG_ELSE ?
				    BLK_ELSE : k == TAG_ENDIF ? BLK_ENDIF : BLK_QR;
				b->tag = ti;
				mem_free(b->spans[0].text);
				mem_free(b->spans);
				b->spans = NULL;
				b->nspans = 0;
			}
		}
	}
	if (b->kind == BLK_PARA && b->nspans == 0 && f->nimages > 0) {
		/* an image alone in its paragraph: the paragraph is the image */
		dc->nblocks--;
	}
	for (int i = 0; i < f->nimages; i++) {
		block *im = new_block(f, BLK_IMAGE, f->imgline);

		im->path = f->images[i];
	}
	f->nimages = 0;
}

static void
check_qr_placement(struct flat *f)
{
	doc *dc = f->dc;

	for (int i = 0; i < dc->nblocks; i++) {
		block *b = &dc->blocks[i];

		for (int j = 0; j < b->nspans; j++)
			for (size_t k = 0; k + 2 < b->spans[j].len; k++) {
				int ti = doc_placeholder(b->spans[j].text + k,
				    b->spans[j].len - k);

				if (ti >= 0 && dc->tags[ti].kind == TAG_QR) {
					diag_at(f->d, D_TAG_SYNTAX, dc->path,
					    dc->tags[ti].line, dc->tags[ti].col,
					    "{{qr}} must stand alone in its paragraph");
					f->failed = 1;
				}
			}
	}
}

/* s past any spaces and then word, or NULL when word is not next. */
static const char *
after(const char *s, const char *word)
{
	size_t n = strlen(word);

	while (*s == ' ')
		s++;
	return strncmp(s, word, n) == 0 ? s + n : NULL;
}

/* <!-- pagebreak --> exactly, spaces optional: not any comment that mentions it */
static int
is_pagebreak(const char *s)
{
	if ((s = after(s, "<!--")) == NULL || (s = after(s, "pagebreak")) == NULL ||
	    (s = after(s, "-->")) == NULL)
		return 0;
	return s[strspn(s, " \n")] == '\0';
}

/* The box a fenced block's info string asks for: ```tint or ```coupon; 0 for code. */
static int
box_kind(const char *info)
{
	size_t n = info ? strcspn(info, " \t{") : 0;

	if (n == 4 && strncmp(info, "tint", 4) == 0)
		return DOC_BOX_TINT;
	if (n == 6 && strncmp(info, "coupon", 6) == 0)
		return DOC_BOX_COUPON;
	return 0;
}

/* A fenced box: its text is Markdown too, its blocks marked as the box's. */
static void
fenced_box(struct flat *f, cmark_node *n, int line)
{
	const char *lit = cmark_node_get_literal(n);
	cmark_node *sub = parse_markdown(lit, strlen(lit));

	f->box = box_kind(cmark_node_get_fence_info(n));
	f->boxes++;
	f->line_off = line;
	walk(f, sub);
	cmark_node_free(sub);
	f->box = 0;
	f->line_off = 0;
}

/* A footnote reference as superscript digits, the number cmark gave it. */
static void
superscript(struct flat *f, const char *num)
{
	static const char *const sup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷",
	    "⁸", "⁹"};

	for (; num && *num >= '0' && *num <= '9'; num++)
		append(f, style(f), sup[*num - '0'], strlen(sup[*num - '0']));
}

/* GFM table parts (an extension's node types, known by name): each cell a paragraph. */
static void
table_part(struct flat *f, cmark_node *n, int line, int entering)
{
	const char *t = cmark_node_get_type_string(n);

	if (strcmp(t, "table") == 0) {
		f->ncols = entering ? cmark_gfm_extensions_get_table_columns(n) : 0;
		f->aligns = entering ? cmark_gfm_extensions_get_table_alignments(n) : NULL;
		f->table += entering;
		f->row = -1;
	} else if (strcmp(t, "table_header") == 0 || strcmp(t, "table_row") == 0) {
		if (entering) {
			f->row++;
			f->col = -1;
			f->head = strcmp(t, "table_header") == 0;
		}
	} else if (strcmp(t, "table_cell") == 0) {
		if (entering) {
			f->col++;
			f->cur = new_block(f, BLK_PARA, line);
		} else if (f->cur)
			finish_block(f);
	}
}

static void
enter(struct flat *f, cmark_node *n)
{
	int line = cmark_node_get_start_line(n);
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_BLOCK_QUOTE:
		f->quote++;
		break;
	case CMARK_NODE_LIST:
		f->lists[f->nlists].ordered =
		    cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
		f->lists[f->nlists].counter = cmark_node_get_list_start(n) - 1;
		f->nlists++;
		break;
	case CMARK_NODE_ITEM: {
		struct list_ctx *l = &f->lists[f->nlists - 1];
		static const char *bullets[] = {"•", "◦", "▪"};

		l->counter++;
		if (l->ordered)
			snprintf(f->marker, sizeof(f->marker), "%d.", l->counter);
		else
			snprintf(f->marker, sizeof(f->marker), "%s",
			    bullets[(f->nlists - 1) % 3]);
		f->item_first = 1;
		break;
	}
	case CMARK_NODE_PARAGRAPH:
		f->cur = new_block(f, BLK_PARA, line);
		break;
	case CMARK_NODE_HEADING:
		f->cur = new_block(f, BLK_HEADING, line);
		f->cur->level = cmark_node_get_heading_level(n);
		if (f->cur->level > 3)
			f->cur->level = 3;
		break;
	case CMARK_NODE_CODE_BLOCK:
		if (box_kind(cmark_node_get_fence_info(n)) && !f->box) {
			fenced_box(f, n, line);
			break;
		}
		f->cur = new_block(f, BLK_PARA, line);
		lit = cmark_node_get_literal(n);
		append(f, SP_CODE, lit, strlen(lit) && lit[strlen(lit) - 1] == '\n' ?
		    strlen(lit) - 1 : strlen(lit));
		finish_block(f);
		break;
	case CMARK_NODE_HTML_BLOCK:
		lit = cmark_node_get_literal(n);
		if (is_pagebreak(lit))
			new_block(f, BLK_PAGEBREAK, line);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		new_block(f, BLK_HR, line);
		break;
	case CMARK_NODE_TEXT:
		if (!f->in_image) {
			lit = cmark_node_get_literal(n);
			append(f, style(f), lit, strlen(lit));
		}
		break;
	case CMARK_NODE_CODE:
		lit = cmark_node_get_literal(n);
		append(f, style(f) | SP_CODE, lit, strlen(lit));
		break;
	case CMARK_NODE_SOFTBREAK:
		if (!f->in_image && f->cur && f->cur->nspans)
			f->soft = 1;
		break;
	case CMARK_NODE_LINEBREAK:
		append(f, style(f), "\n", 1);
		break;
	case CMARK_NODE_EMPH:
		f->em++;
		break;
	case CMARK_NODE_STRONG:
		f->strong++;
		break;
	case CMARK_NODE_FOOTNOTE_REFERENCE:
		superscript(f, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		if (f->notes++ == 0)
			new_block(f, BLK_HR, line);	/* the rule above the notes */
		f->note = 1;
		snprintf(f->marker, sizeof(f->marker), "%d", f->notes);
		f->item_first = 1;
		break;
	case CMARK_NODE_IMAGE:
		f->in_image = 1;
		if (f->nimages < (int)(sizeof(f->images) / sizeof(f->images[0]))) {
			f->images[f->nimages++] =
			    mem_strdup(cmark_node_get_url(n));
			f->imgline = line ? line : (f->cur ? f->cur->line -
			    f->dc->body_line + 1 : 1);
		}
		break;
	default:
		table_part(f, n, line, 1);
		break;
	}
}

static void
leave(struct flat *f, cmark_node *n)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_FOOTNOTE_DEFINITION:
		f->note = 0;
		break;
	case CMARK_NODE_BLOCK_QUOTE:
		f->quote--;
		break;
	case CMARK_NODE_LIST:
		f->nlists--;
		break;
	case CMARK_NODE_PARAGRAPH:
	case CMARK_NODE_HEADING:
		if (f->cur)
			finish_block(f);
		break;
	case CMARK_NODE_EMPH:
		f->em--;
		break;
	case CMARK_NODE_STRONG:
		f->strong--;
		break;
	case CMARK_NODE_IMAGE:
		f->in_image = 0;
		break;
	case CMARK_NODE_LINK: {
		const char *url = cmark_node_get_url(n);
		cmark_node *c = cmark_node_first_child(n);
		const char *lit = c ? cmark_node_get_literal(c) : NULL;

		/* an autolink already shows its address */
		if (url && *url && !(lit && strcmp(lit, url) == 0) &&
		    strncmp(url, "mailto:", 7) != 0) {
			buf b = BUF_INIT;

			buf_printf(&b, " (%s)", url);
			append(f, SP_URL, b.p, b.len);
			buf_free(&b);
		}
		break;
	}
	default:
		table_part(f, n, 0, 0);
		break;
	}
}

/* cmark-gfm's parser with tables and footnotes, allocating through util/mem. */
static cmark_node *
parse_markdown(const char *md, size_t n)
{
	static cmark_mem mem = {mem_calloc, mem_realloc, mem_free};
	cmark_parser *p;
	cmark_node *root;

	cmark_gfm_core_extensions_ensure_registered();
	p = cmark_parser_new_with_mem(CMARK_OPT_SMART | CMARK_OPT_FOOTNOTES, &mem);
	cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension("table"));
	cmark_parser_feed(p, md, n);
	root = cmark_parser_finish(p);
	cmark_parser_free(p);
	return root;
}

/* At most DOC_MAX_IMAGES "![" before cmark sees the text; -1 with the line of the next. */
static int
count_images(doc *dc, const char *md, size_t n, diag *d)
{
	int images = 0, line = 0;

	for (size_t i = 0; i + 1 < n; i++) {
		if (md[i] == '\n')
			line++;
		else if (md[i] == '!' && md[i + 1] == '[' &&
		    ++images > DOC_MAX_IMAGES) {
			diag_at(d, D_CONTENT_LIMIT, dc->path, dc->body_line + line,
			    0, "more than 1000 images ('![')");
			return -1;
		}
	}
	return 0;
}

/* Every node of root, entered and left in document order: no recursion on the tree. */
static void
walk(struct flat *f, cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_event_type ev;
	int depth = 0;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *node = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(node);
		int container = t == CMARK_NODE_LIST || t == CMARK_NODE_BLOCK_QUOTE;

		if (ev == CMARK_EVENT_ENTER) {
			if (container && ++depth > DOC_MAX_DEPTH) {
				diag_at(f->d, D_CONTENT_LIMIT, f->dc->path,
				    f->dc->body_line + f->line_off +
				    cmark_node_get_start_line(node) - 1,
				    0, "lists and quotes nested more than 16 deep");
				f->failed = 1;
				break;
			}
			enter(f, node);
		} else if (ev == CMARK_EVENT_EXIT) {
			if (container)
				depth--;
			leave(f, node);
		}
	}
	cmark_iter_free(it);
}

static int
flatten(doc *dc, const char *md, size_t n, diag *d)
{
	cmark_node *root;
	struct flat f;

	if (count_images(dc, md, n, d) != 0)
		return -1;
	root = parse_markdown(md, n);
	memset(&f, 0, sizeof(f));
	f.dc = dc;
	f.d = d;
	walk(&f, root);
	for (int i = 0; i < f.nimages; i++)
		mem_free(f.images[i]);
	cmark_node_free(root);
	if (!f.failed)
		check_qr_placement(&f);
	return f.failed ? -1 : 0;
}

/* Block-level and inline {{#if}} must each balance on their own. */
static int
check_balance(doc *dc, diag *d)
{
	int depth = 0, seen_else[DOC_MAX_IF_DEPTH] = {0};
	int open_line = 0;

	for (int i = 0; i < dc->nblocks; i++) {
		block *b = &dc->blocks[i];
		int idepth = 0, iopen = -1;
		unsigned char ielse[DOC_MAX_IF_DEPTH + 1];	/* an inline {{else}} seen at that depth */

		if (b->kind == BLK_IF) {
			if (depth == DOC_MAX_IF_DEPTH) {
				diag_at(d, D_CONTENT_LIMIT, dc->path, b->line, 0,
				    "{{#if}} nested more than 64 deep");
				return -1;
			}
			seen_else[depth++] = 0;
			open_line = b->line;
		} else if (b->kind == BLK_ELSE || b->kind == BLK_ENDIF) {
			tag *t = &dc->tags[b->tag];

			if (depth == 0) {
				diag_at(d, D_IF_UNBALANCED, dc->path, t->line, t->col,
				    b->kind == BLK_ELSE ? "{{else}} without {{#if}}" :
				    "{{/if}} without {{#if}}");
				return -1;
			}
			if (b->kind == BLK_ELSE) {
				if (seen_else[depth - 1]++) {
					diag_at(d, D_IF_UNBALANCED, dc->path,
					    t->line, t->col, "a second {{else}}");
					return -1;
				}
			} else
				depth--;
		}
		for (int j = 0; j < b->nspans; j++)
			for (size_t k = 0; k + 2 < b->spans[j].len; k++) {
				int ti = doc_placeholder(b->spans[j].text + k,
				    b->spans[j].len - k);
				tag *t = ti >= 0 ? &dc->tags[ti] : NULL;

				if (t == NULL)
					continue;
				if (t->kind == TAG_IF) {
					if (++idepth > DOC_MAX_IF_DEPTH) {
						diag_at(d, D_CONTENT_LIMIT, dc->path,
						    t->line, t->col,
						    "{{#if}} nested more than 64 deep");
						return -1;
					}
					ielse[idepth] = 0;
					iopen = ti;
				} else if ((t->kind == TAG_ELSE ||
				    t->kind == TAG_ENDIF) && idepth == 0) {
					diag_at(d, D_IF_UNBALANCED, dc->path,
					    t->line, t->col, "this tag closes an "
					    "{{#if}} outside its paragraph; put "
					    "block {{#if}}, {{else}} and {{/if}} "
					    "each on a line of its own with blank "
					    "lines around");
					return -1;
				} else if (t->kind == TAG_ELSE && ielse[idepth]++) {
					diag_at(d, D_IF_UNBALANCED, dc->path,
					    t->line, t->col, "a second {{else}}");
					return -1;
				} else if (t->kind == TAG_ENDIF)
					idepth--;
			}
		if (idepth > 0) {
			diag_at(d, D_IF_UNBALANCED, dc->path, dc->tags[iopen].line,
			    dc->tags[iopen].col, "{{#if}} without {{/if}} in "
			    "its paragraph");
			return -1;
		}
	}
	if (depth > 0) {
		diag_at(d, D_IF_UNBALANCED, dc->path, open_line, 0,
		    "{{#if}} without {{/if}}");
		return -1;
	}
	return 0;
}

/* Split off the front matter: "---" on the first line up to "---" or "...". */
static int
split_front_matter(doc *dc, const char *s, size_t n, diag *d)
{
	const char *p, *end = s + n, *fm, *line;
	int lineno = 2;

	dc->body_line = 1;
	if (!(n >= 4 && memcmp(s, "---", 3) == 0 && (s[3] == '\n' || s[3] == '\r')))
		return 0;
	p = s + (s[3] == '\r' ? 5 : 4);
	fm = p;
	while (p < end) {
		line = p;
		while (p < end && *p != '\n')
			p++;
		if ((p - line >= 3 && (memcmp(line, "---", 3) == 0 ||
		    memcmp(line, "...", 3) == 0)) &&
		    (p - line == 3 || (p - line == 4 && line[3] == '\r'))) {
			if (fm_parse(fm, (size_t)(line - fm), dc->path, 2, &dc->fm,
			    &dc->nfm, d) != 0)
				return -1;
			dc->body_line = lineno + 1;
			return (int)(p < end ? p + 1 - s : p - s);
		}
		if (p < end)
			p++;
		lineno++;
	}
	diag_at(d, D_FRONT_MATTER, dc->path, 1, 1,
	    "the front matter opened with --- is never closed");
	return -1;
}

doc *
doc_load(const char *path, diag *d)
{
	buf raw = BUF_INIT;
	doc *dc = NULL;

	if (read_file(path, &raw, d) == 0)
		dc = doc_parse(path, buf_str(&raw), raw.len, d);
	buf_free(&raw);
	return dc;
}

doc *
doc_parse(const char *path, const char *data, size_t len, diag *d)
{
	doc *dc = mem_calloc(1, sizeof(*dc));
	buf raw = BUF_INIT, body = BUF_INIT, nfc = BUF_INIT;
	size_t bad, skip = 0;
	int off, line, col;
	const char *s;

	dc->path = mem_strdup(path);
	dc->dir = path_dir(path);
	if (len > DOC_MAX_BYTES) {
		diag_at(d, D_CONTENT_LIMIT, path, 0, 0, "the file is larger than 1 MiB");
		goto fail;
	}
	buf_put(&raw, data, len);
	s = buf_str(&raw);
	if (utf8_valid(s, raw.len, &bad) != 0) {
		line = 1;
		col = 1;
		for (size_t i = 0; i < bad; i++)
			if (s[i] == '\n') {
				line++;
				col = 1;
			} else if (((unsigned char)s[i] & 0xC0) != 0x80)
				col++;
		diag_at(d, D_BAD_UTF8, path, line, col, "the content file");
		goto fail;
	}
	if (utf8_nfc(s, raw.len, &nfc) != 0) {
		diag_at(d, D_BAD_UTF8, path, 0, 0, "the content file (cannot normalize)");
		buf_free(&nfc);
		goto fail;
	}
	buf_free(&raw);
	raw = nfc;
	nfc = (buf)BUF_INIT;
	s = buf_str(&raw);
	if (raw.len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	if ((off = split_front_matter(dc, s + skip, raw.len - skip, d)) < 0)
		goto fail;
	if (tags_scan(dc, s + skip + off, raw.len - skip - (size_t)off, dc->path,
	    dc->body_line, 1, 0, &body, d) != 0)
		goto fail;
	if (flatten(dc, buf_str(&body), body.len, d) != 0 ||
	    check_balance(dc, d) != 0)
		goto fail;
	buf_free(&raw);
	buf_free(&body);
	return dc;
fail:
	buf_free(&raw);
	buf_free(&body);
	doc_free(dc);
	return NULL;
}

/* file's name as the doc keeps it, for tags that outlive the caller's string. */
static const char *
kept_name(doc *dc, const char *file)
{
	if (strcmp(file, dc->path) == 0)
		return dc->path;
	for (int i = 0; i < dc->nfiles; i++)
		if (strcmp(file, dc->files[i]) == 0)
			return dc->files[i];
	dc->files = mem_realloc(dc->files, (size_t)(dc->nfiles + 1) *
	    sizeof(*dc->files));
	return dc->files[dc->nfiles++] = mem_strdup(file);
}

char *
doc_template(doc *dc, const char *text, const char *file, int line, diag *d)
{
	buf b = BUF_INIT;
	char *s;

	file = kept_name(dc, file);
	if (tags_scan(dc, text, strlen(text), file, line, 1, 1, &b, d) != 0) {
		buf_free(&b);
		return NULL;
	}
	s = b.p ? buf_detach(&b) : mem_strdup("");
	buf_free(&b);
	return s;
}

const char *
doc_fm(const doc *dc, const char *key)
{
	for (int i = 0; i < dc->nfm; i++)
		if (strcmp(dc->fm[i].key, key) == 0)
			return dc->fm[i].value;
	return NULL;
}

int
doc_fm_line(const doc *dc, const char *key)
{
	for (int i = 0; i < dc->nfm; i++)
		if (strcmp(dc->fm[i].key, key) == 0)
			return dc->fm[i].line;
	return 1;
}

const char **
doc_conditions(const doc *dc)
{
	return (const char **)dc->conds;
}

void
doc_free(doc *dc)
{
	if (dc == NULL)
		return;
	for (int i = 0; i < dc->nblocks; i++) {
		for (int j = 0; j < dc->blocks[i].nspans; j++)
			mem_free(dc->blocks[i].spans[j].text);
		mem_free(dc->blocks[i].spans);
		mem_free(dc->blocks[i].path);
	}
	mem_free(dc->blocks);
	tags_free(dc->tags, dc->ntags);
	mem_free(dc->conds);
	for (int i = 0; i < dc->nfiles; i++)
		mem_free(dc->files[i]);
	mem_free(dc->files);
	fm_free(dc->fm, dc->nfm);
	mem_free(dc->path);
	mem_free(dc->dir);
	mem_free(dc);
}
