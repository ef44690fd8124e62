/* report: what each mailing did — mailed, held out, responses, lift with its interval, revenue, ROI — as text, CSV or HTML. */
#include "report/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "data/db.h"
#include "data/store.h"
#include "report/lift.h"
#include "util/buf.h"
#include "util/mem.h"

/* One group of one campaign: [0] mailed, [1] held out. */
typedef struct group {
	char *name;
	long long n[2], x[2];
	double revenue[2];
	lift l;
} group;

typedef struct campaign {
	char *name, *channel, *sent, *segment, *title;
	double cost_per_piece;
	int has_cost, window;
	group *g;
	int ng;
	long long *cum[2];	/* responders by day since mailing, cumulative */
	long long n[2];
} campaign;

typedef struct report {
	const report_opts *o;
	store *db;
	diag *d;
	campaign *c;
	int nc;
} report;

static char *
dup_col(store_stmt *st, int i)
{
	const char *s = store_text(st, i, NULL);

	return mem_strdup(s ? s : "");
}

static double
real_col(store_stmt *st, int i)
{
	const char *s = store_text(st, i, NULL);

	return s ? strtod(s, NULL) : 0.0;
}

static int
prepare(report *r, const char *sql, store_stmt **st)
{
	return (*st = store_prepare(r->db, sql, r->d)) != NULL ? 0 : -1;
}

/* SQLite's date() in the database's words: PostgreSQL has db init's tayori_date. */
static const char *
date_fn(const report *r)
{
	return store_kind(r->db) == STORE_PG ? "tayori_date" : "date";
}

/* The group a customer is in: all, the campaign's segment, or a customer_view column. */
static int
group_expr(report *r, buf *out)
{
	const char *by = r->o->by;
	store_stmt *st;
	buf q = BUF_INIT;
	int ok;

	if (by == NULL) {
		buf_puts(out, "'all'");
		return 0;
	}
	if (strcmp(by, "segment") == 0) {
		buf_puts(out, "coalesce((SELECT segment FROM campaigns WHERE name = ?1), "
		    "'(segment not recorded)')");
		return 0;
	}
	for (const char *p = by; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '_')) {
			diag_plain(r->d, D_USAGE, "--by is segment or a column of "
			    "customer_view (rank, rfm, dormant, …)");
			return -1;
		}
	buf_printf(&q, "SELECT \"%s\" FROM customer_view LIMIT 0", by);
	ok = (st = store_prepare(r->db, buf_str(&q), NULL)) != NULL &&
	    store_step(st) == 0;
	store_finalize(st);
	buf_free(&q);
	if (!ok) {
		diag_plain(r->d, D_USAGE, "--by is segment or a column of "
		    "customer_view (rank, rfm, dormant, …)");
		return -1;
	}
	buf_printf(out, "coalesce(CAST(v.\"%s\" AS TEXT), '(none)')", by);
	return 0;
}

/* Who the campaign reached (held out or not) and what each of them answered. */
static void
reached(const report *r, buf *q)
{
	buf_printf(q, "WITH reached AS (SELECT customer_id, max(held_out) AS held, "
	    "  min(%s(sent_at)) AS sent FROM contacts WHERE campaign = ?1 "
	    "  GROUP BY customer_id), "
	    "answered AS (SELECT customer_id, min(%s(at)) AS first, "
	    "  sum(coalesce(amount, 0)) AS amount FROM attributed_responses "
	    "  WHERE campaign = ?1 GROUP BY customer_id) ", date_fn(r), date_fn(r));
}

