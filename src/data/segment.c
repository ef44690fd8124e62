/* segment: who gets a copy: a segment's SQL run read-only, rows streamed with condition columns. */
#include "data/segment.h"
#include "data/db.h"
#include "data/segment_pg.h"
#include "data/shard.h"
#include "data/store.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"

/*
 * Written-down limits: one step of a segment statement (computing one row,
 * sorting all of them before the first, or counting them all at open) may
 * take SEGMENT_STEP_MS, so a runaway query (a recursive CTE without end)
 * stops with an error; one value may hold SEGMENT_MAX_VALUE bytes, which
 * also bounds what a function such as randomblob() or printf() can make
 * SQLite allocate; a segment file may hold 1 MiB.
 */
#define MAX_SEGMENT_FILE (1024 * 1024)

struct segment {
	segpg *pg;		/* a PostgreSQL segment: every verb is its */
	sqlite3 *db;
	sqlite3_stmt *st;
	sqlite3_stmt *mailable;	/* SEGMENT_MAILABLE for ?1; NULL with include_opted_out */
	sqlite3_stmt *recorded;	/* ?2 (and ref ?3) recorded for campaign ?1; NULL: none skipped */
	char *campaign;		/* the campaign of recorded */
	int refcol;		/* the segment's column ref, or -1 */
	char *body;		/* the segment's own statement */
	char *sql;		/* the wrapped statement, for diagnostics */
	char *dbpath;		/* for a damaged file */
	long step_ms;
	int max_value;
	long long heap, heap_before;	/* SQLite's hard heap limit while open, and before */
	int heap_set;
	int ncols;		/* the segment's own columns */
	int nconds;
	int idcol;
	int done;
	long long total, excluded, skipped;
	struct timespec deadline;
	diag *d;		/* where segment_next reports */
	char denied[160];	/* the first action the authorizer refused */
};

static int
keyword(const char *s, const char *kw)
{
	size_t n = strlen(kw);

	return strncasecmp(s, kw, n) == 0 &&
	    !isalnum((unsigned char)s[n]) && s[n] != '_';
}

/* Past whitespace, ';' and SQL comments. */
const char *
segment_skip_blank(const char *p, const char *also)
{
	for (;;) {
		if (isspace((unsigned char)*p) || (*p != '\0' && strchr(also, *p)))
			p++;
		else if (p[0] == '-' && p[1] == '-')
			p += strcspn(p, "\n");
		else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			/* SQLite reads an unclosed comment as running to the end. */
			p = e ? e + 2 : p + strlen(p);
		} else
			return p;
	}
}

/* A copy of s[0..n) without leading whitespace and trailing whitespace or ';'. */
static char *
trimmed(const char *s, size_t n)
{
	while (n > 0 && isspace((unsigned char)*s))
		s++, n--;
	while (n > 0 && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ';'))
		n--;
	return mem_strndup(s, n);
}

/* The file's text, or NULL when it does not exist; -1 in *err on a read error. */
static char *
read_file(const char *path, int *err, diag *d)
{
	buf b = BUF_INIT;
	int rc = file_read(path, MAX_SEGMENT_FILE, FILE_MAY_BE_MISSING, &b, d);

	*err = 0;
	if (rc == FILE_OK)
		return b.p ? buf_detach(&b) : mem_strdup("");
	if (rc == FILE_TOO_LARGE)
		diag_at(d, D_SEGMENT, path, 0, 0, "segment file larger than 1 MiB");
	if (rc != FILE_MISSING)
		*err = -1;
	buf_free(&b);
	return NULL;
}

/* The segment named name in the database's segments table, or NULL. */
static char *
lookup_db(const char *name, const char *dbpath)
{
	store *db;
	store_stmt *st = NULL;
	char *sql = NULL;
	const char *t;
	int len;

	if (dbpath == NULL || (db = store_open(dbpath, DB_READ, NULL)) == NULL)
		return NULL;
	if ((st = store_prepare(db, "SELECT sql FROM segments WHERE name = ?1",
	    NULL)) == NULL)
		goto out;
	store_bind_text(st, 1, name);
	if (store_step(st) == 1 && (t = store_text(st, 0, &len)) != NULL)
		sql = trimmed(t, (size_t)len);
out:
	store_finalize(st);
	store_close(db);
	return sql;
}

