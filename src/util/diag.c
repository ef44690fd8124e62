/* diag: the diagnostics catalogue, and where diagnostics are collected. */
#include "util/diag.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "util/buf.h"

static const struct {
	enum diag_sev sev;
	const char *fmt;
} catalogue[] = {
#define DIAG_ROW(id, sev, fmt) {sev, fmt},
	DIAG_CATALOGUE(DIAG_ROW)
#undef DIAG_ROW
};

static const char *sev_name[] = {"note", "warning", "error", "error"};

void
diag_init(diag *d, FILE *out)
{
	memset(d, 0, sizeof(*d));
	d->out = out;
	d->worst = DIAG_NOTE;
}

enum diag_sev
diag_severity(enum diag_id id)
{
	return catalogue[id].sev;
}

/* A build's render thread (device/async) reports through the same diag as the main thread. */
static pthread_mutex_t emitting = PTHREAD_MUTEX_INITIALIZER;

static void
emit(diag *d, enum diag_id id, const char *prefix, va_list ap)
{
	enum diag_sev sev = catalogue[id].sev;
	buf b = BUF_INIT;

	buf_printf(&b, "%s: %s: ", prefix, sev_name[sev]);
	buf_vprintf(&b, catalogue[id].fmt, ap);
	pthread_mutex_lock(&emitting);
	d->count[sev]++;
	if (sev > d->worst)
		d->worst = sev;
	snprintf(d->last, sizeof(d->last), "%s", buf_str(&b));
	if (d->out && !(sev == DIAG_NOTE && d->quiet_notes))
		fprintf(d->out, "%s\n", buf_str(&b));
	pthread_mutex_unlock(&emitting);
	buf_free(&b);
}

void
(diag_at)(diag *d, enum diag_id id, const char *file, int line, int col, ...)
{
	char prefix[1024];
	va_list ap;

	if (line > 0 && col > 0)
		snprintf(prefix, sizeof(prefix), "%s:%d:%d", file, line, col);
	else if (line > 0)
		snprintf(prefix, sizeof(prefix), "%s:%d", file, line);
	else
		snprintf(prefix, sizeof(prefix), "%s", file);
	va_start(ap, col);
	emit(d, id, prefix, ap);
	va_end(ap);
}

void
(diag_customer)(diag *d, enum diag_id id, long long customer, ...)
{
	char prefix[64];
	va_list ap;

	snprintf(prefix, sizeof(prefix), "customer %lld", customer);
	va_start(ap, customer);
	emit(d, id, prefix, ap);
	va_end(ap);
}

void
(diag_plain)(diag *d, enum diag_id id, ...)
{
	va_list ap;

	va_start(ap, id);
	emit(d, id, "tayori", ap);
	va_end(ap);
}

int
diag_failed(const diag *d)
{
	return d->worst >= DIAG_ERROR;
}

int
diag_exit_code(const diag *d)
{
	if (d->worst == DIAG_FATAL)
		return 2;
	return d->worst == DIAG_ERROR ? 1 : 0;
}
