/* test_merge: merge tags resolved against columns, filled per row; values stay text; filters. */
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
#include "merge/merge.h"
#include "util/arena.h"

static const char *columns[] = {"id", "family_name", "given_name", "honorific", "rank", "birthday", "total_spent"};

static doc *
load(const char *text, diag *d)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	char path[1024];
	FILE *f;

	snprintf(path, sizeof(path), "%s", t ? t : "/tmp");
	mkdir(path, 0777);
	strcat(path, "/test_merge.md");
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	diag_init(d, NULL);
	return doc_load(path, d);
}

/* The merged text of the document's first block for a row. */
static char *
merged(const char *text, const char *const *vals, const int *conds)
{
	static const merge_builtin bi[] = {{"title", "便り"}, {"issue", "24"}};
	diag d;
	doc *dc = load(text, &d);
	merge *m;
	arena *a = arena_new();
	int lens[7];
	merge_row r = {42, vals, lens, conds, "tok"};
	mspan *sp;
	int n;
	char out[512] = "";

	assert_non_null(dc);
	for (int i = 0; i < 7; i++)
		lens[i] = vals[i] ? (int)strlen(vals[i]) : 0;
	m = merge_compile(dc, columns, 7, bi, 2, &d);
	assert_non_null(m);
	n = merge_spans(m, &dc->blocks[0], &r, a, &sp, &d);
	for (int i = 0; i < n; i++)
		strncat(out, sp[i].text, sp[i].len);
	merge_free(m);
	doc_free(dc);
	arena_free(a);
	return strdup(out);
}

static void
test_field_and_fallback(void **state)
{
	const char *v[] = {"42", "山田", "太郎", "", "VIP", "1980-04-03", "12345"};
	char *s = merged("{{family_name}} {{given_name}} {{honorific | \"様\"}}\n", v, NULL);

	assert_string_equal(s, "山田 太郎 様");
	free(s);
}

static void
test_merged_value_is_never_parsed_as_markdown_or_tags(void **state)
{
	const char *v[] = {"42", "**Bob**", "{{given_name}}", NULL, NULL, NULL, NULL};
	char *s = merged("Dear {{given_name}} {{family_name}}\n", v, NULL);

	assert_string_equal(s, "Dear {{given_name}} **Bob**");
	free(s);
}

static void
test_inline_if_takes_the_branch_of_its_condition(void **state)
{
	const char *v[] = {"42", "A", "B", NULL, "VIP", NULL, NULL};
	int yes = 1, no = 0;
	char *s = merged("Hi{{#if rank = 'VIP'}} VIP{{else}} friend{{/if}}.\n", v, &yes);

	assert_string_equal(s, "Hi VIP.");
	free(s);
	s = merged("Hi{{#if rank = 'VIP'}} VIP{{else}} friend{{/if}}.\n", v, &no);
	assert_string_equal(s, "Hi friend.");
	free(s);
}

/* An inline {{#if}} runs across spans of other styles: those with no field follow its branch too. */
static void
test_inline_if_takes_or_drops_whole_spans_of_other_styles(void **state)
{
	const char *v[] = {"42", "A", "B", NULL, "VIP", NULL, NULL};
	int yes = 1, no = 0;
	const char *text = "Hi{{#if rank = 'VIP'}} *dear* friend{{/if}} and **all**.\n";
	char *s = merged(text, v, &yes);

	assert_string_equal(s, "Hi dear friend and all.");
	free(s);
	s = merged(text, v, &no);
	assert_string_equal(s, "Hi and all.");
	free(s);
}

/* A span with no field is the document's text, lent; one with a field is the arena's. */
static void
test_a_span_with_no_field_is_lent_by_the_document(void **state)
{
	const char *v[] = {"42", "山田", NULL, NULL, NULL, NULL, NULL};
	int lens[7] = {2, 6};
	merge_row r = {42, v, lens, NULL, "tok"};
	diag d;
	doc *dc = load("Dear {{family_name}}, *thank you* for **everything**.\n", &d);
	merge *m;
	arena *a = arena_new();
	const block *b;
	mspan *sp;
	int n, lent = 0;

	assert_non_null(dc);
	assert_non_null(m = merge_compile(dc, columns, 7, NULL, 0, &d));
	b = &dc->blocks[0];
	n = merge_spans(m, b, &r, a, &sp, &d);
	assert_int_equal(n, b->nspans);
	for (int i = 0; i < n; i++) {
		assert_int_equal(sp[i].style, b->spans[i].style);
		if (memchr(b->spans[i].text, 0xEE, b->spans[i].len) == NULL) {
			assert_ptr_equal(sp[i].text, b->spans[i].text);
			lent++;
		} else
			assert_ptr_not_equal(sp[i].text, b->spans[i].text);
	}
	assert_true(lent >= 2);
	assert_memory_equal(sp[0].text, "Dear 山田, ", sp[0].len);
	merge_free(m);
	doc_free(dc);
	arena_free(a);
}

static void
test_builtins_and_token(void **state)
{
	const char *v[] = {"42", NULL, NULL, NULL, NULL, NULL, NULL};
	char *s = merged("{{title}} {{issue}} {{token}}\n", v, NULL);

	assert_string_equal(s, "便り 24 tok");
	free(s);
}

static void
test_invalid_utf8_and_controls_in_a_value_are_repaired(void **state)
{
	const char *v[] = {"42", "a\xC3\x28" "b\x01" "c\xE2\x80\xAE" "d", NULL, NULL, NULL, NULL, NULL};
	char *s = merged("{{family_name}}\n", v, NULL);

	assert_string_equal(s, "a\xEF\xBF\xBD(bcd");
	free(s);
}

