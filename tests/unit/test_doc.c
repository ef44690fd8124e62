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
#include <time.h>

#include "content/doc.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/yamldoc.h"

static char path[1024];

static void
write_content_n(const char *text, size_t n)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	FILE *f;

	snprintf(path, sizeof(path), "%s", t ? t : "/tmp");
	mkdir(path, 0777);
	snprintf(path + strlen(path), sizeof(path) - strlen(path), "/test_doc.md");
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, n, f), n);
	fclose(f);
}

static void
write_content(const char *text)
{
	write_content_n(text, strlen(text));
}

static doc *
load(const char *text, diag *d)
{
	write_content(text);
	diag_init(d, NULL);
	return doc_load(path, d);
}

/* GFM: a pipe table's cells, footnotes (a superscript and a numbered note), fenced boxes. */
static void
test_tables_footnotes_and_boxes_become_blocks(void **state)
{
	diag d;
	doc *dc = load("---\ntitle: t\n---\nTea[^n] \"here\"...\n\n| A | B |\n|---|--:|\n| x | y |\n\n"
	    "```coupon\n**Off** {{given_name}}\n```\n\n[^n]: A note.\n", &d);
	const block *b;

	assert_non_null(dc);
	/* the paragraph, 4 cells, the box's paragraph, the rule and the note */
	assert_int_equal(dc->nblocks, 8);
	assert_string_equal(dc->blocks[0].spans[0].text, "Tea¹ “here”…");
	b = &dc->blocks[4];
	assert_int_equal(b->ncols, 2);
	assert_true(b->row == 1 && b->col == 1 && !b->head && b->align == 'r');
	assert_string_equal(b->spans[0].text, "y");
	assert_true(dc->blocks[1].head && dc->blocks[1].table == 1);
	b = &dc->blocks[5];
	assert_int_equal(b->box, DOC_BOX_COUPON);
	assert_int_equal(b->box_id, 1);
	assert_int_equal(b->line, 11);		/* the box's text, counted in the file */
	assert_int_equal(b->spans[0].style, SP_STRONG);
	assert_true(b->has_slots);
	assert_int_equal(dc->blocks[6].kind, BLK_HR);
	b = &dc->blocks[7];
	assert_true(b->note && b->item_first && strcmp(b->marker, "1") == 0);
	doc_free(dc);
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
test_a_front_matter_key_given_twice_is_refused_at_the_second(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
		{"---\nsegment: vip\ntitle: t\nsegment: all\n---\nHello\n",
		    ":4:1: error: invalid YAML: key 'segment' is given twice (first on line 2)"},
		{"---\nsender:\n  name: a\n  phone: 03\n  name: b\n---\nHello\n",
		    ":5:3: error: invalid YAML: key 'name' is given twice (first on line 3)"},
		{"---\nsender: {name: a}\ntitle: t\nsender: {url: u}\n---\nHello\n",
		    ":4:1: error: invalid YAML: key 'sender' is given twice (first on line 2)"},
		{"---\nsender.name: a\nsender:\n  name: b\n---\nHello\n",
		    ":4:3: error: invalid YAML: key 'sender.name' is given twice (first on line 2)"},
	};
	diag d;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_null(load(cases[i].text, &d));
		if (strstr(d.last, cases[i].want) == NULL)
			fail_msg("want %s, got %s", cases[i].want, d.last);
	}
}

