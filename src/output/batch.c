/* batch: the files one run writes under one name, owned from the first check to the contacts commit. */
#include "output/batch.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output/atomic.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/path.h"

#define MAX_PROTECTED 64

struct input {
	dev_t dev;
	ino_t ino;
	const char *what;
	char *path;
};

struct batch {
	char *out;		/* OUT.pdf as given (it may not end in .pdf) */
	const char *outbase;	/* its last component */
	char *stem;		/* OUT without ".pdf" */
	char *dir;		/* its directory */
	const char *base;	/* its last component, in stem */
	struct input in[MAX_PROTECTED];
	int nin;
	char **written;		/* files this process put in place */
	char **temps;		/* and their temporaries while written (output/atomic's NAME.tmp-PID) */
	int nwritten, cap;
	int prepared;		/* batch_prepare passed: the names are ours */
	int kept;
};

batch *
batch_new(const char *out)
{
	batch *b = mem_calloc(1, sizeof(*b));
	size_t n = strlen(out);
	const char *slash;

	b->out = mem_strdup(out);
	b->outbase = strrchr(b->out, '/') ? strrchr(b->out, '/') + 1 : b->out;
	b->stem = mem_strndup(out, n > 4 && strcmp(out + n - 4, ".pdf") == 0 ?
	    n - 4 : n);
	b->dir = path_dir(b->stem);
	slash = strrchr(b->stem, '/');
	b->base = slash ? slash + 1 : b->stem;
	return b;
}

void
batch_protect(batch *b, const char *path, const char *what)
{
	struct stat sb;

	if (path == NULL || b->nin == MAX_PROTECTED || stat(path, &sb) != 0)
		return;
	b->in[b->nin].dev = sb.st_dev;
	b->in[b->nin].ino = sb.st_ino;
	b->in[b->nin].what = what;
	b->in[b->nin].path = mem_strdup(path);
	b->nin++;
}

char *
batch_path(const batch *b, const char *suffix)
{
	buf p = BUF_INIT;

	buf_printf(&p, "%s%s", b->stem, suffix);
	return buf_detach(&p);
}

char *
batch_pdf_path(const batch *b, int volume)
{
	char suffix[32];

	if (volume <= 0)
		return mem_strdup(b->out);
	snprintf(suffix, sizeof(suffix), "-%03d.pdf", volume);
	return batch_path(b, suffix);
}

/* name (in the batch's directory) ends in p, a .tmp-PID ending of an abandoned temporary (or, with any, of any). */
static int
dead_temporary(const batch *b, const char *name, const char *p, int any)
{
	char *end;
	buf path = BUF_INIT;
	long pid;
	int dead;

	if (strncmp(p, ".tmp-", 5) != 0 || p[5] < '1' || p[5] > '9')
		return 0;
	errno = 0;
	pid = strtol(p + 5, &end, 10);
	if (*end != '\0' || errno != 0)
		return 0;
	if (any)
		return 1;
	buf_printf(&path, "%s/%s", b->dir, name);
	dead = atomic_abandoned(buf_str(&path), pid);
	buf_free(&path);
	return dead;
}

/*
 * Is name one of the batch's: BASE.pdf, BASE-NNN.pdf (three digits or
 * more), BASE.manifest.csv, or the temporary of one of them (of a process
 * that is gone, unless any)?
 */
static int
ours(const batch *b, const char *name, int any)
{
	size_t bl = strlen(b->base), k;
	const char *p;

	if (strncmp(name, b->outbase, strlen(b->outbase)) == 0 &&
	    (name[strlen(b->outbase)] == '\0' ||
	    dead_temporary(b, name, name + strlen(b->outbase), any)))
		return 1;
	if (strncmp(name, b->base, bl) != 0)
		return 0;
	p = name + bl;
	if (p[0] == '-') {
		k = strspn(p + 1, "0123456789");
		if (k < 3)
			return 0;
		p += 1 + k;
		if (strncmp(p, ".pdf", 4) != 0)
			return 0;
		p += 4;
	} else if (strncmp(p, ".pdf", 4) == 0)
		p += 4;
	else if (strncmp(p, ".manifest.csv", 13) == 0)
		p += 13;
	else
		return 0;
	return *p == '\0' || dead_temporary(b, name, p, any);
}

/* Call fn on every file of the batch in its directory; -1 when it cannot be read. */
static int
each_file(const batch *b, int any, int (*fn)(const batch *, const char *,
    void *), void *arg)
{
	DIR *dp = opendir(b->dir);
	struct dirent *e;
	buf path = BUF_INIT;
	int rc = 0;

	if (dp == NULL)
		return -1;
	while (rc == 0 && (e = readdir(dp)) != NULL) {
		if (!ours(b, e->d_name, any))
			continue;
		buf_clear(&path);
		buf_printf(&path, "%s/%s", b->dir, e->d_name);
		rc = fn(b, buf_str(&path), arg);
	}
	closedir(dp);
	buf_free(&path);
	return rc;
}

