/* The manifest's "scan" section: what a scan read and wrote, so that the
 * report's methodology and verify can cite it.
 *
 *   "scan": { "command_line": [...], "context": PATH|null,
 *             "context_sha256": HEX|"", "ruleset_digest": HEX,
 *             "rule_files": [{"path": P, "sha256": HEX}, ...],
 *             "findings": {"file": "findings.jsonl", "sha256": HEX},
 *             "coverage": {"file": "coverage.json", "sha256": HEX},
 *             "findings_count": N }
 * Entries with "file" (relative to the case) and "sha256" are re-hashed by
 * verify. A later scan replaces the section. (The rule engine keeps its own
 * "rules" section: digest, files, parameters.)
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_SCANREC_H
#define LT_SCANREC_H
#include <stddef.h>

#include "case/scan.h"

int lt_record_scan(const char *case_dir, const struct lt_scan_result *res, const char *context_path,
		   int argc, char *const *argv, char *err, size_t errlen);

#endif
