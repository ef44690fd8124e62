/* job: one build or check: content + layout + segment → a PDF batch, its manifest and the contact log. */
#include "job/job.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "content/doc.h"
#include "dl/impose.h"
#include "data/contacts.h"
#include "data/values.h"
#include "data/db.h"
#include "data/segment.h"
#include "data/shard.h"
#include "job/blocks.h"
#include "job/inputs.h"
#include "job/labels.h"
#include "job/letter.h"
#include "job/mailing.h"
#include "job/outputs.h"
#include "job/parts.h"
#include "job/spool.h"
#include "layout/layout.h"
#include "merge/merge.h"
#include "output/atomic.h"
#include "output/batch.h"
#include "output/cancel.h"
#include "image/image.h"
#include "render/pdf.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/failpoint.h"
#include "util/mem.h"
#include "util/path.h"

/* An image the front matter names: validated, then its real path and pixels; path NULL: none. */
struct fm_image {
	char *path;
	int line, w, h;
};

struct job {
	const job_opts *o;
	diag *d;
	job_inputs in;
	char **line_tmpl;	/* per layout line, placeholders */
	unsigned char *line_vary;	/* per layout line: a per-copy field in it */
	unsigned char *block_vary;	/* per document block: a per-copy field in it */
	char *qr_tmpl;
	letter_parts parts;	/* salutation, closing, signature, P.S. */
	struct fm_image logo;	/* sender.logo: for logo frames */
	struct fm_image picture;	/* picture: for a card's picture frames */
	merge_builtin builtins[32];
	int nbuiltins;
	segment *seg;
	merge *mg;
	lay_engine *eng;
	device *dev;		/* the volume being filled; NULL between volumes */
	struct atomic_file *af;	/* and its file */
	int render_thread;	/* the copies are rendered on a thread of their own (device/async) */
	pdf_opts po;
	char *out;		/* OUT.pdf, or the stem of OUT-001.pdf … */
	batch *files;		/* the files of this run, removed unless recorded */
	contact_log *log;	/* the campaign held, from before the segment is read */
	const char *channel;	/* what the contacts record: newsletter, letter, card, label */
	int volume, vol_copies;	/* the current volume (1-based) and its copies so far */
	long long copies, failed;
	int worker, nworkers;	/* this process renders volumes v with (v - 1) % nworkers == worker */
	int pages_total;
	struct timespec started;	/* for the progress line's rate */
	arena *ar;
	buf manifest;		/* the manifest's rows not yet in its file */
	struct atomic_file *maf;	/* the manifest's file; NULL in a worker */
	FILE *part;		/* a worker's: its manifest part, for the parent */
	char *partname;
	spool *contacts;	/* the contacts to record; NULL: none are */
	token_key key;
	buf variants;		/* check: the condition vectors typeset so far, one byte a condition */
	long long checked;	/* check: the copies typeset */
	int addr_cols[MAIL_NCOLUMNS];	/* segment columns of the address; -1 when absent */
	int refcol;			/* the segment's column ref (the contact's ref), or -1 */
	int has_address;		/* the layout has an address frame */
	double holdout;			/* the share set aside as the control group */
	long long nheld_out;		/* customers held out */
	int vertical;			/* a card's message set vertically */
	impose_grid grid;		/* grid.n > 0: copies imposed on sheets */
	struct held *held;		/* imposing: the volume's copies, until its sheets are made */
	int nheld;
};

/* A copy kept for its sheet, and what its manifest row says. */
struct held {
	dl_copy *c;
	long long id, copy;
	const char *postal;
	int ok;
};

static void
builtin(struct job *j, const char *name, const char *value)
{
	if (value == NULL || j->nbuiltins == (int)(sizeof(j->builtins) / sizeof(j->builtins[0])))
		return;
	j->builtins[j->nbuiltins].name = name;
	j->builtins[j->nbuiltins].value = value;
	j->nbuiltins++;
}

/* The front matter's image key, if given (checked later, with the content's images). */
static void
fm_image(struct job *j, const char *key, struct fm_image *im)
{
	const char *v = doc_fm(j->in.dc, key);

	if (v != NULL && *v != '\0') {
		im->path = mem_strdup(v);
		im->line = doc_fm_line(j->in.dc, key);
	}
}

/* writing: horizontal (the default) or vertical: a card's message side set top to bottom. */
static int
writing(struct job *j)
{
	const char *w = doc_fm(j->in.dc, "writing");

	if (w == NULL || strcmp(w, "horizontal") == 0)
		return 0;
	if (strcmp(w, "vertical") == 0 && layout_card(j->in.lay)) {
		j->vertical = 1;
		return 0;
	}
	diag_at(j->d, D_FRONT_MATTER, j->in.dc->path, doc_fm_line(j->in.dc, "writing"),
	    0, "writing: horizontal, or vertical on a card layout");
	return -1;
}

/* The inputs, then what the layout's lines, the qr: URL and the built-ins make of them. */
static int
load_inputs(struct job *j)
{
	const job_opts *o = j->o;
	const char *qr, *lpath;

	if (job_inputs_load(&j->in, o->content, o->layout, o->db, j->d) != 0)
		return -1;
	if (layout_sheet(j->in.lay) != NULL)
		return 0;	/* a label sheet: addresses, no content to compile */
	lpath = j->in.layout_path;
	j->line_tmpl = mem_calloc((size_t)layout_nlines(j->in.lay) + 1, sizeof(char *));
	for (int i = 0; i < layout_nlines(j->in.lay); i++) {
		const lay_line *ll = layout_line(j->in.lay, i);

		if ((j->line_tmpl[i] = doc_template(j->in.dc, ll->text, lpath,
		    ll->line, j->d)) == NULL)
			return -1;
	}
	if ((qr = doc_fm(j->in.dc, "qr")) != NULL &&
	    (j->qr_tmpl = doc_template(j->in.dc, qr, o->content,
	    doc_fm_line(j->in.dc, "qr"), j->d)) == NULL)
		return -1;
	if (letter_parts_load(&j->parts, j->in.dc, j->d) != 0)
		return -1;
	fm_image(j, "sender.logo", &j->logo);
	fm_image(j, "picture", &j->picture);
	builtin(j, "title", doc_fm(j->in.dc, "title") ? doc_fm(j->in.dc, "title") : "");
	builtin(j, "reference", doc_fm(j->in.dc, "reference") ?
	    doc_fm(j->in.dc, "reference") : "");
	builtin(j, "issue", doc_fm(j->in.dc, "issue") ? doc_fm(j->in.dc, "issue") : "");
	builtin(j, "date", doc_fm(j->in.dc, "date") ? doc_fm(j->in.dc, "date") : j->in.today);
	builtin(j, "today", j->in.today);
	builtin(j, "campaign", j->in.campaign);
	for (int i = 0; i < j->in.dc->nfm; i++)
		if (strncmp(j->in.dc->fm[i].key, "sender.", 7) == 0)
			builtin(j, j->in.dc->fm[i].key, j->in.dc->fm[i].value);
	/* layouts may print the sender: missing parts are empty, not unknown */
	builtin(j, "sender.name", "");
	builtin(j, "sender.address", "");
	builtin(j, "sender.phone", "");
	builtin(j, "sender.url", "");
	builtin(j, "sender.postal_code", "");
	return writing(j);
}

