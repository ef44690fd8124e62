/* manifest: the manifest parts of a sharded build joined into the one manifest a print shop expects. */
#include "job/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/csv.h"
#include "data/shard.h"
#include "data/store.h"
#include "output/atomic.h"
#include "util/buf.h"
#include "util/mem.h"

#define HEADER	"volume,copy,customer_id,first_page,page_count,postal_code,status"

/* A part's name: STEM.shard-K-of-N.manifest.csv. 0, or -1. */
static int
part_name(const char *path, buf *stem, int *k, int *n)
{
	const char *p = strstr(path, ".shard-");
	int used = 0;

	if (p == NULL || sscanf(p, ".shard-%d-of-%d.manifest.csv%n", k, n,
	    &used) != 2 || p[used] != '\0' || *k < 1 || *k > *n || *n > SHARD_MAX)
		return -1;
	buf_clear(stem);
	buf_put(stem, path, (size_t)(p - path));
	return 0;
}

/* The file volume v of part stem.shard-k-of-n is in: STEM.shard-K-of-N.pdf, or -NNN.pdf with volumes. */
static void
volume_file(buf *f, const char *stem, int k, int n, int v)
{
	struct stat sb;

	buf_clear(f);
	buf_printf(f, "%s.shard-%d-of-%d-%03d.pdf", stem, k, n, v);
	if (stat(buf_str(f), &sb) == 0)
		return;
	buf_clear(f);
	buf_printf(f, "%s.shard-%d-of-%d.pdf", stem, k, n);
}

static void
bad(diag *d, const char *part, int line, const char *why)
{
	diag_at(d, D_MANIFEST, part, line, 0, why);
}

/* Append part k's rows to out, numbering volumes and copies on. 0 or -1. */
/* Is the copy of customer id in file recorded in the contact log? 1, 0, or -1 (diagnostic given). */
static int
recorded(store *s, store_stmt *st, long long id, const char *file, diag *d)
{
	int yes;

	store_reset(st);
	store_bind_int64(st, 2, id);
	store_bind_text(st, 3, file);
	if (store_step(st) != 1) {
		diag_plain(d, D_SQL, store_errmsg(s), "SELECT … FROM contacts");
		return -1;
	}
	yes = store_int64(st, 0) > 0;
	store_reset(st);
	return yes;
}

static int
add_part(const char *path, const char *stem, int k, int n, buf *out,
    int *volumes, long long *copies, store *db, store_stmt *check, diag *d)
{
	csv *c = csv_open(path, d);
	buf f = BUF_INIT, msg = BUF_INIT;
	long long copy = 0;
	int rc = -1, got, last_vol = 0, base = *volumes;

	if (c == NULL)
		return -1;
	if (csv_next(c, d) != 1 || csv_nfields(c) != 7 ||
	    strcmp(csv_field(c, 0, NULL), "volume") != 0 ||
	    strcmp(csv_field(c, 6, NULL), "status") != 0) {
		bad(d, path, 1, "not a manifest part (its header is not " HEADER ")");
		goto out;
	}
	while ((got = csv_next(c, d)) == 1) {
		long long vol, cp, id;

		if (csv_nfields(c) != 7) {
			bad(d, path, csv_line(c), "a row has not 7 fields");
			goto out;
		}
		vol = strtoll(csv_field(c, 0, NULL), NULL, 10);
		cp = strtoll(csv_field(c, 1, NULL), NULL, 10);
		id = strtoll(csv_field(c, 2, NULL), NULL, 10);
		if (cp != copy + 1) {
			buf_clear(&msg);
			buf_printf(&msg, "copy %lld where copy %lld was expected: "
			    "a copy is missing or there twice", cp, copy + 1);
			bad(d, path, csv_line(c), buf_str(&msg));
			goto out;
		}
		if (vol < last_vol || vol < 1 || vol > 100000) {
			bad(d, path, csv_line(c), "volumes out of order");
			goto out;
		}
		if (shard_of(id, n) != k) {
			buf_clear(&msg);
			buf_printf(&msg, "customer %lld belongs to shard %d of %d, "
			    "not %d", id, shard_of(id, n), n, k);
			bad(d, path, csv_line(c), buf_str(&msg));
			goto out;
		}
		copy = cp;
		last_vol = (int)vol;
		if (base + vol > *volumes)
			*volumes = base + (int)vol;
		volume_file(&f, stem, k, n, (int)vol);
		if (check != NULL && strcmp(csv_field(c, 6, NULL), "ok") == 0) {
			const char *base_name = strrchr(buf_str(&f), '/') ?
			    strrchr(buf_str(&f), '/') + 1 : buf_str(&f);
			int yes = recorded(db, check, id, base_name, d);

			if (yes != 1) {
				if (yes == 0) {
					buf_clear(&msg);
					buf_printf(&msg, "customer %lld (copy %lld) is not "
					    "recorded in the contacts of the campaign: this "
					    "shard's run did not finish; build shard %d/%d "
					    "again", id, cp, k, n);
					bad(d, path, csv_line(c), buf_str(&msg));
				}
				goto out;
			}
		}
		buf_printf(out, "%lld,%lld,%lld,%s,%s,", base + vol, *copies + cp,
		    id, csv_field(c, 3, NULL), csv_field(c, 4, NULL));
		buf_put_csv(out, csv_field(c, 5, NULL));
		buf_printf(out, ",%s,", csv_field(c, 6, NULL));
		buf_put_csv(out, strrchr(buf_str(&f), '/') ?
		    strrchr(buf_str(&f), '/') + 1 : buf_str(&f));
		buf_putc(out, '\n');
	}
	if (got == -1)
		goto out;
	*copies += copy;
	rc = 0;
out:
	csv_close(c);
	buf_free(&f);
	buf_free(&msg);
	return rc;
}

