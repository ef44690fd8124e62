/* store_pg: the store interface on a PostgreSQL database through libpq. */
#include "data/store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "util/buf.h"
#include "util/mem.h"

/* Parameters a statement may have: ?1 … ?MAX_PARAMS. */
#define MAX_PARAMS	256

typedef struct pg {
	store base;
	PGconn *conn;
	char *err;		/* the last error's message */
	char sqlstate[6];	/* and its SQLSTATE ("" when none) */
	long long changes;
	pid_t pid;		/* the process that connected */
} pg;

typedef struct pg_stmt {
	store_stmt base;
	char *sql;		/* with $1 … $n */
	int nparams;		/* $n used */
	int slot[MAX_PARAMS + 1];	/* ?N → $slot[N] (0: not used) */
	char *vals[MAX_PARAMS + 1];	/* by $k; NULL: NULL */
	PGresult *res;
	int row, nrows;
} pg_stmt;

static pg *
P(store *s)
{
	return (pg *)s;
}

static void
set_error(pg *p, const PGresult *res)
{
	const char *m = res ? PQresultErrorMessage(res) : "";
	const char *st = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
	size_t n;

	if (m == NULL || *m == '\0')
		m = PQerrorMessage(p->conn);
	mem_free(p->err);
	n = strlen(m);
	while (n > 0 && (m[n - 1] == '\n' || m[n - 1] == ' '))
		n--;
	/* libpq's "ERROR:  " says what the diagnostic's severity says already */
	if (n > 8 && strncmp(m, "ERROR:  ", 8) == 0)
		m += 8, n -= 8;
	p->err = mem_strndup(m, n);
	snprintf(p->sqlstate, sizeof(p->sqlstate), "%s", st ? st : "");
}

static void
pg_close(store *s)
{
	/*
	 * A worker process inherits its parent's connection: the session is
	 * the parent's (its campaign hold, its commit to come). The child
	 * lets go of the socket first, so PQfinish frees without ending it.
	 */
	if (P(s)->conn != NULL && P(s)->pid != getpid() && PQsocket(P(s)->conn) >= 0)
		close(PQsocket(P(s)->conn));
	PQfinish(P(s)->conn);
	mem_free(P(s)->err);
	mem_free(s->name);
	mem_free(s->schema);
	mem_free(s);
}

static int
pg_run(store *s, const char *sql)
{
	PGresult *res = PQexec(P(s)->conn, sql);
	ExecStatusType t = PQresultStatus(res);
	int rc = 0;

	if (t != PGRES_COMMAND_OK && t != PGRES_TUPLES_OK) {
		set_error(P(s), res);
		rc = -1;
	}
	PQclear(res);
	return rc;
}

/*
 * ?N (or ?, the next number) becomes $k, numbered in order of first use,
 * outside quotes and comments; ?N that the statement does not use are
 * bound to nothing, so libpq never sees a parameter it cannot type.
 */
static int
translate(pg_stmt *ps, const char *sql)
{
	buf b = BUF_INIT;
	int next = 0;

	for (const char *p = sql; *p;) {
		if (*p == '\'' || *p == '"') {
			const char *e = strchr(p + 1, *p);

			e = e ? e + 1 : p + strlen(p);
			buf_put(&b, p, (size_t)(e - p));
			p = e;
		} else if (p[0] == '-' && p[1] == '-') {
			size_t n = strcspn(p, "\n");

			buf_put(&b, p, n);
			p += n;
		} else if (*p == '?') {
			long n;
			char *end;

			p++;
			n = strtol(p, &end, 10);
			if (end == p)
				n = next + 1;
			p = end;
			if (n < 1 || n > MAX_PARAMS) {
				buf_free(&b);
				return -1;
			}
			next = (int)n;
			if (ps->slot[n] == 0)
				ps->slot[n] = ++ps->nparams;
			buf_printf(&b, "$%d", ps->slot[n]);
		} else
			buf_putc(&b, *p++);
	}
	ps->sql = b.p ? buf_detach(&b) : mem_strdup("");
	return 0;
}

