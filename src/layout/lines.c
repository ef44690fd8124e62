/* lines: a paragraph's glyphs broken into lines: greedy filling, or total fit (Knuth–Plass) with hyphenation. */
#include "layout/lines.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "text/jcomp.h"
#include "util/mem.h"

int
lines_full_width(const struct glyph *g)
{
	return g->font >= 0 && g->nat > g->size * 0.9;
}

/* A line starts a paragraph at glyph i: the first glyph, or after a hard break. */
static int
para_start(const struct glyph *g, int i)
{
	return i == 0 || g[i - 1].font < 0;
}

double
lines_lead_cut(const struct glyph *g, int i)
{
	return lines_full_width(&g[i]) && !para_start(g, i) ?
	    jcomp_lead(g[i].cp) * g[i].size : 0;
}

/* What glyph g takes as the last of a line: the closing mark's blank and any gap after it go. */
static double
end_width(const struct glyph *g)
{
	return g->nat - (lines_full_width(g) ? jcomp_trail(g->cp) * g->size : 0);
}

double
lines_width(const struct glyph *g, int g0, int g1)
{
	double w;

	if (g1 <= g0)
		return 0;
	/* the first glyph's own leading blank is the line's to cut, not its neighbour's */
	w = end_width(&g[g1 - 1]) - lines_lead_cut(g, g0) - (g1 - 1 > g0 ? g[g0].dx : 0);
	for (int i = g0; i < g1 - 1; i++)
		w += g[i].adv;
	return w;
}

static int
blank(const struct glyph *g)
{
	return g->cp == ' ' || g->cp == 0x3000;
}

static void
add_line(struct lines *out, const struct glyph *g, int g0, int g1, int last,
    double indent, int hyphen)
{
	struct line *ln;

	while (g1 > g0 && blank(&g[g1 - 1]))
		g1--;
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 64;
		out->v = mem_realloc(out->v, (size_t)out->cap * sizeof(*out->v));
	}
	ln = &out->v[out->n++];
	ln->g0 = g0;
	ln->g1 = g1;
	ln->last = last;
	ln->indent = indent;
	ln->hyphen = hyphen && g1 > g0;
	ln->width = lines_width(g, g0, g1) + (ln->hyphen ? g[g1 - 1].hyw : 0);
}

void
lines_one(const struct glyph *g, int ng, struct line *ln)
{
	memset(ln, 0, sizeof(*ln));
	ln->g1 = ng;
	ln->last = 1;
	ln->width = lines_width(g, 0, ng);
}

void
lines_greedy(const struct glyph *g, int ng, double width, double indent,
    struct lines *out)
{
	int i = 0;

	out->n = 0;
	while (i < ng) {
		int start, last = -1, end = -1, next = -1;
		double x, in;

		while (i < ng && g[i].cp == ' ')
			i++;
		if (i == ng)
			break;
		start = i;
		in = para_start(g, start) ? indent : 0;
		x = in - lines_lead_cut(g, start) - g[start].dx;
		for (; i < ng; i++) {
			if (g[i].font < 0) {
				end = i;
				next = i + 1;
				break;
			}
			if (i > start && g[i].brk)
				last = i;
			if (g[i].cp != ' ' && x + end_width(&g[i]) > width + 0.01 && i > start) {
				end = next = last > start ? last : i;
				break;
			}
			x += g[i].adv;
		}
		if (end < 0) {
			add_line(out, g, start, ng, 1, in, 0);
			break;
		}
		add_line(out, g, start, end, g[end].font < 0 || next >= ng, in, 0);
		i = next;
	}
}

/*
 * A place a line may end: before glyph end, the next line starting at
 * next; and what demerits asks of it again and again, found once.
 */
struct node {
	int end, next;
	unsigned char hyphen;	/* with a hyphen added */
	unsigned char forced;	/* a hard break or the paragraph's end */
	double total;		/* least demerits of the paragraph up to here */
	int prev;		/* the node the best last line starts from; -1 */
	/* a line from here: its first glyph s (spaces skipped), what its start takes or adds */
	int s;
	double lead, dx, indent, sp_s, pre_s;
	/* a line to here: after its last glyph e (blanks trimmed), what its end adds */
	int e;
	double endw, hyw, sp_e, pre_e;
};

