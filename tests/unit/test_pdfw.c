/* test_pdfw: the object writer's files pass qpdf --check, objects may come in any order, equal input gives equal bytes. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "render/pdfw.h"
#include "util/mem.h"
#include "testpdf.h"

static char tmpdir[1024];

static int
setup(void **state)
{
	testpdf_dir("test_pdfw", tmpdir, sizeof(tmpdir));
	return 0;
}

/*
 * A file of npages pages with a line of text each, the page objects
 * written before the page tree that they name and that names them.
 */
static int
one_file(buf *out, int npages, const char *word)
{
	pdfw *w = pdfw_new(pdfw_sink_buf, out);
	int catalog = pdfw_alloc(w), pages = pdfw_alloc(w), font = pdfw_alloc(w);
	int *kids = mem_alloc((size_t)npages * sizeof(*kids)), rc;
	buf *b, content = BUF_INIT;

	for (int i = 0; i < npages; i++) {
		int contents = pdfw_alloc(w);

		kids[i] = pdfw_alloc(w);
		buf_clear(&content);
		buf_printf(&content, "BT /F1 12 Tf 72 720 Td (%s %d) Tj ET\n", word, i + 1);
		pdfw_stream(w, contents, NULL, content.p, content.len,
		    i % 2 ? PDFW_COMPRESS : PDFW_RAW);
		pdfw_begin(w, kids[i]);
		b = pdfw_buf(w);
		buf_puts(b, "<< /Type /Page /Parent ");
		pdfw_put_ref(b, pages);
		buf_puts(b, " /MediaBox [0 0 612 792] /Resources << /Font << /F1 ");
		pdfw_put_ref(b, font);
		buf_puts(b, " >> >> /Contents ");
		pdfw_put_ref(b, contents);
		buf_puts(b, " >>");
		pdfw_end(w);
	}
	testpdf_catalog(w, catalog, pages, kids, npages);
	pdfw_begin(w, font);
	buf_puts(pdfw_buf(w), "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
	pdfw_end(w);
	rc = pdfw_finish(w, catalog, 0);
	pdfw_free(w);
	buf_free(&content);
	mem_free(kids);
	return rc;
}

static void
test_objects_out_of_order_make_a_valid_file(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	assert_int_equal(one_file(&pdf, 300, "Hello"), 0);
	testpdf_save(tmpdir, "order.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "qpdf --check '%s' 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "No syntax or stream encoding errors"));
	assert_int_equal(testpdf_run(&o, "pdftotext -f 300 -l 300 '%s' - 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "Hello 300"));
	buf_free(&pdf);
	buf_free(&o);
}

/* 100,000 pages: 200,000 objects, whose offsets mostly wait in the spill file; the catalog, number 1, is written last. */
static void
test_offsets_spilled_to_a_file_come_back(void **state)
{
	buf pdf = BUF_INIT, o = BUF_INIT;
	char path[1200];

	assert_int_equal(one_file(&pdf, 100000, "Page"), 0);
	testpdf_save(tmpdir, "spill.pdf", &pdf, path, sizeof(path));
	assert_int_equal(testpdf_run(&o, "qpdf --check '%s' 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "No syntax or stream encoding errors"));
	assert_int_equal(testpdf_run(&o, "pdftotext -f 100000 -l 100000 '%s' - 2>&1", path), 0);
	assert_non_null(strstr(buf_str(&o), "Page 100000"));
	buf_free(&pdf);
	buf_free(&o);
}

/* An object numbered early, its offset spilled, and never written: the file fails. */
static void
test_an_unwritten_spilled_object_fails_the_file(void **state)
{
	buf out = BUF_INIT;
	pdfw *w = pdfw_new(pdfw_sink_buf, &out);
	int catalog = pdfw_alloc(w);

	(void)pdfw_alloc(w);	/* never written */
	for (int i = 0; i < 300000; i++) {
		int n = pdfw_alloc(w);

		pdfw_begin(w, n);
		buf_puts(pdfw_buf(w), "null");
		pdfw_end(w);
	}
	pdfw_begin(w, catalog);
	buf_puts(pdfw_buf(w), "<< /Type /Catalog >>");
	pdfw_end(w);
	assert_false(pdfw_failed(w));
	assert_int_equal(pdfw_finish(w, catalog, 0), -1);
	pdfw_free(w);
	buf_free(&out);
}

static void
test_equal_input_equal_bytes_other_input_other_id(void **state)
{
	buf a = BUF_INIT, b = BUF_INIT, c = BUF_INIT;
	const char *ia, *ic;

	assert_int_equal(one_file(&a, 40, "Hello"), 0);
	assert_int_equal(one_file(&b, 40, "Hello"), 0);
	assert_int_equal(one_file(&c, 40, "Hullo"), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.p, b.p, a.len);
	/* the streams hold NULs: the trailer is in the last bytes */
	ia = strstr(buf_str(&a) + a.len - 200, "/ID [ <");
	ic = strstr(buf_str(&c) + c.len - 200, "/ID [ <");
	assert_non_null(ia);
	assert_non_null(ic);
	assert_memory_not_equal(ia, ic, 7 + 32);
	buf_free(&a);
	buf_free(&b);
	buf_free(&c);
}

static void
test_an_unwritten_object_fails_the_file(void **state)
{
	buf out = BUF_INIT;
	pdfw *w = pdfw_new(pdfw_sink_buf, &out);
	int catalog = pdfw_alloc(w);

	(void)pdfw_alloc(w);	/* never written */
	pdfw_begin(w, catalog);
	buf_puts(pdfw_buf(w), "<< /Type /Catalog >>");
	pdfw_end(w);
	assert_int_equal(pdfw_finish(w, catalog, 0), -1);
	pdfw_free(w);
	buf_free(&out);
}

static void
test_an_object_written_twice_fails_the_file(void **state)
{
	buf out = BUF_INIT;
	pdfw *w = pdfw_new(pdfw_sink_buf, &out);
	int catalog = pdfw_alloc(w);

	for (int i = 0; i < 2; i++) {
		pdfw_begin(w, catalog);
		buf_puts(pdfw_buf(w), "<< /Type /Catalog >>");
		pdfw_end(w);
	}
	assert_true(pdfw_failed(w));
	assert_int_equal(pdfw_finish(w, catalog, 0), -1);
	pdfw_free(w);
	buf_free(&out);
}

static int
full_disk(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	(void)p;
	(void)n;
	return -1;
}

static void
test_a_failing_sink_fails_the_file(void **state)
{
	pdfw *w = pdfw_new(full_disk, NULL);
	int catalog = pdfw_alloc(w);

	pdfw_begin(w, catalog);
	buf_puts(pdfw_buf(w), "<< /Type /Catalog >>");
	pdfw_end(w);
	assert_int_equal(pdfw_finish(w, catalog, 0), -1);
	assert_true(pdfw_failed(w));
	pdfw_free(w);
}

static void
test_names_and_text_strings_are_escaped(void **state)
{
	buf b = BUF_INIT;

	pdfw_put_name(&b, "PANTONE 185 C#");
	assert_string_equal(buf_str(&b), "/PANTONE#20185#20C#23");
	buf_clear(&b);
	pdfw_put_text(&b, "a (b) \\");
	assert_string_equal(buf_str(&b), "(a \\(b\\) \\\\)");
	buf_clear(&b);
	pdfw_put_text(&b, "便り\xf0\x9f\x93\xae");
	assert_string_equal(buf_str(&b), "<FEFF4FBF308AD83DDCEE>");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_objects_out_of_order_make_a_valid_file),
		cmocka_unit_test(test_offsets_spilled_to_a_file_come_back),
		cmocka_unit_test(test_an_unwritten_spilled_object_fails_the_file),
		cmocka_unit_test(test_equal_input_equal_bytes_other_input_other_id),
		cmocka_unit_test(test_an_unwritten_object_fails_the_file),
		cmocka_unit_test(test_an_object_written_twice_fails_the_file),
		cmocka_unit_test(test_a_failing_sink_fails_the_file),
		cmocka_unit_test(test_names_and_text_strings_are_escaped),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
