/* atomic: write a whole file or nothing: temporary file, fsync, rename. */
#include "output/atomic.h"

#include <sys/file.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output/cancel.h"
#include "util/buf.h"
#include "util/failpoint.h"
#include "util/file.h"
#include "util/mem.h"
#include "util/path.h"

/* Make the rename itself durable: fsync the directory that holds path. */
static int
sync_dir(const char *path)
{
	char *dir = path_dir(path);
	int fd, rc = -1;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY)) < 0)
		goto out;
	if (fsync(fd) < 0 && errno != EINVAL) {
		close(fd);
		goto out;
	}
	rc = close(fd);
out:
	mem_free(dir);
	return rc;
}

int
atomic_abandoned(const char *tmp, long pid)
{
	int fd, free_lock;

	if (pid == (long)getpid())
		return 0;
	if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
		return 1;
	/* its writer holds a lock until it exits: a killed one that is not yet reaped holds none */
	if ((fd = open(tmp, O_RDONLY | O_CLOEXEC)) < 0)
		return 0;
	free_lock = flock(fd, LOCK_EX | LOCK_NB) == 0;
	close(fd);
	return free_lock;
}

/* A run killed between open and rename leaves path.tmp-PID behind: remove those atomic_abandoned. */
static void
remove_stale(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t blen = strlen(base);
	char *dir = path_dir(path);
	DIR *dp;
	struct dirent *e;
	buf stale = BUF_INIT;

	if ((dp = opendir(dir)) == NULL)
		goto out;
	while ((e = readdir(dp)) != NULL) {
		const char *p = e->d_name;
		char *end;
		long pid;

		if (strncmp(p, base, blen) != 0 || strncmp(p + blen, ".tmp-", 5) != 0)
			continue;
		p += blen + 5;
		if (*p < '1' || *p > '9')
			continue;
		errno = 0;
		pid = strtol(p, &end, 10);
		if (*end != '\0' || errno != 0 || pid <= 0)
			continue;
		buf_clear(&stale);
		buf_printf(&stale, "%s/%s", dir, e->d_name);
		if (atomic_abandoned(buf_str(&stale), pid))
			unlink(buf_str(&stale));
	}
	closedir(dp);
out:
	buf_free(&stale);
	mem_free(dir);
}

struct atomic_file {
	char *path;
	buf tmp;
	int fd;
	int err;		/* the first write error, 0: none */
};

atomic_file *
atomic_open(const char *path, diag *d)
{
	atomic_file *af;
	struct stat sb;

	/* renaming over a device (-o /dev/full as root) would replace the device */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		diag_plain(d, D_IO, path, "not a regular file: it would be replaced");
		return NULL;
	}
	remove_stale(path);
	af = mem_calloc(1, sizeof(*af));
	af->path = mem_strdup(path);
	buf_printf(&af->tmp, "%s.tmp-%ld", path, (long)getpid());
	if ((af->fd = open(buf_str(&af->tmp), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC,
	    0666)) < 0 || flock(af->fd, LOCK_EX | LOCK_NB) != 0) {
		if (af->fd >= 0) {
			close(af->fd);
			unlink(buf_str(&af->tmp));
		}
		diag_plain(d, D_IO, path, strerror(errno));
		buf_free(&af->tmp);
		mem_free(af->path);
		mem_free(af);
		return NULL;
	}
	return af;
}

int
atomic_put(void *ctx, const void *data, size_t n)
{
	atomic_file *af = ctx;

	if (af->err == 0 && file_write_all(af->fd, data, n) < 0)
		af->err = errno ? errno : EIO;
	return af->err ? -1 : 0;
}

static void
free_file(atomic_file *af)
{
	buf_free(&af->tmp);
	mem_free(af->path);
	mem_free(af);
}

int
atomic_report(const atomic_file *af, diag *d)
{
	if (af == NULL || af->err == 0)
		return 0;
	diag_plain(d, D_IO, af->path, strerror(af->err));
	return 1;
}

void
atomic_forget(atomic_file *af)
{
	if (af == NULL)
		return;
	if (af->fd >= 0)
		close(af->fd);
	free_file(af);
}

void
atomic_abort(atomic_file *af)
{
	if (af == NULL)
		return;
	unlink(buf_str(&af->tmp));
	atomic_forget(af);
}

int
atomic_commit(atomic_file *af, diag *d)
{
	int err = af->err, fd = af->fd;

	af->fd = -1;
	if (err == 0 && fsync(fd) < 0)
		err = errno;
	if (close(fd) < 0 && err == 0)
		err = errno;
	if (err != 0)
		goto unlink;
	failpoint("tmp-written");
	if (cancel_requested()) {	/* the run reports it; no file of a stopped run */
		atomic_abort(af);
		return -1;
	}
	if (rename(buf_str(&af->tmp), af->path) < 0) {
		err = errno;
		goto unlink;
	}
	failpoint("renamed");
	/* after this the file is complete and in place; only its durability is in doubt */
	if (sync_dir(af->path) < 0) {
		diag_plain(d, D_IO, af->path, strerror(errno));
		free_file(af);
		return -1;
	}
	free_file(af);
	return 0;
unlink:
	diag_plain(d, D_IO, af->path, strerror(err));
	atomic_abort(af);
	return -1;
}

int
atomic_write(const char *path, const void *data, size_t n, diag *d)
{
	atomic_file *af = atomic_open(path, d);

	if (af == NULL)
		return -1;
	atomic_put(af, data, n);
	return atomic_commit(af, d);
}
