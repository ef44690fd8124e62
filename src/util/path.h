/* path: the directory part and the stem of a file path. */
#ifndef TAYORI_PATH_H
#define TAYORI_PATH_H

/* The directory path is in: ".", "/" or everything before the last '/'; mem_alloc'd. */
char *path_dir(const char *path);

/* The last component of path without its extension ("content/2026-12.md": "2026-12"); mem_alloc'd. */
char *path_stem(const char *path);

#endif
