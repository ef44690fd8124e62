/* history: the contact history read back: a customer's touches, newest first, or a campaign's recipients. */
#include "data/history.h"
#include "data/db.h"

#include <string.h>

#include <sqlite3.h>

/* One listing: its statement (?1 bound by bind), its header, and what an empty one means. */
struct listing {
	const char *sql;
	const char *header;
	void (*bind)(sqlite3_stmt *, const void *);
	/* with no row: 0 when that is a right answer, else -1 with a diagnostic */
	int (*none)(sqlite3 *, const char *, const void *, diag *);
};

/* One field: tabs and line breaks become spaces, so a line stays one record. */
static void
field(FILE *out, const unsigned char *s, int last)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
	fputc(last ? '\n' : '\t', out);
}

static int
show(const char *dbpath, const struct listing *ls, const void *arg, FILE *out,
    diag *d)
{
	sqlite3 *db;
	sqlite3_stmt *st = NULL;
	long long n = 0;
	int rc = -1, step, ncols;

	if ((db = db_open(dbpath, DB_READ, d)) == NULL)
		return -1;
	if (sqlite3_prepare_v2(db, ls->sql, -1, &st, NULL) != SQLITE_OK) {
		diag_plain(d, D_SQL, sqlite3_errmsg(db), ls->sql);
		goto out;
	}
	ls->bind(st, arg);
	ncols = sqlite3_column_count(st);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0)
			fputs(ls->header, out);
		for (int i = 0; i < ncols; i++)
			field(out, sqlite3_column_text(st, i), i == ncols - 1);
	}
	if (step != SQLITE_DONE)
		diag_plain(d, D_SQL, sqlite3_errmsg(db), ls->sql);
	else
		rc = n > 0 ? 0 : ls->none(db, dbpath, arg, d);
out:
	sqlite3_finalize(st);
	sqlite3_close(db);
	return rc;
}

static void
bind_id(sqlite3_stmt *st, const void *arg)
{
	sqlite3_bind_int64(st, 1, *(const long long *)arg);
}

static void
bind_text(sqlite3_stmt *st, const void *arg)
{
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
}

/* No touch: right for a customer never contacted, an error for one the database does not have. */
static int
no_touch(sqlite3 *db, const char *dbpath, const void *arg, diag *d)
{
	static const char sql[] = "SELECT 1 FROM customers WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	int rc = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		diag_plain(d, D_SQL, sqlite3_errmsg(db), sql);
		goto out;
	}
	bind_id(st, arg);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		rc = 0;
		break;
	case SQLITE_DONE:
		diag_plain(d, D_NO_CUSTOMER, *(const long long *)arg, dbpath);
		break;
	default:
		diag_plain(d, D_SQL, sqlite3_errmsg(db), sql);
	}
out:
	sqlite3_finalize(st);
	return rc;
}

/* No recipient: a campaign never built here, or a name mistyped. */
static int
no_recipient(sqlite3 *db, const char *dbpath, const void *arg, diag *d)
{
	(void)db;
	diag_plain(d, D_NO_CAMPAIGN, (const char *)arg, dbpath);
	return -1;
}

int
history_customer(const char *dbpath, long long customer, FILE *out, diag *d)
{
	static const struct listing ls = {
		"SELECT sent_at, campaign, CASE WHEN held_out THEN 'held out' ELSE "
		"channel END, ref, touch, copy, token, file "
		"FROM contacts WHERE customer_id = ?1 ORDER BY sent_at DESC, id DESC",
		"sent_at\tcampaign\tchannel\tref\ttouch\tcopy\ttoken\tfile\n",
		bind_id, no_touch
	};

	return show(dbpath, &ls, &customer, out, d);
}

int
history_campaign(const char *dbpath, const char *campaign, FILE *out, diag *d)
{
	static const struct listing ls = {
		"SELECT k.customer_id, trim(coalesce(c.family_name, '') || ' ' || "
		"coalesce(c.given_name, '')), k.sent_at, CASE WHEN k.held_out THEN "
		"'held out' ELSE k.channel END, k.ref, k.touch, "
		"k.copy, k.token, k.file FROM contacts AS k LEFT JOIN customers AS c "
		"ON c.id = k.customer_id WHERE k.campaign = ?1 "
		"ORDER BY k.customer_id, k.ref, k.touch, k.id",
		"customer_id\tname\tsent_at\tchannel\tref\ttouch\tcopy\ttoken\tfile\n",
		bind_text, no_recipient
	};

	return show(dbpath, &ls, campaign, out, d);
}
