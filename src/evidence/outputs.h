/* The manifest's "outputs" section: the SHA-256 of every file a command wrote
 * (timelines, reports, tables), so that verify can find any later change.
 *
 * CASE/manifest.json gains (keys sorted):
 *   "outputs": { "<path>": { "sha256": HEX, "size": N, "format": "csv",
 *       "lang": "ja", "entries": N, "chain_head": HEX, "pseudonymized": false,
 *       "redacted": false, "written_at": ISO, "written_by": [argv...] } }
 * <path> is relative to the case directory when the file is inside it, else
 * as given. "entries" and "chain_head" (the last entry's hash) are present
 * for hash-chained timelines only. Writing the same path again replaces its
 * entry. "written_at" is a run time: only the manifest carries run times.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_OUTPUTS_H
#define LT_OUTPUTS_H
#include <stddef.h>
#include <stdint.h>

struct lt_output_info {
	const char *path;
	const char *format;		/* "csv", "jsonl", "html", "redaction-table" */
	const char *lang;		/* NULL when not relevant */
	const char *sha256;
	uint64_t size;
	const char *chain_head;		/* NULL: not a chained timeline */
	size_t entries;
	int pseudonymized, redacted;
};

/* Add or replace one entry. 0, or -1 with err set. */
int lt_outputs_record(const char *case_dir, const struct lt_output_info *info, int argc, char *const *argv,
		      char *err, size_t errlen);
/* The key under which path is recorded (the caller frees). */
char *lt_outputs_key(const char *case_dir, const char *path);
/* The file a key names (the caller frees). */
char *lt_outputs_file(const char *case_dir, const char *key);

#endif