static int
load_groups(report *r, campaign *c, const char *gexpr)
{
	store_stmt *st;
	buf q = BUF_INIT;
	int rc = -1, step;

	reached(r, &q);
	buf_printf(&q, "SELECT %s AS grp, r.held, count(*), count(a.customer_id), "
	    "  coalesce(sum(a.amount), 0) "
	    "FROM reached AS r LEFT JOIN answered AS a ON a.customer_id = r.customer_id "
	    "  LEFT JOIN customer_view AS v ON v.id = r.customer_id "
	    "GROUP BY grp, r.held ORDER BY grp", gexpr);
	if (prepare(r, buf_str(&q), &st) == -1)
		goto out;
	store_bind_text(st, 1, c->name);
	while ((step = store_step(st)) == 1) {
		const char *name = store_text(st, 0, NULL);
		int held = store_int64(st, 1) != 0;
		group *g = c->ng ? &c->g[c->ng - 1] : NULL;

		if (g == NULL || strcmp(g->name, name ? name : "") != 0) {
			c->g = mem_realloc(c->g, (size_t)(c->ng + 1) * sizeof(*c->g));
			g = &c->g[c->ng++];
			memset(g, 0, sizeof(*g));
			g->name = mem_strdup(name ? name : "");
		}
		g->n[held] = store_int64(st, 2);
		g->x[held] = store_int64(st, 3);
		g->revenue[held] = real_col(st, 4);
		c->n[held] += g->n[held];
	}
	if (step == -1) {
		diag_plain(r->d, D_SQL, store_errmsg(r->db), buf_str(&q));
		store_finalize(st);
		goto out;
	}
	for (int i = 0; i < c->ng; i++) {
		group *g = &c->g[i];

		g->l = lift_compute(g->x[0], g->n[0], g->x[1], g->n[1], LIFT_Z95);
	}
	store_finalize(st);
	rc = 0;
out:
	buf_free(&q);
	return rc;
}

/* Responders by day since mailing (0 … window), cumulative, for each group. */
static int
load_days(report *r, campaign *c)
{
	store_stmt *st;
	buf q = BUF_INIT;
	int rc, pg = store_kind(r->db) == STORE_PG;

	reached(r, &q);
	/* whole days, cut toward zero as SQLite's CAST does (PostgreSQL's rounds) */
	buf_printf(&q, "SELECT r.held, %s(%s(a.first) - %s(r.sent)%s "
	    "  AS day, count(*) FROM reached AS r JOIN answered AS a "
	    "  ON a.customer_id = r.customer_id GROUP BY r.held, day",
	    pg ? "trunc" : "CAST", pg ? "tayori_julianday" : "julianday",
	    pg ? "tayori_julianday" : "julianday", pg ? ")::bigint" : " AS INTEGER)");
	rc = prepare(r, buf_str(&q), &st);
	buf_free(&q);
	if (rc == -1)
		return -1;
	store_bind_text(st, 1, c->name);
	for (int h = 0; h < 2; h++)
		c->cum[h] = mem_calloc((size_t)c->window + 1, sizeof(long long));
	while ((rc = store_step(st)) == 1) {
		int h = store_int64(st, 0) != 0;
		long long day = store_int64(st, 1);

		if (day < 0)
			day = 0;
		if (day > c->window)
			day = c->window;
		c->cum[h][day] += store_int64(st, 2);
	}
	if (rc == -1)
		diag_plain(r->d, D_SQL, store_errmsg(r->db), "SELECT … FROM reached");
	store_finalize(st);
	if (rc == -1)
		return -1;
	for (int h = 0; h < 2; h++)
		for (int day = 1; day <= c->window; day++)
			c->cum[h][day] += c->cum[h][day - 1];
	return 0;
}

