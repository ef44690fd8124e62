/* test_linebreak: break opportunities obey kinsoku shori and keep Latin words whole. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "text/linebreak.h"
#include "text/utf8.h"
#include "util/mem.h"

/* The rules written out again here, independently of the implementation. */
static const char no_start[] =
    "、。，．・：；？！゛゜ヽヾゝゞ々ー」』）〕］｝〉》】〙〗)]}"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ‐–〜～?!,.:;";
static const char no_end[] = "「『（〔［｛〈《【〘〖([{";

static int
in_set(const char *set, uint32_t cp)
{
	const char *p = set, *end = set + strlen(set);

	if (cp >= 0x31F0 && cp <= 0x31FF && set == no_start)	/* ㇰ-ㇿ */
		return 1;
	while (p < end)
		if (utf8_next(&p, end) == cp)
			return 1;
	return 0;
}

static uint32_t
cp_at(const char *s, size_t n, size_t o)
{
	const char *p = s + o;

	return utf8_next(&p, s + n);
}

/* The last non-space code point in s[a..b), 0 if none. */
static uint32_t
last_visible(const char *s, size_t a, size_t b)
{
	const char *p = s + a;
	uint32_t last = 0;

	while (p < s + b) {
		uint32_t cp = utf8_next(&p, s + b);

		if (cp != ' ')
			last = cp;
	}
	return last;
}

/* Width model: ASCII is 1 unit, anything else 2; trailing spaces are free. */
static size_t
width(const char *s, size_t a, size_t b)
{
	const char *p = s + a;
	size_t w = 0, spaces = 0;

	while (p < s + b) {
		uint32_t cp = utf8_next(&p, s + b);

		if (cp == ' ')
			spaces++;
		else {
			w += spaces + (cp < 0x80 ? 1 : 2);
			spaces = 0;
		}
	}
	return w;
}

static int
has(const size_t *offs, int n, size_t o)
{
	for (int i = 0; i < n; i++)
		if (offs[i] == o)
			return 1;
	return 0;
}

static int
find(linebreak *lb, const char *s, size_t **offs)
{
	int n = linebreak_find(lb, s, strlen(s), offs);

	assert_true(n >= 0);
	return n;
}

/*
 * Fill lines greedily to each width from 3 to 40 units using only the
 * opportunities returned, and check every line's first and last character.
 */
static void
test_corpus_lines_never_start_or_end_with_forbidden_characters(void **state)
{
	FILE *fp = fopen("tests/data/kinsoku.txt", "r");
	char line[4096];
	linebreak *lb = linebreak_new();
	int corpus = 0;
	long lines = 0, checked_starts = 0;

	assert_non_null(fp);
	assert_non_null(lb);
	while (fgets(line, sizeof(line), fp) != NULL) {
		size_t n = strcspn(line, "\n"), *offs;
		int k;

		line[n] = '\0';
		if (n == 0)
			continue;
		corpus++;
		assert_int_equal(utf8_valid(line, n, NULL), 0);
		k = linebreak_find(lb, line, n, &offs);
		assert_true(k >= 0);
		for (int i = 0; i < k; i++) {
			assert_true(offs[i] > 0 && offs[i] < n);
			assert_true(i == 0 || offs[i] > offs[i - 1]);
			/* on a code point boundary */
			assert_true(((unsigned char)line[offs[i]] & 0xC0) != 0x80);
		}
		for (size_t w = 3; w <= 40; w++) {
			size_t start = 0;
			int next = 0;

			while (start < n) {
				size_t end = n;
				int best = -1;

				while (next < k && offs[next] <= start)
					next++;
				if (width(line, start, n) > w) {
					for (int i = next; i < k; i++) {
						if (width(line, start, offs[i]) > w)
							break;
						best = i;
					}
					if (best == -1 && next < k)
						best = next;	/* overfull: nothing fits */
					if (best != -1)
						end = offs[best];
				}
				if (start > 0) {
					uint32_t c = cp_at(line, n, start);

					if (in_set(no_start, c))
						fail_msg("line starts with U+%04X at width %zu: %s",
						    c, w, line + start);
					checked_starts++;
				}
				if (end < n && in_set(no_end, last_visible(line, start, end)))
					fail_msg("line ends with an opening bracket at width %zu: %.*s",
					    w, (int)(end - start), line + start);
				lines++;
				start = end;
			}
		}
		mem_free(offs);
	}
	fclose(fp);
	linebreak_free(lb);
	assert_true(corpus >= 60);
	/* the widths really made lines break */
	assert_true(checked_starts > 10 * corpus);
	assert_true(lines > checked_starts);
}

