/* test_doc: content files: front matter, merge tags found with their positions, Markdown flattened into blocks. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content/doc.h"
#include "util/buf.h"

static char path[1024];

static void
write_content(const char *text)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	FILE *f;

	snprintf(path, sizeof(path), "%s", t ? t : "/tmp");
	mkdir(path, 0777);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/test_doc.md");
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static doc *
load(const char *text, diag *d)
{
	write_content(text);
	diag_init(d, NULL);
	return doc_load(path, d);
}

static void
test_front_matter_gives_scalars_and_sender_map(void **state)
{
	diag d;
	doc *dc = load("---\ntitle: 便り 12月号\nissue: 24\nsender:\n  name: 茶舗\n  phone: 03\n---\nHello\n", &d);

	assert_non_null(dc);
	assert_string_equal(doc_fm(dc, "title"), "便り 12月号");
	assert_string_equal(doc_fm(dc, "issue"), "24");
	assert_string_equal(doc_fm(dc, "sender.name"), "茶舗");
	assert_int_equal(doc_fm_line(dc, "sender.phone"), 6);
	assert_int_equal(dc->nblocks, 1);
	assert_int_equal(dc->blocks[0].line, 8);
	doc_free(dc);
}

static void
test_unclosed_front_matter_is_an_error_at_line_1(void **state)
{
	diag d;

	assert_null(load("---\ntitle: x\nHello\n", &d));
	assert_non_null(strstr(d.last, ":1:1: error: front matter"));
}

static void
test_field_tag_records_name_filters_fallback_and_position(void **state)
{
	diag d;
	doc *dc = load("---\ntitle: t\n---\n\nDear {{ family_name | upper | \"様\" }},\n", &d);
	tag *t;

	assert_non_null(dc);
	assert_int_equal(dc->ntags, 1);
	t = &dc->tags[0];
	assert_int_equal(t->kind, TAG_FIELD);
	assert_string_equal(t->name, "family_name");
	assert_int_equal(t->nfilters, 1);
	assert_string_equal(t->filters[0].name, "upper");
	assert_string_equal(t->fallback, "様");
	assert_int_equal(t->line, 5);
	assert_int_equal(t->col, 6);
	assert_int_equal(dc->blocks[0].has_slots, 1);
	doc_free(dc);
}

static void
test_tag_column_counts_characters_not_bytes(void **state)
{
	diag d;
	doc *dc = load("こんにちは{{given_name}}\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->tags[0].line, 1);
	assert_int_equal(dc->tags[0].col, 6);
	doc_free(dc);
}

static void
test_if_alone_between_blank_lines_is_a_block_tag(void **state)
{
	diag d;
	doc *dc = load("A\n\n{{#if rank = 'VIP'}}\n\nB\n\n{{else}}\n\nC\n\n{{/if}}\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 6);
	assert_int_equal(dc->blocks[1].kind, BLK_IF);
	assert_int_equal(dc->blocks[3].kind, BLK_ELSE);
	assert_int_equal(dc->blocks[5].kind, BLK_ENDIF);
	assert_int_equal(dc->nconds, 1);
	assert_string_equal(doc_conditions(dc)[0], "rank = 'VIP'");
	doc_free(dc);
}

static void
test_inline_if_stays_in_its_paragraph(void **state)
{
	diag d;
	doc *dc = load("Hello {{#if x > 1}}again{{else}}there{{/if}}!\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 1);
	assert_int_equal(dc->blocks[0].kind, BLK_PARA);
	assert_int_equal(dc->ntags, 3);
	doc_free(dc);
}

static void
test_unbalanced_if_is_an_error_with_position(void **state)
{
	diag d;

	assert_null(load("A\n\n{{#if x}}\n\nB\n", &d));
	assert_non_null(strstr(d.last, ":3: error: {{#if}} without {{/if}}"));
	assert_null(load("A {{/if}}\n", &d));
	assert_non_null(strstr(d.last, ":1:3: error:"));
}

static void
test_unclosed_tag_is_a_syntax_error(void **state)
{
	diag d;

	assert_null(load("Hello {{name\n", &d));
	assert_non_null(strstr(d.last, ":1:7: error: merge tag: '{{' without a closing '}}'"));
}

static void
test_markdown_blocks_lists_quotes_and_styles(void **state)
{
	diag d;
	doc *dc = load("# Title\n\nSome *em* and **strong**.\n\n- one\n  - nested\n\n1. first\n\n> quoted\n\n---\n\n[shop](https://example.jp)\n", &d);
	block *b;

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 8);
	assert_int_equal(dc->blocks[0].kind, BLK_HEADING);
	assert_int_equal(dc->blocks[0].level, 1);
	b = &dc->blocks[1];
	assert_int_equal(b->nspans, 5);
	assert_int_equal(b->spans[1].style, SP_EM);
	assert_int_equal(b->spans[3].style, SP_STRONG);
	assert_string_equal(dc->blocks[2].marker, "•");
	assert_int_equal(dc->blocks[2].indent, 1);
	assert_int_equal(dc->blocks[3].indent, 2);
	assert_string_equal(dc->blocks[3].marker, "◦");
	assert_string_equal(dc->blocks[4].marker, "1.");
	assert_int_equal(dc->blocks[5].quote, 1);
	assert_int_equal(dc->blocks[6].kind, BLK_HR);
	b = &dc->blocks[7];
	assert_int_equal(b->spans[b->nspans - 1].style, SP_URL);
	assert_string_equal(b->spans[b->nspans - 1].text, " (https://example.jp)");
	doc_free(dc);
}

static void
test_soft_break_joins_japanese_without_a_space(void **state)
{
	diag d;
	doc *dc = load("ありがとう\nございます。\nSee you\nsoon.\n", &d);

	assert_non_null(dc);
	assert_string_equal(dc->blocks[0].spans[0].text, "ありがとうございます。See you soon.");
	doc_free(dc);
}

static void
test_image_alone_is_an_image_block(void **state)
{
	diag d;
	doc *dc = load("![tea](images/tea.png)\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 1);
	assert_int_equal(dc->blocks[0].kind, BLK_IMAGE);
	assert_string_equal(dc->blocks[0].path, "images/tea.png");
	doc_free(dc);
}

static void
test_qr_tag_with_nested_template(void **state)
{
	diag d;
	doc *dc = load("{{qr https://example.jp/r/{{token}}}}\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 1);
	assert_int_equal(dc->blocks[0].kind, BLK_QR);
	assert_int_equal(dc->tags[dc->blocks[0].tag].kind, TAG_QR);
	assert_string_equal(dc->tags[dc->blocks[0].tag].tmpl,
	    "https://example.jp/r/\xEE\x80\x81");
	assert_int_equal(dc->tags[1].kind, TAG_FIELD);
	assert_string_equal(dc->tags[1].name, "token");
	doc_free(dc);
}

static void
test_invalid_utf8_is_reported_with_line_and_column(void **state)
{
	diag d;

	assert_null(load("ok\nab\xC3\x28\n", &d));
	assert_non_null(strstr(d.last, ":2:3: error: invalid UTF-8"));
}

static void
test_content_larger_than_the_limit_is_refused(void **state)
{
	diag d;
	char *big = malloc(DOC_MAX_BYTES + 2);

	memset(big, 'a', DOC_MAX_BYTES + 1);
	big[DOC_MAX_BYTES + 1] = '\0';
	assert_null(load(big, &d));
	free(big);
	assert_non_null(strstr(d.last, "larger than 1 MiB"));
}

static void
test_deep_nesting_is_refused(void **state)
{
	diag d;
	char text[256];

	memset(text, '>', 40);
	strcpy(text + 40, " deep\n");
	assert_null(load(text, &d));
	assert_non_null(strstr(d.last, "nested more than 16 deep"));
}

/* Append s n times. */
static void
repeat(buf *b, const char *s, int n)
{
	while (n-- > 0)
		buf_puts(b, s);
}

