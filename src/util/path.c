/* path: the directory part and the stem of a file path. */
#include "util/path.h"

#include <string.h>

#include "util/mem.h"

char *
path_dir(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return mem_strdup(".");
	if (slash == path)
		return mem_strdup("/");
	return mem_strndup(path, (size_t)(slash - path));
}

char *
path_stem(const char *path)
{
	const char *b = strrchr(path, '/'), *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return mem_strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}
