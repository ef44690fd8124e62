/* pdfw: a streaming PDF object writer: numbered objects out as they are made, the xref and trailer at the end. */
#include "render/pdfw.h"

#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "render/flate.h"
#include "render/pdfnum.h"
#include "text/utf8.h"
#include "util/mem.h"

#define CHUNK_BITS	16	/* object offsets are kept in chunks of 65,536 */
#define CHUNK		(1 << CHUNK_BITS)
#define RESIDENT	2	/* chunks behind the newest kept in memory; older ones go to a file */
#define UNWRITTEN	UINT64_MAX

struct pdfw {
	pdfw_sink sink;
	void *ctx;
	buf out;		/* bytes not yet handed to the sink */
	uint64_t flushed;	/* bytes handed over */
	/*
	 * The offsets of objects 1.. (index num - 1), 8 bytes each: the last
	 * chunks in memory, the older ones (NULL here) in spill at 8 * index,
	 * so a million copies cost no memory for their offsets.
	 */
	uint64_t **chunks;
	int nchunks;
	FILE *spill;
	int next;		/* the next number pdfw_alloc gives */
	int open;		/* the object between pdfw_begin and pdfw_end */
	int failed;
	int sink_failed;	/* and it was the sink: its owner knows why */
	flate *fl;
	buf z;			/* compression scratch */
	/* the file identifier: two 64-bit lanes over 8-byte words, whatever the blocks */
	uint64_t h1, h2;
	unsigned char tail[8];
	size_t ntail;
};

static void
hash_word(pdfw *w, uint64_t v)
{
	w->h1 = (w->h1 ^ v) * 0x100000001b3ULL;
	w->h1 ^= w->h1 >> 29;
	w->h2 = (w->h2 + v) * 0x9e3779b97f4a7c15ULL;
	w->h2 ^= w->h2 >> 31;
}

static void
hash_bytes(pdfw *w, const unsigned char *p, size_t n)
{
	uint64_t v;

	while (n > 0 && (w->ntail > 0 || n < 8)) {
		w->tail[w->ntail++] = *p++;
		n--;
		if (w->ntail == 8) {
			memcpy(&v, w->tail, 8);
			hash_word(w, v);
			w->ntail = 0;
		}
	}
	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&v, p, 8);
		hash_word(w, v);
	}
	while (n-- > 0)
		w->tail[w->ntail++] = *p++;
}

static void
flush(pdfw *w)
{
	if (w->out.len == 0)
		return;
	hash_bytes(w, (const unsigned char *)w->out.p, w->out.len);
	if (!w->failed && w->sink(w->ctx, w->out.p, w->out.len) != 0)
		w->failed = w->sink_failed = 1;
	w->flushed += w->out.len;
	buf_clear(&w->out);
}

pdfw *
pdfw_new(pdfw_sink sink, void *ctx)
{
	pdfw *w = mem_calloc(1, sizeof(*w));

	w->sink = sink;
	w->ctx = ctx;
	w->next = 1;
	w->h1 = 0xcbf29ce484222325ULL;
	w->h2 = 0x6a09e667f3bcc909ULL;
	if ((w->fl = flate_new(FLATE_LEVEL)) == NULL)
		w->failed = 1;
	/* a comment of four bytes over 127: the file is binary */
	buf_puts(&w->out, "%PDF-1.6\012%\342\343\317\323\012");
	return w;
}

void
pdfw_version(pdfw *w, int minor)
{
	if (w->flushed == 0 && w->out.len > 7 && minor >= 0 && minor <= 9)
		w->out.p[7] = (char)('0' + minor);
	else
		w->failed = 1;	/* a writer's bug: the header is gone */
}

int
pdfw_failed(const pdfw *w)
{
	return w->failed;
}

int
pdfw_sink_failed(const pdfw *w)
{
	return w->sink_failed;
}

/* Object num's offset (UNWRITTEN: not yet); a spill that cannot be read fails the writer. */
static uint64_t
get_offset(pdfw *w, int num)
{
	uint64_t *c = w->chunks[(num - 1) >> CHUNK_BITS], v;

	if (c)
		return c[(num - 1) & (CHUNK - 1)];
	if (fseeko(w->spill, (off_t)(num - 1) * 8, SEEK_SET) != 0 ||
	    fread(&v, 8, 1, w->spill) != 1) {
		w->failed = 1;
		return UNWRITTEN;
	}
	return v;
}

static void
set_offset(pdfw *w, int num, uint64_t v)
{
	uint64_t *c = w->chunks[(num - 1) >> CHUNK_BITS];

	if (c)
		c[(num - 1) & (CHUNK - 1)] = v;
	else if (fseeko(w->spill, (off_t)(num - 1) * 8, SEEK_SET) != 0 ||
	    fwrite(&v, 8, 1, w->spill) != 1)
		w->failed = 1;
}

