/* The case's audit log, CASE/audit.log: who ran what on the case, when,
 * with which inputs and outputs. Append-only and hash-chained.
 *
 * One JSON object per line, keys in this order:
 *   {"prev":HEX,"time":ISO,"user":NAME,"uid":N,"host":NAME,"argv":[...],
 *    "exit":N,"inputs":[{"path":P,"sha256":HEX},...],"outputs":[...],"hash":HEX}
 * (a nightly run that pruned adds "retention":{...} after "outputs")
 * "hash" is the SHA-256 of the line's bytes before ',"hash":' (everything
 * from '{' up to the end of the "outputs" array), so that
 *   sed 's/,"hash":"[0-9a-f]*"}$//' | head -c -1 | sha256sum
 * recomputes it; "prev" is the previous line's "hash" (64 zeros on line 1).
 * Appends take an exclusive lock on the file, so concurrent commands cannot
 * interleave lines.
 *
 * Ownership: callers keep their strings; nothing is retained.
 */
#ifndef LT_AUDIT_H
#define LT_AUDIT_H
#include <jansson.h>
#include <stddef.h>

#include "util/hash.h"

struct lt_audit_file {
	const char *path;
	const char *sha256;	/* NULL: hash the file now (absent file: "") */
};

/* Append one line. Returns 0, or -1 with errno set (the caller reports it).
 * Commands do not call this: the dispatcher writes their line through
 * lt_cli_audit (src/cli/cli.h), the one writer of command lines. */
int lt_audit_append(const char *case_dir, int argc, char *const *argv, int exit_status,
		    const struct lt_audit_file *inputs, size_t ninputs,
		    const struct lt_audit_file *outputs, size_t noutputs);

/* The same with one more key after "outputs" (before "hash"): extra_key
 * and its value, extra_json, a compact JSON text (e.g. a run's
 * "retention"). Either NULL: none. */
int lt_audit_append_extra(const char *case_dir, int argc, char *const *argv, int exit_status,
			  const struct lt_audit_file *inputs, size_t ninputs,
			  const struct lt_audit_file *outputs, size_t noutputs,
			  const char *extra_key, const char *extra_json);

/* A growable list of files for lt_audit_append (it owns copies of the strings),
 * so that commands can collect inputs and outputs as they go. */
struct lt_audit_list {
	struct lt_audit_file *v;
	size_t n, cap;
};
void lt_audit_list_add(struct lt_audit_list *l, const char *path, const char *sha256);
/* Add every evidence file of CASE/manifest.json's "sources" with its recorded SHA-256. */
void lt_audit_list_add_sources(struct lt_audit_list *l, const char *case_dir);
void lt_audit_list_free(struct lt_audit_list *l);
/* Re-walk the chain. Returns 0 when every line is intact (an absent log counts
 * as intact with 0 lines), 1 on the first line that differs (what[] names it),
 * -1 when the file cannot be read. *nlines and head (the last hash) are set. */
int lt_audit_verify(const char *case_dir, unsigned long *nlines, char head[LT_SHA256_HEX],
		    char *what, size_t whatlen);

/* The SHA-256 recorded for the last output whose path is case_dir/name (or
 * ends in "/name") in the log: 0 found, 1 none, -1 unreadable. */
int lt_audit_last_output(const char *case_dir, const char *name, char sha[LT_SHA256_HEX]);
/* Like lt_audit_last_output, and *line is that line's number (1-based). */
int lt_audit_last_output_line(const char *case_dir, const char *name, char sha[LT_SHA256_HEX],
			      unsigned long *line);
/* The anchor of the chain a command records in the manifest it writes,
 * before its own line: {"lines": N, "head": HEX} (0 lines: the genesis
 * hash). verify checks that line N still has that hash and that a later
 * line records the manifest's hash, so lines removed at the end show.
 * NULL when the log cannot be read. New reference. */
json_t *lt_audit_anchor(const char *case_dir);
/* The "hash" of line n (1-based). 0, or -1 when there is no such line. */
int lt_audit_hash_at(const char *case_dir, unsigned long n, char out[LT_SHA256_HEX]);
/* Lines and last hash of the log as it is (no checking): 0, or -1. */
int lt_audit_head(const char *case_dir, unsigned long *nlines, char head[LT_SHA256_HEX]);

#endif
