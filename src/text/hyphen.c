/* hyphen: where a word may be hyphenated, by libhyphen and its Debian pattern dictionaries. */
#include "text/hyphen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hyphen.h>
#include <unicode/uchar.h>

#include "text/utf8.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/memo.h"

/* The words whose points are kept: a letter's vocabulary is a few thousand words, each some 30 bytes. */
#define WORDS_MAX 4096
#define WORDS_MAX_BYTES (1u << 20)

struct hyphen {
	HyphenDict *dict;
	memo *words;		/* word -> its count (an int), then its n bytes of at */
};

static HyphenDict *
load(const char *ll, const char *cc)
{
	char path[256];

	if (cc && *cc)
		snprintf(path, sizeof(path), "%s/hyph_%s_%s.dic", HYPHEN_DIR, ll, cc);
	else
		snprintf(path, sizeof(path), "%s/hyph_%s.dic", HYPHEN_DIR, ll);
	return hnj_hyphen_load(path);
}

hyphen *
hyphen_open(const char *lang)
{
	char ll[8] = "", cc[8] = "";
	size_t i = 0, k = 0;
	HyphenDict *d;
	hyphen *h;

	/* "en-US" or "en_US": a language of letters, then a region */
	while (lang[i] >= 'a' && lang[i] <= 'z' && k < sizeof(ll) - 1)
		ll[k++] = lang[i++];
	ll[k] = 0;
	if (k < 2 || (lang[i] != 0 && lang[i] != '-' && lang[i] != '_'))
		return NULL;
	if (lang[i] != 0) {
		i++;
		for (k = 0; lang[i] >= 'A' && lang[i] <= 'Z' && k < sizeof(cc) - 1;)
			cc[k++] = lang[i++];
		cc[k] = 0;
		if (k != 2 || lang[i] != 0)
			return NULL;
	}
	if ((d = load(ll, cc)) == NULL && (d = load(ll, NULL)) == NULL)
		return NULL;
	h = mem_calloc(1, sizeof(*h));
	h->dict = d;
	h->words = memo_new(WORDS_MAX, WORDS_MAX_BYTES, 0);
	return h;
}

void
hyphen_free(hyphen *h)
{
	if (h == NULL)
		return;
	hnj_hyphen_free(h->dict);
	memo_free(h->words);
	mem_free(h);
}

static int
points(const hyphen *h, const char *w, size_t n, unsigned char *at)
{
	/* the word lower-cased in the dictionary's encoding, and where each character ends in w */
	char word[HYPHEN_MAX_WORD * 4 + 1], points[HYPHEN_MAX_WORD * 4 + 5];
	size_t ends[HYPHEN_MAX_WORD], nc = 0;
	buf b = BUF_INIT;
	const char *p = w, *end = w + n;
	char **rep = NULL;
	int *pos = NULL, *cut = NULL, count = 0;

	memset(at, 0, n);
	while (p < end) {
		uint32_t cp = (uint32_t)u_tolower((UChar32)utf8_next(&p, end));

		if (nc == HYPHEN_MAX_WORD || (!h->dict->utf8 && cp > 0xFF))
			goto out;
		if (h->dict->utf8)
			utf8_put(&b, cp);
		else
			buf_putc(&b, (char)cp);	/* ISO 8859-1 patterns (German) */
		ends[nc++] = (size_t)(p - w);
	}
	if (nc < 5)
		goto out;
	memcpy(word, b.p, b.len);
	word[b.len] = 0;
	/*
	 * hyphenate3 would apply the minimums, but leaks in libhyphen 2.8.8;
	 * its points are per character, UTF-8 or not
	 */
	if (hnj_hyphen_hyphenate2(h->dict, word, (int)b.len, points, NULL, &rep,
	    &pos, &cut) != 0)
		goto out;
	/* an odd value is a point; one that changes letters (rep) is not ours to make */
	for (size_t i = 1; i + 3 < nc; i++)
		if ((points[i] & 1) && (rep == NULL || rep[i] == NULL)) {
			at[ends[i] - 1] = 1;
			count++;
		}
out:
	if (rep) {
		for (size_t i = 0; i < b.len; i++)
			free(rep[i]);
		free(rep);
	}
	free(pos);
	free(cut);
	buf_free(&b);
	return count;
}

int
hyphen_points(hyphen *h, const char *w, size_t n, unsigned char *at)
{
	const unsigned char *kept;
	unsigned char *room;
	size_t len;
	int count;

	if ((kept = memo_get(h->words, w, n, &len)) != NULL) {
		memcpy(&count, kept, sizeof(count));
		memcpy(at, kept + sizeof(count), n);
		return count;
	}
	count = points(h, w, n, at);
	if ((room = memo_add(h->words, w, n, sizeof(count) + n)) != NULL) {
		memcpy(room, &count, sizeof(count));
		memcpy(room + sizeof(count), at, n);
	}
	return count;
}
