/* segment_pg: a segment on PostgreSQL: one READ ONLY transaction with a statement timeout, rows through a cursor. */
#include "data/segment_pg.h"
#include "data/segment.h"
#include "data/store.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/mem.h"

/* Rows fetched from the cursor at a time: memory stays bounded. */
#define FETCH_ROWS	256
#define FETCH_STR	"256"

struct segpg {
	store *db;
	store_stmt *fetch;	/* FETCH FETCH_ROWS FROM tayori_segment */
	store_stmt *mailable;	/* NULL with include_opted_out */
	store_stmt *recorded;	/* NULL: none skipped */
	char *campaign;
	char *body;
	char **names;		/* the wrapped statement's columns */
	int ncols, ntotal;
	int refcol;
	int in_batch;		/* rows of the last fetch given so far */
	int pending;		/* the current row is fetched, not yet given */
	int done;
	long step_ms;
	int max_value;
	long long total, excluded, skipped;
	diag *d;
};

/* The first word of sql, past blanks and comments, into w. */
static void
first_word(const char *p, char *w, size_t n)
{
	size_t i = 0;

	p = segment_skip_blank(p, "(");
	while (i + 1 < n && (isalpha((unsigned char)*p) || *p == '_'))
		w[i++] = (char)toupper((unsigned char)*p++);
	w[i] = '\0';
}

/* 1 when sql holds more than one statement: a ';' with text after it, outside quotes and comments. */
static int
several(const char *p)
{
	while (*p) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			p = e ? e + 1 : p + strlen(p);
		} else if (p[0] == '-' && p[1] == '-')
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
		} else if (*p == '$') {
			/* a dollar-quoted string: $tag$ … $tag$ */
			size_t t = strspn(p + 1, "abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
			const char *e;

			if (p[1 + t] != '$') {
				p++;
				continue;
			}
			{
				char tag[72];

				if (t + 2 >= sizeof(tag))
					return 1;
				memcpy(tag, p, t + 2);
				tag[t + 2] = '\0';
				e = strstr(p + t + 2, tag);
				p = e ? e + t + 2 : p + strlen(p);
			}
		} else if (*p == ';') {
			p++;
			p += strspn(p, " \t\r\n;");
			if (*p)
				return 1;
		} else
			p++;
	}
	return 0;
}

/* The last error in words a marketer can act on. */
static void
pg_error(segpg *s, const char *sql, diag *d)
{
	buf msg = BUF_INIT;

	switch (store_err(s->db)) {
	case STORE_READ_ONLY:
		diag_plain(d, D_SEGMENT_WRITE, store_errmsg(s->db));
		break;
	case STORE_TIMEOUT:
		buf_puts(&msg, "the statement ran longer than the limit of ");
		if (s->step_ms % 1000 == 0)
			buf_printf(&msg, "%ld seconds", s->step_ms / 1000);
		else
			buf_printf(&msg, "%ld ms", s->step_ms);
		buf_puts(&msg, " for one row (a recursive query without end?)");
		diag_plain(d, D_SEGMENT, buf_str(&msg));
		break;
	default:
		diag_plain(d, D_SQL, store_errmsg(s->db), sql);
	}
	buf_free(&msg);
}

/* Run a statement of ours; its first row's n numbers into v (v NULL: none wanted). 0 or -1. */
static int
query(segpg *s, const char *sql, long long *v, int n, diag *d)
{
	store_stmt *st = store_prepare_plain(s->db, sql, NULL);
	int rc = -1;

	if (st == NULL || store_step(st) == -1 || (v != NULL &&
	    store_ncolumns(st) < n)) {
		pg_error(s, sql, d);
		goto out;
	}
	for (int i = 0; v != NULL && i < n; i++)
		v[i] = store_int64(st, i);
	rc = 0;
out:
	store_finalize(st);
	return rc;
}

