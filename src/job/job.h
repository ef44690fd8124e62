/* job: one build or check: content + layout + segment → a PDF batch, its manifest and the contact log. */
#ifndef TAYORI_JOB_H
#define TAYORI_JOB_H

#include "util/buf.h"
#include "util/diag.h"

#define JOB_PROGRESS_LINE	1
#define JOB_PROGRESS_JSON	2	/* one JSON object a line, for a wrapper */

typedef struct job_opts {
	const char *content;	/* CONTENT.md */
	const char *db;		/* NULL: the front matter's db: */
	const char *layout;	/* NULL: the front matter's layout: */
	const char *segment;	/* NULL: the front matter's segment:, else every customer */
	const char *out;	/* NULL: out/NAME.pdf */
	long long limit;	/* 0: no limit */
	int include_opted_out;
	int check_only;		/* compile and check; write nothing */
	int progress;		/* 0, a progress line on stderr, or JOB_PROGRESS_JSON */
	int volume;		/* >0: files of this many copies, OUT-001.pdf … */
	int jobs;		/* with volume: processes rendering them; 0: one per core */
	int marks;		/* crop marks even when the layout has none */
	long long proof;	/* >0: a proof of the first N copies (or of proof_ids) */
	const char *proof_ids;	/* "ID,ID,…" or NULL */
	int dump;		/* the display-list text dump instead of PDF; no contacts */
	int resend;		/* also mail customers recorded for the campaign: a next touch */
	const char *holdout;	/* "10%" or "0.1": the control group; NULL: the front matter's holdout: */
	int impose;		/* >0: cards N-up on press sheets, cut and stack (else the layout's impose:) */
	const char *sheet;	/* with impose: A4, SRA3 or 13x19; NULL: the layout's, else the first that holds them */
	int shard, nshards;	/* part shard of nshards of the segment (shard.h); 0: all */
} job_opts;

/* Run a build (or a check). 0 or -1; diagnostics through d. */
int job_run(const job_opts *o, diag *d);

/*
 * The directories searched for layouts/, fonts/ and segments/, most
 * specific first: beside the content file (and its parent), then the
 * source tree of an uninstalled build, then the installed data directory.
 * Fills dirs (NULL-terminated, at most 5 entries + NULL); strings are
 * mem_alloc'd, free with job_dirs_free.
 */
void job_dirs(const char *content, char **dirs);
void job_dirs_free(char **dirs);

/* The fonts/ directory of each of dirs: out (NULL-terminated) points into bufs; free bufs after. */
void job_font_dirs(char *const *dirs, buf *bufs, const char **out);

/* Find a layout by name or path; mem_alloc'd path, or NULL with a diagnostic. */
char *job_find_layout(const char *spec, char *const *dirs, diag *d);

/* Print every layout found in dirs: name, kind, size and what it is for. */
int job_list_layouts(char *const *dirs, diag *d);

#endif