/* Move chunk i to the spill file. */
static void
retire(pdfw *w, int i)
{
	if (w->spill == NULL && (w->spill = tmpfile()) == NULL) {
		w->failed = 1;
		return;
	}
	if (fseeko(w->spill, (off_t)i * CHUNK * 8, SEEK_SET) != 0 ||
	    fwrite(w->chunks[i], 8, CHUNK, w->spill) != (size_t)CHUNK) {
		w->failed = 1;
		return;
	}
	mem_free(w->chunks[i]);
	w->chunks[i] = NULL;
}

int
pdfw_alloc(pdfw *w)
{
	int num = w->next++;

	if (((num - 1) & (CHUNK - 1)) == 0) {
		w->chunks = mem_realloc(w->chunks, (size_t)(w->nchunks + 1) *
		    sizeof(*w->chunks));
		w->chunks[w->nchunks] = mem_alloc(CHUNK * sizeof(uint64_t));
		memset(w->chunks[w->nchunks++], 0xff, CHUNK * sizeof(uint64_t));
		if (w->nchunks > RESIDENT + 1)
			retire(w, w->nchunks - RESIDENT - 2);
	}
	return num;
}

uint64_t
pdfw_offset(const pdfw *w)
{
	return w->flushed + w->out.len;
}

void
pdfw_begin(pdfw *w, int num)
{
	if (num < 1 || num >= w->next || w->open || get_offset(w, num) != UNWRITTEN) {
		w->failed = 1;	/* a writer's bug: never a valid file */
		return;
	}
	set_offset(w, num, pdfw_offset(w));
	w->open = num;
	pdfnum_put_int(&w->out, num);
	buf_puts(&w->out, " 0 obj\012");
}

buf *
pdfw_buf(pdfw *w)
{
	return &w->out;
}

void
pdfw_end(pdfw *w)
{
	buf_puts(&w->out, "\012endobj\012");
	w->open = 0;
	if (w->out.len >= PDFW_BLOCK)
		flush(w);
}

void
pdfw_flush(pdfw *w)
{
	flush(w);
}

int
pdfw_compress(pdfw *w, const void *data, size_t n, buf *out)
{
	if (w->fl == NULL || flate_compress(w->fl, n ? data : "", n, out) != 0) {
		w->failed = 1;
		return -1;
	}
	return 0;
}

void
pdfw_stream(pdfw *w, int num, const char *dict, const void *data, size_t n, int how)
{
	if (how == PDFW_COMPRESS) {
		buf_clear(&w->z);
		if (pdfw_compress(w, data, n, &w->z) != 0)
			return;
		data = w->z.p;
		n = w->z.len;
	}
	pdfw_begin(w, num);
	buf_puts(&w->out, "<< /Length ");
	pdfnum_put_int(&w->out, (long long)n);
	if (how != PDFW_RAW)
		buf_puts(&w->out, " /Filter /FlateDecode");
	if (dict && *dict) {
		buf_putc(&w->out, ' ');
		buf_puts(&w->out, dict);
	}
	buf_puts(&w->out, " >>\012stream\012");
	if (n >= PDFW_BLOCK) {
		/* a big stream (a font, an image) goes to the sink as it is */
		flush(w);
		hash_bytes(w, data, n);
		if (!w->failed && w->sink(w->ctx, data, n) != 0)
			w->failed = w->sink_failed = 1;
		w->flushed += n;
	} else if (n > 0)
		buf_put(&w->out, data, n);
	buf_puts(&w->out, "\012endstream");
	pdfw_end(w);
}

void
pdfw_put_ref(buf *b, int num)
{
	pdfnum_put_int(b, num);
	buf_puts(b, " 0 R");
}

void
pdfw_put_refs(buf *b, const int *nums, size_t n)
{
	buf_putc(b, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(b, ' ');
		pdfw_put_ref(b, nums[i]);
	}
	buf_putc(b, ']');
}

void
pdfw_put_name(buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	buf_putc(b, '/');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c > 0x20 && c < 0x7f && strchr("#%()/<>[]{}", c) == NULL)
			buf_putc(b, c);
		else {
			buf_putc(b, '#');
			buf_putc(b, hex[c >> 4]);
			buf_putc(b, hex[c & 15]);
		}
	}
}

