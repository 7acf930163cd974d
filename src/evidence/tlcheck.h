/* Re-walking the hash chain of a written timeline (CSV or JSON lines).
 *
 * Reads the file back as an examiner would: CSV per RFC 4180 (BOM skipped,
 * the formula guard's leading ' removed, csv.h), JSONL with a JSON parser;
 * recomputes every entry's hash from its columns (timeline.h) and checks that
 * each entry's prev_hash is the hash of the entry before.
 *
 * Ownership: nothing is retained.
 */
#ifndef LT_TLCHECK_H
#define LT_TLCHECK_H
#include <stddef.h>

#include "util/hash.h"

/* 0 when the chain is intact (*entries and head set), 1 on the first entry
 * that differs (what names it), -1 when the file cannot be read. */
int lt_tlcheck_file(const char *path, const char *format, size_t *entries, char head[LT_SHA256_HEX],
		    char *what, size_t whatlen);

#endif
