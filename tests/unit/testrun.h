/* testrun: a shell command run for a test (qpdf, poppler's tools), its output kept. */
#ifndef TAYORI_TESTRUN_H
#define TAYORI_TESTRUN_H

#include <stdarg.h>
#include <stdio.h>
#include <sys/wait.h>

#include "util/buf.h"

/* The command printf would make of fmt: its standard output in out, its exit status (-1: killed). */
static int
testrun(buf *out, const char *fmt, ...)
{
	char cmd[4096], chunk[4096];
	va_list ap;
	FILE *f;
	size_t n;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	buf_clear(out);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_put(out, chunk, n);
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

#endif