static void
test_inline_if_nested_more_than_64_deep_is_refused(void **state)
{
	diag d;
	buf b = BUF_INIT;

	repeat(&b, "{{#if 1}}", 66);
	buf_puts(&b, "HIDDEN");
	repeat(&b, "{{/if}}", 66);
	buf_putc(&b, '\n');
	assert_null(load(buf_str(&b), &d));
	buf_free(&b);
	assert_non_null(strstr(d.last, ":1:577: error: content too large or too deeply nested: {{#if}} nested more than 64 deep"));
}

static void
test_more_than_4096_tags_are_refused(void **state)
{
	diag d;
	buf b = BUF_INIT;

	repeat(&b, "{{issue}} ", 4097);
	assert_null(load(buf_str(&b), &d));
	buf_free(&b);
	assert_non_null(strstr(d.last, "more than 4096 merge tags"));
}

static void
test_only_an_exact_pagebreak_comment_breaks_the_page(void **state)
{
	diag d;
	doc *dc = load("a\n\n<!-- TODO: no pagebreak needed -->\n\nb\n\n<!--pagebreak-->\n\nc\n", &d);

	assert_non_null(dc);
	assert_int_equal(dc->nblocks, 4);
	assert_int_equal(dc->blocks[2].kind, BLK_PAGEBREAK);
	doc_free(dc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter_gives_scalars_and_sender_map),
		cmocka_unit_test(test_unclosed_front_matter_is_an_error_at_line_1),
		cmocka_unit_test(test_field_tag_records_name_filters_fallback_and_position),
		cmocka_unit_test(test_tag_column_counts_characters_not_bytes),
		cmocka_unit_test(test_if_alone_between_blank_lines_is_a_block_tag),
		cmocka_unit_test(test_inline_if_stays_in_its_paragraph),
		cmocka_unit_test(test_unbalanced_if_is_an_error_with_position),
		cmocka_unit_test(test_unclosed_tag_is_a_syntax_error),
		cmocka_unit_test(test_markdown_blocks_lists_quotes_and_styles),
		cmocka_unit_test(test_soft_break_joins_japanese_without_a_space),
		cmocka_unit_test(test_image_alone_is_an_image_block),
		cmocka_unit_test(test_qr_tag_with_nested_template),
		cmocka_unit_test(test_invalid_utf8_is_reported_with_line_and_column),
		cmocka_unit_test(test_content_larger_than_the_limit_is_refused),
		cmocka_unit_test(test_deep_nesting_is_refused),
		cmocka_unit_test(test_inline_if_nested_more_than_64_deep_is_refused),
		cmocka_unit_test(test_more_than_4096_tags_are_refused),
		cmocka_unit_test(test_only_an_exact_pagebreak_comment_breaks_the_page),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
