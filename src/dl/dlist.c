/* dlist: the display list, pages of positioned text runs, lines, rectangles, images and QR codes. */
#include "dl/dlist.h"

#include <stdint.h>
#include <string.h>

#include "util/mem.h"

dl_copy *
dl_copy_new(double width, double height)
{
	dl_copy *c = mem_calloc(1, sizeof(*c));

	c->width = width;
	c->height = height;
	c->vary = 1;
	c->arena = arena_new();
	return c;
}

void
dl_copy_free(dl_copy *c)
{
	if (c == NULL)
		return;
	if (c->ahead_free != NULL)
		c->ahead_free(c->ahead);
	for (size_t i = 0; i < c->npages; i++)
		mem_free(c->pages[i].items);
	mem_free(c->pages);
	arena_free(c->arena);
	mem_free(c);
}

dl_page *
dl_page_add(dl_copy *c)
{
	if (c->npages == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4;
		c->pages = mem_realloc(c->pages, c->cap * sizeof(*c->pages));
	}
	memset(&c->pages[c->npages], 0, sizeof(c->pages[0]));
	return &c->pages[c->npages++];
}

void
dl_page_reserve(dl_page *p, size_t n)
{
	if (n <= p->cap)
		return;
	p->cap = n;
	p->items = mem_realloc(p->items, p->cap * sizeof(*p->items));
}

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

void
dl_static_begin(dl_copy *c, enum dl_site site, const double *in, size_t n,
    const char *s)
{
	uint64_t h = mix(mix(0xcbf29ce484222325ULL, (uint64_t)site), n), v;

	for (size_t i = 0; i < n; i++) {
		memcpy(&v, &in[i], sizeof(v));
		h = mix(h, v);
	}
	if (s != NULL) {
		size_t len = strlen(s), i;

		for (i = 0; i + 8 <= len; i += 8) {
			memcpy(&v, s + i, 8);
			h = mix(h, v);
		}
		v = 0;
		memcpy(&v, s + i, len - i);
		h = mix(mix(h, v), len + 1);
	}
	if (!c->scoped)
		c->scope_vary = c->vary;
	c->scoped = 1;
	c->scope = h;
	c->scope_n = 0;
	c->vary = 0;
}

void
dl_static_end(dl_copy *c)
{
	if (!c->scoped)
		return;
	c->scoped = 0;
	c->vary = c->scope_vary;
}

/* The n items just added to p: unvarying ones go into its key, or leave it unkeyed. */
static void
note_static(dl_copy *c, dl_page *p, size_t n)
{
	if (c->vary)
		return;
	p->nstatic += n;
	if (!c->scoped) {
		p->unkeyed = 1;
		return;
	}
	/*
	 * which of the scope's items the page took (they follow in the same
	 * order in every copy), one at a time: items appended together key
	 * the page as the same items added one by one
	 */
	for (size_t i = 0; i < n; i++)
		p->key = mix(p->key, c->scope ^ (++c->scope_n * 0xbf58476d1ce4e5b9ULL));
}

static dl_item *
add(dl_copy *c, dl_page *p, enum dl_kind kind)
{
	dl_item *it;

	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 32;
		p->items = mem_realloc(p->items, p->cap * sizeof(*p->items));
	}
	it = &p->items[p->n++];
	memset(it, 0, sizeof(*it));
	it->kind = kind;
	it->color = DL_BLACK;
	it->vary = (unsigned char)c->vary;
	note_static(c, p, 1);
	return it;
}

dl_item *
dl_append(dl_copy *c, dl_page *p, const dl_item *its, size_t n)
{
	dl_item *first;

	if (n == 0)
		return NULL;
	if (p->n + n > p->cap) {
		p->cap = p->n + n > 2 * p->cap ? p->n + n : 2 * p->cap;
		p->items = mem_realloc(p->items, p->cap * sizeof(*p->items));
	}
	first = &p->items[p->n];
	memcpy(first, its, n * sizeof(*its));
	for (size_t i = 0; i < n; i++)
		first[i].vary = (unsigned char)c->vary;
	p->n += n;
	note_static(c, p, n);
	return first;
}

dl_item *
dl_last(dl_page *p)
{
	return p->n ? &p->items[p->n - 1] : NULL;
}

void
dl_text(dl_copy *c, dl_page *p, double x, double y, int font, double size,
    dl_color color, const char *s, size_t len)
{
	dl_item *it = add(c, p, DL_TEXT);

	it->x = x;
	it->y = y;
	it->font = font;
	it->size = size;
	it->color = color;
	it->str = arena_strndup(c->arena, s, len);
	it->len = len;
}

