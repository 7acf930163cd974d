/* One export of a case: load the findings, build the timeline, write it in
 * one format, record the output's hash in the manifest. Shared by
 * `leaktrail timeline` and `leaktrail run`.
 *
 * Default output names (inside CASE/exports/): timeline.csv, timeline.jsonl,
 * report.LANG.html; ".pseudo" and/or ".redacted" are put before the extension
 * for pseudonymised or aliased exports; the occurrence table of a redacted
 * export is written next to it as NAME.terms.csv.
 *
 * Ownership: the caller owns the options; the result holds copies.
 */
#ifndef LT_EXPORTER_H
#define LT_EXPORTER_H
#include <stddef.h>
#include <stdint.h>

#include "export/timeline.h"
#include "util/hash.h"

struct lt_export_opts {
	const char *case_dir;
	const char *format;		/* "csv", "jsonl", "html" */
	const char *out_path;		/* NULL: the default name; "-": stdout (not recorded) */
	const char *lang;		/* "ja" (default) or "en" */
	int bom;			/* CSV: UTF-8 BOM (default 1) */
	struct lt_tl_filter filter;	/* persons, rule, min_level (from/to: below) */
	const char *from_text, *to_text;	/* ISO 8601, read in the case's zone; a date alone
						 * as --to means to the end of that day */
	const char *pseudo_key;		/* --pseudonymize KEYFILE */
	const char *redact_file;	/* --redact FILE */
	const char *context_file;	/* for charts and pseudonyms; NULL: from the manifest if recorded */
	const char *examiner, *case_id;	/* override the manifest's */
	const char *tz_name;		/* override the manifest's zone */
	int argc;
	char *const *argv;
};

struct lt_export_result {
	char *path;			/* what was written (NULL for stdout) */
	char sha256[LT_SHA256_HEX];
	uint64_t size;
	size_t entries, findings;
	char *table_path;		/* redaction table, or NULL */
	char table_sha256[LT_SHA256_HEX];
};

void lt_export_opts_init(struct lt_export_opts *o);
/* Returns an enum lt_exit value (LT_EXIT_OK, LT_EXIT_USAGE, LT_EXIT_IO);
 * err says what went wrong. */
int lt_export_case(const struct lt_export_opts *o, struct lt_export_result *res, char *err, size_t errlen);
void lt_export_result_free(struct lt_export_result *res);

#endif