/* Refuse a plan that reads the token key's table. */
static int
reads_key(segpg *s, const char *body, diag *d)
{
	buf b = BUF_INIT;
	store_stmt *st;
	const char *plan, *op;
	char what[32];
	int rc = -1;

	buf_printf(&b, "EXPLAIN (VERBOSE, FORMAT JSON) %s", body);
	if ((st = store_prepare_plain(s->db, buf_str(&b), NULL)) == NULL ||
	    store_step(st) != 1) {
		pg_error(s, body, d);
		goto out;
	}
	plan = store_text(st, 0, NULL);
	if (plan != NULL && strstr(plan, "\"Relation Name\": \"tayori_meta\"")) {
		diag_plain(d, D_SEGMENT_WRITE, "reading tayori_meta");
		goto out;
	}
	/* a writing CTE: the read-only transaction refuses it too, when it runs */
	if (plan != NULL && (op = strstr(plan, "\"Operation\": \"")) != NULL) {
		op += 14;
		snprintf(what, sizeof(what), "%.*s", (int)strcspn(op, "\""), op);
		for (char *p = what; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		diag_plain(d, D_SEGMENT_WRITE, what);
		goto out;
	}
	rc = 0;
out:
	store_finalize(st);
	buf_free(&b);
	return rc;
}

/* One user statement that reads, with an id column. */
static int
check_statement(segpg *s, const char *sql, diag *d)
{
	char w[32];

	first_word(sql, w, sizeof(w));
	if (w[0] == '\0') {
		diag_plain(d, D_SEGMENT, "the segment is empty");
		return -1;
	}
	if (several(sql)) {
		diag_plain(d, D_SEGMENT, "a segment must be exactly one statement");
		return -1;
	}
	if (strcmp(w, "SELECT") != 0 && strcmp(w, "WITH") != 0 &&
	    strcmp(w, "VALUES") != 0 && strcmp(w, "TABLE") != 0) {
		diag_plain(d, D_SEGMENT_WRITE, w);
		return -1;
	}
	return reads_key(s, sql, d);
}

/*
 * The cursor did not open: name the condition that does not compile on
 * its own (planned, not run), each inside a savepoint so that the
 * transaction survives its error. 1 when one was named.
 */
static int
blame_condition(segpg *s, const char *body, const seg_condition *conds,
    int nconds, diag *d)
{
	for (int k = 0; k < nconds; k++) {
		buf b = BUF_INIT;
		int rc;

		buf_printf(&b, "EXPLAIN SELECT (\n%s\n) FROM (\n%s\n) AS s",
		    conds[k].sql, body);
		rc = store_run(s->db, "SAVEPOINT tayori_condition") == 0 &&
		    store_run(s->db, buf_str(&b)) == 0;
		buf_free(&b);
		if (!rc) {
			segment_condition_error(&conds[k], store_errmsg(s->db), d);
			return 1;
		}
		store_run(s->db, "RELEASE SAVEPOINT tayori_condition");
	}
	return 0;
}

static int
fetch(segpg *s)
{
	int rc;

	store_reset(s->fetch);
	s->in_batch = 0;
	if ((rc = store_step(s->fetch)) == -1)
		pg_error(s, "FETCH FROM tayori_segment", s->d);
	return rc;
}

segpg *
segpg_open(const char *url, const char *sql, const seg_condition *conds,
    int nconds, int include_opted_out, const segment_limits *lim, diag *d)
{
	segpg *s = mem_calloc(1, sizeof(*s));
	buf b = BUF_INIT;
	long long v[2], ok = 0;
	store_stmt *st;
	int id = 0, rc, own;

	s->d = d;
	s->step_ms = lim && lim->step_ms > 0 ? lim->step_ms : SEGMENT_STEP_MS;
	s->max_value = lim && lim->max_value > 0 ? lim->max_value :
	    SEGMENT_MAX_VALUE;
	s->refcol = -1;
	if ((s->db = store_open(url, DB_READ, d)) == NULL)
		goto fail;
	buf_printf(&b, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
	    "SET LOCAL statement_timeout = %ld", s->step_ms);
	if (store_exec(s->db, buf_str(&b), d) == -1)
		goto fail;
	if (query(s, "SELECT (to_regclass('customers') IS NOT NULL)::integer",
	    &ok, 1, d) == -1)
		goto fail;
	if (!ok) {
		diag_at(d, D_DB, store_name(s->db), 0, 0, "not a tayori database "
		    "(no customers table; create one with 'tayori db init')");
		goto fail;
	}
	if (!include_opted_out && (s->mailable = store_prepare(s->db, "SELECT ("
	    SEGMENT_MAILABLE ")::integer FROM customers AS c WHERE c.id = ?1",
	    d)) == NULL)
		goto fail;
	if (check_statement(s, sql, d) == -1)
		goto fail;
	s->body = mem_strdup(sql);
	/* its own columns: planned, and with LIMIT 0 no row is made */
	buf_clear(&b);
	buf_printf(&b, "SELECT * FROM (\n%s\n) AS s LIMIT 0", sql);
	if ((st = store_prepare_plain(s->db, buf_str(&b), NULL)) == NULL ||
	    store_step(st) == -1) {
		pg_error(s, sql, d);
		store_finalize(st);
		goto fail;
	}
	own = store_ncolumns(st);
	store_finalize(st);
	buf_clear(&b);
	buf_puts(&b, "DECLARE tayori_segment NO SCROLL CURSOR FOR SELECT s.*");
	for (int k = 0; k < nconds; k++)
		buf_printf(&b, ", (\n%s\n) AS \"?c%d\"", conds[k].sql, k);
	buf_printf(&b, " FROM (\n%s\n) AS s", sql);
	if (store_run(s->db, "SAVEPOINT tayori_declare") == -1 ||
	    store_run(s->db, buf_str(&b)) == -1) {
		char *why = mem_strdup(store_errmsg(s->db));
		enum store_err e = store_err(s->db);

		store_run(s->db, "ROLLBACK TO SAVEPOINT tayori_declare");
		if (e == STORE_READ_ONLY)
			diag_plain(d, D_SEGMENT_WRITE, why);
		else if (nconds == 0 || !blame_condition(s, sql, conds, nconds, d))
			diag_plain(d, D_SQL, why, buf_str(&b));
		mem_free(why);
		goto fail;
	}
	s->fetch = store_prepare(s->db, "FETCH " FETCH_STR " FROM tayori_segment", d);
	if (s->fetch == NULL || (rc = fetch(s)) == -1)
		goto fail;
	s->pending = rc == 1;
	s->done = rc == 0;
	s->ntotal = store_ncolumns(s->fetch);
	s->ncols = s->ntotal - nconds;
	s->names = mem_calloc((size_t)s->ntotal + 1, sizeof(char *));
	for (int i = 0; i < s->ntotal; i++) {
		s->names[i] = mem_strdup(store_column_name(s->fetch, i));
		if (i < s->ncols && strcasecmp(s->names[i], "id") == 0)
			id = 1;
	}
	if (!id) {
		diag_plain(d, D_SEGMENT, "the segment must return an id column");
		goto fail;
	}
	/* the segment's columns, then "?c0".."?cN": a condition that left its parentheses changed that */
	for (int k = 0; k < nconds; k++) {
		char want[32];

		snprintf(want, sizeof(want), "?c%d", k);
		if (s->ncols != own || strcmp(s->names[s->ncols + k], want) != 0) {
			segment_condition_error(&conds[k], "it is not one SQL expression", d);
			goto fail;
		}
	}
	/* the whole segment once, within a statement's limit, before the first copy */
	buf_clear(&b);
	buf_printf(&b, "SELECT count(*), coalesce(sum(CASE WHEN coalesce(%s, "
	    "false) THEN 0 ELSE 1 END), 0) FROM (\n%s\n) AS s LEFT JOIN "
	    "customers AS c ON c.id = s.id", SEGMENT_MAILABLE, sql);
	if (query(s, buf_str(&b), v, 2, d) == -1)
		goto fail;
	s->total = v[0];
	s->excluded = include_opted_out ? 0 : v[1];
	buf_free(&b);
	return s;
fail:
	buf_free(&b);
	segpg_close(s);
	return NULL;
}

int
segpg_ncolumns(const segpg *s)
{
	return s->ncols;
}

const char *
segpg_column(const segpg *s, int i)
{
	return i >= 0 && i < s->ncols ? s->names[i] : NULL;
}

long long
segpg_excluded(const segpg *s)
{
	return s->excluded;
}

long long
segpg_skipped(const segpg *s)
{
	return s->skipped;
}

long long
segpg_total(const segpg *s)
{
	return s->total;
}

/* text as an SQL string literal (standard_conforming_strings: only ' is doubled). */
static void
literal(buf *b, const char *text)
{
	buf_putc(b, '\'');
	for (; *text; text++) {
		if (*text == '\'')
			buf_putc(b, '\'');
		buf_putc(b, *text);
	}
	buf_putc(b, '\'');
}

int
segpg_skip_recorded(segpg *s, const char *campaign, diag *d)
{
	buf b = BUF_INIT;
	int rc = -1;

	for (int i = 0; i < s->ncols; i++)
		if (strcasecmp(s->names[i], "ref") == 0)
			s->refcol = i;
	s->campaign = mem_strdup(campaign);
	if ((s->recorded = store_prepare(s->db, "SELECT (" SEGMENT_RECORDED("?1",
	    "?2", "?3") ")::integer", d)) == NULL)
		goto out;
	buf_printf(&b, "SELECT count(*) FROM (\n%s\n) AS s LEFT JOIN customers "
	    "AS c ON c.id = s.id WHERE %s", s->body, s->mailable ?
	    SEGMENT_MAILABLE " AND " : "");
	buf_puts(&b, "EXISTS (SELECT 1 FROM contacts AS k WHERE k.campaign = ");
	literal(&b, campaign);
	buf_printf(&b, " AND k.customer_id = s.id AND coalesce(k.ref, '') = "
	    "coalesce(%s, ''))", s->refcol >= 0 ? "CAST(s.ref AS TEXT)" : "NULL");
	rc = query(s, buf_str(&b), &s->skipped, 1, d);
out:
	buf_free(&b);
	return rc;
}

static int
idcol(const segpg *s)
{
	for (int i = 0; i < s->ncols; i++)
		if (strcasecmp(s->names[i], "id") == 0)
			return i;
	return 0;
}

/* A check of ours on the current row (mailable, recorded): 1, 0, or -1. */
static int
check_row(segpg *s, store_stmt *st)
{
	int yes;

	if (store_step(st) != 1) {
		pg_error(s, "SELECT … FROM customers, contacts", s->d);
		yes = -1;
	} else
		yes = store_int64(st, 0) == 1;
	store_reset(st);
	return yes;
}

int
segpg_next(segpg *s)
{
	int rc;

	while (!s->done) {
		if (s->pending) {
			s->pending = 0;
			rc = 1;
		} else if (s->in_batch == 0)
			rc = fetch(s);
		else if ((rc = store_step(s->fetch)) == 0 &&
		    s->in_batch == FETCH_ROWS) {
			s->in_batch = 0;	/* the batch is used up: the next one */
			continue;
		}
		if (rc != 1) {
			s->done = 1;
			if (rc == -1)
				pg_error(s, "FETCH FROM tayori_segment", s->d);
			return rc;
		}
		s->in_batch++;
		for (int i = 0; i < s->ntotal; i++) {
			int len;

			if (store_text(s->fetch, i, &len) != NULL && len > s->max_value) {
				buf msg = BUF_INIT;

				buf_printf(&msg, "a value is larger than the limit "
				    "of %d bytes (column %s)", s->max_value, s->names[i]);
				diag_plain(s->d, D_SEGMENT, buf_str(&msg));
				buf_free(&msg);
				s->done = 1;
				return -1;
			}
		}
		if (s->mailable != NULL) {
			store_bind_text(s->mailable, 1, segpg_text(s, idcol(s), NULL));
			if ((rc = check_row(s, s->mailable)) != 1) {
				if (rc < 0)
					return s->done = 1, -1;
				continue;
			}
		}
		if (s->recorded != NULL) {
			store_bind_text(s->recorded, 1, s->campaign);
			store_bind_text(s->recorded, 2, segpg_text(s, idcol(s), NULL));
			store_bind_text(s->recorded, 3, s->refcol >= 0 ?
			    segpg_text(s, s->refcol, NULL) : NULL);
			if ((rc = check_row(s, s->recorded)) != 0) {
				if (rc < 0)
					return s->done = 1, -1;
				continue;
			}
		}
		return 1;
	}
	return 0;
}

const char *
segpg_text(segpg *s, int i, int *len)
{
	return store_text(s->fetch, i, len);
}

void
segpg_close(segpg *s)
{
	if (s == NULL)
		return;
	store_finalize(s->fetch);
	store_finalize(s->mailable);
	store_finalize(s->recorded);
	if (s->db != NULL) {
		store_run(s->db, "ROLLBACK");
		store_close(s->db);
	}
	for (int i = 0; s->names && i < s->ntotal; i++)
		mem_free(s->names[i]);
	mem_free(s->names);
	mem_free(s->campaign);
	mem_free(s->body);
	mem_free(s);
}