void
dl_line(dl_copy *c, dl_page *p, double x0, double y0, double x1, double y1,
    double width, dl_color color)
{
	dl_item *it = add(c, p, DL_LINE);

	it->x = x0;
	it->y = y0;
	it->w = x1 - x0;
	it->h = y1 - y0;
	it->size = width;
	it->color = color;
}

void
dl_rect(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    int fill, double width, dl_color color)
{
	dl_item *it = add(c, p, DL_RECT);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->fill = fill;
	it->size = width;
	it->color = color;
}

void
dl_image(dl_copy *c, dl_page *p, double x, double y, double w, double h,
    const char *path)
{
	dl_item *it = add(c, p, DL_IMAGE);

	it->x = x;
	it->y = y;
	it->w = w;
	it->h = h;
	it->str = arena_strdup(c->arena, path);
	it->len = strlen(path);
}

void
dl_qr(dl_copy *c, dl_page *p, double x, double y, double side, const char *text)
{
	dl_item *it = add(c, p, DL_QR);

	it->x = x;
	it->y = y;
	it->w = it->h = side;
	it->str = arena_strdup(c->arena, text);
	it->len = strlen(text);
}

dl_color
dl_spot_color(const dl_spot *s, double tint)
{
	dl_color c = DL_CMYK(s->c * tint, s->m * tint, s->y * tint, s->k * tint);

	c.spot = s;
	c.tint = tint;

	return c;
}

int
dl_spot_equal(const dl_spot *a, const dl_spot *b)
{
	if (a == b)
		return 1;
	return strcmp(a->name, b->name) == 0 && a->c == b->c && a->m == b->m &&
	    a->y == b->y && a->k == b->k;
}

int
dl_color_equal(dl_color a, dl_color b)
{
	if ((a.spot == NULL) != (b.spot == NULL))
		return 0;
	if (a.spot != NULL)
		return dl_spot_equal(a.spot, b.spot) && a.tint == b.tint;
	return a.c == b.c && a.m == b.m && a.y == b.y && a.k == b.k;
}

static void
dump_color(buf *out, dl_color k)
{
	if (k.spot != NULL)
		buf_printf(out, " spot(%s,%.2f,%.2f,%.2f,%.2f,%.2f)", k.spot->name,
		    k.spot->c, k.spot->m, k.spot->y, k.spot->k, k.tint);
	else
		buf_printf(out, " cmyk(%.2f,%.2f,%.2f,%.2f)", k.c, k.m, k.y, k.k);
}

void
dl_dump(const dl_copy *c, buf *out)
{
	buf_printf(out, "copy %.2f x %.2f, %zu page(s)\n", c->width, c->height,
	    c->npages);
	for (size_t i = 0; i < c->npages; i++) {
		const dl_page *p = &c->pages[i];

		buf_printf(out, "page %zu%s\n", i + 1, c->pages[i].rotate ?
		    " turned 180" : "");
		for (size_t j = 0; j < p->n; j++) {
			const dl_item *it = &p->items[j];

			switch (it->kind) {
			case DL_TEXT:
				buf_printf(out, "  text %.2f %.2f f%d %.2f", it->x,
				    it->y, it->font, it->size);
				if (it->w != 0)
					buf_printf(out, " w%.2f", it->w);
				if (it->spacing != 0)
					buf_printf(out, " sp%.2f", it->spacing);
				if (it->glyph != 0)
					buf_printf(out, " g%u", it->glyph);
				buf_printf(out, " \"%.*s\"", (int)it->len, it->str);
				break;
			case DL_LINE:
				buf_printf(out, "  line %.2f %.2f %.2f %.2f w%.2f",
				    it->x, it->y, it->x + it->w, it->y + it->h,
				    it->size);
				dump_color(out, it->color);
				break;
			case DL_RECT:
				buf_printf(out, "  rect %.2f %.2f %.2f %.2f %s",
				    it->x, it->y, it->w, it->h,
				    it->fill ? "fill" : "stroke");
				if (it->dash > 0)
					buf_printf(out, " dash%.2f", it->dash);
				dump_color(out, it->color);
				break;
			case DL_IMAGE:
				buf_printf(out, "  image %.2f %.2f %.2f %.2f %s",
				    it->x, it->y, it->w, it->h, it->str);
				break;
			case DL_QR:
				buf_printf(out, "  qr %.2f %.2f %.2f %s", it->x,
				    it->y, it->w, it->str);
				break;
			}
			buf_putc(out, '\n');
		}
	}
}