/*
 * An image of the content, *path as written at line: inside the content's
 * directory tree (root, resolved), validated before libharu sees it. Then
 * *path is its real path and *w, *h its pixels.
 */
static int
check_image(struct job *j, const char *root, char **path, int line, int *w,
    int *h)
{
	char real[PATH_MAX], err[256];
	size_t rl = strlen(root);
	image_info info;
	char *full;
	int rc = -1;

	if ((*path)[0] == '/' || strstr(*path, "..") || strchr(*path, ':')) {
		diag_at(j->d, D_IMAGE, j->in.dc->path, line, 0, *path,
		    "images must be given by a path inside the content's directory");
		return -1;
	}
	full = job_inputs_path(&j->in, *path);
	if (realpath(full, real) == NULL) {
		diag_at(j->d, D_IMAGE, j->in.dc->path, line, 0, *path, strerror(errno));
	} else if (strncmp(real, root, rl) != 0 || real[rl] != '/') {
		diag_at(j->d, D_IMAGE, j->in.dc->path, line, 0, *path,
		    "it leads outside the content's directory");
	} else if (image_inspect(real, &info, err, sizeof(err)) != 0) {
		diag_at(j->d, D_IMAGE, j->in.dc->path, line, 0, *path, err);
	} else {
		*w = info.w;
		*h = info.h;
		/* check tells; a build just converts, as the README says */
		if (j->o->check_only && layout_print(j->in.lay) && info.color)
			diag_at(j->d, D_IMAGE_RGB, j->in.dc->path, line, 0, *path);
		mem_free(*path);
		*path = mem_strdup(real);
		rc = 0;
	}
	mem_free(full);
	return rc;
}

/* The body's images, a letter's signature image, the sender's logo and a card's picture. */
static int
check_images(struct job *j)
{
	struct fm_image *ims[] = {&j->logo, &j->picture};
	char root[PATH_MAX];
	int rc = 0;

	if (realpath(j->in.dc->dir, root) == NULL) {
		diag_at(j->d, D_IO, j->in.dc->dir, 0, 0, "cannot resolve", strerror(errno));
		return -1;
	}
	for (int i = 0; i < j->in.dc->nblocks; i++) {
		block *b = &j->in.dc->blocks[i];

		if (b->kind == BLK_IMAGE && check_image(j, root, &b->path, b->line,
		    &b->img_w, &b->img_h) != 0)
			rc = -1;
	}
	if (j->parts.image && check_image(j, root, &j->parts.image,
	    j->parts.image_line, &j->parts.img_w, &j->parts.img_h) != 0)
		rc = -1;
	for (size_t i = 0; i < sizeof(ims) / sizeof(ims[0]); i++)
		if (ims[i]->path && check_image(j, root, &ims[i]->path, ims[i]->line,
		    &ims[i]->w, &ims[i]->h) != 0)
			rc = -1;
	return rc;
}

/* The style the layout sets b in (a code block in code, as layout/ decides). */
static const lay_style *
style_of(const struct job *j, const block *b)
{
	return layout_block_style(j->in.lay, b->kind == BLK_HEADING ? b->level : 0,
	    b->quote, b->nspans == 1 && (b->spans[0].style & SP_CODE) &&
	    memchr(b->spans[0].text, '\n', b->spans[0].len) != NULL);
}

/* Every character of the document's own text must have a glyph: checked once, with its line. */
static int
check_glyphs(struct job *j)
{
	int rc = 0;

	for (int i = 0; i < j->in.dc->nblocks; i++) {
		block *b = &j->in.dc->blocks[i];

		for (int k = 0; k < b->nspans; k++) {
			uint32_t cp = lay_missing_glyph(j->in.lay, style_of(j, b),
			    b->spans[k].style, b->spans[k].text, b->spans[k].len);

			if (cp) {
				diag_at(j->d, D_NO_GLYPH, j->in.dc->path, b->line, 0,
				    cp, "the content");
				rc = -1;
			}
		}
	}
	return rc;
}

/*
 * Which layout lines and document blocks hold a field that differs
 * between copies (built-ins such as the title do not): the rest is the
 * same in every copy, so the renderer can write it once.
 */
static void
mark_varying(struct job *j)
{
	int nl = layout_nlines(j->in.lay);

	j->line_vary = mem_calloc((size_t)nl + 1, 1);
	for (int i = 0; i < nl; i++)
		j->line_vary[i] = (unsigned char)merge_varies(j->mg, j->line_tmpl[i],
		    strlen(j->line_tmpl[i]));
	j->block_vary = mem_calloc((size_t)j->in.dc->nblocks + 1, 1);
	for (int i = 0; i < j->in.dc->nblocks; i++) {
		const block *b = &j->in.dc->blocks[i];

		if (b->kind == BLK_QR)
			j->block_vary[i] = 1;
		for (int k = 0; k < b->nspans && !j->block_vary[i]; k++)
			j->block_vary[i] = (unsigned char)merge_varies(j->mg,
			    b->spans[k].text, b->spans[k].len);
	}
}

/* What the contacts record as the channel: the front matter's channel:, else the layout's kind. */
static int
pick_channel(struct job *j)
{
	static const char *const known[] = {"newsletter", "letter", "card",
	    "label", NULL};
	const char *c = doc_fm(j->in.dc, "channel");

	if (c == NULL) {
		c = layout_kind(j->in.lay);
		j->channel = strcmp(c, "labels") == 0 ? "label" : c;
		return 0;
	}
	for (int i = 0; known[i]; i++)
		if (strcmp(c, known[i]) == 0) {
			j->channel = known[i];
			return 0;
		}
	diag_at(j->d, D_FRONT_MATTER, j->in.dc->path, doc_fm_line(j->in.dc,
	    "channel"), 0, "channel is newsletter, letter, card or label");
	return -1;
}

/* A share as a user writes it: "10%", "10 %" or "0.1"; -1 when it is none (0 < share < 1). */
static double
parse_share(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	while (*end == ' ')
		end++;
	if (*end == '%') {
		v /= 100;
		end++;
	}
	return end != s && *end == '\0' && v > 0 && v < 1 ? v : -1;
}

/*
 * The control group's share (--holdout, else holdout:) and what the
 * campaigns table records of the build: cost-per-piece: (an amount) and
 * window: (days, 1 to 3650). A bad value names the front matter line.
 */
