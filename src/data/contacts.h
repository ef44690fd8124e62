/* contacts: tracking tokens and the contact log, written once a volume is safely on disk. */
#ifndef TAYORI_CONTACTS_H
#define TAYORI_CONTACTS_H

#include <stddef.h>

#include "util/diag.h"

/* The database's token key (tayori_meta 'token_key'), read once per job. */
typedef struct token_key {
	unsigned char key[32];
} token_key;

int contacts_key(const char *dbpath, token_key *k, diag *d);

/*
 * The token for a customer and campaign: HMAC-SHA-256(key, campaign "\n"
 * customer id), the first 80 bits in lower-case base32: 16 characters,
 * reproducible and unguessable without the key. out holds 17 bytes.
 */
void contacts_token(const token_key *k, const char *campaign, long long customer,
    char out[17]);

/* One copy to record: the contacts row of its customer. */
typedef struct contact_row {
	long long customer;
	int copy;
	int volume;		/* the caller's: the volume the copy is in */
	char token[17];
	char *ref;		/* what it is about (a purchase id), or NULL; the caller's */
	const char *file;	/* the file it is in, or NULL; lent */
	int held_out;		/* set aside as the control group: not mailed */
} contact_row;

/*
 * The draw that sets a customer aside for a campaign's control group: a
 * number in [0, 1) from HMAC-SHA-256(key, "holdout\n" campaign "\n"
 * customer), so a re-run of the campaign draws the same customers and
 * nobody can predict it without the database's key. A customer is held
 * out when it is below the share.
 */
double contacts_draw(const token_key *k, const char *campaign, long long customer);

/*
 * The contact log of one campaign, held from before the first copy is
 * made until its contacts are recorded: contacts_open checks the database
 * can be written now (a write lock taken and given back, waiting up to
 * DB_BUSY_MS for another writer) and holds the campaign, so another
 * run of the same campaign on this database fails at once rather than
 * record the same customers. Take it before the segment is read: who is
 * already recorded for the campaign then stays true until the commit. The hold is an open-file-description lock on
 * a byte range of the database file far above anything SQLite locks, so
 * it needs no other file and ends with the process, however it ends.
 * NULL with a diagnostic naming the database and why.
 */
typedef struct contact_log contact_log;

contact_log *contacts_open(const char *dbpath, const char *campaign, diag *d);

/*
 * The hold of shard K of N (1 <= K <= N) of a campaign: shards of one
 * campaign run side by side, each alone, and none beside a whole build
 * of it. dbpath is a SQLite file or a PostgreSQL URL (advisory locks,
 * held by the log's session, so they too end with the process).
 */
contact_log *contacts_open_shard(const char *dbpath, const char *campaign,
    int shard, int nshards, diag *d);

/*
 * Where contacts_commit_from takes its rows, one at a time: 1 with *r
 * filled (its strings lent until the next call), 0 when there are no
 * more, -1 when the rest cannot be had (the source reported why).
 */
typedef int (*contacts_next_fn)(void *ctx, contact_row *r);

/*
 * Record the rows next gives (see contacts_record) in one transaction: all
 * of them or, when one fails or next does, none. 0 or -1 with a
 * diagnostic naming the database (or the source's own).
 */
int contacts_commit_from(contact_log *l, const char *channel,
    const char *sent_at, int resend, contacts_next_fn next, void *ctx, diag *d);

/* The same for the n rows of an array. */
int contacts_commit(contact_log *l, const char *channel, const char *sent_at,
    int resend, const contact_row *rows, int n, diag *d);

void contacts_close(contact_log *l);

/* What a build knew of its campaign, recorded in campaigns with its contacts (strings lent; NULL: not known). */
typedef struct campaign_info {
	const char *title, *segment, *content;
	double cost_per_piece;	/* < 0: not given */
	int window_days;	/* 0: the default (30) */
	double holdout;		/* the share set aside */
} campaign_info;

/* Record info in campaigns at the next contacts_commit, in its transaction. */
void contacts_describe(contact_log *l, const campaign_info *info);

/*
 * Record one row per copy in contacts (campaign, channel, ref, touch,
 * sent_at (NULL: now, UTC), token, copy, file) in one transaction. Touch
 * is 1: a customer already recorded for the campaign and ref is an error
 * (the database refuses it) and nothing is written. With resend, touch
 * is one more than the customer's last for the campaign and ref: an
 * explicit second (third …) touch. 0 or -1 with a diagnostic (nothing
 * written).
 */
int contacts_record(const char *dbpath, const char *campaign, const char *channel,
    const char *sent_at, int resend, const contact_row *rows, int n, diag *d);

/* SHA-256 and HMAC-SHA-256, exposed for tests. */
void sha256(const void *data, size_t n, unsigned char out[32]);
void hmac_sha256(const void *key, size_t klen, const void *msg, size_t mlen,
    unsigned char out[32]);

#endif