static void
test_a_mebibyte_of_nested_brackets_in_front_matter_is_refused_at_the_limit(void **state)
{
	size_t n = DOC_MAX_BYTES;
	char *text = malloc(n + 1);
	char want[96];
	diag d;

	assert_non_null(text);
	memset(text, '[', n);
	memcpy(text, "---\nx: ", 7);
	memcpy(text + n - 5, "\n---\n", 5);
	text[n] = '\0';
	assert_null(load(text, &d));
	free(text);
	/* the 33rd level: the front matter's map, then 32 brackets */
	snprintf(want, sizeof(want), ":2:%d: error: invalid YAML: lists and maps "
	    "nested deeper than %d levels", 3 + YAMLDOC_MAX_DEPTH, YAMLDOC_MAX_DEPTH);
	assert_non_null(strstr(d.last, want));
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

/* A condition is one SQL expression: it can never leave the parentheses it is put in. */
static void
test_condition_that_could_leave_its_parentheses_is_a_syntax_error(void **state)
{
	static const char *const good[] = {
		"rank = 'VIP' AND (order_count > 1 OR (total_spent > 0))",
		"family_name = 'a)b' OR \"odd)name\" = 1 OR [x(] = `y)``z`",
		"'it''s' = given_name",
		"(SELECT count(*) FROM purchases p WHERE p.customer_id = id) > 2",
		"x - -1 > 0 AND y / 2 < 3",
	};
	static const char *const bad[] = {
		"1) AS \"?c0\" FROM customer_view AS s /*",
		"1) AS \"?c0\" FROM customer_view AS s --",
		"1; DELETE FROM contacts",
		"(1",
		"1) OR (1",
		"'open",
		"[open",
		"1 /* a comment */ = 1",
	};
	char text[256];
	diag d;
	doc *dc;

	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		snprintf(text, sizeof(text), "A {{#if %s}}x{{/if}}\n", good[i]);
		dc = load(text, &d);
		assert_non_null(dc);
		assert_string_equal(doc_conditions(dc)[0], good[i]);
		doc_free(dc);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), "A\n\nB {{#if %s}}x{{/if}}\n", bad[i]);
		assert_null(load(text, &d));
		assert_non_null(strstr(d.last, ":3:3: error: merge tag: {{#if}}"));
	}
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

/*
 * The tag table is shared by the content and the layout's frame lines,
 * compiled after it: the file holding most of the tags is named, the
 * content at its first tag that does not fit beside the layout's.
 */
/* ncontent tags in the content, then a frame line of layouts/x.yml:69 with nframe: refused. */
static void
content_then_frame_line(int ncontent, int nframe, diag *d)
{
	buf b = BUF_INIT, t = BUF_INIT;
	doc *dc;

	repeat(&b, "{{issue}} ", ncontent);
	dc = load(buf_str(&b), d);
	assert_non_null(dc);
	repeat(&t, "{{title}} ", nframe);
	assert_null(doc_template(dc, buf_str(&t), "layouts/x.yml", 69, d));
	doc_free(dc);
	buf_free(&b);
	buf_free(&t);
}

static void
test_too_many_tags_name_the_file_that_holds_them(void **state)
{
	char want[2048];
	diag d;

	/* 4090 in the content, one line; the layout's 7th tag passes 4096 */
	content_then_frame_line(4090, 10, &d);
	snprintf(want, sizeof(want), "%s:1:40891: error: content too large or "
	    "too deeply nested: more than 4096 merge tags: 4090 in this file and "
	    "at least 7 in layouts/x.yml (from this tag on, this file's do not "
	    "fit beside those)", path);
	assert_string_equal(d.last, want);

	/* 10 in the content, the rest in one frame line */
	content_then_frame_line(10, 4100, &d);
	snprintf(want, sizeof(want), "layouts/x.yml:69:40861: error: content "
	    "too large or too deeply nested: more than 4096 merge tags: 4087 in "
	    "this file and 10 in %s", path);
	assert_string_equal(d.last, want);
}