static int
load(report *r)
{
	store_stmt *st;
	buf gexpr = BUF_INIT, q = BUF_INIT;
	int rc = -1, step;

	if (group_expr(r, &gexpr) == -1)
		goto out;
	/* grouped by the campaigns row too: PostgreSQL wants what it selects grouped */
	buf_printf(&q, "SELECT k.campaign, min(%s(k.sent_at)), "
	    "  coalesce(m.channel, max(k.channel), ''), m.segment, m.title, "
	    "  m.cost_per_piece, coalesce(m.window_days, 30) "
	    "FROM contacts AS k LEFT JOIN campaigns AS m ON m.name = k.campaign "
	    "WHERE CAST(?1 AS TEXT) IS NULL OR k.campaign = ?1 "
	    "GROUP BY k.campaign, m.name "
	    "HAVING CAST(?2 AS TEXT) IS NULL OR min(%s(k.sent_at)) >= ?2 "
	    "ORDER BY min(k.sent_at), k.campaign", date_fn(r), date_fn(r));
	if (prepare(r, buf_str(&q), &st) == -1)
		goto out;
	store_bind_text(st, 1, r->o->campaign);
	store_bind_text(st, 2, r->o->since);
	while ((step = store_step(st)) == 1) {
		campaign *c;

		r->c = mem_realloc(r->c, (size_t)(r->nc + 1) * sizeof(*r->c));
		c = &r->c[r->nc++];
		memset(c, 0, sizeof(*c));
		c->name = dup_col(st, 0);
		c->sent = dup_col(st, 1);
		c->channel = dup_col(st, 2);
		c->segment = dup_col(st, 3);
		c->title = dup_col(st, 4);
		c->has_cost = store_text(st, 5, NULL) != NULL;
		c->cost_per_piece = real_col(st, 5);
		c->window = (int)store_int64(st, 6);
		if (c->window < 1 || c->window > 3660)
			c->window = 30;
	}
	if (step == -1)
		diag_plain(r->d, D_SQL, store_errmsg(r->db), buf_str(&q));
	store_finalize(st);
	if (step == -1)
		goto out;
	if (r->nc == 0 && r->o->campaign != NULL) {
		diag_plain(r->d, D_USAGE, "no such campaign in the database "
		    "(tayori campaigns lists them)");
		goto out;
	}
	for (int i = 0; i < r->nc; i++)
		if (load_groups(r, &r->c[i], buf_str(&gexpr)) == -1 ||
		    load_days(r, &r->c[i]) == -1)
			goto out;
	rc = 0;
out:
	buf_free(&gexpr);
	buf_free(&q);
	return rc;
}

static void
free_report(report *r)
{
	for (int i = 0; i < r->nc; i++) {
		campaign *c = &r->c[i];

		for (int k = 0; k < c->ng; k++)
			mem_free(c->g[k].name);
		mem_free(c->g);
		mem_free(c->name);
		mem_free(c->sent);
		mem_free(c->channel);
		mem_free(c->segment);
		mem_free(c->title);
		mem_free(c->cum[0]);
		mem_free(c->cum[1]);
	}
	mem_free(r->c);
}

/* The money figures of a group: what the mailing cost and returned. */
typedef struct money {
	double revenue, per_piece, cost, incremental, roi;
	int has_roi, incremental_based;
} money;

static money
money_of(const campaign *c, const group *g)
{
	money m;

	memset(&m, 0, sizeof(m));
	m.revenue = g->revenue[0];
	m.per_piece = g->n[0] ? g->revenue[0] / (double)g->n[0] : 0;
	m.cost = c->has_cost ? c->cost_per_piece * (double)g->n[0] : 0;
	/* With a control group, only what the mailing added counts. */
	m.incremental_based = g->n[1] > 0;
	m.incremental = m.incremental_based ? (m.per_piece - g->revenue[1] /
	    (double)g->n[1]) * (double)g->n[0] : m.revenue;
	m.has_roi = c->has_cost && m.cost > 0;
	m.roi = m.has_roi ? (m.incremental - m.cost) / m.cost : 0;
	return m;
}

/* 12345.6 as "12,346" */
static void
put_amount(buf *b, double v)
{
	char digits[32];
	int n, lead;

	snprintf(digits, sizeof(digits), "%.0f", fabs(v));
	n = (int)strlen(digits);
	if (v < -0.5)
		buf_putc(b, '-');
	lead = n % 3 ? n % 3 : 3;
	for (int i = 0; i < n; i++) {
		if (i > 0 && (i - lead) % 3 == 0)
			buf_putc(b, ',');
		buf_putc(b, digits[i]);
	}
}

