/* CASE/manifest.json: the evidence manifest (doc/evidence.md).
 *
 * The manifest is one JSON object. ingest writes "format", "tool", "case",
 * "ingest" (one entry per ingest run: command line, options, time zone, run
 * start and end -- the only wall-clock times anywhere in leaktrail's output)
 * and "sources" (every input file with its hashes and status, and every
 * stream in it with its hashes, parser, encoding and counts). Other commands
 * add their own top-level sections through lt_manifest_section.
 *
 * Key order is stable: jansson keeps insertion order, sections are created
 * in a fixed order and a load-modify-save cycle keeps existing keys in place.
 * Saving replaces the file atomically (temporary file, fsync, rename).
 *
 * Ownership: lt_manifest_load and lt_manifest_new return a new reference the
 * caller releases with json_decref. Getters return borrowed references.
 */
#ifndef LT_MANIFEST_H
#define LT_MANIFEST_H
#include <jansson.h>
#include <stdint.h>

#include "util/jsontext.h"
#include "util/timeutil.h"

#define LT_MANIFEST_NAME "manifest.json"
#define LT_MANIFEST_FORMAT "leaktrail-manifest/1"

/* A fresh manifest: format and tool (name and version). */
json_t *lt_manifest_new(void);
/* Load CASE/manifest.json. NULL with *err set (caller frees) on failure;
 * errno is ENOENT when the file does not exist. */
json_t *lt_manifest_load(const char *case_dir, char **err);
/* Write CASE/manifest.json atomically. Returns 0, or -1 with errno set. */
int lt_manifest_save(const char *case_dir, const json_t *m);

/* The object m[name], created (empty, at the end) when absent. */
json_t *lt_manifest_section(json_t *m, const char *name);
/* The array m[name], created when absent. */
json_t *lt_manifest_array(json_t *m, const char *name);
/* The source with this id in m["sources"], or NULL. */
json_t *lt_manifest_source(const json_t *m, int64_t id);
/* Highest source id in the manifest (0 when none): appended runs go on from it. */
int64_t lt_manifest_max_source_id(const json_t *m);


#endif
