/* inputs: what every build reads before its first copy: content, layout, database path, sender, dates. */
#ifndef TAYORI_INPUTS_H
#define TAYORI_INPUTS_H

#include "content/doc.h"
#include "layout/layout.h"
#include "util/buf.h"
#include "util/diag.h"

typedef struct job_inputs {
	char *dirs[6];		/* layouts/, fonts/, segments/ are looked for in these */
	const char *fontdirs[6];
	buf fontdir_bufs[6];
	doc *dc;		/* the content; NULL for labels without --from */
	layout *lay;
	char *layout_path;
	char *dbpath;
	char *campaign;		/* front matter campaign:, else the content's name */
	const char *origin;	/* the sender's country: sender.country, else JP */
	char today[16];		/* YYYY-MM-DD: SOURCE_DATE_EPOCH's day, else today */
	long long epoch;	/* the PDF's date: SOURCE_DATE_EPOCH, else the front matter's date:, else 0 */
} job_inputs;

/*
 * Load them, once, for any kind of build: content (NULL: none), the
 * layout by name or path (NULL: the front matter's layout:, else
 * newsletter-a4), the database (NULL: the front matter's db:, relative
 * to the content). 0, or -1 with diagnostics; free with job_inputs_free
 * either way.
 */
int job_inputs_load(job_inputs *in, const char *content, const char *layout_spec,
    const char *db, diag *d);
void job_inputs_free(job_inputs *in);

/* Every file the inputs were read from (database, content, layout, images, fonts): b must never replace one. */
struct batch;
void job_inputs_protect(const job_inputs *in, struct batch *b);

/* A path from the front matter, relative to the content's directory; mem_alloc'd. */
char *job_inputs_path(const job_inputs *in, const char *p);

#endif
