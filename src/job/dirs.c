/* dirs: where tayori looks for layouts, fonts and segments, and the layout catalogue. */
#include "job/job.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "layout/layout.h"
#include "util/buf.h"
#include "util/mem.h"
#include "util/path.h"

#define MAX_DIRS 5

static void
add_dir(char **dirs, int *n, const char *path)
{
	char real[PATH_MAX];

	if (*n == MAX_DIRS || realpath(path, real) == NULL)
		return;
	for (int i = 0; i < *n; i++)
		if (strcmp(dirs[i], real) == 0)
			return;
	dirs[(*n)++] = mem_strdup(real);
	dirs[*n] = NULL;
}

void
job_dirs(const char *content, char **dirs)
{
	int n = 0;

	dirs[0] = NULL;
	if (content) {
		char *dir = path_dir(content);
		buf parent = BUF_INIT;

		add_dir(dirs, &n, dir);
		buf_printf(&parent, "%s/..", dir);
		add_dir(dirs, &n, buf_str(&parent));
		buf_free(&parent);
		mem_free(dir);
	} else
		add_dir(dirs, &n, ".");
	add_dir(dirs, &n, TAYORI_SOURCE_DIR);
	add_dir(dirs, &n, TAYORI_DATA_DIR);
}

void
job_dirs_free(char **dirs)
{
	for (int i = 0; dirs[i]; i++)
		mem_free(dirs[i]);
	dirs[0] = NULL;
}

void
job_font_dirs(char *const *dirs, buf *bufs, const char **out)
{
	int k;

	for (k = 0; dirs[k]; k++) {
		bufs[k] = (buf)BUF_INIT;
		buf_printf(&bufs[k], "%s/fonts", dirs[k]);
		out[k] = buf_str(&bufs[k]);
	}
	out[k] = NULL;
}

static int
is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *
job_find_layout(const char *spec, char *const *dirs, diag *d)
{
	buf path = BUF_INIT, looked = BUF_INIT;
	size_t n = strlen(spec);

	if (strchr(spec, '/') || (n > 4 && strcmp(spec + n - 4, ".yml") == 0)) {
		/* one that is there but not a file is refused when it is read, by name */
		if (access(spec, F_OK) == 0)
			return mem_strdup(spec);
		diag_plain(d, D_LAYOUT_NOT_FOUND, spec, "the given path");
		return NULL;
	}
	for (int i = 0; dirs[i]; i++) {
		buf_clear(&path);
		buf_printf(&path, "%s/layouts/%s.yml", dirs[i], spec);
		if (is_file(buf_str(&path))) {
			buf_free(&looked);
			return buf_detach(&path);
		}
		buf_printf(&looked, "%s%s/layouts", i ? ", " : "", dirs[i]);
	}
	diag_plain(d, D_LAYOUT_NOT_FOUND, spec, buf_str(&looked));
	buf_free(&path);
	buf_free(&looked);
	return NULL;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
job_list_layouts(char *const *dirs, diag *d)
{
	char **names = NULL;
	int n = 0;

	for (int i = 0; dirs[i]; i++) {
		buf ld = BUF_INIT;
		DIR *dp;
		struct dirent *de;

		buf_printf(&ld, "%s/layouts", dirs[i]);
		if ((dp = opendir(buf_str(&ld))) == NULL) {
			buf_free(&ld);
			continue;
		}
		while ((de = readdir(dp)) != NULL) {
			size_t len = strlen(de->d_name);
			int seen = 0;

			if (len < 5 || strcmp(de->d_name + len - 4, ".yml") != 0)
				continue;
			for (int k = 0; k < n; k++)
				if (strncmp(names[k], de->d_name, len - 4) == 0 &&
				    names[k][len - 4] == '\0')
					seen = 1;
			if (seen)
				continue;
			names = mem_realloc(names, (size_t)(n + 1) * sizeof(*names));
			names[n++] = mem_strndup(de->d_name, len - 4);
		}
		closedir(dp);
		buf_free(&ld);
	}
	qsort(names, (size_t)n, sizeof(*names), cmp_str);
	for (int i = 0; i < n; i++) {
		char *path = job_find_layout(names[i], dirs, d);
		const char *fontdirs[MAX_DIRS + 1];
		buf fd[MAX_DIRS];
		const lay_sheet *sh;
		layout *l;
		int k;

		job_font_dirs(dirs, fd, fontdirs);
		l = path ? layout_load(path, fontdirs, d) : NULL;
		if (l) {
			printf("%-22s %-10s %5.1f x %5.1f mm", names[i],
			    layout_kind(l), layout_width(l) * 25.4 / 72,
			    layout_height(l) * 25.4 / 72);
			if ((sh = layout_sheet(l)) != NULL)
				printf("  %d labels of %.1f x %.1f mm (%d x %d)",
				    sh->columns * sh->rows, sh->label_w * 25.4 / 72,
				    sh->label_h * 25.4 / 72, sh->columns, sh->rows);
			printf("  %s\n", layout_description(l));
			layout_free(l);
		}
		for (k = 0; dirs[k]; k++)
			buf_free(&fd[k]);
		mem_free(path);
		mem_free(names[i]);
	}
	mem_free(names);
	return diag_failed(d) ? -1 : 0;
}