static void
put_lift(buf *b, const group *g)
{
	if (!g->l.defined) {
		buf_puts(b, "no control group");
		return;
	}
	buf_printf(b, "%+.1f pts [%+.1f, %+.1f]%s", 100 * g->l.diff,
	    100 * g->l.low, 100 * g->l.high, g->l.significant ? "" :
	    " not significant");
}

static void
write_text(const report *r, FILE *out)
{
	for (int i = 0; i < r->nc; i++) {
		const campaign *c = &r->c[i];
		buf line = BUF_INIT;

		fprintf(out, "%s%s%s%s (%s, %s): %lld mailed, %lld held out\n",
		    i ? "\n" : "", c->name, *c->title ? " — " : "", c->title,
		    *c->channel ? c->channel : "?", c->sent, c->n[0], c->n[1]);
		fprintf(out, "  %-14s %8s %6s %7s %8s %6s %7s  %-36s %12s %10s %10s %8s\n",
		    "group", "mailed", "resp.", "rate", "held out", "resp.",
		    "rate", "lift [95% CI]", "revenue", "per piece", "cost", "ROI");
		for (int k = 0; k < c->ng; k++) {
			const group *g = &c->g[k];
			money m = money_of(c, g);

			buf_clear(&line);
			put_lift(&line, g);
			fprintf(out, "  %-14s %8lld %6lld %6.1f%% %8lld %6lld %6.1f%%  %-36s ",
			    g->name, g->n[0], g->x[0], 100 * g->l.mailed.p, g->n[1],
			    g->x[1], 100 * g->l.held.p, buf_str(&line));
			buf_clear(&line);
			put_amount(&line, m.revenue);
			fprintf(out, "%12s ", buf_str(&line));
			buf_clear(&line);
			buf_printf(&line, "%.2f", m.per_piece);
			fprintf(out, "%10s ", buf_str(&line));
			buf_clear(&line);
			if (c->has_cost)
				put_amount(&line, m.cost);
			else
				buf_puts(&line, "-");
			fprintf(out, "%10s ", buf_str(&line));
			if (m.has_roi)
				fprintf(out, "%7.0f%%\n", 100 * m.roi);
			else
				fprintf(out, "%8s\n", "-");
		}
		buf_free(&line);
	}
	if (r->nc == 0)
		fputs("no campaign has been mailed yet\n", out);
	else
		fputs("\nrate: customers with a response or purchase attributed to the "
		    "campaign. lift: mailed rate minus held-out rate, 95 % interval by "
		    "Newcombe's hybrid score method. ROI: (revenue over the held-out "
		    "group's, per piece, times pieces - cost) / cost; without a held-out "
		    "group, (revenue - cost) / cost.\n", out);
}

static void
write_csv(const report *r, FILE *out)
{
	fputs("campaign,group,mailed,mailed_responded,mailed_rate,mailed_low,"
	    "mailed_high,held_out,held_responded,held_rate,lift,lift_low,"
	    "lift_high,significant,revenue,revenue_per_piece,cost,roi\n", out);
	for (int i = 0; i < r->nc; i++) {
		const campaign *c = &r->c[i];

		for (int k = 0; k < c->ng; k++) {
			const group *g = &c->g[k];
			money m = money_of(c, g);
			buf b = BUF_INIT;

			buf_put_csv(&b, c->name);
			buf_putc(&b, ',');
			buf_put_csv(&b, g->name);
			buf_printf(&b, ",%lld,%lld,%.6f,%.6f,%.6f,%lld,%lld,%.6f,",
			    g->n[0], g->x[0], g->l.mailed.p, g->l.mailed.low,
			    g->l.mailed.high, g->n[1], g->x[1], g->l.held.p);
			if (g->l.defined)
				buf_printf(&b, "%.6f,%.6f,%.6f,%d,", g->l.diff,
				    g->l.low, g->l.high, g->l.significant);
			else
				buf_puts(&b, ",,,,");
			buf_printf(&b, "%.2f,%.4f,", m.revenue, m.per_piece);
			if (c->has_cost)
				buf_printf(&b, "%.2f", m.cost);
			buf_putc(&b, ',');
			if (m.has_roi)
				buf_printf(&b, "%.6f", m.roi);
			fprintf(out, "%s\n", buf_str(&b));
			buf_free(&b);
		}
	}
}

