/* memo: a bounded table of results by key (bytes), the least recently used dropped first. */
#include "util/memo.h"

#include <stdint.h>
#include <string.h>

#include "util/mem.h"

struct entry {
	uint64_t hash;
	unsigned char *kv;	/* the value, then the key; NULL: a free entry */
	size_t klen, vlen;
	int newer, older;	/* the use list; -1 at its ends */
	int chain;		/* the next entry in its bucket, or in the free list; -1 */
};

struct memo {
	struct entry *e;
	int max, n;
	int *bucket;		/* nbucket heads, -1 for none */
	int nbucket;		/* a power of two */
	int newest, oldest, free;
	size_t bytes, max_bytes;
	uint64_t *seen;		/* nbucket hashes seen once (second only) */
};

/* Eight bytes at a time (keys are whole paragraphs), each word multiplied in and folded. */
static uint64_t
hash(const void *key, size_t n)
{
	const unsigned char *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;

	for (; n >= 8; p += 8, n -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	w = 0;
	if (n > 0)
		memcpy(&w, p, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 29);
}

memo *
memo_new(int max_entries, size_t max_bytes, int second)
{
	memo *m = mem_calloc(1, sizeof(*m));

	if (max_entries < 1)
		max_entries = 1;
	m->max = max_entries;
	m->max_bytes = max_bytes;
	for (m->nbucket = 1; m->nbucket < 2 * max_entries; m->nbucket *= 2)
		;
	m->e = mem_calloc((size_t)max_entries, sizeof(*m->e));
	m->bucket = mem_alloc((size_t)m->nbucket * sizeof(*m->bucket));
	for (int i = 0; i < m->nbucket; i++)
		m->bucket[i] = -1;
	for (int i = 0; i < max_entries; i++)
		m->e[i].chain = i + 1 < max_entries ? i + 1 : -1;
	m->free = 0;
	m->newest = m->oldest = -1;
	if (second)
		m->seen = mem_calloc((size_t)m->nbucket, sizeof(*m->seen));
	return m;
}

void
memo_free(memo *m)
{
	if (m == NULL)
		return;
	for (int i = 0; i < m->max; i++)
		mem_free(m->e[i].kv);
	mem_free(m->e);
	mem_free(m->bucket);
	mem_free(m->seen);
	mem_free(m);
}

static void
unlink_use(memo *m, int i)
{
	struct entry *x = &m->e[i];

	if (x->newer >= 0)
		m->e[x->newer].older = x->older;
	else
		m->newest = x->older;
	if (x->older >= 0)
		m->e[x->older].newer = x->newer;
	else
		m->oldest = x->newer;
}

static void
push_newest(memo *m, int i)
{
	m->e[i].newer = -1;
	m->e[i].older = m->newest;
	if (m->newest >= 0)
		m->e[m->newest].newer = i;
	else
		m->oldest = i;
	m->newest = i;
}

static void
drop(memo *m, int i)
{
	struct entry *x = &m->e[i];
	int *p = &m->bucket[x->hash & (uint64_t)(m->nbucket - 1)];

	while (*p != i)
		p = &m->e[*p].chain;
	*p = x->chain;
	unlink_use(m, i);
	m->bytes -= x->klen + x->vlen;
	mem_free(x->kv);
	x->kv = NULL;
	x->chain = m->free;
	m->free = i;
	m->n--;
}

static int
find(const memo *m, uint64_t h, const void *key, size_t klen)
{
	for (int i = m->bucket[h & (uint64_t)(m->nbucket - 1)]; i >= 0; i = m->e[i].chain) {
		const struct entry *x = &m->e[i];

		if (x->hash == h && x->klen == klen && memcmp(x->kv + x->vlen, key, klen) == 0)
			return i;
	}
	return -1;
}

const void *
memo_get(memo *m, const void *key, size_t klen, size_t *vlen)
{
	int i = find(m, hash(key, klen), key, klen);

	if (i < 0)
		return NULL;
	unlink_use(m, i);
	push_newest(m, i);
	*vlen = m->e[i].vlen;
	return m->e[i].kv;
}

void *
memo_add(memo *m, const void *key, size_t klen, size_t vlen)
{
	uint64_t h = hash(key, klen);
	size_t at = h & (uint64_t)(m->nbucket - 1);
	struct entry *x;
	int i;

	if (klen + vlen > m->max_bytes || klen + vlen < klen || find(m, h, key, klen) >= 0)
		return NULL;
	if (m->seen != NULL && m->seen[at] != h) {
		m->seen[at] = h;
		return NULL;
	}
	while (m->n == m->max || m->bytes + klen + vlen > m->max_bytes)
		drop(m, m->oldest);
	i = m->free;
	x = &m->e[i];
	m->free = x->chain;
	x->hash = h;
	x->klen = klen;
	x->vlen = vlen;
	x->kv = mem_alloc(vlen + klen > 0 ? vlen + klen : 1);
	memcpy(x->kv + vlen, key, klen);
	x->chain = m->bucket[at];
	m->bucket[at] = i;
	push_newest(m, i);
	m->bytes += klen + vlen;
	m->n++;
	return x->kv;
}

int
memo_count(const memo *m)
{
	return m->n;
}

size_t
memo_bytes(const memo *m)
{
	return m->bytes;
}