static void
test_zero_width_characters_and_excess_combining_marks_are_removed(void **state)
{
	buf out = BUF_INIT, in = BUF_INIT;
	diag d;

	diag_init(&d, NULL);
	/* ZWSP, ZWJ, BOM dropped; e + 9 acute accents keeps four (NFC: é + 3) */
	buf_puts(&in, "A\xE2\x80\x8B" "B\xE2\x80\x8D" "C\xEF\xBB\xBF" "e");
	for (int i = 0; i < 9; i++)
		buf_puts(&in, "\xCC\x81");
	merge_clean("given_name", in.p, in.len, 9, 0, &out, &d);
	assert_string_equal(buf_str(&out), "ABC\xC3\xA9\xCC\x81\xCC\x81\xCC\x81");
	assert_non_null(strstr(d.last, "customer 9: warning: field 'given_name'"));
	buf_free(&in);
	buf_free(&out);
}

static void
test_line_breaks_are_kept_only_when_asked(void **state)
{
	buf out = BUF_INIT;
	diag d;

	diag_init(&d, NULL);
	merge_clean("joint_names", "花子\r\n一郎\r次郎\tX", 23, 1, 1, &out, &d);
	assert_string_equal(buf_str(&out), "花子\n一郎\n次郎 X");
	buf_clear(&out);
	merge_clean("joint_names", "花子\n一郎", 13, 1, 0, &out, &d);
	assert_string_equal(buf_str(&out), "花子 一郎");
	buf_free(&out);
}

static void
test_unknown_field_is_an_error_at_its_position(void **state)
{
	diag d;
	doc *dc = load("Hello\n\nDear {{nickname}}\n", &d);

	assert_non_null(dc);
	assert_null(merge_compile(dc, columns, 7, NULL, 0, &d));
	assert_non_null(strstr(d.last, "test_merge.md:3:6: error: unknown field 'nickname'"));
	doc_free(dc);
}

static void
test_unknown_filter_is_an_error(void **state)
{
	diag d;
	doc *dc = load("{{rank | shout}}\n", &d);

	assert_non_null(dc);
	assert_null(merge_compile(dc, columns, 7, NULL, 0, &d));
	assert_non_null(strstr(d.last, "unknown filter 'shout'"));
	doc_free(dc);
}

static void
check_filter(const char *name, const char *arg, const char *in, const char *want)
{
	buf b = BUF_INIT;

	assert_int_equal(merge_filter(name, arg, in, strlen(in), &b), 0);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_filters(void **state)
{
	check_filter("upper", NULL, "müller", "MÜLLER");
	check_filter("date", "%Y年%m月%d日", "2026-12-01", "2026年12月01日");
	check_filter("date", "%d/%m", "not a date", "not a date");
	check_filter("era", NULL, "2026-12-01", "令和8年12月1日");
	check_filter("era", NULL, "2019-05-01", "令和元年5月1日");
	check_filter("era", NULL, "2019-04-30", "平成31年4月30日");
	check_filter("kanji", NULL, "2026", "二千二十六");
	check_filter("kanji", NULL, "12", "十二");
	check_filter("kanji", NULL, "10000", "一万");
	check_filter("kanji", NULL, "0", "〇");
	check_filter("money", NULL, "1234567", "1,234,567");
	check_filter("money", NULL, "980.4", "980");
	/* a locale: its symbol, grouping and the currency's decimals */
	check_filter("money", "ja-JP", "12800", "￥12,800");
	check_filter("money", "en-US", "819.73", "$819.73");
	check_filter("money", "de-DE", "12800", "12.800,00\u00a0€");
	check_filter("money", "en-US JPY", "43440.4", "¥43,440");
	check_filter("money", "en-US", "n/a", "n/a");
	check_filter("plural", "order", "1", "1 order");
	check_filter("plural", "order", "12", "12 orders");
	check_filter("plural", "box", "0", "0 boxes");
	check_filter("plural", "city", "2", "2 cities");
	check_filter("plural", "day", "3", "3 days");
	check_filter("plural", "child|children", "4", "4 children");
	check_filter("plural", "child|children", "1", "1 child");
	check_filter("date", "%-m月%-d日", "2026-12-01", "12月1日");
	check_filter("date", "%B %-d, %Y", "2026-12-01", "December 1, 2026");
	check_filter("date", "%m/%d %%-d", "2026-03-05", "03/05 %-d");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_field_and_fallback),
		cmocka_unit_test(test_merged_value_is_never_parsed_as_markdown_or_tags),
		cmocka_unit_test(test_inline_if_takes_the_branch_of_its_condition),
		cmocka_unit_test(test_inline_if_takes_or_drops_whole_spans_of_other_styles),
		cmocka_unit_test(test_a_span_with_no_field_is_lent_by_the_document),
		cmocka_unit_test(test_builtins_and_token),
		cmocka_unit_test(test_invalid_utf8_and_controls_in_a_value_are_repaired),
		cmocka_unit_test(test_zero_width_characters_and_excess_combining_marks_are_removed),
		cmocka_unit_test(test_line_breaks_are_kept_only_when_asked),
		cmocka_unit_test(test_unknown_field_is_an_error_at_its_position),
		cmocka_unit_test(test_unknown_filter_is_an_error),
		cmocka_unit_test(test_filters),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