static int
campaign_settings(struct job *j, campaign_info *ci)
{
	const char *h = j->o->holdout ? j->o->holdout : doc_fm(j->in.dc, "holdout");
	const char *cost = doc_fm(j->in.dc, "cost-per-piece");
	const char *win = doc_fm(j->in.dc, "window");
	const char *path = j->in.dc->path, *why;
	long long iv;
	double dv;
	int is_int, rc = 0;

	memset(ci, 0, sizeof(*ci));
	ci->cost_per_piece = -1;
	if (h != NULL && (j->holdout = parse_share(h)) < 0) {
		j->holdout = 0;
		if (j->o->holdout)
			diag_plain(j->d, D_USAGE, "--holdout is a share between 0 "
			    "and 100 %: 10% or 0.1");
		else
			diag_at(j->d, D_FRONT_MATTER, path, doc_fm_line(j->in.dc,
			    "holdout"), 0, "holdout is a share between 0 and 100 %: "
			    "10% or 0.1");
		rc = -1;
	}
	if (cost != NULL) {
		if (value_amount(cost, &iv, &dv, &is_int, &why) == -1 || dv < 0) {
			diag_at(j->d, D_FRONT_MATTER, path, doc_fm_line(j->in.dc,
			    "cost-per-piece"), 0, "cost-per-piece is an amount: 85 "
			    "or 0.73");
			rc = -1;
		} else
			ci->cost_per_piece = dv;
	}
	if (win != NULL) {
		char *end;
		long days = strtol(win, &end, 10);

		while (*end == ' ')
			end++;
		if (strcmp(end, "days") == 0 || strcmp(end, "日") == 0)
			end += strlen(end);
		if (end == win || *end != '\0' || days < 1 || days > 3650) {
			diag_at(j->d, D_FRONT_MATTER, path, doc_fm_line(j->in.dc,
			    "window"), 0, "window is the days a response counts "
			    "for the campaign: 30 (1 to 3650)");
			rc = -1;
		} else
			ci->window_days = (int)days;
	}
	ci->title = doc_fm(j->in.dc, "title");
	ci->segment = j->o->segment ? j->o->segment : doc_fm(j->in.dc, "segment");
	ci->content = j->o->content;
	ci->holdout = j->holdout;
	return rc;
}

/* Is this customer in the campaign's control group? */
static int
held_out(const struct job *j, long long id)
{
	return j->holdout > 0 && contacts_draw(&j->key, j->in.campaign, id) <
	    j->holdout;
}

/* The contact row of a copy (copy > 0, in the current volume) or of a customer held out. 0 or -1. */
static int
add_contact(struct job *j, long long id, const char *ref, long long copy,
    const char *token)
{
	contact_row r;

	if (j->contacts == NULL)
		return 0;
	memset(&r, 0, sizeof(r));
	r.customer = id;
	r.copy = (int)copy;
	r.volume = copy > 0 ? j->volume : 0;
	memcpy(r.token, token, 17);
	r.ref = (char *)ref;
	r.held_out = copy == 0;
	return spool_put(j->contacts, &r);
}

/* Record a customer held out: a contact row, no copy. 0 or -1. */
static int
add_held(struct job *j, long long id, const char *ref)
{
	char token[17];

	contacts_token(&j->key, j->in.campaign, id, token);
	j->nheld_out++;
	return add_contact(j, id, ref, 0, token);
}

static int
open_segment(struct job *j)
{
	const job_opts *o = j->o;
	const char *spec = o->segment ? o->segment : doc_fm(j->in.dc, "segment");
	const char *cols[512];
	seg_condition *conds;
	char *sql;
	int n;

	if (spec == NULL)
		spec = "SELECT * FROM customer_view ORDER BY id";
	if ((sql = segment_resolve(spec, j->in.dbpath, (const char *const *)j->in.dirs,
	    j->d)) == NULL)
		return -1;
	if (o->shard > 0) {
		buf b = BUF_INIT;

		shard_segment(&b, sql, o->shard, o->nshards);
		mem_free(sql);
		sql = buf_detach(&b);
	}
	conds = mem_calloc((size_t)j->in.dc->nconds + 1, sizeof(*conds));
	for (int i = 0; i < j->in.dc->ntags; i++) {
		const tag *t = &j->in.dc->tags[i];

		if (t->kind == TAG_IF)
			conds[t->cond] = (seg_condition){t->name, t->file, t->line,
			    t->col};
	}
	j->seg = segment_open(j->in.dbpath, sql, conds, j->in.dc->nconds,
	    o->include_opted_out, j->d);
	mem_free(conds);
	mem_free(sql);
	if (j->seg == NULL)
		return -1;
	if (!o->resend && segment_skip_recorded(j->seg, j->in.campaign, j->d) != 0)
		return -1;
	j->refcol = segment_find(j->seg, "ref");
	n = segment_ncolumns(j->seg);
	if (n > (int)(sizeof(cols) / sizeof(cols[0]))) {
		diag_plain(j->d, D_SEGMENT, "more than 512 columns");
		return -1;
	}
	for (int i = 0; i < n; i++)
		cols[i] = segment_column(j->seg, i);
	for (int i = 0; i < MAIL_NCOLUMNS; i++)
		j->addr_cols[i] = segment_find(j->seg, mailing_columns[i]);
	for (int i = 0; i < layout_nframes(j->in.lay); i++)
		j->has_address |= layout_frame(j->in.lay, i)->address ||
		    layout_frame(j->in.lay, i)->jp_address ||
		    layout_frame(j->in.lay, i)->postal;
	if (j->has_address && j->addr_cols[6] < 0 && j->addr_cols[10] < 0) {
		diag_plain(j->d, D_SEGMENT, "the layout prints an address, but the "
		    "segment has no address columns (select c.* from customers)");
		return -1;
	}
	j->mg = merge_compile(j->in.dc, cols, n, j->builtins, j->nbuiltins, j->d);
	if (j->mg == NULL)
		return -1;
	mark_varying(j);
	return 0;
}


/* The address and barcode of this copy, when its layout prints one. */
static int
mailing_address(struct job *j, const char *const *vals, const int *lens,
    lay_vars *v)
{
	const char *av[MAIL_NCOLUMNS];
	int al[MAIL_NCOLUMNS];
	addr_fields f;
	address *a;

	v->addr = NULL;
	v->barcode = NULL;
	if (!j->has_address)
		return 0;
	for (int i = 0; i < MAIL_NCOLUMNS; i++) {
		av[i] = j->addr_cols[i] >= 0 ? vals[j->addr_cols[i]] : NULL;
		al[i] = j->addr_cols[i] >= 0 ? lens[j->addr_cols[i]] : 0;
	}
	mailing_fields(av, al, v->customer, &f, j->ar, j->d);
	a = arena_alloc(j->ar, sizeof(*a));
	if (addr_format(&f, j->in.origin, a, j->ar) != 0) {
		diag_customer(j->d, D_ADDRESS, v->customer,
		    "no name or no street address: no copy made");
		return -1;
	}
	v->addr = a;
	if (f.country == NULL || strcmp(f.country, j->in.origin) == 0)
		v->barcode = mailing_barcode(&f, v->customer, j->ar, j->d);
	return 0;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (t.tv_nsec - t0->tv_nsec) / 1e9;
}