/* A frame line's tags name the layout, after the caller's string is gone. */
static void
test_template_tags_name_their_own_file(void **state)
{
	char name[] = "layouts/x.yml";
	char *tmpl;
	doc *dc;
	diag d;

	dc = load("{{issue}}\n", &d);
	assert_non_null(dc);
	tmpl = doc_template(dc, "a {{nickname}}", name, 72, &d);
	assert_non_null(tmpl);
	memset(name, 'z', sizeof(name) - 1);
	assert_int_equal(dc->ntags, 2);
	assert_string_equal(dc->tags[0].file, path);
	assert_string_equal(dc->tags[1].file, "layouts/x.yml");
	assert_int_equal(dc->tags[1].line, 72);
	assert_int_equal(dc->tags[1].col, 3);
	mem_free(tmpl);
	doc_free(dc);
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

/*
 * The shapes of cmark's test/pathological_tests.py, at sizes that take
 * seconds when an algorithm is quadratic, all within the 1 MiB limit.
 */
enum {
	P_NESTED_STRONG, P_EMPH_CLOSERS, P_EMPH_OPENERS, P_LINK_CLOSERS,
	P_LINK_OPENERS, P_MISMATCHED, P_MULTIPLE_OF_3, P_LINK_EMPH,
	P_BRACKET_PAREN, P_IMAGE_BRACKETS, P_NESTED_BRACKETS, P_NESTED_QUOTES,
	P_NESTED_LISTS, P_NUL, P_BACKTICKS, P_UNCLOSED_LINK_A,
	P_UNCLOSED_LINK_B, P_UNCLOSED_COMMENT, P_MANY_REFS, P_NESTED_EMPH,
	P_UNCLOSED_CODE, P_ENTITIES, P_MANY_LINES, P_MANY_BLOCKS, P_MANY_SPANS,
	P__COUNT
};

static const char *pathological_name[P__COUNT] = {
	"nested strong emphasis", "many emphasis closers with no openers",
	"many emphasis openers with no closers",
	"many link closers with no openers",
	"many link openers with no closers", "mismatched openers and closers",
	"openers and closers multiple of 3", "link openers and emphasis closers",
	"pattern [ (]( repeated", "pattern ![[]() repeated", "nested brackets",
	"nested block quotes", "deeply nested lists", "U+0000 in input",
	"backticks", "unclosed links A", "unclosed links B",
	"unclosed <!--", "many link reference definitions",
	"nested emphasis", "unclosed code spans", "entities",
	"many short lines", "many paragraphs", "many style changes"
};

static void
pathological(buf *b, int which)
{
	switch (which) {
	case P_NESTED_STRONG:
		repeat(b, "*a **a ", 30000);
		buf_puts(b, "b");
		repeat(b, " a** a*", 30000);
		break;
	case P_EMPH_CLOSERS:
		repeat(b, "a_ ", 100000);
		break;
	case P_EMPH_OPENERS:
		repeat(b, "_a ", 100000);
		break;
	case P_LINK_CLOSERS:
		repeat(b, "a]", 100000);
		break;
	case P_LINK_OPENERS:
		repeat(b, "[a", 100000);
		break;
	case P_MISMATCHED:
		repeat(b, "*a_ ", 100000);
		break;
	case P_MULTIPLE_OF_3:
		buf_puts(b, "a**b");
		repeat(b, "c* ", 100000);
		break;
	case P_LINK_EMPH:
		repeat(b, "[ a_", 100000);
		break;
	case P_BRACKET_PAREN:
		repeat(b, "[ (](", 100000);
		break;
	case P_IMAGE_BRACKETS:
		repeat(b, "![[]()", 100000);
		break;
	case P_NESTED_BRACKETS:
		repeat(b, "[", 100000);
		buf_puts(b, "a");
		repeat(b, "]", 100000);
		break;
	case P_NESTED_QUOTES:
		repeat(b, "> ", 100000);
		buf_puts(b, "a\n");
		break;
	case P_NESTED_LISTS:
		for (int x = 0; x < 700; x++) {
			repeat(b, "  ", x);
			buf_puts(b, "* a\n");
		}
		break;
	case P_NUL:
		for (int x = 0; x < 30000; x++)
			buf_put(b, "abc\0de\0\n", 9);
		break;
	case P_BACKTICKS:
		for (int x = 1; x < 1400; x++) {
			buf_putc(b, 'e');
			repeat(b, "`", x);
		}
		break;
	case P_UNCLOSED_LINK_A:
		repeat(b, "[a](<b", 50000);
		break;
	case P_UNCLOSED_LINK_B:
		repeat(b, "[a](b", 100000);
		break;
	case P_UNCLOSED_COMMENT:
		buf_puts(b, "</");
		repeat(b, "<!--", 100000);
		break;
	case P_MANY_REFS:
		for (int x = 1; x < 50000; x++)
			buf_printf(b, "[%d]: u\n", x);
		repeat(b, "[0] ", 1200);
		repeat(b, "[42] ", 1200);
		break;
	case P_NESTED_EMPH:
		repeat(b, "*", 300000);
		buf_puts(b, "a");
		repeat(b, "*", 300000);
		break;
	case P_UNCLOSED_CODE:
		repeat(b, "`a``", 200000);
		break;
	case P_ENTITIES:
		repeat(b, "&#x1F6; &amp &#;", 50000);
		break;
	case P_MANY_LINES:
		repeat(b, "a\n", 200000);
		break;
	case P_MANY_BLOCKS:
		repeat(b, "a\n\n", 100000);
		break;
	case P_MANY_SPANS:
		repeat(b, "*a* b ", 75000);
		break;
	}
}

static void
test_cmark_pathological_inputs_are_refused_or_compiled_within_a_second(void **state)
{
	buf failures = BUF_INIT;

	for (int i = 0; i < P__COUNT; i++) {
		struct timespec t0, t1;
		buf b = BUF_INIT;
		double ms;
		doc *dc;
		diag d;

		pathological(&b, i);
		assert_true(b.len <= DOC_MAX_BYTES);
		write_content_n(buf_str(&b), b.len);
		buf_free(&b);
		diag_init(&d, NULL);
		/* the CPU time of this process: the work done, whatever else the machine runs */
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0);
		dc = doc_load(path, &d);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1);
		ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
		print_message("%s: %.0f ms of CPU\n", pathological_name[i], ms);
		if (ms >= 1000)
			buf_printf(&failures, "%s: %.0f ms of CPU; ",
			    pathological_name[i], ms);
		if (dc == NULL && strstr(d.last, "content too large or too "
		    "deeply nested: ") == NULL)
			buf_printf(&failures, "%s: refused without a limit: "
			    "'%s'; ", pathological_name[i], d.last);
		doc_free(dc);
	}
	if (failures.len > 0) {
		print_error("%s\n", buf_str(&failures));
		buf_free(&failures);
		fail();
	}
}