int
manifest_merge(const char *const *parts, int n, const char *out,
    const char *db, const char *campaign, diag *d)
{
	buf stem = BUF_INIT, first = BUF_INIT, rows = BUF_INIT, path = BUF_INIT;
	buf msg = BUF_INIT;
	store *s = NULL;
	store_stmt *check = NULL;
	const char **byk = NULL;
	long long copies = 0;
	int rc = -1, total = 0, volumes = 0;

	for (int i = 0; i < n; i++) {
		int k, m;

		if (part_name(parts[i], &stem, &k, &m) != 0) {
			bad(d, parts[i], 0, "not a manifest part: its name is not "
			    "OUT.shard-K-of-N.manifest.csv");
			goto out;
		}
		if (i == 0) {
			total = m;
			buf_puts(&first, buf_str(&stem));
			byk = mem_calloc((size_t)m + 1, sizeof(*byk));
		} else if (m != total || strcmp(buf_str(&stem), buf_str(&first)) != 0) {
			bad(d, parts[i], 0, "a part of another batch (another OUT "
			    "or another number of shards)");
			goto out;
		}
		if (byk[k] != NULL) {
			bad(d, parts[i], 0, "this shard is given twice");
			goto out;
		}
		byk[k] = parts[i];
	}
	if (n == 0) {
		diag_plain(d, D_USAGE, "manifest merge: no parts given");
		goto out;
	}
	for (int k = 1; k <= total; k++)
		if (byk[k] == NULL) {
			buf_printf(&msg, "%sshard %d of %d has no manifest part "
			    "(OUT.shard-%d-of-%d.manifest.csv): build it", msg.len ?
			    "; " : "", k, total, k, total);
		}
	if (msg.len) {
		diag_at(d, D_MANIFEST, buf_str(&first), 0, 0, buf_str(&msg));
		goto out;
	}
	/* each copy's contact: the campaign's, of this customer, naming its file */
	if (db != NULL && ((s = store_open(db, DB_READ, d)) == NULL ||
	    (check = store_prepare(s, "SELECT count(*) FROM contacts WHERE "
	    "campaign = ?1 AND customer_id = ?2 AND held_out = 0 AND (file = "
	    "CAST(?3 AS TEXT) OR substr(file, length(file) - length(CAST(?3 AS "
	    "TEXT))) = '/' || CAST(?3 AS TEXT))", d)) == NULL))
		goto out;
	if (check != NULL)
		store_bind_text(check, 1, campaign);
	buf_puts(&rows, HEADER ",file\n");
	for (int k = 1; k <= total; k++)
		if (add_part(byk[k], buf_str(&first), k, total, &rows, &volumes,
		    &copies, s, check, d) != 0)
			goto out;
	if (out == NULL) {
		buf_printf(&path, "%s.manifest.csv", buf_str(&first));
		out = buf_str(&path);
	}
	if (atomic_write(out, rows.p, rows.len, d) != 0)
		goto out;
	buf_clear(&msg);
	buf_printf(&msg, "%s: %lld copies in %d volumes from %d shards", out,
	    copies, volumes, total);
	diag_plain(d, D_MANIFEST_MERGED, buf_str(&msg));
	rc = 0;
out:
	store_finalize(check);
	store_close(s);
	mem_free(byk);
	buf_free(&stem);
	buf_free(&first);
	buf_free(&rows);
	buf_free(&path);
	buf_free(&msg);
	return rc;
}