/*
 * Where the run is: copies done of the segment's, pages a second, time
 * left, as a line redrawn on a terminal or one JSON object a line for a
 * wrapper (--progress=json). With workers, the first process speaks for
 * all: it goes through every row, and the others render at its pace.
 */
static void
progress(struct job *j, long long done, int final)
{
	long long total;
	double secs, pages, rate, left;

	if (!j->o->progress || j->worker > 0)
		return;
	total = j->seg ? segment_count(j->seg) : done;
	/* --limit N: N copies at most, and the held-out rows met on the way */
	if (j->o->limit > 0 && total > j->o->limit)
		total = j->o->limit;
	if (total < done)
		total = done;
	secs = seconds_since(&j->started);
	pages = j->pages_total + (j->dev ? device_page_count(j->dev) : 0);
	if (j->nworkers > 1)	/* the others make as many */
		pages *= j->nworkers;
	rate = secs > 0 ? pages / secs : 0;
	left = done > 0 && total > done ? secs * (double)(total - done) /
	    (double)done : 0;
	if (j->o->progress == JOB_PROGRESS_JSON)
		fprintf(stderr, "{\"copies_done\":%lld,\"copies_total\":%lld,"
		    "\"pages_per_second\":%.0f,\"seconds_left\":%.0f,"
		    "\"final\":%s}\n", done, total, rate, left,
		    final ? "true" : "false");
	else
		fprintf(stderr, "\rtayori: %lld/%lld copies, %.0f pages/s, %.0f s "
		    "left   %s", done, total, rate, left, final ? "\n" : "");
	fflush(stderr);
}

/* The file of volume n: OUT.pdf without volumes, else OUT-001.pdf … */
static char *
volume_path(const struct job *j, int n)
{
	return j->o->volume <= 0 ? mem_strdup(j->out) : batch_pdf_path(j->files, n);
}

/* Start volume n's file: its pages go to the disk as they are made. */
static int
open_volume(struct job *j, int volume)
{
	char *path = volume_path(j, volume);

	j->volume = volume;
	j->vol_copies = 0;
	j->af = batch_open(j->files, path, j->d);
	mem_free(path);
	if (j->af == NULL)
		return -1;
	j->dev = job_device_new(j->in.lay, &j->po, j->o->dump, atomic_put, j->af, j->d);
	if (j->render_thread)
		j->dev = device_async_new(j->dev);
	if (j->dev == NULL) {
		atomic_abort(j->af);
		j->af = NULL;
		return -1;
	}
	return 0;
}

/* The manifest's file, written as copies are added and put in place with the contacts. 0 or -1. */
static int
manifest_open(struct job *j)
{
	char *path = batch_path(j->files, ".manifest.csv");

	j->maf = batch_open(j->files, path, j->d);
	mem_free(path);
	return j->maf ? 0 : -1;
}

/* Rows are written this many bytes at a time: the manifest's memory is the same at any size. */
#define MANIFEST_CHUNK	(64 * 1024)

/* The rows kept so far to the manifest's file (a worker's part), once there are at_least bytes of them. 0 or -1. */
static int
manifest_flush(struct job *j, size_t at_least)
{
	int rc = 0;

	if (j->manifest.len < at_least || (j->maf == NULL && j->part == NULL))
		return 0;
	if (j->maf != NULL)
		rc = atomic_put(j->maf, j->manifest.p ? j->manifest.p : "", j->manifest.len);
	else if (fwrite(j->manifest.p, 1, j->manifest.len, j->part) != j->manifest.len) {
		diag_at(j->d, D_IO, j->partname, 0, 0, "cannot write", strerror(errno));
		rc = -1;
	}
	buf_clear(&j->manifest);
	return rc;
}

/* One manifest row; sheet 0: not imposed. 0 or -1 (a write error: see manifest_flush). */
static int
manifest_row(struct job *j, long long copy, long long id, int first, size_t npages,
    const char *postal, int ok, int sheet, int pos, const char *ref)
{
	buf_printf(&j->manifest, "%d,%lld,%lld,%d,%zu,", j->volume, copy, id, first,
	    npages);
	buf_put_csv(&j->manifest, postal);
	buf_puts(&j->manifest, ok ? ",ok" : ",failed");
	if (sheet > 0)
		buf_printf(&j->manifest, ",%d,%d", sheet, pos + 1);
	if (j->nworkers > 1)
		parts_put_ref(&j->manifest, ref);	/* for the parent's contacts */
	buf_putc(&j->manifest, '\n');
	return manifest_flush(j, MANIFEST_CHUNK);
}

/*
 * The volume's copies on their sheets, cut-and-stack order, and their
 * manifest rows in copy order: the sheet (1-based in the volume), its
 * position (1-based, left to right, top to bottom), the sheet's front page.
 */
static int
impose_volume(struct job *j)
{
	dl_copy **cs = mem_calloc((size_t)j->nheld + 1, sizeof(*cs));
	int first = device_page_count(j->dev) + 1, rc = 0;

	for (int i = 0; i < j->nheld; i++)
		cs[i] = j->held[i].c;
	for (int s = 0; s < impose_sheets(&j->grid, j->nheld) && rc == 0; s++) {
		dl_copy *sheet = impose_sheet(&j->grid, cs, j->nheld, s);
		char label[32];

		device_record rec = {label, 0, 0, NULL};	/* a sheet: no PDF/VT record */

		snprintf(label, sizeof(label), "S%d", s + 1);
		rc = device_give_copy(j->dev, sheet, &rec);
	}
	for (int i = 0; i < j->nheld; i++) {
		const struct held *h = &j->held[i];
		int sheet, pos;

		impose_place(&j->grid, j->nheld, i, &sheet, &pos);
		if (manifest_row(j, h->copy, h->id, first + 2 * sheet, 2, h->postal,
		    h->ok, sheet + 1, pos, NULL) != 0)
			rc = -1;
		dl_copy_free(h->c);
		mem_free((char *)h->postal);
	}
	mem_free(cs);
	j->nheld = 0;
	return rc;
}

