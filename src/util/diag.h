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
/* The wording of each message: a printf format, checked against every call by the compiler. */
#define DIAG_FMT_D_IO               "%s: %s"
#define DIAG_FMT_D_USAGE            "%s"
#define DIAG_FMT_D_YAML             "invalid YAML: %s"
#define DIAG_FMT_D_FRONT_MATTER     "front matter: %s"
#define DIAG_FMT_D_CONTENT_LIMIT    "content too large or too deeply nested: %s"
#define DIAG_FMT_D_BAD_UTF8         "invalid UTF-8 in %s"
#define DIAG_FMT_D_TAG_SYNTAX       "merge tag: %s"
#define DIAG_FMT_D_UNKNOWN_FIELD    "unknown field '%s'%s"
#define DIAG_FMT_D_UNKNOWN_FILTER   "unknown filter '%s'"
#define DIAG_FMT_D_IF_UNBALANCED    "%s"
#define DIAG_FMT_D_CONDITION        "condition '%s' is not valid SQL: %s"
#define DIAG_FMT_D_IMAGE            "image '%s': %s"
#define DIAG_FMT_D_LAYOUT           "layout: %s"
#define DIAG_FMT_D_LAYOUT_NOT_FOUND  "layout '%s' not found (looked in %s)"
#define DIAG_FMT_D_FONT             "font '%s': %s"
#define DIAG_FMT_D_DB               "database: %s"
#define DIAG_FMT_D_SQL              "SQL error: %s (in: %s)"
#define DIAG_FMT_D_SEGMENT          "segment: %s"
#define DIAG_FMT_D_SEGMENT_WRITE    "segment refused: a segment may only read (%s)"
#define DIAG_FMT_D_CSV              "%s"
#define DIAG_FMT_D_MANIFEST         "manifest: %s"
#define DIAG_FMT_D_MANIFEST_MERGED  "%s"
#define DIAG_FMT_D_NO_GLYPH         "no font has a glyph for U+%04X in %s"
#define DIAG_FMT_D_FIELD_VALUE      "field '%s': %s"
#define DIAG_FMT_D_OVERFLOW         "%s does not fit: %s"
#define DIAG_FMT_D_PAGES            "copy needs %d pages, the layout allows %d"
#define DIAG_FMT_D_PDF              "PDF: %s"
#define DIAG_FMT_D_OPTED_OUT        "%lld opted-out customer(s) excluded"
#define DIAG_FMT_D_FIELD_FIXED      "field '%s': %s"
#define DIAG_FMT_D_UNKNOWN_KEY      "unknown key '%s' (ignored)"
#define DIAG_FMT_D_ADDRESS          "address: %s"
#define DIAG_FMT_D_ADDRESS_WARN     "address: %s"
#define DIAG_FMT_D_OVERFLOW_WARN    "%s does not fit: %s"
#define DIAG_FMT_D_PREFLIGHT        "page %d: %s"
#define DIAG_FMT_D_PREFLIGHT_ALL    "all %d pages: %s"
#define DIAG_FMT_D_PREFLIGHT_MORE   "%s: and %d more pages"
#define DIAG_FMT_D_PREFLIGHT_DOC    "document: %s"
#define DIAG_FMT_D_IMAGE_RGB        "image '%s' is RGB: a print build converts it to CMYK with K = 1 - max(R,G,B); give a CMYK JPEG to choose the separation yourself"
#define DIAG_FMT_D_COPIES_FAILED    "%lld copy(ies) failed (see above): blank pages keep their places, the manifest marks them failed"
#define DIAG_FMT_D_INTERRUPTED      "stopped by %s: the files of this run are removed and no contact is recorded"
#define DIAG_FMT_D_QR_TOO_LONG      "%s:%d: the QR code's text is %zu bytes once merged; a QR code holds at most %d"
#define DIAG_FMT_D_MADE             "%s: %lld copies, %lld failed, %lld pages%s"
#define DIAG_FMT_D_MADE_VOLUMES     "%s … %s: %d volumes by %d process(es), %lld copies, %lld failed, %lld pages%s"
#define DIAG_FMT_D_LABELS_MADE      "%s: %d labels on %d sheets"
#define DIAG_FMT_D_REPLACED         "replacing an earlier batch: removed %s"
#define DIAG_FMT_D_BATCH_REMOVED    "the batch %s is removed: nobody is recorded as mailed, so run the build again"
#define DIAG_FMT_D_WORKER_FAILED    "a worker process failed (see above): the batch %s is removed, no contact is recorded"
#define DIAG_FMT_D_STRICT           "--strict: nothing is written to %s"
#define DIAG_FMT_D_MAPPING          "mapping: %s"
#define DIAG_FMT_D_IMPORT_VALUE     "column %s: %s: '%s'"
#define DIAG_FMT_D_IMPORT_MORE      "%d more bad value(s) not listed"
#define DIAG_FMT_D_IMPORT_NOTHING   "%d bad row(s): nothing is written to %s (--skip-bad writes the good rows and a reject file)"
#define DIAG_FMT_D_IMPORT_REJECTED  "%d bad row(s) left out, written with their reasons to %s"
#define DIAG_FMT_D_IMPORT_MISSING   "no column %s for %s"
#define DIAG_FMT_D_IMPORT_IGNORED   "column(s) the mapping does not use, left out: %s"
#define DIAG_FMT_D_RECORDED_SKIPPED "%lld customer(s) already recorded for campaign '%s' skipped (--resend mails them again)"
#define DIAG_FMT_D_NOBODY_TO_MAIL   "nobody to mail: every customer of the segment is recorded for campaign '%s' or left out; nothing is written"
#define DIAG_FMT_D_NO_CUSTOMER      "no customer %lld in %s"
#define DIAG_FMT_D_HELD_OUT         "%lld customer(s) held out as the control group (%.3g %%): not printed, recorded in contacts as held out"
#define DIAG_FMT_D_NO_CAMPAIGN      "no contact of campaign '%s' is recorded in %s"
#define DIAG_FMT_D_CHECKED          "check: a build would make %lld copies; %lld typeset (the first and one per distinct outcome of the {{#if}} conditions), %lld failed"

