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
#include <stdio.h>

#include "util/hash.h"

/* A reader of one chained format, from the start of f: 0 when the chain
 * is intact (*entries and head set), 1 on the first entry that differs
 * (what names it), -1 when the file cannot be read. Each chained exporter
 * names its reader in the exporter table (export/exporters.h). */
typedef int (*lt_chain_reader)(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen);
int lt_tlcheck_csv(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen);
int lt_tlcheck_jsonl(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen);
/* _bulk NDJSON pairs (evidence/ecsrow.h): chain, then the bytes re-rendered. */
int lt_tlcheck_ecs_bulk(FILE *f, size_t *entries, char head[LT_SHA256_HEX], char *what, size_t whatlen);

/* Open path and run reader over it; same results (-1 also when path
 * cannot be opened). */
int lt_tlcheck_file(const char *path, lt_chain_reader reader, size_t *entries, char head[LT_SHA256_HEX],
		    char *what, size_t whatlen);

#endif