void
pdfw_put_text(buf *b, const char *s)
{
	const char *t;
	size_t adv;

	for (t = s; *t && (unsigned char)*t < 0x80; t++)
		;
	if (*t == '\0') {
		buf_putc(b, '(');
		for (t = s; *t; t++) {
			if (*t == '(' || *t == ')' || *t == '\\')
				buf_putc(b, '\\');
			if (*t == '\r' || *t == '\n')
				buf_puts(b, *t == '\r' ? "\\r" : "\\n");
			else
				buf_putc(b, *t);
		}
		buf_putc(b, ')');
		return;
	}
	buf_puts(b, "<FEFF");
	for (t = s; *t; t += adv) {
		long cp = utf8_decode(t, strlen(t), &adv);

		if (cp <= 0) {
			cp = 0xfffd;	/* not UTF-8: the replacement character */
			adv = 1;
		}
		if (cp > 0xffff) {
			cp -= 0x10000;
			pdfnum_put_hex4(b, 0xd800 + ((unsigned long)cp >> 10));
			pdfnum_put_hex4(b, 0xdc00 + ((unsigned long)cp & 0x3ff));
		} else
			pdfnum_put_hex4(b, (unsigned long)cp);
	}
	buf_putc(b, '>');
}

/* Ten digits, zero-padded: an xref offset. */
static void
put_offset(buf *b, uint64_t v)
{
	char d[10];

	for (int i = 9; i >= 0; i--, v /= 10)
		d[i] = (char)('0' + v % 10);
	buf_put(b, d, 10);
}

static void
put_id_lane(buf *b, uint64_t v)
{
	static const char hex[] = "0123456789ABCDEF";

	for (int i = 60; i >= 0; i -= 4)
		buf_putc(b, hex[(v >> i) & 15]);
}

int
pdfw_finish(pdfw *w, int root, int info)
{
	uint64_t xref, h1, h2, *back = NULL;

	if (w->failed || w->open)
		return -1;
	xref = pdfw_offset(w);
	buf_puts(&w->out, "xref\0120 ");
	pdfnum_put_int(&w->out, w->next);
	buf_puts(&w->out, "\0120000000000 65535 f\015\012");
	for (int i = 0; i < w->nchunks && !w->failed; i++) {
		const uint64_t *c = w->chunks[i];
		int n = w->next - 1 - i * CHUNK < CHUNK ? w->next - 1 - i * CHUNK : CHUNK;

		if (c == NULL) {	/* read back from the spill */
			if (back == NULL)
				back = mem_alloc(CHUNK * sizeof(*back));
			if (fseeko(w->spill, (off_t)i * CHUNK * 8, SEEK_SET) != 0 ||
			    fread(back, 8, (size_t)n, w->spill) != (size_t)n)
				w->failed = 1;
			c = back;
		}
		for (int k = 0; k < n && !w->failed; k++) {
			if (c[k] >= 10000000000ULL)
				w->failed = 1;	/* unwritten, or past what xref can say */
			put_offset(&w->out, c[k]);
			buf_puts(&w->out, " 00000 n\015\012");
			if (w->out.len >= PDFW_BLOCK)
				flush(w);
		}
	}
	mem_free(back);
	if (w->failed)
		return -1;
	flush(w);
	for (size_t i = 0; i < w->ntail; i++)
		hash_word(w, w->tail[i]);
	h1 = w->h1;
	h2 = w->h2;
	buf_puts(&w->out, "trailer\012<< /Size ");
	pdfnum_put_int(&w->out, w->next);
	buf_puts(&w->out, " /Root ");
	pdfw_put_ref(&w->out, root);
	if (info > 0) {
		buf_puts(&w->out, " /Info ");
		pdfw_put_ref(&w->out, info);
	}
	buf_puts(&w->out, " /ID [ <");
	put_id_lane(&w->out, h1);
	put_id_lane(&w->out, h2);
	buf_puts(&w->out, "> <");
	put_id_lane(&w->out, h1);
	put_id_lane(&w->out, h2);
	buf_puts(&w->out, "> ] >>\012startxref\012");
	pdfnum_put_int(&w->out, (long long)xref);
	buf_puts(&w->out, "\012%%EOF\012");
	flush(w);
	return w->failed ? -1 : 0;
}

void
pdfw_free(pdfw *w)
{
	if (w == NULL)
		return;
	for (int i = 0; i < w->nchunks; i++)
		mem_free(w->chunks[i]);
	mem_free(w->chunks);
	if (w->spill)
		fclose(w->spill);
	flate_free(w->fl);
	buf_free(&w->out);
	buf_free(&w->z);
	mem_free(w);
}

int
pdfw_sink_buf(void *ctx, const void *p, size_t n)
{
	buf_put(ctx, p, n);
	return 0;
}
