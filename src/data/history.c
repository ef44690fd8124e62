/* history: the contact history read back: a customer's touches, newest first, or a campaign's recipients. */
#include "data/history.h"
#include "data/db.h"
#include "data/store.h"

#include <string.h>

/* One listing: its statement (?1 bound by bind), its header, and what an empty one means. */
struct listing {
	const char *sql;
	const char *header;
	void (*bind)(store_stmt *, const void *);
	/* with no row: 0 when that is a right answer, else -1 with a diagnostic */
	int (*none)(store *, const char *, const void *, diag *);
};

/* One field: tabs and line breaks become spaces, so a line stays one record. */
static void
field(FILE *out, const char *s, int last)
{
	for (; s && *s; s++)
		fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, out);
	fputc(last ? '\n' : '\t', out);
}

static int
show(const char *dbpath, const struct listing *ls, const void *arg, FILE *out,
    diag *d)
{
	store *db;
	store_stmt *st = NULL;
	long long n = 0;
	int rc = -1, step, ncols;

	if ((db = store_open(dbpath, DB_READ, d)) == NULL)
		return -1;
	if ((st = store_prepare(db, ls->sql, d)) == NULL)
		goto out;
	ls->bind(st, arg);
	while ((step = store_step(st)) == 1) {
		if (n++ == 0)
			fputs(ls->header, out);
		ncols = store_ncolumns(st);
		for (int i = 0; i < ncols; i++)
			field(out, store_text(st, i, NULL), i == ncols - 1);
	}
	if (step != 0)
		diag_plain(d, D_SQL, store_errmsg(db), ls->sql);
	else
		rc = n > 0 ? 0 : ls->none(db, dbpath, arg, d);
out:
	store_finalize(st);
	store_close(db);
	return rc;
}

static void
bind_id(store_stmt *st, const void *arg)
{
	store_bind_int64(st, 1, *(const long long *)arg);
}

static void
bind_text(store_stmt *st, const void *arg)
{
	store_bind_text(st, 1, arg);
}

/* No touch: right for a customer never contacted, an error for one the database does not have. */
static int
no_touch(store *db, const char *dbpath, const void *arg, diag *d)
{
	static const char sql[] = "SELECT 1 FROM customers WHERE id = ?1";
	store_stmt *st;
	int rc = -1;

	if ((st = store_prepare(db, sql, d)) == NULL)
		return -1;
	bind_id(st, arg);
	switch (store_step(st)) {
	case 1:
		rc = 0;
		break;
	case 0:
		diag_plain(d, D_NO_CUSTOMER, *(const long long *)arg,
		    store_name(db));
		break;
	default:
		diag_plain(d, D_SQL, store_errmsg(db), sql);
	}
	(void)dbpath;
	store_finalize(st);
	return rc;
}

/* No recipient: a campaign never built here, or a name mistyped. */
static int
no_recipient(store *db, const char *dbpath, const void *arg, diag *d)
{
	(void)dbpath;
	diag_plain(d, D_NO_CAMPAIGN, (const char *)arg, store_name(db));
	return -1;
}

int
history_customer(const char *dbpath, long long customer, FILE *out, diag *d)
{
	static const struct listing ls = {
		"SELECT sent_at, campaign, CASE WHEN held_out = 1 THEN 'held out' "
		"ELSE channel END, ref, touch, copy, token, file "
		"FROM contacts WHERE customer_id = ?1 "
		"ORDER BY sent_at DESC NULLS LAST, id DESC",
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
		"coalesce(c.given_name, '')), k.sent_at, CASE WHEN k.held_out = 1 THEN "
		"'held out' ELSE k.channel END, k.ref, k.touch, "
		"k.copy, k.token, k.file FROM contacts AS k LEFT JOIN customers AS c "
		"ON c.id = k.customer_id WHERE k.campaign = ?1 "
		"ORDER BY k.customer_id, k.ref NULLS FIRST, k.touch, k.id",
		"customer_id\tname\tsent_at\tchannel\tref\ttouch\tcopy\ttoken\tfile\n",
		bind_text, no_recipient
	};

	return show(dbpath, &ls, campaign, out, d);
}
