/* test_hyphen: hyphenation points from the Debian pattern dictionaries. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "text/hyphen.h"

/* Hyphenate each of words[0..n) by lang's patterns: each as want[i], '-' at each point. */
static void
expect(const char *lang, const char *const *words, const char *const *want, int n)
{
	hyphen *h = hyphen_open(lang);

	assert_non_null(h);
	for (int w = 0; w < n; w++) {
		unsigned char at[256];
		char out[256];
		size_t len = strlen(words[w]), k = 0;

		hyphen_points(h, words[w], len, at);
		for (size_t i = 0; i < len; i++) {
			out[k++] = words[w][i];
			if (at[i])
				out[k++] = '-';
		}
		out[k] = 0;
		assert_string_equal(out, want[w]);
	}
	hyphen_free(h);
}

static void
test_english_words_break_where_the_patterns_say(void **state)
{
	/* capitals are folded for the patterns and kept; "tea" is too short */
	const char *words[] = {"hyphenation", "Recommendation", "tea"};
	const char *want[] = {"hy-phen-ation", "Rec-om-men-da-tion", "tea"};

	expect("en-US", words, want, 3);
}

/* German patterns are ISO 8859-1: the word is converted, the points are per character. */
static void
test_german_word_with_an_umlaut_keeps_whole_characters(void **state)
{
	const char *words[] = {"Überraschung"};
	const char *want[] = {"Über-ra-schung"};

	expect("de", words, want, 1);
}

/* A word asked again is answered from what was kept: the same points, every byte of at written. */
static void
test_a_word_asked_again_gets_the_same_points(void **state)
{
	const char *words[] = {"hyphenation", "Recommendation", "tea", "hyphenation",
	    "Recommendation", "tea", "Hyphenation"};
	hyphen *h = hyphen_open("en-US");
	unsigned char first[3][64], again[64];
	int count[3];

	assert_non_null(h);
	for (int w = 0; w < 7; w++) {
		size_t len = strlen(words[w]);
		int n;

		memset(again, 0xAA, sizeof(again));
		n = hyphen_points(h, words[w], len, again);
		if (w < 3) {
			memcpy(first[w], again, len);
			count[w] = n;
			continue;
		}
		if (w == 6) {	/* another key, the same word to the patterns */
			assert_int_equal(n, count[0]);
			assert_memory_equal(again, first[0], len);
			continue;
		}
		assert_int_equal(n, count[w - 3]);
		assert_memory_equal(again, first[w - 3], len);
	}
	assert_int_equal(count[2], 0);
	hyphen_free(h);
}

static void
test_unknown_or_malformed_languages_have_no_patterns(void **state)
{
	assert_null(hyphen_open("xx"));
	assert_null(hyphen_open("en-USA"));
	assert_null(hyphen_open("../etc"));
	assert_null(hyphen_open(""));
	hyphen_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_english_words_break_where_the_patterns_say),
		cmocka_unit_test(test_german_word_with_an_umlaut_keeps_whole_characters),
		cmocka_unit_test(test_a_word_asked_again_gets_the_same_points),
		cmocka_unit_test(test_unknown_or_malformed_languages_have_no_patterns),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