/* Text for HTML: & < > " escaped. */
static void
html(FILE *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		default: fputc(*s, out);
		}
}

/* The axis's top: a round step (1, 2, 2.5 or 5 × 10^k) times 4 at or above max. */
static double
axis_top(double max, double *step)
{
	static const double steps[] = {0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25};

	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i] * 4 >= max) {
			*step = steps[i];
			return steps[i] * 4;
		}
	*step = 0.25;
	return 1;
}

/* Response rate per group with its interval: mailed (dark) and held out (light). */
static void
chart_rates(const campaign *c, FILE *out)
{
	const double w = 640, rowh = 34, left = 150, right = 40;
	double top = 0, step, h = 40 + rowh * c->ng;

	for (int k = 0; k < c->ng; k++)
		for (int s = 0; s < 2; s++) {
			const rate *rt = s ? &c->g[k].l.held : &c->g[k].l.mailed;

			if (c->g[k].n[s] && rt->high > top)
				top = rt->high;
		}
	top = axis_top(top, &step);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	    "aria-label=\"response rate per group\">\n", w, h);
	for (int t = 0; t <= 4; t++) {
		double x = left + (w - left - right) * t / 4;

		fprintf(out, "<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%.1f\" "
		    "class=\"grid\"/><text x=\"%.1f\" y=\"%.1f\" class=\"axis\">"
		    "%g%%</text>\n", x, x, h - 24, x, h - 8, 100 * step * t);
	}
	for (int k = 0; k < c->ng; k++) {
		const group *g = &c->g[k];
		double y = 24 + rowh * k;

		fputs("<text x=\"8\" y=\"", out);
		fprintf(out, "%.1f\" class=\"label\">", y + 8);
		html(out, g->name);
		fputs("</text>\n", out);
		for (int s = 0; s < 2; s++) {
			const rate *rt = s ? &g->l.held : &g->l.mailed;
			double sc = (w - left - right) / top, yy = y + s * 12;

			if (g->n[s] == 0)
				continue;
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"9\" class=\"%s\"/><line x1=\"%.1f\" y1=\"%.1f\" "
			    "x2=\"%.1f\" y2=\"%.1f\" class=\"ci\"/>\n", left, yy,
			    rt->p * sc, s ? "held" : "mailed", left + rt->low * sc,
			    yy + 4.5, left + rt->high * sc, yy + 4.5);
		}
	}
	fputs("</svg>\n", out);
}

/* Cumulative response rate by day since mailing: mailed and held out. */
static void
chart_days(const campaign *c, FILE *out)
{
	const double w = 640, h = 240, left = 50, right = 20, bottom = 30, topm = 10;
	double top = 0, step;

	for (int s = 0; s < 2; s++)
		if (c->n[s] > 0 && (double)c->cum[s][c->window] / (double)c->n[s] > top)
			top = (double)c->cum[s][c->window] / (double)c->n[s];
	top = axis_top(top, &step);
	fprintf(out, "<svg class=\"chart\" viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	    "aria-label=\"cumulative response rate by day since mailing\">\n", w, h);
	for (int t = 0; t <= 4; t++) {
		double y = topm + (h - topm - bottom) * (4 - t) / 4;

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		    "class=\"grid\"/><text x=\"4\" y=\"%.1f\" class=\"axis\">"
		    "%g%%</text>\n", left, y, w - right, y, y + 4, 100 * step * t);
	}
	fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\">day 0</text>"
	    "<text x=\"%.1f\" y=\"%.1f\" class=\"axis\" text-anchor=\"end\">day %d"
	    "</text>\n", left, h - 8, w - right, h - 8, c->window);
	for (int s = 0; s < 2; s++) {
		if (c->n[s] == 0)
			continue;
		fprintf(out, "<polyline class=\"%s line\" points=\"", s ? "held" : "mailed");
		for (int day = 0; day <= c->window; day++)
			fprintf(out, "%s%.1f,%.1f", day ? " " : "", left + (w - left - right) *
			    day / c->window, topm + (h - topm - bottom) * (1 -
			    (double)c->cum[s][day] / (double)c->n[s] / top));
		fputs("\"/>\n", out);
	}
	fputs("</svg>\n", out);
}

