/* lift: a response rate's interval and the difference of two, as the report states them. */
#include "report/lift.h"

#include <math.h>

rate
lift_rate(long long x, long long n, double z)
{
	rate r = {0, 0, 1};
	double nn, z2, denom, centre, half;

	if (n <= 0)
		return r;
	nn = (double)n;
	z2 = z * z;
	r.p = (double)x / nn;
	denom = 1 + z2 / nn;
	centre = (r.p + z2 / (2 * nn)) / denom;
	half = z / denom * sqrt(r.p * (1 - r.p) / nn + z2 / (4 * nn * nn));
	r.low = centre - half < 0 ? 0 : centre - half;
	r.high = centre + half > 1 ? 1 : centre + half;
	return r;
}

lift
lift_compute(long long x1, long long n1, long long x0, long long n0, double z)
{
	lift l;
	double a, b;

	l.mailed = lift_rate(x1, n1, z);
	l.held = lift_rate(x0, n0, z);
	l.defined = n1 > 0 && n0 > 0;
	l.diff = l.mailed.p - l.held.p;
	a = l.mailed.p - l.mailed.low;
	b = l.held.high - l.held.p;
	l.low = l.diff - sqrt(a * a + b * b);
	a = l.mailed.high - l.mailed.p;
	b = l.held.p - l.held.low;
	l.high = l.diff + sqrt(a * a + b * b);
	l.significant = l.defined && (l.low > 0 || l.high < 0);
	return l;
}
