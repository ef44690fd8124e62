/* path: the directory part of a file path. */
#ifndef TAYORI_PATH_H
#define TAYORI_PATH_H

/* The directory path is in: ".", "/" or everything before the last '/'; mem_alloc'd. */
char *path_dir(const char *path);

#endif