#define KP_INFEASIBLE 1e30
#define KP_LINE_PENALTY 10
#define KP_HYPHEN_PENALTY 50
#define KP_TWO_HYPHENS 3000	/* hyphens on two lines running, or on the last but one */
#define KP_OVERFULL 1e12	/* a line that cannot shrink enough: only when nothing else fits */

static void
add_node(struct node **v, int *n, int *cap, int end, int next, int hyphen,
    int forced)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*v = mem_realloc(*v, (size_t)*cap * sizeof(**v));
	}
	(*v)[(*n)++] = (struct node){.end = end, .next = next,
	    .hyphen = (unsigned char)hyphen, .forced = (unsigned char)forced,
	    .total = KP_INFEASIBLE, .prev = -1};
}

/* The places lines may end, in order: break opportunities, hyphens, hard breaks, the end. */
static int
nodes(const struct glyph *g, int ng, struct node **v)
{
	int n = 0, cap = 0;

	*v = NULL;
	add_node(v, &n, &cap, 0, 0, 0, 1);
	for (int i = 1; i < ng; i++) {
		if (g[i].font < 0)
			add_node(v, &n, &cap, i, i + 1, 0, 1);
		else if (g[i - 1].font >= 0 && g[i].brk)
			add_node(v, &n, &cap, i, i, 0, 0);
		else if (g[i - 1].hyw > 0)
			add_node(v, &n, &cap, i, i, 1, 0);
	}
	if (ng > 0 && g[ng - 1].font >= 0)
		add_node(v, &n, &cap, ng, ng, 0, 1);
	return n;
}

/* What a line's demerits depend on besides its two nodes. */
struct fit {
	const double *sp;	/* the sums of word-space widths before each glyph */
	const double *pre;	/* the running sums of advances before each glyph */
	double slack;		/* how far pre's differences may stray from lines_width's own sum */
	double width, indent;
};

/* The demerits of a line from a to b of badness bad. */
static double
line_demerits(const struct node *a, const struct node *b, double bad)
{
	double d = (KP_LINE_PENALTY + bad) * (KP_LINE_PENALTY + bad);

	if (b->hyphen)
		d += KP_HYPHEN_PENALTY * KP_HYPHEN_PENALTY;
	if (a->hyphen && (b->hyphen || b->forced))
		d += KP_TWO_HYPHENS;
	return d;
}

/* Looser than this (cube root of 100 and some), a line's badness is the cap, 10000. */
#define KP_SATURATED 4.65

/*
 * The demerits of one line from node a to node b; sets *toolong when it
 * cannot shrink to width (KP_INFEASIBLE is returned). A line far too
 * long or far too loose is judged by the running sums: its exact width
 * could not change the outcome, and summing it glyph by glyph is most of
 * the breaking's time.
 */
static double
demerits(const struct glyph *g, const struct node *a, const struct node *b,
    const struct fit *f, int *toolong)
{
	int s = a->s, e = b->e;
	double w, guess, stretch, shrink, bad, r;

	*toolong = 0;
	/* nothing but spaces between them (a->s and b->e passed each other) */
	if (s >= b->end || e <= s)
		return b->forced ? 0 : KP_INFEASIBLE;
	stretch = (b->sp_e - a->sp_s) * (LINES_SPACE_MAX - 1);
	shrink = (b->sp_e - a->sp_s) * (1 - LINES_SPACE_MIN);
	w = b->endw - a->lead - (e - 1 > s ? a->dx : 0);
	guess = w + b->pre_e - a->pre_s + b->hyw + a->indent;
	if (guess > f->width + 0.01 + f->slack &&
	    (shrink <= 0 || (f->width - guess + f->slack) / shrink < -1 - 1e-9)) {
		*toolong = 1;
		return KP_INFEASIBLE;
	}
	if (guess < f->width + 0.01 - f->slack && !b->forced && stretch > 0 &&
	    (f->width - guess - f->slack) / stretch > KP_SATURATED) {
		bad = 10000;
		goto sum;
	}
	/*
	 * Not overfull whatever the exact width: a last line or one that
	 * cannot stretch has its badness without it, and a line that cannot
	 * make a better path to b than b has is not worth summing (the
	 * least badness its width allows tells).
	 */
	if (guess + f->slack <= f->width + 0.01) {
		if (b->forced) {
			bad = 0;
			goto sum;
		}
		if (stretch <= 0) {
			bad = 10000;
			goto sum;
		}
		r = (f->width - guess - f->slack) / stretch;
		bad = fmax(fmin(100 * r * r * r, 10000), -KP_LINE_PENALTY);
		if (a->total + line_demerits(a, b, bad) * (1 - 1e-9) >= b->total)
			return KP_INFEASIBLE;
	}
	for (int i = s; i < e - 1; i++)
		w += g[i].adv;	/* lines_width's sum, in its order */
	w = w + b->hyw + a->indent;
	if (w > f->width + 0.01) {
		if (shrink <= 0 || (r = (f->width - w) / shrink) < -1) {
			*toolong = 1;
			return KP_INFEASIBLE;
		}
		bad = 100 * fabs(r * r * r);
	} else if (b->forced)
		bad = 0;	/* the last line is set as it is */
	else if (stretch <= 0)
		bad = 10000;
	else {
		r = (f->width - w) / stretch;
		bad = fmin(100 * r * r * r, 10000);
	}
sum:
	return line_demerits(a, b, bad);
}