static void
write_html(const report *r, FILE *out)
{
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	    "<title>tayori: what each mailing did</title>\n<style>\n"
	    "@page { size: A4; margin: 15mm; }\n"
	    "body { font-family: sans-serif; color: #222; max-width: 180mm; margin: 2em auto; }\n"
	    "h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 2em; "
	    "break-after: avoid; }\n"
	    "section { break-inside: avoid; }\n"
	    "table { border-collapse: collapse; width: 100%; font-size: 0.75em; }\n"
	    "th, td { border-bottom: 1px solid #ccc; padding: 3px 5px; text-align: right; "
	    "white-space: nowrap; }\n"
	    "td.ns span, td.sig span { display: block; font-size: 0.9em; }\n"
	    "th:first-child, td:first-child { text-align: left; }\n"
	    ".ns { color: #777; } .sig { font-weight: bold; }\n"
	    ".chart { width: 100%; height: auto; margin: 0.5em 0; }\n"
	    ".grid { stroke: #ddd; } .axis, .label { font-size: 11px; fill: #555; }\n"
	    "rect.mailed { fill: #1f5f8b; } rect.held { fill: #9cc3dd; }\n"
	    ".ci { stroke: #000; stroke-width: 1.5; }\n"
	    ".line { fill: none; stroke-width: 2; } polyline.mailed { stroke: #1f5f8b; }\n"
	    "polyline.held { stroke: #9cc3dd; stroke-dasharray: 5 3; }\n"
	    ".key span { display: inline-block; width: 1em; height: 0.7em; margin: 0 0.3em 0 1em; }\n"
	    "p.note { font-size: 0.8em; color: #555; }\n"
	    "</style></head><body>\n<h1>What each mailing did</h1>\n", out);
	if (r->nc == 0)
		fputs("<p>No campaign has been mailed yet.</p>\n", out);
	for (int i = 0; i < r->nc; i++) {
		const campaign *c = &r->c[i];

		fputs("<section>\n<h2>", out);
		html(out, c->name);
		if (*c->title) {
			fputs(" — ", out);
			html(out, c->title);
		}
		fputs("</h2>\n<p>", out);
		html(out, *c->channel ? c->channel : "?");
		fprintf(out, ", first sent %s: %lld mailed, %lld held out.</p>\n",
		    c->sent, c->n[0], c->n[1]);
		fputs("<table><tr><th>group</th><th>mailed</th><th>responded</th>"
		    "<th>rate</th><th>held out</th><th>responded</th><th>rate</th>"
		    "<th>lift [95 % CI]</th><th>revenue</th><th>per piece</th>"
		    "<th>cost</th><th>ROI</th></tr>\n", out);
		for (int k = 0; k < c->ng; k++) {
			const group *g = &c->g[k];
			money m = money_of(c, g);
			buf b = BUF_INIT;

			fputs("<tr><td>", out);
			html(out, g->name);
			fprintf(out, "</td><td>%lld</td><td>%lld</td><td>%.1f %%</td>"
			    "<td>%lld</td><td>%lld</td><td>%.1f %%</td><td class=\"%s\">",
			    g->n[0], g->x[0], 100 * g->l.mailed.p, g->n[1], g->x[1],
			    100 * g->l.held.p, g->l.significant ? "sig" : "ns");
			if (g->l.defined)
				fprintf(out, "%+.1f pts<span>[%+.1f, %+.1f]</span>%s",
				    100 * g->l.diff, 100 * g->l.low, 100 * g->l.high,
				    g->l.significant ? "" : "<span>not significant</span>");
			else
				fputs("no control group", out);
			put_amount(&b, m.revenue);
			fprintf(out, "</td><td>%s</td><td>%.2f</td><td>", buf_str(&b),
			    m.per_piece);
			buf_clear(&b);
			if (c->has_cost)
				put_amount(&b, m.cost);
			else
				buf_puts(&b, "–");
			fputs(buf_str(&b), out);
			if (m.has_roi)
				fprintf(out, "</td><td>%.0f %%</td></tr>\n", 100 * m.roi);
			else
				fputs("</td><td>–</td></tr>\n", out);
			buf_free(&b);
		}
		fputs("</table>\n<p class=\"key\"><span style=\"background:#1f5f8b\">"
		    "</span>mailed<span style=\"background:#9cc3dd\"></span>held out; "
		    "the line across a bar is its 95 % interval.</p>\n", out);
		chart_rates(c, out);
		fputs("<p class=\"key\">Cumulative response rate by day since mailing:"
		    "<span style=\"background:#1f5f8b\"></span>mailed<span style="
		    "\"background:#9cc3dd\"></span>held out</p>\n", out);
		chart_days(c, out);
		fputs("</section>\n", out);
	}
	fputs("<p class=\"note\">Rate: customers with a response or purchase "
	    "attributed to the campaign (a token names its campaign; otherwise the "
	    "latest campaign that reached the customer within its window, 30 days "
	    "unless the campaign says otherwise). Lift: mailed rate minus held-out "
	    "rate, 95 % interval by Newcombe's hybrid score method; an interval "
	    "that contains 0 is not significant. ROI: revenue above the held-out "
	    "group's (per piece, times pieces) less cost, over cost; without a "
	    "held-out group, revenue less cost over cost.</p>\n</body></html>\n", out);
}

