/* path: the directory part of a file path. */
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