/* Finish the volume (the rest of the file, fsync, rename) and free it. */
static int
close_volume(struct job *j)
{
	buf dump = BUF_INIT;	/* the text dump's whole file; a PDF is on its way already */
	int rc = -1;

	if (j->dev == NULL)
		return 0;
	if ((j->nheld == 0 || impose_volume(j) == 0) &&
	    device_save(j->dev, &dump) == 0 &&
	    atomic_put(j->af, dump.p ? dump.p : "", dump.len) == 0) {
		rc = atomic_commit(j->af, j->d);
		j->af = NULL;
	}
	atomic_report(j->af, j->d);	/* a write error: the file and why */
	atomic_abort(j->af);	/* a failed volume leaves no file */
	j->af = NULL;
	j->pages_total += device_page_count(j->dev);
	device_free(j->dev);
	j->dev = NULL;
	buf_free(&dump);
	return rc;
}

/*
 * A copy that failed keeps its place: as many blank pages as the layout
 * has, so every later record stays on its pages (duplex, inserters).
 */
static dl_copy *
placeholder(const struct job *j)
{
	dl_copy *c = dl_copy_new(layout_width(j->in.lay), layout_height(j->in.lay));

	/* a letter's copies are not padded: one page holds the place */
	for (int i = 0; i < (layout_letter(j->in.lay) ? 1 : layout_pages(j->in.lay)); i++)
		dl_page_add(c);
	return c;
}

/* --proof ID,ID: is id one of them? (--proof N takes the first N instead.) */
static int
wanted(const struct job *j, long long id)
{
	const char *p = j->o->proof_ids;

	if (p == NULL)
		return 1;
	while (*p) {
		char *end;
		long long v = strtoll(p, &end, 10);

		if (end != p && v == id)
			return 1;
		p = *end ? end + 1 : end;
	}
	return 0;
}

/* A value for the manifest: cleaned as printed values are (its warnings were given when merged). */
static const char *
manifest_text(const char *v, int len, arena *ar)
{
	diag quiet;
	buf b = BUF_INIT;
	const char *s;

	if (v == NULL)
		return NULL;
	diag_init(&quiet, NULL);
	merge_clean("postal_code", v, (size_t)len, 0, 0, &b, &quiet);
	s = arena_strdup(ar, buf_str(&b));
	buf_free(&b);
	return s;
}

/* The volume copy n (1-based) goes into: 1 without volumes. */
static int
volume_of(const struct job *j, long long n)
{
	return j->o->volume > 0 ? (int)((n - 1) / j->o->volume) + 1 : 1;
}

/* Add a copy (or its placeholder) to the volume, the manifest and the contacts; c is theirs. */
static int
add_copy(struct job *j, dl_copy *c, int ok, long long id, const char *token,
    const char *ref, const char *postal, long long copy)
{
	char label[48];
	device_record rec;
	int first;

	if (j->dev == NULL && open_volume(j, volume_of(j, copy)) != 0) {
		dl_copy_free(c);
		return -1;
	}
	if (j->grid.n > 0) {
		/* held for its sheet: the manifest row is written with it */
		j->held = mem_realloc(j->held, (size_t)(j->nheld + 1) * sizeof(*j->held));
		j->held[j->nheld++] = (struct held){c, id, copy, postal ?
		    mem_strdup(postal) : NULL, ok};
	} else {
		size_t npages = c->npages;

		first = device_page_count(j->dev) + 1;
		snprintf(label, sizeof(label), "C%lld%s", id, ok ? "" : " FAILED");
		rec.label = label;
		rec.customer = id;
		rec.copy = copy;
		rec.postal = postal;
		if (device_give_copy(j->dev, c, &rec) != 0 ||
		    manifest_row(j, copy, id, first, npages, postal, ok, 0, 0, ref) != 0)
			return -1;
	}
	if (ok && !j->o->proof && add_contact(j, id, ref, copy, token) != 0)
		return -1;
	if (++j->vol_copies == j->o->volume && close_volume(j) != 0)
		return -1;
	return 0;
}

/*
 * check typesets one copy per variant: the first copy, then each copy
 * whose {{#if}} conditions come out in a way no earlier copy's did.
 * 1 when conds (n of them) make a new variant, remembered; 0 when seen.
 */
static int
new_variant(struct job *j, const int *conds, int n)
{
	size_t w = (size_t)n;

	for (size_t at = 0; w > 0 && at + w <= j->variants.len; at += w) {
		int same = 1;

		for (int k = 0; k < n && same; k++)
			same = j->variants.p[at + (size_t)k] == (conds[k] != 0);
		if (same)
			return 0;
	}
	if (w == 0 && j->checked > 0)
		return 0;
	for (int k = 0; k < n; k++)
		buf_putc(&j->variants, conds[k] != 0);
	return 1;
}

