/* Examiner journals inside a case: CASE/notes.jsonl (notes on findings) and
 * CASE/custody.jsonl (the chain-of-custody record, 証拠保全記録).
 *
 * One JSON object per line. Every entry carries "prev" (the previous entry's
 * "hash", 64 zeros for the first) and "hash": the chain hash
 * (evidence/chain.h) over prev and the entry's field values in the order the
 * caller gave them. The command that appends also writes an audit.log line
 * with the journal's new SHA-256, so the journal is held by two chains.
 *
 * Ownership: lt_journal_load returns a new jansson array (json_decref it);
 * lt_journal_append copies what it needs.
 */
#ifndef LT_JOURNAL_H
#define LT_JOURNAL_H
#include <jansson.h>
#include <stddef.h>

/* Append one entry: keys[i] = values[i] (i < n), then "prev" and "hash".
 * The file is created when absent. 0, or -1 with err set. */
int lt_journal_append(const char *case_dir, const char *name, const char *const *keys,
		      const char *const *values, size_t n, char *err, size_t errlen);

/* Every entry in order, after re-walking the chain: NULL with err naming the
 * first entry that differs (or why the file cannot be read). An absent file
 * gives an empty array. */
json_t *lt_journal_load(const char *case_dir, const char *name, char *err, size_t errlen);

/* The current UTC time as ISO 8601 with seconds ("2026-11-24T13:05:00Z"):
 * when an entry was recorded (the only clock value in a journal). */
void lt_journal_now(char out[32]);

#endif
