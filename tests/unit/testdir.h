/* testdir: how many files a test's directory holds, to see that nothing was left behind. */
#ifndef TAYORI_TESTDIR_H
#define TAYORI_TESTDIR_H

#include <dirent.h>
#include <string.h>

/* The entries of dir but . and ..; -1 when it cannot be read. */
static int
count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

#endif
