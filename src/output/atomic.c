/* atomic: write a whole file or nothing: temporary file, fsync, rename. */
#include "output/atomic.h"

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
#include "util/mem.h"
#include "util/path.h"

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0) {
			errno = EIO;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

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

/*
 * A run killed between open and rename leaves path.tmp-PID behind: remove
 * those whose process is gone. A live PID (even another program's, after
 * PID reuse) keeps its file.
 */
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
		if (*end != '\0' || errno != 0 || pid <= 0 || pid == (long)getpid())
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		buf_clear(&stale);
		buf_printf(&stale, "%s/%s", dir, e->d_name);
		unlink(buf_str(&stale));
	}
	closedir(dp);
out:
	buf_free(&stale);
	mem_free(dir);
}

int
atomic_write(const char *path, const void *data, size_t n, diag *d)
{
	buf tmp = BUF_INIT;
	struct stat sb;
	int fd = -1, rc = -1, err = 0;

	/* renaming over a device (-o /dev/full as root) would replace the device */
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		diag_plain(d, D_IO, path, "not a regular file: it would be replaced");
		return -1;
	}
	remove_stale(path);
	buf_printf(&tmp, "%s.tmp-%ld", path, (long)getpid());
	if ((fd = open(buf_str(&tmp), O_CREAT | O_EXCL | O_WRONLY, 0666)) < 0) {
		err = errno;
		goto out;
	}
	if (write_all(fd, data, n) < 0 || fsync(fd) < 0) {
		err = errno;
		close(fd);
		fd = -1;
		goto unlink;
	}
	err = close(fd);
	fd = -1;
	if (err < 0) {
		err = errno;
		goto unlink;
	}
	failpoint("tmp-written");
	if (cancel_requested()) {	/* the run reports it; no file of a stopped run */
		unlink(buf_str(&tmp));
		buf_free(&tmp);
		return -1;
	}
	if (rename(buf_str(&tmp), path) < 0) {
		err = errno;
		goto unlink;
	}
	failpoint("renamed");
	if (sync_dir(path) < 0) {
		/* The file is complete and in place; only its durability is in doubt. */
		err = errno;
		goto out;
	}
	rc = 0;
	goto out;
unlink:
	unlink(buf_str(&tmp));
out:
	if (rc < 0)
		diag_plain(d, D_IO, path, strerror(err));
	buf_free(&tmp);
	return rc;
}