static int
make_copies(struct job *j)
{
	int ncols = segment_ncolumns(j->seg), rc;
	const char **vals = mem_calloc((size_t)ncols + 1, sizeof(*vals));
	int *lens = mem_calloc((size_t)ncols + 1, sizeof(*lens));
	int *conds = mem_calloc((size_t)j->in.dc->nconds + 1, sizeof(*conds));
	int postal = segment_find(j->seg, "postal_code");
	long long copies = 0, rows = 0;	/* copies made (or another process's); rows gone through */
	int failed = 0;

	j->ar = arena_new();
	j->eng = lay_engine_new(j->in.lay);
	clock_gettime(CLOCK_MONOTONIC, &j->started);
	buf_puts(&j->manifest, "volume,copy,customer_id,first_page,page_count,"
	    "postal_code,status");
	buf_puts(&j->manifest, j->grid.n > 0 ? ",sheet,position\n" : "\n");
	while ((rc = segment_next(j->seg)) == 1) {
		merge_row r;
		char token[17];
		lay_block *blocks;
		lay_vars v;
		dl_copy *c;
		int nb, ok;

		if (j->o->limit > 0 && copies >= j->o->limit)
			break;
		if (cancel_requested()) {
			rc = -1;
			break;
		}
		r.id = segment_id(j->seg);
		if (!wanted(j, r.id))
			continue;
		rows++;
		/* the control group: drawn the same in every process, recorded by the parent */
		if (j->o->proof_ids == NULL && held_out(j, r.id)) {
			if (j->nworkers <= 1 && !j->o->proof && add_held(j, r.id,
			    j->refcol >= 0 ? segment_text(j->seg, j->refcol, NULL) :
			    NULL) != 0) {
				rc = -1;
				break;
			}
			continue;
		}
		if (j->nworkers > 1 &&
		    (volume_of(j, copies + 1) - 1) % j->nworkers != j->worker) {
			copies++;	/* another process's volume */
			continue;
		}
		arena_reset(j->ar);
		for (int i = 0; i < ncols; i++)
			vals[i] = segment_text(j->seg, i, &lens[i]);
		for (int k = 0; k < j->in.dc->nconds; k++)
			conds[k] = segment_cond(j->seg, k);
		if (j->o->check_only && !new_variant(j, conds, j->in.dc->nconds)) {
			copies++;	/* counted, not typeset: its variant was */
			continue;
		}
		r.vals = vals;
		r.lens = lens;
		r.conds = conds;
		contacts_token(&j->key, j->in.campaign, r.id, token);
		r.token = token;
		nb = job_merge_blocks(j->in.dc, j->mg, j->block_vary, &r, j->ar, &blocks,
		    j->d);
		if (nb >= 0)
			nb = letter_wrap(&j->parts, j->mg, &r, blocks, nb, j->ar, &blocks,
			    j->d);
		v.lines = job_merge_lines(j->in.lay, j->mg, j->line_tmpl, &r, j->ar, j->d);
		v.line_vary = j->line_vary;
		v.logo = j->logo.path;
		v.logo_w = j->logo.w;
		v.logo_h = j->logo.h;
		v.picture = j->picture.path;
		v.picture_w = j->picture.w;
		v.picture_h = j->picture.h;
		v.customer = r.id;
		v.vertical = j->vertical;
		v.qr = NULL;
		if (j->qr_tmpl && (v.qr = job_merge_qr(j->mg, j->qr_tmpl,
		    j->in.dc->path, doc_fm_line(j->in.dc, "qr"), &r, j->ar, j->d)) == NULL)
			nb = -1;
		c = NULL;
		if (nb >= 0 && mailing_address(j, vals, lens, &v) == 0)
			c = lay_copy(j->eng, blocks, nb, &v, j->d);
		copies++;
		ok = c != NULL;
		if (!ok)
			failed++;
		if (j->o->check_only) {
			j->checked++;
			dl_copy_free(c);
			continue;
		}
		if (!ok)
			c = placeholder(j);
		rc = add_copy(j, c, ok, r.id, token, j->refcol >= 0 ?
		    vals[j->refcol] : NULL, postal >= 0 ?
		    manifest_text(vals[postal], lens[postal], j->ar) : NULL, copies);
		if (rc != 0)
			break;
		failpoint("copy");
		rc = 1;
		if (copies % 50 == 0)
			progress(j, rows, 0);
	}
	progress(j, rows, 1);
	j->copies = copies;
	j->failed = failed;
	mem_free(vals);
	mem_free(lens);
	mem_free(conds);
	if (rc < 0)
		return -1;
	if (j->o->check_only)
		diag_plain(j->d, D_CHECKED, copies, j->checked, (long long)failed);
	/* said once, by the process that puts the parts together when there are workers */
	if (failed && j->nworkers <= 1 && !j->o->check_only)
		diag_plain(j->d, D_COPIES_FAILED, (long long)failed);
	if (copies == 0) {
		diag_plain(j->d, D_SEGMENT, "no copy was made: the segment is empty");
		return -1;
	}
	return 0;
}

static char *
default_out(const struct job *j)
{
	buf b = BUF_INIT;
	char *name = path_stem(j->o->content), *out;

	buf_printf(&b, "%s%s", name, j->o->proof ? "-proof" : "");
	out = job_default_out(buf_str(&b));
	mem_free(name);
	buf_free(&b);
	return out;
}

/* A shard's batch is named OUT.shard-K-of-N.pdf: its own volumes and manifest part. */
static void
shard_out(struct job *j)
{
	size_t n = strlen(j->out);
	buf b = BUF_INIT;

	if (n > 4 && strcmp(j->out + n - 4, ".pdf") == 0)
		n -= 4;
	buf_put(&b, j->out, n);
	buf_printf(&b, ".shard-%d-of-%d.pdf", j->o->shard, j->o->nshards);
	mem_free(j->out);
	j->out = buf_detach(&b);
}

/* The rows to record: the workers' spool, then this process's; each names the file its copy is in. */
struct commit_rows {
	spool *sp[2];		/* either NULL: none */
	char **files;		/* of volumes 1 … nfiles */
	int nfiles;
};

static int
next_row(void *ctx, contact_row *r)
{
	struct commit_rows *c = ctx;
	int got = 0;

	for (int i = 0; i < 2 && got == 0; i++)
		if (c->sp[i] != NULL && (got = spool_next(c->sp[i], r)) == 0)
			c->sp[i] = NULL;
	if (got != 1)
		return got;
	r->file = r->volume > 0 && r->volume <= c->nfiles ? c->files[r->volume - 1] :
	    NULL;
	return 1;
}

/*
 * The manifest, then the contacts in one transaction: only now that every
 * volume (1 … volumes) is safely on disk (a proof records none). If they
 * cannot be recorded, the batch goes: no file is left looking complete.
 * workers: the workers' contacts (NULL: none), before this process's.
 */
static int
commit_outputs(struct job *j, spool *workers, int volumes)
{
	struct commit_rows c = {{workers, j->contacts}, NULL, volumes};
	int rc = -1, put;

	c.files = mem_calloc((size_t)volumes + 1, sizeof(*c.files));
	for (int v = 1; v <= volumes; v++)
		c.files[v - 1] = volume_path(j, v);
	/* every contact on disk before the manifest is in place: a full disk stops the run here */
	if ((workers && spool_rewind(workers) != 0) ||
	    (j->contacts && spool_rewind(j->contacts) != 0))
		goto out;
	if (j->maf == NULL && manifest_open(j) != 0)
		goto out;
	manifest_flush(j, 0);	/* a write error is atomic_commit's to report */
	put = atomic_commit(j->maf, j->d);
	j->maf = NULL;
	if (put != 0)
		goto out;
	failpoint("before-commit");
	if (cancel_requested())
		goto out;
	if (j->log && contacts_commit_from(j->log, j->channel, j->in.today,
	    j->o->resend, next_row, &c, j->d) != 0) {
		diag_plain(j->d, D_BATCH_REMOVED, j->out);
		goto out;
	}
	batch_keep(j->files);
	failpoint("committed");
	rc = 0;
out:
	for (int v = 0; v < volumes; v++)
		mem_free(c.files[v]);
	mem_free(c.files);
	return rc;
}

/* What was made: "OUT.pdf: …" or "OUT-001.pdf … OUT-NNN.pdf: N volumes, …". */
static void
report(struct job *j, int volumes, int procs, long long copies,
    long long failed, long long pages)
{
	const char *proof = j->o->proof ? " (a proof: no contacts recorded)" : "";

	if (j->o->volume > 0) {
		char *a = volume_path(j, 1), *b = volume_path(j, volumes);

		diag_plain(j->d, D_MADE_VOLUMES, a, b, volumes, procs, copies,
		    failed, pages, proof);
		mem_free(a);
		mem_free(b);
	} else
		diag_plain(j->d, D_MADE, j->out, copies, failed, pages, proof);
	if (j->nheld_out > 0)
		diag_plain(j->d, D_HELD_OUT, j->nheld_out, 100 * j->holdout);
}

/* The last volume, the manifest, and only then the contacts. */
static int
write_outputs(struct job *j)
{
	if (close_volume(j) != 0 || commit_outputs(j, NULL, j->volume) != 0)
		return -1;
	report(j, j->volume, 1, j->copies, j->failed, j->pages_total);
	return 0;
}

