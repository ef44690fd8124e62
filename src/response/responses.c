/* responses: QR visits read from a web server's access log into the responses table. */
#include "response/responses.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "data/db.h"
#include "response/accesslog.h"

static int
fail_sql(sqlite3 *db, const char *path, diag *d)
{
	diag_at(d, D_DB, path, 0, 0, sqlite3_errmsg(db));
	return -1;
}

int
responses_from_log(const char *dbpath, const char *path, const char *pattern,
    int dry_run, log_counts *n, diag *d)
{
	url_pattern pat;
	const char *why, *source = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	sqlite3 *db = NULL;
	sqlite3_stmt *find = NULL, *add = NULL;
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
	    (db = db_open(dbpath, DB_WRITE, d)) == NULL ||
	    db_schema_current(db, dbpath, d) == -1)
		goto out;
	/* a held-out customer's token was never printed: no copy carried it */
	if (sqlite3_prepare_v2(db, "SELECT DISTINCT customer_id, campaign FROM "
	    "contacts WHERE token = ?1 AND held_out = 0", -1, &find, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO responses(customer_id, "
	    "token, campaign, responded_at, kind, source) VALUES (?1, ?2, ?3, ?4, "
	    "'visit', ?5)", -1, &add, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fail_sql(db, dbpath, d);
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
		sqlite3_bind_text(find, 1, token, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(find) != SQLITE_ROW) {
			sqlite3_reset(find);
			n->unknown++;
			continue;
		}
		sqlite3_bind_int64(add, 1, sqlite3_column_int64(find, 0));
		sqlite3_bind_text(add, 2, token, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(add, 3, (const char *)sqlite3_column_text(find, 1),
		    -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(add, 4, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(add, 5, source, -1, SQLITE_STATIC);
		sqlite3_reset(find);
		if (sqlite3_step(add) != SQLITE_DONE) {
			fail_sql(db, dbpath, d);
			goto out;
		}
		sqlite3_reset(add);
		if (sqlite3_changes(db) > 0)
			n->visits++;
		else
			n->repeated++;
	}
	if (ferror(fp)) {
		diag_at(d, D_IO, path, 0, 0, "read error", strerror(errno));
		goto out;
	}
	if (!dry_run) {
		if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			fail_sql(db, dbpath, d);
			goto out;
		}
		in_tx = 0;
	}
	rc = 0;
out:
	if (in_tx)
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_finalize(find);
	sqlite3_finalize(add);
	sqlite3_close(db);
	if (fp != NULL)
		fclose(fp);
	free(line);
	return rc;
}