/* What demerits asks of node k (lines from it and to it), from the sums and the glyphs. */
static void
node_ends(const struct glyph *g, int ng, const struct fit *f, struct node *k)
{
	int s = k->next, e = k->end;

	while (s < ng && g[s].cp == ' ')
		s++;
	k->s = s;
	if (s < ng) {
		k->lead = lines_lead_cut(g, s);
		k->dx = g[s].dx;
		k->indent = para_start(g, s) ? f->indent : 0;
	}
	k->sp_s = f->sp[s];
	k->pre_s = f->pre[s];
	while (e > 0 && blank(&g[e - 1]))
		e--;
	k->e = e;
	if (e > 0) {
		k->endw = end_width(&g[e - 1]);
		k->hyw = k->hyphen ? g[e - 1].hyw : 0;
		k->pre_e = f->pre[e - 1];
	}
	k->sp_e = f->sp[e];
}

void
lines_total_fit(const struct glyph *g, int ng, double width, double indent,
    struct lines *out)
{
	struct node *v;
	int n = nodes(g, ng, &v), *path;
	double *sp = mem_alloc((size_t)(ng + 1) * sizeof(*sp));
	double *pre = mem_alloc((size_t)(ng + 1) * sizeof(*pre)), mass = 0;
	struct fit f = {sp, pre, 0, width, indent};

	out->n = 0;
	sp[0] = pre[0] = 0;
	for (int i = 0; i < ng; i++) {
		sp[i + 1] = sp[i] + (g[i].cp == ' ' ? g[i].nat : 0);
		pre[i + 1] = pre[i] + g[i].adv;
		mass += fabs(g[i].adv);
	}
	/* rounding: each sum of up to ng terms errs by ng ulps of their mass at most */
	f.slack = 1e-6 + 16 * ng * DBL_EPSILON * mass;
	for (int k = 0; k < n; k++)
		node_ends(g, ng, &f, &v[k]);
	v[0].total = 0;
	for (int b = 1; b < n; b++) {
		/* back over the nodes a line to b could start from, until it is too long */
		for (int a = b - 1; a >= 0; a--) {
			int toolong;
			double d;

			if (v[a].total < KP_INFEASIBLE) {
				d = demerits(g, &v[a], &v[b], &f, &toolong);
				if (d < KP_INFEASIBLE && v[a].total + d < v[b].total) {
					v[b].total = v[a].total + d;
					v[b].prev = a;
				}
				if (toolong)
					break;
			}
			if (v[a].forced)
				break;	/* no line runs across a hard break */
		}
		/* nothing fits (a word longer than the line): the shortest overfull line */
		if (v[b].prev < 0 && v[b - 1].total < KP_INFEASIBLE) {
			v[b].total = v[b - 1].total + KP_OVERFULL;
			v[b].prev = b - 1;
		}
	}
	path = mem_alloc((size_t)n * sizeof(*path));
	{
		int k = 0;

		for (int b = n - 1; b > 0; b = v[b].prev)
			path[k++] = b;
		while (k-- > 0) {
			const struct node *b = &v[path[k]], *a = &v[v[path[k]].prev];
			int s = a->next;

			while (s < b->end && g[s].cp == ' ')
				s++;
			add_line(out, g, s, b->end, b->forced, para_start(g, s) ?
			    indent : 0, b->hyphen);
		}
	}
	mem_free(path);
	mem_free(pre);
	mem_free(sp);
	mem_free(v);
}