/*
 * --impose N-up (else the layout's impose:): a card layout's copies on
 * press sheets, which have no bleed of their own and carry our crop marks.
 */
static int
plan_imposition(struct job *j)
{
	const char *sheet = j->o->sheet, *why;
	int n = j->o->impose;

	if (n == 0)
		n = layout_impose(j->in.lay, sheet ? NULL : &sheet);
	if (n == 0 && j->o->sheet != NULL) {
		diag_plain(j->d, D_USAGE, "--sheet is for --impose");
		return -1;
	}
	if (n == 0)
		return 0;
	if (!layout_card(j->in.lay)) {
		diag_plain(j->d, D_USAGE, "--impose is for card layouts (kind: card)");
		return -1;
	}
	if (layout_back_turned(j->in.lay)) {
		diag_plain(j->d, D_USAGE, "--impose sets the backs behind their fronts "
		    "itself: use a layout with back: upright");
		return -1;
	}
	if (impose_plan(n, sheet, layout_width(j->in.lay), layout_height(j->in.lay),
	    layout_bleed(j->in.lay), &j->grid, &why) != 0) {
		diag_plain(j->d, D_USAGE, why);
		return -1;
	}
	return 0;
}

static void job_free(struct job *);

/*
 * The manifest rows a worker process leaves for the parent, in the name
 * atomic_write gives its temporary files (OUT.manifest.csv.tmp-PID):
 * if the run is killed, the next one removes them as stale.
 */
static char *
part_path(const struct job *j, long pid)
{
	char suffix[48];

	snprintf(suffix, sizeof(suffix), ".manifest.csv.tmp-%ld", pid);
	return batch_path(j->files, suffix);
}

