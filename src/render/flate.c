/* flate: whole-buffer compression in the zlib format PDF's FlateDecode reads, through libdeflate. */
#include "render/flate.h"

#include <libdeflate.h>

#include "util/mem.h"

struct flate {
	struct libdeflate_compressor *c;
};

flate *
flate_new(int level)
{
	struct libdeflate_compressor *c = libdeflate_alloc_compressor(level);
	flate *f;

	if (c == NULL)
		return NULL;
	f = mem_calloc(1, sizeof(*f));
	f->c = c;
	return f;
}

int
flate_compress(flate *f, const void *in, size_t n, buf *out)
{
	size_t bound = libdeflate_zlib_compress_bound(f->c, n), got;

	/* room for the bound, then give back what was not used */
	if (out->cap < out->len + bound + 1) {
		out->cap = out->len + bound + 1;
		out->p = mem_realloc(out->p, out->cap);
	}
	got = libdeflate_zlib_compress(f->c, in, n, out->p + out->len, bound);
	if (got == 0)
		return -1;
	out->len += got;
	out->p[out->len] = '\0';
	return 0;
}

void
flate_free(flate *f)
{
	if (f == NULL)
		return;
	libdeflate_free_compressor(f->c);
	mem_free(f);
}
