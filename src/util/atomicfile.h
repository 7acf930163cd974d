/* Replace a file atomically: readers (and a run killed at any point) see the
 * old content or the new content, never a mix. Writes PATH.tmp.PID, fsyncs
 * it, renames it over PATH and fsyncs the directory.
 * Returns 0, or -1 with errno set (the temporary file is removed). */
#ifndef LT_ATOMICFILE_H
#define LT_ATOMICFILE_H
#include <stddef.h>

int lt_write_file_atomic(const char *path, const void *data, size_t len);

/* mkdir -p: create dir and its missing parents (mode 0777 less umask).
 * Returns 0, or -1 with errno set. Here because every writer of a case
 * needs it before its first atomic write. */
int lt_mkdir_p(const char *dir);

#endif