static void
test_more_than_1000_image_openers_are_refused_with_the_line(void **state)
{
	diag d;
	buf b = BUF_INIT;
	doc *dc;

	/* cmark 0.30.2 is quadratic here: 100,000 of them take 15 s */
	buf_puts(&b, "a\n\n");
	repeat(&b, "![[]()", 1000);
	dc = load(buf_str(&b), &d);
	assert_non_null(dc);
	doc_free(dc);
	buf_puts(&b, "\n![");
	assert_null(load(buf_str(&b), &d));
	buf_free(&b);
	assert_non_null(strstr(d.last, ":4: error: content too large or too "
	    "deeply nested: more than 1000 images ('![')"));
}

static void
test_deeply_nested_lists_are_refused_with_the_line(void **state)
{
	diag d;
	buf b = BUF_INIT;

	for (int x = 0; x < 20; x++) {
		repeat(&b, "  ", x);
		buf_puts(&b, "* a\n");
	}
	assert_null(load(buf_str(&b), &d));
	buf_free(&b);
	assert_non_null(strstr(d.last, ":17: error: content too large or too "
	    "deeply nested: lists and quotes nested more than 16 deep"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_front_matter_gives_scalars_and_sender_map),
		cmocka_unit_test(test_tables_footnotes_and_boxes_become_blocks),
		cmocka_unit_test(test_unclosed_front_matter_is_an_error_at_line_1),
		cmocka_unit_test(test_a_front_matter_key_given_twice_is_refused_at_the_second),
		cmocka_unit_test(test_a_mebibyte_of_nested_brackets_in_front_matter_is_refused_at_the_limit),
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
		cmocka_unit_test(test_too_many_tags_name_the_file_that_holds_them),
		cmocka_unit_test(test_template_tags_name_their_own_file),
		cmocka_unit_test(test_only_an_exact_pagebreak_comment_breaks_the_page),
		cmocka_unit_test(test_cmark_pathological_inputs_are_refused_or_compiled_within_a_second),
		cmocka_unit_test(test_deeply_nested_lists_are_refused_with_the_line),
		cmocka_unit_test(test_more_than_1000_image_openers_are_refused_with_the_line),
		cmocka_unit_test(test_condition_that_could_leave_its_parentheses_is_a_syntax_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