/* May path be replaced? Not when it is one of the inputs, or not a regular file (a device). */
static int
replaceable(const batch *b, const char *path, void *arg)
{
	diag *d = arg;
	struct stat sb;
	buf msg = BUF_INIT;

	if (stat(path, &sb) != 0)
		return 0;
	if (!S_ISREG(sb.st_mode)) {
		diag_plain(d, D_IO, path, "not a regular file: it would be replaced");
		return -1;
	}
	for (int i = 0; i < b->nin; i++) {
		if (b->in[i].dev != sb.st_dev || b->in[i].ino != sb.st_ino)
			continue;
		buf_printf(&msg, "the output would replace %s (%s): choose "
		    "another -o", b->in[i].what, b->in[i].path);
		diag_plain(d, D_IO, path, buf_str(&msg));
		buf_free(&msg);
		return -1;
	}
	return 0;
}

static int
remove_earlier(const batch *b, const char *path, void *arg)
{
	buf *names = arg;

	if (unlink(path) == 0)
		buf_printf(names, "%s%s", names->len ? ", " : "", path);
	return 0;
}

int
batch_prepare(batch *b, diag *d)
{
	struct stat sb;
	buf names = BUF_INIT;
	char *out = batch_pdf_path(b, 0);
	int rc = -1;

	if (stat(b->dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
		diag_plain(d, D_IO, b->dir, "the output directory does not exist");
		goto out;
	}
	if (access(b->dir, W_OK | X_OK) != 0) {
		diag_plain(d, D_IO, b->dir, "the output directory cannot be "
		    "written");
		goto out;
	}
	if (replaceable(b, out, d) != 0 || each_file(b, 1, replaceable, d) != 0)
		goto out;
	each_file(b, 0, remove_earlier, &names);
	if (names.len)
		diag_plain(d, D_REPLACED, buf_str(&names));
	b->prepared = 1;
	rc = 0;
out:
	mem_free(out);
	buf_free(&names);
	return rc;
}

/* What a run that dies of out-of-memory leaves: nothing of its own, written or being written (unlink allocates nothing). */
static void
remove_written(void *arg)
{
	batch *b = arg;

	for (int i = 0; i < b->nwritten; i++) {
		unlink(b->written[i]);
		unlink(b->temps[i]);
	}
}

/* List path first, with room kept: if memory runs out while it is written, it goes too. */
static void
list_written(batch *b, const char *path)
{
	buf tmp = BUF_INIT;

	if (b->nwritten == b->cap) {
		b->cap = b->cap ? 2 * b->cap : 8;
		b->written = mem_realloc(b->written, (size_t)b->cap *
		    sizeof(*b->written));
		b->temps = mem_realloc(b->temps, (size_t)b->cap * sizeof(*b->temps));
	}
	b->written[b->nwritten] = mem_strdup(path);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	b->temps[b->nwritten++] = buf_detach(&tmp);
	b->kept = 0;
	mem_on_failure(remove_written, b);
}

int
batch_write(batch *b, const char *path, const void *data, size_t n, diag *d)
{
	list_written(b, path);
	return atomic_write(path, data, n, d);
}

atomic_file *
batch_open(batch *b, const char *path, diag *d)
{
	list_written(b, path);
	return atomic_open(path, d);
}

void
batch_keep(batch *b)
{
	mem_on_failure(NULL, NULL);
	b->kept = 1;
}

static int
remove_file(const batch *b, const char *path, void *arg)
{
	unlink(path);
	return 0;
}

void
batch_remove(batch *b)
{
	mem_on_failure(NULL, NULL);
	remove_written(b);
	if (b->prepared)
		each_file(b, 0, remove_file, NULL);
}

void
batch_free(batch *b)
{
	if (b == NULL)
		return;
	if (!b->kept && (b->prepared || b->nwritten > 0))
		batch_remove(b);
	mem_on_failure(NULL, NULL);
	for (int i = 0; i < b->nwritten; i++) {
		mem_free(b->written[i]);
		mem_free(b->temps[i]);
	}
	mem_free(b->written);
	mem_free(b->temps);
	for (int i = 0; i < b->nin; i++)
		mem_free(b->in[i].path);
	mem_free(b->out);
	mem_free(b->stem);
	mem_free(b->dir);
	mem_free(b);
}
