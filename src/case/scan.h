/* `leaktrail scan` as a library call, so that `leaktrail run` can use it.
 *
 * lt_scan_case reads CASE/records in time order, enriches each record with
 * the context, runs the rules and writes CASE/findings.jsonl and
 * CASE/coverage.json (each replaced atomically), and records in
 * CASE/manifest.json the rule files' SHA-256, the rule-set digest and every
 * parameter with its origin (section "rules") and the two outputs' hashes
 * (section "outputs"); the "scan" section (context hash, records read) is
 * written by the caller through export/scanrec.h. The result tells what happened; the caller
 * prints and picks the exit status.
 *
 * Ownership: the caller owns opts and its strings; lt_scan_result_free
 * releases what lt_scan_case put into the result.
 */
#ifndef LT_SCAN_H
#define LT_SCAN_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/hash.h"

struct lt_scan_opts {
	const char *case_dir;
	const char *context_path;	/* NULL: no context file (shipped lists and national holidays only) */
	const char *const *rule_paths;	/* NULL or empty: lt_rules_default_dir() */
	size_t nrule_paths;
	const char *const *sets;	/* "rule.param=value" */
	size_t nsets;
	FILE *summary;			/* where the summary goes; NULL = nowhere */
	int argc;			/* the command line, for the manifest (may be 0) */
	char *const *argv;
};

struct lt_scan_rule_file {
	char *path;
	char sha256[LT_SHA256_HEX];
};

struct lt_scan_result {
	int status;			/* enum lt_exit: OK, FINDINGS, USAGE (bad rules/context), IO */
	uint64_t records;
	uint64_t findings;
	uint64_t person_alerts;		/* raised by the risk model (src/rules/risk.h) */
	size_t rules_loaded, rules_not_evaluable;
	char ruleset_digest[LT_SHA256_HEX];
	char context_sha256[LT_SHA256_HEX];	/* "" without a context file */
	struct lt_scan_rule_file *files;
	size_t nfiles;
	char *error;			/* why status is an error, one line */
	/* For the run summary: "rule-id (reason); ..." of the standalone rules
	 * that were not evaluable, and the user names that people.csv does
	 * not know (space-separated, the first 20); NULL when none. */
	char *not_evaluable;
	char *unresolved;
	size_t nunresolved;
};

int lt_scan_case(const struct lt_scan_opts *opts, struct lt_scan_result *res);
void lt_scan_result_free(struct lt_scan_result *res);

/* Read the context file's top-level `rules:` section (parameter values per
 * rule id or name) into rs as overrides, and its `placeholders:` (name ->
 * values for |expand). Returns 0, or -1 with err set
 * ("file:line:col: reason"). */
struct lt_ruleset;
int lt_rules_params_from_context(struct lt_ruleset *rs, const char *path, char *err, size_t errlen);

#endif
