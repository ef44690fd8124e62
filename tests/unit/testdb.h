/* testdb: a test's own directory under TAYORI_TEST_TMP and a new tayori database in it. */
#ifndef TAYORI_TESTDB_H
#define TAYORI_TESTDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

#endif