#define DIAG_CATALOGUE(X) \
	X(D_IO,              DIAG_FATAL,   DIAG_FMT_D_IO) \
	X(D_USAGE,           DIAG_FATAL,   DIAG_FMT_D_USAGE) \
	X(D_YAML,            DIAG_FATAL,   DIAG_FMT_D_YAML) \
	X(D_FRONT_MATTER,    DIAG_FATAL,   DIAG_FMT_D_FRONT_MATTER) \
	X(D_CONTENT_LIMIT,   DIAG_FATAL,   DIAG_FMT_D_CONTENT_LIMIT) \
	X(D_BAD_UTF8,        DIAG_FATAL,   DIAG_FMT_D_BAD_UTF8) \
	X(D_TAG_SYNTAX,      DIAG_FATAL,   DIAG_FMT_D_TAG_SYNTAX) \
	X(D_UNKNOWN_FIELD,   DIAG_FATAL,   DIAG_FMT_D_UNKNOWN_FIELD) \
	X(D_UNKNOWN_FILTER,  DIAG_FATAL,   DIAG_FMT_D_UNKNOWN_FILTER) \
	X(D_IF_UNBALANCED,   DIAG_FATAL,   DIAG_FMT_D_IF_UNBALANCED) \
	X(D_CONDITION,       DIAG_FATAL,   DIAG_FMT_D_CONDITION) \
	X(D_IMAGE,           DIAG_FATAL,   DIAG_FMT_D_IMAGE) \
	X(D_LAYOUT,          DIAG_FATAL,   DIAG_FMT_D_LAYOUT) \
	X(D_LAYOUT_NOT_FOUND, DIAG_FATAL,   DIAG_FMT_D_LAYOUT_NOT_FOUND) \
	X(D_FONT,            DIAG_FATAL,   DIAG_FMT_D_FONT) \
	X(D_DB,              DIAG_FATAL,   DIAG_FMT_D_DB) \
	X(D_SQL,             DIAG_FATAL,   DIAG_FMT_D_SQL) \
	X(D_SEGMENT,         DIAG_FATAL,   DIAG_FMT_D_SEGMENT) \
	X(D_SEGMENT_WRITE,   DIAG_FATAL,   DIAG_FMT_D_SEGMENT_WRITE) \
	X(D_CSV,             DIAG_FATAL,   DIAG_FMT_D_CSV) \
	X(D_MANIFEST,        DIAG_FATAL,   DIAG_FMT_D_MANIFEST) \
	X(D_MANIFEST_MERGED, DIAG_NOTE,    DIAG_FMT_D_MANIFEST_MERGED) \
	X(D_NO_GLYPH,        DIAG_ERROR,   DIAG_FMT_D_NO_GLYPH) \
	X(D_FIELD_VALUE,     DIAG_ERROR,   DIAG_FMT_D_FIELD_VALUE) \
	X(D_OVERFLOW,        DIAG_ERROR,   DIAG_FMT_D_OVERFLOW) \
	X(D_PAGES,           DIAG_ERROR,   DIAG_FMT_D_PAGES) \
	X(D_PDF,             DIAG_FATAL,   DIAG_FMT_D_PDF) \
	X(D_OPTED_OUT,       DIAG_NOTE,    DIAG_FMT_D_OPTED_OUT) \
	X(D_FIELD_FIXED,     DIAG_WARNING, DIAG_FMT_D_FIELD_FIXED) \
	X(D_UNKNOWN_KEY,     DIAG_WARNING, DIAG_FMT_D_UNKNOWN_KEY) \
	X(D_ADDRESS,         DIAG_ERROR,   DIAG_FMT_D_ADDRESS) \
	X(D_ADDRESS_WARN,    DIAG_WARNING, DIAG_FMT_D_ADDRESS_WARN) \
	X(D_OVERFLOW_WARN,   DIAG_WARNING, DIAG_FMT_D_OVERFLOW_WARN) \
	X(D_PREFLIGHT,       DIAG_ERROR,   DIAG_FMT_D_PREFLIGHT) \
	X(D_PREFLIGHT_ALL,   DIAG_ERROR,   DIAG_FMT_D_PREFLIGHT_ALL) \
	X(D_PREFLIGHT_MORE,  DIAG_ERROR,   DIAG_FMT_D_PREFLIGHT_MORE) \
	X(D_PREFLIGHT_DOC,   DIAG_ERROR,   DIAG_FMT_D_PREFLIGHT_DOC) \
	X(D_IMAGE_RGB,       DIAG_WARNING, DIAG_FMT_D_IMAGE_RGB) \
	X(D_COPIES_FAILED,   DIAG_ERROR,   DIAG_FMT_D_COPIES_FAILED) \
	X(D_INTERRUPTED,     DIAG_FATAL,   DIAG_FMT_D_INTERRUPTED) \
	X(D_QR_TOO_LONG,     DIAG_ERROR,   DIAG_FMT_D_QR_TOO_LONG) \
	X(D_MADE,            DIAG_NOTE,    DIAG_FMT_D_MADE) \
	X(D_MADE_VOLUMES,    DIAG_NOTE,    DIAG_FMT_D_MADE_VOLUMES) \
	X(D_LABELS_MADE,     DIAG_NOTE,    DIAG_FMT_D_LABELS_MADE) \
	X(D_REPLACED,        DIAG_NOTE,    DIAG_FMT_D_REPLACED) \
	X(D_BATCH_REMOVED,   DIAG_NOTE,    DIAG_FMT_D_BATCH_REMOVED) \
	X(D_WORKER_FAILED,   DIAG_NOTE,    DIAG_FMT_D_WORKER_FAILED) \
	X(D_STRICT,          DIAG_NOTE,    DIAG_FMT_D_STRICT) \
	X(D_MAPPING,         DIAG_FATAL,   DIAG_FMT_D_MAPPING) \
	X(D_IMPORT_VALUE,    DIAG_ERROR,   DIAG_FMT_D_IMPORT_VALUE) \
	X(D_IMPORT_MORE,     DIAG_ERROR,   DIAG_FMT_D_IMPORT_MORE) \
	X(D_IMPORT_NOTHING,  DIAG_ERROR,   DIAG_FMT_D_IMPORT_NOTHING) \
	X(D_IMPORT_REJECTED, DIAG_WARNING, DIAG_FMT_D_IMPORT_REJECTED) \
	X(D_IMPORT_MISSING,  DIAG_FATAL,   DIAG_FMT_D_IMPORT_MISSING) \
	X(D_IMPORT_IGNORED,  DIAG_NOTE,    DIAG_FMT_D_IMPORT_IGNORED) \
	X(D_RECORDED_SKIPPED, DIAG_NOTE,   DIAG_FMT_D_RECORDED_SKIPPED) \
	X(D_NOBODY_TO_MAIL,  DIAG_NOTE,    DIAG_FMT_D_NOBODY_TO_MAIL) \
	X(D_NO_CUSTOMER,     DIAG_FATAL,   DIAG_FMT_D_NO_CUSTOMER) \
	X(D_NO_CAMPAIGN,     DIAG_FATAL,   DIAG_FMT_D_NO_CAMPAIGN) \
	X(D_HELD_OUT,        DIAG_NOTE,    DIAG_FMT_D_HELD_OUT) \
	X(D_CHECKED,         DIAG_NOTE,    DIAG_FMT_D_CHECKED)

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

/*
 * Each call's arguments are checked against its id's wording, as printf's
 * are: the id must be written out (D_IO, not a variable) and the check
 * is never run (sizeof), so it costs nothing.
 */
int diag_wording(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
#define DIAG_CHECK(id, ...) ((void)sizeof(diag_wording(DIAG_FMT_##id, __VA_ARGS__)))
#define diag_at(d, id, file, line, col, ...) \
	(DIAG_CHECK(id, __VA_ARGS__), (diag_at)(d, id, file, line, col, __VA_ARGS__))
#define diag_customer(d, id, customer, ...) \
	(DIAG_CHECK(id, __VA_ARGS__), (diag_customer)(d, id, customer, __VA_ARGS__))
#define diag_plain(d, id, ...) \
	(DIAG_CHECK(id, __VA_ARGS__), (diag_plain)(d, id, __VA_ARGS__))

enum diag_sev diag_severity(enum diag_id id);
int diag_failed(const diag *d);		/* an error or fatal was seen */
int diag_exit_code(const diag *d);	/* 0, 1 for errors, 2 for fatal */

#endif
