/* contacts: tracking tokens and the contact log, written once a volume is safely on disk. */
#define _GNU_SOURCE	/* F_OFD_SETLK */
#include "data/contacts.h"
#include "data/db.h"
#include "data/store.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "util/buf.h"
#include "util/hex.h"
#include "util/mem.h"

/* SHA-256 as in FIPS 180-4. */
typedef struct sha256_ctx {
	uint32_t h[8];
	unsigned char block[64];
	size_t used;		/* bytes in block */
	uint64_t total;		/* bytes hashed */
} sha256_ctx;

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
};

#define ROTR(x, n)	(((x) >> (n)) | ((x) << (32 - (n))))

static void
sha256_block(sha256_ctx *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++) {
		uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^
		    (w[i - 15] >> 3);
		uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^
		    (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) +
		    ((e & f) ^ (~e & g)) + K[i] + w[i];
		t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) +
		    ((a & b) ^ (a & cc) ^ (b & cc));
		h = g, g = f, f = e, e = d + t1;
		d = cc, cc = b, b = a, a = t1 + t2;
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

static void
sha256_init(sha256_ctx *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
	};

	memcpy(c->h, iv, sizeof(iv));
	c->used = 0;
	c->total = 0;
}

static void
sha256_update(sha256_ctx *c, const void *data, size_t n)
{
	const unsigned char *p = data;

	c->total += n;
	while (n > 0) {
		size_t take = 64 - c->used;

		if (take > n)
			take = n;
		memcpy(c->block + c->used, p, take);
		c->used += take;
		p += take;
		n -= take;
		if (c->used == 64) {
			sha256_block(c, c->block);
			c->used = 0;
		}
	}
}

