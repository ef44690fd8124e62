/* file: a whole file read into memory (regular files only, within a limit), or written out. */
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int
file_read(const char *path, size_t max, int flags, buf *b, diag *d)
{
	char chunk[65536];
	struct stat sb;
	ssize_t n;
	size_t start = b->len;
	int fd, rc = FILE_ERROR;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0) {
		if (errno == ENOENT && (flags & FILE_MAY_BE_MISSING))
			return FILE_MISSING;
		diag_at(d, D_IO, path, 0, 0, "cannot open", strerror(errno));
		return FILE_ERROR;
	}
	if (fstat(fd, &sb) != 0) {
		diag_at(d, D_IO, path, 0, 0, "cannot read", strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode)) {
		diag_at(d, D_IO, path, 0, 0, "cannot read", S_ISDIR(sb.st_mode) ?
		    "a directory, not a file" : "not a regular file");
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			diag_at(d, D_IO, path, 0, 0, "cannot read", strerror(errno));
			goto out;
		}
		if (max > 0 && b->len - start + (size_t)n > max) {
			rc = FILE_TOO_LARGE;
			goto out;
		}
		buf_put(b, chunk, (size_t)n);
	}
	rc = FILE_OK;
out:
	close(fd);
	return rc;
}

int
file_write_all(int fd, const void *data, size_t n)
{
	const char *p = data;

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
