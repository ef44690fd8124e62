/* testpdf: for the tests that check real PDFs with real tools: a command's output, a buf saved as a file. */
#ifndef TAYORI_TESTPDF_H
#define TAYORI_TESTPDF_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "render/pdfnum.h"
#include "render/pdfw.h"
#include "util/buf.h"

/* The test's own directory, $TAYORI_TEST_TMP/name (or /tmp/name), made and its path into dir. */
static inline void
testpdf_dir(const char *name, char *dir, size_t len)
{
	const char *t = getenv("TAYORI_TEST_TMP");

	if (t && *t)
		mkdir(t, 0777);
	snprintf(dir, len, "%s/%s", t && *t ? t : "/tmp", name);
	mkdir(dir, 0777);
}

/* Run a shell command (a printf format); its stdout into out; its exit status, -1 when killed. */
static inline int
testpdf_run(buf *out, const char *fmt, ...)
{
	char cmd[4096], chunk[4096];
	va_list ap;
	FILE *f;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf_clear(out);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* b as the file dir/name, its path into path. */
static inline void
testpdf_save(const char *dir, const char *name, const buf *b, char *path, size_t len)
{
	FILE *f;

	snprintf(path, len, "%s/%s", dir, name);
	assert_non_null(f = fopen(path, "wb"));
	assert_int_equal(fwrite(b->p, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

/* The page tree pages of the n pages kids, and the catalog naming it. */
static inline void
testpdf_catalog(pdfw *w, int catalog, int pages, const int *kids, int n)
{
	buf *b;

	pdfw_begin(w, pages);
	b = pdfw_buf(w);
	buf_puts(b, "<< /Type /Pages /Count ");
	pdfnum_put_int(b, n);
	buf_puts(b, " /Kids [");
	for (int i = 0; i < n; i++) {
		buf_putc(b, ' ');
		pdfw_put_ref(b, kids[i]);
	}
	buf_puts(b, " ] >>");
	pdfw_end(w);
	pdfw_begin(w, catalog);
	buf_puts(pdfw_buf(w), "<< /Type /Catalog /Pages ");
	pdfw_put_ref(pdfw_buf(w), pages);
	buf_puts(pdfw_buf(w), " >>");
	pdfw_end(w);
}

#endif