static void
sha256_final(sha256_ctx *c, unsigned char out[32])
{
	uint64_t bits = c->total * 8;
	unsigned char pad = 0x80, zero = 0, len[8];

	sha256_update(c, &pad, 1);
	while (c->used != 56)
		sha256_update(c, &zero, 1);
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(c, len, 8);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void
sha256(const void *data, size_t n, unsigned char out[32])
{
	sha256_ctx c;

	sha256_init(&c);
	sha256_update(&c, data, n);
	sha256_final(&c, out);
}

/* HMAC as in RFC 2104, with a 64-byte block. */
void
hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[32])
{
	unsigned char k[64], pad[64], inner[32];
	sha256_ctx c;

	memset(k, 0, sizeof(k));
	if (klen > sizeof(k))
		sha256(key, klen, k);
	else if (klen > 0)
		memcpy(k, key, klen);

	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	sha256_init(&c);
	sha256_update(&c, pad, 64);
	sha256_update(&c, msg, mlen);
	sha256_final(&c, inner);

	for (int i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	sha256_init(&c);
	sha256_update(&c, pad, 64);
	sha256_update(&c, inner, 32);
	sha256_final(&c, out);
}

int
contacts_key(const char *dbpath, token_key *k, diag *d)
{
	store *db;
	store_stmt *st = NULL;
	const char *hex;
	int rc = -1, len = 0;

	if ((db = store_open(dbpath, DB_READ, d)) == NULL)
		goto out;
	if ((st = store_prepare(db, "SELECT value FROM tayori_meta "
	    "WHERE key = 'token_key'", NULL)) == NULL) {
		diag_at(d, D_DB, dbpath, 0, 0, "no token key (not a tayori "
		    "database? run 'tayori db init')");
		goto out;
	}
	if (store_step(st) != 1 || (hex = store_text(st, 0, &len)) == NULL ||
	    len != 64) {
		diag_at(d, D_DB, dbpath, 0, 0, "the token key is missing or "
		    "is not 64 hexadecimal digits");
		goto out;
	}
	for (int i = 0; i < 32; i++) {
		int hi = hex_value((unsigned char)hex[2 * i]);
		int lo = hex_value((unsigned char)hex[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			diag_at(d, D_DB, dbpath, 0, 0, "the token key is "
			    "missing or is not 64 hexadecimal digits");
			goto out;
		}
		k->key[i] = (unsigned char)(hi << 4 | lo);
	}
	rc = 0;
out:
	store_finalize(st);
	store_close(db);
	return rc;
}

void
contacts_token(const token_key *k, const char *campaign, long long customer,
    char out[17])
{
	static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
	unsigned char mac[32];
	buf msg = BUF_INIT;
	unsigned acc = 0;
	int nbits = 0, j = 0;

	buf_printf(&msg, "%s\n%lld", campaign, customer);
	hmac_sha256(k->key, sizeof(k->key), buf_str(&msg), msg.len, mac);
	buf_free(&msg);

	/* The first 80 bits, five at a time, most significant first. */
	for (int i = 0; i < 10; i++) {
		acc = (acc << 8 | mac[i]) & 0xFFF;
		nbits += 8;
		while (nbits >= 5) {
			nbits -= 5;
			out[j++] = alphabet[(acc >> nbits) & 31];
		}
	}
	out[16] = '\0';
}

struct contact_log {
	store *db;
	char *dbpath;
	char *campaign;
	int shard, nshards;	/* this run's part of the campaign; 0: all of it */
	int lockfd;
	int described;
	campaign_info info;	/* strings owned */
};

/* What a hold is on: the campaign, or one shard of it ("CAMPAIGN\nK/N"). */
static void
hold_name(const contact_log *l, int shard, buf *b)
{
	buf_puts(b, l->campaign);
	if (shard)
		buf_printf(b, "\n%d/%d", l->shard, l->nshards);
}

/* Where a hold lies in a SQLite file: 2^62 + 32 bits of its hash, far above SQLite's locks at 1 GiB. */
static off_t
hold_offset(const char *name)
{
	unsigned char h[32];

	sha256(name, strlen(name), h);
	return ((off_t)1 << 62) + (off_t)((uint32_t)h[0] << 24 | (uint32_t)h[1] << 16 |
	    (uint32_t)h[2] << 8 | h[3]);
}

/* One byte-range lock on the SQLite file: F_RDLCK (shared) or F_WRLCK. 0, or -1 with errno. */
static int
hold_byte(contact_log *l, int shard, short type)
{
	struct flock fl;
	buf name = BUF_INIT;
	int rc;

	hold_name(l, shard, &name);
	memset(&fl, 0, sizeof(fl));
	fl.l_type = type;
	fl.l_whence = SEEK_SET;
	fl.l_start = hold_offset(buf_str(&name));
	fl.l_len = 1;
	rc = fcntl(l->lockfd, F_OFD_SETLK, &fl);
	buf_free(&name);
	return rc;
}

/* A PostgreSQL advisory lock, session-long: 1 taken, 0 held by another session, -1 an error. */
static int
hold_advisory(contact_log *l, int shard, int shared)
{
	unsigned char h[32];
	long long key = 0;
	buf name = BUF_INIT;
	store_stmt *st;
	int rc = -1;

	buf_printf(&name, "tayori hold\n%s\n", store_schema(l->db) ?
	    store_schema(l->db) : "");
	hold_name(l, shard, &name);
	sha256(buf_str(&name), name.len, h);
	for (int i = 0; i < 8; i++)
		key = (long long)((unsigned long long)key << 8 | h[i]);
	if ((st = store_prepare(l->db, shared ?
	    "SELECT pg_try_advisory_lock_shared(?1)::integer" :
	    "SELECT pg_try_advisory_lock(?1)::integer", NULL)) != NULL) {
		store_bind_int64(st, 1, key);
		if (store_step(st) == 1)
			rc = (int)store_int64(st, 0);
	}
	store_finalize(st);
	buf_free(&name);
	return rc;
}

/*
 * Hold the campaign: a whole build alone, or each shard alone beside the
 * campaign's other shards (they share the campaign's hold).
 */
static int
hold_campaign(contact_log *l, diag *d)
{
	buf msg = BUF_INIT;
	int taken;

	if (store_kind(l->db) == STORE_PG) {
		taken = hold_advisory(l, 0, l->shard != 0);
		if (taken == 1 && l->shard)
			taken = hold_advisory(l, 1, 0);
		if (taken == 1)
			return 0;
		if (taken == -1) {
			buf_printf(&msg, "cannot hold campaign '%s' (%s)", l->campaign,
			    store_errmsg(l->db));
			goto fail;
		}
		errno = EAGAIN;
	} else if ((l->lockfd = open(l->dbpath, O_RDWR | O_CLOEXEC)) < 0) {
		buf_printf(&msg, "cannot be written (%s): the contacts of "
		    "this run could not be recorded, so nothing is made",
		    strerror(errno));
		goto fail;
	} else if (hold_byte(l, 0, l->shard ? F_RDLCK : F_WRLCK) == 0 &&
	    (!l->shard || hold_byte(l, 1, F_WRLCK) == 0))
		return 0;
	if (errno == EAGAIN || errno == EACCES) {
		buf_printf(&msg, "campaign '%s' ", l->campaign);
		if (l->shard)
			buf_printf(&msg, "(shard %d/%d) ", l->shard, l->nshards);
		buf_puts(&msg, "is being built by another tayori run on this "
		    "database: wait until it is done (it records who it mailed; "
		    "this run would mail them again)");
	} else
		buf_printf(&msg, "cannot hold campaign '%s' (%s)", l->campaign,
		    strerror(errno));
fail:
	diag_at(d, D_DB, l->dbpath, 0, 0, buf_str(&msg));
	buf_free(&msg);
	return -1;
}

/* SQLite: take the write lock and give it back: another writer, a read-only file or directory shows now. */
static int
writable_sqlite(contact_log *l, diag *d)
{
	sqlite3 *db = store_sqlite(l->db);
	buf msg = BUF_INIT;
	int rc;

	if (sqlite3_db_readonly(db, "main") == 1) {
		diag_at(d, D_DB, l->dbpath, 0, 0, "is read-only: the contacts of "
		    "this run could not be recorded, so nothing is made");
		return -1;
	}
	rc = sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		return 0;
	if (rc == SQLITE_BUSY)
		buf_printf(&msg, "locked by another writer for more than %d "
		    "seconds (%s): nothing is made; run again when it is done",
		    DB_BUSY_MS / 1000, sqlite3_errmsg(db));
	else
		buf_printf(&msg, "cannot be written (%s): the contacts of this "
		    "run could not be recorded, so nothing is made",
		    sqlite3_errmsg(db));
	diag_at(d, D_DB, l->dbpath, 0, 0, buf_str(&msg));
	buf_free(&msg);
	return -1;
}

/* PostgreSQL: a primary server (not a standby) on which this user may insert contacts. */
static int
writable(contact_log *l, diag *d)
{
	store_stmt *st;
	int ok = 0;

	if (store_kind(l->db) == STORE_SQLITE)
		return writable_sqlite(l, d);
	if ((st = store_prepare(l->db, "SELECT (NOT pg_is_in_recovery() AND "
	    "has_table_privilege('contacts', 'INSERT'))::integer", NULL)) != NULL &&
	    store_step(st) == 1)
		ok = store_int64(st, 0) == 1;
	else
		ok = -1;
	if (ok != 1)
		diag_at(d, D_DB, l->dbpath, 0, 0, ok == 0 ? "cannot be written "
		    "(a standby, or no INSERT on contacts): the contacts of this "
		    "run could not be recorded, so nothing is made" :
		    store_errmsg(l->db));
	store_finalize(st);
	return ok == 1 ? 0 : -1;
}

static contact_log *
log_open(const char *dbpath, const char *campaign, int hold, int shard,
    int nshards, diag *d)
{
	contact_log *l = mem_calloc(1, sizeof(*l));

	l->lockfd = -1;
	l->dbpath = mem_strdup(dbpath);
	l->campaign = mem_strdup(campaign);
	l->shard = shard;
	l->nshards = nshards;
	if ((l->db = store_open(dbpath, DB_WRITE, d)) == NULL)
		goto fail;
	mem_free(l->dbpath);
	l->dbpath = mem_strdup(store_name(l->db));
	if ((hold && hold_campaign(l, d) != 0) || writable(l, d) != 0)
		goto fail;
	return l;
fail:
	contacts_close(l);
	return NULL;
}

contact_log *
contacts_open(const char *dbpath, const char *campaign, diag *d)
{
	return log_open(dbpath, campaign, 1, 0, 0, d);
}

contact_log *
contacts_open_shard(const char *dbpath, const char *campaign, int shard,
    int nshards, diag *d)
{
	return log_open(dbpath, campaign, 1, shard, nshards, d);
}

void
contacts_close(contact_log *l)
{
	if (l == NULL)
		return;
	mem_free((char *)l->info.title);
	mem_free((char *)l->info.segment);
	mem_free((char *)l->info.content);
	/*
	 * A closed connection's advisory locks go when its server process
	 * notices, after PQfinish returns: give them back first, so a run
	 * that starts right after this one is not refused.
	 */
	if (l->db != NULL && store_kind(l->db) == STORE_PG)
		store_run(l->db, "SELECT pg_advisory_unlock_all()");
	store_close(l->db);
	if (l->lockfd >= 0)
		close(l->lockfd);
	mem_free(l->dbpath);
	mem_free(l->campaign);
	mem_free(l);
}

void
contacts_describe(contact_log *l, const campaign_info *info)
{
	mem_free((char *)l->info.title);
	mem_free((char *)l->info.segment);
	mem_free((char *)l->info.content);
	l->info = *info;
	l->info.title = info->title ? mem_strdup(info->title) : NULL;
	l->info.segment = info->segment ? mem_strdup(info->segment) : NULL;
	l->info.content = info->content ? mem_strdup(info->content) : NULL;
	l->described = 1;
}

double
contacts_draw(const token_key *k, const char *campaign, long long customer)
{
	unsigned char mac[32];
	buf msg = BUF_INIT;
	unsigned long long v = 0;

	buf_printf(&msg, "holdout\n%s\n%lld", campaign, customer);
	hmac_sha256(k->key, sizeof(k->key), buf_str(&msg), msg.len, mac);
	buf_free(&msg);
	for (int i = 0; i < 7; i++)	/* 56 bits: exact in a double */
		v = v << 8 | mac[i];
	return (double)v / 72057594037927936.0;	/* 2^56 */
}

/* The campaign as the build described it: first_built kept, the rest the latest. */
static int
record_campaign(contact_log *l, const char *channel, const char *today)
{
	static const char sql[] =
	    "INSERT INTO campaigns(name, title, channel, segment, content, "
	    "first_built, last_built, cost_per_piece, window_days, holdout) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, coalesce(?8, 30), ?9) "
	    "ON CONFLICT (name) DO UPDATE SET title = excluded.title, "
	    "channel = excluded.channel, segment = excluded.segment, "
	    "content = excluded.content, last_built = excluded.last_built, "
	    "cost_per_piece = excluded.cost_per_piece, "
	    "window_days = excluded.window_days, holdout = excluded.holdout";
	store_stmt *st;
	char day[11] = "";
	int rc;

	if (!l->described)
		return 0;
	if ((st = store_prepare(l->db, sql, NULL)) == NULL)
		return -1;
	if (today != NULL)
		snprintf(day, sizeof(day), "%s", today);
	store_bind_text(st, 1, l->campaign);
	store_bind_text(st, 2, l->info.title);
	store_bind_text(st, 3, channel);
	store_bind_text(st, 4, l->info.segment);
	store_bind_text(st, 5, l->info.content);
	store_bind_text(st, 6, today ? day : NULL);
	if (l->info.cost_per_piece >= 0)
		store_bind_double(st, 7, l->info.cost_per_piece);
	else
		store_bind_null(st, 7);
	if (l->info.window_days > 0)
		store_bind_int64(st, 8, l->info.window_days);
	else
		store_bind_null(st, 8);
	store_bind_double(st, 9, l->info.holdout);
	rc = store_step(st);
	store_finalize(st);
	return rc == 0 ? 0 : -1;
}

/* Why the contacts could not be recorded, and for which customer (0: none). */
static void
commit_error(contact_log *l, long long customer, const char *why, diag *d)
{
	buf msg = BUF_INIT;

	buf_puts(&msg, "the contacts could not be recorded (");
	if (customer)
		buf_printf(&msg, "customer %lld: ", customer);
	buf_printf(&msg, "%s)", why);
	diag_at(d, D_DB, l->dbpath, 0, 0, buf_str(&msg));
	buf_free(&msg);
}

int
contacts_commit_from(contact_log *l, const char *channel, const char *sent_at,
    int resend, contacts_next_fn next, void *ctx, diag *d)
{
	/* sent_at NULL: now, in UTC, as each database writes it */
	static const char *const now[] = {
		"strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
		"to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
	};
	int pg = store_kind(l->db) == STORE_PG;
	buf insert = BUF_INIT;
	store_stmt *st = NULL;
	contact_row r;
	int in_tx = 0, rc = -1, got;

	buf_printf(&insert, "INSERT INTO contacts(customer_id, campaign, channel, "
	    "sent_at, token, copy, ref, file, touch, held_out) VALUES (?1, ?2, ?3, "
	    "coalesce(?4, %s), ?5, ?6, ?7, ?8, "
	    "CASE WHEN ?9 = 1 THEN (SELECT coalesce(max(touch), 0) + 1 FROM contacts "
	    "WHERE campaign = ?2 AND customer_id = ?1 AND "
	    "coalesce(ref, '') = coalesce(?7, '')) ELSE 1 END, ?10)", now[pg]);
	if (store_run(l->db, pg ? "BEGIN" : "BEGIN IMMEDIATE") != 0) {
		commit_error(l, 0, store_errmsg(l->db), d);
		goto out;
	}
	in_tx = 1;
	if ((st = store_prepare(l->db, buf_str(&insert), NULL)) == NULL) {
		commit_error(l, 0, store_errmsg(l->db), d);
		goto out;
	}
	store_bind_text(st, 2, l->campaign);
	store_bind_text(st, 3, channel);
	store_bind_text(st, 4, sent_at);
	store_bind_int64(st, 9, resend != 0);
	while ((got = next(ctx, &r)) == 1) {
		store_bind_int64(st, 1, r.customer);
		store_bind_text(st, 5, r.token);
		store_bind_int64(st, 6, r.copy);
		store_bind_text(st, 7, r.ref);
		store_bind_text(st, 8, r.file);
		store_bind_int64(st, 10, r.held_out != 0);
		if (store_step(st) != 0) {
			commit_error(l, r.customer, store_err(l->db) ==
			    STORE_UNIQUE ? "already recorded for this campaign "
			    "and ref; --resend records a second touch" :
			    store_errmsg(l->db), d);
			goto out;
		}
		store_reset(st);
	}
	if (got < 0)
		goto out;
	store_finalize(st);
	st = NULL;
	if (record_campaign(l, channel, sent_at) != 0) {
		commit_error(l, 0, store_errmsg(l->db), d);
		goto out;
	}
	if (store_run(l->db, "COMMIT") != 0) {
		commit_error(l, 0, store_errmsg(l->db), d);
		goto out;
	}
	in_tx = 0;
	rc = 0;
out:
	store_finalize(st);
	buf_free(&insert);
	if (in_tx)
		store_run(l->db, "ROLLBACK");
	return rc;
}

struct array_rows {
	const contact_row *rows;
	int n, at;
};

static int
array_next(void *ctx, contact_row *r)
{
	struct array_rows *a = ctx;

	if (a->at == a->n)
		return 0;
	*r = a->rows[a->at++];
	return 1;
}

int
contacts_commit(contact_log *l, const char *channel, const char *sent_at,
    int resend, const contact_row *rows, int n, diag *d)
{
	struct array_rows a = {rows, n, 0};

	return contacts_commit_from(l, channel, sent_at, resend, array_next, &a, d);
}

int
contacts_record(const char *dbpath, const char *campaign, const char *channel,
    const char *sent_at, int resend, const contact_row *rows, int n, diag *d)
{
	contact_log *l = log_open(dbpath, campaign, 0, 0, 0, d);
	int rc;

	if (l == NULL)
		return -1;
	rc = contacts_commit(l, channel, sent_at, resend, rows, n, d);
	contacts_close(l);
	return rc;
}
