/* lift: a response rate's interval and the difference of two, as the report states them. */
#ifndef TAYORI_LIFT_H
#define TAYORI_LIFT_H

/* z for a two-sided 95 % interval. */
#define LIFT_Z95	1.959963984540054

typedef struct rate {
	double p;		/* x / n; 0 when n is 0 */
	double low, high;	/* Wilson score interval */
} rate;

/*
 * The rate of x responses out of n with its Wilson score interval at z
 * (E. B. Wilson, 1927): centre (p + z²/2n) / (1 + z²/n), half-width
 * z / (1 + z²/n) · sqrt(p(1 − p)/n + z²/4n²). n = 0 gives [0, 1].
 */
rate lift_rate(long long x, long long n, double z);

typedef struct lift {
	rate mailed, held;	/* each group's rate */
	double diff;		/* mailed.p − held.p: the lift in points */
	double low, high;	/* its interval */
	int significant;	/* the interval leaves out 0 */
	int defined;		/* both groups have members */
} lift;

/*
 * The lift of x1 of n1 (mailed) over x0 of n0 (held out), with the
 * interval of the difference by Newcombe's hybrid score method (R. G.
 * Newcombe, 1998, method 10): low = d − sqrt((p1 − l1)² + (u0 − p0)²),
 * high = d + sqrt((u1 − p1)² + (p0 − l0)²), from the Wilson intervals.
 */
lift lift_compute(long long x1, long long n1, long long x0, long long n0, double z);

#endif
