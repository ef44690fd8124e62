/* testdb: a test's own directory under TAYORI_TEST_TMP and a new tayori database in it. */
#ifndef TAYORI_TESTDB_H
#define TAYORI_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "data/db.h"

/*
 * Make DIR = $TAYORI_TEST_TMP/NAME (or /tmp/NAME) and a new database
 * DIR/FILE in db (the schema of db_init). 0 or -1.
 */
static int
testdb_new(const char *name, const char *file, char *dir, size_t dirsize,
    char *db, size_t dbsize)
{
	const char *t = getenv("TAYORI_TEST_TMP");
	diag d;

	snprintf(dir, dirsize, "%s", t && *t ? t : "/tmp");
	mkdir(dir, 0777);
	snprintf(dir + strlen(dir), dirsize - strlen(dir), "/%s", name);
	mkdir(dir, 0777);
	snprintf(db, dbsize, "%s/%s", dir, file);
	unlink(db);
	diag_init(&d, stderr);
	return db_init(db, &d);
}

/* Write content to path; 0 or -1. */
static inline int
testdb_write(const char *path, const char *content, size_t n)
{
	FILE *fp = fopen(path, "wb");
	int ok;

	if (fp == NULL)
		return -1;
	ok = fwrite(content, 1, n, fp) == n;
	return fclose(fp) == 0 && ok ? 0 : -1;
}

/*
 * The first column of the first row of sql on the database at path, as
 * text ("NULL" for NULL, "ERROR: …" when it fails, "" for no row), in
 * one of four rotating buffers.
 */
static inline const char *
testdb_text(const char *path, const char *sql)
{
	static char out[4][512];
	static int next;
	char *o = out[next++ % 4];
	sqlite3 *db;
	sqlite3_stmt *st = NULL;

	o[0] = '\0';
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		snprintf(o, sizeof(out[0]), "ERROR: %s", sqlite3_errmsg(db));
	else if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(o, sizeof(out[0]), "%s", sqlite3_column_type(st, 0) ==
		    SQLITE_NULL ? "NULL" : (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return o;
}

#endif