char *
segment_resolve(const char *spec, const char *dbpath,
    const char *const *search_dirs, diag *d)
{
	buf looked = BUF_INIT, path = BUF_INIT, msg = BUF_INIT;
	char *name = NULL, *text, *sql = NULL;
	const char *p = spec;
	int err;

	p = segment_skip_blank(p, ";");
	if (keyword(p, "SELECT") || keyword(p, "WITH") || keyword(p, "VALUES"))
		return trimmed(p, strlen(p));

	name = trimmed(p, strlen(p));
	/* a statement of another kind is still SQL: the read-only guard refuses it by name */
	if (strpbrk(name, " \t\r\n") != NULL)
		return name;
	if (name[0] == '\0' || strspn(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789_-") != strlen(name)) {
		buf_printf(&msg, "'%s' is neither SQL (SELECT, WITH or VALUES) "
		    "nor a segment name (letters, digits, '_' and '-')", spec);
		diag_plain(d, D_SEGMENT, buf_str(&msg));
		goto out;
	}
	for (int i = 0; search_dirs && search_dirs[i]; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/segments/%s.sql", search_dirs[i], name);
		buf_printf(&looked, "%s, ", buf_str(&path));
		text = read_file(buf_str(&path), &err, d);
		if (err)
			goto out;
		if (text) {
			sql = trimmed(text, strlen(text));
			mem_free(text);
			if (sql[0] == '\0') {
				diag_at(d, D_SEGMENT, buf_str(&path), 0, 0,
				    "the segment file is empty");
				mem_free(sql);
				sql = NULL;
			}
			goto out;
		}
	}
	if ((sql = lookup_db(name, dbpath)) != NULL)
		goto out;
	buf_printf(&msg, "no segment named '%s' (looked in %sthe segments "
	    "table of %s)", name, buf_str(&looked), dbpath ? dbpath : "(none)");
	diag_plain(d, D_SEGMENT, buf_str(&msg));
out:
	mem_free(name);
	buf_free(&looked);
	buf_free(&path);
	buf_free(&msg);
	return sql;
}

static const char *
action_name(int action)
{
	switch (action) {
	case SQLITE_CREATE_INDEX:
	case SQLITE_CREATE_TABLE:
	case SQLITE_CREATE_TEMP_INDEX:
	case SQLITE_CREATE_TEMP_TABLE:
	case SQLITE_CREATE_TEMP_TRIGGER:
	case SQLITE_CREATE_TEMP_VIEW:
	case SQLITE_CREATE_TRIGGER:
	case SQLITE_CREATE_VIEW:
	case SQLITE_CREATE_VTABLE:
		return "CREATE";
	case SQLITE_DELETE:
		return "DELETE";
	case SQLITE_DROP_INDEX:
	case SQLITE_DROP_TABLE:
	case SQLITE_DROP_TEMP_INDEX:
	case SQLITE_DROP_TEMP_TABLE:
	case SQLITE_DROP_TEMP_TRIGGER:
	case SQLITE_DROP_TEMP_VIEW:
	case SQLITE_DROP_TRIGGER:
	case SQLITE_DROP_VIEW:
	case SQLITE_DROP_VTABLE:
		return "DROP";
	case SQLITE_INSERT:
		return "INSERT";
	case SQLITE_PRAGMA:
		return "PRAGMA";
	case SQLITE_TRANSACTION:
		return "transaction";
	case SQLITE_UPDATE:
		return "UPDATE";
	case SQLITE_ATTACH:
		return "ATTACH";
	case SQLITE_DETACH:
		return "DETACH";
	case SQLITE_ALTER_TABLE:
		return "ALTER TABLE";
	case SQLITE_REINDEX:
		return "REINDEX";
	case SQLITE_ANALYZE:
		return "ANALYZE";
	case SQLITE_SAVEPOINT:
		return "SAVEPOINT";
	case SQLITE_FUNCTION:
		return "function";
	case SQLITE_READ:
		return "reading";
	default:
		return "statement";
	}
}

static int
authorize(void *ctx, int action, const char *a1, const char *a2,
    const char *dbname, const char *trigger)
{
	segment *s = ctx;

	switch (action) {
	case SQLITE_READ:
		/* The token key stays out of merged letters. */
		if (a1 == NULL || strcasecmp(a1, "tayori_meta") != 0)
			return SQLITE_OK;
		break;
	case SQLITE_SELECT:
	case SQLITE_RECURSIVE:
		return SQLITE_OK;
	case SQLITE_UPDATE:
		/*
		 * SQLite 3.40 declares a table-valued function (json_each,
		 * pragma_table_info) by parsing a CREATE TABLE that asks to
		 * update sqlite_master, and never runs it. A statement cannot
		 * update sqlite_master itself (SQLite refuses before asking),
		 * and a pragma function is refused when it runs its PRAGMA.
		 */
		if (a1 != NULL && strcmp(a1, "sqlite_master") == 0 &&
		    trigger == NULL)
			return SQLITE_OK;
		break;
	case SQLITE_FUNCTION:
		/* a2 is the function's name; fts3_tokenizer takes a pointer. */
		if (a2 == NULL || (strcasecmp(a2, "load_extension") != 0 &&
		    strcasecmp(a2, "fts3_tokenizer") != 0 &&
		    strncasecmp(a2, "writefile", 9) != 0 &&
		    strncasecmp(a2, "readfile", 8) != 0 &&
		    strncasecmp(a2, "edit", 4) != 0))
			return SQLITE_OK;
		break;
	default:
		break;
	}
	if (s->denied[0] == '\0') {
		const char *what = action == SQLITE_FUNCTION ? a2 : a1;

		snprintf(s->denied, sizeof(s->denied), "%s%s%s",
		    action_name(action), what ? " " : "", what ? what : "");
	}
	return SQLITE_DENY;
}

static void
now(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

static int
progress(void *ctx)
{
	segment *s = ctx;
	struct timespec t;

	now(&t);
	return t.tv_sec > s->deadline.tv_sec ||
	    (t.tv_sec == s->deadline.tv_sec && t.tv_nsec > s->deadline.tv_nsec);
}

static void
arm(segment *s)
{
	now(&s->deadline);
	s->deadline.tv_sec += s->step_ms / 1000;
	s->deadline.tv_nsec += s->step_ms % 1000 * 1000000L;
	if (s->deadline.tv_nsec >= 1000000000L) {
		s->deadline.tv_sec++;
		s->deadline.tv_nsec -= 1000000000L;
	}
}

/* The connection's last error, in words a marketer can act on. */
static void
sql_error(segment *s, const char *sql, diag *d)
{
	buf msg = BUF_INIT;

	switch (sqlite3_errcode(s->db)) {
	case SQLITE_INTERRUPT:
		buf_puts(&msg, "the statement ran longer than the limit of ");
		if (s->step_ms % 1000 == 0)
			buf_printf(&msg, "%ld seconds", s->step_ms / 1000);
		else
			buf_printf(&msg, "%ld ms", s->step_ms);
		buf_puts(&msg, " for one row (a recursive query without end?)");
		diag_plain(d, D_SEGMENT, buf_str(&msg));
		break;
	case SQLITE_TOOBIG:
		buf_printf(&msg, "a value is larger than the limit of %d bytes "
		    "(%s)", s->max_value, sqlite3_errmsg(s->db));
		diag_plain(d, D_SEGMENT, buf_str(&msg));
		break;
	case SQLITE_NOMEM:
		buf_printf(&msg, "the statement needed more memory than the limit "
		    "of %lld MiB", s->heap >> 20);
		diag_plain(d, D_SEGMENT, buf_str(&msg));
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		buf_printf(&msg, "locked by another process for longer than "
		    "it waits (%s): run again when it is done",
		    sqlite3_errmsg(s->db));
		diag_at(d, D_DB, s->dbpath, 0, 0, buf_str(&msg));
		break;
	case SQLITE_AUTH:
		/* refused while running: a pragma function's own PRAGMA */
		if (s->denied[0] == '\0') {
			diag_plain(d, D_SQL, sqlite3_errmsg(s->db), sql);
			break;
		}
		buf_puts(&msg, s->denied);
		if (strncmp(s->denied, "PRAGMA ", 7) == 0)
			buf_printf(&msg, ", run by the table-valued function "
			    "pragma_%s", s->denied + 7);
		diag_plain(d, D_SEGMENT_WRITE, buf_str(&msg));
		break;
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		buf_printf(&msg, "the file is damaged (%s)", sqlite3_errmsg(s->db));
		diag_at(d, D_DB, s->dbpath, 0, 0, buf_str(&msg));
		break;
	default:
		diag_plain(d, D_SQL, sqlite3_errmsg(s->db), sql);
		break;
	}
	buf_free(&msg);
}

/* Prepare sql; on failure a diagnostic: a refused action, or the SQL error. */
static int
prepare(segment *s, const char *sql, sqlite3_stmt **st, const char **tail,
    diag *d)
{
	s->denied[0] = '\0';
	arm(s);
	if (sqlite3_prepare_v2(s->db, sql, -1, st, tail) == SQLITE_OK)
		return 0;
	if (s->denied[0])
		diag_plain(d, D_SEGMENT_WRITE, s->denied);
	else
		sql_error(s, sql, d);
	return -1;
}

static void
step_error(segment *s, sqlite3_stmt *st, diag *d)
{
	sql_error(s, sqlite3_sql(st), d);
}

static void
wrap(buf *b, const char *sql, const seg_condition *conds, int from, int to)
{
	buf_puts(b, "SELECT s.*");
	for (int k = from; k < to; k++)
		buf_printf(b, ", (\n%s\n) AS \"?c%d\"", conds[k].sql, k - from);
	buf_printf(b, " FROM (\n%s\n) AS s", sql);
}

void
segment_condition_error(const seg_condition *c, const char *why, diag *d)
{
	if (c->file)
		diag_at(d, D_CONDITION, c->file, c->line, c->col, c->sql, why);
	else
		diag_plain(d, D_CONDITION, c->sql, why);
}

/* Find the condition that does not compile on its own and name it. */
static void
blame_condition(segment *s, const char *sql, const seg_condition *conds,
    int nconds, diag *d)
{
	for (int k = 0; k < nconds; k++) {
		buf b = BUF_INIT;
		sqlite3_stmt *st = NULL;
		int rc;

		wrap(&b, sql, conds, k, k + 1);
		s->denied[0] = '\0';
		rc = sqlite3_prepare_v2(s->db, buf_str(&b), -1, &st, NULL);
		sqlite3_finalize(st);
		buf_free(&b);
		if (rc != SQLITE_OK) {
			if (s->denied[0])
				diag_plain(d, D_SEGMENT_WRITE, s->denied);
			else
				segment_condition_error(&conds[k], sqlite3_errmsg(s->db), d);
			return;
		}
	}
	diag_plain(d, D_SQL, sqlite3_errmsg(s->db), s->sql);
}

static int
is_tayori_db(segment *s, const char *dbpath, diag *d)
{
	const char *sql = "SELECT 1 FROM sqlite_master "
	    "WHERE type = 'table' AND name = 'customers'";
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
		sql_error(s, sql, d);
		goto out;
	}
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		break;
	case SQLITE_DONE:
		diag_at(d, D_DB, dbpath, 0, 0, "not a tayori database (no "
		    "customers table; create one with 'tayori db init')");
		goto out;
	default:
		sql_error(s, sql, d);
		goto out;
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/* Check the user statement alone: one read-only statement with an id column. */
static int
check_statement(segment *s, const char *sql, char **body, int *ncols, diag *d)
{
	sqlite3_stmt *st = NULL;
	const char *tail = NULL;
	int rc = -1, id = 0;

	if (prepare(s, sql, &st, &tail, d) == -1)
		goto out;
	if (st == NULL) {
		diag_plain(d, D_SEGMENT, "the segment is empty");
		goto out;
	}
	if (*segment_skip_blank(tail, ";") != '\0') {
		diag_plain(d, D_SEGMENT, "a segment must be exactly one "
		    "statement");
		goto out;
	}
	if (!sqlite3_stmt_readonly(st)) {
		diag_plain(d, D_SEGMENT_WRITE, "the statement writes");
		goto out;
	}
	for (int i = 0; i < sqlite3_column_count(st); i++)
		if (strcasecmp(sqlite3_column_name(st, i), "id") == 0)
			id = 1;
	if (!id) {
		diag_plain(d, D_SEGMENT, "the segment must return an id column");
		goto out;
	}
	*body = trimmed(sql, (size_t)(tail - sql));
	*ncols = sqlite3_column_count(st);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Count the rows segment_next will leave out (not a customer who may be
 * mailed), by the rule it applies: the whole segment runs once within one
 * step's limit, so one that never ends stops here, before the first copy.
 */
/* Run a count of ours over the segment (within a step's limit): its first row's n numbers into v. 0 or -1. */
static int
count_of(segment *s, const buf *sql, long long *v, int n, diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (prepare(s, buf_str(sql), &st, NULL, d) == -1)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		step_error(s, st, d);
		goto out;
	}
	for (int i = 0; i < n; i++)
		v[i] = sqlite3_column_int64(st, i);
	rc = 0;
out:
	sqlite3_finalize(st);
	return rc;
}

static int
count_rows(segment *s, const char *body, int exclude, diag *d)
{
	buf b = BUF_INIT;
	long long v[2];
	int rc;

	buf_printf(&b, "SELECT count(*), coalesce(sum(NOT coalesce(%s, 0)), 0) "
	    "FROM (\n%s\n) AS s LEFT JOIN customers AS c ON c.id = s.id",
	    SEGMENT_MAILABLE, body);
	if ((rc = count_of(s, &b, v, 2, d)) == 0) {
		s->total = v[0];
		s->excluded = exclude ? v[1] : 0;
	}
	buf_free(&b);
	return rc;
}

/*
 * The wrapped statement has the segment's columns, then "?c0".."?cN" in
 * order: a condition that left its parentheses would change that.
 */
static int
columns_as_wrapped(segment *s, int ncols, const seg_condition *conds,
    int nconds, diag *d)
{
	char want[32];

	if (nconds == 0)
		return 1;
	if (s->ncols != ncols) {
		segment_condition_error(&conds[0], "it is not one SQL expression", d);
		return 0;
	}
	for (int k = 0; k < nconds; k++) {
		snprintf(want, sizeof(want), "?c%d", k);
		if (strcmp(sqlite3_column_name(s->st, ncols + k), want) != 0) {
			segment_condition_error(&conds[k], "it is not one SQL expression", d);
			return 0;
		}
	}
	return 1;
}

segment *
segment_open(const char *dbpath, const char *sql,
    const seg_condition *conds, int nconds, int include_opted_out, diag *d)
{
	return segment_open_limits(dbpath, sql, conds, nconds,
	    include_opted_out, NULL, d);
}

/*
 * printf() and format() on a segment's connection. SQLite 3.40 repeats a
 * %c's character precision times, one append at a time, on past the value
 * limit and without coming back to the step where the time limit is
 * checked: printf('%.*c', 2e9, 'x') takes 12 s and returns NULL. Every
 * width and precision (but a string's precision, which only cuts) asks
 * for at least that many bytes of the value, so a call whose widths and
 * precisions add up to more than the value limit cannot succeed: it is
 * refused before it runs. The others are made by SQLite's own printf, on a
 * private in-memory connection with the same value limit.
 */
struct fmt_guard {
	segment *s;
	const char *name;	/* "printf" or "format" */
	sqlite3 *side;		/* opened on first use */
	sqlite3_stmt *st;	/* SELECT printf(?1, …) for argc arguments */
	int argc;
};

/* A width or precision written in digits, saturated where SQLite's wraps. */
static long long
fmt_digits(const char **f)
{
	long long v = 0;

	for (; **f >= '0' && **f <= '9'; (*f)++)
		if (v < (1LL << 40))
			v = v * 10 + (**f - '0');
	return v;
}

/*
 * A width or precision at *f: digits, or '*' for the next argument
 * (argv[*k]), read as SQLite reads it: cast to int, made positive.
 */
static long long
fmt_number(const char **f, sqlite3_value **argv, int argc, int *k)
{
	int v;

	if (**f != '*')
		return fmt_digits(f);
	(*f)++;
	v = *k < argc ? (int)sqlite3_value_int64(argv[*k]) : 0;
	(*k)++;
	return v < 0 ? -(long long)v : v;
}

/*
 * The bytes the widths and precisions of format f ask for, walking the
 * conversions as SQLite's printf does (flags, width, '.' precision, at
 * most two 'l', the conversion; it stops at one it does not know).
 */
static long long
fmt_demand(const char *f, sqlite3_value **argv, int argc)
{
	long long total = 0;
	int k = 1;

	while ((f = strchr(f, '%')) != NULL && *++f != '\0') {
		long long width, prec = 0;

		f += strspn(f, "-+ #!0,");
		width = fmt_number(&f, argv, argc, &k);
		if (*f == '.') {
			f++;
			prec = fmt_number(&f, argv, argc, &k);
		}
		if (*f == 'l')
			f++;
		if (*f == 'l')
			f++;
		if (*f == '\0' || strchr("dsgzqQwcouxXfeEGin%pr", *f) == NULL)
			break;
		if (strchr("szqQw", *f) != NULL)
			prec = 0;
		if (strchr("n%", *f) == NULL)
			k++;
		total += width + prec;
		f++;
	}
	return total;
}

/* SELECT printf(?1, …, ?argc) on the private connection, prepared once per argc. */
static sqlite3_stmt *
fmt_statement(struct fmt_guard *g, int argc)
{
	buf b = BUF_INIT;

	if (g->st != NULL && g->argc == argc)
		return g->st;
	sqlite3_finalize(g->st);
	g->st = NULL;
	if (g->side == NULL) {
		if (sqlite3_open_v2(":memory:", &g->side, SQLITE_OPEN_READWRITE,
		    NULL) != SQLITE_OK)
			return NULL;
		sqlite3_limit(g->side, SQLITE_LIMIT_LENGTH, g->s->max_value);
	}
	buf_puts(&b, "SELECT printf(?1");
	for (int i = 2; i <= argc; i++)
		buf_printf(&b, ", ?%d", i);
	buf_puts(&b, ")");
	if (sqlite3_prepare_v2(g->side, buf_str(&b), -1, &g->st, NULL) !=
	    SQLITE_OK) {
		sqlite3_finalize(g->st);
		g->st = NULL;
	}
	g->argc = argc;
	buf_free(&b);
	return g->st;
}

static void
fmt_checked(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct fmt_guard *g = sqlite3_user_data(ctx);
	sqlite3_stmt *st;
	long long ask;
	char msg[160];
	int rc = SQLITE_ERROR;

	/* each call is bounded; many in one row still meet the step's limit */
	if (progress(g->s)) {
		sqlite3_result_error_code(ctx, SQLITE_INTERRUPT);
		return;
	}
	if (argc < 1 || sqlite3_value_text(argv[0]) == NULL)
		return;		/* NULL, as SQLite's */
	ask = fmt_demand((const char *)sqlite3_value_text(argv[0]), argv, argc);
	if (ask > g->s->max_value) {
		snprintf(msg, sizeof(msg), "%s() asks for at least %lld bytes by "
		    "its widths and precisions", g->name, ask);
		sqlite3_result_error(ctx, msg, -1);
		sqlite3_result_error_code(ctx, SQLITE_TOOBIG);
		return;
	}
	if ((st = fmt_statement(g, argc)) != NULL) {
		for (int i = 0; i < argc; i++)
			sqlite3_bind_value(st, i + 1, argv[i]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			sqlite3_result_value(ctx, sqlite3_column_value(st, 0));
	}
	if (rc != SQLITE_ROW && g->side == NULL)
		sqlite3_result_error_nomem(ctx);
	else if (rc != SQLITE_ROW) {
		sqlite3_result_error(ctx, sqlite3_errmsg(g->side), -1);
		sqlite3_result_error_code(ctx, sqlite3_errcode(g->side));
	}
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

static void
fmt_guard_free(void *p)
{
	struct fmt_guard *g = p;

	sqlite3_finalize(g->st);
	sqlite3_close(g->side);
	mem_free(g);
}

/* Put printf() and format() under the guard above. 0 or -1. */
static int
guard_printf(segment *s)
{
	static const char *const names[] = {"printf", "format"};

	for (int i = 0; i < 2; i++) {
		struct fmt_guard *g = mem_calloc(1, sizeof(*g));

		g->s = s;
		g->name = names[i];
		/* on failure SQLite frees g through fmt_guard_free */
		if (sqlite3_create_function_v2(s->db, names[i], -1, SQLITE_UTF8 |
		    SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, g, fmt_checked,
		    NULL, NULL, fmt_guard_free) != SQLITE_OK)
			return -1;
	}
	return 0;
}

/* tayori_shard(id, n): shard_of, for a segment narrowed to one shard. */
static void
shard_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	long long n = sqlite3_value_int64(argv[1]);

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || n < 1 || n > SHARD_MAX)
		return;		/* NULL */
	sqlite3_result_int(ctx, shard_of(sqlite3_value_int64(argv[0]), (int)n));
}

/* Tighten the connection before any SQL of the segment's is seen. 0 or -1. */
static int
harden(segment *s)
{
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0,
	    (int *)NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0,
	    (int *)NULL);
	sqlite3_limit(s->db, SQLITE_LIMIT_LENGTH, s->max_value);
	sqlite3_limit(s->db, SQLITE_LIMIT_ATTACHED, 0);
	/* a damaged page is caught when read, not used */
	sqlite3_exec(s->db, "PRAGMA cell_size_check = ON", NULL, NULL, NULL);
	if (guard_printf(s) == -1 || sqlite3_create_function(s->db,
	    "tayori_shard", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC |
	    SQLITE_INNOCUOUS, NULL, shard_fn, NULL, NULL) != SQLITE_OK) {
		buf msg = BUF_INIT;

		buf_printf(&msg, "cannot guard printf() and format() (%s)",
		    sqlite3_errmsg(s->db));
		diag_plain(s->d, D_SEGMENT, buf_str(&msg));
		buf_free(&msg);
		return -1;
	}
	return 0;
}

segment *
segment_open_limits(const char *dbpath, const char *sql,
    const seg_condition *conds, int nconds, int include_opted_out,
    const segment_limits *lim, diag *d)
{
	segment *s = mem_calloc(1, sizeof(*s));
	buf b = BUF_INIT;
	char *body = NULL;
	int ok = 0, ncols = 0;

	s->d = d;
	s->dbpath = mem_strdup(dbpath);
	if (store_is_pg(dbpath)) {
		s->pg = segpg_open(dbpath, sql, conds, nconds, include_opted_out,
		    lim, d);
		ok = s->pg != NULL;
		goto out;
	}
	s->step_ms = lim && lim->step_ms > 0 ? lim->step_ms : SEGMENT_STEP_MS;
	s->max_value = lim && lim->max_value > 0 ? lim->max_value :
	    SEGMENT_MAX_VALUE;
	s->heap = lim && lim->heap > 0 ? lim->heap : SEGMENT_HEAP;
	s->heap_before = sqlite3_hard_heap_limit64(s->heap);
	s->heap_set = 1;
	if ((s->db = db_open(dbpath, DB_READ, d)) == NULL)
		goto out;
	if (harden(s) == -1)
		goto out;
	if (is_tayori_db(s, dbpath, d) == -1)
		goto out;
	/* ours, prepared before any text of the segment's is seen */
	if (!include_opted_out && sqlite3_prepare_v2(s->db, "SELECT "
	    SEGMENT_MAILABLE " FROM customers AS c WHERE c.id = ?1", -1,
	    &s->mailable, NULL) != SQLITE_OK) {
		sql_error(s, "SELECT opt_out FROM customers", d);
		goto out;
	}
	sqlite3_set_authorizer(s->db, authorize, s);
	sqlite3_progress_handler(s->db, 1000, progress, s);

	if (check_statement(s, sql, &body, &ncols, d) == -1)
		goto out;
	s->nconds = nconds;
	wrap(&b, body, conds, 0, nconds);
	s->sql = buf_detach(&b);
	s->denied[0] = '\0';
	arm(s);
	if (sqlite3_prepare_v2(s->db, s->sql, -1, &s->st, NULL) != SQLITE_OK) {
		if (s->denied[0])
			diag_plain(d, D_SEGMENT_WRITE, s->denied);
		else if (nconds > 0 && sqlite3_errcode(s->db) == SQLITE_ERROR)
			blame_condition(s, body, conds, nconds, d);
		else
			sql_error(s, s->sql, d);
		goto out;
	}
	s->ncols = sqlite3_column_count(s->st) - nconds;
	if (!columns_as_wrapped(s, ncols, conds, nconds, d))
		goto out;
	if ((s->idcol = segment_find(s, "id")) == -1) {
		diag_plain(d, D_SEGMENT, "the segment must return an id column");
		goto out;
	}
	if (count_rows(s, body, !include_opted_out, d) == -1)
		goto out;
	s->body = body;
	body = NULL;
	ok = 1;
out:
	mem_free(body);
	buf_free(&b);
	if (!ok) {
		segment_close(s);
		return NULL;
	}
	return s;
}

int
segment_ncolumns(const segment *s)
{
	if (s->pg)
		return segpg_ncolumns(s->pg);
	return s->ncols;
}

const char *
segment_column(const segment *s, int i)
{
	if (s->pg)
		return segpg_column(s->pg, i);
	if (i < 0 || i >= s->ncols)
		return NULL;
	return sqlite3_column_name(s->st, i);
}

int
segment_find(const segment *s, const char *name)
{
	for (int i = 0; s->pg && i < segpg_ncolumns(s->pg); i++)
		if (strcasecmp(segpg_column(s->pg, i), name) == 0)
			return i;
	if (s->pg)
		return -1;
	for (int i = 0; i < s->ncols; i++)
		if (strcasecmp(sqlite3_column_name(s->st, i), name) == 0)
			return i;
	return -1;
}

long long
segment_excluded(const segment *s)
{
	if (s->pg)
		return segpg_excluded(s->pg);
	return s->excluded;
}

long long
segment_skipped(const segment *s)
{
	if (s->pg)
		return segpg_skipped(s->pg);
	return s->skipped;
}

long long
segment_count(const segment *s)
{
	if (s->pg)
		return segpg_total(s->pg) - segpg_excluded(s->pg) -
		    segpg_skipped(s->pg);
	return s->total - s->excluded - s->skipped;
}

#define RECORDED SEGMENT_RECORDED

int
segment_skip_recorded(segment *s, const char *campaign, diag *d)
{
	buf b = BUF_INIT;
	char *lit = sqlite3_mprintf("%Q", campaign);
	int rc = -1;

	if (s->pg) {
		sqlite3_free(lit);
		return segpg_skip_recorded(s->pg, campaign, d);
	}
	s->refcol = segment_find(s, "ref");
	s->campaign = mem_strdup(campaign);
	if (lit == NULL) {
		diag_plain(d, D_SEGMENT, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(s->db, "SELECT " RECORDED("?1", "?2", "?3"), -1,
	    &s->recorded, NULL) != SQLITE_OK) {
		diag_at(d, D_DB, s->dbpath, 0, 0, "its contacts table is older "
		    "than this tayori (no ref and touch): run 'tayori db init' on it");
		goto out;
	}
	/* the campaign as a literal: the segment's own ?1 stays unbound */
	buf_printf(&b, "SELECT count(*) FROM (\n%s\n) AS s LEFT JOIN customers "
	    "AS c ON c.id = s.id WHERE %s" RECORDED("%s", "s.id", "%s"),
	    s->body, s->mailable ? SEGMENT_MAILABLE " AND " : "", lit,
	    s->refcol >= 0 ? "CAST(s.ref AS TEXT)" : "NULL");
	rc = count_of(s, &b, &s->skipped, 1, d);
out:
	sqlite3_free(lit);
	buf_free(&b);
	return rc;
}

/* Is the customer of the current row (and its ref) recorded for the campaign? 1, 0, or -1. */
static int
recorded(segment *s)
{
	int rc, yes = 0;

	sqlite3_bind_text(s->recorded, 1, s->campaign, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s->recorded, 2, segment_id(s));
	if (s->refcol >= 0)
		sqlite3_bind_text(s->recorded, 3, segment_text(s, s->refcol, NULL),
		    -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s->recorded);
	if (rc == SQLITE_ROW)
		yes = sqlite3_column_int(s->recorded, 0);
	else {
		step_error(s, s->recorded, s->d);
		yes = -1;
	}
	sqlite3_reset(s->recorded);
	return yes;
}

/* May the customer of the current row be mailed? 1, 0, or -1 on error. */
static int
mailable(segment *s)
{
	int rc, ok = 0;

	sqlite3_bind_int64(s->mailable, 1, segment_id(s));
	rc = sqlite3_step(s->mailable);
	if (rc == SQLITE_ROW)
		ok = sqlite3_column_int(s->mailable, 0) == 1;
	else if (rc != SQLITE_DONE) {	/* DONE: no such customer */
		step_error(s, s->mailable, s->d);
		ok = -1;
	}
	sqlite3_reset(s->mailable);
	return ok;
}

int
segment_next(segment *s)
{
	int rc;

	if (s->pg)
		return segpg_next(s->pg);

	while (!s->done) {
		arm(s);
		rc = sqlite3_step(s->st);
		if (rc == SQLITE_ROW) {
			if (s->mailable != NULL && (rc = mailable(s)) != 1) {
				if (rc < 0)
					return s->done = 1, -1;
				continue;
			}
			if (s->recorded != NULL && (rc = recorded(s)) != 0) {
				if (rc < 0)
					return s->done = 1, -1;
				continue;
			}
			return 1;
		}
		s->done = 1;
		if (rc == SQLITE_DONE)
			return 0;
		step_error(s, s->st, s->d);
		return -1;
	}
	return 0;
}

const char *
segment_text(segment *s, int i, int *len)
{
	if (s->pg)
		return segpg_text(s->pg, i, len);
	const unsigned char *t = sqlite3_column_text(s->st, i);

	if (len)
		*len = t ? sqlite3_column_bytes(s->st, i) : 0;
	return (const char *)t;
}

long long
segment_id(segment *s)
{
	if (s->pg) {
		const char *t = segpg_text(s->pg, segment_find(s, "id"), NULL);

		return t ? strtoll(t, NULL, 10) : 0;
	}
	return sqlite3_column_int64(s->st, s->idcol);
}

int
segment_cond(segment *s, int k)
{
	int i = s->ncols + k;

	if (s->pg) {
		/* booleans read t and f; numbers are true unless 0 */
		const char *t = segpg_text(s->pg, segpg_ncolumns(s->pg) + k, NULL);

		return t != NULL && strcmp(t, "f") != 0 && strtod(t, NULL) != 0.0 ?
		    1 : t != NULL && strcmp(t, "t") == 0;
	}

	switch (sqlite3_column_type(s->st, i)) {
	case SQLITE_NULL:
		return 0;
	case SQLITE_INTEGER:
		return sqlite3_column_int64(s->st, i) != 0;
	default:
		return sqlite3_column_double(s->st, i) != 0.0;
	}
}

void
segment_close(segment *s)
{
	if (s == NULL)
		return;
	segpg_close(s->pg);
	sqlite3_finalize(s->st);
	sqlite3_finalize(s->mailable);
	sqlite3_finalize(s->recorded);
	sqlite3_close(s->db);
	if (s->heap_set)
		sqlite3_hard_heap_limit64(s->heap_before);
	mem_free(s->sql);
	mem_free(s->body);
	mem_free(s->campaign);
	mem_free(s->dbpath);
	mem_free(s);
}
