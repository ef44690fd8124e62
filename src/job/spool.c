/* spool: a build's contact rows kept on disk, not in memory, until they are recorded. */
#define _GNU_SOURCE	/* O_TMPFILE */
#include "job/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/file.h"
#include "util/mem.h"

/* Written out, and read back, this much at a time: memory stays the same at any number of rows. */
#define SPOOL_CHUNK	(64 * 1024)

/*
 * A row on disk: customer (8 bytes), copy and volume (4 each), token
 * (16), held_out (1), the ref's length + 1 (4; 0: no ref), then the ref.
 * In this machine's byte order: the file never leaves the process.
 */
#define ROW_HEAD	37

struct spool {
	int fd;
	char *what;	/* how diagnostics name the file */
	diag *d;
	buf out;	/* rows put, not yet written */
	int err;	/* the first write error, 0: none */
	char *in;	/* rows read back: in[at..len) not yet returned */
	size_t at, len, cap;
	buf ref;	/* the ref of the row last returned */
};

/* An unlinked file in dir: O_TMPFILE, or where the file system has none, a name removed at once. */
static int
open_unlinked(const char *dir)
{
	buf name = BUF_INIT;
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);

	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	buf_printf(&name, "%s/.tayori-contacts-XXXXXX", dir);
	if ((fd = mkostemp(name.p, O_CLOEXEC)) >= 0)
		unlink(name.p);
	buf_free(&name);
	return fd;
}

spool *
spool_new(const char *dir, diag *d)
{
	spool *s = mem_calloc(1, sizeof(*s));
	buf what = BUF_INIT;

	buf_printf(&what, "%s (a temporary file of this run's contacts)", dir);
	s->what = buf_detach(&what);
	s->d = d;
	if ((s->fd = open_unlinked(dir)) < 0) {
		diag_plain(d, D_IO, s->what, strerror(errno));
		spool_free(s);
		return NULL;
	}
	return s;
}

/* Write out the rows put so far. 0 or -1, reported once. */
static int
flush(spool *s)
{
	if (s->err == 0 && file_write_all(s->fd, s->out.p, s->out.len) != 0) {
		s->err = errno ? errno : EIO;
		diag_plain(s->d, D_IO, s->what, strerror(s->err));
	}
	buf_clear(&s->out);
	return s->err ? -1 : 0;
}

int
spool_put(spool *s, const contact_row *r)
{
	unsigned char head[ROW_HEAD];
	int32_t copy = r->copy, volume = r->volume;
	uint32_t reflen = r->ref ? (uint32_t)strlen(r->ref) + 1 : 0;

	if (s->err)
		return -1;
	memcpy(head, &r->customer, 8);
	memcpy(head + 8, &copy, 4);
	memcpy(head + 12, &volume, 4);
	memcpy(head + 16, r->token, 16);
	head[32] = r->held_out != 0;
	memcpy(head + 33, &reflen, 4);
	buf_put(&s->out, head, sizeof(head));
	if (reflen > 0)
		buf_put(&s->out, r->ref, reflen - 1);
	return s->out.len >= SPOOL_CHUNK ? flush(s) : 0;
}

int
spool_rewind(spool *s)
{
	if (flush(s) != 0)
		return -1;
	s->at = s->len = 0;
	if (lseek(s->fd, 0, SEEK_SET) < 0) {
		diag_plain(s->d, D_IO, s->what, strerror(errno));
		return -1;
	}
	return 0;
}

/* Have n bytes of the file at in + at: 1, 0 at the end of the file, -1 on an error (reported). */
static int
have(spool *s, size_t n)
{
	if (s->len - s->at >= n)
		return 1;
	if (s->at > 0) {
		memmove(s->in, s->in + s->at, s->len - s->at);
		s->len -= s->at;
		s->at = 0;
	}
	if (s->cap < n || s->cap < SPOOL_CHUNK) {
		s->cap = n > SPOOL_CHUNK ? n : SPOOL_CHUNK;
		s->in = mem_realloc(s->in, s->cap);
	}
	while (s->len < n) {
		ssize_t got = read(s->fd, s->in + s->len, s->cap - s->len);

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			diag_plain(s->d, D_IO, s->what, strerror(errno));
			return -1;
		}
		if (got == 0)
			return 0;
		s->len += (size_t)got;
	}
	return 1;
}

int
spool_next(void *ctx, contact_row *r)
{
	spool *s = ctx;
	const char *p;
	int32_t copy, volume;
	uint32_t reflen;
	int got;

	if ((got = have(s, ROW_HEAD)) != 1) {
		if (got == 0 && s->len > s->at)
			goto cut;
		return got;
	}
	p = s->in + s->at;
	memset(r, 0, sizeof(*r));
	memcpy(&r->customer, p, 8);
	memcpy(&copy, p + 8, 4);
	memcpy(&volume, p + 12, 4);
	r->copy = copy;
	r->volume = volume;
	memcpy(r->token, p + 16, 16);
	r->token[16] = '\0';
	r->held_out = p[32];
	memcpy(&reflen, p + 33, 4);
	if (reflen > 0 && (got = have(s, ROW_HEAD + reflen - 1)) != 1) {
		if (got == 0)
			goto cut;
		return -1;
	}
	s->at += ROW_HEAD;
	if (reflen > 0) {
		buf_clear(&s->ref);
		buf_put(&s->ref, s->in + s->at, reflen - 1);	/* "" stays "", not NULL */
		r->ref = s->ref.p;
		s->at += reflen - 1;
	}
	return 1;
cut:
	diag_plain(s->d, D_IO, s->what, "a row is cut short");
	return -1;
}

void
spool_free(spool *s)
{
	if (s == NULL)
		return;
	if (s->fd >= 0)
		close(s->fd);
	mem_free(s->what);
	buf_free(&s->out);
	buf_free(&s->ref);
	mem_free(s->in);
	mem_free(s);
}