int
report_write(const report_opts *o, FILE *out, diag *d)
{
	report r;
	int rc = -1;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.d = d;
	if ((r.db = store_open(o->db, DB_READ, d)) == NULL ||
	    (store_sqlite(r.db) != NULL &&
	    db_schema_current(store_sqlite(r.db), o->db, d) == -1) || load(&r) == -1)
		goto out;
	if (o->format == REPORT_CSV)
		write_csv(&r, out);
	else if (o->format == REPORT_HTML)
		write_html(&r, out);
	else
		write_text(&r, out);
	rc = 0;
out:
	free_report(&r);
	store_close(r.db);
	return rc;
}

int
report_campaigns(const char *dbpath, FILE *out, diag *d)
{
	report_opts o;
	report r;
	int rc = -1;

	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.db = dbpath;
	r.o = &o;
	r.d = d;
	if ((r.db = store_open(dbpath, DB_READ, d)) == NULL ||
	    (store_sqlite(r.db) != NULL &&
	    db_schema_current(store_sqlite(r.db), dbpath, d) == -1) || load(&r) == -1)
		goto out;
	fprintf(out, "%-24s %-10s %-10s %8s %8s %9s %7s\n", "campaign", "sent",
	    "channel", "mailed", "held out", "responded", "rate");
	for (int i = 0; i < r.nc; i++) {
		const campaign *c = &r.c[i];
		long long x = 0;

		for (int k = 0; k < c->ng; k++)
			x += c->g[k].x[0];
		fprintf(out, "%-24s %-10s %-10s %8lld %8lld %9lld %6.1f%%\n", c->name,
		    c->sent, c->channel, c->n[0], c->n[1], x,
		    c->n[0] ? 100.0 * (double)x / (double)c->n[0] : 0.0);
	}
	rc = 0;
out:
	free_report(&r);
	store_close(r.db);
	return rc;
}
