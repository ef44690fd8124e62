/* diag: the diagnostics catalogue, and where diagnostics are collected. */
#ifndef TAYORI_DIAG_H
#define TAYORI_DIAG_H

#include <stdio.h>

enum diag_sev {
	DIAG_NOTE,
	DIAG_WARNING,
	DIAG_ERROR,	/* this input or customer is bad; the job may go on */
	DIAG_FATAL	/* the job cannot go on */
};

/*
 * The catalogue: each message has an id, a severity and fixed wording
 * (a printf format) that tests can assert. Append; never reuse an id.
 */
#define DIAG_CATALOGUE(X) \
	X(D_IO,            DIAG_FATAL,   "%s: %s") \
	X(D_USAGE,         DIAG_FATAL,   "%s") \
	X(D_YAML,          DIAG_FATAL,   "invalid YAML: %s") \
	X(D_FRONT_MATTER,  DIAG_FATAL,   "front matter: %s") \
	X(D_CONTENT_LIMIT, DIAG_FATAL,   "content too large or too deeply nested: %s") \
	X(D_BAD_UTF8,      DIAG_FATAL,   "invalid UTF-8 in %s") \
	X(D_TAG_SYNTAX,    DIAG_FATAL,   "merge tag: %s") \
	X(D_UNKNOWN_FIELD, DIAG_FATAL,   "unknown field '%s'%s") \
	X(D_UNKNOWN_FILTER, DIAG_FATAL,  "unknown filter '%s'") \
	X(D_IF_UNBALANCED, DIAG_FATAL,   "%s") \
	X(D_CONDITION,     DIAG_FATAL,   "condition '%s' is not valid SQL: %s") \
	X(D_IMAGE,         DIAG_FATAL,   "image '%s': %s") \
	X(D_LAYOUT,        DIAG_FATAL,   "layout: %s") \
	X(D_LAYOUT_NOT_FOUND, DIAG_FATAL, "layout '%s' not found (looked in %s)") \
	X(D_FONT,          DIAG_FATAL,   "font '%s': %s") \
	X(D_DB,            DIAG_FATAL,   "database: %s") \
	X(D_SQL,           DIAG_FATAL,   "SQL error: %s (in: %s)") \
	X(D_SEGMENT,       DIAG_FATAL,   "segment: %s") \
	X(D_SEGMENT_WRITE, DIAG_FATAL,   "segment refused: a segment may only read (%s)") \
	X(D_CSV,           DIAG_FATAL,   "%s") \
	X(D_NO_GLYPH,      DIAG_ERROR,   "no font has a glyph for U+%04X in %s") \
	X(D_FIELD_VALUE,   DIAG_ERROR,   "field '%s': %s") \
	X(D_OVERFLOW,      DIAG_ERROR,   "%s does not fit: %s") \
	X(D_PAGES,         DIAG_ERROR,   "copy needs %d pages, the layout allows %d") \
	X(D_PDF,           DIAG_FATAL,   "PDF: %s") \
	X(D_OPTED_OUT,     DIAG_NOTE,    "%lld opted-out customer(s) excluded") \
	X(D_INFO,          DIAG_NOTE,    "%s") \
	X(D_FIELD_FIXED,   DIAG_WARNING, "field '%s': %s") \
	X(D_UNKNOWN_KEY,   DIAG_WARNING, "unknown key '%s' (ignored)") \
	X(D_ADDRESS,       DIAG_ERROR,   "address: %s") \
	X(D_ADDRESS_WARN,  DIAG_WARNING, "address: %s") \
	X(D_OVERFLOW_WARN, DIAG_WARNING, "%s does not fit: %s") \
	X(D_PREFLIGHT,     DIAG_ERROR,   "page %d: %s") \
	X(D_PREFLIGHT_ALL, DIAG_ERROR,   "all %d pages: %s") \
	X(D_PREFLIGHT_MORE, DIAG_ERROR,  "%s: and %d more pages") \
	X(D_PREFLIGHT_DOC, DIAG_ERROR,   "document: %s") \
	X(D_IMAGE_RGB,     DIAG_WARNING, "image '%s' is RGB: a print build converts it to CMYK with K = 1 - max(R,G,B); give a CMYK JPEG to choose the separation yourself") \
	X(D_COPIES_FAILED, DIAG_ERROR,   "%lld copy(ies) failed (see above): blank pages keep their places, the manifest marks them failed") \
	X(D_INTERRUPTED,   DIAG_FATAL,   "stopped by %s: the files of this run are removed and no contact is recorded") \
	X(D_QR_TOO_LONG,   DIAG_ERROR,   "%s:%d: the QR code's text is %zu bytes once merged; a QR code holds at most %d")

enum diag_id {
#define DIAG_ENUM(id, sev, fmt) id,
	DIAG_CATALOGUE(DIAG_ENUM)
#undef DIAG_ENUM
	D__COUNT
};

typedef struct diag {
	FILE *out;		/* where messages go; NULL collects only */
	enum diag_sev worst;	/* worst severity seen, DIAG_NOTE when none */
	int count[4];		/* how many of each severity */
	int quiet_notes;	/* do not print notes */
	char last[512];		/* the last message, for tests */
} diag;

void diag_init(diag *d, FILE *out);

/* file:line:col: severity: message (line or col 0 leaves that part out) */
void diag_at(diag *d, enum diag_id id, const char *file, int line, int col, ...);
/* customer ID: severity: message */
void diag_customer(diag *d, enum diag_id id, long long customer, ...);
/* tayori: severity: message */
void diag_plain(diag *d, enum diag_id id, ...);

enum diag_sev diag_severity(enum diag_id id);
int diag_failed(const diag *d);		/* an error or fatal was seen */
int diag_exit_code(const diag *d);	/* 0, 1 for errors, 2 for fatal */

#endif
