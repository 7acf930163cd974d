/* Small helpers for files inside a case directory.
 *
 * lt_case_write_atomic writes a whole file through a temporary name and
 * rename(2), so a reader never sees half a file. lt_case_json_load/save read
 * and write a JSON document (jansson) the same way, keys sorted, so that the
 * export and verify code can add its own sections to CASE/manifest.json
 * without knowing the rest of it.
 *
 * Ownership: lt_case_json_load returns a new reference (json_decref it);
 * lt_case_path returns a string the caller frees.
 */
#ifndef LT_CASEFILE_H
#define LT_CASEFILE_H
#include <jansson.h>
#include <stddef.h>

/* "CASE/name" (the caller frees). */
char *lt_case_path(const char *case_dir, const char *name);
/* 0 or -1 with errno set. */
int lt_case_write_atomic(const char *path, const void *data, size_t n);
/* The document, an empty object when the file does not exist, or NULL on a
 * parse error (err gets the reason). */
json_t *lt_case_json_load(const char *path, char *err, size_t errlen);
/* Pretty-printed (2 spaces), keys in the order they were added (the
 * manifest's layout stays stable across load-modify-save), trailing newline. 0 or -1. */
int lt_case_json_save(const char *path, const json_t *doc);

/* {"file": rel, "sha256": ...} for CASE/rel, or JSON null when it cannot be
 * read: how the manifest names a case file it vouches for. New reference. */
json_t *lt_case_file_entry(const char *case_dir, const char *rel);

#endif
