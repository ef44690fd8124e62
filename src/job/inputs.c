/* inputs: what every build reads before its first copy: content, layout, database path, sender, dates. */
#include "job/inputs.h"
#include "data/store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "job/job.h"
#include "output/batch.h"
#include "util/mem.h"
#include "util/path.h"

static const char *const fm_known[] = {
	"title", "issue", "date", "campaign", "layout", "segment", "db", "qr",
	"reference", "salutation", "closing", "signature", "signature-image", "ps",
	"channel", "holdout", "cost-per-piece", "window", "picture", "writing", NULL
};

char *
job_inputs_path(const job_inputs *in, const char *p)
{
	buf b = BUF_INIT;

	if (p[0] == '/' || in->dc == NULL)
		return mem_strdup(p);
	buf_printf(&b, "%s/%s", in->dc->dir, p);
	return buf_detach(&b);
}

/* Days since 1970 of a YYYY-MM-DD date, without time zones (civil from days, inverted). */
static long long
epoch_of(const char *date)
{
	int y = atoi(date), m = atoi(date + 5), dd = atoi(date + 8);
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400;
}

static void
set_dates(job_inputs *in)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	const char *date = in->dc ? doc_fm(in->dc, "date") : NULL;
	time_t now = time(NULL);
	struct tm tm;

	if (sde && *sde) {
		in->epoch = strtoll(sde, NULL, 10);
		now = (time_t)in->epoch;
		gmtime_r(&now, &tm);
	} else {
		localtime_r(&now, &tm);
		in->epoch = date && strlen(date) >= 10 ? epoch_of(date) : 0;
	}
	strftime(in->today, sizeof(in->today), "%Y-%m-%d", &tm);
}

static void
warn_unknown_keys(const doc *dc, diag *d)
{
	for (int i = 0; i < dc->nfm; i++) {
		int k = 0;

		while (fm_known[k] && strcmp(fm_known[k], dc->fm[i].key) != 0)
			k++;
		if (fm_known[k] == NULL && strncmp(dc->fm[i].key, "sender.", 7) != 0)
			diag_at(d, D_UNKNOWN_KEY, dc->path, dc->fm[i].line, 0,
			    dc->fm[i].key);
	}
}

int
job_inputs_load(job_inputs *in, const char *content, const char *layout_spec,
    const char *db, diag *d)
{
	const char *lname = layout_spec, *dbp, *country;

	if (content) {
		if ((in->dc = doc_load(content, d)) == NULL)
			return -1;
		warn_unknown_keys(in->dc, d);
	}
	job_dirs(content, in->dirs);
	job_font_dirs(in->dirs, in->fontdir_bufs, in->fontdirs);
	if (lname == NULL && in->dc)
		lname = doc_fm(in->dc, "layout");
	if (lname == NULL)
		lname = "newsletter-a4";
	if ((in->layout_path = job_find_layout(lname, in->dirs, d)) == NULL)
		return -1;
	if ((in->lay = layout_load(in->layout_path, in->fontdirs, d)) == NULL)
		return -1;
	dbp = in->dc ? doc_fm(in->dc, "db") : NULL;
	if (db)
		in->dbpath = mem_strdup(db);
	else if (dbp && store_is_pg(dbp))
		in->dbpath = mem_strdup(dbp);	/* a URL, not a path */
	else if (dbp)
		in->dbpath = job_inputs_path(in, dbp);
	else if ((getenv("PGDATABASE") && *getenv("PGDATABASE")) ||
	    (getenv("PGSERVICE") && *getenv("PGSERVICE")))
		in->dbpath = mem_strdup("postgresql://");	/* libpq reads PG* */
	country = in->dc ? doc_fm(in->dc, "sender.country") : NULL;
	in->origin = country && *country ? country : "JP";
	set_dates(in);
	if (in->dc && doc_fm(in->dc, "campaign"))
		in->campaign = mem_strdup(doc_fm(in->dc, "campaign"));
	else if (content)
		in->campaign = path_stem(content);
	return 0;
}

void
job_inputs_protect(const job_inputs *in, batch *b)
{
	if (!store_is_pg(in->dbpath))
		batch_protect(b, in->dbpath, "the database");
	batch_protect(b, in->layout_path, "the layout");
	for (int i = 0; i < layout_nfonts(in->lay); i++)
		batch_protect(b, font_path(layout_font(in->lay, i)), "a font");
	if (in->dc == NULL)
		return;
	batch_protect(b, in->dc->path, "the content file");
	for (int i = 0; i < in->dc->nblocks; i++)
		if (in->dc->blocks[i].kind == BLK_IMAGE)
			batch_protect(b, in->dc->blocks[i].path, "an image");
}

void
job_inputs_free(job_inputs *in)
{
	layout_free(in->lay);
	doc_free(in->dc);
	mem_free(in->layout_path);
	mem_free(in->dbpath);
	mem_free(in->campaign);
	for (int i = 0; i < 6; i++)
		buf_free(&in->fontdir_bufs[i]);
	job_dirs_free(in->dirs);
	memset(in, 0, sizeof(*in));
}