static store_stmt *
pg_prepare(store *s, const char *sql, int plain)
{
	pg_stmt *ps = mem_calloc(1, sizeof(*ps));

	ps->base.s = s;
	if (plain)
		ps->sql = mem_strdup(sql);
	else if (translate(ps, sql) == -1) {
		mem_free(P(s)->err);
		P(s)->err = mem_strdup("more than 256 parameters");
		mem_free(ps);
		return NULL;
	}
	return &ps->base;
}

static pg_stmt *
S(store_stmt *st)
{
	return (pg_stmt *)st;
}

static void
pg_bind(store_stmt *st, int i, int kind, const char *text, long long v,
    double f)
{
	pg_stmt *ps = S(st);
	char num[40];
	int k;

	if (i < 1 || i > MAX_PARAMS || (k = ps->slot[i]) == 0)
		return;
	mem_free(ps->vals[k]);
	ps->vals[k] = NULL;
	if (kind == STORE_BIND_TEXT)
		ps->vals[k] = mem_strdup(text);
	else if (kind == STORE_BIND_INT) {
		snprintf(num, sizeof(num), "%lld", v);
		ps->vals[k] = mem_strdup(num);
	} else if (kind == STORE_BIND_DOUBLE) {
		/* as SQLite writes a real as text: 819.73, not 819.73000000000002 */
		snprintf(num, sizeof(num), "%.15g", f);
		ps->vals[k] = mem_strdup(num);
	}
}

static int
pg_step(store_stmt *st)
{
	pg_stmt *ps = S(st);
	pg *p = P(st->s);

	if (ps->res == NULL) {
		ExecStatusType t;

		ps->res = PQexecParams(p->conn, ps->sql, ps->nparams, NULL,
		    (const char *const *)ps->vals + 1, NULL, NULL, 0);
		t = PQresultStatus(ps->res);
		ps->row = -1;
		ps->nrows = 0;
		if (t == PGRES_TUPLES_OK)
			ps->nrows = PQntuples(ps->res);
		else if (t == PGRES_COMMAND_OK)
			p->changes = atoll(PQcmdTuples(ps->res));
		else {
			set_error(p, ps->res);
			PQclear(ps->res);
			ps->res = NULL;
			return -1;
		}
	}
	if (ps->row + 1 < ps->nrows) {
		ps->row++;
		return 1;
	}
	ps->row = ps->nrows;
	return 0;
}

static void
pg_reset(store_stmt *st)
{
	PQclear(S(st)->res);
	S(st)->res = NULL;
}

static void
pg_clear(store_stmt *st)
{
	pg_reset(st);
	for (int k = 1; k <= MAX_PARAMS; k++) {
		mem_free(S(st)->vals[k]);
		S(st)->vals[k] = NULL;
	}
}

static void
pg_finalize(store_stmt *st)
{
	pg_clear(st);
	mem_free(S(st)->sql);
	mem_free(st);
}

static int
pg_ncolumns(store_stmt *st)
{
	return S(st)->res ? PQnfields(S(st)->res) : 0;
}

static const char *
pg_column_name(store_stmt *st, int i)
{
	return S(st)->res ? PQfname(S(st)->res, i) : NULL;
}

static const char *
pg_text(store_stmt *st, int i, int *len)
{
	pg_stmt *ps = S(st);

	if (len)
		*len = 0;
	if (ps->res == NULL || ps->row < 0 || ps->row >= ps->nrows ||
	    i < 0 || i >= PQnfields(ps->res) || PQgetisnull(ps->res, ps->row, i))
		return NULL;
	if (len)
		*len = PQgetlength(ps->res, ps->row, i);
	return PQgetvalue(ps->res, ps->row, i);
}

static long long
pg_changes(store *s)
{
	return P(s)->changes;
}

static const char *
pg_errmsg(store *s)
{
	return P(s)->err ? P(s)->err : "no error";
}