/* A worker's manifest part, locked while the worker lives: a run after a killed one tells its file from a live one's. */
static FILE *
part_open(const char *path, diag *d)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0666);
	FILE *f = NULL;

	if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0 || (f = fdopen(fd, "wb")) == NULL) {
		diag_at(d, D_IO, path, 0, 0, "cannot write", strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	return f;
}

/*
 * One worker process: the segment opened anew (a SQLite connection must
 * not cross fork), every copy counted, its own volumes rendered and
 * saved, its manifest rows written for the parent. The exit status:
 * 0, 1 when some copies failed, 2 when it could not run.
 */
static int
worker(struct job *j, int k, int n)
{
	int rc;

	j->worker = k;
	j->nworkers = n;
	/* the parent's, with what it holds still to write: this process records no contact */
	spool_free(j->contacts);
	j->contacts = NULL;
	atomic_forget(j->maf);
	j->maf = NULL;
	/* its rows written as they come (the parent removes the file) */
	j->partname = part_path(j, (long)getpid());
	if ((j->part = part_open(j->partname, j->d)) == NULL)
		return 2;
	if (open_segment(j) != 0 || make_copies(j) != 0)
		return 2;
	segment_close(j->seg);
	j->seg = NULL;
	if (close_volume(j) != 0 || manifest_flush(j, 0) != 0)
		return 2;
	rc = fclose(j->part);
	j->part = NULL;
	if (rc != 0) {
		diag_at(j->d, D_IO, j->partname, 0, 0, "cannot write", strerror(errno));
		return 2;
	}
	batch_keep(j->files);	/* the parent records them, or removes them */
	return diag_failed(j->d) ? 1 : 0;
}

/* A spool of contacts in the batch's directory (the disk that holds the PDF). */
static spool *
spool_new_beside(const struct job *j, diag *d)
{
	char *dir = path_dir(j->out);
	spool *sp = spool_new(dir, d);

	mem_free(dir);
	return sp;
}

/* A line of the workers' manifest, into the manifest's file (a parts_line_fn). */
static int
manifest_line(void *ctx, const char *line, size_t len)
{
	struct job *j = ctx;

	buf_put(&j->manifest, line, len);
	buf_putc(&j->manifest, '\n');
	return manifest_flush(j, MANIFEST_CHUNK);
}

/*
 * Render the volumes in n processes (volume v in process (v - 1) % n):
 * the same files as one process makes. Then, here, the manifest in copy
 * order and the contacts, once every volume is on disk.
 */
static int
run_workers(struct job *j, int n)
{
	pid_t pid[64];
	char *parts[64];
	int status, bad = 0, rc = -1;
	spool *rows = NULL;
	parts_sum sum;
	pid_t parent = getpid();

	/* the control group, drawn here: the children render only the others */
	if (j->holdout > 0) {
		long long made = 0;

		while (segment_next(j->seg) == 1 && (j->o->limit <= 0 ||
		    made < j->o->limit)) {
			long long id = segment_id(j->seg);

			if (held_out(j, id)) {
				if (add_held(j, id, j->refcol >= 0 ?
				    segment_text(j->seg, j->refcol, NULL) : NULL) != 0)
					return -1;
			} else
				made++;
		}
	}
	/*
	 * The manifest's temporary, before the workers' parts are there: they
	 * would be stale to it, their processes gone, by the time they are read.
	 */
	if (manifest_open(j) != 0)
		return -1;
	/* the children open their own connection */
	segment_close(j->seg);
	j->seg = NULL;
	merge_free(j->mg);
	j->mg = NULL;
	mem_free(j->line_vary);
	mem_free(j->block_vary);
	j->line_vary = j->block_vary = NULL;
	fflush(NULL);
	for (int k = 0; k < n; k++) {
		if ((pid[k] = fork()) == 0) {
			int code;

			/* killed with the parent (kill -9): no orphan goes on writing */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != parent)
				_exit(2);
			code = worker(j, k, n);

			job_free(j);
			exit(code);
		}
		if (pid[k] < 0) {
			diag_plain(j->d, D_IO, "fork", strerror(errno));
			for (int i = 0; i < k; i++)
				waitpid(pid[i], &status, 0);
			return -1;
		}
	}
	cancel_children(pid, n);
	for (int k = 0; k < n; k++) {
		pid_t w;

		while ((w = waitpid(pid[k], &status, 0)) < 0 && errno == EINTR)
			;
		if (w < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
			bad = 1;
		parts[k] = part_path(j, (long)pid[k]);
	}
	cancel_children(NULL, 0);
	if (cancel_requested())
		goto out;
	if (bad) {
		diag_plain(j->d, D_WORKER_FAILED, j->out);
		goto out;
	}
	/* the manifest in copy order, and the copies' contacts spooled (the held-out customers' after them) */
	if (j->contacts != NULL && (rows = spool_new_beside(j, j->d)) == NULL)
		goto out;
	if (parts_merge((const char *const *)parts, n, &j->key, j->in.campaign,
	    manifest_line, j, rows, &sum, j->d) != 0 ||
	    commit_outputs(j, rows, sum.volumes) != 0)
		goto out;
	report(j, sum.volumes, n, sum.copies, sum.failed, sum.pages);
	if (sum.failed)
		diag_plain(j->d, D_COPIES_FAILED, sum.failed);
	rc = 0;
out:
	for (int k = 0; k < n; k++) {
		remove(parts[k]);
		mem_free(parts[k]);
	}
	spool_free(rows);
	return rc;
}

static void
job_free(struct job *j)
{
	batch_free(j->files);
	contacts_close(j->log);
	if (j->line_tmpl)
		for (int i = 0; i < layout_nlines(j->in.lay); i++)
			mem_free(j->line_tmpl[i]);
	mem_free(j->line_tmpl);
	mem_free(j->line_vary);
	mem_free(j->block_vary);
	mem_free(j->qr_tmpl);
	letter_parts_free(&j->parts);
	mem_free(j->logo.path);
	mem_free(j->picture.path);
	device_free(j->dev);
	atomic_report(j->af, j->d);
	atomic_abort(j->af);
	atomic_report(j->maf, j->d);	/* a manifest row's write error */
	atomic_abort(j->maf);
	mem_free(j->out);
	lay_engine_free(j->eng);
	arena_free(j->ar);
	merge_free(j->mg);
	segment_close(j->seg);
	spool_free(j->contacts);
	for (int i = 0; i < j->nheld; i++) {
		dl_copy_free(j->held[i].c);
		mem_free((char *)j->held[i].postal);
	}
	mem_free(j->held);
	buf_free(&j->manifest);
	if (j->part != NULL)
		fclose(j->part);
	mem_free(j->partname);
	buf_free(&j->variants);
	job_inputs_free(&j->in);
}

/* A build on a label sheet: the addresses of the content's segment, as `tayori labels --from` makes them. */
static int
sheet_build(struct job *j)
{
	const job_opts *o = j->o;
	labels_opts lo;

	if (o->volume > 0 || o->proof > 0 || o->limit > 0 || o->shard > 0) {
		diag_plain(j->d, D_USAGE, "--volume, --proof, --limit and --shard "
		    "are for pages; a label sheet takes the whole segment (see "
		    "tayori labels --help)");
		return -1;
	}
	memset(&lo, 0, sizeof(lo));
	lo.segment = o->segment;
	lo.from = o->content;
	lo.out = o->out;
	lo.start = 1;
	lo.sort_postal = 1;
	lo.include_opted_out = o->include_opted_out;
	lo.progress = o->progress;
	lo.dump = o->dump;
	lo.check_only = o->check_only;
	return labels_make(&j->in, &lo, j->d);
}

int
job_run(const job_opts *o, diag *d)
{
	struct job j;
	campaign_info ci;
	int rc = -1;

	memset(&j, 0, sizeof(j));
	j.o = o;
	j.d = d;
	if (load_inputs(&j) != 0)
		goto out;
	if (j.in.dbpath == NULL) {
		diag_plain(d, D_USAGE,
		    "no database: give --db FILE or 'db:' in the front matter");
		goto out;
	}
	if (layout_sheet(j.in.lay) != NULL) {
		rc = sheet_build(&j);
		goto out;
	}
	/* a database made by an older tayori is brought up to date at its first build */
	if (!o->check_only && db_upgrade(j.in.dbpath, d) != 0)
		goto out;
	/* report every problem of the content before giving up */
	rc = check_images(&j);
	rc |= check_glyphs(&j);
	rc |= pick_channel(&j);
	rc |= campaign_settings(&j, &ci);
	rc |= plan_imposition(&j);
	/* held before the segment is read: whom it skips as recorded stays so until the commit */
	if (rc == 0 && !o->check_only && !o->proof && !o->dump &&
	    (j.log = o->shard > 0 ? contacts_open_shard(j.in.dbpath,
	    j.in.campaign, o->shard, o->nshards, d) :
	    contacts_open(j.in.dbpath, j.in.campaign, d)) == NULL)
		goto out;
	if (open_segment(&j) != 0 || rc != 0) {
		rc = -1;
		goto out;
	}
	rc = -1;
	diag_plain(d, D_OPTED_OUT, segment_excluded(j.seg));
	if (segment_skipped(j.seg) > 0)
		diag_plain(d, D_RECORDED_SKIPPED, segment_skipped(j.seg), j.in.campaign);
	if (segment_count(j.seg) == 0 && segment_skipped(j.seg) > 0) {
		/* before any file is touched: the last batch stays as it was */
		diag_plain(d, D_NOBODY_TO_MAIL, j.in.campaign);
		rc = 0;
		goto out;
	}
	if (contacts_key(j.in.dbpath, &j.key, d) != 0)
		goto out;
	if (j.log)
		contacts_describe(j.log, &ci);
	/* check: typeset one copy per variant, as build would, and write nothing */
	if (o->check_only) {
		rc = make_copies(&j);
		goto out;
	}
	job_pdf_opts(j.in.lay, &j.po);
	/* imposed sheets hold several copies each: a record is one copy, so no PDF/VT */
	j.po.records = j.grid.n == 0;
	j.po.title = doc_fm(j.in.dc, "title");
	j.po.epoch = j.in.epoch;
	j.po.proof = o->proof > 0;
	if (o->marks || o->proof)
		j.po.marks |= PDF_MARKS_CROP;
	if (j.grid.n > 0) {	/* the sheets carry the marks; a card's bleed is cut there */
		j.po.bleed = 0;
		j.po.marks = 0;
	}
	j.out = o->out ? mem_strdup(o->out) : default_out(&j);
	if (o->shard > 0)
		shard_out(&j);
	/* everything that could stop the run after rendering is checked before it */
	j.files = batch_new(j.out);
	job_inputs_protect(&j.in, j.files);
	if (j.parts.image)
		batch_protect(j.files, j.parts.image, "an image");
	if (j.logo.path)
		batch_protect(j.files, j.logo.path, "an image");
	if (j.picture.path)
		batch_protect(j.files, j.picture.path, "an image");
	if (batch_prepare(j.files, d) != 0)
		goto out;
	if (j.log && (j.contacts = spool_new_beside(&j, d)) == NULL)
		goto out;
	{
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		int n = o->jobs > 0 ? o->jobs : cores > 0 ? (int)cores : 1;

		if (n > 64)
			n = 64;
		if (o->volume > 0 && !o->proof && n > 1 && j.grid.n == 0) {
			rc = run_workers(&j, n);
			goto out;
		}
		/* one file: the layout on this thread, the rendering on another */
		j.render_thread = n > 1 && !o->dump;
	}
	if (manifest_open(&j) != 0 || make_copies(&j) != 0)
		goto out;
	/* the segment's read lock must be gone before the contacts are written */
	segment_close(j.seg);
	j.seg = NULL;
	if (write_outputs(&j) != 0)
		goto out;
	rc = 0;
out:
	job_free(&j);
	return rc;
}
