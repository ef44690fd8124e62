/* responses: QR visits read from a web server's access log into the responses table. */
#include "response/responses.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/db.h"
#include "data/store.h"
#include "response/accesslog.h"

static int
fail_sql(store *db, diag *d)
{
	diag_at(d, D_DB, store_name(db), 0, 0, store_errmsg(db));
	return -1;
}

int
responses_from_log(const char *dbpath, const char *path, const char *pattern,
    int dry_run, log_counts *n, diag *d)
{
	url_pattern pat;
	const char *why, *source = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	store *db = NULL;
	store_stmt *find = NULL, *add = NULL;
	FILE *fp = NULL;
	struct stat sb;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = -1, in_tx = 0;

	memset(n, 0, sizeof(*n));
	if (accesslog_pattern(pattern, &pat, &why) == -1) {
		diag_plain(d, D_USAGE, why);
		return -1;
	}
	if ((fp = fopen(path, "rb")) == NULL) {
		diag_at(d, D_IO, path, 0, 0, "cannot open", strerror(errno));
		return -1;
	}
	if (fstat(fileno(fp), &sb) == -1 || !S_ISREG(sb.st_mode)) {
		diag_at(d, D_IO, path, 0, 0, "cannot read", "not a regular file");
		goto out;
	}
	if (db_upgrade(dbpath, d) == -1 ||
	    (db = store_open(dbpath, DB_WRITE, d)) == NULL ||
	    (store_sqlite(db) != NULL &&
	    db_schema_current(store_sqlite(db), dbpath, d) == -1))
		goto out;
	/*
	 * a token's first visit is its visit (the unique index responses_visit);
	 * a held-out customer's token was never printed: no copy carried it
	 */
	if ((find = store_prepare(db, "SELECT DISTINCT customer_id, campaign FROM "
	    "contacts WHERE token = ?1 AND held_out = 0", NULL)) == NULL ||
	    (add = store_prepare(db, "INSERT INTO responses(customer_id, "
	    "token, campaign, responded_at, kind, source) VALUES (?1, ?2, ?3, ?4, "
	    "'visit', ?5) ON CONFLICT DO NOTHING", NULL)) == NULL ||
	    store_run(db, store_kind(db) == STORE_PG ? "BEGIN" :
	    "BEGIN IMMEDIATE") != 0) {
		fail_sql(db, d);
		goto out;
	}
	in_tx = 1;
	while ((len = getline(&line, &cap, fp)) != -1) {
		char token[ACCESSLOG_TOKEN_MAX + 1], date[11];
		int r;

		n->lines++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			len--;
		r = accesslog_line(line, (size_t)len, &pat, token, date);
		if (r == ACCESSLOG_MALFORMED) {
			n->malformed++;
			continue;
		}
		if (r == ACCESSLOG_OTHER) {
			n->other++;
			continue;
		}
		n->hits++;
		store_bind_text(find, 1, token);
		if (store_step(find) != 1) {
			store_reset(find);
			n->unknown++;
			continue;
		}
		store_bind_int64(add, 1, store_int64(find, 0));
		store_bind_text(add, 2, token);
		store_bind_text(add, 3, store_text(find, 1, NULL));
		store_bind_text(add, 4, date);
		store_bind_text(add, 5, source);
		store_reset(find);
		if (store_step(add) != 0) {
			fail_sql(db, d);
			goto out;
		}
		store_reset(add);
		if (store_changes(db) > 0)
			n->visits++;
		else
			n->repeated++;
	}
	if (ferror(fp)) {
		diag_at(d, D_IO, path, 0, 0, "read error", strerror(errno));
		goto out;
	}
	if (!dry_run) {
		if (store_run(db, "COMMIT") != 0) {
			fail_sql(db, d);
			goto out;
		}
		in_tx = 0;
	}
	rc = 0;
out:
	if (in_tx)
		store_run(db, "ROLLBACK");
	store_finalize(find);
	store_finalize(add);
	store_close(db);
	if (fp != NULL)
		fclose(fp);
	free(line);
	return rc;
}