static enum store_err
pg_err(store *s)
{
	const char *c = P(s)->sqlstate;

	if (c[0] == '\0')
		return P(s)->err ? STORE_OTHER : STORE_OK;
	if (strcmp(c, "23505") == 0)
		return STORE_UNIQUE;
	if (strcmp(c, "25006") == 0)
		return STORE_READ_ONLY;
	if (strcmp(c, "57014") == 0)
		return STORE_TIMEOUT;
	if (strcmp(c, "55P03") == 0 || strcmp(c, "40001") == 0 ||
	    strcmp(c, "40P01") == 0)
		return STORE_BUSY;
	return STORE_OTHER;
}

static const store_ops pg_ops = {
	pg_close, pg_run, pg_prepare, pg_bind, pg_step, pg_reset, pg_clear,
	pg_finalize, pg_ncolumns, pg_column_name, pg_text, pg_changes,
	pg_errmsg, pg_err,
};

static void
quiet(void *arg, const char *message)
{
	(void)arg;
	(void)message;	/* NOTICEs such as "already exists, skipping" */
}

/*
 * The URL without tayori's schema=NAME (into *schema), and a name for
 * messages without the password (user:secret@ → user@).
 */
static char *
split_url(const char *url, char **schema, char **name)
{
	buf u = BUF_INIT, n = BUF_INIT;
	const char *q = strchr(url, '?'), *at, *colon, *slash;
	size_t base = q ? (size_t)(q - url) : strlen(url);

	*schema = NULL;
	buf_put(&u, url, base);
	if (q != NULL) {
		const char *p = q + 1;
		int first = 1;

		while (*p) {
			size_t len = strcspn(p, "&");

			if (len > 7 && strncmp(p, "schema=", 7) == 0) {
				mem_free(*schema);
				*schema = mem_strndup(p + 7, len - 7);
			} else if (len > 0) {
				buf_putc(&u, first ? '?' : '&');
				buf_put(&u, p, len);
				first = 0;
			}
			p += len;
			if (*p == '&')
				p++;
		}
	}
	/* scheme://user:password@host… */
	slash = strstr(url, "://");
	at = slash ? strchr(slash + 3, '@') : NULL;
	colon = slash ? strchr(slash + 3, ':') : NULL;
	if (at && colon && colon < at && (size_t)(at - url) < base) {
		buf_put(&n, url, (size_t)(colon - url));
		buf_puts(&n, url + (at - url));
	} else
		buf_puts(&n, url);
	*name = buf_detach(&n);
	return buf_detach(&u);
}

store *
store_pg_open(const char *url, enum db_mode mode, diag *d)
{
	pg *p = mem_calloc(1, sizeof(*p));
	char *conninfo = split_url(url, &p->base.schema, &p->base.name);
	buf setup = BUF_INIT;

	p->base.ops = &pg_ops;
	p->base.kind = STORE_PG;
	p->pid = getpid();
	p->conn = PQconnectdb(conninfo);
	mem_free(conninfo);
	if (PQstatus(p->conn) != CONNECTION_OK) {
		set_error(p, NULL);
		goto fail;
	}
	PQsetNoticeProcessor(p->conn, quiet, NULL);
	buf_puts(&setup, "SET client_encoding = 'UTF8'; "
	    "SET client_min_messages = warning");
	if (p->base.schema != NULL) {
		char *id = PQescapeIdentifier(p->conn, p->base.schema,
		    strlen(p->base.schema));

		if (id == NULL) {
			set_error(p, NULL);
			goto fail;
		}
		buf_printf(&setup, "; SET search_path = %s", id);
		PQfreemem(id);
	}
	if (mode == DB_READ)
		buf_puts(&setup, "; SET default_transaction_read_only = on");
	if (pg_run(&p->base, buf_str(&setup)) == -1)
		goto fail;
	buf_free(&setup);
	return &p->base;
fail:
	if (d != NULL)
		diag_at(d, D_DB, p->base.name, 0, 0, pg_errmsg(&p->base));
	buf_free(&setup);
	pg_close(&p->base);
	return NULL;
}

struct pg_conn *
store_pg(store *s)
{
	return s->kind == STORE_PG ? P(s)->conn : NULL;
}