static void
test_full_stop_never_starts_a_line(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;
	int n = find(lb, "ありがとう。", &o);

	assert_false(has(o, n, 15));	/* before 。 */
	assert_true(has(o, n, 3));	/* between あ and り */
	mem_free(o);
	linebreak_free(lb);
}

static void
test_opening_bracket_never_ends_a_line(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;
	int n = find(lb, "「こんにちは」", &o);

	assert_false(has(o, n, 3));	/* after 「 */
	assert_false(has(o, n, 18));	/* before 」 */
	assert_true(has(o, n, 6));
	mem_free(o);
	linebreak_free(lb);
}

static void
test_small_kana_never_start_a_line(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;
	int n = find(lb, "ちょっと", &o);

	assert_false(has(o, n, 3));	/* before ょ */
	assert_false(has(o, n, 6));	/* before っ */
	assert_true(has(o, n, 9));	/* before と */
	mem_free(o);
	n = find(lb, "キャッシュ", &o);
	assert_false(has(o, n, 3));
	assert_false(has(o, n, 6));
	assert_false(has(o, n, 12));
	assert_true(has(o, n, 9));	/* before シ */
	mem_free(o);
	linebreak_free(lb);
}

static void
test_prolonged_sound_mark_never_starts_a_line(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;
	int n = find(lb, "コーヒー", &o);

	assert_false(has(o, n, 3));
	assert_false(has(o, n, 9));
	assert_true(has(o, n, 6));	/* before ヒ */
	mem_free(o);
	linebreak_free(lb);
}

static void
test_english_breaks_only_after_spaces(void **state)
{
	const char *texts[] = {
		"The quick brown fox jumps over the lazy dog.",
		"A state-of-the-art e-mail, and/or a well-known URL: https://example.com/a-b",
		"Thank you (really!) for 2,500 orders.",
	};
	linebreak *lb = linebreak_new();

	for (size_t t = 0; t < sizeof(texts) / sizeof(texts[0]); t++) {
		const char *s = texts[t];
		size_t *o, spaces = 0;
		int n = find(lb, s, &o);

		for (size_t i = 0; s[i]; i++)
			spaces += s[i] == ' ';
		assert_int_equal((size_t)n, spaces);
		for (int i = 0; i < n; i++) {
			assert_int_equal(s[o[i] - 1], ' ');
			assert_int_not_equal(s[o[i]], ' ');
		}
		mem_free(o);
	}
	linebreak_free(lb);
}

static void
test_mixed_japanese_latin_keeps_latin_word_whole(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;
	/* 東 0, 京 3, で 6, P 9, D 10, F 11, を 12, 作 15, る 18 */
	int n = find(lb, "東京でPDFを作る", &o);

	assert_true(has(o, n, 3));
	assert_true(has(o, n, 6));
	assert_true(has(o, n, 9));	/* before PDF */
	assert_false(has(o, n, 10));
	assert_false(has(o, n, 11));
	assert_true(has(o, n, 15));
	mem_free(o);

	/* a break at a space starts the next line after the space */
	n = find(lb, "hello world", &o);
	assert_int_equal(n, 1);
	assert_int_equal(o[0], 6);
	mem_free(o);
	linebreak_free(lb);
}

static void
test_empty_and_single_character_text_have_no_opportunities(void **state)
{
	linebreak *lb = linebreak_new();
	size_t *o;

	assert_int_equal(linebreak_find(lb, "", 0, &o), 0);
	mem_free(o);
	assert_int_equal(find(lb, "あ", &o), 0);
	mem_free(o);
	/* a character beyond the BMP maps back to its UTF-8 offset */
	int n = find(lb, "\xF0\xA0\xAE\xB7野家", &o);
	assert_true(has(o, n, 4));
	assert_false(has(o, n, 2));
	mem_free(o);
	linebreak_free(lb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_lines_never_start_or_end_with_forbidden_characters),
		cmocka_unit_test(test_full_stop_never_starts_a_line),
		cmocka_unit_test(test_opening_bracket_never_ends_a_line),
		cmocka_unit_test(test_small_kana_never_start_a_line),
		cmocka_unit_test(test_prolonged_sound_mark_never_starts_a_line),
		cmocka_unit_test(test_english_breaks_only_after_spaces),
		cmocka_unit_test(test_mixed_japanese_latin_keeps_latin_word_whole),
		cmocka_unit_test(test_empty_and_single_character_text_have_no_opportunities),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
