/* shard: which of N parts of a segment a customer is in: a hash of the id, the same in C and in SQL. */
#include "data/shard.h"

#include <stdint.h>
#include <stdlib.h>

int
shard_parse(const char *spec, int *k, int *n)
{
	char *end;
	long a, b;

	a = strtol(spec, &end, 10);
	if (end == spec || *end != '/')
		return -1;
	spec = end + 1;
	b = strtol(spec, &end, 10);
	if (end == spec || *end != '\0' || a < 1 || b < a || b > SHARD_MAX)
		return -1;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

int
shard_of(long long id, int n)
{
	/* the id modulo 2^32 as SQL's % computes it (the sign of the id), made positive */
	uint64_t x = (uint64_t)((id % 4294967296LL + 4294967296LL) % 4294967296LL);

	x = ((x ^ (x >> 16)) * 73244475u) % 4294967296u;
	x = ((x ^ (x >> 16)) * 73244475u) % 4294967296u;
	x ^= x >> 16;
	return (int)(x % (uint64_t)n) + 1;
}

void
shard_segment(buf *b, const char *sql, int k, int n)
{
	buf_printf(b, "SELECT * FROM (\n%s\n) AS shard WHERE "
	    "tayori_shard(CAST(shard.id AS BIGINT), %d) = %d", sql, n, k);
}
